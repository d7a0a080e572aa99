//! Seats: where an organisation is based, as its descriptors and phrases say.
//!
//! A country opening a class noun ("der US-Softwarekonzern X"), a place adjective ("der Kölner
//! Verlag X"), a nationality ("der amerikanische Konzern X"), a descriptor naming the seat the
//! lexicon gives ("der Software-Gigant aus Redmond") and an origin phrase ("X aus Boston") each
//! state a finding of the seat family of `[mechanism.families]`, with the rule id of
//! `[mechanism.rules]`. They read the marked arguments of [`super::arguments`].

use std::collections::BTreeMap;

use super::Extractor;
use super::arguments::{Arg, Marker, SentenceArguments};
use super::clauses::Clause;
use super::finding::Finding;
use crate::knowledge::Category;
use crate::knowledge::relations::cue;
use crate::text::fold::fold;
use crate::text::span::Span;

/// A seat found: the organisation (or maker), the place (or product), the rule and its evidence.
struct Seat<'r> {
    subject: String,
    object: String,
    rule: &'r str,
    trigger: Span,
}

impl<'a> Extractor<'a> {
    /// The seats the clauses of a sentence state.
    pub(super) fn seats(&mut self, si: usize, view: &SentenceArguments<'_>, clauses: &[Clause]) {
        let mut found = Vec::new();
        for clause in clauses {
            for a in view.args.iter().filter(|a| a.first >= clause.start && a.first < clause.end) {
                // An authority has a seat as a company has ("die britische Behörde CMA").
                if !matches!(
                    self.category(&a.entity),
                    Some(Category::Organization | Category::Media | Category::Government)
                ) {
                    continue;
                }
                // "US-Regierung", "Regierung in Peking": a country or city in an authority's
                // noun or descriptor says whose it is, not where it sits.
                let authority = self.category(&a.entity) == Some(Category::Government);
                self.compound_seats(view, a, authority, &mut found);
                // "die österreichische Bundeswettbewerbsbehörde": a nationality before an
                // authority's own noun says whose it is; before its name it places it ("die
                // britische Wettbewerbsbehörde CMA"), as a city does anywhere ("die Bonner
                // Behörde").
                let own_noun = (self
                    .knowledge
                    .rules
                    .class_of_folded(view.words[a.first], view.folded[a.first]))
                .is_some();
                self.adjective_seat(view, *clause, a, !(authority && own_noun), &mut found);
                // Never fires as it stands: only organisations, media and authorities reach
                // this point.
                if self.category(&a.entity) == Some(Category::Product) {
                    self.product_maker(view, *clause, a, &mut found);
                }
                if !authority {
                    self.descriptor_seat(view, a, &mut found);
                }
                self.origin_seat(view, *clause, a, &mut found);
                self.seat_phrase(view, *clause, a, &mut found);
            }
        }
        let seat = self.rules.family_of(self.rules.mechanism.families.seat);
        let Some(place_role) = seat.object_id() else { return };
        for Seat { subject, object, rule, trigger } in found {
            let roles =
                BTreeMap::from([(seat.subject.id, vec![subject]), (place_role, vec![object])]);
            let modality = self.rules.default_modality;
            let finding =
                Finding::stated(seat.id, rule.to_string(), roles, modality, (si, trigger), 0.8);
            self.findings.push(finding);
        }
    }

    /// A country opening the class noun or the descriptor: "der US-Softwarekonzern X". An
    /// authority's own noun says whose it is ("die US-Regierung"); a class noun before its name
    /// places it as it places a company ("die US-Handelsbehörde FTC").
    fn compound_seats(
        &self,
        view: &SentenceArguments<'_>,
        a: &Arg,
        authority: bool,
        found: &mut Vec<Seat<'a>>,
    ) {
        let own = (a.first == a.last && !authority).then_some(a.first);
        let class = a.first.checked_sub(1).filter(|&k| self.is_apposition_noun(view, k));
        for k in own.into_iter().chain(class) {
            let countries = view.modifiers.get(&k).into_iter().flatten();
            for place in countries.filter(|p| self.category(p) == Some(Category::Place)) {
                found.push(Seat {
                    subject: a.entity.clone(),
                    object: place.clone(),
                    rule: &self.rules.mechanism.rules.country_compound_seat,
                    trigger: view.toks[k].span,
                });
            }
        }
    }

