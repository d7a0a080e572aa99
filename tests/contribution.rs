//! A document's contribution to the store, and only it, changes when the document is rebuilt or
//! taken out: the store after any sequence of builds, removals and prunes is byte for byte the
//! store a clean build of the documents left makes. A fact many documents repeat is stored once,
//! so the rows of the fact queries do not grow with the number of documents that tell it.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Workspace, query_path, repo};

/// The seed articles, and `copies` copies of each under other file names, in `dir`.
fn corpus(ws: &Workspace, dir: &str, copies: usize) -> Vec<String> {
    let dir = ws.path(dir);
    std::fs::create_dir_all(&dir).expect("corpus dir");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(repo().join("seeds")).expect("seeds") {
        let path = entry.expect("seed").path();
        let stem = path.file_stem().expect("stem").to_string_lossy().into_owned();
        for copy in 0..=copies {
            let name = if copy == 0 { format!("{stem}.txt") } else { format!("{stem}_{copy}.txt") };
            std::fs::copy(&path, dir.join(&name)).expect("copy seed");
            names.push(name);
        }
    }
    names.sort();
    names
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
    }
}

/// The store's sorted N-Quads.
fn export(ws: &Workspace, store: &str) -> String {
    ws.ok(&["export", "--format", "nq", "--store", store])
}

fn assert_same_store(ws: &Workspace, store: &str, clean: &str) {
    let (got, want) = (export(ws, store), export(ws, clean));
    if got != want {
        let got: BTreeSet<&str> = got.lines().collect();
        let want: BTreeSet<&str> = want.lines().collect();
        let extra: Vec<&&str> = got.difference(&want).take(10).collect();
        let missing: Vec<&&str> = want.difference(&got).take(10).collect();
        panic!("{store} differs from a clean build\nextra: {extra:#?}\nmissing: {missing:#?}");
    }
}

/// Sources of each event, as "event IRI\tnumber of documents".
fn event_sources(ws: &Workspace, store: &str) -> Vec<(String, usize)> {
    let query = ws.query_file(
        "sources.rq",
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n\
         PREFIX prov: <http://www.w3.org/ns/prov#>\n\
         SELECT ?event (COUNT(DISTINCT ?doc) AS ?n) WHERE {\n\
           ?event a prov:Activity ; dcterms:source ?doc } GROUP BY ?event ORDER BY ?event",
    );
    ws.query_json(store, &query)
        .iter()
        .map(|row| {
            let n = row["n"].as_str().expect("count").parse().expect("number");
            (row["event"].as_str().expect("event").to_string(), n)
        })
        .collect()
}

#[test]
fn rebuilding_one_changed_document_of_many_equals_a_clean_build() {
    let ws = Workspace::new();
    corpus(&ws, "news", 2);
    ws.ok(&["build", "news", "--store", "store"]);
    // One copy now tells another story: what it told alone goes, what it tells now comes.
    let seeds = repo().join("seeds");
    std::fs::copy(
        seeds.join("001_e67a0d342205b59c.txt"),
        ws.path("news/002_01b988951eb231e9_1.txt"),
    )
    .expect("change a document");
    ws.ok(&["build", "news", "--store", "store"]);
    ws.ok(&["build", "news", "--store", "clean"]);
    assert_same_store(&ws, "store", "clean");
}

#[test]
fn removing_documents_by_id_or_file_equals_a_clean_build_without_them() {
    let ws = Workspace::new();
    corpus(&ws, "news", 1);
    ws.ok(&["build", "news", "--store", "store"]);
    let out = ws.ok(&[
        "remove",
        "003_4b787456bdec2b56_1",
        "news/000_6c33ecf22cc750f8.txt",
        "--store",
        "store",
    ]);
    assert!(out.contains("removed 003_4b787456bdec2b56_1"), "{out}");
    assert!(out.contains("removed 000_6c33ecf22cc750f8"), "{out}");
    std::fs::remove_file(ws.path("news/003_4b787456bdec2b56_1.txt")).expect("rm");
    std::fs::remove_file(ws.path("news/000_6c33ecf22cc750f8.txt")).expect("rm");
    ws.ok(&["build", "news", "--store", "clean"]);
    assert_same_store(&ws, "store", "clean");
}

