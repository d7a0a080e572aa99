//! Loading a news article: its text and the metadata printed around it.
//!
//! A scraped article carries furniture that is not prose: a ` date 2020-09` header, a byline
//! ("Von Michael Förtsch"), photo credits ("Foto: AFP") and a credit trailer
//! ("(Reuters, APA, 14.9.2020)"). These become document metadata and are kept out of the
//! sentences, so no fact is ever read from a caption. The header is removed from the text; all
//! other offsets refer to the text as stored (NFC-normalised).

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result, line_of};
use crate::knowledge::DocumentRules;

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
            (Some(m), Some(d)) => d >= 1 && d <= days_in_month(year, m),
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

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
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

/// A loaded article.
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable id from the file name without extension.
    pub id: String,
    /// The text all offsets refer to.
    pub text: String,
    pub date: Option<PartialDate>,
    pub authors: Vec<String>,
    /// Items of the credit trailer other than the date: agencies and desks, in order.
    pub credits: Vec<String>,
    pub photo_credits: Vec<String>,
    /// Byte ranges of the text that are prose (everything but the furniture above).
    pub prose: Vec<Range<usize>>,
}

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*date (\d{4})-(\d{2})(?:-(\d{2}))?(?:\s+|$)").expect("valid regex")
});
static TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[.!?"“”»]\s+|\n\s*)\(([^()\n]{1,120})\)\s*$"#).expect("valid regex")
});
static DAY_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$").expect("valid regex"));
static NAME_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L}.'-]*$").expect("valid regex"));

impl Document {
    /// Reads and parses one article file.
    pub fn load(path: &Path, rules: &DocumentRules) -> Result<Self> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::input(path, format!("cannot read: {e}")))?;
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| Error::input(path, "file name is not valid UTF-8"))?;
        Self::parse(path, id, &bytes, rules)
    }

    /// Parses an article from bytes; `path` only names it in errors.
    pub fn parse(path: &Path, id: &str, bytes: &[u8], rules: &DocumentRules) -> Result<Self> {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return Err(Error::input(path, format!("binary data (NUL byte at offset {offset})")));
        }
        let raw = std::str::from_utf8(bytes).map_err(|e| {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            Error::input(path, format!("invalid UTF-8 at byte offset {offset} (line {line})"))
        })?;
        if raw.trim().is_empty() {
            return Err(Error::input(path, "empty document"));
        }
        let raw: String = raw.nfc().collect();
        let (header_date, text) = match HEADER.captures(&raw) {
            Some(caps) => {
                let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
                let year = number(1).unwrap_or_default() as i32;
                let date = PartialDate::new(year, number(2), number(3)).ok_or_else(|| {
                    Error::input(path, format!("line 1: invalid date header {:?}", caps[0].trim()))
                })?;
                (Some(date), raw[caps[0].len()..].to_string())
            }
            None => (None, raw.clone()),
        };
        let mut furniture: Vec<Range<usize>> = Vec::new();
        let mut doc = Document {
            id: id.to_string(),
            text: String::new(),
            date: header_date,
            authors: Vec::new(),
            credits: Vec::new(),
            photo_credits: Vec::new(),
            prose: Vec::new(),
        };
        for (start, line) in lines(&text) {
            if let Some(authors) = byline(line, rules) {
                doc.authors.extend(authors);
                furniture.push(start..start + line.len());
            } else if let Some((offset, credit)) = caption(line, rules) {
                doc.photo_credits.push(credit);
                furniture.push(start + offset..start + line.len());
            }
        }
        if let Some(caps) = TRAILER.captures(&text) {
            let inner = caps.get(1).expect("group 1 always matches");
            let mut items: Vec<&str> = inner.as_str().split(',').map(str::trim).collect();
            let day = items.last().and_then(|last| DAY_DATE.captures(last)).map(|d| {
                let n = |i: usize| d[i].parse::<u32>().unwrap_or_default();
                (n(3) as i32, n(2), n(1))
            });
            if let Some((year, month, day)) = day {
                items.pop();
                let line = line_of(&text, inner.start()) + usize::from(header_date.is_some());
                let date = PartialDate::new(year, Some(month), Some(day)).ok_or_else(|| {
                    Error::input(
                        path,
                        format!("line {line}: invalid trailer date {day}.{month}.{year}"),
                    )
                })?;
                doc.date = Some(date);
            }
            let credit_like =
                |item: &&str| !item.is_empty() && item.split_whitespace().count() <= 4;
            if (day.is_some() || !items.is_empty()) && items.iter().all(credit_like) {
                doc.credits = items.iter().map(|s| s.to_string()).collect();
                furniture.push(inner.start() - 1..inner.end() + 1);
            }
        }
        furniture.sort_by_key(|r| r.start);
        doc.prose = complement(&furniture, text.len());
        doc.text = text;
        Ok(doc)
    }
}

/// Lines with their byte offsets, without the line break.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |chunk| {
        let at = start;
        start += chunk.len();
        (at, chunk.trim_end_matches(['\n', '\r']))
    })
}

