//! References back: descriptions with a remit ("ein für Kartellfragen zuständiges Gremium"),
//! definite descriptions ("das Unternehmen") and seats standing for their organisation ("das
//! Angebot aus Redmond").

use std::collections::BTreeMap;

use super::{Context, ScannedSentence};
use crate::analysis::recognize::How;
use crate::analysis::words::Flags;
use crate::knowledge::Category;
use crate::knowledge::rules::ClassNoun;
use crate::text::fold::{fold, with_folded};
use crate::text::span::{CharIndex, Span};

impl Context<'_> {
    /// "ein für ausländische Investitionen zuständiges Gremium" → the body with that remit.
    pub(super) fn resolve_remits(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        let toks = w.toks;
        for &(z, flags) in w.descriptions {
            let z = z as usize;
            if !flags.has(Flags::REMIT) || z < 2 || z + 1 >= toks.len() {
                continue;
            }
            let Some(f) = (z.saturating_sub(10)..z)
                .rev()
                .find(|&f| w.folded(f) == self.rules.purpose_preposition)
            else {
                continue;
            };
            if f == 0 || !w.words.is_word(z + 1) || !w.name_like(z + 1) {
                continue;
            }
            let det = w.folded(f - 1);
            if !(self.rules.is_indefinite(det) || self.rules.definite_determiners.contains(det)) {
                continue;
            }
            let remit_text = fold(&self.text[toks[f + 1].span.start..toks[z - 1].span.end]);
            let body = self.knowledge.lexicon.entries.iter().find(|e| {
                e.remit
                    .iter()
                    .any(|r| r.text.split_whitespace().all(|w| remit_text.contains(stem(&fold(w)))))
            });
            if let Some(body) = body {
                let span = index.span(toks[f - 1].span.start, toks[z + 1].span.end);
                let id = body.id.clone();
                self.replace_inside(span);
                self.push(span, id, How::Descriptor, 0.8, si);
            }
        }
    }

    /// "das Unternehmen", "der US-Präsident": the most salient compatible entity before.
    pub(super) fn resolve_definites(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        let toks = w.toks;
        for &(t, flags) in w.descriptions {
            let t = t as usize;
            if !flags.has(Flags::DEFINITE) {
                continue;
            }
            let mut k = t + 1;
            while k < toks.len() && k - t <= 3 && w.words.is_word(k) && w.words.lower(k) {
                k += 1;
            }
            let Some(noun) = toks.get(k) else { continue };
            if !w.words.is_word(k) || !w.words.upper(k) {
                continue;
            }
            // The class noun is the noun, or a name-like word after it ("das Hamburger
            // Geldhaus"); a name after the class noun makes an apposition, no description.
            let (class, head, last) = if !w.name_like(k + 1) {
                match w.class(k) {
                    Some((class, head)) => (class, head, k),
                    None => continue,
                }
            } else if w.name_like(k + 2) || w.class(k).is_some() {
                continue;
            } else {
                match w.class(k + 1) {
                    Some((class, head)) => (class, head, k + 1),
                    None => continue,
                }
            };
            // "das Hamburger Geldhaus": a capitalised place adjective is no part of the noun;
            // another capitalised adjective makes a name ("der Märkischen Kreditbank").
            if last > k
                && !self.rules.is_place_adjective(self.word(noun))
                && self.adjective_opens_name(w, k)
            {
                continue;
            }
            let first = if last > k && self.rules.is_place_adjective(self.word(noun)) {
                &toks[last]
            } else {
                noun
            };
            let span = index.span(first.span.start, toks[last].span.end);
            let blocked = self.mentions.iter().any(|m| {
                m.span.start < span.end
                    && span.start < m.span.end
                    && !(span.contains(&m.span) && m.compound_head.is_some())
            });
            if blocked {
                continue;
            }
            if let Some(entity) = self.antecedent(class, head, span, si) {
                self.replace_inside(span);
                self.push(span, entity, How::Coreference, 0.6, si);
            }
        }
    }

    /// Salience: an entity introduced with the same class noun, one that opens a sentence (a
    /// likely subject) and one mentioned often rank higher; otherwise the most recent wins. An
    /// entity named with the same class noun may lie further back than the three-sentence window.
    fn antecedent(&self, class: &ClassNoun, head: &str, span: Span, si: usize) -> Option<String> {
        let window = si.saturating_sub(3);
        let same_head =
            |id: &str| self.appositions.iter().any(|a| a.entity == id && a.head == head);
        let compatible =
            |id: &str| self.category(id).is_some_and(|c| class.categories.contains(&c));
        let person = class.categories.contains(&Category::Person);
        // The first compatible mention of a sentence is its likely subject (of the sentences in
        // the window: only they make a subject).
        let mut first_in_sentence: BTreeMap<usize, &str> = BTreeMap::new();
        for m in &self.mentions {
            if let Some(s) = m.sentence
                && (window..=si).contains(&s)
                && compatible(&m.entity)
            {
                first_in_sentence.entry(s).or_insert(&m.entity);
            }
        }
        let mut ranked: Vec<(String, f64)> = Vec::new();
        for m in self.mentions.iter().rev() {
            if m.span.end > span.start || ranked.iter().any(|(e, _)| *e == m.entity) {
                continue;
            }
            let near = m.sentence.is_none_or(|s| s >= window);
            let id = m.entity.as_str();
            if !compatible(id) || (person && !same_head(id)) || !(near || same_head(id)) {
                continue;
            }
            let count =
                self.mentions.iter().filter(|o| o.entity == id && o.span.end <= span.start).count();
            let subject =
                first_in_sentence.iter().any(|(s, e)| *s >= window && *s <= si && *e == id);
            // A class noun named long ago counts less than one named in the last sentences.
            let head_bonus = match (same_head(id), near) {
                (true, true) => 3.0,
                (true, false) => 1.0,
                _ => 0.0,
            };
            // A description does not refer to an entity named earlier in its own clause
            // ("dass X das Angebot des Konzerns ablehnte": the Konzern is not X).
            let between = &self.text[m.span.end.min(span.start)..span.start];
            if m.sentence == Some(si) && !between.contains([',', ';', ':']) {
                continue;
            }
            let score = head_bonus + 1.5 * f64::from(u8::from(subject)) + 0.5 * count.min(4) as f64
                - ranked.len() as f64;
            ranked.push((id.to_string(), score));
        }
        ranked
            .iter()
            .enumerate()
            .max_by(|(ra, (_, a)), (rb, (_, b))| a.total_cmp(b).then(rb.cmp(ra)))
            .map(|(_, (id, _))| id.clone())
    }

    /// "Berliner", "Dresdner": a place adjective of a place the lexicon knows.
    pub(super) fn is_known_place_adjective(&self, word: &str) -> bool {
        let rules = self.rules;
        let Some(stem) = word.strip_suffix(rules.place_adjective_ending.as_str()) else {
            return false;
        };
        if !word.starts_with(char::is_uppercase) {
            return false;
        }
        rules.place_stem_endings.iter().any(|ending| {
            let candidate = match ending.strip_prefix('+') {
                Some(insert) => match stem.char_indices().last() {
                    Some((at, _)) => format!("{}{insert}{}", &stem[..at], &stem[at..]),
                    None => return false,
                },
                None => format!("{stem}{ending}"),
            };
            self.lexicon_gazetteer
                .entity_named(&candidate)
                .is_some_and(|id| self.category(id) == Some(Category::Place))
        })
    }

    /// "Washington fürchtet …", "zwischen Washington und Peking": a capital that is the seat of
    /// a government the lexicon lists stands for that government, except after a locative
    /// preposition ("in Washington").
    pub(super) fn resolve_capitals(&mut self) {
        let rules = self.rules;
        for i in 0..self.mentions.len() {
            let m = &self.mentions[i];
            if m.how != How::Lexicon || self.category(&m.entity) != Some(Category::Place) {
                continue;
            }
            let Some(government) = self.knowledge.lexicon.government_seated_in(&m.entity) else {
                continue;
            };
            let before = self.text[..m.span.start].trim_end();
            let word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
            let after = &self.text[m.span.end..];
            // "in Washington", and "Washington, D.C." or "Washington-Besuch" as written.
            if with_folded(word, |w| rules.locative_prepositions.contains(w))
                || after.starts_with([',', '-'])
                    && after[1..].trim_start().starts_with(char::is_uppercase)
            {
                continue;
            }
            let id = government.id.clone();
            let m = &mut self.mentions[i];
            m.entity = id;
            m.how = How::Coreference;
            m.confidence = 0.6;
        }
    }

    /// "das Angebot aus Redmond": a seat standing for an organisation mentioned before.
    pub(super) fn resolve_seats(&mut self) {
        for i in 0..self.mentions.len() {
            let m = &self.mentions[i];
            let before = self.text[..m.span.start].trim_end();
            let origin = before.rsplit(char::is_whitespace).next().unwrap_or_default();
            if !with_folded(origin, |w| w == self.rules.origin_preposition) {
                continue;
            }
            let seated = self.knowledge.lexicon.entries.iter().find(|e| {
                e.seat.as_deref() == Some(m.entity.as_str())
                    && self.mentions[..i].iter().any(|p| p.entity == e.id)
            });
            if let Some(org) = seated {
                let id = org.id.clone();
                let m = &mut self.mentions[i];
                m.entity = id;
                m.how = How::Coreference;
                m.confidence = 0.6;
            }
        }
    }
}

/// A word's stem for loose matching of inflected forms: "ausländische" → "ausländisc".
fn stem(word: &str) -> &str {
    let chars = word.chars().count();
    if chars <= 5 {
        return word;
    }
    let cut = word.char_indices().nth(chars - 2).map_or(word.len(), |(b, _)| b);
    &word[..cut]
}
