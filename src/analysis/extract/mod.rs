//! Extraction: relations and events stated by a document's sentences.
//!
//! Runs after resolution, on the tokenized sentences and the mentions found in them, with the
//! frames of `ontology/de/relations.toml`. Each sentence goes through the stages of this folder:
//! - [`arguments`]: each mention becomes an *argument* marked by what governs its noun phrase
//!   (nothing, a preposition, a genitive article, a postposition) and, for attributes, the noun
//!   it hangs on;
//! - [`clauses`]: the sentence is cut into clauses (at commas, dashes and clause openers such as
//!   "dass"), relative pronouns and "zusammen mit" are read, and each clause gets its subject;
//! - [`frames`]: a trigger word fills its frame's roles from these slots, in the frame's priority
//!   order, voice-aware: in "Das Angebot von X wurde von Y abgelehnt" the first "von" hangs on the
//!   noun "Angebot" (X is the bidder), the second on the clause (Y is the agent of the passive).
//!   Noun triggers are read first so that verbs can take the roles of the events their clause
//!   names ("das Angebot von X ablehnen": X is the one turned down);
//! - [`qualification`]: each finding takes the polarity, modality, attribution, time and literal
//!   qualifiers of its clause and sentence; a conjunct that leaves out the verb of a share
//!   states it again of its own holder ([`gapping`]);
//! - [`seats`]: descriptors and origin phrases state where organisations are based.
//!
//! Once every sentence is read, the roles of appositions become findings ([`appositions`]),
//! implicit roles take the document's topic and deals take the statuses other findings settle.
//! Each [`Finding`] keeps its rule id and evidence span, so that every fact reaches the RDF with
//! the sentence behind it.

mod appositions;
mod arguments;
mod buyers;
mod clauses;
mod finding;
mod frames;
mod gapping;
mod parties;
mod pronouns;
mod qualification;
mod references;
mod seats;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use finding::{Fact, Finding, Polarity, facts};

use crate::analysis::recognize::{Gazetteer, Mention};
use crate::analysis::resolve::Resolution;
use crate::analysis::sentence::{DocumentContext, TokenizedSentence};
use crate::knowledge::relations::RelationRules;
use crate::knowledge::{Category, Knowledge};
use frames::{ClauseAt, Pass};

/// The extractor for one document: what it read so far, and what every sentence reads.
struct Extractor<'a> {
    document: DocumentContext<'a>,
    text: &'a str,
    knowledge: &'a Knowledge,
    rules: &'a RelationRules,
    gazetteer: &'a Gazetteer,
    findings: Vec<Finding>,
    /// The entities of the sentences read so far, for the pronouns after them.
    antecedents: Vec<pronouns::Antecedent>,
    /// The subject of the main clause of the latest sentence read.
    previous_subject: Vec<String>,
    /// The entities mentioned most often, by category, for roles a text leaves implicit.
    topics: Vec<(Category, String)>,
    /// Each entity named so far: how often, and the number of the mention that named it last
    /// (for `leading:` slots).
    named: BTreeMap<String, (usize, usize)>,
}

