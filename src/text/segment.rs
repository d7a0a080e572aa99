//! Sentence segmentation for German news text.
//!
//! A period ends a sentence unless it belongs to an abbreviation from the data ("z. B.", "Dr."),
//! an ordinal ("15. September", "im 3. Quartal") or a number ("14.9.2020"), or the next word is
//! lower-case. A line break always ends a sentence: headlines and paragraphs carry no period.
//! Scraped text often glues sentences ("waren.Stattdessen"); a lower-case letter, a period and an
//! upper-case letter with no space is a boundary too.

use std::ops::Range;

use serde::Deserialize;

use crate::text::span::{CharIndex, Span};

/// Rules for finding sentence ends, loaded from a language's `segmentation.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentationRules {
    /// Abbreviations whose periods never end a sentence, e.g. "z. B.", "Dr.".
    pub abbreviations: Vec<String>,
    /// Numbers of at most this many digits followed by a period are ordinals ("15. September").
    pub ordinal_max_digits: usize,
}

/// A sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
}

const CLOSERS: &[char] = &['"', '“', '”', '»', '«', '\'', '’', ')', ']'];

/// Finds the sentences of the prose ranges of `text`; a [`Segmenter`] prepares the rules once
/// for many documents.
#[cfg(any(test, feature = "internals"))]
pub fn segment(
    text: &str,
    prose: &[Range<usize>],
    rules: &SegmentationRules,
    index: &CharIndex,
) -> Vec<Sentence> {
    Segmenter::new(rules).segment(text, prose, index)
}

/// The segmentation rules, prepared once to segment any number of documents.
#[derive(Debug)]
pub struct Segmenter<'r> {
    rules: &'r SegmentationRules,
    periods: Periods<'r>,
}

impl<'r> Segmenter<'r> {
    pub fn new(rules: &'r SegmentationRules) -> Self {
        Segmenter { rules, periods: Periods::new(rules) }
    }

    /// Finds the sentences of the prose ranges of `text`.
    pub fn segment(&self, text: &str, prose: &[Range<usize>], index: &CharIndex) -> Vec<Sentence> {
        let (rules, periods) = (self.rules, &self.periods);
        let mut sentences = Vec::new();
        let bytes = text.as_bytes();
        for range in prose {
            let mut start = range.start;
            let mut at = range.start;
            // Only a line break or a sentence mark can end a sentence; '…' is the one that starts
            // with 0xE2, which other characters share, so those are looked at and passed over.
            let mut stops = Stops::new(bytes, range.end);
            while let Some(stop) = stops.next(at) {
                at = stop;
                let Some(c) = text[at..range.end].chars().next() else { break };
                let after = at + c.len_utf8();
                let end = if c == '\n' {
                    Some((at, after))
                } else if matches!(c, '.' | '!' | '?' | '…') {
                    let mut j = after;
                    let mut rest = text[j..range.end].chars();
                    let mut next = rest.next();
                    while let Some(closer) = next.filter(|n| CLOSERS.contains(n)) {
                        j += closer.len_utf8();
                        next = rest.next();
                    }
                    let glued = j == after
                        && next.is_some_and(char::is_uppercase)
                        && text[range.start..at]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_lowercase)
                        && rest.clone().next().is_some_and(char::is_lowercase);
                    let spaced = next.is_none_or(char::is_whitespace);
                    let following = text[j..range.end].chars().find(|c| !c.is_whitespace());
                    let continues = following
                        .is_some_and(|f| f.is_lowercase() || matches!(f, ',' | ';' | ':' | ')'));
                    let breaks = (glued || (spaced && !continues))
                        && !(c == '.'
                            && (periods.is_abbreviation(text, at) || is_ordinal(text, at, rules)));
                    breaks.then_some((j, j))
                } else {
                    None
                };
                if let Some((end_byte, next_at)) = end {
                    push_trimmed(text, start..end_byte, index, &mut sentences);
                    start = next_at;
                    at = next_at;
                } else {
                    at = after;
                }
            }
            push_trimmed(text, start..range.end, index, &mut sentences);
        }
        sentences
    }
}

/// The bytes of a prose range that may start a sentence end: a line break, a sentence mark, or
/// 0xE2, with which '…' starts. Line breaks, periods and exclamation marks are searched for with
/// one vectorised searcher, the rarer question marks and 0xE2 with another; each searches again
/// only when the segmenter has passed what it found.
struct Stops<'t> {
    bytes: &'t [u8],
    end: usize,
    /// The next '\n', '.' or '!' from where it was last searched (`end` if none).
    common: Option<usize>,
    /// The next '?' or 0xE2 from where it was last searched (`end` if none).
    rare: Option<usize>,
}

impl<'t> Stops<'t> {
    fn new(bytes: &'t [u8], end: usize) -> Self {
        Stops { bytes, end, common: None, rare: None }
    }

    /// The first stop at or after byte `at`.
    fn next(&mut self, at: usize) -> Option<usize> {
        let (bytes, end) = (self.bytes, self.end);
        let search = |found: Option<usize>, find: fn(&[u8]) -> Option<usize>| match found {
            Some(stop) if stop >= at => stop,
            _ => find(&bytes[at..end]).map_or(end, |k| at + k),
        };
        let common = search(self.common, |rest| memchr::memchr3(b'\n', b'.', b'!', rest));
        let rare = search(self.rare, |rest| memchr::memchr2(b'?', 0xE2, rest));
        (self.common, self.rare) = (Some(common), Some(rare));
        let next = common.min(rare);
        (next < end).then_some(next)
    }
}

fn push_trimmed(text: &str, range: Range<usize>, index: &CharIndex, out: &mut Vec<Sentence>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(Sentence { span: index.span(range.start + lead, range.end - trail) });
    }
}

