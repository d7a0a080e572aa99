//! `newsgraph export`: the whole store in a standard RDF format, in a stable order.
//!
//! Every format is deterministic: the same store gives the same bytes. N-Triples and N-Quads are
//! sorted lines. Turtle and TriG are written here (module [`turtle`]): grouped by graph and
//! subject with `;` and `,`, `a` first, only the prefixes actually used, and instance IRIs relative
//! to an `@base` instead of oxttl's escaped local names (`id:doc\/000…\#char\=0\,99`). RDF/XML
//! goes through oxigraph's serializer fed sorted triples. JSON-LD (module [`jsonld`]) is compacted
//! against the shipped context `ontology/context.jsonld`, which it embeds so that consumers need
//! no network. `void` describes the dataset (see [`crate::export::void`]) in Turtle.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term, Triple};

use super::Outcome;
use crate::commands::cli::{ExportArgs, ExportFormat};
use crate::export::sorted::write_sorted;
use crate::knowledge::Source;
use crate::knowledge::vocabulary::PREFIXES;
use crate::rdf::store::GraphStore;

/// The shipped JSON-LD context, used when the ontology directory has none.
const EMBEDDED_CONTEXT: &str = include_str!("../../ontology/context.jsonld");

pub fn run(args: &ExportArgs, ontology: Option<&Path>) -> anyhow::Result<Outcome> {
    let store = GraphStore::open_existing(&args.store)?;
    if matches!(args.format, ExportFormat::Dot | ExportFormat::Svg) {
        let knowledge = super::load_knowledge(ontology)?;
        let buffer = super::diagram::render(args, &store, &knowledge)?;
        return write_out(args, &buffer);
    }
    // The line formats stream: sorted on disk if need be, never all in memory.
    match args.format {
        ExportFormat::Nq => {
            let lines = store.quads().map(|quad| quad.map(|quad| format!("{quad} .")));
            return write_lines(args, lines, false);
        }
        ExportFormat::Nt => {
            let lines = store.quads().map(|quad| quad.map(|q| format!("{} .", Triple::from(q))));
            return write_lines(args, lines, true);
        }
        _ => {}
    }
    let quads = store.sorted_quads()?;
    let base = crate::export::void::instance_base(&quads);
    let buffer = match args.format {
        ExportFormat::Nq | ExportFormat::Nt => unreachable!("line formats are streamed above"),
        ExportFormat::Ttl => turtle::write(merged(quads), &base).into_bytes(),
        ExportFormat::Nif => turtle::write(merged(nif_only(quads)), &base).into_bytes(),
        ExportFormat::Trig => turtle::write(quads, &base).into_bytes(),
        ExportFormat::Rdfxml => rdfxml(merged(quads))?,
        ExportFormat::Jsonld => {
            let (name, text) = context_file(ontology)?;
            let context = jsonld::Context::parse(&name, &text)?;
            jsonld::write(&quads, &context).into_bytes()
        }
        ExportFormat::Void => {
            let description = crate::export::void::describe(&quads, &base);
            let quads = description.into_iter().map(|t| t.in_graph(GraphName::DefaultGraph));
            turtle::write(quads.collect(), &base).into_bytes()
        }
        ExportFormat::Dot | ExportFormat::Svg => unreachable!("diagrams are drawn above"),
    };
    write_out(args, &buffer)
}

/// Writes lines sorted (and with `dedup` each distinct line once) to `--output` or standard
/// output.
fn write_lines(
    args: &ExportArgs,
    lines: impl Iterator<Item = crate::Result<String>>,
    dedup: bool,
) -> anyhow::Result<Outcome> {
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            write_sorted(lines, dedup, &mut out)?;
            out.flush().with_context(|| format!("{}: cannot write", path.display()))?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write_sorted(lines, dedup, &mut out)?;
            out.flush()?;
        }
    }
    Ok(Outcome::Success)
}

/// Writes the export to `--output` or standard output.
fn write_out(args: &ExportArgs, buffer: &[u8]) -> anyhow::Result<Outcome> {
    match &args.output {
        Some(path) => std::fs::write(path, buffer)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(buffer)?;
            out.flush()?;
        }
    }
    Ok(Outcome::Success)
}

/// The quads moved to the default graph: the union that Turtle, N-Triples and RDF/XML show.
fn merged(quads: Vec<Quad>) -> Vec<Quad> {
    quads.into_iter().map(|q| Triple::from(q).in_graph(GraphName::DefaultGraph)).collect()
}

