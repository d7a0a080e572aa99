//! Relation and event rules, loaded from `ontology/relations.toml`.
//!
//! A rule (a *frame*) names a relation family, the trigger words that evoke it (verb forms, or
//! noun heads matched at the end of a compound) and, for each role of the family, the syntactic
//! slots that may fill it ("subject", "prep:von", "genitive", …). The cues the extractor needs
//! (negation, modality, attribution, passive auxiliaries, prepositions) are data here too. The
//! file is validated on load: an unknown family, role or slot fails with file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result, line_of};
use crate::knowledge::suffix::{SuffixIndex, Tails, WordMap};
use crate::knowledge::{Category, parse_toml};
use crate::text::fold::fold;

/// The cue lists a folded word is in, as bits of [`RelationRules::cue`]: one lookup answers
/// every list, where the lists would be searched word by word.
pub mod cue {
    pub const NEGATION: u32 = 1;
    pub const PASSIVE_AUXILIARY: u32 = 1 << 1;
    /// A preposition or contraction: a key of [`super::RelationRules::prepositions`].
    pub const PREPOSITION: u32 = 1 << 2;
    pub const POSTPOSITION: u32 = 1 << 3;
    pub const AGENT_PREPOSITION: u32 = 1 << 4;
    pub const TRANSPARENT_PREPOSITION: u32 = 1 << 5;
    pub const MAKER_PREPOSITION: u32 = 1 << 6;
    pub const DETERMINER: u32 = 1 << 7;
    pub const NON_NOMINATIVE: u32 = 1 << 8;
    pub const GENITIVE_DETERMINER: u32 = 1 << 9;
    pub const COORDINATOR: u32 = 1 << 10;
    pub const COMITATIVE: u32 = 1 << 11;
    pub const PERSON_PRONOUN: u32 = 1 << 12;
    pub const PRONOUN: u32 = 1 << 13;
    pub const FINITE_VERB: u32 = 1 << 14;
    pub const INFINITIVE_OPENER: u32 = 1 << 15;
    pub const RELATIVE_PRONOUN: u32 = 1 << 16;
    pub const CLAUSE_OPENER: u32 = 1 << 17;
    pub const CLAUSE_PUNCTUATION: u32 = 1 << 18;
    /// A cue of any modality.
    pub const MODALITY: u32 = 1 << 19;
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationsFile {
    cues: Cues,
    modality: Vec<ModalityCue>,
    #[serde(default)]
    switch: Vec<Switch>,
    family: Vec<Family>,
    frame: Vec<RawFrame>,
}

/// Function words and cue words of the extractor, all compared case-folded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    /// Words that negate their clause ("nicht", "kein").
    pub negation: Vec<String>,
    /// Word pairs that look like a negation but are none ("nicht nur").
    pub negation_exceptions: Vec<String>,
    /// Verbs that negate the events named by the nouns of their clause ("einen Verkauf umgehen").
    pub negating_verbs: Vec<String>,
    /// Auxiliaries that, with a participle trigger, make a clause passive.
    pub passive_auxiliaries: Vec<String>,
    /// Prepositions, with contractions written `contraction=preposition` ("vom=von").
    pub prepositions: Vec<String>,
    /// Prepositions of the agent of a passive ("von", "durch").
    pub agent_prepositions: Vec<String>,
    /// Prepositions whose phrase a transparent noun passes on ("das Geschäft von X").
    pub transparent_prepositions: Vec<String>,
    /// Prepositions that name a product's maker ("WeChat vom Konzern X").
    pub maker_prepositions: Vec<String>,
    /// Endings of inflected adjectives between an article and its noun.
    pub adjective_endings: Vec<String>,
    /// Words after a number that make it a share ("15 Prozent").
    pub percent_words: Vec<String>,
    /// Currencies after a number or scale word ("2,3 Milliarden Euro").
    pub currencies: Vec<String>,
    /// Postpositions ("X zufolge").
    pub postpositions: Vec<String>,
    /// Articles, demonstratives and possessives that open a noun phrase.
    pub determiners: Vec<String>,
    /// Determiners that cannot open a subject ("den", "dem").
    pub non_nominative: Vec<String>,
    /// Determiners that can open a genitive attribute ("des", "der").
    pub genitive_determiners: Vec<String>,
    /// Words joining noun phrases ("und", "sowie", "noch").
    pub coordinators: Vec<String>,
    /// Words before "mit" that join its phrase to the subject ("zusammen mit").
    pub comitative: Vec<String>,
    /// Personal pronouns that stand for the last person named ("er").
    pub person_pronouns: Vec<String>,
    /// Pronouns, never part of a noun phrase with a name ("sich", "es").
    pub pronouns: Vec<String>,
    /// Finite verbs that open a clause sharing the subject before ("…, ist aber …").
    pub finite_verbs: Vec<String>,
    /// Words opening an infinitive clause without a subject of its own ("um … zu").
    pub infinitive_openers: Vec<String>,
    /// Relative pronouns opening a relative clause after a comma.
    pub relative_pronouns: Vec<String>,
    /// Verbs that confirm the deal a noun of their clause names ("Oracle bestätigte das Angebot").
    pub confirmation: Vec<String>,
    /// Words that start a new clause ("dass", "weil", "sondern").
    pub clause_openers: Vec<String>,
    /// Punctuation that ends a clause.
    pub clause_punctuation: Vec<String>,
    /// Noun heads that pass their attribute through ("das US-Geschäft von X" stands for X).
    pub transparent_nouns: Vec<String>,
    /// Sources that are no entity ("Insidern zufolge"): the fact is rumoured.
    pub rumour: Vec<String>,
    /// Noun heads that refer back to the document's main deal ("der Deal", "die Übernahme").
    pub deal_nouns: Vec<String>,
}

