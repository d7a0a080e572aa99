//! Mentions as arguments: what governs each mention's noun phrase and what it hangs on.
//!
//! The extractor ([`super`]) reads a sentence as [`SentenceArguments`]: its tokens, and each mention
//! as an [`Arg`] marked by what governs its phrase (nothing, a preposition, a genitive article,
//! a postposition) and, for an attribute, the noun it hangs on. Coordinated phrases ("X und Y")
//! share a group; a transparent noun ("das US-Geschäft von X") passes its attribute's place on.
//! The clauses ([`super::clauses`]) cut the sentence first; the frames ([`super::frames`]) read
//! the marked arguments as slots.

use std::collections::{BTreeMap, BTreeSet};

use super::Extractor;
use super::clauses::Clause;
use crate::analysis::recognize::Mention;
use crate::analysis::sentence::TokenizedSentence;
use crate::knowledge::Category;
use crate::knowledge::dictionary::{Genders, Noun};
use crate::knowledge::relations::{Case, Slot, cue};
use crate::text::token::{DOUBLE_QUOTES, Token};

/// What governs an argument's noun phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Marker {
    Bare,
    Prep(String),
    Genitive,
    Postposition(String),
}

/// A mention as an argument of its clause.
#[derive(Debug, Clone)]
pub(super) struct Arg {
    pub(super) entity: String,
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) marker: Marker,
    /// The noun (token index) an attribute hangs on; `None` for the clause.
    pub(super) attached: Option<usize>,
    pub(super) determiner: Option<String>,
    /// Arguments joined by "und", "oder", "sowie", "weder … noch" share a group.
    pub(super) group: usize,
}

/// The cue lists whose words are no nouns ([`Extractor::is_cue`]).
const CUES: u32 = cue::NEGATION | cue::COORDINATOR | cue::POSTPOSITION | cue::PREPOSITION;

pub(super) type MarkerOf = (Marker, Option<usize>, Option<String>, Option<usize>);

/// A sentence as the extractor reads it: tokens and their folded text, arguments, compound
/// modifiers.
pub(super) struct SentenceArguments<'t> {
    pub(super) toks: &'t [Token],
    pub(super) words: Vec<&'t str>,
    /// Each token folded, as the pipeline folded it.
    pub(super) folded: Vec<&'t str>,
    /// The [`cue`] lists each token is in, as bits: looked up once, for the many tests of the
    /// stages that read the sentence.
    pub(super) cues: Vec<u32>,
    /// The noun frames of each capitalised token (indices in the rules' frames), looked up
    /// once for the passes that read them.
    pub(super) nouns: Vec<&'t [usize]>,
    pub(super) args: Vec<Arg>,
    /// Token index → entities naming the first part of its hyphen compound.
    pub(super) modifiers: BTreeMap<usize, Vec<String>>,
    /// Entities joined to a subject by "zusammen mit".
    pub(super) comitative: Vec<String>,
    /// Tokens inside time expressions.
    pub(super) time_tokens: BTreeSet<usize>,
}

impl SentenceArguments<'_> {
    /// Whether token `i` is in any of the [`cue`] lists `lists`.
    #[inline]
    pub(super) fn cued(&self, i: usize, lists: u32) -> bool {
        self.cues[i] & lists != 0
    }
}

