//! The RDF model: turning analyses and the lexicon into quads.
//!
//! One named graph per document holds everything read from it (metadata, NIF context, sentences,
//! mentions, entities it introduces). Lexicon entities live in the lexicon graph, the vocabulary
//! in the vocabulary graph. IRIs are derived from ids and offsets only, so the same input always
//! gives the same quads.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use rustc_hash::FxHashSet;

use crate::document::{PartialDate, Precision};
use crate::error::{Error, Result, line_containing};
use crate::extract::{Fact, Finding, Polarity, facts};
use crate::knowledge::Knowledge;
use crate::lexicon::Entity;
use crate::pipeline::Analysis;
use crate::slug::slug;

// Terms with a fixed local name, as constants: every quad written owns its predicate, and
// building the IRI anew for each would double the work.
macro_rules! ng {
    ($local:literal) => {
        NamedNodeRef::new_unchecked(concat!("https://w3id.org/newsgraph/ns#", $local))
    };
}
macro_rules! schema {
    ($local:literal) => {
        NamedNodeRef::new_unchecked(concat!("https://schema.org/", $local))
    };
}
macro_rules! nif {
    ($local:literal) => {
        NamedNodeRef::new_unchecked(concat!(
            "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
            $local
        ))
    };
}
macro_rules! itsrdf {
    ($local:literal) => {
        NamedNodeRef::new_unchecked(concat!("http://www.w3.org/2005/11/its/rdf#", $local))
    };
}
macro_rules! dcterms {
    ($local:literal) => {
        NamedNodeRef::new_unchecked(concat!("http://purl.org/dc/terms/", $local))
    };
}
macro_rules! skos {
    ($local:literal) => {
        NamedNodeRef::new_unchecked(concat!("http://www.w3.org/2004/02/skos/core#", $local))
    };
}
macro_rules! prov {
    ($local:literal) => {
        NamedNodeRef::new_unchecked(concat!("http://www.w3.org/ns/prov#", $local))
    };
}

/// The newsgraph vocabulary namespace.
pub const NG: &str = ng!("").as_str();
/// The default base for instance IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/newsgraph/id/";

pub const SCHEMA: &str = schema!("").as_str();
pub const NIF: &str = nif!("").as_str();
pub const ITSRDF: &str = itsrdf!("").as_str();
pub const DCTERMS: &str = dcterms!("").as_str();
pub const SKOS: &str = skos!("").as_str();
pub const PROV: &str = prov!("").as_str();
pub const WIKIDATA: &str = "http://www.wikidata.org/entity/";

/// Prefixes used in serialisations and readable tables.
pub const PREFIXES: &[(&str, &str)] = &[
    ("id", DEFAULT_BASE),
    ("ng", NG),
    ("schema", SCHEMA),
    ("nif", NIF),
    ("itsrdf", ITSRDF),
    ("dcterms", DCTERMS),
    ("skos", SKOS),
    ("prov", PROV),
    ("wd", WIKIDATA),
    ("time", "http://www.w3.org/2006/time#"),
    ("void", "http://rdfs.org/ns/void#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Expands a prefixed name (`schema:founder`) with [`PREFIXES`].
pub fn expand(prefixed: &str) -> Option<NamedNode> {
    let (prefix, local) = prefixed.split_once(':')?;
    let namespace = PREFIXES.iter().find(|(name, _)| *name == prefix)?.1;
    NamedNode::new(format!("{namespace}{local}")).ok()
}

fn iri(namespace: &str, local: &str) -> NamedNode {
    let mut iri = String::with_capacity(namespace.len() + local.len());
    iri.push_str(namespace);
    iri.push_str(local);
    NamedNode::new_unchecked(iri)
}

/// Instance IRIs under one base.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

impl Default for Iris {
    /// IRIs under [`DEFAULT_BASE`].
    fn default() -> Self {
        Iris { base: DEFAULT_BASE.to_string() }
    }
}

impl Iris {
    pub fn new(base: &str) -> Result<Self> {
        let valid = NamedNode::new(base).is_ok() && (base.ends_with('/') || base.ends_with('#'));
        if !valid {
            return Err(Error::input(base, "base IRI must be absolute and end with '/' or '#'"));
        }
        Ok(Iris { base: base.to_string() })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn document(&self, id: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}doc/{}", self.base, segment(id)))
    }

    pub fn entity(&self, id: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}entity/{}", self.base, segment(id)))
    }

    pub fn lexicon_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/lexicon", self.base))
    }

    pub fn vocabulary_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/vocabulary", self.base))
    }
}