/// A modality and the words that signal it, in priority order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModalityCue {
    pub name: String,
    pub cues: Vec<String>,
}

/// Cue words that turn a finding of one family into another: "muss … genehmigt werden" is an
/// approval requirement, a ban in a sentence with "drohen" is a threat.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    pub family: String,
    pub to: String,
    pub cues: Vec<String>,
    /// `clause` or `sentence`: where the cue must stand.
    pub scope: SwitchScope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SwitchScope {
    Clause,
    Sentence,
}

/// A relation family: the fact it yields and the event node it belongs to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub name: String,
    /// Predicate of the direct triple, `prefix:local` with a prefix of `rdf::PREFIXES`.
    pub property: Option<String>,
    /// The direct triple runs object → subject (`schema:founder` of an organisation).
    #[serde(default)]
    pub inverse: bool,
    /// Subject and object are interchangeable (merger, partnership, competition).
    #[serde(default)]
    pub symmetric: bool,
    /// Class of the event node, if the family is an event.
    pub event: Option<String>,
    pub subject: String,
    pub object: Option<String>,
    /// Status of an event found by this family when the text says nothing else.
    pub status: Option<String>,
    /// Further roles the family's events may have (price, share, court, role name).
    #[serde(default)]
    pub roles: Vec<String>,
    pub label_en: String,
    pub label_de: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrame {
    id: String,
    family: String,
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    participles: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
    /// `[role, slot, slot, …]`, filled in this order.
    roles: Vec<Vec<String>>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    consume: bool,
    status: Option<String>,
    modality: Option<String>,
    #[serde(default = "yes")]
    negatable: bool,
    #[serde(default)]
    categories: BTreeMap<String, Vec<Category>>,
    confidence: f64,
    #[serde(default)]
    example: Vec<Example>,
}

/// An example sentence of a rule and the facts it must give, as `family: Subject -> Object`
/// (entity labels), prefixed `not ` for a negated fact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    pub facts: Vec<String>,
}

