//! A language's dictionary: every known word form, the nouns with their gender, case and number,
//! and the verb forms with their infinitives, read from the language's `lexical/` folder.
//!
//! The data is three `fst` maps made by `scripts/lexicon/convert` from real morphological
//! lexicons (see `ontology/de/lexical/README.md` for the sources, their licences and the exact
//! key and value layout). A map is a sorted automaton over folded keys: it is used as it lies in
//! memory, so loading costs a file read (nothing at all for the compiled-in copy), and a lookup
//! walks the key's bytes once. The recognizer asks whether a capitalised word is a common noun
//! or a name, and where a compound's head starts; frames key their verbs on infinitives.

use std::borrow::Cow;
use std::path::Path;

use fst::{IntoStreamer, Map, Streamer};

use crate::error::{Error, Result};

/// The bytes of one map: compiled in, or read from a file.
type Bytes = Cow<'static, [u8]>;

/// Separates the form from its lemma in the keys of the noun and verb maps.
const LEMMA_SEPARATOR: u8 = b'\t';

/// The [`WordKinds`] bits of `words.fst` (how a word list writes a form); `forms.fst` holds the
/// others.
const WRITTEN: u64 = WordKinds::LOWER | WordKinds::CAPITALISED;

/// What the dictionary knows about a word form: the bits of `words.fst` (how a word list writes
/// it) and of `forms.fst` (whether it is a noun or verb form), which use different bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordKinds(u64);

impl WordKinds {
    /// Written in lower case somewhere: an adjective, verb, adverb or function word.
    pub const LOWER: u64 = 1;
    /// Written capitalised somewhere: a noun or a name.
    pub const CAPITALISED: u64 = 1 << 1;
    /// A form of a common noun.
    pub const NOUN: u64 = 1 << 2;
    /// A form of a verb.
    pub const VERB: u64 = 1 << 3;
    pub fn has(self, kind: u64) -> bool {
        self.0 & kind != 0
    }

    /// Only ever capitalised, and no common noun: most likely a proper name ("Siemens").
    pub fn name(self) -> bool {
        self.has(Self::CAPITALISED) && !self.has(Self::LOWER | Self::NOUN)
    }

    /// Whether the form is known at all.
    pub fn known(self) -> bool {
        self.0 != 0
    }

    /// An ordinary German word: a common noun, or a word written in lower case.
    pub fn common(self) -> bool {
        self.has(Self::NOUN | Self::LOWER)
    }
}

/// Grammatical gender, as a set: a form may be read with several.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Genders(u8);

impl Genders {
    pub const MASCULINE: u8 = 1;
    pub const FEMININE: u8 = 1 << 1;
    pub const NEUTER: u8 = 1 << 2;

    pub fn has(self, gender: u8) -> bool {
        self.0 & gender != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn union(self, other: Genders) -> Genders {
        Genders(self.0 | other.0)
    }
}

/// One reading of a noun form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noun {
    /// The nominative singular (or plural, for a plural-only noun), as the source writes it.
    pub lemma: String,
    pub genders: Genders,
    /// Case and number, bits 0..=7: nominative, genitive, dative, accusative singular, then the
    /// same four plural.
    pub cases: u16,
}

impl Noun {
    /// Bits of [`Noun::cases`] that are plural.
    const PLURAL_CASES: u16 = 0b1111_0000;
    pub const GENITIVE_SINGULAR: u16 = 1 << 1;
    pub const GENITIVE_PLURAL: u16 = 1 << 5;

    /// Whether the form can be singular.
    pub fn singular(&self) -> bool {
        self.cases & !Self::PLURAL_CASES != 0
    }

    /// Whether the form can be plural.
    pub fn plural(&self) -> bool {
        self.cases & Self::PLURAL_CASES != 0
    }
}

/// What a verb form is, as a bit set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerbForms(u64);

