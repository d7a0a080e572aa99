//! Findings: what extraction states, and the facts the output reads off them.
//!
//! A [`Finding`] is one relation or event of one clause, with its roles, qualifiers and
//! provenance; the other modules of [`super`] make and qualify them. [`facts`] turns the complete
//! findings into subject–object pairs, as evaluation and the direct triples of `rdf` see them.

use std::collections::BTreeMap;

use crate::knowledge::Category;
use crate::knowledge::relations::{FamilyId, ModalityId, Pos, RelationRules, RoleId, StatusId};
use crate::text::document::PartialDate;
use crate::text::span::Span;

/// Whether a finding is stated as true or as not the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Polarity {
    Positive,
    Negative,
}

/// A relation or event found in one clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub family: FamilyId,
    pub rule: String,
    /// Role → entity ids, in text order.
    pub roles: BTreeMap<RoleId, Vec<String>>,
    /// Literal qualifiers: position name, share, value.
    pub literals: BTreeMap<RoleId, String>,
    pub polarity: Polarity,
    pub modality: ModalityId,
    /// Entity the sentence attributes the finding to.
    pub attribution: Option<String>,
    pub status: Option<StatusId>,
    pub date: Option<PartialDate>,
    pub deadline: Option<PartialDate>,
    pub sentence: usize,
    /// The trigger word.
    pub trigger: Span,
    pub confidence: f64,
    /// Replaced by a finding that took it as a role ("mit einem Verbot drohen").
    pub consumed: bool,
    /// Subject and object roles are filled; a partial finding only serves other findings.
    pub complete: bool,
    /// Index of the clause in its sentence.
    pub clause: usize,
    /// Made by a frame that states a standing state, no deal ([`crate::knowledge::relations::Frame::state`]).
    pub state: bool,
    /// A role the text leaves implicit, to be filled with the document's topic.
    pub(super) topic_role: Option<RoleId>,
    pub(super) topic_categories: Option<Vec<Category>>,
}

impl Finding {
    /// The finding of another family this one states ("X verkauft Y an Z": Z acquires Y), with
    /// the same evidence, modality and time, its own roles and rule, and its family's status.
    pub(super) fn derived(
        &self,
        family: FamilyId,
        rule: String,
        roles: BTreeMap<RoleId, Vec<String>>,
    ) -> Finding {
        Finding { family, rule, roles, status: None, ..self.clone() }
    }

    /// A positive, complete finding the text states itself, of no clause: what the extractor
    /// reads off appositions and descriptors.
    pub(super) fn stated(
        family: FamilyId,
        rule: String,
        roles: BTreeMap<RoleId, Vec<String>>,
        modality: ModalityId,
        (sentence, trigger): (usize, Span),
        confidence: f64,
    ) -> Self {
        Finding {
            family,
            rule,
            roles,
            literals: BTreeMap::new(),
            polarity: Polarity::Positive,
            modality,
            attribution: None,
            status: None,
            date: None,
            deadline: None,
            sentence,
            trigger,
            confidence,
            consumed: false,
            complete: true,
            clause: usize::MAX,
            state: false,
            topic_role: None,
            topic_categories: None,
        }
    }

    /// Fillers of a role.
    pub fn fillers(&self, role: RoleId) -> &[String] {
        self.roles.get(&role).map_or(&[], Vec::as_slice)
    }
}

/// A fact as evaluation and the direct triples see it: one subject–object pair of a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fact {
    /// The family's name: facts are what the output shows.
    pub family: String,
    pub subject: String,
    /// `None` for families without an object (statements).
    pub object: Option<String>,
    pub polarity: Polarity,
    /// Index of the finding it comes from.
    pub finding: usize,
}

