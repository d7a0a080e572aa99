//! Qualification: what a finding's clause and sentence say about it beyond its roles.
//!
//! After the frames ([`super::frames`]) have filled the roles of a sentence's findings, each
//! finding takes the polarity (negation cues, negating verbs), modality, time and literal
//! qualifiers (share, value) of its clause, and a switch may turn it into another family
//! ("muss … genehmigt werden": an approval requirement). The sentence then attributes it to its
//! speaker ("laut X", a reporting verb) or to an unnamed source. Once the whole document is read,
//! the statuses its findings settle are given ([`Extractor::settle_statuses`]).

use std::collections::{BTreeMap, BTreeSet};

use super::Extractor;
use super::arguments::{Marker, SentenceArguments};
use super::clauses::Clause;
use super::finding::Polarity;
use crate::analysis::time::{TimeExpression, TimeRole};
use crate::knowledge::relations::{FamilyId, ModalityId, Pos, Status, StatusId, SwitchScope, cue};
use crate::text::document::PartialDate;
use crate::text::fold::fold;

/// What the words of one clause say about its findings.
struct ClauseCues {
    negated: bool,
    /// A verb that negates the events its clause names by nouns ("einen Verkauf umgehen").
    negating_verb: bool,
    confirmed: bool,
    modality: Option<ModalityId>,
    /// Families the clause turns into others.
    switches: Vec<(FamilyId, FamilyId)>,
    point: Option<PartialDate>,
    deadline: Option<PartialDate>,
    share: Option<String>,
    value: Option<String>,
}

