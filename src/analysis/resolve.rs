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

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::analysis::recognize::{Gazetteer, How, Mention};
use crate::analysis::sentence::{DocumentContext, TokenizedSentence};
use crate::analysis::words::{Flags, SentenceWords, first_bytes};
use crate::knowledge::lexicon::{Entity, Name};
use crate::knowledge::rules::{ClassNoun, Rules};
use crate::knowledge::{Category, EntityType, Knowledge};
use crate::text::fold::{fold, with_folded};
use crate::text::slug::slug;
use crate::text::span::{CharIndex, Span};
use crate::text::token::Token;

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
    appositions: Vec<Apposition>,
    roles: Vec<Role>,
    /// [`first_bytes`] of the folded institution prefixes.
    institution_starts: [bool; 256],
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
    fn folded(&self, i: usize) -> &'a str {
        self.words.folded(i)
    }

    /// Whether token `i` exists and folds to `word`.
    fn is(&self, i: usize, word: &str) -> bool {
        i < self.toks.len() && self.folded(i) == word
    }

    fn name_like(&self, i: usize) -> bool {
        self.words.name_like(i)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.words.capitalised(i)
    }

    fn legal_form(&self, i: usize) -> bool {
        self.words.legal_form(i)
    }

    /// The class noun token `i` ends in, and the matched head.
    fn class(&self, i: usize) -> Option<(&'a ClassNoun, &'a str)> {
        // Only a capitalised word or a compound may be a class noun.
        if i < self.toks.len() && (self.words.upper(i) || self.words.hyphen(i)) {
            self.rules.class_of_candidate(self.folded(i))
        } else {
            None
        }
    }

    /// A lower-case brand with a hyphen or digit ("n-tv", "t3n"): a name after a class noun.
    fn styled_name(&self, text: &str, i: usize) -> bool {
        i < self.toks.len()
            && self.words.is_word(i)
            && self.words.lower(i)
            && text.as_bytes()[self.toks[i].span.bytes()]
                .iter()
                .any(|&b| b == b'-' || b.is_ascii_digit())
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
        appositions: Vec::new(),
        roles: Vec::new(),
        institution_starts: first_bytes(&knowledge.rules.institution_prefixes),
    };
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
    for (si, w) in scanned.iter().enumerate() {
        cx.discover_institutions(si, w, index);
        cx.discover_compound_organisations(si, w, index);
        cx.discover_appositions(si, w, index);
        cx.discover_legal_forms(si, w, index);
        cx.discover_given_names(si, w, index);
    }
    cx.match_short_names(sentences, index);
    cx.sort();
    for (si, w) in scanned.iter().enumerate() {
        cx.resolve_remits(si, w, index);
        cx.resolve_definites(si, w, index);
    }
    cx.resolve_seats();
    cx.sort();
    Resolution { mentions: cx.mentions, new_entities: cx.new_entities, roles: cx.roles }
}

