//! Recognition: finding the spans of a sentence that name or describe an entity.
//!
//! The gazetteer matches every lexicon name and descriptor at once over case-folded text,
//! leftmost-longest ("New York Times" wins over "New York"), and keeps a match only at word
//! boundaries. German inflection and compounds extend a match: a genitive "-s" (Microsofts) is
//! part of the mention; in a hyphen compound whose first part is a name (TikTok-Nutzer) the name
//! alone is the mention and the rest is remembered as the compound's head.

use fst::raw::{Fst, Output};

use crate::knowledge::Category;
use crate::knowledge::InflectionRules;
use crate::knowledge::lexicon::Lexicon;
use crate::knowledge::rules::Rules;
use crate::text::bytes::{ascii_alphanumeric, word_at};
use crate::text::fold::{Folded, fold, with_folded};
use crate::text::span::{CharIndex, Span};

/// How a mention was recognised; ordered from most to least direct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum How {
    /// A name or alias from the lexicon.
    Lexicon,
    /// A descriptor from the lexicon ("der Windows-Riese").
    Descriptor,
    /// An apposition "[class noun] [Name]" introducing an entity.
    Apposition,
    /// A name pattern: a legal form or a given name.
    Pattern,
    /// A reference back: short name, definite description, seat.
    Coreference,
    /// A byline or credit of the document.
    Byline,
}

impl How {
    pub fn name(self) -> &'static str {
        match self {
            How::Lexicon => "lexicon",
            How::Descriptor => "descriptor",
            How::Apposition => "apposition",
            How::Pattern => "pattern",
            How::Coreference => "coreference",
            How::Byline => "byline",
        }
    }
}

/// A span that refers to an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    /// Id of the entity referred to.
    pub entity: String,
    pub how: How,
    pub confidence: f64,
    /// Index of the sentence in its document, if the mention is in prose.
    pub sentence: Option<usize>,
    /// The head of the hyphen compound the mention opens ("Nutzer" in "TikTok-Nutzer").
    pub compound_head: Option<String>,
}

#[derive(Debug, Clone)]
struct Pattern {
    entity: String,
    how: How,
    case: CaseRule,
}

/// How much of a name's capitalisation a match must keep. Matching is case-insensitive so that
/// "Bytedance" finds "ByteDance", but a capitalised name must not match a common word
/// ("der Standard" is no newspaper) and a short acronym must match exactly ("AP", "US").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    Any,
    Capitalised,
    Exact,
}

impl CaseRule {
    fn of(name: &str) -> Self {
        let (mut letters, mut upper) = (0, 0);
        for c in name.chars() {
            letters += usize::from(c.is_alphabetic());
            upper += usize::from(c.is_uppercase());
        }
        if letters <= 4 && upper == letters && letters > 0 {
            CaseRule::Exact
        } else if name.chars().next().is_some_and(char::is_uppercase) {
            CaseRule::Capitalised
        } else {
            CaseRule::Any
        }
    }

    fn accepts(self, name: &str, surface: &str) -> bool {
        match self {
            CaseRule::Any => true,
            CaseRule::Capitalised => surface.chars().next().is_some_and(|c| !c.is_lowercase()),
            CaseRule::Exact => surface.starts_with(name),
        }
    }
}

/// Matches lexicon names and descriptors in text.
pub struct Gazetteer {
    /// How the longest pattern at a position is found.
    matcher: Matcher,
    /// Where a match may start.
    starts: Starts,
    patterns: Vec<Pattern>,
    /// The name each pattern was made from, as written in the lexicon.
    names: Vec<String>,
    inflection: InflectionRules,
    /// The folded patterns, sorted.
    keys: Vec<String>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer").field("patterns", &self.patterns.len()).finish()
    }
}

/// The most patterns a gazetteer compares in turn rather than with an automaton.
const FEW_NAMES: usize = 256;

