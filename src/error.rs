//! The library's error type: every message names the value and the place (file, line or offset).

use std::path::PathBuf;

/// What went wrong, and where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A data file in `ontology/` (lexicon, rules, vocabulary) is malformed.
    #[error("{file}:{line}: {message}")]
    Data { file: PathBuf, line: usize, message: String },
    /// An input document cannot be read as a news article.
    #[error("{file}: {message}")]
    Input { file: PathBuf, message: String },
    /// One record of a file that holds many documents (a JSON line, a feed item, a WARC record)
    /// cannot be read as a news article; `place` says which ("line 12", "item 3", "record 2 at
    /// byte offset 5120").
    #[error("{file}: {place}: {message}")]
    Record { file: PathBuf, place: String, message: String },
    /// The store failed or holds something unexpected.
    #[error("store {path}: {message}")]
    Store { path: PathBuf, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn data(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Error::Data { file: file.into(), line, message: message.into() }
    }

    pub fn input(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Input { file: file.into(), message: message.into() }
    }

    pub fn record(
        file: impl Into<PathBuf>,
        place: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error::Record { file: file.into(), place: place.into(), message: message.into() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The 1-based line where `needle` first occurs in `text`, for errors found after parsing, when
/// the parser no longer knows where a value came from; line 1 if it does not occur.
pub fn line_containing(text: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 1;
    }
    text.find(needle).map_or(1, |offset| line_of(text, offset))
}
