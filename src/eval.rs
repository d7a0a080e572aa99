//! Scoring mentions against hand-made gold annotations.
//!
//! A mention counts as correct when document, code-point span and entity all agree. Precision is
//! reported per predicted category, recall per gold category; distinct-entity recall says how many
//! of the gold entities were found at least once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::knowledge::Category;

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

const CATEGORIES: &[Category] = &[
    Category::Organization,
    Category::Person,
    Category::Place,
    Category::Government,
    Category::Media,
    Category::Product,
];

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
        if !CATEGORIES.iter().any(|c| c.name() == fields[5]) {
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
        CATEGORIES.iter().map(|c| (c.name().to_string(), Score::default())).collect();
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
}
