//! The words of a sentence, analysed once for every stage that reads them.
//!
//! Resolution, time expressions and extraction all ask the same questions of each token: its
//! folded form, whether it is a word at all, whether it starts with an upper- or lower-case letter.
//! Answering them once per sentence, in the pipeline, spares each stage folding the same words
//! again; folding and char decoding cost more than most of the stages' own tests.
//!
//! Given the rules ([`SentenceWords::with_rules`]), the same pass also answers what resolution asks of
//! every token from the word lists (function word, common noun, legal form, determiner, remit
//! marker): a second pass over the tokens would cost more than the lookups themselves.

use std::borrow::Cow;

use crate::knowledge::rules::Rules;
use crate::text::fold::{Folded, fold_into};
use crate::text::span::Span;
use crate::text::token::Token;

/// The name the time stage still uses for [`SentenceWords`].
pub type Words<'a> = SentenceWords<'a>;

/// Each token of a sentence folded, with the flags the stages test.
#[derive(Debug, Clone)]
pub struct SentenceWords<'a> {
    /// Token `i` folded is `folded[start..end]` of its entry: the sentence's folded text when
    /// folding kept every byte in place (as it does for nearly all German text), else the
    /// folded tokens one after another.
    folded: Cow<'a, str>,
    words: Vec<Word>,
    /// The flags of all tokens together.
    any: u16,
    /// The word-list flags are set: the words were analysed with the rules.
    ruled: bool,
}

/// One token: where its folded form is, and its flags.
#[derive(Debug, Clone, Copy)]
struct Word {
    start: u32,
    end: u32,
    flags: u16,
}

/// The token has a letter.
const IS_WORD: u16 = 1;
/// Its first char is an upper-case letter.
const UPPER: u16 = 1 << 1;
/// Its first char is an ASCII digit.
const DIGIT: u16 = 1 << 2;
/// It has a hyphen.
const HYPHEN: u16 = 1 << 3;
/// Its first char is a lower-case letter.
const LOWER: u16 = 1 << 4;
/// A capitalised word (or number) that is no name stopword (only [`SentenceWords::with_rules`]).
const CAPITALISED: u16 = 1 << 5;
/// Capitalised, and not ending like a common noun.
const NAME_LIKE: u16 = 1 << 6;
/// A legal form ("AG").
const LEGAL_FORM: u16 = 1 << 7;
/// A definite determiner ("der", "dieses").
const DEFINITE: u16 = 1 << 8;
/// It starts with a remit marker ("zuständiges").
const REMIT: u16 = 1 << 9;
/// A capitalised word that extends a name into a longer one ("Partners").
const NAME_EXTENSION: u16 = 1 << 10;

impl<'a> SentenceWords<'a> {
    /// Analyses the tokens of the sentence at `span` of `text`; `sentence` is its folded text.
    pub fn new(text: &str, span: Span, sentence: &'a Folded, tokens: &[Token]) -> Self {
        Self::analyse(text, span, sentence, tokens, None)
    }

    /// [`SentenceWords::new`], with the word-list flags that resolution reads.
    pub fn with_rules(
        text: &str,
        span: Span,
        sentence: &'a Folded,
        tokens: &[Token],
        lists: &WordLists,
    ) -> Self {
        Self::analyse(text, span, sentence, tokens, Some(lists))
    }