/// A NIF string of a document: `doc#char=start,end` in code points.
fn chars(document: &NamedNode, start: usize, end: usize) -> NamedNode {
    use std::fmt::Write;
    let mut iri = String::with_capacity(document.as_str().len() + 32);
    iri.push_str(document.as_str());
    // Writing to a String cannot fail.
    let _ = write!(iri, "#char={start},{end}");
    NamedNode::new_unchecked(iri)
}

/// Percent-encodes everything but unreserved characters, so any file name makes a valid IRI.
fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    out
}

/// Collects quads of one graph.
struct GraphWriter {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl GraphWriter {
    fn new(graph: &NamedNode) -> Self {
        GraphWriter { graph: graph.clone().into(), quads: Vec::new() }
    }

    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        let s: NamedOrBlankNode = s.clone().into();
        self.quads.push(Quad::new(s, p, o, self.graph.clone()));
    }

    /// The quads without repeats, in the order first written: the store is a set and exports
    /// sort, so no sorting is needed here (formatting every quad to sort it was the costliest
    /// step of a build).
    fn finish(self) -> Vec<Quad> {
        let mut seen = FxHashSet::with_capacity_and_hasher(self.quads.len(), Default::default());
        let keep: Vec<bool> = self.quads.iter().map(|q| seen.insert(q)).collect();
        self.quads.into_iter().zip(keep).filter_map(|(q, keep)| keep.then_some(q)).collect()
    }
}