/// Extracts the findings of one document from its sentences and what resolution found in them.
pub fn extract(
    document: &DocumentContext<'_>,
    sentences: &[TokenizedSentence<'_>],
    resolution: &Resolution,
) -> Vec<Finding> {
    let mentions = &resolution.mentions;
    let mut ex = Extractor {
        document: *document,
        text: document.text,
        knowledge: document.knowledge,
        rules: &document.knowledge.relations,
        gazetteer: document.gazetteer,
        findings: Vec::new(),
        antecedents: Vec::new(),
        previous_subject: Vec::new(),
        topics: topics(document, mentions),
        named: BTreeMap::new(),
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
    ex.appositions(&resolution.roles);
    ex.fill_topics();
    ex.name_buyers();
    ex.purchases_of_sales();
    ex.sales_of_purchases();
    ex.drop_insiders(&resolution.roles);
    ex.settle_statuses();
    ex.findings
}

/// Adds the namings of `entities`, in text order, to the counts of `named`.
fn count_named<'e>(
    named: &mut BTreeMap<String, (usize, usize)>,
    entities: impl IntoIterator<Item = &'e String>,
) {
    let start: usize = named.values().map(|(n, _)| n).sum();
    for (order, entity) in (start..).zip(entities) {
        let entry = named.entry(entity.clone()).or_insert((0, 0));
        *entry = (entry.0 + 1, order);
    }
}

/// The entities of the document with a category, most mentioned first (the first mentioned on
/// a tie).
fn topics(document: &DocumentContext<'_>, mentions: &[Mention]) -> Vec<(Category, String)> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let entry = counts.entry(&m.entity).or_insert((0, i));
        entry.0 += 1;
    }
    let mut ranked: Vec<(&str, (usize, usize))> = counts.into_iter().collect();
    ranked.sort_by_key(|(_, (n, first))| (std::cmp::Reverse(*n), *first));
    ranked
        .into_iter()
        .filter_map(|(id, _)| document.category(id).map(|c| (c, id.to_string())))
        .collect()
}

impl Extractor<'_> {
    fn category(&self, entity: &str) -> Option<Category> {
        self.document.category(entity)
    }

    /// Whether the folded word `w` is in any of the [`crate::knowledge::relations::cue`] lists
    /// `lists`.
    #[inline]
    fn has(&self, w: &str, lists: u32) -> bool {
        self.rules.cue(w) & lists != 0
    }

    /// Reads one sentence: its arguments, clauses and subjects, the findings of its triggers,
    /// their qualifiers and the seats it states.
    fn sentence(&mut self, sentence: &TokenizedSentence<'_>, mentions: &[&Mention]) {
        let (si, toks, words) = (sentence.index, sentence.tokens, &sentence.words);
        // Findings start at a trigger word or, for seats, at a mention: most sentences of a
        // long text have neither, and need no arguments.
        if toks.is_empty()
            || mentions.is_empty() && !(0..toks.len()).any(|i| self.may_trigger(words, i))
        {
            self.count_named(mentions);
            return;
        }
        let mut view = self.arguments(sentence, mentions);
        let clauses = self.clauses(&view);
        let relative = self.relative_pronouns(&mut view, &clauses);
        for clause in &clauses {
            self.mark(&mut view, *clause);
        }
        self.relative_coordinations(&mut view, &clauses, &relative);
        self.pronouns(si, &mut view, &clauses);
        self.parties(si, &mut view, &clauses);
        self.comitatives(&mut view, &clauses);
        let subjects = self.subjects(&view, &clauses, &relative);
        let resumed: Vec<bool> = (0..clauses.len())
            .map(|ci| self.resumes_subject(&view, &clauses, &relative, ci))
            .collect();
        let start = self.findings.len();
        // Nouns first, those that take other events' roles last among them; then verbs, which
        // may take the roles of the events their clause names. Nouns that take other events'
        // roles are read from the end of their clause: the event a noun names stands after it
        // ("Klage gegen das Dekret von X").
        for pass in [Pass::Noun, Pass::NestingNoun, Pass::Verb] {
            for (ci, clause) in clauses.iter().enumerate() {
                let at = ClauseAt {
                    si,
                    ci,
                    clause: *clause,
                    subject: &subjects[ci],
                    sentence_subjects: &subjects,
                    resumed: resumed[ci],
                    sentence_start: start,
                };
                let tokens = clause.start..clause.end;
                if pass == Pass::NestingNoun {
                    tokens.rev().for_each(|t| self.trigger(&view, at, t, pass));
                } else {
                    tokens.for_each(|t| self.trigger(&view, at, t, pass));
                }
            }
        }
        for (ci, clause) in clauses.iter().enumerate() {
            self.qualify(&view, (ci, *clause), start, &sentence.times);
        }
        self.gapped_conjuncts(&view, start);
        self.joint_ventures(&view, start);
        self.seats(si, &view, &clauses);
        self.switch_sentence(&view, start);
        self.attribute(&view, start);
        self.remember(si, &view, &subjects);
        self.count_named(mentions);
    }

    /// Counts the mentions of a sentence read, for the `leading:` slots of the sentences after.
    fn count_named(&mut self, mentions: &[&Mention]) {
        count_named(&mut self.named, mentions.iter().map(|m| &m.entity));
    }
}

