//! Ways out of the store: diagrams (DOT and SVG), the entity graph behind them, dataset
//! descriptions and sorted serialisations.

pub mod dot;
pub mod graph;
pub mod sorted;
pub mod void;
