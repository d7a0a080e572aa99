//! Writing the quads of one graph: [`GraphWriter`] interns terms into a [`TermTable`] and keeps
//! each quad once per part of the graph, and [`GraphQuads`] is what it makes. The quads of
//! documents, statements, events and entities ([`super::quads`], [`super::findings`]) are all
//! written through it.

use std::fmt::Write as _;

use oxigraph::model::{NamedNodeRef, Quad, QuadRef};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::iris::Iris;
use super::terms::{Datatype, Id, Interner, Kind, TermTable, V, VOCABULARY, VOCABULARY_TERMS};
use crate::text::document::{PartialDate, Precision};
use crate::text::span::Span;

/// The quads of one named graph: a table of their distinct terms and each quad as the indexes of
/// its subject, predicate and object, in the order first written, without repeats within each
/// part of the graph (a document's own quads, then those of each entity it introduces). The
/// store is a set and exports sort, so no sorting is needed here (formatting every quad to sort
/// it was the costliest step of a build).
#[derive(Debug, Clone)]
pub struct GraphQuads {
    graph: Id,
    terms: TermTable,
    quads: Vec<[Id; 3]>,
}

impl GraphQuads {
    /// The graph's name.
    pub fn graph(&self) -> NamedNodeRef<'_> {
        self.terms.node(self.graph)
    }

    pub fn len(&self) -> usize {
        self.quads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.quads.is_empty()
    }

    /// The quads, borrowing their terms from the table.
    pub fn iter(&self) -> impl Iterator<Item = QuadRef<'_>> {
        let graph = self.graph();
        self.quads.iter().map(move |&[s, p, o]| {
            QuadRef::new(self.terms.node(s), self.terms.node(p), self.terms.term(o), graph)
        })
    }

    /// The quads as owned quads.
    pub fn into_quads(self) -> Vec<Quad> {
        self.iter().map(QuadRef::into_owned).collect()
    }
}

/// The quads of one graph, as the store takes them: owned quads (as parsed, say) or the compact
/// [`GraphQuads`] of a document.
pub trait GraphContent {
    fn quad_refs(&self) -> impl Iterator<Item = QuadRef<'_>>;
}

impl GraphContent for Vec<Quad> {
    fn quad_refs(&self) -> impl Iterator<Item = QuadRef<'_>> {
        self.iter().map(Quad::as_ref)
    }
}

impl GraphContent for GraphQuads {
    fn quad_refs(&self) -> impl Iterator<Item = QuadRef<'_>> {
        self.iter()
    }
}

/// Writes the quads of one graph.
///
/// Repeats are left out by subject. A node's quads are mostly written one after the other, and
/// most nodes (sentences, mentions) get only that one run of quads: a quad is looked for in its
/// subject's run only, a few quads back. Only the quads of subjects that come back after other
/// subjects' quads (entities, events) go into a hash set.
pub(super) struct GraphWriter {
    pub(super) terms: Interner,
    pub(super) graph: Id,
    pub(super) quads: Vec<[Id; 3]>,
    /// Where the quads of each term as a subject are, by term index (missing: none yet).
    pub(super) subjects: Vec<Subject>,
    /// The subjects of the current part's quads: those `subjects` holds, for [`Self::new_part`]
    /// to forget (there are several quads to a subject).
    pub(super) part_subjects: Vec<Id>,
    /// The subject of the current run, the last quad's, if it is in its first run.
    pub(super) run: Option<Id>,
    /// A bit for each (predicate, object) of the current run, as [`run_bit`] picks it: a quad
    /// whose bit is not set is not in the run, without looking.
    pub(super) run_bits: u64,
    /// The quads (as [`packed`]) of the subjects in the current part that are [`Subject::Hashed`].
    pub(super) seen: FxHashSet<u128>,
    /// The term of each confidence written, by its bits.
    pub(super) decimals: FxHashMap<u64, Id>,
    /// The NIF string of each span written, by its code point offsets: only
    /// [`chars`](Self::chars) makes such terms.
    pub(super) strings: FxHashMap<(usize, usize), NifString>,
    /// Where the document's text is in the term text, once written: anchors point into it.
    pub(super) text_at: usize,
}

