//! Word tables the rules ask of every token of every sentence.
//!
//! Longest-suffix lookup of noun heads: "Übernahmeangebots" ends in the head "angebot" followed
//! by the ending "s". Every head with every ending is kept in a trie read from the last byte
//! backwards, its edges in a hash table: a word is walked once from its end, and every head with
//! an ending met on the way ends it. Before the walk, a word's last bytes are looked up in a [`Tails`] screen: most words
//! end in no head with an ending.
//!
//! Exact lookup of words: a [`WordMap`] hashes a word by its length and its first and last bytes
//! only, which costs the same for every word, where a general-purpose hash reads every byte.

/// Words with a value each, for exact lookups.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    /// Open addressing with linear probing, a power of two long and at most half full.
    slots: Vec<Slot>,
    /// How far a hash is shifted right to index `slots`.
    shift: u32,
    entries: Vec<(String, V)>,
}

/// A word of a [`WordMap`]: its first eight bytes and length, which tell most words apart
/// without comparing them, and where it is.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    head: u64,
    len: u32,
    /// The index of the word in `entries` plus one; 0 for an empty slot.
    entry: u32,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap { slots: vec![Slot::default(); 2], shift: 63, entries: Vec::new() }
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
        let index = match self.find(&word) {
            Some(index) => index,
            None => {
                if (self.entries.len() + 1) * 2 > self.slots.len() {
                    self.slots = vec![Slot::default(); self.slots.len() * 2];
                    self.shift -= 1;
                    for i in 0..self.entries.len() {
                        self.put(i);
                    }
                }
                self.entries.push((word, value));
                self.put(self.entries.len() - 1);
                self.entries.len() - 1
            }
        };
        &mut self.entries[index].1
    }

    /// Puts entry `index` in a free slot.
    fn put(&mut self, index: usize) {
        let bytes = self.entries[index].0.as_bytes();
        let head = head_of(bytes);
        let mask = self.slots.len() - 1;
        let mut slot = (word_hash(head, bytes) >> self.shift) as usize;
        while self.slots[slot].entry != 0 {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = Slot { head, len: bytes.len() as u32, entry: index as u32 + 1 };
    }

    /// The index in `entries` of `word`.
    #[inline(always)]
    fn find(&self, word: &str) -> Option<usize> {
        let bytes = word.as_bytes();
        let head = head_of(bytes);
        let mask = self.slots.len() - 1;
        let mut slot = (word_hash(head, bytes) >> self.shift) as usize;
        loop {
            let Slot { head: other, len, entry } = self.slots[slot];
            let index = entry.checked_sub(1)? as usize;
            // Words of at most eight bytes are equal when their heads and lengths are.
            if other == head
                && len as usize == bytes.len()
                && (bytes.len() <= 8 || self.entries[index].0.as_bytes() == bytes)
            {
                return Some(index);
            }
            slot = (slot + 1) & mask;
        }
    }

    #[inline(always)]
    pub fn get(&self, word: &str) -> Option<&V> {
        self.find(word).map(|index| &self.entries[index].1)
    }

    #[inline(always)]
    pub fn contains(&self, word: &str) -> bool {
        self.find(word).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The words and their values, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(word, value)| (word.as_str(), value))
    }
}

/// The first eight bytes of a word as a number, zero-padded: a shorter word is read as two
/// four-byte halves that overlap where they share bytes.
#[inline]
fn head_of(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    if let Some(first) = bytes.first_chunk::<8>() {
        u64::from_le_bytes(*first)
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        let (first, last) = (u32::from_le_bytes(*first), u32::from_le_bytes(*last));
        u64::from(first) | u64::from(last) << (8 * (len - 4))
    } else {
        u64::from(tail_of(bytes).swap_bytes() >> (8 * (4 - len)))
    }
}

/// A hash of a word's head, length and last eight bytes: words that differ only in the middle
/// of a long word share it, and are told apart by comparing them.
#[inline]
fn word_hash(head: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let last = match bytes.last_chunk::<8>() {
        Some(last) if bytes.len() > 8 => u64::from_le_bytes(*last),
        _ => 0,
    };
    let mixed = (head ^ (bytes.len() as u64) << 58).wrapping_mul(K).rotate_left(31) ^ last;
    mixed.wrapping_mul(K)
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
    /// The trie's edges, hashed: one probe finds a child however many siblings it has.
    edges: Edges,
    /// The last bytes of every head followed by every ending.
    tails: Tails,
}