/// RDF/XML by oxigraph's serializer, one `rdf:Description` per subject: it groups consecutive
/// triples of a subject, so they go in sorted, and it declares the prefixes it is given, so only
/// the namespaces of predicates and classes are.
fn rdfxml(quads: Vec<Quad>) -> anyhow::Result<Vec<u8>> {
    let mut triples: Vec<Triple> = quads.into_iter().map(Triple::from).collect();
    triples.sort_by_cached_key(ToString::to_string);
    triples.dedup();
    let used = |namespace: &str| {
        triples.iter().any(|t| {
            t.predicate.as_str().starts_with(namespace)
                || matches!(&t.object, Term::NamedNode(o) if o.as_str().starts_with(namespace))
        })
    };
    let mut serializer = RdfSerializer::from_format(RdfFormat::RdfXml);
    for (name, namespace) in PREFIXES {
        if used(namespace) {
            serializer = serializer.with_prefix(*name, *namespace)?;
        }
    }
    let mut buffer = Vec::new();
    let mut writer = serializer.for_writer(&mut buffer);
    for triple in &triples {
        writer.serialize_triple(triple)?;
    }
    writer.finish()?;
    Ok(buffer)
}

/// The JSON-LD context: `context.jsonld` of the ontology directory in use, else the built-in
/// copy. Returns a name for messages and the text.
fn context_file(ontology: Option<&Path>) -> anyhow::Result<(String, String)> {
    let source = match ontology {
        Some(dir) => Source::Dir(dir.to_path_buf()),
        None => Source::default_for(&std::env::current_dir().context("no working directory")?),
    };
    if let Source::Dir(dir) = source {
        let path = dir.join("context.jsonld");
        if path.is_file() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            return Ok((path.display().to_string(), text));
        }
    }
    Ok(("context.jsonld (built in)".to_string(), EMBEDDED_CONTEXT.to_string()))
}

/// The NIF part of the graph: contexts, sentences and mentions with their offsets, anchors and
/// entity links (`itsrdf:taIdentRef`), which is what NIF consumers such as GERBIL read.
fn nif_only(quads: Vec<Quad>) -> Vec<Quad> {
    use crate::knowledge::vocabulary::{ITSRDF, NIF};
    let rdf_type = oxigraph::model::vocab::rdf::TYPE;
    quads
        .into_iter()
        .filter(|q| {
            let p = q.predicate.as_str();
            let nif_type = q.predicate == rdf_type
                && matches!(&q.object, Term::NamedNode(o) if o.as_str().starts_with(NIF));
            (p.starts_with(NIF) && p != format!("{NIF}sourceUrl"))
                || p.starts_with(ITSRDF)
                || nif_type
        })
        .collect()
}

/// The sort key of a subject in grouped formats: its IRI, so that a node comes right before the
/// nodes whose IRIs extend it (`doc/a`, `doc/a#char=0,99`; `dataset`, `dataset/class/…`); blank
/// nodes after all IRIs.
fn subject_key(subject: &NamedOrBlankNode) -> String {
    match subject {
        NamedOrBlankNode::NamedNode(n) => format!("0{}", n.as_str()),
        NamedOrBlankNode::BlankNode(b) => format!("1{}", b.as_str()),
    }
}

/// The sort key of a graph: the default graph first, then named graphs like subjects.
fn graph_key(graph: &GraphName) -> String {
    match graph {
        GraphName::DefaultGraph => String::new(),
        GraphName::NamedNode(n) => subject_key(&n.clone().into()),
        GraphName::BlankNode(b) => subject_key(&b.clone().into()),
    }
}

/// Turtle and TriG, grouped and sorted.
///
/// Graphs come in the order of their names (the default graph first), subjects in the order of
/// their N-Triples form, `rdf:type` first among the predicates (written `a`), the others and the
/// objects in N-Triples order. IRIs under the instance base are written relative to an `@base`
/// (`<entity/oracle>`, `<doc/002_…#char=0,99>`); other IRIs as `prefix:local` when the local part
/// needs no escaping, else in full. Only the prefixes used are declared.
mod turtle {
    use std::collections::BTreeSet;
    use std::fmt::Write as _;

    use oxigraph::model::vocab::{rdf, xsd};
    use oxigraph::model::{GraphName, LiteralRef, NamedOrBlankNode, Quad, Term};

    use crate::knowledge::vocabulary::PREFIXES;

    /// Longest list of objects written on one line.
    const OBJECTS_WIDTH: usize = 100;

