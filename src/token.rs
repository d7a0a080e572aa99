//! Tokens: words (hyphen compounds kept whole, their parts remembered), numbers and punctuation.

use crate::span::{CharIndex, Span};

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

/// Splits `text[span]` into tokens.
pub fn tokenize(text: &str, span: Span, index: &CharIndex) -> Vec<Token> {
    let slice = &text[span.bytes()];
    let chars: Vec<(usize, char)> =
        slice.char_indices().map(|(b, c)| (span.start + b, c)).collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let next_is_word = chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        let leading_hyphen = c == '-' && next_is_word && (i == 0 || chars[i - 1].1.is_whitespace());
        if !c.is_alphanumeric() && !leading_hyphen {
            let end = start + c.len_utf8();
            tokens.push(Token { span: index.span(start, end), parts: Vec::new() });
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let next = chars.get(j + 1).map(|&(_, n)| n);
            if c.is_alphanumeric()
                || (matches!(c, '-' | '.' | '\'' | '’' | '&')
                    && next.is_some_and(char::is_alphanumeric))
            {
                j += 1;
            } else if c == '-' && next.is_none_or(char::is_whitespace) {
                // A truncated compound: "Windows- und Xbox-Konzern".
                j += 1;
                break;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(span.end, |&(b, _)| b);
        let mut parts = Vec::new();
        let mut part_start = start;
        for (b, c) in text[start..end].char_indices().map(|(b, c)| (start + b, c)) {
            if c == '-' {
                if b > part_start {
                    parts.push(index.span(part_start, b));
                }
                part_start = b + 1;
            }
        }
        if part_start < end {
            parts.push(index.span(part_start, end));
        }
        if parts.len() < 2 {
            parts.clear();
        }
        tokens.push(Token { span: index.span(start, end), parts });
        i = j;
    }
    tokens
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
}
