//! What the fuzz targets in `fuzz/` run and check, built with the `fuzzing` feature (which the
//! fuzz crate turns on) and in the unit tests, which replay every input of `fuzz/corpus/` through
//! it: an input that crashed a target replays through exactly the same code in a plain
//! `cargo test`. Each function panics where the target must report a crash. Not part of the
//! library's API.

use std::collections::HashSet;
use std::path::Path;
use std::str::FromStr;
use std::sync::LazyLock;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, Variable};

use crate::analysis::{Analysis, Pipeline};
use crate::export::dot::{
    Diagram, Edge, EdgeStyle, Legend, Node, NodeStyle, svg_builtin, write_dot,
};
use crate::knowledge::lexicon::Lexicon;
use crate::knowledge::relations::RelationRules;
use crate::knowledge::rules::Rules;
use crate::knowledge::time::TimeRules;
use crate::knowledge::vocabulary::DEFAULT_BASE;
use crate::knowledge::{Category, InflectionRules, Knowledge, Source, parse_toml};
use crate::rdf::shacl::{Shapes, validate};
use crate::rdf::store::GraphStore;
use crate::rdf::{Iris, document_quads, lexicon_quads, vocabulary_quads};
use crate::text::document::{Document, DocumentRules};
use crate::text::segment::SegmentationRules;
use crate::text::span::Span;

#[cfg(test)]
mod tests;

const RULES: &str = include_str!("../ontology/de/rules.toml");
const FIRST_NAMES: &str = include_str!("../ontology/de/first_names.txt");
const RELATIONS: &str = include_str!("../ontology/de/relations.toml");
/// The article the loaders' knowledge analyses and the stores hold.
const ARTICLE: &str = include_str!("../tests/fixtures/deals/02_bieterkampf.txt");

/// The shipped knowledge, compiled in, loaded once.
static KNOWLEDGE: LazyLock<Knowledge> =
    LazyLock::new(|| Knowledge::load(&Source::Embedded).expect("the shipped knowledge loads"));
static PIPELINE: LazyLock<Pipeline<'static>> = LazyLock::new(|| Pipeline::new(&KNOWLEDGE));
static IRIS: LazyLock<Iris> = LazyLock::new(|| Iris::new(DEFAULT_BASE).expect("valid base"));

// ---- analyze ------------------------------------------------------------------------------

/// `analyze`: bytes as an article file through the whole pipeline to quads. Nothing may panic,
/// and what comes out keeps the promises the rest of newsgraph relies on: every span lies on
/// character boundaries with code-point offsets that count right, a mention lies inside its
/// sentence, every IRI is valid, every literal can be written as XML, and the quads survive
/// N-Quads serialisation and parsing unchanged.
pub fn analyze(bytes: &[u8]) {
    let Ok(document) = Document::parse(Path::new("fuzz.txt"), "fuzz", bytes, &KNOWLEDGE.documents)
    else {
        return;
    };
    let analysis = PIPELINE.analyze(document);
    let text = &analysis.document.text;
    for range in &analysis.document.prose {
        assert!(text.get(range.clone()).is_some(), "prose range {range:?} is not in the text");
    }
    let mut previous_end = 0;
    for sentence in &analysis.sentences {
        check_span(text, sentence.span, "sentence");
        assert!(sentence.span.start >= previous_end, "sentences overlap: {:?}", sentence.span);
        previous_end = sentence.span.end;
    }
    for mention in &analysis.mentions {
        check_span(text, mention.span, "mention");
        if let Some(i) = mention.sentence {
            let sentence = analysis.sentences.get(i).expect("a mention's sentence exists");
            assert!(
                sentence.span.contains(&mention.span),
                "mention {:?} ({:?}) is outside its sentence {:?}",
                mention.span,
                &text[mention.span.bytes()],
                sentence.span
            );
        }
    }
    let quads = document_quads(&analysis, &KNOWLEDGE, &IRIS).into_quads();
    for quad in &quads {
        for iri in iris_of(quad) {
            assert!(NamedNode::new(iri.as_str()).is_ok(), "invalid IRI <{iri}> in {quad}");
        }
    }
    assert_xml_safe(&quads);
    round_trip(&quads);
}

