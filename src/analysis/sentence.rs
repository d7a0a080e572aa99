//! What the stages after segmentation read: one view per sentence and one context per document.
//!
//! The pipeline ([`super::Pipeline`]) folds, tokenizes and classifies each sentence once and
//! finds its time expressions once; resolution ([`super::resolve`]) and extraction
//! ([`super::extract`]) read the same [`TokenizedSentence`]s, with the [`DocumentContext`] that
//! holds what is the same for every sentence of a document.

use std::collections::BTreeMap;

use crate::analysis::recognize::Gazetteer;
use crate::analysis::time::TimeExpression;
use crate::analysis::words::SentenceWords;
use crate::knowledge::lexicon::Entity;
use crate::knowledge::{Category, Knowledge};
use crate::text::fold::{Folded, fold};
use crate::text::span::{CharIndex, Span};
use crate::text::token::Token;

/// One sentence as the pipeline read it: its span, its tokens, each token folded and classified,
/// and its time expressions (found after resolution, empty before).
#[derive(Debug, Clone)]
pub struct TokenizedSentence<'d> {
    /// Index of the sentence in its document.
    pub index: usize,
    pub span: Span,
    /// The sentence's text folded, in which the gazetteers match names.
    pub folded: &'d Folded,
    pub tokens: &'d [Token],
    /// Each token folded, with the flags the stages test.
    pub words: SentenceWords<'d>,
    /// Time expressions, resolved against the document date.
    pub times: Vec<TimeExpression>,
}

impl TokenizedSentence<'_> {
    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }
}

/// What every sentence of one document shares: its text and where its chars are, the knowledge,
/// the lexicon's gazetteer and the entities the document introduces.
#[derive(Debug, Clone, Copy)]
pub struct DocumentContext<'d> {
    pub text: &'d str,
    pub index: &'d CharIndex,
    pub knowledge: &'d Knowledge,
    pub gazetteer: &'d Gazetteer,
    /// Entities found so far that the lexicon does not know, by id.
    pub new_entities: &'d BTreeMap<String, Entity>,
}

impl DocumentContext<'_> {
    /// The category of an entity of the lexicon or of the document.
    pub fn category(&self, id: &str) -> Option<Category> {
        (self.knowledge.lexicon.get(id).or_else(|| self.new_entities.get(id)))
            .map(|e| e.kind.category)
    }

    /// The label of an entity of the lexicon or of the document.
    pub fn label(&self, id: &str) -> Option<&str> {
        (self.knowledge.lexicon.get(id).or_else(|| self.new_entities.get(id)))
            .map(|e| e.label.as_str())
    }

    /// Whether `name` is a name of the entity: its label, or a name or alias the lexicon gives it.
    pub fn names(&self, id: &str, name: &str) -> bool {
        let entity = self.knowledge.lexicon.get(id).or_else(|| self.new_entities.get(id));
        entity.is_some_and(|e| fold(&e.label) == fold(name))
            || self.gazetteer.entity_named(name) == Some(id)
    }
}
