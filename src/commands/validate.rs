//! `newsgraph validate`: check the store against the SHACL shapes.
//!
//! The shapes come from `--shapes`, else `shapes.ttl` of the ontology directory (or its built-in
//! copy); [`crate::rdf::shacl`] checks the store's union of named graphs against them. Violations go
//! to stdout, sorted, as a table or JSON; any violation makes the exit status 1.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use oxigraph::model::Term;
use oxigraph::model::vocab::xsd;
use serde_json::json;

use super::Outcome;
use crate::commands::cli::{ReportFormat, ValidateArgs};
use crate::knowledge::Source;
use crate::knowledge::vocabulary::PREFIXES;
use crate::rdf::shacl::{self, Report, SH, Shapes, Violation};
use crate::rdf::store::GraphStore;

/// Literals longer than this are cut in the table (a context's text is a whole article).
const MAX_CELL: usize = 60;

pub fn run(args: &ValidateArgs, ontology: Option<&Path>) -> anyhow::Result<Outcome> {
    let (file, text) = match &args.shapes {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read shapes", path.display()))?;
            (path.clone(), text)
        }
        None => (default_shapes_name(ontology)?, super::load_knowledge(ontology)?.shapes),
    };
    let shapes = Shapes::parse(&file, &text)?;
    let store = GraphStore::open_read_only(&args.store)?;
    let report = shacl::validate(&shapes, &store)?;

    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Json => {
            let json = json_report(&report, &shapes);
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        }
        ReportFormat::Table => write_table(&mut out, &report, &shapes)?,
    }
    out.flush()?;
    if report.conforms() {
        return Ok(Outcome::Success);
    }
    eprintln!(
        "newsgraph: {} violations of the shapes in {}",
        report.violations.len(),
        shapes.file().display()
    );
    Ok(Outcome::SomeInputFailed)
}

/// Where the default shapes come from, for messages: the ontology directory's file, or the
/// built-in copy.
fn default_shapes_name(ontology: Option<&Path>) -> anyhow::Result<PathBuf> {
    let source = match ontology {
        Some(dir) => Source::Dir(dir.to_path_buf()),
        None => Source::default_for(&std::env::current_dir().context("no working directory")?),
    };
    Ok(match source {
        Source::Dir(dir) => dir.join("shapes.ttl"),
        Source::Embedded => PathBuf::from("ontology/shapes.ttl (embedded)"),
    })
}

fn json_report(report: &Report, shapes: &Shapes) -> serde_json::Value {
    let results: Vec<serde_json::Value> = report
        .violations
        .iter()
        .map(|v| {
            json!({
                "focusNode": term_json(&v.focus),
                "resultPath": v.path.as_ref().map(|p| p.as_str()),
                "sourceConstraintComponent": v.component.iri(),
                "constraint": format!("sh:{}", v.component.parameter()),
                "value": v.value.as_ref().map(term_json),
                "sourceShape": term_json(&v.shape),
                "message": v.message,
            })
        })
        .collect();
    json!({
        "conforms": report.conforms(),
        "shapes": shapes.file().display().to_string(),
        "focusNodes": report.checked,
        "results": results,
    })
}

/// An IRI as itself; a literal or blank node in N-Triples syntax, so the two cannot be confused.
fn term_json(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => node.as_str().to_string(),
        other => other.to_string(),
    }
}

fn write_table(out: &mut impl Write, report: &Report, shapes: &Shapes) -> std::io::Result<()> {
    if report.conforms() {
        return writeln!(
            out,
            "conforms: {} focus nodes satisfy the {} shapes of {}",
            report.checked,
            shapes.len(),
            shapes.file().display()
        );
    }
    let header = ["focus", "path", "constraint", "value", "message"].map(String::from);
    let rows: Vec<[String; 5]> = report.violations.iter().map(row).collect();
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String; 5]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(&header))?;
    writeln!(out, "{}", line(&widths.map(|w| "-".repeat(w))))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    writeln!(out, "({} violations)", rows.len())
}

fn row(v: &Violation) -> [String; 5] {
    [
        readable(&v.focus),
        v.path.as_ref().map_or_else(String::new, |p| readable(&p.clone().into())),
        format!("sh:{}", v.component.parameter()),
        v.value.as_ref().map_or_else(String::new, readable),
        v.message.replace('\n', "↵"),
    ]
}

/// A term as a person reads it: prefixed IRIs, literals in Turtle syntax, long ones cut.
fn readable(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => {
            let iri = node.as_str();
            PREFIXES
                .iter()
                .chain(&[("sh", SH)])
                .find_map(|(name, ns)| iri.strip_prefix(ns).map(|local| format!("{name}:{local}")))
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::Literal(literal) => {
            let value = literal.value().replace('\\', "\\\\").replace('"', "\\\"");
            let text = match literal.language() {
                Some(lang) => format!("\"{value}\"@{lang}"),
                None if literal.datatype() == xsd::STRING => format!("\"{value}\""),
                None => {
                    format!("\"{value}\"^^{}", readable(&literal.datatype().into_owned().into()))
                }
            };
            cut(&text.replace('\n', "↵"))
        }
        other => cut(&other.to_string()),
    }
}

/// Cuts a long cell to [`MAX_CELL`] characters.
fn cut(text: &str) -> String {
    if text.chars().count() > MAX_CELL {
        let cut: String = text.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    } else {
        text.to_string()
    }
}
