//! Clauses: a sentence cut into clauses, with each clause's subject.
//!
//! A sentence is cut at commas, dashes and clause openers such as "dass" ([`Extractor::clauses`]).
//! A relative pronoun after a comma stands for the phrase before it; "zusammen mit Y" joins Y to
//! the subject; a clause opening with its verb shares the subject of the clause before. The
//! frames ([`super::frames`]) read each trigger's clause and its subject from here.

use std::collections::BTreeSet;

use super::Extractor;
use super::arguments::{Arg, Marker, SentenceArguments, group_entities};
use crate::knowledge::Category;
use crate::knowledge::relations::{Slot, cue, gender};

/// A span of token indices `start..end` of one sentence.
#[derive(Debug, Clone, Copy)]
pub(super) struct Clause {
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Extractor<'_> {
    /// Cuts a sentence into clauses.
    pub(super) fn clauses(&self, view: &SentenceArguments<'_>) -> Vec<Clause> {
        let category = |a: &Arg| self.category(&a.entity);
        let ends_arg = |i: usize| view.args.iter().find(|a| a.last == i);
        let starts_arg = |i: usize| view.args.iter().find(|a| a.first == i);
        // "A, B und C" lists; "der Chef von A, B, sagte" sets off a person after a company. A
        // name followed by its verb opens a clause: "… wie Infineon und NXP, Infineon ist …".
        let verb = cue::FINITE_VERB | cue::PASSIVE_AUXILIARY | cue::MODALITY;
        let listed = |i: usize| match (ends_arg(i - 1), starts_arg(i + 1)) {
            (Some(a), Some(b)) => {
                category(a) == category(b)
                    && !(b.last + 1 < view.toks.len() && view.cued(b.last + 1, verb))
            }
            _ => false,
        };
        // "…, damit X Y kauft" opens a clause; "X kam damit auf 40 Prozent" goes on: an opener
        // opens a clause after punctuation or a coordinator only.
        let opens = |i: usize| view.cued(i - 1, cue::CLAUSE_PUNCTUATION | cue::COORDINATOR);
        let mut clauses = Vec::new();
        let mut start = 0;
        for i in 0..view.toks.len() {
            let w = view.folded[i];
            let cues = view.cues[i];
            let punctuation = cues & cue::CLAUSE_PUNCTUATION != 0;
            let list_comma = w == "," && i > 0 && listed(i);
            // "2,3 Milliarden": a decimal comma.
            let glued = |j: usize| {
                view.toks
                    .get(j)
                    .is_some_and(|_| view.words[j].starts_with(|c: char| c.is_ascii_digit()))
                    && (view.toks[j].span.end == view.toks[i].span.start
                        || view.toks[j].span.start == view.toks[i].span.end)
            };
            let list_comma = list_comma || (w == "," && i > 0 && glued(i - 1) && glued(i + 1));
            if (punctuation && !list_comma) || self.joins_clauses(view, i) {
                if i > start {
                    clauses.push(Clause { start, end: i });
                }
                start = i + 1;
            } else if cues & cue::CLAUSE_OPENER != 0 && i > start && opens(i) {
                clauses.push(Clause { start, end: i });
                start = i;
            }
        }
        if start < view.toks.len() {
            clauses.push(Clause { start, end: view.toks.len() });
        }
        clauses
    }

    /// Whether token `i` is a coordinator that joins two clauses: a finite verb follows it ("…
    /// und hat keinen Einfluss", "… und habe keinen Einfluss").
    pub(super) fn joins_clauses(&self, view: &SentenceArguments<'_>, i: usize) -> bool {
        let cues = &self.rules.cues;
        // Every clause coordinator is a coordinator: one bit answers for most tokens.
        if i == 0
            || i + 1 >= view.toks.len()
            || !view.cued(i, cue::COORDINATOR)
            || !cues.clause_coordinators.iter().any(|c| c == view.folded[i])
        {
            return false;
        }
        let next = view.folded[i + 1];
        let finite = self.knowledge.dictionary.verb_forms(next).is_some_and(|f| f.finite());
        view.words[i + 1].starts_with(char::is_lowercase)
            && !view.cued(i + 1, cue::DETERMINER | cue::PREPOSITION | cue::PRONOUN | cue::NEGATION)
            && (finite || view.cued(i + 1, cue::FINITE_VERB | cue::PASSIVE_AUXILIARY))
    }