/// The periods of the abbreviations, found by the byte before them: that byte tells most
/// abbreviations apart at once, so a period is compared with the few that can hold it.
#[derive(Debug)]
struct Periods<'r> {
    /// (offset of the period, abbreviation), grouped by the byte before the period.
    after_byte: Vec<(usize, &'r str)>,
    /// Where the group of each byte starts in `after_byte`; the last entry is its length.
    group_start: [usize; 257],
    /// (offset, abbreviation) of periods that start an abbreviation: any byte may precede them.
    leading: Vec<(usize, &'r str)>,
}

impl<'r> Periods<'r> {
    fn new(rules: &'r SegmentationRules) -> Self {
        let mut periods = Vec::new();
        let mut leading = Vec::new();
        for abbr in &rules.abbreviations {
            for (k, &b) in abbr.as_bytes().iter().enumerate() {
                if b != b'.' {
                    continue;
                }
                match k.checked_sub(1) {
                    Some(before) => periods.push((abbr.as_bytes()[before], k, abbr.as_str())),
                    None => leading.push((k, abbr.as_str())),
                }
            }
        }
        // Grouped by a counting sort: the count of each byte, then where each group starts.
        let mut group_start = [0; 257];
        for &(b, _, _) in &periods {
            group_start[usize::from(b)] += 1;
        }
        let mut sum = 0;
        for slot in &mut group_start {
            let count = *slot;
            *slot = sum;
            sum += count;
        }
        let mut next = group_start;
        let mut after_byte = vec![(0, ""); periods.len()];
        for (b, k, abbr) in periods {
            let slot = &mut next[usize::from(b)];
            after_byte[*slot] = (k, abbr);
            *slot += 1;
        }
        Periods { after_byte, group_start, leading }
    }

    /// Whether the period at byte `at` is one of an abbreviation's periods.
    fn is_abbreviation(&self, text: &str, at: usize) -> bool {
        let candidates = match at.checked_sub(1).map(|before| usize::from(text.as_bytes()[before]))
        {
            Some(b) => &self.after_byte[self.group_start[b]..self.group_start[b + 1]],
            None => &[],
        };
        let holds = |k: usize, abbr: &str| {
            at >= k && text.is_char_boundary(at - k) && {
                let start = at - k;
                text[start..].starts_with(abbr)
                    && text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
            }
        };
        candidates.iter().any(|&(k, abbr)| holds(k, abbr))
            || self.leading.iter().any(|&(k, abbr)| holds(k, abbr))
    }
}

/// Whether the period at byte `at` follows a short number: an ordinal or a date part.
fn is_ordinal(text: &str, at: usize, rules: &SegmentationRules) -> bool {
    let before = &text[..at];
    let digits = before.chars().rev().take_while(char::is_ascii_digit).count();
    let rest = &before[..before.len() - digits];
    digits >= 1
        && digits <= rules.ordinal_max_digits
        && rest.chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let rules = SegmentationRules {
            abbreviations: ["z. B.", "Dr.", "u. a.", "bzw.", "ca.", "Nr."]
                .map(String::from)
                .to_vec(),
            ordinal_max_digits: 3,
        };
        let index = CharIndex::new(text);
        let sentences = segment(text, std::slice::from_ref(&(0..text.len())), &rules, &index);
        sentences.iter().map(|s| text[s.span.bytes()].to_string()).collect()
    }

    #[test]
    fn sentence_rows() {
        let rows: &[(&str, &[&str])] = &[
            ("Am 14.9.2020 kam es. Dann ging er.", &["Am 14.9.2020 kam es.", "Dann ging er."]),
            ("Bis zum 15. September bleibt Zeit.", &["Bis zum 15. September bleibt Zeit."]),
            ("Im 3. Quartal stieg der Umsatz. Gut.", &["Im 3. Quartal stieg der Umsatz.", "Gut."]),
            ("Es gibt z. B. Äpfel. Und Birnen.", &["Es gibt z. B. Äpfel.", "Und Birnen."]),
            ("Dr. Anna Berg sprach. Sie ging.", &["Dr. Anna Berg sprach.", "Sie ging."]),
            ("Sie waren da.Danach nicht mehr.", &["Sie waren da.", "Danach nicht mehr."]),
            ("Überschrift\nErster Satz.", &["Überschrift", "Erster Satz."]),
            ("„Wir gehen.“ Dann kam er.", &["„Wir gehen.“", "Dann kam er."]),
            ("„Geht es?“, fragte sie.", &["„Geht es?“, fragte sie."]),
            (
                "Die App Musical.ly wuchs. Dann fiel sie.",
                &["Die App Musical.ly wuchs.", "Dann fiel sie."],
            ),
            ("Er zahlte ca. drei Euro.", &["Er zahlte ca. drei Euro."]),
            ("Das war 2017. Danach kam mehr.", &["Das war 2017.", "Danach kam mehr."]),
        ];
        for (text, expected) in rows {
            assert_eq!(split(text), *expected, "{text}");
        }
    }

    #[test]
    fn stops_are_found_as_byte_by_byte() {
        let text = "Ein Satz, noch einer… und „Zitat“!\nZeile? Ja. 0123456789abcdefghij.";
        let bytes = text.as_bytes();
        let is_stop = |b: &u8| matches!(b, b'\n' | b'.' | b'!' | b'?' | 0xE2);
        for from in 0..bytes.len() {
            for to in from..=bytes.len() {
                let mut stops = Stops::new(bytes, to);
                // Asked at every position in turn, as the segmenter may.
                for at in from..=to {
                    let expected = bytes[at..to].iter().position(is_stop).map(|k| at + k);
                    assert_eq!(stops.next(at), expected, "{from}..{to} at {at}");
                }
            }
        }
    }
}
