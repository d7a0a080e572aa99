//! Judging single values as SHACL does: lexical forms of the common XSD types, the order of
//! numbers, strings and dates for `sh:minInclusive`, `sh:maxInclusive` and `sh:lessThan`, and
//! language ranges for `sh:languageIn`.

use std::cmp::Ordering;

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, Term};

/// SPARQL `langMatches` basic filtering: `en` matches `en` and `en-GB`, `*` any tag.
pub(super) fn language_matches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return !tag.is_empty();
    }
    let (tag, range) = (tag.to_ascii_lowercase(), range.to_ascii_lowercase());
    tag == range || tag.strip_prefix(&range).is_some_and(|rest| rest.starts_with('-'))
}

pub(super) const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

pub(super) fn is_integer_type(datatype: &str) -> bool {
    integer_range(datatype).is_some()
}

/// The value range of xsd:integer and its built-in subtypes.
pub(super) fn integer_range(datatype: &str) -> Option<(i128, i128)> {
    Some(match datatype.strip_prefix(XSD)? {
        "integer" => (i128::MIN, i128::MAX),
        "nonNegativeInteger" => (0, i128::MAX),
        "positiveInteger" => (1, i128::MAX),
        "nonPositiveInteger" => (i128::MIN, 0),
        "negativeInteger" => (i128::MIN, -1),
        "long" => (i64::MIN.into(), i64::MAX.into()),
        "int" => (i32::MIN.into(), i32::MAX.into()),
        "short" => (i16::MIN.into(), i16::MAX.into()),
        "byte" => (i8::MIN.into(), i8::MAX.into()),
        "unsignedLong" => (0, u64::MAX.into()),
        "unsignedInt" => (0, u32::MAX.into()),
        "unsignedShort" => (0, u16::MAX.into()),
        "unsignedByte" => (0, u8::MAX.into()),
        _ => return None,
    })
}

pub(super) fn is_numeric_type(datatype: &str) -> bool {
    is_integer_type(datatype)
        || [xsd::DECIMAL, xsd::DOUBLE, xsd::FLOAT].iter().any(|t| t.as_str() == datatype)
}

/// Whether `lexical` is a valid lexical form of `datatype`, for the XSD types the graph uses
/// and their relatives; other datatypes are taken as they come.
pub(super) fn well_formed(lexical: &str, datatype: &str) -> bool {
    if let Some((min, max)) = integer_range(datatype) {
        return parse_integer(lexical).is_some_and(|n| (min..=max).contains(&n));
    }
    let Some(local) = datatype.strip_prefix(XSD) else { return true };
    match local {
        "decimal" => parse_decimal(lexical).is_some(),
        "double" | "float" => {
            matches!(lexical, "INF" | "+INF" | "-INF" | "NaN")
                || (!lexical.contains(['i', 'I', 'n', 'N']) && lexical.parse::<f64>().is_ok())
        }
        "boolean" => matches!(lexical, "true" | "false" | "1" | "0"),
        "date" => date_parts(lexical, 3),
        "gYearMonth" => date_parts(lexical, 2),
        "gYear" => date_parts(lexical, 1),
        _ => true,
    }
}

pub(super) fn parse_integer(lexical: &str) -> Option<i128> {
    let digits = lexical.strip_prefix(['+', '-']).unwrap_or(lexical);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    lexical.parse().ok()
}

/// An xsd:decimal (or integer) as sign, integer digits and fraction digits, without redundant
/// zeros, so that two decimals compare exactly.
pub(super) fn parse_decimal(lexical: &str) -> Option<(bool, String, String)> {
    let negative = lexical.starts_with('-');
    let unsigned = lexical.strip_prefix(['+', '-']).unwrap_or(lexical);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    let int = int.trim_start_matches('0').to_string();
    let frac = frac.trim_end_matches('0').to_string();
    let zero = int.is_empty() && frac.is_empty();
    Some((negative && !zero, int, frac))
}

pub(super) fn compare_decimals(a: &(bool, String, String), b: &(bool, String, String)) -> Ordering {
    let magnitude = |x: &(bool, String, String)| (x.1.len(), x.1.clone(), x.2.clone());
    match (a.0, b.0) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => magnitude(a).cmp(&magnitude(b)),
        (true, true) => magnitude(b).cmp(&magnitude(a)),
    }
}

