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

use crate::analysis::words::Words;
use crate::knowledge::time::{
    Class, NO_CLASS, OpenerKind, Part, SATURDAY, TimeRules, Unit, UnitForm, shape_key,
};
use crate::text::document::{PartialDate, Precision};
use crate::text::fold::Folded;
use crate::text::span::{CharIndex, Span};
use crate::text::token::{Token, tokenize};

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

/// The date a reference names, seen from the anchor (see the module doc for the rules).
fn resolve(
    reference: Reference,
    role: TimeRole,
    anchor: Option<&PartialDate>,
) -> Option<PartialDate> {
    let anchor_year = || anchor.map(|a| a.year);
    match reference {
        Reference::Day { year, month, day } => {
            PartialDate::new(year.or_else(anchor_year)?, Some(month), Some(day))
        }
        Reference::Month { year, month } => {
            PartialDate::new(year.or_else(anchor_year)?, Some(month), None)
        }
        Reference::ShiftedMonth { month, shift } => {
            let anchor = anchor?;
            let year = match shift.signum() {
                -1 => anchor.year - i32::from(month >= anchor.month?),
                1 => anchor.year + i32::from(month <= anchor.month?),
                _ => anchor.year,
            };
            PartialDate::new(year, Some(month), None)
        }
        Reference::Year(year) => PartialDate::new(year, None, None),
        Reference::Weekday { weekday, shift } => {
            let today = day_number(anchor?)?;
            let weekday = i64::from(weekday);
            // Days to the weekday, 0..=6; `strict` (a relative word) skips the anchor day: 1..=7.
            let back = |strict: bool| {
                (weekday_of(today) - weekday - i64::from(strict)).rem_euclid(7) + i64::from(strict)
            };
            let ahead = |strict: bool| {
                (weekday - weekday_of(today) - i64::from(strict)).rem_euclid(7) + i64::from(strict)
            };
            let offset = match (shift.signum(), role) {
                (-1, _) => -back(true),
                (1, _) => ahead(true),
                (_, TimeRole::Deadline) => ahead(false),
                _ => -back(false),
            };
            Some(civil(today + offset))
        }
        Reference::Shifted { unit, count } => {
            let anchor = anchor?;
            match unit {
                Unit::Day => Some(civil(day_number(anchor)? + i64::from(count))),
                Unit::Week => {
                    let day = civil(day_number(anchor)? + 7 * i64::from(count));
                    Some(PartialDate { day: None, ..day })
                }
                Unit::Month => {
                    let months = anchor.year * 12 + anchor.month? as i32 - 1 + count;
                    PartialDate::new(
                        months.div_euclid(12),
                        Some(months.rem_euclid(12) as u32 + 1),
                        None,
                    )
                }
                Unit::Year => PartialDate::new(anchor.year + count, None, None),
            }
        }
        Reference::Vague => None,
    }
}

