//! Scoring mentions and facts against hand-made gold annotations.
//!
//! Gold files are the yardstick for tuning the lexicon and the relation rules, so they are read
//! as strictly as the rule files: a malformed line fails with its file and line instead of quietly
//! lowering a score. Both kinds are compared with what the store holds (`commands::eval` reads it);
//! this module only parses and counts, so it can be tested without a store.
//!
//! Mentions (`*.tsv`): a mention counts as correct when document, code-point span and entity all
//! agree. Precision is reported per predicted category, recall per gold category; distinct-entity
//! recall says how many of the gold entities were found at least once.
//!
//! Facts (`*.facts.tsv`): a fact is (document, family, subject, object, polarity), counted once per
//! document however many sentences state it, and always in the gold's reading order (the
//! `founder` of an organisation has the person as subject, whichever way the direct triple runs).
//! Symmetric families match in either order. Scores are micro-averaged per family and overall.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::analysis::extract::Polarity;
use crate::error::{Error, Result};
use crate::knowledge::Category;
use crate::knowledge::relations::RelationRules;

/// What a gold file annotates, told by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldKind {
    Mentions,
    /// A file whose name ends in `.facts.tsv`.
    Facts,
}

impl GoldKind {
    pub fn of(path: &Path) -> Self {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.ends_with(".facts.tsv") { GoldKind::Facts } else { GoldKind::Mentions }
    }
}

/// One annotated (or predicted) mention.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Annotation {
    pub document: String,
    pub begin: usize,
    pub end: usize,
    pub surface: String,
    pub entity: String,
    pub category: String,
    /// Line in the gold file, 0 for predictions.
    pub line: usize,
}

impl Annotation {
    fn key(&self) -> (&str, usize, usize, &str) {
        (&self.document, self.begin, self.end, &self.entity)
    }
}

/// Reads a gold file: `document begin end surface entity category`, tab-separated, `#` comments.
pub fn parse_gold(path: &Path, text: &str) -> Result<Vec<Annotation>> {
    let mut gold = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let fail = |message: String| Error::data(path, number, message);
        if fields.len() != 6 {
            return Err(fail(format!("expected 6 tab-separated fields, found {}", fields.len())));
        }
        let offset =
            |s: &str| s.parse::<usize>().map_err(|_| fail(format!("offset {s:?} is not a number")));
        let (begin, end) = (offset(fields[1])?, offset(fields[2])?);
        if begin >= end {
            return Err(fail(format!("empty or reversed span {begin}..{end}")));
        }
        if Category::named(fields[5]).is_none() {
            return Err(fail(format!("unknown category {:?}", fields[5])));
        }
        gold.push(Annotation {
            document: fields[0].to_string(),
            begin,
            end,
            surface: fields[3].to_string(),
            entity: fields[4].to_string(),
            category: fields[5].to_string(),
            line: number,
        });
    }
    Ok(gold)
}

/// Precision, recall and F1 of one slice of the data.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub correct_of_gold: usize,
    pub correct_of_predicted: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn finish(mut self) -> Self {
        self.precision = ratio(self.correct_of_predicted, self.predicted);
        self.recall = ratio(self.correct_of_gold, self.gold);
        let sum = self.precision + self.recall;
        self.f1 = if sum > 0.0 { 2.0 * self.precision * self.recall / sum } else { 0.0 };
        self
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

/// The full evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub overall: Score,
    pub by_category: BTreeMap<String, Score>,
    /// Distinct gold entities found at least once, over all gold entities.
    pub entity_recall: f64,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
}