    /// A place adjective or a nationality (unless `nationality` is false) in the noun phrase
    /// before the organisation: "der Kölner Verlag X", "der amerikanische Konzern X".
    fn adjective_seat(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        a: &Arg,
        nationality: bool,
        found: &mut Vec<Seat<'a>>,
    ) {
        let rules = &self.knowledge.rules;
        let seat_rules = &self.rules.mechanism.rules;
        let mut k = a.first;
        while k > clause.start {
            k -= 1;
            let word = &view.words[k];
            let trigger = view.toks[k].span;
            if let Some(place) = self.place_of_adjective(word) {
                let rule = &seat_rules.place_adjective_seat;
                found.push(Seat { subject: a.entity.clone(), object: place, rule, trigger });
                break;
            }
            if word.starts_with(char::is_lowercase)
                && let Some(country) = rules.nationality(word)
                && self.category(country) == Some(Category::Place)
            {
                if !nationality {
                    break;
                }
                let (object, rule) = (country.to_string(), &seat_rules.nationality_seat);
                found.push(Seat { subject: a.entity.clone(), object, rule, trigger });
                break;
            }
            let inside = self.is_apposition_noun(view, k)
                || word.starts_with(char::is_lowercase) && !view.cued(k, cue::DETERMINER);
            if !inside {
                break;
            }
        }
    }

    /// "WeChat vom Internet-Konzern Tencent": a product and its maker.
    fn product_maker(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        a: &Arg,
        found: &mut Vec<Seat<'a>>,
    ) {
        let maker_preposition = |p: &str| self.has(p, cue::MAKER_PREPOSITION);
        let maker = view.args.iter().find(|b| {
            b.first > a.last
                && b.first < clause.end
                && matches!(&b.marker, Marker::Prep(p) if maker_preposition(p))
                && matches!(self.category(&b.entity), Some(Category::Organization))
                && (a.last + 1..b.first).all(|k| {
                    let w = view.folded[k];
                    self.rules.preposition(w).is_some_and(|p| maker_preposition(p))
                        || self.is_determiner(w)
                        || view.words[k].starts_with(char::is_lowercase)
                        || self.is_apposition_noun(view, k)
                })
        });
        if let Some(maker) = maker {
            found.push(Seat {
                subject: maker.entity.clone(),
                object: a.entity.clone(),
                rule: &self.rules.mechanism.rules.product_maker,
                trigger: view.toks[a.last].span,
            });
        }
    }

    /// "der Software-Gigant aus Redmond", "der Redmonder Konzern": a descriptor that names the
    /// seat the lexicon gives.
    fn descriptor_seat(&self, view: &SentenceArguments<'_>, a: &Arg, found: &mut Vec<Seat<'a>>) {
        let lexicon = &self.knowledge.lexicon;
        let Some(seat) = lexicon.get(&a.entity).and_then(|e| e.seat.as_ref()) else { return };
        let Some(place) = lexicon.get(seat) else { return };
        let phrase = fold(&self.text[view.toks[a.first].span.start..view.toks[a.last].span.end]);
        let names = std::iter::once(&place.label).chain(place.aliases.iter().map(|n| &n.text));
        if names.map(|n| fold(n)).any(|n| phrase.contains(&n)) && a.last > a.first
            || view.toks[a.first].parts.is_empty()
                && phrase.contains(&fold(&place.label))
                && a.first != a.last
        {
            found.push(Seat {
                subject: a.entity.clone(),
                object: seat.clone(),
                rule: &self.rules.mechanism.rules.descriptor_seat,
                trigger: view.toks[a.first].span,
            });
        }
    }

    /// "X aus Boston".
    fn origin_seat(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        a: &Arg,
        found: &mut Vec<Seat<'a>>,
    ) {
        let next = a.last + 1;
        if next + 1 >= clause.end || view.folded[next] != self.knowledge.rules.origin_preposition {
            return;
        }
        if let Some(place) = self.place_from(view, clause, next + 1) {
            found.push(Seat {
                subject: a.entity.clone(),
                object: place,
                rule: &self.rules.mechanism.rules.origin_seat,
                trigger: view.toks[next].span,
            });
        }
    }

    /// "X mit Sitz in Kassel", "X mit Hauptsitz in der Schweiz".
    fn seat_phrase(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        a: &Arg,
        found: &mut Vec<Seat<'a>>,
    ) {
        let rules = &self.knowledge.rules;
        let k = a.last + 1;
        let phrase = k + 3 < clause.end
            && view.folded[k] == rules.seat_preposition
            && rules.seat_nouns.iter().any(|n| n == view.folded[k + 1])
            && rules.locative_prepositions.contains(view.folded[k + 2]);
        if !phrase {
            return;
        }
        if let Some(place) = self.place_from(view, clause, k + 3) {
            found.push(Seat {
                subject: a.entity.clone(),
                object: place,
                rule: &self.rules.mechanism.rules.seat_phrase,
                trigger: view.toks[k + 1].span,
            });
        }
    }

