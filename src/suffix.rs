//! Longest-suffix lookup of noun heads: "Übernahmeangebots" ends in the head "angebot" followed
//! by the ending "s". The rules ask this for every token of every sentence, so the heads are kept
//! in a trie read from their last byte backwards: a word is walked once from its end (once per
//! ending it has), and every head met on the way is a suffix of it.

/// Heads (folded) with a value each, and the endings a word may add after a head.
#[derive(Debug, Clone)]
pub struct SuffixIndex<V> {
    /// The heads and their values; a trie node that ends a head holds its position here.
    heads: Vec<(String, V)>,
    /// The trie of the heads read backwards; node 0 is the root (the empty head).
    nodes: Vec<Node>,
    endings: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// (byte, node) for each byte that precedes this suffix in some head.
    children: Vec<(u8, u32)>,
    head: Option<u32>,
}

impl Node {
    fn child(&self, byte: u8) -> Option<usize> {
        self.children.iter().find(|&&(b, _)| b == byte).map(|&(_, n)| n as usize)
    }
}

impl<V> SuffixIndex<V> {
    /// An index of `heads`; the first value given for a head wins.
    pub fn new(heads: impl IntoIterator<Item = (String, V)>, endings: &[String]) -> Self {
        let mut index = SuffixIndex {
            heads: Vec::new(),
            nodes: vec![Node::default()],
            endings: endings.to_vec(),
        };
        for (head, value) in heads {
            let mut node = 0;
            for &byte in head.as_bytes().iter().rev() {
                node = match index.nodes[node].child(byte) {
                    Some(next) => next,
                    None => {
                        let next = index.nodes.len();
                        index.nodes[node].children.push((byte, next as u32));
                        index.nodes.push(Node::default());
                        next
                    }
                };
            }
            if index.nodes[node].head.is_none() {
                index.nodes[node].head = Some(index.heads.len() as u32);
                index.heads.push((head, value));
            }
        }
        index
    }

    /// The longest head that folded `word` ends in, followed by one of the endings; of heads
    /// equally long, the one before the earlier ending.
    pub fn longest(&self, word: &str) -> Option<(&str, &V)> {
        // (head length, head)
        let mut best: Option<(usize, u32)> = None;
        let last_byte = word.as_bytes().last();
        for ending in &self.endings {
            // Most endings differ from the word in their last byte: no string comparison then.
            if ending.as_bytes().last().is_some_and(|e| Some(e) != last_byte) {
                continue;
            }
            let Some(stem) = word.strip_suffix(ending.as_str()) else { continue };
            if let (None, Some(head)) = (best, self.nodes[0].head) {
                best = Some((0, head));
            }
            let bytes = stem.as_bytes();
            let mut node = 0;
            for start in (0..bytes.len()).rev() {
                let Some(next) = self.nodes[node].child(bytes[start]) else { break };
                node = next;
                let len = bytes.len() - start;
                if let Some(head) = self.nodes[node].head
                    && best.is_none_or(|(b, _)| len > b)
                    && stem.is_char_boundary(start)
                {
                    best = Some((len, head));
                }
            }
        }
        best.map(|(_, head)| {
            let (text, value) = &self.heads[head as usize];
            (text.as_str(), value)
        })
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
