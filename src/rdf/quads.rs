//! The quads of a document (metadata, NIF context, sentences, mentions, roles and the entities
//! it introduces), of the lexicon and of the vocabulary. Statements and events come from
//! [`super::findings`]; every term goes through a [`GraphWriter`].

use oxigraph::model::Quad;

use super::findings::finding_quads;
use super::iris::Iris;
use super::terms::{Id, Kind, V};
use super::writer::{GraphQuads, GraphWriter, NifString, Room, precision};
use crate::analysis::Analysis;
use crate::knowledge::lexicon::Entity;
use crate::knowledge::vocabulary::{NG, SCHEMA, WIKIDATA};
use crate::knowledge::{Category, Knowledge};
use crate::text::slug::slug;

/// The quads of one analysed document, all in the document's graph.
pub fn document_quads(analysis: &Analysis, knowledge: &Knowledge, iris: &Iris) -> GraphQuads {
    let doc = &analysis.document;
    let doc_iri = iris.document(&doc.id);
    let doc_iri = doc_iri.as_str();
    // About what most documents make: each sentence and mention is a node of a few quads, a
    // string IRI, offsets and its text; findings make statements and events.
    let spans = analysis.sentences.len() + analysis.mentions.len();
    let room = Room {
        quads: 16
            + 8 * analysis.sentences.len()
            + 12 * analysis.mentions.len()
            + 8 * analysis.roles.len()
            + 24 * analysis.findings.len(),
        terms: 32 + 4 * spans + 8 * analysis.roles.len() + 16 * analysis.findings.len(),
        text: 1024
            + doc.text.len()
            + (doc_iri.len() + 32) * spans
            + 256 * (analysis.roles.len() + analysis.findings.len()),
    };
    let mut g = GraphWriter::new(doc_iri, room);
    let doc_node = g.graph;

    g.add(doc_node, V::rdf_type, V::schema_NewsArticle);
    let id = g.simple(&doc.id);
    g.add(doc_node, V::dcterms_identifier, id);
    if let Some(date) = &doc.date {
        let literal = g.date(date);
        g.add(doc_node, V::dcterms_date, literal);
        g.add(doc_node, V::ng_datePrecision, precision(date));
    }
    for author in &analysis.authors {
        let author = g.entity(iris, author);
        g.add(doc_node, V::schema_author, author);
    }
    metadata_quads(&mut g, analysis, iris);
    let mut sources = Vec::new();
    for credit in &doc.credits {
        let desk = knowledge.documents.desk_credits.contains(credit);
        let property = if desk { V::ng_deskCredit } else { V::ng_sourceCredit };
        let literal = g.simple(credit);
        g.add(doc_node, property, literal);
        if !desk {
            sources.push(credit.as_str());
        }
    }
    if !sources.is_empty() {
        // The trailer's order matters (the first agency is the main source); single items do not
        // keep it, so the list is also stored as printed.
        let list = g.simple(&sources.join(", "));
        g.add(doc_node, V::ng_sourceCredits, list);
    }
    for source in &analysis.sources {
        let source = g.entity(iris, source);
        g.add(doc_node, V::schema_sourceOrganization, source);
    }
    for credit in &doc.photo_credits {
        let literal = g.simple(credit);
        g.add(doc_node, V::ng_photoCredit, literal);
    }

    let length = doc.text.chars().count();
    let whole = g.chars(0, length);
    let context = whole.node;
    g.add(doc_node, V::ng_context, context);
    g.add(context, V::rdf_type, V::nif_Context);
    g.add(context, V::rdf_type, V::nif_OffsetBasedString);
    let text = g.document_text(&doc.text);
    g.add(context, V::nif_isString, text);
    g.add(context, V::nif_beginIndex, whole.begin);
    g.add(context, V::nif_endIndex, whole.end);
    g.add(context, V::nif_sourceUrl, doc_node);

    let sentences: Vec<(NifString, Id)> =
        analysis.sentences.iter().map(|sentence| g.spanned(sentence.span)).collect();
    let sentence_nodes: Vec<Id> = sentences.iter().map(|(string, _)| string.node).collect();
    for (i, &(string, anchor)) in sentences.iter().enumerate() {
        let node = string.node;
        g.add(node, V::rdf_type, V::nif_Sentence);
        g.add(node, V::rdf_type, V::nif_OffsetBasedString);
        g.add(node, V::nif_referenceContext, context);
        g.add(node, V::nif_anchorOf, anchor);
        g.add(node, V::nif_beginIndex, string.begin);
        g.add(node, V::nif_endIndex, string.end);
        // With the sentence's other quads, so they stay one run (see `GraphWriter`).
        if let Some(&next) = sentence_nodes.get(i + 1) {
            g.add(node, V::nif_nextSentence, next);
        }
    }

    for mention in &analysis.mentions {
        let span = mention.span;
        let (string, anchor) = g.spanned(span);
        let node = string.node;
        g.add(node, V::rdf_type, V::nif_Phrase);
        g.add(node, V::rdf_type, V::nif_OffsetBasedString);
        g.add(node, V::nif_referenceContext, context);
        if let Some(&sentence) = mention.sentence.and_then(|i| sentence_nodes.get(i)) {
            g.add(node, V::nif_sentence, sentence);
        }
        g.add(node, V::nif_anchorOf, anchor);
        g.add(node, V::nif_beginIndex, string.begin);
        g.add(node, V::nif_endIndex, string.end);
        let entity_node = g.entity(iris, &mention.entity);
        g.add(node, V::itsrdf_taIdentRef, entity_node);
        let entity = knowledge
            .lexicon
            .get(&mention.entity)
            .or_else(|| analysis.new_entities.get(&mention.entity));
        if let Some(entity) = entity {
            let class = g.iri_in(SCHEMA, &entity.kind.schema);
            g.add(node, V::itsrdf_taClassRef, class);
        }
        let how = g.iri_in(NG, mention.how.name());
        g.add(node, V::ng_recognizedBy, how);
        let confidence = g.decimal(mention.confidence);
        g.add(node, V::ng_confidence, confidence);
        if let Some(head) = &mention.compound_head {
            let head = g.tagged(head, "de");
            g.add(node, V::ng_compoundHead, head);
        }
    }

    for role in &analysis.roles {
        let node = g.terms.intern_with(Kind::Iri, |out| {
            out.push_str(iris.base());
            out.push_str("role/");
            out.push_str(&role.person);
            out.push('/');
            out.push_str(&slug(role.label.as_deref().unwrap_or(&role.noun)));
            if let Some(org) = &role.organization {
                out.push('/');
                out.push_str(org);
            }
        });
        let person = g.entity(iris, &role.person);
        g.add(node, V::rdf_type, V::schema_Role);
        g.add(node, V::ng_holder, person);
        if let Some(label) = &role.label {
            let label = g.tagged(label, "en");
            g.add(node, V::schema_roleName, label);
        }
        let noun = g.tagged(&role.noun, "de");
        g.add(node, V::ng_roleNoun, noun);
        if let Some(org) = &role.organization {
            let org = g.entity(iris, org);
            g.add(node, V::ng_roleIn, org);
            if role.founder {
                g.add(org, V::schema_founder, person);
            }
        }
        if let Some(&sentence) = sentence_nodes.get(role.sentence) {
            g.add(node, V::prov_wasDerivedFrom, sentence);
        }
    }

    finding_quads(analysis, knowledge, iris, &sentence_nodes, &mut g);

    // Every entity the document refers to: the facts graph describes those of the generated
    // lists while some document mentions them.
    for id in referred_entities(analysis) {
        let entity = g.entity(iris, id);
        g.add(doc_node, V::schema_mentions, entity);
    }

    // An entity only this document's reading knows (a name the lexicon lacks) is described here,
    // as this document reads it.
    for entity in analysis.new_entities.values() {
        g.new_part();
        entity_quads(&mut g, entity, iris);
    }
    g.finish()
}

