//! The seeds' graph, pinned: the SHA-256 of the sorted N-Quads that `build` and `export` make of
//! the seed articles. A change that moves code around must leave it alone; a change to
//! extraction, the lexicon or the RDF model changes it, and then this constant is updated by hand
//! in the same commit, after reading the difference (`newsgraph export --format nq` before and
//! after). The test never updates it itself.

mod common;

use common::{Workspace, repo};
use sha2::{Digest, Sha256};

/// `newsgraph build seeds/` then `newsgraph export --format nq`, hashed.
const SEEDS_NQUADS_SHA256: &str =
    "e11a532d9c8d2eb79df90f4bbcbb3416bcbd70144a34fc2db265b7a67118b375";

#[test]
fn seeds_nquads_match_the_pinned_hash() {
    let ws = Workspace::new();
    let seeds = repo().join("seeds");
    ws.ok(&["build", seeds.to_str().expect("utf-8 path"), "--store", "store"]);
    let nquads = ws.ok(&["export", "--format", "nq", "--store", "store"]);
    let hash: String =
        Sha256::digest(nquads.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hash,
        SEEDS_NQUADS_SHA256,
        "the seeds' N-Quads changed ({} lines); if that is intended, read the difference and \
         update SEEDS_NQUADS_SHA256 in tests/pinned.rs",
        nquads.lines().count()
    );
}