/// A date-like lexical form with `parts` of year, month and day and an optional time zone.
pub(super) fn date_parts(lexical: &str, parts: usize) -> bool {
    let body = strip_timezone(lexical);
    let (negative, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let fields: Vec<&str> = body.split('-').collect();
    if fields.len() != parts || !fields.iter().all(|f| f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let year = fields[0];
    if year.len() < 4 || (year.len() > 4 && year.starts_with('0')) || (negative && year == "0000") {
        return false;
    }
    let month = fields.get(1).map(|m| (m.len() == 2, m.parse::<u32>().unwrap_or(0)));
    if let Some((two, m)) = month
        && (!two || !(1..=12).contains(&m))
    {
        return false;
    }
    if let (Some(day), Some((_, m))) = (fields.get(2), month) {
        let y: i64 = year.parse().unwrap_or(0);
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = match m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        return day.len() == 2 && day.parse::<u32>().is_ok_and(|d| (1..=days).contains(&d));
    }
    true
}

pub(super) fn strip_timezone(lexical: &str) -> &str {
    if let Some(rest) = lexical.strip_suffix('Z') {
        return rest;
    }
    let bytes = lexical.as_bytes();
    if bytes.len() > 6
        && matches!(bytes[bytes.len() - 6], b'+' | b'-')
        && bytes[bytes.len() - 3] == b':'
    {
        return &lexical[..lexical.len() - 6];
    }
    lexical
}

/// SPARQL `<` on two terms as far as SHACL's range constraints need it: numbers of any numeric
/// type, strings, and date-like values of one datatype without time zones. `None` when the two
/// cannot be compared, which the range constraints count as a violation.
pub(super) fn compare(a: &Term, b: &Term) -> Option<Ordering> {
    let (Term::Literal(a), Term::Literal(b)) = (a, b) else { return None };
    let (da, db) = (a.datatype().as_str(), b.datatype().as_str());
    if is_numeric_type(da) && is_numeric_type(db) {
        if !well_formed(a.value(), da) || !well_formed(b.value(), db) {
            return None;
        }
        let exact = |t: &str| t != xsd::DOUBLE.as_str() && t != xsd::FLOAT.as_str();
        if exact(da) && exact(db) {
            return Some(compare_decimals(&parse_decimal(a.value())?, &parse_decimal(b.value())?));
        }
        let float = |l: &Literal| match l.value() {
            "INF" | "+INF" => Some(f64::INFINITY),
            "-INF" => Some(f64::NEG_INFINITY),
            v => v.parse::<f64>().ok(),
        };
        return float(a)?.partial_cmp(&float(b)?);
    }
    if da != db {
        return None;
    }
    if da == xsd::STRING.as_str() {
        return Some(a.value().cmp(b.value()));
    }
    let dated = [xsd::DATE, xsd::DATE_TIME, xsd::G_YEAR_MONTH, xsd::G_YEAR, xsd::TIME];
    if dated.iter().any(|t| t.as_str() == da)
        && well_formed(a.value(), da)
        && well_formed(b.value(), db)
        && strip_timezone(a.value()) == a.value()
        && strip_timezone(b.value()) == b.value()
        && !a.value().starts_with('-')
        && !b.value().starts_with('-')
        && a.value().len() == b.value().len()
    {
        return Some(a.value().cmp(b.value()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_exactly() {
        let d = |s: &str| parse_decimal(s).expect(s);
        assert_eq!(compare_decimals(&d("1.50"), &d("1.5")), Ordering::Equal);
        assert_eq!(compare_decimals(&d("1"), &d("0.99")), Ordering::Greater);
        assert_eq!(compare_decimals(&d("-0.5"), &d("0")), Ordering::Less);
        assert_eq!(compare_decimals(&d("-0"), &d("0.0")), Ordering::Equal);
        assert_eq!(compare_decimals(&d("-2"), &d("-10")), Ordering::Greater);
        assert_eq!(compare_decimals(&d("12"), &d("9")), Ordering::Greater);
    }

    #[test]
    fn lexical_forms_are_checked_for_the_common_types() {
        let nonneg = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger";
        assert!(well_formed("0", nonneg));
        assert!(!well_formed("-3", nonneg));
        assert!(!well_formed("1.5", xsd::INTEGER.as_str()));
        assert!(well_formed("1", xsd::DECIMAL.as_str()));
        assert!(!well_formed("one", xsd::DECIMAL.as_str()));
        assert!(well_formed("2020-02-29", xsd::DATE.as_str()));
        assert!(!well_formed("2021-02-29", xsd::DATE.as_str()));
        assert!(well_formed("2020-09", xsd::G_YEAR_MONTH.as_str()));
        assert!(!well_formed("2020-13", xsd::G_YEAR_MONTH.as_str()));
    }

    #[test]
    fn language_ranges_match_subtags() {
        assert!(language_matches("en", "en"));
        assert!(language_matches("en-GB", "en"));
        assert!(!language_matches("eng", "en"));
        assert!(!language_matches("de", "en"));
        assert!(language_matches("de", "*"));
    }
}
