//! Output safety: a label and sentences holding quotes, backslashes, `</script>`, `-->`, tabs,
//! line breaks and a control character come out of every format so that an independent reader
//! gets them back unchanged: rapper and rdflib (Turtle, N-Triples, N-Quads, TriG, RDF/XML, NIF,
//! JSON-LD), Graphviz (DOT), Python's XML parser (SVG, SPARQL XML results), Python's HTML parser
//! (the entity page) and Python's csv module (SPARQL CSV results).
//!
//! The label comes from a lexicon entry added to a copy of the ontology; the sentences from an
//! article written in the test's directory. A BEL in the article is stored as U+FFFD and a
//! carriage return as a line feed (XML can carry neither), which the expected texts spell out.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Server, Workspace, copy_ontology, python};

/// The lexicon label: every character that means something to one of the output syntaxes.
const LABEL: &str = r#"Evil "Quote" \ </script> --> Corp"#;
/// The alias the article uses for it.
const ALIAS: &str = "Evilcorp";
/// The entity's IRI path, the slug of [`LABEL`].
const ENTITY: &str = "entity/evil-quote-script-corp";

/// The article as written: quotes, backslashes, `</script>`, `-->`, a BEL, a tab and a line
/// break inside a paragraph.
const ARTICLE: &str = "Evilcorp hat Oracle übernommen, sagte der Chef: \"Wir zahlen \\ mehr \
                       </script> als --> alle anderen\".\n\
                       Der Konzern Evilcorp kaufte TikTok mit einem Satz\u{7} voller \"Zeichen\",\
                       \tTabs und \\\\Backslashes.\n\
                       Microsoft lehnte das Angebot von Evilcorp ab, eine Zeile\n\
                       mit Umbruch.\n";
/// Sentences of the article as stored.
const SCRIPT_SENTENCE: &str = "Evilcorp hat Oracle übernommen, sagte der Chef: \"Wir zahlen \\ \
                               mehr </script> als --> alle anderen\".";
const CONTROL_SENTENCE: &str = "Der Konzern Evilcorp kaufte TikTok mit einem Satz\u{fffd} voller \
                                \"Zeichen\",\tTabs und \\\\Backslashes.";
/// An article with Windows line breaks, stored with `\n`.
const CRLF_ARTICLE: &str = "Oracle kaufte TikTok.\r\nMicrosoft lehnte das Angebot ab.\r\n";

/// The text of the evil article as stored: the BEL replaced, nothing else changed.
fn stored_article() -> String {
    ARTICLE.replace('\u{7}', "\u{fffd}")
}

fn stored_crlf_article() -> String {
    CRLF_ARTICLE.replace("\r\n", "\n")
}

/// A workspace with the ontology copy (the evil entity added) and a store built from both
/// articles.
struct Fixture {
    ws: Workspace,
}

impl Fixture {
    fn new() -> Self {
        let ws = Workspace::new();
        let ontology = ws.path("ontology");
        copy_ontology(&ontology);
        // TOML strings escape quotes and backslashes; the toml crate writes them as it reads them.
        let label = toml::Value::String(LABEL.into()).to_string();
        let entry = format!(
            "\n[[entity]]\nlabel = {label}\ntype = \"Corporation\"\naliases = {{ de = [\"{ALIAS}\"] }}\n"
        );
        let lexicon = ontology.join("lexicon.toml");
        let text = std::fs::read_to_string(&lexicon).expect("lexicon") + &entry;
        std::fs::write(&lexicon, text).expect("write lexicon");
        let articles = ws.path("articles");
        std::fs::create_dir(&articles).expect("articles dir");
        std::fs::write(articles.join("evil.txt"), ARTICLE).expect("write article");
        std::fs::write(articles.join("crlf.txt"), CRLF_ARTICLE).expect("write article");
        let fixture = Fixture { ws };
        fixture.run(&["build", "articles", "--store", "store"]);
        fixture
    }

    /// Runs newsgraph with the ontology copy, failing the test unless it succeeds.
    fn run(&self, args: &[&str]) -> String {
        let mut all = vec!["--ontology", "ontology"];
        all.extend_from_slice(args);
        self.ws.ok(&all)
    }

    /// Exports the store in `format` to a file and returns its path.
    fn export(&self, format: &str) -> PathBuf {
        let path = self.ws.path(&format!("export.{format}"));
        let out = path.to_str().expect("utf-8 path");
        self.run(&["export", "--format", format, "--store", "store", "-o", out]);
        path
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().expect("string").to_string())
        .collect()
}

