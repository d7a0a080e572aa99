//! The RDF model: turning analyses and the lexicon into quads.
//!
//! One named graph per document holds everything read from it (metadata, NIF context, sentences,
//! mentions, entities it introduces). Lexicon entities live in the lexicon graph, the vocabulary
//! in the vocabulary graph. IRIs are derived from ids and offsets only, so the same input always
//! gives the same quads.
//!
//! The quads of a graph are made as a [`GraphQuads`]: a table of its distinct terms, all in one
//! string, and each quad as three indexes into it. A document has hundreds of quads but far fewer
//! distinct terms (the same predicates, classes, entities and offsets recur), so this costs a few
//! allocations per document where owned quads cost several per quad, and repeats are found by
//! comparing indexes instead of strings. Owned [`Quad`]s are made only where they are needed.

pub mod shacl;
pub mod store;

use std::fmt::Write as _;
use std::hash::BuildHasher;
use std::sync::LazyLock;

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{LiteralRef, NamedNode, NamedNodeRef, Quad, QuadRef, TermRef};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::analysis::Analysis;
use crate::analysis::extract::{Fact, Finding, Polarity, facts};
use crate::error::{Error, Result};
use crate::knowledge::Knowledge;
use crate::knowledge::lexicon::Entity;
use crate::knowledge::vocabulary::{
    DEFAULT_BASE, NG, SCHEMA, WIKIDATA, dcterms, expand, itsrdf, ng, nif, parse_vocabulary, prov,
    schema, skos,
};
use crate::text::document::{PartialDate, Precision};
use crate::text::slug::slug;
use crate::text::span::Span;

/// Instance IRIs under one base.
#[derive(Debug, Clone)]
pub struct Iris {
    base: String,
}

impl Default for Iris {
    /// IRIs under [`DEFAULT_BASE`].
    fn default() -> Self {
        Iris { base: DEFAULT_BASE.to_string() }
    }
}

impl Iris {
    pub fn new(base: &str) -> Result<Self> {
        let valid = NamedNode::new(base).is_ok() && (base.ends_with('/') || base.ends_with('#'));
        if !valid {
            return Err(Error::input(base, "base IRI must be absolute and end with '/' or '#'"));
        }
        Ok(Iris { base: base.to_string() })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn document(&self, id: &str) -> NamedNode {
        let mut iri = String::with_capacity(self.base.len() + 4 + id.len());
        self.push_document(&mut iri, id);
        NamedNode::new_unchecked(iri)
    }

    pub fn entity(&self, id: &str) -> NamedNode {
        let mut iri = String::with_capacity(self.base.len() + 7 + id.len());
        self.push_entity(&mut iri, id);
        NamedNode::new_unchecked(iri)
    }

    fn push_document(&self, out: &mut String, id: &str) {
        out.push_str(&self.base);
        out.push_str("doc/");
        push_segment(out, id);
    }

    fn push_entity(&self, out: &mut String, id: &str) {
        out.push_str(&self.base);
        out.push_str("entity/");
        push_segment(out, id);
    }

    pub fn lexicon_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/lexicon", self.base))
    }

    pub fn vocabulary_graph(&self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/vocabulary", self.base))
    }
}

/// Percent-encodes everything but unreserved characters, so any file name makes a valid IRI.
fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    push_segment(&mut out, id);
    out
}

/// Appends `id` to `out` as [`segment`] encodes it.
fn push_segment(out: &mut String, id: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Where the current run of unreserved bytes starts: runs are copied whole. They are ASCII,
    // so a non-empty run starts and ends on character boundaries.
    let mut run = 0;
    for (i, b) in id.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            continue;
        }
        if run < i {
            out.push_str(&id[run..i]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xF)]));
        run = i + 1;
    }
    if run < id.len() {
        out.push_str(&id[run..]);
    }
}

/// Lists the vocabulary terms quads are written with, as the variants of `V` (named after their
/// prefixed names) and, in the same order, their IRIs. Every term table starts with them, so
/// writing one needs no lookup.
macro_rules! vocabulary {
    ($($name:ident = $iri:expr,)*) => {
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy)]
        enum V { $($name,)* }
        const VOCABULARY: &[NamedNodeRef<'static>] = &[$($iri,)*];
    };
}