/// Days since 1970-01-01 of a day-precise date (proleptic Gregorian; H. Hinnant's algorithm).
fn day_number(date: &PartialDate) -> Option<i64> {
    let (month, day) = (i64::from(date.month?), i64::from(date.day?));
    let year = i64::from(date.year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// The date of a day number; the inverse of [`day_number`].
fn civil(days: i64) -> PartialDate {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = (shifted_month + 2) % 12 + 1;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    PartialDate { year: year as i32, month: Some(month as u32), day: Some(day as u32) }
}

/// 0 for Monday .. 6 for Sunday; 1970-01-01 was a Thursday.
fn weekday_of(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Part::{Early, Late, Mid};
    use TimeRole::{Deadline, Point, Since};

    const SHIPPED: &str = include_str!("../../ontology/de/time.toml");

    fn rules() -> TimeRules {
        TimeRules::parse(std::path::Path::new("ontology/de/time.toml"), SHIPPED)
            .expect("shipped time.toml")
    }

    /// "2020-09-14", "2020-09", "2020" or "-" for no document date.
    fn anchor(iso: &str) -> Option<PartialDate> {
        let mut fields = iso.split('-').map(|f| f.parse::<u32>().ok());
        let year = fields.next().flatten()?;
        PartialDate::new(year as i32, fields.next().flatten(), fields.next().flatten())
    }

    fn find_all(
        rules: &TimeRules,
        text: &str,
        anchor: Option<&PartialDate>,
    ) -> Vec<TimeExpression> {
        let index = CharIndex::new(text);
        rules.find(text, index.span(0, text.len()), &index, anchor)
    }

    #[test]
    fn expression_rows() {
        // (sentence, document date, [(surface, resolved date or "-", role, part)])
        let rows: &[(&str, &str, &[(&str, &str, TimeRole, Option<Part>)])] = &[
            // Days with a month name or in digits.
            (
                "Der Versorger legte am 14. August seine Halbjahreszahlen vor.",
                "2020-09-14",
                &[("am 14. August", "2020-08-14", Point, None)],
            ),
            (
                "Die Ausschreibung endet am 3. März 2021, teilte die Behörde mit.",
                "2020-09-14",
                &[("am 3. März 2021", "2021-03-03", Point, None)],
            ),
            (
                "Am 1. März tritt die neue Gebührenordnung in Kraft.",
                "2021-01-10",
                &[("Am 1. März", "2021-03-01", Point, None)],
            ),
            (
                "Laut der Mitteilung vom 15.09.2020 sinkt die Prognose.",
                "2020-09-14",
                &[("vom 15.09.2020", "2020-09-15", Point, None)],
            ),
            (
                "Der Vertrag wurde 14.9.2020 in Linz unterzeichnet.",
                "-",
                &[("14.9.2020", "2020-09-14", Point, None)],
            ),
            (
                "Die Zahlen vom 3. Aug. 2019 wurden später korrigiert.",
                "2020-09-14",
                &[("vom 3. Aug. 2019", "2019-08-03", Point, None)],
            ),
            (
                "Seit dem 1. März gilt in den Filialen die Maskenpflicht.",
                "2020-09-14",
                &[("Seit dem 1. März", "2020-03-01", Since, None)],
            ),
            (
                "Die Aktionäre haben bis zum 20. September Zeit, das Angebot anzunehmen.",
                "2020-09-14",
                &[("bis zum 20. September", "2020-09-20", Deadline, None)],
            ),
            // Leap years.
            (
                "Am 29. Februar endete die Einspruchsfrist.",
                "2020-03-02",
                &[("Am 29. Februar", "2020-02-29", Point, None)],
            ),
            (
                "Am 29. Februar endete die Einspruchsfrist.",
                "2021-03-01",
                &[("Am 29. Februar", "-", Point, None)],
            ),
            (
                "Die Kundgebung war für den 29.02.2024 angemeldet, nicht für den 29.02.2023.",
                "-",
                &[("29.02.2024", "2024-02-29", Point, None), ("29.02.2023", "-", Point, None)],
            ),
            // Weekdays: the closest one looking back, or ahead for a deadline.
            (
                "Am Sonntag kündigte der Aufsichtsrat überraschend den Rücktritt an.",
                "2020-09-14",
                &[("Am Sonntag", "2020-09-13", Point, None)],
            ),
            (
                "Sonntagabend meldete die Feuerwehr einen Großbrand im Hafen.",
                "2020-09-14",
                &[("Sonntagabend", "2020-09-13", Point, None)],
            ),
            (
                "Am Montag brach der Kurs um zwölf Prozent ein.",
                "2020-09-14",
                &[("Am Montag", "2020-09-14", Point, None)],
            ),
            (
                "Der Bieter muss bis Sonntag ein verbessertes Angebot vorlegen.",
                "2020-09-14",
                &[("bis Sonntag", "2020-09-20", Deadline, None)],
            ),
            (
                "Die Unterlagen müssen bis Montag vorliegen.",
                "2020-09-14",
                &[("bis Montag", "2020-09-14", Deadline, None)],
            ),
            (
                "Spätestens am Freitag muss die Regierung antworten.",
                "2020-09-14",
                &[("Spätestens am Freitag", "2020-09-18", Deadline, None)],
            ),
            (
                "Am vergangenen Montag legte ein Warnstreik den Flughafen lahm.",
                "2020-09-14",
                &[("Am vergangenen Montag", "2020-09-07", Point, None)],
            ),
            (
                "Kommenden Freitag entscheidet das Gericht.",
                "2020-09-18",
                &[("Kommenden Freitag", "2020-09-25", Point, None)],
            ),
            (
                "Am Montag öffneten die Skigebiete wieder.",
                "2021-01-01",
                &[("Am Montag", "2020-12-28", Point, None)],
            ),
            (
                "Am Donnerstag, 10. September, stimmte der Gemeinderat zu.",
                "2020-09-14",
                &[("Am Donnerstag, 10. September", "2020-09-10", Point, None)],
            ),
            (
                "Am Freitag einigten sich die Verhandler auf einen Kompromiss.",
                "2020-09",
                &[("Am Freitag", "-", Point, None)],
            ),
            (
                "Am Wochenende demonstrierten Tausende gegen die Schließung des Werks.",
                "2020-09-14",
                &[("Am Wochenende", "2020-09-12", Point, None)],
            ),
            ("Am Wochenende wurde gestreikt.", "2020-09", &[("Am Wochenende", "-", Point, None)]),
            // Months and their parts.
            (
                "Im August brach der Absatz der Brauerei deutlich ein.",
                "2020-09-14",
                &[("Im August", "2020-08", Point, None)],
            ),
            ("Im August meldete die Firma Kurzarbeit an.", "-", &[("Im August", "-", Point, None)]),
            (
                "Jan Berger übernimmt im Mai 2021 die Geschäftsführung.",
                "2020-09-14",
                &[("im Mai 2021", "2021-05", Point, None)],
            ),
            (
                "Mitte November soll der Prüfbericht erscheinen.",
                "2020-09-14",
                &[("Mitte November", "2020-11", Point, Some(Mid))],
            ),
            (
                "Die Sanierung beginnt Anfang August und endet Ende August.",
                "2021-03-02",
                &[
                    ("Anfang August", "2021-08", Point, Some(Early)),
                    ("Ende August", "2021-08", Point, Some(Late)),
                ],
            ),
            (
                "Eine Entscheidung soll bis Mitte November fallen.",
                "2020-09-14",
                &[("bis Mitte November", "2020-11", Deadline, Some(Mid))],
            ),
            // A month without a year keeps the document's year, however far away.
            (
                "Ende Dezember wird das Lager geräumt.",
                "2021-01-10",
                &[("Ende Dezember", "2021-12", Point, Some(Late))],
            ),
            (
                "Im vergangenen Oktober hatte der Landtag das Gesetz beschlossen.",
                "2020-10-05",
                &[("Im vergangenen Oktober", "2019-10", Point, None)],
            ),
            // Relative weeks, months and years, across year boundaries.
            (
                "Im vergangenen Monat stiegen die Mieten erneut kräftig.",
                "2021-01-10",
                &[("Im vergangenen Monat", "2020-12", Point, None)],
            ),
            (
                "Im kommenden Monat startet der Verkauf in Österreich.",
                "2020-12-03",
                &[("Im kommenden Monat", "2021-01", Point, None)],
            ),
            (
                "Vergangene Woche traf sich der Vorstand zu einer Krisensitzung.",
                "2020-09-03",
                &[("Vergangene Woche", "2020-08", Point, None)],
            ),
            (
                "In der vergangenen Woche sanken die Zulassungen.",
                "2021-01-05",
                &[("In der vergangenen Woche", "2020-12", Point, None)],
            ),
            (
                "Anfang nächster Woche soll die Ware ausgeliefert werden.",
                "2020-09-28",
                &[("Anfang nächster Woche", "2020-10", Point, None)],
            ),
            (
                "In diesem Jahr rechnet der Verband mit einem Rückgang.",
                "2020-09-14",
                &[("In diesem Jahr", "2020", Point, None)],
            ),
            (
                "Ende vergangenen Jahres kündigte die Reederei den Vertrag.",
                "2021-01-10",
                &[("Ende vergangenen Jahres", "2020", Point, Some(Late))],
            ),
            (
                "Ende des Jahres will das Start-up an die Börse.",
                "2020-09-14",
                &[("Ende des Jahres", "2020", Point, Some(Late))],
            ),
            // Durations back and forward.
            (
                "Vor zwei Jahren übernahm die Gruppe ihren größten Rivalen.",
                "2020-09-14",
                &[("Vor zwei Jahren", "2018", Point, None)],
            ),
            (
                "Vor drei Monaten hatte die Bank noch einen Gewinn ausgewiesen.",
                "2021-02-01",
                &[("Vor drei Monaten", "2020-11", Point, None)],
            ),
            (
                "Vor einem Jahr lag die Quote noch bei neun Prozent.",
                "2020-01-15",
                &[("Vor einem Jahr", "2019", Point, None)],
            ),
            (
                "Vor wenigen Tagen war das Mobilfunknetz stundenlang ausgefallen.",
                "2020-09-14",
                &[("Vor wenigen Tagen", "-", Point, None)],
            ),
            (
                "In zwei Wochen beginnt in der Steiermark die Weinlese.",
                "2020-09-25",
                &[("In zwei Wochen", "2020-10", Point, None)],
            ),
            (
                "Seit zwei Jahren wartet die Gemeinde auf die Genehmigung.",
                "2020-09-14",
                &[("Seit zwei Jahren", "2018", Since, None)],
            ),
            (
                "Seit Wochen verhandeln die Tarifparteien ohne Ergebnis.",
                "2020-09-14",
                &[("Seit Wochen", "-", Since, None)],
            ),
            // Years.
            (
                "Das Werk in Graz wurde im Jahr 2017 eröffnet.",
                "2020-09-14",
                &[("im Jahr 2017", "2017", Point, None)],
            ),
            (
                "Seit 2017 leitet sie die Sparte für Medizintechnik.",
                "2020-09-14",
                &[("Seit 2017", "2017", Since, None)],
            ),
            (
                "Bis 2027 sollen in der Verwaltung 400 Stellen wegfallen.",
                "2020-09-14",
                &[("Bis 2027", "2027", Deadline, None)],
            ),
            (
                "Ende 2020 läuft die Lizenz für das Kraftwerk aus.",
                "2020-06-30",
                &[("Ende 2020", "2020", Point, Some(Late))],
            ),
            (
                "Der Umsatz sank 2019 und 2020 jeweils um ein Drittel.",
                "-",
                &[("2019", "2019", Point, None), ("2020", "2020", Point, None)],
            ),
            // Ranges are not understood; only their end is read, as a deadline.
            (
                "Die Messe läuft vom 1. bis 3. März.",
                "2021-01-10",
                &[("bis 3. März", "2021-03-03", Deadline, None)],
            ),
            // Nothing to find.
            ("Das Treffen beginnt um 2:00 Uhr.", "2020-09-14", &[]),
            ("Der Test dauert 15 bis 60 Sekunden.", "2020-09-14", &[]),
            ("Das Ticket kostet 3 Euro.", "2020-09-14", &[]),
            ("Am Tag der offenen Tür kamen viele Besucher.", "2020-09-14", &[]),
            ("Die Reparatur kostete 2000 Euro.", "2020-09-14", &[]),
            ("Am Ende des Tages zählt nur der Gewinn.", "2020-09-14", &[]),
            ("In den letzten Jahren wuchs der Markt stark.", "2020-09-14", &[]),
            ("August Sander fotografierte Bauern im Westerwald.", "2020-09-14", &[]),
        ];
        let rules = rules();
        for (sentence, document_date, expected) in rows {
            let anchor = anchor(document_date);
            let found = find_all(&rules, sentence, anchor.as_ref());
            let got: Vec<(&str, String, TimeRole, Option<Part>)> = found
                .iter()
                .map(|e| {
                    let date = e.date.map_or("-".to_string(), |d| d.to_string());
                    (&sentence[e.span.bytes()], date, e.role, e.part)
                })
                .collect();
            let want: Vec<(&str, String, TimeRole, Option<Part>)> =
                expected.iter().map(|&(s, d, role, part)| (s, d.to_string(), role, part)).collect();
            assert_eq!(got, want, "\nsentence: {sentence}\ndocument date: {document_date}");
            for e in &found {
                let chars = |byte: usize| sentence[..byte].chars().count();
                assert_eq!(
                    (e.span.char_start, e.span.char_end),
                    (chars(e.span.start), chars(e.span.end))
                );
            }
        }
    }

    #[test]
    fn spans_point_into_the_whole_document() {
        let text = "Öl-Händler im Plus. Für Übernahmen gilt seit Anfang 2020 eine Prüfpflicht.";
        let index = CharIndex::new(text);
        let start = text.find("Für").unwrap_or_default();
        let found = rules().find(text, index.span(start, text.len()), &index, None);
        assert_eq!(found.len(), 1);
        let span = found[0].span;
        assert_eq!(&text[span.bytes()], "seit Anfang 2020");
        assert_eq!(span.char_start, text[..span.start].chars().count());
        assert_eq!((found[0].role, found[0].part), (Since, Some(Early)));
    }

    #[test]
    fn precision_follows_the_resolved_date() {
        let rules = rules();
        let anchor = anchor("2020-09-14");
        let rows: &[(&str, Option<Precision>)] = &[
            ("am 14. August", Some(Precision::Day)),
            ("vergangene Woche", Some(Precision::Month)),
            ("Ende 2020", Some(Precision::Year)),
            ("seit Jahren", None),
        ];
        for (text, precision) in rows {
            let found = find_all(&rules, text, anchor.as_ref());
            assert_eq!(
                found.iter().map(TimeExpression::precision).collect::<Vec<_>>(),
                [*precision],
                "{text}"
            );
        }
    }

    #[test]
    fn malformed_file_names_the_line() {
        // (text to replace in the shipped file, replacement, start of the line the error must
        // name, expected message)
        let rows: &[(&str, &str, &str, &str)] = &[
            (
                "[prepositions]\n",
                "[prepositions]\nsoon = [\"bald\"]\n",
                "soon",
                "unknown field `soon`",
            ),
            ("first_year = 1900", "first_year = 2200", "first_year", "first_year 2200 is after"),
            (", [\"Dezember\"],", ",", "months", "expected 12 months"),
            (
                "[\"Montag\"]",
                "[\"Montag\", \"Sonntag\"]",
                "weekdays",
                "\"sonntag\" is listed twice",
            ),
            ("zwei = 2", "zwei = 0", "zwei", "number word \"zwei\" must count at least 1"),
            ("mid = [\"Mitte\"]", "mid = [\" \"]", "mid", "mid holds an empty word"),
        ];
        for (from, to, line_start, message) in rows {
            let text = SHIPPED.replacen(from, to, 1);
            assert_ne!(text, SHIPPED, "edit {from:?} does not apply");
            let line = text.lines().position(|l| l.starts_with(line_start)).map_or(0, |i| i + 1);
            let err = TimeRules::parse(std::path::Path::new("time.toml"), &text)
                .expect_err("malformed file must fail")
                .to_string();
            let place = format!("time.toml:{line}: ");
            assert!(
                err.starts_with(&place) && err.contains(message),
                "expected {place}{message}, got {err}"
            );
        }
    }
}
