//! Loading a news article: its text and the metadata printed around it.
//!
//! [`Document::parse`] decodes the file (`decode`), reads the page's furniture (`furniture`) and
//! its dates (`date`), and leaves the prose for segmentation.
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

mod date;
mod decode;
mod furniture;

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;

pub use self::date::{PartialDate, Precision};
use self::date::{day_date, day_date_value, header};
use self::decode::{decode, stored};
use self::furniture::{byline, caption, lines, trailer};
use crate::error::{Error, Result, line_of};

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

/// What an input tells of an article beside its text: the fields of a JSON record, a page's
/// metadata, a feed item's. A text file tells none of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub headline: Option<String>,
    /// The article's URL, normalised (see [`crate::text::input::url`]).
    pub url: Option<String>,
    /// The name of the site or organisation that published the article.
    pub publisher: Option<String>,
    /// The language the input declares, as a primary language subtag (`de`).
    pub language: Option<String>,
    /// Where the text was read from: a file name, with `#line=N`, `#item=N` or `#record=N` for a
    /// document inside a file of many; more than one when two files held the same article.
    pub sources: Vec<String>,
}

/// A loaded article.
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable id: from the article's URL when it has one, else from the file name (and the
    /// line, item or record number within the file).
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
    pub meta: Metadata,
}

impl Document {
    /// Reads and parses one article file.
    pub fn load(path: &Path, rules: &DocumentRules) -> Result<Self> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::input(path, format!("cannot read: {e}")))?;
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| Error::input(path, "file name is not valid UTF-8"))?;
        let mut document = Self::parse(path, id, &bytes, rules)?;
        if let Some(name) = path.file_name() {
            document.meta.sources.push(name.to_string_lossy().into_owned());
        }
        Ok(document)
    }

    /// Parses an article from bytes; `path` only names it in errors.
    pub fn parse(path: &Path, id: &str, bytes: &[u8], rules: &DocumentRules) -> Result<Self> {
        // The id is stored as a literal (dcterms:identifier), which XML formats could not carry.
        if id.chars().any(|c| c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}')) {
            return Err(Error::input(path, format!("file name {id:?} has a control character")));
        }
        let decoded = decode(bytes).map_err(|message| Error::input(path, message))?;
        Self::from_text(decoded, id, rules).map_err(|message| Error::input(path, message))
    }

    /// An article from text already decoded (a JSON field, a page's paragraphs): the same
    /// reading of its furniture as a file's. The error names the line of the text, and the
    /// caller the place the text came from.
    pub(crate) fn from_text(
        decoded: String,
        id: &str,
        rules: &DocumentRules,
    ) -> Result<Self, String> {
        if decoded.trim().is_empty() {
            let what = if decoded.is_empty() { "no text" } else { "only white space" };
            return Err(format!("empty document ({what})"));
        }
        let mut text = stored(decoded);
        let header = match header(&text) {
            Some(header) => {
                let line = line_of(&text, text.len() - text.trim_start().len());
                let date =
                    header.date(&text).map_err(|message| format!("line {line}: {message}"))?;
                Some((date, header.len))
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
            meta: Metadata::default(),
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
            let day = items.last().and_then(|last| Some((*last, day_date(last)?)));
            if let Some((item, fields)) = day {
                items.pop();
                let line = line_of(&text, inner.start) + usize::from(header_date.is_some());
                let date = day_date_value(item, fields)
                    .map_err(|message| format!("line {line}: {message}"))?;
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

/// The authors a byline printed apart from the text names (a page's byline, a feed's author):
/// read as a byline line of the text is ("Von Anna Berg und Tom Kurz"), else as names separated
/// by commas.
pub(crate) fn byline_names(printed: &str, rules: &DocumentRules) -> Vec<String> {
    byline(printed.trim(), rules).unwrap_or_else(|| {
        printed.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect()
    })
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

    /// A header date in digits that are not ASCII passed the header pattern and then failed to
    /// parse, and the document was dated to the year 0.
    #[test]
    fn header_in_non_ascii_digits_is_an_error_not_the_year_zero() {
        let rows = [
            (
                "\n date ٢٠٢٠-09 Text.",
                "line 2: date header \"date ٢٠٢٠-09\" has digits that are not ASCII",
            ),
            (
                "Text.\n(dpa, ١٤.9.2020)",
                "line 2: trailer date \"١٤.9.2020\" has digits that are not ASCII",
            ),
        ];
        for (text, expected) in rows {
            let err = parse(text).expect_err("must fail").to_string();
            assert_eq!(err, format!("a.txt: {expected}"), "{text:?}");
        }
    }
}
