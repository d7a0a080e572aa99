//! The on-disk Oxigraph store: replacing graphs atomically, querying, dumping; open for one
//! writer or for any number of readers ([`access`](super::access) says who opens what).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::knowledge::Knowledge;
use crate::rdf::access::{self, Reader, Writer};
use crate::rdf::shared::{self, Touched};
use crate::rdf::{GraphContent, Iris};

fn dcterms_identifier() -> NamedNodeRef<'static> {
    crate::knowledge::vocabulary::dcterms!("identifier")
}

/// A newsgraph store on disk, open for writing (one process at a time) or for reading (any
/// number of processes, also while one writes: see [`access`](super::access)).
pub struct GraphStore {
    // Declared before `access`, so the store is closed before its locks are released.
    store: Store,
    path: PathBuf,
    access: Access,
}

/// How this process holds the store.
#[derive(Debug)]
enum Access {
    Writer(Writer),
    Reader(Reader),
    /// An in-memory store (built without RocksDB): nobody else can see it.
    #[cfg_attr(feature = "rocksdb", allow(dead_code))]
    Private,
}

impl GraphStore {
    /// Opens the store at `path` for writing, creating it if needed.
    ///
    /// Only one process at a time may write a store; a second one gets an error saying the
    /// store is in use, never a damaged store. Readers that opened the store itself before are
    /// waited for; readers that come later read the states this writer publishes.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_waiting(path, || {})
    }

    /// Opens the store for writing as [`open`](Self::open) does, calling `waiting` before it
    /// waits for readers of the store to finish (to say so on a terminal).
    pub fn open_waiting(path: &Path, waiting: impl FnOnce()) -> Result<Self> {
        #[cfg(feature = "rocksdb")]
        {
            let writer = Writer::acquire(path, waiting)?;
            let store = Store::open(path).map_err(|e| open_error(path, e))?;
            remove_unfinished_bulk_files(path);
            let fresh = !writer.has_state();
            let store =
                GraphStore { store, path: path.to_path_buf(), access: Access::Writer(writer) };
            if fresh {
                // A new store: its readers see it empty until the first documents are in.
                store.committed()?;
            }
            Ok(store)
        }
        // Without RocksDB (a quick-check build) the store lives in memory and `path` only names it.
        #[cfg(not(feature = "rocksdb"))]
        {
            let _ = waiting;
            let store = Store::new().map_err(|e| store_error(path, e))?;
            Ok(GraphStore { store, path: path.to_path_buf(), access: Access::Private })
        }
    }

    /// Publishes the state just committed to the readers that open the store from now on.
    fn committed(&self) -> Result<()> {
        match &self.access {
            Access::Writer(writer) => writer.publish(|target| {
                self.store.backup(target).map_err(|e| {
                    self.error(format!("cannot publish the new state for readers: {e}"))
                })
            }),
            Access::Reader(_) | Access::Private => Ok(()),
        }
    }

    /// Replaces each graph's content with the given quads, all in one transaction: either every
    /// graph is replaced or the store is left as it was.
    pub fn replace_graphs(&self, graphs: &[(NamedNode, impl GraphContent)]) -> Result<()> {
        let mut transaction = self.store.start_transaction().map_err(|e| self.error(e))?;
        for (graph, quads) in graphs {
            transaction.clear_graph(GraphNameRef::from(graph)).map_err(|e| self.error(e))?;
            transaction.insert_named_graph(graph);
            for quad in quads.quad_refs() {
                transaction.insert(quad);
            }
        }
        transaction.commit().map_err(|e| self.error(e))?;
        self.committed()
    }

    /// Stores documents' graphs and brings the facts graph up to date with them. Graphs the
    /// store holds already are replaced in one transaction, which writes only the quads that
    /// changed and remakes what they touch in the facts graph, so each document is either the
    /// old or the new one, facts included. Graphs the store does not hold yet are added with the
    /// bulk loader (atomic too, and several times faster), and the facts graph is brought up to
    /// date right after, in a transaction: a run killed between the two leaves the new documents
    /// without their shared facts, which the next build of them makes.
    pub fn put_documents(
        &self,
        graphs: &[(NamedNode, impl GraphContent)],
        knowledge: &Knowledge,
        iris: &Iris,
    ) -> Result<()> {
        let mut new = Vec::new();
        let mut held = Vec::new();
        for (graph, quads) in graphs {
            if self.holds_graph(graph)? {
                held.push((graph, quads));
            } else {
                new.push((graph, quads));
            }
        }
        if !new.is_empty() {
            let mut loader = self.store.bulk_loader().with_max_memory_size_in_megabytes(512);
            loader
                .load_quads(new.iter().flat_map(|(_, quads)| quads.quad_refs()))
                .map_err(|e| self.error(e))?;
            loader.commit().map_err(|e| self.error(e))?;
        }
        let mut transaction = self.store.start_transaction().map_err(|e| self.error(e))?;
        let mut touched = Touched::default();
        for (_, quads) in &new {
            touched.add(quads.quad_refs());
        }
        for (graph, quads) in held {
            let old = self.graph_quads(graph)?;
            touched.add(old.iter().map(Quad::as_ref));
            touched.add(quads.quad_refs());
            let new: HashSet<_> = quads.quad_refs().collect();
            for quad in old.iter().filter(|quad| !new.contains(&quad.as_ref())) {
                transaction.remove(quad);
            }
            let old: HashSet<_> = old.iter().map(Quad::as_ref).collect();
            for quad in quads.quad_refs().filter(|quad| !old.contains(quad)) {
                transaction.insert(quad);
            }
        }
        shared::refresh(&mut transaction, &touched, knowledge, iris).map_err(|e| self.error(e))?;
        transaction.commit().map_err(|e| self.error(e))?;
        self.committed()
    }

    /// Takes a document out in one transaction: its graph goes, and what it touched in the facts
    /// graph is made again from the documents that remain. An event only it told goes with it;
    /// one that others tell loses this document as a source and keeps the rest.
    pub fn remove_document(
        &self,
        graph: &NamedNode,
        knowledge: &Knowledge,
        iris: &Iris,
    ) -> Result<()> {
        let mut transaction = self.store.start_transaction().map_err(|e| self.error(e))?;
        let old = transaction
            .quads_for_pattern(None, None, None, Some(GraphNameRef::from(graph)))
            .collect::<Result<Vec<Quad>, _>>()
            .map_err(|e| self.error(e))?;
        let mut touched = Touched::default();
        touched.add(old.iter().map(Quad::as_ref));
        transaction.remove_named_graph(graph).map_err(|e| self.error(e))?;
        shared::refresh(&mut transaction, &touched, knowledge, iris).map_err(|e| self.error(e))?;
        transaction.commit().map_err(|e| self.error(e))?;
        self.committed()
    }

    /// The quads a named graph holds now.
    fn graph_quads(&self, graph: &NamedNode) -> Result<HashSet<Quad>> {
        self.store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::from(graph)))
            .collect::<Result<HashSet<Quad>, _>>()
            .map_err(|e| self.error(e))
    }

    /// The documents in the store: each document graph's name with the document's identifier,
    /// sorted by identifier.
    pub fn documents(&self) -> Result<Vec<(NamedNode, String)>> {
        let mut documents = Vec::new();
        for quad in self.store.quads_for_pattern(None, Some(dcterms_identifier()), None, None) {
            let quad = quad.map_err(|e| self.error(e))?;
            let (NamedOrBlankNode::NamedNode(doc), GraphName::NamedNode(graph), Term::Literal(id)) =
                (quad.subject, quad.graph_name, quad.object)
            else {
                continue;
            };
            if doc == graph {
                documents.push((graph, id.value().to_string()));
            }
        }
        documents.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        Ok(documents)
    }

    /// The instance IRIs the store was built with, told by the name of its vocabulary graph.
    pub fn iris(&self) -> Result<Iris> {
        for graph in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(graph) = graph.map_err(|e| self.error(e))? {
                if let Some(base) = graph.as_str().strip_suffix("graph/vocabulary") {
                    return Iris::new(base);
                }
            }
        }
        Iris::new(crate::knowledge::vocabulary::DEFAULT_BASE)
    }

    /// Whether the store holds a named graph of this name.
    pub fn holds_graph(&self, graph: &NamedNode) -> Result<bool> {
        self.store.contains_named_graph(graph).map_err(|e| self.error(e))
    }

    /// Replaces each graph's content with the given quads, all in one transaction, as
    /// [`replace_graphs`](Self::replace_graphs) does, but writes only the difference: the quads
    /// that are gone are removed and the new ones inserted. Rebuilding an unchanged document so
    /// writes nothing, and a changed one only what changed, where clearing and inserting all
    /// quads again costs a transaction index entry per quad and index.
    pub fn update_graphs(&self, graphs: &[(NamedNode, impl GraphContent)]) -> Result<()> {
        let mut transaction = self.store.start_transaction().map_err(|e| self.error(e))?;
        let mut changes = 0;
        for (graph, quads) in graphs {
            let old = self.graph_quads(graph)?;
            let new: HashSet<_> = quads.quad_refs().collect();
            for quad in old.iter().filter(|quad| !new.contains(&quad.as_ref())) {
                transaction.remove(quad);
                changes += 1;
            }
            let old: HashSet<_> = old.iter().map(Quad::as_ref).collect();
            for quad in quads.quad_refs().filter(|quad| !old.contains(quad)) {
                transaction.insert(quad);
                changes += 1;
            }
            if !self.store.contains_named_graph(graph).map_err(|e| self.error(e))? {
                transaction.insert_named_graph(graph);
                changes += 1;
            }
        }
        if changes == 0 {
            return Ok(());
        }
        transaction.commit().map_err(|e| self.error(e))?;
        self.committed()
    }

    pub fn len(&self) -> Result<usize> {
        self.store.len().map_err(|e| self.error(e))
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Every quad, in the store's own order, read as the iterator goes.
    pub fn quads(&self) -> impl Iterator<Item = Result<Quad>> + '_ {
        self.store.iter().map(|quad| quad.map_err(|e| self.error(e)))
    }

    /// Every quad, sorted by its N-Quads form: the same store content always dumps the same way.
    pub fn sorted_quads(&self) -> Result<Vec<Quad>> {
        let mut quads =
            self.store.iter().collect::<Result<Vec<_>, _>>().map_err(|e| self.error(e))?;
        quads.sort_by_cached_key(ToString::to_string);
        Ok(quads)
    }

    /// Runs a SPARQL query with the union of the named graphs as its default graph.
    pub fn query(
        &self,
        sparql: &str,
        bindings: &[(oxigraph::sparql::Variable, Term)],
    ) -> Result<QueryResults<'static>, QueryError> {
        let mut prepared =
            SparqlEvaluator::new().parse_query(sparql).map_err(QueryError::syntax)?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        let mut bound = prepared.on_store(&self.store);
        for (variable, term) in bindings {
            bound = bound.substitute_variable(variable.clone(), term.clone());
        }
        bound.execute().map_err(|e| QueryError::Evaluation(e.to_string()))
    }

    /// Opens an existing store for reading. Any number of processes may read a store at once,
    /// also while one writes it: a reader then sees the newest state the writer has published,
    /// in which every document is the old or the new one. What it sees does not change while it
    /// is open. A missing store is an error, not an empty result.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        if !path.is_dir() {
            return Err(no_store(path));
        }
        #[cfg(feature = "rocksdb")]
        {
            // Before anything is made in it: a directory that is no store stays as it was.
            if !path.join("CURRENT").is_file() {
                return Err(no_store(path));
            }
            let reader = access::read(path)?;
            let store = Store::open_read_only(&reader.data).map_err(|e| store_error(path, e))?;
            Ok(GraphStore { store, path: path.to_path_buf(), access: Access::Reader(reader) })
        }
        #[cfg(not(feature = "rocksdb"))]
        {
            let store = Store::new().map_err(|e| store_error(path, e))?;
            Ok(GraphStore { store, path: path.to_path_buf(), access: Access::Private })
        }
    }

    /// Writes a consistent copy of what this store holds to `target` (which must not exist),
    /// usable as a store of its own: a RocksDB checkpoint, made of hard links to the immutable
    /// files where `target` is on the same file system, so it costs little space and time.
    pub fn checkpoint(&self, target: &Path) -> Result<()> {
        match &self.access {
            Access::Writer(_) => self.store.backup(target).map_err(|e| self.error(e)),
            // Nobody writes what a reader reads, so its files are a checkpoint as they are.
            Access::Reader(reader) => {
                access::copy_quiescent(&reader.data, target).map_err(|e| self.error(e))
            }
            Access::Private => Err(self.error(format!(
                "cannot copy an in-memory store to {} (built without RocksDB)",
                target.display()
            ))),
        }
    }

    /// The names of the named graphs, sorted.
    pub fn named_graphs(&self) -> Result<Vec<NamedOrBlankNode>> {
        let mut graphs =
            self.store.named_graphs().collect::<Result<Vec<_>, _>>().map_err(|e| self.error(e))?;
        graphs.sort_by_cached_key(ToString::to_string);
        Ok(graphs)
    }

    /// The triples of one graph, read from the store as the iterator goes. It borrows nothing, so
    /// it can be handed to what streams them out.
    pub fn graph_triples(
        &self,
        graph: GraphNameRef<'_>,
    ) -> impl Iterator<Item = Result<Triple>> + 'static {
        let path = self.path.clone();
        (self.store.quads_for_pattern(None, None, None, Some(graph)))
            .map(move |quad| quad.map(Triple::from).map_err(|e| store_error(&path, e)))
    }

    /// The number of triples in one graph.
    pub fn graph_len(&self, graph: GraphNameRef<'_>) -> Result<usize> {
        let mut len = 0;
        for quad in self.store.quads_for_pattern(None, None, None, Some(graph)) {
            quad.map_err(|e| self.error(e))?;
            len += 1;
        }
        Ok(len)
    }

    /// Runs a SPARQL query as [`query`](Self::query) does, stopped when `cancel` is cancelled.
    /// `default_graphs` and `named_graphs` are the SPARQL protocol's dataset
    /// (`default-graph-uri`, `named-graph-uri`): when either is given it replaces the query's
    /// own dataset (its FROM and FROM NAMED clauses), as the protocol asks.
    pub fn query_cancellable(
        &self,
        sparql: &str,
        default_graphs: &[NamedNode],
        named_graphs: &[NamedNode],
        cancel: CancellationToken,
    ) -> Result<QueryResults<'static>, QueryError> {
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(cancel)
            .parse_query(sparql)
            .map_err(QueryError::syntax)?;
        if !default_graphs.is_empty() || !named_graphs.is_empty() {
            let dataset = prepared.dataset_mut();
            dataset
                .set_default_graph(default_graphs.iter().cloned().map(GraphName::from).collect());
            dataset.set_available_named_graphs(
                named_graphs.iter().cloned().map(NamedOrBlankNode::from).collect(),
            );
        } else if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared.on_store(&self.store).execute().map_err(|e| QueryError::Evaluation(e.to_string()))
    }

    fn error(&self, e: impl std::fmt::Display) -> Error {
        store_error(&self.path, e)
    }
}

