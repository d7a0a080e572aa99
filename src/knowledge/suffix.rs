//! Word tables the rules ask of every token of every sentence.
//!
//! Longest-suffix lookup of noun heads: "Übernahmeangebots" ends in the head "angebot" followed
//! by the ending "s". Every head with every ending is kept in a trie read from the last byte
//! backwards: a word is walked once from its end, and every head with an ending met on the way
//! ends it. Before the walk, a word's last bytes are looked up in a [`Tails`] screen: most words
//! end in no head with an ending.
//!
//! Exact lookup of words: a [`WordMap`], a hash map of words.

use rustc_hash::FxHashMap;

/// Words with a value each, for exact lookups.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    words: FxHashMap<String, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap { words: FxHashMap::default() }
    }
}

impl<V> WordMap<V> {
    /// A map of `words`; of a word given twice, the first value wins.
    pub fn new(words: impl IntoIterator<Item = (String, V)>) -> Self {
        let mut map = WordMap::default();
        for (word, value) in words {
            map.insert(word, value);
        }
        map
    }

    /// Adds a word unless it is there already; returns its value.
    pub fn insert(&mut self, word: String, value: V) -> &mut V {
        self.words.entry(word).or_insert(value)
    }

    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        self.words.get(word)
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// The words and their values, in no particular order (the same in every run).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.words.iter().map(|(word, value)| (word.as_str(), value))
    }
}

/// Heads (folded) with a value each, and the endings a word may add after a head.
#[derive(Debug, Clone)]
pub struct SuffixIndex<V> {
    /// The heads and their values.
    heads: Vec<(String, V)>,
    /// A trie of every head followed by every ending, read backwards; node 0 is the root (the
    /// empty word). For each node, the longest head that the suffix it spells ends in, with one
    /// of the endings after it: (head length, head). Of the same suffix, the longest head has
    /// the shortest ending.
    nodes: Vec<Option<(u32, u32)>>,
    /// The trie's edges, (node, byte) → child: one lookup finds a child however many siblings
    /// it has.
    edges: FxHashMap<(u32, u8), u32>,
    /// The last bytes of every head followed by every ending.
    tails: Tails,
}

impl<V> SuffixIndex<V> {
    /// An index of `heads`; the first value given for a head wins.
    pub fn new(heads: impl IntoIterator<Item = (String, V)>, endings: &[String]) -> Self {
        let heads: Vec<(String, V)> = heads.into_iter().collect();
        // At most one edge per byte of every head with every ending.
        let bytes = heads.iter().map(|(head, _)| head.len()).sum::<usize>() * endings.len()
            + heads.len() * endings.iter().map(String::len).sum::<usize>();
        let mut index = SuffixIndex {
            heads: Vec::with_capacity(heads.len()),
            nodes: vec![None],
            edges: FxHashMap::with_capacity_and_hasher(bytes, Default::default()),
            tails: Tails::new(),
        };
        let mut seen = FxHashMap::default();
        let mut word = String::new();
        for (head, value) in heads {
            let id = index.heads.len() as u32;
            if *seen.entry(head.clone()).or_insert(id) != id {
                continue;
            }
            for ending in endings {
                word.clear();
                word.push_str(&head);
                word.push_str(ending);
                index.tails.add(&word);
                let node = index.add(word.as_bytes());
                let len = head.len() as u32;
                let slot = &mut index.nodes[node];
                if slot.is_none_or(|(longest, _)| len > longest) {
                    *slot = Some((len, id));
                }
            }
            index.heads.push((head, value));
        }
        index
    }

    /// The node of `word` read backwards, added with its suffixes if missing.
    fn add(&mut self, word: &[u8]) -> usize {
        let mut node = 0;
        for &byte in word.iter().rev() {
            let next = self.nodes.len() as u32;
            node = *self.edges.entry((node, byte)).or_insert(next);
            if node == next {
                self.nodes.push(None);
            }
        }
        node as usize
    }

    /// Whether folded `word` may end in a head with an ending: the screen
    /// [`SuffixIndex::longest`] starts with, true of a compound whenever of its last part.
    #[inline(always)]
    pub fn may_end_in_head(&self, word: &str) -> bool {
        self.tails.may_end_folded(word)
    }