/// A span must slice the text and count code points as the text does.
fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what} {span:?} runs backwards");
    assert!(text.get(span.bytes()).is_some(), "{what} {span:?} is not on char boundaries");
    let char_start = text[..span.start].chars().count();
    let char_end = char_start + text[span.bytes()].chars().count();
    assert_eq!((span.char_start, span.char_end), (char_start, char_end), "{what} {span:?}");
}

fn iris_of(quad: &Quad) -> Vec<NamedNode> {
    let mut iris = vec![quad.predicate.clone()];
    if let NamedOrBlankNode::NamedNode(n) = &quad.subject {
        iris.push(n.clone());
    }
    match &quad.object {
        Term::NamedNode(n) => iris.push(n.clone()),
        Term::Literal(l) => iris.push(l.datatype().into_owned()),
        _ => {}
    }
    if let GraphName::NamedNode(n) = &quad.graph_name {
        iris.push(n.clone());
    }
    iris
}

/// The quads written as N-Quads and read back are the same quads.
fn round_trip(quads: &[Quad]) {
    let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    for quad in quads {
        writer.serialize_quad(quad).expect("quads serialise");
    }
    let bytes = writer.finish().expect("quads serialise");
    let parsed: HashSet<Quad> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("written N-Quads do not parse: {e}"));
    let written: HashSet<Quad> = quads.iter().cloned().collect();
    assert_eq!(parsed, written, "N-Quads round trip changed the quads");
}

/// Every literal can be written in every format newsgraph exports: XML (RDF/XML, SVG, SPARQL
/// XML results) cannot carry control characters other than tab and line feed or U+FFFE/U+FFFF,
/// and XML readers turn a carriage return into a line feed, so none may be in the data.
fn assert_xml_safe(quads: &[Quad]) {
    for quad in quads {
        if let Term::Literal(literal) = &quad.object
            && let Some(c) = literal.value().chars().find(|&c| !xml_safe(c))
        {
            panic!("literal with {c:?}, which XML cannot carry: {quad}");
        }
    }
}

fn xml_safe(c: char) -> bool {
    (c >= ' ' || c == '\t' || c == '\n') && !matches!(c, '\u{fffe}' | '\u{ffff}')
}

// ---- loaders ------------------------------------------------------------------------------

/// `loaders`: text as each of the ontology's data files in turn (`lexicon.toml`, `rules.toml`,
/// `first_names.txt`, `relations.toml`, `time.toml`, `segmentation.toml`, `documents.toml`,
/// `inflection.toml`, the vocabulary and the SHACL shapes), with the shipped files for the
/// others. A loader must answer Ok or Err, never panic. What it accepts must be usable: the
/// knowledge with the file in place of the shipped one analyses a deal article and makes its
/// quads, which (with the lexicon's and the vocabulary's) every export format can write; loaded
/// shapes validate `store`, which holds that article. (`types.toml` is a plain map read by serde
/// alone; it has no loader of its own.)
pub fn load(text: &str, store: &GraphStore) {
    let shipped = &*KNOWLEDGE;
    let path = Path::new("fuzz.toml");
    let names = Path::new("first_names.txt");
    if let Ok(lexicon) = Lexicon::parse(path, text, &shipped.types) {
        use_knowledge(&Knowledge { lexicon, ..copy(shipped) });
    }
    if let Ok(rules) = Rules::parse(path, text, names, FIRST_NAMES, &shipped.types) {
        // The relation rules match noun heads with the rules' endings.
        if let Ok(relations) = RelationRules::parse(path, RELATIONS, &rules.head_endings) {
            use_knowledge(&Knowledge { rules, relations, ..copy(shipped) });
        }
    }
    if let Ok(rules) = Rules::parse(Path::new("rules.toml"), RULES, path, text, &shipped.types) {
        use_knowledge(&Knowledge { rules, ..copy(shipped) });
    }
    if let Ok(relations) = RelationRules::parse(path, text, &shipped.rules.head_endings) {
        use_knowledge(&Knowledge { relations, ..copy(shipped) });
    }
    if let Ok(time) = TimeRules::parse(path, text) {
        use_knowledge(&Knowledge { time, ..copy(shipped) });
    }
    if let Ok(segmentation) = parse_toml::<SegmentationRules>(path, text) {
        use_knowledge(&Knowledge { segmentation, ..copy(shipped) });
    }
    if let Ok(documents) = parse_toml::<DocumentRules>(path, text) {
        use_knowledge(&Knowledge { documents, ..copy(shipped) });
    }
    if let Ok(inflection) = parse_toml::<InflectionRules>(path, text) {
        use_knowledge(&Knowledge { inflection, ..copy(shipped) });
    }
    let vocabulary = Knowledge { vocabulary: text.to_string(), ..copy(shipped) };
    if let Ok(quads) = vocabulary_quads(&vocabulary, &IRIS) {
        assert_xml_safe(&quads);
    }
    if let Ok(shapes) = Shapes::parse(Path::new("fuzz.ttl"), text) {
        let _ = validate(&shapes, store);
    }
}