/// The facts of complete findings that no other finding replaced. A symmetric family gives one
/// fact per pair of its parties, in text order.
pub fn facts(findings: &[Finding], rules: &RelationRules) -> Vec<Fact> {
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if !f.complete || f.consumed {
            continue;
        }
        let family = rules.family_of(f.family);
        let subjects = f.fillers(family.subject.id);
        let mut objects = family.object_id().map(|o| f.fillers(o)).unwrap_or_default();
        // "X trennt sich von der Sparte Y": no buyer named, the business sold stands as object;
        // only where a verb states the sale as made. A sale avoided or denied with no buyer
        // named is no sale at all, and a sale noun may stand in a phrase of another act ("X
        // beruft sich auf den Verkauf von Y").
        if objects.is_empty()
            && let Some(fallback) = &family.fallback
        {
            let by_verb = rules.frames.iter().any(|fr| fr.id == f.rule && fr.pos == Pos::Verb);
            if f.polarity != Polarity::Positive || !by_verb {
                continue;
            }
            objects = f.fillers(fallback.id);
        }
        let mut pairs: Vec<(String, Option<String>)> = Vec::new();
        if family.object.is_none() {
            pairs.extend(subjects.iter().map(|s| (s.clone(), None)));
        } else if family.symmetric {
            // "X und Y bieten Z Paroli": subjects that share an object are each its party, not
            // each other's; with no object named, they are each other's ("X und Y fusionieren").
            if objects.is_empty() {
                for (a, x) in subjects.iter().enumerate() {
                    for y in subjects[a + 1..].iter().filter(|y| *y != x) {
                        pairs.push((x.clone(), Some(y.clone())));
                    }
                }
            } else {
                for s in subjects {
                    for o in objects.iter().filter(|o| *o != s) {
                        pairs.push((s.clone(), Some(o.clone())));
                    }
                }
            }
        } else {
            for s in subjects {
                for o in objects.iter().filter(|o| *o != s) {
                    pairs.push((s.clone(), Some(o.clone())));
                }
            }
        }
        for (subject, object) in pairs {
            out.push(Fact {
                family: family.name.clone(),
                subject,
                object,
                polarity: f.polarity,
                finding: i,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::{assert_facts, facts_of};

    #[test]
    fn a_symmetric_family_gives_one_fact_per_pair() {
        let got = facts_of(
            "Der Versandhändler Kavento fusioniert mit der Spedition Nordlicht Logistik GmbH.",
        );
        let mergers: Vec<&String> = got.iter().filter(|f| f.starts_with("merger:")).collect();
        assert_eq!(mergers, ["merger: kavento -> spedition-nordlicht-logistik"], "{got:?}");
    }

    #[test]
    fn subjects_sharing_an_object_of_a_symmetric_family_are_not_each_others_party() {
        assert_facts(
            "Der Versandhändler Kavento und die Reederei Baltmar AG wollen dem Marktführer \
             Nordlicht Logistik GmbH Paroli bieten.",
            &[
                "competition: kavento -> nordlicht-logistik",
                "competition: baltmar -> nordlicht-logistik",
            ],
            &["competition: kavento -> baltmar"],
        );
    }

    #[test]
    fn a_phrase_before_man_is_no_subject() {
        let got = facts_of(
            "Der Versicherer Helvora prüft einen Verkauf. Die Tochter Solvea AG wolle man aber \
             nicht abstoßen, sagte ein Sprecher.",
        );
        assert!(got.contains(&"statement: helvora".to_string()), "{got:?}");
        assert!(!got.contains(&"statement: solvea".to_string()), "{got:?}");
    }

    #[test]
    fn a_statement_has_no_object() {
        let got = facts_of(
            "Der Versandhändler Kavento sagte, die Übernahme der Reederei Baltmar AG sei \
             abgeschlossen.",
        );
        assert!(got.contains(&"statement: kavento".to_string()), "{got:?}");
        assert!(got.contains(&"acquisition: kavento -> baltmar".to_string()), "{got:?}");
    }

    #[test]
    fn a_partial_finding_gives_no_fact() {
        // The offer is read, but for nothing the text names.
        let got = facts_of(
            "Die Spedition Nordlicht Logistik GmbH lehnte das Angebot des Versandhändlers Kavento \
             ab.",
        );
        assert!(!got.iter().any(|f| f.starts_with("offer:")), "{got:?}");
        assert!(got.contains(&"rejection: spedition-nordlicht-logistik -> kavento".to_string()));
    }
}