impl VerbForms {
    pub const PRESENT: u64 = 1;
    pub const PAST: u64 = 1 << 1;
    pub const SUBJUNCTIVE1: u64 = 1 << 2;
    pub const SUBJUNCTIVE2: u64 = 1 << 3;
    pub const INFINITIVE: u64 = 1 << 4;
    pub const PARTICIPLE2: u64 = 1 << 5;
    pub const ZU_INFINITIVE: u64 = 1 << 6;
    pub const PARTICIPLE1: u64 = 1 << 7;
    pub const IMPERATIVE: u64 = 1 << 8;
    pub const SINGULAR: u64 = 1 << 9;
    pub const PLURAL: u64 = 1 << 10;
    /// The main-clause form of a separable verb, written "stem particle" ("lehnte ab").
    pub const SEPARATED: u64 = 1 << 11;

    pub fn has(self, form: u64) -> bool {
        self.0 & form != 0
    }

    /// A finite form: it carries tense or mood.
    pub fn finite(self) -> bool {
        self.has(Self::PRESENT | Self::PAST | Self::SUBJUNCTIVE1 | Self::SUBJUNCTIVE2)
    }
}

/// One reading of a verb form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verb {
    /// The folded infinitive: "ablehnen".
    pub infinitive: String,
    pub forms: VerbForms,
}

/// The dictionary of one language.
#[derive(Clone)]
pub struct Dictionary {
    /// How a general word list writes each form (GPL-licensed data, kept in its own file).
    words: Map<Bytes>,
    /// Which forms are noun or verb forms.
    forms: Map<Bytes>,
    nouns: Map<Bytes>,
    verbs: Map<Bytes>,
    /// The verb map turned round, infinitive first ("ablehnen⇥lehnte ab"), so that the forms of
    /// an infinitive are one range (made from `verbs.fst` by `examples/verb_lemmas.rs`).
    lemmas: Map<Bytes>,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("words", &self.words.len())
            .field("forms", &self.forms.len())
            .field("nouns", &self.nouns.len())
            .field("verbs", &self.verbs.len())
            .finish()
    }
}

/// The files of a `lexical/` folder, by name.
pub const FILES: [&str; 5] = ["words.fst", "forms.fst", "nouns.fst", "verbs.fst", "lemmas.fst"];

impl Dictionary {
    /// The dictionary from the bytes of [`FILES`], in that order; `paths` name them in errors.
    pub fn from_bytes(bytes: [Bytes; 5], paths: [&Path; 5]) -> Result<Self> {
        let [words, forms, nouns, verbs, lemmas] = bytes;
        let map = |bytes: Bytes, path: &Path| {
            Map::new(bytes).map_err(|e| Error::input(path, format!("not an fst map: {e}")))
        };
        Ok(Dictionary {
            words: map(words, paths[0])?,
            forms: map(forms, paths[1])?,
            nouns: map(nouns, paths[2])?,
            verbs: map(verbs, paths[3])?,
            lemmas: map(lemmas, paths[4])?,
        })
    }

    /// What is known about a folded word form.
    pub fn word(&self, folded: &str) -> WordKinds {
        WordKinds(self.words.get(folded).unwrap_or(0) | self.forms.get(folded).unwrap_or(0))
    }

    /// Whether a folded word form is of one of `kinds` (bits of [`WordKinds`]): only the maps
    /// that hold those bits are asked, `words.fst` first, and `forms.fst` only if it must.
    pub fn is(&self, folded: &str, kinds: u64) -> bool {
        let of = |map: &Map<Bytes>| map.get(folded).is_some_and(|value| value & kinds != 0);
        kinds & WRITTEN != 0 && of(&self.words) || kinds & !WRITTEN != 0 && of(&self.forms)
    }

    /// Every noun reading of a folded form, by lemma.
    pub fn nouns(&self, folded: &str) -> Vec<Noun> {
        readings(&self.nouns, folded).map(|(lemma, value)| noun(lemma, value)).collect()
    }

    /// The genders of the singular noun readings of a folded form together: what
    /// [`Dictionary::nouns`] says, without making its lemmas.
    pub fn singular_genders(&self, folded: &str) -> Genders {
        let mut genders = Genders::default();
        for_each_reading(&self.nouns, folded, |_, value| {
            let reading = noun(String::new(), value);
            if reading.singular() {
                genders = genders.union(reading.genders);
            }
        });
        genders
    }