    /// A relative pronoun after a comma stands for the argument before the comma, or else for
    /// the subject of the clause before. Returns which clauses are relative clauses.
    pub(super) fn relative_pronouns(
        &self,
        view: &mut SentenceArguments<'_>,
        clauses: &[Clause],
    ) -> Vec<bool> {
        let mut relative = vec![false; clauses.len()];
        for ci in 1..clauses.len() {
            let (before, clause) = (clauses[ci - 1], clauses[ci]);
            if clause.start == 0 || view.folded[clause.start - 1] != "," {
                continue;
            }
            let mut k = clause.start;
            if view.cued(k, cue::PREPOSITION) && k + 1 < clause.end {
                k += 1;
            }
            if !view.cued(k, cue::RELATIVE_PRONOUN) || view.args.iter().any(|a| a.first == k) {
                continue;
            }
            // "…, der Konzern habe": an article before a common noun, not a relative pronoun
            // ("…, dem Kortland gehört" names an entity after the pronoun).
            let mut next = k + 1;
            // "…, den beliebten Dienst zu verbieten": adjectives between article and noun.
            while next + 1 < clause.end
                && view.words[next].starts_with(char::is_lowercase)
                && self
                    .rules
                    .cues
                    .adjective_endings
                    .iter()
                    .any(|e| view.folded[next].ends_with(e.as_str()))
                && !view.cued(
                    next,
                    cue::PREPOSITION | cue::DETERMINER | cue::PASSIVE_AUXILIARY | cue::MODALITY,
                )
            {
                next += 1;
            }
            let article = next < clause.end
                && view.words[next].starts_with(char::is_uppercase)
                && (self
                    .knowledge
                    .rules
                    .class_of_folded(view.words[next], view.folded[next])
                    .is_some()
                    || !view.args.iter().any(|a| a.first == next));
            if article {
                continue;
            }
            relative[ci] = true;
            // The phrase may stand before the verbs and particle that close its clause: "… gegen
            // Valtek durch, der …", "… gegen Valtek durchgesetzt, der …".
            let mut end = before.end;
            while end > before.start + 1
                && before.end - end < 3
                && view.words[end - 1].starts_with(char::is_lowercase)
                && (view.cued(end - 1, cue::PREPOSITION) || self.is_verb_form(view.folded[end - 1]))
            {
                end -= 1;
            }
            let phrase = (view.args.iter()).find(|a| a.last + 1 == before.end || a.last + 1 == end);
            // "der Konzern aus Walldorf, der …": the pronoun takes up the phrase the place is
            // attached to.
            let phrase = phrase.map(|a| self.past_place(view, a).unwrap_or(a));
            // "die Finvesto GmbH, der die App gehört": after a feminine phrase "der" is dative
            // (or genitive), never the subject.
            let oblique =
                self.rules.cues.feminine_oblique_relatives.get(view.folded[k]).filter(|_| {
                    phrase.is_some_and(|a| self.arg_genders(view, a) == gender::FEMININE)
                });
            let antecedent = phrase.map(|a| a.entity.clone()).or_else(|| {
                // "X ist einer der wenigen Y, der …": after a verb the pronoun takes up the
                // subject; after a common noun ("ein Dekret, das …") it names no entity.
                let last = before.end.checked_sub(1)?;
                let noun = view.words[last].starts_with(char::is_uppercase);
                if noun { None } else { self.clause_subject(view, before).first().cloned() }
            });
            let Some(entity) = antecedent else { continue };
            let group = view.args.len();
            view.args.push(Arg {
                entity,
                first: k,
                last: k,
                marker: Marker::Bare,
                attached: None,
                determiner: Some(oblique.map_or(view.folded[k], String::as_str).to_string()),
                group,
            });
            view.args.sort_by_key(|a| a.first);
        }
        relative
    }

