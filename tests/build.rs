//! End to end: `newsgraph build` on the seed articles, then the shipped queries and exports.

mod common;

use common::{Workspace, parse_csv, query_path, repo, value};

#[test]
fn build_prints_a_summary_and_leaves_a_store() {
    let ws = Workspace::new();
    let out = ws.build_seeds("store");
    let totals = out.lines().find(|l| l.contains(" documents, ")).expect("totals line");
    for part in ["5 documents", "sentences", "mentions", "entities", "quads"] {
        assert!(totals.contains(part), "{totals}");
    }
    assert!(ws.path("store").is_dir());
}

#[test]
fn entities_query_lists_the_seed_entities_with_mentions() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = query_path("entities.rq");
    let csv = ws.ok(&[
        "query",
        query.to_str().expect("utf-8 path"),
        "--store",
        "store",
        "--format",
        "csv",
    ]);
    let rows = parse_csv(&csv);
    assert_eq!(rows[0][..4], ["entity", "label", "type", "mentions"]);
    for label in [
        "ByteDance",
        "TikTok",
        "Oracle",
        "Microsoft",
        "Walmart",
        "Donald Trump",
        "Steven Mnuchin",
        "Genworth Financial",
        "Larry Ellison",
    ] {
        let row = rows
            .iter()
            .find(|r| r[1] == label)
            .unwrap_or_else(|| panic!("{label} missing:\n{csv}"));
        let mentions: usize = row[3].parse().expect("count");
        assert!(mentions > 0, "{label}: {mentions}");
        assert!(row[0].starts_with("https://w3id.org/newsgraph/id/entity/"), "{row:?}");
        assert!(row[2].starts_with("https://schema.org/"), "{row:?}");
    }
    let entities: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let mut distinct = entities.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(entities.len(), distinct.len(), "one row per entity");
}

#[test]
fn documents_query_shows_dates_at_their_precision() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let rows = ws.query_json("store", &query_path("documents.rq"));
    let by_id = |prefix: &str| {
        rows.iter().find(|r| value(r, "document").starts_with(prefix)).expect("document row")
    };
    // The dated trailer wins over the header's month.
    assert_eq!(value(by_id("002_"), "date"), "2020-09-14");
    assert_eq!(value(by_id("003_"), "date"), "2020-09-15");
    assert_eq!(value(by_id("001_"), "date"), "2020-09");
    assert_eq!(value(by_id("004_"), "date"), "2020-09");
    let undated = by_id("000_");
    assert_eq!(value(undated, "date"), "");
    assert_eq!(value(undated, "author"), "Michael Förtsch");
    assert_eq!(value(by_id("002_"), "sources"), "Reuters, APA");
    assert_eq!(value(by_id("003_"), "sources"), "APA");
    for row in &rows {
        let sentences: usize = value(row, "sentences").parse().expect("count");
        assert!(sentences > 5, "{row:?}");
    }
    assert_eq!(rows.len(), 5);
}

#[test]
fn table_format_aligns_columns() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = query_path("documents.rq");
    let table = ws.ok(&["query", query.to_str().expect("utf-8 path"), "--store", "store"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("document"), "{table}");
    assert!(lines[1].chars().all(|c| c == '-' || c == ' '), "{table}");
    let date_column = lines[0].find("date").expect("date header");
    let row = lines.iter().find(|l| l.starts_with("002_")).expect("row");
    assert_eq!(row.chars().skip(date_column).take(10).collect::<String>(), "2020-09-14");
    assert_eq!(lines.last().copied(), Some("(5 rows)"));
}

#[test]
fn standard_result_formats() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = query_path("documents.rq");
    let q = query.to_str().expect("utf-8 path");
    let tsv = ws.ok(&["query", q, "--store", "store", "--format", "tsv"]);
    let header = "?document\t?date\t?author\t?sources\t?sentences\t?headline\t?url\t?publisher\n";
    assert!(tsv.starts_with(header), "{tsv}");
    assert!(tsv.contains("\"2020-09-14\"^^<http://www.w3.org/2001/XMLSchema#date>"), "{tsv}");
    let xml = ws.ok(&["query", q, "--store", "store", "--format", "xml"]);
    assert!(xml.contains("<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"), "{xml}");
    assert_eq!(xml.matches("<result>").count(), 5);
    let ask = ws.query_file("ask.rq", "ASK { ?s a <https://schema.org/NewsArticle> }");
    assert_eq!(ws.ok(&["query", ask.to_str().expect("utf-8 path"), "--store", "store"]), "true\n");
}

#[test]
fn bind_substitutes_a_variable() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = ws.query_file(
        "by_label.rq",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
         SELECT ?entity ?name WHERE { ?entity rdfs:label ?label . FILTER(STR(?label) = ?name) }",
    );
    let out = ws.ok(&[
        "query",
        query.to_str().expect("utf-8 path"),
        "--store",
        "store",
        "--format",
        "csv",
        "--bind",
        "name=Oracle",
    ]);
    assert_eq!(out, "entity,name\r\nhttps://w3id.org/newsgraph/id/entity/oracle,Oracle\r\n");
}

#[test]
fn query_errors_name_the_file() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let bad = ws.query_file("bad.rq", "SELECT ?x WHERE { ?x ");
    let output = ws.run(&["query", bad.to_str().expect("utf-8 path"), "--store", "store"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.rq") && stderr.contains("syntax"), "{stderr}");
    let missing = ws.run(&["query", bad.to_str().expect("utf-8 path"), "--store", "nowhere"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere"));
}

#[test]
fn trailer_agencies_link_to_entities() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = ws.query_file(
        "sources.rq",
        "PREFIX schema: <https://schema.org/>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n\
         SELECT ?id ?source WHERE { ?d dcterms:identifier ?id ; schema:sourceOrganization ?source }\n\
         ORDER BY ?id ?source",
    );
    let rows = ws.query_json("store", &query);
    let pairs: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                value(r, "id")[..3].to_string(),
                value(r, "source").rsplit('/').next().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected = [("002", "apa"), ("002", "reuters"), ("003", "apa")];
    assert_eq!(pairs, expected.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn dry_run_analyses_everything_and_stores_nothing() {
    let ws = Workspace::new();
    let seeds = repo().join("seeds");
    let out =
        ws.ok(&["build", seeds.to_str().expect("utf-8 path"), "--dry-run", "--store", "store"]);
    assert!(out.contains("5 documents") && out.contains("(dry run, not stored)"), "{out}");
    assert!(!ws.path("store").exists(), "a dry run creates no store");
    let stored = ws.build_seeds("store");
    let quads = |summary: &str| {
        let line = summary.lines().find(|l| l.contains(" quads "))?.to_string();
        let part = line.split(", ").find(|p| p.contains(" quads "))?.to_string();
        part.split(' ').next().map(str::to_string)
    };
    // The facts graph is made from the stored documents, so a dry run has none.
    let query = ws.query_file(
        "facts.rq",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/newsgraph/id/graph/facts> { ?s ?p ?o } }",
    );
    let rows = ws.query_json("store", &query);
    let facts: usize = rows[0]["n"].as_str().expect("count").parse().expect("number");
    assert!(facts > 0, "no facts graph");
    let stored: usize = quads(&stored).expect("stored quads").parse().expect("number");
    let made: usize = quads(&out).expect("dry-run quads").parse().expect("number");
    assert_eq!(made + facts, stored, "the dry run makes the quads the build stores");
}
