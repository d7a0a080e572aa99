//! The RDF a build leaves: stable, idempotent, faithful to the text, readable by other parsers.

mod common;

use std::process::Command;

use common::{Workspace, copy_ontology, repo, value};

#[test]
fn rebuilding_replaces_graphs_instead_of_adding() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let first = ws.ok(&["export", "--format", "nq", "--store", "store"]);
    ws.build_seeds("store");
    let second = ws.ok(&["export", "--format", "nq", "--store", "store"]);
    assert_eq!(first.lines().count(), second.lines().count());
    assert_eq!(first, second);
}

#[test]
fn sorted_nquads_are_byte_identical_across_builds() {
    let ws = Workspace::new();
    ws.build_seeds("a");
    ws.build_seeds("b");
    ws.ok(&["export", "--format", "nq", "--store", "a", "-o", "a.nq"]);
    ws.ok(&["export", "--format", "nq", "--store", "b", "-o", "b.nq"]);
    let a = std::fs::read(ws.path("a.nq")).expect("a.nq");
    let b = std::fs::read(ws.path("b.nq")).expect("b.nq");
    assert!(!a.is_empty());
    assert!(a == b, "exports differ");
    let text = String::from_utf8(a).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "N-Quads are sorted");
}

#[test]
fn every_anchor_equals_the_text_at_its_offsets() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = ws.query_file(
        "anchors.rq",
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n\
         SELECT ?s ?anchor ?begin ?end ?text WHERE {\n\
           ?s nif:anchorOf ?anchor ; nif:beginIndex ?begin ; nif:endIndex ?end ;\n\
              nif:referenceContext ?context .\n\
           ?context nif:isString ?text }",
    );
    let rows = ws.query_json("store", &query);
    assert!(rows.len() > 300, "{} strings", rows.len());
    for row in &rows {
        let begin: usize = value(row, "begin").parse().expect("begin");
        let end: usize = value(row, "end").parse().expect("end");
        let text: String = value(row, "text").chars().skip(begin).take(end - begin).collect();
        assert_eq!(text, value(row, "anchor"), "{}", value(row, "s"));
        assert!(value(row, "s").ends_with(&format!("#char={begin},{end}")));
    }
}

fn rapper_count(format: &str, path: &std::path::Path) -> usize {
    let output = Command::new("rapper")
        .args(["-i", format, "-c", path.to_str().expect("utf-8")])
        .output()
        .expect("rapper (Debian raptor2-utils) is installed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "rapper rejected {}: {stderr}", path.display());
    let line = stderr.lines().find(|l| l.contains("returned")).expect("rapper count line");
    line.split_whitespace()
        .find_map(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"))
}

#[test]
fn turtle_and_rdfxml_exports_parse_with_rapper_to_the_same_triples() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let nt = ws.ok(&["export", "--format", "nt", "--store", "store"]);
    let triples = nt.lines().count();
    assert!(triples > 1000);
    for (format, rapper_format) in [("ttl", "turtle"), ("rdfxml", "rdfxml"), ("nt", "ntriples")] {
        let file = ws.path(&format!("export.{format}"));
        ws.ok(&[
            "export",
            "--format",
            format,
            "--store",
            "store",
            "-o",
            file.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(rapper_count(rapper_format, &file), triples, "{format}");
    }
    let trig = ws.path("export.trig");
    ws.ok(&[
        "export",
        "--format",
        "trig",
        "--store",
        "store",
        "-o",
        trig.to_str().expect("utf-8 path"),
    ]);
    let nq = ws.ok(&["export", "--format", "nq", "--store", "store"]);
    assert_eq!(rapper_count("trig", &trig), nq.lines().count());
}

#[test]
fn jsonld_export_is_json_with_named_graphs() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let out = ws.ok(&["export", "--format", "jsonld", "--store", "store"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let text = json.to_string();
    // Instance IRIs are compacted with the shipped context's `id:` prefix.
    assert!(text.contains("id:doc/002_01b988951eb231e9"), "{}", &text[..text.len().min(400)]);
    assert!(json["@context"]["id"].as_str() == Some("https://w3id.org/newsgraph/id/"));
    assert!(text.contains("@graph"));
}

#[test]
fn bad_input_is_reported_by_name_and_keeps_the_rest() {
    let ws = Workspace::new();
    ws.build_seeds("store");
    let before = ws.ok(&["export", "--format", "nq", "--store", "store"]);
    let dir = ws.path("more");
    std::fs::create_dir(&dir).expect("dir");
    std::fs::write(dir.join("broken.txt"), b"Gut.\nKaputt: \xff\xfe").expect("write");
    std::fs::write(dir.join("empty.txt"), b"").expect("write");
    std::fs::write(dir.join("fine.txt"), "Der Softwarekonzern Oracle wuchs.".as_bytes())
        .expect("write");
    let output = ws.run(&["build", dir.to_str().expect("utf-8 path"), "--store", "store"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.txt: invalid UTF-8 at byte offset 13 (line 2)"), "{stderr}");
    assert!(stderr.contains("empty.txt: empty document"), "{stderr}");
    let after = ws.ok(&["export", "--format", "nq", "--store", "store"]);
    for line in before.lines() {
        assert!(after.contains(line), "lost: {line}");
    }
    assert!(after.contains("/doc/fine>"), "the good document is stored");
}

#[test]
fn a_bad_lexicon_fails_before_touching_the_store() {
    let ws = Workspace::new();
    let ontology = ws.path("ontology");
    copy_ontology(&ontology);
    let lexicon = ontology.join("lexicon.toml");
    let mut text = std::fs::read_to_string(&lexicon).expect("lexicon");
    let line = text.lines().count() + 2;
    text.push_str("\n[[entity]]\nlabel = \"Nowhere\"\ntype = \"Planet\"\n");
    std::fs::write(&lexicon, text).expect("write");
    let output =
        ws.run(&["build", repo().join("seeds").to_str().expect("utf-8 path"), "--store", "store"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("lexicon.toml:{line}: unknown type \"Planet\"")), "{stderr}");
    assert!(!ws.path("store").exists());
}