impl Extractor<'_> {
    /// Polarity, modality, time and literal qualifiers of the findings of one clause; `from` is
    /// the first finding of the sentence.
    pub(super) fn qualify(
        &mut self,
        view: &SentenceArguments<'_>,
        (ci, clause): (usize, Clause),
        from: usize,
        times: &[TimeExpression],
    ) {
        // Only findings of this clause are qualified; most clauses have none.
        if !self.findings[from..].iter().any(|f| f.clause == ci) {
            return;
        }
        let cues = self.clause_cues(view, clause, times);
        let trigger_markers: Vec<(usize, bool)> = (from..self.findings.len())
            .map(|i| {
                let f = &self.findings[i];
                let t = view.toks.iter().position(|tok| tok.span == f.trigger);
                let bare = f.clause == ci
                    && t.is_some_and(|t| {
                        t >= clause.start
                            && t < clause.end
                            && self.marker_of(view, clause, t, 0).0 == Marker::Bare
                    });
                (i, bare)
            })
            .collect();
        for (i, bare_trigger) in trigger_markers {
            if self.findings[i].clause == ci {
                self.qualify_finding(i, &cues, bare_trigger);
            }
        }
    }

    /// What the words of a clause say: negation, confirmation, modality, switches, time and
    /// literals.
    fn clause_cues(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        times: &[TimeExpression],
    ) -> ClauseCues {
        let cues = &self.rules.cues;
        let words = &view.folded[clause.start..clause.end];
        // The cue lists each word is in: most words are in none, and need no comparison with the
        // cues of each list.
        let listed = &view.cues[clause.start..clause.end];
        let any = listed.iter().fold(0, |all, &bits| all | bits);
        let cued = |bit: u32| words.iter().zip(listed).filter(move |&(_, b)| b & bit != 0);
        // "bezeichnete das Vorgehen als „nicht akzeptabel“": a negation quoted inside a clause
        // that is not itself quoted is the quoted words', not the clause's.
        let quoted = |k: usize| {
            let before = &self.text[view.toks[0].span.start..view.toks[k].span.start];
            before.matches('„').count() > before.matches('“').count()
        };
        let mut negated = false;
        for (i, w) in words.iter().enumerate() {
            if listed[i] & cue::NEGATION != 0 && (quoted(clause.start) || !quoted(clause.start + i))
            {
                let pair = words.get(i + 1).map(|next| format!("{w} {next}"));
                if !pair.is_some_and(|p| cues.negation_exceptions.contains(&p)) {
                    negated = true;
                }
            }
        }
        let span = (view.toks[clause.start].span.start, view.toks[clause.end - 1].span.end);
        let within = |e: &&TimeExpression| e.span.start >= span.0 && e.span.end <= span.1;
        let pick = |role: TimeRole| {
            let clause_time =
                times.iter().filter(within).find(|e| e.role == role && e.date.is_some());
            let any = times.iter().find(|e| e.role == role && e.date.is_some());
            clause_time.or(any).and_then(|e| e.date)
        };
        let text = &self.text[span.0..span.1];
        ClauseCues {
            negated,
            negating_verb: any & cue::NEGATING_VERB != 0,
            confirmed: any & cue::CONFIRMATION != 0,
            modality: (self.rules.modality_entries())
                .find(|(_, m)| cued(cue::MODALITY).any(|(w, _)| m.cues.iter().any(|c| c == w)))
                .map(|(id, _)| id),
            switches: (self.rules.switches.iter())
                .filter(|s| s.scope == SwitchScope::Clause)
                .filter(|s| cued(cue::SWITCH).any(|(w, _)| s.cues.iter().any(|c| c == w)))
                .map(|s| (s.family, s.to))
                .collect(),
            point: pick(TimeRole::Point),
            deadline: pick(TimeRole::Deadline),
            share: percent(text, &cues.percent_words),
            value: money(text, &cues.currencies),
        }
    }

    /// Qualifies finding `i` by the cues of its clause; `bare_trigger` tells that its trigger
    /// noun is a bare phrase of the clause (what a negating verb negates).
    fn qualify_finding(&mut self, i: usize, cues: &ClauseCues, bare_trigger: bool) {
        let rules = self.rules;
        // Frame ids are unique; a finding of the extractor's own has no frame.
        let frame = rules.frames.iter().find(|fr| fr.id == self.findings[i].rule);
        let is_noun = frame.is_some_and(|fr| fr.pos == Pos::Noun);
        let negatable = frame.is_some_and(|fr| fr.negatable);
        let f = &mut self.findings[i];
        if negatable && (cues.negated || (is_noun && cues.negating_verb && bare_trigger)) {
            f.polarity = Polarity::Negative;
        }
        if cues.confirmed && is_noun && rules.family_of(f.family).deal {
            let confirming = f.status.and_then(|from| {
                rules.status_entries().find(|(_, s)| s.confirms == Some(from)).map(|(id, _)| id)
            });
            if confirming.is_some() {
                f.status = confirming;
            }
        }
        if let Some(m) = cues.modality
            && f.modality == rules.default_modality
        {
            f.modality = m;
        }
        for (family, to) in &cues.switches {
            if f.family == *family {
                f.family = *to;
                f.status = rules.family_of(*to).status;
            }
        }
        f.date = f.date.or(cues.point);
        // A statement is made at a time; the deadlines it speaks of belong to its content.
        if f.family != rules.mechanism.families.speech {
            f.deadline = f.deadline.or(cues.deadline);
        }
        let family = rules.family_of(f.family);
        let literal_roles = &rules.mechanism.roles;
        for (role, literal) in
            [(literal_roles.percentage, &cues.share), (literal_roles.price, &cues.value)]
        {
            if family.has_further(role)
                && let Some(l) = literal
            {
                f.literals.entry(role).or_insert_with(|| l.clone());
            }
        }
    }

    /// "X will zusammen mit Y Z übernehmen": X and Y are partners in the deal.
    pub(super) fn joint_ventures(&mut self, view: &SentenceArguments<'_>, from: usize) {
        let rules = self.rules;
        let partners = rules.family_of(rules.mechanism.families.joint_venture);
        let mut joint = Vec::new();
        for f in &self.findings[from..] {
            let agents = f.fillers(rules.mechanism.roles.actor);
            let together = agents.len() > 1 && agents.iter().any(|a| view.comitative.contains(a));
            if rules.family_of(f.family).joint && together && f.complete {
                let mut partnership = f.clone();
                partnership.family = partners.id;
                partnership.rule = rules.mechanism.rules.joint_venture.clone();
                partnership.roles = BTreeMap::from([(partners.subject.id, agents.to_vec())]);
                partnership.literals.clear();
                partnership.status = None;
                joint.push(partnership);
            }
        }
        self.findings.extend(joint);
    }

    /// Switches whose cue may stand anywhere in the sentence ("drohte damit, … zu verbieten").
    pub(super) fn switch_sentence(&mut self, view: &SentenceArguments<'_>, from: usize) {
        if from == self.findings.len() {
            return;
        }
        for switch in self.rules.switches.iter().filter(|s| s.scope == SwitchScope::Sentence) {
            if !view.folded.iter().any(|w| switch.cues.iter().any(|c| c == w)) {
                continue;
            }
            for f in &mut self.findings[from..] {
                if f.family == switch.family {
                    f.family = switch.to;
                }
            }
        }
    }

    /// Speakers of a sentence: statement findings and "laut X", "X zufolge"; the other findings
    /// of the sentence are attributed to the first of them and count as reported. Unnamed
    /// sources ("Insidern zufolge") make them rumoured.
    pub(super) fn attribute(&mut self, view: &SentenceArguments<'_>, from: usize) {
        if from == self.findings.len() {
            return;
        }
        let rules = self.rules;
        let speech = rules.family_of(rules.mechanism.families.speech);
        let speakers: Vec<String> = self.findings[from..]
            .iter()
            .filter(|f| f.family == speech.id)
            .flat_map(|f| f.fillers(speech.subject.id).to_vec())
            .collect();
        let joined = view.folded.join(" ");
        let rumour = rules.cues.rumour.iter().any(|r| joined.contains(r.as_str()));
        let (stated, attributed) = (rules.default_modality, rules.attributed_modality);
        for f in &mut self.findings[from..] {
            // Statements, and what an apposition or adjective describes, are the text's own.
            if rules.family_of(f.family).unattributed {
                continue;
            }
            let subject_speaks =
                speakers.first().is_some_and(|s| f.roles.values().flatten().any(|e| e == s));
            if let Some(speaker) = speakers.first() {
                f.attribution = Some(speaker.clone());
                if f.modality == stated && !subject_speaks {
                    f.modality = attributed;
                }
            }
            if rumour && (f.modality == stated || f.modality == attributed) {
                f.modality = rules.unnamed_source_modality;
            }
        }
    }

    /// Statuses that follow from other findings of the document: an offer whose bidder was
    /// turned down is rejected; a deal whose party needs an approval is pending approval. The
    /// statuses and what settles them are those of `relations.toml`, in its order.
    pub(super) fn settle_statuses(&mut self) {
        let rules = self.rules;
        // For each status that findings settle: the objects of its settling family's findings.
        let settled: Vec<(StatusId, &Status, BTreeSet<String>)> = (rules.status_entries())
            .filter_map(|(id, status)| {
                let by = rules.family_of(status.settled_by?);
                let object = by.object_id()?;
                let objects = (self.findings.iter())
                    .filter(|f| f.family == by.id && f.polarity == Polarity::Positive)
                    .flat_map(|f| f.fillers(object).iter().cloned())
                    .collect();
                Some((id, status, objects))
            })
            .collect();
        for f in &mut self.findings {
            if !rules.family_of(f.family).deal {
                continue;
            }
            let settling = settled.iter().find(|(_, status, objects)| {
                let fillers: Vec<&String> = match status.role {
                    Some(role) => f.roles.get(&role).into_iter().flatten().collect(),
                    None => f.roles.values().flatten().collect(),
                };
                status.of.is_none_or(|of| of == f.family)
                    && fillers.iter().any(|e| objects.contains(*e))
            });
            // A status never gives way to a more decisive one the text gave before.
            if let Some((id, _, _)) = settling
                && f.status.is_none_or(|current| current >= *id)
            {
                f.status = Some(*id);
            }
        }
    }
}

