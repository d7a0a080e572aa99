//! Case folding with a way back: matching runs on folded text, mentions point into the original.
//!
//! Folding is Unicode's full default case folding (`CaseFolding.txt`, statuses C and F), the
//! same as Python's `str.casefold()` that keys the lexical data: "STRASSE", "Straße" and "straße"
//! all fold to "strasse", "ÖSTERREICH" to "österreich". A char may fold to several ("ß" → "ss"),
//! so for each folded byte we keep the original char it came from.

use caseless::Caseless;

use crate::text::bytes::ascii_len;

/// The full case folding of one char.
fn case_fold(c: char) -> impl Iterator<Item = char> {
    std::iter::once(c).default_case_fold()
}

/// A folded copy of a text and the map from folded bytes to the original's chars.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text` (and one past the end): (start, end) of the original char. Empty
    /// when every char folds to one char of the same length, so that each byte is its own origin.
    origin: Vec<(usize, usize)>,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let aligned = fold_runs(original, &mut text);
        if aligned {
            return Folded { text, origin: Vec::new() };
        }
        text.clear();
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (b, c) in original.char_indices() {
            let end = b + c.len_utf8();
            for lower in case_fold(c) {
                text.push(lower);
                origin.extend(std::iter::repeat_n((b, end), lower.len_utf8()));
            }
        }
        origin.push((original.len(), original.len()));
        Folded { text, origin }
    }

    /// Whether every char folded to one char of its own length, so that folded and original
    /// bytes sit at the same offsets.
    pub fn is_aligned(&self) -> bool {
        self.origin.is_empty()
    }

    /// The original byte range behind folded bytes `start..end`, widened to whole original chars.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.origin.is_empty() {
            // Folded and original chars share their boundaries.
            let mut from = start;
            while !self.text.is_char_boundary(from) {
                from -= 1;
            }
            let mut to = end;
            while to > start && !self.text.is_char_boundary(to) {
                to += 1;
            }
            return (from, if end > start { to } else { from });
        }
        let from = self.origin[start].0;
        let to = if end > start { self.origin[end - 1].1 } else { from };
        (from, to)
    }
}

/// Folds a pattern the same way as a text, so both sides of a match agree.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(text, &mut folded);
    folded
}

/// Appends the folded `text` to `out`, as [`fold`] would return it.
pub fn fold_into(text: &str, out: &mut String) {
    // Most words are plain ASCII; their lower case needs no Unicode tables.
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        fold_runs(text, out);
    }
}

/// Appends the folded `text` to `out`; whether every char folded to one char of its own length.
/// Most text is plain ASCII between the odd umlaut or quote: the text is copied and lower-cased
/// as ASCII at once, and then only the non-ASCII chars that have another lower case (few: most
/// are small letters, dashes and quotes) are replaced.
fn fold_runs(text: &str, out: &mut String) -> bool {
    let start = out.len();
    out.push_str(text);
    out[start..].make_ascii_lowercase();
    let mut aligned = true;
    let mut at = start;
    loop {
        at += ascii_len(&out.as_bytes()[at..]);
        let Some(c) = out[at..].chars().next() else { return aligned };
        let len = c.len_utf8();
        if let Some(lower) = common_lowercase(c) {
            if lower != c {
                out.replace_range(at..at + len, lower.encode_utf8(&mut [0; 4]));
            }
            at += len;
            continue;
        }
        let lower: String = case_fold(c).collect();
        if lower.len() == len && lower.starts_with(c) {
            at += len;
            continue;
        }
        aligned &= lower.chars().count() == 1 && lower.len() == len;
        out.replace_range(at..at + len, &lower);
        at += lower.len();
    }
}

/// The case folding of the non-ASCII chars of German text (umlauts, Latin-1 letters, dashes and
/// quotes), which is one char of the same length, without the Unicode tables; `None` for others
/// (among them "ß", which folds to "ss", and "µ", which folds to Greek "μ").
fn common_lowercase(c: char) -> Option<char> {
    match c {
        // Latin-1: the capitals map to the char 0x20 above them; × is no letter.
        '\u{c0}'..='\u{de}' if c != '\u{d7}' => char::from_u32(u32::from(c) + 0x20),
        '\u{df}' | '\u{b5}' => None,
        '\u{80}'..='\u{ff}' => Some(c),
        // General Punctuation has no case.
        '\u{2000}'..='\u{206f}' => Some(c),
        _ => None,
    }
}

