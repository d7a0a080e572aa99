//! Gapping: "An X hält A 60 Prozent, B die übrigen 40 Prozent", "… werden A 51 Prozent halten
//! und B den Rest". A conjunct that names another holder and another share but leaves out the
//! verb states what the clause before it states, of its own holder.

use super::Extractor;
use super::arguments::{Marker, SentenceArguments};
use crate::knowledge::relations::cue;

impl Extractor<'_> {
    /// Adds, for each verbless conjunct of the sentence that names holders and a share, the
    /// finding with a share before it again, with those holders as its subject; `from` is the
    /// first finding of the sentence.
    pub(super) fn gapped_conjuncts(&mut self, view: &SentenceArguments<'_>, from: usize) {
        if from == self.findings.len() {
            return;
        }
        let rules = self.rules;
        let percentage = rules.mechanism.roles.percentage;
        let mut added = Vec::new();
        for segment in conjuncts(view) {
            let starts = view.toks[segment.start].span.start;
            let text = &self.text[starts..view.toks[segment.end - 1].span.end];
            let share = super::qualification::percent(text, &rules.cues.percent_words);
            let remainder = segment
                .clone()
                .any(|i| rules.cues.remainder_words.iter().any(|r| r == view.folded[i]));
            if !(share.is_some() || remainder) || segment.clone().any(|i| self.verb_at(view, i)) {
                continue;
            }
            let holders: Vec<String> = (view.args.iter())
                .filter(|a| segment.contains(&a.first) && a.marker == Marker::Bare)
                .map(|a| a.entity.clone())
                .collect();
            if holders.is_empty() {
                continue;
            }
            let Some(gapped) = self.findings[from..].iter().rev().find(|f| {
                f.complete && f.trigger.end <= starts && f.literals.contains_key(&percentage)
            }) else {
                continue;
            };
            // A conjunct naming a party of the finding itself restates it, no other holder's.
            if gapped.roles.values().flatten().any(|e| holders.contains(e)) {
                continue;
            }
            let mut finding = gapped.clone();
            finding.roles.insert(rules.family_of(gapped.family).subject.id, holders);
            match share {
                Some(share) => finding.literals.insert(percentage, share),
                None => finding.literals.remove(&percentage),
            };
            added.push(finding);
        }
        self.findings.extend(added);
    }

    /// Whether token `i` is a verb: a finite form, an auxiliary or a form of a frame's verb.
    fn verb_at(&self, view: &SentenceArguments<'_>, i: usize) -> bool {
        let w = view.folded[i];
        view.words[i].starts_with(char::is_lowercase)
            && (view.cued(i, cue::FINITE_VERB | cue::PASSIVE_AUXILIARY | cue::MODALITY)
                || self.rules.verb_forms(w).next().is_some()
                || self.knowledge.dictionary.verb_forms(w).is_some_and(|f| f.finite()))
    }
}

/// The token ranges of a sentence between clause punctuation and coordinators.
fn conjuncts(view: &SentenceArguments<'_>) -> Vec<std::ops::Range<usize>> {
    let mut segments = Vec::new();
    let mut start = 0;
    for i in 0..=view.toks.len() {
        let cut = i == view.toks.len() || view.cued(i, cue::CLAUSE_PUNCTUATION | cue::COORDINATOR);
        if cut {
            if i > start {
                segments.push(start..i);
            }
            start = i + 1;
        }
    }
    segments
}