    /// What the verb readings of a folded form are, together; `None` if it has none. The
    /// [`VerbForms`] of [`Dictionary::verbs`], without making their infinitives.
    pub fn verb_forms(&self, folded: &str) -> Option<VerbForms> {
        let mut forms: Option<VerbForms> = None;
        for_each_reading(&self.verbs, folded, |_, value| {
            let before = forms.map_or(0, |f| f.0);
            forms = Some(VerbForms(before | value));
        });
        forms
    }

    /// Whether the dictionary gives a folded form itself as its infinitive ("übernehmen"): one
    /// exact key, where [`Dictionary::verbs`] reads every reading.
    pub fn is_own_verb_form(&self, folded: &str) -> bool {
        let mut key = Vec::with_capacity(2 * folded.len() + 1);
        key.extend_from_slice(folded.as_bytes());
        key.push(LEMMA_SEPARATOR);
        key.extend_from_slice(folded.as_bytes());
        self.verbs.contains_key(key)
    }

    /// Every verb reading of a folded form (a separated form as "lehnte ab"), by infinitive.
    pub fn verbs(&self, folded: &str) -> Vec<Verb> {
        readings(&self.verbs, folded)
            .map(|(infinitive, value)| Verb { infinitive, forms: VerbForms(value) })
            .collect()
    }

    /// Every form of the folded infinitives `lemmas`, with the infinitive and what the form is:
    /// a separated form as "lehnte ab".
    pub fn verb_forms_of(
        &self,
        lemmas: &std::collections::BTreeSet<String>,
    ) -> Vec<(String, String, VerbForms)> {
        let mut found = Vec::new();
        for lemma in lemmas {
            for (form, value) in readings(&self.lemmas, lemma) {
                found.push((form, lemma.clone(), VerbForms(value)));
            }
        }
        found
    }

    /// Where the head of a folded compound starts, in bytes: the longest noun form at its end
    /// that leaves at least `min_modifier` characters before it ("batteriespezialist" → the
    /// byte of "spezialist"). A hyphen compound's head is its last part. `None` for a word that
    /// is no compound of a known noun.
    pub fn head(&self, folded: &str, min_modifier: usize) -> Option<usize> {
        if let Some(hyphen) = folded.rfind('-') {
            let start = hyphen + 1;
            return (start < folded.len()).then_some(start);
        }
        folded
            .char_indices()
            .skip(min_modifier.max(1))
            .map(|(at, _)| at)
            .find(|&at| self.is(&folded[at..], WordKinds::NOUN))
    }
}

/// The noun reading of `lemma` with the value of its key in `nouns.fst`.
fn noun(lemma: String, value: u64) -> Noun {
    Noun { lemma, genders: Genders((value & 0b111) as u8), cases: ((value >> 3) & 0xff) as u16 }
}

/// The (lemma, value) pairs of the keys `form` TAB lemma, in lemma order.
fn readings(map: &Map<Bytes>, form: &str) -> impl Iterator<Item = (String, u64)> {
    let mut found = Vec::new();
    for_each_reading(map, form, |lemma, value| {
        found.push((String::from_utf8_lossy(lemma).into_owned(), value));
    });
    found.into_iter()
}

/// Calls `f` with the lemma and value of each key `form` TAB lemma, in lemma order.
fn for_each_reading(map: &Map<Bytes>, form: &str, mut f: impl FnMut(&[u8], u64)) {
    let mut from = Vec::with_capacity(form.len() + 1);
    from.extend_from_slice(form.as_bytes());
    from.push(LEMMA_SEPARATOR);
    let mut to = from.clone();
    to[form.len()] = LEMMA_SEPARATOR + 1;
    let mut stream = map.range().ge(&from).lt(&to).into_stream();
    while let Some((key, value)) = stream.next() {
        f(&key[from.len()..], value);
    }
}

