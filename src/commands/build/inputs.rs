//! The build's inputs: the paths named (files, directories walked for the files of every input
//! form, `-` for standard input) and the documents they hold.
//!
//! Text files stay paths until a worker reads them, so memory stays flat however many there
//! are. Files of the other forms (JSON Lines, HTML, feeds, WARC) are read up front, on the
//! build's threads, because their documents' ids come from inside them: only with every id
//! known can one article reached through two files (a feed item and its saved page) be built as
//! one document, and can a second document with an id already taken be refused before the
//! workers start, whatever order they finish in.

use std::collections::HashSet;
use std::collections::hash_map::{Entry, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::knowledge::Knowledge;
use crate::text::document::{Document, DocumentRules};
use crate::text::input::{self, Format, Options, Origin};
use crate::text::seeds::SEEDS;

/// A path named on the command line or found in a walk, or standard input (`-`).
#[derive(Debug, Clone)]
pub(super) enum Listed {
    Path(PathBuf),
    Stdin,
}

/// One document to analyse.
#[derive(Debug, Clone)]
pub(super) enum Input {
    /// A text file, read when a worker gets to it; its id is its file name.
    File(PathBuf),
    Embedded {
        name: &'static str,
        text: &'static str,
    },
    /// A document read up front from `file` (a file of another form, or standard input).
    Read {
        document: Box<Document>,
        file: PathBuf,
    },
}

impl Input {
    pub(super) fn display(&self) -> PathBuf {
        match self {
            Input::File(path) => path.clone(),
            Input::Embedded { name, .. } => PathBuf::from(format!("seeds/{name} (built-in)")),
            Input::Read { file, .. } => file.clone(),
        }
    }

    /// An error about this input's document, naming its file, and which of the file's documents
    /// it is where the file holds many.
    pub(super) fn error(&self, message: impl Into<String>) -> crate::Error {
        match self {
            Input::Read { document, file } => {
                crate::Error::record(file, format!("document {}", document.id), message)
            }
            Input::File(_) | Input::Embedded { .. } => crate::Error::input(self.display(), message),
        }
    }

    /// The document id: from the file name of a text file, else the document's own.
    pub(super) fn id(&self) -> String {
        match self {
            Input::File(path) => {
                path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
            }
            Input::Embedded { name, .. } => name.trim_end_matches(".txt").to_string(),
            Input::Read { document, .. } => document.id.clone(),
        }
    }

    /// Bytes to read, for the progress line.
    pub(super) fn size(&self) -> u64 {
        match self {
            Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Input::Embedded { text, .. } => text.len() as u64,
            Input::Read { document, .. } => document.text.len() as u64,
        }
    }

    pub(super) fn load(&self, knowledge: &Knowledge) -> crate::Result<Document> {
        match self {
            Input::File(path) => Document::load(path, &knowledge.documents),
            Input::Embedded { name, text } => {
                let id = name.trim_end_matches(".txt");
                let mut document =
                    Document::parse(&self.display(), id, text.as_bytes(), &knowledge.documents)?;
                document.meta.sources.push(name.to_string());
                Ok(document)
            }
            Input::Read { document, .. } => Ok(document.as_ref().clone()),
        }
    }
}

/// The documents of a build, in input order, and what failed before any analysis.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub(super) inputs: Vec<Input>,
    /// Paths that could not be listed or read, records that are no article, documents whose id
    /// another input already has: each an error message naming the file and place.
    pub(super) problems: Vec<String>,
    /// Whether every document of every path is known: no path unlisted, no file or record
    /// unread. Only then may `--prune` take out the stored documents not among them.
    pub(super) complete: bool,
}

/// How the inputs are read: `--format` (else each file's extension) and the JSON field names.
#[derive(Debug)]
pub(super) struct Reading {
    pub(super) format: Option<Format>,
    pub(super) options: Options,
    pub(super) jobs: usize,
}