/// Scores `predicted` against `gold`; only documents that appear in the gold count.
pub fn score(gold: &[Annotation], predicted: &[Annotation]) -> Report {
    let documents: BTreeSet<&str> = gold.iter().map(|a| a.document.as_str()).collect();
    let predicted: Vec<&Annotation> =
        predicted.iter().filter(|a| documents.contains(a.document.as_str())).collect();
    let gold_keys: BTreeSet<_> = gold.iter().map(Annotation::key).collect();
    let predicted_keys: BTreeSet<_> = predicted.iter().map(|a| a.key()).collect();
    let mut overall = Score::default();
    let mut by_category: BTreeMap<String, Score> =
        Category::ALL.iter().map(|c| (c.name().to_string(), Score::default())).collect();
    let mut missed = Vec::new();
    for a in gold {
        let hit = predicted_keys.contains(&a.key());
        let slot = by_category.entry(a.category.clone()).or_default();
        for s in [&mut overall, slot] {
            s.gold += 1;
            s.correct_of_gold += usize::from(hit);
        }
        if !hit {
            missed.push(describe(a));
        }
    }
    let mut spurious = Vec::new();
    for a in &predicted {
        let hit = gold_keys.contains(&a.key());
        let slot = by_category.entry(a.category.clone()).or_default();
        for s in [&mut overall, slot] {
            s.predicted += 1;
            s.correct_of_predicted += usize::from(hit);
        }
        if !hit {
            spurious.push(describe(a));
        }
    }
    let gold_entities: BTreeSet<&str> = gold.iter().map(|a| a.entity.as_str()).collect();
    let found: BTreeSet<&str> = predicted.iter().map(|a| a.entity.as_str()).collect();
    let entity_recall = ratio(gold_entities.intersection(&found).count(), gold_entities.len());
    Report {
        overall: overall.finish(),
        by_category: by_category.into_iter().map(|(k, v)| (k, v.finish())).collect(),
        entity_recall,
        missed,
        spurious,
    }
}

fn describe(a: &Annotation) -> String {
    format!("{} {}..{} {:?} → {}", a.document, a.begin, a.end, a.surface, a.entity)
}

/// One annotated (or predicted) fact, subject and object in the gold's reading order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FactAnnotation {
    pub document: String,
    pub family: String,
    pub subject: String,
    /// `None` for a family without an object role (`statement`, written `-`).
    pub object: Option<String>,
    pub polarity: Polarity,
    /// Line in the gold file, 0 for predictions.
    pub line: usize,
}

/// What makes two facts equal: symmetric families put their pair in sorted order.
type FactKey<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Polarity);

impl FactAnnotation {
    fn key(&self, symmetric: bool) -> FactKey<'_> {
        let (mut subject, mut object) = (self.subject.as_str(), self.object.as_deref());
        if symmetric
            && let Some(o) = object
            && o < subject
        {
            (subject, object) = (o, Some(subject));
        }
        (&self.document, &self.family, subject, object, self.polarity)
    }
}

fn is_symmetric(rules: &RelationRules, family: &str) -> bool {
    rules.family(family).is_some_and(|f| f.symmetric)
}

/// Reads a fact gold file: `document family subject object polarity`, tab-separated, `#`
/// comments. Families are those of `relations.toml`; the object is `-` exactly for the families
/// without an object role; polarity is `+` or `-`; a fact may be listed only once per document.
pub fn parse_fact_gold(
    path: &Path,
    text: &str,
    rules: &RelationRules,
) -> Result<Vec<FactAnnotation>> {
    let mut facts = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |message: String| Error::data(path, number, message);
        let fields: Vec<&str> = line.split('\t').collect();
        let [document, family_name, subject, object, polarity] = fields[..] else {
            return Err(fail(format!("expected 5 tab-separated fields, found {}", fields.len())));
        };
        let Some(family) = rules.family(family_name) else {
            let known: Vec<&str> = rules.families.iter().map(|f| f.name.as_str()).collect();
            return Err(fail(format!(
                "unknown family {family_name:?} (known: {})",
                known.join(", ")
            )));
        };
        for (what, value) in [("document", document), ("subject", subject), ("object", object)] {
            if value.trim().is_empty() || value.trim() != value {
                return Err(fail(format!("empty or padded {what} {value:?}")));
            }
        }
        if subject == "-" {
            let message = "subject \"-\": only the object of a family without one may be '-'";
            return Err(fail(message.into()));
        }
        let object = match (family.object.is_some(), object) {
            (false, "-") => None,
            (false, other) => {
                return Err(fail(format!(
                    "family {family_name:?} has no object, write '-' instead of {other:?}"
                )));
            }
            (true, "-") => {
                return Err(fail(format!("family {family_name:?} needs an object, found '-'")));
            }
            (true, other) => Some(other.to_string()),
        };
        let polarity = match polarity {
            "+" => Polarity::Positive,
            "-" => Polarity::Negative,
            other => return Err(fail(format!("polarity {other:?} is not '+' or '-'"))),
        };
        facts.push(FactAnnotation {
            document: document.to_string(),
            family: family_name.to_string(),
            subject: subject.to_string(),
            object,
            polarity,
            line: number,
        });
    }
    // A repeated line is usually a slip (another entity was meant), so it is reported, not merged.
    let mut seen: BTreeMap<FactKey<'_>, usize> = BTreeMap::new();
    for fact in &facts {
        if let Some(first) = seen.insert(fact.key(is_symmetric(rules, &fact.family)), fact.line) {
            let message = format!("fact repeats line {first} (a fact is listed once per document)");
            return Err(Error::data(path, fact.line, message));
        }
    }
    Ok(facts)
}

