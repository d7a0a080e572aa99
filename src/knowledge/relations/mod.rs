//! Relation and event rules, loaded from `ontology/de/relations.toml`.
//!
//! A rule (a *frame*) names a relation family, the trigger words that evoke it (verb forms, or
//! noun heads matched at the end of a compound) and, for each role of the family, the syntactic
//! slots that may fill it ("subject", "prep:von", "genitive", …). The cues the extractor needs
//! (negation, modality, attribution, passive auxiliaries, prepositions) are data here too, and so
//! is what the extractor's own mechanisms do with families, roles, statuses and modalities
//! (`[mechanism]`, the flags of `[[family]]` and `[[modality]]`, the order of `[[status]]`).
//!
//! The loader ([`load`]) checks every name the file uses and resolves it to an id ([`ids`]); the
//! extractor compares ids only, so the names live in the file alone. An unknown family, role,
//! status, modality or slot fails with file and line. [`index`] builds the word tables.

mod ids;
mod index;
mod lemmas;
mod load;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::knowledge::Category;
use crate::knowledge::suffix::{SuffixIndex, Tails, WordMap};

pub use ids::{FamilyId, FamilyRole, Mechanism, Modality, ModalityId, RoleId, Status, StatusId};

/// The cue lists a folded word is in, as bits of [`RelationRules::cue`]: one lookup answers
/// every list, where the lists would be searched word by word.
pub(crate) mod cue {
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
    /// A verb whose subject receives what a noun of its clause names.
    pub const RECEIVING_VERB: u32 = 1 << 12;
    pub const PRONOUN: u32 = 1 << 13;
    pub const FINITE_VERB: u32 = 1 << 14;
    pub const INFINITIVE_OPENER: u32 = 1 << 15;
    pub const RELATIVE_PRONOUN: u32 = 1 << 16;
    pub const CLAUSE_OPENER: u32 = 1 << 17;
    pub const CLAUSE_PUNCTUATION: u32 = 1 << 18;
    /// A cue of any modality.
    pub const MODALITY: u32 = 1 << 19;
    /// A verb that confirms the deal a noun of its clause names.
    pub const CONFIRMATION: u32 = 1 << 20;
    /// A verb that negates the events the nouns of its clause name.
    pub const NEGATING_VERB: u32 = 1 << 21;
    /// A cue of any switch.
    pub const SWITCH: u32 = 1 << 22;
}