/// A NIF string of the document: its IRI, the literals of its offsets and, once written, that
/// of its text. The offset literals are the digits in the IRI, the text is part of the document's.
#[derive(Debug, Clone, Copy)]
pub(super) struct NifString {
    pub(super) node: Id,
    pub(super) begin: Id,
    pub(super) end: Id,
    pub(super) anchor: Option<Id>,
}

/// About how much a graph holds, so its lists rarely grow.
#[derive(Debug, Clone, Copy)]
pub(super) struct Room {
    pub(super) quads: usize,
    pub(super) terms: usize,
    /// Bytes of term text.
    pub(super) text: usize,
}

/// Where the quads of a term as a subject are, in the current part.
#[derive(Debug, Clone, Copy)]
pub(super) enum Subject {
    None,
    /// They are the current run, from `start` on.
    Running {
        start: usize,
    },
    /// They were one run, `start..end`.
    Ran {
        start: usize,
        end: usize,
    },
    /// They are in the `seen` set.
    Hashed,
}

/// A run longer than this goes into the `seen` set, so looking through it stays cheap.
pub(super) const LONGEST_RUN: usize = 32;

/// A quad's three term indexes as one number, which hashes faster than the array.
pub(super) fn packed([s, p, o]: [Id; 3]) -> u128 {
    u128::from(s.0) << 64 | u128::from(p.0) << 32 | u128::from(o.0)
}

/// One of 64 bits, picked by a quad's predicate and object: those of a run's quads (which share
/// their subject) tell which quads cannot be in it.
pub(super) fn run_bit([_, p, o]: [Id; 3]) -> u64 {
    const MIX: u32 = 0x9E37_79B9;
    1 << ((p.0.wrapping_mul(MIX) ^ o.0).wrapping_mul(MIX) >> 26)
}

/// Appends the decimal digits of `value`, as `write!` would, without the formatting machinery
/// (most terms of a document are offsets).
pub(super) fn push_number(out: &mut String, value: usize) {
    // "00", "01", … "99": two digits at a time halves the divisions.
    const PAIRS: &str = "\
        0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let pair = |n: usize| &PAIRS[n * 2..n * 2 + 2];
    // A digit: `n` is below 10.
    let digit = |n: usize| char::from(b'0' + n as u8);
    // Offsets, the numbers written, mostly have up to five digits: those are written straight
    // into `out`, first digit first.
    match value {
        0..=9 => out.push(digit(value)),
        10..=99 => out.push_str(pair(value)),
        100..=999 => {
            out.push(digit(value / 100));
            out.push_str(pair(value % 100));
        }
        1000..=9999 => {
            out.push_str(pair(value / 100));
            out.push_str(pair(value % 100));
        }
        10_000..=99_999 => {
            out.push(digit(value / 10_000));
            out.push_str(pair(value / 100 % 100));
            out.push_str(pair(value % 100));
        }
        _ => {
            // Longer ones go from the last digit back, as bytes, then into `out` as characters.
            let mut digits = [b'0'; 20];
            let mut start = digits.len();
            let mut rest = value;
            while rest > 0 {
                start -= 1;
                // A digit: the remainder is below 10.
                digits[start] = b'0' + (rest % 10) as u8;
                rest /= 10;
            }
            out.extend(digits[start..].iter().map(|&digit| char::from(digit)));
        }
    }
}

impl GraphWriter {
    /// A writer for the graph `graph`, with room for about `quads` quads of `terms` more terms
    /// of `text` bytes in all.
    pub(super) fn new(graph: &str, Room { quads, terms, text }: Room) -> Self {
        let mut table = VOCABULARY_TERMS.clone();
        table.reserve(terms, text);
        let graph = table.intern_with(Kind::Iri, |out| out.push_str(graph));
        GraphWriter {
            terms: table,
            graph,
            quads: Vec::with_capacity(quads),
            subjects: Vec::with_capacity(VOCABULARY.len() + terms),
            part_subjects: Vec::with_capacity(terms / 2),
            run: None,
            run_bits: 0,
            seen: FxHashSet::default(),
            decimals: FxHashMap::default(),
            // Most terms of a document are strings with two offsets each.
            strings: FxHashMap::with_capacity_and_hasher(terms / 4, FxBuildHasher),
            text_at: 0,
        }
    }

