//! Extraction: relations and events stated by a document's sentences.
//!
//! Runs after resolution, on the tokens of each sentence and the mentions found in it, with the
//! frames of `ontology/relations.toml`. A sentence is cut into clauses (at commas, dashes and
//! clause openers such as "dass"); each mention becomes an *argument* marked by what governs its
//! noun phrase (nothing, a preposition, a genitive article, a postposition) and, for attributes,
//! the noun it hangs on. A trigger word then fills its frame's roles from these slots, in the
//! frame's priority order, voice-aware: in "Das Angebot von X wurde von Y abgelehnt" the first
//! "von" hangs on the noun "Angebot" (X is the bidder), the second on the clause (Y is the agent
//! of the passive). Noun triggers are read first so that verbs can take the roles of the events
//! their clause names ("das Angebot von X ablehnen": X is the one turned down).
//!
//! Each finding carries polarity (negation cues, negating verbs), modality (planned, possible,
//! reported, rumoured), attribution (the speaker of the sentence, "laut X", "X zufolge"), time
//! (expressions of its clause resolved against the document date), the rule id and its
//! evidence span, so that every fact reaches the RDF with the sentence behind it.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::recognize::{Gazetteer, Mention};
use crate::analysis::resolve::{Resolution, Role};
use crate::analysis::sentence::{DocumentContext, TokenizedSentence};
use crate::analysis::time::{TimeExpression, TimeRole};
use crate::analysis::words::SentenceWords;
use crate::knowledge::relations::{
    FamilyId, Frame, ModalityId, Pos, RelationRules, RoleId, Slot, Status, StatusId, SwitchScope,
    VerbForm, cue,
};
use crate::knowledge::{Category, Knowledge};
use crate::text::document::PartialDate;
use crate::text::fold::fold;
use crate::text::span::Span;
use crate::text::token::Token;

/// Whether a finding is stated as true or as not the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Polarity {
    Positive,
    Negative,
}

/// A relation or event found in one clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub family: FamilyId,
    pub rule: String,
    /// Role → entity ids, in text order.
    pub roles: BTreeMap<RoleId, Vec<String>>,
    /// Literal qualifiers: position name, share, value.
    pub literals: BTreeMap<RoleId, String>,
    pub polarity: Polarity,
    pub modality: ModalityId,
    /// Entity the sentence attributes the finding to.
    pub attribution: Option<String>,
    pub status: Option<StatusId>,
    pub date: Option<PartialDate>,
    pub deadline: Option<PartialDate>,
    pub sentence: usize,
    /// The trigger word.
    pub trigger: Span,
    pub confidence: f64,
    /// Replaced by a finding that took it as a role ("mit einem Verbot drohen").
    pub consumed: bool,
    /// Subject and object roles are filled; a partial finding only serves other findings.
    pub complete: bool,
    /// Index of the clause in its sentence.
    pub clause: usize,
    /// A role the text leaves implicit, to be filled with the document's topic.
    topic_role: Option<RoleId>,
    topic_categories: Option<Vec<Category>>,
}

impl Finding {
    /// Fillers of a role.
    pub fn fillers(&self, role: RoleId) -> &[String] {
        self.roles.get(&role).map_or(&[], Vec::as_slice)
    }
}

/// What governs an argument's noun phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Marker {
    Bare,
    Prep(String),
    Genitive,
    Postposition(String),
}

/// A mention as an argument of its clause.
#[derive(Debug, Clone)]
struct Arg {
    entity: String,
    first: usize,
    last: usize,
    marker: Marker,
    /// The noun (token index) an attribute hangs on; `None` for the clause.
    attached: Option<usize>,
    determiner: Option<String>,
    /// Arguments joined by "und", "oder", "sowie", "weder … noch" share a group.
    group: usize,
}

type MarkerOf = (Marker, Option<usize>, Option<String>, Option<usize>);

/// The passes over a sentence's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Noun,
    NestingNoun,
    Verb,
}

/// Where a trigger stands and what its clause offers.
struct Trigger<'s> {
    si: usize,
    ci: usize,
    clause: Clause,
    t: usize,
    passive: bool,
    subject: &'s [String],
    sentence_start: usize,
}

/// A span of token indices `start..end` of one sentence.
#[derive(Debug, Clone, Copy)]
struct Clause {
    start: usize,
    end: usize,
}

/// The extractor for one document.
pub struct Extractor<'a> {
    text: &'a str,
    knowledge: &'a Knowledge,
    rules: &'a RelationRules,
    gazetteer: &'a Gazetteer,
    entity_category: &'a dyn Fn(&str) -> Option<Category>,
    findings: Vec<Finding>,
    /// Byte offset and entity of every mention of a person, in text order.
    people: Vec<(usize, String)>,
    /// The entities mentioned most often, by category, for roles a text leaves implicit.
    topics: Vec<(Category, String)>,
}

impl std::fmt::Debug for Extractor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Extractor").field("findings", &self.findings.len()).finish()
    }
}

/// Sentence-level view: tokens and their folded text, arguments, compound modifiers.
struct View<'t> {
    toks: &'t [Token],
    words: Vec<&'t str>,
    /// Each token folded, as the pipeline folded it.
    folded: Vec<&'t str>,
    /// The noun frames of each capitalised token (indices in the rules' frames), looked up
    /// once for the passes that read them.
    nouns: Vec<&'t [usize]>,
    args: Vec<Arg>,
    /// Token index → entities naming the first part of its hyphen compound.
    modifiers: BTreeMap<usize, Vec<String>>,
    /// Entities joined to a subject by "zusammen mit".
    comitative: Vec<String>,
    /// Tokens inside time expressions.
    time_tokens: BTreeSet<usize>,
}

/// Extracts the findings of one document from its sentences and what resolution found in them.
pub fn extract(
    document: &DocumentContext<'_>,
    sentences: &[TokenizedSentence<'_>],
    resolution: &Resolution,
) -> Vec<Finding> {
    let mentions = &resolution.mentions;
    let entity_category = &|id: &str| document.category(id);
    let people = mentions
        .iter()
        .filter(|m| entity_category(&m.entity) == Some(Category::Person))
        .map(|m| (m.span.start, m.entity.clone()))
        .collect();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let entry = counts.entry(&m.entity).or_insert((0, i));
        entry.0 += 1;
    }
    let mut ranked: Vec<(&str, (usize, usize))> = counts.into_iter().collect();
    // Most mentions first; on a tie, the first mentioned.
    ranked.sort_by_key(|(_, (n, first))| (std::cmp::Reverse(*n), *first));
    let topics = ranked
        .into_iter()
        .filter_map(|(id, _)| entity_category(id).map(|c| (c, id.to_string())))
        .collect();
    let mut ex = Extractor {
        text: document.text,
        knowledge: document.knowledge,
        rules: &document.knowledge.relations,
        gazetteer: document.gazetteer,
        entity_category,
        findings: Vec::new(),
        people,
        topics,
    };
    // Mentions by sentence, once: filtering all mentions per sentence would be quadratic in the
    // length of a document.
    let mut by_sentence: Vec<Vec<&Mention>> = vec![Vec::new(); sentences.len()];
    for m in mentions {
        if let Some(list) = m.sentence.and_then(|si| by_sentence.get_mut(si)) {
            list.push(m);
        }
    }
    for (sentence, in_sentence) in sentences.iter().zip(&by_sentence) {
        ex.sentence(sentence, in_sentence);
    }
    ex.roles(&resolution.roles);
    ex.fill_topics();
    ex.settle_statuses();
    ex.findings
}

impl<'a> Extractor<'a> {
    fn category(&self, entity: &str) -> Option<Category> {
        (self.entity_category)(entity)
    }

