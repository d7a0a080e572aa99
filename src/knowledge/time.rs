//! The words of German-style time expressions, as `time.toml` of a language lists them.
//!
//! [`TimeRules`] is that file parsed and checked, folded for matching: months, weekdays, parts
//! of a month ("Anfang", "Mitte", "Ende"), numbers, units and the prepositions that open an
//! expression. Reading expressions in a sentence and resolving them against the document date is
//! the analysis' job (`analysis::time`); this module holds only the data and its checks.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::knowledge::parse_toml;
use crate::knowledge::suffix::WordMap;
use crate::text::fold::fold;

/// The part of a month or year an expression names: Anfang, Mitte or Ende.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Early,
    Mid,
    Late,
}

/// `ontology/time.toml` as written; see the comments there.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeFile {
    months: Vec<Vec<String>>,
    month_abbreviations: Vec<Vec<String>>,
    weekdays: Vec<Vec<String>>,
    day_part_suffixes: Vec<String>,
    weekend: Vec<String>,
    vague_quantities: Vec<String>,
    relative_endings: Vec<String>,
    genitive_articles: Vec<String>,
    date_articles: Vec<String>,
    amount_words: Vec<String>,
    first_year: i32,
    last_year: i32,
    parts: PartsFile,
    numbers: BTreeMap<String, u32>,
    units: UnitsFile,
    relative: RelativeFile,
    prepositions: PrepositionsFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartsFile {
    early: Vec<String>,
    mid: Vec<String>,
    late: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsFile {
    day: UnitForms,
    week: UnitForms,
    month: UnitForms,
    year: UnitForms,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitForms {
    singular: Vec<String>,
    plural: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelativeFile {
    past: Vec<String>,
    next: Vec<String>,
    current: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PrepositionsFile {
    point: Vec<String>,
    deadline: Vec<String>,
    since: Vec<String>,
    ago: Vec<String>,
    later: Vec<String>,
}

/// A calendar unit of a duration or a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A listed form of a unit word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnitForm {
    pub(crate) unit: Unit,
    pub(crate) plural: bool,
}

/// What the words before a time expression make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpenerKind {
    Point,
    Deadline,
    Since,
    Ago,
    Later,
}

/// A preposition phrase, as the numbers of its folded words.
#[derive(Debug, Clone)]
pub(crate) struct Opener {
    pub(crate) words: Vec<u16>,
    pub(crate) kind: OpenerKind,
}

/// What the vocabulary of `ontology/time.toml` says about one folded word. A word may be several
/// things at once ("mai" a month, "ende" a part), so each list has its own field.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Class {
    /// Month name → 1..=12.
    pub(crate) month: Option<u32>,
    /// Abbreviation → 1..=12; counts only with its period.
    pub(crate) abbreviation: Option<u32>,
    pub(crate) part: Option<Part>,
    pub(crate) number: Option<u32>,
    /// Inflected relative word → −1 (past), 0 (current) or 1 (next).
    pub(crate) relative: Option<i32>,
    pub(crate) unit: Option<UnitForm>,
    pub(crate) weekend: bool,
    pub(crate) vague: bool,
    pub(crate) genitive: bool,
    pub(crate) date_article: bool,
    pub(crate) amount: bool,
    /// The word's number among the words of the preposition phrases.
    pub(crate) opener_word: Option<u16>,
    /// Whether a preposition phrase starts with the word.
    pub(crate) opener_start: bool,
    /// Whether the word can be the core of an expression: what follows an opener starts with
    /// one (a month, weekday, part, unit, relative or number word, or digits).
    pub(crate) starter: bool,
    /// Whether the word is one of those every expression has one of (see [`Word::anchor`]).
    pub(crate) anchor: bool,
}

/// The class of an unlisted word.
pub(crate) const NO_CLASS: Class = Class {
    month: None,
    abbreviation: None,
    part: None,
    number: None,
    relative: None,
    unit: None,
    weekend: false,
    vague: false,
    genitive: false,
    date_article: false,
    amount: false,
    opener_word: None,
    opener_start: false,
    starter: false,
    anchor: false,
};

/// The weekend resolves to its Saturday: the sixth weekday of the Monday-first list.
pub(crate) const SATURDAY: u32 = 5;

/// The words of German time expressions, folded for matching; loaded from `ontology/time.toml`.
#[derive(Debug, Clone)]
pub struct TimeRules {
    /// Every listed word with what it is; one lookup classifies a token.
    pub(crate) vocabulary: WordMap<Class>,
    /// Weekday name → 0 (Monday)..=6.
    pub(crate) weekdays: Vec<(String, u32)>,
    /// The length of the shortest weekday name: shorter words need no prefix test.
    pub(crate) shortest_weekday: usize,
    pub(crate) day_part_suffixes: BTreeSet<String>,
    pub(crate) years: RangeInclusive<i32>,
    pub(crate) openers: Vec<Opener>,
    /// The shapes ([`shape_key`]) of every listed word and of every word that starts with a
    /// weekday name, as bits: a word of another shape is listed nowhere. Empty when a weekday
    /// name is so short that the set would not help. A screen before the vocabulary lookup and
    /// the weekday prefix test of every token; without the two shape sets the `analysis` stage
    /// runs 8.9 % more instructions (7.7 % more estimated cycles) on the benchmark corpus.
    pub(crate) word_shapes: Vec<u64>,
    /// Likewise of the anchors ([`Word::anchor`]) and of every word that starts with a weekday.
    pub(crate) anchor_shapes: Vec<u64>,
}

impl TimeRules {
    /// Parses and checks `ontology/time.toml`; `path` only names the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let file: TimeFile = parse_toml(path, text)?;
        let data = DataFile { path, text };
        if file.months.len() != 12 || file.month_abbreviations.len() != 12 {
            let key = if file.months.len() != 12 { "months" } else { "month_abbreviations" };
            return Err(data.error(key, "expected 12 months, January first"));
        }
        if file.weekdays.len() != 7 {
            return Err(data.error("weekdays", "expected 7 weekdays, Monday first"));
        }
        if file.first_year > file.last_year {
            return Err(data.error(
                "first_year",
                format!("first_year {} is after last_year {}", file.first_year, file.last_year),
            ));
        }
        let months = data.numbered("months", &file.months, 1)?;
        let abbreviations = data.numbered("month_abbreviations", &file.month_abbreviations, 1)?;
        let weekdays = data.numbered("weekdays", &file.weekdays, 0)?;
        let mut parts = BTreeMap::new();
        for (key, words, part) in [
            ("early", &file.parts.early, Part::Early),
            ("mid", &file.parts.mid, Part::Mid),
            ("late", &file.parts.late, Part::Late),
        ] {
            for word in data.words(key, words)? {
                parts.insert(word, part);
            }
        }
        let mut numbers = BTreeMap::new();
        for (word, &value) in &file.numbers {
            if value == 0 {
                return Err(data.error(word, format!("number word {word:?} must count at least 1")));
            }
            numbers.insert(data.word(word, word)?, value);
        }
        let mut units = BTreeMap::new();
        for (key, forms, unit) in [
            ("day", &file.units.day, Unit::Day),
            ("week", &file.units.week, Unit::Week),
            ("month", &file.units.month, Unit::Month),
            ("year", &file.units.year, Unit::Year),
        ] {
            for (words, plural) in [(&forms.singular, false), (&forms.plural, true)] {
                for word in data.words(key, words)? {
                    units.insert(word, UnitForm { unit, plural });
                }
            }
        }
        let endings = data.words("relative_endings", &file.relative_endings)?;
        let mut relatives = BTreeMap::new();
        for (key, stems, shift) in [
            ("past", &file.relative.past, -1),
            ("next", &file.relative.next, 1),
            ("current", &file.relative.current, 0),
        ] {
            for stem in data.words(key, stems)? {
                for ending in &endings {
                    relatives.insert(format!("{stem}{ending}"), shift);
                }
            }
        }
        let prepositions = &file.prepositions;
        let mut vocabulary: FxHashMap<String, Class> = FxHashMap::default();
        let mut opener_words: Vec<String> = Vec::new();
        let mut openers = Vec::new();
        for (key, phrases, kind) in [
            ("point", &prepositions.point, OpenerKind::Point),
            ("deadline", &prepositions.deadline, OpenerKind::Deadline),
            ("since", &prepositions.since, OpenerKind::Since),
            ("ago", &prepositions.ago, OpenerKind::Ago),
            ("later", &prepositions.later, OpenerKind::Later),
        ] {
            for phrase in data.words(key, phrases)? {
                let mut words = Vec::new();
                for word in phrase.split_whitespace() {
                    let number = match opener_words.iter().position(|w| w == word) {
                        Some(number) => number,
                        None => {
                            opener_words.push(word.to_string());
                            opener_words.len() - 1
                        }
                    };
                    let number = u16::try_from(number)
                        .map_err(|_| data.error(key, "too many preposition words"))?;
                    vocabulary.entry(word.to_string()).or_default().opener_word = Some(number);
                    words.push(number);
                }
                openers.push(Opener { words, kind });
            }
        }
        fn class<'v>(vocabulary: &'v mut FxHashMap<String, Class>, word: &str) -> &'v mut Class {
            vocabulary.entry(word.to_string()).or_default()
        }
        for (word, &month) in &months {
            class(&mut vocabulary, word).month = Some(month);
        }
        for (word, &month) in &abbreviations {
            class(&mut vocabulary, word).abbreviation = Some(month);
        }
        for (word, &part) in &parts {
            class(&mut vocabulary, word).part = Some(part);
        }
        for (word, &number) in &numbers {
            class(&mut vocabulary, word).number = Some(number);
        }
        for (word, &shift) in &relatives {
            class(&mut vocabulary, word).relative = Some(shift);
        }
        for (word, &form) in &units {
            class(&mut vocabulary, word).unit = Some(form);
        }
        let flags: [(&str, &[String], fn(&mut Class)); 5] = [
            ("weekend", &file.weekend, |c| c.weekend = true),
            ("vague_quantities", &file.vague_quantities, |c| c.vague = true),
            ("genitive_articles", &file.genitive_articles, |c| c.genitive = true),
            ("date_articles", &file.date_articles, |c| c.date_article = true),
            ("amount_words", &file.amount_words, |c| c.amount = true),
        ];
        for (key, words, set) in flags {
            for word in data.words(key, words)? {
                set(class(&mut vocabulary, &word));
            }
        }
        // The words an expression may start with: months, abbreviations, the weekend, parts,
        // numbers, vague quantities, relative words and units.
        for class in vocabulary.values_mut() {
            class.starter = class.month.is_some()
                || class.abbreviation.is_some()
                || class.weekend
                || class.part.is_some()
                || class.number.is_some()
                || class.vague
                || class.relative.is_some()
                || class.unit.is_some();
            class.anchor = class.month.is_some()
                || class.abbreviation.is_some()
                || class.weekend
                || class.unit.is_some();
        }
        for opener in &openers {
            if let Some(&first) = opener.words.first() {
                class(&mut vocabulary, &opener_words[usize::from(first)]).opener_start = true;
            }
        }
        let mut word_shapes = vec![0; 1 << 15];
        let mut anchor_shapes = vec![0; 1 << 15];
        let add = |shapes: &mut Vec<u64>, key: usize| shapes[key / 64] |= 1 << (key % 64);
        for (word, class) in &vocabulary {
            let key = shape_key(word.as_bytes());
            add(&mut word_shapes, key);
            if class.anchor {
                add(&mut anchor_shapes, key);
            }
        }
        for day in weekdays.keys() {
            if let [first, second, ..] = *day.as_bytes() {
                for len in day.len()..=MAX_SHAPE_LENGTH {
                    let key = shape_key_of(first, second, len);
                    add(&mut word_shapes, key);
                    add(&mut anchor_shapes, key);
                }
            }
        }
        if weekdays.keys().any(|day| day.len() < 2) {
            word_shapes.clear();
            anchor_shapes.clear();
        }
        let shortest_weekday = weekdays.keys().map(String::len).min().unwrap_or(0);
        Ok(TimeRules {
            vocabulary: WordMap::new({
                let mut words: Vec<(String, Class)> = vocabulary.into_iter().collect();
                // The table's layout follows insertion: sorting keeps it the same in every run.
                words.sort_by(|a, b| a.0.cmp(&b.0));
                words
            }),
            weekdays: weekdays.into_iter().collect(),
            shortest_weekday,
            day_part_suffixes: data
                .words("day_part_suffixes", &file.day_part_suffixes)?
                .into_iter()
                .collect(),
            years: file.first_year..=file.last_year,
            openers,
            word_shapes,
            anchor_shapes,
        })
    }
}