impl<'a> Context<'a> {
    fn word(&self, token: &Token) -> &'a str {
        &self.text[token.span.bytes()]
    }

    fn entity(&self, id: &str) -> Option<&Entity> {
        self.knowledge.lexicon.get(id).or_else(|| self.new_entities.get(id))
    }

    fn category(&self, id: &str) -> Option<Category> {
        self.entity(id).map(|e| e.kind.category)
    }

    fn overlaps(&self, span: Span) -> bool {
        self.mentions.iter().any(|m| m.span.start < span.end && span.start < m.span.end)
    }

    fn sort(&mut self) {
        self.mentions.sort_by_key(|m| (m.span.start, m.span.end));
        self.mentions.dedup_by_key(|m| (m.span.start, m.span.end));
    }

    /// The name starting at token `j`: up to `max` name-like tokens, with a legal form and its
    /// period. Returns the index after the name and the name's tokens.
    fn name_run(&self, w: &ScannedSentence, j: usize, max: usize) -> Option<(usize, usize)> {
        let toks = w.toks;
        let mut k = j;
        while k < toks.len() && k - j < max {
            let token = &toks[k];
            let legal = w.legal_form(k);
            let name = if k == j {
                // The first word: a name-like or styled word, no legal form, no class noun.
                !legal && (w.name_like(k) || w.styled_name(self.text, k)) && w.class(k).is_none()
            } else {
                // "Tessmer Automation AG": a legal form ahead makes a common-looking word a name.
                let before_legal = || {
                    w.capitalised(k)
                        && (k + 1..toks.len().min(j + max + 1)).any(|l| w.legal_form(l))
                };
                w.name_like(k)
                    || legal
                    || self.word(token).chars().all(|c| c.is_ascii_digit())
                    || before_legal()
            };
            if !name {
                break;
            }
            k += 1;
            if legal {
                if toks
                    .get(k)
                    .is_some_and(|t| self.word(t) == "." && t.span.start == token.span.end)
                {
                    k += 1;
                }
                break;
            }
        }
        (k > j).then_some((k, j))
    }

    fn add_entity(&mut self, surface: &str, kind: &EntityType) -> String {
        self.add_entity_with(surface, kind, None)
    }

    fn add_entity_with(
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
        let words: Vec<&str> = surface.split_whitespace().collect();
        let core: Vec<&str> = match words.split_last() {
            Some((last, rest))
                if self.rules.is_legal_form(last.trim_end_matches('.')) && !rest.is_empty() =>
            {
                rest.to_vec()
            }
            _ => words.clone(),
        };
        let label = core.join(" ");
        let id = slug(&label);
        if self.knowledge.lexicon.get(&id).is_some() || self.new_entities.contains_key(&id) {
            return id;
        }
        let mut aliases = vec![Name { lang: "de".into(), text: surface.to_string() }];
        if label != surface {
            aliases.push(Name { lang: "de".into(), text: label.clone() });
        }
        let short = match kind.category {
            Category::Person => core.last().copied(),
            _ if core.len() > 1 => core.first().copied(),
            _ => None,
        };
        if let Some(short) = short.filter(|s| s.chars().count() >= 3) {
            aliases.push(Name { lang: "de".into(), text: short.to_string() });
        }
        if let Some(extra) = extra {
            aliases.push(Name { lang: "de".into(), text: extra });
        }
        for name in std::iter::once(&label).chain(aliases.iter().map(|a| &a.text)) {
            let first = self.new_names.entry(fold(name)).or_insert_with(|| id.clone());
            if id < *first {
                first.clone_from(&id);
            }
        }
        self.new_entities
            .insert(id.clone(), Entity::discovered(id.clone(), label, kind.clone(), aliases));
        id
    }

    fn push(&mut self, span: Span, entity: String, how: How, confidence: f64, sentence: usize) {
        self.mentions.push(Mention {
            span,
            entity,
            how,
            confidence,
            sentence: Some(sentence),
            compound_head: None,
        });
    }

    /// "das Bundeskartellamt", "das Landgericht Köln", "das Bundesministerium für Energie".
    fn discover_institutions(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        let toks = w.toks;
        for &(k, flags) in w.starts {
            // An institution's name is capitalised and starts with an institution prefix: most
            // words are not looked up as class nouns.
            let k = k as usize;
            if !flags.has(Flags::UPPER) || !self.has_institution_prefix(w.folded(k)) {
                continue;
            }
            let word = self.word(&toks[k]);
            let Some(prefix) = self.rules.institution_prefix(word) else { continue };
            let Some((class, head)) = w.class(k) else { continue };
            if !class.categories.contains(&Category::Government) {
                continue;
            }
            if k > 0 && self.rules.is_indefinite(self.word(&toks[k - 1])) {
                continue; // "ein Bundesgericht" names no institution
            }
            let (head, prefix) = (head.to_string(), prefix.to_string());
            let mut end = toks[k].span.end;
            let (purpose, and) = (&self.rules.purpose_preposition, &self.rules.conjunction);
            if w.is(k + 1, purpose) && w.name_like(k + 2) {
                let mut last = k + 2;
                while (w.is(last + 1, and) || w.is(last + 1, ",")) && w.name_like(last + 2) {
                    last += 2;
                }
                end = toks[last].span.end;
            } else if let Some(place) = toks.get(k + 1).and_then(|next| {
                self.mentions.iter().find(|m| {
                    m.span.start == next.span.start
                        && self.category(&m.entity) == Some(Category::Place)
                })
            }) {
                end = place.span.end;
            }
            if end == toks[k].span.end && w.name_like(k + 1) {
                continue; // "die Finanzaufsicht Bafin": a class noun in apposition
            }
            let span = index.span(toks[k].span.start, end);
            let nested_only = self.mentions.iter().all(|m| {
                !(m.span.start < span.end && span.start < m.span.end) || span.contains(&m.span)
            });
            if !nested_only || span.start != toks[k].span.start {
                continue;
            }
            let folded = fold(word);
            let short: String = folded.chars().skip(prefix.chars().count()).collect();
            let short = (short != head && short.chars().count() > 4).then(|| {
                let mut chars = short.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            });
            self.replace_inside(span);
            let id = self.add_entity_with(&self.text[span.bytes()], &class.kind, short);
            self.push(span, id.clone(), How::Pattern, 0.8, si);
            self.appositions.push(Apposition { entity: id, head });
        }
    }

    /// Whether a folded word has an institution prefix ([`Rules::institution_prefix`]), tested
    /// first on its first byte.
    fn has_institution_prefix(&self, folded: &str) -> bool {
        let first = folded.as_bytes().first();
        self.institution_starts[usize::from(first.copied().unwrap_or(0))]
            && self.rules.institution_prefixes.iter().any(|p| {
                folded.len() > p.len() + 2
                    && p.as_bytes().first().is_none_or(|b| Some(b) == first)
                    && folded.starts_with(p.as_str())
            })
    }

    /// "Siemens-Chef", "Halvion-Aktie": an unknown first part of such a compound is an organisation.
    fn discover_compound_organisations(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let rules = self.rules;
        let kind = &rules.organisation_type;
        // A compound has a hyphen.
        for &(k, flags) in w.starts {
            if !flags.has(Flags::HYPHEN) {
                continue;
            }
            let token = &w.toks[k as usize];
            let (Some(first), Some(last)) = (token.parts.first(), token.parts.last()) else {
                continue;
            };
            let head = fold(&self.text[last.bytes()]);
            if !self.rules.organisation_compound_heads.contains(&head) || token.parts.len() != 2 {
                continue;
            }
            let name = &self.text[first.bytes()];
            let capitalised = name.starts_with(char::is_uppercase) && name.chars().count() >= 3;
            if !capitalised
                || with_folded(name, |w| self.rules.name_stopwords.contains(w))
                || self.rules.is_common_noun(name)
                || self.rules.class_of(name).is_some()
                || self.overlaps(*first)
            {
                continue;
            }
            let id = self.add_entity(name, kind);
            self.mentions.push(Mention {
                span: index.span(first.start, first.end),
                entity: id,
                how: How::Pattern,
                confidence: 0.7,
                sentence: Some(si),
                compound_head: Some(self.text[last.bytes()].to_string()),
            });
        }
    }

    fn discover_appositions(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        let toks = w.toks;
        // The tokens before `next` are part of a name found.
        let mut next = 0;
        // Only a capitalised word or a compound may be a class noun.
        for &(i, flags) in w.starts {
            let i = i as usize;
            if !flags.has(Flags::UPPER.or(Flags::HYPHEN)) || i < next || i + 1 >= toks.len() {
                continue;
            }
            // A name follows a class noun in apposition: a name-like or styled word that is no
            // legal form (see `name_run`). Most words are not looked up as class nouns then.
            let name_follows =
                (w.name_like(i + 1) || w.styled_name(self.text, i + 1)) && !w.legal_form(i + 1);
            let class = if name_follows { w.class(i) } else { None };
            let Some((class, head)) = class else { continue };
            let person = class.categories[0] == Category::Person;
            if !person && !self.opens_noun_phrase(w, i) {
                continue;
            }
            let max = if person { 3 } else { 4 };
            let Some((end, start)) = self.name_run(w, i + 1, max) else { continue };
            let span = index.span(toks[start].span.start, toks[end - 1].span.end);
            let known =
                self.mentions.iter().find(|m| m.span.start == span.start).map(|m| m.entity.clone());
            let entity = match known {
                Some(entity) => entity,
                None if self.overlaps(span) => continue,
                None => {
                    let id = self.add_entity(&self.text[span.bytes()], &class.kind);
                    self.push(span, id.clone(), How::Apposition, 0.85, si);
                    id
                }
            };
            self.appositions.push(Apposition { entity: entity.clone(), head: head.to_string() });
            if class.gives_role && self.category(&entity) == Some(Category::Person) {
                self.add_role(&entity, &toks[i], class, si);
            }
            next = end;
        }
    }

    /// Whether the noun at `i` has an article before it, possibly with adjectives between
    /// ("der chinesische Technologiekonzern", "der Dresdner Chiphersteller").
    fn opens_noun_phrase(&self, w: &ScannedSentence, i: usize) -> bool {
        let mut k = i;
        while k > 0 && i - k < 4 {
            k -= 1;
            if self.rules.apposition_openers.contains(w.folded(k)) {
                return true;
            }
            if !(w.words.lower(k) || self.rules.is_place_adjective(self.word(&w.toks[k])))
                || !w.words.is_word(k)
            {
                return false;
            }
        }
        false
    }

    fn add_role(&mut self, person: &str, noun: &Token, _class: &ClassNoun, si: usize) {
        let surface = self.word(noun).to_string();
        let rule = self.rules.role_of(&surface).cloned();
        let qualifier = self
            .mentions
            .iter()
            .find(|m| m.span.start == noun.span.start && m.span.end < noun.span.end)
            .map(|m| m.entity.clone());
        let mut label = rule.as_ref().map(|r| r.label.clone());
        let mut organization = None;
        if let (Some(rule), Some(q)) = (&rule, &qualifier) {
            if let Some(by_country) = rule.by_country.get(q) {
                label = Some(by_country.label.clone());
                organization = Some(by_country.organization.clone());
            }
        }
        if organization.is_none()
            && let Some(q) = &qualifier
            && matches!(
                self.category(q),
                Some(Category::Organization | Category::Government | Category::Media)
            )
        {
            organization = Some(q.clone());
        }
        self.roles.push(Role {
            person: person.to_string(),
            label,
            noun: surface,
            organization,
            founder: rule.is_some_and(|r| r.founder),
            sentence: si,
        });
    }

    fn discover_legal_forms(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        let toks = w.toks;
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::LEGAL_FORM) || k == 0 {
                continue;
            }
            let mut start = k;
            // A legal form is strong evidence: words before it are names even if they look like
            // common nouns ("Taichung", "Energie").
            while start > 0 && k - start < 4 && w.capitalised(start - 1) {
                start -= 1;
            }
            // "die Berliner Klangwerk Media GmbH": a place adjective after an article describes
            // the company and is no part of its name.
            if k - start >= 2
                && self.is_known_place_adjective(self.word(&toks[start]))
                && start > 0
                && self.rules.is_definite_determiner(w.folded(start - 1))
            {
                start += 1;
            }
            if start == k {
                continue;
            }
            let mut end = toks[k].span.end;
            if toks.get(k + 1).is_some_and(|t| self.word(t) == "." && t.span.start == end) {
                end += 1;
            }
            let span = index.span(toks[start].span.start, end);
            if self.overlaps(span) {
                continue;
            }
            let kind = self.rules.organisation_type.clone();
            let id = self.add_entity(&self.text[span.bytes()], &kind);
            self.push(span, id, How::Pattern, 0.8, si);
        }
    }

    fn discover_given_names(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        // A given name is followed by a name-like word.
        if !w.words.any(Flags::NAME_LIKE) {
            return;
        }
        let toks = w.toks;
        let rules = self.rules;
        let person = &rules.person_type;
        // The tokens before `next` are part of a name found.
        let mut next = 0;
        // Given names are capitalised and a name follows them: other words need no lookup.
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::UPPER)
                || k < next
                || k + 1 >= toks.len()
                || !w.name_like(k + 1)
                || !self.rules.first_names.contains(self.word(&toks[k]))
            {
                continue;
            }
            let mut end = k + 1;
            while end < toks.len()
                && end - k <= 2
                && w.name_like(end)
                && !w.legal_form(end)
                && w.class(end).is_none()
            {
                end += 1;
            }
            let span = index.span(toks[k].span.start, toks[end - 1].span.end);
            if end > k + 1 && !self.overlaps(span) {
                let id = self.add_entity(&self.text[span.bytes()], person);
                self.push(span, id, How::Pattern, 0.8, si);
            }
            next = end;
        }
    }

    /// Later mentions of new entities by their names and short names.
    fn match_short_names(&mut self, sentences: &[TokenizedSentence<'_>], index: &CharIndex) {
        if self.new_entities.is_empty() {
            return;
        }
        let names = self.new_entities.values().flat_map(|entity| {
            // A short name that is also a lexicon name belongs to the lexicon entity.
            let aliases = entity.aliases.iter().filter(|a| !self.lexicon_gazetteer.knows(&a.text));
            std::iter::once(entity.label.as_str())
                .chain(aliases.map(|a| a.text.as_str()))
                .map(|name| (entity.id.as_str(), name))
        });
        let gazetteer = Gazetteer::of_names(names, &self.knowledge.inflection);
        for (si, sentence) in sentences.iter().enumerate() {
            for mut mention in
                gazetteer.find_folded(self.text, sentence.span, sentence.folded, index)
            {
                if self.overlaps(mention.span) {
                    continue;
                }
                mention.sentence = Some(si);
                mention.how = How::Coreference;
                mention.confidence = 0.8;
                self.mentions.push(mention);
            }
        }
    }

    /// "ein für ausländische Investitionen zuständiges Gremium" → the body with that remit.
    fn resolve_remits(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        let toks = w.toks;
        for &(z, flags) in w.descriptions {
            let z = z as usize;
            if !flags.has(Flags::REMIT) || z < 2 || z + 1 >= toks.len() {
                continue;
            }
            let Some(f) = (z.saturating_sub(10)..z)
                .rev()
                .find(|&f| w.folded(f) == self.rules.purpose_preposition)
            else {
                continue;
            };
            if f == 0 || !w.words.is_word(z + 1) || !w.name_like(z + 1) {
                continue;
            }
            let det = w.folded(f - 1);
            if !(self.rules.is_indefinite(det) || self.rules.definite_determiners.contains(det)) {
                continue;
            }
            let remit_text = fold(&self.text[toks[f + 1].span.start..toks[z - 1].span.end]);
            let body = self.knowledge.lexicon.entries.iter().find(|e| {
                e.remit
                    .iter()
                    .any(|r| r.text.split_whitespace().all(|w| remit_text.contains(stem(&fold(w)))))
            });
            if let Some(body) = body {
                let span = index.span(toks[f - 1].span.start, toks[z + 1].span.end);
                let id = body.id.clone();
                self.replace_inside(span);
                self.push(span, id, How::Descriptor, 0.8, si);
            }
        }
    }

    /// Removes mentions inside `span`, which a wider mention is about to cover.
    fn replace_inside(&mut self, span: Span) {
        self.mentions.retain(|m| !span.contains(&m.span));
    }

    /// "das Unternehmen", "der US-Präsident": the most salient compatible entity before.
    fn resolve_definites(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        let toks = w.toks;
        for &(t, flags) in w.descriptions {
            let t = t as usize;
            if !flags.has(Flags::DEFINITE) {
                continue;
            }
            let mut k = t + 1;
            while k < toks.len() && k - t <= 3 && w.words.is_word(k) && w.words.lower(k) {
                k += 1;
            }
            let Some(noun) = toks.get(k) else { continue };
            if !w.words.is_word(k) || !w.words.upper(k) {
                continue;
            }
            // The class noun is the noun, or a name-like word after it ("das Hamburger
            // Geldhaus"); a name after the class noun makes an apposition, no description.
            let (class, head, last) = if !w.name_like(k + 1) {
                match w.class(k) {
                    Some((class, head)) => (class, head, k),
                    None => continue,
                }
            } else if w.name_like(k + 2) || w.class(k).is_some() {
                continue;
            } else {
                match w.class(k + 1) {
                    Some((class, head)) => (class, head, k + 1),
                    None => continue,
                }
            };
            // "das Hamburger Geldhaus": a capitalised place adjective is no part of the noun.
            let first = if last > k && self.rules.is_place_adjective(self.word(noun)) {
                &toks[last]
            } else {
                noun
            };
            let span = index.span(first.span.start, toks[last].span.end);
            let blocked = self.mentions.iter().any(|m| {
                m.span.start < span.end
                    && span.start < m.span.end
                    && !(span.contains(&m.span) && m.compound_head.is_some())
            });
            if blocked {
                continue;
            }
            if let Some(entity) = self.antecedent(class, head, span, si) {
                self.replace_inside(span);
                self.push(span, entity, How::Coreference, 0.6, si);
            }
        }
    }

    /// Salience: an entity introduced with the same class noun, one that opens a sentence (a
    /// likely subject) and one mentioned often rank higher; otherwise the most recent wins. An
    /// entity named with the same class noun may lie further back than the three-sentence window.
    fn antecedent(&self, class: &ClassNoun, head: &str, span: Span, si: usize) -> Option<String> {
        let window = si.saturating_sub(3);
        let same_head =
            |id: &str| self.appositions.iter().any(|a| a.entity == id && a.head == head);
        let compatible =
            |id: &str| self.category(id).is_some_and(|c| class.categories.contains(&c));
        let person = class.categories.contains(&Category::Person);
        // The first compatible mention of a sentence is its likely subject (of the sentences in
        // the window: only they make a subject).
        let mut first_in_sentence: BTreeMap<usize, &str> = BTreeMap::new();
        for m in &self.mentions {
            if let Some(s) = m.sentence
                && (window..=si).contains(&s)
                && compatible(&m.entity)
            {
                first_in_sentence.entry(s).or_insert(&m.entity);
            }
        }
        let mut ranked: Vec<(String, f64)> = Vec::new();
        for m in self.mentions.iter().rev() {
            if m.span.end > span.start || ranked.iter().any(|(e, _)| *e == m.entity) {
                continue;
            }
            let near = m.sentence.is_none_or(|s| s >= window);
            let id = m.entity.as_str();
            if !compatible(id) || (person && !same_head(id)) || !(near || same_head(id)) {
                continue;
            }
            let count =
                self.mentions.iter().filter(|o| o.entity == id && o.span.end <= span.start).count();
            let subject =
                first_in_sentence.iter().any(|(s, e)| *s >= window && *s <= si && *e == id);
            // A class noun named long ago counts less than one named in the last sentences.
            let head_bonus = match (same_head(id), near) {
                (true, true) => 3.0,
                (true, false) => 1.0,
                _ => 0.0,
            };
            // A description does not refer to an entity named earlier in its own clause
            // ("dass X das Angebot des Konzerns ablehnte": the Konzern is not X).
            let between = &self.text[m.span.end.min(span.start)..span.start];
            let same_clause = m.sentence == Some(si) && !between.contains([',', ';', ':']);
            let score = head_bonus + 1.5 * f64::from(u8::from(subject)) + 0.5 * count.min(4) as f64
                - 2.0 * f64::from(u8::from(same_clause))
                - ranked.len() as f64;
            ranked.push((id.to_string(), score));
        }
        ranked
            .iter()
            .enumerate()
            .max_by(|(ra, (_, a)), (rb, (_, b))| a.total_cmp(b).then(rb.cmp(ra)))
            .map(|(_, (id, _))| id.clone())
    }

    /// "Berliner", "Dresdner": a place adjective of a place the lexicon knows.
    fn is_known_place_adjective(&self, word: &str) -> bool {
        let rules = self.rules;
        let Some(stem) = word.strip_suffix(rules.place_adjective_ending.as_str()) else {
            return false;
        };
        if !word.starts_with(char::is_uppercase) {
            return false;
        }
        rules.place_stem_endings.iter().any(|ending| {
            let candidate = match ending.strip_prefix('+') {
                Some(insert) => match stem.char_indices().last() {
                    Some((at, _)) => format!("{}{insert}{}", &stem[..at], &stem[at..]),
                    None => return false,
                },
                None => format!("{stem}{ending}"),
            };
            self.lexicon_gazetteer
                .entity_named(&candidate)
                .is_some_and(|id| self.category(id) == Some(Category::Place))
        })
    }

    /// "das Angebot aus Redmond": a seat standing for an organisation mentioned before.
    fn resolve_seats(&mut self) {
        for i in 0..self.mentions.len() {
            let m = &self.mentions[i];
            let before = self.text[..m.span.start].trim_end();
            let origin = before.rsplit(char::is_whitespace).next().unwrap_or_default();
            if !with_folded(origin, |w| w == self.rules.origin_preposition) {
                continue;
            }
            let seated = self.knowledge.lexicon.entries.iter().find(|e| {
                e.seat.as_deref() == Some(m.entity.as_str())
                    && self.mentions[..i].iter().any(|p| p.entity == e.id)
            });
            if let Some(org) = seated {
                let id = org.id.clone();
                let m = &mut self.mentions[i];
                m.entity = id;
                m.how = How::Coreference;
                m.confidence = 0.6;
            }
        }
    }
}

