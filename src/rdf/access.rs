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
//! A writer that rewrites more than one transaction should hold writes it in parts (see
//! [`difference`](super::difference)) and marks the store unfinished meanwhile
//! (`published/unfinished`): readers then read the newest state even when no writer runs (it was
//! killed), and the next writer first restores the store from that state, so a document is never
//! seen in part.
//!
//! A store nobody writes is quiescent: its files do not change, so a copy of them (SST files
//! hard-linked, the small rest copied) is a checkpoint too ([`copy_quiescent`]). That is how a
//! writer publishes the state it starts from while readers still have the store open, and how
//! `serve` snapshots what it reads.
//!
//! The locks are `flock` locks, released by the kernel when a process ends however it ends; a
//! state left by a killed build is deleted by the next writer.

use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

/// The folder, inside the store, of the locks and the published states.
const PUBLISHED: &str = "published";
const WRITER_LOCK: &str = "writer.lock";
const LIVE_LOCK: &str = "live.lock";
/// Present while the store itself holds a write in parts.
const UNFINISHED: &str = "unfinished";

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
        match writer.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Store {
                    path: store.to_path_buf(),
                    message: "store in use by another process (a build or remove writing it); \
                              wait for it to finish"
                        .into(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(store_error(store, e)),
        }
        let mut this = Writer { published, _writer: writer, live: None };
        if this.is_unfinished() {
            // Readers read the newest state meanwhile, so none reads the store itself.
            this.lock_live(store, waiting)?;
            this.restore(store)?;
        } else {
            this.sweep(false);
            if store.join("CURRENT").is_file() {
                this.publish(|target| {
                    copy_quiescent(store, target).map_err(|e| store_error(store, e))
                })?;
            }
            this.lock_live(store, waiting)?;
        }
        Ok(this)
    }

    /// Waits for the readers of the store itself to finish, then keeps new ones out.
    fn lock_live(&mut self, store: &Path, waiting: impl FnOnce()) -> Result<()> {
        let live = lock_file(&self.published.join(LIVE_LOCK), store)?;
        match live.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                waiting();
                live.lock().map_err(|e| store_error(store, e))?;
            }
            Err(TryLockError::Error(e)) => return Err(store_error(store, e)),
        }
        self.live = Some(live);
        Ok(())
    }

    /// Puts back the newest published state of a store a writer left unfinished.
    fn restore(&self, store: &Path) -> Result<()> {
        let Some(state) = states(&self.published).pop() else {
            return Err(Error::Store {
                path: store.to_path_buf(),
                message: format!(
                    "a build stopped while writing it in parts, and the state to restore is gone; \
                     remove {} to use the store as it is",
                    self.published.join(UNFINISHED).display()
                ),
            });
        };
        let restored = (|| {
            for entry in std::fs::read_dir(store)? {
                let entry = entry?;
                if entry.file_type()?.is_file() {
                    std::fs::remove_file(entry.path())?;
                }
            }
            copy_files(&self.published.join(state), store)?;
            sync_dir(store)
        })();
        restored.map_err(|e| store_error(store, format!("cannot restore the last state: {e}")))?;
        self.end_parts()?;
        self.sweep(true);
        Ok(())
    }

    fn is_unfinished(&self) -> bool {
        self.published.join(UNFINISHED).exists()
    }

    /// Marks the store unfinished before the first part of a write in parts.
    pub(crate) fn begin_parts(&self) -> Result<()> {
        let mark = self.published.join(UNFINISHED);
        let written = std::fs::write(&mark, b"a write in parts is under way\n")
            .and_then(|()| File::open(&mark)?.sync_all())
            .and_then(|()| sync_dir(&self.published));
        written.map_err(|e| self.error(format!("cannot mark the store unfinished: {e}")))
    }

    /// The write in parts is done and committed: the store is whole again.
    pub(crate) fn end_parts(&self) -> Result<()> {
        std::fs::remove_file(self.published.join(UNFINISHED))
            .and_then(|()| sync_dir(&self.published))
            .map_err(|e| self.error(format!("cannot mark the store finished: {e}")))
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
    /// a killed writer left half made.
    fn sweep(&self, keep_newest: bool) {
        let mut states = states(&self.published);
        if keep_newest {
            states.pop();
        }
        for name in states {
            let Ok(lock) = File::open(self.published.join(format!("{name}.lock"))) else {
                let _ = std::fs::remove_dir_all(self.published.join(&name));
                continue;
            };
            if lock.try_lock().is_ok() {
                // Gone before the lock file goes: a reader that locks the file next sees no state.
                let _ = std::fs::remove_dir_all(self.published.join(&name));
                let _ = std::fs::remove_file(self.published.join(format!("{name}.lock")));
            }
        }
        let Ok(entries) = std::fs::read_dir(&self.published) else { return };
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let name = file_name.to_string_lossy();
            if let Some(state) = name.strip_suffix(".tmp") {
                let _ = std::fs::remove_dir_all(entry.path());
                let _ = std::fs::remove_file(self.published.join(format!("{state}.lock")));
            } else if let Some(state) = name.strip_suffix(".lock") {
                let orphan = state.parse::<u128>().is_ok()
                    && !self.published.join(state).exists()
                    && !self.published.join(format!("{state}.tmp")).exists();
                if orphan {
                    if let Ok(lock) = File::open(entry.path()) {
                        if lock.try_lock().is_ok() {
                            let _ = std::fs::remove_file(entry.path());
                        }
                    }
                }
            }
        }
    }

    fn error(&self, e: impl std::fmt::Display) -> Error {
        store_error(self.published.parent().unwrap_or(&self.published), e)
    }
}

