//! Tokens: words (hyphen compounds kept whole, their parts remembered), numbers and punctuation.

use crate::text::bytes::ascii_alphanumeric_end;
use crate::text::span::{CharIndex, Span};

/// A token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// Byte ranges of the hyphen-separated parts of a compound ("TikTok-Nutzer" → two parts).
    pub parts: Vec<Span>,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.bytes()]
    }

    pub fn is_word(&self, text: &str) -> bool {
        self.text(text).chars().any(char::is_alphabetic)
    }
}

/// Double quotation marks, opening or closing, as German and English text write them.
pub const DOUBLE_QUOTES: [char; 6] = ['"', '„', '“', '”', '»', '«'];

/// Whether a token is one double quotation mark.
pub fn is_double_quote(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| DOUBLE_QUOTES.contains(&c)) && chars.next().is_none()
}

/// What an ASCII byte is to the tokenizer, or that it is none; one table lookup answers it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// White space, as `char::is_whitespace` has it.
    Space,
    Alphanumeric,
    /// Any other ASCII char: a token of its own, or a hyphen that starts a word.
    Mark,
    /// A byte of a non-ASCII char.
    NonAscii,
}

const CLASSES: [Class; 256] = {
    let mut table = [Class::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = if matches!(b as u8, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            Class::Space
        } else if (b as u8).is_ascii_alphanumeric() {
            Class::Alphanumeric
        } else {
            Class::Mark
        };
        b += 1;
    }
    table
};

/// Splits `text[span]` into tokens; `span` must come from `index`, as its char offsets are the
/// base the tokens' char offsets are counted from.
pub fn tokenize(text: &str, span: Span, index: &CharIndex) -> Vec<Token> {
    let slice = &text[span.bytes()];
    let bytes = slice.as_bytes();
    // About one token per five bytes of German prose, more in short sentences; a guess on the
    // high side saves regrowing the vector.
    let mut tokens = Vec::with_capacity(slice.len() / 4 + 2);
    // Code points are counted on the way rather than looked up: every byte of the slice is passed
    // once, and the chars before byte `pos` are `pos` less the continuation bytes passed so far.
    let mut continued = 0;
    let token_span =
        |start: usize, end: usize, continued_start: usize, continued_end: usize| Span {
            start: span.start + start,
            end: span.start + end,
            char_start: span.char_start + start - continued_start,
            char_end: span.char_start + end - continued_end,
        };
    // Whether the character before `pos` is white space, or there is none.
    let mut after_space = true;
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        let start = pos;
        let continued_start = continued;
        // Most chars are ASCII, which need no decoding and no Unicode tables.
        let alphanumeric = match CLASSES[usize::from(b)] {
            Class::Space => {
                pos += 1;
                after_space = true;
                continue;
            }
            Class::Alphanumeric => {
                pos += 1;
                true
            }
            Class::Mark => {
                pos += 1;
                false
            }
            Class::NonAscii => {
                let c = char_at(slice, pos).unwrap_or_default();
                pos += c.len_utf8();
                continued += c.len_utf8() - 1;
                if c.is_whitespace() {
                    after_space = true;
                    continue;
                }
                is_alphanumeric(c)
            }
        };
        let leading_hyphen =
            b == b'-' && after_space && char_at(slice, pos).is_some_and(is_alphanumeric);
        after_space = false;
        if !alphanumeric && !leading_hyphen {
            let span = token_span(start, pos, continued_start, continued);
            tokens.push(Token { span, parts: Vec::new() });
            continue;
        }
        let mut j = pos;
        let mut hyphen = leading_hyphen;
        loop {
            // Most of a word is ASCII letters and digits, which need no decoding.
            j = ascii_alphanumeric_end(bytes, j);
            // Most words end at a space or an ASCII mark that cannot go on.
            if bytes
                .get(j)
                .is_none_or(|&b| b.is_ascii() && !matches!(b, b'-' | b'.' | b'\'' | b'&'))
            {
                break;
            }
            let Some(c) = char_at(slice, j) else { break };
            if is_alphanumeric(c) {
                j += c.len_utf8();
                continued += c.len_utf8() - 1;
                continue;
            }
            // Only these may go on, depending on the char after them.
            if !matches!(c, '-' | '.' | '\'' | '’' | '&') {
                break;
            }
            let next = char_at(slice, j + c.len_utf8());
            if next.is_some_and(is_alphanumeric) {
                hyphen |= c == '-';
                j += c.len_utf8();
                continued += c.len_utf8() - 1;
            } else if c == '-' && next.is_none_or(char::is_whitespace) {
                // A truncated compound: "Windows- und Xbox-Konzern".
                hyphen = true;
                j += 1;
                break;
            } else {
                break;
            }
        }
        let token = token_span(start, j, continued_start, continued);
        let parts = if hyphen { parts(text, token.start, token.end, index) } else { Vec::new() };
        tokens.push(Token { span: token, parts });
        pos = j;
    }
    tokens
}