/// A word's stem for loose matching of inflected forms: "ausländische" → "ausländisc".
fn stem(word: &str) -> &str {
    let chars = word.chars().count();
    if chars <= 5 {
        return word;
    }
    let cut = word.char_indices().nth(chars - 2).map_or(word.len(), |(b, _)| b);
    &word[..cut]
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::analysis::Pipeline;
    use crate::knowledge::{Knowledge, Source};
    use crate::text::document::Document;

    /// (surface, entity id, method) of every mention in `text`.
    fn mentions(text: &str) -> Vec<(String, String, String)> {
        let knowledge = Knowledge::load(&Source::Embedded).expect("shipped ontology loads");
        let doc = Document::parse(Path::new("t.txt"), "t", text.as_bytes(), &knowledge.documents)
            .expect("parses");
        let analysis = Pipeline::new(&knowledge).analyze(doc);
        analysis
            .mentions
            .iter()
            .map(|m| {
                let surface = analysis.document.text[m.span.bytes()].to_string();
                (surface, m.entity.clone(), m.how.name().to_string())
            })
            .collect()
    }

    fn has(found: &[(String, String, String)], surface: &str, entity: &str, how: &str) -> bool {
        found.iter().any(|(s, e, h)| s == surface && e == entity && h == how)
    }

    /// Each rule's own example sentences: (rule, text, expected mentions, surfaces that must not
    /// be mentions).
    #[test]
    fn rule_examples() {
        let rows: &[(&str, &str, &[(&str, &str, &str)], &[&str])] = &[
            (
                "apposition: organisation class noun",
                "Der Chipkonzern Halvion meldet Rekordzahlen.",
                &[("Halvion", "halvion", "apposition")],
                &[],
            ),
            (
                "apposition: person title without article, surname later",
                "Bundesverkehrsminister Jonas Wieland reiste ab. Wieland schwieg.",
                &[
                    ("Jonas Wieland", "jonas-wieland", "apposition"),
                    ("Wieland", "jonas-wieland", "coreference"),
                ],
                &[],
            ),
            (
                "legal form, short name later",
                "Die Brenner Logistik AG wächst. Brenner stellt 200 Leute ein.",
                &[
                    ("Brenner Logistik AG", "brenner-logistik", "pattern"),
                    ("Brenner", "brenner-logistik", "coreference"),
                ],
                &[],
            ),
            (
                "given name, surname later",
                "Laut Petra Vogt ist das falsch. Vogt lacht.",
                &[("Petra Vogt", "petra-vogt", "pattern"), ("Vogt", "petra-vogt", "coreference")],
                &[],
            ),
            (
                "institution name and its short form",
                "Das Bundeskartellamt prüft den Fall. Ein Sprecher des Kartellamts schwieg.",
                &[
                    ("Bundeskartellamt", "bundeskartellamt", "pattern"),
                    ("Kartellamts", "bundeskartellamt", "coreference"),
                ],
                &[],
            ),
            (
                "unknown first part of an organisation compound, with a role",
                "Laut Kelvor-Chef Anton Rieß steigt der Umsatz. Die Kelvor-Aktie stieg.",
                &[("Kelvor", "kelvor", "pattern"), ("Anton Rieß", "anton-riess", "apposition")],
                &[],
            ),
            (
                "definite description",
                "Der Versicherer Aldora kauft zu. Das Unternehmen zahlt bar.",
                &[("Aldora", "aldora", "apposition"), ("Unternehmen", "aldora", "coreference")],
                &[],
            ),
            (
                "remit description",
                "Ein für Auslandsinvestitionen zuständiges Gremium prüft den Kauf.",
                &[("Ein für Auslandsinvestitionen zuständiges Gremium", "cfius", "descriptor")],
                &[],
            ),
            (
                "no apposition without an article; no common noun as a name",
                "Im Mai verbot die Regierung US-Unternehmen Geschäfte mit Firmen. Das Unternehmen Gesundheitsdaten fehlt.",
                &[],
                &["Geschäfte", "Gesundheitsdaten"],
            ),
            (
                "indefinite description refers to nothing",
                "Der Autobauer Velmar wächst. Ein Unternehmen aus Polen klagt.",
                &[("Velmar", "velmar", "apposition")],
                &["Unternehmen"],
            ),
        ];
        for (rule, text, expected, absent) in rows {
            let found = mentions(text);
            for (surface, entity, how) in *expected {
                assert!(
                    has(&found, surface, entity, how),
                    "{rule}: {surface} → {entity} ({how}) in {found:?}"
                );
            }
            for surface in *absent {
                assert!(
                    !found.iter().any(|(s, _, _)| s == surface),
                    "{rule}: {surface} in {found:?}"
                );
            }
        }
    }
}
