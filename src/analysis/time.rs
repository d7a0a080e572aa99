//! German time expressions, resolved against the document date.
//!
//! News reports date events relative to the day they appear: "am Sonntag", "vergangene Woche",
//! "vor zwei Jahren", "bis Ende des Monats". [`TimeRules::find`] reads such expressions in a
//! sentence and resolves each against the document date (the anchor) to a [`PartialDate`] at the
//! precision its words allow, together with the role it gives an event: a point in time, a
//! deadline or the start of a state that still holds. Relation extraction uses them to date
//! events and deadlines. All words come from the language's `time.toml` ([`TimeRules`]); this module
//! holds only the grammar and the calendar arithmetic.
//!
//! Resolution is deliberately simple and deterministic:
//! - A day or month without a year takes the anchor's year, even far from the anchor ("Ende
//!   Dezember" in a January report is December of the same year). Reports usually write the year
//!   when it differs, and a guess would make mistakes of its own.
//! - A weekday is the closest such day on or before the anchor day, since reports look back; for
//!   a deadline ("bis Sonntag") it is the closest on or after it. "vergangenen"/"kommenden" move
//!   strictly before or after the anchor day. The weekend counts as its Saturday.
//! - A week has no precision of its own: "vergangene Woche" is the month of the day seven days
//!   before the anchor, and a part of a week ("Anfang nächster Woche") gives no [`Part`].
//! - An expression that needs a finer anchor than the document has (a weekday with a month-only
//!   document date) is still found, with no date.
//!
//! Matching runs over the sentence's tokens from left to right; at each token the longest
//! expression wins, so expressions never overlap. A month name needs a preposition, day, year or
//! part ("im August", "August 2020"), since alone it may be a name ("August Sander"); a weekday
//! needs nothing ("Sonntagabend meldete …"). Not recognised: "gestern"/"heute", seasons,
//! quarters, clock times and ranges ("vom 1. bis 3. März" reads as the deadline "bis 3. März").

use std::ops::RangeInclusive;

mod resolve;

use crate::analysis::words::Words;
use crate::knowledge::time::{
    Class, NO_CLASS, OpenerKind, Part, SATURDAY, TimeRules, Unit, UnitForm, shape_key,
};
use crate::text::document::{PartialDate, Precision};
use crate::text::fold::Folded;
use crate::text::span::{CharIndex, Span};
use crate::text::token::{Token, tokenize};
use resolve::resolve;

/// What a time expression says about its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeRole {
    /// When it happened or will happen: "am 14. August", "vor zwei Jahren".
    Point,
    /// By when it must happen: "bis zum 20. September", "bis Sonntag", "spätestens 2025".
    Deadline,
    /// When a state that still holds began: "seit 2017", "seit Wochen".
    Since,
}

/// A time expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpression {
    /// The whole expression with its preposition: "bis zum 20. September", "vor zwei Jahren".
    pub span: Span,
    /// The resolved date; `None` when the anchor is too coarse or the words give no number.
    pub date: Option<PartialDate>,
    pub part: Option<Part>,
    pub role: TimeRole,
}

impl TimeExpression {
    /// How precisely the date is known, if it is known at all.
    pub fn precision(&self) -> Option<Precision> {
        self.date.map(|date| date.precision())
    }
}

/// A token as the reader sees it: its class and what its prefix says about weekdays.
#[derive(Debug, Clone, Copy)]
struct Word<'r> {
    /// The class of the folded word; [`NO_CLASS`] for a word not listed.
    class: &'r Class,
    /// The weekday it names, alone or with a time of day ("Sonntagabend"), or the weekend.
    weekday: Option<u32>,
    /// Whether a point or a duration may start at the token: a starter, digits, or a word that
    /// starts with a weekday name.
    core: bool,
}

impl Word<'_> {
    /// A word listed nowhere.
    const NONE: Word<'static> = Word { class: &NO_CLASS, weekday: None, core: false };

    /// Whether the word is one every expression has: digits (the caller knows), a month name or
    /// abbreviation, a weekday, the weekend or a unit. Each reading ends in one of them, so a
    /// sentence without any has no expression.
    fn anchor(&self) -> bool {
        self.class.anchor || self.weekday.is_some()
    }
}

