//! Loading a news article: its text and the metadata printed around it.
//!
//! A scraped article carries furniture that is not prose: a ` date 2020-09` header, a byline
//! ("Von Michael Förtsch"), photo credits ("Foto: AFP") and a credit trailer
//! ("(Reuters, APA, 14.9.2020)"). These become document metadata and are kept out of the
//! sentences, so no fact is ever read from a caption. The header is removed from the text; all
//! other offsets refer to the text as stored (NFC-normalised, line breaks as `\n`).
//!
//! A file is UTF-8, with or without a byte-order mark, or UTF-16 (LE or BE) announced by its
//! byte-order mark; the mark is not part of the text and offsets count the decoded text. Windows
//! line breaks (`\r\n`) become `\n`, so no sentence or mention ever holds a `\r`. What is no
//! text (NUL bytes, a PNG, invalid UTF-8, nothing but white space) is an error naming the file
//! and the reason, and the document is not stored at all.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use serde::Deserialize;

use crate::error::{Error, Result, line_of};
use crate::text::bytes::ascii_len;

/// Patterns of a news page's furniture: bylines, captions, credit trailers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRules {
    /// Words that open a byline: "Von Michael Förtsch".
    pub byline_prefixes: Vec<String>,
    /// Words that open a photo credit: "Foto: AFP".
    pub caption_prefixes: Vec<String>,
    /// Credit-trailer items that name no organisation ("red" for the editorial desk).
    pub desk_credits: Vec<String>,
}

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

/// Whether the day exists in the proleptic Gregorian calendar (years -9999 to 9999).
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

/// The header, for text that [`header`] cannot read on its own.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*date (\d{4})-(\d{2})(?:-(\d{2}))?(?:\s+|$)").expect("valid regex")
});
/// A day date, for text that [`day_date`] cannot read on its own.
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
        // The id is stored as a literal (dcterms:identifier), which XML formats could not carry.
        if id.chars().any(|c| c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}')) {
            return Err(Error::input(path, format!("file name {id:?} has a control character")));
        }
        let decoded = decode(bytes).map_err(|message| Error::input(path, message))?;
        if decoded.trim().is_empty() {
            let what = if decoded.is_empty() { "no text" } else { "only white space" };
            return Err(Error::input(path, format!("empty document ({what})")));
        }
        let mut text = stored(decoded);
        let header = match header(&text) {
            Ok(header) => header,
            Err(NonAsciiDigit) => HEADER.captures(&text).map(|caps| {
                let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
                ([number(1), number(2)], number(3), caps[0].len())
            }),
        };
        let header = match header {
            Some(([year, month], day, len)) => {
                let year = year.unwrap_or_default() as i32;
                let date = PartialDate::new(year, month, day).ok_or_else(|| {
                    let header = text[..len].trim();
                    Error::input(path, format!("line 1: invalid date header {header:?}"))
                })?;
                Some((date, len))
            }
            None => None,
        };
        let header_date = header.map(|(date, len)| {
            text.replace_range(..len, "");
            date
        });
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
        let markers: Vec<String> =
            rules.caption_prefixes.iter().map(|prefix| [prefix.as_str(), ":"].concat()).collect();
        for (start, line, has_colon) in lines(&text) {
            if let Some(authors) = byline(line, rules) {
                doc.authors.extend(authors);
                furniture.push(start..start + line.len());
            } else if has_colon && let Some((offset, credit)) = caption(line, &markers) {
                doc.photo_credits.push(credit);
                furniture.push(start + offset..start + line.len());
            }
        }
        if let Some(inner) = trailer(&text) {
            let mut items: Vec<&str> = text[inner.clone()].split(',').map(str::trim).collect();
            let day = items.last().and_then(|last| match day_date(last) {
                Ok(day) => day,
                Err(NonAsciiDigit) => DAY_DATE.captures(last).map(|d| {
                    let n = |i: usize| d[i].parse::<u32>().unwrap_or_default();
                    (n(3) as i32, n(2), n(1))
                }),
            });
            if let Some((year, month, day)) = day {
                items.pop();
                let line = line_of(&text, inner.start) + usize::from(header_date.is_some());
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
                furniture.push(inner.start - 1..inner.end + 1);
            }
        }
        furniture.sort_by_key(|r| r.start);
        doc.prose = bounded(&text, complement(&furniture, text.len()));
        doc.text = text;
        Ok(doc)
    }
}

