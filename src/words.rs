//! The words of a sentence, analysed once for every stage that reads them.
//!
//! Resolution, time expressions and extraction all ask the same questions of each token: its
//! folded form, whether it is a word at all, whether it starts with an upper-case letter.
//! Answering them once per sentence, in the pipeline, spares each stage folding the same words
//! again; folding and char decoding cost more than most of the stages' own tests.

use std::borrow::Cow;

use crate::fold::{Folded, fold_into};
use crate::span::Span;
use crate::token::Token;

/// Each token of a sentence folded, with the flags the stages test.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    /// Token `i` folded is `folded[start..end]` of its entry: the sentence's folded text when
    /// folding kept every byte in place (as it does for nearly all German text), else the
    /// folded tokens one after another.
    folded: Cow<'a, str>,
    words: Vec<Word>,
}

/// One token: where its folded form is, and its flags.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: u32,
    end: u32,
    flags: u8,
}

/// The token has a letter.
const IS_WORD: u8 = 1;
/// Its first char is an upper-case letter.
const UPPER: u8 = 1 << 1;
/// Its first char is an ASCII digit.
const DIGIT: u8 = 1 << 2;
/// It has a hyphen.
const HYPHEN: u8 = 1 << 3;
/// Its first char is a lower-case letter.
const LOWER: u8 = 1 << 4;

impl<'a> Words<'a> {
    /// Analyses the tokens of the sentence at `span` of `text`; `sentence` is its folded text.
    pub fn new(text: &str, span: Span, sentence: &'a Folded, tokens: &[Token]) -> Self {
        let aligned = sentence.is_aligned();
        let mut own = String::new();
        let mut words = Vec::with_capacity(tokens.len());
        for token in tokens {
            let range = token.span.bytes();
            let (start, end) = if aligned {
                (range.start - span.start, range.end - span.start)
            } else {
                let start = own.len();
                fold_into(&text[range.clone()], &mut own);
                (start, own.len())
            };
            // Read as bytes: most tokens are ASCII, and need no char decoding.
            let bytes = &text.as_bytes()[range.clone()];
            let first = bytes.first().copied().unwrap_or(0);
            // The tokenizer keeps a hyphen inside a word only between two letters or digits,
            // which makes two parts; any other hyphen starts or ends the token.
            let mut flags =
                if !token.parts.is_empty() || first == b'-' || bytes.last() == Some(&b'-') {
                    HYPHEN
                } else {
                    0
                };
            if first.is_ascii_uppercase() {
                flags |= UPPER | IS_WORD;
            } else if first.is_ascii_lowercase() {
                flags |= LOWER | IS_WORD;
            } else {
                if first.is_ascii_digit() {
                    flags |= DIGIT;
                }
                let raw = &text[range];
                if !first.is_ascii() {
                    match raw.chars().next() {
                        Some(c) if c.is_uppercase() => flags |= UPPER,
                        Some(c) if c.is_lowercase() => flags |= LOWER,
                        _ => {}
                    }
                }
                let letter = if bytes.is_ascii() {
                    bytes.iter().any(u8::is_ascii_alphabetic)
                } else {
                    raw.chars().any(char::is_alphabetic)
                };
                if letter {
                    flags |= IS_WORD;
                }
            }
            words.push(Word { start: start as u32, end: end as u32, flags });
        }
        let folded = if aligned { Cow::Borrowed(sentence.text.as_str()) } else { Cow::Owned(own) };
        Words { folded, words }
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Token `i` folded.
    pub fn folded(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.folded[w.start as usize..w.end as usize]
    }

    /// Whether token `i` has a letter ([`Token::is_word`]).
    pub fn is_word(&self, i: usize) -> bool {
        self.words[i].flags & IS_WORD != 0
    }

    /// Whether token `i` starts with an upper-case letter.
    pub fn upper(&self, i: usize) -> bool {
        self.words[i].flags & UPPER != 0
    }

    /// Whether token `i` starts with a lower-case letter.
    pub fn lower(&self, i: usize) -> bool {
        self.words[i].flags & LOWER != 0
    }

    /// Whether token `i` has a hyphen.
    pub fn hyphen(&self, i: usize) -> bool {
        self.words[i].flags & HYPHEN != 0
    }

    /// Whether token `i` starts with an ASCII digit.
    pub fn digit(&self, i: usize) -> bool {
        self.words[i].flags & DIGIT != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold;
    use crate::span::CharIndex;
    use crate::token::tokenize;

    #[test]
    fn words_agree_with_folding_each_token() {
        for text in [
            "Die TikTok-Nutzer klagen.",
            "ÖSTERREICH und Straße 14.9.",
            "İstanbul 3G „Ä“ über ärger ǅ",
            "US-Firmen und -Bürgern, Windows- - und a-b-c",
        ] {
            let index = CharIndex::new(text);
            let span = index.span(0, text.len());
            let tokens = tokenize(text, span, &index);
            let folded = Folded::new(text);
            let words = Words::new(text, span, &folded, &tokens);
            assert_eq!(words.len(), tokens.len());
            for (i, token) in tokens.iter().enumerate() {
                let raw = token.text(text);
                assert_eq!(words.folded(i), fold(raw), "{raw}");
                assert_eq!(words.is_word(i), token.is_word(text), "{raw}");
                assert_eq!(words.upper(i), raw.starts_with(char::is_uppercase), "{raw}");
                assert_eq!(words.lower(i), raw.starts_with(char::is_lowercase), "{raw}");
                assert_eq!(words.hyphen(i), raw.contains('-'), "{raw}");
                assert_eq!(words.digit(i), raw.starts_with(|c: char| c.is_ascii_digit()), "{raw}");
            }
        }
    }
}