/// Reading time expressions with the words of [`TimeRules`].
impl TimeRules {
    /// Classifies a folded word.
    fn classify(&self, word: &str) -> Word<'_> {
        let class = self.vocabulary.get(word).unwrap_or(&NO_CLASS);
        let core = class.starter;
        if word.len() < self.shortest_weekday {
            return Word { class, weekday: None, core };
        }
        let weekday_prefix = self.weekdays.iter().any(|(day, _)| word.starts_with(day.as_str()));
        let weekday = if class.weekend {
            Some(SATURDAY)
        } else if weekday_prefix {
            self.weekdays.iter().find_map(|(name, weekday)| {
                let rest = word.strip_prefix(name.as_str())?;
                let rest = rest.strip_prefix('-').unwrap_or(rest);
                (rest.is_empty() || self.day_part_suffixes.contains(rest)).then_some(*weekday)
            })
        } else {
            None
        };
        Word { class, weekday, core: core || weekday_prefix }
    }

    /// Whether a folded word of this shape may be listed or start with a weekday name.
    #[inline]
    fn in_shapes(shapes: &[u64], word: &str) -> bool {
        if shapes.is_empty() {
            return true;
        }
        let key = shape_key(word.as_bytes());
        shapes[key / 64] >> (key % 64) & 1 == 1
    }

    /// Classifies token `i` of a sentence, by its shape first: most words are listed nowhere.
    #[inline]
    fn classify_token<'r>(&'r self, words: &Words<'_>, i: usize, shapes: &[u64]) -> Word<'r> {
        let folded = words.folded(i);
        let mut word =
            if Self::in_shapes(shapes, folded) { self.classify(folded) } else { Word::NONE };
        word.core |= words.digit(i);
        word
    }

    /// Time expressions in `text[sentence]`, in text order, non-overlapping (longest wins),
    /// resolved against `anchor`, the document date.
    pub fn find(
        &self,
        text: &str,
        sentence: Span,
        index: &CharIndex,
        anchor: Option<&PartialDate>,
    ) -> Vec<TimeExpression> {
        let tokens = tokenize(text, sentence, index);
        let folded = Folded::new(&text[sentence.bytes()]);
        let words = Words::new(text, sentence, &folded, &tokens);
        self.find_in(text, &tokens, &words, index, anchor)
    }

    /// Time expressions among a sentence's `tokens` (as [`tokenize`] gives them), analysed as
    /// `words`.
    pub fn find_in(
        &self,
        text: &str,
        tokens: &[Token],
        words: &Words<'_>,
        index: &CharIndex,
        anchor: Option<&PartialDate>,
    ) -> Vec<TimeExpression> {
        // Most sentences name no time: without an anchor, reading every position would find
        // nothing.
        let anchored = (0..tokens.len())
            .any(|i| words.digit(i) || self.classify_token(words, i, &self.anchor_shapes).anchor());
        if !anchored {
            return Vec::new();
        }
        let classes: Vec<Word> =
            (0..tokens.len()).map(|i| self.classify_token(words, i, &self.word_shapes)).collect();
        // Every expression has its core within the longest preposition phrase of its first
        // token, so only a core, or an opener that close to one, is worth reading from.
        let reach = self.openers.iter().map(|opener| opener.words.len()).max().unwrap_or(0);
        let mut next_core = vec![usize::MAX; tokens.len() + 1];
        for k in (0..tokens.len()).rev() {
            next_core[k] = if classes[k].core { k } else { next_core[k + 1] };
        }
        let reader = Reader { rules: self, text, tokens, words: classes };
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let word = &reader.words[i];
            if !(word.core || word.class.opener_start && next_core[i] <= i + reach) {
                i += 1;
                continue;
            }
            let Some((role, reading)) = reader.expression(i) else {
                i += 1;
                continue;
            };
            let last = &tokens[reading.end - 1];
            // A week's date is a month, so Anfang/Mitte/Ende would describe the wrong thing.
            let week = matches!(reading.reference, Reference::Shifted { unit: Unit::Week, .. });
            found.push(TimeExpression {
                span: index.span(tokens[i].span.start, last.span.end),
                date: resolve(reading.reference, role, anchor),
                part: reading.part.filter(|_| !week),
                role,
            });
            i = reading.end;
        }
        found
    }
}