    /// The phrase before "aus X" or "in X" when `place` is such a bare place: a relative
    /// pronoun after "der Konzern aus Walldorf" or "der Investor aus London, dem …" takes up
    /// the Konzern or the investor, not the place that only says where they are.
    fn past_place<'v>(&self, view: &'v SentenceArguments<'_>, place: &Arg) -> Option<&'v Arg> {
        let preposition = place.first.checked_sub(1)?;
        if self.category(&place.entity) != Some(Category::Place)
            || !self.knowledge.rules.place_name_prepositions.contains(view.folded[preposition])
        {
            return None;
        }
        view.args.iter().find(|a| a.last + 1 == preposition)
    }

    /// "die Investoren X und Y, die an Z beteiligt sind": once the coordinations are marked, a
    /// relative pronoun that takes up one of them takes up all of its entities.
    pub(super) fn relative_coordinations(
        &self,
        view: &mut SentenceArguments<'_>,
        clauses: &[Clause],
        relative: &[bool],
    ) {
        let mut added = Vec::new();
        for ci in (1..clauses.len()).filter(|&ci| relative[ci]) {
            let (before, clause) = (clauses[ci - 1], clauses[ci]);
            let pronoun = view.args.iter().find(|a| {
                a.first == a.last
                    && a.first >= clause.start
                    && a.first <= clause.start + 1
                    && view.cued(a.first, cue::RELATIVE_PRONOUN)
            });
            let Some(pronoun) = pronoun else { continue };
            let plural = &self.rules.cues.plural_relative_pronouns;
            if !plural.iter().any(|p| p == view.folded[pronoun.first]) {
                continue;
            }
            let in_before = |a: &&Arg| a.first >= before.start && a.last < before.end;
            let antecedent =
                view.args.iter().filter(in_before).rfind(|a| a.entity == pronoun.entity);
            let Some(antecedent) = antecedent else { continue };
            for other in view.args.iter().filter(in_before) {
                let joined = other.group == antecedent.group && other.entity != pronoun.entity;
                if joined && !added.iter().any(|a: &Arg| a.entity == other.entity) {
                    added.push(Arg { entity: other.entity.clone(), ..pronoun.clone() });
                }
            }
        }
        if !added.is_empty() {
            view.args.extend(added);
            view.args.sort_by_key(|a| a.first);
        }
    }

    /// "X will zusammen mit Y …": Y joins the subject's coordination group.
    pub(super) fn comitatives(&self, view: &mut SentenceArguments<'_>, clauses: &[Clause]) {
        for clause in clauses {
            let subject_group = {
                let bare: Vec<&Arg> = self.bare(view, *clause).collect();
                bare.iter()
                    .find(|a| {
                        a.determiner.as_ref().is_none_or(|d| !self.has(d, cue::NON_NOMINATIVE))
                    })
                    .map(|a| a.group)
            };
            let Some(group) = subject_group else { continue };
            for ai in 0..view.args.len() {
                let a = &view.args[ai];
                if a.first < clause.start + 2 || a.first >= clause.end || a.attached.is_some() {
                    continue;
                }
                // Back over the phrase ("zusammen mit dem Investor X") to the preposition.
                let mut j = a.first;
                while j > clause.start + 1
                    && (view.cued(j - 1, cue::DETERMINER)
                        || view.words[j - 1].starts_with(char::is_lowercase)
                            && !view.cued(j - 1, cue::PREPOSITION)
                        || self.is_apposition_noun(view, j - 1))
                {
                    j -= 1;
                }
                let is_with = matches!(&a.marker, Marker::Prep(_))
                    && j >= clause.start + 2
                    && view.cued(j - 2, cue::COMITATIVE)
                    && view.cued(j - 1, cue::PREPOSITION);
                if is_with {
                    view.args[ai].marker = Marker::Bare;
                    view.args[ai].group = group;
                    view.comitative.push(view.args[ai].entity.clone());
                }
            }
        }
    }