/// Where a role filler is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The clause's logical subject (the agent of a passive clause's "von"/"durch").
    Subject,
    /// A bare noun phrase of the clause other than the subject (the passive subject).
    Object,
    /// A prepositional phrase: on the clause for verbs, on the trigger for nouns.
    Prep(String),
    /// A postposition phrase ("Insidern zufolge").
    Postposition(String),
    /// A genitive attribute of the trigger noun.
    Genitive,
    /// The name opening the trigger's hyphen compound ("Trump-Erlass").
    Compound,
    /// The name right after the trigger noun, or the entity the trigger itself denotes.
    Apposed,
    /// A role of an event named by a noun in the clause ("das Angebot von X ablehnen").
    Nested(String),
    /// A role of the document's main deal so far ("dem Deal zustimmen").
    Salient(String),
    /// A role of the latest finding of a family in the document ("gegen die Verordnung klagen").
    Recent(String, String),
    /// A prepositional phrase on the clause, for a noun trigger ("hat vor dem Landgericht Klage
    /// eingereicht").
    ClausePrep(String),
    /// The first argument after the trigger in its clause.
    After,
    /// The entity the document mentions most often among the role's categories.
    Topic,
    /// The owner the document names for the filler of another role ("der Verkauf von X": X's
    /// owner sells).
    OwnerOf(String),
}

impl Slot {
    fn parse(text: &str) -> Option<Self> {
        let slot = match text.split_once(':') {
            None => match text {
                "subject" => Slot::Subject,
                "object" => Slot::Object,
                "genitive" => Slot::Genitive,
                "compound" => Slot::Compound,
                "apposed" => Slot::Apposed,
                "after" => Slot::After,
                "topic" => Slot::Topic,
                _ => return None,
            },
            Some(("prep", p)) => Slot::Prep(fold(p)),
            Some(("post", p)) => Slot::Postposition(fold(p)),
            Some(("nested", r)) => Slot::Nested(r.to_string()),
            Some(("salient", r)) => Slot::Salient(r.to_string()),
            Some(("owner", r)) => Slot::OwnerOf(r.to_string()),
            Some(("cprep", p)) => Slot::ClausePrep(fold(p)),
            Some(("recent", rest)) => {
                let (family, role) = rest.split_once(':')?;
                Slot::Recent(family.to_string(), role.to_string())
            }
            Some(_) => return None,
        };
        Some(slot)
    }
}

/// Part of speech of a frame's triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Verb,
    Noun,
}

/// A verb form; a separable verb has its particle later in the clause ("lehnte … ab").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    pub word: String,
    pub particle: Option<String>,
    pub participle: bool,
}

/// One relation rule.
#[derive(Debug, Clone)]
pub struct Frame {
    pub id: String,
    pub family: String,
    pub pos: Pos,
    pub verbs: Vec<VerbForm>,
    /// Folded noun heads.
    pub nouns: Vec<String>,
    /// Role → slots in priority order.
    pub roles: Vec<(String, Vec<Slot>)>,
    pub unless: Vec<String>,
    /// Nested events filling a role are replaced by this frame's event ("mit einem Verbot drohen").
    pub consume: bool,
    pub status: Option<String>,
    /// Whether a negation in the clause negates the finding; a source ("X zufolge") is not
    /// negated by what it reports.
    pub negatable: bool,
    /// Modality the trigger itself carries ("Übernahmeangebot": a planned takeover).
    pub modality: Option<String>,
    /// Categories a role's filler must have, when restricted.
    pub categories: BTreeMap<String, Vec<Category>>,
    pub confidence: f64,
    pub examples: Vec<Example>,
    /// Line of the frame in its file, for messages.
    pub line: usize,
}

impl Frame {
    /// Whether a role takes the roles of other events.
    pub fn nests(&self) -> bool {
        self.roles.iter().any(|(_, slots)| slots.iter().any(|s| matches!(s, Slot::Nested(_))))
    }
}

