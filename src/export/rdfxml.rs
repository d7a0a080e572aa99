//! RDF/XML through oxigraph's serializer, fed sorted triples so that each subject is one
//! `rdf:Description`.

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Quad, Term, Triple};

use crate::knowledge::vocabulary::PREFIXES;

/// RDF/XML by oxigraph's serializer, one `rdf:Description` per subject: it groups consecutive
/// triples of a subject, so they go in sorted, and it declares the prefixes it is given, so only
/// the namespaces of predicates and classes are.
pub fn write(quads: Vec<Quad>) -> anyhow::Result<Vec<u8>> {
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