    /// Writes `quads` as TriG, or as Turtle when all are in the default graph.
    pub fn write(quads: Vec<Quad>, base: &str) -> String {
        let mut rows: Vec<Row> = quads.into_iter().map(Row::new).collect();
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        rows.dedup_by(|a, b| a.key == b.key);

        let mut style = Style::new(base);
        let mut body = String::new();
        let mut first_graph = true;
        for graph in rows.chunk_by(|a, b| a.key.0 == b.key.0) {
            if !first_graph {
                body.push('\n');
            }
            first_graph = false;
            let indent = match &graph[0].quad.graph_name {
                GraphName::DefaultGraph => "",
                name => {
                    let name = match name {
                        GraphName::NamedNode(n) => style.iri(n.as_str()),
                        GraphName::BlankNode(b) => b.to_string(),
                        GraphName::DefaultGraph => String::new(),
                    };
                    let _ = writeln!(body, "{name} {{");
                    "    "
                }
            };
            let mut first_subject = true;
            for subject in graph.chunk_by(|a, b| a.key.1 == b.key.1) {
                if !first_subject {
                    body.push('\n');
                }
                first_subject = false;
                let s = style.subject(&subject[0].quad.subject);
                let _ = write!(body, "{indent}{s}");
                for (i, predicate) in subject.chunk_by(|a, b| a.key.2 == b.key.2).enumerate() {
                    let p = &predicate[0].quad.predicate;
                    let p = if *p == rdf::TYPE { "a".to_string() } else { style.iri(p.as_str()) };
                    if i > 0 {
                        let _ = write!(body, " ;\n{indent}    ");
                    } else {
                        body.push(' ');
                    }
                    let objects: Vec<String> =
                        predicate.iter().map(|row| style.term(&row.quad.object)).collect();
                    // Many or long objects go one per line, under the predicate.
                    let width: usize = objects.iter().map(|o| o.len() + 3).sum();
                    let separator = if objects.len() > 1 && width > OBJECTS_WIDTH {
                        format!(" ,\n{indent}        ")
                    } else {
                        " , ".to_string()
                    };
                    let _ = write!(body, "{p} {}", objects.join(&separator));
                }
                body.push_str(" .\n");
            }
            if !indent.is_empty() {
                body.push_str("}\n");
            }
        }

        let mut out = String::new();
        if style.base_used {
            let _ = writeln!(out, "@base <{}> .", style.base.unwrap_or_default());
        }
        for (name, namespace) in PREFIXES {
            if style.used.contains(name) {
                let _ = writeln!(out, "@prefix {name}: <{namespace}> .");
            }
        }
        if !out.is_empty() && !body.is_empty() {
            out.push('\n');
        }
        out.push_str(&body);
        out
    }

    /// A quad with its sort key: graph, subject, (`rdf:type` first, predicate), object.
    struct Row {
        key: (String, String, (bool, String), String),
        quad: Quad,
    }

    impl Row {
        fn new(quad: Quad) -> Self {
            let graph = super::graph_key(&quad.graph_name);
            let predicate = (quad.predicate != rdf::TYPE, quad.predicate.to_string());
            let key =
                (graph, super::subject_key(&quad.subject), predicate, quad.object.to_string());
            Row { key, quad }
        }
    }