/// The shipped knowledge, to replace one part of.
fn copy(k: &Knowledge) -> Knowledge {
    Knowledge {
        language: k.language.clone(),
        types: k.types.clone(),
        lexicon: k.lexicon.clone(),
        segmentation: k.segmentation.clone(),
        documents: k.documents.clone(),
        inflection: k.inflection.clone(),
        rules: k.rules.clone(),
        relations: k.relations.clone(),
        time: k.time.clone(),
        dictionary: k.dictionary.clone(),
        vocabulary: k.vocabulary.clone(),
        vocabulary_file: k.vocabulary_file.clone(),
        vocabulary_triples: k.vocabulary_triples.clone(),
        shapes: k.shapes.clone(),
    }
}

fn analyze_article(knowledge: &Knowledge) -> Option<Analysis> {
    let path = Path::new("02_bieterkampf.txt");
    let document = Document::parse(path, "02", ARTICLE.as_bytes(), &knowledge.documents).ok()?;
    Some(Pipeline::new(knowledge).analyze(document))
}

/// The knowledge analyses the article and turns it and the lexicon into quads that every format
/// can write.
fn use_knowledge(knowledge: &Knowledge) {
    if let Some(analysis) = analyze_article(knowledge) {
        assert_xml_safe(&document_quads(&analysis, knowledge, &IRIS).into_quads());
    }
    assert_xml_safe(&lexicon_quads(knowledge, &IRIS));
}

/// A store at `path` holding the deal article analysed with the shipped knowledge (in memory in
/// the fuzz build, which has no RocksDB).
pub fn article_store(path: &Path) -> GraphStore {
    let store = GraphStore::open(path).expect("store opens");
    let analysis = analyze_article(&KNOWLEDGE).expect("the article loads");
    let graph = IRIS.document(&analysis.document.id);
    let quads = document_quads(&analysis, &KNOWLEDGE, &IRIS);
    store.put_documents(&[(graph, quads)], &KNOWLEDGE, &IRIS).expect("store takes the quads");
    store
}

// ---- diagram ------------------------------------------------------------------------------

const NODE_STYLES: &[NodeStyle] = &[
    NodeStyle::Entity(Category::Organization),
    NodeStyle::Entity(Category::Person),
    NodeStyle::Entity(Category::Place),
    NodeStyle::Entity(Category::Government),
    NodeStyle::Entity(Category::Media),
    NodeStyle::Entity(Category::Product),
    NodeStyle::UnknownEntity,
    NodeStyle::Event,
    NodeStyle::Resource,
    NodeStyle::Literal,
];
const EDGE_STYLES: &[EdgeStyle] = &[
    EdgeStyle::Relation,
    EdgeStyle::Negative,
    EdgeStyle::Event,
    EdgeStyle::Role,
    EdgeStyle::Triple,
];

/// `diagram`: the input cut at NUL characters into fields: the legend title, then a key and a
/// label per node (the label's first byte picks the style), up to four nodes, then an edge
/// label per pair of neighbouring nodes. The DOT written for Graphviz must keep every label
/// inside its quotes and parse (with layout-rs's DOT parser); the built-in renderer must draw
/// it (`svg_builtin` turns a panic inside layout-rs into an error, which `export --format svg`
/// then fails with: a crash here) with only characters XML can carry. Returns the SVG for a
/// full XML check by the caller.
pub fn diagram(text: &str) -> String {
    let diagram = diagram_of(text);
    let dot = write_dot(&diagram);
    for line in dot.lines().filter(|l| l.contains("label=")) {
        assert!(line.trim_end().ends_with("];"), "a label broke out of its quotes: {line:?}");
    }
    if let Err(e) = layout::gv::DotParser::new(&dot).process() {
        panic!("the DOT does not parse: {e}\n{dot}");
    }
    let svg = svg_builtin(&diagram).unwrap_or_else(|e| panic!("no SVG: {e}\n{dot}"));
    if let Some(c) = svg.chars().find(|&c| !xml_safe(c) && c != '\r') {
        panic!("the SVG holds {c:?}, which XML cannot carry:\n{svg}");
    }
    svg
}

