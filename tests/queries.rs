//! The competency queries of `queries/`: their column contract, their answers on the seed
//! articles, `--bind` on evidence.rq, and facts the graph must not claim.
//!
//! Expected answers live in `tests/expected/<query>.tsv`: a header line with the column names,
//! then one line per row, values tab-separated (plain values, not RDF terms; an unbound value is
//! empty; `\`, tab, newline and carriage return in a value are written `\\`, `\t`, `\n`, `\r`).
//! Rows are compared as sets, so row order does not matter. After a change to the extraction
//! rules, regenerate them and review the diff:
//!
//! ```sh
//! NEWSGRAPH_BLESS=1 cargo test --release --test queries
//! git diff tests/expected/
//! ```

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Workspace, query_path, repo};

/// The competency queries and the columns each must start with (the contract; `...Iri` and
/// further columns may follow).
const CONTRACTS: &[(&str, &[&str])] = &[
    ("offers", &["bidder", "target", "status"]),
    ("rejections", &["rejecter", "rejected", "date"]),
    ("acquisitions", &["acquirer", "acquired", "seller", "value", "status"]),
    ("partnerships", &["partner", "with", "role", "status"]),
    ("approvals", &["approver", "subject", "status"]),
    ("ownership", &["owner", "owned", "share"]),
    ("founders", &["founder", "organization"]),
    ("roles", &["person", "role", "organization"]),
    ("government-actions", &["actor", "action", "target", "date", "deadline"]),
    ("lawsuits", &["plaintiff", "defendant", "court", "date"]),
    ("precedents", &["party", "precedent", "description"]),
    ("support", &["supporter", "supported"]),
    ("mergers", &["organization", "mergedWith", "date"]),
    ("statements", &["speaker", "statement", "document"]),
    ("timeline", &["date", "precision", "event", "label", "document"]),
    ("evidence", &["subject", "property", "object", "document", "sentence", "rule", "confidence"]),
];

/// A SELECT result: the column names and the rows, unbound values as "".
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn column(&self, name: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {:?}", self.columns))
    }

    fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        let i = self.column(name);
        self.rows.iter().map(move |row| row[i].as_str())
    }
}

