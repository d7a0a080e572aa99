//! `newsgraph build`: analyse articles and replace their graphs in the store.

mod inputs;

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Outcome;
use crate::commands::cli::{BuildArgs, InputFormat};
use crate::knowledge::Knowledge;
use crate::text::input::Options;
use indicatif::{ProgressBar, ProgressStyle};
use inputs::{Input, Reading};
use oxigraph::model::NamedNode;
use rustc_hash::FxHashMap;

use crate::analysis::{Analysis, Pipeline};
use crate::rdf::store::GraphStore;
use crate::rdf::{self, GraphQuads, Iris};

/// A checked build configuration.
#[derive(Debug)]
struct Config {
    paths: Vec<PathBuf>,
    reading: Reading,
    store: PathBuf,
    iris: Iris,
    dry_run: bool,
    prune: bool,
}

impl Config {
    fn from_args(args: BuildArgs) -> anyhow::Result<Self> {
        let iris = Iris::new(&args.base)?;
        let jobs = args
            .jobs
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        let mut options = Options::default();
        for (item, names) in &args.fields {
            options.fields.set(item, names).map_err(|e| anyhow::anyhow!("--field {item}: {e}"))?;
        }
        let format = args.format.and_then(InputFormat::format);
        Ok(Config {
            paths: args.paths,
            reading: Reading { format, options, jobs },
            store: args.store,
            iris,
            dry_run: args.dry_run,
            prune: args.prune,
        })
    }
}