/// The genders and number a pronoun agrees with, as bits of
/// [`RelationRules::pronoun_genders`].
pub(crate) mod gender {
    pub const MASCULINE: u8 = 1;
    pub const FEMININE: u8 = 1 << 1;
    pub const NEUTER: u8 = 1 << 2;
    pub const PLURAL: u8 = 1 << 3;
    /// The names `relations.toml` writes them with.
    pub const NAMES: [(&str, u8); 4] =
        [("masculine", MASCULINE), ("feminine", FEMININE), ("neuter", NEUTER), ("plural", PLURAL)];
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
    /// Prepositions that make a share an adverb of degree: "zu 60 Prozent", "mit 7 Prozent".
    pub degree_prepositions: Vec<String>,
    /// Words that name what is left of a whole: "die übrigen 40 Prozent", "den Rest".
    pub remainder_words: Vec<String>,
    /// Prepositions whose phrase names the other party of the clause's subject: "mit", "gegen".
    pub counterpart_prepositions: Vec<String>,
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
    /// Determiners that are accusative after a two-way preposition ("an die", "an das").
    pub accusative_determiners: Vec<String>,
    /// Determiners that are dative after a two-way preposition ("an der", "an dem").
    pub dative_determiners: Vec<String>,
    /// Pronouns that are always a clause's subject and name nobody ("man"): the phrase that
    /// opens such a clause is its object.
    pub impersonal_pronouns: Vec<String>,
    /// Words joining noun phrases ("und", "sowie", "noch").
    pub coordinators: Vec<String>,
    /// Words before "mit" that join its phrase to the subject ("zusammen mit").
    pub comitative: Vec<String>,
    /// Personal pronouns and the genders (`masculine`, `feminine`, `neuter`) or number
    /// (`plural`) of the nouns they take up: "er" stands for "der Konzern".
    pub pronoun_genders: BTreeMap<String, Vec<String>>,
    /// A pronoun and the word after it that make no reference ("es gibt").
    pub pronoun_exceptions: Vec<String>,
    /// Pronouns, never part of a noun phrase with a name ("sich", "es").
    pub pronouns: Vec<String>,
    /// Finite verbs that open a clause sharing the subject before ("…, ist aber …").
    pub finite_verbs: Vec<String>,
    /// Words opening an infinitive clause without a subject of its own ("um … zu").
    pub infinitive_openers: Vec<String>,
    /// The particle before an infinitive, also inside a zu-infinitive ("zu übernehmen",
    /// "abzulehnen").
    pub infinitive_marker: String,
    /// Relative pronouns opening a relative clause after a comma.
    pub relative_pronouns: Vec<String>,
    /// Relative pronouns that may take up several ("die Investoren X und Y, die …").
    pub plural_relative_pronouns: Vec<String>,
    /// Relative pronouns that after a feminine phrase are no subject, with a determiner of the
    /// same case ("die GmbH, der die App gehört": "der" reads as "dem").
    #[serde(default)]
    pub feminine_oblique_relatives: BTreeMap<String, String>,
    /// Determiners whose case the number of the noun after them decides, with a determiner of
    /// the case each number gives: "den" reads as "einen" before a singular noun ("an den
    /// Investor X": accusative) and as "dem" before a plural one ("an den Stahlwerken": dative).
    #[serde(default)]
    pub number_cased_determiners: BTreeMap<String, [String; 2]>,
    /// Genitive determiners of a feminine or plural noun only ("der", "einer"): before a noun
    /// with no such genitive form ("der Investor") they open no genitive.
    #[serde(default)]
    pub feminine_genitive_determiners: Vec<String>,
    /// Verbs whose subject receives what a noun of their clause names ("ein Angebot erhalten"):
    /// that subject is no agent of the noun's event.
    pub receiving_verbs: Vec<String>,
    /// Verbs that confirm the deal a noun of their clause names ("Oracle bestätigte das Angebot").
    pub confirmation: Vec<String>,
    /// Words that start a new clause ("dass", "weil", "sondern").
    pub clause_openers: Vec<String>,
    /// Coordinators that join two clauses where a finite verb follows them: "X hält 8 Prozent an
    /// Y und hat keinen Einfluss" (the second clause shares the subject, not the negation).
    pub clause_coordinators: Vec<String>,
    /// Punctuation that ends a clause.
    pub clause_punctuation: Vec<String>,
    /// Noun heads that pass their attribute through ("das US-Geschäft von X" stands for X).
    pub transparent_nouns: Vec<String>,
    /// Sources that are no entity ("Insidern zufolge"): the fact is rumoured.
    pub rumour: Vec<String>,
    /// Noun heads that refer back to the document's main deal ("der Deal", "die Übernahme").
    pub deal_nouns: Vec<String>,
    /// Words that refer to both parties with a plural noun after them ("beide Unternehmen").
    pub both: Vec<String>,
    /// Plural nouns that, besides organisation class nouns, name the parties ("beide Seiten").
    pub party_nouns: Vec<String>,
    /// Articles before a plural that name the parties ("die Unternehmen").
    pub plural_articles: Vec<String>,
    /// Adjectives that make a description name what a deal creates, none of the entities named
    /// before ("den gemeinsamen Konzern führen").
    pub joint: Vec<String>,
}

/// Cue words that turn a finding of one family into another: "muss … genehmigt werden" is an
/// approval requirement, a ban in a sentence with "drohen" is a threat.
#[derive(Debug, Clone)]
pub struct Switch {
    pub family: FamilyId,
    pub to: FamilyId,
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
#[derive(Debug, Clone)]
pub struct Family {
    pub id: FamilyId,
    pub name: String,
    /// Predicate of the direct triple, `prefix:local` with a prefix of `rdf::PREFIXES`.
    pub property: Option<String>,
    /// The direct triple runs object → subject (`schema:founder` of an organisation).
    pub inverse: bool,
    /// Subject and object are interchangeable (merger, partnership, competition).
    pub symmetric: bool,
    /// Class of the event node, if the family is an event.
    pub event: Option<String>,
    pub subject: FamilyRole,
    pub object: Option<FamilyRole>,
    /// The role whose fillers stand as the object when the object role is empty: a sale with no
    /// buyer named is a sale of the business sold.
    pub fallback: Option<FamilyRole>,
    /// Status of an event found by this family when the text says nothing else.
    pub status: Option<StatusId>,
    /// Further roles the family's events may have (price, share, court, role name).
    pub roles: Vec<FamilyRole>,
    /// A deal: what approvals, confirmations, statuses and references to "the deal" concern.
    pub deal: bool,
    /// Its agents joined by "zusammen mit" are partners in the deal.
    pub joint: bool,
    /// Its agents (bidders, buyers, rejecters) are never the document's topic.
    pub agent_not_topic: bool,
    /// With `agent_not_topic`: its agents are the topic still when the document names them most
    /// (a target that rejects a hostile offer for itself).
    pub agent_topic_if_most_named: bool,
    /// Its roles other than the agent say what the document is about.
    pub topic_roles: bool,
    /// Its findings are the text's own, never attributed to a speaker of their sentence.
    pub unattributed: bool,
    /// Its agent is never a person who works for its object: "Kessmann-Chef Falk sagte, die
    /// Offerte …" names no bid of Falk's for Kessmann.
    pub outside_agent: bool,
    pub label_en: String,
    pub label_de: String,
}

impl Family {
    /// The id of the object role, if the family has one.
    pub fn object_id(&self) -> Option<RoleId> {
        self.object.as_ref().map(|o| o.id)
    }

