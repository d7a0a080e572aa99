//! Names without a cue: no class noun, legal form, given name or lexicon entry says that a word
//! names something, but German itself does. Nouns are capitalised too, so a capitalised word is
//! a name when the dictionary knows it as no common word and it is no compound of known words
//! ("Trovalis", "Kessler Research"); an adjective capitalised inside a sentence opens a name
//! ("die Hanseatische Vermögensbank"). Such a name is an entity of the generic type; its short
//! name and later mentions are found through the document like those of any new entity.

use rustc_hash::FxHashMap;

use super::{Context, ScannedSentence};
use crate::analysis::recognize::{How, Mention};
use crate::analysis::words::Flags;
use crate::knowledge::Category;
use crate::knowledge::dictionary::WordKinds;
pub(super) use crate::knowledge::dictionary::dictionary_key;
use crate::text::fold::{fold, with_folded};
use crate::text::span::{CharIndex, Span};

/// The longest name without a cue, in words.
const MAX_WORDS: usize = 4;

/// What the dictionary says of the document's words as names, by folded word and the kinds of
/// common word asked about ([`Context::dictionary_allows_name`]): a text names the same words
/// again and again, and the lookups and compound splits cost more than the rest of the pass.
pub(super) type NameWords<'s> = FxHashMap<(&'s str, u64), bool>;