/// How a gazetteer finds the longest of its patterns at a position of the text.
enum Matcher {
    /// The folded patterns as an automaton mapping each to its index, walked along the text one
    /// byte at a time: for the lexicon's many names.
    Automaton(Fst<Vec<u8>>),
    /// Each folded pattern compared in turn: for a document's few names, where setting up an
    /// automaton's builder (a table of thousands of entries) costs more than all the matching.
    Keys,
}

/// A test that rules out most positions of a folded text as the start of a match, before the
/// matcher looks at them: most words start no pattern, and a match inside a word is no mention.
///
/// A pattern's prefix is its first four bytes, or all of it if shorter. A position passes if the
/// text there starts with the prefix of some pattern, as far as a hashed set of the prefixes
/// tells (a false positive only costs a look by the matcher).
#[derive(Debug)]
struct Starts {
    /// For each byte, bit `n` (1 to 4) if a prefix of length `n` starts with it: zero if no
    /// pattern starts with the byte.
    lengths: [u8; 256],
    /// Whether a pattern starts with an ASCII byte that is no letter or digit ("-x", "(y)").
    punctuation: bool,
    /// One bit per prefix, at its [`Starts::slot`].
    prefixes: Vec<u64>,
    /// How far a hash is shifted right to give a bit of `prefixes`.
    shift: u32,
}

impl Starts {
    fn new(keys: &[String]) -> Self {
        // About 64 bits per prefix, so that few positions pass by a false positive.
        let bits = (keys.len() * 64).next_power_of_two().clamp(64, 1 << 16);
        let mut starts = Starts {
            lengths: [0; 256],
            punctuation: false,
            prefixes: vec![0; bits / 64],
            shift: 32 - bits.trailing_zeros(),
        };
        for key in keys {
            let bytes = key.as_bytes();
            let Some(&first) = bytes.first() else { continue };
            let len = bytes.len().min(4);
            starts.lengths[usize::from(first)] |= 1 << len;
            starts.punctuation |= first.is_ascii() && !first.is_ascii_alphanumeric();
            let (word, bit) = starts.slot(Self::prefix(bytes, len));
            starts.prefixes[word] |= bit;
        }
        starts
    }

    /// The first `len` (at most four) bytes of `bytes` as a number.
    fn prefix(bytes: &[u8], len: usize) -> u32 {
        bytes[..len].iter().rev().fold(0, |n, &b| n << 8 | u32::from(b))
    }

    /// The word and bit of a prefix in the set.
    fn slot(&self, prefix: u32) -> (usize, u64) {
        let hash = prefix.wrapping_mul(0x9E37_79B1) >> self.shift;
        (hash as usize >> 6, 1 << (hash & 63))
    }

    /// The first position from `from` on where a match may start.
    ///
    /// A match that starts right after an ASCII letter or digit is inside a word. (An ASCII byte
    /// starts the folding of its char, and an ASCII letter or digit comes only from a letter or
    /// digit.) A non-ASCII char may be the rest of a char's folding, so any may start a match.
    /// The text is read eight bytes at a time: most bytes are inside words and need no look.
    #[inline(never)]
    fn next(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let mut in_word = from > 0 && bytes[from - 1].is_ascii_alphanumeric();
        let mut at = from;
        while at < bytes.len() {
            // Past the end the bytes read as zeros, in no valid lane: no candidates.
            let (x, valid) = word_at(bytes, at);
            let alnum = ascii_alphanumeric(x);
            // The high bit of each byte that follows an ASCII letter or digit.
            let after_alnum = alnum << 8 | u64::from(in_word) << 7;
            // ASCII bytes that may start a pattern, outside words; the first bytes of non-ASCII
            // chars (0b11xx_xxxx).
            let ascii = if self.punctuation { !x } else { alnum };
            let mut candidates = (ascii & !after_alnum | x & x << 1) & valid;
            while candidates != 0 {
                let i = candidates.trailing_zeros() as usize / 8;
                let lengths = self.lengths[(x >> (8 * i)) as u8 as usize];
                if lengths != 0 && self.may_start(&bytes[at + i..], lengths) {
                    return Some(at + i);
                }
                candidates &= candidates - 1;
            }
            in_word = alnum >> 63 != 0;
            at += 8;
        }
        None
    }