    /// The subject of each clause: its own, or the one of the clause before for a clause that
    /// names none; `relative` tells which clauses are relative clauses.
    pub(super) fn subjects(
        &self,
        view: &SentenceArguments<'_>,
        clauses: &[Clause],
        relative: &[bool],
    ) -> Vec<Vec<String>> {
        let mut subjects = Vec::with_capacity(clauses.len());
        let mut previous: Vec<String> = Vec::new();
        // Whether `previous` is a news outlet reporting what others do.
        let mut reporter = false;
        for (ci, clause) in clauses.iter().enumerate() {
            let mut own = self.clause_subject(view, *clause);
            // "Nach dem Modell, das …, steigt X ein": a clause a relative clause interrupts goes
            // on after it with its verb second, after the phrase before the relative clause; the
            // subject then follows the verb.
            // So does a main clause after a subordinate or infinitive clause that opens the
            // sentence: "Um den Kauf zu finanzieren, verkauft X seine Sparte".
            let resumed = ci >= 2
                && relative[ci - 1]
                && !relative[ci - 2]
                && clauses[ci - 1].start == clauses[ci - 2].end + 1
                && self.clause_subject(view, clauses[ci - 2]).is_empty();
            let fronted = ci == 1
                && clauses[0].start == 0
                && view.cued(0, cue::INFINITIVE_OPENER | cue::CLAUSE_OPENER);
            if own.is_empty() && (resumed || fronted) && self.verb_initial(view, *clause) {
                own = self.nominative(view, *clause);
            }
            // A relative clause's subject is its pronoun or a phrase of its own, never one
            // from the clause before. An outlet that reports news is no agent of it ("die
            // Zeitung X berichtete, man habe ein Angebot erhalten"), unless the clause is an
            // infinitive of its own ("X kündigte an, Y zu übernehmen"); a company that reports
            // is mostly a party of its news ("X teilte mit, die Übernahme sei abgeschlossen").
            let inherit = own.is_empty()
                && !relative[ci]
                && (!reporter || self.infinitive_clause(view, *clause));
            subjects.push(if inherit { previous.clone() } else { own.clone() });
            // A relative clause's subject is not the subject of the clauses that follow it.
            if !relative[ci] && !own.is_empty() {
                previous = own;
                reporter = previous.iter().all(|e| self.category(e) == Some(Category::Media))
                    && self.reporting(view, *clause);
            }
        }
        subjects
    }

    /// Whether clause `ci` goes on after a relative clause that interrupted its subject ("X, der
    /// 5 Prozent hält, sagte …"): the phrase before the relative clause, which holds no verb of
    /// its own, is the subject it names itself.
    pub(super) fn resumes_subject(
        &self,
        view: &SentenceArguments<'_>,
        clauses: &[Clause],
        relative: &[bool],
        ci: usize,
    ) -> bool {
        if ci < 2 || !relative[ci - 1] || relative[ci - 2] {
            return false;
        }
        let (phrase, interruption, clause) = (clauses[ci - 2], clauses[ci - 1], clauses[ci]);
        let verb = cue::PASSIVE_AUXILIARY | cue::MODALITY | cue::FINITE_VERB;
        interruption.start == phrase.end + 1
            && clause.start == interruption.end + 1
            && !(phrase.start..phrase.end).any(|i| view.cued(i, verb))
            && !self.clause_subject(view, phrase).is_empty()
    }

    /// The clause's subject as entity ids: the first bare argument that can be nominative, with
    /// its coordination group.
    pub(super) fn clause_subject(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
    ) -> Vec<String> {
        let bare: Vec<&Arg> = self.bare(view, clause).collect();
        // A clause opening with its verb shares the subject before, unless it names both a
        // subject and an object itself ("…, sollte X Y nicht verkaufen").
        let groups: BTreeSet<usize> = bare.iter().map(|a| a.group).collect();
        if groups.len() < 2 && self.verb_initial(view, clause) {
            return Vec::new();
        }
        // "…, um die Tochter X zu verkaufen": an infinitive clause has no subject of its own.
        if view.cued(clause.start, cue::INFINITIVE_OPENER) {
            return Vec::new();
        }
        // "X kündigte an, die App schon bald zu verbieten": nor has one after a comma that ends
        // in its infinitive; the phrase before it is the verb's object.
        if self.trailing_infinitive_clause(view, clause) {
            return Vec::new();
        }
        // "Die Tochter X wolle man behalten": an impersonal pronoun that no argument took up is
        // the subject.
        let impersonal = &self.knowledge.relations.cues.impersonal_pronouns;
        let unnamed = (clause.start..clause.end).any(|i| {
            impersonal.iter().any(|p| p == view.folded[i])
                && !view.args.iter().any(|a| a.first <= i && i <= a.last)
        });
        if unnamed {
            return Vec::new();
        }
        self.nominative(view, clause)
    }