fn index_literal(value: usize) -> Literal {
    Literal::new_typed_literal(value.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

/// The precision of a date as a term of the vocabulary.
fn precision(date: &PartialDate) -> NamedNodeRef<'static> {
    match date.precision() {
        Precision::Day => ng!("DayPrecision"),
        Precision::Month => ng!("MonthPrecision"),
        Precision::Year => ng!("YearPrecision"),
    }
}

fn date_literal(date: &PartialDate) -> Literal {
    let datatype = match date.precision() {
        Precision::Day => xsd::DATE,
        Precision::Month => xsd::G_YEAR_MONTH,
        Precision::Year => xsd::G_YEAR,
    };
    Literal::new_typed_literal(date.to_string(), datatype)
}

/// The quads of one analysed document, all in the document's graph.
pub fn document_quads(analysis: &Analysis, knowledge: &Knowledge, iris: &Iris) -> Vec<Quad> {
    let doc = &analysis.document;
    let doc_iri = iris.document(&doc.id);
    let mut g = GraphWriter::new(&doc_iri);
    let ng = |local: &str| iri(NG, local);

    g.add(&doc_iri, rdf::TYPE, schema!("NewsArticle"));
    g.add(&doc_iri, dcterms!("identifier"), Literal::new_simple_literal(&doc.id));
    if let Some(date) = &doc.date {
        g.add(&doc_iri, dcterms!("date"), date_literal(date));
        g.add(&doc_iri, ng!("datePrecision"), precision(date));
    }
    for author in &analysis.authors {
        g.add(&doc_iri, schema!("author"), iris.entity(author));
    }
    let mut sources = Vec::new();
    for credit in &doc.credits {
        let desk = knowledge.documents.desk_credits.contains(credit);
        let property = if desk { ng!("deskCredit") } else { ng!("sourceCredit") };
        g.add(&doc_iri, property, Literal::new_simple_literal(credit));
        if !desk {
            sources.push(credit.as_str());
        }
    }
    if !sources.is_empty() {
        // The trailer's order matters (the first agency is the main source); single items do not
        // keep it, so the list is also stored as printed.
        let list = Literal::new_simple_literal(sources.join(", "));
        g.add(&doc_iri, ng!("sourceCredits"), list);
    }
    for source in &analysis.sources {
        g.add(&doc_iri, schema!("sourceOrganization"), iris.entity(source));
    }
    for credit in &doc.photo_credits {
        g.add(&doc_iri, ng!("photoCredit"), Literal::new_simple_literal(credit));
    }

    let length = doc.text.chars().count();
    let context = chars(&doc_iri, 0, length);
    g.add(&doc_iri, ng!("context"), context.clone());
    g.add(&context, rdf::TYPE, nif!("Context"));
    g.add(&context, rdf::TYPE, nif!("OffsetBasedString"));
    g.add(&context, nif!("isString"), Literal::new_simple_literal(&doc.text));
    g.add(&context, nif!("beginIndex"), index_literal(0));
    g.add(&context, nif!("endIndex"), index_literal(length));
    g.add(&context, nif!("sourceUrl"), doc_iri.clone());

    let mut sentence_iris = Vec::with_capacity(analysis.sentences.len());
    for sentence in &analysis.sentences {
        let span = sentence.span;
        let node = chars(&doc_iri, span.char_start, span.char_end);
        g.add(&node, rdf::TYPE, nif!("Sentence"));
        g.add(&node, rdf::TYPE, nif!("OffsetBasedString"));
        g.add(&node, nif!("referenceContext"), context.clone());
        g.add(&node, nif!("anchorOf"), Literal::new_simple_literal(&doc.text[span.bytes()]));
        g.add(&node, nif!("beginIndex"), index_literal(span.char_start));
        g.add(&node, nif!("endIndex"), index_literal(span.char_end));
        sentence_iris.push(node);
    }
    for pair in sentence_iris.windows(2) {
        g.add(&pair[0], nif!("nextSentence"), pair[1].clone());
    }

    for mention in &analysis.mentions {
        let span = mention.span;
        let node = chars(&doc_iri, span.char_start, span.char_end);
        g.add(&node, rdf::TYPE, nif!("Phrase"));
        g.add(&node, rdf::TYPE, nif!("OffsetBasedString"));
        g.add(&node, nif!("referenceContext"), context.clone());
        if let Some(sentence) = mention.sentence.and_then(|i| sentence_iris.get(i)) {
            g.add(&node, nif!("sentence"), sentence.clone());
        }
        g.add(&node, nif!("anchorOf"), Literal::new_simple_literal(&doc.text[span.bytes()]));
        g.add(&node, nif!("beginIndex"), index_literal(span.char_start));
        g.add(&node, nif!("endIndex"), index_literal(span.char_end));
        g.add(&node, itsrdf!("taIdentRef"), iris.entity(&mention.entity));
        let entity = knowledge
            .lexicon
            .get(&mention.entity)
            .or_else(|| analysis.new_entities.get(&mention.entity));
        if let Some(entity) = entity {
            g.add(&node, itsrdf!("taClassRef"), iri(SCHEMA, &entity.kind.schema));
        }
        g.add(&node, ng!("recognizedBy"), ng(mention.how.name()));
        let confidence =
            Literal::new_typed_literal(format!("{:.2}", mention.confidence), xsd::DECIMAL);
        g.add(&node, ng!("confidence"), confidence);
        if let Some(head) = &mention.compound_head {
            g.add(
                &node,
                ng!("compoundHead"),
                Literal::new_language_tagged_literal_unchecked(head, "de"),
            );
        }
    }

    for role in &analysis.roles {
        let mut path =
            format!("role/{}/{}", role.person, slug(role.label.as_deref().unwrap_or(&role.noun)));
        if let Some(org) = &role.organization {
            path.push('/');
            path.push_str(org);
        }
        let node = NamedNode::new_unchecked(format!("{}{}", iris.base(), path));
        let person = iris.entity(&role.person);
        g.add(&node, rdf::TYPE, schema!("Role"));
        g.add(&node, ng!("holder"), person.clone());
        if let Some(label) = &role.label {
            g.add(
                &node,
                schema!("roleName"),
                Literal::new_language_tagged_literal_unchecked(label, "en"),
            );
        }
        g.add(
            &node,
            ng!("roleNoun"),
            Literal::new_language_tagged_literal_unchecked(&role.noun, "de"),
        );
        if let Some(org) = &role.organization {
            let org = iris.entity(org);
            g.add(&node, ng!("roleIn"), org.clone());
            if role.founder {
                g.add(&org, schema!("founder"), person.clone());
            }
        }
        if let Some(sentence) = sentence_iris.get(role.sentence) {
            g.add(&node, prov!("wasDerivedFrom"), sentence.clone());
        }
    }

    finding_quads(analysis, knowledge, iris, &doc_iri, &sentence_iris, &mut g);

    let mut quads = g.finish();
    for entity in analysis.new_entities.values() {
        quads.extend(entity_quads(entity, iris, &doc_iri));
    }
    quads
}

/// Label, type, names and identifiers of an entity, in `graph`.
pub fn entity_quads(entity: &Entity, iris: &Iris, graph: &NamedNode) -> Vec<Quad> {
    let mut g = GraphWriter::new(graph);
    let node = iris.entity(&entity.id);
    let label = Literal::new_language_tagged_literal_unchecked(&entity.label, "en");
    g.add(&node, rdf::TYPE, iri(SCHEMA, &entity.kind.schema));
    g.add(&node, rdfs::LABEL, label.clone());
    g.add(&node, skos!("prefLabel"), label);
    g.add(&node, ng!("category"), iri(NG, entity.kind.category.name()));
    for name in &entity.aliases {
        if name.text != entity.label {
            let alt = Literal::new_language_tagged_literal_unchecked(&name.text, &name.lang);
            g.add(&node, skos!("altLabel"), alt);
        }
    }
    for name in &entity.descriptors {
        let descriptor = Literal::new_language_tagged_literal_unchecked(&name.text, &name.lang);
        g.add(&node, ng!("descriptor"), descriptor);
    }
    if let Some(q) = &entity.wikidata {
        g.add(&node, skos!("exactMatch"), iri(WIKIDATA, q));
    }
    g.finish()
}

/// The lexicon graph: every known entity.
pub fn lexicon_quads(knowledge: &Knowledge, iris: &Iris) -> Vec<Quad> {
    let graph = iris.lexicon_graph();
    knowledge.lexicon.entries.iter().flat_map(|e| entity_quads(e, iris, &graph)).collect()
}

/// The vocabulary graph, parsed from the ontology's Turtle.
pub fn vocabulary_quads(knowledge: &Knowledge, iris: &Iris) -> Result<Vec<Quad>> {
    let graph = iris.vocabulary_graph();
    let parser = RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph);
    let mut quads = Vec::new();
    for quad in parser.for_slice(knowledge.vocabulary.as_bytes()) {
        let quad = quad.map_err(|e| {
            let line = e.location().map_or(1, |l| l.start.line as usize + 1);
            Error::data(&knowledge.vocabulary_file, line, e.to_string())
        })?;
        if quad.subject.is_blank_node() || quad.object.is_blank_node() {
            // Blank nodes get fresh labels on every parse and would break byte-identical output.
            let text = &knowledge.vocabulary;
            let line = ["_:", "[", "("]
                .iter()
                .filter_map(|mark| {
                    text.lines().position(|l| !l.trim_start().starts_with('#') && l.contains(mark))
                })
                .min()
                .map_or(1, |i| i + 1);
            return Err(Error::data(
                &knowledge.vocabulary_file,
                line,
                "blank nodes are not allowed",
            ));
        }
        // XML (the RDF/XML export) cannot carry most control characters, and its readers turn a
        // carriage return into a line feed.
        if let Term::Literal(literal) = &quad.object
            && let Some(c) = literal.value().chars().find(|&c| {
                (c < ' ' && c != '\t' && c != '\n') || matches!(c, '\u{fffe}' | '\u{ffff}')
            })
        {
            let message =
                format!("literal {literal} has the character {c:?}, which XML cannot carry");
            let before: String = literal.value().chars().take_while(|&x| x != c).collect();
            let line = line_containing(&knowledge.vocabulary, &before);
            return Err(Error::data(&knowledge.vocabulary_file, line, message));
        }
        quads.push(quad);
    }
    Ok(quads)
}