    /// Whether `rest` may start with a pattern, given the `lengths` of the prefixes that start
    /// with its first byte.
    #[inline]
    fn may_start(&self, rest: &[u8], lengths: u8) -> bool {
        (1..=4).rev().filter(|&len| lengths & 1 << len != 0 && len <= rest.len()).any(|len| {
            let (word, bit) = self.slot(Self::prefix(rest, len));
            self.prefixes[word] & bit != 0
        })
    }
}

impl Gazetteer {
    pub fn new(lexicon: &Lexicon, inflection: &InflectionRules) -> Self {
        let names = lexicon.entries.iter().flat_map(|entity| {
            // A label that is also an ordinary word ("Allianz") is no pattern: the rules find it
            // where the text shows it names the entity.
            let plain = |text: &&str| !entity.ambiguous.iter().any(|n| n.text == **text);
            std::iter::once(entity.label.as_str())
                .filter(plain)
                .chain(entity.aliases.iter().map(|n| n.text.as_str()))
                .map(|text| (entity.id.as_str(), text, How::Lexicon))
                .chain(
                    entity
                        .descriptors
                        .iter()
                        .map(|n| (entity.id.as_str(), n.text.as_str(), How::Descriptor)),
                )
        });
        Self::of_many_patterns(Self::patterns(names, inflection), inflection)
    }