/// What the document's input said of it: headline, URL, publisher, language, and the files (or
/// records of a file) it was read from.
fn metadata_quads(g: &mut GraphWriter, analysis: &Analysis, iris: &Iris) {
    let (doc_node, meta) = (g.graph, &analysis.document.meta);
    if let Some(headline) = &meta.headline {
        let headline = match &analysis.language {
            Some(language) => g.tagged(headline, language),
            None => g.simple(headline),
        };
        g.add(doc_node, V::schema_headline, headline);
    }
    if let Some(url) = &meta.url {
        let url = g.iri(url);
        g.add(doc_node, V::schema_url, url);
    }
    if let Some(publisher) = &analysis.publisher {
        let publisher = g.entity(iris, publisher);
        g.add(doc_node, V::schema_publisher, publisher);
    }
    if let Some(language) = &analysis.language {
        let language = g.simple(language);
        g.add(doc_node, V::dcterms_language, language);
    }
    for source in &meta.sources {
        let source = g.source(iris, source);
        g.add(doc_node, V::prov_wasDerivedFrom, source);
    }
}

/// The entities a document refers to, in id order: those it mentions, those its findings name
/// and those it credits with a statement.
fn referred_entities(analysis: &Analysis) -> std::collections::BTreeSet<&str> {
    (analysis.mentions.iter().map(|m| m.entity.as_str()))
        .chain(
            analysis
                .findings
                .iter()
                .flat_map(|f| f.roles.values().flatten().chain(&f.attribution).map(String::as_str)),
        )
        .collect()
}