/// Modalities whose facts get a direct triple: what the text states as true, itself or through
/// a named source. Plans, possibilities and rumours get a statement node only.
const TRUTHY_MODALITIES: &[&str] = &["asserted", "reported"];

/// `Offer`, `pending approval` → `PendingApproval`: an IRI-safe local name.
fn camel(text: &str) -> String {
    text.split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A stable 64-bit FNV-1a hash, as 16 hex digits: the same input gives the same IRI everywhere.
fn stable_hash(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The date under `property` and its precision under `precision_property`.
fn add_date(
    g: &mut GraphWriter,
    node: &NamedNode,
    (property, precision_property): (NamedNodeRef<'_>, NamedNodeRef<'_>),
    date: &PartialDate,
) {
    g.add(node, property, date_literal(date));
    g.add(node, precision_property, precision(date));
}

impl Iris {
    /// An event: one node per real-world event, whichever document tells it, keyed by its class
    /// and its subject and object fillers.
    pub fn event(&self, family: &str, key: &[&str]) -> NamedNode {
        let key: Vec<String> = key.iter().map(|k| segment(k)).collect();
        NamedNode::new_unchecked(format!(
            "{}event/{}/{}",
            self.base,
            segment(family),
            key.join("--")
        ))
    }

    pub fn statement(&self, hash: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}statement/{hash}", self.base))
    }
}

/// Statement nodes for the facts, direct triples for the positive asserted or reported ones,
/// and event nodes with roles, status and dates.
fn finding_quads(
    analysis: &Analysis,
    knowledge: &Knowledge,
    iris: &Iris,
    doc_iri: &NamedNode,
    sentence_iris: &[NamedNode],
    g: &mut GraphWriter,
) {
    let rules = &knowledge.relations;
    let doc = &analysis.document;
    let all = facts(&analysis.findings, rules);
    // A fact the document also denies gets no direct triple from it.
    let denied: std::collections::BTreeSet<(&str, &str, Option<&str>)> = all
        .iter()
        .filter(|f| f.polarity == Polarity::Negative)
        .map(|f| (f.family.as_str(), f.subject.as_str(), f.object.as_deref()))
        .collect();
    let ng = |local: &str| iri(NG, local);
    for fact in &all {
        let finding = &analysis.findings[fact.finding];
        let Some(family) = rules.family(&fact.family) else { continue };
        let subject = iris.entity(&fact.subject);
        let sentence_text = analysis
            .sentences
            .get(finding.sentence)
            .map(|s| &doc.text[s.span.bytes()])
            .unwrap_or_default();
        let property = match &family.property {
            Some(p) => expand(p).unwrap_or_else(|| ng!("relatedTo").into_owned()),
            None => ng!("stated").into_owned(),
        };
        let object: Term = match &fact.object {
            Some(o) => iris.entity(o).into(),
            None => Literal::new_language_tagged_literal_unchecked(sentence_text, "de").into(),
        };
        let polarity = if fact.polarity == Polarity::Positive { "Positive" } else { "Negative" };
        let attribution = finding.attribution.as_deref().unwrap_or("");
        // One statement node per occurrence: the same fact told by another sentence or rule
        // is another statement (with its own rule, confidence and source) of the same event.
        let sentence_index = finding.sentence.to_string();
        let trigger_at = format!("{}-{}", finding.trigger.char_start, finding.trigger.char_end);
        let hash = stable_hash(&[
            &doc.id,
            &sentence_index,
            &trigger_at,
            &finding.rule,
            &fact.family,
            &fact.subject,
            fact.object.as_deref().unwrap_or(sentence_text),
            polarity,
            &finding.modality,
            attribution,
        ]);
        let node = iris.statement(&hash);
        let (s, o) = match (&fact.object, family.inverse) {
            (Some(_), true) => (object.clone(), Term::from(subject.clone())),
            _ => (Term::from(subject.clone()), object.clone()),
        };
        g.add(&node, rdf::TYPE, rdf::STATEMENT);
        let Term::NamedNode(s_node) = &s else { continue };
        g.add(&node, rdf::SUBJECT, s_node.clone());
        g.add(&node, rdf::PREDICATE, property.clone());
        g.add(&node, rdf::OBJECT, o.clone());
        g.add(&node, ng!("family"), Literal::new_simple_literal(&fact.family));
        g.add(&node, ng!("polarity"), ng(polarity));
        g.add(&node, ng!("modality"), ng(&camel(&finding.modality)));
        if let Some(source) = &finding.attribution {
            g.add(&node, ng!("attributedTo"), iris.entity(source));
        }
        g.add(&node, ng!("rule"), Literal::new_simple_literal(&finding.rule));
        let confidence =
            Literal::new_typed_literal(format!("{:.2}", finding.confidence), xsd::DECIMAL);
        g.add(&node, ng!("confidence"), confidence);
        g.add(&node, dcterms!("source"), doc_iri.clone());
        if let Some(sentence) = sentence_iris.get(finding.sentence) {
            g.add(&node, prov!("wasDerivedFrom"), sentence.clone());
        }
        if !finding.trigger.is_empty() {
            let trigger = chars(doc_iri, finding.trigger.char_start, finding.trigger.char_end);
            g.add(&node, ng!("trigger"), trigger);
        }
        let key = (fact.family.as_str(), fact.subject.as_str(), fact.object.as_deref());
        let truthy = fact.polarity == Polarity::Positive
            && TRUTHY_MODALITIES.contains(&finding.modality.as_str())
            && fact.object.is_some()
            && !denied.contains(&key);
        if truthy && let (Term::NamedNode(s), Term::NamedNode(o)) = (&s, &o) {
            g.add(s, property.as_ref(), o.clone());
        }
        let event = if denied.contains(&key) {
            // The document also says it did not happen: no event from it.
            None
        } else {
            event_node(fact, finding, analysis, iris, knowledge, doc_iri, g)
        };
        if let Some(event) = event {
            g.add(&node, ng!("event"), event);
        } else if let Some(role) = finding.literals.get("role") {
            // A relation without an event node keeps its role name on the statement.
            let name = Literal::new_language_tagged_literal_unchecked(role, "de");
            g.add(&node, schema!("roleName"), name);
        }
    }
}

/// The event node of a positive fact of an event family, with its roles, status and dates.
fn event_node(
    fact: &Fact,
    finding: &Finding,
    analysis: &Analysis,
    iris: &Iris,
    knowledge: &Knowledge,
    doc_iri: &NamedNode,
    g: &mut GraphWriter,
) -> Option<NamedNode> {
    let rules = &knowledge.relations;
    let family = rules.family(&fact.family)?;
    let class = family.event.as_ref()?;
    if fact.polarity == Polarity::Negative {
        return None;
    }
    let ng = |local: &str| iri(NG, local);
    let doc = &analysis.document;
    let node = match &fact.object {
        Some(object) => iris.event(&fact.family, &[&fact.subject, object]),
        // A statement is one utterance: keyed by its speaker, document and sentence.
        None => {
            let at = finding.sentence.to_string();
            iris.event(&fact.family, &[&fact.subject, &doc.id, &at])
        }
    };
    g.add(&node, rdf::TYPE, ng(class));
    g.add(&node, rdf::TYPE, prov!("Activity"));
    let label = |id: &str| {
        analysis
            .new_entities
            .get(id)
            .or_else(|| knowledge.lexicon.get(id))
            .map_or_else(|| id.to_string(), |e| e.label.clone())
    };
    let text = match &fact.object {
        Some(o) => format!("{}: {} → {}", family.label_en, label(&fact.subject), label(o)),
        None => format!("{}: {}", family.label_en, label(&fact.subject)),
    };
    g.add(&node, rdfs::LABEL, Literal::new_language_tagged_literal_unchecked(text, "en"));
    g.add(&node, ng(&family.subject).as_ref(), iris.entity(&fact.subject));
    if let (Some(role), Some(object)) = (&family.object, &fact.object) {
        g.add(&node, ng(role).as_ref(), iris.entity(object));
    }
    for role in &family.roles {
        for filler in finding.fillers(role) {
            g.add(&node, ng(role).as_ref(), iris.entity(filler));
        }
        if let Some(value) = finding.literals.get(role) {
            let (property, literal) = if role == "role" {
                (
                    schema!("roleName").into_owned(),
                    Literal::new_language_tagged_literal_unchecked(value, "de"),
                )
            } else {
                (ng(role), Literal::new_simple_literal(value))
            };
            g.add(&node, property.as_ref(), literal);
        }
    }
    if let Some(status) = &finding.status {
        g.add(&node, ng!("status"), ng(&camel(status)));
    }
    if let Some(date) = &finding.date {
        add_date(g, &node, (ng!("date"), ng!("datePrecision")), date);
    }
    if let Some(deadline) = &finding.deadline {
        add_date(g, &node, (ng!("deadline"), ng!("deadlinePrecision")), deadline);
    }
    g.add(&node, dcterms!("source"), doc_iri.clone());
    Some(node)
}
