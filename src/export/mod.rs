//! Ways out of the store: the RDF serialisations of `export` (one module per format), diagrams
//! (DOT and SVG), the entity graph behind them and dataset descriptions.

pub mod dot;
pub mod graph;
pub mod grouping;
pub mod jsonld;
pub mod nif;
pub mod nquads;
pub mod rdfxml;
pub mod sorted;
pub mod turtle;
pub mod void;