pub fn run(args: BuildArgs, knowledge: &Knowledge) -> anyhow::Result<Outcome> {
    let config = Config::from_args(args)?;
    let pipeline = Pipeline::new(knowledge);
    let store =
        if config.dry_run { None } else { Some(super::open_for_writing(&config.store, true)?) };
    let iris = &config.iris;
    let lexicon = rdf::lexicon_quads(knowledge, iris);
    let mut total_quads = knowledge.vocabulary_triples.len() + lexicon.len();
    if let Some(store) = &store {
        let background = [
            (iris.vocabulary_graph(), rdf::vocabulary_graph(knowledge, iris)),
            (iris.lexicon_graph(), lexicon),
        ];
        store.update_graphs(&background)?;
    }

    let plan = inputs::plan(&config.paths, &config.reading, &knowledge.documents);
    let mut failed = 0;
    for problem in &plan.problems {
        eprintln!("newsgraph: error: {problem}");
        failed += 1;
    }
    let todo: Vec<&Input> = plan.inputs.iter().collect();

    let mut progress = Progress::new(&todo);
    let mut totals = Totals::new(todo.len());
    let mut batch: Vec<(usize, NamedNode, GraphQuads)> = Vec::new();
    let mut batch_quads = 0;
    let mut write_error = None;
    stream(&config, &todo, knowledge, &pipeline, |index, result| {
        progress.advance(todo[index]);
        match result {
            Ok((document_stats, quads)) => {
                if let Some(language) = &document_stats.unread_language {
                    eprintln!(
                        "newsgraph: note: {}: {}: the text is in {language:?}, not {:?}; stored \
                         with its metadata, nothing extracted",
                        todo[index].display().display(),
                        document_stats.id,
                        knowledge.language,
                    );
                }
                total_quads += document_stats.quads;
                if let Some(quads) = quads {
                    batch_quads += quads.len();
                    batch.push((index, iris.document(&document_stats.id), quads));
                }
                totals.add(index, document_stats);
            }
            Err(err) => {
                // Nothing of a failed document is stored: its old graph, if any, stays.
                eprintln!("newsgraph: error: {err}");
                failed += 1;
            }
        }
        if batch_quads >= BATCH_QUADS && write_error.is_none() {
            write_error = write(store.as_ref(), &mut batch, knowledge, iris).err();
            batch_quads = 0;
        }
    });
    if write_error.is_none() {
        write_error = write(store.as_ref(), &mut batch, knowledge, iris).err();
    }
    progress.finish();
    if let Some(err) = write_error {
        return Err(err.into());
    }
    let mut pruned = Vec::new();
    if let (Some(store), true) = (&store, config.prune) {
        if plan.complete {
            // Every listed file counts as present, also one that failed to load: a document
            // is only taken out when its file is gone.
            let kept = plan.inputs.iter().map(Input::id).collect();
            pruned = super::remove::prune(store, &kept, knowledge, iris)?;
        } else {
            eprintln!(
                "newsgraph: warning: nothing pruned, as some inputs could not be listed or read"
            );
        }
    }
    if let Some(store) = &store {
        total_quads = store.len()?;
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let place = if config.dry_run {
        "(dry run, not stored)".to_string()
    } else {
        format!("in {}", config.store.display())
    };
    summary(&mut out, &totals, knowledge, total_quads, &place)?;
    for id in &pruned {
        writeln!(out, "removed {id} (no longer among the inputs)")?;
    }
    out.flush()?;
    if failed == 0 {
        return Ok(Outcome::Success);
    }
    let total = plan.problems.len() + plan.inputs.len();
    let noun = if total == 1 { "document" } else { "documents" };
    eprintln!("newsgraph: {failed} of {total} {noun} failed");
    Ok(Outcome::SomeInputFailed)
}

/// Documents are written in batches of about this many quads. Each document's graph is written
/// in one atomic step (a transaction, or the bulk loader's commit), so it is either the old or
/// the new one, never a mix, even when the build is killed.
const BATCH_QUADS: usize = 500_000;

/// Stores a batch of documents, each atomically, with what they tell together in the facts
/// graph (see [`GraphStore::put_documents`]). A dry run only drops them.
fn write(
    store: Option<&GraphStore>,
    batch: &mut Vec<(usize, NamedNode, GraphQuads)>,
    knowledge: &Knowledge,
    iris: &Iris,
) -> crate::Result<()> {
    let Some(store) = store else {
        batch.clear();
        return Ok(());
    };
    let graphs: Vec<(NamedNode, GraphQuads)> =
        batch.drain(..).map(|(_, graph, quads)| (graph, quads)).collect();
    if graphs.is_empty() {
        return Ok(());
    }
    store.put_documents(&graphs, knowledge, iris)
}

/// What the summary shows of one document, kept instead of the document itself.
#[derive(Debug, Clone)]
struct DocumentStats {
    id: String,
    date: Option<String>,
    sentences: usize,
    mentions: usize,
    /// Mentions per entity id.
    entity_mentions: BTreeMap<String, usize>,
    /// Label and schema.org type of the entities the document introduces.
    new_entities: BTreeMap<String, (String, String)>,
    /// Distinct facts per relation family.
    facts: BTreeMap<String, usize>,
    /// Quads made for the document.
    quads: usize,
    /// The document's language when it is not the rules' and its text was not read.
    unread_language: Option<String>,
}

/// What the summary shows of all documents, gathered as each one is analysed: a line per
/// document and the totals, so memory grows with the lines, not with each document's counts.
#[derive(Debug)]
struct Totals {
    /// A line per input, in input order; none for one that failed.
    lines: Vec<Option<Line>>,
    /// Hashed, not ordered: every document adds to them on the thread that gathers the results,
    /// and the summary sorts what it prints.
    mentions_by_entity: FxHashMap<String, usize>,
    /// Input index, label and schema.org type of each entity the documents introduce, from the
    /// last document in input order that introduces it.
    new_entities: FxHashMap<String, (usize, String, String)>,
    facts_by_family: BTreeMap<String, usize>,
}

/// A document's line in the summary.
#[derive(Debug)]
struct Line {
    id: String,
    date: Option<String>,
    sentences: usize,
    mentions: usize,
    entities: usize,
    facts: usize,
}

impl Totals {
    fn new(inputs: usize) -> Self {
        Totals {
            lines: (0..inputs).map(|_| None).collect(),
            mentions_by_entity: FxHashMap::default(),
            new_entities: FxHashMap::default(),
            facts_by_family: BTreeMap::new(),
        }
    }

    /// Adds input `index`'s counts; inputs may come in any order.
    fn add(&mut self, index: usize, stats: DocumentStats) {
        let entities = stats.entity_mentions.len();
        let facts = stats.facts.values().sum();
        for (entity, n) in stats.entity_mentions {
            match self.mentions_by_entity.get_mut(&entity) {
                Some(count) => *count += n,
                None => {
                    self.mentions_by_entity.insert(entity, n);
                }
            }
        }
        for (family, n) in stats.facts {
            *self.facts_by_family.entry(family).or_default() += n;
        }
        for (id, (label, kind)) in stats.new_entities {
            match self.new_entities.entry(id) {
                Entry::Vacant(entry) => {
                    entry.insert((index, label, kind));
                }
                Entry::Occupied(mut entry) => {
                    if entry.get().0 < index {
                        entry.insert((index, label, kind));
                    }
                }
            }
        }
        self.lines[index] = Some(Line {
            id: stats.id,
            date: stats.date,
            sentences: stats.sentences,
            mentions: stats.mentions,
            entities,
            facts,
        });
    }
}

impl DocumentStats {
    fn of(analysis: &Analysis, knowledge: &Knowledge, quads: usize) -> Self {
        let mut entity_mentions = BTreeMap::new();
        for mention in &analysis.mentions {
            *entity_mentions.entry(mention.entity.clone()).or_default() += 1;
        }
        let mut facts: Vec<_> =
            crate::analysis::extract::facts(&analysis.findings, &knowledge.relations)
                .into_iter()
                .map(|f| (f.family, f.subject, f.object, f.polarity))
                .collect();
        facts.sort();
        facts.dedup();
        let mut by_family = BTreeMap::new();
        for fact in facts {
            *by_family.entry(fact.0).or_default() += 1;
        }
        DocumentStats {
            id: analysis.document.id.clone(),
            date: analysis.document.date.map(|d| d.to_string()),
            sentences: analysis.sentences.len(),
            mentions: analysis.mentions.len(),
            entity_mentions,
            new_entities: analysis
                .new_entities
                .values()
                .map(|e| (e.id.clone(), (e.label.clone(), e.kind.schema.clone())))
                .collect(),
            facts: by_family,
            quads,
            unread_language: (!analysis.extracted).then(|| analysis.language.clone()).flatten(),
        }
    }
}

/// A document's summary counts and its quads (none in a dry run), or why it failed.
type Done = crate::Result<(DocumentStats, Option<GraphQuads>)>;

/// A worker hands its results over in bundles of at most this many documents or about this
/// many quads: a hand-off per document would wake the receiving thread thousands of times a
/// second, and the switching cost a tenth of the run.
const BUNDLE_DOCUMENTS: usize = 64;
const BUNDLE_QUADS: usize = 50_000;

/// Analyses the inputs on `config.jobs` threads and hands each result, with its input index, to
/// `sink` on the calling thread. At most a few bundles of documents wait in the channel, so
/// memory stays flat however large the corpus.
fn stream(
    config: &Config,
    inputs: &[&Input],
    knowledge: &Knowledge,
    pipeline: &Pipeline<'_>,
    mut sink: impl FnMut(usize, Done),
) {
    let next = AtomicUsize::new(0);
    let jobs = config.reading.jobs.max(1).min(inputs.len().max(1));
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<(usize, Done)>>(jobs * 2);
        for _ in 0..jobs {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                let mut bundle = Vec::new();
                let mut quads = 0;
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(index) else { break };
                    // In a dry run nothing stores the quads: they are dropped here, on this
                    // worker's core.
                    let done = analyse(input, knowledge, pipeline, &config.iris)
                        .map(|(stats, graph)| (stats, (!config.dry_run).then_some(graph)));
                    if let Ok((_, Some(graph))) = &done {
                        quads += graph.len();
                    }
                    bundle.push((index, done));
                    if bundle.len() >= BUNDLE_DOCUMENTS || quads >= BUNDLE_QUADS {
                        quads = 0;
                        if sender.send(std::mem::take(&mut bundle)).is_err() {
                            return;
                        }
                    }
                }
                if !bundle.is_empty() {
                    let _ = sender.send(bundle);
                }
            });
        }
        drop(sender);
        for bundle in receiver {
            for (index, done) in bundle {
                sink(index, done);
            }
        }
    });
}

