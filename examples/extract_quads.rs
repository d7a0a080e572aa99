//! The quads extraction makes for each article, without a store: a check that a change to the
//! pipeline's speed leaves its output alone.
//!
//!     cargo run --release --example extract_quads -- DIR_OR_FILE... > quads.nq
//!
//! Reads the `.txt` files (directories in name order), analyses each with `./ontology` and
//! prints its quads as N-Quads, sorted per document. Files that fail to load are named on stderr.

use std::io::Write;
use std::path::PathBuf;

use newsgraph::{Document, Iris, Knowledge, Pipeline, Source, document_quads};

fn main() -> anyhow::Result<()> {
    let knowledge = Knowledge::load(&Source::Dir(PathBuf::from("ontology")))?;
    let pipeline = Pipeline::new(&knowledge);
    let iris = Iris::default();
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1).map(PathBuf::from) {
        if arg.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(&arg)?
                .map(|entry| entry.map(|e| e.path()))
                .collect::<Result<_, _>>()?;
            inner.retain(|p| p.extension().is_some_and(|x| x == "txt"));
            inner.sort();
            files.extend(inner);
        } else {
            files.push(arg);
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for file in files {
        let document = match Document::load(&file, &knowledge.documents) {
            Ok(document) => document,
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let analysis = pipeline.analyze(document);
        let mut lines: Vec<String> =
            document_quads(&analysis, &knowledge, &iris).iter().map(|q| format!("{q} .")).collect();
        lines.sort_unstable();
        for line in lines {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