/// A non-ASCII char where a digit may stand: whether it is a decimal digit (as `\d` reads it) is
/// left to the regular expression.
#[derive(Debug)]
struct NonAsciiDigit;

/// The header ` date 2020-09` or ` date 2020-09-14` at the start of the text, then white space
/// or the end: the year and month digits, the day digits and the header's length with the white
/// space after it.
type Header = ([Option<u32>; 2], Option<u32>, usize);

/// The [`Header`] of the text, if it starts with one.
fn header(text: &str) -> std::result::Result<Option<Header>, NonAsciiDigit> {
    let Some(rest) = text.trim_start().strip_prefix("date ") else { return Ok(None) };
    let mut at = text.len() - rest.len();
    let Some(year) = ascii_number(&text[at..], 4)? else { return Ok(None) };
    at += 4;
    if !text[at..].starts_with('-') {
        return Ok(None);
    }
    let Some(month) = ascii_number(&text[at + 1..], 2)? else { return Ok(None) };
    at += 3;
    let mut day = None;
    if text[at..].starts_with('-')
        && let Some(d) = ascii_number(&text[at + 1..], 2)?
    {
        day = Some(d);
        at += 3;
    }
    let after = &text[at..];
    let next = after.trim_start();
    if next.len() == after.len() && !after.is_empty() {
        return Ok(None);
    }
    Ok(Some(([Some(year), Some(month)], day, text.len() - next.len())))
}

/// A day date "14.9.2020" as (year, month, day), if `item` is nothing else.
fn day_date(item: &str) -> std::result::Result<Option<(i32, u32, u32)>, NonAsciiDigit> {
    if !item.is_ascii() {
        return Err(NonAsciiDigit);
    }
    let mut parts = item.split('.');
    let mut number = |lengths: std::ops::RangeInclusive<usize>| {
        let part = parts.next().filter(|p| lengths.contains(&p.len()))?;
        ascii_number(part, part.len()).ok().flatten()
    };
    let (Some(day), Some(month), Some(year)) = (number(1..=2), number(1..=2), number(4..=4)) else {
        return Ok(None);
    };
    Ok(parts.next().is_none().then_some((year as i32, month, day)))
}

/// The number the first `len` bytes of `text` spell, if they are ASCII digits; `Err` when a
/// non-ASCII char comes before any other non-digit.
fn ascii_number(text: &str, len: usize) -> std::result::Result<Option<u32>, NonAsciiDigit> {
    for k in 0..len {
        match text.as_bytes().get(k) {
            Some(b) if b.is_ascii_digit() => {}
            Some(b) if !b.is_ascii() => return Err(NonAsciiDigit),
            _ => return Ok(None),
        }
    }
    Ok(text[..len].parse().ok())
}

/// The credit trailer "(dpa, 14.9.2020)" that ends the text (white space aside): the byte range
/// of what its parentheses hold, 1 to 120 chars without parentheses or line breaks. It stands
/// alone, on a line of its own or after a sentence end and white space.
fn trailer(text: &str) -> Option<Range<usize>> {
    let end = text.trim_end().strip_suffix(')')?.len();
    let open = text[..end].rfind(['(', ')', '\n']).filter(|&at| text.as_bytes()[at] == b'(')?;
    let inner = open + 1..end;
    if !(1..=120).contains(&text[inner.clone()].chars().count()) {
        return None;
    }
    let before = text[..open].trim_end();
    let space = &text[before.len()..open];
    let alone = open == 0
        || space.contains('\n')
        || (!space.is_empty() && before.ends_with(['.', '!', '?', '"', '“', '”', '»']));
    alone.then_some(inner)
}

/// Byte-order marks and what they announce. A UTF-8 mark is dropped; UTF-16 is decoded. Offsets
/// always refer to the decoded text, without the mark.
const BYTE_ORDER_MARKS: &[(&[u8], Encoding)] = &[
    (b"\xEF\xBB\xBF", Encoding::Utf8),
    (b"\xFF\xFE", Encoding::Utf16Le),
    (b"\xFE\xFF", Encoding::Utf16Be),
];

