//! The analysis of one document: segment, recognize, tokenize, resolve, find times, extract.
//!
//! [`Pipeline::analyze`] runs the stages in that order. Each sentence is folded, tokenized and
//! classified once into a [`TokenizedSentence`] that every later stage reads; what is the same for
//! all sentences of a document travels as a [`DocumentContext`].

pub(crate) mod extract;
pub(crate) mod recognize;
pub(crate) mod resolve;
pub(crate) mod sentence;
pub(crate) mod time;
pub(crate) mod words;

use std::collections::BTreeMap;

use crate::analysis::extract::{Finding, extract};
use crate::analysis::recognize::{Gazetteer, How, Mention};
use crate::analysis::resolve::{Resolution, Role, resolve};
use crate::analysis::sentence::{DocumentContext, TokenizedSentence};
use crate::analysis::time::TimeExpression;
use crate::analysis::words::{SentenceWords, WordLists};
use crate::knowledge::Knowledge;
use crate::knowledge::lexicon::{Entity, Name};
use crate::text::document::Document;
use crate::text::fold::Folded;
use crate::text::language::{SAMPLE_BYTES, detect};
use crate::text::segment::{Segmenter, Sentence};
use crate::text::slug::slug;
use crate::text::span::CharIndex;
use crate::text::token::{Token, tokenize};

/// What newsgraph found in one document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub document: Document,
    pub sentences: Vec<Sentence>,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// Entities this document introduces that the lexicon does not know, by id.
    pub new_entities: BTreeMap<String, Entity>,
    /// Ids of the document's authors, in byline order.
    pub authors: Vec<String>,
    /// Ids of the agencies of the credit trailer, in printed order.
    pub sources: Vec<String>,
    /// Roles stated in the document.
    pub roles: Vec<Role>,
    /// Time expressions of each sentence, resolved against the document date.
    pub times: Vec<Vec<TimeExpression>>,
    /// Relations and events stated in the document.
    pub findings: Vec<Finding>,
    /// The id of the entity that published the document (from its input's metadata).
    pub publisher: Option<String>,
    /// The document's language: as its input declares it, else as detected in its text, if sure.
    pub language: Option<String>,
    /// Whether the text was read. A document in another language than the rules' is stored
    /// with its metadata and text, but nothing is read from it: German rules would misread it.
    pub extracted: bool,
}

/// A document cut into sentences, before anything is read from them.
struct Segmented {
    document: Document,
    language: Option<String>,
    extracted: bool,
    index: CharIndex,
    sentences: Vec<Sentence>,
}

/// The stages, set up once from the knowledge and run on each document.
#[derive(Debug)]
pub struct Pipeline<'k> {
    knowledge: &'k Knowledge,
    gazetteer: Gazetteer,
    segmenter: Segmenter<'k>,
    lists: WordLists<'k>,
}

impl<'k> Pipeline<'k> {
    pub fn new(knowledge: &'k Knowledge) -> Self {
        Pipeline {
            knowledge,
            gazetteer: Gazetteer::new(&knowledge.lexicon, &knowledge.inflection),
            segmenter: Segmenter::new(&knowledge.segmentation),
            lists: WordLists::new(&knowledge.rules),
        }
    }

    pub fn analyze(&self, document: Document) -> Analysis {
        self.read(self.segment(document))
    }

    /// Analyses a document of at most `max_sentences` sentences. A longer one is refused as soon
    /// as it is segmented, before anything is held per sentence: the error is its number of
    /// sentences.
    pub(crate) fn analyze_at_most(
        &self,
        document: Document,
        max_sentences: usize,
    ) -> Result<Analysis, usize> {
        let segmented = self.segment(document);
        match segmented.sentences.len() {
            n if n > max_sentences => Err(n),
            _ => Ok(self.read(segmented)),
        }
    }

    /// Tells the document's language and cuts its prose into sentences.
    fn segment(&self, mut document: Document) -> Segmented {
        let language = document.meta.language.clone().or_else(|| {
            // The opening prose tells the language; detection reads no more than that.
            let mut opening = String::new();
            for range in &document.prose {
                if opening.len() >= SAMPLE_BYTES {
                    break;
                }
                opening.push_str(&document.text[range.clone()]);
            }
            detect(&opening).map(String::from)
        });
        let extracted = language.as_deref().is_none_or(|l| l == self.knowledge.language);
        if !extracted {
            // No sentences, so no mentions, times or findings: only the metadata and the text.
            document.prose.clear();
        }
        let index = CharIndex::new(&document.text);
        let sentences = self.segmenter.segment(&document.text, &document.prose, &index);
        Segmented { document, language, extracted, index, sentences }
    }

