//! Names the lexicon does not know: unknown parts of organisation compounds ("Kelvor-Chef"),
//! names before a legal form ("Brenner Logistik AG"), given names ("Sabine Lorenz"), and the
//! later mentions of each by its short name.

use super::{Context, ScannedSentence};
use crate::analysis::recognize::{Gazetteer, How, Mention};
use crate::analysis::sentence::TokenizedSentence;
use crate::analysis::words::Flags;
use crate::knowledge::{Category, EntityType};
use crate::text::fold::{fold, with_folded};
use crate::text::span::{CharIndex, Span};
use crate::text::token::is_double_quote;
use rustc_hash::FxHashMap;

impl Context<'_> {
    /// "Siemens-Chef", "Halvion-Aktie": an unknown first part of such a compound is an organisation.
    pub(super) fn discover_compound_organisations(
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
            // "die Kronwald-Gruppe", "die Saale-Bank": a name noun as the head makes the whole
            // compound the name.
            let name_head = self.rules.is_name_head(&head);
            // "der Valtek-Konzern": an organisation's class noun as the head makes the first
            // part the organisation's name, as "der Konzern Valtek" does.
            let class_head = (self.rules.class_of_candidate(&head))
                .is_some_and(|(class, _)| class.categories.contains(&Category::Organization));
            // "Verdi-Landeschefin", "Funke-Geschäftsführer": a role noun as the head names the
            // organisation the role is held at.
            let role_head =
                (self.rules.class_of_candidate(&head)).is_some_and(|(c, _)| c.gives_role);
            let organisation_head =
                class_head || role_head || self.rules.organisation_compound_heads.contains(&head);
            if !organisation_head && !name_head {
                continue;
            }
            let is_prefix =
                |p: &Span| self.rules.role_prefixes.contains(&fold(&self.text[p.bytes()]));
            // "Harbor-Ridge-Partner": a name of several words found before, written with hyphens.
            let count = token.parts.len();
            if count < 2 {
                continue;
            }
            // "die KSB-Stiftung": a foundation after a known name is an organisation of its own;
            // so is a foundation or an institution after a person's name ("die
            // Georg-Kaltenhauser-Stiftung", "das Max-Planck-Institut").
            let person = count > 2
                && self.rules.is_given_name(&self.text[first.bytes()])
                && (self.rules.foundation_heads.contains(&head)
                    || self.rules.institution_heads.iter().any(|h| head.ends_with(h.as_str())));
            if count == 2 && self.rules.foundation_heads.contains(&head) || person {
                let names = &token.parts[usize::from(person)..count - 1];
                let name = |p: &Span| {
                    let name = &self.text[p.bytes()];
                    name.starts_with(char::is_uppercase) && !self.is_dictionary_noun(&fold(name))
                };
                if names.iter().all(name) {
                    let span = index.span(first.start, last.end);
                    self.replace_inside(span);
                    if !self.overlaps(span) {
                        let id =
                            self.add_entity(&self.text[first.start..last.end], &rules.name_type);
                        self.push(span, id, How::Pattern, 0.7, si);
                    }
                }
                continue;
            }
            let known = (1..count - 1).rev().find_map(|n| {
                let words: Vec<&str> =
                    token.parts[..=n].iter().map(|p| &self.text[p.bytes()]).collect();
                let id = self.new_names.get(&fold(&words.join(" ")))?;
                token.parts[n + 1..count - 1].iter().all(is_prefix).then(|| (n, id.clone()))
            });
            if let Some((n, id)) = known {
                let span = index.span(first.start, token.parts[n].end);
                if !self.overlaps(span) {
                    self.mentions.push(Mention {
                        span,
                        entity: id,
                        how: How::Coreference,
                        confidence: 0.7,
                        sentence: Some(si),
                        compound_head: Some(self.text[last.bytes()].to_string()),
                    });
                }
                continue;
            }
            // Between the name and the head only role prefixes ("Kessmann-Interims-Chef").
            let middle = &token.parts[1..count - 1];
            if !middle.iter().all(is_prefix) {
                continue;
            }
            let name = &self.text[first.bytes()];
            let capitalised = name.starts_with(char::is_uppercase) && name.chars().count() >= 3;
            // "Bayer-Chef", "Bayer-Konkurrent": a listed company whose name is also a word.
            let listed = (self.knowledge.lexicon.named_folded(&fold(name)))
                .filter(|e| {
                    e.kind.category == Category::Organization
                        && e.ambiguous.iter().any(|n| fold(&n.text) == fold(name))
                })
                .map(|e| e.id.clone())
                .or_else(|| self.named_in_full(name));
            if self.overlaps(*first) {
                continue;
            }
            let introduced = self.new_names.contains_key(&fold(name));
            let id = if let Some(id) = listed {
                id
            } else if !capitalised
                || with_folded(name, |w| self.rules.name_stopwords.contains(w))
                || self.rules.is_common_noun(name)
                || self.is_dictionary_noun(&fold(name))
                || class_head && !name_head && !self.names_the_class(w, k as usize, name)
                || self.rules.class_of(name).is_some()
                || with_folded(name, |w| self.rules.combining_forms.iter().any(|c| c == w))
            {
                continue;
            } else if name_head && count == 2 && !introduced {
                let whole = &self.text[first.start..last.end];
                let id = self.add_entity_with(whole, kind, Some(name.into()));
                self.push(index.span(first.start, last.end), id, How::Pattern, 0.7, si);
                continue;
            } else {
                self.add_entity(name, kind)
            };
            if name_head && !organisation_head {
                continue;
            }
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

    /// "Elbion Foundry Services (EFS)": an acronym in brackets right after a name is that
    /// entity's, there and wherever the document uses it again.
    pub(super) fn adopt_acronyms(&mut self, index: &CharIndex) {
        let text = self.text;
        let mut adopted = Vec::new();
        for m in &self.mentions {
            let after = &text[m.span.end..];
            let Some(inner) = after.strip_prefix(" (").or_else(|| after.strip_prefix('(')) else {
                continue;
            };
            let Some(acronym) = inner.split_once(')').map(|(a, _)| a) else { continue };
            if !acronym_like(acronym) || self.category(&m.entity) == Some(Category::Person) {
                continue;
            }
            let start = m.span.end + (after.len() - inner.len());
            adopted.push((start, acronym, m.entity.clone(), m.sentence));
        }
        for (start, acronym, id, sentence) in adopted {
            let span = index.span(start, start + acronym.len());
            if self.overlaps(span) {
                continue;
            }
            let alias = self.name(acronym);
            if let Some(entity) = self.new_entities.get_mut(&id) {
                entity.aliases.push(alias);
            }
            self.new_names.entry(fold(acronym)).or_insert_with(|| id.clone());
            self.mentions.push(Mention {
                span,
                entity: id,
                how: How::Coreference,
                confidence: 0.8,
                sentence,
                compound_head: None,
            });
        }
    }

    /// "die Kommission zur Ermittlung der Konzentration im Medienbereich (KEK)": the words before
    /// an acronym in brackets whose capitalised words spell it are a name, of the kind of its
    /// first word's class noun, when no name ends there yet. A word all in capitals spells
    /// itself ("Deutsche Beteiligungs AG (DBAG)"); the last word may go unspelled, as
    /// "Medienbereich" does.
    pub(super) fn discover_spelled_names(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let toks = w.toks;
        for k in 1..toks.len().saturating_sub(2) {
            if self.word(&toks[k]) != "(" || self.word(&toks[k + 2]) != ")" {
                continue;
            }
            let acronym = self.word(&toks[k + 1]);
            if !acronym_like(acronym) {
                continue;
            }
            let end = toks[k - 1].span.end;
            if self.mentions.iter().any(|m| m.span.end == end) {
                continue;
            }
            let initials = |from: usize| {
                let mut spelled = String::new();
                for t in &toks[from..k] {
                    let word = self.word(t);
                    if word.chars().all(|c| c.is_uppercase()) {
                        spelled.push_str(word);
                    } else if word.starts_with(char::is_uppercase) {
                        spelled.extend(word.chars().next());
                    }
                }
                spelled
            };
            let start = (k.saturating_sub(8)..k).rev().filter(|&j| w.capitalised(j)).find(|&j| {
                let spelled = initials(j);
                spelled == acronym
                    || spelled.starts_with(acronym) && spelled.len() == acronym.len() + 1
            });
            let Some(start) = start else { continue };
            let span = index.span(toks[start].span.start, end);
            let kind =
                w.class(start).map_or(&self.rules.organisation_type, |(c, _)| &c.kind).clone();
            self.name_found(span, &kind, si);
        }
    }

    /// The listed organisations the document names in several words, with the first word:
    /// ("BNP", "bnp-paribas") for "BNP Paribas".
    fn listed_first_words(&self) -> impl Iterator<Item = (&str, &String)> + '_ {
        let text = self.text;
        (self.mentions.iter().filter(|m| m.how == How::Lexicon))
            .filter(|m| self.category(&m.entity) == Some(Category::Organization))
            .filter_map(move |m| Some((text[m.span.bytes()].split_once(' ')?.0, &m.entity)))
    }

    /// "Schneider-Chef" after "Schneider Electric": the listed organisation the document names
    /// in several words, the first of them `word`, if only one.
    fn named_in_full(&self, word: &str) -> Option<String> {
        let mut found = self.listed_first_words().filter(|(f, _)| *f == word).map(|(_, id)| id);
        let first = found.next()?;
        found.all(|id| id == first).then(|| first.clone())
    }

    /// "BNP" after "BNP Paribas", "Rockwell-Chef" after "Rockwell Automation": the first word of
    /// a listed organisation's name of several words, named so in the document, is its short
    /// name there, unless it is a word of the dictionary, a place adjective, a word that opens
    /// many names or another listed name, or the first word of two such names. The noun after
    /// a place adjective is one too ("die Post" after "die Deutsche Post").
    pub(super) fn adopt_listed_short_names(&mut self) {
        let mut short: FxHashMap<String, Option<String>> = FxHashMap::default();
        for (first, id) in self.listed_first_words() {
            let folded = fold(first);
            if first.chars().count() < 3
                || !first.starts_with(char::is_uppercase)
                || !self.dictionary_allows_name(&folded, !0)
                || self.is_known_place_adjective(first)
                || self.rules.name_openers.contains(&folded)
                || self.lexicon_gazetteer.knows(first)
            {
                continue;
            }
            let entry = short.entry(folded).or_insert_with(|| Some(id.clone()));
            if entry.as_ref() != Some(id) {
                *entry = None;
            }
        }
        for (name, id) in short {
            if let Some(id) = id {
                self.new_names.entry(name).or_insert(id);
            }
        }
        // "die Deutsche Post … die Post": the noun after a place adjective in a listed
        // organisation's name of two words is its short name in the document, unless it is a
        // class noun, which a description resolves ("die Deutsche Bank … die Bank").
        let text = self.text;
        let mut nouns: Vec<(String, String)> = (self.mentions.iter())
            .filter(|m| m.how == How::Lexicon)
            .filter(|m| self.category(&m.entity) == Some(Category::Organization))
            .filter_map(|m| {
                let (adjective, noun) = text[m.span.bytes()].split_once(' ')?;
                let placed = self.is_known_place_adjective(adjective)
                    || self.rules.nationality(adjective).is_some();
                let own = placed
                    && !noun.contains(' ')
                    && noun.chars().count() >= 4
                    && noun.starts_with(char::is_uppercase)
                    && self.rules.class_of(noun).is_none()
                    && !self.rules.is_legal_form(noun);
                own.then(|| (m.entity.clone(), noun.to_string()))
            })
            .collect();
        nouns.sort();
        nouns.dedup();
        for (id, noun) in nouns {
            self.keep_short_name(&id, noun);
        }
    }

    /// Whether the document introduces entity `id` as a subsidiary ("seine Tochter X").
    fn is_subsidiary(&self, id: &str) -> bool {
        (self.appositions.iter())
            .any(|a| a.entity == id && self.rules.subsidiary_heads.contains(&a.head))
    }

    /// "Der Küchenausrüster Loibl … die Loibl Küchentechnik AG": a name introduced alone and
    /// later named in full with a legal form, or after a common noun ("Brenninger … das
    /// Schuhhaus Brenninger"), or ending a full name with a legal form ("Tollerort … die
    /// Container Terminal Tollerort GmbH"), is one organisation, under its full name. (A
    /// subsidiary named in full, "seine Tochter Loibl Service GmbH", and a name that joins two
    /// names the document uses, "Harvik Semmler GmbH", stay entities of their own.)
    pub(super) fn merge_names_given_in_full(&mut self) {
        let text = self.text;
        let organisation = |c: Option<Category>| {
            matches!(c, Some(Category::Organization | Category::Media | Category::Government))
        };
        let registered = |id: &str| {
            self.mentions.iter().any(|m| {
                m.entity == id
                    && (text[m.span.bytes()].split_whitespace().next_back())
                        .is_some_and(|last| self.rules.is_legal_form(last.trim_end_matches('.')))
            })
        };
        let mut merged: Vec<(String, String)> = Vec::new();
        for (short_id, short) in &self.new_entities {
            let short_label = fold(&short.label);
            let generic = short.kind == self.rules.name_type;
            if !(generic || organisation(Some(short.kind.category))) {
                continue;
            }
            let mut full = self.new_entities.iter().filter(|(id, e)| {
                let label = fold(&e.label);
                let rest = label.strip_prefix(&short_label).and_then(|r| r.strip_prefix(' '));
                let extended = rest.is_some_and(|r| {
                    r.split(' ').all(|w| self.new_names.get(w).is_none_or(|o| o == *id))
                }) && registered(id);
                // "Brenninger-Filialen … die Kette Schuhhaus Brenninger".
                let named_by_noun = match e.label.split_once(' ') {
                    Some((noun, name)) => {
                        fold(name) == short_label && self.noun_before_own_name(noun, name)
                    }
                    None => false,
                };
                // "Tollerort … die Container Terminal Tollerort GmbH".
                let ending =
                    label.strip_suffix(short_label.as_str()).is_some_and(|r| r.ends_with(' '))
                        && registered(id);
                *id != short_id
                    && organisation(Some(e.kind.category))
                    && (extended || named_by_noun || ending)
                    && !self.is_subsidiary(id)
            });
            if let (Some((id, _)), None) = (full.next(), full.next()) {
                merged.push((short_id.clone(), id.clone()));
            }
        }
        for (short, full) in merged {
            self.merge_into(&short, &full);
        }
    }

    /// Entity `short`, found first by a short name, is entity `full`: its mentions, appositions,
    /// roles and names become `full`'s.
    pub(super) fn merge_into(&mut self, short: &str, full: &str) {
        self.new_entities.remove(short);
        for m in self.mentions.iter_mut().filter(|m| m.entity == short) {
            m.entity = full.to_string();
        }
        for a in self.appositions.iter_mut().filter(|a| a.entity == short) {
            a.entity = full.to_string();
        }
        for r in &mut self.roles {
            if r.organization.as_deref() == Some(short) {
                r.organization = Some(full.to_string());
            }
        }
        for id in self.new_names.values_mut().filter(|id| **id == short) {
            *id = full.to_string();
        }
    }

    /// "die Fusion von Harvik und Semmler …, unter dem Namen Harvik Semmler Energy", "Semmler
    /// … seine Tochter Semmler Vind": a short name used before its entity is named in full
    /// names an entity of its own, there and later, when the full name is a subsidiary's or
    /// joins it with another name used before. ("Valtek …, der Konkurrent Valtek Global" is
    /// one company.)
    pub(super) fn split_early_short_names(&mut self) {
        let text = self.text;
        // Each entity's mentions, and where the document first uses each (folded) name.
        let mut by_entity: FxHashMap<&str, Vec<&Mention>> = FxHashMap::default();
        let mut first_use: FxHashMap<String, usize> = FxHashMap::default();
        for m in &self.mentions {
            by_entity.entry(m.entity.as_str()).or_default().push(m);
            let at = first_use.entry(fold(&text[m.span.bytes()])).or_insert(m.span.start);
            *at = (*at).min(m.span.start);
        }
        let used_before =
            |word: &str, before: usize| first_use.get(word).is_some_and(|&at| at < before);
        let mut early: Vec<(String, String)> = Vec::new();
        for (id, entity) in &self.new_entities {
            let Some(mine) = by_entity.get(id.as_str()) else { continue };
            let label = fold(&entity.label);
            let subsidiary = self.is_subsidiary(id);
            let short = |m: &Mention| {
                let surface = fold(&text[m.span.bytes()]);
                (surface != label && label.starts_with(&surface)).then_some(surface)
            };
            let Some(full) = mine.iter().filter(|m| short(m).is_none()).map(|m| m.span.start).min()
            else {
                continue;
            };
            for m in mine.iter().filter(|m| m.span.start < full) {
                let Some(surface) = short(m).filter(|s| !early.iter().any(|(_, e)| e == s)) else {
                    continue;
                };
                let joined = (label.split(' '))
                    .any(|word| word != surface && word.len() > 2 && used_before(word, full));
                if subsidiary || joined {
                    early.push((id.clone(), surface));
                }
            }
        }
        for (id, surface) in early {
            let first = self
                .mentions
                .iter()
                .find(|m| m.entity == id && fold(&text[m.span.bytes()]) == surface);
            let Some(first) = first.map(|m| text[m.span.bytes()].to_string()) else { continue };
            self.new_names.remove(&surface);
            // "Brandauer … ihre Tochter Brandauer Fluidtechnik … die Brandauer Gruppe": the short
            // name is that of another entity the document names with it, if one is no subsidiary.
            let named_with_it = self.new_entities.iter().find(|(other, e)| {
                **other != id
                    && !self.is_subsidiary(other)
                    && fold(&e.label).strip_prefix(&surface).is_some_and(|r| r.starts_with(' '))
            });
            let own = match named_with_it {
                Some((other, _)) => other.clone(),
                None => self.add_entity(&first, &self.rules.name_type.clone()),
            };
            for m in &mut self.mentions {
                if m.entity == id && fold(&text[m.span.bytes()]) == surface {
                    m.entity = own.clone();
                }
            }
        }
    }

    /// A lexicon name followed by a name extension ("Corvel Partners"), or a name of no
    /// organisation followed by a legal form ("Ostrava Holding"), is part of a longer name of
    /// another organisation: its mention gives way for the passes that find that name.
    pub(super) fn release_extended_names(&mut self, sentences: &[TokenizedSentence<'_>]) {
        let text = self.text;
        let longer = |m: &Mention| {
            let Some(sentence) = m.sentence.and_then(|si| sentences.get(si)) else {
                return false;
            };
            if m.how != How::Lexicon || m.compound_head.is_some() {
                return false;
            }
            let toks = sentence.tokens;
            let k = toks.partition_point(|t| t.span.start < m.span.end);
            // Only a space may stand between the name and its extension.
            let spaced = k > 0
                && toks[k - 1].span.end == m.span.end
                && toks.get(k).is_some_and(|t| text[m.span.end..t.span.start].trim().is_empty());
            if !spaced {
                return false;
            }
            let words = &sentence.words;
            let organisation = matches!(
                self.category(&m.entity),
                Some(Category::Organization | Category::Media | Category::Government)
            );
            // "Taichung Silicon Holdings", "Harrow Lane Capital": more name words may come
            // before the legal form or the extension.
            let mut end = k;
            while end < k + 2 && words.name_like(end) && !words.legal_form(end) {
                end += 1;
            }
            // "Santander Consumer Bank": a word and a name noun after an organisation's name
            // name another organisation, its subsidiary.
            let subsidiary = organisation
                && words.name_like(k)
                && !words.legal_form(k)
                && words.upper(k + 1)
                && self.rules.is_name_head(words.folded(k + 1));
            words.name_extension(k)
                || subsidiary
                || (!organisation
                    && (k..=end).any(|l| words.legal_form(l) || words.name_extension(l)))
        };
        let released: Vec<bool> = self.mentions.iter().map(longer).collect();
        let mut released = released.into_iter();
        self.mentions.retain(|_| !released.next().unwrap_or(false));
    }

    /// Whether `name`, the first part of compound token `k` whose head is a class noun, names
    /// the organisation ("der Valtek-Konzern"): no word of the dictionary ("Online-Händler"), no
    /// English industry word ("Biotech-Firma"), and no part of a truncated pair ("Windows- und
    /// Xbox-Konzern", which describes).
    fn names_the_class(&self, w: &ScannedSentence, k: usize, name: &str) -> bool {
        self.dictionary_allows_name(&fold(name), !0)
            && !self.rules.is_name_extension(name)
            && !self.completes_truncation(w, k)
    }

    pub(super) fn discover_legal_forms(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let toks = w.toks;
        for &(k, flags) in w.starts {
            let k = k as usize;
            // "LG Energy Solution": the last of several extensions ends the name.
            let extension = flags.has(Flags::NAME_EXTENSION)
                && !w.legal_form(k + 1)
                && !w.words.name_extension(k + 1);
            if !(flags.has(Flags::LEGAL_FORM) || extension) || k == 0 {
                continue;
            }
            let Some(start) = self.name_start(w, k, extension) else { continue };
            let mut end = toks[k].span.end;
            if !extension && toks.get(k + 1).is_some_and(|t| self.abbreviation_period(&toks[k], t))
            {
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

    /// "der FC Hanse Lübeck", "VfB Stuttgart", "TSV 1860 München": a club's abbreviation
    /// (`club_prefixes` of rules.toml) opens a name of up to three capitalised words or numbers
    /// after it, places and common nouns included, though no class noun.
    pub(super) fn discover_club_names(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let toks = w.toks;
        for &(k, _) in w.starts {
            let k = k as usize;
            if !self.rules.club_prefixes.iter().any(|p| p == self.word(&toks[k])) {
                continue;
            }
            let number = |j: usize| self.word(&toks[j]).chars().all(|c| c.is_ascii_digit());
            let mut end = k + 1;
            while end < toks.len()
                && end - k <= 3
                && (w.capitalised(end) && w.class(end).is_none() || number(end))
            {
                end += 1;
            }
            if end == k + 1 {
                continue;
            }
            let span = index.span(toks[k].span.start, toks[end - 1].span.end);
            let kind = self.rules.organisation_type.clone();
            self.name_found(span, &kind, si);
        }
    }

    /// "nach Informationen der „Lebensmittel Zeitung“", "des Branchendienstes „Lloyd's List“":
    /// a title in quotes names a news outlet when it ends in a media noun or one stands before
    /// it, whatever its words (common nouns and adjectives included).
    pub(super) fn discover_quoted_titles(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let (toks, text) = (w.toks, self.text);
        let quote = |j: usize| toks.get(j).is_some_and(|t| is_double_quote(&text[t.span.bytes()]));
        let media = |j: usize| {
            w.class(j).filter(|(c, _)| c.categories.contains(&Category::Media)).map(|(c, _)| c)
        };
        for &(k, flags) in w.starts {
            let k = k as usize;
            // A title stands after an article or its media noun ("der „Lindauer Zeitung“"); a
            // quote that opens a sentence is speech ("„Gute Nachrichten“, sagte sie").
            let named = |j: usize| {
                self.rules.definite_determiners.contains(w.folded(j)) || media(j).is_some()
            };
            if k < 2 || !flags.has(Flags::UPPER) || !quote(k - 1) || !named(k - 2) {
                continue;
            }
            let Some(end) = (k + 1..toks.len().min(k + 1 + MAX_TITLE_WORDS)).find(|&j| quote(j))
            else {
                continue;
            };
            if !(k..end).all(|j| w.words.is_word(j) || &text[toks[j].span.bytes()] == "'") {
                continue;
            }
            let Some(class) = media(end - 1).or_else(|| media(k - 2)) else {
                continue;
            };
            let span = index.span(toks[k].span.start, toks[end - 1].span.end);
            let kind = class.kind.clone();
            self.name_found(span, &kind, si);
        }
    }

    /// A new entity of `kind` named at `span`, found by a pattern that is sure of the whole
    /// name: the mentions inside it give way, one overlapping it keeps its place.
    fn name_found(&mut self, span: Span, kind: &EntityType, si: usize) {
        self.replace_inside(span);
        if self.overlaps(span) {
            return;
        }
        let id = self.add_entity(&self.text[span.bytes()], kind);
        self.push(span, id, How::Pattern, 0.8, si);
    }

    /// The first token of the name that a legal form or name extension at `k` ends, if any.
    fn name_start(&self, w: &ScannedSentence, k: usize, extension: bool) -> Option<usize> {
        let mut start = k;
        if extension {
            // An extension is weaker evidence than a legal form: the words before it must look
            // like names, and a class noun opens no name ("des Finanzinvestors Corvel Partners").
            // A common noun before a name is one in apposition ("des Radarspezialisten Celvion
            // Systems").
            while start > 0
                && k - start < 3
                && w.name_like(start - 1)
                && w.class(start - 1).is_none()
                && self.agent_noun(w, start - 1).is_none()
                && !(start < k && self.noun_before_name(w, start - 1))
            {
                start -= 1;
            }
            // An extension opens no name ("des Investors Capital Partners" is no name of two).
            while start < k && w.words.name_extension(start) {
                start += 1;
            }
            // "777 Partners": a number of two to four digits, no year, may open a name.
            if start == k && k > 0 && self.number_opens_name(self.word(&w.toks[k - 1])) {
                start -= 1;
            }
        } else {
            // A legal form is strong evidence: words before it are names even if they look like
            // common nouns ("Taichung", "Energie"), except a common noun before a word that is
            // none, which stands in apposition ("der Maschinenbauer Kessler Maschinenbau AG").
            while start > 0
                && k - start < 4
                && w.capitalised(start - 1)
                && !(start < k && self.noun_before_name(w, start - 1))
            {
                start -= 1;
            }
        }
        // "die Berliner Klangwerk Media GmbH", "zur Bremer Lindhorst Holding": a place
        // adjective after an article describes the company and is no part of its name.
        if k - start >= 2
            && self.is_known_place_adjective(self.word(&w.toks[start]))
            && start > 0
            && self.rules.apposition_openers.contains(w.folded(start - 1))
        {
            start += 1;
        }
        (start < k).then_some(start)
    }

    /// Whether a token is a number that may open a company's name before its extension ("777
    /// Partners"): two to four digits, not a year of this or the last century.
    fn number_opens_name(&self, word: &str) -> bool {
        let year = word.len() == 4 && (word.starts_with("19") || word.starts_with("20"));
        (2..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit()) && !year
    }

    pub(super) fn discover_given_names(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
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
            // "Pieter de Wit", "Ursula von der Leyen": particles between the given name and the
            // surname are part of the name.
            let particles = (k + 1..toks.len().min(k + 3))
                .take_while(|&j| rules.name_particles.contains(self.word(&toks[j])))
                .count();
            if !flags.has(Flags::UPPER)
                || k < next
                || k + 1 + particles >= toks.len()
                || !w.name_like(k + 1 + particles)
                || !self.rules.is_given_name(self.word(&toks[k]))
            {
                continue;
            }
            let mut end = k + 1 + particles;
            while end < toks.len()
                && end - k <= 2 + particles
                && w.name_like(end)
                && !w.legal_form(end)
                && w.class(end).is_none()
            {
                end += 1;
            }
            let span = index.span(toks[k].span.start, toks[end - 1].span.end);
            if end > k + 1 + particles && !self.overlaps_but_surname(span, toks[k].span.end) {
                self.replace_inside(span);
                let id = self.add_entity(&self.text[span.bytes()], person);
                self.push(span, id, How::Pattern, 0.8, si);
            }
            next = end;
        }
    }

    /// Whether a mention overlaps `span` other than a lexicon name of no person after the given
    /// name, which ends at `given_end`: in "Thomas Wendel" the surname is no company Wendel.
    fn overlaps_but_surname(&self, span: Span, given_end: usize) -> bool {
        self.mentions.iter().any(|m| {
            m.span.start < span.end
                && span.start < m.span.end
                && !(m.how == How::Lexicon
                    && m.span.start > given_end
                    && span.contains(&m.span)
                    && self.category(&m.entity) != Some(Category::Person))
        })
    }

    /// Later mentions of new entities by their names and short names.
    pub(super) fn match_short_names(
        &mut self,
        sentences: &[TokenizedSentence<'_>],
        index: &CharIndex,
    ) {
        if self.new_entities.is_empty() && self.listed_short_names.is_empty() {
            return;
        }
        // A short name that is also a lexicon name belongs to the lexicon entity, and one that is
        // another entity's name belongs to that entity: the names the document holds say whose.
        let (new_names, lexicon) = (&self.new_names, self.lexicon_gazetteer);
        let labels = self.new_entities.values().map(|e| (e.id.as_str(), e.label.as_str()));
        let aliases = self.new_entities.values().flat_map(|entity| {
            let own = move |text: &str| new_names.get(&fold(text)) == Some(&entity.id);
            (entity.aliases.iter())
                .filter(move |a| own(&a.text) && !lexicon.knows(&a.text))
                .map(|a| (entity.id.as_str(), a.text.as_str()))
        });
        let listed =
            self.listed_short_names.values().map(|(id, name)| (id.as_str(), name.as_str()));
        let names: Vec<(&str, &str)> = labels.chain(aliases).chain(listed).collect();
        let forms: Vec<(&str, String)> = (names.iter())
            .flat_map(|&(id, name)| self.case_forms(name).into_iter().map(move |f| (id, f)))
            .collect();
        let names = names.into_iter().chain(forms.iter().map(|(id, f)| (*id, f.as_str())));
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

    /// The other case forms of a name that ends in a noun, of the same number: "den
    /// Kessler-Werken" for "Kessler-Werke", "des Hensoldt-Konzerns" for "Hensoldt-Konzern". The
    /// endings tried are the descriptor endings of `inflection.toml`; the dictionary says
    /// which of them make a form of the same noun.
    fn case_forms(&self, name: &str) -> Vec<String> {
        let last = name.rsplit([' ', '-']).next().unwrap_or_default();
        if last.chars().count() < 3 || !last.starts_with(char::is_uppercase) {
            return Vec::new();
        }
        let dictionary = &self.knowledge.dictionary;
        let base = dictionary.nouns(&fold(last));
        let same = |form: &str| {
            dictionary.nouns(&fold(form)).iter().any(|n| {
                base.iter().any(|b| {
                    b.lemma == n.lemma && (b.plural() && n.plural() || b.singular() && n.singular())
                })
            })
        };
        (self.knowledge.inflection.descriptor_endings.iter())
            .map(|ending| format!("{last}{ending}"))
            .filter(|form| same(form))
            .map(|form| format!("{}{form}", &name[..name.len() - last.len()]))
            .collect()
    }
}

/// Whether a word in brackets may be an acronym: two to six letters, capitals, digits and
/// hyphens ("EFS", "KEK", "E-ON").
/// The longest title in quotes, in words.
const MAX_TITLE_WORDS: usize = 4;

pub(super) fn acronym_like(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
        && word.starts_with(char::is_uppercase)
}
