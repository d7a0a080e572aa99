//! `analyze`: any bytes as an article file, through document loading, segmentation,
//! tokenization, recognition, resolution, time expressions, extraction and the RDF model, with
//! the shipped (compiled-in) knowledge loaded once. See `newsgraph::fuzzing::analyze` for what
//! is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph::fuzzing;

fuzz_target!(|bytes: &[u8]| fuzzing::analyze(bytes));
