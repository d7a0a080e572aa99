//! Who may open a store, and how every reader finds a consistent state of it.
//!
//! RocksDB lets one process write a store, and Oxigraph documents a read-only open beside a
//! writing process as undefined behaviour. So a reader (`query`, `export`, `validate`, `eval`,
//! `push`, `serve`) never opens a store while it is written, and never waits for a build:
//!
//! - with no writer, it opens the store itself read-only, holding a shared lock on
//!   `published/live.lock` while it does. A writer takes that lock exclusively before it opens
//!   the store for writing, so it waits for the readers already there, and only for them;
//! - while a writer runs (it holds `published/writer.lock` exclusively), a reader opens the
//!   newest state the writer has published: a checkpoint of the store in `published/<n>/`
//!   (hard links to RocksDB's immutable files, so it costs little time and space), taken before
//!   the writer's first write and after each write it commits. The reader holds a shared lock on
//!   `published/<n>.lock`; the writer deletes only the states no reader holds.
//!
//! A store nobody writes is quiescent: its files do not change, so a copy of them (SST files
//! hard-linked, the small rest copied) is a checkpoint too ([`copy_quiescent`]). That is how a
//! writer publishes the state it starts from while readers still have the store open, and how
//! `serve` snapshots what it reads.
//!
//! The locks are `flock` locks, released by the kernel when a process ends however it ends; a
//! state left by a killed build is deleted by the next writer.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rustix::fs::FlockOperation;

use crate::error::{Error, Result};

/// The folder, inside the store, of the locks and the published states.
const PUBLISHED: &str = "published";
const WRITER_LOCK: &str = "writer.lock";
const LIVE_LOCK: &str = "live.lock";

/// How long a reader waits for a writer that has published no state yet: a writer publishes one
/// right after it starts, unless the store is new and there is nothing to read yet.
const FIRST_STATE_WAIT: Duration = Duration::from_secs(60);

/// The writer's hold on a store: no other writer, no reader of the store itself.
#[derive(Debug)]
pub(crate) struct Writer {
    published: PathBuf,
    /// Held exclusively while the writer lives: other writers are refused.
    _writer: File,
    /// Held exclusively while the store is open for writing: readers go to the published states.
    live: Option<File>,
}

impl Writer {
    /// Takes the store for writing: refuses when another writer holds it; publishes the state
    /// the store is in for the readers to come; then waits for the readers of the store itself
    /// to finish, calling `waiting` first if there are any.
    pub(crate) fn acquire(store: &Path, waiting: impl FnOnce()) -> Result<Self> {
        let published = store.join(PUBLISHED);
        std::fs::create_dir_all(&published).map_err(|e| store_error(store, e))?;
        let writer = lock_file(&published.join(WRITER_LOCK), store)?;
        if !take_writer_lock(&writer).map_err(|e| store_error(store, e))? {
            return Err(Error::Store {
                path: store.to_path_buf(),
                message: "store in use by another process (a build or remove writing it); wait \
                          for it to finish"
                    .into(),
            });
        }
        let mut this = Writer { published, _writer: writer, live: None };
        this.sweep(false);
        if store.join("CURRENT").is_file() {
            this.publish(|target| {
                copy_quiescent(store, target).map_err(|e| store_error(store, e))
            })?;
        }
        this.lock_live(store, waiting)?;
        Ok(this)
    }

    /// Waits for the readers of the store itself to finish, then keeps new ones out.
    fn lock_live(&mut self, store: &Path, waiting: impl FnOnce()) -> Result<()> {
        let live = lock_file(&self.published.join(LIVE_LOCK), store)?;
        if !try_lock(&live, Exclusive).map_err(|e| store_error(store, e))? {
            waiting();
            flock(&live, FlockOperation::LockExclusive).map_err(|e| store_error(store, e))?;
        }
        self.live = Some(live);
        Ok(())
    }

    /// Whether a state is published, which readers can read.
    pub(crate) fn has_state(&self) -> bool {
        !states(&self.published).is_empty()
    }

