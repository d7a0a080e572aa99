//! SHACL validation: `newsgraph validate` and pySHACL, an independent SHACL processor, judge the
//! store alike. The seeds graph conforms to `ontology/shapes.ttl`; a hand-broken graph
//! (`tests/fixtures/broken/`) does not, and both find the same (focus node, path, constraint
//! component) results in it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{Workspace, python, repo};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};

/// (focus node, result path or "", constraint component IRI) of one validation result.
type Verdict = (String, String, String);

const SH: &str = "http://www.w3.org/ns/shacl#";

fn shapes() -> PathBuf {
    repo().join("ontology").join("shapes.ttl")
}

fn broken_fixture() -> PathBuf {
    repo().join("tests").join("fixtures").join("broken").join("broken.trig")
}

/// Validates an RDF dataset file with pySHACL against the shapes: the union of its graphs is the
/// data graph, as in the store. Prints conforms, the triple count and the sorted results as JSON.
const PYSHACL: &str = r#"
import json, sys
import pyshacl, rdflib
from rdflib.namespace import RDF, SH
data_path, data_format, shapes_path = sys.argv[1:4]
dataset = rdflib.Dataset()
dataset.parse(data_path, format=data_format)
data = rdflib.Graph()
for s, p, o, _ in dataset.quads((None, None, None, None)):
    data.add((s, p, o))
shapes = rdflib.Graph().parse(shapes_path, format="turtle")
conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
results = []
for result in report.subjects(RDF.type, SH.ValidationResult):
    path = report.value(result, SH.resultPath)
    results.append([
        str(report.value(result, SH.focusNode)),
        "" if path is None else str(path),
        str(report.value(result, SH.sourceConstraintComponent)),
    ])
print(json.dumps({"conforms": bool(conforms), "triples": len(data), "results": sorted(results)}))
"#;

/// pySHACL's verdict on a dataset file: conforms, triple count, results.
fn pyshacl(data: &Path, format: &str) -> (bool, u64, BTreeSet<Verdict>) {
    let out = python(PYSHACL, &[path_str(data), format, path_str(&shapes())]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("pySHACL JSON");
    let results = json["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let cell = |i: usize| r[i].as_str().expect("string").to_string();
            (cell(0), cell(1), cell(2))
        })
        .collect();
    (
        json["conforms"].as_bool().expect("conforms"),
        json["triples"].as_u64().expect("triples"),
        results,
    )
}

/// `newsgraph validate --format json`: exit status and the results as verdicts.
fn validate(ws: &Workspace, store: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["validate", "--store", store, "--format", "json"];
    args.extend_from_slice(extra);
    let output = ws.run(&args);
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "validate printed no JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().expect("exit code"), json)
}

fn verdicts(report: &serde_json::Value) -> BTreeSet<Verdict> {
    report["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let text = |key: &str| r[key].as_str().unwrap_or_default().to_string();
            (text("focusNode"), text("resultPath"), text("sourceConstraintComponent"))
        })
        .collect()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Loads a TriG file into a store, graph by graph, through the library (the CLI has no import).
fn load_store(store: &Path, trig: &Path) {
    let text = std::fs::read(trig).expect("fixture");
    let mut graphs: BTreeMap<String, (NamedNode, Vec<Quad>)> = BTreeMap::new();
    for quad in RdfParser::from_format(RdfFormat::TriG).for_slice(&text) {
        let quad = quad.unwrap_or_else(|e| panic!("{}: {e}", trig.display()));
        let GraphName::NamedNode(graph) = &quad.graph_name else {
            panic!("{}: every quad belongs in a named graph: {quad}", trig.display());
        };
        let entry =
            graphs.entry(graph.as_str().to_string()).or_insert_with(|| (graph.clone(), Vec::new()));
        entry.1.push(quad);
    }
    let graphs: Vec<(NamedNode, Vec<Quad>)> = graphs.into_values().collect();
    let store = newsgraph::GraphStore::open(store).expect("open store");
    store.replace_graphs(&graphs).expect("load fixture");
}