/// `char::is_alphanumeric`, answered without the Unicode tables for the non-ASCII chars German
/// text is made of: Latin-1 (umlauts, ß, accented letters) and General Punctuation (dashes,
/// quotes), which have no letter or digit.
fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\u{7f}' => c.is_ascii_alphanumeric(),
        // ª, ², ³, µ, ¹, º, ¼–¾ and the letters À–ÿ but × and ÷.
        '\u{80}'..='\u{ff}' => matches!(
            c,
            '\u{aa}'
                | '\u{b2}'
                | '\u{b3}'
                | '\u{b5}'
                | '\u{b9}'
                | '\u{ba}'
                | '\u{bc}'..='\u{be}'
                | '\u{c0}'..='\u{d6}'
                | '\u{d8}'..='\u{f6}'
                | '\u{f8}'..='\u{ff}'
        ),
        '\u{2000}'..='\u{206f}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The char at byte `at` of `text`, if any; `at` must be a char boundary.
fn char_at(text: &str, at: usize) -> Option<char> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() { Some(char::from(b)) } else { text[at..].chars().next() }
}

/// The hyphen-separated parts of the word `text[start..end]`; none unless there are two.
fn parts(text: &str, start: usize, end: usize, index: &CharIndex) -> Vec<Span> {
    let word = &text[start..end];
    if !word.contains('-') {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let mut part_start = start;
    for (b, _) in word.match_indices('-') {
        let b = start + b;
        if b > part_start {
            parts.push(index.span(part_start, b));
        }
        part_start = b + 1;
    }
    if part_start < end {
        parts.push(index.span(part_start, end));
    }
    if parts.len() < 2 {
        parts.clear();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let index = CharIndex::new(text);
        tokenize(text, index.span(0, text.len()), &index)
            .iter()
            .map(|t| t.text(text).to_string())
            .collect()
    }

    #[test]
    fn token_rows() {
        let rows: &[(&str, &[&str])] = &[
            ("Die TikTok-Nutzer klagen.", &["Die", "TikTok-Nutzer", "klagen", "."]),
            ("US-Firmen und -Bürgern", &["US-Firmen", "und", "-Bürgern"]),
            ("Windows- und Xbox-Konzern", &["Windows-", "und", "Xbox-Konzern"]),
            ("am 14.9.2020 (Ortszeit)", &["am", "14.9.2020", "(", "Ortszeit", ")"]),
            ("„Musical.ly“ – 76-jährige", &["„", "Musical.ly", "“", "–", "76-jährige"]),
        ];
        for (text, expected) in rows {
            assert_eq!(tokens(text), *expected, "{text}");
        }
    }

    #[test]
    fn compound_parts_and_char_offsets() {
        let text = "Öl-Förderer";
        let index = CharIndex::new(text);
        let token = &tokenize(text, index.span(0, text.len()), &index)[0];
        let parts: Vec<&str> = token.parts.iter().map(|p| &text[p.bytes()]).collect();
        assert_eq!(parts, ["Öl", "Förderer"]);
        assert_eq!((token.parts[1].char_start, token.parts[1].char_end), (3, 11));
    }

    #[test]
    fn alphanumeric_agrees_with_the_unicode_tables() {
        for c in ('\0'..='\u{2fff}').chain(['𝄞', 'ſ', '一']) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn counted_char_offsets_agree_with_the_index() {
        let text =
            "Vor „Öl-Förderern“ –\u{a0}sagte Ärztin Zoë: 76-jährige \u{2003}Bürger’s ÄÖÜ-ß. Ende";
        let index = CharIndex::new(text);
        for start in [0, text.find('s').unwrap_or_default()] {
            let span = index.span(start, text.len());
            for token in tokenize(text, span, &index) {
                assert_eq!(token.span, index.span(token.span.start, token.span.end));
                for part in &token.parts {
                    assert_eq!(*part, index.span(part.start, part.end));
                }
            }
        }
    }
}
