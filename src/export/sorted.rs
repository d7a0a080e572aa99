//! Sorted lines of any number, in bounded memory: an external merge sort.
//!
//! `export --format nq|nt` writes a store's quads as sorted lines. Held in memory with their sort
//! keys, the 30 million quads of a year of articles need more than 20 GB; here lines are sorted in
//! runs of [`RUN_BYTES`], each run spilled to a temporary file, and the runs merged while writing.
//! A store that fits one run is sorted in memory and never touches the disk.
//!
//! The `extsort` crate would do the same, but its release 0.5 brings rayon and, as a build
//! dependency, the doc-test runner `skeptic` with `cargo_metadata` and `pulldown-cmark`: a dozen
//! more crates, and build-script features that change enough to rebuild RocksDB from source. Its
//! runs are also bounded by a count of lines rather than by bytes.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Lines are sorted in memory up to about this many bytes at a time.
pub const RUN_BYTES: usize = 256 << 20;

/// Writes `lines` sorted (byte order), each followed by `\n`; with `dedup`, equal lines once.
/// Runs that do not fit in memory go to files in `std::env::temp_dir()`, removed at the end.
pub fn write_sorted<E>(
    lines: impl Iterator<Item = Result<String, E>>,
    dedup: bool,
    out: &mut impl Write,
) -> anyhow::Result<()>
where
    E: std::error::Error + Send + Sync + 'static,
{
    write_sorted_in_runs(lines, dedup, out, RUN_BYTES)
}

fn write_sorted_in_runs<E>(
    lines: impl Iterator<Item = Result<String, E>>,
    dedup: bool,
    out: &mut impl Write,
    run_bytes: usize,
) -> anyhow::Result<()>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let mut runs = Runs::default();
    let mut run: Vec<String> = Vec::new();
    let mut bytes = 0;
    for line in lines {
        let line = line?;
        bytes += line.len() + size_of::<String>();
        run.push(line);
        if bytes >= run_bytes {
            sort(&mut run, dedup);
            runs.spill(&run)?;
            run.clear();
            bytes = 0;
        }
    }
    sort(&mut run, dedup);
    if runs.files.is_empty() {
        for line in &run {
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    runs.spill(&run)?;
    drop(run);
    runs.merge(dedup, out)
}

fn sort(lines: &mut Vec<String>, dedup: bool) {
    lines.sort_unstable();
    if dedup {
        lines.dedup();
    }
}

/// Sorted runs spilled to temporary files, removed when dropped.
#[derive(Debug, Default)]
struct Runs {
    files: Vec<PathBuf>,
}

/// Numbers the run files of a process, so that sorts running at once never share one.
static RUN_FILES: AtomicUsize = AtomicUsize::new(0);

impl Runs {
    fn spill(&mut self, run: &[String]) -> anyhow::Result<()> {
        let number = RUN_FILES.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir()
            .join(format!("newsgraph-sort-{}-{number}.txt", std::process::id()));
        // Listed before it is written, so that it is removed whatever happens.
        self.files.push(path.clone());
        let mut file = BufWriter::new(
            File::create(&path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        );
        for line in run {
            writeln!(file, "{line}")?;
        }
        file.flush().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(())
    }

    /// Merges the runs into `out`, smallest line first.
    fn merge(&self, dedup: bool, out: &mut impl Write) -> anyhow::Result<()> {
        let mut readers = Vec::with_capacity(self.files.len());
        for path in &self.files {
            let file = File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            readers.push(BufReader::with_capacity(1 << 20, file).lines());
        }
        let mut heads = BinaryHeap::new();
        for (i, reader) in readers.iter_mut().enumerate() {
            if let Some(line) = reader.next() {
                heads.push(Reverse((line?, i)));
            }
        }
        let mut last: Option<String> = None;
        while let Some(Reverse((line, i))) = heads.pop() {
            if let Some(next) = readers[i].next() {
                heads.push(Reverse((next?, i)));
            }
            if dedup && last.as_deref() == Some(line.as_str()) {
                continue;
            }
            writeln!(out, "{line}")?;
            if dedup {
                last = Some(line);
            }
        }
        Ok(())
    }
}

impl Drop for Runs {
    fn drop(&mut self) {
        for path in &self.files {
            // A file that cannot be removed is left in the temporary directory, harmless.
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(lines: &[&str], dedup: bool, run_bytes: usize) -> String {
        let mut out = Vec::new();
        let lines = lines.iter().map(|l| Ok::<_, std::io::Error>(l.to_string()));
        write_sorted_in_runs(lines, dedup, &mut out, run_bytes).expect("sorts");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn runs_on_disk_give_the_same_bytes_as_one_run_in_memory() {
        let lines: Vec<String> = (0..500)
            .map(|i| format!("<urn:x:{}> <urn:p> \"ä{}\" .", (i * 7919) % 211, i % 13))
            .collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        for dedup in [false, true] {
            let in_memory = sorted(&lines, dedup, usize::MAX);
            let mut expected: Vec<&str> = lines.clone();
            expected.sort_unstable();
            if dedup {
                expected.dedup();
            }
            assert_eq!(in_memory, expected.iter().map(|l| format!("{l}\n")).collect::<String>());
            // Runs of a few lines each: dozens of files merged.
            assert_eq!(sorted(&lines, dedup, 400), in_memory, "dedup {dedup}");
        }
        assert_eq!(sorted(&[], true, 400), "");
    }

    #[test]
    fn spilled_runs_are_removed() {
        let mut runs = Runs::default();
        runs.spill(&["b".to_string(), "a".to_string()]).expect("spills");
        runs.spill(&["c".to_string()]).expect("spills");
        let files = runs.files.clone();
        assert!(files.iter().all(|f| f.exists()));
        let mut out = Vec::new();
        runs.merge(false, &mut out).expect("merges");
        drop(runs);
        assert!(files.iter().all(|f| !f.exists()), "{files:?}");
    }
}