    /// A gazetteer of a few names, (entity id, name) in order of preference, matched as names:
    /// a document's own entities.
    pub fn of_names<'n>(
        names: impl IntoIterator<Item = (&'n str, &'n str)>,
        inflection: &InflectionRules,
    ) -> Self {
        let names = names.into_iter().map(|(id, text)| (id, text, How::Lexicon));
        let patterns = Self::patterns(names, inflection);
        // Compared in turn, the names of a long document (a book) would cost time with the
        // square of its length.
        if patterns.0.len() > FEW_NAMES {
            return Self::of_many_patterns(patterns, inflection);
        }
        Self::of_patterns(Matcher::Keys, patterns, inflection)
    }

    /// A gazetteer of many patterns, the lexicon's or a long document's, matched by an automaton.
    fn of_many_patterns(
        (keys, patterns, names): (Vec<String>, Vec<Pattern>, Vec<String>),
        inflection: &InflectionRules,
    ) -> Self {
        // The keys come sorted and distinct, as the automaton is built.
        let indexed = keys.iter().enumerate().map(|(i, key)| (key.as_bytes(), i as u64));
        let matcher = Fst::from_iter_map(indexed).expect("sorted distinct keys");
        Self::of_patterns(Matcher::Automaton(matcher), (keys, patterns, names), inflection)
    }

    fn of_patterns(
        matcher: Matcher,
        (keys, patterns, names): (Vec<String>, Vec<Pattern>, Vec<String>),
        inflection: &InflectionRules,
    ) -> Self {
        Gazetteer {
            matcher,
            starts: Starts::new(&keys),
            patterns,
            names,
            inflection: inflection.clone(),
            keys,
        }
    }

    /// The sorted folded patterns of `names` (entity id, name, how) with their patterns and the
    /// names they were made from; of names folding alike, the first wins.
    fn patterns<'n>(
        names: impl Iterator<Item = (&'n str, &'n str, How)>,
        inflection: &InflectionRules,
    ) -> (Vec<String>, Vec<Pattern>, Vec<String>) {
        let mut keyed: std::collections::BTreeMap<String, (Pattern, String)> = Default::default();
        for (entity, text, how) in names {
            // Only a multi-word name with a lower-case word has adjective forms; any other
            // name is its own only form.
            let forms = if text.contains(' ')
                && text.split(' ').any(|w| w.starts_with(char::is_lowercase))
            {
                inflection.adjective_forms(text)
            } else {
                vec![text.to_string()]
            };
            for form in forms {
                let key = fold(&form);
                if keyed.contains_key(&key) {
                    continue;
                }
                let pattern =
                    Pattern { entity: entity.to_string(), how, case: CaseRule::of(&form) };
                keyed.insert(key, (pattern, form));
            }
        }
        let (keys, values): (Vec<String>, Vec<(Pattern, String)>) = keyed.into_iter().unzip();
        let (patterns, names) = values.into_iter().unzip();
        (keys, patterns, names)
    }

    /// The entity a whole name or alias stands for ("Reuters", "dpa-AFX").
    pub fn entity_named(&self, name: &str) -> Option<&str> {
        let i = self.position(name)?;
        let pattern = &self.patterns[i];
        (pattern.how == How::Lexicon).then_some(pattern.entity.as_str())
    }

    /// The place a place adjective derives from: "Kölner" → Köln, "Dresdner" → Dresden,
    /// "Darmstädter" → Darmstadt. Of several places the stem may name, the longest name wins:
    /// "Esslinger" is of Esslingen, not of Essling.
    pub fn place_of_adjective(&self, word: &str, rules: &Rules, lexicon: &Lexicon) -> Option<&str> {
        if !rules.is_place_adjective(word) {
            return None;
        }
        let stem = word.strip_suffix(rules.place_adjective_ending.as_str())?;
        let places = rules.place_stem_endings.iter().filter_map(|ending| {
            let candidate = if let Some(insert) = ending.strip_prefix('+') {
                // "+e": insert before the stem's last letter ("Dresdn" → "Dresden").
                let (head, last) = stem.split_at(stem.char_indices().last()?.0);
                format!("{head}{insert}{last}")
            } else if let Some((from, to)) = ending.split_once('=') {
                // "städt=stadt": the stem's end is written anew ("Darmstädt" → "Darmstadt").
                format!("{}{to}", stem.strip_suffix(from)?)
            } else {
                format!("{stem}{ending}")
            };
            let id = self.entity_named(&candidate)?;
            (lexicon.get(id)?.kind.category == Category::Place).then_some((candidate.len(), id))
        });
        // On a tie, the ending listed first.
        places.rev().max_by_key(|(length, _)| *length).map(|(_, id)| id)
    }

    /// Whether `name` is one of the gazetteer's patterns.
    pub fn knows(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// The index of the key `name` folds to, if it is one.
    fn position(&self, name: &str) -> Option<usize> {
        with_folded(name, |key| self.keys.binary_search_by(|k| k.as_str().cmp(key)).ok())
    }

    /// Mentions in `text[span]`, in text order.
    #[cfg(any(test, feature = "internals"))]
    pub fn find(&self, text: &str, span: Span, index: &CharIndex) -> Vec<Mention> {
        self.find_folded(text, span, &Folded::new(&text[span.bytes()]), index)
    }

    /// Mentions in `text[span]`, in text order, given the span's folded text (shared by the
    /// gazetteers that read the same sentence).
    pub fn find_folded(
        &self,
        text: &str,
        span: Span,
        folded: &Folded,
        index: &CharIndex,
    ) -> Vec<Mention> {
        let sentence = &text[span.bytes()];
        let mut mentions = Vec::new();
        let mut pos = 0;
        while pos < folded.text.len() {
            let Some((m_start, m_end, id)) = self.next_match(&folded.text, pos) else {
                break;
            };
            let (start, end) = folded.original_range(m_start, m_end);
            let pattern = &self.patterns[id];
            let name = &self.names[id];
            let cased = pattern.case.accepts(name, &sentence[start..end]);
            match self.word_end(sentence, start, end, pattern.how).filter(|_| cased) {
                Some((end, compound_head)) => {
                    mentions.push(Mention {
                        span: index.span(span.start + start, span.start + end),
                        entity: pattern.entity.clone(),
                        how: pattern.how,
                        confidence: if pattern.how == How::Lexicon { 1.0 } else { 0.9 },
                        sentence: None,
                        compound_head,
                    });
                    pos = m_end;
                }
                None => pos = next_char(&folded.text, m_start),
            }
        }
        mentions
    }

    /// The leftmost-longest match in `folded[pos..]` that may be a mention: (start, end,
    /// pattern). Matches inside a word, which [`Gazetteer::word_end`] would reject, are left out.
    fn next_match(&self, folded: &str, mut pos: usize) -> Option<(usize, usize, usize)> {
        let bytes = folded.as_bytes();
        loop {
            let start = self.starts.next(bytes, pos)?;
            if let Some((end, id)) = self.longest_at(folded, start) {
                return Some((start, end, id));
            }
            pos = start + 1;
        }
    }

    /// The longest pattern `folded` has at `start`: (end, pattern).
    fn longest_at(&self, folded: &str, start: usize) -> Option<(usize, usize)> {
        let matcher = match &self.matcher {
            Matcher::Automaton(matcher) => matcher,
            Matcher::Keys => {
                let rest = &folded.as_bytes()[start..];
                return (self.keys.iter().enumerate())
                    .filter(|(_, key)| !key.is_empty() && rest.starts_with(key.as_bytes()))
                    .max_by_key(|(_, key)| key.len())
                    .map(|(i, key)| (start + key.len(), i));
            }
        };
        let mut node = matcher.root();
        let mut output = Output::zero();
        let mut longest = None;
        for (at, &byte) in folded.as_bytes()[start..].iter().enumerate() {
            let Some(i) = node.find_input(byte) else { break };
            let transition = node.transition(i);
            output = output.cat(transition.out);
            node = matcher.node(transition.addr);
            if node.is_final() {
                let pattern = output.cat(node.final_output()).value() as usize;
                longest = Some((start + at + 1, pattern));
            }
        }
        longest
    }
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(text.len(), |c| at + c.len_utf8())
}

