//! Longest-suffix lookup of noun heads: "Übernahmeangebots" ends in the head "angebot" followed
//! by the ending "s". The rules ask this for every token of every sentence, so the heads are
//! hashed and a word is looked up by its own suffixes, at the head lengths that exist, instead of
//! being compared with every head in turn.

use std::collections::{BTreeSet, HashMap};

/// Heads (folded) with a value each, and the endings a word may add after a head.
#[derive(Debug, Clone)]
pub struct SuffixIndex<V> {
    heads: HashMap<String, V>,
    /// Byte lengths of the heads, longest first.
    lengths: Vec<usize>,
    endings: Vec<String>,
}

impl<V> SuffixIndex<V> {
    /// An index of `heads`; the first value given for a head wins.
    pub fn new(heads: impl IntoIterator<Item = (String, V)>, endings: &[String]) -> Self {
        let mut map = HashMap::new();
        for (head, value) in heads {
            map.entry(head).or_insert(value);
        }
        let lengths: BTreeSet<usize> = map.keys().map(String::len).collect();
        SuffixIndex {
            heads: map,
            lengths: lengths.into_iter().rev().collect(),
            endings: endings.to_vec(),
        }
    }

    /// The longest head that folded `word` ends in, followed by one of the endings.
    pub fn longest(&self, word: &str) -> Option<(&str, &V)> {
        let mut best: Option<(&str, &V)> = None;
        for ending in &self.endings {
            let Some(stem) = word.strip_suffix(ending.as_str()) else { continue };
            for &len in &self.lengths {
                if best.is_some_and(|(b, _)| b.len() >= len) {
                    break;
                }
                let Some(start) = stem.len().checked_sub(len) else { continue };
                if !stem.is_char_boundary(start) {
                    continue;
                }
                if let Some((head, value)) = self.heads.get_key_value(&stem[start..]) {
                    best = Some((head.as_str(), value));
                    break;
                }
            }
        }
        best
    }

    pub fn contains_suffix_of(&self, word: &str) -> bool {
        self.longest(word).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_head_with_an_ending_wins() {
        let endings: Vec<String> = ["", "s", "n", "en"].iter().map(|e| e.to_string()).collect();
        let heads = [("kauf", 1), ("verkauf", 2), ("angebot", 3), ("übernahme", 4)];
        let index = SuffixIndex::new(heads.map(|(h, v)| (h.to_string(), v)), &endings);
        let rows = [
            ("verkaufs", Some(("verkauf", 2))),
            ("aufkauf", Some(("kauf", 1))),
            ("übernahmeangebots", Some(("angebot", 3))),
            ("übernahmen", Some(("übernahme", 4))),
            ("kaufpreis", None),
            ("ö", None),
        ];
        for (word, expected) in rows {
            assert_eq!(index.longest(word).map(|(h, v)| (h, *v)), expected, "{word}");
        }
    }
}