/// The data file being checked, to name the line of a bad value.
struct DataFile<'a> {
    path: &'a Path,
    text: &'a str,
}

impl DataFile<'_> {
    fn error(&self, key: &str, message: impl Into<String>) -> Error {
        let line = self
            .text
            .lines()
            .position(|line| {
                let line = line.trim_start().trim_start_matches('"');
                line.strip_prefix(key).is_some_and(|rest| {
                    rest.trim_start_matches('"').trim_start().starts_with(['=', '{'])
                })
            })
            .map_or(1, |i| i + 1);
        Error::data(self.path, line, message)
    }

    fn word(&self, key: &str, word: &str) -> Result<String> {
        let folded = fold(word.trim());
        if folded.is_empty() {
            return Err(self.error(key, format!("{key} holds an empty word")));
        }
        Ok(folded)
    }

    fn words(&self, key: &str, words: &[String]) -> Result<Vec<String>> {
        words.iter().map(|word| self.word(key, word)).collect()
    }

    /// Word → number of its group, counting from `first`; a word in two groups is an error.
    fn numbered(
        &self,
        key: &str,
        groups: &[Vec<String>],
        first: u32,
    ) -> Result<BTreeMap<String, u32>> {
        let mut numbered = BTreeMap::new();
        for (position, group) in (first..).zip(groups) {
            for word in self.words(key, group)? {
                if numbered.insert(word.clone(), position).is_some_and(|p| p != position) {
                    return Err(self.error(key, format!("{word:?} is listed twice in {key}")));
                }
            }
        }
        Ok(numbered)
    }
}

/// Lengths above this count as this in [`shape_key`].
pub(crate) const MAX_SHAPE_LENGTH: usize = 31;

/// The shape of a folded word, as an index in [`TimeRules`]'s shape sets: its first two bytes
/// and its length.
#[inline]
pub(crate) fn shape_key(word: &[u8]) -> usize {
    match *word {
        [first, second, ..] => shape_key_of(first, second, word.len()),
        [first] => shape_key_of(first, 0, 1),
        [] => 0,
    }
}

#[inline]
pub(crate) fn shape_key_of(first: u8, second: u8, len: usize) -> usize {
    (usize::from(first) << 8 | usize::from(second)) << 5 | len.min(MAX_SHAPE_LENGTH)
}