    /// Reads a segmented document: mentions, resolution, times, findings.
    fn read(&self, segmented: Segmented) -> Analysis {
        let Segmented { document, language, extracted, index, sentences } = segmented;
        // Each sentence is folded once; the lexicon's and the document's own names are matched
        // in the same folded text.
        let folded: Vec<Folded> =
            sentences.iter().map(|s| Folded::new(&document.text[s.span.bytes()])).collect();
        let mut mentions = Vec::new();
        for (i, sentence) in sentences.iter().enumerate() {
            for mut mention in
                self.gazetteer.find_folded(&document.text, sentence.span, &folded[i], &index)
            {
                mention.sentence = Some(i);
                mentions.push(mention);
            }
        }
        let mut new_entities = BTreeMap::new();
        let (authors, sources) = self.bylines(&document, &mut new_entities);
        // Each sentence is tokenized, and each token folded and classified, once: resolution,
        // time and extraction read the same sentences.
        let tokens: Vec<Vec<Token>> =
            sentences.iter().map(|s| tokenize(&document.text, s.span, &index)).collect();
        let mut read: Vec<TokenizedSentence<'_>> = (sentences.iter().zip(&folded).zip(&tokens))
            .enumerate()
            .map(|(i, ((s, f), t))| TokenizedSentence {
                index: i,
                span: s.span,
                folded: f,
                tokens: t,
                words: SentenceWords::with_rules(&document.text, s.span, f, t, &self.lists),
                times: Vec::new(),
            })
            .collect();
        let context = self.context(&document.text, &index, &new_entities);
        let mut resolution = resolve(&context, &read, mentions);
        new_entities.append(&mut resolution.new_entities);
        let anchor = document.date.as_ref();
        for sentence in &mut read {
            sentence.times = self.knowledge.time.find_in(
                &document.text,
                sentence.tokens,
                &sentence.words,
                &index,
                anchor,
            );
        }
        let context = self.context(&document.text, &index, &new_entities);
        let findings = extract(&context, &read, &resolution);
        let times = read.into_iter().map(|s| s.times).collect();
        let Resolution { mentions, roles, .. } = resolution;
        // Only now, so that the publisher's name is never matched in the text as one of the
        // document's own names: the same article reads the same with or without its metadata.
        let publisher = self.publisher(&document, &mut new_entities);
        Analysis {
            document,
            sentences,
            mentions,
            new_entities,
            authors,
            sources,
            roles,
            times,
            findings,
            publisher,
            language,
            extracted,
        }
    }
}

impl<'k> Pipeline<'k> {
    /// The ids of the document's authors and credited agencies, with the entities of those the
    /// lexicon does not know added to `new_entities`.
    fn bylines(
        &self,
        document: &Document,
        new_entities: &mut BTreeMap<String, Entity>,
    ) -> (Vec<String>, Vec<String>) {
        let mut authors = Vec::new();
        let rules = &self.knowledge.rules;
        for name in &document.authors {
            let id = slug(name);
            authors.push(id.clone());
            if self.knowledge.lexicon.get(&id).is_some() {
                continue;
            }
            let aliases = vec![Name { lang: "de".into(), text: name.clone() }];
            new_entities.entry(id.clone()).or_insert_with(|| {
                Entity::discovered(id, name.clone(), rules.person_type.clone(), aliases)
            });
        }
        let mut sources = Vec::new();
        for credit in &document.credits {
            if self.knowledge.documents.desk_credits.contains(credit) {
                continue;
            }
            let id = match self.gazetteer.entity_named(credit) {
                Some(id) => id.to_string(),
                None => {
                    let id = slug(credit);
                    new_entities.entry(id.clone()).or_insert_with(|| {
                        let kind = rules.agency_type.clone();
                        Entity::discovered(id.clone(), credit.clone(), kind, Vec::new())
                    });
                    id
                }
            };
            sources.push(id);
        }
        (authors, sources)
    }

    /// The id of the document's publisher: the lexicon's entity of that name, else a new
    /// organisation of the agency type added to `new_entities`.
    fn publisher(
        &self,
        document: &Document,
        new_entities: &mut BTreeMap<String, Entity>,
    ) -> Option<String> {
        let name = document.meta.publisher.as_ref()?;
        if let Some(id) = self.gazetteer.entity_named(name) {
            return Some(id.to_string());
        }
        let id = slug(name);
        if id.is_empty() {
            return None;
        }
        new_entities.entry(id.clone()).or_insert_with(|| {
            let kind = self.knowledge.rules.agency_type.clone();
            Entity::discovered(id.clone(), name.clone(), kind, Vec::new())
        });
        Some(id)
    }

    fn context<'d>(
        &'d self,
        text: &'d str,
        index: &'d CharIndex,
        new_entities: &'d BTreeMap<String, Entity>,
    ) -> DocumentContext<'d> {
        let (knowledge, gazetteer) = (self.knowledge, &self.gazetteer);
        DocumentContext { text, index, knowledge, gazetteer, new_entities }
    }
}

impl Analysis {
    /// Mentions of prose only; a byline is metadata.
    pub fn prose_mentions(&self) -> impl Iterator<Item = &Mention> {
        self.mentions.iter().filter(|m| m.how != How::Byline)
    }
}