    fn view<'t>(
        &self,
        toks: &'t [Token],
        sentence_words: &'t SentenceWords<'t>,
        mentions: &[&Mention],
    ) -> View<'t>
    where
        'a: 't,
    {
        let words: Vec<&str> = toks.iter().map(|t| &self.text[t.span.bytes()]).collect();
        let folded: Vec<&str> = (0..toks.len()).map(|i| sentence_words.folded(i)).collect();
        let mut args = Vec::new();
        let mut modifiers: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for m in mentions {
            let covers = |t: &Token| t.span.start < m.span.end && m.span.start < t.span.end;
            let (Some(first), Some(last)) =
                (toks.iter().position(covers), toks.iter().rposition(covers))
            else {
                continue;
            };
            let token = &toks[first];
            let modifier = m.compound_head.is_some()
                || (first == last && m.span.end < token.span.end && token.parts.len() > 1);
            // "des Tiktok-Geschäfts" stands for TikTok, as "das Geschäft von TikTok" does.
            let transparent = modifier
                && self.rules.is_transparent(&fold(&self.text[token.span.bytes()]))
                && self.category(&m.entity) != Some(Category::Place);
            if modifier && !transparent {
                modifiers.entry(first).or_default().push(m.entity.clone());
                continue;
            }
            if token.parts.len() > 1 && first == last {
                // A descriptor compound ("TikTok-Mutterkonzern"): its first part may name another
                // entity, a modifier of the same token.
                let part = &self.text[token.parts[0].bytes()];
                if let Some(other) = self.gazetteer.entity_named(part)
                    && other != m.entity
                {
                    modifiers.entry(first).or_default().push(other.to_string());
                }
            }
            args.push(Arg {
                entity: m.entity.clone(),
                first,
                last,
                marker: Marker::Bare,
                attached: None,
                determiner: None,
                group: args.len(),
            });
        }
        // "Er sagte": a personal pronoun for the last person named before it.
        for (i, &w) in folded.iter().enumerate() {
            if !self.has(w, cue::PERSON_PRONOUN) || args.iter().any(|a| a.first <= i && i <= a.last)
            {
                continue;
            }
            let before = toks[i].span.start;
            let person =
                self.people.iter().rev().find(|(at, _)| *at < before).map(|(_, id)| id.clone());
            if let Some(entity) = person {
                args.push(Arg {
                    entity,
                    first: i,
                    last: i,
                    marker: Marker::Bare,
                    attached: None,
                    determiner: None,
                    group: 0,
                });
            }
        }
        args.sort_by_key(|a| a.first);
        for (i, a) in args.iter_mut().enumerate() {
            a.group = i;
        }
        let nouns = (0..toks.len())
            .map(|i| {
                if sentence_words.upper(i) && self.rules.may_be_noun(folded[i]) {
                    self.rules.noun_frame_ids(folded[i])
                } else {
                    &[][..]
                }
            })
            .collect();
        View {
            toks,
            words,
            folded,
            nouns,
            args,
            modifiers,
            comitative: Vec::new(),
            time_tokens: BTreeSet::new(),
        }
    }

    fn sentence(&mut self, sentence: &TokenizedSentence<'_>, mentions: &[&Mention]) {
        let (si, toks, words, times) =
            (sentence.index, sentence.tokens, &sentence.words, sentence.times.as_slice());
        // Findings start at a trigger word or, for seats, at a mention: most sentences of a
        // long text have neither, and need no view.
        if toks.is_empty()
            || mentions.is_empty() && !(0..toks.len()).any(|i| self.may_trigger(words, i))
        {
            return;
        }
        let mut view = self.view(toks, words, mentions);
        view.time_tokens = (0..toks.len())
            .filter(|&i| times.iter().any(|e| e.span.contains(&toks[i].span)))
            .collect();
        let clauses = self.clauses(&view);
        let relative = self.relative_pronouns(&mut view, &clauses);
        for clause in &clauses {
            self.mark(&mut view, *clause);
        }
        self.comitatives(&mut view, &clauses);
        let mut subjects = Vec::with_capacity(clauses.len());
        let mut previous: Vec<String> = Vec::new();
        for (ci, clause) in clauses.iter().enumerate() {
            let own = self.clause_subject(&view, *clause);
            // A relative clause's subject is its pronoun or a phrase of its own, never one
            // from the clause before.
            let inherit = own.is_empty() && !relative[ci];
            subjects.push(if inherit { previous.clone() } else { own.clone() });
            // A relative clause's subject is not the subject of the clauses that follow it.
            if !relative[ci] && !own.is_empty() {
                previous = own;
            }
        }
        let start = self.findings.len();
        // Nouns first, those that take other events' roles last among them; then verbs, which
        // may take the roles of the events their clause names.
        for pass in [Pass::Noun, Pass::NestingNoun, Pass::Verb] {
            for (ci, clause) in clauses.iter().enumerate() {
                for t in clause.start..clause.end {
                    self.trigger(si, &view, ci, *clause, t, pass, &subjects[ci], start);
                }
            }
        }
        for (ci, clause) in clauses.iter().enumerate() {
            self.qualify(&view, ci, *clause, start, times);
        }
        self.joint_ventures(&view, start);
        self.seats(si, &view, &clauses);
        self.switch_sentence(&view, start);
        self.attribute(&view, start);
    }

    /// Cuts a sentence into clauses.
    fn clauses(&self, view: &View<'_>) -> Vec<Clause> {
        let ends_arg = |i: usize| view.args.iter().any(|a| a.last == i);
        let starts_arg = |i: usize| view.args.iter().any(|a| a.first == i);
        let mut clauses = Vec::new();
        let mut start = 0;
        for i in 0..view.toks.len() {
            let w = view.folded[i];
            let cues = self.rules.cue(w);
            let punctuation = cues & cue::CLAUSE_PUNCTUATION != 0;
            let list_comma = w == "," && i > 0 && ends_arg(i - 1) && starts_arg(i + 1);
            // "2,3 Milliarden": a decimal comma.
            let glued = |j: usize| {
                view.toks
                    .get(j)
                    .is_some_and(|_| view.words[j].starts_with(|c: char| c.is_ascii_digit()))
                    && (view.toks[j].span.end == view.toks[i].span.start
                        || view.toks[j].span.start == view.toks[i].span.end)
            };
            let list_comma = list_comma || (w == "," && i > 0 && glued(i - 1) && glued(i + 1));
            if punctuation && !list_comma {
                if i > start {
                    clauses.push(Clause { start, end: i });
                }
                start = i + 1;
            } else if cues & cue::CLAUSE_OPENER != 0 && i > start {
                clauses.push(Clause { start, end: i });
                start = i;
            }
        }
        if start < view.toks.len() {
            clauses.push(Clause { start, end: view.toks.len() });
        }
        clauses
    }

    /// A relative pronoun after a comma stands for the argument before the comma, or else for
    /// the subject of the clause before. Returns which clauses are relative clauses.
    fn relative_pronouns(&self, view: &mut View<'_>, clauses: &[Clause]) -> Vec<bool> {
        let mut relative = vec![false; clauses.len()];
        for ci in 1..clauses.len() {
            let (before, clause) = (clauses[ci - 1], clauses[ci]);
            if clause.start == 0 || view.folded[clause.start - 1] != "," {
                continue;
            }
            let mut k = clause.start;
            if self.has(view.folded[k], cue::PREPOSITION) && k + 1 < clause.end {
                k += 1;
            }
            if !self.has(view.folded[k], cue::RELATIVE_PRONOUN)
                || view.args.iter().any(|a| a.first == k)
            {
                continue;
            }
            // "…, der Konzern habe": an article before a common noun, not a relative pronoun
            // ("…, dem Kortland gehört" names an entity after the pronoun).
            let mut next = k + 1;
            // "…, den beliebten Dienst zu verbieten": adjectives between article and noun.
            while next + 1 < clause.end
                && view.words[next].starts_with(char::is_lowercase)
                && self
                    .rules
                    .cues
                    .adjective_endings
                    .iter()
                    .any(|e| view.folded[next].ends_with(e.as_str()))
                && !self.has(
                    view.folded[next],
                    cue::PREPOSITION | cue::DETERMINER | cue::PASSIVE_AUXILIARY | cue::MODALITY,
                )
            {
                next += 1;
            }
            let article = next < clause.end
                && view.words[next].starts_with(char::is_uppercase)
                && (self.knowledge.rules.class_of(view.words[next]).is_some()
                    || !view.args.iter().any(|a| a.first == next));
            if article {
                continue;
            }
            relative[ci] = true;
            let antecedent = view
                .args
                .iter()
                .find(|a| a.last + 1 == before.end)
                .map(|a| a.entity.clone())
                .or_else(|| {
                    // "X ist einer der wenigen Y, der …": after a verb the pronoun takes up the
                    // subject; after a common noun ("ein Dekret, das …") it names no entity.
                    let last = before.end.checked_sub(1)?;
                    let noun = view.words[last].starts_with(char::is_uppercase);
                    if noun { None } else { self.clause_subject(view, before).first().cloned() }
                });
            let Some(entity) = antecedent else { continue };
            let group = view.args.len();
            view.args.push(Arg {
                entity,
                first: k,
                last: k,
                marker: Marker::Bare,
                attached: None,
                determiner: Some(view.folded[k].to_string()),
                group,
            });
            view.args.sort_by_key(|a| a.first);
        }
        relative
    }

    /// "X will zusammen mit Y …": Y joins the subject's coordination group.
    fn comitatives(&self, view: &mut View<'_>, clauses: &[Clause]) {
        for clause in clauses {
            let subject_group = {
                let bare: Vec<&Arg> = self.bare(view, *clause).collect();
                bare.iter()
                    .find(|a| {
                        a.determiner.as_ref().is_none_or(|d| !self.has(d, cue::NON_NOMINATIVE))
                    })
                    .map(|a| a.group)
            };
            let Some(group) = subject_group else { continue };
            for ai in 0..view.args.len() {
                let a = &view.args[ai];
                if a.first < clause.start + 2 || a.first >= clause.end || a.attached.is_some() {
                    continue;
                }
                // Back over the phrase ("zusammen mit dem Investor X") to the preposition.
                let mut j = a.first;
                while j > clause.start + 1
                    && (self.is_determiner(view.folded[j - 1])
                        || view.words[j - 1].starts_with(char::is_lowercase)
                            && !self.has(view.folded[j - 1], cue::PREPOSITION)
                        || self.is_apposition_noun(view, j - 1))
                {
                    j -= 1;
                }
                let is_with = matches!(&a.marker, Marker::Prep(_))
                    && j >= clause.start + 2
                    && self.has(view.folded[j - 2], cue::COMITATIVE)
                    && self.has(view.folded[j - 1], cue::PREPOSITION);
                if is_with {
                    view.args[ai].marker = Marker::Bare;
                    view.args[ai].group = group;
                    view.comitative.push(view.args[ai].entity.clone());
                }
            }
        }
    }

    fn is_determiner(&self, w: &str) -> bool {
        self.has(w, cue::DETERMINER)
    }

    /// Whether the folded word `w` is in any of the [`cue`] lists `lists`.
    #[inline]
    fn has(&self, w: &str, lists: u32) -> bool {
        self.rules.cue(w) & lists != 0
    }

    /// Quotes and parentheses: skipped when looking for what governs a phrase.
    fn is_quote(w: &str) -> bool {
        w.chars().all(|c| {
            matches!(c, '"' | '„' | '“' | '”' | '«' | '»' | '\'' | '‚' | '‘' | '’' | '(' | ')')
        })
    }

    /// A capitalised word (not an argument) that can stand between a determiner and a name:
    /// a class noun, a compound opened by a name ("dem US-Softwarekonzern Oracle") or a place
    /// adjective ("der Kölner Verlag").
    fn is_apposition_noun(&self, view: &View<'_>, i: usize) -> bool {
        let word = &view.words[i];
        word.starts_with(char::is_uppercase)
            && (self.knowledge.rules.class_of(word).is_some()
                || view.modifiers.contains_key(&i)
                || self.knowledge.rules.is_place_adjective(word))
    }

    fn arg_ending_at(view: &View<'_>, i: usize) -> Option<usize> {
        view.args.iter().position(|a| a.last == i)
    }

    /// Marks every argument of a clause.
    fn mark(&self, view: &mut View<'_>, clause: Clause) {
        let indices: Vec<usize> = (0..view.args.len())
            .filter(|&i| view.args[i].first >= clause.start && view.args[i].first < clause.end)
            .collect();
        for ai in indices {
            let first = view.args[ai].first;
            let pronoun = view.args[ai].determiner.is_some()
                && first == view.args[ai].last
                && self.has(view.folded[first], cue::RELATIVE_PRONOUN);
            if pronoun {
                // A relative pronoun: a preposition before it governs it.
                if first > clause.start
                    && let Some(p) = self.rules.preposition(view.folded[first - 1])
                {
                    view.args[ai].marker = Marker::Prep(p.clone());
                }
                continue;
            }
            let (marker, attached, determiner, group) = self.marker_of(view, clause, first, 0);
            let last = view.args[ai].last;
            let post = view
                .folded
                .get(last + 1)
                .filter(|w| last + 1 < clause.end && self.has(w, cue::POSTPOSITION))
                .cloned();
            let arg = &mut view.args[ai];
            arg.determiner = determiner;
            if let Some(p) = post {
                arg.marker = Marker::Postposition(p.to_string());
                arg.attached = None;
            } else {
                arg.marker = marker;
                arg.attached = attached;
            }
            if let Some(g) = group {
                arg.group = g;
            }
        }
    }

    /// What governs the noun phrase whose head starts at token `first`: walks back over
    /// adjectives, apposition nouns and a determiner to a preposition, a genitive article after a
    /// noun, a coordinator after another argument, or anything else (a bare phrase).
    fn marker_of(&self, view: &View<'_>, clause: Clause, first: usize, depth: usize) -> MarkerOf {
        let mut k = first;
        let mut determiner: Option<String> = None;
        let mut lower = 0;
        loop {
            if k == clause.start {
                return (Marker::Bare, None, determiner, None);
            }
            k -= 1;
            let w = view.folded[k];
            let word = &view.words[k];
            if Self::is_quote(word) {
                continue;
            }
            if let Some(ai) = Self::arg_ending_at(view, k) {
                // "des US-Einzelhandelsriesen Walmart": a descriptor of the same entity is an
                // apposition; any other argument ends the phrase.
                if view.args[ai].entity
                    != view.args.iter().find(|a| a.first == first).map_or("", |a| a.entity.as_str())
                    || determiner.is_some()
                {
                    break;
                }
                continue;
            }
            if determiner.is_none() && self.is_determiner(w) {
                determiner = Some(w.to_string());
                continue;
            }
            if determiner.is_none()
                && lower < 3
                && (word.starts_with(char::is_lowercase) || Self::is_number(word))
                && view.toks[k].is_word(self.text) | Self::is_number(word)
                && !self.is_cue(w)
                && !self.is_verb_cue(w)
                && !self.has(w, cue::PRONOUN)
            {
                lower += 1;
                continue;
            }
            if determiner.is_none()
                && Self::arg_ending_at(view, k).is_none()
                && (self.is_apposition_noun(view, k) || self.before_determiner(view, clause, k))
            {
                continue;
            }
            break;
        }
        let w = view.folded[k];
        if let Some(p) = self.rules.preposition(w) {
            if let Some(other) = self.coordinated_before(view, clause, k) {
                return (other.marker.clone(), other.attached, determiner, Some(other.group));
            }
            let attached = self.attachment(view, clause, k, p);
            let result = (Marker::Prep(p.clone()), attached, determiner, None);
            return self.through_transparent(view, clause, result, depth);
        }
        if self.has(w, cue::COORDINATOR) {
            if let Some(other) = self.coordinated_before(view, clause, k + 1) {
                return (other.marker.clone(), other.attached, determiner, Some(other.group));
            }
            return (Marker::Bare, None, determiner, None);
        }
        let genitive = determiner.as_ref().is_some_and(|d| self.has(d, cue::GENITIVE_DETERMINER));
        let noun_head = Self::arg_ending_at(view, k).is_none() || self.is_trigger_noun(w);
        if genitive && self.is_noun(view, k) && noun_head {
            let result = (Marker::Genitive, Some(k), determiner, None);
            return self.through_transparent(view, clause, result, depth);
        }
        (Marker::Bare, None, determiner, None)
    }

    fn is_number(word: &str) -> bool {
        word.starts_with(|c: char| c.is_ascii_digit())
    }

    /// Words that never stand inside a noun phrase: auxiliaries, modals and the like.
    fn is_verb_cue(&self, w: &str) -> bool {
        self.has(w, cue::PASSIVE_AUXILIARY | cue::MODALITY)
    }

    /// A capitalised noun right after a determiner: "den Ingenieuren Lena Brückner".
    fn before_determiner(&self, view: &View<'_>, clause: Clause, k: usize) -> bool {
        let mut j = k;
        while j > clause.start
            && view.words[j - 1].starts_with(char::is_lowercase)
            && !self.is_determiner(view.folded[j - 1])
            && k - j < 2
        {
            j -= 1;
        }
        self.is_noun(view, k) && j > clause.start && self.is_determiner(view.folded[j - 1])
    }

    /// The argument a coordinator before token `at` joins to ("X und Y", "weder an X noch an Y").
    fn coordinated_before<'v>(
        &self,
        view: &'v View<'_>,
        clause: Clause,
        at: usize,
    ) -> Option<&'v Arg> {
        let mut j = at;
        let mut saw = false;
        while j > clause.start && self.has(view.folded[j - 1], cue::COORDINATOR) {
            j -= 1;
            saw = true;
        }
        while j > clause.start && Self::is_quote(view.words[j - 1]) {
            j -= 1;
        }
        if !saw || j == clause.start {
            return None;
        }
        Self::arg_ending_at(view, j - 1).map(|ai| &view.args[ai])
    }

    /// A genitive or "von"/"mit" attribute of a transparent noun ("das US-Geschäft von X")
    /// takes the place of that noun's phrase.
    fn through_transparent(
        &self,
        view: &View<'_>,
        clause: Clause,
        result: MarkerOf,
        depth: usize,
    ) -> MarkerOf {
        let passes = matches!(&result.0, Marker::Genitive)
            || matches!(&result.0, Marker::Prep(p) if self.has(p, cue::TRANSPARENT_PREPOSITION));
        let Some(noun) = result.1 else { return result };
        if !passes || depth > 2 || !self.rules.is_transparent(view.folded[noun]) {
            return result;
        }
        if Self::arg_ending_at(view, noun).is_some() {
            return result;
        }
        let (marker, attached, determiner, group) = self.marker_of(view, clause, noun, depth + 1);
        (marker, attached, determiner, group)
    }

    /// The noun a prepositional phrase at `prep` hangs on, if any.
    fn attachment(&self, view: &View<'_>, clause: Clause, prep: usize, p: &str) -> Option<usize> {
        let mut j = prep;
        while j > clause.start && Self::is_quote(view.words[j - 1]) {
            j -= 1;
        }
        if j == clause.start {
            return None;
        }
        let before = j - 1;
        if let Some(ai) = Self::arg_ending_at(view, before) {
            // A phrase after an argument of a trigger noun hangs on that noun too
            // ("ein Angebot von X für Y").
            let other = &view.args[ai];
            return match other.attached {
                Some(noun) if self.is_trigger_noun(view.folded[noun]) => Some(noun),
                _ => None,
            };
        }
        if self.is_determiner(view.folded[before]) {
            // "einer von X geführten Infrastruktur": inside another noun phrase.
            return Some(before);
        }
        if !self.is_noun(view, before) || view.time_tokens.contains(&before) {
            // "vor 30 Jahren von X gegründet": a time expression takes no attribute.
            return None;
        }
        // "den Verkauf seiner Sparte an X": a phrase after a transparent attribute of a trigger
        // noun hangs on the trigger.
        // "verkauft seine Sparte an X": after a transparent object, on the clause.
        let passes_through = self.has(p, cue::TRANSPARENT_PREPOSITION);
        if self.rules.is_transparent(view.folded[before]) && !passes_through {
            let (marker, noun, _, _) = self.marker_of(view, clause, before, 3);
            if let Some(noun) = noun.filter(|&n| self.is_trigger_noun(view.folded[n])) {
                return Some(noun);
            }
            if marker == Marker::Bare && noun.is_none() {
                return None;
            }
        }
        Some(before)
    }

    /// Whether `token` could be a trigger: a verb form's first word, or a capitalised word
    /// ending in a trigger noun's head.
    fn may_trigger(&self, words: &SentenceWords<'_>, i: usize) -> bool {
        let folded = words.folded(i);
        self.rules.may_be_verb(folded) && self.rules.is_verb(folded)
            || words.upper(i) && self.rules.may_be_noun(folded) && self.is_trigger_noun(folded)
    }

    fn is_trigger_noun(&self, folded: &str) -> bool {
        self.rules.noun_frames(folded).next().is_some()
    }

    /// A capitalised content word that is not a function word.
    fn is_noun(&self, view: &View<'_>, i: usize) -> bool {
        let word = &view.words[i];
        word.starts_with(char::is_uppercase)
            && view.toks[i].is_word(self.text)
            && (!self.knowledge.rules.name_stopwords.contains(view.folded[i])
                || self.is_trigger_noun(view.folded[i]))
            && !self.is_cue(view.folded[i])
            && !self.is_determiner(view.folded[i])
    }

    fn is_cue(&self, w: &str) -> bool {
        self.has(w, cue::NEGATION | cue::COORDINATOR | cue::POSTPOSITION | cue::PREPOSITION)
    }

    /// Bare arguments of a clause (not attached to a noun), in text order.
    fn bare<'v>(&self, view: &'v View<'_>, clause: Clause) -> impl Iterator<Item = &'v Arg> {
        view.args.iter().filter(move |a| {
            a.first >= clause.start
                && a.first < clause.end
                && a.attached.is_none()
                && a.marker == Marker::Bare
        })
    }

    fn is_passive(&self, view: &View<'_>, clause: Clause) -> bool {
        (clause.start..clause.end).any(|i| self.has(view.folded[i], cue::PASSIVE_AUXILIARY))
    }

    /// The "von"/"durch" phrases of a clause, the agents of a passive. Without one on the
    /// clause, a phrase hanging on a plain noun is taken ("wurde bei diesen Bestrebungen vom
    /// Konzern X unterstützt").
    fn agent_phrases(&self, view: &View<'_>, clause: Clause, loose: bool) -> Vec<String> {
        let by = |a: &&Arg| {
            a.first >= clause.start
                && a.first < clause.end
                && matches!(&a.marker, Marker::Prep(p) if self.has(p, cue::AGENT_PREPOSITION))
        };
        let mut out: Vec<String> = Vec::new();
        for a in view.args.iter().filter(by).filter(|a| a.attached.is_none()) {
            if !out.contains(&a.entity) {
                out.push(a.entity.clone());
            }
        }
        if out.is_empty() && loose {
            let loose = view.args.iter().filter(by).filter(|a| {
                a.attached.is_some_and(|n| {
                    !self.is_trigger_noun(view.folded[n])
                        && Self::arg_ending_at(view, n).is_none()
                        && !self.is_determiner(view.folded[n])
                })
            });
            for a in loose {
                if !out.contains(&a.entity) {
                    out.push(a.entity.clone());
                }
            }
        }
        out
    }

    /// The clause's subject as entity ids: the first bare argument that can be nominative, with
    /// its coordination group.
    fn clause_subject(&self, view: &View<'_>, clause: Clause) -> Vec<String> {
        let bare: Vec<&Arg> = self.bare(view, clause).collect();
        // A clause opening with its verb shares the subject before, unless it names both a
        // subject and an object itself ("…, sollte X Y nicht verkaufen").
        let groups: BTreeSet<usize> = bare.iter().map(|a| a.group).collect();
        if groups.len() < 2 && self.verb_initial(view, clause) {
            return Vec::new();
        }
        // "…, um die Tochter X zu verkaufen": an infinitive clause has no subject of its own.
        if self.has(view.folded[clause.start], cue::INFINITIVE_OPENER) {
            return Vec::new();
        }
        let nominative = bare
            .iter()
            .find(|a| a.determiner.as_ref().is_none_or(|d| !self.has(d, cue::NON_NOMINATIVE)));
        let Some(first) = nominative else { return Vec::new() };
        group_entities(&bare, first.group)
    }

    /// A clause that opens with a finite verb after a comma or dash shares the subject of the
    /// clause before ("…, soll die Sparte aber nicht kaufen").
    fn verb_initial(&self, view: &View<'_>, clause: Clause) -> bool {
        if clause.start == 0 {
            return false;
        }
        let first = view.folded[clause.start];
        let word = &view.words[clause.start];
        // "…, sagte der Minister": a reporting verb puts its own subject after it.
        let speech = self.rules.mechanism.families.speech;
        let reporting = self.rules.verb_forms(first).any(|(f, _)| f.family == speech);
        !reporting
            && word.starts_with(char::is_lowercase)
            && view.toks[clause.start].is_word(self.text)
            && (self.has(first, cue::PASSIVE_AUXILIARY | cue::MODALITY | cue::FINITE_VERB)
                || self.rules.is_verb(first))
    }

    #[allow(clippy::too_many_arguments)]
    fn trigger(
        &mut self,
        si: usize,
        view: &View<'_>,
        ci: usize,
        clause: Clause,
        t: usize,
        pass: Pass,
        subject: &[String],
        sentence_start: usize,
    ) {
        let word = view.folded[t];
        let frames: Vec<(&'a Frame, Option<&'a VerbForm>)> = match pass {
            Pass::Noun | Pass::NestingNoun => {
                if !view.words[t].starts_with(char::is_uppercase) {
                    return;
                }
                let nesting = pass == Pass::NestingNoun;
                let rules = self.rules;
                view.nouns[t]
                    .iter()
                    .map(|&i| &rules.frames[i])
                    .filter(|f| f.nests() == nesting)
                    .map(|f| (f, None))
                    .collect()
            }
            Pass::Verb if t != clause.start && view.words[t].starts_with(char::is_uppercase) => {
                return;
            }
            Pass::Verb => {
                let mut frames: Vec<(&'a Frame, Option<&'a VerbForm>)> = Vec::new();
                for (frame, form) in self.rules.verb_forms(word) {
                    let particle = form
                        .particle
                        .as_ref()
                        .is_none_or(|p| (t + 1..clause.end).any(|i| view.folded[i] == *p));
                    if particle && !frames.iter().any(|(f, _)| std::ptr::eq(*f, frame)) {
                        frames.push((frame, Some(form)));
                    }
                }
                frames
            }
        };
        for (frame, form) in frames {
            let blocked = frame.unless.iter().any(|u| {
                (clause.start..clause.end).any(|i| i != t && view.folded[i].contains(u.as_str()))
            });
            if blocked {
                continue;
            }
            let passive = match form {
                Some(f) => f.participle && self.is_passive(view, clause),
                None => self.is_passive(view, clause),
            };
            let cx = Trigger { si, ci, clause, t, passive, subject, sentence_start };
            if let Some(finding) = self.fill(view, frame, &cx) {
                self.findings.push(finding);
            }
        }
    }

    fn fill(&mut self, view: &View<'_>, frame: &Frame, cx: &Trigger<'_>) -> Option<Finding> {
        let family = self.rules.family_of(frame.family);
        let (clause, t) = (cx.clause, cx.t);
        let in_clause = |a: &&Arg| a.first >= clause.start && a.first < clause.end;
        // Entities of the clause's arguments that `test` accepts, in text order.
        let pick = |test: &dyn Fn(&Arg) -> bool| -> Vec<String> {
            view.args
                .iter()
                .filter(in_clause)
                .filter(|a| test(a))
                .map(|a| a.entity.clone())
                .collect()
        };
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut roles: BTreeMap<RoleId, Vec<String>> = BTreeMap::new();
        let mut consumed = Vec::new();
        let mut topic_role = None;
        let bare: Vec<&Arg> = self.bare(view, clause).collect();
        let own_subject = self.clause_subject(view, clause);
        let agents = self.agent_phrases(view, clause, frame.pos == Pos::Verb);
        for (role, slots) in &frame.roles {
            let allowed = frame.categories.get(role);
            let mut fillers: Vec<String> = Vec::new();
            for slot in slots {
                let candidates: Vec<String> = match slot {
                    Slot::Subject if cx.passive && !agents.is_empty() => agents.clone(),
                    Slot::Subject if cx.passive && frame.pos == Pos::Verb => Vec::new(),
                    // A speaker is named in its own clause: "…, das berichten mehrere Medien"
                    // is no statement of the clause before.
                    Slot::Subject
                        if frame.family == self.rules.mechanism.families.speech
                            && own_subject.is_empty()
                            && !self.verb_initial(view, clause) =>
                    {
                        Vec::new()
                    }
                    Slot::Subject => cx.subject.to_vec(),
                    Slot::Object if cx.passive && frame.pos == Pos::Verb => own_subject.clone(),
                    Slot::Object => {
                        let first = bare.iter().find(|a| !own_subject.contains(&a.entity));
                        first.map(|f| group_entities(&bare, f.group)).unwrap_or_default()
                    }
                    Slot::Prep(p) => pick(&|a| {
                        a.marker == Marker::Prep(p.clone())
                            && match frame.pos {
                                Pos::Verb => a.attached.is_none(),
                                Pos::Noun => a.attached == Some(t),
                            }
                    }),
                    Slot::ClausePrep(p) => {
                        pick(&|a| a.marker == Marker::Prep(p.clone()) && a.attached.is_none())
                    }
                    Slot::Postposition(p) => pick(&|a| a.marker == Marker::Postposition(p.clone())),
                    Slot::Genitive => {
                        pick(&|a| a.marker == Marker::Genitive && a.attached == Some(t))
                    }
                    Slot::Compound => view.modifiers.get(&t).cloned().unwrap_or_default(),
                    Slot::Apposed => {
                        let mut next = t + 1;
                        while next < clause.end && Self::is_quote(view.words[next]) {
                            next += 1;
                        }
                        view.args
                            .iter()
                            .filter(|a| a.first == next || (a.first <= t && t <= a.last))
                            .map(|a| a.entity.clone())
                            .take(1)
                            .collect()
                    }
                    Slot::After => view
                        .args
                        .iter()
                        .filter(in_clause)
                        .filter(|a| a.first > t && !used.contains(&a.entity))
                        .filter(|a| {
                            allowed.is_none_or(|cats| {
                                self.category(&a.entity).is_some_and(|k| cats.contains(&k))
                            })
                        })
                        .map(|a| a.entity.clone())
                        .take(1)
                        .collect(),
                    Slot::Nested(r) => {
                        let (values, from) = self.nested(cx, *r);
                        consumed.extend(from);
                        values
                    }
                    Slot::Salient(r) => self.salient(cx.si, cx.sentence_start, *r, &[]),
                    Slot::OwnerOf(r) => {
                        let owned = roles.get(r).cloned().unwrap_or_default();
                        self.owners_of(&owned)
                    }
                    Slot::Topic => {
                        // Filled once the whole document is read: see `topics`.
                        topic_role = Some(*role);
                        Vec::new()
                    }
                    Slot::Recent(family, r) => self
                        .findings
                        .iter()
                        .rev()
                        .find(|f| f.family == *family && f.complete)
                        .map(|f| f.fillers(*r).to_vec())
                        .unwrap_or_default(),
                };
                for c in candidates {
                    let fits = allowed
                        .is_none_or(|cats| self.category(&c).is_some_and(|k| cats.contains(&k)));
                    let compound_place = matches!(slot, Slot::Compound)
                        && allowed.is_none()
                        && self.category(&c) == Some(Category::Place);
                    if fits && !compound_place && !used.contains(&c) && !fillers.contains(&c) {
                        fillers.push(c);
                    }
                }
                if !fillers.is_empty() {
                    break;
                }
            }
            if !fillers.is_empty() {
                used.extend(fillers.iter().cloned());
                roles.insert(*role, fillers);
                if topic_role.as_ref() == Some(role) {
                    topic_role = None;
                }
            }
        }
        if roles.is_empty() {
            return None;
        }
        let topic_categories = topic_role.as_ref().and_then(|r| frame.categories.get(r));
        let has_subject = roles.contains_key(&family.subject.id);
        let has_object = family.object_id().is_none_or(|o| roles.contains_key(&o))
            || (family.symmetric && roles.get(&family.subject.id).is_some_and(|s| s.len() > 1));
        let complete = has_subject && has_object;
        if frame.consume && complete {
            for fi in consumed {
                self.findings[fi].consumed = true;
            }
        }
        let mut literals = BTreeMap::new();
        let position_name = self.rules.mechanism.roles.position_name;
        if family.has_further(position_name) {
            literals.insert(position_name, view.words[t].trim_matches('-').to_string());
        }
        Some(Finding {
            family: frame.family,
            rule: frame.id.clone(),
            roles,
            literals,
            polarity: Polarity::Positive,
            modality: frame.modality.unwrap_or(self.rules.default_modality),
            attribution: None,
            status: frame.status.or(family.status),
            date: None,
            deadline: None,
            sentence: cx.si,
            trigger: view.toks[t].span,
            confidence: frame.confidence,
            consumed: false,
            complete,
            clause: cx.ci,
            topic_role,
            topic_categories: topic_categories.cloned(),
        })
    }

    /// A role of the events named in the trigger's sentence, those of its clause first. A
    /// partial event ("die Übernahme muss genehmigt werden") stands for the document's main
    /// deal it shares a party with.
    fn nested(&self, cx: &Trigger<'_>, role: RoleId) -> (Vec<String>, Vec<usize>) {
        let parties = self.rules.mechanism.roles.deal_parties;
        let candidates: Vec<usize> = (cx.sentence_start..self.findings.len())
            .filter(|&i| self.findings[i].sentence == cx.si)
            .collect();
        let (same, other): (Vec<usize>, Vec<usize>) =
            candidates.into_iter().partition(|&i| self.findings[i].clause == cx.ci);
        for group in [same, other] {
            let mut values = Vec::new();
            let mut from = Vec::new();
            for i in group {
                let f = &self.findings[i];
                let family = self.rules.family_of(f.family);
                if family.event.is_none() && family.object.is_none()
                    || (role == parties && !family.deal)
                    || f.family == self.rules.mechanism.families.speech
                {
                    continue;
                }
                let mut found = self.role_values(f, role);
                if !f.complete && role == parties && family.deal {
                    let salient = self.salient(cx.si, cx.sentence_start, role, &found);
                    if !salient.is_empty() {
                        found = salient;
                    }
                }
                if !found.is_empty() {
                    for v in found {
                        if !values.contains(&v) {
                            values.push(v);
                        }
                    }
                    from.push(i);
                }
            }
            if !values.is_empty() {
                return (values, from);
            }
        }
        (Vec::new(), Vec::new())
    }

    /// Owners the document has named for any of `owned` ("der TikTok-Mutterkonzern X").
    fn owners_of(&self, owned: &[String]) -> Vec<String> {
        let owning = self.rules.family_of(self.rules.mechanism.families.owning);
        let (Some(owned_role), owner_role) = (owning.object_id(), owning.subject.id) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for f in &self.findings {
            let owns = f.family == owning.id
                && f.complete
                && f.polarity == Polarity::Positive
                && f.fillers(owned_role).iter().any(|o| owned.contains(o));
            if owns {
                out.extend(f.fillers(owner_role).iter().cloned());
            }
        }
        out
    }

    /// Roles a text leaves implicit ("das Angebot von X wurde abgelehnt": an offer for what?)
    /// take the document's topic: the entity it mentions most, among the role's categories, that
    /// is no bidder, buyer or rejecter in the document and no other role of the finding.
    fn fill_topics(&mut self) {
        let rules = self.rules;
        let actor = rules.mechanism.roles.actor;
        let agents: BTreeSet<String> = self
            .findings
            .iter()
            .filter(|f| rules.family_of(f.family).agent_not_topic)
            .flat_map(|f| f.fillers(actor).to_vec())
            .collect();
        // What the document's deals are about: the entities in their other roles.
        let themes: BTreeSet<String> = self
            .findings
            .iter()
            .filter(|f| rules.family_of(f.family).topic_roles)
            .flat_map(|f| f.roles.iter().filter(|(r, _)| **r != actor).flat_map(|(_, v)| v.clone()))
            .collect();
        for i in 0..self.findings.len() {
            let Some(role) = self.findings[i].topic_role else { continue };
            let f = &self.findings[i];
            let family = rules.family_of(f.family);
            let topic = self
                .topics
                .iter()
                .find(|(c, id)| {
                    *c != Category::Place
                        && f.topic_categories.as_ref().is_none_or(|cats| cats.contains(c))
                        && !agents.contains(id)
                        && (themes.is_empty() || themes.contains(id))
                        && !f.roles.values().flatten().any(|e| e == id)
                })
                .map(|(_, id)| id.clone());
            let Some(topic) = topic else { continue };
            let f = &mut self.findings[i];
            f.roles.insert(role, vec![topic]);
            f.complete = f.roles.contains_key(&family.subject.id)
                && family.object_id().is_none_or(|o| f.roles.contains_key(&o));
            f.confidence = (f.confidence - 0.2).max(0.1);
        }
    }

    /// Roles of the deal the text refers back to: a deal of the sentence before, else the
    /// document's main deal so far, the complete deal found most often (the first on a tie).
    /// With `with`, only deals that share a party with it count.
    fn salient(&self, si: usize, before: usize, role: RoleId, with: &[String]) -> Vec<String> {
        let shares =
            |parties: &[String]| with.is_empty() || with.iter().any(|w| parties.contains(w));
        let usable =
            |f: &Finding| self.rules.family_of(f.family).deal && f.polarity == Polarity::Positive;
        let deal_parties = self.rules.mechanism.roles.deal_parties;
        for f in self.findings[..before].iter().rev() {
            if f.sentence + 1 < si {
                break;
            }
            let parties = self.role_values(f, deal_parties);
            if usable(f) && f.sentence < si && !parties.is_empty() && shares(&parties) {
                let values = self.role_values(f, role);
                if !values.is_empty() {
                    return values;
                }
            }
        }
        let mut counts: BTreeMap<(&str, Vec<String>), (usize, usize)> = BTreeMap::new();
        for (i, f) in self.findings[..before].iter().enumerate() {
            if !usable(f) || !f.complete || f.sentence > si {
                continue;
            }
            let parties = self.role_values(f, deal_parties);
            if !shares(&parties) {
                continue;
            }
            // Keyed by the family's name, whose order breaks no tie but keeps the map's as it was.
            let name = self.rules.family_of(f.family).name.as_str();
            let entry = counts.entry((name, parties)).or_insert((0, i));
            entry.0 += 1;
        }
        // On a tie the deal named first wins: a news article opens with its main deal.
        let best = counts.values().max_by_key(|(n, first)| (*n, std::cmp::Reverse(*first)));
        let Some((_, first)) = best else { return Vec::new() };
        self.role_values(&self.findings[*first], role)
    }

    /// Polarity, modality, time and literal qualifiers of the findings of one clause.
    fn qualify(
        &mut self,
        view: &View<'_>,
        ci: usize,
        clause: Clause,
        from: usize,
        times: &[TimeExpression],
    ) {
        // Only findings of this clause are qualified; most clauses have none.
        if !self.findings[from..].iter().any(|f| f.clause == ci) {
            return;
        }
        let cues = &self.rules.cues;
        let words: Vec<&str> = view.folded[clause.start..clause.end].to_vec();
        let mut negated = false;
        for (i, w) in words.iter().enumerate() {
            if cues.negation.iter().any(|n| n == w) {
                let pair = words.get(i + 1).map(|next| format!("{w} {next}"));
                if !pair.is_some_and(|p| cues.negation_exceptions.contains(&p)) {
                    negated = true;
                }
            }
        }
        let negating_verb = words.iter().any(|w| cues.negating_verbs.iter().any(|v| v == w));
        let confirmed = words.iter().any(|w| cues.confirmation.iter().any(|v| v == w));
        let modality = (self.rules.modality_entries())
            .find(|(_, m)| words.iter().any(|w| m.cues.iter().any(|c| c == w)))
            .map(|(id, _)| id);
        let span = (view.toks[clause.start].span.start, view.toks[clause.end - 1].span.end);
        let within = |e: &&TimeExpression| e.span.start >= span.0 && e.span.end <= span.1;
        let pick = |role: TimeRole, clause_only: bool| {
            let clause_time =
                times.iter().filter(within).find(|e| e.role == role && e.date.is_some());
            let any = times.iter().find(|e| e.role == role && e.date.is_some());
            clause_time.or(if clause_only { None } else { any }).and_then(|e| e.date)
        };
        let point = pick(TimeRole::Point, false);
        let deadline = pick(TimeRole::Deadline, false);
        let text = &self.text[span.0..span.1];
        let share = percent(text, &self.rules.cues.percent_words);
        let value = money(text, &self.rules.cues.currencies);
        let switches: Vec<(FamilyId, FamilyId)> = self
            .rules
            .switches
            .iter()
            .filter(|s| s.scope == SwitchScope::Clause)
            .filter(|s| words.iter().any(|w| s.cues.iter().any(|c| c == w)))
            .map(|s| (s.family, s.to))
            .collect();
        let trigger_markers: Vec<(usize, bool)> = (from..self.findings.len())
            .map(|i| {
                let f = &self.findings[i];
                let t = view.toks.iter().position(|tok| tok.span == f.trigger);
                let bare = f.clause == ci
                    && t.is_some_and(|t| {
                        t >= clause.start
                            && t < clause.end
                            && self.marker_of(view, clause, t, 0).0 == Marker::Bare
                    });
                (i, bare)
            })
            .collect();
        for (i, bare_trigger) in trigger_markers {
            let is_noun = self
                .rules
                .frames
                .iter()
                .any(|fr| fr.id == self.findings[i].rule && fr.pos == Pos::Noun);
            let f = &mut self.findings[i];
            if f.clause != ci {
                continue;
            }
            let negatable = self.rules.frames.iter().any(|fr| fr.id == f.rule && fr.negatable);
            if negatable && (negated || (is_noun && negating_verb && bare_trigger)) {
                f.polarity = Polarity::Negative;
            }
            let rules = self.rules;
            if confirmed && is_noun && rules.family_of(f.family).deal {
                let confirming = f.status.and_then(|from| {
                    rules.status_entries().find(|(_, s)| s.confirms == Some(from)).map(|(id, _)| id)
                });
                if confirming.is_some() {
                    f.status = confirming;
                }
            }
            if let Some(m) = modality
                && f.modality == rules.default_modality
            {
                f.modality = m;
            }
            for (family, to) in &switches {
                if f.family == *family {
                    f.family = *to;
                    f.status = rules.family_of(*to).status;
                }
            }
            f.date = f.date.or(point);
            // A statement is made at a time; the deadlines it speaks of belong to its content.
            if f.family != rules.mechanism.families.speech {
                f.deadline = f.deadline.or(deadline);
            }
            let family = rules.family_of(f.family);
            let literal_roles = &rules.mechanism.roles;
            for (role, literal) in
                [(literal_roles.percentage, &share), (literal_roles.price, &value)]
            {
                if family.has_further(role)
                    && let Some(l) = literal
                {
                    f.literals.entry(role).or_insert_with(|| l.clone());
                }
            }
        }
    }

    /// "X will zusammen mit Y Z übernehmen": X and Y are partners in the deal.
    fn joint_ventures(&mut self, view: &View<'_>, from: usize) {
        let rules = self.rules;
        let partners = rules.family_of(rules.mechanism.families.joint_venture);
        let mut joint = Vec::new();
        for f in &self.findings[from..] {
            let agents = f.fillers(rules.mechanism.roles.actor);
            let together = agents.len() > 1 && agents.iter().any(|a| view.comitative.contains(a));
            if rules.family_of(f.family).joint && together && f.complete {
                let mut partnership = f.clone();
                partnership.family = partners.id;
                partnership.rule = rules.mechanism.rules.joint_venture.clone();
                partnership.roles = BTreeMap::from([(partners.subject.id, agents.to_vec())]);
                partnership.literals.clear();
                partnership.status = None;
                joint.push(partnership);
            }
        }
        self.findings.extend(joint);
    }

    /// Switches whose cue may stand anywhere in the sentence ("drohte damit, … zu verbieten").
    fn switch_sentence(&mut self, view: &View<'_>, from: usize) {
        if from == self.findings.len() {
            return;
        }
        for switch in self.rules.switches.iter().filter(|s| s.scope == SwitchScope::Sentence) {
            if !view.folded.iter().any(|w| switch.cues.iter().any(|c| c == w)) {
                continue;
            }
            for f in &mut self.findings[from..] {
                if f.family == switch.family {
                    f.family = switch.to;
                }
            }
        }
    }

    /// Seats stated by a place adjective before an organisation ("der Kölner Verlag X") or an
    /// origin phrase after it ("X aus Boston").
    fn seats(&mut self, si: usize, view: &View<'_>, clauses: &[Clause]) {
        let rules = &self.knowledge.rules;
        let seat_rules = &self.rules.mechanism.rules;
        let mut found = Vec::new();
        for clause in clauses {
            for a in view.args.iter().filter(|a| a.first >= clause.start && a.first < clause.end) {
                if !matches!(
                    self.category(&a.entity),
                    Some(Category::Organization | Category::Media)
                ) {
                    continue;
                }
                // A country opening the class noun or the descriptor: "der US-Softwarekonzern X".
                let own = (a.first == a.last).then_some(a.first);
                let class = a.first.checked_sub(1).filter(|&k| self.is_apposition_noun(view, k));
                for k in own.into_iter().chain(class) {
                    let countries = view.modifiers.get(&k).into_iter().flatten();
                    for place in countries.filter(|p| self.category(p) == Some(Category::Place)) {
                        found.push((
                            a.entity.clone(),
                            place.clone(),
                            &seat_rules.country_compound_seat,
                            view.toks[k].span,
                        ));
                    }
                }
                // Walk back over the noun phrase for a place adjective.
                let mut k = a.first;
                while k > clause.start {
                    k -= 1;
                    let word = &view.words[k];
                    if rules.is_place_adjective(word)
                        && let Some(place) = self.place_of_adjective(word)
                    {
                        found.push((
                            a.entity.clone(),
                            place,
                            &seat_rules.place_adjective_seat,
                            view.toks[k].span,
                        ));
                        break;
                    }
                    if word.starts_with(char::is_lowercase)
                        && let Some(country) = rules.nationality(word)
                        && self.category(country) == Some(Category::Place)
                    {
                        found.push((
                            a.entity.clone(),
                            country.to_string(),
                            &seat_rules.nationality_seat,
                            view.toks[k].span,
                        ));
                        break;
                    }
                    let inside = self.is_apposition_noun(view, k)
                        || word.starts_with(char::is_lowercase)
                            && !self.is_determiner(view.folded[k]);
                    if !inside {
                        break;
                    }
                }
                // "WeChat vom Internet-Konzern Tencent": a product and its maker.
                if self.category(&a.entity) == Some(Category::Product) {
                    let maker = view.args.iter().find(|b| {
                        b.first > a.last
                            && b.first < clause.end
                            && matches!(&b.marker, Marker::Prep(p) if self.has(p, cue::MAKER_PREPOSITION))
                            && matches!(self.category(&b.entity), Some(Category::Organization))
                            && (a.last + 1..b.first).all(|k| {
                                let w = view.folded[k];
                                self.rules.preposition(w).is_some_and(|p| self.has(p, cue::MAKER_PREPOSITION))
                                    || self.is_determiner(w)
                                    || view.words[k].starts_with(char::is_lowercase)
                                    || self.is_apposition_noun(view, k)
                            })
                    });
                    if let Some(maker) = maker {
                        found.push((
                            maker.entity.clone(),
                            a.entity.clone(),
                            &seat_rules.product_maker,
                            view.toks[a.last].span,
                        ));
                    }
                }
                // "der Software-Gigant aus Redmond", "der Redmonder Konzern": a descriptor that
                // names the seat the lexicon gives.
                if let Some(seat) =
                    self.knowledge.lexicon.get(&a.entity).and_then(|e| e.seat.as_ref())
                    && let Some(place) = self.knowledge.lexicon.get(seat)
                {
                    let phrase =
                        fold(&self.text[view.toks[a.first].span.start..view.toks[a.last].span.end]);
                    let names =
                        std::iter::once(&place.label).chain(place.aliases.iter().map(|n| &n.text));
                    if names.map(|n| fold(n)).any(|n| phrase.contains(&n)) && a.last > a.first
                        || view.toks[a.first].parts.is_empty()
                            && phrase.contains(&fold(&place.label))
                            && a.first != a.last
                    {
                        found.push((
                            a.entity.clone(),
                            seat.clone(),
                            &seat_rules.descriptor_seat,
                            view.toks[a.first].span,
                        ));
                    }
                }
                // "X aus Boston".
                let next = a.last + 1;
                if next + 1 < clause.end && view.folded[next] == rules.origin_preposition {
                    let place =
                        view.args.iter().find(|b| b.first == next + 1).map(|b| b.entity.clone());
                    if let Some(place) = place.filter(|p| self.category(p) == Some(Category::Place))
                    {
                        found.push((
                            a.entity.clone(),
                            place,
                            &seat_rules.origin_seat,
                            view.toks[next].span,
                        ));
                    }
                }
            }
        }
        let seat = self.rules.family_of(self.rules.mechanism.families.seat);
        let Some(place_role) = seat.object_id() else { return };
        let mut seats = Vec::with_capacity(found.len());
        for (organization, place, rule, trigger) in found {
            seats.push(Finding {
                family: seat.id,
                rule: rule.clone(),
                roles: BTreeMap::from([
                    (seat.subject.id, vec![organization]),
                    (place_role, vec![place]),
                ]),
                literals: BTreeMap::new(),
                polarity: Polarity::Positive,
                modality: self.rules.default_modality,
                attribution: None,
                status: None,
                date: None,
                deadline: None,
                sentence: si,
                trigger,
                confidence: 0.8,
                consumed: false,
                complete: true,
                clause: usize::MAX,
                topic_role: None,
                topic_categories: None,
            });
        }
        self.findings.extend(seats);
    }

    /// The place a place adjective derives from: "Kölner" → Köln, "Dresdner" → Dresden.
    fn place_of_adjective(&self, word: &str) -> Option<String> {
        let rules = &self.knowledge.rules;
        let stem = word.strip_suffix(rules.place_adjective_ending.as_str())?;
        rules.place_stem_endings.iter().find_map(|ending| {
            let candidate = match ending.strip_prefix('+') {
                // "+e": insert before the stem's last letter ("Dresdn" → "Dresden").
                Some(insert) => {
                    let (head, last) = stem.split_at(stem.char_indices().last()?.0);
                    format!("{head}{insert}{last}")
                }
                None => format!("{stem}{ending}"),
            };
            let id = self.gazetteer.entity_named(&candidate)?;
            (self.category(id) == Some(Category::Place)).then(|| id.to_string())
        })
    }

    /// Speakers of a sentence: statement findings and "laut X", "X zufolge"; the other findings
    /// of the sentence are attributed to the first of them and count as reported. Unnamed
    /// sources ("Insidern zufolge") make them rumoured.
    fn attribute(&mut self, view: &View<'_>, from: usize) {
        if from == self.findings.len() {
            return;
        }
        let rules = self.rules;
        let speech = rules.family_of(rules.mechanism.families.speech);
        let speakers: Vec<String> = self.findings[from..]
            .iter()
            .filter(|f| f.family == speech.id)
            .flat_map(|f| f.fillers(speech.subject.id).to_vec())
            .collect();
        let joined = view.folded.join(" ");
        let rumour = rules.cues.rumour.iter().any(|r| joined.contains(r.as_str()));
        let (stated, attributed) = (rules.default_modality, rules.attributed_modality);
        for f in &mut self.findings[from..] {
            // Statements, and what an apposition or adjective describes, are the text's own.
            if rules.family_of(f.family).unattributed {
                continue;
            }
            let subject_speaks =
                speakers.first().is_some_and(|s| f.roles.values().flatten().any(|e| e == s));
            if let Some(speaker) = speakers.first() {
                f.attribution = Some(speaker.clone());
                if f.modality == stated && !subject_speaks {
                    f.modality = attributed;
                }
            }
            if rumour && (f.modality == stated || f.modality == attributed) {
                f.modality = rules.unnamed_source_modality;
            }
        }
    }

    /// Roles stated by appositions during resolution ("Oracle-Gründer Larry Ellison").
    fn roles(&mut self, roles: &[Role]) {
        let rules = self.rules;
        let position = rules.family_of(rules.mechanism.families.position);
        let founding = rules.family_of(rules.mechanism.families.founding);
        let (Some(position_in), Some(founded)) = (position.object_id(), founding.object_id())
        else {
            return;
        };
        for role in roles {
            let Some(org) = &role.organization else { continue };
            let mut fill = BTreeMap::new();
            fill.insert(position.subject.id, vec![role.person.clone()]);
            fill.insert(position_in, vec![org.clone()]);
            let mut literals = BTreeMap::new();
            literals.insert(
                rules.mechanism.roles.position_name,
                role.label.clone().unwrap_or_else(|| role.noun.clone()),
            );
            let base = Finding {
                family: position.id,
                rule: rules.mechanism.rules.position.clone(),
                roles: fill.clone(),
                literals,
                polarity: Polarity::Positive,
                modality: rules.default_modality,
                attribution: None,
                status: None,
                date: None,
                deadline: None,
                sentence: role.sentence,
                trigger: Span::default(),
                confidence: 0.85,
                consumed: false,
                complete: true,
                clause: usize::MAX,
                topic_role: None,
                topic_categories: None,
            };
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

    /// Statuses that follow from other findings of the document: an offer whose bidder was
    /// turned down is rejected; a deal whose party needs an approval is pending approval. The
    /// statuses and what settles them are those of `relations.toml`, in its order.
    fn settle_statuses(&mut self) {
        let rules = self.rules;
        // For each status that findings settle: the objects of its settling family's findings.
        let settled: Vec<(StatusId, &Status, BTreeSet<String>)> = (rules.status_entries())
            .filter_map(|(id, status)| {
                let by = rules.family_of(status.settled_by?);
                let object = by.object_id()?;
                let objects = (self.findings.iter())
                    .filter(|f| f.family == by.id && f.polarity == Polarity::Positive)
                    .flat_map(|f| f.fillers(object).iter().cloned())
                    .collect();
                Some((id, status, objects))
            })
            .collect();
        for f in &mut self.findings {
            if !rules.family_of(f.family).deal {
                continue;
            }
            let settling = settled.iter().find(|(_, status, objects)| {
                let fillers: Vec<&String> = match status.role {
                    Some(role) => f.roles.get(&role).into_iter().flatten().collect(),
                    None => f.roles.values().flatten().collect(),
                };
                status.of.is_none_or(|of| of == f.family)
                    && fillers.iter().any(|e| objects.contains(*e))
            });
            // A status never gives way to a more decisive one the text gave before.
            if let Some((id, _, _)) = settling
                && f.status.is_none_or(|current| current >= *id)
            {
                f.status = Some(*id);
            }
        }
    }

    /// A role's fillers; a deal's parties are its subject, object and what changes hands, but
    /// not a seller (an approval concerns the buyer and the bought).
    fn role_values(&self, f: &Finding, role: RoleId) -> Vec<String> {
        let named = &self.rules.mechanism.roles;
        if role != named.deal_parties {
            return f.fillers(role).to_vec();
        }
        let family = self.rules.family_of(f.family);
        let roles = std::iter::once(family.subject.id)
            .chain(family.object_id())
            .filter(|r| *r != named.vendor)
            .chain(family.roles.iter().map(|r| r.id).filter(|r| *r == named.traded));
        let mut out: Vec<String> = Vec::new();
        for r in roles {
            for e in f.fillers(r) {
                if !out.contains(e) {
                    out.push(e.clone());
                }
            }
        }
        out
    }
}

/// Entities of a coordination group.
fn group_entities(args: &[&Arg], group: usize) -> Vec<String> {
    let mut out = Vec::new();
    for a in args.iter().filter(|a| a.group == group) {
        if !out.contains(&a.entity) {
            out.push(a.entity.clone());
        }
    }
    out
}

/// "15 Prozent", "15,5 %": a number before a percent word.
fn percent(text: &str, words: &[String]) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    tokens.windows(2).find_map(|w| {
        let number = w[0].starts_with(|c: char| c.is_ascii_digit())
            && w[0].chars().all(|c| c.is_ascii_digit() || c == ',');
        let unit = fold(w[1].trim_end_matches(['.', ',', ';']));
        (number && words.contains(&unit)).then(|| format!("{} %", w[0]))
    })
}