/// The documents of `paths` (none: `seeds/`, else the built-in seed articles).
pub(super) fn plan(paths: &[PathBuf], reading: &Reading, rules: &DocumentRules) -> Plan {
    let (listed, unlisted) = if paths.is_empty() {
        let seeds = Path::new("seeds");
        if seeds.is_dir() {
            collect(&[seeds.to_path_buf()])
        } else {
            let mut plan = Plan { complete: true, ..Plan::default() };
            plan.inputs = SEEDS.iter().map(|(name, text)| Input::Embedded { name, text }).collect();
            return plan;
        }
    } else {
        collect(paths)
    };
    let mut plan = Plan { complete: unlisted.is_empty(), problems: unlisted, ..Plan::default() };
    // Each listed path becomes its documents, read in parallel for the forms of many.
    let mut slots: Vec<Option<Vec<crate::Result<Document>>>> = Vec::with_capacity(listed.len());
    let mut to_read = Vec::new();
    for (i, item) in listed.iter().enumerate() {
        let (format, bytes, origin) = match item {
            Listed::Path(path) => {
                let format = reading.format.or_else(|| Format::of(path)).unwrap_or(Format::Text);
                if format == Format::Text {
                    slots.push(None);
                    continue;
                }
                (format, None, Origin::file(path))
            }
            Listed::Stdin => match read_stdin() {
                Ok(bytes) => {
                    let format = reading.format.unwrap_or_else(|| Format::sniff(&bytes));
                    (format, Some(bytes), Origin::stdin())
                }
                Err(err) => {
                    slots.push(Some(vec![Err(err)]));
                    continue;
                }
            },
        };
        slots.push(Some(Vec::new()));
        to_read.push((i, format, bytes, origin));
    }
    for (i, read) in read_all(to_read, reading, rules) {
        slots[i] = Some(read);
    }
    let mut documents = Vec::new();
    for (item, slot) in listed.into_iter().zip(slots) {
        match (item, slot) {
            (Listed::Path(path), None) => documents.push(Input::File(path)),
            (item, Some(read)) => {
                let file = match item {
                    Listed::Path(path) => path,
                    Listed::Stdin => PathBuf::from("-"),
                };
                for document in read {
                    match document {
                        Ok(document) => documents
                            .push(Input::Read { document: Box::new(document), file: file.clone() }),
                        Err(err) => {
                            plan.problems.push(err.to_string());
                            plan.complete = false;
                        }
                    }
                }
            }
            (Listed::Stdin, None) => {}
        }
    }
    plan.inputs = one_per_id(documents, &mut plan.problems);
    plan
}

/// Standard input, read whole.
fn read_stdin() -> crate::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
        .map_err(|e| crate::Error::input("-", format!("cannot read standard input: {e}")))?;
    Ok(bytes)
}

/// A file to read: its place among the listed paths, its form, its bytes when already read
/// (standard input), and its name.
type ToRead = (usize, Format, Option<Vec<u8>>, Origin);