/// What an expression says, before the anchor turns it into a date.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reference {
    /// A calendar day; without a year it takes the anchor's.
    Day {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    /// A month; without a year it takes the anchor's.
    Month {
        year: Option<i32>,
        month: u32,
    },
    /// A month name placed by a relative word: "im vergangenen Oktober".
    ShiftedMonth {
        month: u32,
        shift: i32,
    },
    Year(i32),
    /// A weekday (0 = Monday); `shift` −1 or 1 when a relative word moves it off the anchor day.
    Weekday {
        weekday: u32,
        shift: i32,
    },
    /// `count` units away from the anchor: "vergangene Woche" (−1), "vor zwei Jahren" (−2).
    Shifted {
        unit: Unit,
        count: i32,
    },
    /// A duration without a number: "seit Wochen", "vor wenigen Tagen".
    Vague,
}

/// An expression read up to (not including) token `end`.
#[derive(Debug, Clone, Copy)]
struct Reading {
    reference: Reference,
    part: Option<Part>,
    end: usize,
}

/// A sentence's tokens with their folded words. Each reading method takes the index of the token
/// to start at and returns what it read with the index of the token after it.
struct Reader<'a> {
    rules: &'a TimeRules,
    text: &'a str,
    tokens: &'a [Token],
    /// The class of each token's folded word.
    words: Vec<Word<'a>>,
}