/// "15 Prozent", "15,5 %": a number before a percent word.
pub(super) fn percent(text: &str, words: &[String]) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    tokens.windows(2).find_map(|w| {
        let number = w[0].starts_with(|c: char| c.is_ascii_digit())
            && w[0].chars().all(|c| c.is_ascii_digit() || c == ',');
        // Only a word after a number is folded.
        let unit = || fold(w[1].trim_end_matches(['.', ',', ';']));
        (number && words.contains(&unit())).then(|| format!("{} %", w[0]))
    })
}

/// "rund 1,4 Milliarden Euro", "600 Millionen Dollar": a number, a scale word if any, a currency.
fn money(text: &str, currencies: &[String]) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let currency = |w: &str| currencies.contains(&fold(w.trim_end_matches(['.', ',', ';'])));
    for i in 0..tokens.len() {
        let number = tokens[i].starts_with(|c: char| c.is_ascii_digit())
            && tokens[i].chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.');
        if !number {
            continue;
        }
        let clean = |w: &str| w.trim_end_matches(['.', ',', ';']).to_string();
        match tokens.get(i + 1..(i + 3).min(tokens.len())) {
            Some([scale, cur]) if currency(cur) => {
                return Some(format!("{} {} {}", tokens[i], scale, clean(cur)));
            }
            Some([cur, ..]) if currency(cur) => {
                return Some(format!("{} {}", tokens[i], clean(cur)));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::Polarity;
    use crate::analysis::extract::testing::{assert_facts, complete, findings_of};

    #[test]
    fn nicht_negates_its_clause() {
        assert_facts(
            "Der Versandhändler Kavento wird die Spedition Nordlicht Logistik GmbH nicht kaufen.",
            &["not acquisition: kavento -> spedition-nordlicht-logistik"],
            &["acquisition: kavento -> spedition-nordlicht-logistik"],
        );
    }

    #[test]
    fn laut_attributes_the_sentence_to_its_source() {
        let found = findings_of(
            "Laut der Nachrichtenagentur Pressenord hat der Versandhändler Kavento die Spedition \
             Nordlicht Logistik GmbH gekauft.",
        );
        let deal = complete(&found, "acquisition");
        assert_eq!(deal.attribution.as_deref(), Some("pressenord"));
        assert_eq!(deal.modality, "reported");
        assert_eq!(deal.polarity, Polarity::Positive);
    }

    #[test]
    fn an_unnamed_source_makes_a_rumour() {
        let found = findings_of(
            "Insidern zufolge kauft der Versandhändler Kavento die Spedition Nordlicht Logistik GmbH.",
        );
        assert_eq!(complete(&found, "acquisition").modality, "rumoured");
    }

    #[test]
    fn a_modal_cue_gives_the_clause_its_modality() {
        let found =
            findings_of("Der Versandhändler Kavento plant die Übernahme der Reederei Baltmar AG.");
        assert_eq!(complete(&found, "acquisition").modality, "planned");
    }

    #[test]
    fn shares_and_prices_are_literals_of_a_stake() {
        let found = findings_of(
            "Der Versandhändler Kavento erwirbt 25 Prozent der Spedition Nordlicht Logistik GmbH \
             für 300 Millionen Euro.",
        );
        let stake = complete(&found, "stake");
        assert_eq!(stake.literals["share"], "25 %");
        assert_eq!(stake.literals["value"], "300 Millionen Euro");
    }

    #[test]
    fn an_approval_that_must_still_be_given_is_a_requirement_and_leaves_the_deal_pending() {
        let found = findings_of(
            "Die Übernahme der Reederei Baltmar AG durch den Versandhändler Kavento muss vom \
             Bundeskartellamt noch genehmigt werden.",
        );
        let requirement = complete(&found, "approval-required");
        assert_eq!(requirement.roles["agent"], ["bundeskartellamt"]);
        assert_eq!(complete(&found, "acquisition").status.as_deref(), Some("pending approval"));
        assert!(!found.iter().any(|f| f.family == "approval"), "{found:#?}");
    }

    #[test]
    fn statuses_follow_confirmations_approvals_and_rejections() {
        let confirmed = findings_of(
            "Der Versandhändler Kavento bestätigte die Übernahme der Spedition Nordlicht Logistik \
             GmbH.",
        );
        assert_eq!(complete(&confirmed, "acquisition").status.as_deref(), Some("confirmed"));
        let approved = findings_of(
            "Das Bundeskartellamt hat die Übernahme der Reederei Baltmar AG durch den \
             Versandhändler Kavento genehmigt.",
        );
        assert_eq!(complete(&approved, "acquisition").status.as_deref(), Some("approved"));
        let rejected = findings_of(
            "Die Spedition Nordlicht Logistik GmbH lehnte das Angebot des Versandhändlers Kavento \
             ab.",
        );
        let offer = rejected.iter().find(|f| f.family == "offer").expect("the offer is read");
        assert_eq!(offer.status.as_deref(), Some("rejected"));
    }
}
