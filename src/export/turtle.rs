//! Turtle and TriG, grouped and sorted.
//!
//! Graphs come in the order of their names (the default graph first), subjects in the order of
//! their N-Triples form, `rdf:type` first among the predicates (written `a`), the others and the
//! objects in N-Triples order. IRIs under the instance base are written relative to an `@base`
//! (`<entity/oracle>`, `<doc/002_…#char=0,99>`); other IRIs as `prefix:local` when the local part
//! needs no escaping, else in full. Only the prefixes used are declared.
//!
//! oxttl's serializer cannot write this: given the prefixes and the base, it writes instance IRIs
//! as escaped prefixed names (`id:graph\/vocabulary`, a prefix wins over the base), makes every
//! other IRI and even the prefix declarations relative to the base (`@prefix schema:
//! <//schema.org/>`, `</newsgraph/ns#>`), and declares every prefix it is given.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, LiteralRef, NamedOrBlankNode, Quad, Term};

use super::grouping::{graph_key, subject_key};
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
        let graph = graph_key(&quad.graph_name);
        let predicate = (quad.predicate != rdf::TYPE, quad.predicate.to_string());
        let key = (graph, subject_key(&quad.subject), predicate, quad.object.to_string());
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

    pub fn iri(&mut self, iri: &str) -> String {
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
        if bare { value.to_string() } else { format!("{quoted}^^{}", self.iri(datatype.as_str())) }
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
pub fn relative<'i>(base: &str, iri: &'i str) -> Option<&'i str> {
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
pub fn is_plain_local_name(local: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