/// A lower-cased word as the dictionary keys it: fully case-folded, "ß" as "ss".
pub fn dictionary_key(folded: &str) -> Cow<'_, str> {
    if folded.contains('ß') {
        Cow::Owned(folded.replace('ß', "ss"))
    } else {
        Cow::Borrowed(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary() -> Dictionary {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/de/lexical");
        let paths = FILES.map(|name| dir.join(name));
        let bytes = paths.clone().map(|p| Cow::Owned(std::fs::read(p).expect("lexical file")));
        Dictionary::from_bytes(bytes, paths.each_ref().map(|p| p.as_path())).expect("maps")
    }

    #[test]
    fn a_noun_form_gives_its_lemma_gender_and_number() {
        let d = dictionary();
        let konzerne = d.nouns("konzerne");
        assert_eq!(konzerne.len(), 1, "{konzerne:?}");
        assert_eq!(konzerne[0].lemma, "Konzern");
        assert!(konzerne[0].genders.has(Genders::MASCULINE));
        assert!(konzerne[0].plural());
        let firma = d.nouns("firma");
        assert!(firma[0].genders.has(Genders::FEMININE) && firma[0].singular());
        assert!(d.nouns("valtek").is_empty());
    }

    #[test]
    fn verb_forms_give_every_infinitive() {
        let d = dictionary();
        let infinitives = |form: &str| -> Vec<String> {
            d.verbs(form).into_iter().map(|v| v.infinitive).collect()
        };
        assert_eq!(infinitives("lehnte ab"), ["ablehnen"]);
        assert_eq!(infinitives("gehört"), ["gehören", "hören"]);
        let ablehnte = d.verbs("ablehnte");
        assert!(ablehnte[0].forms.has(VerbForms::PAST) && ablehnte[0].forms.finite());
        assert!(d.verbs("übernommen")[0].forms.has(VerbForms::PARTICIPLE2));
    }

    #[test]
    fn reading_summaries_agree_with_the_readings() {
        let d = dictionary();
        let words = ["konzerne", "firma", "bank", "valtek", "gehört", "lehnte ab", "übernommen"];
        for word in words.into_iter().chain(["übernehmen", "verarbeiten", "ablehnte", "ab"]) {
            let singular = d.nouns(word).into_iter().filter(Noun::singular);
            let genders = singular.fold(Genders::default(), |g, n| g.union(n.genders));
            assert_eq!(d.singular_genders(word), genders, "{word}");
            let verbs = d.verbs(word);
            let forms = (!verbs.is_empty()).then(|| verbs.iter().fold(0, |f, v| f | v.forms.0));
            assert_eq!(d.verb_forms(word).map(|f| f.0), forms, "{word}");
            let own = verbs.iter().any(|v| v.infinitive == word);
            assert_eq!(d.is_own_verb_form(word), own, "{word}");
        }
        assert!(d.is_own_verb_form("übernehmen") && !d.is_own_verb_form("übernommen"));
    }

    #[test]
    fn word_kinds_tell_common_words_from_names() {
        let d = dictionary();
        assert!(d.word("konzern").has(WordKinds::NOUN));
        assert!(d.word("strasse").has(WordKinds::NOUN), "full case folding: Straße");
        assert!(d.word("übernimmt").has(WordKinds::VERB));
        assert!(d.word("schnell").has(WordKinds::LOWER));
        assert!(!d.word("valtek").known());
        assert!(!d.word("kessmann").common());
        let words = ["konzern", "strasse", "übernimmt", "schnell", "valtek", "kessmann", "siemens"];
        for word in words {
            for kinds in [WordKinds::LOWER, WordKinds::CAPITALISED, WordKinds::NOUN, !0] {
                assert_eq!(d.is(word, kinds), d.word(word).has(kinds), "{word} {kinds:#b}");
            }
        }
    }

    #[test]
    fn a_compound_head_is_its_longest_known_noun() {
        let d = dictionary();
        let head = |w: &'static str| d.head(w, 2).map(|at| &w[at..]);
        assert_eq!(head("batteriespezialist"), Some("spezialist"));
        assert_eq!(head("haushaltsgerätehersteller"), Some("hersteller"));
        assert_eq!(head("versandriese"), Some("riese"));
        assert_eq!(head("getriebebauer"), Some("bauer"));
        assert_eq!(head("batterie-spezialist"), Some("spezialist"));
        assert_eq!(head("valtek"), None);
    }
}