fn describe(verdicts: &BTreeSet<Verdict>) -> String {
    verdicts.iter().map(|(f, p, c)| format!("\n  {f}  {p}  {c}")).collect()
}

#[test]
fn the_seeds_graph_conforms_for_pyshacl_and_for_validate() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let trig = ws.path("seeds.trig");
    ws.ok(&["export", "--format", "trig", "--store", "store", "-o", path_str(&trig)]);

    let (conforms, triples, results) = pyshacl(&trig, "trig");
    assert!(triples > 5000, "{triples} triples");
    assert!(conforms && results.is_empty(), "pySHACL finds violations:{}", describe(&results));

    let (code, report) = validate(&ws, "store", &[]);
    assert_eq!(code, 0, "validate finds violations:{}", describe(&verdicts(&report)));
    assert_eq!(report["conforms"], true);
    assert!(report["focusNodes"].as_u64().expect("focusNodes") > 500);

    let table = ws.ok(&["validate", "--store", "store"]);
    assert!(table.starts_with("conforms: "), "{table}");
}

#[test]
fn the_broken_fixture_gets_the_same_violations_from_pyshacl_and_validate() {
    let ws = Workspace::new();
    load_store(&ws.path("store"), &broken_fixture());
    let (conforms, _, expected) = pyshacl(&broken_fixture(), "trig");
    assert!(!conforms, "pySHACL accepts the broken fixture");

    let (code, report) = validate(&ws, "store", &["--shapes", path_str(&shapes())]);
    assert_eq!(code, 1, "validate must fail on violations");
    assert_eq!(report["conforms"], false);
    let got = verdicts(&report);
    let missed: BTreeSet<Verdict> = expected.difference(&got).cloned().collect();
    let extra: BTreeSet<Verdict> = got.difference(&expected).cloned().collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "validate and pySHACL disagree\nonly pySHACL:{}\nonly validate:{}",
        describe(&missed),
        describe(&extra)
    );

    // The fixture's deliberate faults, each found (so the comparison is not vacuous).
    let id = "https://w3id.org/newsgraph/id/";
    let ng = "https://w3id.org/newsgraph/ns#";
    let nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
    let faults = [
        (format!("{id}entity/acme"), "http://www.w3.org/2000/01/rdf-schema#label", "UniqueLang"),
        (format!("{id}entity/halvion"), "http://www.w3.org/2000/01/rdf-schema#label", "LanguageIn"),
        (format!("{id}doc/broken#char=15,4"), &format!("{nif}beginIndex"), "LessThan"),
        (format!("{id}doc/broken#char=15,4"), &format!("{ng}recognizedBy"), "In"),
        (format!("{id}statement/0000000000000001"), &format!("{ng}confidence"), "MaxInclusive"),
        (
            format!("{id}statement/0000000000000001"),
            "http://www.w3.org/ns/prov#wasDerivedFrom",
            "MinCount",
        ),
        (
            format!("{id}statement/0000000000000002"),
            "http://www.w3.org/ns/prov#wasDerivedFrom",
            "Class",
        ),
        (format!("{id}statement/0000000000000002"), &format!("{ng}confidence"), "Datatype"),
        (format!("{id}statement/0000000000000002"), &format!("{ng}family"), "Pattern"),
        (format!("{id}event/acquisition/acme--halvion"), &format!("{ng}datePrecision"), "MinCount"),
        (
            format!("{id}event/acquisition/acme--halvion"),
            &format!("{ng}deadlinePrecision"),
            "MaxCount",
        ),
        (format!("{id}doc/broken"), "http://purl.org/dc/terms/identifier", "MinCount"),
        (format!("{id}doc/broken/sentence-2"), "", "Pattern"),
        (format!("{id}doc/broken/sentence-2"), &format!("{nif}beginIndex"), "MinInclusive"),
    ];
    for (focus, path, component) in faults {
        let verdict = (focus, path.to_string(), format!("{SH}{component}ConstraintComponent"));
        assert!(got.contains(&verdict), "not found: {verdict:?}");
    }
}

