//! `newsgraph eval`: score the store's mentions or facts against a gold file.
//!
//! The gold file's name says what it annotates (`*.facts.tsv`: facts, else mentions). Predictions
//! are read back from the store with SPARQL rather than taken from a fresh analysis, so the score
//! is that of what `build` actually wrote, RDF model included.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Context;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use super::Outcome;
use crate::analysis::extract::Polarity;
use crate::commands::cli::{EvalArgs, ReportFormat};
use crate::eval::{
    Annotation, FactAnnotation, FactReport, GoldKind, Report, Score, parse_fact_gold, parse_gold,
    score, score_facts,
};
use crate::knowledge::relations::RelationRules;
use crate::knowledge::vocabulary::NG;
use crate::rdf::store::GraphStore;

const PREDICTIONS: &str = r#"
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT DISTINCT ?document ?begin ?end ?surface ?entity ?category WHERE {
  ?doc dcterms:identifier ?document ; ng:context ?context .
  ?mention a nif:Phrase ; nif:referenceContext ?context ; nif:beginIndex ?begin ;
    nif:endIndex ?end ; nif:anchorOf ?surface ; itsrdf:taIdentRef ?entity .
  OPTIONAL { ?entity ng:category ?category }
}"#;

/// Every reified fact with each document it was found in. The object of a family without an
/// object role is the sentence (a literal); it comes back empty.
const FACTS: &str = r#"
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT DISTINCT ?document ?family ?subject ?object ?polarity WHERE {
  ?statement a rdf:Statement ; ng:family ?family ; rdf:subject ?subject ; rdf:object ?value ;
    ng:polarity ?polarity ; dcterms:source ?doc .
  ?doc dcterms:identifier ?document .
  BIND(IF(isIRI(?value), STR(?value), "") AS ?object)
}"#;

const TEXTS: &str = r#"
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT ?document ?text WHERE { ?doc dcterms:identifier ?document ; ng:context/nif:isString ?text }"#;

pub fn run(args: &EvalArgs, ontology: Option<&std::path::Path>) -> anyhow::Result<Outcome> {
    let text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("{}: cannot read gold file", args.gold.display()))?;
    match GoldKind::of(&args.gold) {
        GoldKind::Mentions => run_mentions(args, &text),
        GoldKind::Facts => run_facts(args, &text, ontology),
    }
}

fn run_mentions(args: &EvalArgs, text: &str) -> anyhow::Result<Outcome> {
    let gold = parse_gold(&args.gold, text)?;
    let store = GraphStore::open_read_only(&args.store)?;

    let texts = document_texts(&store)?;
    for a in &gold {
        let text = stored_text(&texts, args, a.line, &a.document)?;
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
            entity: entity_id(&r[4]).to_string(),
            category: r[5].strip_prefix(NG).unwrap_or(&r[5]).to_string(),
            line: 0,
        })
        .collect();
    let report = score(&gold, &predicted);
    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Json if args.totals => {
            writeln!(out, "{}", serde_json::to_string_pretty(&report.overall)?)?;
        }
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        ReportFormat::Table if args.totals => write_totals(&mut out, &report.overall)?,
        ReportFormat::Table => write_report(&mut out, &report, args.verbose)?,
    }
    Ok(Outcome::Success)
}

fn run_facts(
    args: &EvalArgs,
    text: &str,
    ontology: Option<&std::path::Path>,
) -> anyhow::Result<Outcome> {
    // The family names, object roles and directions come from `relations.toml`.
    let knowledge = super::load_knowledge(ontology)?;
    let rules = &knowledge.relations;
    let gold = parse_fact_gold(&args.gold, text, rules)?;
    let store = GraphStore::open_read_only(&args.store)?;

    let texts = document_texts(&store)?;
    for f in &gold {
        stored_text(&texts, args, f.line, &f.document)?;
    }

    let mut predicted = rows(&store, FACTS)?
        .into_iter()
        .map(|r| predicted_fact(&r, rules))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Sorted so that the same one of two equal facts (a symmetric pair stored both ways) is the
    // one reported, whatever order the store returns them in.
    predicted.sort();
    let report = score_facts(&gold, &predicted, rules);
    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Json if args.totals => {
            writeln!(out, "{}", serde_json::to_string_pretty(&report.overall)?)?;
        }
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        ReportFormat::Table if args.totals => write_totals(&mut out, &report.overall)?,
        ReportFormat::Table => write_fact_report(&mut out, &report, args.verbose)?,
    }
    Ok(Outcome::Success)
}

