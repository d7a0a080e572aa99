//! A build that runs out of disk space, on a small tmpfs mounted for the test: it stops with a
//! clear error naming the store and the cause, the store then opens with every document the old
//! or the new one, and once there is space again a build completes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workspace, graphs_of};

const DOC: &str = "https://w3id.org/newsgraph/id/doc/";

/// The bytes of the files under `dir`.
fn bytes_in(dir: &Path) -> u64 {
    let mut bytes = 0;
    for entry in std::fs::read_dir(dir).expect("read the directory") {
        let entry = entry.expect("directory entry");
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            bytes += bytes_in(&entry.path());
        } else if kind.is_file() {
            bytes += entry.metadata().expect("metadata").len();
        }
    }
    bytes
}

/// A tmpfs mounted on a directory, unmounted when dropped.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `megabytes` on `dir`; says why not where it cannot (mounting needs
    /// root, or the capability to mount, in the machine or container the test runs in).
    fn mount(dir: &Path, megabytes: u64) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| format!("mount cannot run: {e}"))?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
        }
        Ok(Tmpfs { dir: dir.to_path_buf() })
    }

    fn resize(&self, megabytes: u64) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={megabytes}m")])
            .arg(&self.dir)
            .status()
            .expect("mount runs");
        assert!(status.success(), "cannot grow the tmpfs");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// Fills a small tmpfs, half the size the whole build takes, while building about 1,200
/// articles over a store that holds the seeds: the build fails with the store's name and "No
/// space left on device" and no panic; the full store still opens for reading with no document
/// lost and every document graph absent, the old or the new one; after the tmpfs grows, the same
/// build completes with the store a clean build gives.
#[test]
fn a_build_that_fills_the_disk_stops_with_a_clear_error_and_loses_nothing() {
    let ws = Workspace::new();
    common::changed_corpus(&ws.path("articles"), &["deals", "unseen", "stories"], 60);
    ws.build_seeds("reference");
    ws.ok(&["build", "articles", "--store", "reference"]);
    let clean = ws.ok(&["export", "--format", "nq", "--store", "reference"]);
    let new = graphs_of(&clean);
    // Half the space the whole build takes: the seeds (a few MB) and some batches fit, the rest
    // does not.
    let megabytes = (bytes_in(&ws.path("reference")) * 3 / 4 / (1 << 20)).max(16);
    let disk = match Tmpfs::mount(&ws.path("disk"), megabytes) {
        Ok(disk) => disk,
        Err(why) => {
            let message = format!(
                "SKIPPED a_build_that_fills_the_disk_stops_with_a_clear_error_and_loses_nothing: \
                 cannot mount a tmpfs ({why}); run the tests as root to run it"
            );
            eprintln!("{message}");
            println!("{message}");
            return;
        }
    };
    let store = "disk/store";
    ws.build_seeds(store);
    let old = graphs_of(&ws.ok(&["export", "--format", "nq", "--store", store]));

    let output = ws.run(&["build", "articles", "--store", store]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let line = err.lines().last().unwrap_or_default();
    assert!(
        line.starts_with("newsgraph: error: store disk/store: ")
            && line.contains("No space left on device"),
        "not a clear error: {err}"
    );
    println!("on a {megabytes} MB disk: {line}");

    // The disk is still full: a reader opens the store all the same.
    let after = graphs_of(&ws.ok(&["export", "--format", "nq", "--store", store]));
    for (graph, quads) in after.iter().filter(|(graph, _)| graph.starts_with(DOC)) {
        let allowed = [old.get(graph), new.get(graph)];
        assert!(allowed.contains(&Some(quads)), "{graph} is neither old nor new");
    }
    for graph in old.keys().filter(|graph| graph.starts_with(DOC)) {
        assert!(after.contains_key(graph), "{graph} was lost");
    }
    let stored = after.keys().filter(|graph| graph.starts_with(DOC)).count();
    let all = new.keys().filter(|graph| graph.starts_with(DOC)).count();
    assert!(stored < all, "the disk was not filled: all {all} documents stored");
    println!("{stored} of {all} documents stored when the disk was full");

    disk.resize(1024);
    ws.ok(&["build", "articles", "--store", store]);
    let rebuilt = ws.ok(&["export", "--format", "nq", "--store", store]);
    assert!(rebuilt == clean, "the store differs from a clean build");
}