/// Starts of file formats that are surely no article, to say what a binary file is.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip archive"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// The text of a file's bytes, or why they are no text. UTF-8 (with or without a byte-order
/// mark), or UTF-16 when a UTF-16 byte-order mark says so; a file without a mark must be UTF-8,
/// as guessing an encoding would read garbage as text. Offsets in the messages count bytes of
/// the file.
fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    if let Some((_, format)) = BINARY_SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Err(format!("binary data ({format}), not text"));
    }
    let (bom, encoding) = BYTE_ORDER_MARKS
        .iter()
        .find(|(mark, _)| bytes.starts_with(mark))
        .map_or((0, Encoding::Utf8), |(mark, encoding)| (mark.len(), *encoding));
    let body = &bytes[bom..];
    let text = match encoding {
        Encoding::Utf8 => {
            if let Some(at) = memchr::memchr(0, body) {
                let offset = bom + at;
                let hint = if bom == 0 && looks_like_utf16(body) {
                    "; UTF-16 without a byte-order mark?"
                } else {
                    ""
                };
                return Err(format!("binary data (NUL byte at offset {offset}{hint})"));
            }
            let text = std::str::from_utf8(body).map_err(|e| {
                let offset = bom + e.valid_up_to();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                format!("invalid UTF-8 at byte offset {offset} (line {line})")
            })?;
            text.to_string()
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let name = if encoding == Encoding::Utf16Le { "UTF-16LE" } else { "UTF-16BE" };
            if body.len() % 2 == 1 {
                return Err(format!("invalid {name}: odd number of bytes ({})", bytes.len()));
            }
            let units = body.chunks_exact(2).map(|pair| match encoding {
                Encoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
                _ => u16::from_le_bytes([pair[0], pair[1]]),
            });
            let mut text = String::with_capacity(body.len());
            let mut at = bom;
            for c in char::decode_utf16(units) {
                let c =
                    c.map_err(|_| format!("invalid {name} at byte offset {at} (lone surrogate)"))?;
                if c == '\0' {
                    return Err(format!("binary data (NUL character at byte offset {at})"));
                }
                at += 2 * c.len_utf16();
                text.push(c);
            }
            text
        }
    };
    Ok(text)
}

/// Whether NUL bytes sit at every other position, as in UTF-16 text of Latin letters.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512) & !1];
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let pairs = head.len() / 2;
    pairs >= 4 && (zeros(0) * 4 >= pairs * 3 || zeros(1) * 4 >= pairs * 3)
}

/// A stretch of prose is cut into pieces of at most this many bytes, so that no sentence is
/// longer. Real sentences stay far below it (the longest in the seeds and fixtures has 411
/// bytes); a scraped page without any sentence end — one endless line — would otherwise become
/// one sentence, and reading the relations of a sentence takes time quadratic in its length.
pub const MAX_SENTENCE_BYTES: usize = 2048;

/// `prose` with every range longer than [`MAX_SENTENCE_BYTES`] cut: after the last line break or
/// sentence end (`.`, `!`, `?` followed by white space) in the first `MAX_SENTENCE_BYTES`, else
/// before the last white space, else at the last character boundary. Ranges within the limit are kept as they
/// are, so normal paragraphs are unaffected.
fn bounded(text: &str, prose: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if prose.iter().all(|r| r.len() <= MAX_SENTENCE_BYTES) {
        return prose;
    }
    let mut out = Vec::with_capacity(prose.len());
    for range in prose {
        let mut start = range.start;
        while range.end - start > MAX_SENTENCE_BYTES {
            let mut limit = start + MAX_SENTENCE_BYTES;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let window = &text[start..limit];
            // Each cut is looked for only when the better ones are missing.
            let cut = window
                .rfind('\n')
                .map(|i| i + 1)
                .or_else(|| after_last_sentence(window))
                .or_else(|| window.rfind(char::is_whitespace))
                .filter(|&cut| cut > 0)
                .map_or(limit, |cut| start + cut);
            out.push(start..cut);
            start = cut;
        }
        out.push(start..range.end);
    }
    out
}

/// The offset after the last sentence end of `window`: a `.`, `!` or `?` followed by white space.
fn after_last_sentence(window: &str) -> Option<usize> {
    let mut following: Option<(usize, char)> = None;
    for (i, c) in window.char_indices().rev() {
        if let Some((after, next)) = following
            && matches!(c, '.' | '!' | '?')
            && next.is_whitespace()
        {
            return Some(after);
        }
        following = Some((i, c));
    }
    None
}

/// The text as stored: NFC-normalised, then made [`storable`]. Most text already is both and is
/// kept as it is, without a pass through the normaliser.
fn stored(text: String) -> String {
    match check_stored(&text) {
        Some(true) => text,
        Some(false) => storable(text.chars()),
        None => storable(text.nfc()),
    }
}

