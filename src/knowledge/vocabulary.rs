//! The vocabularies newsgraph writes with: its own namespace and the standard ones it reuses,
//! their prefixes, and the check of `ontology/newsgraph.ttl`. The RDF layer builds its terms from
//! these; data files name properties as prefixed names (`schema:founder`) that [`expand`] reads.

use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Term, Triple};

use crate::error::{Error, Result, line_containing};

// Terms with a fixed local name, as constants (the vocabulary table below lists those quads are
// written with).
macro_rules! ng {
    ($local:literal) => {
        ::oxigraph::model::NamedNodeRef::new_unchecked(concat!(
            "https://w3id.org/newsgraph/ns#",
            $local
        ))
    };
}
macro_rules! schema {
    ($local:literal) => {
        ::oxigraph::model::NamedNodeRef::new_unchecked(concat!("https://schema.org/", $local))
    };
}
macro_rules! nif {
    ($local:literal) => {
        ::oxigraph::model::NamedNodeRef::new_unchecked(concat!(
            "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
            $local
        ))
    };
}
macro_rules! itsrdf {
    ($local:literal) => {
        ::oxigraph::model::NamedNodeRef::new_unchecked(concat!(
            "http://www.w3.org/2005/11/its/rdf#",
            $local
        ))
    };
}
macro_rules! dcterms {
    ($local:literal) => {
        ::oxigraph::model::NamedNodeRef::new_unchecked(concat!("http://purl.org/dc/terms/", $local))
    };
}
macro_rules! skos {
    ($local:literal) => {
        ::oxigraph::model::NamedNodeRef::new_unchecked(concat!(
            "http://www.w3.org/2004/02/skos/core#",
            $local
        ))
    };
}
macro_rules! prov {
    ($local:literal) => {
        ::oxigraph::model::NamedNodeRef::new_unchecked(concat!(
            "http://www.w3.org/ns/prov#",
            $local
        ))
    };
}

/// The newsgraph vocabulary namespace.
pub const NG: &str = ng!("").as_str();
/// The default base for instance IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/newsgraph/id/";

pub const SCHEMA: &str = schema!("").as_str();
pub const NIF: &str = nif!("").as_str();
pub const ITSRDF: &str = itsrdf!("").as_str();
pub const DCTERMS: &str = dcterms!("").as_str();
pub const SKOS: &str = skos!("").as_str();
pub const PROV: &str = prov!("").as_str();
pub const WIKIDATA: &str = "http://www.wikidata.org/entity/";

/// Prefixes used in serialisations and readable tables.
pub const PREFIXES: &[(&str, &str)] = &[
    ("id", DEFAULT_BASE),
    ("ng", NG),
    ("schema", SCHEMA),
    ("nif", NIF),
    ("itsrdf", ITSRDF),
    ("dcterms", DCTERMS),
    ("skos", SKOS),
    ("prov", PROV),
    ("wd", WIKIDATA),
    ("time", "http://www.w3.org/2006/time#"),
    ("void", "http://rdfs.org/ns/void#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Expands a prefixed name (`schema:founder`) with [`PREFIXES`].
pub fn expand(prefixed: &str) -> Option<NamedNode> {
    let (prefix, local) = prefixed.split_once(':')?;
    let namespace = PREFIXES.iter().find(|(name, _)| *name == prefix)?.1;
    NamedNode::new(format!("{namespace}{local}")).ok()
}

pub(crate) use {dcterms, itsrdf, ng, nif, prov, schema, skos};

/// The vocabulary's triples, parsed from `text`, the Turtle read from `file`, and checked.
pub fn parse_vocabulary(text: &str, file: &Path) -> Result<Vec<Triple>> {
    let parser = RdfParser::from_format(RdfFormat::Turtle);
    let mut quads = Vec::new();
    for quad in parser.for_slice(text.as_bytes()) {
        let quad = quad.map_err(|e| {
            let line = e.location().map_or(1, |l| l.start.line as usize + 1);
            Error::data(file, line, e.to_string())
        })?;
        if quad.subject.is_blank_node() || quad.object.is_blank_node() {
            // Blank nodes get fresh labels on every parse and would break byte-identical output.
            let line = ["_:", "[", "("]
                .iter()
                .filter_map(|mark| {
                    text.lines().position(|l| !l.trim_start().starts_with('#') && l.contains(mark))
                })
                .min()
                .map_or(1, |i| i + 1);
            return Err(Error::data(file, line, "blank nodes are not allowed"));
        }
        // XML (the RDF/XML export) cannot carry most control characters, and its readers turn a
        // carriage return into a line feed.
        if let Term::Literal(literal) = &quad.object
            && let Some(c) = literal.value().chars().find(|&c| {
                (c < ' ' && c != '\t' && c != '\n') || matches!(c, '\u{fffe}' | '\u{ffff}')
            })
        {
            let message =
                format!("literal {literal} has the character {c:?}, which XML cannot carry");
            let before: String = literal.value().chars().take_while(|&x| x != c).collect();
            let line = line_containing(text, &before);
            return Err(Error::data(file, line, message));
        }
        quads.push(Triple::from(quad));
    }
    Ok(quads)
}
