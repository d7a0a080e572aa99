//! Resolution: entities the lexicon does not know, and references back to known ones.
//!
//! Runs after the gazetteer, on tokens, with the rules of `ontology/rules.toml`:
//! 1. discovery: an apposition "[class noun] [Name]" ("der Chipkonzern Veltronik"), a name before
//!    a legal form ("Brenner Logistik AG") or a given name before a capitalised word
//!    ("Sabine Lorenz") introduces an entity, typed by the class noun or the rule;
//! 2. back-references: the new entities' short names (surname, name without legal form) are
//!    matched through the rest of the document;
//! 3. definite descriptions ("das Unternehmen", "der US-Präsident") link to the most salient
//!    compatible entity of the preceding sentences; a description with a remit ("ein für …
//!    zuständiges Gremium") to the body with that remit; a seat standing for its organisation
//!    ("das Angebot aus Redmond") to the organisation.
//!
//! Ties are broken by recency, then by text order, so the result is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::analysis::recognize::{Gazetteer, How, Mention};
use crate::analysis::sentence::{DocumentContext, TokenizedSentence};
use crate::analysis::words::{Flags, SentenceWords, first_bytes};
use crate::knowledge::dictionary::{Genders, Noun, WordKinds};
use crate::knowledge::lexicon::{Entity, Name};
use crate::knowledge::rules::{ClassNoun, Rules};
use crate::knowledge::{Category, EntityType, Knowledge};
use crate::text::fold::fold;
use crate::text::slug::slug;
use crate::text::span::Span;
use crate::text::token::Token;

mod appositions;
mod bare;
mod descriptions;
mod names;
#[cfg(test)]
mod tests;

/// A role stated by an apposition: "US-Finanzminister Steven Mnuchin".
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub person: String,
    /// English role name from the rules, if known.
    pub label: Option<String>,
    /// The class noun as written.
    pub noun: String,
    pub organization: Option<String>,
    pub founder: bool,
    pub sentence: usize,
}

/// What resolution adds to a document's analysis.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub mentions: Vec<Mention>,
    pub new_entities: BTreeMap<String, Entity>,
    pub roles: Vec<Role>,
}

/// A class noun standing before an entity's mention.
#[derive(Debug, Clone)]
struct Apposition {
    entity: String,
    head: String,
    /// The place an adjective before the class noun gives: "der Gütersloher Hersteller X".
    place: Option<String>,
    /// Where the text gives the class noun (the start of its span).
    at: usize,
}

struct Context<'a> {
    text: &'a str,
    knowledge: &'a Knowledge,
    lexicon_gazetteer: &'a Gazetteer,
    rules: &'a Rules,
    mentions: Vec<Mention>,
    new_entities: BTreeMap<String, Entity>,
    /// The folded label and aliases of the new entities, each with the first id (in id order)
    /// of an entity of that name: asked for each entity added.
    new_names: FxHashMap<String, String>,
    /// The short names the text gives lexicon entities, folded, with their ids and as written:
    /// "Kartellamt" once the document names the "Bundeskartellamt".
    listed_short_names: BTreeMap<String, (String, String)>,
    appositions: Vec<Apposition>,
    /// The seats a phrase after a name gives ("Kessler-Werke aus Fulda", "X mit Sitz in Kassel"):
    /// the entity and the place.
    seats: Vec<(String, String)>,
    /// Roles (by index) whose title heads a body of the given folded name, not yet found.
    bodies: Vec<(usize, String)>,
    roles: Vec<Role>,
    /// [`first_bytes`] of the folded institution prefixes.
    institution_starts: [bool; 256],
    /// Where each sentence starts in the text.
    sentence_starts: Vec<usize>,
    /// Where the lexicon's descriptors were matched ("Datenbankspezialist"), for the passes that
    /// find such a word to be another name's class noun.
    descriptor_starts: BTreeSet<usize>,
}