/// Everything in `relations.toml`.
#[derive(Debug, Clone)]
pub struct RelationRules {
    pub cues: Cues,
    pub modality: Vec<ModalityCue>,
    pub switches: Vec<Switch>,
    pub families: Vec<Family>,
    pub frames: Vec<Frame>,
    /// Contraction or preposition → preposition.
    pub prepositions: BTreeMap<String, String>,
    /// Endings a noun head may carry ("Angebots", "Übernahmen").
    pub noun_endings: Vec<String>,
    /// Noun heads → the frames that list them.
    noun_index: SuffixIndex<Vec<usize>>,
    /// Verb form (its first word) → (frame, form) of every frame that lists it, in file order.
    verb_index: WordMap<Vec<(usize, usize)>>,
    /// [`RelationRules::prepositions`] as a word table.
    preposition_index: WordMap<String>,
    /// Word → the [`cue`] lists it is in.
    cue_index: WordMap<u32>,
    transparent_index: SuffixIndex<()>,
    deal_index: SuffixIndex<()>,
    /// The last bytes of every verb form's first word.
    verb_tails: Tails,
}

impl RelationRules {
    pub fn parse(path: &Path, text: &str, noun_endings: &[String]) -> Result<Self> {
        let file: RelationsFile = parse_toml(path, text)?;
        let frame_lines = frame_lines(text);
        let fail = |line: usize, message: String| Error::data(path, line, message);
        let families: BTreeMap<&str, &Family> =
            file.family.iter().map(|f| (f.name.as_str(), f)).collect();
        for family in &file.family {
            let line = find_line(text, &format!("name = \"{}\"", family.name));
            if let Some(property) = &family.property
                && crate::knowledge::vocabulary::expand(property).is_none()
            {
                return Err(fail(line, format!("unknown prefix in property {property:?}")));
            }
            if family.object.is_none() && family.property.is_some() {
                return Err(fail(
                    line,
                    format!("family {:?} has a property but no object role", family.name),
                ));
            }
        }
        let modalities: BTreeSet<&str> = file.modality.iter().map(|m| m.name.as_str()).collect();
        let mut frames = Vec::new();
        let mut ids = BTreeSet::new();
        for (i, raw) in file.frame.into_iter().enumerate() {
            let line = frame_lines.get(i).copied().unwrap_or(1);
            // The line of a value in this frame, for errors about it; the header's if not found.
            let at = |value: &str| {
                let needle = format!("{value:?}");
                text.lines()
                    .enumerate()
                    .skip(line)
                    .find(|(_, l)| l.contains(&needle))
                    .map_or(line, |(i, _)| i + 1)
            };
            if !ids.insert(raw.id.clone()) {
                return Err(fail(line, format!("frame id {:?} is used twice", raw.id)));
            }
            let Some(family) = families.get(raw.family.as_str()) else {
                return Err(fail(
                    at(&raw.family),
                    format!("frame {:?}: unknown family {:?}", raw.id, raw.family),
                ));
            };
            let known_roles: BTreeSet<&str> = std::iter::once(family.subject.as_str())
                .chain(family.object.as_deref())
                .chain(family.roles.iter().map(String::as_str))
                .collect();
            let pos = match (raw.verbs.is_empty(), raw.nouns.is_empty()) {
                (false, true) => Pos::Verb,
                (true, false) => Pos::Noun,
                _ => {
                    let message = format!("frame {:?}: give either verbs or nouns", raw.id);
                    return Err(fail(line, message));
                }
            };
            let participles: BTreeSet<String> = raw.participles.iter().map(|p| fold(p)).collect();
            let mut verbs = Vec::new();
            for form in raw.verbs.iter().chain(&raw.participles) {
                let folded = fold(form);
                let (word, particle) = match folded.split_once(' ') {
                    Some((w, p)) => (w.to_string(), Some(p.to_string())),
                    None => (folded.clone(), None),
                };
                let participle = participles.contains(&folded);
                verbs.push(VerbForm { word, particle, participle });
            }
            let mut roles = Vec::new();
            for entry in raw.roles {
                let Some((role, slots)) = entry.split_first() else {
                    return Err(fail(line, format!("frame {:?}: empty role entry", raw.id)));
                };
                let role = role.clone();
                if !known_roles.contains(role.as_str()) {
                    let message = format!(
                        "frame {:?}: family {:?} has no role {role:?} (roles: {})",
                        raw.id,
                        raw.family,
                        known_roles.iter().copied().collect::<Vec<_>>().join(", ")
                    );
                    return Err(fail(at(&role), message));
                }
                let mut parsed = Vec::new();
                for slot in slots {
                    let Some(s) = Slot::parse(slot) else {
                        return Err(fail(
                            at(slot),
                            format!("frame {:?}: unknown slot {slot:?}", raw.id),
                        ));
                    };
                    parsed.push(s);
                }
                roles.push((role, parsed));
            }
            if !(0.0..=1.0).contains(&raw.confidence) {
                return Err(fail(
                    line,
                    format!("frame {:?}: confidence must be in [0, 1]", raw.id),
                ));
            }
            if let Some(status) = &raw.status
                && status.is_empty()
            {
                return Err(fail(line, format!("frame {:?}: empty status", raw.id)));
            }
            if raw.example.is_empty() {
                return Err(fail(
                    line,
                    format!("frame {:?}: a rule needs example sentences", raw.id),
                ));
            }
            frames.push(Frame {
                id: raw.id,
                family: raw.family,
                pos,
                verbs,
                nouns: raw.nouns.iter().map(|n| fold(n)).collect(),
                roles,
                unless: raw.unless.iter().map(|u| fold(u)).collect(),
                consume: raw.consume,
                status: raw.status,
                modality: raw.modality,
                negatable: raw.negatable,
                categories: raw.categories,
                confidence: raw.confidence,
                examples: raw.example,
                line,
            });
        }
        for frame in &frames {
            if let Some(m) = &frame.modality
                && !modalities.contains(m.as_str())
            {
                return Err(fail(
                    frame.line,
                    format!("frame {:?}: unknown modality {m:?}", frame.id),
                ));
            }
        }
        let mut prepositions = BTreeMap::new();
        for entry in &file.cues.prepositions {
            let (form, prep) = entry.split_once('=').unwrap_or((entry, entry));
            prepositions.insert(fold(form), fold(prep));
        }
        let fold_all = |words: &mut Vec<String>| {
            for w in words.iter_mut() {
                *w = fold(w);
            }
        };
        let mut cues = file.cues;
        for list in [
            &mut cues.negation,
            &mut cues.negation_exceptions,
            &mut cues.negating_verbs,
            &mut cues.passive_auxiliaries,
            &mut cues.postpositions,
            &mut cues.agent_prepositions,
            &mut cues.transparent_prepositions,
            &mut cues.maker_prepositions,
            &mut cues.adjective_endings,
            &mut cues.percent_words,
            &mut cues.currencies,
            &mut cues.determiners,
            &mut cues.non_nominative,
            &mut cues.genitive_determiners,
            &mut cues.coordinators,
            &mut cues.relative_pronouns,
            &mut cues.comitative,
            &mut cues.infinitive_openers,
            &mut cues.person_pronouns,
            &mut cues.pronouns,
            &mut cues.finite_verbs,
            &mut cues.clause_openers,
            &mut cues.confirmation,
            &mut cues.transparent_nouns,
            &mut cues.rumour,
            &mut cues.deal_nouns,
        ] {
            fold_all(list);
        }
        let mut modality = file.modality;
        for m in &mut modality {
            fold_all(&mut m.cues);
        }
        let mut switches = file.switch;
        for switch in &mut switches {
            for name in [&switch.family, &switch.to] {
                if !families.contains_key(name.as_str()) {
                    let line = find_line(text, "[[switch]]");
                    return Err(fail(line, format!("switch: unknown family {name:?}")));
                }
            }
            fold_all(&mut switch.cues);
        }
        let mut heads: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, frame) in frames.iter().enumerate() {
            for noun in &frame.nouns {
                heads.entry(noun.clone()).or_default().push(i);
            }
        }
        let noun_index = SuffixIndex::new(heads, noun_endings);
        let mut verb_index: WordMap<Vec<(usize, usize)>> = WordMap::default();
        for (i, frame) in frames.iter().enumerate() {
            for (j, form) in frame.verbs.iter().enumerate() {
                let entry = verb_index.insert(form.word.clone(), Vec::new());
                // A frame answers for a word once, with its first matching form.
                if !entry.iter().any(|(f, _)| *f == i) || form.particle.is_some() {
                    entry.push((i, j));
                }
            }
        }
        let mut verb_tails = Tails::new();
        for (word, _) in verb_index.iter() {
            verb_tails.add(word);
        }
        let mut cue_index = WordMap::default();
        let lists: [(&[String], u32); 18] = [
            (&cues.negation, cue::NEGATION),
            (&cues.passive_auxiliaries, cue::PASSIVE_AUXILIARY),
            (&cues.postpositions, cue::POSTPOSITION),
            (&cues.agent_prepositions, cue::AGENT_PREPOSITION),
            (&cues.transparent_prepositions, cue::TRANSPARENT_PREPOSITION),
            (&cues.maker_prepositions, cue::MAKER_PREPOSITION),
            (&cues.determiners, cue::DETERMINER),
            (&cues.non_nominative, cue::NON_NOMINATIVE),
            (&cues.genitive_determiners, cue::GENITIVE_DETERMINER),
            (&cues.coordinators, cue::COORDINATOR),
            (&cues.comitative, cue::COMITATIVE),
            (&cues.person_pronouns, cue::PERSON_PRONOUN),
            (&cues.pronouns, cue::PRONOUN),
            (&cues.finite_verbs, cue::FINITE_VERB),
            (&cues.infinitive_openers, cue::INFINITIVE_OPENER),
            (&cues.relative_pronouns, cue::RELATIVE_PRONOUN),
            (&cues.clause_openers, cue::CLAUSE_OPENER),
            (&cues.clause_punctuation, cue::CLAUSE_PUNCTUATION),
        ];
        let modality_cues = modality.iter().flat_map(|m| m.cues.iter().map(|c| (c, cue::MODALITY)));
        let listed = lists.iter().flat_map(|(words, bit)| words.iter().map(move |w| (w, *bit)));
        let keys = prepositions.keys().map(|w| (w, cue::PREPOSITION));
        for (word, bit) in listed.chain(modality_cues).chain(keys) {
            *cue_index.insert(word.clone(), 0) |= bit;
        }
        let preposition_index =
            WordMap::new(prepositions.iter().map(|(form, prep)| (form.clone(), prep.clone())));
        let unit = |words: &[String]| words.iter().map(|w| (w.clone(), ())).collect::<Vec<_>>();
        let transparent_index = SuffixIndex::new(unit(&cues.transparent_nouns), noun_endings);
        let deal_index = SuffixIndex::new(unit(&cues.deal_nouns), noun_endings);
        Ok(RelationRules {
            noun_index,
            verb_index,
            preposition_index,
            cue_index,
            transparent_index,
            deal_index,
            verb_tails,
            cues,
            modality,
            switches,
            families: file.family,
            frames,
            prepositions,
            noun_endings: noun_endings.to_vec(),
        })
    }

    pub fn family(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.name == name)
    }

    /// The frames of the longest noun head that ends `word` (at the end of its last compound
    /// part, with an ending).
    pub fn noun_frames(&self, word: &str) -> impl Iterator<Item = &Frame> {
        self.noun_frame_ids(word).iter().map(|&i| &self.frames[i])
    }

    /// The indices in `frames` of [`RelationRules::noun_frames`].
    pub fn noun_frame_ids(&self, word: &str) -> &[usize] {
        self.noun_index.longest(last_part(word)).map_or(&[][..], |(_, frames)| frames.as_slice())
    }

    /// The frames and forms of the verb forms whose first word is folded `word`.
    pub fn verb_forms(&self, word: &str) -> impl Iterator<Item = (&Frame, &VerbForm)> {
        self.verb_index
            .get(word)
            .into_iter()
            .flatten()
            .map(|&(f, v)| (&self.frames[f], &self.frames[f].verbs[v]))
    }

    /// Whether the folded word may end in a noun head: a screen on its last bytes that rules
    /// most words out before [`RelationRules::noun_frames`].
    #[inline]
    pub fn may_be_noun(&self, folded: &str) -> bool {
        self.noun_index.may_end_in_head(folded)
    }

    /// Whether the folded word may be a verb form's first word: a screen on its last bytes
    /// that rules most words out before [`RelationRules::is_verb`].
    #[inline]
    pub fn may_be_verb(&self, folded: &str) -> bool {
        self.verb_tails.may_end_folded(folded)
    }

    pub fn is_verb(&self, word: &str) -> bool {
        self.verb_index.contains(word)
    }

    /// The [`cue`] lists the folded `word` is in, as bits.
    #[inline]
    pub fn cue(&self, word: &str) -> u32 {
        self.cue_index.get(word).copied().unwrap_or(0)
    }

    /// The preposition a folded preposition or contraction stands for ("vom" → "von").
    #[inline]
    pub fn preposition(&self, word: &str) -> Option<&String> {
        self.preposition_index.get(word)
    }

    pub fn is_transparent(&self, word: &str) -> bool {
        self.transparent_index.contains_suffix_of(last_part(word))
    }

    pub fn is_deal_noun(&self, word: &str) -> bool {
        self.deal_index.contains_suffix_of(last_part(word))
    }
}

