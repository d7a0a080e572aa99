//! The word tables of the relation rules: cue words folded as the extractor compares them, and
//! the indexes it looks triggers, prepositions and cues up in. Built once on load
//! ([`super::load`]), after the names are checked.

use std::collections::BTreeMap;

use super::RelationRules;
use crate::knowledge::suffix::{SuffixIndex, WordMap};
use crate::text::fold::fold;

impl RelationRules {
    /// Folds every cue word, as the extractor compares them.
    pub(super) fn fold_cues(&mut self) {
        let fold_all = |words: &mut Vec<String>| {
            for w in words.iter_mut() {
                *w = fold(w);
            }
        };
        for entry in &self.cues.prepositions {
            let (form, prep) = entry.split_once('=').unwrap_or((entry, entry));
            self.prepositions.insert(fold(form), fold(prep));
        }
        let cues = &mut self.cues;
        for list in [
            &mut cues.negation,
            &mut cues.negation_exceptions,
            &mut cues.negating_verbs,
            &mut cues.passive_auxiliaries,
            &mut cues.postpositions,
            &mut cues.agent_prepositions,
            &mut cues.transparent_prepositions,
            &mut cues.maker_prepositions,
            &mut cues.adjective_endings,
            &mut cues.percent_words,
            &mut cues.degree_prepositions,
            &mut cues.remainder_words,
            &mut cues.counterpart_prepositions,
            &mut cues.currencies,
            &mut cues.determiners,
            &mut cues.non_nominative,
            &mut cues.genitive_determiners,
            &mut cues.accusative_determiners,
            &mut cues.dative_determiners,
            &mut cues.impersonal_pronouns,
            &mut cues.coordinators,
            &mut cues.relative_pronouns,
            &mut cues.plural_relative_pronouns,
            &mut cues.comitative,
            &mut cues.infinitive_openers,
            &mut cues.pronoun_exceptions,
            &mut cues.pronouns,
            &mut cues.finite_verbs,
            &mut cues.clause_openers,
            &mut cues.clause_coordinators,
            &mut cues.confirmation,
            &mut cues.receiving_verbs,
            &mut cues.transparent_nouns,
            &mut cues.rumour,
            &mut cues.deal_nouns,
            &mut cues.both,
            &mut cues.party_nouns,
            &mut cues.plural_articles,
            &mut cues.joint,
        ] {
            fold_all(list);
        }
        for m in &mut self.modalities {
            fold_all(&mut m.cues);
        }
        for switch in &mut self.switches {
            fold_all(&mut switch.cues);
        }
    }

    /// The word tables the extractor looks its triggers and cues up in.
    pub(super) fn index(&mut self) {
        let noun_endings = &self.noun_endings;
        let mut heads: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, frame) in self.frames.iter().enumerate() {
            for noun in &frame.nouns {
                heads.entry(noun.clone()).or_default().push(i);
            }
        }
        self.noun_index = SuffixIndex::new(heads, noun_endings);
        let mut verb_index: WordMap<Vec<(usize, usize)>> = WordMap::default();
        for (i, frame) in self.frames.iter().enumerate() {
            for (j, form) in frame.verbs.iter().enumerate() {
                let entry = verb_index.insert(form.word.clone(), Vec::new());
                // A frame answers for a word once, with its first matching form.
                if !entry.iter().any(|(f, _)| *f == i) || form.particle.is_some() {
                    entry.push((i, j));
                }
            }
        }
        self.verb_tails = crate::knowledge::suffix::Tails::new();
        for (word, _) in verb_index.iter() {
            self.verb_tails.add(word);
        }
        self.verb_index = verb_index;
        self.cue_index = self.cue_index();
        self.pronoun_index =
            WordMap::new(self.cues.pronoun_genders.iter().map(|(word, genders)| {
                let bits = genders.iter().fold(0, |bits, g| {
                    bits | super::gender::NAMES.iter().find(|(n, _)| n == g).map_or(0, |(_, b)| *b)
                });
                (fold(word), bits)
            }));
        let prepositions = self.prepositions.iter();
        self.preposition_index = WordMap::new(prepositions.map(|(f, p)| (f.clone(), p.clone())));
        let unit = |words: &[String]| words.iter().map(|w| (w.clone(), ())).collect::<Vec<_>>();
        self.transparent_index = SuffixIndex::new(unit(&self.cues.transparent_nouns), noun_endings);
        self.deal_index = SuffixIndex::new(unit(&self.cues.deal_nouns), noun_endings);
    }

    /// Word → the [`super::cue`] lists it is in.
    fn cue_index(&self) -> WordMap<u32> {
        use super::cue;
        let cues = &self.cues;
        let mut cue_index = WordMap::default();
        let lists: [(&[String], u32); 20] = [
            (&cues.negation, cue::NEGATION),
            (&cues.passive_auxiliaries, cue::PASSIVE_AUXILIARY),
            (&cues.postpositions, cue::POSTPOSITION),
            (&cues.agent_prepositions, cue::AGENT_PREPOSITION),
            (&cues.transparent_prepositions, cue::TRANSPARENT_PREPOSITION),
            (&cues.maker_prepositions, cue::MAKER_PREPOSITION),
            (&cues.determiners, cue::DETERMINER),
            (&cues.non_nominative, cue::NON_NOMINATIVE),
            (&cues.genitive_determiners, cue::GENITIVE_DETERMINER),
            (&cues.coordinators, cue::COORDINATOR),
            (&cues.comitative, cue::COMITATIVE),
            (&cues.pronouns, cue::PRONOUN),
            (&cues.finite_verbs, cue::FINITE_VERB),
            (&cues.infinitive_openers, cue::INFINITIVE_OPENER),
            (&cues.relative_pronouns, cue::RELATIVE_PRONOUN),
            (&cues.clause_openers, cue::CLAUSE_OPENER),
            (&cues.clause_punctuation, cue::CLAUSE_PUNCTUATION),
            (&cues.receiving_verbs, cue::RECEIVING_VERB),
            (&cues.confirmation, cue::CONFIRMATION),
            (&cues.negating_verbs, cue::NEGATING_VERB),
        ];
        let modality_cues =
            self.modalities.iter().flat_map(|m| m.cues.iter().map(|c| (c, cue::MODALITY)));
        let switch_cues =
            self.switches.iter().flat_map(|s| s.cues.iter().map(|c| (c, cue::SWITCH)));
        let listed = lists.iter().flat_map(|(words, bit)| words.iter().map(move |w| (w, *bit)));
        let keys = self.prepositions.keys().map(|w| (w, cue::PREPOSITION));
        for (word, bit) in listed.chain(modality_cues).chain(switch_cues).chain(keys) {
            *cue_index.insert(word.clone(), 0) |= bit;
        }
        cue_index
    }
}
