//! References back: descriptions with a remit ("ein für Kartellfragen zuständiges Gremium"),
//! definite descriptions ("das Unternehmen") and seats standing for their organisation ("das
//! Angebot aus Redmond").

use std::collections::BTreeMap;

use super::{Apposition, Context, ScannedSentence};
use crate::analysis::recognize::{How, Mention};
use crate::analysis::words::Flags;
use crate::knowledge::Category;
use crate::knowledge::dictionary::Genders;
use crate::knowledge::lexicon::Entity;
use crate::knowledge::rules::ClassNoun;
use crate::text::fold::{fold, with_folded};
use crate::text::span::{CharIndex, Span};
use crate::text::token::is_double_quote;

/// How many sentences back a description may refer: in a news article the whole text before
/// it; in a book it keeps the search from growing with the length of the text.
const HORIZON: usize = 100;

impl<'a> Context<'a> {
    /// "ein für ausländische Investitionen zuständiges Gremium" → the body with that remit.
    pub(super) fn resolve_remits(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
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
                self.insert(span, id, How::Descriptor, 0.8, si);
            }
        }
    }

    /// "das Unternehmen", "der US-Präsident": the most salient compatible entity before.
    pub(super) fn resolve_definites(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
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
            // "die beiden Unternehmen" refers to several (see the extractor's parties), "der
            // gemeinsame Konzern" to what a deal creates.
            let cues = &self.knowledge.relations.cues;
            let listed = |j: usize, list: &[String]| list.iter().any(|b| b == w.folded(j));
            if (t + 1..k).any(|j| listed(j, &cues.both) || listed(j, &cues.joint)) {
                continue;
            }
            let Some(noun) = toks.get(k) else { continue };
            if !w.words.is_word(k) || !w.words.upper(k) {
                continue;
            }
            // The class noun is the noun, or a name-like word after it ("das Hamburger
            // Geldhaus"); a name after the class noun makes an apposition, no description.
            // "der Fachdienst „Hafen Report“": a title in quotes after it is in apposition.
            let quoted = |j: usize| w.toks.get(j).is_some_and(|t| is_double_quote(self.word(t)));
            if quoted(k + 1)
                && w.toks.get(k + 2).is_some_and(|t| self.mention_at(t.span.start).is_some())
            {
                continue;
            }
            // "der Sensorhersteller ams": a lower-case brand found after it is in apposition.
            if w.words.lower(k + 1)
                && w.toks.get(k + 1).is_some_and(|t| self.mention_at(t.span.start).is_some())
            {
                continue;
            }
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
            // "die Regionalzeitungen", "die Investoren": a plural stands for several, no one
            // entity; "die" before a noun that is no feminine singular makes it plural.
            if self.plural(w, t, last, head) {
                continue;
            }
            // "das Hamburger Geldhaus": a capitalised place adjective is no part of the noun;
            // another capitalised adjective makes a name ("der Märkischen Kreditbank").
            if last > k
                && !self.rules.is_place_adjective(self.word(noun))
                && self.adjective_opens_name(w, k)
            {
                continue;
            }
            let first = if last > k && self.rules.is_place_adjective(self.word(noun)) {
                &toks[last]
            } else {
                noun
            };
            let span = index.span(first.span.start, toks[last].span.end);
            // A name opening the noun blocks it unless it only places it ("der US-Konzern"):
            // "der Tencent-Konzern" is Tencent.
            let blocked = self.mentions.iter().any(|m| {
                m.span.start < span.end
                    && span.start < m.span.end
                    && !(span.contains(&m.span)
                        && m.compound_head.is_some()
                        && !self.category(&m.entity).is_some_and(|c| class.categories.contains(&c)))
            });
            if blocked {
                continue;
            }
            // "der Bielefelder Konzern", "des chinesischen Konzerns", "der Konzern aus
            // Redmond", "das Unternehmen mit Sitz in Kassel": where the entity is based.
            let origin = self.place_after(w, last);
            let place = (t + 1..=k)
                .find_map(|j| self.adjective_place(self.word(&toks[j])).map(str::to_string))
                .or(origin);
            let described = Described { class, head, place: place.clone() };
            let sentence_start = toks[0].span.start;
            if let Some(entity) = self.antecedent(&described, span, si, sentence_start) {
                // What the description says of its entity holds on: "dem schwedischen Konzern"
                // places it in Sweden for "der Schweden" later.
                let (head, entity_id) = (head.to_string(), entity.clone());
                let at = span.start;
                self.appositions.push(Apposition { entity: entity_id, head, place, at });
                // "der US-Präsident": the title states the person's position.
                if class.gives_role && self.category(&entity) == Some(Category::Person) {
                    self.add_role(&entity, noun, class, si);
                }
                self.replace_inside(span);
                self.insert(span, entity, How::Coreference, 0.6, si);
            }
        }
    }

    /// "an der neuen Gesellschaft mit dem Namen Reclion", "ein Gemeinschaftsunternehmen namens
    /// Voltcell": a class noun before a naming phrase (`naming_phrases` of rules.toml) and a
    /// name stands for the entity of that name.
    pub(super) fn resolve_named_nouns(
        &mut self,
        si: usize,
        w: &ScannedSentence,
        index: &CharIndex,
    ) {
        for &(k, _) in w.starts {
            let k = k as usize;
            let Some((_, head)) = w.class(k) else { continue };
            let phrase = |p: &Vec<String>| p.iter().enumerate().all(|(j, x)| w.is(k + 1 + j, x));
            let Some(phrase) = self.rules.naming_phrases.iter().find(|p| phrase(p)) else {
                continue;
            };
            let Some(name) = w.toks.get(k + 1 + phrase.len()) else { continue };
            let Some(entity) = (self.mention_at(name.span.start))
                .filter(|m| self.category(&m.entity).is_some_and(|c| c != Category::Place))
                .map(|m| m.entity.clone())
            else {
                continue;
            };
            let noun = index.span(w.toks[k].span.start, w.toks[k].span.end);
            if self.overlaps(noun) {
                continue;
            }
            let (head, at) = (head.to_string(), noun.start);
            self.appositions.push(Apposition { entity: entity.clone(), head, place: None, at });
            self.insert(noun, entity, How::Coreference, 0.8, si);
        }
    }

    /// Whether the description opened by the article at `t` with its noun at `last` is plural:
    /// a noun form that is only plural ("den Anbietern"), or a plural article before the noun's
    /// plural, which no feminine singular shares ("die Investoren").
    fn plural(&self, w: &ScannedSentence, t: usize, last: usize, head: &str) -> bool {
        let noun = w.folded(last);
        let form = noun.rfind(head).map_or(noun, |at| &noun[at..]);
        let readings = self.knowledge.dictionary.nouns(form);
        if !readings.is_empty() && readings.iter().all(|n| !n.singular()) {
            return true;
        }
        let cues = &self.knowledge.relations.cues;
        cues.plural_articles.iter().any(|a| a == w.folded(t))
            && readings.iter().any(|n| n.plural())
            && !readings.iter().any(|n| n.singular() && n.genders.has(Genders::FEMININE))
    }

    /// "ein Angebot der Schweden", "das Interesse der Italiener", "die Bielefelder": a country's
    /// or a city's people after an article stand for the organisation based there named last
    /// before them.
    pub(super) fn resolve_demonyms(&mut self, si: usize, w: &ScannedSentence, index: &CharIndex) {
        for &(k, flags) in w.starts {
            let k = k as usize;
            if !flags.has(Flags::UPPER) || k == 0 {
                continue;
            }
            // "die Italiener", and "die Bielefelder" for the people of a city.
            let word = self.word(&w.toks[k]);
            let Some(country) = (self.rules.demonyms.get(w.folded(k)).map(String::as_str))
                .or_else(|| self.place_of_adjective(word))
            else {
                continue;
            };
            // "der Deutschen Leasing": before a capitalised word it is the adjective of a name.
            if w.capitalised(k + 1) {
                continue;
            }
            if !self.rules.definite_determiners.contains(w.folded(k - 1)) {
                continue;
            }
            let span = index.span(w.toks[k].span.start, w.toks[k].span.end);
            let based_there =
                self.mentions.iter().rev().filter(|m| m.span.end <= span.start).find(|m| {
                    self.category(&m.entity) == Some(Category::Organization)
                        && matches!(self.placed(&m.entity, country), Placed::There)
                });
            if let Some(entity) = based_there.map(|m| m.entity.clone()) {
                self.replace_inside(span);
                self.insert(span, entity, How::Coreference, 0.6, si);
            }
        }
    }

    /// Salience: an entity introduced with the same class noun, one that opens a sentence (a
    /// likely subject) and one mentioned often rank higher; otherwise the most recent wins. An
    /// entity named with the same class noun may lie further back than the three-sentence window.
    /// A compound or specific description ("der Getriebebauer", "das Geldhaus") hardly refers to
    /// an entity introduced with another specific class noun ("der Finanzinvestor Tervana");
    /// a generic one ("das Unternehmen") may. A name ending in the class noun or its kin
    /// ("Saalebank" for "das Geldhaus") counts as an introduction with it.
    /// A description placed somewhere ("der Bielefelder Konzern") refers to an entity based
    /// there rather than to one based elsewhere.
    fn antecedent(
        &self,
        described: &Described<'_>,
        span: Span,
        si: usize,
        sentence_start: usize,
    ) -> Option<String> {
        let Described { class, head, ref place } = *described;
        let window = si.saturating_sub(3);
        let before = self.mentions_before(span, si);
        // Introduced with the same class noun: in an apposition ("der Konzern X"), as the kind
        // its name says ("die Bank" for the Commerzbank) or as the head of a name it was
        // mentioned by ("das Ministerium" for "das Finanzministerium").
        let named = |id: &str| {
            self.entity(id).is_some_and(|e| e.names().any(|name| self.rules.names_kind(name, head)))
        };
        let same_head = |id: &str| {
            self.appositions.iter().any(|a| a.entity == id && self.rules.kindred(&a.head, head))
                || named(id)
                || before.iter().any(|m| {
                    m.entity == id
                        && m.span.end <= span.start
                        && with_folded(&self.text[m.span.bytes()], |f| f.ends_with(head))
                })
        };
        let generic = |head: &str| self.rules.generic_class_nouns.iter().any(|g| g == head);
        let specific = fold(&self.text[span.bytes()]).len() > head.len() || !generic(head);
        // Introduced before with another class noun ("der Konzern X … der Hersteller"); a class
        // noun given only later does not speak against a description in a teaser.
        // A name opening with a noun of its kind ("Familie Tessmer", "Stiftung Warentest") says
        // what it is: a specific description of another kind does not refer to it.
        let named_other = |id: &str| {
            self.entity(id).is_some_and(|e| {
                let mut words = e.label.split_whitespace();
                let first = fold(words.next().unwrap_or_default());
                words.next().is_some()
                    && (self.rules.works_heads.contains(&first)
                        || self.rules.name_heads.contains(&first))
                    && !self.rules.kindred(&first, head)
            })
        };
        // "Familie Tessmer", "die Hartlmaier-Stiftung": an organisation named as no company is
        // described only by its own kind of noun.
        let no_company = |id: &str| {
            let kind = |name: &str| {
                let first = fold(name.split_whitespace().next().unwrap_or_default());
                (self.rules.no_company_heads.iter())
                    .find(|h| first == **h || self.rules.names_kind(name, h))
            };
            let typed = |e: &Entity| {
                (self.rules.no_company_types.get(&e.kind.schema))
                    .is_some_and(|nouns| !nouns.iter().any(|n| self.rules.kindred(n, head)))
            };
            self.entity(id).is_some_and(|e| {
                e.names().filter_map(kind).any(|k| !self.rules.kindred(k, head)) || typed(e)
            })
        };
        let other_head = |id: &str| {
            specific
                && (self.appositions.iter())
                    .any(|a| a.entity == id && a.at < span.start && !generic(&a.head))
                && !same_head(id)
        };
        let compatible =
            |id: &str| self.category(id).is_some_and(|c| class.categories.contains(&c));
        // A person's title, a body's own class noun ("das Ministerium", "das Gericht") and the
        // noun of an organisation that is no company ("die Stiftung") refer only to an entity
        // named with it: a ministry is no court. A generic one ("die Behörde") may refer to any
        // body.
        let person = class.categories.contains(&Category::Person);
        let body = class.categories.contains(&Category::Government) && !generic(head);
        let own_kind = person || body || self.rules.no_company_heads.iter().any(|h| h == head);
        // "das Verteidigungsministerium" is no ministry named with another modifier
        // ("Bundeswirtschaftsministerium"): a compound body noun refers only to a name
        // containing it.
        let noun = fold(&self.text[span.bytes()]);
        let compound = noun.rfind(head).map(|at| &noun[..at + head.len()]).filter(|n| *n != head);
        let names_body = |id: &str| {
            let Some(compound) = compound.filter(|_| body) else { return true };
            let contains = |name: &str| fold(name).contains(compound);
            self.entity(id).is_some_and(|e| e.names().any(contains))
                || before.iter().any(|m| m.entity == id && contains(&self.text[m.span.bytes()]))
        };
        // The first compatible mention of a sentence is its likely subject (of the sentences in
        // the window: only they make a subject; of the description's own, only before it). In a
        // headline's sentence after a colon, the first one after it ("Übernahmekampf um
        // Hartlmaier: Corvane verlängert die Frist").
        let mut first_in_sentence: BTreeMap<usize, (&str, bool)> = BTreeMap::new();
        for m in before {
            if let Some(s) = m.sentence
                && (window..=si).contains(&s)
                && m.span.end <= span.start
                && compatible(&m.entity)
            {
                let start = self.sentence_starts.get(s).copied().unwrap_or(0);
                let after_colon = self.text[start..m.span.start].contains(": ");
                let first = first_in_sentence.entry(s).or_insert((&m.entity, after_colon));
                if after_colon && !first.1 {
                    *first = (&m.entity, true);
                }
            }
        }
        let first_in_sentence: BTreeMap<usize, &str> =
            first_in_sentence.into_iter().map(|(s, (id, _))| (s, id)).collect();
        // A description does not refer to an entity named earlier in its own clause ("dass X
        // das Angebot des Konzerns ablehnte": the Konzern is not X; "im Wettbewerb mit X will
        // der Konzern"), nor to the one a relative
        // pronoun of its clause takes up ("Polarkost, der dem Investor gehört").
        let cues = &self.knowledge.relations.cues;
        // A former title ("die frühere Bayer-Managerin") names no company of the person's now.
        let former = |m: &Mention| {
            let before = self.text[..m.span.start].split_whitespace().next_back();
            before.is_some_and(|w| with_folded(w, |f| self.rules.is_former(f)))
        };
        // "Sarnow-Chef Burkhard Lemke sprach von einem Meilenstein für das Unternehmen": a
        // company in a person's title is no party of the clause, and the company an unspecific
        // description likely means.
        let in_title = |m: &Mention| {
            !specific
                && !former(m)
                && m.compound_head.as_deref().is_some_and(|h| {
                    with_folded(h, |f| {
                        self.rules.class_of_candidate(f).is_some_and(|(c, _)| c.gives_role)
                    })
                })
        };
        let excluded: Vec<&str> = (before.iter())
            .filter(|m| m.span.end <= span.start && m.sentence == Some(si) && !in_title(m))
            .filter(|m| {
                let between = &self.text[m.span.end..span.start];
                !between.contains([',', ';', ':'])
                    && (self.preposition_before(m.span, sentence_start))
                        .is_none_or(|p| listed(&cues.counterpart_prepositions, p))
                    || self.relative_clause_of(between)
            })
            .map(|m| m.entity.as_str())
            .collect();
        // "Trump will TikTok verbieten. Der US-Präsident …": a title refers back to the one
        // person of the last sentences when no other title was given to that person.
        let lone_person = {
            let mut people = before.iter().filter(|m| {
                m.span.end <= span.start
                    && m.sentence.is_some_and(|s| (window..=si).contains(&s))
                    && self.category(&m.entity) == Some(Category::Person)
            });
            let first = people.next().map(|m| m.entity.as_str());
            let titled = |id: &str| self.appositions.iter().any(|a| a.entity == id);
            first.filter(|id| !titled(id) && people.all(|m| m.entity == *id))
        };
        // "Firmengründer Heinrich Kestner hatte das Unternehmen 1961 gegründet": a person of the
        // sentence points to the company named after them (its name opens with their surname,
        // the last of a name of several words), as a title does to its company.
        let of_sentence = |m: &&Mention| m.sentence == Some(si) && m.span.end <= span.start;
        let titled: Vec<&str> = before
            .iter()
            .filter(of_sentence)
            .filter(|m| in_title(m))
            .map(|m| m.entity.as_str())
            .collect();
        let surname = |label: &str| {
            let mut words = label.split_whitespace();
            words.next().and(words.next_back()).map(fold)
        };
        let surnames: Vec<String> = (before.iter())
            .filter(of_sentence)
            .filter(|m| self.category(&m.entity) == Some(Category::Person))
            .filter_map(|m| self.entity(&m.entity).and_then(|e| surname(&e.label)))
            .collect();
        let pointed_to = |id: &str| {
            titled.contains(&id)
                || self.category(id) != Some(Category::Person)
                    && self.entity(id).is_some_and(|e| {
                        let label = fold(&e.label);
                        let first = label.split([' ', '-']).next().unwrap_or_default();
                        surnames.iter().any(|s| s == first)
                    })
        };
        // (entity, pointed to by a person of the sentence, score), most recent first: a pointer
        // outweighs the rest.
        let mut ranked: Vec<(String, bool, f64)> = Vec::new();
        for m in before.iter().rev() {
            if m.span.end > span.start || ranked.iter().any(|(e, ..)| *e == m.entity) {
                continue;
            }
            let near = m.sentence.is_none_or(|s| s >= window);
            let id = m.entity.as_str();
            if !compatible(id)
                || (own_kind && !(same_head(id) || lone_person == Some(id)))
                || !names_body(id)
                || !(near || same_head(id) || pointed_to(id))
                || excluded.contains(&id)
                || specific && named_other(id)
                || no_company(id)
                || place.as_deref().is_some_and(|p| matches!(self.placed(id, p), Placed::Elsewhere))
            {
                continue;
            }
            let count =
                before.iter().filter(|o| o.entity == id && o.span.end <= span.start).count();
            let subject =
                first_in_sentence.iter().any(|(s, e)| *s >= window && *s <= si && *e == id);
            // The subject of the last sentence before counts most.
            let last_subject =
                first_in_sentence.range(..=si).next_back().is_some_and(|(_, e)| *e == id);
            // A class noun named long ago counts less than one named in the last sentences.
            let head_bonus = match (same_head(id), near) {
                (true, true) => 3.0,
                (true, false) => 1.0,
                _ if other_head(id) => -2.0,
                _ => 0.0,
            };
            let place_bonus = match place.as_deref().map(|p| self.placed(id, p)) {
                Some(Placed::There) => 3.0,
                _ => 0.0,
            };
            let score = head_bonus
                + place_bonus
                + 1.5 * f64::from(u8::from(subject))
                + f64::from(u8::from(last_subject))
                + 0.5 * count.min(4) as f64
                - ranked.len() as f64;

            ranked.push((id.to_string(), pointed_to(id), score));
        }
        (ranked.iter().enumerate())
            .max_by(|(ra, (_, pa, a)), (rb, (_, pb, b))| {
                pa.cmp(pb).then(a.total_cmp(b)).then(rb.cmp(ra))
            })
            .map(|(_, (id, ..))| id.clone())
    }

    /// The mentions that start before `span`, of sentence `si` and at most [`HORIZON`]
    /// sentences before it: what a description there may refer back to.
    fn mentions_before(&self, span: Span, si: usize) -> &[Mention] {
        let from = (self.sentence_starts.get(si.saturating_sub(HORIZON))).copied().unwrap_or(0);
        let first = self.mentions.partition_point(|m| m.span.start < from);
        let end = self.mentions.partition_point(|m| m.span.start < span.start);
        &self.mentions[first..end.max(first)]
    }

    /// Whether an entity is based at `place` as far as the lexicon and the document's
    /// appositions say ("der Gütersloher Hersteller Brenner"); a city lies in its country.
    fn placed<'s>(&'s self, id: &str, place: &'s str) -> Placed {
        let lexicon = &self.knowledge.lexicon;
        let entry = lexicon.get(id);
        let known: Vec<&'s str> = (entry.and_then(|e| e.seat.as_deref()).into_iter())
            .chain(entry.and_then(|e| e.country.as_deref()))
            .chain(
                self.appositions
                    .iter()
                    .filter(|a| a.entity == id)
                    .filter_map(|a| a.place.as_deref()),
            )
            .chain(self.seats.iter().filter(|(e, _)| e == id).map(|(_, p)| p.as_str()))
            .collect();
        // The country a place lies in, or the place itself if it is a country a nationality
        // names; unknown for a city the lexicon gives no country.
        let country = |p: &'s str| {
            let nations = &self.rules.nationalities;
            lexicon
                .get(p)
                .and_then(|e| e.country.as_deref())
                .or_else(|| nations.values().any(|n| n == p).then_some(p))
        };
        let is_country = |p| country(p) == Some(p);
        let mut placed = Placed::Unknown;
        for k in known {
            if k == place || is_country(place) && country(k) == Some(place) {
                return Placed::There;
            }
            // Two cities, or two countries, that differ.
            let conflict = match (country(k), country(place)) {
                (Some(a), Some(b)) if a != b => true,
                _ => !is_country(k) && !is_country(place),
            };
            if conflict {
                placed = Placed::Elsewhere;
            }
        }
        placed
    }

    /// "die Dortmunder Isotherm AG", "der italienischen Navigazione Torremare", "die Kessler-Werke
    /// aus Fulda", "X mit Sitz in Kassel": the seats a place or nationality adjective before a
    /// name and a phrase after it give, for the descriptions that say where their entity is.
    /// (Appositions keep their own: "der Bremer Konzern X".)
    pub(super) fn note_seats(&mut self, w: &ScannedSentence) {
        let (start, end) = (w.toks[0].span.start, w.toks[w.toks.len() - 1].span.end);
        let from = self.mentions.partition_point(|m| m.span.start < start);
        let to = self.mentions.partition_point(|m| m.span.start < end);
        let mut found = Vec::new();
        for m in &self.mentions[from..to] {
            if self.category(&m.entity).is_none_or(|c| c == Category::Place) {
                continue;
            }
            let first = w.toks.partition_point(|t| t.span.start < m.span.start);
            let last = w.toks.partition_point(|t| t.span.end < m.span.end);
            if w.toks.get(last).is_none_or(|t| t.span.end != m.span.end) {
                continue;
            }
            let before = first.checked_sub(1).map(|j| self.word(&w.toks[j]));
            let adjective = before.and_then(|b| self.adjective_place(b)).map(str::to_string);
            if let Some(place) = adjective.or_else(|| self.place_after(w, last)) {
                found.push((m.entity.clone(), place));
            }
        }
        self.seats.extend(found);
    }

    /// The place a phrase after the noun at `last` gives: "aus Redmond", "mit Sitz in Kassel",
    /// "mit Hauptsitz in der Schweiz".
    fn place_after(&self, w: &ScannedSentence, last: usize) -> Option<String> {
        let rules = self.rules;
        let at = if w.is(last + 1, &rules.origin_preposition) {
            last + 2
        } else if w.is(last + 1, &rules.seat_preposition)
            && last + 3 < w.toks.len()
            && rules.seat_nouns.iter().any(|n| n == w.folded(last + 2))
            && rules.locative_prepositions.contains(w.folded(last + 3))
        {
            last + 4
        } else {
            return None;
        };
        let place = |i: usize| w.toks.get(i).and_then(|t| self.place_at(t.span.start));
        place(at)
            .or_else(|| place(at + 1).filter(|_| rules.definite_determiners.contains(w.folded(at))))
    }

    /// The place a mention starting at byte `start` names, if it names one: one the lexicon
    /// lists or one the document names where a place stands ("aus Iphofen").
    fn place_at(&self, start: usize) -> Option<String> {
        let m = self.mention_at(start)?;
        (self.category(&m.entity) == Some(Category::Place)).then(|| m.entity.clone())
    }

    /// The first mention starting at byte `start`, if any.
    fn mention_at(&self, start: usize) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.span.start == start)
    }

    /// The place an adjective says: "Bielefelder" → Bielefeld, "chinesischen" → China.
    pub(super) fn adjective_place(&self, word: &str) -> Option<&'a str> {
        if word.starts_with(char::is_uppercase) {
            return self.place_of_adjective(word);
        }
        let country = self.rules.nationality(word)?;
        let place = self.knowledge.lexicon.get(country)?;
        (place.kind.category == Category::Place).then_some(place.id.as_str())
    }

    /// The preposition of the phrase a mention stands in ("der Streit um TikTok", "nach Angaben
    /// von dem Konzern X"), if it is in one and not a clause's subject or object: such a mention
    /// leaves a description of the same clause free to refer to its entity, unless the
    /// preposition makes it the other party ("im Wettbewerb mit X"). Only the words of its own
    /// sentence, from `sentence_start`, count.
    fn preposition_before(&self, span: Span, sentence_start: usize) -> Option<&'a str> {
        let cues = &self.knowledge.relations.cues;
        let before = self.text[sentence_start..span.start].split_whitespace().rev().take(4);
        for word in before {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if listed(&cues.prepositions, word) {
                return Some(word);
            }
            // Determiners, adjectives and a class noun may stand between.
            let inside = listed(&cues.determiners, word)
                || word.starts_with(char::is_lowercase)
                    && cues.adjective_endings.iter().any(|e| word.ends_with(e.as_str()))
                || self.rules.class_of(word).is_some()
                || self.rules.is_place_adjective(word);
            if !inside {
                return None;
            }
        }
        None
    }

    /// Whether the text between a mention and a description opens a relative clause that takes
    /// up the mention: ", der dem …", ", an dem …", "kaufen, der …".
    fn relative_clause_of(&self, between: &str) -> bool {
        // Only a verb at the end of its clause, or the entity's origin, may stand between: "…
        // Emtec kaufen, der …", "… Brückner Capital aus Frankfurt, der …".
        let Some((lead, rest)) = between.split_once(',') else { return false };
        let mut after_origin = false;
        let lead_fits = lead.split_whitespace().all(|w| {
            let fits = w.starts_with(char::is_lowercase) || after_origin;
            after_origin = w == self.rules.origin_preposition;
            fits
        });
        if rest.contains([',', ';', ':']) || !lead_fits {
            return false;
        }
        let cues = &self.knowledge.relations.cues;
        let mut words = rest.split_whitespace();
        let Some(mut word) = words.next() else { return false };
        if listed(&cues.prepositions, word) {
            let Some(next) = words.next() else { return false };
            word = next;
        }
        // The description's own determiner is no pronoun: ", der Konzern".
        words.next().is_some() && listed(&cues.relative_pronouns, word)
    }

    /// "Berliner", "Dresdner": a place adjective of a place the lexicon knows.
    pub(super) fn is_known_place_adjective(&self, word: &str) -> bool {
        self.place_of_adjective(word).is_some()
    }

    /// The place a place adjective derives from: "Bielefelder" → Bielefeld.
    pub(super) fn place_of_adjective(&self, word: &str) -> Option<&'a str> {
        let (rules, lexicon) = (self.rules, &self.knowledge.lexicon);
        self.lexicon_gazetteer.place_of_adjective(word, rules, lexicon)
    }

    /// "Washington fürchtet …", "zwischen Washington und Peking": a capital that is the seat of
    /// a government the lexicon lists stands for that government, except after a locative
    /// preposition ("in Washington").
    pub(super) fn resolve_capitals(&mut self) {
        let rules = self.rules;
        for i in 0..self.mentions.len() {
            let m = &self.mentions[i];
            if m.how != How::Lexicon || self.category(&m.entity) != Some(Category::Place) {
                continue;
            }
            let Some(government) = self.knowledge.lexicon.government_seated_in(&m.entity) else {
                continue;
            };
            let before = self.text[..m.span.start].trim_end();
            let word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
            let after = &self.text[m.span.end..];
            // "in Washington", "der Konzern aus Peking" (the seat of what the class noun
            // describes), and "Washington, D.C." or "Washington-Besuch" as written.
            if self.origin_of(before) == Some(true)
                || with_folded(word, |w| rules.locative_prepositions.contains(w))
                || after.starts_with([',', '-'])
                    && after[1..].trim_start().starts_with(char::is_uppercase)
            {
                continue;
            }
            let id = government.id.clone();
            let m = &mut self.mentions[i];
            m.entity = id;
            m.how = How::Coreference;
            m.confidence = 0.6;
        }
    }

    /// For a place after the text `before`: whether "aus" ends that text after a class noun
    /// ("der Konzern aus": `Some(true)`, the place is a seat) or after another word ("das
    /// Angebot aus": `Some(false)`, the place may stand for who is there); `None` without "aus".
    fn origin_of(&self, before: &str) -> Option<bool> {
        let origin = before.rsplit(char::is_whitespace).next().unwrap_or_default();
        if !with_folded(origin, |w| w == self.rules.origin_preposition) {
            return None;
        }
        let noun = before[..before.len() - origin.len()].trim_end();
        let noun = noun.rsplit(char::is_whitespace).next().unwrap_or_default();
        Some(self.rules.class_of(noun).is_some())
    }

    /// Whether a mention before mention `i` ends right before the last word of `before` ("MSC"
    /// in "MSC aus").
    fn name_ends(&self, before: &str, i: usize) -> bool {
        let last = before.rsplit(char::is_whitespace).next().unwrap_or_default();
        let end = before[..before.len() - last.len()].trim_end().len();
        self.mentions[..i].iter().any(|p| p.span.end == end)
    }

    /// "das Angebot aus Redmond": a seat standing for an organisation mentioned before.
    pub(super) fn resolve_seats(&mut self) {
        for i in 0..self.mentions.len() {
            let m = &self.mentions[i];
            // "der Softwarekonzern aus Redmond", "Oracle aus Austin": the place is where the
            // described or named entity is.
            let before = self.text[..m.span.start].trim_end();
            if self.origin_of(before) != Some(false) || self.name_ends(before, i) {
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

/// Whether a word is in a cue list of the relation rules (a contraction listed as
/// `contraction=preposition` counts by its contraction).
fn listed(list: &[String], word: &str) -> bool {
    with_folded(word, |w| list.iter().any(|x| x.split('=').next() == Some(w)))
}

/// What a definite description says of its entity: its class noun, the noun's head and the
/// place an adjective gives it.
struct Described<'a> {
    class: &'a ClassNoun,
    head: &'a str,
    place: Option<String>,
}

/// Whether an entity is known to be based at a place.
enum Placed {
    There,
    Elsewhere,
    Unknown,
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