std::thread_local! {
    /// The buffer [`with_folded`] folds into, kept so that folding allocates once per thread.
    static BUFFER: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// Calls `f` with `word` folded, without allocating: a word without upper-case or non-ASCII
/// letters (most are) is its own folded form; any other is folded into a reused buffer.
pub fn with_folded<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if !word.bytes().any(|b| matches!(b, b'A'..=b'Z' | 0x80..)) {
        return f(word);
    }
    BUFFER.with(|cell| {
        // Taken, not borrowed: `f` may fold another word, which then gets a buffer of its own.
        let mut buffer = cell.take();
        buffer.clear();
        fold_into(word, &mut buffer);
        let result = f(&buffer);
        cell.set(buffer);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_maps_back_to_original_chars() {
        let original = "Die ÖSTERREICHISCHE Post";
        let folded = Folded::new(original);
        let start = folded.text.find("österreichische").unwrap_or_default();
        let (from, to) = folded.original_range(start, start + "österreichische".len());
        assert_eq!(&original[from..to], "ÖSTERREICHISCHE");
    }

    /// The origin of each folded byte, char by char, as the fast paths must reproduce it.
    fn origin_of(original: &str) -> Vec<(usize, usize)> {
        let mut origin = Vec::new();
        for (b, c) in original.char_indices() {
            for lower in case_fold(c) {
                origin.extend(std::iter::repeat_n((b, b + c.len_utf8()), lower.len_utf8()));
            }
        }
        origin.push((original.len(), original.len()));
        origin
    }

    #[test]
    fn fast_paths_agree_with_char_by_char_folding() {
        for original in [
            "Die TikTok-Nutzer",
            "ÖSTERREICH und Straße",
            "İstanbul",
            "Ⱥ und K",
            "",
            "die",
            "Eine lange Zeile mit ÄÖÜ und noch mehr ASCII-Text dahinter",
        ] {
            let expected = caseless::default_case_fold_str(original);
            assert_eq!(fold(original), expected, "{original}");
            with_folded(original, |outer| {
                // A nested fold gets a buffer of its own.
                with_folded("Straße", |inner| assert_eq!(inner, "strasse"));
                assert_eq!(outer, expected, "{original}");
            });
            let folded = Folded::new(original);
            assert_eq!(folded.text, expected, "{original}");
            let origin = origin_of(original);
            for start in 0..=expected.len() {
                for end in start..=expected.len() {
                    let to = if end > start { origin[end - 1].1 } else { origin[start].0 };
                    let range = (origin[start].0, to);
                    assert_eq!(
                        folded.original_range(start, end),
                        range,
                        "{original} {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn common_lowercase_agrees_with_the_unicode_tables() {
        for c in ('\u{80}'..='\u{ff}').chain('\u{2000}'..='\u{206f}') {
            let expected: Vec<char> = case_fold(c).collect();
            match common_lowercase(c) {
                Some(l) => assert_eq!(vec![l], expected, "{c:?}"),
                None => assert_ne!(expected, vec![c], "{c:?} has a folding of its own"),
            }
        }
        assert_eq!(common_lowercase('Ā'), None);
    }

    #[test]
    fn spellings_of_one_word_fold_alike() {
        for spelling in ["Straße", "STRASSE", "strasse", "STRAẞE"] {
            assert_eq!(fold(spelling), "strasse", "{spelling}");
            assert_eq!(Folded::new(spelling).text, "strasse", "{spelling}");
        }
        let original = "Die Großbank";
        let folded = Folded::new(original);
        let start = folded.text.find("grossbank").unwrap_or_default();
        let (from, to) = folded.original_range(start, start + "grossbank".len());
        assert_eq!(&original[from..to], "Großbank");
    }

    #[test]
    fn expanding_lowercase_stays_on_char_boundaries() {
        // U+0130 lower-cases to two code points.
        let original = "İstanbul";
        let folded = Folded::new(original);
        let (from, to) = folded.original_range(0, 1);
        assert_eq!(&original[from..to], "İ");
    }
}