/// The most sentences a document may have. A document is analysed, and its quads stored, as one
/// piece (so that readers see it whole or not at all), which takes memory in proportion to its
/// sentences; this bounds it. News articles have tens or hundreds of sentences, a book a few
/// thousand.
const MAX_SENTENCES: usize = 100_000;

/// Loads and analyses one input. A panic (a bug) while analysing it fails that document only,
/// with a message naming it, and the build goes on with the others.
fn analyse(
    input: &Input,
    knowledge: &Knowledge,
    pipeline: &Pipeline<'_>,
    iris: &Iris,
) -> crate::Result<(DocumentStats, GraphQuads)> {
    let run = || {
        let document = input.load(knowledge)?;
        let analysis = pipeline.analyze_at_most(document, MAX_SENTENCES).map_err(|sentences| {
            input.error(format!(
                "{sentences} sentences, more than the {MAX_SENTENCES} a document may have; split \
                 it into smaller documents"
            ))
        })?;
        let quads = rdf::document_quads(&analysis, knowledge, iris);
        Ok((DocumentStats::of(&analysis, knowledge, quads.len()), quads))
    };
    // The pipeline and knowledge are only read, so a panic leaves nothing half-changed.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let message = panic_message(panic.as_ref());
        Err(input.error(format!("internal error while analysing ({message}); please report it")))
    })
}