/// "rund 1,4 Milliarden Euro", "600 Millionen Dollar": a number, a scale word if any, a currency.
fn money(text: &str, currencies: &[String]) -> Option<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let currency = |w: &str| currencies.contains(&fold(w.trim_end_matches(['.', ',', ';'])));
    for i in 0..tokens.len() {
        let number = tokens[i].starts_with(|c: char| c.is_ascii_digit())
            && tokens[i].chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.');
        if !number {
            continue;
        }
        let clean = |w: &str| w.trim_end_matches(['.', ',', ';']).to_string();
        match tokens.get(i + 1..(i + 3).min(tokens.len())) {
            Some([scale, cur]) if currency(cur) => {
                return Some(format!("{} {} {}", tokens[i], scale, clean(cur)));
            }
            Some([cur, ..]) if currency(cur) => {
                return Some(format!("{} {}", tokens[i], clean(cur)));
            }
            _ => {}
        }
    }
    None
}

/// A fact as evaluation and the direct triples see it: one subject–object pair of a finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fact {
    /// The family's name: facts are what the output shows.
    pub family: String,
    pub subject: String,
    /// `None` for families without an object (statements).
    pub object: Option<String>,
    pub polarity: Polarity,
    /// Index of the finding it comes from.
    pub finding: usize,
}