impl Context<'_> {
    pub(super) fn discover_bare_names<'s>(
        &mut self,
        si: usize,
        w: &ScannedSentence<'s>,
        index: &CharIndex,
        known: &mut NameWords<'s>,
    ) {
        if !w.words.any(Flags::NAME_LIKE) {
            return;
        }
        let toks = w.toks;
        // The tokens before `next` are part of a name found.
        let mut next = 0;
        for &(k, flags) in w.starts {
            let k = k as usize;
            if k < next || !flags.has(Flags::NAME_LIKE) || flags.has(Flags::HYPHEN) {
                continue;
            }
            // A one-word name found before may open a longer one ("Solvang-Chef … Solvang Vind").
            let found = self.one_word_name(w, k).is_some();
            let adjective = !found && self.adjective_opens_name(w, k);
            let opens = if found {
                self.name_continues(w, k + 1, known) && !self.overlaps(toks[k + 1].span)
                    || self.one_word_name(w, k + 1).is_some()
            } else {
                (adjective || self.bare_name_word(w, k, known)) && !self.overlaps(toks[k].span)
            };
            if !opens || self.completes_truncation(w, k) {
                continue;
            }
            // The adjective is the evidence: any capitalised word may follow it ("Bahn").
            let mut end = if adjective { k + 2 } else { k + 1 };
            // "die Deutsche Fußball Liga zustimmen": a last capitalised noun before the verb
            // closes the name an adjective opened.
            if adjective
                && w.words.upper(end)
                && !w.words.hyphen(end)
                && w.class(end).is_none()
                && !(end + 1 < toks.len() && w.words.upper(end + 1))
                && !self.overlaps(toks[end].span)
            {
                end += 1;
            }
            while end < toks.len()
                && end - k < MAX_WORDS
                && ((self.name_continues(w, end, known) || w.words.name_extension(end))
                    && !self.overlaps(toks[end].span)
                    || self.one_word_name(w, end).is_some())
            {
                end += 1;
            }
            // "Kolb & Partner", "Brandt & Söhne": an ampersand joins the words around it into one
            // name, whatever word follows it.
            if toks.get(end).is_some_and(|t| self.rules.joins_names(self.word(t)))
                && w.words.upper(end + 1)
                && !self.overlaps(toks[end + 1].span)
            {
                end += 2;
            }
            next = end;
            // A foreign word before a noun is the modifier of a phrase ("Social Network"): a
            // name before a noun stands apart from it by an article or a case ending.
            if !adjective && end < toks.len() && w.words.upper(end) && !w.legal_form(end) {
                continue;
            }
            // "General Atlantic": an English word that opens names belongs to the name after it.
            let opener = !adjective
                && k > 0
                && w.words.upper(k - 1)
                && self.rules.name_openers.contains(w.folded(k - 1))
                && !self.overlaps(toks[k - 1].span);
            // "… Thüga. Solvang Vind hatte": a name found before may open the sentence.
            let before_found = !adjective && k > 0 && self.one_word_name(w, k - 1).is_some();
            let first = if opener || before_found { k - 1 } else { k };
            // The one-word names found before that the longer name holds.
            let held: Vec<(usize, String)> =
                (first..end).filter_map(|j| Some((j, self.one_word_name(w, j)?))).collect();
            if end - first < 2 && !held.is_empty() {
                continue;
            }
            let span = index.span(toks[first].span.start, toks[end - 1].span.end);
            self.mentions.retain(|m| !(span.start <= m.span.start && m.span.end <= span.end));
            let surface = &self.text[span.bytes()];
            // The short name of an entity found before is a mention of it ("Solvang Vind" of
            // "Solvang Vind Deutschland GmbH").
            let known = self.new_names.contains_key(&fold(surface));
            let (how, confidence) = match known {
                true => (How::Coreference, 0.8),
                false => (How::Pattern, 0.6),
            };
            // "das Einheitliche Patentgericht": a class noun closing a name an adjective opened
            // gives its kind.
            let class = adjective.then(|| w.class(end - 1)).flatten();
            let kind = class.map_or(&self.rules.name_type, |(c, _)| &c.kind).clone();
            let id = self.add_entity(surface, &kind);
            if let Some(short) = self.short_name_held(&held, first, span).filter(|_| !known) {
                self.merge_into(&short, &id);
            }
            self.push(span, id, how, confidence, si);
        }
    }

    /// The entity a longer name at `span` takes up, starting at token `first`: the one one-word
    /// name it holds, if that was found as a name of its own ("Solvang-Chef"), not as the short
    /// name of a longer one ("Solvang" of "Solvang Vind Deutschland GmbH"), and stands after a
    /// word of the longer name ("Torremare … die Navigazione Torremare") or is named only after
    /// it ("Solvang Vind … Solvang-Chef"). A company named first and later with a word after it
    /// names a division or a product ("Kornmeyer … die Sparte Kornmeyer Drives"); two names
    /// joined name a new company ("die neue Gruppe soll Lindgart Seehaus heißen").
    fn short_name_held(
        &self,
        held: &[(usize, String)],
        first: usize,
        span: Span,
    ) -> Option<String> {
        let [(j, id)] = held else { return None };
        let one_word = self.entity(id).is_some_and(|e| !e.label.contains(' '));
        let named_before =
            self.mentions.iter().any(|m| m.entity == *id && m.span.start < span.start);
        (one_word && (*j > first || !named_before)).then(|| id.clone())
    }

    /// The new entity a one-word name at token `k` was found for, bare or as a short name
    /// ("Solvang" of "Solvang-Chef"): such a name may be part of a longer one.
    fn one_word_name(&self, w: &ScannedSentence, k: usize) -> Option<String> {
        let token = w.toks.get(k)?;
        // Every such name is a name of a new entity: most words are none, and need no search.
        let id = self.new_names.get(w.folded(k))?;
        if let Some(m) = self.mentions.iter().find(|m| m.span.start == token.span.start) {
            return (m.span.end == token.span.end
                && matches!(m.how, How::Coreference | How::Pattern)
                && m.compound_head.is_none()
                && self.new_entities.contains_key(&m.entity))
            .then(|| m.entity.clone());
        }
        // A name found bare in a sentence before, not yet matched in this one.
        self.new_entities.contains_key(id).then(|| id.clone())
    }

    /// "Martinsried (dpa) - …", "das Unternehmen aus Martinsried": a name found bare and named
    /// only where a place stands, in the dateline or after "in" or "aus", is a place; so is one
    /// a nationality places after such a preposition anywhere ("aus dem schweizerischen Stäfa",
    /// "im sächsischen Kamenz").
    pub(super) fn type_places(&mut self) {
        let places: Vec<String> = (self.new_entities.values())
            .filter(|e| e.kind == self.rules.name_type)
            .filter(|e| {
                let places =
                    self.mentions.iter().filter(|m| m.entity == e.id).map(|m| self.where_placed(m));
                let places: Vec<PlacedBy> = places.collect();
                !places.is_empty() && places.iter().all(|p| *p != PlacedBy::Nothing)
                    || places.contains(&PlacedBy::Nationality)
            })
            .map(|e| e.id.clone())
            .collect();
        for id in places {
            if let Some(entity) = self.new_entities.get_mut(&id) {
                entity.kind = self.rules.place_type.clone();
            }
        }
    }

    /// What places mention `m`, if anything.
    fn where_placed(&self, m: &Mention) -> PlacedBy {
        let rules = self.rules;
        let mut before = self.text[..m.span.start].split_whitespace().rev();
        let Some(word) = before.next() else {
            return match self.text[m.span.end..].trim_start().starts_with('(') {
                true => PlacedBy::Preposition,
                false => PlacedBy::Nothing,
            };
        };
        if with_folded(word, |b| rules.place_name_prepositions.contains(b)) {
            return PlacedBy::Preposition;
        }
        if !word.starts_with(char::is_lowercase) || rules.nationality(word).is_none() {
            return PlacedBy::Nothing;
        }
        let preposition = match before.next() {
            Some(d) if rules.definite_determiners.contains(d) => before.next(),
            other => other,
        };
        match preposition.is_some_and(|p| rules.placed_adjective_prepositions.contains(p)) {
            true => PlacedBy::Nationality,
            false => PlacedBy::Nothing,
        }
    }

    /// Whether token `k` completes a truncated compound before a conjunction ("Werbe- und
    /// Shoppingkanal"): the second of two compounds sharing their head, no name.
    pub(super) fn completes_truncation(&self, w: &ScannedSentence, k: usize) -> bool {
        k >= 2
            && w.folded(k - 1) == self.rules.conjunction
            && self.word(&w.toks[k - 2]).ends_with('-')
    }

    /// Whether token `k` is a capitalised word that the dictionary knows as no common word and
    /// that is no compound of known words: a name.
    fn bare_name_word<'s>(
        &self,
        w: &ScannedSentence<'s>,
        k: usize,
        known: &mut NameWords<'s>,
    ) -> bool {
        // The word lists write every German noun capitalised: a known word is no evidence.
        self.may_continue_name(w, k, !0, known)
    }

    /// Whether token `i` is a common noun and the word after it a name: a noun in apposition
    /// ("des Radarspezialisten Celvion Systems", "der Maschinenbauer Kessler Maschinenbau AG").
    pub(super) fn noun_before_name(&self, w: &ScannedSentence, i: usize) -> bool {
        // Asked only before a legal form or name extension: no verdicts kept.
        i + 1 < w.toks.len()
            && self.common_noun(w, i)
            && self.bare_name_word(w, i + 1, &mut NameWords::default())
    }

    /// Whether the two words of a name are a common noun and the organisation's own name after
    /// it ("Schuhhaus Brenninger", "Bankhaus Metzler"), not a works noun and a place ("Sparkasse
    /// Bremen"), a family ("Familie Quandt") or two names ("Samvardhana Motherson").
    pub(super) fn noun_before_own_name(&self, noun: &str, name: &str) -> bool {
        let (noun, folded) = (fold(noun), fold(name));
        name.chars().count() >= 3
            && name.starts_with(char::is_uppercase)
            && self.is_common_noun_folded(&noun)
            && !self.rules.works_heads.iter().any(|h| noun.ends_with(h.as_str()))
            && self.dictionary_allows_name(&folded, !0)
            && !self.rules.is_legal_form(name)
            && !self.rules.is_name_extension(name)
            && !self.is_place_name(&folded)
    }

    /// Whether token `i` is a capitalised common noun, its last part known to the dictionary
    /// or a compound of known words ("Radarspezialisten", "Batterie-Spezialist").
    fn common_noun(&self, w: &ScannedSentence, i: usize) -> bool {
        if !w.words.upper(i) {
            return false;
        }
        w.class(i).is_some() || self.is_common_noun_folded(w.folded(i))
    }

    /// Whether a folded word's last part is a common noun the dictionary knows, also in the
    /// genitive, or a compound of known words.
    pub(super) fn is_common_noun_folded(&self, folded: &str) -> bool {
        let key = dictionary_key(folded);
        let last = key.rsplit('-').next().unwrap_or(&key);
        self.is_dictionary_noun(folded) || self.known_compound(genitive_stem(last))
    }

    /// Whether the dictionary knows a folded word's last part as a common noun, also in the
    /// genitive; compounds it does not list are not split ("Kessmann" is no "kess" "Mann").
    pub(super) fn is_dictionary_noun(&self, folded: &str) -> bool {
        let key = dictionary_key(folded);
        let last = key.rsplit('-').next().unwrap_or(&key);
        let dictionary = &self.knowledge.dictionary;
        let stem = genitive_stem(last);
        dictionary.is(last, WordKinds::NOUN) || stem != last && dictionary.is(stem, WordKinds::NOUN)
    }

    /// Whether token `k` continues a name: as [`Context::bare_name_word`], but a word the
    /// German word lists do not write capitalised, an adjective or a foreign noun, may follow
    /// a name ("Skjold Maritime", "Kessler Research"); a German noun may not ("wirft Menkor
    /// Betrug vor").
    fn name_continues<'s>(
        &self,
        w: &ScannedSentence<'s>,
        k: usize,
        known: &mut NameWords<'s>,
    ) -> bool {
        self.may_continue_name(w, k, WordKinds::CAPITALISED, known)
    }

    /// Whether token `k` is a capitalised word of none of the dictionary's `common` kinds, and
    /// no compound of known words.
    fn may_continue_name<'s>(
        &self,
        w: &ScannedSentence<'s>,
        k: usize,
        common: u64,
        known: &mut NameWords<'s>,
    ) -> bool {
        if !w.name_like(k) || w.words.hyphen(k) || w.legal_form(k) || !w.words.upper(k) {
            return false;
        }
        let folded = w.folded(k);
        let allowed = *known
            .entry((folded, common))
            .or_insert_with(|| self.dictionary_allows_name(folded, common));
        allowed && w.class(k).is_none() && !self.is_known_place_adjective(self.word(&w.toks[k]))
    }

    /// Whether the dictionary allows a folded word to be (part of) a name: it is of none of the
    /// `common` kinds, nor a genitive or compound of such words.
    pub(super) fn dictionary_allows_name(&self, folded: &str, common: u64) -> bool {
        let key = dictionary_key(folded);
        let dictionary = &self.knowledge.dictionary;
        if key.chars().count() < 2 || dictionary.is(&key, common) {
            return false;
        }
        // A genitive of a common noun ("Konzerns") or a compound of known words
        // ("Chipentwicklers") is no name; "Elbwerk", of an unknown modifier, may be.
        // A compound with the ending of a place name or surname is one ("Taufkirchen",
        // "Ehrmann").
        let stem = genitive_stem(&key);
        let named = || {
            (self.rules.name_suffixes.iter())
                .any(|e| stem.len() > e.len() + 2 && stem.ends_with(e.as_str()))
        };
        !(stem != key && dictionary.is(stem, common) || self.known_compound(stem) && !named())
    }

    /// Whether a folded word is a compound whose head and modifiers are known words
    /// ("chipentwicklers"; "bewegungsprofile" with a linking -s-), read from its end.
    fn known_compound(&self, folded: &str) -> bool {
        self.known_compound_of(folded, 2)
    }

    fn known_compound_of(&self, folded: &str, depth: usize) -> bool {
        let dictionary = &self.knowledge.dictionary;
        let known = |m: &str| m.chars().count() >= 3 && dictionary.is(m, !0);
        // A modifier known only as a name ("Main" of "Mainauto", "Wall" of "Walldorf") makes a
        // name: it is a common word, a verb's stem ("Bohr-"), a derived noun the word lists
        // write capitalised ("Leasing") or a place ("Europageschäft").
        let common =
            |m: &str| m.chars().count() >= 3 && (self.common_modifier(m) || self.is_place_name(m));
        // Any split into a known head of three letters or more ("engpässe") and a common
        // modifier, perhaps with a linking ending ("liefer", "bewegung-s").
        folded.char_indices().skip(3).map(|(at, _)| at).any(|at| {
            let (modifier, head) = folded.split_at(at);
            known(head)
                && ((self.rules.head_endings.iter())
                    .any(|e| self.rules.unlinked(modifier, e).is_some_and(common))
                    || depth > 1 && self.known_compound_of(modifier, depth - 1))
        })
    }

    /// "die Hanseatische Vermögensbank": an adjective is written in lower case inside a sentence,
    /// so a capitalised one before a capitalised word opens a name.
    pub(super) fn adjective_opens_name(&self, w: &ScannedSentence, k: usize) -> bool {
        if !w.capitalised(k + 1) || w.words.hyphen(k) {
            return false;
        }
        // "die Stuttgarter Zeitung", "„Kölner Stadt-Anzeiger“": a place adjective, capitalised
        // anywhere, before a name noun names, as a name noun after any capitalised adjective does.
        // "Bayerische" is written so only in a name: the place branch is for adjectives capitalised
        // anywhere ("Stuttgarter").
        let place = self.is_known_place_adjective(self.word(&w.toks[k]))
            && w.folded(k).ends_with(self.rules.place_adjective_ending.as_str());
        if place {
            let noun = w.folded(k + 1);
            // "die Münchner Schörghuber-Gruppe": a compound a name opens is that name's; the
            // adjective only places it.
            let opened_by_name = noun.split_once('-').is_some_and(|(first, _)| {
                self.dictionary_allows_name(first, WordKinds::CAPITALISED)
            });
            if opened_by_name {
                return false;
            }
            let head = noun.rsplit('-').next().unwrap_or(noun);
            let endings = &self.rules.head_endings;
            return endings.iter().any(|e| {
                head.strip_suffix(e.as_str()).is_some_and(|h| self.rules.is_name_head(h))
            });
        }
        if k == 0 || !w.words.is_word(k - 1) {
            return false;
        }
        // "dessen Vorsitzender Gerd Albrecht": an adjective made a role or class noun describes.
        let folded = w.folded(k);
        if self.rules.class_of_candidate(folded).is_some() {
            return false;
        }
        // "die Deutsche Leasing", "der Norddeutsche Reeder-Verband": an inflected adjective,
        // though a noun too ("die Deutschen"), is one here.
        let word = self.word(&w.toks[k]);
        let nationality =
            self.rules.nationality_stem(word).is_some_and(|stem| stem.len() < word.len());
        let dictionary = &self.knowledge.dictionary;
        let inflected = (self.knowledge.inflection.adjective_endings.iter()).any(|e| {
            folded.strip_suffix(e.as_str()).is_some_and(|stem| {
                let kinds = dictionary.word(&dictionary_key(stem));
                kinds.has(WordKinds::LOWER) && !kinds.has(WordKinds::NOUN | WordKinds::VERB)
            })
        });
        // "Tausende Mittelständler", "der Seltenen Erden": before a plural such a word is a
        // noun or a term, no name.
        let next = w.folded(k + 1);
        let next = dictionary_key(next.rsplit('-').next().unwrap_or(next));
        let head = dictionary.head(&next, 3).map_or(&next[..], |at| &next[at..]);
        let plural =
            [&next[..], head].iter().any(|f| dictionary.nouns(f).iter().any(|n| n.plural()));
        let kinds = dictionary.word(&dictionary_key(folded));
        (nationality && !plural)
            || kinds.has(WordKinds::LOWER)
                && !kinds.has(WordKinds::VERB)
                && (!kinds.has(WordKinds::NOUN) || inflected && !plural)
            || self.rules.adjective_suffixes.iter().any(|e| folded.ends_with(e.as_str()))
    }

    /// "Feldsicht hat Bayer verklagt": a listed name that is also a German word ("Bayer", a
    /// Bavarian) names its entity where the common noun could not stand: with no article,
    /// adjective or number before it and no name after it.
    pub(super) fn discover_ambiguous_names(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let lexicon = &self.knowledge.lexicon;
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::UPPER) || flags.has(Flags::HYPHEN) || self.overlaps(w.toks[k].span)
            {
                continue;
            }
            let folded = w.folded(k);
            // A place ("Mitte", "Halle") stands bare as often as a common noun: only right
            // after a preposition of place or origin ("in Halle", "aus Leiden") is it named.
            let before = k.checked_sub(1).map(|b| w.folded(b));
            let placed = before.is_some_and(|b| {
                self.rules.locative_prepositions.contains(b) || b == self.rules.origin_preposition
            }) && !w
                .toks
                .get(k + 1)
                .is_some_and(|t| self.word(t).starts_with(|c: char| c.is_ascii_digit()));
            let named = |name: &str| {
                lexicon.named_folded(name).filter(|e| {
                    (e.kind.category == Category::Organization
                        || placed && e.kind.category == Category::Place)
                        && e.ambiguous.iter().any(|n| fold(&n.text) == name)
                })
            };
            let Some(entity) = named(folded).or_else(|| folded.strip_suffix('s').and_then(named))
            else {
                continue;
            };
            let next_is_name = w.name_like(k + 1) || w.legal_form(k + 1);
            let bare = match k.checked_sub(1) {
                // At the start of a sentence a verb must follow ("Bayer wies … zurück").
                None => k + 1 < w.toks.len() && w.words.lower(k + 1),
                Some(before) => !self.determines_noun(w, before),
            };
            if !bare || next_is_name {
                continue;
            }
            let (id, span) = (entity.id.clone(), w.toks[k].span);
            self.push(index.span(span.start, span.end), id, How::Pattern, 0.6, si);
        }
    }

    /// Whether token `i` makes the noun after it a common noun: an article or pronoun, an
    /// adjective with an ending, or a number.
    fn determines_noun(&self, w: &ScannedSentence, i: usize) -> bool {
        let folded = w.folded(i);
        if self.rules.apposition_openers.contains(folded)
            || self.rules.definite_determiners.contains(folded)
            || folded.chars().all(|c| c.is_ascii_digit())
        {
            return true;
        }
        let kinds = self.knowledge.dictionary.word(&dictionary_key(folded));
        w.words.lower(i)
            && kinds.has(WordKinds::LOWER)
            && !kinds.has(WordKinds::VERB)
            && (self.knowledge.inflection.adjective_endings.iter())
                .any(|e| folded.ends_with(e.as_str()))
    }

    /// "die Saalebank", "der Elbwerke": a word of a class head after a modifier that is no
    /// German word (a river, a made-up word) is a name, typed by its class, not a description.
    pub(super) fn discover_class_compound_names(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::UPPER) || flags.has(Flags::HYPHEN) || self.overlaps(w.toks[k].span)
            {
                continue;
            }
            let Some((class, head)) = w.class(k) else { continue };
            if class.categories[0] != Category::Organization {
                continue;
            }
            let key = dictionary_key(w.folded(k));
            let Some(at) = key.rfind(head) else { continue };
            let modifier = &key[..at];
            let span = index.span(w.toks[k].span.start, w.toks[k].span.end);
            if modifier.chars().count() < 3
                || self.is_dictionary_noun(&key)
                || self.common_modifier(modifier)
                || self.class_noun_before_name(w.folded(k), span.start)
                || self.in_apposition(span)
            {
                continue;
            }
            let id = self.add_entity(&self.text[span.bytes()], &class.kind);
            self.push(span, id, How::Pattern, 0.6, si);
        }
    }

    /// Whether a folded word stood before `before` as the class noun of a name in apposition,
    /// alone or as the last part of a compound: "der Hedgefonds" after "der US-Hedgefonds Tarrow
    /// Hill" is that noun again, no name.
    /// Whether a name in apposition follows the word at `span` ("die Lebensversicherungstochter
    /// Brelinger Vita"): the word is its class noun, no name.
    fn in_apposition(&self, span: Span) -> bool {
        self.mentions.iter().any(|m| {
            m.how == How::Apposition
                && m.span.start >= span.end
                && self.text[span.end..m.span.start].trim().is_empty()
        })
    }

    fn class_noun_before_name(&self, folded: &str, before: usize) -> bool {
        self.mentions.iter().any(|m| {
            m.how == How::Apposition
                && m.span.start < before
                && with_folded(
                    self.text[..m.span.start].split_whitespace().next_back().unwrap_or(""),
                    |w| w == folded || w.strip_suffix(folded).is_some_and(|r| r.ends_with('-')),
                )
        })
    }

    /// "die Stadtwerke München", "den Stahlwerken Rhein", "die Sarnow Werke": the plural of a
    /// works noun before a name-like word or a place, or after a name, is one organisation's
    /// name, named in the nominative; so is a name noun after a name ("die Wakenitz Versicherung").
    pub(super) fn discover_works_names(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::UPPER) || flags.has(Flags::HYPHEN) {
                continue;
            }
            // The dative plural adds "-n": "den Stahlwerken".
            let folded = w.folded(k);
            let dative = folded.strip_suffix('n');
            let works = |f: &str| self.rules.works_heads.iter().any(|h| f.ends_with(h.as_str()));
            let name_head = self.rules.ends_in_name_head(folded);
            if !works(folded) && !dative.is_some_and(works) && !name_head {
                continue;
            }
            let word = self.word(&w.toks[k]);
            let nominative =
                if works(folded) || name_head { word } else { &word[..word.len() - 1] };
            // "die Sarnow Werke", "den Sarnow Werken", "die Wakenitz Versicherung": a name before
            // the noun. Before a name noun after an article even a common noun is a name ("die
            // Ostwall Bank", "der Steinhaus Gruppe"), for German joins two nouns into one word;
            // a class noun of its own stands in apposition ("die Tochter Bank Austria").
            let common_noun_name = || {
                name_head
                    && k > 1
                    && w.words.upper(k - 1)
                    && self.rules.definite_determiners.contains(w.folded(k - 2))
                    && w.class(k - 1).is_none_or(|(_, head)| head != w.folded(k - 1))
                    && !w.name_like(k + 1)
            };
            if k > 0
                && (w.name_like(k - 1)
                    && w.class(k - 1).is_none()
                    && self.dictionary_allows_name(w.folded(k - 1), !0)
                    || common_noun_name())
                && !w.words.hyphen(k - 1)
                && !self.is_known_place_adjective(self.word(&w.toks[k - 1]))
                && !self.overlaps(w.toks[k - 1].span)
                && !self.overlaps(w.toks[k].span)
            {
                // "die Santander Consumer Bank": a listed name before them opens the name.
                let first = if k > 1
                    && w.name_like(k - 2)
                    && !w.words.hyphen(k - 2)
                    && !self.overlaps(w.toks[k - 2].span)
                    && self.lexicon_gazetteer.knows(self.word(&w.toks[k - 2]))
                {
                    k - 2
                } else {
                    k - 1
                };
                let words: Vec<&str> = (first..k).map(|j| self.word(&w.toks[j])).collect();
                let label = format!("{} {nominative}", words.join(" "));
                let span = index.span(w.toks[first].span.start, w.toks[k].span.end);
                let kind = self.rules.organisation_type.clone();
                let id = self.add_entity(&label, &kind);
                self.push(span, id, How::Pattern, 0.7, si);
                continue;
            }
            let (Some(noun), Some(next)) = (w.toks.get(k), w.toks.get(k + 1)) else { continue };
            if name_head && !works(folded) {
                continue;
            }
            let place = self.mentions.iter().any(|m| {
                m.span.start == next.span.start
                    && m.span.end == next.span.end
                    && self.category(&m.entity) == Some(Category::Place)
            });
            // "der Familie Merck": a known organisation's name after the noun names it anew.
            let organisation = self.mentions.iter().any(|m| {
                m.span == next.span && self.category(&m.entity) == Some(Category::Organization)
            });
            let free = !self.overlaps(next.span) || organisation;
            if !(place || w.name_like(k + 1) && free) || self.overlaps(noun.span) {
                continue;
            }
            let label = format!("{nominative} {}", self.word(next));
            let span = index.span(noun.span.start, next.span.end);
            self.replace_inside(span);
            let kind = self.rules.organisation_type.clone();
            let id = self.add_entity(&label, &kind);
            self.push(span, id, How::Pattern, 0.7, si);
        }
    }

    /// Whether a folded word is the name of a place the lexicon knows ("europa").
    fn is_place_name(&self, folded: &str) -> bool {
        (self.lexicon_gazetteer.entity_named(folded))
            .is_some_and(|id| self.category(id) == Some(Category::Place))
    }

    /// Whether a folded modifier of a compound is a German word, with or without a linking
    /// ending ("kredit", "vermögen-s", "finanz(en)"), a combining form ("bio", "pharma"), or a
    /// compound of them ("agrarchemie").
    pub(super) fn common_modifier(&self, modifier: &str) -> bool {
        let dictionary = &self.knowledge.dictionary;
        let rules = self.rules;
        let derived = |m: &str| {
            dictionary.is(m, WordKinds::CAPITALISED)
                && (rules.noun_suffixes.iter())
                    .any(|e| m.strip_suffix(e.as_str()).is_some_and(|r| r.chars().count() >= 3))
        };
        let word = |m: &str| dictionary.is(m, WordKinds::NOUN | WordKinds::LOWER) || derived(m);
        word(modifier)
            || (rules.linking_elements.iter()).any(|e| {
                (rules.unlinked(modifier, e)).is_some_and(|m| word(m) || self.known_compound(m))
            })
            // "Erd-" of "Erde", "Finanz-" of "Finanzen"; a short modifier drops the first
            // ending only ("-e": "Kor-" is no "Korn").
            || (rules.modifier_endings.iter()).any(|e| {
                (Some(e) == rules.modifier_endings.first() || modifier.chars().count() > 4)
                    && word(&format!("{modifier}{e}"))
            })
            || rules.combining_forms.iter().any(|c| {
                modifier.strip_prefix(c.as_str()).is_some_and(|rest| rest.is_empty() || word(rest))
            })
            || self.known_compound(modifier)
    }
}

/// A folded word without a genitive "-s" ("konzerns" → "konzern").
fn genitive_stem(folded: &str) -> &str {
    folded.strip_suffix('s').unwrap_or(folded)
}

/// What makes a mention stand where a place stands: "in" or "aus" (or the dateline), or such a
/// preposition and a nationality, which places it whatever its other mentions say.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PlacedBy {
    Nothing,
    Preposition,
    Nationality,
}