/// A row of [`FACTS`] in the gold's reading order: the statement node of an inverse family
/// (`founder`: the organisation `schema:founder` the person) runs object → subject, like its
/// direct triple, so its ends are swapped back.
fn predicted_fact(row: &[String], rules: &RelationRules) -> anyhow::Result<FactAnnotation> {
    let [document, family, subject, object, polarity] = row else {
        anyhow::bail!("internal fact query gave {} columns", row.len());
    };
    let polarity = match polarity.strip_prefix(NG) {
        Some("Positive") => Polarity::Positive,
        Some("Negative") => Polarity::Negative,
        _ => anyhow::bail!("store: fact {family:?} in {document:?} has polarity <{polarity}>"),
    };
    let mut subject = entity_id(subject).to_string();
    let mut object = (!object.is_empty()).then(|| entity_id(object).to_string());
    if let Some(o) = &mut object
        && rules.family(family).is_some_and(|f| f.inverse)
    {
        std::mem::swap(&mut subject, o);
    }
    Ok(FactAnnotation {
        document: document.clone(),
        family: family.clone(),
        subject,
        object,
        polarity,
        line: 0,
    })
}

/// The entity id of an entity IRI: its last path segment.
fn entity_id(iri: &str) -> &str {
    iri.rsplit('/').next().unwrap_or_default()
}

/// Document id → text of every document in the store.
fn document_texts(store: &GraphStore) -> anyhow::Result<HashMap<String, String>> {
    Ok(rows(store, TEXTS)?.into_iter().map(|r| (r[0].clone(), r[1].clone())).collect())
}

/// The stored text of the document a gold line names, or an error naming that line.
fn stored_text<'a>(
    texts: &'a HashMap<String, String>,
    args: &EvalArgs,
    line: usize,
    document: &str,
) -> anyhow::Result<&'a str> {
    texts.get(document).map(String::as_str).with_context(|| {
        format!("{}:{line}: document {document:?} is not in the store", args.gold.display())
    })
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
    let rows = report.by_category.iter().map(|(k, v)| (k.as_str(), v));
    write_scores(out, "category", rows, &report.overall)?;
    writeln!(out, "\ndistinct entity recall {:.3}", report.entity_recall)?;
    if verbose {
        write_differences(out, &report.missed, &report.spurious)?;
    }
    Ok(())
}

fn write_fact_report(
    out: &mut impl Write,
    report: &FactReport,
    verbose: bool,
) -> std::io::Result<()> {
    let rows = report.by_family.iter().map(|(k, v)| (k.as_str(), v));
    write_scores(out, "family", rows, &report.overall)?;
    if verbose {
        writeln!(out)?;
        write_differences(out, &report.missed, &report.spurious)?;
    }
    Ok(())
}

/// The overall row alone.
fn write_totals(out: &mut impl Write, overall: &Score) -> std::io::Result<()> {
    write_scores(out, "", std::iter::empty(), overall)
}

/// One row per slice, then the overall row.
fn write_scores<'a>(
    out: &mut impl Write,
    label: &str,
    rows: impl Iterator<Item = (&'a str, &'a Score)>,
    overall: &'a Score,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{label:<17}  {:>5}  {:>9}  {:>9}  {:>6}  {:>6}",
        "gold", "predicted", "precision", "recall", "f1"
    )?;
    for (name, s) in rows.chain(std::iter::once(("overall", overall))) {
        writeln!(
            out,
            "{name:<17}  {:>5}  {:>9}  {:>9.3}  {:>6.3}  {:>6.3}",
            s.gold, s.predicted, s.precision, s.recall, s.f1
        )?;
    }
    Ok(())
}

fn write_differences(
    out: &mut impl Write,
    missed: &[String],
    spurious: &[String],
) -> std::io::Result<()> {
    for m in missed {
        writeln!(out, "missed   {m}")?;
    }
    for s in spurious {
        writeln!(out, "spurious {s}")?;
    }
    Ok(())
}
