//! Turning what a time expression says into a date, seen from the document date.
//!
//! The reader in the parent module gives a [`Reference`] ("Sonntag", "vor zwei Jahren"); this
//! module applies the resolution rules of the module doc above to it. The calendar itself
//! (month lengths, weekdays, adding days) is `jiff`'s civil calendar, the proleptic Gregorian
//! one; a date it cannot hold (past the year 9999) resolves to no date.

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Reference, TimeRole};
use crate::knowledge::time::Unit;
use crate::text::document::PartialDate;

/// The date a reference names, seen from the anchor (see the module doc for the rules).
pub(super) fn resolve(
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
            let today = civil(anchor?)?;
            let (weekday, current) =
                (i64::from(weekday), i64::from(today.weekday().to_monday_zero_offset()));
            // Days to the weekday, 0..=6; `strict` (a relative word) skips the anchor day: 1..=7.
            let back = |strict: bool| {
                (current - weekday - i64::from(strict)).rem_euclid(7) + i64::from(strict)
            };
            let ahead = |strict: bool| {
                (weekday - current - i64::from(strict)).rem_euclid(7) + i64::from(strict)
            };
            let offset = match (shift.signum(), role) {
                (-1, _) => -back(true),
                (1, _) => ahead(true),
                (_, TimeRole::Deadline) => ahead(false),
                _ => -back(false),
            };
            days_after(today, offset)
        }
        Reference::Shifted { unit, count } => {
            let anchor = anchor?;
            match unit {
                Unit::Day => days_after(civil(anchor)?, i64::from(count)),
                Unit::Week => {
                    let day = days_after(civil(anchor)?, 7 * i64::from(count))?;
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

/// The civil date of a day-precise date.
fn civil(date: &PartialDate) -> Option<Date> {
    let year = i16::try_from(date.year).ok()?;
    let (month, day) = (i8::try_from(date.month?).ok()?, i8::try_from(date.day?).ok()?);
    Date::new(year, month, day).ok()
}

/// The day `days` days after `date`.
fn days_after(date: Date, days: i64) -> Option<PartialDate> {
    let day = date.checked_add(days.days()).ok()?;
    Some(PartialDate {
        year: i32::from(day.year()),
        month: Some(day.month().unsigned_abs().into()),
        day: Some(day.day().unsigned_abs().into()),
    })
}