vocabulary! {
    rdf_type = rdf::TYPE,
    rdf_Statement = rdf::STATEMENT,
    rdf_subject = rdf::SUBJECT,
    rdf_predicate = rdf::PREDICATE,
    rdf_object = rdf::OBJECT,
    rdfs_label = rdfs::LABEL,
    schema_NewsArticle = schema!("NewsArticle"),
    schema_author = schema!("author"),
    schema_sourceOrganization = schema!("sourceOrganization"),
    schema_Role = schema!("Role"),
    schema_roleName = schema!("roleName"),
    schema_founder = schema!("founder"),
    dcterms_identifier = dcterms!("identifier"),
    dcterms_date = dcterms!("date"),
    dcterms_source = dcterms!("source"),
    ng_datePrecision = ng!("datePrecision"),
    ng_deskCredit = ng!("deskCredit"),
    ng_sourceCredit = ng!("sourceCredit"),
    ng_sourceCredits = ng!("sourceCredits"),
    ng_photoCredit = ng!("photoCredit"),
    ng_context = ng!("context"),
    ng_recognizedBy = ng!("recognizedBy"),
    ng_confidence = ng!("confidence"),
    ng_compoundHead = ng!("compoundHead"),
    ng_holder = ng!("holder"),
    ng_roleNoun = ng!("roleNoun"),
    ng_roleIn = ng!("roleIn"),
    ng_family = ng!("family"),
    ng_polarity = ng!("polarity"),
    ng_modality = ng!("modality"),
    ng_attributedTo = ng!("attributedTo"),
    ng_rule = ng!("rule"),
    ng_trigger = ng!("trigger"),
    ng_event = ng!("event"),
    ng_relatedTo = ng!("relatedTo"),
    ng_stated = ng!("stated"),
    ng_status = ng!("status"),
    ng_date = ng!("date"),
    ng_deadline = ng!("deadline"),
    ng_deadlinePrecision = ng!("deadlinePrecision"),
    ng_DayPrecision = ng!("DayPrecision"),
    ng_MonthPrecision = ng!("MonthPrecision"),
    ng_YearPrecision = ng!("YearPrecision"),
    ng_category = ng!("category"),
    ng_descriptor = ng!("descriptor"),
    nif_Context = nif!("Context"),
    nif_OffsetBasedString = nif!("OffsetBasedString"),
    nif_isString = nif!("isString"),
    nif_beginIndex = nif!("beginIndex"),
    nif_endIndex = nif!("endIndex"),
    nif_sourceUrl = nif!("sourceUrl"),
    nif_Sentence = nif!("Sentence"),
    nif_referenceContext = nif!("referenceContext"),
    nif_anchorOf = nif!("anchorOf"),
    nif_nextSentence = nif!("nextSentence"),
    nif_Phrase = nif!("Phrase"),
    nif_sentence = nif!("sentence"),
    itsrdf_taIdentRef = itsrdf!("taIdentRef"),
    itsrdf_taClassRef = itsrdf!("taClassRef"),
    prov_wasDerivedFrom = prov!("wasDerivedFrom"),
    prov_Activity = prov!("Activity"),
    skos_prefLabel = skos!("prefLabel"),
    skos_altLabel = skos!("altLabel"),
    skos_exactMatch = skos!("exactMatch"),
}

/// A term's place in the term table of a [`GraphQuads`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Id(u32);

impl From<V> for Id {
    fn from(term: V) -> Self {
        // The table starts with the vocabulary, in the order of `V`.
        Id(term as u32)
    }
}

/// The datatypes of the typed literals written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Datatype {
    NonNegativeInteger,
    Decimal,
    Date,
    GYearMonth,
    GYear,
}

impl Datatype {
    fn iri(self) -> NamedNodeRef<'static> {
        match self {
            Datatype::NonNegativeInteger => xsd::NON_NEGATIVE_INTEGER,
            Datatype::Decimal => xsd::DECIMAL,
            Datatype::Date => xsd::DATE,
            Datatype::GYearMonth => xsd::G_YEAR_MONTH,
            Datatype::GYear => xsd::G_YEAR,
        }
    }
}

/// What kind of term a span of the table's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Iri,
    /// A simple literal.
    Simple,
    /// A language-tagged string: the span is the value, then the tag.
    Tagged {
        value_len: usize,
    },
    Typed(Datatype),
}

/// A term of the table: its kind and where its text is.
#[derive(Debug, Clone, Copy)]
struct TermSpan {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The distinct terms written for one graph: their text, one after the other, and where each
/// one is.
#[derive(Debug, Clone, Default)]
struct TermTable {
    text: String,
    spans: Vec<TermSpan>,
}

impl TermTable {
    fn node(&self, id: Id) -> NamedNodeRef<'_> {
        let span = self.spans[id.0 as usize];
        debug_assert_eq!(span.kind, Kind::Iri, "only IRIs are subjects and predicates");
        NamedNodeRef::new_unchecked(&self.text[span.start..span.end])
    }