/// Reads an RDF file with rdflib and prints, as JSON, the values of the rdfs:labels, the
/// nif:isString and the nif:anchorOf literals.
const RDFLIB_LITERALS: &str = r#"
import json, sys
import rdflib
rdflib.NORMALIZE_LITERALS = False
path, syntax = sys.argv[1], sys.argv[2]
quads = syntax in ("nquads", "trig", "json-ld")
graph = rdflib.Dataset(default_union=True) if quads else rdflib.Graph()
graph.parse(path, format=syntax)
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
def values(predicate):
    return sorted({str(o) for _, _, o in graph.triples((None, rdflib.URIRef(predicate), None))})
print(json.dumps({
    "labels": values(RDFS + "label"),
    "strings": values(NIF + "isString"),
    "anchors": values(NIF + "anchorOf"),
}))
"#;

/// The literals of `path` as rdflib reads them.
fn rdflib_literals(path: &Path, syntax: &str) -> serde_json::Value {
    json(&python(RDFLIB_LITERALS, &[path.to_str().expect("utf-8"), syntax]))
}

/// Converts `path` to N-Triples with rapper, which must read it without a warning.
fn rapper_to_ntriples(path: &Path, syntax: &str) -> PathBuf {
    let output = Command::new("rapper")
        .args(["-i", syntax, "-o", "ntriples", path.to_str().expect("utf-8")])
        .output()
        .expect("rapper (Debian raptor2-utils, see .ci/install-deps) is installed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "rapper rejected {}:\n{stderr}", path.display());
    assert!(!stderr.contains("Warning"), "rapper warned about {}:\n{stderr}", path.display());
    let converted = path.with_extension(format!("{syntax}.rapper.nt"));
    std::fs::write(&converted, &output.stdout).expect("write rapper output");
    converted
}

#[test]
fn rdf_exports_round_trip_the_label_and_texts_through_rapper_and_rdflib() {
    let fixture = Fixture::new();
    // (export format, rapper syntax, rdflib format, has labels)
    let rows: &[(&str, &str, &str, bool)] = &[
        ("ttl", "turtle", "turtle", true),
        ("nt", "ntriples", "nt", true),
        ("nq", "nquads", "nquads", true),
        ("trig", "trig", "trig", true),
        ("rdfxml", "rdfxml", "xml", true),
        ("nif", "turtle", "turtle", false),
    ];
    let mut texts = vec![stored_crlf_article(), stored_article()];
    texts.sort();
    for (format, rapper_syntax, rdflib_syntax, has_labels) in rows {
        let path = fixture.export(format);
        let direct = rdflib_literals(&path, rdflib_syntax);
        let via_rapper = rdflib_literals(&rapper_to_ntriples(&path, rapper_syntax), "nt");
        assert_eq!(direct, via_rapper, "{format}: rdflib and rapper read different literals");
        assert_eq!(strings(&direct["strings"]), texts, "{format}: nif:isString");
        let anchors = strings(&direct["anchors"]);
        for sentence in [SCRIPT_SENTENCE, CONTROL_SENTENCE] {
            assert!(anchors.iter().any(|a| a == sentence), "{format}: {sentence:?} in {anchors:?}");
        }
        if *has_labels {
            let labels = strings(&direct["labels"]);
            assert!(labels.iter().any(|l| l == LABEL), "{format}: {LABEL:?} in {labels:?}");
        }
    }
}

#[test]
fn jsonld_export_reads_back_in_rdflib_with_the_identical_label() {
    let fixture = Fixture::new();
    let path = fixture.export("jsonld");
    let literals = rdflib_literals(&path, "json-ld");
    assert!(strings(&literals["labels"]).iter().any(|l| l == LABEL), "{literals}");
    let mut expected = vec![stored_crlf_article(), stored_article()];
    expected.sort();
    assert_eq!(strings(&literals["strings"]), expected);
    let anchors = strings(&literals["anchors"]);
    assert!(anchors.iter().any(|a| a == SCRIPT_SENTENCE), "{anchors:?}");
    assert!(anchors.iter().any(|a| a == CONTROL_SENTENCE), "{anchors:?}");
}

/// Parses an SVG file with Python's XML parser and prints, as JSON, the text of every `<text>`
/// element (its pieces joined by spaces) and every `xlink:title`.
const SVG_TEXTS: &str = r#"
import json, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
texts = [" ".join(p.strip() for p in e.itertext() if p.strip()) for e in root.iter("{http://www.w3.org/2000/svg}text")]
titles = [v for e in root.iter() for k, v in e.attrib.items() if k == "{http://www.w3.org/1999/xlink}title"]
print(json.dumps({"texts": texts, "titles": titles}))
"#;

#[test]
fn dot_export_renders_in_graphviz_with_the_label_unchanged() {
    let fixture = Fixture::new();
    let dot = fixture.export("dot");
    let svg = fixture.ws.path("graphviz.svg");
    let output = Command::new("dot")
        .args(["-Tsvg", "-o", svg.to_str().expect("utf-8"), dot.to_str().expect("utf-8")])
        .output()
        .expect("Graphviz dot (see .ci/install-deps) is installed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.trim().is_empty(), "dot -Tsvg: {stderr}");
    let found = json(&python(SVG_TEXTS, &[svg.to_str().expect("utf-8")]));
    // The node label may be wrapped over lines; each line is a <text> of its own.
    let texts = strings(&found["texts"]).join(" ");
    assert!(texts.contains(LABEL), "{LABEL:?} not drawn: {texts}");
    // The tooltip keeps it on one line: name, type, IRI.
    let titles = strings(&found["titles"]);
    assert!(titles.iter().any(|t| t.lines().next() == Some(LABEL)), "{titles:?}");
}

#[test]
fn svg_exports_are_well_formed_xml_with_the_label() {
    let fixture = Fixture::new();
    let svg = fixture.export("svg");
    let found = json(&python(SVG_TEXTS, &[svg.to_str().expect("utf-8")]));
    let texts = strings(&found["texts"]);
    assert!(texts.iter().any(|t| t == LABEL), "{LABEL:?} not drawn: {texts:?}");

    // Laid out by Graphviz, and drawn around the entity named by the label itself.
    let svg = fixture.ws.path("focus.svg");
    let out = svg.to_str().expect("utf-8");
    let args = ["--renderer", "dot", "--focus", LABEL, "--depth", "1", "-o", out];
    fixture.run(&[&["export", "--format", "svg", "--store", "store"][..], &args].concat());
    let found = json(&python(SVG_TEXTS, &[out]));
    let texts = strings(&found["texts"]).join(" ");
    assert!(texts.contains(LABEL), "{LABEL:?} not drawn: {texts}");
    let titles = strings(&found["titles"]);
    assert!(titles.iter().any(|t| t.lines().next() == Some(LABEL)), "{titles:?}");
}

/// Reads SPARQL results of `newsgraph query` in CSV, TSV (terms in N-Triples syntax, read with
/// rdflib) and XML with Python's parsers and prints the label and sentence columns as JSON.
const RESULT_VALUES: &str = r#"
import csv, io, json, sys
import xml.etree.ElementTree as ET
from rdflib.util import from_n3
csv_path, tsv_path, xml_path = sys.argv[1:4]
with open(csv_path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
out = {"csv": [cell for row in rows[1:] for cell in row if cell]}
with open(tsv_path, encoding="utf-8") as f:
    lines = f.read().split("\n")
out["tsv"] = [str(from_n3(cell)) for line in lines[1:] if line for cell in line.split("\t") if cell]
ns = "{http://www.w3.org/2005/sparql-results#}"
root = ET.parse(xml_path).getroot()
out["xml"] = [e.text or "" for e in root.iter(ns + "literal")]
print(json.dumps(out))
"#;

#[test]
fn sparql_results_keep_the_label_and_sentences_in_every_format() {
    let fixture = Fixture::new();
    let query = fixture.ws.query_file(
        "labels.rq",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
         PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n\
         SELECT ?value WHERE {\n\
           { ?e rdfs:label ?value FILTER(STRSTARTS(STR(?value), \"Evil\")) }\n\
           UNION { ?s a nif:Sentence ; nif:anchorOf ?value }\n\
         } ORDER BY ?value\n",
    );
    let query = query.to_str().expect("utf-8");
    let mut paths = Vec::new();
    for format in ["csv", "tsv", "xml", "json"] {
        let out = fixture.run(&["query", query, "--store", "store", "--format", format]);
        let path = fixture.ws.path(&format!("results.{format}"));
        std::fs::write(&path, out).expect("write results");
        paths.push(path);
    }
    let args: Vec<&str> = paths[..3].iter().map(|p| p.to_str().expect("utf-8")).collect();
    let mut found = json(&python(RESULT_VALUES, &args));
    let results = json(&std::fs::read_to_string(&paths[3]).expect("json results"));
    let json_values: Vec<serde_json::Value> = results["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|row| row["value"]["value"].clone())
        .collect();
    found["json"] = serde_json::Value::Array(json_values);
    for format in ["csv", "tsv", "xml", "json"] {
        let values = strings(&found[format]);
        for expected in [LABEL, SCRIPT_SENTENCE, CONTROL_SENTENCE] {
            assert!(values.iter().any(|v| v == expected), "{format}: {expected:?} in {values:?}");
        }
    }
}

/// Fetches a page as a browser asks for it and reads it with Python's HTML parser: prints, as
/// JSON, the raw page, the text of the `<h1>`, of the sentence cells and of the whole body (with
/// character references resolved), and the text inside each `<script>`.
const HTML_PAGE: &str = r#"
import json, sys, urllib.request
from html.parser import HTMLParser
request = urllib.request.Request(sys.argv[1], headers={"Accept": "text/html"})
raw = urllib.request.urlopen(request, timeout=120).read().decode("utf-8")
class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.h1, self.sentences, self.scripts, self.text = [], "", [], [], []
    def handle_starttag(self, tag, attrs):
        self.stack.append((tag, dict(attrs).get("class")))
        if tag == "script":
            self.scripts.append("")
        if tag == "td" and dict(attrs).get("class") == "sentence":
            self.sentences.append("")
    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break
    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if "script" in tags:
            self.scripts[-1] += data
            return
        self.text.append(data)
        if "h1" in tags:
            self.h1 += data
        if ("td", "sentence") in self.stack:
            self.sentences[-1] += data
page = Page()
page.feed(raw)
page.close()
print(json.dumps({"raw": raw, "h1": page.h1, "sentences": page.sentences,
                  "scripts": page.scripts, "text": "".join(page.text)}))
"#;

/// Percent-encodes a query parameter value.
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn entity_page_escapes_the_label_and_sentences_for_html() {
    let fixture = Fixture::new();
    let server =
        Server::start(&fixture.ws, &["--ontology", "ontology", "serve", "--store", "store"]);
    let page = json(&python(HTML_PAGE, &[&format!("{}/id/{ENTITY}", server.base)]));
    let raw = page["raw"].as_str().expect("raw page");
    assert_eq!(page["h1"].as_str(), Some(LABEL), "the heading reads the label");
    let sentences = strings(&page["sentences"]);
    for sentence in [SCRIPT_SENTENCE, CONTROL_SENTENCE] {
        assert!(sentences.iter().any(|s| s == sentence), "{sentence:?} in {sentences:?}");
    }
    // Nothing from the data is markup: the raw page has neither the label nor the sentence
    // unescaped, and every script element the parser saw is one the page opened itself.
    assert!(!raw.contains(LABEL) && !raw.contains(SCRIPT_SENTENCE), "unescaped data:\n{raw}");
    assert_eq!(raw.matches("<script").count(), raw.matches("</script>").count(), "{raw}");
    for script in strings(&page["scripts"]) {
        assert!(!script.contains(ALIAS) && !script.contains("Evil"), "data in a script: {script}");
    }
    assert!(page["text"].as_str().is_some_and(|t| t.contains(LABEL)));

    // The entity's diagram, linked from the page, is well-formed SVG with the label.
    let svg = fixture.ws.path("focus.svg");
    let url = format!("{}/diagram.svg?focus={}", server.base, url_encode(LABEL));
    let status = Command::new("curl")
        .args(["-s", "-f", "--max-time", "120", "-o", svg.to_str().expect("utf-8"), &url])
        .status()
        .expect("curl is installed");
    assert!(status.success(), "GET {url}: {status}");
    let found = json(&python(SVG_TEXTS, &[svg.to_str().expect("utf-8")]));
    let texts = strings(&found["texts"]).join(" ");
    assert!(texts.contains(LABEL), "{LABEL:?} not drawn: {texts}");
}

#[test]
fn stored_text_has_line_feeds_and_no_characters_xml_cannot_carry() {
    let knowledge = newsgraph::Knowledge::load(&newsgraph::Source::Embedded)
        .expect("the shipped knowledge loads");
    // (as written, as stored): one character for one, so code-point offsets keep their meaning
    // apart from the dropped "\r" of a "\r\n".
    let rows: &[(&str, &str)] = &[
        ("A\r\nB.\rC.\n", "A\nB.\nC.\n"),
        ("Satz\u{7} mit BEL.", "Satz\u{fffd} mit BEL."),
        ("Esc\u{1b}[0m und \u{b}VT\u{c}FF.", "Esc\u{fffd}[0m und \u{fffd}VT\u{fffd}FF."),
        ("Nicht\u{fffe}zeichen\u{ffff}.", "Nicht\u{fffd}zeichen\u{fffd}."),
        ("Tab\tbleibt, \u{85} auch.", "Tab\tbleibt, \u{85} auch."),
    ];
    for (written, stored) in rows {
        let path = Path::new("x.txt");
        let document =
            newsgraph::Document::parse(path, "x", written.as_bytes(), &knowledge.documents)
                .expect("parses");
        assert_eq!(document.text, *stored, "{written:?}");
    }
}

#[test]
fn file_names_with_control_characters_are_rejected() {
    let knowledge = newsgraph::Knowledge::load(&newsgraph::Source::Embedded)
        .expect("the shipped knowledge loads");
    for id in ["bell\u{7}name", "two\nlines", "cr\r", "non\u{ffff}char"] {
        let path = PathBuf::from(format!("{id}.txt"));
        let error =
            newsgraph::Document::parse(&path, id, b"Oracle kaufte TikTok.", &knowledge.documents)
                .expect_err("must be rejected")
                .to_string();
        assert!(error.contains("has a control character"), "{error}");
    }
}
