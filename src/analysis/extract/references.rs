//! References: slots that read the document rather than the trigger's clause.
//!
//! `nested:` takes a role of the events the nouns of the sentence name ("das Angebot von X
//! ablehnen"), `salient:` one of the document's main deal ("dem Deal zustimmen"), `owner:` the
//! owners found so far, and `topic` waits for the whole document: its most mentioned entity that
//! is no bidder, buyer or rejecter ([`Extractor::fill_topics`]). The frames ([`super::frames`])
//! ask these while filling a frame's roles.

use std::collections::{BTreeMap, BTreeSet};

use super::Extractor;
use super::finding::{Finding, Polarity};
use super::frames::ClauseAt;
use crate::knowledge::Category;
use crate::knowledge::relations::{FamilyId, RoleId};

impl Extractor<'_> {
    /// A role of the events named in the trigger's sentence, those of its clause first. A
    /// partial event ("die Übernahme muss genehmigt werden") stands for the document's main
    /// deal it shares a party with.
    pub(super) fn nested(&self, cx: ClauseAt<'_>, role: RoleId) -> (Vec<String>, Vec<usize>) {
        let parties = self.rules.mechanism.roles.deal_parties;
        let candidates: Vec<usize> = (cx.sentence_start..self.findings.len())
            .filter(|&i| self.findings[i].sentence == cx.si)
            .collect();
        let (same, other): (Vec<usize>, Vec<usize>) =
            candidates.into_iter().partition(|&i| self.findings[i].clause == cx.ci);
        for group in [same, other] {
            let mut values = Vec::new();
            let mut from = Vec::new();
            for i in group {
                let f = &self.findings[i];
                let family = self.rules.family_of(f.family);
                if family.event.is_none() && family.object.is_none()
                    || (role == parties && !family.deal)
                    || f.family == self.rules.mechanism.families.speech
                {
                    continue;
                }
                let mut found = self.role_values(f, role);
                if !f.complete && role == parties && family.deal {
                    // "Das Bundeskartellamt muss der Übernahme noch zustimmen": a deal of the
                    // noun's own family first.
                    let salient =
                        self.salient(cx.si, cx.sentence_start, role, &found, Some(f.family));
                    if !salient.is_empty() {
                        found = salient;
                    }
                }
                // "gegen die Untersagung klagen": an act named without the role is the one of
                // its kind the text told before.
                if found.is_empty() && !f.complete && !family.deal {
                    found = self.told_before(cx.sentence_start, f.family, role);
                }
                if !found.is_empty() {
                    for v in found {
                        if !values.contains(&v) {
                            values.push(v);
                        }
                    }
                    from.push(i);
                }
            }
            if !values.is_empty() {
                return (values, from);
            }
        }
        (Vec::new(), Vec::new())
    }

    /// Role `role` of the latest complete finding of `family` among the first `before`.
    fn told_before(&self, before: usize, family: FamilyId, role: RoleId) -> Vec<String> {
        (self.findings[..before].iter().rev())
            .find(|f| f.family == family && f.complete)
            .map(|f| self.role_values(f, role))
            .unwrap_or_default()
    }

    /// Roles of the deal the text refers back to: a complete deal of the sentence before, else
    /// the document's main deal so far, the complete deal found most often (the first on a
    /// tie). With `with`, only deals that share a party with it count. A deal of the `preferred`
    /// family comes first; any other only where the document told none.
    pub(super) fn salient(
        &self,
        si: usize,
        before: usize,
        role: RoleId,
        with: &[String],
        preferred: Option<FamilyId>,
    ) -> Vec<String> {
        let of_family = preferred.map(|f| self.salient_of(si, before, role, with, Some(f)));
        match of_family.filter(|values| !values.is_empty()) {
            Some(values) => values,
            None => self.salient_of(si, before, role, with, None),
        }
    }

    /// [`Extractor::salient`] among the deals of `family` only, or of any family.
    fn salient_of(
        &self,
        si: usize,
        before: usize,
        role: RoleId,
        with: &[String],
        family: Option<FamilyId>,
    ) -> Vec<String> {
        let shares =
            |parties: &[String]| with.is_empty() || with.iter().any(|w| parties.contains(w));
        let usable = |f: &Finding| {
            self.rules.family_of(f.family).deal
                && f.polarity == Polarity::Positive
                && !f.state
                && family.is_none_or(|family| f.family == family)
        };
        let deal_parties = self.rules.mechanism.roles.deal_parties;
        for f in self.findings[..before].iter().rev() {
            if f.sentence + 1 < si {
                break;
            }
            let parties = self.role_values(f, deal_parties);
            if usable(f) && f.complete && f.sentence < si && !parties.is_empty() && shares(&parties)
            {
                let values = self.role_values(f, role);
                if !values.is_empty() {
                    return values;
                }
            }
        }
        let mut counts: BTreeMap<(&str, Vec<String>), (usize, usize)> = BTreeMap::new();
        for (i, f) in self.findings[..before].iter().enumerate() {
            if !usable(f) || !f.complete || f.sentence > si {
                continue;
            }
            let parties = self.role_values(f, deal_parties);
            if !shares(&parties) {
                continue;
            }
            // Keyed by the family's name, whose order breaks no tie but keeps the map's as it was.
            let name = self.rules.family_of(f.family).name.as_str();
            let entry = counts.entry((name, parties)).or_insert((0, i));
            entry.0 += 1;
        }
        // A deal told with some of its parties only ("Lührs verkauft Filialen an Deichmann")
        // counts for the deal of the same family told with all of them.
        let told = |(family, parties): &(&str, Vec<String>)| {
            (counts.iter())
                .filter(|((f, p), _)| {
                    f == family && p.len() < parties.len() && p.iter().all(|x| parties.contains(x))
                })
                .map(|(_, (n, _))| n)
                .sum::<usize>()
        };
        // On a tie the deal named first wins: a news article opens with its main deal.
        let best = (counts.iter())
            .map(|(key, (n, first))| (n + told(key), *first))
            .max_by_key(|(n, first)| (*n, std::cmp::Reverse(*first)));
        let Some((_, first)) = best else { return Vec::new() };
        self.role_values(&self.findings[first], role)
    }

    /// Owners the document has named for any of `owned` ("der TikTok-Mutterkonzern X").
    pub(super) fn owners_of(&self, owned: &[String]) -> Vec<String> {
        let owning = self.rules.family_of(self.rules.mechanism.families.owning);
        let (Some(owned_role), owner_role) = (owning.object_id(), owning.subject.id) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for f in &self.findings {
            let owns = f.family == owning.id
                && f.complete
                && f.polarity == Polarity::Positive
                && f.fillers(owned_role).iter().any(|o| owned.contains(o));
            if owns {
                out.extend(f.fillers(owner_role).iter().cloned());
            }
        }
        out
    }

    /// Roles a text leaves implicit ("das Angebot von X wurde abgelehnt": an offer for what?)
    /// take the document's topic: the entity it mentions most, among the role's categories, that
    /// is no bidder, buyer or rejecter in the document and no other role of the finding.
    pub(super) fn fill_topics(&mut self) {
        let rules = self.rules;
        let actor = rules.mechanism.roles.actor;
        let agents_of = |most_named: bool| -> BTreeSet<String> {
            let findings = self.findings.iter().filter(|f| {
                let family = rules.family_of(f.family);
                family.agent_not_topic && family.agent_topic_if_most_named == most_named
            });
            findings.flat_map(|f| f.fillers(actor).to_vec()).collect()
        };
        let agents = agents_of(false);
        // A rejecter the document names most is what it is about: a target turning down a
        // hostile offer for itself.
        let most_named = self.topics.iter().find(|(c, _)| *c != Category::Place).map(|(_, id)| id);
        let rejecters: BTreeSet<String> =
            agents_of(true).into_iter().filter(|id| Some(id) != most_named).collect();
        // What the document's deals are about: the entities in their other roles.
        let themes: BTreeSet<String> = self
            .findings
            .iter()
            .filter(|f| rules.family_of(f.family).topic_roles)
            .flat_map(|f| f.roles.iter().filter(|(r, _)| **r != actor).flat_map(|(_, v)| v.clone()))
            .collect();
        for i in 0..self.findings.len() {
            let Some(role) = self.findings[i].topic_role else { continue };
            let f = &self.findings[i];
            let family = rules.family_of(f.family);
            let topic = self
                .topics
                .iter()
                .find(|(c, id)| {
                    *c != Category::Place
                        && f.topic_categories.as_ref().is_none_or(|cats| cats.contains(c))
                        && !agents.contains(id)
                        && !rejecters.contains(id)
                        && (themes.is_empty() || themes.contains(id))
                        && !f.roles.values().flatten().any(|e| e == id)
                })
                .map(|(_, id)| id.clone());
            let Some(topic) = topic else { continue };
            let f = &mut self.findings[i];
            f.roles.insert(role, vec![topic]);
            f.complete = f.roles.contains_key(&family.subject.id) && family.names_object(&f.roles);
            f.confidence = (f.confidence - 0.2).max(0.1);
        }
    }

    /// A role's fillers; a deal's parties are its subject, object and what changes hands, but
    /// not a seller (an approval concerns the buyer and the bought).
    pub(super) fn role_values(&self, f: &Finding, role: RoleId) -> Vec<String> {
        let named = &self.rules.mechanism.roles;
        if role != named.deal_parties {
            return f.fillers(role).to_vec();
        }
        let family = self.rules.family_of(f.family);
        let roles = std::iter::once(family.subject.id)
            .chain(family.object_id())
            .filter(|r| *r != named.vendor)
            .chain(family.roles.iter().map(|r| r.id).filter(|r| *r == named.traded));
        let mut out: Vec<String> = Vec::new();
        for r in roles {
            for e in f.fillers(r) {
                if !out.contains(e) {
                    out.push(e.clone());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::{assert_facts, complete, findings_of};

    #[test]
    fn a_deal_referred_back_to_is_a_complete_one_not_a_fragment_of_the_sentence_before() {
        assert_facts(
            "Die geplante Fusion der Firma Brenner und der Firma Valtek soll einen großen \
             Hersteller schaffen. Der Konzern geriet unter Druck, weil der Rivale Haiyun \
             Appliances Marktanteile gewonnen hatte. Das Bundeskartellamt muss dem Vorhaben noch \
             zustimmen.",
            &[
                "approval-required: bundeskartellamt -> brenner",
                "approval-required: bundeskartellamt -> valtek",
            ],
            &["approval-required: bundeskartellamt -> haiyun-appliances"],
        );
    }

    #[test]
    fn the_deal_refers_to_the_deal_of_the_sentence_before() {
        let text = "Der Versandhändler Kavento übernimmt die Reederei Baltmar AG. Das \
                    Bundeskartellamt muss dem Deal noch zustimmen.";
        assert_facts(
            text,
            &[
                "approval-required: bundeskartellamt -> kavento",
                "approval-required: bundeskartellamt -> baltmar",
            ],
            &[],
        );
    }

    #[test]
    fn a_sale_without_a_seller_is_made_by_the_owner_named_before() {
        let text = "Die Reederei Baltmar AG gehört dem Mischkonzern Ostrava Holding. Der Verkauf \
                    der Reederei Baltmar AG an den Versandhändler Kavento ist perfekt.";
        assert_facts(
            text,
            &["ownership: ostrava-holding -> baltmar", "sale: ostrava-holding -> kavento"],
            &[],
        );
        let found = findings_of(text);
        assert_eq!(complete(&found, "sale").roles["theme"], ["baltmar"]);
    }

    #[test]
    fn an_offer_for_nothing_named_is_for_the_documents_topic() {
        let text = "Der Versandhändler Kavento hat ein Angebot für die Reederei Baltmar AG \
                    vorgelegt. Die Reederei Baltmar AG wächst. Das Angebot des Finanzinvestors \
                    Corvex Capital wurde abgelehnt.";
        assert_facts(
            text,
            &["offer: kavento -> baltmar", "offer: corvex-capital -> baltmar"],
            &["offer: corvex-capital -> kavento"],
        );
    }
}