/// `None` unless the text is surely NFC (the quick check says yes), else whether it is
/// [`storable`] as it is (no `\r`, no other control character but tab and line break, no U+FFFE
/// or U+FFFF).
fn check_stored(text: &str) -> Option<bool> {
    let bytes = text.as_bytes();
    let mut storable = true;
    let mut at = 0;
    while at < bytes.len() {
        let ascii = ascii_len(&bytes[at..]);
        // A fold, not `all`: without an early exit the compiler tests many bytes at once.
        storable &= bytes[at..at + ascii]
            .iter()
            .fold(true, |ok, &b| ok & (b >= b' ' || b == b'\t' || b == b'\n'));
        at += ascii;
        if at == bytes.len() {
            break;
        }
        // The quick check starts afresh after every ASCII char (a starter that is NFC), so a
        // run of other chars can be checked on its own.
        let end = bytes[at..].iter().position(u8::is_ascii).map_or(bytes.len(), |n| at + n);
        let run = &text[at..end];
        if !run.chars().all(is_nfc_starter) && is_nfc_quick(run.chars()) != IsNormalized::Yes {
            return None;
        }
        storable &= !run.contains(['\u{fffe}', '\u{ffff}']);
        at = end;
    }
    Some(storable)
}

/// Whether `c` is one of the common non-ASCII chars of German text (Latin-1, dashes, quotes and
/// the ellipsis) that are NFC starters: a run of them passes the quick check without its tables.
fn is_nfc_starter(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{ff}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}')
}

/// The text as stored: every line break a `\n` (from `\r\n` or a lone `\r`), and what XML 1.0
/// cannot carry (control characters other than tab and line break, U+FFFE, U+FFFF) replaced by
/// U+FFFD, one for one. The text reaches RDF/XML, SVG and SPARQL XML results, whose readers turn
/// every `\r` into `\n` (so they would read another text than the offsets count) and reject a
/// stray BEL from a scraped page outright.
fn storable(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\t' | '\n' => out.push(c),
            c if c < ' ' || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Lines of a stored text (which has no '\r' left) with their byte offsets, without the line
/// break, and whether they hold a colon: only a line with one may hold a caption. Line breaks
/// and colons are found in one pass.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut at = start;
        let mut colon = false;
        let end = loop {
            match memchr::memchr2(b'\n', b':', &bytes[at..]) {
                Some(k) if bytes[at + k] == b':' => {
                    colon = true;
                    at += k + 1;
                }
                Some(k) => break at + k,
                None => break bytes.len(),
            }
        };
        let line = (start, &text[start..end], colon);
        start = end + 1;
        Some(line)
    })
}

/// "Von Vorname Nachname [und Vorname Nachname]" alone on a line.
fn byline(line: &str, rules: &DocumentRules) -> Option<Vec<String>> {
    // Most lines start with no prefix's first byte and are passed over at once.
    let first = match line.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => Some(b),
        _ => line.trim_start().as_bytes().first(),
    };
    if !rules.byline_prefixes.iter().any(|p| p.as_bytes().first().is_none_or(|b| Some(b) == first))
    {
        return None;
    }
    let trimmed = line.trim();
    let rest = rules.byline_prefixes.iter().find_map(|p| trimmed.strip_prefix(p.as_str()))?;
    let rest = rest.strip_prefix(' ')?;
    let mut authors = Vec::new();
    for name in rest.split(" und ").flat_map(|part| part.split(", ")) {
        let words: Vec<&str> = name.split_whitespace().collect();
        if !(2..=4).contains(&words.len()) || !words.iter().all(|w| is_name_word(w)) {
            return None;
        }
        authors.push(words.join(" "));
    }
    Some(authors)
}

