//! The RDF model: turning analyses and the lexicon into quads.
//!
//! One named graph per document holds what is its own (metadata, NIF context, sentences,
//! mentions, statements, entities only it introduces). What documents tell alike (events,
//! direct triples, entities of the generated lists) lives once in the facts graph, made from the
//! documents' statements (`shared`). Lexicon entities live in the lexicon graph, the vocabulary
//! in the vocabulary graph. IRIs are derived from ids and offsets only, so the same input always
//! gives the same quads.
//!
//! The quads of a graph are made as a [`GraphQuads`]: a table of its distinct terms, all in one
//! string, and each quad as three indexes into it. A document has hundreds of quads but far fewer
//! distinct terms (the same predicates, classes, entities and offsets recur), so this costs a few
//! allocations per document where owned quads cost several per quad, and repeats are found by
//! comparing indexes instead of strings. Owned [`Quad`]s are made only where they are needed.
//!
//! `iris` names things, `terms` holds the term table, `writer` writes a graph's quads,
//! `quads` and `findings` say which quads a document, the lexicon and the vocabulary make,
//! `store` keeps them on disk and `access` decides who opens a store and what a reader sees.

mod access;
mod findings;
mod iris;
mod quads;
pub(crate) mod shacl;
mod shared;
pub(crate) mod store;
mod terms;
mod writer;

pub use iris::{Iris, UNRESERVED};
#[cfg(any(test, feature = "fuzzing"))]
pub use quads::vocabulary_quads;
pub use quads::{document_quads, lexicon_quads, vocabulary_graph};
pub use writer::{GraphContent, GraphQuads};
