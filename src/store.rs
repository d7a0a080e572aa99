//! The on-disk Oxigraph store: replacing graphs atomically, querying, dumping.

use std::path::{Path, PathBuf};

use oxigraph::model::{GraphNameRef, NamedNode, Quad};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};

/// A newsgraph store on disk.
pub struct GraphStore {
    store: Store,
    path: PathBuf,
}

impl GraphStore {
    /// Opens the store at `path`, creating it if needed.
    pub fn open(path: &Path) -> Result<Self> {
        #[cfg(feature = "rocksdb")]
        let store = Store::open(path).map_err(|e| store_error(path, e))?;
        // Without RocksDB (a quick-check build) the store lives in memory and `path` only names it.
        #[cfg(not(feature = "rocksdb"))]
        let store = Store::new().map_err(|e| store_error(path, e))?;
        Ok(GraphStore { store, path: path.to_path_buf() })
    }

    /// Opens an existing store for reading; a missing store is an error, not an empty result.
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.is_dir() {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: "no store here (run `newsgraph build` first)".into(),
            });
        }
        Self::open(path)
    }

    /// Replaces each graph's content with the given quads, all in one transaction: either every
    /// graph is replaced or the store is left as it was.
    pub fn replace_graphs(&self, graphs: &[(NamedNode, Vec<Quad>)]) -> Result<()> {
        let mut transaction = self.store.start_transaction().map_err(|e| self.error(e))?;
        for (graph, quads) in graphs {
            transaction.clear_graph(GraphNameRef::from(graph)).map_err(|e| self.error(e))?;
            transaction.insert_named_graph(graph);
            for quad in quads {
                transaction.insert(quad);
            }
        }
        transaction.commit().map_err(|e| self.error(e))
    }

    pub fn len(&self) -> Result<usize> {
        self.store.len().map_err(|e| self.error(e))
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
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
        bindings: &[(oxigraph::sparql::Variable, oxigraph::model::Term)],
    ) -> Result<QueryResults<'static>, QueryError> {
        let mut prepared = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|e| QueryError::Syntax(e.to_string()))?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        let mut bound = prepared.on_store(&self.store);
        for (variable, term) in bindings {
            bound = bound.substitute_variable(variable.clone(), term.clone());
        }
        bound.execute().map_err(|e| QueryError::Evaluation(e.to_string()))
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

fn store_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Store { path: path.to_path_buf(), message: e.to_string() }
}

/// Why a query could not run.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("syntax error: {0}")]
    Syntax(String),
    #[error("evaluation failed: {0}")]
    Evaluation(String),
}
