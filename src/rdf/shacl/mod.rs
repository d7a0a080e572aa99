//! A SHACL Core subset: checks the store against the shapes of `ontology/shapes.ttl`.
//!
//! `newsgraph validate` needs no SHACL engine beyond what our own shapes use, and one it can
//! run offline against the on-disk store; this module is that engine. The data graph is the
//! store's union of named graphs (as for every query). What is implemented:
//!
//! - shapes: node shapes (typed `sh:NodeShape` or with a target) and property shapes (objects of
//!   `sh:property`, nested to any depth); `sh:deactivated true` switches a shape off;
//! - targets: `sh:targetClass` (SHACL instances: `rdf:type/rdfs:subClassOf*` in the data),
//!   `sh:targetNode`, `sh:targetSubjectsOf`, `sh:targetObjectsOf`;
//! - paths: `sh:path` with a single IRI (a predicate path); sequence, inverse, alternative and
//!   other paths are rejected;
//! - constraints: `sh:minCount`, `sh:maxCount`, `sh:datatype` (with a lexical check of the
//!   common XSD types), `sh:class`, `sh:nodeKind`, `sh:minInclusive`, `sh:maxInclusive`,
//!   `sh:languageIn`, `sh:uniqueLang`, `sh:lessThan`, `sh:in`, `sh:hasValue`, `sh:pattern` (with
//!   `sh:flags` i, m, s, x; Rust `regex` syntax, which agrees with XPath on ordinary patterns);
//! - annotations: `sh:message` (added to each result), `sh:name`, `sh:description`, `sh:order`,
//!   `sh:group`, `sh:severity sh:Violation`.
//!
//! Any other SHACL term on a shape (`sh:closed`, `sh:node`, `sh:or`, `sh:sparql`, …) is an error
//! naming the shapes file, its line and the term: a check is never skipped silently. Every result
//! is a violation; validation reports one result per failing value node (per language for
//! `sh:uniqueLang`, per focus node for the count constraints and `sh:hasValue`), as the SHACL
//! specification and pySHACL do.
//!
//! `parse` reads a shapes file into [`Shapes`], `validate` runs them against the store, and
//! `values` judges single values (lexical forms, ordering, language ranges).

mod parse;
mod validate;
mod values;

use std::path::PathBuf;

use oxigraph::model::{Literal, NamedNode, Term};
use regex::Regex;

pub use validate::validate;

/// The SHACL namespace.
pub const SH: &str = "http://www.w3.org/ns/shacl#";

/// The shapes of one file, ready to run.
#[derive(Debug)]
pub struct Shapes {
    file: PathBuf,
    /// The shapes with targets: where validation starts.
    roots: Vec<Shape>,
}

#[derive(Debug)]
struct Shape {
    id: Term,
    targets: Vec<Target>,
    path: Option<NamedNode>,
    constraints: Vec<Constraint>,
    properties: Vec<Shape>,
    message: Option<String>,
}

#[derive(Debug)]
enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

impl NodeKind {
    fn from_iri(iri: &str) -> Option<Self> {
        Some(match iri.strip_prefix(SH)? {
            "IRI" => NodeKind::Iri,
            "BlankNode" => NodeKind::BlankNode,
            "Literal" => NodeKind::Literal,
            "BlankNodeOrIRI" => NodeKind::BlankNodeOrIri,
            "BlankNodeOrLiteral" => NodeKind::BlankNodeOrLiteral,
            "IRIOrLiteral" => NodeKind::IriOrLiteral,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            NodeKind::Iri => "sh:IRI",
            NodeKind::BlankNode => "sh:BlankNode",
            NodeKind::Literal => "sh:Literal",
            NodeKind::BlankNodeOrIri => "sh:BlankNodeOrIRI",
            NodeKind::BlankNodeOrLiteral => "sh:BlankNodeOrLiteral",
            NodeKind::IriOrLiteral => "sh:IRIOrLiteral",
        }
    }

    fn admits(self, term: &Term) -> bool {
        let (iri, blank, literal) = (term.is_named_node(), term.is_blank_node(), term.is_literal());
        match self {
            NodeKind::Iri => iri,
            NodeKind::BlankNode => blank,
            NodeKind::Literal => literal,
            NodeKind::BlankNodeOrIri => blank || iri,
            NodeKind::BlankNodeOrLiteral => blank || literal,
            NodeKind::IriOrLiteral => iri || literal,
        }
    }
}

#[derive(Debug)]
enum Constraint {
    MinCount(usize),
    MaxCount(usize),
    Datatype(NamedNode),
    Class(NamedNode),
    NodeKind(NodeKind),
    MinInclusive(Literal),
    MaxInclusive(Literal),
    LanguageIn(Vec<String>),
    UniqueLang,
    LessThan(NamedNode),
    In(Vec<Term>),
    HasValue(Term),
    Pattern { regex: Regex, source: String },
}

/// A SHACL constraint component, as reported in `sh:sourceConstraintComponent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Component {
    MinCount,
    MaxCount,
    Datatype,
    Class,
    NodeKind,
    MinInclusive,
    MaxInclusive,
    LanguageIn,
    UniqueLang,
    LessThan,
    In,
    HasValue,
    Pattern,
}

