//! `newsgraph serve`: the store over HTTP (see [`crate::server`] for the routes).
//!
//! The server serves a snapshot of the store taken when it starts: a RocksDB checkpoint next to
//! the store (`.NAME.serving-PID`, hard links to the store's immutable files, so it is cheap),
//! opened read-only by the query workers. Nothing else ever opens the snapshot, so other
//! commands keep working on the store itself while it is served — `query` and `export`, even a
//! `build` (the server goes on answering from the snapshot; restart it to serve the rebuild).
//! Started during a build, it serves the newest state the build has published.
//! The workers remove the snapshot when the server ends, however it ends; one left behind by a
//! crash is removed at the next start.
//!
//! The same command runs the query workers: `serve --query-worker` (hidden) is the process the
//! server starts for each worker.

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Context;

use super::Outcome;
use crate::commands::cli::{
    DiagramArgs, EventStyle, ExportArgs, ExportFormat, Lang, NegativeStyle, Renderer, ServeArgs,
};
use crate::knowledge::relations::RelationRules;
use crate::rdf::Iris;
use crate::rdf::store::GraphStore;
use crate::server::{self, Config, Diagrams, WorkerCommand, WorkerConfig};

pub fn run(args: &ServeArgs, ontology: Option<&Path>) -> anyhow::Result<Outcome> {
    let iris = Iris::new(&args.base)?;
    if args.query_worker {
        return run_worker(args, ontology, iris);
    }
    let (snapshot, quads) = take_snapshot(&args.store)?;
    let started = config(args, ontology, iris, &snapshot).and_then(|config| {
        server::start(config).with_context(|| format!("cannot serve on {}", args.bind))
    });
    let running = match started {
        Ok(running) => running,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&snapshot);
            return Err(e);
        }
    };
    eprintln!(
        "newsgraph: listening on http://{}/ (store {}, {quads} quads, read-only; SPARQL at /sparql)",
        running.address(),
        args.store.display()
    );
    running.join().context("the server stopped")?;
    Ok(Outcome::Success)
}

/// Marks a snapshot directory's name, so that only snapshots are ever removed.
const SNAPSHOT_MARK: &str = ".serving-";

/// Checkpoints the store beside itself; returns the snapshot and its number of quads.
fn take_snapshot(store: &Path) -> anyhow::Result<(PathBuf, usize)> {
    // Beside the store as it really is, whatever the path given (`.`, `../store/`, a link).
    let resolved = std::fs::canonicalize(store).ok().filter(|p| p.is_dir());
    let name = resolved
        .as_deref()
        .unwrap_or(store)
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{}: not a store directory name", store.display()))?;
    let parent = resolved
        .as_deref()
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    remove_stale_snapshots(parent, name);
    let snapshot = parent.join(format!(".{name}{SNAPSHOT_MARK}{}", std::process::id()));
    if snapshot.exists() {
        std::fs::remove_dir_all(&snapshot)
            .with_context(|| format!("cannot remove the old snapshot {}", snapshot.display()))?;
    }
    // A reader: the store itself, or while a build writes it the newest state the build has
    // published.
    let source = GraphStore::open_read_only(store)?;
    let quads = source.len()?;
    source.checkpoint(&snapshot).with_context(|| {
        format!("cannot take a snapshot of the store in {}", snapshot.display())
    })?;
    Ok((snapshot, quads))
}

/// Removes snapshots of `name` whose server is gone (where the system lists processes in /proc).
fn remove_stale_snapshots(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let prefix = format!(".{name}{SNAPSHOT_MARK}");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The arguments checked into the server's configuration.
fn config(
    args: &ServeArgs,
    ontology: Option<&Path>,
    iris: Iris,
    snapshot: &Path,
) -> anyhow::Result<Config> {
    let workers = match args.workers {
        Some(n) => usize::try_from(n).context("--workers: too large")?,
        None => std::thread::available_parallelism().map_or(2, NonZeroUsize::get),
    };
    let program = std::env::current_exe().context("cannot find the newsgraph program")?;
    let mut worker_args: Vec<OsString> = Vec::new();
    if let Some(dir) = ontology {
        worker_args.extend(["--ontology".into(), dir.as_os_str().to_owned()]);
    }
    worker_args.extend([
        "serve".into(),
        "--query-worker".into(),
        "--snapshot".into(),
        "--store".into(),
        snapshot.as_os_str().to_owned(),
        "--base".into(),
        args.base.clone().into(),
        "--max-results".into(),
        args.max_results.to_string().into(),
    ]);
    Ok(Config {
        bind: args.bind,
        iris,
        timeout: Duration::from_secs(args.timeout),
        max_body: usize::try_from(args.max_body).context("--max-body: too large")?,
        workers,
        max_memory: args.max_memory.saturating_mul(1 << 20),
        worker: WorkerCommand { program, args: worker_args },
    })
}

/// A query worker: answers the server's tasks until the server goes away.
fn run_worker(args: &ServeArgs, ontology: Option<&Path>, iris: Iris) -> anyhow::Result<Outcome> {
    let store = GraphStore::open_read_only(&args.store)?;
    // Remove only what the server made: a directory named as a snapshot.
    let is_snapshot = args.snapshot
        && args
            .store
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.contains(SNAPSHOT_MARK));
    let config = WorkerConfig {
        iris,
        max_results: usize::try_from(args.max_results).context("--max-results: too large")?,
        snapshot: is_snapshot.then(|| args.store.clone()),
    };
    let diagrams = StoreDiagrams {
        store: &store,
        path: args.store.clone(),
        ontology: ontology.map(Path::to_path_buf),
        relations: OnceLock::new(),
    };
    server::run_worker(&config, &store, Some(&diagrams))?;
    Ok(Outcome::Success)
}

/// Diagrams drawn by the export's diagram module, from the served store; the relation rules are
/// loaded at the first diagram.
struct StoreDiagrams<'a> {
    store: &'a GraphStore,
    path: PathBuf,
    ontology: Option<PathBuf>,
    relations: OnceLock<Result<RelationRules, String>>,
}

impl Diagrams for StoreDiagrams<'_> {
    fn svg(&self, focus: Option<&str>) -> Result<Vec<u8>, String> {
        let relations = self
            .relations
            .get_or_init(|| {
                super::load_relations(self.ontology.as_deref()).map_err(|e| format!("{e:#}"))
            })
            .as_ref()?;
        let args = ExportArgs {
            format: ExportFormat::Svg,
            store: self.path.clone(),
            output: None,
            diagram: DiagramArgs {
                lang: Lang::En,
                events: EventStyle::Nodes,
                negative: NegativeStyle::Dashed,
                focus: focus.map(str::to_string),
                depth: 1,
                query: None,
                renderer: Renderer::Builtin,
            },
        };
        super::diagram::render(&args, self.store, relations).map_err(|e| format!("{e:#}"))
    }
}
