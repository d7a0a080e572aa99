//! The term table of a graph: every distinct term written for it, as spans of one string, found
//! again by hash. Each table starts with the vocabulary terms quads are written with (the variants
//! of [`V`]), so writing one of those needs no lookup. [`super::writer`] fills a table per graph.

use std::hash::BuildHasher;
use std::sync::LazyLock;

use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{LiteralRef, NamedNodeRef, TermRef};
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::knowledge::vocabulary::{dcterms, itsrdf, ng, nif, prov, schema, skos};

/// Lists the vocabulary terms quads are written with, as the variants of `V` (named after their
/// prefixed names) and, in the same order, their IRIs. Every term table starts with them, so
/// writing one needs no lookup.
macro_rules! vocabulary {
    ($($name:ident = $iri:expr,)*) => {
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy)]
        pub(super) enum V { $($name,)* }
        pub(super) const VOCABULARY: &[NamedNodeRef<'static>] = &[$($iri,)*];
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
    schema_headline = schema!("headline"),
    schema_url = schema!("url"),
    schema_publisher = schema!("publisher"),
    schema_sourceOrganization = schema!("sourceOrganization"),
    schema_Role = schema!("Role"),
    schema_roleName = schema!("roleName"),
    schema_founder = schema!("founder"),
    schema_mentions = schema!("mentions"),
    schema_sameAs = schema!("sameAs"),
    schema_location = schema!("location"),
    schema_containedInPlace = schema!("containedInPlace"),
    dcterms_identifier = dcterms!("identifier"),
    dcterms_date = dcterms!("date"),
    dcterms_source = dcterms!("source"),
    dcterms_language = dcterms!("language"),
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
    ng_DirectStatement = ng!("DirectStatement"),
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
    ng_isin = ng!("isin"),
    ng_industry = ng!("industry"),
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
    skos_prefLabel = skos!("prefLabel"),
    skos_altLabel = skos!("altLabel"),
    skos_exactMatch = skos!("exactMatch"),
}

/// A term's place in the term table of a [`GraphQuads`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Id(pub(super) u32);

impl From<V> for Id {
    fn from(term: V) -> Self {
        // The table starts with the vocabulary, in the order of `V`.
        Id(term as u32)
    }
}

/// The datatypes of the typed literals written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Datatype {
    NonNegativeInteger,
    Decimal,
    Date,
    GYearMonth,
    GYear,
}

impl Datatype {
    pub(super) fn iri(self) -> NamedNodeRef<'static> {
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
pub(super) enum Kind {
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
pub(super) struct TermSpan {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
}

/// The distinct terms written for one graph: their text, one after the other, and where each
/// one is.
#[derive(Debug, Clone, Default)]
pub(super) struct TermTable {
    pub(super) text: String,
    pub(super) spans: Vec<TermSpan>,
}

impl TermTable {
    pub(super) fn node(&self, id: Id) -> NamedNodeRef<'_> {
        let span = self.spans[id.0 as usize];
        debug_assert_eq!(span.kind, Kind::Iri, "only IRIs are subjects and predicates");
        NamedNodeRef::new_unchecked(&self.text[span.start..span.end])
    }

    pub(super) fn term(&self, id: Id) -> TermRef<'_> {
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
pub(super) struct Interner {
    pub(super) table: TermTable,
    /// The hash of a term's kind and text → the last term added with that hash.
    pub(super) by_hash: FxHashMap<u64, Id>,
    /// For each term, the one added before it with the same hash, if any (hashes may collide).
    pub(super) same_hash: Vec<Option<Id>>,
}

/// The vocabulary, interned once: each graph's table starts as a copy of it.
pub(super) static VOCABULARY_TERMS: LazyLock<Interner> = LazyLock::new(|| {
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
    pub(super) fn intern_with(&mut self, kind: Kind, write: impl FnOnce(&mut String)) -> Id {
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
    pub(super) fn push_span(&mut self, start: usize, end: usize, kind: Kind) -> Id {
        let id = Id(u32::try_from(self.table.spans.len()).expect("fewer than 2^32 terms"));
        self.table.spans.push(TermSpan { start, end, kind });
        self.same_hash.push(None);
        id
    }

    /// Makes room for about `terms` more terms of `text` bytes in all.
    pub(super) fn reserve(&mut self, terms: usize, text: usize) {
        self.table.text.reserve(text);
        self.table.spans.reserve(terms);
        self.same_hash.reserve(terms);
        self.by_hash.reserve(terms);
    }
}