    fn analyse(
        text: &str,
        span: Span,
        sentence: &'a Folded,
        tokens: &[Token],
        lists: Option<&WordLists>,
    ) -> Self {
        let aligned = sentence.is_aligned();
        let mut own = String::new();
        let mut words = Vec::with_capacity(tokens.len());
        let mut any = 0;
        for token in tokens {
            let range = token.span.bytes();
            let (start, end) = if aligned {
                (range.start - span.start, range.end - span.start)
            } else {
                let start = own.len();
                fold_into(&text[range.clone()], &mut own);
                (start, own.len())
            };
            // Read as bytes: most tokens are ASCII, and need no char decoding.
            let bytes = &text.as_bytes()[range.clone()];
            let first = bytes.first().copied().unwrap_or(0);
            // The tokenizer keeps a hyphen inside a word only between two letters or digits,
            // which makes two parts; any other hyphen starts or ends the token.
            let mut flags =
                if !token.parts.is_empty() || first == b'-' || bytes.last() == Some(&b'-') {
                    HYPHEN
                } else {
                    0
                };
            if first.is_ascii_uppercase() {
                flags |= UPPER | IS_WORD;
            } else if first.is_ascii_lowercase() {
                flags |= LOWER | IS_WORD;
            } else {
                if first.is_ascii_digit() {
                    flags |= DIGIT;
                }
                let raw = &text[range];
                if !first.is_ascii() {
                    match raw.chars().next() {
                        Some(c) if c.is_uppercase() => flags |= UPPER,
                        Some(c) if c.is_lowercase() => flags |= LOWER,
                        _ => {}
                    }
                }
                let letter = if bytes.is_ascii() {
                    bytes.iter().any(u8::is_ascii_alphabetic)
                } else {
                    raw.chars().any(char::is_alphabetic)
                };
                if letter {
                    flags |= IS_WORD;
                }
            }
            if let Some(lists) = lists {
                let folded = if aligned { sentence.text.as_str() } else { own.as_str() };
                let raw = || &text[token.span.bytes()];
                flags |= lists.flags(folded, (start, end), flags, first, raw);
            }
            any |= flags;
            words.push(Word { start: start as u32, end: end as u32, flags });
        }
        let folded = if aligned { Cow::Borrowed(sentence.text.as_str()) } else { Cow::Owned(own) };
        SentenceWords { folded, words, any, ruled: lists.is_some() }
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Token `i` folded.
    pub fn folded(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.folded[w.start as usize..w.end as usize]
    }

    /// Whether token `i` exists and has a letter ([`Token::is_word`]).
    pub fn is_word(&self, i: usize) -> bool {
        self.has(i, IS_WORD)
    }

    /// Whether token `i` exists and starts with an upper-case letter.
    pub fn upper(&self, i: usize) -> bool {
        self.has(i, UPPER)
    }

    /// Whether token `i` exists and starts with a lower-case letter.
    pub fn lower(&self, i: usize) -> bool {
        self.has(i, LOWER)
    }

    /// Whether token `i` has a hyphen.
    pub fn hyphen(&self, i: usize) -> bool {
        self.has(i, HYPHEN)
    }

    /// Whether token `i` starts with an ASCII digit.
    pub fn digit(&self, i: usize) -> bool {
        self.words[i].flags & DIGIT != 0
    }

    /// Whether the word-list flags below are set ([`SentenceWords::with_rules`]).
    pub fn ruled(&self) -> bool {
        self.ruled
    }

    /// Whether token `i` exists and is a capitalised word or number that is no name stopword.
    pub fn capitalised(&self, i: usize) -> bool {
        self.has(i, CAPITALISED)
    }

    /// Whether token `i` exists and is capitalised and does not end like a common noun: it may
    /// be part of a name.
    pub fn name_like(&self, i: usize) -> bool {
        self.has(i, NAME_LIKE)
    }

    /// Whether token `i` exists and is a legal form.
    pub fn legal_form(&self, i: usize) -> bool {
        self.has(i, LEGAL_FORM)
    }

    /// Whether token `i` exists and extends a name into a longer one ("Partners").
    pub fn name_extension(&self, i: usize) -> bool {
        self.has(i, NAME_EXTENSION)
    }

    /// Whether token `i` exists and is a definite determiner.
    pub fn definite(&self, i: usize) -> bool {
        self.has(i, DEFINITE)
    }

    /// Whether token `i` exists and starts with a remit marker.
    pub fn remit(&self, i: usize) -> bool {
        self.has(i, REMIT)
    }

    /// Whether some token has one of `flags`.
    pub fn any(&self, flags: Flags) -> bool {
        self.any & flags.0 != 0
    }

    /// The flags of each token, in order: cheaper to walk than asking each token.
    pub fn flags(&self) -> impl ExactSizeIterator<Item = Flags> + '_ {
        self.words.iter().map(|w| Flags(w.flags))
    }