    fn term(&self, id: Id) -> TermRef<'_> {
        let span = self.spans[id.0 as usize];
        let text = &self.text[span.start..span.end];
        match span.kind {
            Kind::Iri => NamedNodeRef::new_unchecked(text).into(),
            Kind::Simple => LiteralRef::new_simple_literal(text).into(),
            Kind::Tagged { value_len } => {
                let (value, language) = text.split_at(value_len);
                LiteralRef::new_language_tagged_literal_unchecked(value, language).into()
            }
            Kind::Typed(datatype) => LiteralRef::new_typed_literal(text, datatype.iri()).into(),
        }
    }
}

/// A term table being filled, which finds the terms already in it.
#[derive(Debug, Clone, Default)]
struct Interner {
    table: TermTable,
    /// The hash of a term's kind and text → the last term added with that hash.
    by_hash: FxHashMap<u64, Id>,
    /// For each term, the one added before it with the same hash, if any (hashes may collide).
    same_hash: Vec<Option<Id>>,
}

/// The vocabulary, interned once: each graph's table starts as a copy of it.
static VOCABULARY_TERMS: LazyLock<Interner> = LazyLock::new(|| {
    let mut terms = Interner::default();
    for (i, term) in VOCABULARY.iter().enumerate() {
        let id = terms.intern_with(Kind::Iri, |out| out.push_str(term.as_str()));
        assert_eq!(id.0 as usize, i, "{term} is in the vocabulary table twice");
    }
    terms
});

impl Interner {
    /// The term of this kind whose text `write` appends: the one in the table if there is one
    /// (the text just written is taken back), else a new one.
    fn intern_with(&mut self, kind: Kind, write: impl FnOnce(&mut String)) -> Id {
        let start = self.table.text.len();
        write(&mut self.table.text);
        let text = &self.table.text[start..];
        let hash = FxBuildHasher.hash_one((kind, text));
        let last = self.by_hash.get(&hash).copied();
        let mut candidate = last;
        while let Some(id) = candidate {
            let span = self.table.spans[id.0 as usize];
            if span.kind == kind && self.table.text[span.start..span.end] == *text {
                self.table.text.truncate(start);
                return id;
            }
            candidate = self.same_hash[id.0 as usize];
        }
        let id = Id(u32::try_from(self.table.spans.len()).expect("fewer than 2^32 terms"));
        let end = self.table.text.len();
        self.table.spans.push(TermSpan { start, end, kind });
        self.same_hash.push(last);
        self.by_hash.insert(hash, id);
        id
    }

    /// A new term of this kind whose text is `text[start..end]` (already in the table, as a
    /// term or part of one), without looking for an equal one: for the terms only one method of
    /// the writer makes, which finds repeats its own way.
    fn push_span(&mut self, start: usize, end: usize, kind: Kind) -> Id {
        let id = Id(u32::try_from(self.table.spans.len()).expect("fewer than 2^32 terms"));
        self.table.spans.push(TermSpan { start, end, kind });
        self.same_hash.push(None);
        id
    }

    /// Makes room for about `terms` more terms of `text` bytes in all.
    fn reserve(&mut self, terms: usize, text: usize) {
        self.table.text.reserve(text);
        self.table.spans.reserve(terms);
        self.same_hash.reserve(terms);
        self.by_hash.reserve(terms);
    }
}

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
struct GraphWriter {
    terms: Interner,
    graph: Id,
    quads: Vec<[Id; 3]>,
    /// Where the quads of each term as a subject are, by term index (missing: none yet).
    subjects: Vec<Subject>,
    /// The subjects of the current part's quads: those `subjects` holds, for [`Self::new_part`]
    /// to forget (there are several quads to a subject).
    part_subjects: Vec<Id>,
    /// The subject of the current run, the last quad's, if it is in its first run.
    run: Option<Id>,
    /// A bit for each (predicate, object) of the current run, as [`run_bit`] picks it: a quad
    /// whose bit is not set is not in the run, without looking.
    run_bits: u64,
    /// The quads (as [`packed`]) of the subjects in the current part that are [`Subject::Hashed`].
    seen: FxHashSet<u128>,
    /// The term of each confidence written, by its bits.
    decimals: FxHashMap<u64, Id>,
    /// The NIF string of each span written, by its code point offsets: only
    /// [`chars`](Self::chars) makes such terms.
    strings: FxHashMap<(usize, usize), NifString>,
    /// Where the document's text is in the term text, once written: anchors point into it.
    text_at: usize,
}

/// A NIF string of the document: its IRI, the literals of its offsets and, once written, that
/// of its text. The offset literals are the digits in the IRI, the text is part of the document's.
#[derive(Debug, Clone, Copy)]
struct NifString {
    node: Id,
    begin: Id,
    end: Id,
    anchor: Option<Id>,
}

