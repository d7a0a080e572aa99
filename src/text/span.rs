//! Spans: where a piece of text sits in its document, in bytes and in Unicode code points.
//!
//! Byte offsets slice Rust strings; code-point offsets are what RDF (NIF, Web Annotation) and most
//! annotation tools count. Every stage carries both so that no stage has to recount.

use std::ops::Range;

use crate::text::bytes::continuation_bits;

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
///
/// The count is kept per block of 64 bytes, with a bit for each byte of the block that continues
/// a char: the code points before a byte are those before its block plus the bytes before it in
/// the block that start a char. Building it reads each block of ASCII (most of German prose) in
/// a few word-sized steps; a table of every byte's count would cost a store per byte.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// For each block of 64 bytes (and one past the end of the text): the code points before it.
    chars_before: Vec<usize>,
    /// For each block: bit `k` is set when byte `k` of the block is a continuation byte
    /// (0b10xx_xxxx), i.e. no char starts there.
    continuation: Vec<u64>,
}

/// Bytes per block of a [`CharIndex`]: one bit each in a `u64`.
const BLOCK: usize = 64;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let blocks = bytes.len() / BLOCK + 1;
        let mut chars_before = Vec::with_capacity(blocks);
        let mut continuation = Vec::with_capacity(blocks);
        let mut count = 0;
        for block in bytes.chunks(BLOCK) {
            let mask = continuation_bits(block);
            chars_before.push(count);
            continuation.push(mask);
            count += block.len() - mask.count_ones() as usize;
        }
        // The end of the text starts a block of its own when it falls on a block boundary.
        if chars_before.len() < blocks {
            chars_before.push(count);
            continuation.push(0);
        }
        CharIndex { chars_before, continuation }
    }

    /// The span of bytes `start..end`; both must be char boundaries.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span { start, end, char_start: self.chars_at(start), char_end: self.chars_at(end) }
    }

    /// The code points before byte `at`, a char boundary.
    fn chars_at(&self, at: usize) -> usize {
        let (block, offset) = (at / BLOCK, at % BLOCK);
        let continued = self.continuation[block] & ((1 << offset) - 1);
        // Counting bits takes a dozen instructions without a popcount one; most blocks of
        // German text have no continuation byte before a given offset.
        let continued = if continued == 0 { 0 } else { continued.count_ones() as usize };
        self.chars_before[block] + offset - continued
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

    #[test]
    fn blocks_agree_with_counting_chars() {
        let pieces =
            ["Förtsch", " und ", "Öl", "„Zitat“ – …", "abcdefghijklmnopqrstuvwxyz0123456789", "𝄞"];
        let mut text = String::new();
        for round in 0..60 {
            text.push_str(pieces[round % pieces.len()]);
            let index = CharIndex::new(&text);
            for (count, (b, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
                let span = index.span(b, b);
                assert_eq!((span.char_start, span.char_end), (count, count), "{text:?} at {b}");
            }
        }
        assert_eq!(CharIndex::new("").span(0, 0).char_end, 0);
        let long = "x".repeat(128);
        assert_eq!(CharIndex::new(&long).span(64, 128).char_end, 128);
    }
}
