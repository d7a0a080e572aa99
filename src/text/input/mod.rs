//! Inputs: every form news articles come in, read into [`Document`]s with their metadata.
//!
//! A text file is one article; its id is its file name and [`Document::load`] reads it when a
//! worker gets to it. A JSON Lines export (`jsonl`), a saved HTML page (`html`), an RSS or Atom
//! feed (`feed`) and a WARC archive (`warc`) are read by [`read`]: one file may hold many
//! articles, each with the metadata its input gives (headline, URL, date, publisher, authors,
//! language). Every article's text then goes through the same reading of its furniture as a
//! text file's, so the same article gives the same sentences whatever form it came in.
//!
//! Ids are one scheme for all forms: from the article's URL when it has one ([`url`]), so that
//! the same article read from two files is one document; else from the file name, with the
//! line, item or record number for a file of many. A record that cannot be read is an error
//! naming the file and the place in it; the file's other records are still read.

mod feed;
mod html;
mod jsonl;
mod published;
pub(crate) mod url;
mod warc;

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor};
use std::path::{Path, PathBuf};

use super::document::{Document, DocumentRules, Metadata, PartialDate, byline_names};
use super::language::primary_tag;
use crate::error::{Error, Result};

pub(crate) use jsonl::{Fields, ITEMS};

/// The forms an input comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// A text file: one article (`.txt`).
    Text,
    /// One JSON object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// A saved web page (`.html`, `.htm`).
    Html,
    /// An RSS 2.0 or Atom feed (`.rss`, `.atom`, `.xml`).
    Feed,
    /// A web archive (`.warc`, `.warc.gz`).
    Warc,
}

impl Format {
    /// The format a file name announces, if any.
    pub(crate) fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let extension = name.rsplit_once('.')?.1;
        Some(match extension {
            "txt" => Format::Text,
            "jsonl" | "ndjson" => Format::JsonLines,
            "html" | "htm" | "xhtml" => Format::Html,
            "rss" | "atom" | "xml" => Format::Feed,
            "warc" => Format::Warc,
            "gz" if name.ends_with(".warc.gz") => Format::Warc,
            _ => return None,
        })
    }

    /// Whether a directory walk takes files of this name: every format but `.xml`, which is a
    /// feed only when named on the command line (a directory's `.xml` may be anything).
    pub(crate) fn walked(path: &Path) -> bool {
        Format::of(path).is_some() && path.extension().is_none_or(|e| e != "xml")
    }

    /// The format of standard input: a WARC archive when it starts as one (`WARC/`, or gzip),
    /// JSON Lines when its first non-blank byte opens an object, else text.
    pub(crate) fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"WARC/") || bytes.starts_with(warc::GZIP_MAGIC) {
            return Format::Warc;
        }
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') { Format::JsonLines } else { Format::Text }
    }
}

/// Where a file's articles come from: the path that names it in errors, and the file name that
/// their ids and sources are made of. The file name alone, not the path, so that the same
/// files give the same graph wherever they lie.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub(crate) path: PathBuf,
    name: String,
}

impl Origin {
    pub(crate) fn file(path: &Path) -> Self {
        let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        Origin { path: path.to_path_buf(), name }
    }

    /// Standard input, named `-` in errors and `stdin` in ids and sources.
    pub(crate) fn stdin() -> Self {
        Origin { path: PathBuf::from("-"), name: "stdin".into() }
    }

    /// The file name without its format's extension (`export` of `export.jsonl`, `crawl` of
    /// `crawl.warc.gz`).
    pub(crate) fn stem(&self) -> &str {
        let name = self.name.strip_suffix(".gz").unwrap_or(&self.name);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// The source of a document: the file name, and `#line=N` (or `#item=N`, `#record=N`) for
    /// one of many.
    fn source(&self, place: Option<&Place>) -> String {
        match place {
            Some(place) => format!("{}#{}={}", self.name, place.kind, place.number),
            None => self.name.clone(),
        }
    }
}

/// A document's place in a file of many: its line, item or record number (from 1).
#[derive(Debug, Clone, Copy)]
struct Place {
    kind: &'static str,
    number: usize,
}

impl Place {
    fn line(number: usize) -> Self {
        Place { kind: "line", number }
    }

    fn item(number: usize) -> Self {
        Place { kind: "item", number }
    }

    fn record(number: usize) -> Self {
        Place { kind: "record", number }
    }

    /// How an error names it: "line 12".
    fn name(&self) -> String {
        format!("{} {}", self.kind, self.number)
    }
}

/// An article as its input gives it, before its text's furniture is read.
#[derive(Debug, Default)]
struct Entry {
    text: String,
    /// Headline, URL (not yet normalised), publisher and declared language.
    meta: Metadata,
    date: Option<PartialDate>,
    authors: Vec<String>,
    /// Bylines as a page prints them or its metadata give them, read into authors as a text's
    /// byline line is.
    bylines: Vec<String>,
    /// An id the input gives (a JSON `id` field), used when there is no URL.
    id: Option<String>,
}

/// How the documents of a file of many are read: the names of a JSON record's fields.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    pub(crate) fields: Fields,
}

