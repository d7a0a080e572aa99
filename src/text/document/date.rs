//! Dates in an article's furniture: the ` date 2020-09` header and the "14.9.2020" that ends a
//! credit trailer, and the [`PartialDate`] they become.
//!
//! One reader for each, with no second opinion: a field is read as digits when its chars are
//! numbers (`char::is_numeric`), and a date whose digits are not ASCII ("٢٠٢٠") is an error
//! naming it, not a date of the year 0. Whether a day exists is `jiff`'s civil calendar.

use std::fmt;
use std::ops::RangeInclusive;

/// A calendar date known to a year, month or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// How precisely a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl PartialDate {
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Option<Self> {
        let valid_month = month.is_none_or(|m| (1..=12).contains(&m));
        let valid_day = match (month, day) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(m), Some(d)) => is_civil(year, m, d),
        };
        (valid_month && valid_day).then_some(PartialDate { year, month, day })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }
}

/// Whether the day exists in the proleptic Gregorian calendar (of the years -9999 to 9999).
fn is_civil(year: i32, month: u32, day: u32) -> bool {
    let (Ok(year), Ok(month), Ok(day)) =
        (i16::try_from(year), i8::try_from(month), i8::try_from(day))
    else {
        return false;
    };
    jiff::civil::Date::new(year, month, day).is_ok()
}

/// ISO 8601 at the date's own precision: 2020, 2020-09 or 2020-09-14.
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// The header ` date 2020-09` or ` date 2020-09-14` that may open a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header<'t> {
    /// The year, month and day fields as written.
    year: &'t str,
    month: &'t str,
    day: Option<&'t str>,
    /// The bytes from the start of the text to the end of the white space after the header.
    pub(super) len: usize,
}

/// The [`Header`] at the start of `text` (white space aside), if there is one: `date `, four
/// digits, `-`, two digits, perhaps `-` and two more, then white space or the end of the text.
pub(super) fn header(text: &str) -> Option<Header<'_>> {
    let rest = text.trim_start().strip_prefix("date ")?;
    let (year, rest) = digits(rest, 4..=4)?;
    let (month, mut rest) = digits(rest.strip_prefix('-')?, 2..=2)?;
    let mut day = None;
    if let Some((digits, after)) = rest.strip_prefix('-').and_then(|r| digits(r, 2..=2)) {
        (day, rest) = (Some(digits), after);
    }
    let next = rest.trim_start();
    if next.len() == rest.len() && !rest.is_empty() {
        return None;
    }
    Some(Header { year, month, day, len: text.len() - next.len() })
}

impl Header<'_> {
    /// The date the header names, or what is wrong with it.
    pub(super) fn date(&self, text: &str) -> Result<PartialDate, String> {
        let written = text[..self.len].trim();
        let ascii = |field: &str| {
            number(field)
                .ok_or_else(|| format!("date header {written:?} has digits that are not ASCII"))
        };
        let (year, month, day) =
            (ascii(self.year)?, ascii(self.month)?, self.day.map(ascii).transpose()?);
        PartialDate::new(year as i32, Some(month), day)
            .ok_or_else(|| format!("invalid date header {written:?}"))
    }
}

/// The day, month and year fields of a day date "14.9.2020", if `item` is nothing else.
pub(super) fn day_date(item: &str) -> Option<[&str; 3]> {
    let mut parts = item.split('.');
    let mut field = |widths| digits(parts.next()?, widths).filter(|(_, rest)| rest.is_empty());
    let fields = [field(1..=2)?.0, field(1..=2)?.0, field(4..=4)?.0];
    parts.next().is_none().then_some(fields)
}

/// The date of the fields [`day_date`] found in `item`, or what is wrong with it.
pub(super) fn day_date_value(
    item: &str,
    [day, month, year]: [&str; 3],
) -> Result<PartialDate, String> {
    let (Some(day), Some(month), Some(year)) = (number(day), number(month), number(year)) else {
        return Err(format!("trailer date {item:?} has digits that are not ASCII"));
    };
    PartialDate::new(year as i32, Some(month), Some(day))
        .ok_or_else(|| format!("invalid trailer date {item}"))
}

