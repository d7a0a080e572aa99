//! Reliability of `newsgraph build`: a corpus of bad inputs next to good ones, builds killed at
//! random moments, two builds on one store, and determinism across job counts and input orders.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Workspace, copy_ontology, repo};

const FACTS: &str = "https://w3id.org/newsgraph/id/graph/facts";
const DOC: &str = "https://w3id.org/newsgraph/id/doc/";

/// A good article, written for these tests.
const GOOD: &str = "Der Softwarekonzern Oracle hat die Videoplattform TikTok übernommen.\n\
                    Microsoft lehnte das Angebot von Walmart am Montag ab.\n";

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The store's quads as sorted N-Quads lines, grouped by graph IRI.
fn graphs(ws: &Workspace, store: &str) -> BTreeMap<String, BTreeSet<String>> {
    common::graphs_of(&ws.ok(&["export", "--format", "nq", "--store", store]))
}

/// The number of quads of each named graph, counted by `newsgraph query`.
fn graph_sizes(ws: &Workspace, store: &str) -> BTreeMap<String, usize> {
    let query = ws.query_file(
        "sizes.rq",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    );
    ws.query_json(store, &query)
        .iter()
        .map(|row| {
            let n = common::value(row, "n").parse().expect("a count");
            (common::value(row, "g").to_string(), n)
        })
        .collect()
}

/// Whether this process runs as root, who reads files whatever their permissions say.
fn running_as_root(ws: &Workspace) -> bool {
    let probe = ws.path("uid-probe");
    write(&probe, b"");
    std::fs::metadata(&probe).expect("probe").uid() == 0
}

/// Runs the build as an unprivileged user where the test runs as root, so that a file without
/// read permission is unreadable to it as it would be to any newsroom user.
fn build_as_user(ws: &Workspace, args: &[&str]) -> Output {
    if !running_as_root(ws) {
        return ws.run(args);
    }
    // The binary may sit in a directory only root can enter: run a copy from the workspace,
    // which the user may read and write.
    let binary = ws.path("newsgraph");
    std::fs::copy(env!("CARGO_BIN_EXE_newsgraph"), &binary).expect("copy the binary");
    std::fs::set_permissions(ws.dir.path(), std::fs::Permissions::from_mode(0o777))
        .expect("open the workspace");
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&binary)
        .args(args)
        .current_dir(ws.dir.path())
        .env("HOME", ws.dir.path())
        .output()
        .expect("setpriv runs")
}

