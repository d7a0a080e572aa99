//! Rules for unknown entities and references, loaded from `ontology/rules.toml` and
//! `ontology/first_names.txt`.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;

use crate::error::{Error, Result, line_containing};
use crate::knowledge::dictionary::{Dictionary, WordKinds, dictionary_key};
use crate::knowledge::suffix::{SuffixIndex, Tails};
use crate::knowledge::{Category, EntityType, parse_toml};
use crate::text::fold::{fold, with_folded};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    person_type: String,
    organisation_type: String,
    agency_type: String,
    name_type: String,
    place_type: String,
    agent_noun_ending: String,
    head_endings: Vec<String>,
    indefinite_article: String,
    purpose_preposition: String,
    conjunction: String,
    origin_preposition: String,
    seat_preposition: String,
    seat_nouns: Vec<String>,
    works_heads: Vec<String>,
    name_heads: Vec<String>,
    name_joiners: Vec<String>,
    place_adjective_ending: String,
    place_stem_endings: Vec<String>,
    nationality_endings: Vec<String>,
    nationalities: BTreeMap<String, String>,
    demonyms: BTreeMap<String, String>,
    not_class_nouns: Vec<String>,
    organisation_compound_heads: Vec<String>,
    apposition_openers: Vec<String>,
    definite_determiners: Vec<String>,
    name_stopwords: Vec<String>,
    common_noun_endings: Vec<String>,
    institution_prefixes: Vec<String>,
    legal_forms: Vec<String>,
    dotted_legal_forms: Vec<String>,
    name_extensions: Vec<String>,
    name_openers: Vec<String>,
    name_particles: Vec<String>,
    adjective_suffixes: Vec<String>,
    combining_forms: Vec<String>,
    noun_suffixes: Vec<String>,
    name_suffixes: Vec<String>,
    role_prefixes: Vec<String>,
    locative_prepositions: Vec<String>,
    place_name_prepositions: Vec<String>,
    placed_adjective_prepositions: Vec<String>,
    subsidiary_heads: Vec<String>,
    foundation_heads: Vec<String>,
    linking_elements: Vec<String>,
    linking_after_e: Vec<String>,
    modifier_endings: Vec<String>,
    oblique_adjective_ending: (String, String),
    strong_adjective_endings: (String, String),
    institution_heads: Vec<String>,
    naming_phrases: Vec<String>,
    club_prefixes: Vec<String>,
    class: Vec<RawClass>,
    generic_class_nouns: Vec<String>,
    no_company_heads: Vec<String>,
    #[serde(default)]
    no_company_types: BTreeMap<String, Vec<String>>,
    former_stems: Vec<String>,
    class_kin: Vec<Vec<String>>,
    remit_markers: Vec<String>,
    role: Vec<RawRole>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    heads: Vec<String>,
    #[serde(default)]
    compound_heads: Vec<String>,
    categories: Vec<Category>,
    schema: String,
    #[serde(default)]
    role: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryRole {
    pub label: String,
    pub organization: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    head: String,
    label: String,
    #[serde(default)]
    by_country: BTreeMap<String, CountryRole>,
    #[serde(default)]
    founder: bool,
    #[serde(default)]
    of_place: bool,
    #[serde(default)]
    body: Option<String>,
}

/// A class noun: its heads type an apposition and make a definite description.
#[derive(Debug, Clone)]
pub struct ClassNoun {
    pub heads: Vec<String>,
    /// Heads that name the class only as the last part of a compound ("Getriebebauer", not
    /// "Bauer").
    pub compound_heads: Vec<String>,
    pub categories: Vec<Category>,
    pub kind: EntityType,
    pub gives_role: bool,
}

/// A role a class noun gives a person.
#[derive(Debug, Clone)]
pub struct RoleRule {
    pub head: String,
    pub label: String,
    pub by_country: BTreeMap<String, CountryRole>,
    pub founder: bool,
    /// Held for a place: the place the title names ("NRW-Wirtschaftsministerin", "Sachsens
    /// Wirtschaftsminister") is what the role is held for.
    pub of_place: bool,
    /// The noun of the body the title heads, written for the head's place in the title:
    /// "ministerium" makes "Bundeswirtschaftsministerin" head the "Bundeswirtschaftsministerium".
    pub body: Option<String>,
}