/// Runs a query file with `--format json` and any `--bind VAR=VALUE`s.
fn select(ws: &Workspace, store: &str, query: &Path, binds: &[&str]) -> Table {
    let mut args =
        vec!["query", query.to_str().expect("utf-8 path"), "--store", store, "--format", "json"];
    for bind in binds {
        args.extend(["--bind", bind]);
    }
    let json: serde_json::Value = serde_json::from_str(&ws.ok(&args)).expect("SPARQL JSON results");
    let columns: Vec<String> = json["head"]["vars"]
        .as_array()
        .expect("head.vars")
        .iter()
        .map(|v| v.as_str().expect("variable name").to_string())
        .collect();
    let rows = json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| row[c]["value"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .collect();
    Table { columns, rows }
}

/// Runs an ASK query given as text.
fn ask(ws: &Workspace, store: &str, name: &str, sparql: &str) -> bool {
    let query = ws.query_file(name, sparql);
    let out =
        ws.ok(&["query", query.to_str().expect("utf-8"), "--store", store, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("SPARQL JSON result");
    json["boolean"].as_bool().expect("ASK result")
}

fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
}

fn tsv_line(values: &[String]) -> String {
    values.iter().map(|v| escape(v)).collect::<Vec<_>>().join("\t")
}

/// The leading comment block of a query file.
fn header_comment(text: &str) -> String {
    text.lines().take_while(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n")
}

const PREFIXES: &str = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
    PREFIX schema: <https://schema.org/>\n\
    PREFIX ng: <https://w3id.org/newsgraph/ns#>\n";

#[test]
fn competency_queries_give_the_expected_rows_on_the_seeds() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let bless = std::env::var("NEWSGRAPH_BLESS").is_ok_and(|v| v == "1");
    let expected_dir = repo().join("tests/expected");
    if bless {
        std::fs::create_dir_all(&expected_dir).expect("create tests/expected");
    }
    let mut failures = Vec::new();
    for (name, contract) in CONTRACTS {
        let table = select(&ws, "store", &query_path(&format!("{name}.rq")), &[]);
        let contract: Vec<String> = contract.iter().map(|c| c.to_string()).collect();
        assert!(
            table.columns.starts_with(&contract),
            "{name}.rq: columns {:?} must start with {contract:?}",
            table.columns
        );
        let header = table.columns.join("\t");
        let got: BTreeSet<String> = table.rows.iter().map(|r| tsv_line(r)).collect();
        assert_eq!(got.len(), table.rows.len(), "{name}.rq returns duplicate rows");
        let path = expected_dir.join(format!("{name}.tsv"));
        if bless {
            let mut text = format!("{header}\n");
            for line in &got {
                text.push_str(line);
                text.push('\n');
            }
            std::fs::write(&path, text).expect("write expected file");
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{}: {e} (run with NEWSGRAPH_BLESS=1 to create it)", path.display())
        });
        let mut lines = text.lines();
        let expected_header = lines.next().unwrap_or_default();
        if expected_header != header {
            failures.push(format!(
                "{name}.rq: columns\n  expected {expected_header:?}\n  got      {header:?}"
            ));
            continue;
        }
        let expected: BTreeSet<String> = lines.map(str::to_string).collect();
        if expected != got {
            let mut report = format!("{name}.rq differs from {}:", path.display());
            for missing in expected.difference(&got) {
                report.push_str(&format!("\n  - {missing}"));
            }
            for extra in got.difference(&expected) {
                report.push_str(&format!("\n  + {extra}"));
            }
            failures.push(report);
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(- expected but missing, + returned but not expected; if the change is right, \
         regenerate with NEWSGRAPH_BLESS=1)",
        failures.join("\n")
    );
}

#[test]
fn every_query_file_names_its_columns_and_answers_on_the_seeds() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let mut files: Vec<_> = std::fs::read_dir(repo().join("queries"))
        .expect("queries/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rq"))
        .collect();
    files.sort();
    assert!(files.len() >= CONTRACTS.len(), "{files:?}");
    for (name, _) in CONTRACTS {
        assert!(files.contains(&query_path(&format!("{name}.rq"))), "queries/{name}.rq is missing");
    }
    for file in &files {
        let name = file.file_name().expect("name").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).expect("read query");
        let comment = header_comment(&text);
        assert!(!comment.is_empty(), "{name} must start with a comment block");
        assert!(comment.contains("Columns:"), "{name}: the comment must list its columns");
        let table = select(&ws, "store", file, &[]);
        for column in &table.columns {
            assert!(
                comment.contains(&format!("?{column}")),
                "{name}: the comment does not name column ?{column}"
            );
        }
        assert!(!table.rows.is_empty(), "{name} returns no rows on the seeds");
    }
}

#[test]
fn evidence_bound_to_a_subject_lists_only_its_facts_with_their_sentences() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let evidence = query_path("evidence.rq");
    let all = select(&ws, "store", &evidence, &[]);
    let oracle = select(&ws, "store", &evidence, &["subject=Oracle"]);
    assert!(!oracle.rows.is_empty(), "no facts about Oracle");
    assert!(oracle.values("subject").all(|s| s == "Oracle"));
    assert!(all.values("subject").any(|s| s != "Oracle"), "unbound, every subject is listed");
    // Binding filters and changes nothing else: the Oracle rows of the full list, exactly.
    let subject = all.column("subject");
    let expected: BTreeSet<&Vec<String>> =
        all.rows.iter().filter(|r| r[subject] == "Oracle").collect();
    assert_eq!(oracle.rows.iter().collect::<BTreeSet<_>>(), expected);

    // Each sentence names Oracle, or holds a mention resolved to it ("das Unternehmen").
    let referring = ws.query_file(
        "referring.rq",
        &format!(
            "{PREFIXES}PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n\
             PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>\n\
             SELECT DISTINCT ?text WHERE {{\n\
               ?entity rdfs:label \"Oracle\"@en .\n\
               ?mention itsrdf:taIdentRef ?entity ; nif:sentence ?s . ?s nif:anchorOf ?text }}"
        ),
    );
    let referring: BTreeSet<String> =
        select(&ws, "store", &referring, &[]).values("text").map(str::to_string).collect();
    for sentence in oracle.values("sentence") {
        assert!(!sentence.is_empty(), "a fact without its sentence");
        assert!(
            sentence.contains("Oracle") || referring.contains(sentence),
            "the sentence does not refer to Oracle: {sentence}"
        );
    }

    let table = ws.ok(&[
        "query",
        evidence.to_str().expect("utf-8"),
        "--bind",
        "subject=Oracle",
        "--store",
        "store",
        "--format",
        "table",
    ]);
    let mut lines = table.lines();
    assert!(lines.next().is_some_and(|h| h.starts_with("subject  ")), "{table}");
    assert!(lines.next().is_some_and(|l| l.starts_with("---")), "{table}");
    assert!(table.ends_with(&format!("({} rows)\n", oracle.rows.len())), "{table}");
}

