//! Pronouns: "er", "sie", "es", "ihm", "ihn" stand for an entity named before them that agrees
//! with them in gender and number.
//!
//! German pronouns follow the grammatical gender of the noun their antecedent was last named
//! with: "der Konzern" is taken up by "er", "die Bank" by "sie", "das Unternehmen" by "es". An
//! entity's gender is that of its class noun ("der Chipkonzern Halvion"), of the common noun a
//! description is ("das Unternehmen"), or of the last word of its name when that is a common noun
//! ("die Nordhafen Bank"); the dictionary gives it. A pronoun prefers the subject of the clause
//! before it, then the subject of the sentence before, then the latest entity that agrees; a
//! person whose gender is unknown agrees with "er" and "sie". The pronouns and what they agree
//! with are data (`cues.pronoun_genders` of `relations.toml`).

use std::cell::OnceCell;

use super::Extractor;
use super::arguments::{Arg, SentenceArguments};
use super::clauses::Clause;
use crate::knowledge::Category;
use crate::knowledge::dictionary::Genders;
use crate::knowledge::relations::gender;

/// An entity as named in a sentence read before, for the pronouns after it.
#[derive(Debug, Clone)]
pub(super) struct Antecedent {
    pub(super) sentence: usize,
    pub(super) entity: String,
    /// The nouns it was named with: its class noun and its own last word, folded.
    nouns: [Option<Box<str>>; 2],
    /// [`gender`] bits of those nouns, 0 when unknown: looked up in the dictionary only when a
    /// pronoun asks, as most entities are never taken up by one.
    genders: OnceCell<u8>,
}

/// How far back (in sentences) a pronoun looks for an entity that is no subject.
const REACH: usize = 2;

