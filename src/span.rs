//! Spans: where a piece of text sits in its document, in bytes and in Unicode code points.
//!
//! Byte offsets slice Rust strings; code-point offsets are what RDF (NIF, Web Annotation) and most
//! annotation tools count. Every stage carries both so that no stage has to recount.

use std::ops::Range;

/// A half-open range of a document's text, in bytes and in code points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

impl Span {
    pub fn bytes(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Turns byte offsets of one text into [`Span`]s, counting code points once.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `char_at[b]` is the number of code points before byte `b`, for every char boundary `b`.
    char_at: Vec<usize>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        // The code points before byte `b` are the bytes before it that start a char, i.e. are
        // no continuation byte (0b10xx_xxxx); a byte inside a char gets the count of the chars
        // up to and including its own.
        let mut char_at = Vec::with_capacity(text.len() + 1);
        let mut count = 0;
        char_at.extend(text.bytes().map(|b| {
            let before = count;
            count += usize::from((b as i8) >= -0x40);
            before
        }));
        char_at.push(count);
        CharIndex { char_at }
    }

    /// The span of bytes `start..end`; both must be char boundaries.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span { start, end, char_start: self.char_at[start], char_end: self.char_at[end] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let text = "Förtsch und Öl";
        let index = CharIndex::new(text);
        let start = text.find("und").unwrap_or_default();
        let span = index.span(start, start + 3);
        assert_eq!((span.char_start, span.char_end), (8, 11));
        assert_eq!(&text[span.bytes()], "und");
        let end = index.span(text.len(), text.len());
        assert_eq!(end.char_start, text.chars().count());
    }
}