/// Short German sentences of the tests' own, run through the whole pipeline.
#[cfg(test)]
mod testing {
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::OnceLock;

    use super::{Polarity, facts};
    use crate::analysis::{Analysis, Pipeline};
    use crate::knowledge::{Knowledge, Source};
    use crate::text::document::Document;

    fn pipeline() -> &'static Pipeline<'static> {
        static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();
        static PIPELINE: OnceLock<Pipeline<'static>> = OnceLock::new();
        let knowledge =
            KNOWLEDGE.get_or_init(|| Knowledge::load(&Source::Embedded).expect("ontology loads"));
        PIPELINE.get_or_init(|| Pipeline::new(knowledge))
    }

    fn analyze(text: &str) -> (Analysis, &'static Knowledge) {
        let pipeline = pipeline();
        let knowledge = pipeline.knowledge;
        let document =
            Document::parse(Path::new("test.txt"), "test", text.as_bytes(), &knowledge.documents)
                .expect("the text reads");
        (pipeline.analyze(document), knowledge)
    }

    /// The facts of `text` as `family: subject -> object` (entity ids), `family: subject` for a
    /// family without object, `not ` before a negated fact.
    pub(super) fn facts_of(text: &str) -> Vec<String> {
        let (analysis, knowledge) = analyze(text);
        facts(&analysis.findings, &knowledge.relations)
            .into_iter()
            .map(|f| {
                let not = if f.polarity == Polarity::Negative { "not " } else { "" };
                match f.object {
                    Some(o) => format!("{not}{}: {} -> {o}", f.family, f.subject),
                    None => format!("{not}{}: {}", f.family, f.subject),
                }
            })
            .collect()
    }

    /// A finding with its names, as a test compares it.
    #[derive(Debug)]
    pub(super) struct Named {
        pub(super) family: String,
        pub(super) rule: String,
        pub(super) roles: BTreeMap<String, Vec<String>>,
        pub(super) literals: BTreeMap<String, String>,
        pub(super) polarity: Polarity,
        pub(super) modality: String,
        pub(super) attribution: Option<String>,
        pub(super) status: Option<String>,
        pub(super) complete: bool,
    }

    /// The findings of `text`, with their names.
    pub(super) fn findings_of(text: &str) -> Vec<Named> {
        let (analysis, knowledge) = analyze(text);
        let rules = &knowledge.relations;
        let role = |r| rules.role_name(r).to_string();
        (analysis.findings.iter())
            .map(|f| Named {
                family: rules.family_of(f.family).name.clone(),
                rule: f.rule.clone(),
                roles: f.roles.iter().map(|(r, v)| (role(*r), v.clone())).collect(),
                literals: f.literals.iter().map(|(r, v)| (role(*r), v.clone())).collect(),
                polarity: f.polarity,
                modality: rules.modality(f.modality).name.clone(),
                attribution: f.attribution.clone(),
                status: f.status.map(|s| rules.status(s).name.clone()),
                complete: f.complete,
            })
            .collect()
    }

    /// The first complete finding of `family` among `found`.
    pub(super) fn complete<'f>(found: &'f [Named], family: &str) -> &'f Named {
        (found.iter().find(|f| f.family == family && f.complete))
            .unwrap_or_else(|| panic!("no complete {family} finding in {found:#?}"))
    }

    /// Asserts that the facts of `text` include each of `expected` and none of `unexpected`.
    pub(super) fn assert_facts(text: &str, expected: &[&str], unexpected: &[&str]) {
        let got = facts_of(text);
        for want in expected {
            assert!(got.iter().any(|g| g == want), "{text}\n  expected {want}\n  got {got:?}");
        }
        for not in unexpected {
            assert!(!got.iter().any(|g| g == not), "{text}\n  did not expect {not}\n  got {got:?}");
        }
    }
}