    /// A clause after a comma or dash that ends in a zu-infinitive ("…, Y zu übernehmen", "…, Y
    /// übernehmen zu wollen", "…, Y abzulehnen") and holds no finite verb: the infinitive's
    /// subject is one of the clause before, never a phrase of its own. (A relative clause ends
    /// in its finite verb: "…, die Y zu übernehmen plant".)
    fn trailing_infinitive_clause(&self, view: &SentenceArguments<'_>, clause: Clause) -> bool {
        use crate::knowledge::dictionary::VerbForms;
        if clause.start == 0
            || !view.cued(clause.start - 1, cue::CLAUSE_PUNCTUATION)
            || view.cued(clause.start, cue::CLAUSE_OPENER)
        {
            return false;
        }
        let words: Vec<usize> =
            (clause.start..clause.end).filter(|&i| view.toks[i].is_word(self.text)).collect();
        let Some(&last) = words.last() else { return false };
        let dictionary = &self.knowledge.dictionary;
        let is = |i: usize, form: u64| {
            view.words[i].starts_with(char::is_lowercase)
                && dictionary.verb_forms(view.folded[i]).is_some_and(|f| f.has(form))
        };
        let zu = self.knowledge.relations.cues.infinitive_marker.as_str();
        let zu_before = words.len() >= 2 && view.folded[words[words.len() - 2]] == zu;
        let ends_in_infinitive = (zu_before && is(last, VerbForms::INFINITIVE))
            || (view.folded[last].contains(zu) && is(last, VerbForms::ZU_INFINITIVE));
        let finite = cue::PASSIVE_AUXILIARY | cue::FINITE_VERB;
        ends_in_infinitive && !words.iter().any(|&i| i != last && view.cued(i, finite))
    }

    /// The first bare argument of a clause that can be nominative, with its coordination group.
    fn nominative(&self, view: &SentenceArguments<'_>, clause: Clause) -> Vec<String> {
        let bare: Vec<&Arg> = self.bare(view, clause).collect();
        let nominative = bare
            .iter()
            .find(|a| a.determiner.as_ref().is_none_or(|d| !self.has(d, cue::NON_NOMINATIVE)));
        let Some(first) = nominative else { return Vec::new() };
        group_entities(&bare, first.group)
    }

    /// Whether a reporting verb stands in the clause ("sagte", "teilte … mit").
    pub(super) fn reporting(&self, view: &SentenceArguments<'_>, clause: Clause) -> bool {
        let speech = self.rules.mechanism.families.speech;
        (clause.start..clause.end).any(|t| {
            self.rules.verb_forms(view.folded[t]).any(|(f, form)| {
                // "laut X" names a source, not the subject of its clause.
                let by_subject = f.roles.iter().any(|(_, slots)| slots.contains(&Slot::Subject));
                f.family == speech
                    && by_subject
                    && form
                        .particle
                        .as_ref()
                        .is_none_or(|p| (t + 1..clause.end).any(|i| view.folded[i] == p.as_str()))
            })
        })
    }

    /// Whether the dictionary knows the folded word as a form of a verb.
    fn is_verb_form(&self, folded: &str) -> bool {
        self.knowledge.dictionary.verb_forms(folded).is_some()
    }

    /// An infinitive clause: "zu" before a verb ("…, Y zu übernehmen", "…, Y übernehmen zu
    /// wollen"), or a zu-infinitive written as one word ("abzulehnen").
    fn infinitive_clause(&self, view: &SentenceArguments<'_>, clause: Clause) -> bool {
        use crate::knowledge::dictionary::VerbForms;
        let dictionary = &self.knowledge.dictionary;
        let is = |i: usize, form: u64| {
            view.words.get(i).is_some_and(|w| w.starts_with(char::is_lowercase))
                && dictionary.verb_forms(view.folded[i]).is_some_and(|f| f.has(form))
        };
        let zu = self.knowledge.relations.cues.infinitive_marker.as_str();
        (clause.start..clause.end).any(|i| {
            let w = view.folded[i];
            (w == zu && is(i + 1, VerbForms::INFINITIVE))
                || (w.len() > 4 && w.contains(zu) && is(i, VerbForms::ZU_INFINITIVE))
        }) || view.cued(clause.start, cue::INFINITIVE_OPENER)
    }

