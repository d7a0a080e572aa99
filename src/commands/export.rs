//! `newsgraph export`: the whole store in a standard RDF format, in a stable order.

use std::io::Write;

use anyhow::Context;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::Triple;

use super::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::rdf::PREFIXES;
use crate::store::GraphStore;

pub fn run(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let store = GraphStore::open_existing(&args.store)?;
    let quads = store.sorted_quads()?;
    let mut buffer = Vec::new();
    match args.format {
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
            let (rdf_format, keep_graphs) = match format {
                ExportFormat::Ttl => (RdfFormat::Turtle, false),
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
    match &args.output {
        Some(path) => std::fs::write(path, &buffer)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&buffer)?;
            out.flush()?;
        }
    }
    Ok(Outcome::Success)
}
