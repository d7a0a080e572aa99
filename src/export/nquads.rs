//! N-Quads and N-Triples: the store's quads as sorted lines, streamed through the external sort
//! of [`super::sorted`] so that no store is too big to export.

use std::io::Write;

use oxigraph::model::Triple;

use super::sorted::write_sorted;
use crate::rdf::store::GraphStore;

/// Writes every quad as a sorted N-Quads line.
pub fn write_nquads(store: &GraphStore, out: &mut impl Write) -> anyhow::Result<()> {
    let lines = store.quads().map(|quad| quad.map(|quad| format!("{quad} .")));
    write_sorted(lines, false, out)
}

/// Writes the union of the graphs as sorted N-Triples lines, each triple once.
pub fn write_ntriples(store: &GraphStore, out: &mut impl Write) -> anyhow::Result<()> {
    let lines = store.quads().map(|quad| quad.map(|q| format!("{} .", Triple::from(q))));
    write_sorted(lines, true, out)
}