impl Component {
    /// The parameter that names the constraint in a shapes file, e.g. `minCount`.
    pub fn parameter(self) -> &'static str {
        match self {
            Component::MinCount => "minCount",
            Component::MaxCount => "maxCount",
            Component::Datatype => "datatype",
            Component::Class => "class",
            Component::NodeKind => "nodeKind",
            Component::MinInclusive => "minInclusive",
            Component::MaxInclusive => "maxInclusive",
            Component::LanguageIn => "languageIn",
            Component::UniqueLang => "uniqueLang",
            Component::LessThan => "lessThan",
            Component::In => "in",
            Component::HasValue => "hasValue",
            Component::Pattern => "pattern",
        }
    }

    /// The component's IRI, e.g. `http://www.w3.org/ns/shacl#MinCountConstraintComponent`.
    pub fn iri(self) -> String {
        let parameter = self.parameter();
        let mut chars = parameter.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or_default();
        format!("{SH}{first}{}ConstraintComponent", chars.as_str())
    }
}

impl Constraint {
    fn component(&self) -> Component {
        match self {
            Constraint::MinCount(_) => Component::MinCount,
            Constraint::MaxCount(_) => Component::MaxCount,
            Constraint::Datatype(_) => Component::Datatype,
            Constraint::Class(_) => Component::Class,
            Constraint::NodeKind(_) => Component::NodeKind,
            Constraint::MinInclusive(_) => Component::MinInclusive,
            Constraint::MaxInclusive(_) => Component::MaxInclusive,
            Constraint::LanguageIn(_) => Component::LanguageIn,
            Constraint::UniqueLang => Component::UniqueLang,
            Constraint::LessThan(_) => Component::LessThan,
            Constraint::In(_) => Component::In,
            Constraint::HasValue(_) => Component::HasValue,
            Constraint::Pattern { .. } => Component::Pattern,
        }
    }
}

/// One validation result: a focus node that does not conform to a constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub focus: Term,
    /// The property path of the property shape; `None` for a node shape's own constraint.
    pub path: Option<NamedNode>,
    pub component: Component,
    /// The offending value node, for constraints that judge values one by one.
    pub value: Option<Term>,
    pub message: String,
    /// The shape the constraint belongs to (a blank node for an inline property shape).
    pub shape: Term,
}

/// The outcome of validating a store.
#[derive(Debug)]
pub struct Report {
    /// Every violation, sorted by focus node, path, component and value.
    pub violations: Vec<Violation>,
    /// How many (shape, focus node) pairs were checked by the shapes with targets.
    pub checked: usize,
}

impl Report {
    pub fn conforms(&self) -> bool {
        self.violations.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_iris_follow_the_shacl_names() {
        assert_eq!(Component::MinCount.iri(), format!("{SH}MinCountConstraintComponent"));
        assert_eq!(Component::In.iri(), format!("{SH}InConstraintComponent"));
        assert_eq!(Component::LanguageIn.iri(), format!("{SH}LanguageInConstraintComponent"));
    }
}