/// The longest start of `text` of at most `widths.end()` numbers (chars such as "2" or "٢"),
/// if it has as many as `widths` allows, and the rest of the text.
fn digits(text: &str, widths: RangeInclusive<usize>) -> Option<(&str, &str)> {
    let count = text.chars().take(*widths.end()).take_while(|c| c.is_numeric()).count();
    let end = text.char_indices().nth(count).map_or(text.len(), |(at, _)| at);
    widths.contains(&count).then(|| text.split_at(end))
}

/// The number that ASCII digits spell; `None` for any other digits.
fn number(digits: &str) -> Option<u32> {
    digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows() {
        // (text, year, month and day as written, header length)
        let rows: &[(&str, Option<(&str, &str, Option<&str>, usize)>)] = &[
            (" date 2020-09 Text", Some(("2020", "09", None, 14))),
            ("date 2020-09-14\nText", Some(("2020", "09", Some("14"), 16))),
            ("date 2020-09", Some(("2020", "09", None, 12))),
            ("\n\t date 2021-03-04  \u{a0}Text", Some(("2021", "03", Some("04"), 22))),
            ("date 2020-09-1 Text", None),
            ("date 2020-09-", None),
            ("date 20200-09 Text", None),
            ("date 2020-9 Text", None),
            ("Text date 2020-09", None),
            ("date 2020-09x", None),
            ("date 2020-09-14x", None),
            ("date über", None),
            ("date ٢٠٢٠-٠٩ Text", Some(("٢٠٢٠", "٠٩", None, 19))),
        ];
        for &(text, expected) in rows {
            let got = header(text).map(|h| (h.year, h.month, h.day, h.len));
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn day_date_rows() {
        let rows: &[(&str, Option<[&str; 3]>)] = &[
            ("14.9.2020", Some(["14", "9", "2020"])),
            ("1.12.2020", Some(["1", "12", "2020"])),
            ("14.09.20", None),
            ("114.9.2020", None),
            ("1.2.2020.", None),
            ("1..2020", None),
            ("a", None),
            ("Zürich", None),
            ("١٤.٩.٢٠٢٠", Some(["١٤", "٩", "٢٠٢٠"])),
        ];
        for &(item, expected) in rows {
            assert_eq!(day_date(item), expected, "{item:?}");
        }
    }

    /// Digits that are not ASCII passed the pattern `\d` and then failed to parse, which made
    /// the year 0.
    #[test]
    fn non_ascii_digits_are_no_year_zero() {
        let text = "date ٢٠٢٠-09 Text";
        let header = header(text).expect("a header");
        assert_eq!(
            header.date(text),
            Err("date header \"date ٢٠٢٠-09\" has digits that are not ASCII".to_string())
        );
        let item = "١٤.٩.2020";
        let fields = day_date(item).expect("a day date");
        assert!(day_date_value(item, fields).is_err_and(|e| e.contains("not ASCII")));
    }

    #[test]
    fn days_exist_in_the_civil_calendar() {
        let rows = [
            ((2020, 2, 29), true),
            ((2021, 2, 29), false),
            ((1900, 2, 29), false),
            ((2000, 2, 29), true),
            ((2020, 4, 31), false),
            ((2020, 12, 31), true),
            ((2020, 1, 0), false),
            ((0, 1, 1), true),
            ((10_000, 1, 1), false),
        ];
        for ((year, month, day), exists) in rows {
            assert_eq!(PartialDate::new(year, Some(month), Some(day)).is_some(), exists, "{year}");
        }
        assert_eq!(PartialDate::new(2020, Some(13), None), None);
        assert_eq!(PartialDate::new(2020, None, Some(1)), None);
    }
}
