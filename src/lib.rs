//! newsgraph: news articles in, an RDF knowledge graph with provenance out.
//!
//! The pipeline runs one stage per module: [`document`] loads an article, [`segment`] and
//! [`token`] split it, [`recognize`] finds mentions, [`pipeline`] ties the stages together,
//! [`rdf`] turns the result into quads and [`store`] keeps them in Oxigraph. All language and
//! world knowledge is data, loaded by [`knowledge`] from `ontology/`.

pub mod cli;
pub mod commands;
pub mod document;
pub mod dot;
pub mod error;
pub mod eval;
pub mod extract;
pub mod fold;
pub mod graph;
pub mod knowledge;
pub mod lexicon;
pub mod pipeline;
pub mod push;
pub mod rdf;
pub mod recognize;
pub mod relations;
pub mod resolve;
pub mod rules;
pub mod seeds;
pub mod segment;
pub mod server;
pub mod shacl;
pub mod slug;
pub mod sorted;
pub mod span;
pub mod store;
pub mod suffix;
pub mod time;
pub mod token;
pub mod void;
pub mod words;

pub use document::Document;
pub use error::{Error, Result};
pub use knowledge::Knowledge;
pub use pipeline::{Analysis, Pipeline};
pub use store::GraphStore;
