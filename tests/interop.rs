//! Exports that other tools load: rapper (Raptor) and rdflib read every RDF format back to exactly
//! the store's triples and quads, every format is byte-identical across exports, JSON-LD reads as
//! short keys of the shipped context, and the VoID description counts what the store holds.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workspace, repo};

/// Every RDF format of `export`, with the file extension used here.
const FORMATS: &[&str] = &["ttl", "nt", "nq", "trig", "jsonld", "rdfxml", "nif", "void"];

/// Exports `store` in `format` to a file in the workspace and returns its path.
fn export(ws: &Workspace, store: &str, format: &str, name: &str) -> PathBuf {
    let path = ws.path(name);
    ws.ok(&["export", "--format", format, "--store", store, "-o", path.to_str().expect("utf-8")]);
    path
}

/// Runs `rapper -c` (count only) and returns the number of triples (or quads) it read.
fn rapper_count(syntax: &str, path: &Path) -> usize {
    let output = Command::new("rapper")
        .args(["-i", syntax, "-c", path.to_str().expect("utf-8")])
        .output()
        .expect("rapper (Debian raptor2-utils, see .ci/install-deps) is installed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "rapper rejected {}:\n{stderr}", path.display());
    assert!(!stderr.contains("Warning"), "rapper warned about {}:\n{stderr}", path.display());
    let line = stderr.lines().find(|l| l.contains("returned")).expect("rapper count line");
    line.split_whitespace()
        .find_map(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"))
}

/// Runs a Python script with arguments and returns its stdout, failing the test on error.
fn python(script: &str, args: &[&Path]) -> String {
    let output =
        Command::new("python3").arg("-c").arg(script).args(args).output().expect("python3 runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "python failed:\n{stderr}");
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Loads an N-Quads reference and other files into rdflib Datasets and prints, per file, the
/// number of quads and whether the set of quads equals the reference. The store has no blank
/// nodes, so equal sets of N-Quads terms are isomorphic datasets.
const RDFLIB_COMPARE: &str = r#"
import sys
import rdflib
rdflib.NORMALIZE_LITERALS = False

def quads(path, syntax):
    dataset = rdflib.Dataset()
    dataset.parse(path, format=syntax)
    out = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        for term in (s, p, o):
            assert not isinstance(term, rdflib.BNode), f"{path}: blank node {term}"
        graph = getattr(g, "identifier", g)
        out.add((s.n3(), p.n3(), o.n3(), "" if graph is None else graph.n3()))
    return out

reference = quads(sys.argv[1], "nquads")
print("nquads", len(reference), "same")
for path, syntax in zip(sys.argv[2::2], sys.argv[3::2]):
    got = quads(path, syntax)
    for quad in sorted(reference - got)[:5]:
        print("missing", *quad, file=sys.stderr)
    for quad in sorted(got - reference)[:5]:
        print("extra", *quad, file=sys.stderr)
    print(syntax, len(got), "same" if got == reference else "different")
"#;

#[test]
fn turtle_ntriples_and_rdfxml_parse_with_rapper_to_the_store_triples() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let nt = ws.ok(&["export", "--format", "nt", "--store", "store"]);
    let triples = nt.lines().count();
    assert!(triples > 1000, "{triples} triples");
    for (format, syntax) in [("ttl", "turtle"), ("nt", "ntriples"), ("rdfxml", "rdfxml")] {
        let path = export(&ws, "store", format, &format!("export.{format}"));
        assert_eq!(rapper_count(syntax, &path), triples, "{format}");
    }
    let nq = ws.ok(&["export", "--format", "nq", "--store", "store"]);
    let trig = export(&ws, "store", "trig", "export.trig");
    assert_eq!(rapper_count("trig", &trig), nq.lines().count(), "trig");
}

#[test]
fn trig_nquads_and_jsonld_load_in_rdflib_as_the_store_quads() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let nq = export(&ws, "store", "nq", "export.nq");
    let quads = std::fs::read_to_string(&nq).expect("nq").lines().count();
    assert!(quads > 1000, "{quads} quads");
    let trig = export(&ws, "store", "trig", "export.trig");
    let jsonld = export(&ws, "store", "jsonld", "export.jsonld");
    let report =
        python(RDFLIB_COMPARE, &[&nq, &trig, Path::new("trig"), &jsonld, Path::new("json-ld")]);
    let expected = format!("nquads {quads} same\ntrig {quads} same\njson-ld {quads} same\n");
    assert_eq!(report, expected);
}

#[test]
fn every_format_is_byte_identical_across_exports_and_builds() {
    let ws = Workspace::new();
    ws.build_seeds("a");
    ws.build_seeds("b");
    for format in FORMATS {
        let first = std::fs::read(export(&ws, "a", format, &format!("1.{format}"))).expect("1");
        let second = std::fs::read(export(&ws, "a", format, &format!("2.{format}"))).expect("2");
        let other = std::fs::read(export(&ws, "b", format, &format!("3.{format}"))).expect("3");
        assert!(!first.is_empty(), "{format} is empty");
        assert!(first == second, "two exports of one store differ in {format}");
        assert!(first == other, "exports of two builds differ in {format}");
    }
}

#[test]
fn turtle_groups_each_subject_once_with_standard_prefixes() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let ttl = ws.ok(&["export", "--format", "ttl", "--store", "store"]);
    assert!(ttl.starts_with("@base <https://w3id.org/newsgraph/id/> .\n"), "{}", &ttl[..200]);
    for prefix in [
        "rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>",
        "rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
        "owl: <http://www.w3.org/2002/07/owl#>",
        "xsd: <http://www.w3.org/2001/XMLSchema#>",
        "skos: <http://www.w3.org/2004/02/skos/core#>",
        "schema: <https://schema.org/>",
        "prov: <http://www.w3.org/ns/prov#>",
        "dcterms: <http://purl.org/dc/terms/>",
        "nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>",
        "itsrdf: <http://www.w3.org/2005/11/its/rdf#>",
        "wd: <http://www.wikidata.org/entity/>",
        "ng: <https://w3id.org/newsgraph/ns#>",
    ] {
        assert!(ttl.contains(&format!("@prefix {prefix} .\n")), "no @prefix {prefix}");
    }
    // Only prefixes in use are declared: nothing in the seeds' graph is VoID.
    let (header, body) = ttl.split_once("\n\n").expect("a blank line after the prefixes");
    for line in header.lines().skip(1) {
        let name = line.strip_prefix("@prefix ").and_then(|l| l.split_once(' ')).expect(line).0;
        let used = body.lines().any(|l| {
            l.starts_with(name)
                || l.contains(&format!(" {name}"))
                || l.contains(&format!("^{name}"))
        });
        assert!(used, "{name} is declared but not used");
    }
    assert!(!header.contains("@prefix void:"));

    // A subject block starts at the left margin; each subject has exactly one, in sorted order.
    let subjects: Vec<&str> = ttl
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with([' ', '@']))
        .map(|l| l.split(' ').next().unwrap_or_default())
        .collect();
    let distinct: BTreeSet<&str> = subjects.iter().copied().collect();
    assert_eq!(subjects.len(), distinct.len(), "a subject starts two blocks");
    assert!(subjects.len() > 500, "{} subjects", subjects.len());
    let oracle = ttl.find("\n<entity/oracle> a schema:Corporation ;\n").expect("Oracle's block");
    let block = &ttl[oracle + 1..];
    let block = &block[..block.find(" .\n").expect("end of block")];
    for line in ["    rdfs:label \"Oracle\"@en ;", "    skos:exactMatch wd:Q19900 ;"] {
        assert!(block.lines().any(|l| l == line), "no {line:?} in\n{block}");
    }

    // TriG: one block per graph, in order, the same grouping inside.
    let trig = ws.ok(&["export", "--format", "trig", "--store", "store"]);
    let graphs: Vec<&str> = trig.lines().filter(|l| l.ends_with(" {")).collect();
    let mut sorted = graphs.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(graphs, sorted, "graphs once each, sorted");
    assert!(graphs.contains(&"<doc/002_01b988951eb231e9> {"), "{graphs:?}");
    assert!(graphs.contains(&"<graph/lexicon> {"), "{graphs:?}");
}

