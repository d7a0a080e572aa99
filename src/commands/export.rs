//! `newsgraph export`: the whole store in a standard RDF format, in a stable order.

use std::io::Write;

use anyhow::Context;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::Triple;

use super::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::rdf::PREFIXES;
use crate::store::GraphStore;

pub fn run(args: &ExportArgs, ontology: Option<&std::path::Path>) -> anyhow::Result<Outcome> {
    let store = GraphStore::open_existing(&args.store)?;
    if matches!(args.format, ExportFormat::Dot | ExportFormat::Svg) {
        let knowledge = super::load_knowledge(ontology)?;
        let buffer = super::diagram::render(args, &store, &knowledge)?;
        return write_out(args, &buffer);
    }
    let quads = store.sorted_quads()?;
    let mut buffer = Vec::new();
    match args.format {
        ExportFormat::Void => anyhow::bail!("export --format void is not available yet"),
        ExportFormat::Nq => {
            for quad in &quads {
                writeln!(buffer, "{quad} .")?;
            }
        }
        ExportFormat::Nt => {
            let mut lines: Vec<String> =
                quads.iter().map(|q| format!("{} .", Triple::from(q.clone()))).collect();
            lines.sort();
            lines.dedup();
            for line in lines {
                writeln!(buffer, "{line}")?;
            }
        }
        format => {
            let quads = if format == ExportFormat::Nif { nif_only(quads) } else { quads };
            let (rdf_format, keep_graphs) = match format {
                ExportFormat::Ttl | ExportFormat::Nif => (RdfFormat::Turtle, false),
                ExportFormat::Rdfxml => (RdfFormat::RdfXml, false),
                ExportFormat::Trig => (RdfFormat::TriG, true),
                _ => (RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }, true),
            };
            let mut serializer = RdfSerializer::from_format(rdf_format);
            for (name, iri) in PREFIXES {
                serializer = serializer.with_prefix(*name, *iri)?;
            }
            let mut writer = serializer.for_writer(&mut buffer);
            if keep_graphs {
                for quad in &quads {
                    writer.serialize_quad(quad)?;
                }
            } else {
                let mut triples: Vec<Triple> = quads.into_iter().map(Triple::from).collect();
                triples.sort_by_cached_key(ToString::to_string);
                triples.dedup();
                for triple in &triples {
                    writer.serialize_triple(triple)?;
                }
            }
            writer.finish()?;
        }
    }
    write_out(args, &buffer)
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

/// The NIF part of the graph: contexts, sentences and mentions with their offsets, anchors and
/// entity links (`itsrdf:taIdentRef`), which is what NIF consumers such as GERBIL read.
fn nif_only(quads: Vec<oxigraph::model::Quad>) -> Vec<oxigraph::model::Quad> {
    use crate::rdf::{ITSRDF, NIF};
    let rdf_type = oxigraph::model::vocab::rdf::TYPE;
    quads
        .into_iter()
        .filter(|q| {
            let p = q.predicate.as_str();
            let nif_type = q.predicate == rdf_type
                && matches!(&q.object, oxigraph::model::Term::NamedNode(o) if o.as_str().starts_with(NIF));
            (p.starts_with(NIF) && p != format!("{NIF}sourceUrl")) || p.starts_with(ITSRDF) || nif_type
        })
        .collect()
}