impl<'a> Extractor<'a> {
    /// The arguments of a sentence and the mentions that modify its tokens; `mentions` are those
    /// of the sentence.
    pub(super) fn arguments<'t>(
        &self,
        sentence: &'t TokenizedSentence<'t>,
        mentions: &[&Mention],
    ) -> SentenceArguments<'t>
    where
        'a: 't,
    {
        let toks = sentence.tokens;
        let words: Vec<&str> = toks.iter().map(|t| &self.text[t.span.bytes()]).collect();
        let folded: Vec<&str> = (0..toks.len()).map(|i| sentence.words.folded(i)).collect();
        let cues = folded.iter().map(|w| self.rules.cue(w)).collect();
        let (mut args, modifiers) = self.mention_arguments(toks, &folded, mentions);
        args.sort_by_key(|a| a.first);
        for (i, a) in args.iter_mut().enumerate() {
            a.group = i;
        }
        // A word inside a name after its first is no trigger ("Vennberg Partners").
        let in_name = |i: usize| args.iter().any(|a| a.first < i && i <= a.last);
        let nouns = (0..toks.len())
            .map(|i| {
                if sentence.words.upper(i) && self.rules.may_be_noun(folded[i]) && !in_name(i) {
                    self.rules.noun_frame_ids(folded[i])
                } else {
                    &[][..]
                }
            })
            .collect();
        let times = &sentence.times;
        let time_tokens = (0..toks.len())
            .filter(|&i| times.iter().any(|e| e.span.contains(&toks[i].span)))
            .collect();
        SentenceArguments {
            toks,
            words,
            folded,
            cues,
            nouns,
            args,
            modifiers,
            comitative: Vec::new(),
            time_tokens,
        }
    }

    /// The mentions as arguments, and the entities naming the first part of a token's hyphen
    /// compound ("US-Konzern"), which modify it.
    fn mention_arguments(
        &self,
        toks: &[Token],
        folded: &[&str],
        mentions: &[&Mention],
    ) -> (Vec<Arg>, BTreeMap<usize, Vec<String>>) {
        let mut args = Vec::new();
        let mut modifiers: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for m in mentions {
            let covers = |t: &Token| t.span.start < m.span.end && m.span.start < t.span.end;
            let (Some(first), Some(last)) =
                (toks.iter().position(covers), toks.iter().rposition(covers))
            else {
                continue;
            };
            // "Elbion Foundry Services (EFS)": a name repeated in brackets is no argument of
            // its own.
            let word = |i: usize| toks.get(i).map(|t| &self.text[t.span.bytes()]);
            let bracketed = first >= 2
                && word(first - 1) == Some("(")
                && word(last + 1) == Some(")")
                && args.last().is_some_and(|a: &Arg| a.last == first - 2 && a.entity == m.entity);
            if bracketed {
                continue;
            }
            let token = &toks[first];
            let modifier = m.compound_head.is_some()
                || (first == last && m.span.end < token.span.end && token.parts.len() > 1);
            // "des Tiktok-Geschäfts" stands for TikTok, as "das Geschäft von TikTok" does, and
            // "der Tencent-Konzern" for Tencent: a class noun of its own kind with no name after it
            // ("der Bayer-Konkurrent BASF" names BASF).
            let word = &self.text[token.span.bytes()];
            let category = self.category(&m.entity);
            let named_after = toks
                .get(first + 1)
                .is_some_and(|next| mentions.iter().any(|o| o.span.start == next.span.start));
            let itself = || {
                !named_after
                    && (self.knowledge.rules.class_of_folded(word, folded[first])).is_some_and(
                        |(class, _)| category.is_some_and(|c| class.categories.contains(&c)),
                    )
            };
            // "Siemens-Vorstand Peter Kern": a name after the board names who acts.
            let transparent = modifier
                && (self.rules.is_transparent(folded[first]) && !named_after || itself())
                && category != Some(Category::Place);
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
        (args, modifiers)
    }

    /// Adds the arguments of words that refer to entities named elsewhere (a pronoun, "beide
    /// Unternehmen"): `refer` gives, for token `i` of clause `ci`, the entities it stands for
    /// (none for most words); each becomes an argument at the token, those of one word
    /// coordinated in a group of their own. Then marks the clauses they stand in.
    pub(super) fn add_references(
        &self,
        view: &mut SentenceArguments<'_>,
        clauses: &[Clause],
        refer: impl Fn(&SentenceArguments<'_>, usize, usize) -> Vec<String>,
    ) {
        let mut references = Vec::new();
        for (ci, clause) in clauses.iter().enumerate() {
            for i in clause.start..clause.end {
                let entities = refer(view, ci, i);
                if !entities.is_empty() {
                    references.push((ci, i, entities));
                }
            }
        }
        if references.is_empty() {
            return;
        }
        let next_group = view.args.iter().map(|a| a.group).max().map_or(0, |g| g + 1);
        let mut touched = Vec::new();
        for (group, (ci, i, entities)) in (next_group..).zip(references) {
            for entity in entities {
                let determiner = None;
                let (first, last, marker, attached) = (i, i, Marker::Bare, None);
                view.args.push(Arg { entity, first, last, marker, attached, determiner, group });
            }
            touched.push(ci);
        }
        touched.dedup();
        view.args.sort_by_key(|a| a.first);
        for ci in touched {
            self.mark(view, clauses[ci]);
        }
    }

    /// Marks every argument of a clause.
    pub(super) fn mark(&self, view: &mut SentenceArguments<'_>, clause: Clause) {
        let indices: Vec<usize> = (0..view.args.len())
            .filter(|&i| view.args[i].first >= clause.start && view.args[i].first < clause.end)
            .collect();
        for ai in indices {
            let first = view.args[ai].first;
            let pronoun = view.args[ai].determiner.is_some()
                && first == view.args[ai].last
                && view.cued(first, cue::RELATIVE_PRONOUN);
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
            // "Halvions Angebot", "Sachsens Wirtschaftsminister X": a name in the genitive
            // before a noun is that noun's attribute, as "das Angebot von Halvion" is.
            let saxon = (marker == Marker::Bare && determiner.is_none())
                .then(|| self.saxon_genitive_head(view, clause, ai))
                .flatten();
            let arg = &mut view.args[ai];
            arg.determiner = determiner;
            if let Some(head) = saxon {
                arg.marker = Marker::Genitive;
                arg.attached = Some(head);
            } else if let Some(p) = post {
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

    /// The noun that argument `ai` stands before as a genitive with "-s" ("Halvions Angebot",
    /// "Brisacs deutscher Rivale X"): its name without the ending names its entity, and a
    /// capitalised common noun follows it, perhaps after adjectives, in its clause.
    fn saxon_genitive_head(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        ai: usize,
    ) -> Option<usize> {
        let arg = &view.args[ai];
        let surface = &self.text[view.toks[arg.first].span.start..view.toks[arg.last].span.end];
        let inflection = &self.knowledge.inflection;
        if !inflection.genitive_stems(surface).any(|name| self.document.names(&arg.entity, name)) {
            return None;
        }
        let endings = &self.rules.cues.adjective_endings;
        let mut k = arg.last + 1;
        while k < clause.end
            && k - arg.last <= 2
            && view.words[k].starts_with(char::is_lowercase)
            && endings.iter().any(|e| view.folded[k].ends_with(e.as_str()))
            && !view.cued(k, CUES | cue::DETERMINER)
        {
            k += 1;
        }
        let head = k < clause.end
            && self.is_noun(view, k)
            && !view.args.iter().any(|a| a.first == k)
            && !view.time_tokens.contains(&k);
        head.then_some(k)
    }

    /// What governs the noun phrase whose head starts at token `first`: walks back over
    /// adjectives, apposition nouns and a determiner to a preposition, a genitive article after a
    /// noun, a coordinator after another argument, or anything else (a bare phrase).
    pub(super) fn marker_of(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        first: usize,
        depth: usize,
    ) -> MarkerOf {
        let mut k = first;
        let mut determiner: Option<String> = None;
        let mut determiner_at = first;
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
            if let Some(opener) = self.degree_opener(view, clause, k) {
                // "gehört zu 60 Prozent der Familie X": a share that says how much governs no
                // phrase; the phrase is the clause's.
                k = opener;
                continue;
            }
            if determiner.is_none() && self.is_determiner(w) {
                determiner = Some(w.to_string());
                determiner_at = k;
                continue;
            }
            if determiner.is_none()
                && lower < 3
                && (word.starts_with(char::is_lowercase) || Self::is_number(word))
                && view.toks[k].is_word(self.text) | Self::is_number(word)
                && !self.is_cue(w)
                && !self.is_verb_cue(w)
                // "Seit 2021 gehört X": a verb ends the phrase before the name.
                && !self.has(w, cue::FINITE_VERB)
                && self.rules.verb_forms(w).next().is_none()
                && !self.has(w, cue::PRONOUN)
                // "in einem Brief schrieb X": a reporting verb ends the phrase before the name.
                && !self.reporting_verb(w)
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
            let determiner =
                determiner.map(|d| self.cased_by_number(view, d, determiner_at, first));
            if let Some(other) = self.coordinated_before(view, clause, k) {
                return (other.marker.clone(), other.attached, determiner, Some(other.group));
            }
            let cues = &self.knowledge.relations.cues;
            let accusative =
                determiner.as_ref().is_some_and(|d| cues.accusative_determiners.contains(d));
            let attached = self
                .attachment(view, clause, k, p)
                .filter(|&n| !accusative || self.takes_direction(view, n, p));
            let result = (Marker::Prep(p.clone()), attached, determiner, None);
            return self.through_transparent(view, clause, result, depth);
        }
        if self.has(w, cue::COORDINATOR) {
            if let Some(other) = self.coordinated_before(view, clause, k + 1) {
                return (other.marker.clone(), other.attached, determiner, Some(other.group));
            }
            // "mit asiatischen Anbietern wie Haier": a name joined to a common noun's phrase is
            // governed as that phrase is.
            let common_noun = k > clause.start
                && Self::arg_ending_at(view, k - 1).is_none()
                && self.is_noun(view, k - 1);
            if common_noun && depth == 0 {
                let (marker, attached, _, _) = self.marker_of(view, clause, k, depth + 1);
                if matches!(marker, Marker::Prep(_)) {
                    return (marker, attached, determiner, None);
                }
            }
            return (Marker::Bare, None, determiner, None);
        }
        let genitive = determiner.as_ref().is_some_and(|d| {
            self.has(d, cue::GENITIVE_DETERMINER)
                && self.genitive_agrees(view, d, determiner_at, first)
        });
        let noun_head = Self::arg_ending_at(view, k).is_none() || self.is_trigger_noun(w);
        if genitive && self.is_noun(view, k) && noun_head {
            let result = (Marker::Genitive, Some(k), determiner, None);
            return self.through_transparent(view, clause, result, depth);
        }
        (Marker::Bare, None, determiner, None)
    }

    /// Whether the noun at `noun` takes a phrase of preposition `p` in the accusative, a
    /// direction: a noun no frame reads does ("ein Brief an die Aktionäre"), a trigger noun only
    /// if one of its frames has such a slot ("der Verkauf an den Investor X"); "Anteile an den
    /// Investor X verkaufen" names the buyer on the clause, the stake being "an" a dative.
    fn takes_direction(&self, view: &SentenceArguments<'_>, noun: usize, p: &str) -> bool {
        let mut frames = self.rules.noun_frames(view.folded[noun]).peekable();
        frames.peek().is_none()
            || frames
                .flat_map(|f| f.roles.iter().flat_map(|(_, slots)| slots))
                .any(|slot| matches!(slot, Slot::Prep(q, Case::Any | Case::Accusative) if q == p))
    }

    /// A determiner whose case the number of the noun after it decides (`number_cased_determiners`)
    /// as the determiner of that case: "den Investor" as "einen", "den Stahlwerken" as "dem".
    /// The first capitalised word from the determiner at `at` to the phrase's head at `first`
    /// with readings ([`Extractor::noun_readings`]) decides; one of both numbers leaves it as it
    /// is.
    fn cased_by_number(
        &self,
        view: &SentenceArguments<'_>,
        determiner: String,
        at: usize,
        first: usize,
    ) -> String {
        let cues = &self.knowledge.relations.cues;
        let Some([singular, plural]) = cues.number_cased_determiners.get(&determiner) else {
            return determiner;
        };
        let readings = (at + 1..=first)
            .filter(|&j| view.words[j].starts_with(char::is_uppercase))
            .map(|j| self.noun_readings(view.folded[j]))
            .find(|readings| !readings.is_empty());
        let Some(readings) = readings else { return determiner };
        match (readings.iter().any(Noun::singular), readings.iter().any(Noun::plural)) {
            (true, false) => singular.clone(),
            (false, true) => plural.clone(),
            _ => determiner,
        }
    }

    /// The dictionary's readings of a folded noun, or of its last part: after a hyphen ("den
    /// US-Investor"), or from its class noun's head ("den Finanzinvestor").
    fn noun_readings(&self, folded: &str) -> Vec<Noun> {
        let dictionary = &self.knowledge.dictionary;
        let last = folded.rsplit('-').next().unwrap_or_default();
        let readings = dictionary.nouns(last);
        if !readings.is_empty() {
            return readings;
        }
        match self.knowledge.rules.class_of_candidate(last).and_then(|(_, head)| last.rfind(head)) {
            Some(at) if at > 0 => dictionary.nouns(&last[at..]),
            _ => readings,
        }
    }

    /// Where a phrase of degree ends that closes at token `k` ("zu 60 Prozent", "mit knapp 7
    /// Prozent"): the index of its preposition, one of the `degree_prepositions`.
    fn degree_opener(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        k: usize,
    ) -> Option<usize> {
        let cues = &self.knowledge.relations.cues;
        if !cues.percent_words.iter().any(|p| p == view.folded[k]) {
            return None;
        }
        let mut j =
            k.checked_sub(1).filter(|&j| j > clause.start && Self::is_number(view.words[j]))?;
        // "mit knapp 7 Prozent", "zu rund 30 Prozent"
        for _ in 0..2 {
            if cues.degree_prepositions.iter().any(|p| p == view.folded[j - 1]) {
                return Some(j - 1);
            }
            if j - 1 <= clause.start || !view.words[j - 1].starts_with(char::is_lowercase) {
                return None;
            }
            j -= 1;
        }
        None
    }

    /// Whether the nouns between a genitive determiner at `at` and the phrase's head at `first`
    /// have a genitive form the determiner fits: "der" and "einer" only of a feminine or plural
    /// noun. A noun the dictionary does not know fits.
    fn genitive_agrees(
        &self,
        view: &SentenceArguments<'_>,
        determiner: &str,
        at: usize,
        first: usize,
    ) -> bool {
        let cues = &self.knowledge.relations.cues;
        if !cues.feminine_genitive_determiners.iter().any(|d| d == determiner) {
            return true;
        }
        (at + 1..first).filter(|&j| view.words[j].starts_with(char::is_uppercase)).all(|j| {
            let readings = self.knowledge.dictionary.nouns(view.folded[j]);
            readings.is_empty()
                || readings.iter().any(|n| {
                    n.cases & Noun::GENITIVE_PLURAL != 0
                        || n.cases & Noun::GENITIVE_SINGULAR != 0
                            && n.genders.has(Genders::FEMININE)
                })
        })
    }

    /// The noun a prepositional phrase at `prep` hangs on, if any. A noun takes one phrase of
    /// each preposition: the second goes to the clause ("seine Beteiligung an X an Y
    /// verkaufen": the stake is in X, Y buys it).
    pub(super) fn attachment(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        prep: usize,
        p: &str,
    ) -> Option<usize> {
        let noun = self.attachment_site(view, clause, prep, p)?;
        let taken = view.args.iter().any(|a| {
            a.first < prep
                && a.first >= clause.start
                && a.attached == Some(noun)
                && a.marker == Marker::Prep(p.to_string())
        });
        (!taken).then_some(noun)
    }

    fn attachment_site(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        prep: usize,
        p: &str,
    ) -> Option<usize> {
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
        if view.cued(before, cue::DETERMINER) {
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

    /// A genitive or "von"/"mit" attribute of a transparent noun ("das US-Geschäft von X")
    /// takes the place of that noun's phrase.
    pub(super) fn through_transparent(
        &self,
        view: &SentenceArguments<'_>,
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

    /// The argument a coordinator before token `at` joins to ("X und Y", "weder an X noch an Y").
    pub(super) fn coordinated_before<'v>(
        &self,
        view: &'v SentenceArguments<'_>,
        clause: Clause,
        at: usize,
    ) -> Option<&'v Arg> {
        let mut j = at;
        let mut saw = false;
        while j > clause.start && view.cued(j - 1, cue::COORDINATOR) {
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

    /// A capitalised noun right after a determiner: "den Ingenieuren Lena Brückner".
    pub(super) fn before_determiner(
        &self,
        view: &SentenceArguments<'_>,
        clause: Clause,
        k: usize,
    ) -> bool {
        let mut j = k;
        while j > clause.start
            && view.words[j - 1].starts_with(char::is_lowercase)
            && !view.cued(j - 1, cue::DETERMINER)
            && k - j < 2
        {
            j -= 1;
        }
        self.is_noun(view, k) && j > clause.start && view.cued(j - 1, cue::DETERMINER)
    }

    /// Bare arguments of a clause (not attached to a noun), in text order.
    pub(super) fn bare<'v>(
        &self,
        view: &'v SentenceArguments<'_>,
        clause: Clause,
    ) -> impl Iterator<Item = &'v Arg> {
        view.args.iter().filter(move |a| {
            a.first >= clause.start
                && a.first < clause.end
                && a.attached.is_none()
                && a.marker == Marker::Bare
        })
    }

    /// A capitalised word (not an argument) that can stand between a determiner and a name:
    /// a class noun, a compound opened by a name ("dem US-Softwarekonzern Oracle") or a place
    /// adjective ("der Kölner Verlag").
    pub(super) fn is_apposition_noun(&self, view: &SentenceArguments<'_>, i: usize) -> bool {
        let word = &view.words[i];
        word.starts_with(char::is_uppercase)
            && (self.knowledge.rules.class_of_folded(word, view.folded[i]).is_some()
                || view.modifiers.contains_key(&i)
                || self.knowledge.rules.is_place_adjective(word))
    }

    /// A capitalised content word that is not a function word.
    pub(super) fn is_noun(&self, view: &SentenceArguments<'_>, i: usize) -> bool {
        let word = &view.words[i];
        word.starts_with(char::is_uppercase)
            && view.toks[i].is_word(self.text)
            && (!self.knowledge.rules.name_stopwords.contains(view.folded[i])
                || self.is_trigger_noun(view.folded[i]))
            && !view.cued(i, CUES | cue::DETERMINER)
    }

    pub(super) fn is_determiner(&self, w: &str) -> bool {
        self.has(w, cue::DETERMINER)
    }

    pub(super) fn is_cue(&self, w: &str) -> bool {
        self.has(w, CUES)
    }

    /// A reporting verb that no adjective shares its form with ("widersprach", "schrieb", not
    /// "erklärte", which may be "die erklärte Absicht"): it ends the noun phrase before it.
    fn reporting_verb(&self, w: &str) -> bool {
        let speech = self.rules.mechanism.families.speech;
        !self.rules.cues.adjective_endings.iter().any(|e| w.ends_with(e.as_str()))
            && self.rules.verb_forms(w).any(|(f, _)| f.family == speech)
    }

    /// Words that never stand inside a noun phrase: auxiliaries, modals and the like.
    pub(super) fn is_verb_cue(&self, w: &str) -> bool {
        self.has(w, cue::PASSIVE_AUXILIARY | cue::MODALITY)
    }

    pub(super) fn arg_ending_at(view: &SentenceArguments<'_>, i: usize) -> Option<usize> {
        view.args.iter().position(|a| a.last == i)
    }

    /// Quotes and parentheses: skipped when looking for what governs a phrase.
    pub(super) fn is_quote(w: &str) -> bool {
        w.chars()
            .all(|c| DOUBLE_QUOTES.contains(&c) || matches!(c, '\'' | '‚' | '‘' | '’' | '(' | ')'))
    }

    pub(super) fn is_number(word: &str) -> bool {
        word.starts_with(|c: char| c.is_ascii_digit())
    }
}

/// Entities of a coordination group.
pub(super) fn group_entities(args: &[&Arg], group: usize) -> Vec<String> {
    let mut out = Vec::new();
    for a in args.iter().filter(|a| a.group == group) {
        if !out.contains(&a.entity) {
            out.push(a.entity.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analysis::extract::testing::assert_facts;

    #[test]
    fn the_von_phrase_of_a_passive_clause_is_its_agent() {
        assert_facts(
            "Die Reederei Baltmar AG wurde vom Finanzinvestor Corvex Capital übernommen.",
            &["acquisition: corvex-capital -> baltmar"],
            &["acquisition: baltmar -> corvex-capital"],
        );
    }

    #[test]
    fn a_genitive_attribute_hangs_on_its_trigger_noun() {
        assert_facts(
            "Die Übernahme der Spedition Nordlicht Logistik GmbH durch den Versandhändler Kavento \
             ist abgeschlossen.",
            &["acquisition: kavento -> spedition-nordlicht-logistik"],
            &[],
        );
    }

    #[test]
    fn coordinated_subjects_both_act() {
        assert_facts(
            "Der Versandhändler Kavento und der Finanzinvestor Corvex Capital übernehmen die \
             Reederei Baltmar AG.",
            &["acquisition: kavento -> baltmar", "acquisition: corvex-capital -> baltmar"],
            &[],
        );
    }

    #[test]
    fn a_transparent_noun_passes_its_attribute_on() {
        assert_facts(
            "Der Versandhändler Kavento kauft das Europageschäft der Reederei Baltmar AG.",
            &["acquisition: kavento -> baltmar"],
            &[],
        );
    }
}
