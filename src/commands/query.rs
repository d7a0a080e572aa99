//! `newsgraph query`: run a SPARQL file and print its results.

use std::io::Write;
use std::str::FromStr;

use anyhow::Context;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Literal, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, Variable};

use super::Outcome;
use crate::commands::cli::{QueryArgs, ResultFormat};
use crate::knowledge::vocabulary::PREFIXES;
use crate::rdf::store::GraphStore;

pub fn run(args: &QueryArgs) -> anyhow::Result<Outcome> {
    let sparql = std::fs::read_to_string(&args.file)
        .with_context(|| format!("{}: cannot read query file", args.file.display()))?;
    let bindings =
        args.bind.iter().map(|b| parse_binding(b)).collect::<anyhow::Result<Vec<_>>>()?;
    let store = GraphStore::open_read_only(&args.store)?;
    let results =
        store.query(&sparql, &bindings).with_context(|| format!("{}", args.file.display()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_results(&mut out, results, args.format)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// `VAR=VALUE`, where VALUE is an RDF term in N-Triples syntax or else a plain string.
fn parse_binding(binding: &str) -> anyhow::Result<(Variable, Term)> {
    let (name, value) = binding
        .split_once('=')
        .with_context(|| format!("--bind {binding:?}: expected VAR=VALUE"))?;
    let variable = Variable::new(name.trim_start_matches(['?', '$']))
        .with_context(|| format!("--bind {binding:?}: {name:?} is not a variable name"))?;
    let term = Term::from_str(value).unwrap_or_else(|_| {
        if let Ok(n) = value.parse::<i64>() {
            Literal::from(n).into()
        } else {
            Literal::new_simple_literal(value).into()
        }
    });
    Ok((variable, term))
}

fn write_results(
    out: &mut impl Write,
    results: QueryResults<'_>,
    format: ResultFormat,
) -> anyhow::Result<()> {
    let standard = match format {
        ResultFormat::Table => None,
        ResultFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultFormat::Json => Some(QueryResultsFormat::Json),
        ResultFormat::Xml => Some(QueryResultsFormat::Xml),
    };
    match results {
        QueryResults::Boolean(value) => match standard {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(out, value)?;
            }
            None => writeln!(out, "{value}")?,
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows = solutions.collect::<Result<Vec<_>, _>>()?;
            match standard {
                Some(f) => {
                    let mut writer = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut *out, variables)?;
                    for row in &rows {
                        writer.serialize(row)?;
                    }
                    writer.finish()?;
                }
                None => {
                    let header: Vec<String> =
                        variables.iter().map(|v| v.as_str().to_string()).collect();
                    let cells: Vec<Vec<String>> = rows
                        .iter()
                        .map(|row| {
                            variables
                                .iter()
                                .map(|v| row.get(v).map(readable).unwrap_or_default())
                                .collect()
                        })
                        .collect();
                    write_table(out, &header, &cells)?;
                }
            }
        }
        QueryResults::Graph(triples) => {
            let format =
                if format == ResultFormat::Table { RdfFormat::Turtle } else { RdfFormat::NTriples };
            let mut serializer = RdfSerializer::from_format(format);
            for (name, iri) in PREFIXES {
                serializer = serializer.with_prefix(*name, *iri)?;
            }
            let mut writer = serializer.for_writer(&mut *out);
            for triple in triples {
                writer.serialize_triple(&triple?)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// A term as a person reads it: prefixed IRIs, bare literal values.
fn readable(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => {
            let iri = node.as_str();
            PREFIXES
                .iter()
                .find_map(|(name, ns)| iri.strip_prefix(ns).map(|local| format!("{name}:{local}")))
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::Literal(literal) => literal.value().to_string(),
        other => other.to_string(),
    }
}

/// Columns padded to their widest cell; newlines in cells shown as "↵" to keep rows on one line.
fn write_table(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let flatten = |s: &str| s.replace('\n', "↵");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(flatten(cell).chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    writeln!(out, "{}", line(widths.iter().map(|w| "-".repeat(*w)).collect()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(|c| flatten(c)).collect()))?;
    }
    writeln!(out, "({} rows)", rows.len())
}
