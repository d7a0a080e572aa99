//! Readers never fail: many `query`, `export` and `validate` processes side by side on one store,
//! and queries and exports while a build writes it, each answer a consistent state.

mod common;

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Workspace, repo};

const DOC: &str = "https://w3id.org/newsgraph/id/doc/";

fn spawn(ws: &Workspace, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .current_dir(ws.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("newsgraph starts")
}

fn finished(child: Child, what: &str) -> Output {
    let output = child.wait_with_output().expect("newsgraph ends");
    assert!(
        output.status.success(),
        "{what} failed with {}:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A child process, killed when the test ends, also when it fails.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Eight `newsgraph query` processes started together on one store all answer, with the same
/// rows; two exports and a validation beside them too.
#[test]
fn eight_queries_at_once_all_succeed_with_the_same_rows() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = repo().join("queries/evidence.rq");
    let query = query.to_str().expect("utf-8 path");
    let alone = ws.ok(&["query", query, "--store", "store", "--format", "csv"]);
    assert!(alone.lines().count() > 50, "the query has rows:\n{alone}");

    let args = ["query", query, "--store", "store", "--format", "csv"];
    let queries: Vec<Child> = (0..8).map(|_| spawn(&ws, &args)).collect();
    let exports: Vec<Child> =
        (0..2).map(|_| spawn(&ws, &["export", "--format", "nq", "--store", "store"])).collect();
    let validation = spawn(&ws, &["validate", "--store", "store"]);
    for (i, child) in queries.into_iter().enumerate() {
        let output = finished(child, &format!("query {i}"));
        assert!(output.stdout == alone.as_bytes(), "query {i} answered other rows");
    }
    let mut dumps = exports.into_iter().map(|child| finished(child, "export").stdout);
    let first = dumps.next().expect("an export");
    assert!(first.len() > 100_000 && dumps.all(|dump| dump == first), "the exports differ");
    finished(validation, "validate");
}

/// The document graphs of an N-Quads dump, each as a hash of its sorted lines.
fn document_graphs(nquads: &str) -> BTreeMap<String, u64> {
    let mut graphs = common::graphs_of(nquads);
    graphs.retain(|graph, _| graph.starts_with(DOC));
    graphs.into_iter().map(|(graph, lines)| (graph, hash_of(&lines))).collect()
}

fn hash_of(lines: &BTreeSet<String>) -> u64 {
    let mut hasher = DefaultHasher::new();
    lines.hash(&mut hasher);
    hasher.finish()
}

/// The number of quads of each document graph, from a CSV answer of `sizes.rq`.
fn sizes(csv: &str) -> BTreeMap<String, u64> {
    (csv.lines().skip(1))
        .filter(|line| line.starts_with(DOC))
        .map(|line| {
            let (graph, n) = line.split_once(',').expect("two columns");
            (graph.to_string(), n.trim().parse().expect("a count"))
        })
        .collect()
}

/// Checks that each document graph of an answer is absent, the old or the new one; returns how
/// many of the documents that are new to the store it holds.
fn new_documents(
    answer: &BTreeMap<String, u64>,
    old: &BTreeMap<String, u64>,
    new: &BTreeMap<String, u64>,
    what: &str,
) -> usize {
    for (graph, content) in answer {
        let allowed = [old.get(graph), new.get(graph)];
        assert!(
            allowed.contains(&Some(content)),
            "{what}: {graph} is neither its old nor its new graph"
        );
    }
    for graph in old.keys() {
        assert!(answer.contains_key(graph), "{what}: {graph} was in the store and is missing");
    }
    answer.keys().filter(|graph| !old.contains_key(*graph)).count()
}

/// Query and export processes run one after another while `newsgraph build` writes about 2,100
/// documents into a store that holds the seeds: none fails, and each answer is a state in which
/// every document's graph is absent, the old (before the build) or the new one (after it), never
/// partial; the build completes.
#[test]
fn queries_and_exports_during_a_build_see_every_document_whole() {
    let ws = Workspace::new();
    let documents =
        common::changed_corpus(&ws.path("changed"), &["deals", "unseen", "stories"], 70);
    assert!(documents >= 2_000, "{documents} documents");
    let sizes_query = ws.query_file(
        "sizes.rq",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    );
    let sizes_query = sizes_query.to_str().expect("utf-8 path");
    let query = || ws.ok(&["query", sizes_query, "--store", "store", "--format", "csv"]);
    let export = || ws.ok(&["export", "--format", "nq", "--store", "store"]);
    ws.build_seeds("store");
    let (old_sizes, old) = (sizes(&query()), document_graphs(&export()));

    // The summary goes nowhere: a pipe nobody reads would stop the build when it is full.
    let mut build = Killed(
        Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(["build", "changed", "--store", "store"])
            .current_dir(ws.dir.path())
            .stdout(Stdio::null())
            .spawn()
            .expect("the build starts"),
    );
    let started = Instant::now();
    let mut answers = Vec::new();
    loop {
        if let Some(status) = build.0.try_wait().expect("build status") {
            assert!(status.success(), "the build failed with {status}");
            break;
        }
        answers.push(if answers.len() % 2 == 0 {
            ("query", sizes(&query()))
        } else {
            ("export", document_graphs(&export()))
        });
        assert!(started.elapsed() < Duration::from_secs(900), "the build does not end");
    }
    let (new_sizes, new) = (sizes(&query()), document_graphs(&export()));
    assert_eq!(new.len(), documents);
    let mut partly_built = 0;
    for (what, answer) in &answers {
        let holding = match *what {
            "query" => new_documents(answer, &old_sizes, &new_sizes, what),
            _ => new_documents(answer, &old, &new, what),
        };
        if holding > 0 && holding < documents - old.len() {
            partly_built += 1;
        }
    }
    println!(
        "{} answers during the build, {partly_built} of them while it was half done",
        answers.len()
    );
    assert!(answers.len() >= 4, "only {} answers while the build ran", answers.len());
    assert!(partly_built >= 1, "no answer saw the build half done ({} answers)", answers.len());
}