impl Reader<'_> {
    /// The longest expression starting at token `i`, with or without a preposition.
    fn expression(&self, i: usize) -> Option<(TimeRole, Reading)> {
        let mut best = self.point(i, false).map(|reading| (TimeRole::Point, reading));
        let openers = if self.is_in(i, |c| c.opener_start) { &self.rules.openers[..] } else { &[] };
        for opener in openers {
            let Some(j) = self.phrase(i, &opener.words) else { continue };
            let duration = |sign| {
                let (reference, end) = self.duration(j, sign)?;
                Some(Reading { reference, part: None, end })
            };
            let (role, reading) = match opener.kind {
                OpenerKind::Point => (TimeRole::Point, self.point(j, true)),
                OpenerKind::Deadline => (TimeRole::Deadline, self.point(j, true)),
                OpenerKind::Since => {
                    let reading = furthest([self.point(j, true), duration(-1)], |r| r.end);
                    (TimeRole::Since, reading)
                }
                OpenerKind::Ago => (TimeRole::Point, duration(-1)),
                OpenerKind::Later => (TimeRole::Point, duration(1)),
            };
            best = furthest([best, reading.map(|reading| (role, reading))], |(_, reading)| {
                reading.end
            });
        }
        best
    }

    /// A point in time. `opened` when a preposition precedes it, which lets a bare month name or
    /// a day without a year count ("im August", "am 14.9."); alone, "August" may be a name.
    fn point(&self, i: usize, opened: bool) -> Option<Reading> {
        if let Some(part) = self.class(i).and_then(|c| c.part) {
            let (reference, end) = longest([
                self.month_name(i + 1, true),
                self.year(i + 1).map(|(year, end)| (Reference::Year(year), end)),
                self.unit_of_part(i + 1),
            ])?;
            return Some(Reading { reference, part: Some(part), end });
        }
        let (reference, end) = longest([
            self.numeric_date(i, opened),
            self.day_date(i),
            self.month_name(i, opened),
            self.year(i).map(|(year, end)| (Reference::Year(year), end)),
            self.named_year(i),
            self.shifted_unit(i),
            self.shifted_month(i),
            self.weekday(i),
        ])?;
        Some(Reading { reference, part: None, end })
    }

    /// "zwei Jahren", "15 Jahren", "einem Monat"; and, vague, "wenigen Tagen" or "Wochen".
    fn duration(&self, i: usize, sign: i32) -> Option<(Reference, usize)> {
        if let Some((count, j)) = self.count(i) {
            let form = self.unit(j)?;
            return Some((Reference::Shifted { unit: form.unit, count: sign * count }, j + 1));
        }
        let j = if self.is_in(i, |c| c.vague) { i + 1 } else { i };
        self.unit(j).filter(|form| form.plural).map(|_| (Reference::Vague, j + 1))
    }

    /// "14.9.2020", "15.09.2020", "2020-09-14"; with `opened` also "14.9." without a year.
    fn numeric_date(&self, i: usize, opened: bool) -> Option<(Reference, usize)> {
        let word = self.word(i)?;
        if !word.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let (year, month, day, end) = if let Some(n) = fields(word, '.', &[1..=2, 1..=2, 4..=4]) {
            (Some(n[2] as i32), n[1], n[0], i + 1)
        } else if let Some(n) = fields(word, '-', &[4..=4, 2..=2, 2..=2]) {
            (Some(n[0] as i32), n[1], n[2], i + 1)
        } else if let Some(n) = fields(word, '.', &[1..=2, 1..=2]).filter(|_| opened) {
            // "14.9." without its closing period would be a decimal number.
            self.period_after(i).then_some(())?;
            (None, n[1], n[0], i + 2)
        } else {
            return None;
        };
        let plausible = (1..=12).contains(&month) && (1..=31).contains(&day);
        plausible.then_some((Reference::Day { year, month, day }, end))
    }

    /// "14. August", "1. März 2021", "3. Aug. 2019".
    fn day_date(&self, i: usize) -> Option<(Reference, usize)> {
        let word = self.word(i)?;
        if word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) || !self.period_after(i) {
            return None;
        }
        let day: u32 = word.parse().ok()?;
        (1..=31).contains(&day).then_some(())?;
        let (month, j) = self.month(i + 2)?;
        let (year, end) = self.year(j).map_or((None, j), |(year, end)| (Some(year), end));
        Some((Reference::Day { year, month, day }, end))
    }

    /// "August 2020"; with `opened` also "August" alone.
    fn month_name(&self, i: usize, opened: bool) -> Option<(Reference, usize)> {
        let (month, j) = self.month(i)?;
        match self.year(j) {
            Some((year, end)) => Some((Reference::Month { year: Some(year), month }, end)),
            None => opened.then_some((Reference::Month { year: None, month }, j)),
        }
    }

    /// "Jahr 2017" as in "im Jahr 2017".
    fn named_year(&self, i: usize) -> Option<(Reference, usize)> {
        self.unit(i).filter(|form| form.unit == Unit::Year)?;
        self.year(i + 1).map(|(year, end)| (Reference::Year(year), end))
    }

    /// "vergangene Woche", "im kommenden Monat", "dieses Jahr". Days are left out: German says
    /// "gestern", and "an diesem Tag" refers back to a day named before.
    fn shifted_unit(&self, i: usize) -> Option<(Reference, usize)> {
        let (count, j) = self.relative(i)?;
        let unit = self.calendar_unit(j)?;
        Some((Reference::Shifted { unit, count }, j + 1))
    }

    /// What a part (Anfang, Mitte, Ende) may be of besides a month or year: "des Jahres",
    /// "vergangenen Jahres", "des kommenden Monats", "nächster Woche".
    fn unit_of_part(&self, i: usize) -> Option<(Reference, usize)> {
        let genitive = self.is_in(i, |c| c.genitive);
        let j = if genitive { i + 1 } else { i };
        let (count, k) = self.relative(j).map_or((None, j), |(count, k)| (Some(count), k));
        if !genitive && count.is_none() {
            return None;
        }
        let unit = self.calendar_unit(k)?;
        Some((Reference::Shifted { unit, count: count.unwrap_or(0) }, k + 1))
    }

    /// "vergangenen Oktober".
    fn shifted_month(&self, i: usize) -> Option<(Reference, usize)> {
        let (shift, j) = self.relative(i)?;
        let (month, end) = self.month(j)?;
        Some((Reference::ShiftedMonth { month, shift }, end))
    }

    /// "Sonntag", "Sonntagabend", "vergangenen Freitag", "Wochenende"; a date after a comma
    /// says which day is meant: "Sonntag, 13. September", "Sonntag, den 13.9.2020".
    fn weekday(&self, i: usize) -> Option<(Reference, usize)> {
        let (shift, j) = self.relative(i).unwrap_or((0, i));
        let weekday = self.words.get(j)?.weekday?;
        if self.word(j + 1) == Some(",") {
            let k = if self.is_in(j + 2, |c| c.date_article) { j + 3 } else { j + 2 };
            if let Some(dated) = longest([self.day_date(k), self.numeric_date(k, true)]) {
                return Some(dated);
            }
        }
        Some((Reference::Weekday { weekday, shift }, j + 1))
    }

    /// A month name, or an abbreviation with its period.
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let class = self.class(i)?;
        if let Some(month) = class.month {
            return Some((month, i + 1));
        }
        let month = class.abbreviation?;
        self.period_after(i).then_some((month, i + 2))
    }

    /// A four-digit year in the configured range that is not an amount ("2000 Euro").
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let word = self.word(i)?;
        if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = word.parse().ok()?;
        let amount = self.is_in(i + 1, |c| c.amount);
        (self.rules.years.contains(&year) && !amount).then_some((year, i + 1))
    }

    /// A number word or a small number in digits.
    fn count(&self, i: usize) -> Option<(i32, usize)> {
        let word = self.word(i)?;
        let count = match self.class(i).and_then(|c| c.number) {
            Some(count) => count,
            None if word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit()) => {
                word.parse().ok().filter(|&count| count > 0)?
            }
            None => return None,
        };
        Some((count as i32, i + 1))
    }

    fn relative(&self, i: usize) -> Option<(i32, usize)> {
        self.class(i).and_then(|c| c.relative).map(|shift| (shift, i + 1))
    }

    fn unit(&self, i: usize) -> Option<UnitForm> {
        self.class(i).and_then(|c| c.unit)
    }

    /// A singular week, month or year.
    fn calendar_unit(&self, i: usize) -> Option<Unit> {
        self.unit(i).filter(|form| !form.plural && form.unit != Unit::Day).map(|form| form.unit)
    }

    /// The token after the phrase `words` starting at `i`.
    fn phrase(&self, i: usize, words: &[u16]) -> Option<usize> {
        let end = i + words.len();
        let classes = self.words.get(i..end)?;
        classes.iter().zip(words).all(|(w, &word)| w.class.opener_word == Some(word)).then_some(end)
    }

    /// The raw text of token `i`. Only digits and punctuation are read from it, which folding
    /// leaves as they are; words are read through their class.
    fn word(&self, i: usize) -> Option<&str> {
        self.tokens.get(i).map(|token| token.text(self.text))
    }

    fn class(&self, i: usize) -> Option<&Class> {
        Some(self.words.get(i)?.class)
    }

    fn is_in(&self, i: usize, test: impl Fn(&Class) -> bool) -> bool {
        self.class(i).is_some_and(test)
    }

    /// A period directly after token `i`, as in "14." or "Aug.".
    fn period_after(&self, i: usize) -> bool {
        self.word(i + 1) == Some(".") && self.tokens[i].span.end == self.tokens[i + 1].span.start
    }
}

/// The numbers of a word made of exactly `N` fields of digits between `separator`s, each as wide
/// as its range in `widths` allows ("14.9.2020").
fn fields<const N: usize>(
    word: &str,
    separator: char,
    widths: &[RangeInclusive<usize>; N],
) -> Option<[u32; N]> {
    let mut numbers = [0; N];
    let mut split = word.split(separator);
    for (number, width) in numbers.iter_mut().zip(widths) {
        let field = split.next()?;
        if !width.contains(&field.len()) || !field.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *number = field.parse().ok()?;
    }
    split.next().is_none().then_some(numbers)
}

/// The candidate that reads furthest; the first of equals, so earlier readings win ties.
fn furthest<T>(
    candidates: impl IntoIterator<Item = Option<T>>,
    end: impl Fn(&T) -> usize,
) -> Option<T> {
    candidates
        .into_iter()
        .flatten()
        .reduce(|best, next| if end(&next) > end(&best) { next } else { best })
}

/// [`furthest`] for the reading methods of [`Reader`].
fn longest<const N: usize>(
    candidates: [Option<(Reference, usize)>; N],
) -> Option<(Reference, usize)> {
    furthest(candidates, |&(_, end)| end)
}

#[cfg(test)]
mod tests;
