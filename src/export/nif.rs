//! The NIF view of the graph, for the `nif` export: only what NIF consumers read.

use oxigraph::model::{Quad, Term};

use crate::knowledge::vocabulary::{ITSRDF, NIF};

/// The NIF part of the graph: contexts, sentences and mentions with their offsets, anchors and
/// entity links (`itsrdf:taIdentRef`), which is what NIF consumers such as GERBIL read.
pub fn nif_quads(quads: Vec<Quad>) -> Vec<Quad> {
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