/// A sentence's tokens with what the passes ask about each. The passes ask the same questions of
/// many tokens, and looking a word up in the word lists costs more than the passes' own work: what
/// they ask of every token the pipeline worked out with the sentence's words
/// ([`SentenceWords::with_rules`]), and each pass walks only the tokens it may start at; the class
/// noun, asked only of words a name follows or an article precedes, is looked up when asked.
struct ScannedSentence<'a> {
    toks: &'a [Token],
    /// The sentence's words as the pipeline analysed them.
    words: &'a SentenceWords<'a>,
    rules: &'a Rules,
    /// The tokens a name, a class noun or a legal form may be (capitalised words, compounds,
    /// legal forms), with their flags: the discovering passes look at no other token.
    starts: &'a [(u32, Flags)],
    /// The definite determiners and remit markers, with their flags: the passes that resolve
    /// descriptions look at no other token.
    descriptions: &'a [(u32, Flags)],
}

/// The flags of the tokens in [`ScannedSentence::starts`].
const STARTS: Flags = Flags::UPPER.or(Flags::HYPHEN).or(Flags::LEGAL_FORM);
/// The flags of the tokens in [`ScannedSentence::descriptions`].
const DESCRIPTIONS: Flags = Flags::DEFINITE.or(Flags::REMIT);

impl<'a> ScannedSentence<'a> {
    pub(super) fn folded(&self, i: usize) -> &'a str {
        self.words.folded(i)
    }

    /// Whether token `i` exists and folds to `word`.
    pub(super) fn is(&self, i: usize, word: &str) -> bool {
        i < self.toks.len() && self.folded(i) == word
    }

    pub(super) fn name_like(&self, i: usize) -> bool {
        self.words.name_like(i)
    }

    pub(super) fn capitalised(&self, i: usize) -> bool {
        self.words.capitalised(i)
    }

    pub(super) fn legal_form(&self, i: usize) -> bool {
        self.words.legal_form(i)
    }

    /// The class noun token `i` ends in, and the matched head.
    pub(super) fn class(&self, i: usize) -> Option<(&'a ClassNoun, &'a str)> {
        // Only a capitalised word or a compound may be a class noun.
        if i < self.toks.len() && (self.words.upper(i) || self.words.hyphen(i)) {
            self.rules.class_of_candidate(self.folded(i))
        } else {
            None
        }
    }
}

/// Resolves the mentions of one document.
pub fn resolve(
    document: &DocumentContext<'_>,
    sentences: &[TokenizedSentence<'_>],
    mentions: Vec<Mention>,
) -> Resolution {
    let knowledge = document.knowledge;
    let mut cx = Context {
        text: document.text,
        knowledge,
        lexicon_gazetteer: document.gazetteer,
        rules: &knowledge.rules,
        mentions,
        new_entities: BTreeMap::new(),
        new_names: FxHashMap::default(),
        listed_short_names: BTreeMap::new(),
        appositions: Vec::new(),
        seats: Vec::new(),
        bodies: Vec::new(),
        roles: Vec::new(),
        institution_starts: first_bytes(&knowledge.rules.institution_prefixes),
        sentence_starts: sentences.iter().map(|s| s.span.start).collect(),
        descriptor_starts: BTreeSet::new(),
    };
    cx.descriptor_starts =
        cx.mentions.iter().filter(|m| m.how == How::Descriptor).map(|m| m.span.start).collect();
    let index = document.index;
    let rules = &knowledge.rules;
    debug_assert!(sentences.iter().all(|s| s.words.ruled()));
    // The tokens the passes look at, of all sentences one after another; `ends` holds where each
    // sentence ends in each list.
    let count = sentences.iter().map(TokenizedSentence::len).sum();
    let (mut starts, mut descriptions) = (Vec::with_capacity(count), Vec::with_capacity(count));
    let mut ends = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        for (i, flags) in sentence.words.flags().enumerate() {
            if flags.has(STARTS) {
                starts.push((i as u32, flags));
            }
            if flags.has(DESCRIPTIONS) {
                descriptions.push((i as u32, flags));
            }
        }
        ends.push((starts.len(), descriptions.len()));
    }
    let mut from = (0, 0);
    let scanned: Vec<ScannedSentence> = (sentences.iter().zip(ends))
        .map(|(sentence, to)| {
            let starts = &starts[from.0..to.0];
            let descriptions = &descriptions[from.1..to.1];
            from = to;
            ScannedSentence {
                toks: sentence.tokens,
                words: &sentence.words,
                rules,
                starts,
                descriptions,
            }
        })
        .collect();
    cx.adopt_listed_short_names();
    cx.release_extended_names(sentences);
    for (si, w) in scanned.iter().enumerate() {
        cx.discover_institutions(si, w, index);
        cx.discover_quoted_titles(si, w, index);
        cx.discover_purpose_names(si, w, index);
        cx.discover_national_bodies(si, w, index);
        cx.discover_compound_organisations(si, w, index);
        cx.discover_club_names(si, w, index);
        cx.discover_appositions(si, w, index);
        cx.discover_legal_forms(si, w, index);
        cx.discover_given_names(si, w, index);
        cx.discover_class_compound_names(si, w, index);
        cx.discover_works_names(si, w, index);
        cx.discover_ambiguous_names(si, w, index);
        cx.discover_spelled_names(si, w, index);
    }
    cx.merge_names_given_in_full();
    cx.adopt_acronyms(index);
    // The names found so far come first: "Granite Shoal hatte …" is a short name of "Granite
    // Shoal Partners", not the bare name "Shoal" after a common noun. The names found bare are
    // then matched in turn.
    cx.match_short_names(sentences, index);
    let mut name_words = bare::NameWords::default();
    for (si, w) in scanned.iter().enumerate() {
        cx.discover_bare_names(si, w, index, &mut name_words);
    }
    cx.match_short_names(sentences, index);
    cx.sort();
    cx.split_early_short_names();
    cx.type_places();
    for w in &scanned {
        cx.note_seats(w);
    }
    for (si, w) in scanned.iter().enumerate() {
        cx.resolve_remits(si, w, index);
        cx.resolve_named_nouns(si, w, index);
        cx.resolve_definites(si, w, index);
        cx.resolve_demonyms(si, w, index);
    }
    cx.resolve_seats();
    cx.resolve_capitals();
    cx.name_bodies();
    cx.sort();
    Resolution { mentions: cx.mentions, new_entities: cx.new_entities, roles: cx.roles }
}