    /// Adds a quad, unless the current part has it already.
    #[inline(always)]
    pub(super) fn add(&mut self, s: impl Into<Id>, p: impl Into<Id>, o: impl Into<Id>) {
        let quad = [s.into(), p.into(), o.into()];
        let bit = run_bit(quad);
        // Most quads are one more of the current run that its bits say it cannot have yet: those
        // take no call.
        if let Some(&Subject::Running { start }) = self.subjects.get(quad[0].0 as usize)
            && self.run_bits & bit == 0
            && self.quads.len() - start < LONGEST_RUN
        {
            self.run_bits |= bit;
            self.quads.push(quad);
            return;
        }
        self.add_other(quad, bit);
    }

    /// [`add`](Self::add) for the quads that may repeat or start or end a run.
    pub(super) fn add_other(&mut self, quad: [Id; 3], bit: u64) {
        let subject = quad[0].0 as usize;
        if subject >= self.subjects.len() {
            self.subjects.resize(self.terms.table.spans.len(), Subject::None);
        }
        match self.subjects[subject] {
            Subject::Running { start } => {
                if self.run_bits & bit != 0 && self.quads[start..].contains(&quad) {
                    return;
                }
                self.run_bits |= bit;
                if self.quads.len() - start >= LONGEST_RUN {
                    self.hash_subject(subject, start, self.quads.len());
                    self.seen.insert(packed(quad));
                }
            }
            Subject::None => {
                self.end_run();
                self.subjects[subject] = Subject::Running { start: self.quads.len() };
                self.part_subjects.push(quad[0]);
                self.run = Some(quad[0]);
                self.run_bits = bit;
            }
            Subject::Ran { start, end } => {
                self.end_run();
                self.hash_subject(subject, start, end);
                if !self.seen.insert(packed(quad)) {
                    return;
                }
            }
            Subject::Hashed => {
                self.end_run();
                if !self.seen.insert(packed(quad)) {
                    return;
                }
            }
        }
        self.quads.push(quad);
    }

    /// Ends the current run, before a quad of another subject.
    pub(super) fn end_run(&mut self) {
        if let Some(subject) = self.run.take()
            && let Subject::Running { start } = self.subjects[subject.0 as usize]
        {
            self.subjects[subject.0 as usize] = Subject::Ran { start, end: self.quads.len() };
        }
    }

    /// Moves a subject's quads, `quads[start..end]`, into the `seen` set.
    pub(super) fn hash_subject(&mut self, subject: usize, start: usize, end: usize) {
        self.seen.extend(self.quads[start..end].iter().map(|&quad| packed(quad)));
        self.subjects[subject] = Subject::Hashed;
        if self.run.is_some_and(|run| run.0 as usize == subject) {
            self.run = None;
        }
    }

    /// Starts a part of the graph whose quads are kept without repeats on their own: the quads
    /// of each entity a document introduces, after the document's own.
    pub(super) fn new_part(&mut self) {
        for subject in self.part_subjects.drain(..) {
            self.subjects[subject.0 as usize] = Subject::None;
        }
        self.run = None;
        self.seen.clear();
    }

    pub(super) fn iri(&mut self, iri: &str) -> Id {
        self.terms.intern_with(Kind::Iri, |out| out.push_str(iri))
    }

    /// The IRI `namespace` + `local`.
    pub(super) fn iri_in(&mut self, namespace: &str, local: &str) -> Id {
        self.terms.intern_with(Kind::Iri, |out| {
            out.push_str(namespace);
            out.push_str(local);
        })
    }

    pub(super) fn entity(&mut self, iris: &Iris, id: &str) -> Id {
        self.terms.intern_with(Kind::Iri, |out| iris.push_entity(out, id))
    }

    /// A NIF string of the document whose graph this is: `doc#char=start,end` in code points,
    /// with its offsets as literals. Only this method and [`spanned`](Self::spanned) make such
    /// IRIs and their literals, so they are found by their offsets, without writing and hashing
    /// their text.
    pub(super) fn chars(&mut self, start: usize, end: usize) -> NifString {
        let (terms, graph) = (&mut self.terms, self.graph);
        *self.strings.entry((start, end)).or_insert_with(|| new_string(terms, graph, start, end))
    }