#[test]
fn validate_lists_violations_as_a_sorted_table_and_exits_1() {
    let ws = Workspace::new();
    load_store(&ws.path("store"), &broken_fixture());
    let first = ws.run(&["validate", "--store", "store"]);
    assert_eq!(first.status.code(), Some(1));
    let stdout = String::from_utf8(first.stdout).expect("utf-8");
    let stderr = String::from_utf8(first.stderr).expect("utf-8");
    let mut lines = stdout.lines();
    let header: Vec<&str> = lines.next().expect("header").split_whitespace().collect();
    assert_eq!(header, ["focus", "path", "constraint", "value", "message"]);
    assert!(stdout.contains("sh:uniqueLang"), "{stdout}");
    let confidence = stdout.lines().find(|l| {
        l.split_whitespace().take(4).collect::<Vec<_>>()
            == [
                "id:statement/0000000000000001",
                "ng:confidence",
                "sh:maxInclusive",
                "\"1.5\"^^xsd:decimal",
            ]
    });
    assert!(confidence.is_some(), "no row for the confidence of 1.5:\n{stdout}");
    assert!(stdout.trim_end().ends_with("violations)"), "{stdout}");
    assert!(stderr.contains("violations of the shapes in"), "{stderr}");
    let focus: Vec<&str> = stdout
        .lines()
        .skip(2)
        .filter(|l| !l.starts_with('('))
        .map(|l| l.split_whitespace().next().unwrap_or_default())
        .collect();
    let mut sorted = focus.clone();
    sorted.sort();
    assert_eq!(focus, sorted, "rows are sorted by focus node");
    let second = ws.run(&["validate", "--store", "store"]);
    assert_eq!(stdout.as_bytes(), second.stdout, "the same store gives the same report");
}

#[test]
fn an_unsupported_constraint_is_an_error_naming_the_file_and_the_constraint() {
    let ws = Workspace::new();
    let bad = ws.path("closed.ttl");
    std::fs::write(
        &bad,
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
         @prefix schema: <https://schema.org/> .\n\
         <urn:shape> a sh:NodeShape ;\n\
         \x20   sh:targetClass schema:NewsArticle ;\n\
         \x20   sh:closed true .\n",
    )
    .expect("write shapes");
    let output = ws.run(&["validate", "--store", "nowhere", "--shapes", path_str(&bad)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("closed.ttl:5: unsupported SHACL constraint sh:closed"), "{stderr}");
}

#[test]
fn a_shapes_syntax_error_names_the_file_and_line() {
    let ws = Workspace::new();
    let bad = ws.path("broken.ttl");
    std::fs::write(
        &bad,
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<urn:s> sh:targetClass .\n",
    )
    .expect("write shapes");
    let output = ws.run(&["validate", "--store", "nowhere", "--shapes", path_str(&bad)]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("broken.ttl:3:"), "{stderr}");
}

/// A typo in a path or class (ng:recognisedBy) would make a shape pass vacuously: every IRI the
/// shapes name must be a term of the ontology.
#[test]
fn every_term_the_shapes_name_is_declared_in_the_ontology() {
    let script = r#"
import sys, rdflib
from rdflib.namespace import RDF, RDFS, SH
shapes = rdflib.Graph().parse(sys.argv[1], format="turtle")
ontology = rdflib.Graph().parse(sys.argv[2], format="turtle")
named = set()
for p in (SH.path, SH.targetClass, SH["class"], SH.targetSubjectsOf, SH.targetObjectsOf, SH.lessThan):
    named.update(o for o in shapes.objects(None, p) if isinstance(o, rdflib.URIRef))
for lst in shapes.objects(None, SH["in"]):
    named.update(m for m in rdflib.collection.Collection(shapes, lst) if isinstance(m, rdflib.URIRef))
missing = sorted(str(t) for t in named if t != RDF.type and (t, RDFS.label, None) not in ontology)
print("\n".join(missing))
"#;
    let ontology = repo().join("ontology").join("newsgraph.ttl");
    let missing = python(script, &[path_str(&shapes()), path_str(&ontology)]);
    assert!(missing.trim().is_empty(), "named in shapes.ttl, not in newsgraph.ttl:\n{missing}");
}