    /// The place named from token `k` on, after a determiner and adjectives it may carry: "aus
    /// Boston", "in der Schweiz", "aus dem schweizerischen Stäfa".
    fn place_from(&self, view: &SentenceArguments<'_>, clause: Clause, k: usize) -> Option<String> {
        let first = (k..clause.end)
            .take_while(|&i| {
                view.cued(i, cue::DETERMINER) || view.words[i].starts_with(char::is_lowercase)
            })
            .last()
            .map_or(k, |i| i + 1);
        let place = view.args.iter().find(|b| b.first == first)?;
        (self.category(&place.entity) == Some(Category::Place)).then(|| place.entity.clone())
    }

    /// The place a place adjective derives from: "Kölner" → Köln.
    pub(super) fn place_of_adjective(&self, word: &str) -> Option<String> {
        let (rules, lexicon) = (&self.knowledge.rules, &self.knowledge.lexicon);
        self.gazetteer.place_of_adjective(word, rules, lexicon).map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::{assert_facts, complete, findings_of};

    #[test]
    fn a_seat_phrase_names_the_seat() {
        assert_facts(
            "Der Versicherer Aldora mit Sitz in Köln wächst. Das Unternehmen Velmar mit \
             Hauptsitz in der Schweiz schrumpft.",
            &["location: aldora -> cologne", "location: velmar -> switzerland"],
            &[],
        );
    }

    #[test]
    fn a_place_adjective_names_the_seat() {
        assert_facts(
            "Der Kölner Versandhändler Kavento wächst.",
            &["location: kavento -> cologne"],
            &[],
        );
        let found = findings_of("Der Kölner Versandhändler Kavento wächst.");
        assert_eq!(complete(&found, "location").rule, "place-adjective-seat");
        // The adjective of a "-stadt" writes it "-städter".
        assert_facts(
            "Das Darmstädter KI-Start-up Kavento wächst.",
            &["location: kavento -> darmstadt"],
            &[],
        );
        // "Karlsruher" adds the "-e" back; of Essling and Esslingen the longer name is meant.
        assert_facts(
            "Der Esslinger Maschinenbauer Velquor wächst, der Karlsruher Versorger Enbro auch.",
            &["location: velquor -> esslingen", "location: enbro -> karlsruhe"],
            &["location: velquor -> essling"],
        );
    }

    #[test]
    fn a_nationality_names_the_country() {
        assert_facts(
            "Der amerikanische Versandhändler Kavento wächst.",
            &["location: kavento -> united-states"],
            &[],
        );
    }

    #[test]
    fn an_authority_has_a_seat_but_a_country_before_its_noun_says_whose_it_is() {
        assert_facts(
            "Die britische Wettbewerbsbehörde Kartex prüft den Fall.",
            &["location: kartex -> united-kingdom"],
            &[],
        );
        assert_facts(
            "Das US-Finanzministerium prüft den Fall.",
            &[],
            &["location: us-treasury -> united-states"],
        );
        assert_facts(
            "Auch die österreichische Bundeswettbewerbsbehörde prüft den Fall.",
            &[],
            &["location: bundeswettbewerbsbehoerde -> austria"],
        );
        assert_facts(
            "Die US-Wettbewerbsbehörde Kartex prüft den Fall.",
            &["location: kartex -> united-states"],
            &[],
        );
    }

    #[test]
    fn a_place_adjective_before_a_hyphenated_class_noun_names_the_seat() {
        assert_facts("Das Kölner Start-up Kavento wächst.", &["location: kavento -> cologne"], &[]);
        assert_facts(
            "Der Konzern hält 40 Prozent an der walisischen Chipfabrik Tenvaro Works.",
            &["location: tenvaro-works -> wales"],
            &[],
        );
    }

    #[test]
    fn aus_after_an_organisation_names_its_seat() {
        let found = findings_of("Der Versandhändler Kavento aus Hamburg wächst.");
        let seat = complete(&found, "location");
        assert_eq!(
            (seat.rule.as_str(), &seat.roles["place"][..]),
            ("origin-seat", &["hamburg".to_string()][..])
        );
        // A described company has its seat as a named one; the place may carry an adjective.
        assert_facts(
            "Der Hörgerätehersteller Auricon verklagt den Konzern Sonova. Der Konzern aus dem \
             schweizerischen Stäfa verletze zwei Patente.",
            &["location: sonova -> staefa"],
            &[],
        );
        assert_facts(
            "Die Firma Voltaris mit Sitz im sächsischen Kamenz wächst.",
            &["location: voltaris -> kamenz"],
            &[],
        );
    }
}
