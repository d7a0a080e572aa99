//! `sparql_bind`: a shipped query with any `--bind VAR=VALUE` arguments, on a store holding a
//! deal article. See `newsgraph::fuzzing::bind` for the input format.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsgraph::{GraphStore, fuzzing};

/// The fuzz build has no RocksDB: the store lives in memory and the path only names it.
static STORE: LazyLock<GraphStore> = LazyLock::new(|| fuzzing::article_store(Path::new("fuzz")));

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        fuzzing::bind(text, &STORE);
    }
});