    /// How terms are abbreviated, and which abbreviations were used.
    struct Style<'a> {
        /// The instance base, when relative references against it are safe.
        base: Option<&'a str>,
        base_used: bool,
        used: BTreeSet<&'static str>,
    }

    impl<'a> Style<'a> {
        fn new(base: &'a str) -> Self {
            // Relative references resolve against the base's last `/`: a base ending in `#` or
            // holding a query would resolve them elsewhere.
            let usable = base.ends_with('/') && !base.contains(['?', '#']);
            Style { base: usable.then_some(base), base_used: false, used: BTreeSet::new() }
        }

        fn subject(&mut self, subject: &NamedOrBlankNode) -> String {
            match subject {
                NamedOrBlankNode::NamedNode(n) => self.iri(n.as_str()),
                NamedOrBlankNode::BlankNode(b) => b.to_string(),
            }
        }

        fn term(&mut self, term: &Term) -> String {
            match term {
                Term::NamedNode(n) => self.iri(n.as_str()),
                Term::BlankNode(b) => b.to_string(),
                Term::Literal(l) => self.literal(l.as_ref()),
            }
        }

        pub(super) fn iri(&mut self, iri: &str) -> String {
            if let Some(relative) = self.base.and_then(|base| relative(base, iri)) {
                self.base_used = true;
                return format!("<{relative}>");
            }
            let prefixed = PREFIXES
                .iter()
                .filter(|(_, namespace)| iri.starts_with(namespace))
                .filter(|(_, namespace)| is_plain_local_name(&iri[namespace.len()..]))
                .max_by_key(|(_, namespace)| namespace.len());
            if let Some((name, namespace)) = prefixed {
                self.used.insert(name);
                return format!("{name}:{}", &iri[namespace.len()..]);
            }
            format!("<{iri}>")
        }

        fn literal(&mut self, literal: LiteralRef<'_>) -> String {
            let value = literal.value();
            let quoted = quote(value);
            if let Some(language) = literal.language() {
                return format!("{quoted}@{language}");
            }
            let datatype = literal.datatype();
            let bare = match datatype {
                xsd::STRING => return quoted,
                xsd::INTEGER => is_integer(value),
                xsd::DECIMAL => value
                    .split_once('.')
                    .is_some_and(|(i, f)| is_integer(&format!("{i}0")) && is_digits(f)),
                xsd::BOOLEAN => matches!(value, "true" | "false"),
                _ => false,
            };
            if bare {
                value.to_string()
            } else {
                format!("{quoted}^^{}", self.iri(datatype.as_str()))
            }
        }
    }

    fn is_digits(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    }

    fn is_integer(s: &str) -> bool {
        is_digits(s.strip_prefix(['+', '-']).unwrap_or(s))
    }

    /// `iri` relative to `base` (which ends in `/`), when that reference resolves back to `iri`:
    /// a path that does not start with `/`, has no scheme-like first segment and no dot segments.
    pub(super) fn relative<'i>(base: &str, iri: &'i str) -> Option<&'i str> {
        let rest = iri.strip_prefix(base)?;
        let path = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
        let first = path.split('/').next().unwrap_or_default();
        let safe = !first.is_empty()
            && !first.contains(':')
            && path.split('/').all(|segment| segment != "." && segment != "..");
        safe.then_some(rest)
    }

    /// A local name Turtle reads without escapes: ASCII letters, digits, `_`, and `-` or `.`
    /// inside.
    pub(super) fn is_plain_local_name(local: &str) -> bool {
        let bytes = local.as_bytes();
        let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else { return false };
        (first.is_ascii_alphanumeric() || *first == b'_')
            && *last != b'.'
            && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    }

    /// A Turtle string literal: quotes, backslashes and control characters escaped.
    fn quote(value: &str) -> String {
        let mut out = String::with_capacity(value.len() + 2);
        out.push('"');
        for c in value.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => {
                    let _ = write!(out, "\\u{:04X}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

/// JSON-LD compacted against a context: short keys, typed values where the context coerces them,
/// one `{"@id": graph, "@graph": [...]}` object per named graph.
///
/// The compaction follows the JSON-LD 1.1 term selection for the subset of context features the
/// context may use (prefixes, `@type` coercion to `@id` or a datatype, `@language`, `@container`
/// `@language` or `@set`, aliases of `@id` and `@type`), so any such context gives JSON-LD that
/// expands back to exactly the store's quads.
mod jsonld {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;

    use anyhow::bail;
    use oxigraph::model::vocab::{rdf, xsd};
    use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
    use serde_json::Value;

    /// A parsed context: its text to embed and its term definitions.
    #[derive(Debug)]
    pub struct Context {
        /// The context object as written in the file, to embed verbatim.
        text: String,
        /// Term definitions by the IRI they map to, shortest name first.
        by_iri: BTreeMap<String, Vec<Definition>>,
        /// Prefix terms (name, namespace) usable in compact IRIs.
        prefixes: Vec<(String, String)>,
        id_key: String,
        type_key: String,
    }

    #[derive(Debug, Clone)]
    struct Definition {
        name: String,
        coercion: Coercion,
        language_map: bool,
        set: bool,
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Coercion {
        None,
        Id,
        Datatype(String),
        Language(String),
    }

    impl Context {
        /// Parses a context file: `{"@context": {...}}` or the bare context object.
        pub fn parse(name: &str, text: &str) -> anyhow::Result<Self> {
            let root: Value =
                serde_json::from_str(text).map_err(|e| anyhow::anyhow!("{name}: not JSON: {e}"))?;
            let wrapped = root.get("@context").is_some();
            let Some(object) = root.get("@context").unwrap_or(&root).as_object() else {
                bail!("{name}: the context must be a JSON object");
            };

            let mut simple = BTreeMap::new();
            let mut id_key = "@id".to_string();
            let mut type_key = "@type".to_string();
            for (key, value) in object {
                if key == "@version" {
                    continue;
                }
                if key.starts_with('@') {
                    bail!("{name}: {key} is not supported in the export context");
                }
                match value {
                    Value::String(s) if s == "@id" => id_key = key.clone(),
                    Value::String(s) if s == "@type" => type_key = key.clone(),
                    Value::String(s) if s.starts_with('@') => {
                        bail!("{name}: term {key:?}: alias of {s} is not supported")
                    }
                    Value::String(s) => {
                        simple.insert(key.clone(), s.clone());
                    }
                    Value::Object(_) => {}
                    _ => bail!("{name}: term {key:?} must map to an IRI or an object"),
                }
            }
            let expand = |term: &str, value: &str| -> anyhow::Result<String> {
                let iri = match value.split_once(':') {
                    Some((prefix, suffix)) if !suffix.starts_with("//") => {
                        match simple.get(prefix) {
                            Some(namespace) if prefix != term => format!("{namespace}{suffix}"),
                            _ => value.to_string(),
                        }
                    }
                    _ => value.to_string(),
                };
                if NamedNode::new(&iri).is_err() {
                    bail!("{name}: term {term:?}: {value:?} is not an absolute or compact IRI");
                }
                Ok(iri)
            };

            let mut definitions = Vec::new();
            let mut prefixes = Vec::new();
            for (key, value) in object {
                let definition = match value {
                    Value::String(s) if !s.starts_with('@') => {
                        let iri = expand(key, s)?;
                        if iri.ends_with(['/', '#', ':', '?', '[', ']', '@']) {
                            prefixes.push((key.clone(), iri.clone()));
                        }
                        let plain = Coercion::None;
                        (
                            iri,
                            Definition {
                                name: key.clone(),
                                coercion: plain,
                                language_map: false,
                                set: false,
                            },
                        )
                    }
                    Value::Object(fields) => {
                        let mut iri = None;
                        let mut coercion = Coercion::None;
                        let mut language_map = false;
                        let mut set = false;
                        for (field, v) in fields {
                            let text = v.as_str().unwrap_or_default();
                            match (field.as_str(), v.is_string()) {
                                ("@id", true) => iri = Some(expand(key, text)?),
                                ("@type", true) if text == "@id" => coercion = Coercion::Id,
                                ("@type", true) if !text.starts_with('@') => {
                                    coercion = Coercion::Datatype(expand(key, text)?)
                                }
                                ("@language", true) => coercion = Coercion::Language(text.into()),
                                ("@container", true) if text == "@language" => language_map = true,
                                ("@container", true) if text == "@set" => set = true,
                                _ => bail!("{name}: term {key:?}: {field} {v} is not supported"),
                            }
                        }
                        let Some(iri) = iri else { bail!("{name}: term {key:?} has no @id") };
                        if language_map && coercion != Coercion::None {
                            bail!("{name}: term {key:?}: a language map cannot also coerce values");
                        }
                        (iri, Definition { name: key.clone(), coercion, language_map, set })
                    }
                    _ => continue,
                };
                definitions.push(definition);
            }
            let mut by_iri: BTreeMap<String, Vec<Definition>> = BTreeMap::new();
            for (iri, definition) in definitions {
                by_iri.entry(iri).or_default().push(definition);
            }
            for list in by_iri.values_mut() {
                list.sort_by(|a, b| (a.name.len(), &a.name).cmp(&(b.name.len(), &b.name)));
            }
            prefixes.sort();
            let context_value = root.get("@context").unwrap_or(&root);
            let text = embeddable(text, wrapped, context_value);
            Ok(Context { text, by_iri, prefixes, id_key, type_key })
        }

        /// An IRI as a node reference: a compact IRI (`id:entity/oracle`, `ng:Positive`) when a
        /// prefix fits, else in full. Terms are not used: `@id` values are not vocabulary-relative.
        fn compact_iri(&self, iri: &str) -> String {
            self.prefixes
                .iter()
                .filter_map(|(name, namespace)| {
                    let suffix = iri.strip_prefix(namespace.as_str())?;
                    let usable = !suffix.is_empty() && !suffix.starts_with("//");
                    usable.then(|| format!("{name}:{suffix}"))
                })
                .filter(|compact| !self.is_term(compact))
                .min_by(|a, b| (a.len(), a).cmp(&(b.len(), b)))
                .unwrap_or_else(|| iri.to_string())
        }

        /// An IRI in a vocabulary position (`@type` values, keys): a term when one maps to it
        /// plainly, else a compact IRI.
        fn compact_vocab(&self, iri: &str) -> String {
            self.plain_term(iri).map_or_else(|| self.compact_iri(iri), |d| d.name.clone())
        }

        fn plain_term(&self, iri: &str) -> Option<&Definition> {
            self.by_iri
                .get(iri)?
                .iter()
                .find(|d| d.coercion == Coercion::None && !d.language_map && !d.set)
        }

        fn is_term(&self, name: &str) -> bool {
            self.by_iri.values().flatten().any(|d| d.name == name)
        }

        fn node_id(&self, node: &NamedOrBlankNode) -> String {
            match node {
                NamedOrBlankNode::NamedNode(n) => self.compact_iri(n.as_str()),
                NamedOrBlankNode::BlankNode(b) => b.to_string(),
            }
        }

        /// The key and the value of one property value, by term selection: a term that takes the
        /// value in its short form, else a plain term, else any term but a language map (with
        /// the value written out in full), else the compact IRI of the property.
        fn place(&self, predicate: &NamedNode, object: &Term) -> (String, bool, Placed) {
            let candidates = self.by_iri.get(predicate.as_str()).map_or(&[][..], Vec::as_slice);
            for d in candidates {
                let short = match (object, &d.coercion) {
                    (Term::Literal(l), _) if d.language_map => match l.language() {
                        Some(language) => {
                            let placed = Placed::Language(language.into(), l.value().into());
                            return (d.name.clone(), d.set, placed);
                        }
                        None => None,
                    },
                    _ if d.language_map => None,
                    (Term::NamedNode(n), Coercion::Id) => {
                        Some(Json::Str(self.compact_iri(n.as_str())))
                    }
                    (Term::BlankNode(b), Coercion::Id) => Some(Json::Str(b.to_string())),
                    (Term::Literal(l), Coercion::Language(language)) => (l.language()
                        == Some(language.as_str()))
                    .then(|| Json::Str(l.value().into())),
                    (Term::Literal(l), Coercion::Datatype(datatype)) => {
                        let fits = l.language().is_none() && l.datatype().as_str() == datatype;
                        fits.then(|| Json::Str(l.value().into()))
                    }
                    (Term::Literal(l), Coercion::None) => {
                        (l.datatype() == xsd::STRING).then(|| Json::Str(l.value().into()))
                    }
                    _ => None,
                };
                if let Some(value) = short {
                    return (d.name.clone(), d.set, Placed::Value(value));
                }
            }
            if let Some(d) =
                candidates.iter().find(|d| d.coercion == Coercion::None && !d.language_map)
            {
                return (d.name.clone(), d.set, Placed::Value(self.natural(object)));
            }
            if let Some(d) = candidates.iter().find(|d| !d.language_map) {
                return (d.name.clone(), d.set, Placed::Value(self.explicit(object)));
            }
            (self.compact_vocab(predicate.as_str()), false, Placed::Value(self.natural(object)))
        }

        /// A value under a key that coerces nothing: strings, integers and booleans as JSON,
        /// everything else as a value object or node reference.
        fn natural(&self, object: &Term) -> Json {
            if let Term::Literal(l) = object
                && l.language().is_none()
            {
                let value = l.value();
                match l.datatype() {
                    xsd::STRING => return Json::Str(value.into()),
                    xsd::INTEGER if is_json_integer(value) => return Json::Raw(value.into()),
                    xsd::BOOLEAN if matches!(value, "true" | "false") => {
                        return Json::Raw(value.into());
                    }
                    _ => {}
                }
            }
            self.explicit(object)
        }

        /// A value spelled out so that no coercion of its key applies to it.
        fn explicit(&self, object: &Term) -> Json {
            match object {
                Term::NamedNode(n) => {
                    Json::Obj(vec![(self.id_key.clone(), Json::Str(self.compact_iri(n.as_str())))])
                }
                Term::BlankNode(b) => {
                    Json::Obj(vec![(self.id_key.clone(), Json::Str(b.to_string()))])
                }
                Term::Literal(l) => {
                    let mut fields = vec![("@value".to_string(), Json::Str(l.value().into()))];
                    if let Some(language) = l.language() {
                        fields.push(("@language".into(), Json::Str(language.into())));
                    } else if l.datatype() != xsd::STRING {
                        let datatype = self.compact_vocab(l.datatype().as_str());
                        fields.push(("@type".into(), Json::Str(datatype)));
                    }
                    Json::Obj(fields)
                }
            }
        }

        /// The node object of a subject with its `(predicate, object)` pairs.
        fn node(
            &self,
            subject: &NamedOrBlankNode,
            pairs: &[(&NamedNode, &Term)],
        ) -> Vec<(String, Json)> {
            let mut types = Vec::new();
            let mut properties: BTreeMap<String, Property> = BTreeMap::new();
            for (predicate, object) in pairs {
                if **predicate == rdf::TYPE
                    && let Term::NamedNode(class) = object
                {
                    types.push(Json::Str(self.compact_vocab(class.as_str())));
                    continue;
                }
                let (key, set, placed) = self.place(predicate, object);
                let property = properties.entry(key).or_default();
                property.set |= set;
                match placed {
                    Placed::Value(value) => property.values.push(value),
                    Placed::Language(language, text) => {
                        property.languages.entry(language).or_default().push(Json::Str(text))
                    }
                }
            }
            let mut fields = vec![(self.id_key.clone(), Json::Str(self.node_id(subject)))];
            if !types.is_empty() {
                fields.push((self.type_key.clone(), one_or_many(types, false)));
            }
            for (key, property) in properties {
                let value = if property.languages.is_empty() {
                    one_or_many(property.values, property.set)
                } else {
                    let map = property.languages.into_iter();
                    Json::Obj(map.map(|(l, texts)| (l, one_or_many(texts, property.set))).collect())
                };
                fields.push((key, value));
            }
            fields
        }
    }

    /// The values of one key of a node object.
    #[derive(Debug, Default)]
    struct Property {
        set: bool,
        values: Vec<Json>,
        languages: BTreeMap<String, Vec<Json>>,
    }

    /// Where term selection put a value.
    enum Placed {
        Value(Json),
        /// Language, text: an entry of a language map.
        Language(String, String),
    }

    fn one_or_many(mut values: Vec<Json>, set: bool) -> Json {
        if values.len() == 1 && !set { values.remove(0) } else { Json::Arr(values) }
    }

    /// A canonical xsd:integer that JSON numbers carry exactly (|n| < 2^53).
    fn is_json_integer(value: &str) -> bool {
        let digits = value.strip_prefix('-').unwrap_or(value);
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'))
            && value != "-0";
        canonical && digits.len() <= 15
    }

    /// The context object's text as written in the file, re-indented to sit one level deep;
    /// re-serialised (keys sorted) when it cannot be cut out of the file faithfully.
    fn embeddable(text: &str, wrapped: bool, value: &Value) -> String {
        let cut = if wrapped {
            let start = text.find("\"@context\"").and_then(|i| text[i..].find('{').map(|j| i + j));
            let end = text.rfind('}').and_then(|outer| text[..outer].rfind('}'));
            match (start, end) {
                (Some(start), Some(end)) if start < end => Some(&text[start..=end]),
                _ => None,
            }
        } else {
            Some(text.trim())
        };
        let faithful =
            cut.filter(|c| serde_json::from_str::<Value>(c).ok().as_ref() == Some(value));
        let owned;
        let cut = match faithful {
            Some(cut) => cut,
            None => {
                owned = serde_json::to_string_pretty(value).unwrap_or_default();
                &owned
            }
        };
        let closing = cut.lines().last().map_or(0, |l| l.len() - l.trim_start().len());
        let mut out = String::new();
        for (i, line) in cut.lines().enumerate() {
            if i > 0 {
                out.push('\n');
                if !line.trim().is_empty() {
                    let shown = line.len() - line.trim_start().len();
                    let depth = (shown + 2).saturating_sub(closing);
                    out.push_str(&" ".repeat(depth));
                }
            }
            out.push_str(line.trim_start());
        }
        out
    }

    /// Writes the quads as one JSON-LD document with the context embedded.
    pub fn write(quads: &[Quad], context: &Context) -> String {
        // graph → subject → (predicate, object), all in N-Quads order.
        type Pairs<'q> = Vec<(&'q NamedNode, &'q Term)>;
        let mut graphs: BTreeMap<
            String,
            (&GraphName, BTreeMap<String, (&NamedOrBlankNode, Pairs<'_>)>),
        > = BTreeMap::new();
        for quad in quads {
            let graph = graphs
                .entry(super::graph_key(&quad.graph_name))
                .or_insert_with(|| (&quad.graph_name, BTreeMap::new()));
            let node = graph
                .1
                .entry(super::subject_key(&quad.subject))
                .or_insert_with(|| (&quad.subject, Vec::new()));
            node.1.push((&quad.predicate, &quad.object));
        }
        for (_, nodes) in graphs.values_mut() {
            for (_, pairs) in nodes.values_mut() {
                pairs.sort_by_cached_key(|(p, o)| {
                    ((**p != rdf::TYPE), p.to_string(), o.to_string())
                });
            }
        }

        // Top level: the default graph's nodes and one object per named graph, by IRI.
        let mut top: BTreeMap<String, Vec<(String, Json)>> = BTreeMap::new();
        if let Some((_, nodes)) = graphs.remove("") {
            for (key, (subject, pairs)) in nodes {
                top.insert(key, context.node(subject, &pairs));
            }
        }
        for (key, (name, nodes)) in graphs {
            let members: Vec<Json> = nodes
                .values()
                .map(|(subject, pairs)| Json::Obj(context.node(subject, pairs)))
                .collect();
            let entry = top.entry(key).or_insert_with(|| {
                let id = match name {
                    GraphName::NamedNode(n) => context.compact_iri(n.as_str()),
                    other => other.to_string(),
                };
                vec![(context.id_key.clone(), Json::Str(id))]
            });
            entry.push(("@graph".into(), Json::Arr(members)));
        }
        let graph = Json::Arr(top.into_values().map(Json::Obj).collect());
        let document = Json::Obj(vec![
            ("@context".into(), Json::Raw(context.text.clone())),
            ("@graph".into(), graph),
        ]);
        let mut out = String::new();
        document.render(&mut out, 0);
        out.push('\n');
        out
    }

    /// JSON with object keys in the order given, printed two spaces deep; short arrays and
    /// objects of scalars on one line.
    #[derive(Debug, Clone)]
    enum Json {
        Str(String),
        /// Written as is: numbers, booleans, the embedded context.
        Raw(String),
        Arr(Vec<Json>),
        Obj(Vec<(String, Json)>),
    }

    /// Longest line of an array or object of scalars printed on one line.
    const INLINE_WIDTH: usize = 100;

    impl Json {
        fn is_scalar(&self) -> bool {
            matches!(self, Json::Str(_)) || matches!(self, Json::Raw(r) if !r.contains('\n'))
        }

        fn inline(&self) -> Option<String> {
            let mut out = String::new();
            match self {
                Json::Str(s) => string(&mut out, s),
                Json::Raw(r) => out.push_str(r),
                Json::Arr(items) => {
                    if !items.iter().all(Json::is_scalar) {
                        return None;
                    }
                    let items: Vec<String> = items.iter().filter_map(Json::inline).collect();
                    let _ = write!(out, "[{}]", items.join(", "));
                }
                Json::Obj(fields) => {
                    if !fields.iter().all(|(_, v)| v.is_scalar()) {
                        return None;
                    }
                    let mut parts = Vec::new();
                    for (key, value) in fields {
                        let mut part = String::new();
                        string(&mut part, key);
                        part.push_str(": ");
                        part.push_str(&value.inline()?);
                        parts.push(part);
                    }
                    let _ = write!(out, "{{{}}}", parts.join(", "));
                }
            }
            Some(out)
        }

        fn render(&self, out: &mut String, depth: usize) {
            if let Some(line) = self.inline().filter(|l| l.len() <= INLINE_WIDTH) {
                out.push_str(&line);
                return;
            }
            let inner = "  ".repeat(depth + 1);
            let outer = "  ".repeat(depth);
            match self {
                Json::Arr(items) => {
                    out.push_str("[\n");
                    for (i, item) in items.iter().enumerate() {
                        out.push_str(&inner);
                        item.render(out, depth + 1);
                        out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                    }
                    let _ = write!(out, "{outer}]");
                }
                Json::Obj(fields) => {
                    out.push_str("{\n");
                    for (i, (key, value)) in fields.iter().enumerate() {
                        out.push_str(&inner);
                        string(out, key);
                        out.push_str(": ");
                        value.render(out, depth + 1);
                        out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
                    }
                    let _ = write!(out, "{outer}}}");
                }
                Json::Str(s) => string(out, s),
                Json::Raw(r) => out.push_str(r),
            }
        }
    }

    /// A JSON string literal.
    fn string(out: &mut String, s: &str) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if u32::from(c) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    #[cfg(test)]
    mod tests {
        use oxigraph::model::Literal;

        use super::*;

        const CONTEXT: &str = r#"{
  "@context": {
    "ex": "http://example.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "type": "@type",
    "label": { "@id": "ex:label", "@container": "@language" },
    "knows": { "@id": "ex:knows", "@type": "@id" },
    "day": { "@id": "ex:day", "@type": "xsd:date" },
    "count": "ex:count"
  }
}"#;

        fn placed(predicate: &str, object: &Term) -> (String, String) {
            let context = Context::parse("test", CONTEXT).expect("context");
            let predicate = NamedNode::new_unchecked(format!("http://example.org/{predicate}"));
            let (key, _, placed) = context.place(&predicate, object);
            let value = match placed {
                Placed::Value(v) => v.inline().unwrap_or_default(),
                Placed::Language(l, t) => format!("{l}={t}"),
            };
            (key, value)
        }

        #[test]
        fn values_go_under_the_term_that_fits_them() {
            let iri = Term::from(NamedNode::new_unchecked("http://example.org/bob"));
            let date = |v: &str, t| Term::from(Literal::new_typed_literal(v, t));
            let rows: &[(&str, Term, &str, &str)] = &[
                ("knows", iri.clone(), "knows", r#""ex:bob""#),
                (
                    "label",
                    Literal::new_language_tagged_literal_unchecked("Bob", "en").into(),
                    "label",
                    "en=Bob",
                ),
                ("label", Literal::new_simple_literal("Bob").into(), "ex:label", r#""Bob""#),
                ("day", date("2020-09-14", xsd::DATE), "day", r#""2020-09-14""#),
                (
                    "day",
                    date("2020-09", xsd::G_YEAR_MONTH),
                    "day",
                    r#"{"@value": "2020-09", "@type": "xsd:gYearMonth"}"#,
                ),
                ("count", date("7", xsd::INTEGER), "count", "7"),
                (
                    "count",
                    date("07", xsd::INTEGER),
                    "count",
                    r#"{"@value": "07", "@type": "xsd:integer"}"#,
                ),
                ("count", iri.clone(), "count", r#"{"@id": "ex:bob"}"#),
                ("other", Literal::new_simple_literal("x").into(), "ex:other", r#""x""#),
            ];
            for (predicate, object, key, value) in rows {
                assert_eq!(
                    placed(predicate, object),
                    (key.to_string(), value.to_string()),
                    "{predicate} {object}"
                );
            }
        }

        #[test]
        fn the_context_is_embedded_as_written() {
            let context = Context::parse("test", CONTEXT).expect("context");
            assert!(context.text.starts_with("{\n    \"ex\": \"http://example.org/\",\n"));
            assert!(context.text.ends_with("\n  }"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::turtle::{is_plain_local_name, relative};

    #[test]
    fn relative_references_resolve_back_to_the_iri() {
        let base = "https://w3id.org/newsgraph/id/";
        let rows: &[(&str, Option<&str>)] = &[
            ("https://w3id.org/newsgraph/id/entity/oracle", Some("entity/oracle")),
            ("https://w3id.org/newsgraph/id/doc/a#char=0,9", Some("doc/a#char=0,9")),
            ("https://w3id.org/newsgraph/id/dataset", Some("dataset")),
            ("https://w3id.org/newsgraph/id/", None),
            ("https://w3id.org/newsgraph/id/#x", None),
            ("https://w3id.org/newsgraph/id//x", None),
            ("https://w3id.org/newsgraph/id/a:b/c", None),
            ("https://w3id.org/newsgraph/id/a/../b", None),
            ("https://w3id.org/newsgraph/ns#Offer", None),
        ];
        for (iri, expected) in rows {
            assert_eq!(relative(base, iri), *expected, "{iri}");
        }
    }

    #[test]
    fn only_plain_local_names_are_abbreviated() {
        for local in ["Offer", "Q312", "date-precision", "a.b", "_x"] {
            assert!(is_plain_local_name(local), "{local}");
        }
        for local in ["", "a.", "-a", "entity/x", "a#b", "Ärger", "a%20b"] {
            assert!(!is_plain_local_name(local), "{local}");
        }
    }
}
