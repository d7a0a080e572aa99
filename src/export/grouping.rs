//! How the grouped formats (Turtle, TriG, JSON-LD) order and merge quads: the sort keys of
//! graphs and subjects, and the union of the named graphs that the graph-less formats show.

use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Triple};

/// The quads moved to the default graph: the union that Turtle, N-Triples and RDF/XML show.
pub fn merged(quads: Vec<Quad>) -> Vec<Quad> {
    quads.into_iter().map(|q| Triple::from(q).in_graph(GraphName::DefaultGraph)).collect()
}

/// The sort key of a subject in grouped formats: its IRI, so that a node comes right before the
/// nodes whose IRIs extend it (`doc/a`, `doc/a#char=0,99`; `dataset`, `dataset/class/…`); blank
/// nodes after all IRIs.
pub fn subject_key(subject: &NamedOrBlankNode) -> String {
    match subject {
        NamedOrBlankNode::NamedNode(n) => format!("0{}", n.as_str()),
        NamedOrBlankNode::BlankNode(b) => format!("1{}", b.as_str()),
    }
}

/// The sort key of a graph: the default graph first, then named graphs like subjects.
pub fn graph_key(graph: &GraphName) -> String {
    match graph {
        GraphName::DefaultGraph => String::new(),
        GraphName::NamedNode(n) => subject_key(&n.clone().into()),
        GraphName::BlankNode(b) => subject_key(&b.clone().into()),
    }
}
