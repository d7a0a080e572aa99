//! `loaders`: any text as each of the ontology's data files, through its loader and, where it
//! loads, through an analysis with it. See `newsgraph::fuzzing::load` for what is checked.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::{GraphStore, fuzzing};

/// The fuzz build has no RocksDB: the store lives in memory and the path only names it.
static STORE: LazyLock<GraphStore> = LazyLock::new(|| fuzzing::article_store(Path::new("fuzz")));

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        fuzzing::load(text, &STORE);
    }
});
