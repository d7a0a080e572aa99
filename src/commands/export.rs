//! `newsgraph export`: the whole store in a standard RDF format, in a stable order.
//!
//! This module only reads the arguments, opens the store and picks the writer; the formats live
//! in [`crate::export`], one module each. Every format is deterministic: the same store gives the
//! same bytes.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use oxigraph::model::GraphName;

use super::Outcome;
use crate::commands::cli::{ExportArgs, ExportFormat};
use crate::export::grouping::merged;
use crate::export::{jsonld, nif, nquads, rdfxml, turtle, void};
use crate::knowledge::Source;
use crate::rdf::store::GraphStore;

/// The shipped JSON-LD context, used when the ontology directory has none.
const EMBEDDED_CONTEXT: &str = include_str!("../../ontology/context.jsonld");

pub fn run(args: &ExportArgs, ontology: Option<&Path>) -> anyhow::Result<Outcome> {
    let store = GraphStore::open_read_only(&args.store)?;
    if matches!(args.format, ExportFormat::Dot | ExportFormat::Svg) {
        let relations = super::load_relations(ontology)?;
        let buffer = super::diagram::render(args, &store, &relations)?;
        return write_out(args, &buffer);
    }
    // The line formats stream: sorted on disk if need be, never all in memory.
    match args.format {
        ExportFormat::Nq => {
            return write_streamed(args, |mut out| nquads::write_nquads(&store, &mut out));
        }
        ExportFormat::Nt => {
            return write_streamed(args, |mut out| nquads::write_ntriples(&store, &mut out));
        }
        _ => {}
    }
    let quads = store.sorted_quads()?;
    let base = void::instance_base(&quads);
    let buffer = match args.format {
        ExportFormat::Nq | ExportFormat::Nt => unreachable!("line formats are streamed above"),
        ExportFormat::Ttl => turtle::write(merged(quads), &base).into_bytes(),
        ExportFormat::Nif => turtle::write(merged(nif::nif_quads(quads)), &base).into_bytes(),
        ExportFormat::Trig => turtle::write(quads, &base).into_bytes(),
        ExportFormat::Rdfxml => rdfxml::write(merged(quads))?,
        ExportFormat::Jsonld => {
            let (name, text) = context_file(ontology)?;
            let context = jsonld::Context::parse(&name, &text)?;
            jsonld::write(&quads, &context).into_bytes()
        }
        ExportFormat::Void => {
            let description = void::describe(&quads, &base);
            let quads = description.into_iter().map(|t| t.in_graph(GraphName::DefaultGraph));
            turtle::write(quads.collect(), &base).into_bytes()
        }
        ExportFormat::Dot | ExportFormat::Svg => unreachable!("diagrams are drawn above"),
    };
    write_out(args, &buffer)
}

/// Runs a streaming writer on `--output` or standard output.
fn write_streamed(
    args: &ExportArgs,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<Outcome> {
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            write(&mut out)?;
            out.flush().with_context(|| format!("{}: cannot write", path.display()))?;
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
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