    fn has(&self, i: usize, flag: u16) -> bool {
        self.words.get(i).is_some_and(|w| w.flags & flag != 0)
    }
}

/// A set of the flags of a token ([`SentenceWords::flags`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags(u16);

impl Flags {
    pub const UPPER: Flags = Flags(UPPER);
    pub const HYPHEN: Flags = Flags(HYPHEN);
    pub const NAME_LIKE: Flags = Flags(NAME_LIKE);
    pub const LEGAL_FORM: Flags = Flags(LEGAL_FORM);
    pub const NAME_EXTENSION: Flags = Flags(NAME_EXTENSION);
    pub const DEFINITE: Flags = Flags(DEFINITE);
    pub const REMIT: Flags = Flags(REMIT);

    /// Both sets together.
    pub const fn or(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }

    /// Whether the sets have a flag in common.
    pub const fn has(self, other: Flags) -> bool {
        self.0 & other.0 != 0
    }
}

/// The word lists [`SentenceWords::with_rules`] asks about, with the first bytes of their words: most
/// tokens start with none of them, and need no lookup.
#[derive(Debug)]
pub struct WordLists<'r> {
    rules: &'r Rules,
    /// For each byte, whether it starts a definite determiner ([`DEFINITE`]) and a remit marker
    /// ([`REMIT`]).
    starts: [u16; 256],
}

impl<'r> WordLists<'r> {
    pub fn new(rules: &'r Rules) -> Self {
        let determiners = first_bytes(rules.definite_determiners.iter());
        let remits = first_bytes(&rules.remit_markers);
        let starts = std::array::from_fn(|b| {
            (if determiners[b] { DEFINITE } else { 0 }) | if remits[b] { REMIT } else { 0 }
        });
        WordLists { rules, starts }
    }

    /// The word-list flags of the token folded to `folded[start..end]`; `flags` are its other
    /// flags, `first` its first byte and `raw` gives its text.
    fn flags<'t>(
        &self,
        folded: &str,
        (start, end): (usize, usize),
        flags: u16,
        first: u8,
        raw: impl FnOnce() -> &'t str,
    ) -> u16 {
        let rules = self.rules;
        let word = || &folded[start..end];
        // The lists a word may be in by its first byte folded; an empty word may be in any.
        let may = folded.as_bytes()[start..end]
            .first()
            .map_or(DEFINITE | REMIT, |&b| self.starts[usize::from(b)]);
        let mut listed = 0;
        if flags & (UPPER | DIGIT) != 0 && flags & IS_WORD != 0 {
            let word = word();
            if !rules.is_name_stopword(word) {
                listed |= CAPITALISED;
                if !rules.is_common_noun_folded(word) {
                    listed |= NAME_LIKE;
                }
                if flags & UPPER != 0 && rules.name_extensions.contains(word) {
                    listed |= NAME_EXTENSION;
                }
            }
        }
        if rules.may_start_legal_form(first) && rules.is_legal_form(raw()) {
            listed |= LEGAL_FORM;
        }
        if may & DEFINITE != 0 && rules.is_definite_determiner(word()) {
            listed |= DEFINITE;
        }
        if may & REMIT != 0 && rules.remit_markers.iter().any(|m| word().starts_with(m.as_str())) {
            listed |= REMIT;
        }
        listed
    }
}

