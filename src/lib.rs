//! newsgraph: news articles in, an RDF knowledge graph with provenance out.
//!
//! The folders follow the data, one way: `text` loads an article and splits it into sentences
//! and tokens; `knowledge` loads everything language- and world-specific from `ontology/`;
//! `analysis` finds mentions, entities, times, relations and events; `rdf` turns the result
//! into quads and keeps them in Oxigraph; `export`, `server` and `push` take them out again;
//! `commands` are the subcommands of the binary. A folder never imports one after it.
//!
//! The folders are private to the crate; a library user works with the names re-exported below:
//!
//! ```no_run
//! use newsgraph::{Document, GraphStore, Iris, Knowledge, Pipeline, Source, document_quads};
//!
//! # fn main() -> newsgraph::Result<()> {
//! let knowledge = Knowledge::load(&Source::Embedded)?;
//! let pipeline = Pipeline::new(&knowledge);
//! let document = Document::load("article.txt".as_ref(), &knowledge.documents)?;
//! let iris = Iris::default();
//! let graph = iris.document(&document.id);
//! let quads = document_quads(&pipeline.analyze(document), &knowledge, &iris);
//! let store = GraphStore::open("store".as_ref())?;
//! // The document's graph, and what it tells with others in the facts graph.
//! store.put_documents(&[(graph, quads)], &knowledge, &iris)?;
//! # Ok(())
//! # }
//! ```

mod analysis;
mod commands;
mod error;
mod eval;
mod export;
mod knowledge;
mod push;
mod rdf;
mod server;
mod text;

/// The checks the fuzz targets in `fuzz/` run (with the `fuzzing` feature), replayed on their
/// corpus by the unit tests. Not part of the library's API.
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;

/// Single stages of the pipeline, which the stage benchmark (`benches/stages.rs`) times one by
/// one with the `internals` feature. Not part of the library's API.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals {
    pub use crate::analysis::recognize::Gazetteer;
    pub use crate::text::segment::segment;
    pub use crate::text::span::CharIndex;
    pub use crate::text::token::tokenize;
}

// Loading the knowledge.
/// Everything read from the ontology directory: lexicon, rules, relations, vocabulary.
pub use knowledge::Knowledge;
/// Where the knowledge is read from: a directory, or the copy compiled into the crate.
pub use knowledge::Source;

// Reading an article.
/// What the pipeline found in one document: sentences, mentions, entities, times, findings.
pub use analysis::Analysis;
/// The analysis stages, set up once from the knowledge and run on each document.
pub use analysis::Pipeline;
/// A news article as loaded: its text, prose ranges, date, authors and credits.
pub use text::document::Document;
/// What an article's input tells beside its text: headline, URL, publisher, language, sources.
pub use text::document::Metadata;

// Quads, the store and the ways out of it.
/// Every quad of a store as sorted N-Quads lines, as `newsgraph export --format nq` writes them.
pub use export::nquads::write_nquads;
/// The quads of one named graph, as [`document_quads`] makes them.
pub use rdf::GraphQuads;
/// Instance IRIs (documents, entities, events, graphs) under one base.
pub use rdf::Iris;
/// An analysis as the quads of its document's named graph.
pub use rdf::document_quads;
/// The Oxigraph store on disk: replacing graphs, SPARQL queries, reading quads.
pub use rdf::store::GraphStore;
/// Why a SPARQL query of [`GraphStore::query`] could not run.
pub use rdf::store::QueryError;

// Errors.
/// The library's error, naming the file, line or store that failed, and its result type.
pub use error::{Error, Result};

// The binary.
/// The binary's command line, the run of one command, and how that run ended.
pub use commands::{Outcome, cli::Cli, run};
