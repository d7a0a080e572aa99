//! `newsgraph eval`: score the store's mentions against a gold file.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Context;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use super::Outcome;
use crate::cli::{EvalArgs, ReportFormat};
use crate::eval::{Annotation, Report, parse_gold, score};
use crate::rdf::NG;
use crate::store::GraphStore;

const PREDICTIONS: &str = r#"
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT ?document ?begin ?end ?surface ?entity ?category WHERE {
  ?doc dcterms:identifier ?document ; ng:context ?context .
  ?mention a nif:Phrase ; nif:referenceContext ?context ; nif:beginIndex ?begin ;
    nif:endIndex ?end ; nif:anchorOf ?surface ; itsrdf:taIdentRef ?entity .
  OPTIONAL { ?entity ng:category ?category }
}"#;

const TEXTS: &str = r#"
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT ?document ?text WHERE { ?doc dcterms:identifier ?document ; ng:context/nif:isString ?text }"#;

pub fn run(args: &EvalArgs) -> anyhow::Result<Outcome> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("{}: cannot read gold file", args.gold.display()))?;
    let gold = parse_gold(&args.gold, &text)?;
    let store = GraphStore::open_existing(&args.store)?;

    let texts: HashMap<String, String> =
        rows(&store, TEXTS)?.into_iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    for a in &gold {
        let text = texts.get(&a.document).with_context(|| {
            format!(
                "{}:{}: document {:?} is not in the store",
                args.gold.display(),
                a.line,
                a.document
            )
        })?;
        let at: String = text.chars().skip(a.begin).take(a.end - a.begin).collect();
        if at != a.surface {
            anyhow::bail!(
                "{}:{}: surface {:?} but the text at {}..{} is {:?}",
                args.gold.display(),
                a.line,
                a.surface,
                a.begin,
                a.end,
                at
            );
        }
    }

    let predicted: Vec<Annotation> = rows(&store, PREDICTIONS)?
        .into_iter()
        .map(|r| Annotation {
            document: r[0].clone(),
            begin: r[1].parse().unwrap_or_default(),
            end: r[2].parse().unwrap_or_default(),
            surface: r[3].clone(),
            entity: r[4].rsplit('/').next().unwrap_or_default().to_string(),
            category: r[5].strip_prefix(NG).unwrap_or(&r[5]).to_string(),
            line: 0,
        })
        .collect();
    let report = score(&gold, &predicted);
    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        ReportFormat::Table => write_report(&mut out, &report, args.verbose)?,
    }
    Ok(Outcome::Success)
}

/// Plain values of a SELECT query's rows, in projection order.
fn rows(store: &GraphStore, sparql: &str) -> anyhow::Result<Vec<Vec<String>>> {
    let QueryResults::Solutions(solutions) = store.query(sparql, &[])? else {
        anyhow::bail!("internal query is not a SELECT");
    };
    let variables = solutions.variables().to_vec();
    let mut out = Vec::new();
    for solution in solutions {
        let solution = solution?;
        out.push(
            variables
                .iter()
                .map(|v| match solution.get(v) {
                    Some(Term::NamedNode(n)) => n.as_str().to_string(),
                    Some(Term::Literal(l)) => l.value().to_string(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                })
                .collect(),
        );
    }
    Ok(out)
}

fn write_report(out: &mut impl Write, report: &Report, verbose: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<14}  {:>5}  {:>9}  {:>9}  {:>6}  {:>6}",
        "category", "gold", "predicted", "precision", "recall", "f1"
    )?;
    let rows = report.by_category.iter().map(|(k, v)| (k.as_str(), v));
    for (name, s) in rows.chain(std::iter::once(("overall", &report.overall))) {
        writeln!(
            out,
            "{name:<14}  {:>5}  {:>9}  {:>9.3}  {:>6.3}  {:>6.3}",
            s.gold, s.predicted, s.precision, s.recall, s.f1
        )?;
    }
    writeln!(out, "\ndistinct entity recall {:.3}", report.entity_recall)?;
    if verbose {
        for m in &report.missed {
            writeln!(out, "missed   {m}")?;
        }
        for s in &report.spurious {
            writeln!(out, "spurious {s}")?;
        }
    }
    Ok(())
}