/// The facts of complete findings that no other finding replaced. A symmetric family gives one
/// fact per pair of its parties, in text order.
pub fn facts(findings: &[Finding], rules: &RelationRules) -> Vec<Fact> {
    let mut out = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if !f.complete || f.consumed {
            continue;
        }
        let family = rules.family_of(f.family);
        let subjects = f.fillers(family.subject.id);
        let objects = family.object_id().map(|o| f.fillers(o)).unwrap_or_default();
        let mut pairs: Vec<(String, Option<String>)> = Vec::new();
        if family.object.is_none() {
            pairs.extend(subjects.iter().map(|s| (s.clone(), None)));
        } else if family.symmetric {
            let parties: Vec<&String> = subjects.iter().chain(objects).collect();
            for (a, x) in parties.iter().enumerate() {
                for y in &parties[a + 1..] {
                    if x != y {
                        pairs.push(((*x).clone(), Some((*y).clone())));
                    }
                }
            }
        } else {
            for s in subjects {
                for o in objects.iter().filter(|o| *o != s) {
                    pairs.push((s.clone(), Some(o.clone())));
                }
            }
        }
        for (subject, object) in pairs {
            out.push(Fact {
                family: family.name.clone(),
                subject,
                object,
                polarity: f.polarity,
                finding: i,
            });
        }
    }
    out
}