impl Gazetteer {
    /// Where a match at `start..end` ends as a word, or `None` when it is inside a word.
    fn word_end(
        &self,
        text: &str,
        start: usize,
        end: usize,
        how: How,
    ) -> Option<(usize, Option<String>)> {
        if text[..start].chars().next_back().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let rest = &text[end..];
        let is_end = |s: &str| s.chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if is_end(rest) {
            return Some((end, None));
        }
        if let Some(after) = rest.strip_prefix('-')
            && after.chars().next().is_some_and(char::is_alphanumeric)
        {
            let head_len =
                after.find(|c: char| !(c.is_alphanumeric() || c == '-')).unwrap_or(after.len());
            let head = after[..head_len].rsplit('-').next().unwrap_or_default().to_string();
            return Some((end, Some(head)));
        }
        let endings: &[String] = match how {
            How::Lexicon => &self.inflection.name_endings,
            How::Descriptor => &self.inflection.descriptor_endings,
            How::Apposition | How::Pattern | How::Coreference | How::Byline => &[],
        };
        endings
            .iter()
            .find(|e| rest.strip_prefix(e.as_str()).is_some_and(is_end))
            .map(|e| (end + e.len(), None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::lexicon::{Entity, Name};
    use crate::knowledge::{Category, EntityType};

    fn lexicon() -> Lexicon {
        let entity = |id: &str, label: &str, aliases: &[&str], descriptors: &[&str]| {
            let names = |texts: &[&str]| -> Vec<Name> {
                texts.iter().map(|a| Name { lang: "de".into(), text: a.to_string() }).collect()
            };
            let kind =
                EntityType { schema: "Corporation".into(), category: Category::Organization };
            Entity {
                descriptors: names(descriptors),
                ..Entity::discovered(id.into(), label.into(), kind, names(aliases))
            }
        };
        Lexicon::new(vec![
            entity("nyt", "The New York Times", &["New York Times"], &[]),
            entity("nyc", "New York City", &["New York"], &[]),
            entity("acme", "Acme", &["ACME Werke"], &["Werkzeug-Riese"]),
            entity("oel", "Österreichische Öl AG", &["ÖÖAG"], &[]),
            entity("std", "Der Standard", &["AP"], &[]),
            entity("gov", "Government of Nowhere", &["nirgendische Regierung"], &[]),
        ])
    }

    fn find(text: &str) -> Vec<(String, String, Option<String>)> {
        let index = CharIndex::new(text);
        let inflection = InflectionRules {
            name_endings: vec!["s".into()],
            descriptor_endings: vec!["en".into(), "n".into()],
            adjective_endings: vec!["e".into(), "en".into(), "er".into()],
            ..InflectionRules::default()
        };
        Gazetteer::new(&lexicon(), &inflection)
            .find(text, index.span(0, text.len()), &index)
            .into_iter()
            .map(|m| (text[m.span.bytes()].to_string(), m.entity, m.compound_head))
            .collect()
    }

    fn row(surface: &str, entity: &str, head: Option<&str>) -> (String, String, Option<String>) {
        (surface.into(), entity.into(), head.map(String::from))
    }

    #[test]
    fn starts_are_the_positions_outside_words_with_a_prefix() {
        let keys: Vec<String> =
            ["ap", "acme", "acme werke", "österreich", "-x", "b"].map(String::from).to_vec();
        let starts = Starts::new(&keys);
        let text = "die ap-meldung, acme und  acmes; Map ap. Öl österreich -x b xb b";
        let bytes = text.as_bytes();
        // Each position where a key starts, not right after an ASCII letter or digit.
        let expected: Vec<usize> = (0..bytes.len())
            .filter(|&at| at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
            .filter(|&at| keys.iter().any(|k| bytes[at..].starts_with(k.as_bytes())))
            .collect();
        for from in 0..bytes.len() {
            let mut found = Vec::new();
            let mut at = from;
            while let Some(start) = starts.next(bytes, at) {
                found.push(start);
                at = start + 1;
            }
            // The test may pass more positions (hash collisions), never fewer.
            let wanted: Vec<usize> = expected.iter().copied().filter(|&e| e >= from).collect();
            assert!(wanted.iter().all(|e| found.contains(e)), "from {from}: {found:?}");
            assert!(found.len() <= wanted.len() + 2, "from {from}: {found:?}");
        }
    }

    #[test]
    fn gazetteer_rows() {
        let rows: Vec<(&str, Vec<(String, String, Option<String>)>)> = vec![
            ("Die New York Times schrieb", vec![row("New York Times", "nyt", None)]),
            ("in New York lebt", vec![row("New York", "nyc", None)]),
            ("Acmes Chef", vec![row("Acmes", "acme", None)]),
            ("die Acme-Aktie fiel", vec![row("Acme", "acme", Some("Aktie"))]),
            ("Acmeland und Macme", vec![]),
            ("dem Werkzeug-Riesen zufolge", vec![row("Werkzeug-Riesen", "acme", None)]),
            ("die ÖSTERREICHISCHE ÖL AG", vec![row("ÖSTERREICHISCHE ÖL AG", "oel", None)]),
            ("ACME WERKE, Acme", vec![row("ACME WERKE", "acme", None), row("Acme", "acme", None)]),
            ("das ist der Standard, sagt Der Standard", vec![row("Der Standard", "std", None)]),
            ("die AP meldet, ap ist kein Wort", vec![row("AP", "std", None)]),
            ("acme klein", vec![]),
            ("mit der nirgendischen Regierung", vec![row("nirgendischen Regierung", "gov", None)]),
        ];
        for (text, expected) in rows {
            assert_eq!(find(text), expected, "{text}");
        }
    }
}