impl<'a> Context<'a> {
    pub(super) fn word(&self, token: &Token) -> &'a str {
        &self.text[token.span.bytes()]
    }

    pub(super) fn entity(&self, id: &str) -> Option<&Entity> {
        self.knowledge.lexicon.get(id).or_else(|| self.new_entities.get(id))
    }

    pub(super) fn category(&self, id: &str) -> Option<Category> {
        self.entity(id).map(|e| e.kind.category)
    }

    pub(super) fn overlaps(&self, span: Span) -> bool {
        self.mentions.iter().any(|m| m.span.start < span.end && span.start < m.span.end)
    }

    pub(super) fn sort(&mut self) {
        self.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        self.mentions.dedup_by_key(|m| (m.span.start, m.span.end));
    }

    /// The name starting at token `j`: up to `max` name-like tokens, with a legal form and its
    /// period. Returns the index after the name and the name's tokens.
    pub(super) fn name_run(
        &self,
        w: &ScannedSentence,
        j: usize,
        max: usize,
    ) -> Option<(usize, usize)> {
        let toks = w.toks;
        // "Pieter de Wit": particles after a given name belong to the name when a surname follows.
        let particles = |from: usize| {
            (from..toks.len().min(from + 2))
                .take_while(|&l| self.rules.name_particles.contains(self.word(&toks[l])))
                .count()
        };
        // "FC Arnsberg 09", but not "X 60 Prozent": a number before a unit is a quantity.
        let cues = &self.knowledge.relations.cues;
        let quantity = |k: usize| {
            (k + 1 < toks.len()).then(|| w.folded(k + 1)).is_some_and(|unit| {
                cues.percent_words.iter().chain(&cues.currencies).any(|u| u == unit)
            })
        };
        let given = self.rules.is_given_name(self.word(&toks[j]));
        let after_given = if given { particles(j + 1) } else { 0 };
        let after_given = if w.name_like(j + 1 + after_given) { after_given } else { 0 };
        let max = max + after_given;
        let mut k = j;
        while k < toks.len() && k - j < max {
            let token = &toks[k];
            let legal = w.legal_form(k);
            let name = if k == j {
                // The first word: a name-like or styled word, no legal form, no class noun.
                !legal && (w.name_like(k) || self.styled(w, k)) && w.class(k).is_none()
            } else {
                // "Tessmer Automation AG": a legal form ahead makes a common-looking word a name.
                let before_legal = || {
                    w.capitalised(k)
                        && (k + 1..toks.len().min(j + max + 1)).any(|l| w.legal_form(l))
                };
                // "der Konkurrent Brelinger Versicherung": a name noun after a name ends it.
                let name_head = k == j + 1 && self.rules.is_name_head(w.folded(k));
                // "die Supermarktkette Hollins & Day": an ampersand joins two names into one.
                let ampersand = self.rules.joins_names(self.word(token)) && w.words.upper(k + 1);
                w.name_like(k)
                    || legal
                    || ampersand
                    || name_head && !given
                    || k <= j + after_given
                    || self.word(token).chars().all(|c| c.is_ascii_digit()) && !quantity(k)
                    || before_legal()
            };
            if !name {
                break;
            }
            k += 1;
            if legal {
                if toks.get(k).is_some_and(|t| self.abbreviation_period(token, t)) {
                    k += 1;
                }
                break;
            }
        }
        (k > j).then_some((k, j))
    }

    /// Whether `next` is the period of the abbreviated legal form `legal` ("Inc."): after any
    /// other form ("GmbH", "Holding") a period ends its sentence.
    pub(super) fn abbreviation_period(&self, legal: &Token, next: &Token) -> bool {
        self.word(next) == "."
            && next.span.start == legal.span.end
            && self.rules.dotted_legal_forms.contains(self.word(legal))
    }

    pub(super) fn add_entity(&mut self, surface: &str, kind: &EntityType) -> String {
        self.add_entity_with(surface, kind, None)
    }

    /// A name opened by an adjective, as it is named with no article: "der Europäischen
    /// Zentralbank" is "Europäische Zentralbank", "des Deutschen Journalisten-Verbands"
    /// "Deutscher Journalisten-Verband". The head, the last capitalised word before any lower-case
    /// one, gives the adjective's ending by its gender and stands in its nominative.
    fn nominative_name(&self, words: &[&str]) -> Option<String> {
        let (first, rest) = words.split_first().filter(|(_, rest)| !rest.is_empty())?;
        let folded = fold(first);
        let (oblique, weak) = &self.rules.oblique_adjective_ending;
        // An ending of adjectives, or a word the dictionary knows in lower case ("Süddeutschen").
        let kinds = self.knowledge.dictionary.word(&bare::dictionary_key(&folded));
        let adjective = self.rules.adjective_suffixes.iter().any(|e| folded.ends_with(e.as_str()))
            || kinds.has(WordKinds::LOWER) && !kinds.has(WordKinds::VERB);
        let stem =
            first.strip_suffix(oblique.as_str()).or_else(|| first.strip_suffix(weak.as_str()));
        let stem = stem.filter(|_| adjective)?;
        let h = rest.iter().take_while(|w| w.starts_with(char::is_uppercase)).count();
        let (gender, lemma) = match h.checked_sub(1).map(|h| rest[h]) {
            Some(head) => self.head_reading(head),
            None => (Genders::default(), None),
        };
        let (masculine, neuter) = &self.rules.strong_adjective_endings;
        let only = |g: u8| {
            gender.has(g)
                && !gender.has(!g & (Genders::MASCULINE | Genders::FEMININE | Genders::NEUTER))
        };
        let ending = if only(Genders::MASCULINE) {
            masculine
        } else if only(Genders::NEUTER) {
            neuter
        } else {
            weak
        };
        let mut out: Vec<String> = rest.iter().map(|w| w.to_string()).collect();
        if let Some(lemma) = lemma {
            out[h - 1] = lemma;
        }
        let label = std::iter::once(format!("{stem}{ending}")).chain(out).collect::<Vec<_>>();
        Some(label.join(" ")).filter(|l| l != &words.join(" "))
    }

    /// The gender of a name's head noun when the dictionary knows it in the singular with one
    /// gender, and the head in the nominative where it stands in the genitive ("Verbands").
    fn head_reading(&self, head: &str) -> (Genders, Option<String>) {
        let (modifier, last) = match head.rsplit_once('-') {
            Some((m, l)) => (format!("{m}-"), l),
            None => (String::new(), head),
        };
        let key = bare::dictionary_key(&fold(last)).into_owned();
        // A compound the dictionary does not know keeps the weak ending: its head, guessed by
        // splitting, too often has another gender.
        let readings: Vec<Noun> =
            (self.knowledge.dictionary.nouns(&key).into_iter()).filter(|n| n.singular()).collect();
        let Some(one) = readings.first() else { return (Genders::default(), None) };
        if readings.iter().any(|n| n.genders != one.genders || n.lemma != one.lemma) {
            return (Genders::default(), None);
        }
        // "das Zentrale": an adjective made a noun is no gender of the noun it spells.
        let weak = self.rules.oblique_adjective_ending.1.as_str();
        if one.genders.has(Genders::NEUTER) && fold(&one.lemma).ends_with(weak) {
            return (Genders::default(), None);
        }
        let genitive = readings.iter().all(|n| n.cases & Noun::GENITIVE_SINGULAR != 0);
        let lemma = (genitive && fold(&one.lemma) != fold(last))
            .then(|| format!("{modifier}{}", one.lemma));
        (one.genders, lemma)
    }

    /// The entity an acronym abbreviates: one named before by as many capitalised words, of
    /// which it takes the initials ("LSE" after "London Stock Exchange", "HHLA" after "Hamburger
    /// Hafen und Logistik AG"), the last one so named.
    fn spelled_out(&self, acronym: &str) -> Option<String> {
        // Two letters match too many names by chance.
        if acronym.chars().count() < 3 || !names::acronym_like(acronym) {
            return None;
        }
        let initials = |name: &str| -> String {
            (name.split([' ', '-']))
                .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
                .collect()
        };
        (self.mentions.iter().rev())
            .find(|m| {
                let name = &self.text[m.span.bytes()];
                name.contains(' ') && initials(name) == acronym
            })
            .map(|m| m.entity.clone())
    }

    /// A lower-case brand after a class noun: a word with a hyphen or digit ("n-tv", "t3n") or
    /// one the dictionary does not know ("der Sensorhersteller ams").
    pub(super) fn styled(&self, w: &ScannedSentence<'_>, k: usize) -> bool {
        if k >= w.toks.len() || !w.words.is_word(k) || !w.words.lower(k) {
            return false;
        }
        let written = &self.text.as_bytes()[w.toks[k].span.bytes()];
        if written.iter().any(|&b| b == b'-' || b.is_ascii_digit()) {
            return true;
        }
        let folded = w.folded(k);
        let any = WordKinds::LOWER | WordKinds::CAPITALISED | WordKinds::NOUN | WordKinds::VERB;
        // Long unknown words are mostly compounds and participles ("mitaufgebaut").
        (2..=8).contains(&folded.len())
            && folded.bytes().all(|b| b.is_ascii_lowercase())
            && !self.knowledge.dictionary.word(folded).has(any)
    }

    /// A short name the document gives a listed entity ("das Kartellamt" after "das
    /// Bundeskartellamt"); the first entity given it keeps it.
    pub(super) fn keep_short_name(&mut self, id: &str, short: String) {
        self.listed_short_names.entry(fold(&short)).or_insert((id.to_string(), short));
    }

    pub(super) fn add_entity_with(
        &mut self,
        surface: &str,
        kind: &EntityType,
        extra: Option<String>,
    ) -> String {
        // A short name of an entity already introduced ("Nordhafen" after "Nordhafen Bank SE").
        let folded = fold(surface);
        if let Some(id) = self.new_names.get(&folded) {
            return id.clone();
        }
        if let Some(id) = self.spelled_out(surface) {
            return id;
        }
        let words: Vec<&str> = surface.split_whitespace().collect();
        let core: Vec<&str> = match words.split_last() {
            Some((last, rest))
                if self.rules.is_legal_form(last.trim_end_matches('.')) && !rest.is_empty() =>
            {
                rest.to_vec()
            }
            _ => words.clone(),
        };
        // "der Europäischen Zentralbank": a name opened by an inflected adjective is named in
        // the nominative ("Europäische Zentralbank").
        let nominative =
            (kind.category != Category::Person).then(|| self.nominative_name(&core)).flatten();
        let mut label = nominative.unwrap_or_else(|| core.join(" "));
        let mut id = slug(&label);
        // "Ostrava Holding" is no city: a name of another category keeps its legal form.
        // A name of no evidence of its kind is no other category's, and organisations of any
        // kind are one ("der Süddeutschen Zeitung" named after its name noun is the newspaper).
        let body = |c: Category| {
            matches!(c, Category::Organization | Category::Media | Category::Government)
        };
        let other = |e: &Entity| {
            e.kind.category != kind.category
                && *kind != self.rules.name_type
                && !(body(e.kind.category) && body(kind.category))
        };
        if self.entity(&id).is_some_and(other) && label != surface {
            label = surface.to_string();
            id = slug(&label);
        }
        if self.entity(&id).is_some() {
            // "das Bundeskartellamt … das Kartellamt": a listed entity keeps the short name the
            // document gives it.
            if let Some(extra) = extra.filter(|_| !self.new_entities.contains_key(&id)) {
                self.keep_short_name(&id, extra);
            }
            return id;
        }
        let mut aliases = vec![self.name(surface)];
        if label != surface {
            aliases.push(self.name(&label));
        }
        // An adjective opening an organisation's name ("Hanseatische Vermögensbank") is no
        // short name of it: alone it describes.
        let adjective = |word: &str| {
            let key = bare::dictionary_key(&fold(word)).into_owned();
            self.knowledge.dictionary.is(&key, WordKinds::LOWER)
                || self.is_known_place_adjective(word)
        };
        let short = match kind.category {
            Category::Person => core.last().copied(),
            _ if core.len() > 1 => core.first().copied().filter(|w| !adjective(w)),
            _ => None,
        };
        if let Some(short) = short.filter(|s| s.chars().count() >= 3) {
            aliases.push(self.name(short));
        }
        // "Schuhhaus Brenninger" is "Brenninger" too: a common noun opening a name of two words
        // may say what the name after it is. ("Formguss Eisleben" is "Formguss".)
        if let [noun, name] = core.as_slice()
            && kind.category != Category::Person
            && self.noun_before_own_name(noun, name)
        {
            aliases.push(self.name(name));
        }
        // "Harlan Ridge Capital" is "Harlan Ridge" without its extension.
        if let [rest @ .., last] = core.as_slice()
            && rest.len() > 1
            && kind.category != Category::Person
            && self.rules.is_name_extension(last)
        {
            aliases.push(self.name(&rest.join(" ")));
        }
        if let Some(extra) = extra {
            aliases.push(self.name(&extra));
        }
        // A name is the entity's whose label it is ("Kornmeyer" the company's, not a short name
        // of "Felix Kornmeyer"). Of two entities with the same short name an organisation holds
        // it before a person ("Sternkopf" is the Sternkopf GmbH, not Karl Sternkopf), and then
        // the first id.
        fn rank(id: &str, category: Option<Category>) -> (bool, &str) {
            (category == Some(Category::Person), id)
        }
        for name in std::iter::once(&label).chain(aliases.iter().map(|a| &a.text)) {
            let key = fold(name);
            let labelled =
                |id: &str| self.new_entities.get(id).is_some_and(|e| fold(&e.label) == key);
            let first =
                |held: &str| rank(held, self.category(held)) < rank(&id, Some(kind.category));
            match self.new_names.get(&key) {
                Some(held) if labelled(held) || *name != label && first(held) => {}
                _ => {
                    self.new_names.insert(key, id.clone());
                }
            }
        }
        self.new_entities
            .insert(id.clone(), Entity::discovered(id.clone(), label, kind.clone(), aliases));
        id
    }

    /// A name in the language of the rules.
    pub(super) fn name(&self, text: &str) -> Name {
        Name { lang: self.knowledge.language.clone(), text: text.to_string() }
    }

    pub(super) fn push(
        &mut self,
        span: Span,
        entity: String,
        how: How,
        confidence: f64,
        sentence: usize,
    ) {
        self.mentions.push(Mention {
            span,
            entity,
            how,
            confidence,
            sentence: Some(sentence),
            compound_head: None,
        });
    }

    /// Adds a mention in its place among mentions kept in text order, so that the passes after
    /// discovery find the most recent mention before a span by walking back.
    pub(super) fn insert(
        &mut self,
        span: Span,
        entity: String,
        how: How,
        confidence: f64,
        sentence: usize,
    ) {
        let at =
            self.mentions.partition_point(|m| (m.span.start, m.span.end) < (span.start, span.end));
        self.push(span, entity, how, confidence, sentence);
        self.mentions[at..].rotate_right(1);
    }

    /// Removes mentions inside `span`, which a wider mention is about to cover.
    pub(super) fn replace_inside(&mut self, span: Span) {
        self.mentions.retain(|m| !span.contains(&m.span));
    }
}