    /// A clause that opens with a finite verb after a comma or dash shares the subject of the
    /// clause before ("…, soll die Sparte aber nicht kaufen").
    pub(super) fn verb_initial(&self, view: &SentenceArguments<'_>, clause: Clause) -> bool {
        if clause.start == 0 {
            return false;
        }
        let first = view.folded[clause.start];
        let word = &view.words[clause.start];
        // "…, sagte der Minister": a reporting verb puts its own subject after it.
        let speech = self.rules.mechanism.families.speech;
        let reporting = self.rules.verb_forms(first).any(|(f, _)| f.family == speech);
        !reporting
            && word.starts_with(char::is_lowercase)
            && view.toks[clause.start].is_word(self.text)
            && (self.has(first, cue::PASSIVE_AUXILIARY | cue::MODALITY | cue::FINITE_VERB)
                || self.rules.is_verb(first))
    }

    pub(super) fn is_passive(&self, view: &SentenceArguments<'_>, clause: Clause) -> bool {
        (clause.start..clause.end).any(|i| view.cued(i, cue::PASSIVE_AUXILIARY))
    }

    /// The "von"/"durch" phrases of a clause, the agents of a passive. Without one on the
    /// clause, a phrase hanging on a plain noun is taken ("wurde bei diesen Bestrebungen vom
    /// Konzern X unterstützt").
    pub(super) fn agent_phrases(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        loose: bool,
    ) -> Vec<String> {
        let by = |a: &&Arg| {
            a.first >= clause.start
                && a.first < clause.end
                && matches!(&a.marker, Marker::Prep(p) if self.has(p, cue::AGENT_PREPOSITION))
        };
        let mut out: Vec<String> = Vec::new();
        for a in view.args.iter().filter(by).filter(|a| a.attached.is_none()) {
            if !out.contains(&a.entity) {
                out.push(a.entity.clone());
            }
        }
        if out.is_empty() && loose {
            let loose = (view.args.iter().filter(by)).filter(|a| match (&a.marker, a.attached) {
                (Marker::Prep(p), Some(n)) => self.plain_noun(view, n, p),
                _ => false,
            });
            for a in loose {
                if !out.contains(&a.entity) {
                    out.push(a.entity.clone());
                }
            }
        }
        out
    }

