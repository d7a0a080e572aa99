//! The fuzz targets' inputs, replayed in a plain `cargo test` without a fuzzer.
//!
//! The checks of [`super`] are what the targets run, so every input runs through exactly what
//! the fuzzer ran. Every file of `fuzz/corpus/TARGET/` is replayed: the seeds, and each input
//! that once crashed a target (kept there under a name saying what broke). Each crash also has a
//! test of its own, named after what broke, with the input written out.

use std::path::PathBuf;

use crate::export::dot::{Diagram, Legend, Node, NodeStyle, svg_builtin, write_dot};
use crate::knowledge::vocabulary::DEFAULT_BASE;
use crate::knowledge::{Category, Knowledge, Source};
use crate::rdf::{Iris, vocabulary_quads};

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let dir = root.join("fuzz/corpus").join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("corpus entry").path();
            let bytes = std::fs::read(&path).expect("corpus file");
            (path, bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}

/// Runs `check` on every input of a target's corpus, naming the input that fails.
fn replay(target: &str, check: impl Fn(&[u8])) {
    for (path, bytes) in corpus(target) {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&bytes)));
        assert!(outcome.is_ok(), "fuzz target {target} fails on {}", path.display());
    }
}

#[test]
fn analyze_corpus_replays() {
    replay("analyze", super::analyze);
}

#[test]
fn loaders_corpus_replays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = super::article_store(&dir.path().join("store"));
    replay("loaders", |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            super::load(text, &store);
        }
    });
}

#[test]
fn diagram_corpus_replays() {
    replay("diagram", |bytes| {
        super::diagram(&String::from_utf8_lossy(bytes));
    });
}

#[test]
fn sparql_bind_corpus_replays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = super::article_store(&dir.path().join("store"));
    replay("sparql_bind", |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            super::bind(text, &store);
        }
    });
}

/// `diagram` crash: a label holding U+FFFF (kept as `fuzz/corpus/diagram/crash-noncharacter-in-
/// label`, minimised as `noncharacters-minimal`) went into the SVG, which XML parsers then
/// rejected ("a non-XML character '\u{ffff}'"); Graphviz copies it the same way. The DOT writer
/// now drops U+FFFE and U+FFFF with the other characters no renderer can draw.
#[test]
fn svg_of_a_label_with_noncharacters_is_xml() {
    super::diagram("T\0urn:a\0A\u{ffff}B\0urn:b\0\u{fffe}");
    let style = NodeStyle::Entity(Category::Organization);
    let node = |key: &str, label: &str| Node {
        key: key.into(),
        label: label.into(),
        style,
        tooltip: label.into(),
    };
    let diagram = Diagram {
        nodes: vec![node("urn:a", "A\u{ffff}B"), node("urn:b", "C\u{fffe}D")],
        edges: Vec::new(),
        legend: Legend::default(),
    };
    let dot = write_dot(&diagram);
    assert!(dot.contains("label=\"AB\"") && dot.contains("label=\"CD\""), "{dot}");
    let svg = svg_builtin(&diagram).expect("layout-rs renders");
    assert!(!svg.contains(['\u{fffe}', '\u{ffff}']), "{svg}");
}

/// `diagram` crash: a diagram without nodes (`fuzz/corpus/diagram/crash-no-nodes`: a legend
/// title only) made layout-rs panic ("Sorting an empty graph"), so `export --format svg` of a
/// store without entities failed with "the layout engine crashed". The built-in renderer now
/// draws an empty picture without asking layout-rs.
#[test]
fn svg_of_a_diagram_without_nodes_is_an_empty_picture() {
    let svg = super::diagram("Legende");
    assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
    assert_eq!(svg_builtin(&Diagram::default()).expect("renders"), svg);
}

/// `loaders` crash: the vocabulary (`newsgraph.ttl`) may hold any character Turtle allows in a
/// string, raw control characters included, and one in a label (`fuzz/corpus/loaders/crash-
/// control-character-in-vocabulary-literal.ttl`, minimised as `control-character-in-vocabulary-
/// minimal.ttl`: `rdfs:label "Datum\u{3}sgenauigkeit"@de`) went into the vocabulary graph, from
/// which `export --format rdfxml` wrote XML that no XML reader accepts. Such a literal is now an
/// error of the vocabulary file, like a blank node.
#[test]
fn vocabulary_literals_xml_cannot_carry_are_rejected() {
    let minimal = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
                   <https://w3id.org/newsgraph/ns#datePrecision> rdfs:label \"Datum\u{3}sgenauigkeit\"@de .\n";
    let dir = tempfile::tempdir().expect("temp dir");
    super::load(minimal, &super::article_store(&dir.path().join("store")));
    let iris = Iris::new(DEFAULT_BASE).expect("valid base");
    for text in
        [minimal.to_string(), minimal.replace('\u{3}', "\\r"), minimal.replace('\u{3}', "\u{ffff}")]
    {
        let shipped = Knowledge::load(&Source::Embedded).expect("the shipped knowledge loads");
        let knowledge = Knowledge { vocabulary: text.clone(), ..shipped };
        let error = vocabulary_quads(&knowledge, &iris).expect_err("must be rejected").to_string();
        assert!(error.contains("which XML cannot carry"), "{text:?}: {error}");
    }
    // Tabs and line breaks in a comment are fine.
    let shipped = Knowledge::load(&Source::Embedded).expect("the shipped knowledge loads");
    let fine = minimal.replace('\u{3}', "\t\\n");
    assert!(vocabulary_quads(&Knowledge { vocabulary: fine, ..shipped }, &iris).is_ok());
}
