//! Names the lexicon does not know: unknown parts of organisation compounds ("Kelvor-Chef"),
//! names before a legal form ("Brenner Logistik AG"), given names ("Sabine Lorenz"), and the
//! later mentions of each by its short name.

use super::{Context, ScannedSentence};
use crate::analysis::recognize::{Gazetteer, How, Mention};
use crate::analysis::sentence::TokenizedSentence;
use crate::analysis::words::Flags;
use crate::text::fold::{fold, with_folded};
use crate::text::span::CharIndex;

impl Context<'_> {
    /// "Siemens-Chef", "Halvion-Aktie": an unknown first part of such a compound is an organisation.
    pub(super) fn discover_compound_organisations(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let rules = self.rules;
        let kind = &rules.organisation_type;
        // A compound has a hyphen.
        for &(k, flags) in w.starts {
            if !flags.has(Flags::HYPHEN) {
                continue;
            }
            let token = &w.toks[k as usize];
            let (Some(first), Some(last)) = (token.parts.first(), token.parts.last()) else {
                continue;
            };
            let head = fold(&self.text[last.bytes()]);
            if !self.rules.organisation_compound_heads.contains(&head) || token.parts.len() != 2 {
                continue;
            }
            let name = &self.text[first.bytes()];
            let capitalised = name.starts_with(char::is_uppercase) && name.chars().count() >= 3;
            if !capitalised
                || with_folded(name, |w| self.rules.name_stopwords.contains(w))
                || self.rules.is_common_noun(name)
                || self.rules.class_of(name).is_some()
                || self.overlaps(*first)
            {
                continue;
            }
            let id = self.add_entity(name, kind);
            self.mentions.push(Mention {
                span: index.span(first.start, first.end),
                entity: id,
                how: How::Pattern,
                confidence: 0.7,
                sentence: Some(si),
                compound_head: Some(self.text[last.bytes()].to_string()),
            });
        }
    }

    pub(super) fn discover_legal_forms(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let toks = w.toks;
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::LEGAL_FORM) || k == 0 {
                continue;
            }
            let mut start = k;
            // A legal form is strong evidence: words before it are names even if they look like
            // common nouns ("Taichung", "Energie").
            while start > 0 && k - start < 4 && w.capitalised(start - 1) {
                start -= 1;
            }
            // "die Berliner Klangwerk Media GmbH": a place adjective after an article describes
            // the company and is no part of its name.
            if k - start >= 2
                && self.is_known_place_adjective(self.word(&toks[start]))
                && start > 0
                && self.rules.is_definite_determiner(w.folded(start - 1))
            {
                start += 1;
            }
            if start == k {
                continue;
            }
            let mut end = toks[k].span.end;
            if toks.get(k + 1).is_some_and(|t| self.word(t) == "." && t.span.start == end) {
                end += 1;
            }
            let span = index.span(toks[start].span.start, end);
            if self.overlaps(span) {
                continue;
            }
            let kind = self.rules.organisation_type.clone();
            let id = self.add_entity(&self.text[span.bytes()], &kind);
            self.push(span, id, How::Pattern, 0.8, si);
        }
    }

    pub(super) fn discover_given_names(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        // A given name is followed by a name-like word.
        if !w.words.any(Flags::NAME_LIKE) {
            return;
        }
        let toks = w.toks;
        let rules = self.rules;
        let person = &rules.person_type;
        // The tokens before `next` are part of a name found.
        let mut next = 0;
        // Given names are capitalised and a name follows them: other words need no lookup.
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::UPPER)
                || k < next
                || k + 1 >= toks.len()
                || !w.name_like(k + 1)
                || !self.rules.first_names.contains(self.word(&toks[k]))
            {
                continue;
            }
            let mut end = k + 1;
            while end < toks.len()
                && end - k <= 2
                && w.name_like(end)
                && !w.legal_form(end)
                && w.class(end).is_none()
            {
                end += 1;
            }
            let span = index.span(toks[k].span.start, toks[end - 1].span.end);
            if end > k + 1 && !self.overlaps(span) {
                let id = self.add_entity(&self.text[span.bytes()], person);
                self.push(span, id, How::Pattern, 0.8, si);
            }
            next = end;
        }
    }

    /// Later mentions of new entities by their names and short names.
    pub(super) fn match_short_names(
        &mut self,
        sentences: &[TokenizedSentence<'_>],
        index: &CharIndex,
    ) {
        if self.new_entities.is_empty() {
            return;
        }
        let names = self.new_entities.values().flat_map(|entity| {
            // A short name that is also a lexicon name belongs to the lexicon entity.
            let aliases = entity.aliases.iter().filter(|a| !self.lexicon_gazetteer.knows(&a.text));
            std::iter::once(entity.label.as_str())
                .chain(aliases.map(|a| a.text.as_str()))
                .map(|name| (entity.id.as_str(), name))
        });
        let gazetteer = Gazetteer::of_names(names, &self.knowledge.inflection);
        for (si, sentence) in sentences.iter().enumerate() {
            for mut mention in
                gazetteer.find_folded(self.text, sentence.span, sentence.folded, index)
            {
                if self.overlaps(mention.span) {
                    continue;
                }
                mention.sentence = Some(si);
                mention.how = How::Coreference;
                mention.confidence = 0.8;
                self.mentions.push(mention);
            }
        }
    }
}