    /// A noun of the clause that names no entity and no event taking a phrase of preposition
    /// `p`, on which such a phrase after it may hang as well as on the verb: "liefert Chips an
    /// X", "wurde bei diesen Bestrebungen vom Konzern X unterstützt", "konkurriert bei
    /// Firmenkunden mit X".
    pub(super) fn plain_noun(&self, view: &SentenceArguments<'_>, n: usize, p: &str) -> bool {
        let takes = |slot: &Slot| matches!(slot, Slot::Prep(q, _) if q == p);
        !(self.rules.noun_frames(view.folded[n]))
            .any(|f| f.roles.iter().any(|(_, slots)| slots.iter().any(takes)))
            && Self::arg_ending_at(view, n).is_none()
            && !view.cued(n, cue::DETERMINER)
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::{assert_facts, complete, findings_of};

    #[test]
    fn a_name_with_its_verb_after_a_closed_list_opens_a_clause() {
        assert_facts(
            "Der Chipentwickler Semvaro beliefert Hersteller wie Kortland und Velmar, Kortland ist \
             zudem mit zwölf Prozent an dem Unternehmen beteiligt.",
            &["stake: kortland -> semvaro"],
            &["stake: semvaro -> kortland", "stake: semvaro -> velmar"],
        );
    }

    #[test]
    fn und_before_a_finite_verb_joins_clauses_with_their_own_negation() {
        assert_facts(
            "Der Investor Longhai hält acht Prozent an der Reederei Ostara AG und hat keinen \
             Einfluss auf die Geschäftsführung.",
            &["stake: longhai -> ostara"],
            &["not stake: longhai -> ostara"],
        );
        assert_facts(
            "Der Chipkonzern Corvex hatte das Werk 2021 übernommen und kündigte an, gegen die \
             Entscheidung zu klagen.",
            &["statement: corvex"],
            &[],
        );
        // Between names "und" joins phrases, not clauses.
        assert_facts(
            "Der Investor Longhai und der Fonds Arden Capital halten je acht Prozent an der \
             Reederei Ostara AG.",
            &["stake: longhai -> ostara", "stake: arden-capital -> ostara"],
            &[],
        );
    }

    #[test]
    fn a_clause_is_cut_at_dass() {
        let text = "Der Versandhändler Kavento teilte mit, dass der Finanzinvestor Corvex Capital \
                    die Reederei Baltmar AG kauft.";
        assert_facts(
            text,
            &["acquisition: corvex-capital -> baltmar", "statement: kavento"],
            &["acquisition: kavento -> baltmar"],
        );
    }

    #[test]
    fn a_relative_pronoun_stands_for_the_phrase_before_a_verb_particle() {
        assert_facts(
            "Die Firma Ardent setzte sich gegen den Konkurrenten Valtek durch, der für die Firma \
             Brenner geboten hatte.",
            &["offer: valtek -> brenner"],
            &["offer: ardent -> brenner"],
        );
    }

    #[test]
    fn a_relative_pronoun_stands_for_the_phrase_before_the_verbs_closing_its_clause() {
        assert_facts(
            "Die Firma Ardent hat sich gegen den Konkurrenten Valtek durchgesetzt, der für die \
             Firma Brenner geboten hatte.",
            &["offer: valtek -> brenner"],
            &["offer: ardent -> brenner"],
        );
    }

    #[test]
    fn a_relative_pronoun_stands_for_the_phrase_before_its_comma() {
        assert_facts(
            "Der Finanzinvestor Corvex Capital, der die Reederei Baltmar AG übernehmen will, \
             erhöht sein Gebot.",
            &["acquisition: corvex-capital -> baltmar"],
            &[],
        );
    }

    #[test]
    fn a_relative_pronoun_takes_up_a_coordination() {
        assert_facts(
            "Die Lösung stützen die Investoren Corvex Capital und Arden Partners, die an der \
             Reederei Baltmar AG beteiligt sind.",
            &["stake: corvex-capital -> baltmar", "stake: arden-partners -> baltmar"],
            &[],
        );
    }

    #[test]
    fn a_clause_a_relative_clause_interrupts_has_its_subject_after_the_verb() {
        assert_facts(
            "Nach dem Plan, der seit Montag vorliegt, steigt der Versandhändler Kavento bei der \
             Reederei Baltmar AG ein.",
            &["stake: kavento -> baltmar"],
            &[],
        );
    }

    #[test]
    fn a_main_clause_after_a_fronted_clause_has_its_subject_after_the_verb() {
        assert_facts(
            "Um den Kauf zu finanzieren, verkauft der Versandhändler Kavento seine Sparte an die \
             Reederei Baltmar AG.",
            &["sale: kavento -> baltmar"],
            &[],
        );
    }

    #[test]
    fn a_clause_opening_with_its_verb_shares_the_subject_before() {
        assert_facts(
            "Der Versandhändler Kavento prüft den Markt, kauft aber die Reederei Baltmar AG nicht.",
            &["not acquisition: kavento -> baltmar"],
            &["acquisition: kavento -> baltmar"],
        );
    }

    #[test]
    fn zusammen_mit_joins_the_subject_and_makes_partners() {
        let text = "Der Versandhändler Kavento will zusammen mit dem Finanzinvestor Corvex Capital \
                    die Spedition Nordlicht Logistik GmbH übernehmen.";
        assert_facts(
            text,
            &[
                "acquisition: kavento -> spedition-nordlicht-logistik",
                "acquisition: corvex-capital -> spedition-nordlicht-logistik",
            ],
            &[],
        );
        let found = findings_of(text);
        let partners = complete(&found, "partnership");
        assert_eq!(partners.rule, "comitative-partnership");
        assert_eq!(partners.roles["agent"], ["kavento", "corvex-capital"]);
        assert_eq!(partners.modality, "planned");
    }
}