/// What a caught panic said.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into())
}

/// A progress line on a terminal (documents, MB/s, time left), drawn by indicatif; nothing when
/// stderr is piped.
struct Progress {
    bar: ProgressBar,
    total: usize,
    done: usize,
}

impl Progress {
    fn new(inputs: &[&Input]) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            // Sizes are asked of the file system only when there is a line to show.
            let bar = ProgressBar::new(inputs.iter().map(|i| i.size()).sum());
            let style =
                ProgressStyle::with_template("{msg} documents  {decimal_bytes_per_sec}  ETA {eta}");
            bar.set_style(style.unwrap_or_else(|_| ProgressStyle::default_bar()));
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress { bar, total: inputs.len(), done: 0 }
    }

    fn advance(&mut self, input: &Input) {
        self.done += 1;
        if self.bar.is_hidden() {
            return;
        }
        self.bar.set_message(format!("{}/{}", self.done, self.total));
        self.bar.inc(input.size());
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn summary(
    out: &mut impl Write,
    totals: &Totals,
    knowledge: &Knowledge,
    total_quads: usize,
    place: &str,
) -> anyhow::Result<()> {
    let mut labels: HashMap<&str, (&str, &str)> = HashMap::new();
    for entity in &knowledge.lexicon.entries {
        labels.insert(&entity.id, (&entity.label, &entity.kind.schema));
    }
    for (id, (_, label, kind)) in &totals.new_entities {
        labels.insert(id, (label, kind));
    }
    let lines: Vec<&Line> = totals.lines.iter().flatten().collect();
    let id_width = lines.iter().map(|l| l.id.chars().count()).max().unwrap_or(8).max(8);
    writeln!(
        out,
        "{:<id_width$}  {:<10}  {:>9}  {:>8}  {:>8}  {:>5}",
        "document", "date", "sentences", "mentions", "entities", "facts"
    )?;
    for line in &lines {
        writeln!(
            out,
            "{:<id_width$}  {:<10}  {:>9}  {:>8}  {:>8}  {:>5}",
            line.id,
            line.date.as_deref().unwrap_or("-"),
            line.sentences,
            line.mentions,
            line.entities,
            line.facts
        )?;
    }
    let sentences: usize = lines.iter().map(|l| l.sentences).sum();
    let mentions: usize = lines.iter().map(|l| l.mentions).sum();
    let facts: usize = totals.facts_by_family.values().sum();
    writeln!(
        out,
        "\n{} documents, {sentences} sentences, {mentions} mentions, {} entities, {facts} facts, {total_quads} quads {place}",
        lines.len(),
        totals.mentions_by_entity.len(),
    )?;
    let families: Vec<String> =
        totals.facts_by_family.iter().map(|(f, n)| format!("{f} {n}")).collect();
    writeln!(out, "facts by family: {}\n", families.join(", "))?;
    let mut ranked: Vec<(&str, usize)> =
        totals.mentions_by_entity.iter().map(|(id, n)| (id.as_str(), *n)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let label_width = ranked
        .iter()
        .map(|(id, _)| labels.get(id).map_or(id.chars().count(), |l| l.0.chars().count()))
        .max()
        .unwrap_or(6)
        .max(6);
    writeln!(out, "{:<label_width$}  {:<24}  {:>8}", "entity", "type", "mentions")?;
    for (id, count) in ranked {
        let (label, kind) = labels.get(id).copied().unwrap_or((id, "?"));
        writeln!(out, "{label:<label_width$}  {kind:<24}  {count:>8}")?;
    }
    Ok(())
}
