//! Publication dates as inputs write them: ISO 8601 and RFC 3339 (`2020-09-14T10:00:00+02:00`,
//! `2020-09-14`, `2020-09`), RFC 2822 as RSS has it (`Mon, 14 Sep 2020 10:00:00 +0200`), or
//! seconds since 1970 in a JSON number.
//!
//! The date is the one printed, in the publisher's time zone, not converted to UTC: the text's
//! "today" and "on Sunday" count from the publisher's day, as a text file's trailer date does.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate};
use regex::Regex;

use crate::text::document::PartialDate;

/// A date at the start of an ISO 8601 timestamp: year, then month and day if present, then
/// nothing or a time.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?(?:[T ].*)?$").expect("valid regex")
});

/// The date of `raw`, at the precision written, or `None` when it is no date.
pub(super) fn parse(raw: &str) -> Option<PartialDate> {
    let raw = raw.trim();
    if let Some(fields) = ISO.captures(raw) {
        let number = |i: usize| fields.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let year = i32::try_from(number(1)?).ok()?;
        return PartialDate::new(year, number(2), number(3));
    }
    let stamp = DateTime::parse_from_rfc2822(raw).ok()?;
    day(stamp.date_naive())
}

/// The UTC date of a time in seconds since 1970 (milliseconds when the number is too large to
/// be seconds of a date before the year 5000).
pub(super) fn from_epoch(number: i64) -> Option<PartialDate> {
    let seconds = if number.abs() > 100_000_000_000 { number / 1000 } else { number };
    day(DateTime::from_timestamp(seconds, 0)?.date_naive())
}

/// A calendar day as a date of day precision.
pub(super) fn day(date: NaiveDate) -> Option<PartialDate> {
    PartialDate::new(date.year(), Some(date.month()), Some(date.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_printed() {
        let rows = [
            ("2020-09-14T10:00:00+02:00", Some("2020-09-14")),
            ("2020-09-14T23:30:00-05:00", Some("2020-09-14")),
            ("2020-09-14 08:00", Some("2020-09-14")),
            ("2020-09-14", Some("2020-09-14")),
            ("2020-09", Some("2020-09")),
            ("2020", Some("2020")),
            ("Mon, 14 Sep 2020 00:30:00 +0200", Some("2020-09-14")),
            ("14 Sep 2020 10:00:00 GMT", Some("2020-09-14")),
            ("2020-13-01", None),
            ("2020-02-30", None),
            ("gestern", None),
        ];
        for (raw, expected) in rows {
            assert_eq!(parse(raw).map(|d| d.to_string()).as_deref(), expected, "{raw}");
        }
        assert_eq!(from_epoch(1_600_077_600).map(|d| d.to_string()).as_deref(), Some("2020-09-14"));
        assert_eq!(
            from_epoch(1_600_077_600_000).map(|d| d.to_string()).as_deref(),
            Some("2020-09-14")
        );
    }
}
