//! newsgraph: news articles in, an RDF knowledge graph with provenance out.
//!
//! The folders follow the data, one way: [`text`] loads an article and splits it into sentences
//! and tokens; [`knowledge`] loads everything language- and world-specific from `ontology/`;
//! [`analysis`] finds mentions, entities, times, relations and events; [`rdf`] turns the result
//! into quads and keeps them in Oxigraph; [`export`], [`server`] and [`push`] take them out
//! again; [`commands`] are the subcommands of the binary. A folder never imports one after it.

pub mod analysis;
pub mod commands;
mod error;
mod eval;
pub mod export;
pub mod knowledge;
pub mod push;
pub mod rdf;
pub mod server;
pub mod text;

/// The checks the fuzz targets in `fuzz/` run (with the `fuzzing` feature), replayed on their
/// corpus by the unit tests. Not part of the library's API.
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;

pub use analysis::{Analysis, Pipeline};
pub use error::{Error, Result};
pub use knowledge::Knowledge;
pub use rdf::store::GraphStore;
pub use text::document::Document;