    /// Whether a finding with these roles names its object: the object role or its fallback.
    pub fn names_object(&self, roles: &BTreeMap<RoleId, Vec<String>>) -> bool {
        let filled = |r: Option<RoleId>| r.is_some_and(|r| roles.contains_key(&r));
        self.object.is_none()
            || filled(self.object_id())
            || filled(self.fallback.as_ref().map(|f| f.id))
    }

    /// Whether `role` is one of the family's further roles.
    pub fn has_further(&self, role: RoleId) -> bool {
        self.roles.iter().any(|r| r.id == role)
    }

    /// Whether `role` is the subject, the object or a further role of the family.
    pub fn has_role(&self, role: RoleId) -> bool {
        self.subject.id == role || self.object_id() == Some(role) || self.has_further(role)
    }
}

/// An example sentence of a rule and the facts it must give, as `family: Subject -> Object`
/// (entity labels), prefixed `not ` for a negated fact.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    pub facts: Vec<String>,
}

/// The case a prepositional slot wants. A two-way preposition ("an", "in", "auf") takes the
/// dative for a place and the accusative for a direction: a slot `prep:an+dative` wants "eine
/// Beteiligung an der X", one `prep:an+accusative` "sie an die X verkaufen".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Any,
    Dative,
    Accusative,
}

/// Where a role filler is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The clause's logical subject (the agent of a passive clause's "von"/"durch").
    Subject,
    /// A bare noun phrase of the clause other than the subject (the passive subject).
    Object,
    /// A prepositional phrase: on the clause for verbs, on the trigger for nouns.
    Prep(String, Case),
    /// A postposition phrase ("Insidern zufolge").
    Postposition(String),
    /// A genitive attribute of the trigger noun.
    Genitive,
    /// The name opening the trigger's hyphen compound ("Trump-Erlass").
    Compound,
    /// The name right after the trigger noun, or the entity the trigger itself denotes.
    Apposed,
    /// A role of an event named by a noun in the clause ("das Angebot von X ablehnen").
    Nested(RoleId),
    /// A role of the document's main deal so far ("dem Deal zustimmen").
    Salient(RoleId),
    /// A role of the latest finding of a family in the document ("gegen die Verordnung klagen").
    Recent(FamilyId, RoleId),
    /// A prepositional phrase on the clause, for a noun trigger ("hat vor dem Landgericht Klage
    /// eingereicht").
    ClausePrep(String, Case),
    /// The first argument after the trigger in its clause.
    After,
    /// The subject of a clause whose verb receives what the trigger noun names ("X erhielt ein
    /// Angebot": X is its recipient).
    Receiver,
    /// The entity the document mentions most often among the role's categories.
    Topic,
    /// What the sentence is about, for a trigger noun with no attribute: the subject of a clause
    /// before the trigger's, else of the sentence before ("…, sagte ein Sprecher").
    About,
    /// The entity of a category the text is about up to the trigger's sentence: the latest
    /// named of those it named more than once ("Vorstandschef X sagte": the chief of the company
    /// the text is about).
    Leading(Category),
    /// The owner the document names for the filler of another role ("der Verkauf von X": X's
    /// owner sells).
    OwnerOf(RoleId),
    /// A slot whose fillers join those an earlier slot gave the role, and fill nothing alone:
    /// "über die KfW" adds the bank through which the state holds its stake.
    Also(Box<Slot>),
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
    pub family: FamilyId,
    pub pos: Pos,
    pub verbs: Vec<VerbForm>,
    /// Folded noun heads.
    pub nouns: Vec<String>,
    /// Role → slots in priority order.
    pub roles: Vec<(RoleId, Vec<Slot>)>,
    pub unless: Vec<String>,
    /// Word parts of which the clause must hold one besides the trigger (none: no condition).
    pub with: Vec<String>,
    /// Nested events filling a role are replaced by this frame's event ("mit einem Verbot drohen").
    pub consume: bool,
    pub status: Option<StatusId>,
    /// Whether a negation in the clause negates the finding; a source ("X zufolge") is not
    /// negated by what it reports.
    pub negatable: bool,
    /// Whether the frame's participles make a clause with a passive auxiliary passive; a verb
    /// without a passive ("gehören", "beteiligt sein") says no, and its participles are read as
    /// active forms.
    pub passive: bool,
    /// Whether the frame states a standing state rather than a deal being made ("X hält 10
    /// Prozent an Y"): no later sentence refers back to it as the deal.
    pub state: bool,
    /// Modality the trigger itself carries ("Übernahmeangebot": a planned takeover).
    pub modality: Option<ModalityId>,
    /// Categories a role's filler must have, when restricted.
    pub categories: BTreeMap<RoleId, Vec<Category>>,
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
    /// Modalities in priority order: a clause has the first whose cue it holds.
    pub modalities: Vec<Modality>,
    /// The modality of a clause without a cue.
    pub default_modality: ModalityId,
    /// The modality of what a named source says.
    pub attributed_modality: ModalityId,
    /// The modality of what an unnamed source says ([`Cues::rumour`]).
    pub unnamed_source_modality: ModalityId,
    /// Event statuses, most decisive first.
    pub statuses: Vec<Status>,
    pub switches: Vec<Switch>,
    pub families: Vec<Family>,
    pub frames: Vec<Frame>,
    /// The families and roles the extractor's own mechanisms use.
    pub mechanism: Mechanism,
    /// Role names by [`RoleId`].
    role_names: Vec<String>,
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
    /// Pronoun → the [`gender`] bits it agrees with.
    pronoun_index: WordMap<u8>,
    transparent_index: SuffixIndex<()>,
    deal_index: SuffixIndex<()>,
    /// The last bytes of every verb form's first word.
    verb_tails: Tails,
}