/// All reference rules, folded for matching.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Types given to discovered people, organisations and agencies.
    pub person_type: EntityType,
    pub organisation_type: EntityType,
    pub agency_type: EntityType,
    /// The type of a name with no evidence of its kind.
    pub name_type: EntityType,
    /// The type of such a name named only where a place stands.
    pub place_type: EntityType,
    /// The ending of a noun of a verb's stem that names a doer ("Verarbeiter" of "verarbeiten"),
    /// and the class such a noun gives a name in apposition: an organisation of the generic type.
    pub agent_noun_ending: String,
    pub agent_class: ClassNoun,
    pub head_endings: Vec<String>,
    pub indefinite_article: String,
    pub purpose_preposition: String,
    pub conjunction: String,
    pub origin_preposition: String,
    /// "X mit Sitz in Kassel": the preposition before a seat noun, and the seat nouns.
    pub seat_preposition: String,
    pub seat_nouns: Vec<String>,
    /// Plural heads of works' names before a name: "die Stadtwerke München".
    pub works_heads: Vec<String>,
    /// Nouns that end an organisation's name after a name: "die Wakenitz Versicherung".
    pub name_heads: Vec<String>,
    /// Signs that join two names into one: "Kolb & Partner".
    pub name_joiners: Vec<String>,
    pub place_adjective_ending: String,
    /// How a place adjective's stem becomes the place name: appended endings, `+x` to insert
    /// before the stem's last letter ("Dresdn" + "+e" → "Dresden"), or `from=to` to write the
    /// stem's end anew ("Darmstädt" + "städt=stadt" → "Darmstadt").
    pub place_stem_endings: Vec<String>,
    /// Inflection endings of a nationality adjective, longest first, and its stem → country id.
    pub nationality_endings: Vec<String>,
    pub nationalities: BTreeMap<String, String>,
    /// Plural names of a country's people, folded, and the country: "die Schweden" after an
    /// article stands for a company of that country named before.
    pub demonyms: BTreeMap<String, String>,
    pub not_class_nouns: Vec<String>,
    pub organisation_compound_heads: HashSet<String>,
    pub apposition_openers: HashSet<String>,
    pub definite_determiners: HashSet<String>,
    pub name_stopwords: HashSet<String>,
    pub common_noun_endings: Vec<String>,
    pub institution_prefixes: Vec<String>,
    pub legal_forms: HashSet<String>,
    /// Legal forms written with a period that is part of them ("Inc."), as written.
    pub dotted_legal_forms: HashSet<String>,
    /// Capitalised words that extend a name into a longer one ("Corvel Partners"), folded.
    pub name_extensions: HashSet<String>,
    /// English words that open a name before a name-like word ("General Atlantic"), folded.
    pub name_openers: HashSet<String>,
    /// Words between a given name and a surname, as written ("de", "von der").
    pub name_particles: HashSet<String>,
    /// Endings that make a word an adjective ("märkische"), folded.
    pub adjective_suffixes: Vec<String>,
    /// Combining forms that open compounds but are no words ("bio", "pharma"), folded.
    pub combining_forms: Vec<String>,
    /// Endings of derived common nouns ("-enz", "-ment"), folded: a capitalised word with one is
    /// no river or surname as a compound's modifier.
    pub noun_suffixes: Vec<String>,
    /// Endings of place names and surnames, folded.
    pub name_suffixes: Vec<String>,
    /// Prefixes of a role noun written as a part of their own ("Interims-Chef"), folded.
    pub role_prefixes: HashSet<String>,
    /// Prepositions after which a capital is a place, not its government, folded.
    pub locative_prepositions: HashSet<String>,
    /// Prepositions that make a name of no known kind after them a place ("aus Martinsried").
    pub place_name_prepositions: HashSet<String>,
    /// Prepositions that make such a name a place when a nationality stands between them ("im
    /// sächsischen Kamenz").
    pub placed_adjective_prepositions: HashSet<String>,
    /// Class nouns of a subsidiary ("Tochter").
    pub subsidiary_heads: HashSet<String>,
    /// Heads of a compound that names an organisation of its own after another's name
    /// ("die KSB-Stiftung"), folded.
    pub foundation_heads: HashSet<String>,
    /// Linking elements between the parts of a compound ("Vermögen-s-verwalter"), folded.
    pub linking_elements: Vec<String>,
    /// Linking elements that follow only a stem ending in "-e" ("Blume-n-"), folded.
    linking_after_e: Vec<String>,
    /// Endings a word drops as a compound's modifier ("Finanz-" of "Finanzen"), folded.
    pub modifier_endings: Vec<String>,
    /// An adjective's ending in the oblique cases and in the nominative ("-en", "-e").
    pub oblique_adjective_ending: (String, String),
    /// The nominative endings of an adjective before a masculine and a neuter noun with no
    /// article ("Deutscher Journalisten-Verband", "Deutsches Rotes Kreuz").
    pub strong_adjective_endings: (String, String),
    /// Nouns that before "für" and a purpose name an institution ("Institut für …"), folded.
    pub institution_heads: Vec<String>,
    /// Phrases between a class noun and the name they give it ("namens", "mit dem Namen"),
    /// folded, each split into its words.
    pub naming_phrases: Vec<Vec<String>>,
    /// Abbreviations that open a club's name ("FC", "VfB"), as written.
    pub club_prefixes: Vec<String>,
    /// The first bytes of the legal forms: most words are ruled out without hashing them.
    legal_form_starts: ByteSet,
    /// The first bytes of the folded definite determiners, for the same reason.
    determiner_starts: ByteSet,
    pub classes: Vec<ClassNoun>,
    /// Class heads → index of their class (the first class listing a head).
    class_index: SuffixIndex<usize>,
    /// How the words with a class can end: a word that ends in none of these has none, and
    /// most capitalised words are ruled out so, without a walk of the class index.
    class_word_ends: Tails,
    /// The length of the longest name stopword: longer words need no lookup.
    name_stopword_len: usize,
    /// The tails of the common noun endings: most words end in none, and need no walk of them.
    common_noun_ends: Tails,
    /// Role heads → index of their role rule.
    role_index: SuffixIndex<usize>,
    /// Class nouns any organisation may be called ("Unternehmen", "Gesellschaft"): naming an
    /// entity so sets it apart from no other.
    pub generic_class_nouns: Vec<String>,
    /// Class nouns of organisations that are no companies ("Familie", "Stiftung"), folded.
    pub no_company_heads: Vec<String>,
    /// Types of organisations that are no companies (schema.org local names: "WorkersUnion"),
    /// each with the class nouns that describe them ("gewerkschaft"), folded.
    pub no_company_types: BTreeMap<String, Vec<String>>,
    /// Stems of the adjectives that make a title a former one ("die frühere Bayer-Managerin"),
    /// folded.
    former_stems: HashSet<String>,
    /// Class nouns that name one kind of organisation ("Bank", "Geldhaus", "Institut").
    class_kin: Vec<Vec<String>>,
    pub remit_markers: Vec<String>,
    pub roles: Vec<RoleRule>,
    pub first_names: HashSet<String>,
}