/// The articles of a file in `format` (any but [`Format::Text`], which [`Document::load`] reads),
/// each a document or the error that names its place; an error for the whole file when it
/// cannot be read at all. `bytes` is the file's content when already read (standard input);
/// else the file is read from `origin.path`.
pub(crate) fn read(
    format: Format,
    origin: &Origin,
    bytes: Option<Vec<u8>>,
    options: &Options,
    rules: &DocumentRules,
) -> Result<Vec<Result<Document>>> {
    let file_error = |message: String| Error::input(&origin.path, message);
    let cannot_read = |e: std::io::Error| file_error(format!("cannot read: {e}"));
    // An archive is streamed, whatever its size; the other forms are read whole.
    let content = |bytes: Option<Vec<u8>>| match bytes {
        Some(bytes) => Ok(bytes),
        None => std::fs::read(&origin.path).map_err(cannot_read),
    };
    match format {
        Format::Warc => {
            let reader: Box<dyn BufRead> = match bytes {
                Some(bytes) => Box::new(Cursor::new(bytes)),
                None => Box::new(BufReader::new(File::open(&origin.path).map_err(cannot_read)?)),
            };
            warc::read(reader, origin, rules).map_err(file_error)
        }
        Format::Text => {
            let text = Document::parse(&origin.path, origin.stem(), &content(bytes)?, rules);
            Ok(vec![text.map(|mut document| {
                document.meta.sources.push(origin.source(None));
                document
            })])
        }
        Format::JsonLines => Ok(jsonl::read(&content(bytes)?, origin, &options.fields, rules)),
        Format::Html => {
            let entry = html::page(&content(bytes)?, None, None).map_err(file_error)?;
            Ok(vec![document(entry, origin, None, rules)])
        }
        Format::Feed => feed::read(&content(bytes)?, origin, rules).map_err(file_error),
    }
}

/// The document of an entry: its id (from the URL, the input's id, else the file name and the
/// place), its text's furniture read, and the input's metadata over what the text tells.
fn document(
    entry: Entry,
    origin: &Origin,
    place: Option<Place>,
    rules: &DocumentRules,
) -> Result<Document> {
    let Entry { text, mut meta, date, mut authors, bylines, id } = entry;
    for name in bylines.iter().flat_map(|byline| byline_names(byline, rules)) {
        if !authors.contains(&name) {
            authors.push(name);
        }
    }
    meta.url = meta.url.as_deref().and_then(url::normalise);
    meta.language = meta.language.as_deref().and_then(primary_tag);
    let id = match (&meta.url, id, place) {
        (Some(url), _, _) => url::document_id(url),
        (None, Some(id), _) => plain_id(&id),
        (None, None, Some(place)) => format!("{}-{}", origin.stem(), place.number),
        (None, None, None) => origin.stem().to_string(),
    };
    let mut document = Document::from_text(text, &id, rules).map_err(|message| match place {
        Some(place) => Error::record(&origin.path, place.name(), message),
        None => Error::input(&origin.path, message),
    })?;
    meta.sources.push(origin.source(place.as_ref()));
    // The input's own fields are what it says of the article; a byline or trailer in the
    // text only adds what they lack.
    if date.is_some() {
        document.date = date;
    }
    let mut all_authors = authors;
    for author in std::mem::take(&mut document.authors) {
        if !all_authors.contains(&author) {
            all_authors.push(author);
        }
    }
    document.authors = all_authors;
    document.meta = meta;
    Ok(document)
}

/// An id an input gives, as a document id: white space and control characters, which the id's
/// literal and its IRI should not hold, become '_'.
fn plain_id(id: &str) -> String {
    id.trim().chars().map(|c| if c.is_whitespace() || c.is_control() { '_' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name() {
        let rows = [
            ("a.txt", Some(Format::Text)),
            ("a.JSONL", Some(Format::JsonLines)),
            ("a.ndjson", Some(Format::JsonLines)),
            ("a.htm", Some(Format::Html)),
            ("a.html", Some(Format::Html)),
            ("a.rss", Some(Format::Feed)),
            ("a.atom", Some(Format::Feed)),
            ("a.xml", Some(Format::Feed)),
            ("a.warc", Some(Format::Warc)),
            ("a.warc.gz", Some(Format::Warc)),
            ("a.tar.gz", None),
            ("a.md", None),
            ("README", None),
        ];
        for (name, expected) in rows {
            assert_eq!(Format::of(Path::new(name)), expected, "{name}");
        }
        assert!(!Format::walked(Path::new("pom.xml")) && Format::walked(Path::new("a.rss")));
        assert_eq!(Origin::file(Path::new("d/crawl.warc.gz")).stem(), "crawl");
        assert_eq!(Format::sniff(b"\n {\"text\": 1}"), Format::JsonLines);
        assert_eq!(Format::sniff(b"Oracle kauft."), Format::Text);
        assert_eq!(Format::sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(Format::sniff(b"\x1f\x8b\x08"), Format::Warc);
    }
}