/// Reads the files on `reading.jobs` threads; each result with its place among the listed paths.
/// A panic while reading one (a bug in a parser) fails that file only.
fn read_all(
    files: Vec<ToRead>,
    reading: &Reading,
    rules: &DocumentRules,
) -> Vec<(usize, Vec<crate::Result<Document>>)> {
    let files: Vec<Mutex<Option<ToRead>>> =
        files.into_iter().map(|f| Mutex::new(Some(f))).collect();
    let results = Mutex::new(Vec::with_capacity(files.len()));
    let next = AtomicUsize::new(0);
    let jobs = reading.jobs.max(1).min(files.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                while let Some(slot) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let Some((i, format, bytes, origin)) =
                        slot.lock().map_or(None, |mut slot| slot.take())
                    else {
                        continue;
                    };
                    let read = || input::read(format, &origin, bytes, &reading.options, rules);
                    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
                        .unwrap_or_else(|panic| {
                            let message = super::panic_message(panic.as_ref());
                            Err(crate::Error::input(
                                &origin.path,
                                format!(
                                    "internal error while reading ({message}); please report it"
                                ),
                            ))
                        });
                    let documents = read.unwrap_or_else(|err| vec![Err(err)]);
                    if let Ok(mut results) = results.lock() {
                        results.push((i, documents));
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

/// One input per document id, in input order. Documents with the same URL are one article
/// reached through several files: they become one document, with the longest text (the first
/// of equal ones) and every file as a source, each field of metadata from the first that has
/// it. Any other id taken twice keeps the first input; the later one is a problem.
fn one_per_id(documents: Vec<Input>, problems: &mut Vec<String>) -> Vec<Input> {
    let mut inputs: Vec<Input> = Vec::with_capacity(documents.len());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for input in documents {
        match by_id.entry(input.id()) {
            Entry::Vacant(entry) => {
                entry.insert(inputs.len());
                inputs.push(input);
            }
            Entry::Occupied(entry) => {
                let first = &mut inputs[*entry.get()];
                if let (
                    Input::Read { document: kept, file: kept_file },
                    Input::Read { document: other, .. },
                ) = (&mut *first, &input)
                    && kept.meta.url.is_some()
                    && kept.meta.url == other.meta.url
                {
                    let Input::Read { document: other, file } = input else { continue };
                    if other.text.chars().count() > kept.text.chars().count() {
                        let earlier = std::mem::replace(kept, other);
                        *kept_file = file;
                        merge_metadata(kept, *earlier, true);
                    } else {
                        merge_metadata(kept, *other, false);
                    }
                    continue;
                }
                problems.push(format!(
                    "{}: document id {:?} already used by {}; skipped",
                    input.display().display(),
                    entry.key(),
                    first.display().display()
                ));
            }
        }
    }
    inputs
}

/// Fills what `kept` lacks from `other`, the same article read from another file; `other_first`
/// says whether `other` came first in input order, so that its sources stay first.
fn merge_metadata(kept: &mut Document, other: Document, other_first: bool) {
    let (meta, from) = (&mut kept.meta, other.meta);
    // The earlier input's fields win, whichever gave the text.
    let fill = |mine: &mut Option<String>, theirs: Option<String>| {
        if other_first && theirs.is_some() || mine.is_none() {
            *mine = theirs.or(mine.take());
        }
    };
    fill(&mut meta.headline, from.headline);
    fill(&mut meta.publisher, from.publisher);
    fill(&mut meta.language, from.language);
    if other_first && other.date.is_some() || kept.date.is_none() {
        kept.date = other.date.or(kept.date);
    }
    if kept.authors.is_empty() {
        kept.authors = other.authors;
    }
    let sources = if other_first {
        [from.sources, std::mem::take(&mut meta.sources)].concat()
    } else {
        [std::mem::take(&mut meta.sources), from.sources].concat()
    };
    let mut seen = HashSet::new();
    meta.sources = sources.into_iter().filter(|s| seen.insert(s.clone())).collect();
}

/// Files named on the command line, and the files of every input form under named directories,
/// sorted; with the paths that could not be listed (missing, an unreadable directory), each an
/// error message naming the path. Those are reported with the documents that fail, and the
/// build goes on.
fn collect(paths: &[PathBuf]) -> (Vec<Listed>, Vec<String>) {
    let mut walk = Walk::default();
    for path in paths {
        if path.as_os_str() == "-" {
            walk.files.push(Listed::Stdin);
        } else if path.is_dir() {
            walk.dir(path);
        } else if path.exists() {
            walk.files.push(Listed::Path(path.clone()));
        } else {
            let why = match std::fs::symlink_metadata(path) {
                Ok(_) => "a symbolic link to nothing",
                Err(_) => "no such file or directory",
            };
            walk.problems.push(format!("{}: {why}", path.display()));
        }
    }
    (walk.files, walk.problems)
}

/// A walk over directory trees that follows symbolic links but never loops: a directory is
/// entered once, by its canonical path.
#[derive(Debug, Default)]
struct Walk {
    files: Vec<Listed>,
    problems: Vec<String>,
    /// Canonical paths of the directories entered so far.
    entered: HashSet<PathBuf>,
}

impl Walk {
    fn dir(&mut self, dir: &Path) {
        let canonical = match std::fs::canonicalize(dir) {
            Ok(canonical) => canonical,
            Err(e) => {
                self.problems.push(format!("{}: cannot read directory: {e}", dir.display()));
                return;
            }
        };
        if !self.entered.insert(canonical.clone()) {
            // A link back up the tree (a loop) or a second way into a directory already read:
            // its files are already listed, so going in again could only repeat them.
            eprintln!(
                "newsgraph: warning: {}: not followed, it leads to {} which is already read \
                 (a symbolic link loop?)",
                dir.display(),
                canonical.display()
            );
            return;
        }
        let entries = std::fs::read_dir(dir).and_then(|entries| entries.collect());
        let mut entries: Vec<std::fs::DirEntry> = match entries {
            Ok(entries) => entries,
            Err(e) => {
                self.problems.push(format!("{}: cannot read directory: {e}", dir.display()));
                return;
            }
        };
        // The entries share their directory, so their names alone give the order of their paths.
        entries.sort_by_cached_key(|entry| entry.file_name());
        for entry in entries {
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            // The listing tells each entry's type without a call per file; only a symbolic link
            // needs one, to see what it leads to.
            let is_dir = match entry.file_type() {
                Ok(kind) if !kind.is_symlink() => kind.is_dir(),
                _ => path.is_dir(),
            };
            if is_dir {
                self.dir(&path);
            } else if Format::walked(&path) {
                self.files.push(Listed::Path(path));
            }
        }
    }
}