    /// The NIF string of a span of the document and the literal of its text, which points into
    /// the [`document_text`](Self::document_text).
    pub(super) fn spanned(&mut self, span: Span) -> (NifString, Id) {
        let (terms, graph) = (&mut self.terms, self.graph);
        let (start, end) = (span.char_start, span.char_end);
        let string = self
            .strings
            .entry((start, end))
            .or_insert_with(|| new_string(terms, graph, start, end));
        let anchor = *string.anchor.get_or_insert_with(|| {
            let at = self.text_at;
            terms.push_span(at + span.start, at + span.end, Kind::Simple)
        });
        (*string, anchor)
    }

    /// The document's text, as a literal: written once, [`spanned`](Self::spanned) points into
    /// it.
    pub(super) fn document_text(&mut self, text: &str) -> Id {
        let id = self.simple(text);
        self.text_at = self.terms.table.spans[id.0 as usize].start;
        id
    }

    pub(super) fn simple(&mut self, value: &str) -> Id {
        self.terms.intern_with(Kind::Simple, |out| out.push_str(value))
    }

    pub(super) fn tagged(&mut self, value: &str, language: &str) -> Id {
        self.terms.intern_with(Kind::Tagged { value_len: value.len() }, |out| {
            out.push_str(value);
            out.push_str(language);
        })
    }

    /// A confidence, with two decimals. The few values recur, so each is formatted once.
    pub(super) fn decimal(&mut self, value: f64) -> Id {
        if let Some(&id) = self.decimals.get(&value.to_bits()) {
            return id;
        }
        let id = self.terms.intern_with(Kind::Typed(Datatype::Decimal), |out| {
            // Writing to a String cannot fail.
            let _ = write!(out, "{value:.2}");
        });
        self.decimals.insert(value.to_bits(), id);
        id
    }

    pub(super) fn date(&mut self, date: &PartialDate) -> Id {
        let datatype = match date.precision() {
            Precision::Day => Datatype::Date,
            Precision::Month => Datatype::GYearMonth,
            Precision::Year => Datatype::GYear,
        };
        self.terms.intern_with(Kind::Typed(datatype), |out| {
            let _ = write!(out, "{date}");
        })
    }

    /// Whether the term is an IRI (and not a literal).
    pub(super) fn is_iri(&self, id: Id) -> bool {
        self.terms.table.spans[id.0 as usize].kind == Kind::Iri
    }

    pub(super) fn finish(self) -> GraphQuads {
        GraphQuads { graph: self.graph, terms: self.terms.table, quads: self.quads }
    }
}

/// The terms of a NIF string not written before: see [`GraphWriter::chars`].
pub(super) fn new_string(terms: &mut Interner, graph: Id, start: usize, end: usize) -> NifString {
    let doc = terms.table.spans[graph.0 as usize];
    let text = &mut terms.table.text;
    let iri = text.len();
    text.extend_from_within(doc.start..doc.end);
    text.push_str("#char=");
    let begin_at = text.len();
    push_number(text, start);
    let begin_digits = begin_at..text.len();
    text.push(',');
    let end_at = text.len();
    push_number(text, end);
    let end_digits = end_at..text.len();
    let number = Kind::Typed(Datatype::NonNegativeInteger);
    NifString {
        node: terms.push_span(iri, end_digits.end, Kind::Iri),
        begin: terms.push_span(begin_digits.start, begin_digits.end, number),
        end: terms.push_span(end_digits.start, end_digits.end, number),
        anchor: None,
    }
}

/// The precision of a date as a term of the vocabulary.
pub(super) fn precision(date: &PartialDate) -> V {
    match date.precision() {
        Precision::Day => V::ng_DayPrecision,
        Precision::Month => V::ng_MonthPrecision,
        Precision::Year => V::ng_YearPrecision,
    }
}

