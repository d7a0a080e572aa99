//! Appositions and institution names: "der Chipkonzern Veltronik", "US-Finanzminister Steven
//! Mnuchin", "das Bundeskartellamt", "das Landgericht Köln".

use super::{Apposition, Context, Role, ScannedSentence};
use crate::analysis::recognize::How;
use crate::analysis::words::Flags;
use crate::knowledge::Category;
use crate::knowledge::dictionary::{Genders, WordKinds};
use crate::knowledge::rules::ClassNoun;
use crate::text::fold::fold;
use crate::text::span::{CharIndex, Span};
use crate::text::token::Token;

impl<'a> Context<'a> {
    /// "das Bundeskartellamt", "das Landgericht Köln", "das Bundesministerium für Energie".
    pub(super) fn discover_institutions(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
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
                // "das Landgericht München I": a Roman numeral tells the courts of a city apart.
                let after = toks.partition_point(|t| t.span.start < end);
                if toks.get(after).is_some_and(|t| {
                    let numeral = self.word(t);
                    t.span.start == end + 1
                        && numeral.len() <= 4
                        && numeral.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
                }) {
                    end = toks[after].span.end;
                }
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
            // "das Bundeskabinett": a name the lexicon lists stays its entity's.
            let listed = (self.mentions.iter())
                .find(|m| m.span == span && m.how == How::Lexicon)
                .map(|m| m.entity.clone());
            // "des Bundeswirtschaftsministeriums": the institution is named in the nominative.
            let nominative = self
                .nominative_noun(&fold(word), word)
                .map(|(noun, _)| format!("{noun}{}", &self.text[toks[k].span.end..end]));
            let folded = fold(nominative.as_deref().unwrap_or(word));
            let short: String = folded.chars().skip(prefix.chars().count()).collect();
            let short = (short != head && short.chars().count() > 4).then(|| {
                let mut chars = short.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            });
            self.replace_inside(span);
            let surface = nominative.as_deref().unwrap_or(&self.text[span.bytes()]);
            let how = if listed.is_some() { How::Lexicon } else { How::Pattern };
            let id = match listed {
                Some(id) => {
                    if let Some(short) = short {
                        self.keep_short_name(&id, short);
                    }
                    id
                }
                None => self.add_entity_with(surface, &class.kind, short),
            };
            self.push(span, id.clone(), how, 0.8, si);
            self.appositions.push(Apposition { entity: id, head, place: None, at: span.start });
        }
    }

    /// "das Institut für Handelsforschung", "der Bayerischen Landeszentrale für neue Medien":
    /// an institution noun before "für" and what the institution is for names it, with a
    /// capitalised adjective before it. It is named in the nominative.
    pub(super) fn discover_purpose_names(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let toks = w.toks;
        let purpose = &self.rules.purpose_preposition;
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::UPPER) || !w.is(k + 1, purpose) {
                continue;
            }
            let folded = w.folded(k);
            let head = folded.rsplit('-').next().unwrap_or(folded);
            // The noun's lemma, or its compound head's, ends in an institution noun.
            let dictionary = &self.knowledge.dictionary;
            let institution = |form: &str| {
                dictionary.nouns(form).iter().any(|n| {
                    let lemma = fold(&n.lemma);
                    self.rules.institution_heads.iter().any(|h| lemma.ends_with(h.as_str()))
                })
            };
            let head = crate::knowledge::dictionary::dictionary_key(head);
            if !(institution(&head)
                || dictionary.head(&head, 3).is_some_and(|at| institution(&head[at..])))
            {
                continue;
            }
            // What it is for: adjectives, then nouns joined by "und" or a comma ("für
            // Elektronenstrahl- und Plasmatechnik").
            let mut last = k + 2;
            let determiner = |i: usize| {
                self.rules.definite_determiners.contains(w.folded(i))
                    || self.rules.is_indefinite(w.folded(i))
            };
            while last < k + 4 && w.words.is_word(last) && w.words.lower(last) && !determiner(last)
            {
                last += 1;
            }
            if !w.words.upper(last) {
                continue;
            }
            loop {
                // "Elektronenstrahl- und": a truncated compound's hyphen.
                let next = if w.is(last + 1, "-") { last + 2 } else { last + 1 };
                if !(w.is(next, &self.rules.conjunction) || w.is(next, ","))
                    || !w.words.upper(next + 1)
                {
                    break;
                }
                last = next + 1;
            }
            let adjective = k > 0 && w.words.upper(k - 1) && self.adjective_opens_name(w, k - 1);
            let first = if adjective { k - 1 } else { k };
            // "ein Institut für Marktforschung", "zum europäischen Zentrum für X" name none.
            if first > 0
                && (self.rules.is_indefinite(self.word(&toks[first - 1]))
                    || w.words.lower(first - 1)
                        && !determiner(first - 1)
                        && (self.knowledge.inflection.adjective_endings.iter())
                            .any(|e| w.folded(first - 1).ends_with(e.as_str())))
            {
                continue;
            }
            let span = index.span(toks[first].span.start, toks[last].span.end);
            let nested_only = self.mentions.iter().all(|m| {
                !(m.span.start < span.end && span.start < m.span.end) || span.contains(&m.span)
            });
            if !nested_only {
                continue;
            }
            let surface = &self.text[span.bytes()];
            let label = match adjective {
                true => surface.to_string(),
                false => match self.nominative_noun(folded, self.word(&toks[k])) {
                    Some((noun, _)) => format!("{noun}{}", &self.text[toks[k].span.end..span.end]),
                    None => surface.to_string(),
                },
            };
            let kind = w.class(k).map_or(&self.rules.organisation_type, |(c, _)| &c.kind).clone();
            self.replace_inside(span);
            let id = self.add_entity(&label, &kind);
            self.push(span, id, How::Pattern, 0.7, si);
        }
    }

    /// "die britische Regierung", "des chinesischen Handelsministeriums": a nationality
    /// adjective before a government's class noun names that country's body, in the nominative
    /// ("britische Regierung", "chinesisches Handelsministerium"), where no name is already.
    pub(super) fn discover_national_bodies(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        let toks = w.toks;
        for k in 1..toks.len() {
            let adjective = self.word(&toks[k - 1]);
            if !w.words.upper(k) || w.words.hyphen(k) || !adjective.starts_with(char::is_lowercase)
            {
                continue;
            }
            let Some((class, _)) = w.class(k) else { continue };
            if !class.categories.contains(&Category::Government) {
                continue;
            }
            let Some(stem) = self.rules.nationality_stem(adjective) else { continue };
            let span = index.span(toks[k - 1].span.start, toks[k].span.end);
            // "die irische Datenschutzbehörde DPC": a class noun in apposition to a name.
            let named = toks.get(k + 1).is_some_and(|next| {
                w.name_like(k + 1) || self.mentions.iter().any(|m| m.span.start == next.span.start)
            });
            if named || self.overlaps(span) {
                continue;
            }
            let Some((noun, genders)) = self.nominative_noun(w.folded(k), self.word(&toks[k]))
            else {
                continue;
            };
            let Some(ending) = self.knowledge.inflection.nominative_ending(genders) else {
                continue;
            };
            let label = format!("{stem}{ending} {noun}");
            let id = self.add_entity_with(&label, &class.kind, None);
            self.push(span, id, How::Pattern, 0.7, si);
        }
    }

    /// The nominative singular of a noun as written ("Handelsministeriums" →
    /// "Handelsministerium") and its genders, read from the dictionary's entry for its head.
    fn nominative_noun(&self, folded: &str, word: &str) -> Option<(String, Genders)> {
        let dictionary = &self.knowledge.dictionary;
        let at =
            if dictionary.is(folded, WordKinds::NOUN) { 0 } else { dictionary.head(folded, 3)? };
        let reading = dictionary.nouns(&folded[at..]).into_iter().find(|n| n.singular())?;
        // The modifier as written, the head in its nominative: a folded byte offset is one of the
        // word as written where folding kept the length.
        if folded.len() != word.len() {
            return None;
        }
        let modifier = &word[..at];
        let head = if at == 0 { reading.lemma.clone() } else { fold(&reading.lemma) };
        Some((format!("{modifier}{head}"), reading.genders))
    }

    /// Whether a folded word has an institution prefix ([`Rules::institution_prefix`]), tested
    /// first on its first byte.
    pub(super) fn has_institution_prefix(&self, folded: &str) -> bool {
        let first = folded.as_bytes().first();
        self.institution_starts[usize::from(first.copied().unwrap_or(0))]
            && self.rules.institution_prefixes.iter().any(|p| {
                folded.len() > p.len() + 2
                    && p.as_bytes().first().is_none_or(|b| Some(b) == first)
                    && folded.starts_with(p.as_str())
            })
    }

    pub(super) fn discover_appositions(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
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
                (w.name_like(i + 1) || self.styled(w, i + 1)) && !w.legal_form(i + 1);
            let class =
                if name_follows { w.class(i).or_else(|| self.agent_noun(w, i)) } else { None };
            let Some((class, head)) = class else { continue };
            let person = class.categories[0] == Category::Person;
            if !person && !self.opens_noun_phrase(w, i) {
                continue;
            }
            // "der Batterie-Spezialist Jonas Pohl": a given name and a name make a person,
            // whatever the noun before them, unless a name extension or legal form follows
            // them ("der Medienkonzern Hubert Burda Media").
            let extended = |k: usize| w.words.name_extension(k) || w.legal_form(k);
            if !person
                && self.rules.is_given_name(self.word(&toks[i + 1]))
                && w.name_like(i + 2)
                && !extended(i + 3)
            {
                continue;
            }
            let max = if person { 3 } else { 4 };
            let Some((end, start)) = self.name_run(w, i + 1, max) else { continue };
            let span = index.span(toks[start].span.start, toks[end - 1].span.end);
            // "bei einem Bundesgericht Klage einreichen": a single common noun after an
            // indefinite class noun is its object, not a name, unless the lexicon lists it.
            if end == start + 1
                && i > 0
                && self.rules.is_indefinite(self.word(&toks[i - 1]))
                && w.words.upper(start)
                && self.is_dictionary_noun(w.folded(start))
                && self.knowledge.lexicon.named(self.word(&toks[start])).is_none()
            {
                continue;
            }
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
            // "dem Datenbankspezialisten Quandor": the class noun is the name's, and describes no
            // listed entity it may describe elsewhere.
            let noun = index.span(toks[i].span.start, toks[i].span.end);
            if self.descriptor_starts.range(noun.start..noun.end).next().is_some() {
                self.mentions.retain(|m| {
                    m.how != How::Descriptor
                        || m.entity == entity
                        || m.span.end <= noun.start
                        || noun.end <= m.span.start
                });
            }
            // "der Bremer Konzern X", "der US-Konzern X": the adjective before the class noun or a
            // place opening it says where the entity is based.
            let place = (i.checked_sub(1))
                .and_then(|j| self.adjective_place(self.word(&toks[j])))
                .or_else(|| self.compound_place(toks[i].span))
                .map(str::to_string);
            self.appositions.push(Apposition {
                entity: entity.clone(),
                head: head.to_string(),
                place,
                at: noun.start,
            });
            if class.gives_role && self.category(&entity) == Some(Category::Person) {
                self.add_role(&entity, &toks[i], class, si);
            }
            next = end;
            // "der Lebensmittelhändler Grünhoff und Feldmann": a second name joined to the first
            // is of the same class, if the dictionary does not list it as a word.
            let second = end + 1;
            if !person
                && w.is(end, &self.rules.conjunction)
                && w.name_like(second)
                && w.class(second).is_none()
                && !self.is_dictionary_noun(w.folded(second))
                && !self.overlaps(toks[second].span)
                && let Some((last, _)) = self.name_run(w, second, max)
            {
                let span = index.span(toks[second].span.start, toks[last - 1].span.end);
                let id = self.add_entity(&self.text[span.bytes()], &class.kind);
                self.push(span, id.clone(), How::Apposition, 0.8, si);
                let head = head.to_string();
                let at = span.start;
                self.appositions.push(Apposition { entity: id, head, place: None, at });
                next = last;
            }
        }
    }

    /// "der Kunststoffverarbeiter", "des Wagniskapitalgebers": a compound ending in a verb's
    /// stem and the agent ending names a doer, a class noun of the generic organisation type; its
    /// head is the doer noun ("verarbeiter", "geber").
    /// The place that opens a compound class noun ("US" in "US-Konzern"), found as a mention.
    fn compound_place(&self, noun: Span) -> Option<&'a str> {
        let knowledge = self.knowledge;
        self.mentions
            .iter()
            .filter(|m| m.span.start == noun.start && m.span.end < noun.end)
            .find_map(|m| {
                let entity = knowledge.lexicon.get(&m.entity)?;
                (entity.kind.category == Category::Place).then_some(entity.id.as_str())
            })
    }

    pub(super) fn agent_noun(
        &self,
        w: &ScannedSentence<'a>,
        i: usize,
    ) -> Option<(&'a ClassNoun, &'a str)> {
        let rules = self.rules;
        let ending = rules.agent_noun_ending.as_str();
        if i >= w.toks.len() || !w.words.upper(i) {
            return None;
        }
        let folded = w.folded(i);
        let noun = folded.strip_suffix('s').filter(|n| n.ends_with(ending)).unwrap_or(folded);
        let stem = noun.strip_suffix(ending)?;
        let dictionary = &self.knowledge.dictionary;
        let verb = |stem: &str| {
            ["en", "n"].iter().any(|e| dictionary.is_own_verb_form(&format!("{stem}{e}")))
        };
        // The longest doer noun at the end of a compound with a modifier that is a word of its
        // own: "verarbeiter" in "kunststoffverarbeiter". Alone such a noun is often a surname
        // ("Brenner", "Schreiber").
        let at = stem.char_indices().map(|(at, _)| at).skip(3).find(|&at| {
            stem[at..].chars().count() >= 3
                && verb(&stem[at..])
                && self.common_modifier(&stem[..at])
        })?;
        Some((&rules.agent_class, &noun[at..]))
    }

    /// Whether the noun at `i` has an article before it, possibly with adjectives between
    /// ("der chinesische Technologiekonzern", "der Dresdner Chiphersteller").
    pub(super) fn opens_noun_phrase(&self, w: &ScannedSentence, i: usize) -> bool {
        let mut k = i;
        while k > 0 && i - k < 4 {
            k -= 1;
            if self.rules.apposition_openers.contains(w.folded(k)) || self.saxon_genitive(w, k) {
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

    /// Whether token `k` is a name in the genitive with "-s", which opens a noun phrase as an
    /// article does ("Brisacs Rivale X", "Sachsens Wirtschaftsminister X").
    fn saxon_genitive(&self, w: &ScannedSentence, k: usize) -> bool {
        let word = self.word(&w.toks[k]);
        w.words.upper(k)
            && !w.words.hyphen(k)
            && self.knowledge.inflection.genitive_stems(word).any(|name| {
                self.new_names.contains_key(&fold(name))
                    || self.knowledge.lexicon.named(name).is_some()
            })
    }

    pub(super) fn add_role(&mut self, person: &str, noun: &Token, _class: &ClassNoun, si: usize) {
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
        // "TikTok-Chef X": the chief of an app runs the business that makes it.
        if organization.is_none()
            && let Some(q) = &qualifier
            && matches!(
                self.category(q),
                Some(
                    Category::Organization
                        | Category::Government
                        | Category::Media
                        | Category::Product
                )
            )
        {
            organization = Some(q.clone());
        }
        // "NRW-Wirtschaftsministerin X", "Sachsens Wirtschaftsminister X": a place the title
        // names, in it or in the genitive right before it, is what the role is held for.
        if organization.is_none()
            && let Some(rule) = rule.as_ref().filter(|r| r.of_place)
        {
            let genitive = self.mentions.iter().find(|m| {
                self.text.get(m.span.end..noun.span.start) == Some(" ")
                    && (self.knowledge.inflection.name_endings.iter())
                        .any(|e| self.text[m.span.bytes()].ends_with(e.as_str()))
            });
            let place = (qualifier.iter().chain(genitive.map(|m| &m.entity)))
                .find(|q| self.category(q) == Some(Category::Place));
            organization = place.cloned();
            // "Bundeswirtschaftsministerin X": the body the title heads, if the lexicon or the
            // document names it (looked up once the document's names are all found).
            if organization.is_none()
                && let Some(body) = &rule.body
            {
                // The title's last part the body's name starts with ("minister" of
                // "Bundesfinanzminister") gives way to the body's noun ("ministerium").
                let title = fold(&surface);
                let shared = (1..=body.len())
                    .rev()
                    .filter(|&n| body.is_char_boundary(n))
                    .map(|n| &body[..n])
                    .find_map(|part| {
                        title.rfind(part).filter(|&at| at + part.len() + 3 > title.len())
                    });
                if let Some(at) = shared {
                    let name = format!("{}{body}", &title[..at]);
                    organization = self.lexicon_gazetteer.entity_named(&name).map(str::to_string);
                    if organization.is_none() {
                        self.bodies.push((self.roles.len(), name));
                    }
                }
            }
        }
        // "Kartellamtspräsident X", "Bundesbankpräsident X": a title whose modifier is the
        // name of a body holds the role there, if the document or the lexicon names it.
        if organization.is_none()
            && qualifier.is_none()
            && let Some(rule) = &rule
        {
            let title = fold(&surface);
            if let Some(at) = title.rfind(rule.head.as_str()).filter(|&at| at > 0) {
                let modifier = &title[..at];
                let bare = self.rules.without_linking(modifier);
                if bare.chars().count() >= 5
                    && !self.rules.institution_prefixes.iter().any(|p| p == bare)
                {
                    self.bodies.push((self.roles.len(), bare.to_string()));
                }
            }
        }
        // "Präsident Donald Trump": a title that names no country or organisation is the
        // office the lexicon knows the person holds under that title.
        if organization.is_none()
            && qualifier.is_none()
            && let Some(rule) = &rule
            && let Some(office) =
                self.knowledge.lexicon.get(person).and_then(|e| e.offices.get(&rule.head))
        {
            organization = Some(office.clone());
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

    /// The bodies that titles head ("Bundeswirtschaftsministerin"), for roles that name no
    /// organisation, once the document's names are all found.
    pub(super) fn name_bodies(&mut self) {
        for (i, name) in std::mem::take(&mut self.bodies) {
            let listed = || self.listed_short_names.get(&name).map(|(id, _)| id);
            let lexicon = || self.lexicon_gazetteer.entity_named(&name).map(str::to_string);
            let found = self.new_names.get(&name).or_else(listed).cloned().or_else(lexicon);
            let body = |id: &String| {
                matches!(
                    self.category(id),
                    Some(Category::Organization | Category::Government | Category::Media)
                )
            };
            if let Some(id) = found.filter(body) {
                self.roles[i].organization = Some(id);
            }
        }
    }
}