fn diagram_of(text: &str) -> Diagram {
    let mut fields = text.split('\0');
    let title = fields.next().unwrap_or_default().to_string();
    let mut nodes: Vec<Node> = Vec::new();
    while nodes.len() < 4 {
        let (Some(key), Some(label)) = (fields.next(), fields.next()) else { break };
        let style = NODE_STYLES[usize::from(label.bytes().next().unwrap_or(0)) % NODE_STYLES.len()];
        nodes.push(Node {
            key: key.to_string(),
            label: label.to_string(),
            style,
            tooltip: format!("{key}\n{label}"),
        });
    }
    let mut edges = Vec::new();
    for pair in nodes.windows(2) {
        let Some(label) = fields.next() else { break };
        let first = usize::from(label.bytes().next().unwrap_or(0));
        edges.push(Edge {
            from: pair[0].key.clone(),
            to: pair[1].key.clone(),
            label: label.to_string(),
            style: EDGE_STYLES[first % EDGE_STYLES.len()],
            support: first % 5,
            directed: first % 2 == 0,
            tooltip: label.to_string(),
        });
    }
    let mut legend = Legend { title, ..Legend::default() };
    for node in &nodes {
        legend.nodes.insert(node.style, node.label.clone());
    }
    for edge in &edges {
        legend.edges.insert(edge.style, edge.label.clone());
    }
    Diagram { nodes, edges, legend }
}

// ---- sparql_bind --------------------------------------------------------------------------

const QUERIES: &[&str] = &[
    include_str!("../queries/acquisitions.rq"),
    include_str!("../queries/approvals.rq"),
    include_str!("../queries/documents.rq"),
    include_str!("../queries/entities.rq"),
    include_str!("../queries/evidence.rq"),
    include_str!("../queries/founders.rq"),
    include_str!("../queries/government-actions.rq"),
    include_str!("../queries/lawsuits.rq"),
    include_str!("../queries/mentions.rq"),
    include_str!("../queries/mergers.rq"),
    include_str!("../queries/offers.rq"),
    include_str!("../queries/ownership.rq"),
    include_str!("../queries/partnerships.rq"),
    include_str!("../queries/precedents.rq"),
    include_str!("../queries/rejections.rq"),
    include_str!("../queries/roles.rq"),
    include_str!("../queries/statements.rq"),
    include_str!("../queries/support.rq"),
    include_str!("../queries/timeline.rq"),
];

/// `sparql_bind`: `newsgraph query FILE.rq --bind VAR=VALUE` with any bindings. The first line
/// picks a shipped query (by its length), every further line is a `--bind` argument; the query
/// runs on `store`. A wrong binding may give an error or no rows, never a panic.
pub fn bind(text: &str, store: &GraphStore) {
    let mut lines = text.split('\n');
    let choice = lines.next().unwrap_or_default().len() % QUERIES.len();
    let bindings: Vec<(Variable, Term)> = lines.filter_map(parse_binding).collect();
    if let Ok(QueryResults::Solutions(solutions)) = store.query(QUERIES[choice], &bindings) {
        for row in solutions {
            let _ = row;
        }
    }
}

/// `VAR=VALUE` as `newsgraph query --bind` reads it (VALUE an RDF term in N-Triples syntax, else
/// an integer, else a plain string); None where the CLI reports an error. The CLI's parser is
/// private to its module, so its rules are repeated here.
fn parse_binding(binding: &str) -> Option<(Variable, Term)> {
    let (name, value) = binding.split_once('=')?;
    let variable = Variable::new(name.trim_start_matches(['?', '$'])).ok()?;
    let term = Term::from_str(value).unwrap_or_else(|_| {
        if let Ok(n) = value.parse::<i64>() {
            Literal::from(n).into()
        } else {
            Literal::new_simple_literal(value).into()
        }
    });
    Some((variable, term))
}
