//! `newsgraph remove`: take documents out of the store, each with exactly what it contributed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use oxigraph::model::NamedNode;

use super::Outcome;
use crate::commands::cli::RemoveArgs;
use crate::knowledge::Knowledge;
use crate::rdf::Iris;
use crate::rdf::store::GraphStore;

pub fn run(args: &RemoveArgs, knowledge: &Knowledge) -> anyhow::Result<Outcome> {
    let store = super::open_for_writing(&args.store, false)?;
    let iris = store.iris()?;
    let stored: BTreeMap<String, NamedNode> =
        store.documents()?.into_iter().map(|(graph, id)| (id, graph)).collect();
    let mut failed = 0;
    let mut removed = Vec::new();
    for argument in &args.documents {
        let id = document_id(argument);
        match stored.get(&id) {
            Some(graph) => {
                store.remove_document(graph, knowledge, &iris)?;
                removed.push(id);
            }
            None => {
                eprintln!(
                    "newsgraph: error: {argument}: no document {id:?} in {}",
                    args.store.display()
                );
                failed += 1;
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for id in &removed {
        writeln!(out, "removed {id}")?;
    }
    writeln!(out, "{} quads in {}", store.len()?, args.store.display())?;
    out.flush()?;
    Ok(if failed == 0 { Outcome::Success } else { Outcome::SomeInputFailed })
}

/// The id a command-line argument names: a file's name without `.txt` (as `build` makes it), or
/// the argument itself.
pub(super) fn document_id(argument: &str) -> String {
    let path = Path::new(argument);
    let is_file = path.extension().is_some_and(|e| e == "txt")
        || argument.contains(std::path::MAIN_SEPARATOR)
        || path.is_file();
    if is_file {
        path.file_stem().map_or_else(|| argument.to_string(), |s| s.to_string_lossy().into_owned())
    } else {
        argument.to_string()
    }
}

/// Takes out the stored documents whose id is not in `kept`, each in its own transaction.
pub(super) fn prune(
    store: &GraphStore,
    kept: &std::collections::HashSet<String>,
    knowledge: &Knowledge,
    iris: &Iris,
) -> crate::Result<Vec<String>> {
    let mut removed = Vec::new();
    for (graph, id) in store.documents()? {
        if !kept.contains(&id) {
            store.remove_document(&graph, knowledge, iris)?;
            removed.push(id);
        }
    }
    Ok(removed)
}