impl RelationRules {
    /// The family of a name, for output and tests; the stages use [`FamilyId`]s.
    pub fn family(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.name == name)
    }

    /// The family of an id.
    pub fn family_of(&self, id: FamilyId) -> &Family {
        &self.families[id.index()]
    }

    /// The name of a role.
    pub fn role_name(&self, id: RoleId) -> &str {
        &self.role_names[id.index()]
    }

    /// The role of a name, for tests; the stages use [`RoleId`]s.
    pub fn role(&self, name: &str) -> Option<RoleId> {
        self.role_names.iter().position(|r| r == name).map(RoleId::new)
    }

    /// The status of an id.
    pub fn status(&self, id: StatusId) -> &Status {
        &self.statuses[id.index()]
    }

    /// The modality of an id.
    pub fn modality(&self, id: ModalityId) -> &Modality {
        &self.modalities[id.index()]
    }

    /// The statuses with their ids, most decisive first.
    pub fn status_entries(&self) -> impl Iterator<Item = (StatusId, &Status)> {
        self.statuses.iter().enumerate().map(|(i, s)| (StatusId::new(i), s))
    }

    /// The modalities with their ids, in priority order.
    pub fn modality_entries(&self) -> impl Iterator<Item = (ModalityId, &Modality)> {
        self.modalities.iter().enumerate().map(|(i, m)| (ModalityId::new(i), m))
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

    /// The [`gender`] bits of a folded pronoun that takes up an entity.
    #[inline]
    pub fn pronoun_genders(&self, word: &str) -> Option<u8> {
        self.pronoun_index.get(word).copied()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Result;
    use std::path::Path;

    const SHIPPED: &str = include_str!("../../../ontology/de/relations.toml");

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
            ("speech = \"statement\"", "speech = \"statements\"", "unknown family"),
            ("actor = \"agent\"", "actor = \"agents\"", "unknown role"),
            ("deal_parties = \"parties\"", "deal_parties = \"theme\"", "already a family's role"),
            ("status = \"pending approval\"", "status = \"pending\"", "unknown status"),
            ("settled_by = \"rejection\"", "settled_by = \"rejections\"", "unknown family"),
            ("role = \"agent\"", "role = \"agents\"", "unknown role"),
            ("confirms = \"proposed\"", "confirms = \"planned\"", "unknown status"),
            ("name = \"planned\"", "name = \"planned\"\ndefault = true", "a second modality"),
            ("\"nested:agent\"", "\"nested:agnet\"", "unknown role in slot"),
            ("\"owner:theme\"", "\"owner:court\"", "unknown role in slot"),
            ("\"recent:executive-order:agent\"", "\"recent:order:agent\"", "unknown family"),
            (
                "theme = [\"Organization\", \"Product\", \"Media\"] }",
                "court = [\"Place\"] }",
                "categories",
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