impl std::fmt::Debug for GraphStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphStore").field("path", &self.path).finish_non_exhaustive()
    }
}

/// The error for a store that is not there.
pub(crate) fn no_store(path: &Path) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        message: "no store here (run `newsgraph build` first)".into(),
    }
}

fn store_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Store { path: path.to_path_buf(), message: e.to_string() }
}

/// RocksDB's lock says another process has the store open; anything else is passed on.
#[cfg(feature = "rocksdb")]
fn open_error(path: &Path, e: impl std::fmt::Display) -> Error {
    let message = e.to_string();
    if message.contains("While lock file") || message.contains("/LOCK:") {
        return Error::Store {
            path: path.to_path_buf(),
            message: format!(
                "store in use by another process (a build or remove writing it, or another \
                 program); wait for it to finish ({message})"
            ),
        };
    }
    store_error(path, message)
}

/// A build killed while the bulk loader wrote its sorted files leaves them behind (they are
/// ingested, and removed, only at the end); RocksDB never reads them, so they only take space.
/// Called with the store's lock held, when no other process can be writing such files.
#[cfg(feature = "rocksdb")]
fn remove_unfinished_bulk_files(path: &Path) {
    let Ok(entries) = std::fs::read_dir(path) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            // Best effort: a file that cannot be removed stays as harmless as it was.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl QueryError {
    /// A parse error, its position ("error at 4:2: expected OPTIONAL") spelled out.
    pub fn syntax(error: impl std::fmt::Display) -> Self {
        let text = error.to_string();
        let located = text.strip_prefix("error at ").and_then(|rest| {
            let (position, message) = rest.split_once(": ")?;
            let (line, column) = position.split_once(':')?;
            let (line, column) = (line.parse::<u64>().ok()?, column.parse::<u64>().ok()?);
            Some(format!("at line {line}, column {column}: {message}"))
        });
        QueryError::Syntax(located.unwrap_or_else(|| format!("in the query: {text}")))
    }
}

/// Why a query could not run.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A parse error, which says where (`at line L, column C`) when the parser knows it.
    #[error("syntax error {0}")]
    Syntax(String),
    #[error("evaluation failed: {0}")]
    Evaluation(String),
}