/// The date under `property` and its precision under `precision_property`.
pub(super) fn add_date(
    g: &mut GraphWriter,
    node: Id,
    (property, precision_property): (V, V),
    date: &PartialDate,
) {
    let literal = g.date(date);
    g.add(node, property, literal);
    g.add(node, precision_property, precision(date));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::vocabulary::nif;

    /// An offset literal.
    fn number(g: &mut GraphWriter, value: usize) -> Id {
        g.terms.intern_with(Kind::Typed(Datatype::NonNegativeInteger), |out| {
            push_number(out, value);
        })
    }

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for value in [
            0,
            7,
            9,
            10,
            99,
            100,
            101,
            999,
            1000,
            1009,
            9999,
            10_000,
            10_101,
            12_345,
            99_999,
            100_000,
            1_234_567,
            usize::MAX,
        ] {
            let mut out = String::from("x");
            push_number(&mut out, value);
            assert_eq!(out, format!("x{value}"));
        }
    }

    #[test]
    fn the_vocabulary_table_lists_each_term_once() {
        // Interning checks that each term gets the index of its variant.
        assert_eq!(VOCABULARY_TERMS.table.spans.len(), VOCABULARY.len());
        let mut g =
            GraphWriter::new("https://example.org/g", Room { quads: 4, terms: 4, text: 64 });
        assert_eq!(g.iri(nif!("Phrase").as_str()), Id::from(V::nif_Phrase));
    }

    #[test]
    fn quads_are_written_once_per_part() {
        let mut g =
            GraphWriter::new("https://example.org/g", Room { quads: 4, terms: 4, text: 64 });
        let node = g.iri("https://example.org/a");
        let label = g.tagged("A", "en");
        let same_label = g.tagged("A", "en");
        let other_label = g.tagged("A", "de");
        let text = g.simple("A");
        assert_eq!(label, same_label);
        assert_ne!(label, other_label);
        assert_ne!(label, text);
        g.add(node, V::rdfs_label, label);
        g.add(node, V::rdfs_label, same_label);
        g.add(node, V::rdfs_label, other_label);
        let index = number(&mut g, 42);
        g.add(node, V::nif_beginIndex, index);
        g.new_part();
        g.add(node, V::rdfs_label, label);
        let quads = g.finish();
        assert_eq!(quads.len(), 4);
        let lines: Vec<String> = quads.iter().map(|q| q.to_string()).collect();
        assert_eq!(
            lines,
            [
                "<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> \"A\"@en <https://example.org/g>",
                "<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> \"A\"@de <https://example.org/g>",
                "<https://example.org/a> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> \"42\"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> <https://example.org/g>",
                "<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> \"A\"@en <https://example.org/g>",
            ]
        );
        assert_eq!(quads.graph().as_str(), "https://example.org/g");
        assert_eq!(quads.into_quads().len(), 4);
    }

    #[test]
    fn repeats_are_found_whichever_way_a_subject_comes_back() {
        let room = Room { quads: 4, terms: 4, text: 64 };
        let mut g = GraphWriter::new("https://example.org/g", room);
        let a = g.iri("https://example.org/a");
        let b = g.iri("https://example.org/b");
        let numbers: Vec<Id> = (0..2 * LONGEST_RUN).map(|i| number(&mut g, i)).collect();
        // `a` in one run, `b` in a run too long to look through, then both again.
        g.add(a, V::rdf_type, V::nif_Phrase);
        g.add(a, V::nif_beginIndex, numbers[1]);
        for &n in &numbers {
            g.add(b, V::nif_beginIndex, n);
        }
        g.add(b, V::nif_beginIndex, numbers[0]);
        g.add(a, V::nif_beginIndex, numbers[1]);
        g.add(a, V::rdf_type, V::nif_Phrase);
        g.add(a, V::nif_endIndex, numbers[1]);
        g.add(b, V::nif_endIndex, numbers[1]);
        g.add(a, V::nif_endIndex, numbers[1]);
        g.add(b, V::nif_endIndex, numbers[1]);
        let quads = g.finish();
        assert_eq!(quads.len(), 2 + numbers.len() + 2);
        let distinct: std::collections::HashSet<String> =
            quads.iter().map(|q| q.to_string()).collect();
        assert_eq!(distinct.len(), quads.len());
    }
}