    /// Publishes a new state made by `checkpoint` into the directory it is given (which does not
    /// exist yet), then deletes the older states no reader holds.
    pub(crate) fn publish(&self, checkpoint: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        let name = next_state(&self.published);
        let lock = self.published.join(format!("{name}.lock"));
        File::create(&lock).map_err(|e| self.error(e))?;
        let staging = self.published.join(format!("{name}.tmp"));
        let state = self.published.join(&name);
        let made = checkpoint(&staging)
            .and_then(|()| std::fs::rename(&staging, &state).map_err(|e| self.error(e)));
        if let Err(e) = made {
            // Best effort: what is left of a state that never appeared is only space.
            let _ = std::fs::remove_dir_all(&staging);
            let _ = std::fs::remove_file(&lock);
            return Err(e);
        }
        self.sweep(true);
        Ok(())
    }

    /// Deletes the published states no reader holds, all of them or all but the newest, and what
    /// a killed writer left: states half made, lock files of states gone.
    fn sweep(&self, keep_newest: bool) {
        let mut states = states(&self.published);
        if keep_newest {
            states.pop();
        }
        for name in states {
            self.delete_state(&name);
        }
        let Ok(entries) = std::fs::read_dir(&self.published) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                let _ = std::fs::remove_dir_all(entry.path());
            } else if let Some(state) = name.strip_suffix(".lock") {
                if state.parse::<u128>().is_ok() && !self.published.join(state).exists() {
                    self.delete_state(state);
                }
            }
        }
    }

    /// Deletes a published state unless a reader holds it. The lock is held meanwhile, and the
    /// state goes before its lock file: a reader that locks the file next finds no state.
    fn delete_state(&self, name: &str) {
        let lock_path = self.published.join(format!("{name}.lock"));
        let lock = File::open(&lock_path).ok();
        if lock.as_ref().is_some_and(|lock| !try_lock(lock, Exclusive).unwrap_or(false)) {
            return;
        }
        // Best effort: what cannot be removed now is only space, and the next sweep tries again.
        let _ = std::fs::remove_dir_all(self.published.join(name));
        let _ = std::fs::remove_file(&lock_path);
    }

    fn error(&self, e: impl std::fmt::Display) -> Error {
        store_error(self.published.parent().unwrap_or(&self.published), e)
    }
}

impl Drop for Writer {
    /// Called once the store is closed: readers may open it again, and the states only the
    /// writer's readers still hold stay until they are done and a writer sweeps again.
    fn drop(&mut self) {
        self.live = None;
        self.sweep(false);
    }
}

/// A reader's hold on what it reads: the store itself or a published state of it.
#[derive(Debug)]
pub(crate) struct Reader {
    /// The RocksDB directory to open read-only.
    pub(crate) data: PathBuf,
    /// The shared lock that keeps it unchanged (none where the store cannot be locked).
    _lock: Option<File>,
}