impl Extractor<'_> {
    /// Adds an argument for each pronoun of the sentence that stands for an entity, and marks
    /// the clauses they are in.
    pub(super) fn pronouns(&self, si: usize, view: &mut SentenceArguments<'_>, clauses: &[Clause]) {
        self.add_references(view, clauses, |view, ci, i| {
            let Some(bits) = self.pronoun_genders(view, i) else { return Vec::new() };
            self.antecedent(si, view, clauses, ci, i, bits)
        });
    }

    /// The gender bits of a pronoun at token `i` that no argument covers, if it is one.
    fn pronoun_genders(&self, view: &SentenceArguments<'_>, i: usize) -> Option<u8> {
        let bits = self.rules.pronoun_genders(view.folded[i])?;
        if view.args.iter().any(|a| a.first <= i && i <= a.last) {
            return None;
        }
        // "es gibt", "hieß es": no entity, whether the verb follows or stands before.
        let next = view.folded.get(i + 1);
        let before = i.checked_sub(1).map(|b| view.folded[b]);
        let exception = [next.copied(), before].into_iter().flatten().any(|w| {
            let pair = format!("{} {w}", view.folded[i]);
            self.rules.cues.pronoun_exceptions.contains(&pair)
        });
        (!exception).then_some(bits)
    }

    /// The entities a pronoun with gender bits `bits` at token `i` of clause `ci` stands for.
    fn antecedent(
        &self,
        si: usize,
        view: &SentenceArguments<'_>,
        clauses: &[Clause],
        ci: usize,
        i: usize,
        bits: u8,
    ) -> Vec<String> {
        // The subject of the clause before, else of the sentence before.
        let before_clause =
            (0..ci).rev().map(|c| self.clause_subject(view, clauses[c])).find(|s| !s.is_empty());
        let subject = before_clause
            .or_else(|| (!self.previous_subject.is_empty()).then(|| self.previous_subject.clone()));
        if let Some(subject) = subject {
            if subject.len() > 1 && bits & gender::PLURAL != 0 {
                return subject;
            }
            if let [one] = subject.as_slice()
                && self.agrees(one, self.genders_before(si, view, one, i), bits, true)
            {
                return subject;
            }
        }
        // The latest entity named with a noun of the pronoun's gender: in the sentence, then in
        // the sentences before.
        let here = view.args.iter().rev().filter(|a| a.last < i);
        for a in here {
            let genders = self.arg_genders(view, a);
            if genders != 0 && self.agrees(&a.entity, genders, bits, false) {
                return vec![a.entity.clone()];
            }
        }
        let earlier = self.antecedents.iter().rev().take_while(|a| a.sentence + REACH >= si);
        for a in earlier {
            let genders = self.antecedent_genders(a);
            if genders != 0 && self.agrees(&a.entity, genders, bits, false) {
                return vec![a.entity.clone()];
            }
        }
        // "Er sagte": a person of unknown gender, the latest named.
        let person = |e: &str| self.category(e) == Some(Category::Person);
        let people = view
            .args
            .iter()
            .rev()
            .filter(|a| a.last < i)
            .map(|a| (&a.entity, self.arg_genders(view, a)));
        let earlier =
            self.antecedents.iter().rev().map(|a| (&a.entity, self.antecedent_genders(a)));
        for (entity, genders) in people.chain(earlier) {
            if person(entity) {
                return if self.agrees(entity, genders, bits, true) {
                    vec![entity.clone()]
                } else {
                    Vec::new()
                };
            }
        }
        Vec::new()
    }

    /// Whether an entity named with gender bits `genders` (0: unknown) agrees with a pronoun of
    /// `bits`; `unknown_agrees` lets an unknown gender agree (for a subject, or a person with
    /// "er" and "sie").
    fn agrees(&self, entity: &str, genders: u8, bits: u8, unknown_agrees: bool) -> bool {
        let category = self.category(entity);
        if category == Some(Category::Place) {
            return false;
        }
        if genders != 0 {
            return genders & bits != 0;
        }
        let person_pronoun = bits & (gender::MASCULINE | gender::FEMININE) != 0;
        match category {
            Some(Category::Person) => person_pronoun,
            _ => unknown_agrees,
        }
    }

    /// The gender an entity was last named with before token `i` of the sentence.
    fn genders_before(
        &self,
        si: usize,
        view: &SentenceArguments<'_>,
        entity: &str,
        i: usize,
    ) -> u8 {
        let here = view.args.iter().rev().filter(|a| a.last < i && a.entity == entity);
        for a in here {
            let g = self.arg_genders(view, a);
            if g != 0 {
                return g;
            }
        }
        let earlier =
            self.antecedents.iter().rev().filter(|a| a.entity == entity && a.sentence < si);
        earlier.map(|a| self.antecedent_genders(a)).find(|&g| g != 0).unwrap_or(0)
    }

    /// The gender of the noun an argument is named with: its class noun ("der Chipkonzern X"),
    /// or its own last word when that is a common noun ("das Unternehmen", "die Nordhafen
    /// Bank"); 0 when none is known.
    pub(super) fn arg_genders(&self, view: &SentenceArguments<'_>, a: &Arg) -> u8 {
        self.genders_of(self.arg_nouns(view, a))
    }

    /// The nouns an argument is named with, folded: its class noun, its own last word when
    /// capitalised (or its first, if only that is a noun the dictionary knows); none for a
    /// relative pronoun.
    fn arg_nouns<'v>(&self, view: &SentenceArguments<'v>, a: &Arg) -> [Option<&'v str>; 2] {
        if a.determiner.is_some()
            && view.cued(a.first, crate::knowledge::relations::cue::RELATIVE_PRONOUN)
            && a.first == a.last
        {
            return [None, None];
        }
        // "die Berliner Finvesto GmbH": a place adjective is no class noun.
        let class = (a.first > 0
            && self.is_noun(view, a.first - 1)
            && self.place_of_adjective(view.words[a.first - 1]).is_none()
            && Self::arg_ending_at(view, a.first - 1).is_none())
        .then(|| view.folded[a.first - 1]);
        // "die Familie Holtkamp": a name that opens with a noun the dictionary knows, and ends
        // in a word it does not know as one (at most as a compound), has that noun's gender.
        let capitalised = |i: usize| view.words[i].starts_with(char::is_uppercase);
        let known = |w: &str| self.knowledge.dictionary.singular_genders(w) != Genders::default();
        let own = capitalised(a.last).then(|| view.folded[a.last]).map(|last| {
            let first = view.folded[a.first];
            let opening = a.last > a.first && capitalised(a.first) && known(first);
            if opening && !known(last) { first } else { last }
        });
        [class, own]
    }

    /// The genders of the first of `nouns` whose gender the dictionary knows.
    fn genders_of(&self, nouns: [Option<&str>; 2]) -> u8 {
        nouns.into_iter().flatten().map(|n| self.noun_genders(n)).find(|&g| g != 0).unwrap_or(0)
    }

    /// The genders of the nouns an antecedent was named with, looked up once.
    fn antecedent_genders(&self, a: &Antecedent) -> u8 {
        *a.genders.get_or_init(|| self.genders_of([a.nouns[0].as_deref(), a.nouns[1].as_deref()]))
    }

    /// The genders of a common noun in the singular, or of its compound head.
    fn noun_genders(&self, folded: &str) -> u8 {
        let dictionary = &self.knowledge.dictionary;
        let of = |w: &str| {
            let genders = dictionary.singular_genders(w);
            [
                (Genders::MASCULINE, gender::MASCULINE),
                (Genders::FEMININE, gender::FEMININE),
                (Genders::NEUTER, gender::NEUTER),
            ]
            .iter()
            .filter(|(g, _)| genders.has(*g))
            .fold(0u8, |bits, (_, bit)| bits | bit)
        };
        let own = of(folded);
        if own != 0 {
            return own;
        }
        match dictionary.head(folded, 3) {
            Some(at) if at > 0 => of(&folded[at..]),
            _ => 0,
        }
    }

    /// Notes the entities a sentence names, with their genders, and its main subject, for the
    /// pronouns of the sentences after it.
    pub(super) fn remember(
        &mut self,
        si: usize,
        view: &SentenceArguments<'_>,
        subjects: &[Vec<String>],
    ) {
        let named: Vec<Antecedent> = view
            .args
            .iter()
            .map(|a| Antecedent {
                sentence: si,
                entity: a.entity.clone(),
                nouns: self.arg_nouns(view, a).map(|n| n.map(Box::from)),
                genders: OnceCell::new(),
            })
            .collect();
        self.antecedents.extend(named);
        if let Some(subject) = subjects.iter().find(|s| !s.is_empty()) {
            self.previous_subject = subject.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::facts_of;

    #[test]
    fn er_takes_up_the_masculine_subject_before() {
        let got = facts_of(
            "Der Versandhändler Kavento meldete Rekordzahlen. Im Herbst will er die Reederei \
             Baltmar AG übernehmen.",
        );
        assert!(got.contains(&"acquisition: kavento -> baltmar".to_string()), "{got:?}");
    }

    #[test]
    fn sie_takes_up_a_feminine_noun_not_the_masculine_one_named_last() {
        let got = facts_of(
            "Die Spedition Nordlicht Logistik GmbH wächst, der Versandhändler Kavento schrumpft. \
             Nun will sie die Reederei Baltmar AG kaufen.",
        );
        assert!(
            got.contains(&"acquisition: spedition-nordlicht-logistik -> baltmar".to_string()),
            "{got:?}"
        );
        assert!(!got.iter().any(|f| f.starts_with("acquisition: kavento")), "{got:?}");
    }

    #[test]
    fn hiess_es_refers_to_nothing() {
        let got = facts_of(
            "Das Unternehmen Kavento AG wächst. Man sei zufrieden, hieß es von der Reederei \
             Baltmar AG.",
        );
        assert!(got.contains(&"statement: baltmar".to_string()), "{got:?}");
        assert!(!got.contains(&"statement: kavento".to_string()), "{got:?}");
    }

    #[test]
    fn es_gibt_refers_to_nothing() {
        let got = facts_of(
            "Das Unternehmen Kavento AG wächst. Es gibt ein Angebot für die Reederei Baltmar AG.",
        );
        assert!(!got.iter().any(|f| f.starts_with("offer: kavento")), "{got:?}");
    }
}
