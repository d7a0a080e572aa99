//! Writing the quads of one graph: [`GraphWriter`] interns terms into a [`TermTable`] and keeps
//! each quad once per part of the graph, and [`GraphQuads`] is what it makes. The quads of
//! documents, statements, events and entities ([`super::quads`], [`super::findings`]) are all
//! written through it.

use std::fmt::Write as _;

use oxigraph::model::{NamedNodeRef, Quad, QuadRef};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::iris::Iris;
use super::terms::{Datatype, Id, Interner, Kind, TermTable, V, VOCABULARY_TERMS};
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

/// Writes the quads of one graph, each quad once per part of the graph.
pub(super) struct GraphWriter {
    pub(super) terms: Interner,
    pub(super) graph: Id,
    pub(super) quads: Vec<[Id; 3]>,
    /// The quads of the current part, to leave repeats out.
    pub(super) seen: FxHashSet<[Id; 3]>,
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
            seen: FxHashSet::with_capacity_and_hasher(quads, FxBuildHasher),
            // Most terms of a document are strings with two offsets each.
            strings: FxHashMap::with_capacity_and_hasher(terms / 4, FxBuildHasher),
            text_at: 0,
        }
    }

    /// Adds a quad, unless the current part has it already.
    pub(super) fn add(&mut self, s: impl Into<Id>, p: impl Into<Id>, o: impl Into<Id>) {
        let quad = [s.into(), p.into(), o.into()];
        if self.seen.insert(quad) {
            self.quads.push(quad);
        }
    }

    /// Starts a part of the graph whose quads are kept without repeats on their own: the quads
    /// of each entity a document introduces, after the document's own.
    pub(super) fn new_part(&mut self) {
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

    /// The input a document was read from (see [`Iris::push_source`]).
    pub(super) fn source(&mut self, iris: &Iris, source: &str) -> Id {
        self.terms.intern_with(Kind::Iri, |out| iris.push_source(out, source))
    }

    pub(super) fn entity(&mut self, iris: &Iris, id: &str) -> Id {
        self.terms.intern_with(Kind::Iri, |out| iris.push_entity(out, id))
    }

    /// A NIF string of the document whose graph this is: `doc#char=start,end` in code points,
    /// with its offsets as literals. Only this method and [`spanned`](Self::spanned) make such
    /// IRIs and their literals, so they are found by their offsets, without writing and hashing
    /// their text. (Interning the IRIs, offsets and anchors like other terms costs 8.7 % of
    /// analysis and quads: 315.6 → 342.9 M instructions on 1 MB of news.)
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

    /// A confidence, with two decimals.
    pub(super) fn decimal(&mut self, value: f64) -> Id {
        self.terms.intern_with(Kind::Typed(Datatype::Decimal), |out| {
            // Writing to a String cannot fail.
            let _ = write!(out, "{value:.2}");
        })
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
    text.push_str(itoa::Buffer::new().format(start));
    let begin_digits = begin_at..text.len();
    text.push(',');
    let end_at = text.len();
    text.push_str(itoa::Buffer::new().format(end));
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
    use super::super::terms::VOCABULARY;
    use super::*;
    use crate::knowledge::vocabulary::nif;

    /// An offset literal.
    fn number(g: &mut GraphWriter, value: usize) -> Id {
        g.terms.intern_with(Kind::Typed(Datatype::NonNegativeInteger), |out| {
            out.push_str(itoa::Buffer::new().format(value));
        })
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
        let numbers: Vec<Id> = (0..64).map(|i| number(&mut g, i)).collect();
        // `a` in one run, `b` in a long one, then both again, interleaved.
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