#[test]
fn removing_an_unknown_document_fails_and_keeps_the_others() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let before = export(&ws, "store");
    let output = ws.run(&["remove", "no_such_document", "--store", "store"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no_such_document"), "{stderr}");
    assert_eq!(export(&ws, "store"), before);
}

#[test]
fn removing_the_only_teller_of_an_event_removes_it_and_others_keep_theirs() {
    let ws = Workspace::new();
    corpus(&ws, "news", 0);
    // A second telling of the first seed, so its events have two sources.
    std::fs::copy(
        ws.path("news/000_6c33ecf22cc750f8.txt"),
        ws.path("news/000_6c33ecf22cc750f8_again.txt"),
    )
    .expect("copy");
    ws.ok(&["build", "news", "--store", "store"]);
    let before = event_sources(&ws, "store");
    let told_twice: Vec<&String> =
        before.iter().filter(|(_, n)| *n == 2).map(|(event, _)| event).collect();
    assert!(!told_twice.is_empty(), "no event told by both copies: {before:?}");

    ws.ok(&["remove", "000_6c33ecf22cc750f8_again", "--store", "store"]);
    let after = event_sources(&ws, "store");
    for event in &told_twice {
        assert!(after.contains(&((*event).clone(), 1)), "{event} lost more than one source");
    }

    // Events the third seed alone tells go with it, every triple of them.
    let only_third: Vec<String> = {
        let query = ws.query_file(
            "third.rq",
            "PREFIX dcterms: <http://purl.org/dc/terms/>\n\
             PREFIX prov: <http://www.w3.org/ns/prov#>\n\
             SELECT DISTINCT ?event WHERE { ?event a prov:Activity ; dcterms:source ?doc .\n\
               ?doc dcterms:identifier \"003_4b787456bdec2b56\"\n\
               FILTER NOT EXISTS { ?event dcterms:source ?other FILTER(?other != ?doc) } }",
        );
        ws.query_json("store", &query)
            .iter()
            .map(|row| row["event"].as_str().expect("event").to_string())
            .collect()
    };
    assert!(!only_third.is_empty(), "the third seed tells no event of its own");
    ws.ok(&["remove", "003_4b787456bdec2b56", "--store", "store"]);
    let nquads = export(&ws, "store");
    for event in &only_third {
        assert!(!nquads.contains(&format!("<{event}>")), "{event} is still in the store");
    }
}

#[test]
fn build_prune_takes_out_the_documents_whose_files_are_gone() {
    let ws = Workspace::new();
    corpus(&ws, "news", 1);
    ws.ok(&["build", "news", "--store", "store"]);
    std::fs::remove_file(ws.path("news/004_1e5a82cf51b8f3c3.txt")).expect("rm");
    std::fs::remove_file(ws.path("news/004_1e5a82cf51b8f3c3_1.txt")).expect("rm");
    let out = ws.ok(&["build", "news", "--store", "store", "--prune"]);
    assert!(out.contains("removed 004_1e5a82cf51b8f3c3 "), "{out}");
    ws.ok(&["build", "news", "--store", "clean"]);
    assert_same_store(&ws, "store", "clean");
    // Without --prune, a document whose file is gone stays.
    copy_dir(&ws.path("news"), &ws.path("fewer"));
    std::fs::remove_file(ws.path("fewer/001_e67a0d342205b59c.txt")).expect("rm");
    ws.ok(&["build", "fewer", "--store", "store"]);
    assert_same_store(&ws, "store", "clean");
}

/// The queries whose rows are facts, not documents, with the columns that count something.
const FACT_QUERIES: &[(&str, &[&str])] = &[
    ("offers", &[]),
    ("rejections", &[]),
    ("acquisitions", &[]),
    ("partnerships", &[]),
    ("approvals", &[]),
    ("ownership", &[]),
    ("founders", &[]),
    ("roles", &[]),
    ("government-actions", &[]),
    ("lawsuits", &[]),
    ("precedents", &[]),
    ("support", &[]),
    ("mergers", &[]),
    ("entities", &["mentions"]),
];

fn rows(ws: &Workspace, store: &str, query: &str, counts: &[&str]) -> Vec<String> {
    let path = query_path(&format!("{query}.rq"));
    let mut rows: Vec<String> = ws
        .query_json(store, &path)
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = row
                .iter()
                .filter(|(var, _)| !counts.contains(&var.as_str()))
                .map(|(var, value)| format!("{var}={}", value.as_str().unwrap_or_default()))
                .collect();
            cells.sort();
            cells.join("\t")
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn fact_query_rows_do_not_grow_with_the_documents_that_repeat_a_fact() {
    let ws = Workspace::new();
    corpus(&ws, "once", 0);
    corpus(&ws, "thrice", 2);
    ws.ok(&["build", "once", "--store", "once"]);
    ws.ok(&["build", "thrice", "--store", "thrice"]);
    for (query, counts) in FACT_QUERIES {
        let once = rows(&ws, "once", query, counts);
        let thrice = rows(&ws, "thrice", query, counts);
        assert!(!once.is_empty(), "{query}: no rows");
        assert_eq!(once, thrice, "{query}: rows differ when every document is told three times");
    }
}
