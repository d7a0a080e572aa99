//! References to both parties: "wie beide Unternehmen mitteilten", "beide Seiten", "die
//! Konzerne".
//!
//! Agency reports close with who confirmed the news, often both parties at once, and name what
//! the parties do together ("beide Partner sollen je 50 Prozent halten"). Such a plural noun
//! phrase stands for several entities, as a plural pronoun does: it becomes one argument per
//! party, coordinated. The parties are, in this order: the several organisations that are
//! subjects of the clauses before it in the sentence; the several subjects of a clause before it;
//! that clause's subject and the last organisation of a prepositional phrase
//! before the reference ("X verkauft Y an Z, wie beide Seiten mitteilten"), else its object ("X
//! übernimmt Y, wie beide Seiten mitteilten"); the several subjects
//! of the sentence before; the subject and object of the latest finding of the last sentences
//! that states no standing state ("X hält 10 Prozent an Y")
//! when both are organisations. The words are data (`cues.both`, `cues.party_nouns`).

use super::Extractor;
use super::arguments::{Marker, SentenceArguments};
use super::clauses::Clause;
use crate::knowledge::Category;
use crate::knowledge::dictionary::Genders;

/// How far back (in sentences) a finding may give the parties.
const REACH: usize = 2;

impl Extractor<'_> {
    /// Adds the parties as arguments of each reference to both of them in the sentence.
    pub(super) fn parties(&self, si: usize, view: &mut SentenceArguments<'_>, clauses: &[Clause]) {
        self.add_references(view, clauses, |view, ci, i| {
            let covered = view.args.iter().any(|a| a.first <= i && i <= a.last);
            if covered || !self.refers_to_both(view, i) {
                return Vec::new();
            }
            let parties = self.both_parties(si, view, clauses, ci, i);
            if parties.len() > 1 { parties } else { Vec::new() }
        });
    }

    /// Whether the noun at `i` refers to both parties: a party noun or an organisation's class
    /// noun after "beide", or the plural of such a noun after "die" ("die Partner").
    fn refers_to_both(&self, view: &SentenceArguments<'_>, i: usize) -> bool {
        let cues = &self.rules.cues;
        if i == 0 || !view.words[i].starts_with(char::is_uppercase) {
            return false;
        }
        let noun = view.folded[i];
        let organisation = || {
            self.knowledge
                .rules
                .class_of_folded(view.words[i], noun)
                .is_some_and(|(class, _)| class.categories.contains(&Category::Organization))
        };
        let before = view.folded[i - 1];
        let party = || cues.party_nouns.iter().any(|p| p == noun);
        if cues.both.iter().any(|b| b == before) {
            return party() || organisation();
        }
        // "die Unternehmen": no feminine noun in the singular, so a plural.
        let plural = || {
            let nouns = self.knowledge.dictionary.nouns(noun);
            nouns.iter().any(|n| n.plural())
                && !nouns.iter().any(|n| n.singular() && n.genders.has(Genders::FEMININE))
        };
        cues.plural_articles.iter().any(|a| a == before) && (party() || organisation()) && plural()
    }

    /// The parties a reference to both at token `i` of clause `ci` stands for.
    fn both_parties(
        &self,
        si: usize,
        view: &SentenceArguments<'_>,
        clauses: &[Clause],
        ci: usize,
        i: usize,
    ) -> Vec<String> {
        let organisation = |e: &str| self.category(e) == Some(Category::Organization);
        // "X soll 51 Prozent halten, Y den Rest, wie beide Unternehmen mitteilten": the
        // organisations that are subjects of the clauses before, when there are several.
        let mut subjects: Vec<String> = Vec::new();
        for &clause in &clauses[..ci] {
            for s in self.clause_subject(view, clause) {
                if organisation(&s) && !subjects.contains(&s) {
                    subjects.push(s);
                }
            }
        }
        if subjects.len() > 1 {
            return subjects;
        }
        for c in (0..ci).rev() {
            let subject = self.clause_subject(view, clauses[c]);
            if subject.len() > 1 {
                return subject;
            }
            if let [one] = subject.as_slice()
                && organisation(one)
            {
                // The last organisation of a prepositional phrase, else the object ("X
                // übernimmt Y, wie beide Seiten mitteilten").
                let other_of = |prep: bool| {
                    view.args.iter().rev().find(|a| {
                        a.last < i
                            && a.first >= clauses[c].start
                            && match a.marker {
                                Marker::Prep(_) => prep,
                                Marker::Bare => !prep && a.attached.is_none(),
                                _ => false,
                            }
                            && a.entity != *one
                            && organisation(&a.entity)
                    })
                };
                let other = other_of(true).or_else(|| other_of(false));
                if let Some(other) = other {
                    return vec![one.clone(), other.entity.clone()];
                }
            }
        }
        if self.previous_subject.len() > 1 {
            return self.previous_subject.clone();
        }
        let latest =
            self.findings.iter().rev().take_while(|f| f.sentence + REACH >= si).find_map(|f| {
                if f.state {
                    return None;
                }
                let family = self.rules.family_of(f.family);
                let one = |role| match f.roles.get(&role).map(Vec::as_slice) {
                    Some([entity]) if organisation(entity) => Some(entity.clone()),
                    _ => None,
                };
                let (subject, object) = (one(family.subject.id)?, one(family.object_id()?)?);
                (subject != object).then(|| vec![subject, object])
            });
        latest.unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::facts_of;

    #[test]
    fn beide_unternehmen_are_the_subjects_of_the_clauses_before() {
        let got = facts_of(
            "An der neuen Firma Tavor Systems soll die Reederei Baltmar AG 51 Prozent halten, der \
             Versandhändler Kavento den Rest, wie beide Unternehmen am Montag mitteilten.",
        );
        assert!(got.contains(&"statement: baltmar".to_string()), "{got:?}");
        assert!(got.contains(&"statement: kavento".to_string()), "{got:?}");
        assert!(!got.contains(&"statement: tavor-systems".to_string()), "{got:?}");
    }

    #[test]
    fn beide_unternehmen_are_the_subjects_before() {
        let got = facts_of(
            "Die Reederei Baltmar AG und der Versandhändler Kavento gründen eine Firma. Das \
             teilten beide Unternehmen am Montag mit.",
        );
        assert!(got.contains(&"statement: baltmar".to_string()), "{got:?}");
        assert!(got.contains(&"statement: kavento".to_string()), "{got:?}");
    }

    #[test]
    fn beide_seiten_are_the_seller_and_the_buyer() {
        let got = facts_of(
            "Der Versandhändler Kavento verkauft seine Tochter Lumis an die Reederei Baltmar AG, \
             wie beide Seiten mitteilten.",
        );
        assert!(got.contains(&"statement: kavento".to_string()), "{got:?}");
        assert!(got.contains(&"statement: baltmar".to_string()), "{got:?}");
        assert!(!got.contains(&"statement: lumis".to_string()), "{got:?}");
    }

    #[test]
    fn the_parties_of_the_latest_deal() {
        let got = facts_of(
            "Der Versandhändler Kavento steigt bei der Reederei Baltmar AG ein. Kavento übernimmt \
             zehn Prozent der Anteile, wie beide Unternehmen mitteilten.",
        );
        assert!(got.contains(&"statement: baltmar".to_string()), "{got:?}");
    }

    #[test]
    fn a_stake_held_gives_no_parties() {
        let got = facts_of(
            "Die Reederei Baltmar AG gründet mit dem Versandhändler Kavento die Firma Tavor \
             Systems. Größter Aktionär von Baltmar ist der Investor Arden Capital. Mit Tavor \
             treten die Partner gegen Konkurrenten wie Velmar an.",
        );
        assert!(got.contains(&"stake: arden-capital -> baltmar".to_string()), "{got:?}");
        assert!(!got.iter().any(|f| f.starts_with("competition: arden-capital")), "{got:?}");
    }

    #[test]
    fn die_bank_is_no_plural() {
        let got = facts_of(
            "Der Versandhändler Kavento steigt bei der Reederei Baltmar AG ein. Das teilte die \
             Bank mit.",
        );
        let both = ["statement: kavento", "statement: baltmar"].map(String::from);
        assert!(!both.iter().all(|f| got.contains(f)), "{got:?}");
    }
}