/// About how much a graph holds, so its lists rarely grow.
#[derive(Debug, Clone, Copy)]
struct Room {
    quads: usize,
    terms: usize,
    /// Bytes of term text.
    text: usize,
}

/// Where the quads of a term as a subject are, in the current part.
#[derive(Debug, Clone, Copy)]
enum Subject {
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
const LONGEST_RUN: usize = 32;

/// A quad's three term indexes as one number, which hashes faster than the array.
fn packed([s, p, o]: [Id; 3]) -> u128 {
    u128::from(s.0) << 64 | u128::from(p.0) << 32 | u128::from(o.0)
}

/// One of 64 bits, picked by a quad's predicate and object: those of a run's quads (which share
/// their subject) tell which quads cannot be in it.
fn run_bit([_, p, o]: [Id; 3]) -> u64 {
    const MIX: u32 = 0x9E37_79B9;
    1 << ((p.0.wrapping_mul(MIX) ^ o.0).wrapping_mul(MIX) >> 26)
}

/// Appends the decimal digits of `value`, as `write!` would, without the formatting machinery
/// (most terms of a document are offsets).
fn push_number(out: &mut String, value: usize) {
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
    fn new(graph: &str, Room { quads, terms, text }: Room) -> Self {
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
    fn add(&mut self, s: impl Into<Id>, p: impl Into<Id>, o: impl Into<Id>) {
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
    fn add_other(&mut self, quad: [Id; 3], bit: u64) {
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
    fn end_run(&mut self) {
        if let Some(subject) = self.run.take()
            && let Subject::Running { start } = self.subjects[subject.0 as usize]
        {
            self.subjects[subject.0 as usize] = Subject::Ran { start, end: self.quads.len() };
        }
    }

    /// Moves a subject's quads, `quads[start..end]`, into the `seen` set.
    fn hash_subject(&mut self, subject: usize, start: usize, end: usize) {
        self.seen.extend(self.quads[start..end].iter().map(|&quad| packed(quad)));
        self.subjects[subject] = Subject::Hashed;
        if self.run.is_some_and(|run| run.0 as usize == subject) {
            self.run = None;
        }
    }

    /// Starts a part of the graph whose quads are kept without repeats on their own: the quads
    /// of each entity a document introduces, after the document's own.
    fn new_part(&mut self) {
        for subject in self.part_subjects.drain(..) {
            self.subjects[subject.0 as usize] = Subject::None;
        }
        self.run = None;
        self.seen.clear();
    }

    fn iri(&mut self, iri: &str) -> Id {
        self.terms.intern_with(Kind::Iri, |out| out.push_str(iri))
    }

    /// The IRI `namespace` + `local`.
    fn iri_in(&mut self, namespace: &str, local: &str) -> Id {
        self.terms.intern_with(Kind::Iri, |out| {
            out.push_str(namespace);
            out.push_str(local);
        })
    }

    fn entity(&mut self, iris: &Iris, id: &str) -> Id {
        self.terms.intern_with(Kind::Iri, |out| iris.push_entity(out, id))
    }

    /// A NIF string of the document whose graph this is: `doc#char=start,end` in code points,
    /// with its offsets as literals. Only this method and [`spanned`](Self::spanned) make such
    /// IRIs and their literals, so they are found by their offsets, without writing and hashing
    /// their text.
    fn chars(&mut self, start: usize, end: usize) -> NifString {
        let (terms, graph) = (&mut self.terms, self.graph);
        *self.strings.entry((start, end)).or_insert_with(|| new_string(terms, graph, start, end))
    }

    /// The NIF string of a span of the document and the literal of its text, which points into
    /// the [`document_text`](Self::document_text).
    fn spanned(&mut self, span: Span) -> (NifString, Id) {
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
    fn document_text(&mut self, text: &str) -> Id {
        let id = self.simple(text);
        self.text_at = self.terms.table.spans[id.0 as usize].start;
        id
    }

    fn simple(&mut self, value: &str) -> Id {
        self.terms.intern_with(Kind::Simple, |out| out.push_str(value))
    }

    fn tagged(&mut self, value: &str, language: &str) -> Id {
        self.terms.intern_with(Kind::Tagged { value_len: value.len() }, |out| {
            out.push_str(value);
            out.push_str(language);
        })
    }

    /// A confidence, with two decimals. The few values recur, so each is formatted once.
    fn decimal(&mut self, value: f64) -> Id {
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

    fn date(&mut self, date: &PartialDate) -> Id {
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
    fn is_iri(&self, id: Id) -> bool {
        self.terms.table.spans[id.0 as usize].kind == Kind::Iri
    }

    fn finish(self) -> GraphQuads {
        GraphQuads { graph: self.graph, terms: self.terms.table, quads: self.quads }
    }
}

/// The terms of a NIF string not written before: see [`GraphWriter::chars`].
fn new_string(terms: &mut Interner, graph: Id, start: usize, end: usize) -> NifString {
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
fn precision(date: &PartialDate) -> V {
    match date.precision() {
        Precision::Day => V::ng_DayPrecision,
        Precision::Month => V::ng_MonthPrecision,
        Precision::Year => V::ng_YearPrecision,
    }
}

/// The quads of one analysed document, all in the document's graph.
pub fn document_quads(analysis: &Analysis, knowledge: &Knowledge, iris: &Iris) -> GraphQuads {
    let doc = &analysis.document;
    let doc_iri = iris.document(&doc.id);
    let doc_iri = doc_iri.as_str();
    // About what most documents make: each sentence and mention is a node of a few quads, a
    // string IRI, offsets and its text; findings make statements and events.
    let spans = analysis.sentences.len() + analysis.mentions.len();
    let room = Room {
        quads: 16
            + 8 * analysis.sentences.len()
            + 12 * analysis.mentions.len()
            + 8 * analysis.roles.len()
            + 24 * analysis.findings.len(),
        terms: 32 + 4 * spans + 8 * analysis.roles.len() + 16 * analysis.findings.len(),
        text: 1024
            + doc.text.len()
            + (doc_iri.len() + 32) * spans
            + 256 * (analysis.roles.len() + analysis.findings.len()),
    };
    let mut g = GraphWriter::new(doc_iri, room);
    let doc_node = g.graph;

    g.add(doc_node, V::rdf_type, V::schema_NewsArticle);
    let id = g.simple(&doc.id);
    g.add(doc_node, V::dcterms_identifier, id);
    if let Some(date) = &doc.date {
        let literal = g.date(date);
        g.add(doc_node, V::dcterms_date, literal);
        g.add(doc_node, V::ng_datePrecision, precision(date));
    }
    for author in &analysis.authors {
        let author = g.entity(iris, author);
        g.add(doc_node, V::schema_author, author);
    }
    let mut sources = Vec::new();
    for credit in &doc.credits {
        let desk = knowledge.documents.desk_credits.contains(credit);
        let property = if desk { V::ng_deskCredit } else { V::ng_sourceCredit };
        let literal = g.simple(credit);
        g.add(doc_node, property, literal);
        if !desk {
            sources.push(credit.as_str());
        }
    }
    if !sources.is_empty() {
        // The trailer's order matters (the first agency is the main source); single items do not
        // keep it, so the list is also stored as printed.
        let list = g.simple(&sources.join(", "));
        g.add(doc_node, V::ng_sourceCredits, list);
    }
    for source in &analysis.sources {
        let source = g.entity(iris, source);
        g.add(doc_node, V::schema_sourceOrganization, source);
    }
    for credit in &doc.photo_credits {
        let literal = g.simple(credit);
        g.add(doc_node, V::ng_photoCredit, literal);
    }

    let length = doc.text.chars().count();
    let whole = g.chars(0, length);
    let context = whole.node;
    g.add(doc_node, V::ng_context, context);
    g.add(context, V::rdf_type, V::nif_Context);
    g.add(context, V::rdf_type, V::nif_OffsetBasedString);
    let text = g.document_text(&doc.text);
    g.add(context, V::nif_isString, text);
    g.add(context, V::nif_beginIndex, whole.begin);
    g.add(context, V::nif_endIndex, whole.end);
    g.add(context, V::nif_sourceUrl, doc_node);

    let sentences: Vec<(NifString, Id)> =
        analysis.sentences.iter().map(|sentence| g.spanned(sentence.span)).collect();
    let sentence_nodes: Vec<Id> = sentences.iter().map(|(string, _)| string.node).collect();
    for (i, &(string, anchor)) in sentences.iter().enumerate() {
        let node = string.node;
        g.add(node, V::rdf_type, V::nif_Sentence);
        g.add(node, V::rdf_type, V::nif_OffsetBasedString);
        g.add(node, V::nif_referenceContext, context);
        g.add(node, V::nif_anchorOf, anchor);
        g.add(node, V::nif_beginIndex, string.begin);
        g.add(node, V::nif_endIndex, string.end);
        // With the sentence's other quads, so they stay one run (see `GraphWriter`).
        if let Some(&next) = sentence_nodes.get(i + 1) {
            g.add(node, V::nif_nextSentence, next);
        }
    }

    for mention in &analysis.mentions {
        let span = mention.span;
        let (string, anchor) = g.spanned(span);
        let node = string.node;
        g.add(node, V::rdf_type, V::nif_Phrase);
        g.add(node, V::rdf_type, V::nif_OffsetBasedString);
        g.add(node, V::nif_referenceContext, context);
        if let Some(&sentence) = mention.sentence.and_then(|i| sentence_nodes.get(i)) {
            g.add(node, V::nif_sentence, sentence);
        }
        g.add(node, V::nif_anchorOf, anchor);
        g.add(node, V::nif_beginIndex, string.begin);
        g.add(node, V::nif_endIndex, string.end);
        let entity_node = g.entity(iris, &mention.entity);
        g.add(node, V::itsrdf_taIdentRef, entity_node);
        let entity = knowledge
            .lexicon
            .get(&mention.entity)
            .or_else(|| analysis.new_entities.get(&mention.entity));
        if let Some(entity) = entity {
            let class = g.iri_in(SCHEMA, &entity.kind.schema);
            g.add(node, V::itsrdf_taClassRef, class);
        }
        let how = g.iri_in(NG, mention.how.name());
        g.add(node, V::ng_recognizedBy, how);
        let confidence = g.decimal(mention.confidence);
        g.add(node, V::ng_confidence, confidence);
        if let Some(head) = &mention.compound_head {
            let head = g.tagged(head, "de");
            g.add(node, V::ng_compoundHead, head);
        }
    }

    for role in &analysis.roles {
        let node = g.terms.intern_with(Kind::Iri, |out| {
            out.push_str(iris.base());
            out.push_str("role/");
            out.push_str(&role.person);
            out.push('/');
            out.push_str(&slug(role.label.as_deref().unwrap_or(&role.noun)));
            if let Some(org) = &role.organization {
                out.push('/');
                out.push_str(org);
            }
        });
        let person = g.entity(iris, &role.person);
        g.add(node, V::rdf_type, V::schema_Role);
        g.add(node, V::ng_holder, person);
        if let Some(label) = &role.label {
            let label = g.tagged(label, "en");
            g.add(node, V::schema_roleName, label);
        }
        let noun = g.tagged(&role.noun, "de");
        g.add(node, V::ng_roleNoun, noun);
        if let Some(org) = &role.organization {
            let org = g.entity(iris, org);
            g.add(node, V::ng_roleIn, org);
            if role.founder {
                g.add(org, V::schema_founder, person);
            }
        }
        if let Some(&sentence) = sentence_nodes.get(role.sentence) {
            g.add(node, V::prov_wasDerivedFrom, sentence);
        }
    }

    finding_quads(analysis, knowledge, iris, &sentence_nodes, &mut g);

    for entity in analysis.new_entities.values() {
        g.new_part();
        entity_quads(&mut g, entity, iris);
    }
    g.finish()
}

/// Label, type, names and identifiers of an entity.
fn entity_quads(g: &mut GraphWriter, entity: &Entity, iris: &Iris) {
    let node = g.entity(iris, &entity.id);
    let class = g.iri_in(SCHEMA, &entity.kind.schema);
    g.add(node, V::rdf_type, class);
    let label = g.tagged(&entity.label, "en");
    g.add(node, V::rdfs_label, label);
    g.add(node, V::skos_prefLabel, label);
    let category = g.iri_in(NG, entity.kind.category.name());
    g.add(node, V::ng_category, category);
    for name in &entity.aliases {
        if name.text != entity.label {
            let alt = g.tagged(&name.text, &name.lang);
            g.add(node, V::skos_altLabel, alt);
        }
    }
    for name in &entity.descriptors {
        let descriptor = g.tagged(&name.text, &name.lang);
        g.add(node, V::ng_descriptor, descriptor);
    }
    if let Some(q) = &entity.wikidata {
        let item = g.iri_in(WIKIDATA, q);
        g.add(node, V::skos_exactMatch, item);
    }
}

/// The lexicon graph: every known entity.
pub fn lexicon_quads(knowledge: &Knowledge, iris: &Iris) -> Vec<Quad> {
    let graph = iris.lexicon_graph();
    let entities = knowledge.lexicon.entries.len();
    let room = Room { quads: 8 * entities, terms: 8 * entities, text: 256 * entities };
    let mut g = GraphWriter::new(graph.as_str(), room);
    for entity in &knowledge.lexicon.entries {
        g.new_part();
        entity_quads(&mut g, entity, iris);
    }
    g.finish().into_quads()
}

/// The vocabulary graph, from the triples [`Knowledge::load`] parsed and checked.
pub fn vocabulary_graph(knowledge: &Knowledge, iris: &Iris) -> Vec<Quad> {
    let graph = iris.vocabulary_graph();
    (knowledge.vocabulary_triples.iter())
        .map(|triple| triple.clone().in_graph(graph.clone()))
        .collect()
}

/// The vocabulary graph, parsed from the ontology's Turtle (and checked).
pub fn vocabulary_quads(knowledge: &Knowledge, iris: &Iris) -> Result<Vec<Quad>> {
    let graph = iris.vocabulary_graph();
    let triples = parse_vocabulary(&knowledge.vocabulary, &knowledge.vocabulary_file)?;
    Ok(triples.into_iter().map(|triple| triple.in_graph(graph.clone())).collect())
}

/// `Offer`, `pending approval` → `PendingApproval`: an IRI-safe local name.
fn camel(text: &str) -> String {
    text.split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A stable 64-bit FNV-1a hash, as 16 hex digits: the same input gives the same IRI everywhere.
fn stable_hash(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The date under `property` and its precision under `precision_property`.
fn add_date(
    g: &mut GraphWriter,
    node: Id,
    (property, precision_property): (V, V),
    date: &PartialDate,
) {
    let literal = g.date(date);
    g.add(node, property, literal);
    g.add(node, precision_property, precision(date));
}

impl Iris {
    /// An event: one node per real-world event, whichever document tells it, keyed by its class
    /// and its subject and object fillers.
    pub fn event(&self, family: &str, key: &[&str]) -> NamedNode {
        let key: Vec<String> = key.iter().map(|k| segment(k)).collect();
        NamedNode::new_unchecked(format!(
            "{}event/{}/{}",
            self.base,
            segment(family),
            key.join("--")
        ))
    }

    pub fn statement(&self, hash: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}statement/{hash}", self.base))
    }
}

/// Statement nodes for the facts, direct triples for the positive asserted or reported ones,
/// and event nodes with roles, status and dates.
fn finding_quads(
    analysis: &Analysis,
    knowledge: &Knowledge,
    iris: &Iris,
    sentence_nodes: &[Id],
    g: &mut GraphWriter,
) {
    let rules = &knowledge.relations;
    let doc = &analysis.document;
    let all = facts(&analysis.findings, rules);
    // A fact the document also denies gets no direct triple from it.
    let denied: std::collections::BTreeSet<(&str, &str, Option<&str>)> = all
        .iter()
        .filter(|f| f.polarity == Polarity::Negative)
        .map(|f| (f.family.as_str(), f.subject.as_str(), f.object.as_deref()))
        .collect();
    for fact in &all {
        let finding = &analysis.findings[fact.finding];
        let Some(family) = rules.family(&fact.family) else { continue };
        let modality = rules.modality(finding.modality);
        let subject = g.entity(iris, &fact.subject);
        let sentence_text = analysis
            .sentences
            .get(finding.sentence)
            .map(|s| &doc.text[s.span.bytes()])
            .unwrap_or_default();
        let property = match family.property.as_deref().map(expand) {
            Some(Some(p)) => g.iri(p.as_str()),
            Some(None) => V::ng_relatedTo.into(),
            None => V::ng_stated.into(),
        };
        let object = match &fact.object {
            Some(o) => g.entity(iris, o),
            None => g.tagged(sentence_text, "de"),
        };
        let polarity = if fact.polarity == Polarity::Positive { "Positive" } else { "Negative" };
        let attribution = finding.attribution.as_deref().unwrap_or("");
        // One statement node per occurrence: the same fact told by another sentence or rule
        // is another statement (with its own rule, confidence and source) of the same event.
        let sentence_index = finding.sentence.to_string();
        let trigger_at = format!("{}-{}", finding.trigger.char_start, finding.trigger.char_end);
        let hash = stable_hash(&[
            &doc.id,
            &sentence_index,
            &trigger_at,
            &finding.rule,
            &fact.family,
            &fact.subject,
            fact.object.as_deref().unwrap_or(sentence_text),
            polarity,
            &modality.name,
            attribution,
        ]);
        let node = g.iri(iris.statement(&hash).as_str());
        let (s, o) = match (&fact.object, family.inverse) {
            (Some(_), true) => (object, subject),
            _ => (subject, object),
        };
        g.add(node, V::rdf_type, V::rdf_Statement);
        if !g.is_iri(s) {
            continue;
        }
        g.add(node, V::rdf_subject, s);
        g.add(node, V::rdf_predicate, property);
        g.add(node, V::rdf_object, o);
        let family_name = g.simple(&fact.family);
        g.add(node, V::ng_family, family_name);
        let polarity = g.iri_in(NG, polarity);
        g.add(node, V::ng_polarity, polarity);
        let modality_node = g.iri_in(NG, &camel(&modality.name));
        g.add(node, V::ng_modality, modality_node);
        if let Some(source) = &finding.attribution {
            let source = g.entity(iris, source);
            g.add(node, V::ng_attributedTo, source);
        }
        let rule = g.simple(&finding.rule);
        g.add(node, V::ng_rule, rule);
        let confidence = g.decimal(finding.confidence);
        g.add(node, V::ng_confidence, confidence);
        g.add(node, V::dcterms_source, g.graph);
        if let Some(&sentence) = sentence_nodes.get(finding.sentence) {
            g.add(node, V::prov_wasDerivedFrom, sentence);
        }
        if !finding.trigger.is_empty() {
            let trigger = g.chars(finding.trigger.char_start, finding.trigger.char_end).node;
            g.add(node, V::ng_trigger, trigger);
        }
        let key = (fact.family.as_str(), fact.subject.as_str(), fact.object.as_deref());
        let truthy = fact.polarity == Polarity::Positive
            && modality.truthy
            && fact.object.is_some()
            && !denied.contains(&key);
        if truthy && g.is_iri(s) && g.is_iri(o) {
            g.add(s, property, o);
        }
        let event = if denied.contains(&key) {
            // The document also says it did not happen: no event from it.
            None
        } else {
            event_node(fact, finding, analysis, iris, knowledge, g)
        };
        if let Some(event) = event {
            g.add(node, V::ng_event, event);
        } else if let Some(role) = finding.literals.get(&rules.mechanism.roles.position_name) {
            // A relation without an event node keeps its role name on the statement.
            let name = g.tagged(role, "de");
            g.add(node, V::schema_roleName, name);
        }
    }
}

/// The event node of a positive fact of an event family, with its roles, status and dates.
fn event_node(
    fact: &Fact,
    finding: &Finding,
    analysis: &Analysis,
    iris: &Iris,
    knowledge: &Knowledge,
    g: &mut GraphWriter,
) -> Option<Id> {
    let rules = &knowledge.relations;
    let family = rules.family(&fact.family)?;
    let class = family.event.as_ref()?;
    if fact.polarity == Polarity::Negative {
        return None;
    }
    let doc = &analysis.document;
    let node = match &fact.object {
        Some(object) => iris.event(&fact.family, &[&fact.subject, object]),
        // A statement is one utterance: keyed by its speaker, document and sentence.
        None => {
            let at = finding.sentence.to_string();
            iris.event(&fact.family, &[&fact.subject, &doc.id, &at])
        }
    };
    let node = g.iri(node.as_str());
    let class = g.iri_in(NG, class);
    g.add(node, V::rdf_type, class);
    g.add(node, V::rdf_type, V::prov_Activity);
    let label = |id: &str| {
        analysis
            .new_entities
            .get(id)
            .or_else(|| knowledge.lexicon.get(id))
            .map_or_else(|| id.to_string(), |e| e.label.clone())
    };
    let text = match &fact.object {
        Some(o) => format!("{}: {} → {}", family.label_en, label(&fact.subject), label(o)),
        None => format!("{}: {}", family.label_en, label(&fact.subject)),
    };
    let text = g.tagged(&text, "en");
    g.add(node, V::rdfs_label, text);
    let role = g.iri_in(NG, &family.subject.name);
    let subject = g.entity(iris, &fact.subject);
    g.add(node, role, subject);
    if let (Some(role), Some(object)) = (&family.object, &fact.object) {
        let role = g.iri_in(NG, &role.name);
        let object = g.entity(iris, object);
        g.add(node, role, object);
    }
    for role in &family.roles {
        let property = g.iri_in(NG, &role.name);
        for filler in finding.fillers(role.id) {
            let filler = g.entity(iris, filler);
            g.add(node, property, filler);
        }
        if let Some(value) = finding.literals.get(&role.id) {
            if role.id == rules.mechanism.roles.position_name {
                let name = g.tagged(value, "de");
                g.add(node, V::schema_roleName, name);
            } else {
                let literal = g.simple(value);
                g.add(node, property, literal);
            }
        }
    }
    if let Some(status) = &finding.status {
        let status = g.iri_in(NG, &camel(&rules.status(*status).name));
        g.add(node, V::ng_status, status);
    }
    if let Some(date) = &finding.date {
        add_date(g, node, (V::ng_date, V::ng_datePrecision), date);
    }
    if let Some(deadline) = &finding.deadline {
        add_date(g, node, (V::ng_deadline, V::ng_deadlinePrecision), deadline);
    }
    g.add(node, V::dcterms_source, g.graph);
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn segments_encode_every_reserved_byte() {
        let cases = [
            ("", ""),
            ("abc-1.2_3~", "abc-1.2_3~"),
            ("a b", "a%20b"),
            ("Über/ä", "%C3%9Cber%2F%C3%A4"),
            ("€", "%E2%82%AC"),
            ("x€y", "x%E2%82%ACy"),
        ];
        for (id, encoded) in cases {
            assert_eq!(segment(id), encoded, "{id:?}");
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