impl Drop for Writer {
    /// Called once the store is closed: readers may open it again, and the states only the
    /// writer's readers still hold stay until they are done and a writer sweeps again. A store
    /// left unfinished (the write failed) keeps its newest state, to be restored.
    fn drop(&mut self) {
        self.live = None;
        self.sweep(self.is_unfinished());
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
    let locks = std::fs::create_dir_all(&published)
        .and_then(|()| Ok((open_or_create(&published.join(WRITER_LOCK))?, open_or_create(&published.join(LIVE_LOCK))?)));
    let Ok((writer, live)) = locks else {
        // A store this user may not write to (a read-only mount, another user's store) cannot be
        // written by them either: no newsgraph writer of this user can be at work on it.
        return Ok(Reader { data: store.to_path_buf(), _lock: None });
    };
    let deadline = Instant::now() + FIRST_STATE_WAIT;
    loop {
        let writing = is_locked(&writer, store)?;
        let unfinished = published.join(UNFINISHED).exists();
        if !writing && !unfinished {
            match live.try_lock_shared() {
                Ok(()) => return Ok(Reader { data: store.to_path_buf(), _lock: Some(live) }),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(store_error(store, e)),
            }
        }
        if let Some(reader) = newest_state(&published)? {
            return Ok(reader);
        }
        if unfinished && !writing {
            return Err(Error::Store {
                path: store.to_path_buf(),
                message: "a build stopped while writing it in parts and left no state to read; \
                          run a build to restore it"
                    .into(),
            });
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
    match lock.try_lock_shared() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Ok(None),
        Err(TryLockError::Error(e)) => return Err(store_error(published, e)),
    }
    // Locked: it is deleted only if it was deleted before the lock was taken.
    let data = published.join(&name);
    if !data.join("CURRENT").is_file() {
        return Ok(None);
    }
    Ok(Some(Reader { data, _lock: Some(lock) }))
}

/// Whether another process holds `file` exclusively.
fn is_locked(file: &File, store: &Path) -> Result<bool> {
    match file.try_lock_shared() {
        Ok(()) => {
            file.unlock().map_err(|e| store_error(store, e))?;
            Ok(false)
        }
        Err(TryLockError::WouldBlock) => Ok(true),
        Err(TryLockError::Error(e)) => Err(store_error(store, e)),
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
    copy_files(from, to)
}

/// Copies the RocksDB files of `from` into the directory `to`, as [`copy_quiescent`] does.
fn copy_files(from: &Path, to: &Path) -> io::Result<()> {
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

/// Makes the entries of a directory durable (what was created, renamed or removed in it).
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

fn store_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Store { path: path.to_path_buf(), message: e.to_string() }
}
