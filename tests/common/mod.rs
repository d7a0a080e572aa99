//! Helpers for tests that drive the real `newsgraph` binary in temporary directories.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The checkout under test: where `cargo test` runs the tests from, else where they were built.
/// A test binary reused from a build in another checkout so still reads this one's files.
pub fn repo() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// Copies the shipped `ontology/` (with its language and entity folders) to `dest`, which the
/// binary then reads with `--ontology` or as `./ontology`.
pub fn copy_ontology(dest: &Path) {
    copy_tree(&repo().join("ontology"), dest);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create ontology copy");
    for entry in std::fs::read_dir(from).expect("read ontology") {
        let path = entry.expect("ontology entry").path();
        let target = to.join(path.file_name().expect("file name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy ontology file");
        }
    }
}

/// A scratch directory the binary runs in, so nothing touches the checkout.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs newsgraph with `args` in the workspace and returns its output, whatever the status.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("newsgraph runs")
    }

    /// Runs newsgraph and fails the test, showing stderr, unless it exits 0.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "newsgraph {args:?} failed with {}:\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("stdout is UTF-8")
    }

    /// Builds the seed articles into `store`.
    pub fn build_seeds(&self, store: &str) -> String {
        let seeds = repo().join("seeds");
        self.ok(&["build", seeds.to_str().expect("utf-8 path"), "--store", store])
    }

    /// Runs a query file from `queries/` and returns its SPARQL JSON rows as maps var → value.
    pub fn query_json(
        &self,
        store: &str,
        query: &Path,
    ) -> Vec<serde_json::Map<String, serde_json::Value>> {
        self.query_json_bound(store, query, &[])
    }

    /// [`query_json`](Self::query_json) with `--bind VAR=VALUE` arguments.
    pub fn query_json_bound(
        &self,
        store: &str,
        query: &Path,
        binds: &[&str],
    ) -> Vec<serde_json::Map<String, serde_json::Value>> {
        let mut args =
            vec!["query", query.to_str().expect("utf-8"), "--store", store, "--format", "json"];
        for bind in binds {
            args.extend(["--bind", bind]);
        }
        let out = self.ok(&args);
        let json: serde_json::Value = serde_json::from_str(&out).expect("SPARQL JSON results");
        json["results"]["bindings"]
            .as_array()
            .expect("bindings")
            .iter()
            .map(|row| {
                row.as_object()
                    .expect("row")
                    .iter()
                    .map(|(k, v)| (k.clone(), v["value"].clone()))
                    .collect()
            })
            .collect()
    }

    /// Writes a query to a file in the workspace and returns its path.
    pub fn query_file(&self, name: &str, sparql: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, sparql).expect("write query");
        path
    }
}

pub fn query_path(name: &str) -> PathBuf {
    repo().join("queries").join(name)
}

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

pub fn value<'a>(row: &'a serde_json::Map<String, serde_json::Value>, var: &str) -> &'a str {
    row.get(var).and_then(|v| v.as_str()).unwrap_or("")
}

/// A running `newsgraph serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Server {
    /// Runs newsgraph with `args` (global options, `serve` and its options) in the workspace on a
    /// free loopback port, and waits for the address it prints.
    pub fn start(ws: &Workspace, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(args)
            .args(["--bind", "127.0.0.1:0"])
            .current_dir(ws.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("newsgraph serve starts");
        // Read stderr for the address, then keep draining it so the server never blocks on it.
        let stderr = child.stderr.take().expect("stderr");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = lines.send(line);
            }
        });
        let mut seen = Vec::new();
        let base = loop {
            match received.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    if let Some(rest) = line.split("listening on ").nth(1) {
                        let url = rest.split_whitespace().next().expect("address");
                        break url.trim_end_matches('/').to_string();
                    }
                    seen.push(line);
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!("serve printed no address; stderr:\n{}", seen.join("\n"));
                }
            }
        };
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        Server { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a Python script with arguments (the tests' independent readers: rdflib, pySHACL,
/// SPARQLWrapper, the standard library's parsers; see .ci/install-deps) and returns what it
/// prints, failing the test with its stderr.
pub fn python(script: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (with the packages of .ci/install-deps)");
    assert!(
        output.status.success(),
        "python3 failed on {args:?}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The articles of the tests that build over a store holding the seeds: the seeds changed (a
/// sentence added to each), so that their graphs are replaced, and `copies` copies of the
/// articles in the given folders of `tests/fixtures/` under new names, so that the build writes
/// several batches of new graphs. Returns how many articles it wrote.
pub fn changed_corpus(dir: &Path, fixture_dirs: &[&str], copies: usize) -> usize {
    std::fs::create_dir_all(dir).expect("dir");
    let mut written = 0;
    for entry in std::fs::read_dir(repo().join("seeds")).expect("seeds") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("seed");
        let changed = text + "\nOracle lehnte das Angebot von Walmart ab.\n";
        std::fs::write(dir.join(path.file_name().expect("name")), changed).expect("write");
        written += 1;
    }
    let mut fixtures: Vec<PathBuf> = fixture_dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(repo().join("tests/fixtures").join(d)).expect("fixtures"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    fixtures.sort();
    for copy in 0..copies {
        for path in &fixtures {
            let stem = path.file_stem().expect("stem").to_string_lossy();
            std::fs::copy(path, dir.join(format!("copy{copy:03}_{stem}.txt"))).expect("copy");
            written += 1;
        }
    }
    written
}

/// N-Quads lines grouped by graph IRI, each group sorted.
pub fn graphs_of(
    nquads: &str,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut graphs: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        std::collections::BTreeMap::new();
    for line in nquads.lines() {
        let graph = line.trim_end_matches(" .").rsplit_once(' ').expect("a quad").1;
        let graph = graph.trim_start_matches('<').trim_end_matches('>');
        graphs.entry(graph.to_string()).or_default().insert(line.to_string());
    }
    graphs
}