impl Rules {
    pub fn parse(
        path: &Path,
        text: &str,
        names_path: &Path,
        names_text: &str,
        types: &BTreeMap<String, EntityType>,
    ) -> Result<Self> {
        let file: RulesFile = parse_toml(path, text)?;
        let kind = |name: &str| {
            types.get(name).cloned().ok_or_else(|| {
                let line = line_containing(text, &format!("{name:?}"));
                Error::data(path, line, format!("type {name:?} is not in types.toml"))
            })
        };
        let (person_type, organisation_type, agency_type) =
            (kind(&file.person_type)?, kind(&file.organisation_type)?, kind(&file.agency_type)?);
        let name_type = kind(&file.name_type)?;
        let place_type = kind(&file.place_type)?;
        let mut classes = Vec::new();
        for raw in file.class {
            let kind = types.get(&raw.schema).cloned().ok_or_else(|| {
                let line = line_containing(text, &format!("{:?}", raw.schema));
                Error::data(
                    path,
                    line,
                    format!("class schema {:?} is not in types.toml", raw.schema),
                )
            })?;
            if raw.categories.is_empty() {
                let head = raw.heads.first().map(|h| format!("{h:?}")).unwrap_or_default();
                let line = line_containing(text, &head);
                return Err(Error::data(
                    path,
                    line,
                    format!("class {:?} has no categories", raw.heads),
                ));
            }
            classes.push(ClassNoun {
                heads: raw.heads.iter().map(|h| fold(h)).collect(),
                compound_heads: raw.compound_heads.iter().map(|h| fold(h)).collect(),
                categories: raw.categories,
                kind,
                gives_role: raw.role,
            });
        }
        let mut first_names = HashSet::default();
        for name in given_names(names_path, names_text)? {
            first_names.insert(name.to_string());
        }
        let set = |words: &[String]| words.iter().map(|w| fold(w)).collect::<HashSet<_>>();
        let head_endings: Vec<String> = file.head_endings.iter().map(|e| fold(e)).collect();
        let class_index = SuffixIndex::new(
            classes.iter().enumerate().flat_map(|(i, c)| {
                c.heads.iter().chain(&c.compound_heads).map(move |h| (h.clone(), i))
            }),
            &head_endings,
        );
        let roles: Vec<RoleRule> = file
            .role
            .into_iter()
            .map(|r| RoleRule {
                head: fold(&r.head),
                label: r.label,
                by_country: r.by_country,
                founder: r.founder,
                of_place: r.of_place,
                body: r.body.as_deref().map(fold),
            })
            .collect();
        let mut class_word_ends = Tails::new();
        for head in classes.iter().flat_map(|c| c.heads.iter().chain(&c.compound_heads)) {
            for ending in &head_endings {
                class_word_ends.add(&format!("{head}{ending}"));
            }
        }
        let role_index = SuffixIndex::new(
            roles.iter().enumerate().map(|(i, r)| (r.head.clone(), i)),
            &head_endings,
        );
        Ok(Rules {
            person_type,
            organisation_type,
            agency_type,
            agent_noun_ending: fold(&file.agent_noun_ending),
            agent_class: ClassNoun {
                heads: Vec::new(),
                compound_heads: Vec::new(),
                categories: vec![Category::Organization],
                kind: name_type.clone(),
                gives_role: false,
            },
            name_type,
            place_type,
            head_endings,
            indefinite_article: fold(&file.indefinite_article),
            purpose_preposition: fold(&file.purpose_preposition),
            conjunction: fold(&file.conjunction),
            origin_preposition: fold(&file.origin_preposition),
            seat_preposition: fold(&file.seat_preposition),
            seat_nouns: file.seat_nouns.iter().map(|n| fold(n)).collect(),
            works_heads: file.works_heads.iter().map(|n| fold(n)).collect(),
            name_heads: file.name_heads.iter().map(|n| fold(n)).collect(),
            name_joiners: file.name_joiners.clone(),
            place_adjective_ending: file.place_adjective_ending,
            place_stem_endings: file.place_stem_endings,
            nationality_endings: longest_first(file.nationality_endings.iter().map(|e| fold(e))),
            nationalities: file.nationalities.into_iter().map(|(k, v)| (fold(&k), v)).collect(),
            demonyms: file.demonyms.into_iter().map(|(k, v)| (fold(&k), v)).collect(),
            not_class_nouns: file.not_class_nouns.iter().map(|w| fold(w)).collect(),
            apposition_openers: set(&file.apposition_openers),
            organisation_compound_heads: set(&file.organisation_compound_heads),
            definite_determiners: set(&file.definite_determiners),
            name_stopwords: set(&file.name_stopwords),
            common_noun_endings: file.common_noun_endings.iter().map(|e| fold(e)).collect(),
            institution_prefixes: file.institution_prefixes.iter().map(|e| fold(e)).collect(),
            legal_forms: file.legal_forms.iter().cloned().collect(),
            dotted_legal_forms: file.dotted_legal_forms.iter().cloned().collect(),
            legal_form_starts: ByteSet::of_first_bytes(&file.legal_forms),
            name_extensions: set(&file.name_extensions),
            name_openers: set(&file.name_openers),
            name_particles: file.name_particles.iter().cloned().collect(),
            adjective_suffixes: file.adjective_suffixes.iter().map(|e| fold(e)).collect(),
            combining_forms: file.combining_forms.iter().map(|e| fold(e)).collect(),
            noun_suffixes: file.noun_suffixes.iter().map(|e| fold(e)).collect(),
            name_suffixes: file.name_suffixes.iter().map(|e| fold(e)).collect(),
            role_prefixes: set(&file.role_prefixes),
            locative_prepositions: set(&file.locative_prepositions),
            place_name_prepositions: set(&file.place_name_prepositions),
            placed_adjective_prepositions: set(&file.placed_adjective_prepositions),
            subsidiary_heads: set(&file.subsidiary_heads),
            foundation_heads: set(&file.foundation_heads),
            linking_elements: file.linking_elements.iter().map(|e| fold(e)).collect(),
            linking_after_e: file.linking_after_e.iter().map(|e| fold(e)).collect(),
            modifier_endings: file.modifier_endings.iter().map(|e| fold(e)).collect(),
            oblique_adjective_ending: file.oblique_adjective_ending,
            strong_adjective_endings: file.strong_adjective_endings,
            institution_heads: file.institution_heads.iter().map(|h| fold(h)).collect(),
            naming_phrases: (file.naming_phrases.iter())
                .map(|p| p.split_whitespace().map(fold).collect())
                .collect(),
            club_prefixes: file.club_prefixes,
            class_word_ends,
            name_stopword_len: file.name_stopwords.iter().map(|w| fold(w).len()).max().unwrap_or(0),
            common_noun_ends: {
                let mut tails = Tails::new();
                for ending in &file.common_noun_endings {
                    tails.add(&fold(ending));
                }
                tails
            },
            determiner_starts: ByteSet::of_first_bytes(
                &file.definite_determiners.iter().map(|w| fold(w)).collect::<Vec<_>>(),
            ),
            classes,
            class_index,
            role_index,
            generic_class_nouns: file.generic_class_nouns.iter().map(|m| fold(m)).collect(),
            no_company_heads: file.no_company_heads.iter().map(|m| fold(m)).collect(),
            no_company_types: (file.no_company_types.into_iter())
                .map(|(t, nouns)| (t, nouns.iter().map(|n| fold(n)).collect()))
                .collect(),
            former_stems: set(&file.former_stems),
            class_kin: file
                .class_kin
                .iter()
                .map(|kin| kin.iter().map(|m| fold(m)).collect())
                .collect(),
            remit_markers: file.remit_markers.iter().map(|m| fold(m)).collect(),
            roles,
            first_names,
        })
    }

