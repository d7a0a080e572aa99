//! Appositions: the positions and foundings resolution read off "Oracle-Gründer Larry Ellison".
//!
//! Resolution ([`crate::analysis::resolve`]) states a [`Role`] for each class noun before a
//! person's name; here each role with an organisation becomes a finding of the position family
//! of `[mechanism.families]`, and a founder's also one of the founding family.

use std::collections::BTreeMap;

use super::Extractor;
use super::finding::Finding;
use crate::analysis::resolve::Role;
use crate::text::span::Span;

impl Extractor<'_> {
    /// Roles stated by appositions during resolution ("Oracle-Gründer Larry Ellison").
    /// A person who works for what a finding of an `outside_agent` family acts on is no agent of
    /// it: a chief who speaks of an offer for their company does not make it.
    pub(super) fn drop_insiders(&mut self, roles: &[Role]) {
        let rules = self.rules;
        for f in &mut self.findings {
            let family = rules.family_of(f.family);
            let Some(object) = family.object_id().filter(|_| family.outside_agent) else {
                continue;
            };
            let objects = f.fillers(object).to_vec();
            let insider = |agent: &String| {
                roles.iter().any(|r| {
                    r.person == *agent
                        && r.organization.as_ref().is_some_and(|o| objects.contains(o))
                })
            };
            let Some(agents) = f.roles.get_mut(&family.subject.id) else { continue };
            agents.retain(|a| !insider(a));
            if agents.is_empty() {
                f.roles.remove(&family.subject.id);
                f.complete = false;
            }
        }
    }

    pub(super) fn appositions(&mut self, roles: &[Role]) {
        let rules = self.rules;
        let position = rules.family_of(rules.mechanism.families.position);
        let founding = rules.family_of(rules.mechanism.families.founding);
        let (Some(position_in), Some(founded)) = (position.object_id(), founding.object_id())
        else {
            return;
        };
        for role in roles {
            let Some(org) = &role.organization else { continue };
            let fill = BTreeMap::from([
                (position.subject.id, vec![role.person.clone()]),
                (position_in, vec![org.clone()]),
            ]);
            let mut base = Finding::stated(
                position.id,
                rules.mechanism.rules.position.clone(),
                fill,
                rules.default_modality,
                (role.sentence, Span::default()),
                0.85,
            );
            base.literals.insert(
                rules.mechanism.roles.position_name,
                role.label.clone().unwrap_or_else(|| role.noun.clone()),
            );
            if role.founder {
                let mut founder = base.clone();
                founder.family = founding.id;
                founder.rule = rules.mechanism.rules.founding.clone();
                founder.roles = BTreeMap::from([
                    (founding.subject.id, vec![role.person.clone()]),
                    (founded, vec![org.clone()]),
                ]);
                founder.literals.clear();
                self.findings.push(founder);
            }
            self.findings.push(base);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::{assert_facts, findings_of};

    #[test]
    fn a_founder_apposition_states_a_founding_and_a_position() {
        let text = "Kavento-Gründer Jonas Berthold ist zufrieden.";
        assert_facts(
            text,
            &["founder: jonas-berthold -> kavento", "role: jonas-berthold -> kavento"],
            &[],
        );
        let found = findings_of(text);
        let rules: Vec<&str> = found.iter().map(|f| f.rule.as_str()).collect();
        assert!(
            rules.contains(&"apposition-founder") && rules.contains(&"apposition-role"),
            "{rules:?}"
        );
        let position = found.iter().find(|f| f.rule == "apposition-role").expect("a position");
        assert_eq!(position.literals["role"], "founder");
        assert!(!found.iter().any(|f| f.rule == "apposition-founder" && !f.literals.is_empty()));
    }

    #[test]
    fn a_title_without_a_country_names_the_office_the_lexicon_knows() {
        assert_facts(
            "Präsident Donald Trump unterzeichnete ein Dekret. Präsident Jonas Wieland reiste ab.",
            &["role: donald-trump -> united-states"],
            &["role: jonas-wieland -> united-states"],
        );
        assert_facts(
            "Finanzminister Steven Mnuchin schwieg.",
            &["role: steven-mnuchin -> us-treasury"],
            &[],
        );
        assert_facts(
            "Der Konzern Valtek wächst. Das sei ein Fehler, sagte Wettbewerbskommissarin Margrethe \
             Vestager.",
            &["role: margrethe-vestager -> europaeische-kommission"],
            &["role: margrethe-vestager -> valtek"],
        );
    }

    #[test]
    fn the_chief_of_an_app_and_a_female_board_member_hold_positions() {
        assert_facts(
            "Die Lernplattform Edumo wächst. Edumo-Chef Jonas Berthold sagte, die Zahlen seien gut.",
            &["role: jonas-berthold -> edumo"],
            &[],
        );
        assert_facts(
            "Veltrix-Vorständin Anna Berg zeigte sich zufrieden.",
            &["role: anna-berg -> veltrix"],
            &[],
        );
    }

    #[test]
    fn a_title_held_for_a_place_or_heading_a_body_names_it() {
        assert_facts(
            "Sachsens Wirtschaftsminister Jonas Wieland lobte das. NRW-Wirtschaftsministerin Anna \
             Berg sprach. Bundesverkehrsministerin Eva Kroll sagte, das Bundesverkehrsministerium \
             prüfe.",
            &[
                "role: jonas-wieland -> saxony",
                "role: anna-berg -> north-rhine-westphalia",
                "role: eva-kroll -> bundesverkehrsministerium",
            ],
            &[],
        );
        // A title of a more specific head ("Finanzminister") heads the body of the same name.
        assert_facts(
            "Bundesfinanzminister Lars Kroll bezeichnete das als inakzeptabel. Das \
             Bundesfinanzministerium prüfe den Fall.",
            &["role: lars-kroll -> bundesfinanzministerium"],
            &[],
        );
        // A title whose modifier names a body the document names holds the role there.
        assert_facts(
            "Das Bundeskartellamt gab die Fusion frei. „Das ist gut“, sagte Kartellamtspräsident \
             Anna Mundt.",
            &["role: anna-mundt -> bundeskartellamt"],
            &[],
        );
        // A place before a title of a company names no role for it.
        assert_facts(
            "Der Autobauer Velmar wächst. Deutschland-Chef Jonas Wieland sagte, man wachse.",
            &[],
            &["role: jonas-wieland -> germany"],
        );
    }
}