/// Label, type, names and identifiers of an entity.
pub(super) fn entity_quads(g: &mut GraphWriter, entity: &Entity, iris: &Iris) {
    let node = g.entity(iris, &entity.id);
    let class = g.iri_in(SCHEMA, &entity.kind.schema);
    g.add(node, V::rdf_type, class);
    let label = g.tagged(&entity.label, "en");
    g.add(node, V::rdfs_label, label);
    g.add(node, V::skos_prefLabel, label);
    let category = g.iri_in(NG, entity.kind.category.name());
    g.add(node, V::ng_category, category);
    for name in &entity.aliases {
        if name.text != entity.label {
            let alt = g.tagged(&name.text, &name.lang);
            g.add(node, V::skos_altLabel, alt);
        }
    }
    for name in &entity.descriptors {
        let descriptor = g.tagged(&name.text, &name.lang);
        g.add(node, V::ng_descriptor, descriptor);
    }
    if let Some(q) = &entity.wikidata {
        let item = g.iri_in(WIKIDATA, q);
        g.add(node, V::skos_exactMatch, item);
    }
    for iri in &entity.same_as {
        let same = g.iri(iri);
        g.add(node, V::schema_sameAs, same);
    }
    if let Some(isin) = &entity.isin {
        let isin = g.simple(isin);
        g.add(node, V::ng_isin, isin);
    }
    if let Some(industry) = &entity.industry {
        let industry = g.tagged(industry, "en");
        g.add(node, V::ng_industry, industry);
    }
    if let Some(country) = &entity.country {
        // A city lies in its country; an organisation is based there.
        let within = if entity.kind.category == Category::Place {
            V::schema_containedInPlace
        } else {
            V::schema_location
        };
        let country = g.entity(iris, country);
        g.add(node, within, country);
    }
}

/// The lexicon graph: every known entity.
pub fn lexicon_quads(knowledge: &Knowledge, iris: &Iris) -> Vec<Quad> {
    let graph = iris.lexicon_graph();
    let entities = knowledge.lexicon.entries.len();
    let room = Room { quads: 8 * entities, terms: 8 * entities, text: 256 * entities };
    let mut g = GraphWriter::new(graph.as_str(), room);
    for entity in knowledge.lexicon.entries.iter().filter(|e| !e.generated) {
        g.new_part();
        entity_quads(&mut g, entity, iris);
    }
    g.finish().into_quads()
}

/// The vocabulary graph, from the triples [`Knowledge::load`] parsed and checked.
pub fn vocabulary_graph(knowledge: &Knowledge, iris: &Iris) -> Vec<Quad> {
    let graph = iris.vocabulary_graph();
    (knowledge.vocabulary_triples.iter())
        .map(|triple| triple.clone().in_graph(graph.clone()))
        .collect()
}

/// The vocabulary graph, parsed from the ontology's Turtle (and checked).
#[cfg(any(test, feature = "fuzzing"))]
pub fn vocabulary_quads(knowledge: &Knowledge, iris: &Iris) -> crate::Result<Vec<Quad>> {
    use crate::knowledge::vocabulary::parse_vocabulary;
    let graph = iris.vocabulary_graph();
    let triples = parse_vocabulary(&knowledge.vocabulary, &knowledge.vocabulary_file)?;
    Ok(triples.into_iter().map(|triple| triple.in_graph(graph.clone())).collect())
}
