//! Rewriting graphs in memory that does not grow with them: only what changed is written, found
//! by comparing hashes, and a change too large for one transaction is written in parts.
//!
//! A transaction holds every change it makes in memory (about 1.5 KB per quad in Oxigraph), so a
//! rebuilt document of millions of quads cannot be one. [`Writes`] commits a transaction every
//! [`PART`] changes instead, and while it does the store is marked unfinished (see
//! [`access`](super::access)): readers then read the state published before, and a build killed
//! halfway is rolled back to that state by the next writer. Readers so see every document old
//! or new, never in part, however it was written.

use std::hash::{BuildHasher, RandomState};
use std::path::Path;

use oxigraph::model::{NamedNode, Quad, QuadRef};
use oxigraph::store::{Store, Transaction};

use super::access::Writer;
use super::writer::GraphContent;
use crate::error::{Error, Result};

/// The most changes one transaction holds.
pub(super) const PART: usize = 100_000;

/// The writes of one step of a writer: one transaction, or transactions of [`PART`] changes each
/// with the store marked unfinished until [`finish`](Self::finish).
pub(super) struct Writes<'a> {
    store: &'a Store,
    path: &'a Path,
    /// None for a store nobody else can see (in memory), which needs no mark.
    writer: Option<&'a Writer>,
    transaction: Option<Transaction<'a>>,
    /// Changes in the open transaction.
    changes: usize,
    in_parts: bool,
}

impl<'a> Writes<'a> {
    pub(super) fn new(store: &'a Store, path: &'a Path, writer: Option<&'a Writer>) -> Result<Self> {
        let transaction = store.start_transaction().map_err(|e| store_error(path, e))?;
        Ok(Writes { store, path, writer, transaction: Some(transaction), changes: 0, in_parts: false })
    }

    /// The open transaction, for what it reads and the changes it makes on its own.
    pub(super) fn transaction(&mut self) -> &mut Transaction<'a> {
        self.transaction.as_mut().expect("a transaction is open until finish")
    }

    pub(super) fn insert(&mut self, quad: QuadRef<'_>) -> Result<()> {
        self.transaction().insert(quad);
        self.changed()
    }

    pub(super) fn remove(&mut self, quad: QuadRef<'_>) -> Result<()> {
        self.transaction().remove(quad);
        self.changed()
    }

    fn changed(&mut self) -> Result<()> {
        self.changes += 1;
        if self.changes < PART || self.writer.is_none() {
            return Ok(());
        }
        if !self.in_parts {
            if let Some(writer) = self.writer {
                writer.begin_parts()?;
            }
            self.in_parts = true;
        }
        self.commit_part()?;
        let transaction = self.store.start_transaction().map_err(|e| self.error(e))?;
        self.transaction = Some(transaction);
        Ok(())
    }

    fn commit_part(&mut self) -> Result<()> {
        self.changes = 0;
        match self.transaction.take() {
            Some(transaction) => transaction.commit().map_err(|e| self.error(e)),
            None => Ok(()),
        }
    }

    /// Commits what is left; the store is then whole again.
    pub(super) fn finish(mut self) -> Result<()> {
        self.commit_part()?;
        match (self.in_parts, self.writer) {
            (true, Some(writer)) => writer.end_parts(),
            _ => Ok(()),
        }
    }

    fn error(&self, e: impl std::fmt::Display) -> Error {
        store_error(self.path, e)
    }
}

/// Writes what turns `graph` as the store holds it into `quads`: removes the quads that are gone
/// and inserts the new ones; returns how many. `seen` is shown every quad the graph held, a
/// subject's quads at a time. The two sides are compared by 128-bit hashes of their quads (as
/// Oxigraph itself tells strings apart), so the old quads are never all held at once: this
/// costs 32 bytes per quad, where sets of the quads cost more than a kilobyte.
pub(super) fn write_difference(
    writes: &mut Writes<'_>,
    graph: &NamedNode,
    quads: &impl GraphContent,
    mut seen: impl FnMut(&[Quad]),
) -> Result<usize> {
    let hasher = QuadHasher::default();
    let mut new: Vec<u128> = quads.quad_refs().map(|quad| hasher.hash(quad)).collect();
    new.sort_unstable();
    let mut old = Vec::new();
    let mut changes = 0;
    // The store reads a graph's quads in subject order, from a snapshot taken here: parts
    // committed meanwhile do not change what it reads.
    let mut subject: Vec<Quad> = Vec::new();
    for quad in writes.store.quads_for_pattern(None, None, None, Some(graph.into())) {
        let quad = quad.map_err(|e| writes.error(e))?;
        if subject.last().is_some_and(|last| last.subject != quad.subject) {
            seen(&subject);
            subject.clear();
        }
        let hash = hasher.hash(quad.as_ref());
        old.push(hash);
        if new.binary_search(&hash).is_err() {
            writes.remove(quad.as_ref())?;
            changes += 1;
        }
        subject.push(quad);
    }
    seen(&subject);
    old.sort_unstable();
    for quad in quads.quad_refs() {
        if old.binary_search(&hasher.hash(quad)).is_err() {
            writes.insert(quad)?;
            changes += 1;
        }
    }
    Ok(changes)
}

/// A 128-bit hash of a quad, from two independently keyed SipHash hashers: equal quads hash
/// alike within one process, and two different quads of one graph collide with a chance of
/// about 2^-128.
#[derive(Default)]
struct QuadHasher([RandomState; 2]);

impl QuadHasher {
    fn hash(&self, quad: QuadRef<'_>) -> u128 {
        let [high, low] = &self.0;
        (u128::from(high.hash_one(quad)) << 64) | u128::from(low.hash_one(quad))
    }
}

fn store_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Store { path: path.to_path_buf(), message: e.to_string() }
}