/// Finds what a reader of `store` opens: the store itself when no writer runs, else the newest
/// published state. The hold lasts as long as the returned value.
pub(crate) fn read(store: &Path) -> Result<Reader> {
    let published = store.join(PUBLISHED);
    let locks = std::fs::create_dir_all(&published).and_then(|()| {
        Ok((
            open_or_create(&published.join(WRITER_LOCK))?,
            open_or_create(&published.join(LIVE_LOCK))?,
        ))
    });
    let Ok((writer, live)) = locks else {
        // A store this user may not write to (a read-only mount, another user's store) cannot be
        // written by them either: no newsgraph writer of this user can be at work on it.
        return Ok(Reader { data: store.to_path_buf(), _lock: None });
    };
    let deadline = Instant::now() + FIRST_STATE_WAIT;
    loop {
        let writing = is_locked(&writer, store)?;
        if !writing && try_lock(&live, Shared).map_err(|e| store_error(store, e))? {
            return Ok(Reader { data: store.to_path_buf(), _lock: Some(live) });
        }
        if let Some(reader) = newest_state(&published)? {
            return Ok(reader);
        }
        if Instant::now() > deadline {
            return Err(Error::Store {
                path: store.to_path_buf(),
                message: format!(
                    "a build is writing the store and has published no state of it to read in {} s",
                    FIRST_STATE_WAIT.as_secs()
                ),
            });
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The newest published state, locked for reading; none if there is none or it went away
/// meanwhile (the caller looks again).
fn newest_state(published: &Path) -> Result<Option<Reader>> {
    let Some(name) = states(published).pop() else { return Ok(None) };
    let Ok(lock) = File::open(published.join(format!("{name}.lock"))) else { return Ok(None) };
    if !try_lock(&lock, Shared).map_err(|e| store_error(published, e))? {
        return Ok(None);
    }
    // Locked: it is deleted only if it was deleted before the lock was taken.
    let data = published.join(&name);
    if !data.join("CURRENT").is_file() {
        return Ok(None);
    }
    Ok(Some(Reader { data, _lock: Some(lock) }))
}

/// How many times, a few milliseconds apart, a writer tries for the writer lock before it takes
/// the store for in use: a reader holds that lock for a moment to see whether a writer is there.
const WRITER_LOCK_TRIES: u32 = 50;

/// Takes the writer lock; false if another writer holds it.
fn take_writer_lock(file: &File) -> io::Result<bool> {
    for _ in 1..WRITER_LOCK_TRIES {
        if try_lock(file, Exclusive)? {
            return Ok(true);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    try_lock(file, Exclusive)
}

/// Whether a writer holds `file` (the writer lock), found by holding it shared for a moment.
fn is_locked(file: &File, store: &Path) -> Result<bool> {
    if try_lock(file, Shared).map_err(|e| store_error(store, e))? {
        flock(file, FlockOperation::Unlock).map_err(|e| store_error(store, e))?;
        Ok(false)
    } else {
        Ok(true)
    }
}

/// The names of the published states, oldest first.
fn states(published: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(published) else { return Vec::new() };
    let mut states: Vec<(u128, String)> = entries
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            Some((name.parse().ok()?, name))
        })
        .collect();
    states.sort();
    states.into_iter().map(|(_, name)| name).collect()
}

/// A name for the next state, after every name used before: a name is never used twice, so a
/// reader still holding the lock file of a deleted state can never take it for a new one.
fn next_state(published: &Path) -> String {
    let used = std::fs::read_dir(published)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            name.split('.').next()?.parse::<u128>().ok()
        })
        .max()
        .unwrap_or(0);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{:020}", now.max(used + 1))
}

/// How a lock is held: alone, or beside other shared holders.
#[derive(Debug, Clone, Copy)]
enum Hold {
    Shared,
    Exclusive,
}
use Hold::{Exclusive, Shared};

/// Takes a lock without waiting; false if another process holds it in a way that excludes it.
fn try_lock(file: &File, hold: Hold) -> io::Result<bool> {
    let operation = match hold {
        Shared => FlockOperation::NonBlockingLockShared,
        Exclusive => FlockOperation::NonBlockingLockExclusive,
    };
    match rustix::fs::flock(file, operation) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

fn flock(file: &File, operation: FlockOperation) -> io::Result<()> {
    rustix::fs::flock(file, operation).map_err(io::Error::from)
}

fn lock_file(path: &Path, store: &Path) -> Result<File> {
    open_or_create(path).map_err(|e| store_error(store, format!("{}: {e}", path.display())))
}

fn open_or_create(path: &Path) -> io::Result<File> {
    std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)
}

/// Copies the RocksDB store in `from`, which no process writes, to `to` (which must not
/// exist): SST files, which RocksDB never changes, as hard links (copied where the file
/// system has none), the manifest, options and write-ahead logs as copies (RocksDB appends to
/// them and reuses logs). The lock, the info logs and anything that is not a file stay behind.
pub(crate) fn copy_quiescent(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if !entry.file_type()?.is_file() {
            continue;
        }
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text == "LOCK" || text.starts_with("LOG") || text.starts_with("bulk-") {
            continue;
        }
        let target = to.join(&name);
        if text.ends_with(".sst") && std::fs::hard_link(entry.path(), &target).is_ok() {
            continue;
        }
        std::fs::copy(entry.path(), &target)?;
    }
    Ok(())
}

fn store_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Store { path: path.to_path_buf(), message: e.to_string() }
}