    /// Whether a name calls its entity by the class head `head` or one of its kin: "Märkische
    /// Kreditbank" and "Commerzbank" are a "Bank", and so a "Geldhaus".
    /// Whether two class heads are one or kin ("investor" and "fonds").
    pub fn kindred(&self, a: &str, b: &str) -> bool {
        a == b
            || self
                .class_kin
                .iter()
                .any(|kin| kin.iter().any(|h| h == a) && kin.iter().any(|h| h == b))
    }

    /// A compound's folded modifier without the linking element or ending `ending`, where that
    /// may link it: "-n-" only after "-e" ("Blume-n-"; "Main" is no "Mai-n-").
    pub fn unlinked<'m>(&self, modifier: &'m str, ending: &str) -> Option<&'m str> {
        let stem = modifier.strip_suffix(ending)?;
        (!self.linking_after_e.iter().any(|e| e == ending) || stem.ends_with('e')).then_some(stem)
    }

    /// A compound's folded modifier without the first linking element it ends in
    /// ("kartellamts" → "kartellamt"), or as it is.
    pub fn without_linking<'m>(&self, modifier: &'m str) -> &'m str {
        (self.linking_elements.iter())
            .find_map(|e| modifier.strip_suffix(e.as_str()))
            .unwrap_or(modifier)
    }

    pub fn names_kind(&self, name: &str, head: &str) -> bool {
        let last = fold(name.split_whitespace().next_back().unwrap_or_default());
        let kin = self.class_kin.iter().filter(|kin| kin.iter().any(|h| h == head)).flatten();
        std::iter::once(head).chain(kin.map(String::as_str)).any(|h| last.ends_with(h))
    }

    /// The class of a noun such as "US-Softwarekonzern" or "Chipkonzerns", and the matched head.
    pub fn class_of(&self, word: &str) -> Option<(&ClassNoun, &str)> {
        if !may_be_class_noun(word) {
            return None;
        }
        // A head written with a hyphen ("Start-up") is matched whole, as by
        // [`Rules::class_of_candidate`].
        with_folded(word, |folded| self.class_of_candidate(folded))
    }

    /// [`Rules::class_of`] for a word already folded (`folded` is `fold(word)`).
    pub fn class_of_folded(&self, word: &str, folded: &str) -> Option<(&ClassNoun, &str)> {
        if !may_be_class_noun(word) {
            return None;
        }
        self.class_of_candidate(folded)
    }

    /// [`Rules::class_of_folded`] of a folded word already known to be capitalised or a
    /// compound.
    pub fn class_of_candidate(&self, folded: &str) -> Option<(&ClassNoun, &str)> {
        // Folding keeps hyphens where they are, so the folded last part is the last part folded.
        let last = folded
            .as_bytes()
            .iter()
            .rposition(|&b| b == b'-')
            .map_or(folded, |at| &folded[at + 1..]);
        // A head written with a hyphen ("Start-up") is matched whole.
        if last.len() < folded.len()
            && let Some(found) = self.class_of_head(folded)
            && found.1.contains('-')
        {
            return Some(found);
        }
        self.class_of_head(last)
    }

    /// The class of the folded last part of a compound.
    fn class_of_head(&self, last: &str) -> Option<(&ClassNoun, &str)> {
        if !self.class_word_ends.may_end_folded(last) {
            return None;
        }
        if self.not_class_nouns.iter().any(|w| last.ends_with(w.as_str())) {
            return None;
        }
        let (head, &class) = self.class_index.longest(last)?;
        let class = &self.classes[class];
        if last.starts_with(head) && class.compound_heads.iter().any(|h| h == head) {
            return None; // "Bauer" alone is no "Getriebebauer"
        }
        Some((class, head))
    }

    /// The role rule whose head ends the class noun's head ("finanzminister" before "minister").
    pub fn role_of(&self, word: &str) -> Option<&RoleRule> {
        let role = with_folded(word.rsplit('-').next().unwrap_or(word), |last| {
            self.role_index.longest(last).map(|(_, &role)| role)
        })?;
        Some(&self.roles[role])
    }

    /// A capitalised word that reads as a common noun, not a name.
    pub fn is_common_noun(&self, word: &str) -> bool {
        with_folded(word, |folded| self.is_common_noun_folded(folded))
    }

    /// [`Rules::is_common_noun`] of a folded word.
    pub fn is_common_noun_folded(&self, folded: &str) -> bool {
        if !self.common_noun_ends.may_end_folded(folded) {
            return false;
        }
        let last = folded.as_bytes().last();
        self.common_noun_endings.iter().any(|e| {
            folded.len() > e.len() + 2
                && e.as_bytes().last() == last
                && folded.ends_with(e.as_str())
        })
    }

    /// The institution prefix a word starts with ("bundes" in "Bundeskartellamt").
    pub fn institution_prefix(&self, word: &str) -> Option<&str> {
        with_folded(word, |folded| {
            self.institution_prefixes
                .iter()
                .filter(|p| folded.starts_with(p.as_str()) && folded.len() > p.len() + 2)
                .max_by_key(|p| p.len())
                .map(String::as_str)
        })
    }

    /// The country a nationality adjective names: "chinesischen" → china.
    pub fn nationality(&self, word: &str) -> Option<&str> {
        self.nationality_of(word).map(|(_, country)| country)
    }

    /// The stem of a nationality adjective as written, without its ending: "britischen" →
    /// "britisch".
    pub fn nationality_stem<'w>(&self, word: &'w str) -> Option<&'w str> {
        let (ending, _) = self.nationality_of(word)?;
        (fold(word).len() == word.len()).then(|| &word[..word.len() - ending])
    }

    /// The length of a nationality adjective's ending and the country it names.
    fn nationality_of(&self, word: &str) -> Option<(usize, &str)> {
        let folded = fold(word);
        self.nationality_endings.iter().find_map(|e| {
            let stem = folded.strip_suffix(e.as_str())?;
            self.nationalities.get(stem).map(|country| (e.len(), country.as_str()))
        })
    }

    /// Whether a folded word is an adjective that makes a title a former one: a stem of
    /// `former_stems` with an adjective ending ("frühere", "ehemaligen").
    pub fn is_former(&self, folded: &str) -> bool {
        (self.nationality_endings.iter())
            .any(|e| folded.strip_suffix(e.as_str()).is_some_and(|s| self.former_stems.contains(s)))
    }

    /// "Dresdner", "Hamburger": a capitalised adjective from a place name.
    pub fn is_place_adjective(&self, word: &str) -> bool {
        word.starts_with(char::is_uppercase) && word.ends_with(self.place_adjective_ending.as_str())
    }

    pub fn is_indefinite(&self, word: &str) -> bool {
        fold(word).starts_with(self.indefinite_article.as_str())
    }

    /// Whether a legal form starts with `byte`: a cheap first test for [`Rules::is_legal_form`].
    #[inline]
    pub fn may_start_legal_form(&self, byte: u8) -> bool {
        self.legal_form_starts.0[usize::from(byte)]
    }

    #[inline]
    pub fn is_legal_form(&self, word: &str) -> bool {
        self.legal_form_starts.has_first_byte_of(word) && self.legal_forms.contains(word)
    }

    /// Whether a folded noun ends an organisation's name after a name ("Versicherung").
    pub fn is_name_head(&self, folded: &str) -> bool {
        self.name_heads.iter().any(|h| h == folded)
    }

    /// Whether a word is a name noun or a compound of one ("Mediengruppe", "Privatbank"), and
    /// no word that only looks like one ("Datenbank").
    pub fn ends_in_name_head(&self, folded: &str) -> bool {
        self.name_heads.iter().any(|h| folded.ends_with(h.as_str()))
            && !self.not_class_nouns.iter().any(|w| w == folded)
    }

    /// Whether a token joins the names around it into one ("&").
    pub fn joins_names(&self, word: &str) -> bool {
        self.name_joiners.iter().any(|j| j == word)
    }

    /// Whether a capitalised word extends a name into a longer one ("Partners", "Capital").
    pub fn is_name_extension(&self, word: &str) -> bool {
        word.starts_with(char::is_uppercase)
            && with_folded(word, |folded| self.name_extensions.contains(folded))
    }

    /// Whether a folded word is one of the name stopwords ("der", "heute", "Montag").
    pub fn is_name_stopword(&self, folded: &str) -> bool {
        folded.len() <= self.name_stopword_len && self.name_stopwords.contains(folded)
    }

    /// Whether a folded word is a definite determiner ("der", "dieses").
    pub fn is_definite_determiner(&self, folded: &str) -> bool {
        self.determiner_starts.has_first_byte_of(folded)
            && self.definite_determiners.contains(folded)
    }
}