/// The fact evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct FactReport {
    pub overall: Score,
    /// Every family that occurs in the gold or the predictions.
    pub by_family: BTreeMap<String, Score>,
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
}

/// Scores `predicted` facts against `gold`; only documents that appear in the gold count, and each
/// distinct fact counts once per document on either side.
pub fn score_facts(
    gold: &[FactAnnotation],
    predicted: &[FactAnnotation],
    rules: &RelationRules,
) -> FactReport {
    let documents: BTreeSet<&str> = gold.iter().map(|f| f.document.as_str()).collect();
    let gold = distinct_facts(gold, &documents, rules);
    let predicted = distinct_facts(predicted, &documents, rules);
    let mut overall = Score::default();
    let mut by_family: BTreeMap<String, Score> = BTreeMap::new();
    let mut missed = Vec::new();
    for (key, f) in &gold {
        let hit = predicted.contains_key(key);
        let slot = by_family.entry(f.family.clone()).or_default();
        for s in [&mut overall, slot] {
            s.gold += 1;
            s.correct_of_gold += usize::from(hit);
        }
        if !hit {
            missed.push(describe_fact(f));
        }
    }
    let mut spurious = Vec::new();
    for (key, f) in &predicted {
        let hit = gold.contains_key(key);
        let slot = by_family.entry(f.family.clone()).or_default();
        for s in [&mut overall, slot] {
            s.predicted += 1;
            s.correct_of_predicted += usize::from(hit);
        }
        if !hit {
            spurious.push(describe_fact(f));
        }
    }
    FactReport {
        overall: overall.finish(),
        by_family: by_family.into_iter().map(|(k, v)| (k, v.finish())).collect(),
        missed,
        spurious,
    }
}

/// The facts of `documents`, one per key; the first of equal facts stands for them.
fn distinct_facts<'a>(
    facts: &'a [FactAnnotation],
    documents: &BTreeSet<&str>,
    rules: &RelationRules,
) -> BTreeMap<FactKey<'a>, &'a FactAnnotation> {
    let mut out = BTreeMap::new();
    for f in facts.iter().filter(|f| documents.contains(f.document.as_str())) {
        out.entry(f.key(is_symmetric(rules, &f.family))).or_insert(f);
    }
    out
}

