//! Ways out of the store: the RDF serialisations of `export` (one module per format), diagrams
//! (DOT and SVG), the entity graph behind them and dataset descriptions.

pub(crate) mod dot;
pub(crate) mod graph;
pub(crate) mod grouping;
pub(crate) mod jsonld;
pub(crate) mod nif;
pub(crate) mod nquads;
pub(crate) mod rdfxml;
pub(crate) mod sorted;
pub(crate) mod turtle;
pub(crate) mod void;