/// Only a capitalised word or a hyphen compound ("US-Softwarekonzern") can be a class noun.
/// `words` longest first, those of one length in the order given: the first that ends a word is
/// its longest ending.
fn longest_first(words: impl Iterator<Item = String>) -> Vec<String> {
    let mut words: Vec<String> = words.collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words
}

fn may_be_class_noun(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase()) || word.as_bytes().contains(&b'-')
}

/// A set of bytes: a cheap first test before a word is hashed for a set lookup.
#[derive(Debug, Clone)]
struct ByteSet([bool; 256]);

impl ByteSet {
    fn of_first_bytes(words: &[String]) -> Self {
        let mut set = [false; 256];
        for word in words {
            if let Some(&byte) = word.as_bytes().first() {
                set[usize::from(byte)] = true;
            }
        }
        ByteSet(set)
    }

    /// Whether `word` starts with a byte of the set; the empty word is let through.
    fn has_first_byte_of(&self, word: &str) -> bool {
        word.as_bytes().first().is_none_or(|&byte| self.0[usize::from(byte)])
    }
}

/// The names of a list of given names, one capitalised word per line, `#` opening a comment line.
fn given_names<'t>(path: &Path, text: &'t str) -> Result<Vec<&'t str>> {
    let mut names = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let name = line.trim();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        if name.split_whitespace().count() != 1 || !name.starts_with(char::is_uppercase) {
            return Err(Error::data(path, i + 1, format!("{name:?} is not a capitalised word")));
        }
        names.push(name);
    }
    Ok(names)
}

impl Rules {
    /// Whether a word is a given name, or a hyphenated one of given names ("Klaus-Dieter",
    /// "Jean-Laurent").
    pub fn is_given_name(&self, word: &str) -> bool {
        self.first_names.contains(word)
            || word.contains('-') && word.split('-').all(|part| self.first_names.contains(part))
    }

    /// Adds the given names of a derived list (`given_names.txt`), leaving out those the
    /// dictionary knows as a word: "Mark" and "Rose" are nouns before they are names.
    pub fn add_given_names(
        &mut self,
        path: &Path,
        text: &str,
        dictionary: &Dictionary,
    ) -> Result<()> {
        for name in given_names(path, text)? {
            let key = fold(name);
            let word = WordKinds::LOWER | WordKinds::NOUN | WordKinds::VERB;
            if !dictionary.is(&dictionary_key(&key), word) {
                self.first_names.insert(name.to_string());
            }
        }
        Ok(())
    }
}