/// Whether `word` matches [`NAME_WORD`]: a capital, then letters, periods, apostrophes and
/// hyphens. Words of ASCII and Latin-1 (most names in German news) are read here, so that the
/// pattern is compiled only for the rare other name.
fn is_name_word(word: &str) -> bool {
    if word.chars().any(|c| c > '\u{ff}') {
        return NAME_WORD.is_match(word);
    }
    // The Latin-1 letters: ª, µ and º, the capitals À–Þ but ×, the small letters ß–ÿ but ÷.
    let capital =
        |c: char| c.is_ascii_uppercase() || matches!(c, '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{de}');
    let letter = |c: char| {
        c.is_ascii_alphabetic()
            || matches!(c, '\u{aa}' | '\u{b5}' | '\u{ba}' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{ff}')
    };
    let mut chars = word.chars();
    chars.next().is_some_and(capital) && chars.all(|c| letter(c) || matches!(c, '.' | '\'' | '-'))
}

/// "Foto: AFP" at the start of a line or after a sentence, up to the end of the line; `markers`
/// are the caption prefixes with their colon.
fn caption(line: &str, markers: &[String]) -> Option<(usize, String)> {
    // A line whose colons all follow no caption prefix has no marker either.
    let marked = line
        .match_indices(':')
        .any(|(colon, _)| markers.iter().any(|m| line[..=colon].ends_with(m.as_str())));
    if !marked {
        return None;
    }
    for marker in markers {
        for (offset, _) in line.match_indices(marker.as_str()) {
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
    fn encodings_give_the_same_text() -> Result<()> {
        let text = "Größer wurde er.\nDann ging er.";
        let utf16 = |be: bool| -> Vec<u8> {
            let mut bytes = if be { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
            for unit in text.encode_utf16() {
                bytes.extend(if be { unit.to_be_bytes() } else { unit.to_le_bytes() });
            }
            bytes
        };
        let rows: Vec<(&str, Vec<u8>)> = vec![
            ("UTF-8", text.as_bytes().to_vec()),
            ("UTF-8 with BOM", [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()),
            ("UTF-16LE", utf16(false)),
            ("UTF-16BE", utf16(true)),
            ("CRLF", text.replace('\n', "\r\n").into_bytes()),
        ];
        for (name, bytes) in rows {
            let doc = Document::parse(Path::new("a.txt"), "a", &bytes, &rules())?;
            assert_eq!(doc.text, text, "{name}");
        }
        Ok(())
    }

    #[test]
    fn no_prose_range_is_longer_than_a_sentence_may_be() -> Result<()> {
        let endless = "wort ".repeat(3000) + "ende";
        let sentences = "Ein Satz endet hier. ".repeat(300);
        let nbsp = "wört\u{a0}".repeat(1000);
        for text in [endless.as_str(), sentences.as_str(), nbsp.as_str(), &"x".repeat(5000)] {
            let doc = parse(text)?;
            let covered: String = doc.prose.iter().map(|r| &doc.text[r.clone()]).collect();
            assert_eq!(covered, doc.text, "the pieces cover the text");
            assert!(doc.prose.iter().all(|r| r.len() <= MAX_SENTENCE_BYTES), "{:?}", doc.prose);
        }
        let cuts = parse(&sentences)?.prose;
        assert!(cuts.iter().all(|r| sentences[..r.end].ends_with('.') || r.end == sentences.len()));
        let short = "Kurz. Und gut.\nNoch ein Absatz.";
        assert_eq!(parse(short)?.prose, vec![0..short.len()]);
        Ok(())
    }

    #[test]
    fn furniture_readers_agree_with_their_patterns() {
        let trailer_pattern =
            Regex::new(r#"(?:^|[.!?"“”»]\s+|\n\s*)\(([^()\n]{1,120})\)\s*$"#).expect("valid");
        let long = format!("Text. ({})", "x".repeat(121));
        let texts = [
            "Text. (dpa, 1.2.2020)",
            "Text.(dpa)",
            "Text.  (dpa) \n ",
            "Text\n  (dpa)",
            "(dpa)",
            "  (dpa)",
            "Er kam (wie erwartet)",
            "Text. (a(b)",
            "Text. (a)b)",
            "Text. ()",
            "„Zitat“ (APA)",
            "Text.\u{a0}(Reuters)",
            long.as_str(),
            "Text. (dpa)\n(APA)",
        ];
        for text in texts {
            let expected = trailer_pattern.captures(text).and_then(|c| c.get(1)).map(|m| m.range());
            assert_eq!(trailer(text), expected, "{text:?}");
        }
        let headers = [
            " date 2020-09 Text",
            "date 2020-09-14\nText",
            "date 2020-09-1 Text",
            "date 2020-09-",
            "date 2020-09",
            "\n\t date 2021-03-04  \u{a0}Text",
            "date 20200-09 Text",
            "date 2020-9 Text",
            "Text date 2020-09",
            "date 2020-09x",
            "date 2020-09-14x",
        ];
        for text in headers {
            let expected = HEADER.captures(text).map(|caps| {
                let number = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
                ([number(1), number(2)], number(3), caps[0].len())
            });
            assert_eq!(header(text).ok(), Some(expected), "{text:?}");
        }
        assert!(header("date ٢٠٢٠-09 Text").is_err());
        for item in
            ["14.9.2020", "1.12.2020", "14.09.20", "114.9.2020", "1.2.2020.", "1..2020", "a"]
        {
            let expected = DAY_DATE.captures(item).map(|d| {
                let n = |i: usize| d[i].parse::<u32>().unwrap_or_default();
                (n(3) as i32, n(2), n(1))
            });
            assert_eq!(day_date(item).ok(), Some(expected), "{item:?}");
        }
    }

    #[test]
    fn one_pass_check_agrees_with_char_by_char() {
        let storable = |text: &str| {
            text.chars().all(|c| c >= ' ' || c == '\t' || c == '\n')
                && !text.contains(['\u{fffe}', '\u{ffff}'])
        };
        let pieces =
            ["Größer wurde er", "\t", "\n", "\r", "\u{7}", "\u{7f}", "„Er“ – …", "\u{ffff}"];
        let decomposed = "Gro\u{308}\u{301}ßer";
        for (i, a) in pieces.iter().enumerate() {
            for b in &pieces[i..] {
                for filler in ["", "abcdefg", "abcdefghijklmno"] {
                    let text = format!("{filler}{a}{filler}{b}{filler}");
                    let expected = storable(&text);
                    assert_eq!(check_stored(&text), Some(expected), "{text:?}");
                    assert_eq!(check_stored(&(text.clone() + decomposed)), None, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn lines_agree_with_splitting() {
        for text in ["", "a", "\n", "\n\n", "a\nb", "a\n", "Foto: AFP\nText: ja\n\nEnde:", "x:y:z"]
        {
            let mut start = 0;
            let expected: Vec<(usize, &str, bool)> = text
                .split_inclusive('\n')
                .map(|chunk| {
                    let at = start;
                    start += chunk.len();
                    let line = chunk.strip_suffix('\n').unwrap_or(chunk);
                    (at, line, line.contains(':'))
                })
                .collect();
            assert_eq!(lines(text).collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn fast_paths_agree_with_the_tables() {
        for c in ('\u{0}'..='\u{2fff}').filter(|&c| is_nfc_starter(c)) {
            assert_eq!(is_nfc_quick([c].into_iter()), IsNormalized::Yes, "{c:?}");
            assert_eq!(is_nfc_quick(['a', c, 'b', c].into_iter()), IsNormalized::Yes, "{c:?}");
        }
        for c in '\u{0}'..='\u{3ff}' {
            for word in [format!("{c}"), format!("{c}a"), format!("A{c}"), format!("Ö{c}x")] {
                assert_eq!(is_name_word(&word), NAME_WORD.is_match(&word), "{word:?}");
            }
        }
    }

    #[test]
    fn bad_input_names_the_place() {
        let rows: &[(&[u8], &str)] = &[
            (b"", "empty document"),
            (b"abc\x00def", "NUL byte at offset 3"),
            (b"Zeile eins\nZeile \xff zwei", "invalid UTF-8 at byte offset 17 (line 2)"),
            (b" date 2020-13 Text", "invalid date header"),
            (b"Text. (dpa, 31.2.2020)", "invalid trailer date"),
            (b" \r\n\t ", "empty document (only white space)"),
            (b"\xEF\xBB\xBF", "empty document (no text)"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary data (a PNG image)"),
            (b"A\0b\0c\0d\0e\0", "NUL byte at offset 1; UTF-16 without a byte-order mark?"),
            (b"\xFF\xFEA\0\x00\xD8b\0", "invalid UTF-16LE at byte offset 4 (lone surrogate)"),
            (b"\xFE\xFF\0A\0", "invalid UTF-16BE: odd number of bytes (5)"),
            (b"\xEF\xBB\xBFok \xC3", "invalid UTF-8 at byte offset 6 (line 1)"),
        ];
        for (bytes, expected) in rows {
            let err = Document::parse(Path::new("x.txt"), "x", bytes, &rules())
                .expect_err("must fail")
                .to_string();
            assert!(err.starts_with("x.txt: ") && err.contains(expected), "{err}");
        }
    }
}