/// "Von Vorname Nachname [und Vorname Nachname]" alone on a line.
fn byline(line: &str, rules: &DocumentRules) -> Option<Vec<String>> {
    let trimmed = line.trim();
    let rest = rules.byline_prefixes.iter().find_map(|p| trimmed.strip_prefix(p.as_str()))?;
    let rest = rest.strip_prefix(' ')?;
    let mut authors = Vec::new();
    for name in rest.split(" und ").flat_map(|part| part.split(", ")) {
        let words: Vec<&str> = name.split_whitespace().collect();
        if !(2..=4).contains(&words.len()) || !words.iter().all(|w| NAME_WORD.is_match(w)) {
            return None;
        }
        authors.push(words.join(" "));
    }
    Some(authors)
}

/// "Foto: AFP" at the start of a line or after a sentence, up to the end of the line.
fn caption(line: &str, rules: &DocumentRules) -> Option<(usize, String)> {
    for prefix in &rules.caption_prefixes {
        let marker = format!("{prefix}:");
        for (offset, _) in line.match_indices(&marker) {
            let before = line[..offset].trim_end();
            let at_boundary = before.is_empty() || before.ends_with(['.', '!', '?', '"', '“', '”']);
            let credit = line[offset + marker.len()..].trim();
            let short = !credit.is_empty() && credit.chars().count() <= 80;
            if at_boundary && short && !credit.ends_with(['.', '!', '?']) {
                return Some((offset, credit.to_string()));
            }
        }
    }
    None
}

/// The parts of `0..len` not covered by the sorted `holes`.
fn complement(holes: &[Range<usize>], len: usize) -> Vec<Range<usize>> {
    let mut prose = Vec::new();
    let mut at = 0;
    for hole in holes {
        if hole.start > at {
            prose.push(at..hole.start);
        }
        at = at.max(hole.end);
    }
    if at < len {
        prose.push(at..len);
    }
    prose
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> DocumentRules {
        DocumentRules {
            byline_prefixes: vec!["Von".into()],
            caption_prefixes: vec!["Foto".into(), "Bild".into()],
            desk_credits: vec!["red".into()],
        }
    }

    fn parse(text: &str) -> Result<Document> {
        Document::parse(Path::new("a.txt"), "a", text.as_bytes(), &rules())
    }

    #[test]
    fn metadata_rows() -> Result<()> {
        // (input, date, authors, credits, photo credits)
        let rows: &[(&str, Option<&str>, &[&str], &[&str], &[&str])] = &[
            (" date 2021-03 Der Chipkonzern meldet Zahlen.", Some("2021-03"), &[], &[], &[]),
            ("Text hier. (dpa, red, 3.2.2022)", Some("2022-02-03"), &[], &["dpa", "red"], &[]),
            (" date 2021-03 Text. (AFP, 14.03.2021)", Some("2021-03-14"), &[], &["AFP"], &[]),
            (
                "Titel\nVon Anna Berg und Tom Kurz\nText.",
                None,
                &["Anna Berg", "Tom Kurz"],
                &[],
                &[],
            ),
            ("Ein Bild. Foto: EPA / JOHN DOE\nText.", None, &[], &[], &["EPA / JOHN DOE"]),
            ("Er kam (wie erwartet) spät.", None, &[], &[], &[]),
            ("Von hier aus ging es weiter.", None, &[], &[], &[]),
        ];
        for (input, date, authors, credits, photos) in rows {
            let doc = parse(input)?;
            assert_eq!(doc.date.map(|d| d.to_string()).as_deref(), *date, "{input}");
            assert_eq!(doc.authors, *authors, "{input}");
            assert_eq!(doc.credits, *credits, "{input}");
            assert_eq!(doc.photo_credits, *photos, "{input}");
        }
        Ok(())
    }

    #[test]
    fn furniture_is_not_prose() -> Result<()> {
        let doc = parse("Erster Satz. Foto: AFP\nVon Anna Berg\nZweiter Satz. (dpa, 1.2.2020)")?;
        let prose: String = doc.prose.iter().map(|r| &doc.text[r.clone()]).collect();
        assert!(!prose.contains("AFP") && !prose.contains("Anna") && !prose.contains("dpa"));
        assert!(prose.contains("Erster Satz.") && prose.contains("Zweiter Satz."));
        Ok(())
    }

    #[test]
    fn bad_input_names_the_place() {
        let rows: &[(&[u8], &str)] = &[
            (b"", "empty document"),
            (b"abc\x00def", "NUL byte at offset 3"),
            (b"Zeile eins\nZeile \xff zwei", "invalid UTF-8 at byte offset 17 (line 2)"),
            (b" date 2020-13 Text", "invalid date header"),
            (b"Text. (dpa, 31.2.2020)", "invalid trailer date"),
        ];
        for (bytes, expected) in rows {
            let err = Document::parse(Path::new("x.txt"), "x", bytes, &rules())
                .expect_err("must fail")
                .to_string();
            assert!(err.starts_with("x.txt: ") && err.contains(expected), "{err}");
        }
    }
}