/// A fact as a gold line would write it, with spaces for tabs.
fn describe_fact(f: &FactAnnotation) -> String {
    let polarity = if f.polarity == Polarity::Positive { '+' } else { '-' };
    let object = f.object.as_deref().unwrap_or("-");
    format!("{} {} {} {object} {polarity}", f.document, f.family, f.subject)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(begin: usize, entity: &str, category: &str) -> Annotation {
        Annotation {
            document: "d".into(),
            begin,
            end: begin + 3,
            surface: "xyz".into(),
            entity: entity.into(),
            category: category.into(),
            line: 0,
        }
    }

    #[test]
    fn scores_span_and_entity_together() {
        let gold =
            [ann(0, "a", "Person"), ann(10, "b", "Organization"), ann(20, "b", "Organization")];
        let predicted =
            [ann(0, "a", "Person"), ann(10, "c", "Organization"), ann(30, "b", "Organization")];
        let report = score(&gold, &predicted);
        assert_eq!((report.overall.correct_of_gold, report.overall.gold), (1, 3));
        assert_eq!((report.overall.correct_of_predicted, report.overall.predicted), (1, 3));
        assert!((report.overall.f1 - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(report.by_category["Person"].f1, 1.0);
        assert_eq!(report.by_category["Organization"].recall, 0.0);
        assert_eq!(report.entity_recall, 1.0);
        assert_eq!(report.missed.len(), 2);
    }

    #[test]
    fn gold_errors_name_the_line() {
        let rows = [
            ("# c\nd\t1\t2\tx\te\n", "2: expected 6"),
            ("d\tx\t2\tx\te\tPerson\n", "1: offset \"x\""),
            ("d\t3\t2\tx\te\tPerson\n", "1: empty or reversed"),
            ("d\t1\t2\tx\te\tAnimal\n", "1: unknown category"),
        ];
        for (text, expected) in rows {
            let err = parse_gold(Path::new("g.tsv"), text).expect_err("must fail").to_string();
            assert!(err.starts_with("g.tsv:") && err.contains(expected), "{err}");
        }
    }

    fn relations() -> RelationRules {
        use crate::knowledge::{Knowledge, Source};
        Knowledge::load(&Source::Embedded).expect("embedded knowledge").relations
    }

    fn fact(
        document: &str,
        family: &str,
        subject: &str,
        object: &str,
        negated: bool,
    ) -> FactAnnotation {
        FactAnnotation {
            document: document.into(),
            family: family.into(),
            subject: subject.into(),
            object: (object != "-").then(|| object.to_string()),
            polarity: if negated { Polarity::Negative } else { Polarity::Positive },
            line: 0,
        }
    }

    #[test]
    fn gold_kind_follows_the_file_name() {
        assert_eq!(GoldKind::of(Path::new("tests/gold/seeds.facts.tsv")), GoldKind::Facts);
        assert_eq!(GoldKind::of(Path::new("tests/gold/seeds.tsv")), GoldKind::Mentions);
        assert_eq!(GoldKind::of(Path::new("facts.tsv")), GoldKind::Mentions);
    }

    #[test]
    fn fact_gold_reads_statements_and_polarity() {
        let text = "# comment\n\nd\tstatement\tx\t-\t+\nd\tsale\ta\tb\t-\n";
        let gold = parse_fact_gold(Path::new("g.facts.tsv"), text, &relations()).expect("valid");
        assert_eq!(gold.len(), 2);
        assert_eq!((gold[0].object.as_deref(), gold[0].line), (None, 3));
        assert_eq!((gold[1].object.as_deref(), gold[1].polarity), (Some("b"), Polarity::Negative));
    }

    #[test]
    fn fact_gold_errors_name_the_line() {
        let rows = [
            ("# c\nd\tsale\ta\tb\n", "2: expected 5 tab-separated fields, found 4"),
            ("d\tsale\ta\tb\t+\tx\n", "1: expected 5 tab-separated fields, found 6"),
            ("d\tpurchase\ta\tb\t+\n", "1: unknown family \"purchase\" (known: offer, "),
            ("d\tsale\ta\tb\tyes\n", "1: polarity \"yes\" is not '+' or '-'"),
            ("d\tsale\ta\t-\t+\n", "1: family \"sale\" needs an object, found '-'"),
            ("d\tstatement\ta\tb\t+\n", "1: family \"statement\" has no object"),
            ("d\tsale\t-\tb\t+\n", "1: subject \"-\""),
            ("d\tsale\t\tb\t+\n", "1: empty or padded subject"),
            ("d\tsale\ta \tb\t+\n", "1: empty or padded subject"),
            ("d\tmerger\ta\tb\t+\nd\tmerger\tb\ta\t+\n", "2: fact repeats line 1"),
        ];
        let rules = relations();
        for (text, expected) in rows {
            let err = parse_fact_gold(Path::new("g.facts.tsv"), text, &rules)
                .expect_err("must fail")
                .to_string();
            assert!(err.starts_with("g.facts.tsv:") && err.contains(expected), "{err}");
        }
    }

    #[test]
    fn facts_count_once_per_document_and_symmetric_pairs_in_either_order() {
        let gold = [
            fact("d", "merger", "a", "b", false),
            fact("d", "sale", "a", "b", true),
            fact("d", "statement", "a", "-", false),
            fact("e", "acquisition", "a", "b", false),
        ];
        let predicted = [
            fact("d", "merger", "b", "a", false),
            fact("d", "sale", "a", "b", false),
            fact("d", "statement", "a", "-", false),
            fact("d", "statement", "a", "-", false),
            fact("e", "acquisition", "b", "a", false),
            fact("not-in-gold", "sale", "x", "y", false),
        ];
        let report = score_facts(&gold, &predicted, &relations());
        assert_eq!((report.overall.correct_of_gold, report.overall.gold), (2, 4));
        assert_eq!((report.overall.correct_of_predicted, report.overall.predicted), (2, 4));
        assert_eq!(report.by_family["merger"].f1, 1.0);
        assert_eq!(report.by_family["acquisition"].recall, 0.0, "acquisition is not symmetric");
        assert_eq!(report.missed, ["d sale a b -", "e acquisition a b +"]);
        assert_eq!(report.spurious, ["d sale a b +", "e acquisition b a +"]);
    }
}
