//! `analyze`: any bytes as an article file, through document loading, segmentation,
//! tokenization, recognition, resolution, time expressions, extraction and the RDF model, with
//! the shipped (compiled-in) knowledge loaded once. See `common::analyze` for what is checked.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| common::analyze(bytes));