/// Every kind of input a newsroom archive holds by accident, next to good articles: each is
/// built as text with the right offsets or fails alone, naming the file and why.
#[test]
fn bad_inputs_fail_alone_with_their_names_and_everything_else_is_built() {
    let ws = Workspace::new();
    let dir = ws.path("archive");
    std::fs::create_dir_all(dir.join("nested")).expect("dirs");
    let text = "Oracle kaufte TikTok.\nMicrosoft lehnte ab.\n";
    let utf16 = |big: bool| -> Vec<u8> {
        let mut bytes = if big { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            bytes.extend(if big { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        bytes
    };
    write(&dir.join("good.txt"), GOOD.as_bytes());
    write(&dir.join("Übernahme bei Café Zürich.txt"), GOOD.as_bytes());
    write(&dir.join("utf16le.txt"), &utf16(false));
    write(&dir.join("utf16be.txt"), &utf16(true));
    write(&dir.join("utf8bom.txt"), &[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
    write(&dir.join("windows.txt"), text.replace('\n', "\r\n").as_bytes());
    write(&dir.join("invalid.txt"), b"Oracle kaufte TikTok.\nMicrosoft \xC3\x28 lehnte ab.\n");
    write(&dir.join("nul.txt"), b"Oracle kaufte\0TikTok.");
    write(&dir.join("empty.txt"), b"");
    write(&dir.join("blank.txt"), b"  \n\t\r\n   \n");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde";
    write(&dir.join("photo.txt"), png);
    write(&dir.join("unreadable.txt"), GOOD.as_bytes());
    std::fs::set_permissions(dir.join("unreadable.txt"), std::fs::Permissions::from_mode(0o000))
        .expect("chmod");
    write(&dir.join("nested").join("deep.txt"), GOOD.as_bytes());
    std::os::unix::fs::symlink("..", dir.join("nested").join("loop")).expect("symlink loop");

    let output = build_as_user(&ws, &["build", "archive", "--store", "store"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for (file, why) in [
        ("invalid.txt", "invalid UTF-8 at byte offset 32 (line 2)"),
        ("nul.txt", "binary data (NUL byte at offset 13)"),
        ("empty.txt", "empty document (no text)"),
        ("blank.txt", "empty document (only white space)"),
        ("photo.txt", "binary data (a PNG image)"),
        ("unreadable.txt", "Permission denied"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("archive/{file}:")))
            .unwrap_or_else(|| panic!("no error for {file}:\n{err}"));
        assert!(line.starts_with("newsgraph: error: ") && line.contains(why), "{line}");
    }
    assert!(err.contains("nested/loop: not followed"), "{err}");
    assert!(err.contains("newsgraph: 6 of 13 documents failed"), "{err}");

    let stored = graphs(&ws, "store");
    let documents: BTreeSet<&str> = stored.keys().filter_map(|g| g.strip_prefix(DOC)).collect();
    let expected = [
        "%C3%9Cbernahme%20bei%20Caf%C3%A9%20Z%C3%BCrich",
        "deep",
        "good",
        "utf16be",
        "utf16le",
        "utf8bom",
        "windows",
    ];
    assert_eq!(documents, expected.into_iter().collect(), "exactly the good documents");
    // The decoded texts are the same text, so their graphs differ only in the document IRI.
    // (Statement IRIs hash the document id too.)
    let without_id = |id: &str| -> BTreeSet<String> {
        let anonymous = |quad: &str| -> String {
            let quad = quad.replace(id, "ID");
            match quad.find("/statement/") {
                Some(at) => {
                    let hash = at + "/statement/".len();
                    format!("{}H{}", &quad[..hash], &quad[hash + 16..])
                }
                None => quad,
            }
        };
        stored[&format!("{DOC}{id}")].iter().map(|q| anonymous(q)).collect()
    };
    for id in ["utf16be", "utf8bom", "windows"] {
        assert!(without_id(id) == without_id("utf16le"), "{id} and utf16le differ");
    }
    // Offsets count the decoded text, without the byte-order mark and with `\n` line breaks.
    let second = "Microsoft lehnte ab.";
    let at = text.find(second).expect("second sentence");
    let sentence = format!("<{DOC}utf16le#char={at},{}>", at + second.len());
    let anchored = format!(
        "{sentence} <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> \"{second}\""
    );
    assert!(
        stored[&format!("{DOC}utf16le")].iter().any(|q| q.starts_with(&anchored)),
        "{anchored}"
    );
    assert!(!stored.values().flatten().any(|q| q.contains("\\r")), "no carriage return stored");
}

/// A 50 MB file with one endless line is built as text, next to a good article; a file of a
/// million tiny sentences is refused with its name and the limit, and nothing of it is stored.
#[test]
fn an_endless_line_is_built_as_text_and_a_million_sentences_are_refused() {
    let ws = Workspace::new();
    let dir = ws.path("big");
    std::fs::create_dir(&dir).expect("dir");
    let words = "und dann noch ein wort ohne ende ";
    write(&dir.join("endless.txt"), words.repeat(50 * 1024 * 1024 / words.len() + 1).as_bytes());
    write(&dir.join("tiny.txt"), "Ja. ".repeat(1_000_000).as_bytes());
    write(&dir.join("good.txt"), GOOD.as_bytes());
    let output = ws.run(&["build", "big", "--store", "store"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let refused = format!(
        "newsgraph: error: {}: 1000000 sentences, more than the 100000 a document may have; \
         split it into smaller documents",
        Path::new("big").join("tiny.txt").display()
    );
    assert!(err.lines().any(|line| line == refused), "{err}");
    assert!(err.contains("newsgraph: 1 of 3 documents failed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("2 documents"), "{out}");
    let query = ws.query_file(
        "sentences.rq",
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>\n\
         SELECT ?g (COUNT(?s) AS ?n) (MAX(STRLEN(?text)) AS ?longest) WHERE { GRAPH ?g { \
         ?s a nif:Sentence ; nif:anchorOf ?text } } GROUP BY ?g",
    );
    let rows = ws.query_json("store", &query);
    let row = |id: &str| -> Option<(usize, usize)> {
        let row = rows.iter().find(|r| common::value(r, "g") == format!("{DOC}{id}"))?;
        let number = |var: &str| common::value(row, var).parse::<usize>().expect("a number");
        Some((number("n"), number("longest")))
    };
    assert_eq!(row("tiny"), None, "nothing of the refused file is stored");
    // The endless line is cut into pieces no longer than a sentence may be.
    let (pieces, longest) = row("endless").expect("the endless line is stored");
    assert!(pieces >= 50 * 1024 * 1024 / 2048, "{pieces} pieces");
    assert!(longest <= 2048, "a piece of {longest} characters");
    assert_eq!(row("good").map(|(sentences, _)| sentences), Some(2));
}

/// A deterministic stream of numbers for the kill moments; the seed is printed so a failing run
/// can be repeated with NEWSGRAPH_KILL_SEED.
struct Moments(u64);

impl Moments {
    fn next(&mut self, below: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % below.max(1)
    }
}

/// The articles of the crash test: the seeds changed, so that their graphs are replaced, and
/// many copies of the fixture articles under new names, so that the build writes several batches
/// of new graphs.
fn changed_corpus(dir: &Path) {
    common::changed_corpus(dir, &["deals", "unseen"], 60);
}

/// Kills `newsgraph build` with SIGKILL at random moments over a store that holds the seeds:
/// after each kill the store opens, every document graph is the old or the new one (never half),
/// no seed document is lost, and a final build completes with the same store a clean build gives.
#[test]
fn a_build_killed_at_random_moments_leaves_old_or_new_graphs_and_can_be_rebuilt() {
    let ws = Workspace::new();
    let seeds = repo().join("seeds");
    let seeds = seeds.to_str().expect("utf-8 path");
    changed_corpus(&ws.path("changed"));

    // References: the seeds alone, and the seeds followed by the changed corpus.
    ws.build_seeds("old");
    let old = graph_sizes(&ws, "old");
    ws.build_seeds("new");
    let started = Instant::now();
    ws.ok(&["build", "changed", "--store", "new"]);
    let full = started.elapsed();
    let new = graph_sizes(&ws, "new");
    let seed_graphs: Vec<&String> = old.keys().filter(|g| g.starts_with(DOC)).collect();
    assert_eq!(seed_graphs.len(), 5);
    for graph in &seed_graphs {
        assert_ne!(old[*graph], new[*graph], "{graph}: the change changes the graph");
    }

    ws.ok(&["build", seeds, "--store", "store"]);
    let seed = std::env::var("NEWSGRAPH_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    println!("kill moments from NEWSGRAPH_KILL_SEED={seed}, a full build takes {full:?}");
    let mut moments = Moments(seed);
    let mut killed_while_running = 0;
    for round in 0..20 {
        let at = Duration::from_millis(moments.next(full.as_millis() as u64 + 200));
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
            .args(["build", "changed", "--store", "store"])
            .current_dir(ws.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("build starts");
        std::thread::sleep(at);
        if child.try_wait().expect("status").is_none() {
            killed_while_running += 1;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");

        let sizes = graph_sizes(&ws, "store");
        // The facts graph is made from the documents after they are written: a build killed
        // in between leaves it behind them, and the next build brings it up to date.
        for (graph, &size) in sizes.iter().filter(|(graph, _)| *graph != FACTS) {
            let allowed = [old.get(graph), new.get(graph)];
            assert!(
                allowed.contains(&Some(&size)),
                "round {round}, killed after {at:?} (seed {seed}): {graph} has {size} quads, \
                 neither the old {:?} nor the new {:?}",
                old.get(graph),
                new.get(graph)
            );
        }
        for graph in &seed_graphs {
            assert!(sizes.contains_key(*graph), "round {round}: {graph} was lost");
        }
    }
    assert!(killed_while_running >= 10, "only {killed_while_running} kills hit a running build");

    ws.ok(&["build", "changed", "--store", "store"]);
    let rebuilt = ws.ok(&["export", "--format", "nq", "--store", "store"]);
    let clean = ws.ok(&["export", "--format", "nq", "--store", "new"]);
    assert!(rebuilt == clean, "the rebuilt store differs from a clean build");
}

/// A second build on a store that a build is writing gets a clear error and changes nothing;
/// the first build finishes as if alone.
#[test]
fn a_second_build_on_a_store_in_use_is_refused() {
    let ws = Workspace::new();
    changed_corpus(&ws.path("changed"));
    let mut first = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["build", "changed", "--store", "store"])
        .current_dir(ws.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("build starts");
    // Wait until the first build holds the store.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ws.path("store").join("LOCK").exists() {
        assert!(Instant::now() < deadline, "the first build never opened the store");
        std::thread::sleep(Duration::from_millis(10));
    }
    let second = ws.run(&["build", "changed", "--store", "store"]);
    let running = first.try_wait().expect("status").is_none();
    let status = first.wait().expect("first build ends");
    assert!(status.success(), "the first build failed");
    if running {
        let err = stderr(&second);
        assert_eq!(second.status.code(), Some(1), "{err}");
        assert!(err.contains("store: store in use by another process"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let reference = Workspace::new();
    changed_corpus(&reference.path("changed"));
    reference.ok(&["build", "changed", "--store", "store"]);
    assert!(
        ws.ok(&["export", "--format", "nq", "--store", "store"])
            == reference.ok(&["export", "--format", "nq", "--store", "store"]),
        "the store differs from one built by a single build"
    );
}

/// `--jobs 1` and `--jobs 2`, with the files named in two orders, give byte-identical sorted
/// N-Quads; rebuilding after one article changed changes that article's graph only.
#[test]
fn builds_are_identical_across_jobs_and_orders_and_a_change_stays_in_its_graph() {
    let ws = Workspace::new();
    let mut files: Vec<String> = ["seeds", "tests/fixtures/deals", "tests/fixtures/unseen"]
        .iter()
        .flat_map(|d| std::fs::read_dir(repo().join(d)).expect("articles"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.to_str().expect("utf-8 path").to_string())
        .collect();
    files.sort();
    let mut exports = Vec::new();
    for (store, jobs, reverse) in [("a", "1", false), ("b", "2", false), ("c", "2", true)] {
        let mut args = vec!["build", "--store", store, "--jobs", jobs];
        let mut order: Vec<&str> = files.iter().map(String::as_str).collect();
        if reverse {
            order.reverse();
        }
        args.extend(order);
        ws.ok(&args);
        exports.push(ws.ok(&["export", "--format", "nq", "--store", store]));
    }
    assert!(exports[0] == exports[1], "--jobs 1 and --jobs 2 differ");
    assert!(exports[0] == exports[2], "the input order changes the store");

    // Change one article and rebuild everything into store a.
    let dir = ws.path("articles");
    std::fs::create_dir(&dir).expect("dir");
    for file in &files {
        let path = Path::new(file);
        std::fs::copy(path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    let changed = dir.join("04_klage.txt");
    assert!(changed.exists(), "the fixture to change");
    let text = std::fs::read_to_string(&changed).expect("article");
    write(&changed, (text + "\nDer Konzern Siemens kaufte die Firma Bosch.\n").as_bytes());
    let before = graphs(&ws, "a");
    ws.ok(&["build", "articles", "--store", "a"]);
    let after = graphs(&ws, "a");
    let changed_graph = format!("{DOC}04_klage");
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (graph, quads) in &before {
        if *graph == changed_graph {
            assert_ne!(quads, &after[graph], "the changed article's graph changed");
        } else if graph == FACTS {
            // What the article tells now ("Siemens kaufte Bosch") is a fact of the facts graph.
            let new: Vec<&String> = after[graph].difference(quads).collect();
            let gone: Vec<&String> = quads.difference(&after[graph]).collect();
            assert!(new.iter().any(|q| q.contains("siemens")), "{new:#?}");
            assert!(gone.is_empty(), "no fact of another article goes: {gone:#?}");
        } else {
            assert_eq!(quads, &after[graph], "{graph} changed with another article");
        }
    }
}

/// A copy of the shipped ontology in the workspace, which the binary then reads.
fn ontology_copy(ws: &Workspace) -> PathBuf {
    let ontology = ws.path("ontology");
    copy_ontology(&ontology);
    ontology
}

/// A broken knowledge file fails the build with the file, the line and what is wrong, before
/// any store is created; a broken query names its line and column.
#[test]
fn broken_knowledge_files_and_queries_name_their_line() {
    let seeds = repo().join("seeds");
    let seeds = seeds.to_str().expect("utf-8 path");
    let fails_at = |file: &str, change: &dyn Fn(&str) -> (String, usize), what: &str| {
        let ws = Workspace::new();
        let path = ontology_copy(&ws).join(file);
        let text = std::fs::read_to_string(&path).expect("knowledge file");
        let (broken, line) = change(&text);
        write(&path, broken.as_bytes());
        let output = ws.run(&["build", seeds, "--store", "store"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{file}: {err}");
        let place = format!("{file}:{line}: ");
        assert!(err.contains(&place) && err.contains(what), "{file}: want {place}…{what}: {err}");
        assert!(!ws.path("store").exists(), "{file}: a store was created");
    };
    // A syntax error at the end of each file.
    for file in [
        "lexicon.toml",
        "de/relations.toml",
        "de/rules.toml",
        "de/time.toml",
        "de/segmentation.toml",
        "de/documents.toml",
        "de/inflection.toml",
        "types.toml",
    ] {
        let text = std::fs::read_to_string(repo().join("ontology").join(file)).expect("file");
        let line = text.trim_end_matches('\n').lines().count() + 1;
        let change =
            move |text: &str| (format!("{}\nbroken = = 1\n", text.trim_end_matches('\n')), line);
        fails_at(file, &change, "");
    }
    let text = std::fs::read_to_string(repo().join("ontology/newsgraph.ttl")).expect("file");
    let line = text.trim_end_matches('\n').lines().count() + 1;
    let change = move |text: &str| {
        (format!("{}\n<urn:a> <urn:b> @@@ .\n", text.trim_end_matches('\n')), line)
    };
    fails_at("newsgraph.ttl", &change, "Parser error");
    // Errors found after parsing point at the value that is wrong.
    let slot = |text: &str| {
        let at = text.find("\"subject").expect("a subject slot");
        let line = text[..at].lines().count().max(1);
        let line = if text[..at].ends_with('\n') { line + 1 } else { line };
        (format!("{}\"subjekt{}", &text[..at], &text[at + "\"subject".len()..]), line)
    };
    fails_at("de/relations.toml", &slot, "unknown slot \"subjekt");
    let name = |text: &str| {
        (
            format!("{}\nkleinbuchstaben\n", text.trim_end_matches('\n')),
            text.trim_end_matches('\n').lines().count() + 1,
        )
    };
    fails_at("de/first_names.txt", &name, "is not a capitalised word");

    let ws = Workspace::new();
    ws.build_seeds("store");
    let query = ws.query_file("bad.rq", "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n}\nLIMIT x\n");
    let output = ws.run(&["query", query.to_str().expect("utf-8 path"), "--store", "store"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("bad.rq: syntax error at line 5, column 7"), "{err}");
}