/// All keys of a JSON value, outside `@context`.
fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if key != "@context" {
                    out.insert(key.clone());
                    keys(value, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn jsonld_reads_as_short_keys_of_the_shipped_context() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let out = ws.ok(&["export", "--format", "jsonld", "--store", "store"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");

    let shipped = std::fs::read_to_string(repo().join("ontology/context.jsonld")).expect("context");
    let shipped: serde_json::Value = serde_json::from_str(&shipped).expect("context is JSON");
    assert_eq!(json["@context"], shipped["@context"], "the shipped context is embedded");

    let mut found = BTreeSet::new();
    keys(&json["@graph"], &mut found);
    for key in [
        "@id",
        "type",
        "label",
        "prefLabel",
        "altLabel",
        "founder",
        "taIdentRef",
        "anchorOf",
        "beginIndex",
        "wasDerivedFrom",
        "source",
        "subject",
        "predicate",
        "object",
        "agent",
        "theme",
        "confidence",
        "date",
    ] {
        assert!(found.contains(key), "no key {key:?} in {found:?}");
    }
    let long: Vec<&String> = found.iter().filter(|k| k.starts_with("http")).collect();
    assert!(long.is_empty(), "keys with full IRIs: {long:?}");

    // One {"@id": graph, "@graph": [...]} object per named graph, with compact IRIs.
    let graphs = json["@graph"].as_array().expect("@graph array");
    let names: Vec<&str> = graphs.iter().filter_map(|g| g["@id"].as_str()).collect();
    assert_eq!(names.len(), 8, "{names:?}");
    assert!(names.contains(&"id:doc/002_01b988951eb231e9") && names.contains(&"id:graph/lexicon"));
    assert!(graphs.iter().all(|g| g["@graph"].is_array()));

    let lexicon = graphs.iter().find(|g| g["@id"] == "id:graph/lexicon").expect("lexicon graph");
    let nodes = lexicon["@graph"].as_array().expect("nodes");
    let oracle = nodes.iter().find(|n| n["@id"] == "id:entity/oracle").expect("Oracle");
    assert_eq!(oracle["type"], "Corporation");
    assert_eq!(oracle["label"]["en"], "Oracle");
    assert_eq!(oracle["exactMatch"], "wd:Q19900");
}

/// The N-Triples lines of the VoID export whose subject is the dataset.
fn void_ntriples(ws: &Workspace, store: &str) -> String {
    let path = export(ws, store, "void", "void.ttl");
    assert!(rapper_count("turtle", &path) > 50);
    let output = Command::new("rapper")
        .args(["-q", "-i", "turtle", "-o", "ntriples", path.to_str().expect("utf-8")])
        .output()
        .expect("rapper runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The integer value of `void:<property>` of `subject` in N-Triples.
fn count(ntriples: &str, subject: &str, property: &str) -> usize {
    let start = format!("<{subject}> <http://rdfs.org/ns/void#{property}> \"");
    let line = ntriples
        .lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no void:{property} of {subject}"));
    line[start.len()..].split('"').next().and_then(|n| n.parse().ok()).expect("a number")
}

#[test]
fn void_counts_the_triples_documents_and_entities_of_the_store() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let triples = ws.ok(&["export", "--format", "nt", "--store", "store"]).lines().count();
    let void = void_ntriples(&ws, "store");
    let dataset = "https://w3id.org/newsgraph/id/dataset";
    assert!(void.contains(&format!(
        "<{dataset}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://rdfs.org/ns/void#Dataset> ."
    )));
    assert_eq!(count(&void, dataset, "triples"), triples);
    assert_eq!(count(&void, dataset, "documents"), 5);
    assert!(count(&void, dataset, "entities") > 30);
    assert!(count(&void, dataset, "properties") > 30);
    for namespace in
        ["https://schema.org/", "http://www.w3.org/ns/prov#", "https://w3id.org/newsgraph/ns#"]
    {
        let line = format!("<{dataset}> <http://rdfs.org/ns/void#vocabulary> <{namespace}> .");
        assert!(void.contains(&line), "no vocabulary {namespace}");
    }
    let articles = format!("{dataset}/class/schema:NewsArticle");
    assert_eq!(count(&void, &articles, "entities"), 5);
    let labels = format!("{dataset}/property/rdfs:label");
    assert!(count(&void, &labels, "triples") > 100);
    assert!(!void.contains("sparqlEndpoint"), "no endpoint is known");
}

#[test]
fn exports_follow_the_base_the_store_was_built_with() {
    let ws = Workspace::new();
    let seeds = repo().join("seeds");
    let base = "http://example.org/news/";
    ws.ok(&["build", seeds.to_str().expect("utf-8"), "--store", "store", "--base", base]);
    let ttl = ws.ok(&["export", "--format", "ttl", "--store", "store"]);
    assert!(ttl.starts_with(&format!("@base <{base}> .\n")));
    let void = void_ntriples(&ws, "store");
    assert!(count(&void, &format!("{base}dataset"), "triples") > 1000);
    // The context's `id:` prefix is the default base: other bases stay full IRIs in JSON-LD.
    let json = ws.ok(&["export", "--format", "jsonld", "--store", "store"]);
    assert!(json.contains(&format!("\"@id\": \"{base}graph/lexicon\"")));
    assert!(!json.contains("\"id:"));
}