/// The edges of a trie as a hash table: (node, byte) → child.
#[derive(Debug, Clone)]
struct Edges {
    /// Open addressing with linear probing, a power of two long and at most half full:
    /// (key, child) with key = node << 8 | byte, plus one; 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    len: usize,
}

impl Edges {
    /// A table with room for `edges` edges before it grows.
    fn with_capacity(edges: usize) -> Self {
        Edges { slots: vec![(0, 0); (edges * 2).next_power_of_two().max(16)], len: 0 }
    }

    #[inline]
    fn key(node: usize, byte: u8) -> u32 {
        (((node as u32) << 8) | u32::from(byte)) + 1
    }

    #[inline]
    fn slot(&self, key: u32) -> usize {
        (key.wrapping_mul(0x9e37_79b1) >> 7) as usize & (self.slots.len() - 1)
    }

    #[inline]
    fn get(&self, node: usize, byte: u8) -> Option<usize> {
        let key = Self::key(node, byte);
        let mask = self.slots.len() - 1;
        let mut slot = self.slot(key);
        loop {
            let (k, child) = self.slots[slot];
            if k == key {
                return Some(child as usize);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    fn insert(&mut self, node: usize, byte: u8, child: usize) {
        if (self.len + 1) * 2 > self.slots.len() {
            let size = self.slots.len() * 2;
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
            for (key, child) in old.into_iter().filter(|&(key, _)| key != 0) {
                self.put(key, child);
            }
        }
        self.put(Self::key(node, byte), child as u32);
        self.len += 1;
    }

    fn put(&mut self, key: u32, child: u32) {
        let mask = self.slots.len() - 1;
        let mut slot = self.slot(key);
        while self.slots[slot].0 != 0 {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = (key, child);
    }
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
            edges: Edges::with_capacity(bytes),
            tails: Tails::new(),
        };
        let mut seen = WordMap::default();
        let mut word = String::new();
        for (head, value) in heads {
            let id = index.heads.len() as u32;
            if *seen.insert(head.clone(), id) != id {
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
            node = match self.edges.get(node, byte) {
                Some(next) => next,
                None => {
                    let next = self.nodes.len();
                    self.edges.insert(node, byte, next);
                    self.nodes.push(None);
                    next
                }
            };
        }
        node
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
            let Some(next) = self.edges.get(node, byte) else { break };
            node = next;
            if let Some((len, head)) = self.nodes[node]
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
    #[inline]
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
            if tail & 0x8080_8080 != 0 {
                return true;
            }
            tail = lower_ascii(tail);
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

/// A tail of ASCII bytes with its upper-case letters lower-cased, four bytes at once: a byte
/// is a capital when adding 0x3f sets its high bit and adding 0x25 does not.
#[inline]
fn lower_ascii(tail: u32) -> u32 {
    let at_least_a = tail.wrapping_add(0x3f3f_3f3f);
    let above_z = tail.wrapping_add(0x2525_2525);
    let upper = at_least_a & !above_z & 0x8080_8080;
    tail | upper >> 2
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
        for word in ["a", "ab", "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "abcdefghi"] {
            let mut padded = [0; 8];
            let n = word.len().min(8);
            padded[..n].copy_from_slice(&word.as_bytes()[..n]);
            assert_eq!(head_of(word.as_bytes()), u64::from_le_bytes(padded), "{word}");
        }
        assert_eq!(many.iter().next(), Some(("wort0", &0)));
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

    #[test]
    fn tails_lower_case_like_bytes() {
        for byte in 0..0x80u8 {
            let tail = u32::from_be_bytes([byte, b'A', byte, b'z']);
            let lowered = u32::from_be_bytes([
                byte.to_ascii_lowercase(),
                b'a',
                byte.to_ascii_lowercase(),
                b'z',
            ]);
            assert_eq!(lower_ascii(tail), lowered, "{byte}");
        }
    }
}
