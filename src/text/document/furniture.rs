//! The furniture of a news page around its prose: bylines ("Von Michael Förtsch"), photo
//! credits ("Foto: AFP") and the credit trailer ("(Reuters, APA, 14.9.2020)").
//!
//! Each reader finds its piece in the stored text; the document turns them into metadata and
//! keeps them out of the sentences. The words that open a byline or a caption come from the
//! language's [`DocumentRules`].

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::DocumentRules;

/// A name word of a byline: a capital, then letters, periods, apostrophes and hyphens.
static NAME_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{L}.'-]*$").expect("valid regex"));

/// The credit trailer "(dpa, 14.9.2020)" that ends the text (white space aside): the byte range
/// of what its parentheses hold, 1 to 120 chars without parentheses or line breaks. It stands
/// alone, on a line of its own or after a sentence end and white space.
pub(super) fn trailer(text: &str) -> Option<Range<usize>> {
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

/// Lines of a stored text (which has no '\r' left) with their byte offsets, without the line
/// break, and whether they hold a colon: only a line with one may hold a caption. Line breaks
/// and colons are found in one pass.
pub(super) fn lines(text: &str) -> impl Iterator<Item = (usize, &str, bool)> {
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
pub(super) fn byline(line: &str, rules: &DocumentRules) -> Option<Vec<String>> {
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
pub(super) fn caption(line: &str, markers: &[String]) -> Option<(usize, String)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_agree_with_their_pattern() {
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
    fn name_words_agree_with_their_pattern() {
        for c in '\u{0}'..='\u{3ff}' {
            for word in [format!("{c}"), format!("{c}a"), format!("A{c}"), format!("Ö{c}x")] {
                assert_eq!(is_name_word(&word), NAME_WORD.is_match(&word), "{word:?}");
            }
        }
    }
}
