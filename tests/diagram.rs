//! Diagrams: `export --format dot|svg` draws what the store holds, in DOT that Graphviz accepts,
//! with labels that survive any character, byte-stable output and a built-in SVG renderer.
//!
//! The DOT of the seed articles is pinned in `tests/golden/seeds.dot`. The drawing rules are
//! still being tuned: after an intended change, regenerate the file with
//!
//! ```text
//! NEWSGRAPH_BLESS=1 cargo test --release --test diagram
//! ```
//!
//! and review its diff (render it with `dot -Tpng tests/golden/seeds.dot -o seeds.png`).

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{Workspace, repo};

/// A label with every character the DOT writer must escape or keep: a newline, quotes, angle
/// brackets, a backslash and an umlaut.
const TRICKY_LABEL: &str = "Zeile 1\nA \"B\" <C> \\ Ö";

/// Runs `dot -Tsvg` on `dot` and returns the SVG, failing the test unless Graphviz exits 0.
fn graphviz_svg(dot: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` is installed (see .ci/install-deps)");
    child.stdin.take().expect("stdin").write_all(dot.as_bytes()).expect("write DOT");
    let output = child.wait_with_output().expect("dot runs");
    assert!(
        output.status.success(),
        "dot -Tsvg rejected the DOT ({}):\n{}\n--- DOT ---\n{dot}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("SVG is UTF-8")
}

/// What an SVG shows, read with Python's XML parser (which also proves it well-formed): the text
/// of each Graphviz node by its `<title>` (the DOT id), and every `<text>` element's lines.
#[derive(Debug)]
struct SvgText {
    nodes: std::collections::BTreeMap<String, String>,
    /// Node texts: `<text>` with `<tspan>` lines (layout-rs) or plain text (Graphviz).
    texts: Vec<String>,
}

const SVG_READER: &str = r#"
import json, sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
nodes = {}
for g in root.iter(ns + "g"):
    if "node" in (g.get("class") or "").split():
        title = g.find(ns + "title")
        lines = [t.text or "" for t in g.iter(ns + "text")]
        nodes[title.text if title is not None else ""] = "\n".join(lines)
texts = []
for t in root.iter(ns + "text"):
    if t.find(ns + "textPath") is not None:
        continue
    spans = t.findall(ns + "tspan")
    texts.append("\n".join(s.text or "" for s in spans) if spans else (t.text or ""))
print(json.dumps({"nodes": nodes, "texts": texts}))
"#;

fn read_svg(ws: &Workspace, svg: &str) -> SvgText {
    let path = ws.path("read.svg");
    std::fs::write(&path, svg).expect("write SVG");
    let output = Command::new("python3")
        .args(["-c", SVG_READER, path.to_str().expect("utf-8 path")])
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "the SVG is not well-formed XML:\n{}\n--- SVG ---\n{svg}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("reader JSON");
    let nodes = json["nodes"]
        .as_object()
        .expect("nodes")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("text").to_string()))
        .collect();
    let texts = json["texts"]
        .as_array()
        .expect("texts")
        .iter()
        .map(|v| v.as_str().expect("text").to_string())
        .collect();
    SvgText { nodes, texts }
}

/// The value of `name="…"` on a DOT line, with the writer's escapes undone.
fn attribute(line: &str, name: &str) -> Option<String> {
    let start = [format!("[{name}=\""), format!(" {name}=\"")]
        .iter()
        .filter_map(|pattern| line.find(pattern.as_str()))
        .min()?
        + name.len()
        + 3;
    let mut value = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value.replace("&amp;", "&")),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

/// The entity nodes of a DOT export: (id, label).
fn entity_nodes(dot: &str) -> Vec<(String, String)> {
    dot.lines()
        .filter(|l| l.contains("class=\"entity"))
        .map(|l| {
            let id = l.split_whitespace().next().expect("node id").to_string();
            (id, attribute(l, "label").expect("node label"))
        })
        .collect()
}

fn export(ws: &Workspace, store: &str, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["export", "--format", format, "--store", store];
    args.extend_from_slice(extra);
    ws.ok(&args)
}

#[test]
fn graphviz_accepts_every_diagram_variant() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = ws.query_file(
        "offers.rq",
        "PREFIX ng: <https://w3id.org/newsgraph/ns#>\n\
         CONSTRUCT { ?bidder ng:madeOfferFor ?target } WHERE { ?bidder ng:madeOfferFor ?target }",
    );
    let query = query.to_str().expect("utf-8 path");
    let rows: &[(&str, &[&str])] = &[
        ("default", &[]),
        ("german labels", &["--lang", "de"]),
        ("folded events", &["--events", "fold"]),
        ("negatives omitted", &["--negative", "omit"]),
        ("focus", &["--focus", "Oracle", "--depth", "1"]),
        ("focus, deeper, folded", &["--focus", "tiktok", "--depth", "2", "--events", "fold"]),
        ("query", &["--query", query]),
    ];
    for (name, args) in rows {
        let dot = export(&ws, "store", "dot", args);
        assert!(dot.starts_with("// newsgraph diagram"), "{name}: {dot}");
        let svg = graphviz_svg(&dot);
        let drawn = read_svg(&ws, &svg);
        let entities = entity_nodes(&dot);
        assert!(!entities.is_empty(), "{name}: no entity drawn");
        for (id, label) in &entities {
            assert_eq!(drawn.nodes.get(id), Some(label), "{name}: node {id}");
        }
    }
}

#[test]
fn focus_draws_the_neighbourhood_only() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let all = entity_nodes(&export(&ws, "store", "dot", &[]));
    let near = entity_nodes(&export(&ws, "store", "dot", &["--focus", "larry ellison"]));
    let labels: Vec<&str> = near.iter().map(|(_, l)| l.as_str()).collect();
    for expected in ["Larry Ellison", "Oracle", "Donald Trump"] {
        assert!(labels.contains(&expected), "{expected} missing from {labels:?}");
    }
    assert!(!labels.contains(&"WeChat"), "WeChat is two steps away: {labels:?}");
    assert!(near.len() < all.len());
}

#[test]
fn unknown_focus_label_is_an_error_listing_close_labels() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let output = ws.run(&["export", "--format", "dot", "--store", "store", "--focus", "Oracel"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no entity labelled \"Oracel\""), "{stderr}");
    assert!(stderr.contains("\"Oracle\""), "close labels are listed: {stderr}");
}

#[test]
fn non_construct_query_is_an_error() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = ws.query_file("select.rq", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1");
    let output = ws.run(&[
        "export",
        "--format",
        "dot",
        "--store",
        "store",
        "--query",
        query.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("select.rq") && stderr.contains("CONSTRUCT"), "{stderr}");
}

/// A CONSTRUCT can bind any literal: the label reaches the SVG intact through both renderers.
#[test]
fn query_labels_with_special_characters_survive_into_svg() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let sparql = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
         PREFIX ng: <https://w3id.org/newsgraph/ns#>\n\
         CONSTRUCT { ?bidder rdfs:label ?tricky . ?bidder ng:madeOfferFor ?target }\n\
         WHERE { ?bidder ng:madeOfferFor ?target .\n\
                 FILTER(?bidder = <https://w3id.org/newsgraph/id/entity/oracle>)\n\
                 BIND(\"Zeile 1\\nA \\\"B\\\" <C> \\\\ Ö\" AS ?tricky) }\n";
    let query = ws.query_file("tricky.rq", sparql);
    let query = query.to_str().expect("utf-8");
    let dot = export(&ws, "store", "dot", &["--query", query]);
    let line = dot.lines().find(|l| l.contains("n_oracle [")).expect("Oracle node");
    assert_eq!(attribute(line, "label").as_deref(), Some(TRICKY_LABEL), "{line}");

    let drawn = read_svg(&ws, &graphviz_svg(&dot));
    assert_eq!(drawn.nodes.get("n_oracle").map(String::as_str), Some(TRICKY_LABEL));
    assert_eq!(drawn.nodes.get("n_tiktok").map(String::as_str), Some("TikTok"));

    for renderer in ["builtin", "dot"] {
        let svg = export(&ws, "store", "svg", &["--query", query, "--renderer", renderer]);
        let drawn = read_svg(&ws, &svg);
        let lines: Vec<String> =
            drawn.texts.iter().flat_map(|t| t.lines().map(String::from)).collect();
        for expected in TRICKY_LABEL.lines() {
            assert!(lines.iter().any(|l| l == expected), "{renderer}: {expected:?} in {lines:?}");
        }
    }
}

/// Names with umlauts found by extraction in an article written for this test.
#[test]
fn extracted_labels_with_umlauts_survive_into_svg() {
    let ws = Workspace::new();
    let dir = ws.path("articles");
    std::fs::create_dir(&dir).expect("articles dir");
    std::fs::write(
        dir.join("umlaute.txt"),
        "Der Chipkonzern Öztürk übernimmt den Zulieferer Brücken-Müller AG. Das \
         Bundeskartellamt muss die Übernahme noch genehmigen.\n",
    )
    .expect("write article");
    ws.ok(&["build", "articles", "--store", "store"]);
    let dot = export(&ws, "store", "dot", &["--lang", "de"]);
    let entities = entity_nodes(&dot);
    let labels: Vec<&str> = entities.iter().map(|(_, l)| l.as_str()).collect();
    for expected in ["Öztürk", "Brücken-Müller"] {
        assert!(labels.contains(&expected), "{expected} in {labels:?}");
    }
    let drawn = read_svg(&ws, &graphviz_svg(&dot));
    for (id, label) in &entities {
        assert_eq!(drawn.nodes.get(id), Some(label), "node {id}");
    }
    assert!(dot.contains("label=\"Übernahme"), "German event class label: {dot}");
}

#[test]
fn builtin_svg_is_well_formed_with_one_node_per_entity() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let dot = export(&ws, "store", "dot", &[]);
    let entities = entity_nodes(&dot);
    let svg = export(&ws, "store", "svg", &[]);
    assert!(svg.contains("<svg"), "{svg}");
    assert!(svg == export(&ws, "store", "svg", &[]), "two built-in SVG renderings differ");
    let drawn = read_svg(&ws, &svg);
    for (_, label) in &entities {
        let count = drawn.texts.iter().filter(|t| *t == label).count();
        assert_eq!(count, 1, "{label:?} drawn {count} times");
    }
    let entity_texts = drawn.texts.iter().filter(|t| entities.iter().any(|(_, l)| l == *t)).count();
    assert_eq!(entity_texts, entities.len());
}

#[test]
fn graphviz_renderer_gives_the_same_nodes() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let dot = export(&ws, "store", "dot", &["--events", "fold"]);
    let svg = export(&ws, "store", "svg", &["--events", "fold", "--renderer", "dot"]);
    let drawn = read_svg(&ws, &svg);
    for (id, label) in entity_nodes(&dot) {
        assert_eq!(drawn.nodes.get(&id), Some(&label), "node {id}");
    }
}

#[test]
fn graphviz_renderer_without_graphviz_is_a_clear_error() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    // An empty PATH: no `dot` to be found; the built-in renderer still works.
    let empty = ws.path("empty-path");
    std::fs::create_dir(&empty).expect("empty dir");
    let run = |renderer: &str| {
        Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(["export", "--format", "svg", "--store", "store", "--renderer", renderer])
            .current_dir(ws.dir.path())
            .env("PATH", &empty)
            .output()
            .expect("newsgraph runs")
    };
    let output = run("dot");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`dot` was not found"), "{stderr}");
    assert!(run("builtin").status.success());
}

#[test]
fn seeds_dot_matches_golden_file_and_is_byte_stable() {
    let ws = Workspace::new();
    ws.build_seeds("a");
    ws.build_seeds("b");
    let first = export(&ws, "a", "dot", &[]);
    let again = export(&ws, "a", "dot", &[]);
    let other = export(&ws, "b", "dot", &[]);
    assert!(first == again, "two exports of one store differ");
    assert!(first == other, "exports of two builds of the same input differ");

    let golden = repo().join("tests/golden/seeds.dot");
    if std::env::var_os("NEWSGRAPH_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(golden.parent().expect("golden dir")).expect("golden dir");
        std::fs::write(&golden, &first).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&golden)
        .unwrap_or_else(|e| panic!("{}: {e}; create it with NEWSGRAPH_BLESS=1", golden.display()));
    if first != expected {
        let (line, (want, got)) =
            expected.lines().zip(first.lines()).enumerate().find(|(_, (a, b))| a != b).map_or(
                (expected.lines().count().min(first.lines().count()), ("<end>", "<end>")),
                |x| x,
            );
        panic!(
            "seeds DOT differs from {} at line {}:\nexpected: {want}\n     got: {got}\n\
             ({} lines expected, {} got; if the change is intended, rerun with NEWSGRAPH_BLESS=1)",
            golden.display(),
            line + 1,
            expected.lines().count(),
            first.lines().count()
        );
    }
}

#[test]
fn diagrams_read_neither_the_dictionary_nor_the_entity_lists() {
    // A finished graph is drawn from the relation rules alone: an ontology without the German
    // dictionary and the generated entity lists draws the same diagram, while a build needs them.
    let ws = Workspace::new();
    ws.build_seeds("a");
    let full = export(&ws, "a", "dot", &[]);
    let lean = ws.path("lean");
    common::copy_ontology(&lean);
    std::fs::remove_dir_all(lean.join("de/lexical")).expect("remove the dictionary");
    std::fs::remove_dir_all(lean.join("entities")).expect("remove the entity lists");
    let lean = lean.to_str().expect("utf-8 path");
    let drawn = ws.ok(&["--ontology", lean, "export", "--format", "dot", "--store", "a"]);
    assert!(drawn == full, "a diagram depends on the dictionary or the entity lists");
    let seeds = repo().join("seeds");
    let build =
        ws.run(&["--ontology", lean, "build", seeds.to_str().expect("path"), "--store", "b"]);
    assert!(!build.status.success(), "a build without the dictionary succeeded");
}