/// The last part of a hyphen compound ("geschäft" of "us-geschäft"), or the whole word.
#[inline]
fn last_part(word: &str) -> &str {
    match word.as_bytes().iter().rposition(|&b| b == b'-') {
        Some(at) => &word[at + 1..],
        None => word,
    }
}

fn yes() -> bool {
    true
}

/// Line numbers of the `[[frame]]` headers, in order (not of the words in comments).
fn frame_lines(text: &str) -> Vec<usize> {
    let header = |line: &str| {
        let line = line.split('#').next().unwrap_or_default().trim();
        line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")).map(str::trim) == Some("frame")
    };
    text.lines().enumerate().filter(|(_, line)| header(line)).map(|(i, _)| i + 1).collect()
}

fn find_line(text: &str, needle: &str) -> usize {
    text.find(needle).map_or(1, |at| line_of(text, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../ontology/de/relations.toml");

    fn parse(text: &str) -> Result<RelationRules> {
        RelationRules::parse(Path::new("relations.toml"), text, &["".into(), "s".into()])
    }

    #[test]
    fn the_shipped_rules_load() {
        let rules = parse(SHIPPED).expect("shipped rules load");
        assert!(rules.frames.iter().all(|f| !f.examples.is_empty()));
        assert!(
            rules.family("acquisition").is_some_and(|f| f.event.as_deref() == Some("Acquisition"))
        );
    }

    #[test]
    fn bad_rules_fail_with_their_line() {
        let rows: &[(&str, &str, &str)] = &[
            (
                "[\"agent\", \"prep:von\", \"genitive\"",
                "[\"agent\", \"prep:von\", \"genitiv\"",
                "unknown slot",
            ),
            ("family = \"offer\"\nnouns", "family = \"offers\"\nnouns", "unknown family"),
            ("confidence = 0.8\n", "confidence = 1.8\n", "confidence"),
            ("id = \"offer-noun\"", "id = \"offer-noun\"\ncolour = 1", "unknown field"),
            (
                "modality = \"planned\"\nconfidence",
                "modality = \"hoped\"\nconfidence",
                "unknown modality",
            ),
        ];
        for (from, to, message) in rows {
            assert!(SHIPPED.contains(from), "{from}");
            let error = parse(&SHIPPED.replacen(from, to, 1)).expect_err(message).to_string();
            assert!(error.starts_with("relations.toml:"), "{error}");
            assert!(error.contains(message), "{message}: {error}");
            let line: usize = error.split(':').nth(1).and_then(|l| l.parse().ok()).unwrap_or(0);
            assert!(line > 1, "a line is named: {error}");
        }
    }
}