    /// The longest head that folded `word` ends in, followed by one of the endings. (Two heads
    /// of one length, each with an ending, that both end a word are the same head.)
    pub fn longest(&self, word: &str) -> Option<(&str, &V)> {
        if !self.tails.may_end_folded(word) {
            return None;
        }
        // Every node met walking the word from its end spells a suffix of it. A head with an
        // ending starts on a char boundary, since both are whole strings.
        let mut best = self.nodes[0];
        let mut node = 0;
        for &byte in word.as_bytes().iter().rev() {
            let Some(&next) = self.edges.get(&(node, byte)) else { break };
            node = next;
            if let Some((len, head)) = self.nodes[node as usize]
                && best.is_none_or(|(longest, _)| len > longest)
            {
                best = Some((len, head));
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

/// A screen on the last one to four bytes of words: whether a word may end in one of a set of
/// folded suffixes. It answers "no" for most words after a few bit tests, and "maybe" for every
/// word that does end in a suffix added (and for a few that do not).
///
/// The set is a table of hashed bits, not an `FxHashSet` of tails: the rules ask it of every
/// token, up to four times (one per tail length), and a bit test is cheaper than a hash-set
/// lookup. Measured on the `analysis` stage (2 MB of the benchmark corpus): the hash set costs
/// 6.4 % more instructions and 5.9 % more estimated cycles (callgrind with its cache model).
#[derive(Debug, Clone)]
pub struct Tails {
    /// A set of hashed (length, last bytes) keys, as bits.
    bits: Vec<u64>,
    /// An empty suffix was added: every word may end in it.
    all: bool,
    /// Bit `n - 1` is set when a suffix added keeps `n` bytes (at most [`TAIL_LEN`]): a word's
    /// tail of any other length needs no test.
    lengths: u8,
}

/// The number of bits of a [`Tails`] key.
const TAIL_BITS: u32 = 18;

/// The most bytes of a suffix a [`Tails`] keeps.
const TAIL_LEN: usize = 4;

impl Default for Tails {
    fn default() -> Self {
        Self::new()
    }
}

impl Tails {
    pub fn new() -> Self {
        Tails { bits: vec![0; 1 << (TAIL_BITS - 6)], all: false, lengths: 0 }
    }

    /// Adds a folded suffix.
    pub fn add(&mut self, suffix: &str) {
        let bytes = suffix.as_bytes();
        if bytes.is_empty() {
            self.all = true;
            return;
        }
        let n = bytes.len().min(TAIL_LEN);
        let mut lowered = [0; TAIL_LEN];
        for (to, from) in lowered.iter_mut().zip(&bytes[bytes.len() - n..]) {
            *to = from.to_ascii_lowercase();
        }
        let bit = bit_of(tail_of(&lowered[..n]), n as u32);
        self.bits[bit / 64] |= 1 << (bit % 64);
        self.lengths |= 1 << (n - 1);
    }

    #[inline]
    fn has(&self, key: u32, n: u32) -> bool {
        let bit = bit_of(key, n);
        self.bits[bit / 64] >> (bit % 64) & 1 == 1
    }

    /// Whether the folded `word` may end in a suffix added.
    #[inline]
    pub fn may_end_folded(&self, word: &str) -> bool {
        self.may_end(word, false)
    }

    /// Whether `raw` folded may end in a suffix added. The last bytes of a word fold alone while
    /// they are ASCII; a word with other bytes there may end in anything.
    #[cfg(test)]
    pub fn may_end_raw(&self, raw: &str) -> bool {
        self.may_end(raw, true)
    }

    #[inline(always)]
    fn may_end(&self, word: &str, unfolded: bool) -> bool {
        if self.all {
            return true;
        }
        let bytes = word.as_bytes();
        let mut tail = tail_of(bytes);
        if unfolded {
            let mut lowered = tail.to_le_bytes();
            if !lowered.is_ascii() {
                return true;
            }
            lowered.make_ascii_lowercase();
            tail = u32::from_le_bytes(lowered);
        }
        // The lengths of suffix kept that the word has.
        let lengths = self.lengths & ((1u8 << bytes.len().min(TAIL_LEN)) - 1);
        lengths & 0b1000 != 0 && self.has(tail, 4)
            || lengths & 0b0100 != 0 && self.has(tail & 0xff_ffff, 3)
            || lengths & 0b0010 != 0 && self.has(tail & 0xffff, 2)
            || lengths & 0b0001 != 0 && self.has(tail & 0xff, 1)
    }
}

/// The last four bytes of a word (all of a shorter one) as a number, the last byte lowest.
#[inline]
fn tail_of(bytes: &[u8]) -> u32 {
    match *bytes {
        [.., a, b, c, d] => u32::from_be_bytes([a, b, c, d]),
        [a, b, c] => u32::from_be_bytes([0, a, b, c]),
        [a, b] => u32::from_be_bytes([0, 0, a, b]),
        [a] => u32::from(a),
        [] => 0,
    }
}

/// The bit of the last `n` bytes of a word, `key` as [`tail_of`] makes it.
#[inline]
fn bit_of(key: u32, n: u32) -> usize {
    let mixed = (u64::from(key) | u64::from(n) << 32).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> (64 - TAIL_BITS)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_head_with_an_ending_wins() {
        let endings: Vec<String> = ["", "s", "n", "en"].iter().map(|e| e.to_string()).collect();
        let heads = [
            ("kauf", 1),
            ("verkauf", 2),
            ("angebot", 3),
            ("übernahme", 4),
            ("angeboten", 5),
            ("kauf", 6),
        ];
        let index = SuffixIndex::new(heads.map(|(h, v)| (h.to_string(), v)), &endings);
        let rows = [
            ("verkaufs", Some(("verkauf", 2))),
            ("kaufen", Some(("kauf", 1))),
            ("angeboten", Some(("angeboten", 5))),
            ("angebotens", Some(("angeboten", 5))),
            ("angebote", None),
            ("aufkauf", Some(("kauf", 1))),
            ("übernahmeangebots", Some(("angebot", 3))),
            ("übernahmen", Some(("übernahme", 4))),
            ("kaufpreis", None),
            ("ö", None),
            ("kauf-preis", None),
            ("", None),
        ];
        for (word, expected) in rows {
            assert_eq!(index.longest(word).map(|(h, v)| (h, *v)), expected, "{word}");
        }
        // The empty head ends every word with an ending, and loses to any other.
        let index =
            SuffixIndex::new([("", 0), ("kauf", 1)].map(|(h, v)| (h.to_string(), v)), &endings);
        assert_eq!(index.longest("preis").map(|(h, v)| (h, *v)), Some(("", 0)));
        assert_eq!(index.longest("").map(|(h, v)| (h, *v)), Some(("", 0)));
        assert_eq!(index.longest("kaufen").map(|(h, v)| (h, *v)), Some(("kauf", 1)));
    }

    #[test]
    fn word_maps_find_exactly_their_words() {
        let words = ["", "a", "am", "der", "dies", "woche", "übernahme", "übernahmeangebot"];
        let map = WordMap::new(words.iter().enumerate().map(|(i, w)| (w.to_string(), i)));
        assert_eq!(map.len(), words.len());
        for (i, word) in words.iter().enumerate() {
            assert_eq!(map.get(word), Some(&i), "{word}");
        }
        for word in ["b", "Am", "dem", "übernahmeangebots", "übernahmeXangebot", "wochen"] {
            assert!(!map.contains(word), "{word}");
        }
        let mut map = WordMap::new([("kauf".to_string(), 1)]);
        *map.insert("kauf".to_string(), 2) += 10;
        assert_eq!(map.get("kauf"), Some(&11));
        let many = WordMap::new((0..1000).map(|i| (format!("wort{i}"), i)));
        assert!((0..1000).all(|i| many.get(&format!("wort{i}")) == Some(&i)));
        assert!(!many.contains("wort1000") && !many.contains("wort") && !many.contains("wort01"));
    }

    #[test]
    fn tails_pass_every_word_that_ends_in_a_suffix() {
        let mut tails = Tails::new();
        for suffix in ["angebot", "en", "ö", "kauf"] {
            tails.add(suffix);
        }
        for word in ["übernahmeangebot", "Angebot", "ANGEBOT", "wochen", "en", "hö", "Verkauf"] {
            assert!(tails.may_end_raw(word), "{word}");
        }
        for word in ["übernahmeangebot", "wochen", "hö", "verkauf"] {
            assert!(tails.may_end_folded(word), "{word}");
        }
        assert!(!tails.may_end_folded("preis"));
        assert!(!tails.may_end_raw("Preis"));
    }
}
