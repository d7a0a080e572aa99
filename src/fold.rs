//! Case folding with a way back: matching runs on folded text, mentions point into the original.
//!
//! `aho-corasick` folds ASCII only, so "ÖSTERREICH" would never meet "österreich". We lower-case
//! every code point ourselves and keep, for each folded byte, the original char it came from.

/// A folded copy of a text and the map from folded bytes to the original's chars.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text` (and one past the end): (start, end) of the original char.
    origin: Vec<(usize, usize)>,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (b, c) in original.char_indices() {
            let end = b + c.len_utf8();
            for lower in c.to_lowercase() {
                text.push(lower);
                origin.extend(std::iter::repeat_n((b, end), lower.len_utf8()));
            }
        }
        origin.push((original.len(), original.len()));
        Folded { text, origin }
    }

    /// The original byte range behind folded bytes `start..end`, widened to whole original chars.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin[start].0;
        let to = if end > start { self.origin[end - 1].1 } else { from };
        (from, to)
    }
}

/// Folds a pattern the same way as a text, so both sides of a match agree.
pub fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
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

    #[test]
    fn expanding_lowercase_stays_on_char_boundaries() {
        // U+0130 lower-cases to two code points.
        let original = "İstanbul";
        let folded = Folded::new(original);
        let (from, to) = folded.original_range(0, 1);
        assert_eq!(&original[from..to], "İ");
    }
}