#[test]
fn a_bound_value_cannot_change_the_evidence_query() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let evidence = query_path("evidence.rq");
    for value in [
        "Oracle\" || true || \"",
        "Oracle\") } UNION { ?s ?p ?o } #",
        "Oracle> } UNION { ?s ?p ?o",
        "<https://w3id.org/newsgraph/id/entity/oracle>",
        "\"Oracle\"@en",
        "Oracle'",
    ] {
        let bind = format!("subject={value}");
        let table = select(&ws, "store", &evidence, &[&bind]);
        assert!(table.rows.is_empty(), "--bind {bind:?} returned {} rows", table.rows.len());
    }
}

#[test]
fn no_direct_triple_claims_what_the_seeds_deny() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let claims = [
        // ByteDance refused to sell TikTok to anyone, and TikTok was never sold.
        (
            "tiktok-sold.rq",
            "ASK { { ?tiktok rdfs:label \"TikTok\"@en } UNION { ?tiktok rdfs:label \"ByteDance\"@en }\n\
             { ?tiktok ng:soldTo ?buyer } UNION { ?seller ng:soldTo ?tiktok } }",
        ),
        // Oracle is a technology partner, not TikTok's owner.
        (
            "oracle-owns-tiktok.rq",
            "ASK { ?oracle rdfs:label \"Oracle\"@en . ?tiktok rdfs:label \"TikTok\"@en .\n\
             ?oracle schema:owns ?tiktok }",
        ),
        // Microsoft's offer was turned down.
        (
            "microsoft-acquired-tiktok.rq",
            "ASK { ?microsoft rdfs:label \"Microsoft\"@en . ?tiktok rdfs:label \"TikTok\"@en .\n\
             ?microsoft ng:acquired ?tiktok }",
        ),
    ];
    for (name, sparql) in claims {
        assert!(!ask(&ws, "store", name, &format!("{PREFIXES}{sparql}")), "{name}: {sparql}");
    }
    // The statement nodes still record what was said, and the ASKs can see such triples at all.
    assert!(ask(
        &ws,
        "store",
        "any-acquisition.rq",
        &format!("{PREFIXES}ASK {{ ?fact ng:family \"acquisition\" }}")
    ));
}

#[test]
fn every_newsgraph_term_in_the_graph_is_declared_in_english_and_german() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = ws.query_file(
        "undeclared.rq",
        &format!(
            "{PREFIXES}SELECT DISTINCT ?term WHERE {{\n\
               {{ ?s ?term ?o }} UNION {{ ?s ?p ?term FILTER(isIRI(?term)) }}\n\
               FILTER(STRSTARTS(STR(?term), STR(ng:)))\n\
               FILTER NOT EXISTS {{ GRAPH <https://w3id.org/newsgraph/id/graph/vocabulary> {{\n\
                 ?term rdfs:label ?en , ?de ; rdfs:comment ?comment .\n\
                 FILTER(LANG(?en) = \"en\" && LANG(?de) = \"de\") }} }}\n\
             }} ORDER BY ?term"
        ),
    );
    let undeclared = select(&ws, "store", &query, &[]);
    assert!(
        undeclared.rows.is_empty(),
        "used but not declared with labels @en and @de and a comment in ontology/newsgraph.ttl: {:?}",
        undeclared.values("term").collect::<Vec<_>>()
    );
}