/// Which bytes start one of `words`: a cheap first test before words are compared with them. An
/// empty word starts every word.
pub fn first_bytes<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> [bool; 256] {
    let mut set = [false; 256];
    for word in words {
        match word.as_ref().as_bytes().first() {
            Some(&byte) => set[usize::from(byte)] = true,
            None => set = [true; 256],
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold;
    use crate::text::span::CharIndex;
    use crate::text::token::tokenize;

    #[test]
    fn words_agree_with_folding_each_token() {
        for text in [
            "Die TikTok-Nutzer klagen.",
            "ÖSTERREICH und Straße 14.9.",
            "İstanbul 3G „Ä“ über ärger ǅ",
            "US-Firmen und -Bürgern, Windows- - und a-b-c",
        ] {
            let index = CharIndex::new(text);
            let span = index.span(0, text.len());
            let tokens = tokenize(text, span, &index);
            let folded = Folded::new(text);
            let words = SentenceWords::new(text, span, &folded, &tokens);
            assert_eq!(words.len(), tokens.len());
            for (i, token) in tokens.iter().enumerate() {
                let raw = token.text(text);
                assert_eq!(words.folded(i), fold(raw), "{raw}");
                assert_eq!(words.is_word(i), token.is_word(text), "{raw}");
                assert_eq!(words.upper(i), raw.starts_with(char::is_uppercase), "{raw}");
                assert_eq!(words.lower(i), raw.starts_with(char::is_lowercase), "{raw}");
                assert_eq!(words.hyphen(i), raw.contains('-'), "{raw}");
                assert_eq!(words.digit(i), raw.starts_with(|c: char| c.is_ascii_digit()), "{raw}");
            }
        }
    }

    #[test]
    fn listed_flags_agree_with_the_rules() {
        use crate::knowledge::{Knowledge, Source};
        let knowledge = Knowledge::load(&Source::Embedded).expect("shipped ontology loads");
        let rules = &knowledge.rules;
        let lists = WordLists::new(rules);
        let text = "Der Chef der Brenner Logistik AG sagte am Montag, dieses für Kartellfragen \
                    zuständige Amt sei verantwortlich. 2024 kaufte Dieses Unternehmen ÄRGER-Konzerne \
                    von Alder Peak Capital.";
        let index = CharIndex::new(text);
        let span = index.span(0, text.len());
        let tokens = tokenize(text, span, &index);
        let folded = Folded::new(text);
        let words = SentenceWords::with_rules(text, span, &folded, &tokens, &lists);
        assert!(words.ruled() && !SentenceWords::new(text, span, &folded, &tokens).ruled());
        for (i, token) in tokens.iter().enumerate() {
            let raw = token.text(text);
            let f = fold(raw);
            let capitalised = raw.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                && token.is_word(text)
                && !rules.is_name_stopword(&f);
            assert_eq!(words.capitalised(i), capitalised, "{raw}");
            assert_eq!(
                words.name_like(i),
                capitalised && !rules.is_common_noun_folded(&f),
                "{raw}"
            );
            assert_eq!(words.legal_form(i), rules.is_legal_form(raw), "{raw}");
            let extension = capitalised && rules.is_name_extension(raw);
            assert_eq!(words.name_extension(i), extension, "{raw}");
            assert_eq!(words.definite(i), rules.is_definite_determiner(&f), "{raw}");
            let remit = rules.remit_markers.iter().any(|m| f.starts_with(m.as_str()));
            assert_eq!(words.remit(i), remit, "{raw}");
        }
        assert!(words.any(Flags::LEGAL_FORM) && words.any(Flags::REMIT));
        assert!(words.any(Flags::NAME_LIKE) && !words.name_like(tokens.len()));
        for (i, flags) in words.flags().enumerate() {
            assert_eq!(flags.has(Flags::DEFINITE), words.definite(i));
            let either = flags.has(Flags::LEGAL_FORM.or(Flags::REMIT));
            assert_eq!(either, words.legal_form(i) || words.remit(i));
        }
        assert_eq!(words.flags().filter(|f| f.has(Flags::HYPHEN)).count(), 1);
    }
}
