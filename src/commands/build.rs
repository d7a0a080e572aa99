//! `newsgraph build`: analyse articles and replace their graphs in the store.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::Outcome;
use crate::cli::BuildArgs;
use crate::document::Document;
use crate::knowledge::Knowledge;
use crate::pipeline::{Analysis, Pipeline};
use crate::rdf::{self, Iris};
use crate::seeds::SEEDS;
use crate::store::GraphStore;

/// Where an article comes from.
#[derive(Debug, Clone)]
enum Input {
    File(PathBuf),
    Embedded { name: &'static str, text: &'static str },
}

impl Input {
    fn display(&self) -> PathBuf {
        match self {
            Input::File(path) => path.clone(),
            Input::Embedded { name, .. } => PathBuf::from(format!("seeds/{name} (built-in)")),
        }
    }

    fn load(&self, knowledge: &Knowledge) -> crate::Result<Document> {
        match self {
            Input::File(path) => Document::load(path, &knowledge.documents),
            Input::Embedded { name, text } => {
                let id = name.trim_end_matches(".txt");
                Document::parse(&self.display(), id, text.as_bytes(), &knowledge.documents)
            }
        }
    }
}

/// A checked build configuration.
#[derive(Debug)]
struct Config {
    inputs: Vec<Input>,
    store: PathBuf,
    iris: Iris,
    jobs: usize,
}

impl Config {
    fn from_args(args: BuildArgs) -> anyhow::Result<Self> {
        let iris = Iris::new(&args.base)?;
        let jobs = args
            .jobs
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        let inputs = if args.paths.is_empty() {
            let seeds = Path::new("seeds");
            if seeds.is_dir() {
                collect(&[seeds.to_path_buf()])?
            } else {
                SEEDS.iter().map(|(name, text)| Input::Embedded { name, text }).collect()
            }
        } else {
            collect(&args.paths)?
        };
        Ok(Config { inputs, store: args.store, iris, jobs })
    }
}

/// Files named on the command line, and the `.txt` files under named directories, sorted.
fn collect(paths: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files)?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            anyhow::bail!("{}: no such file or directory", path.display());
        }
    }
    Ok(files.into_iter().map(Input::File).collect())
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read directory", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{}: cannot read directory", dir.display()))?;
    entries.sort();
    for path in entries {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    Ok(())
}

pub fn run(args: BuildArgs, knowledge: &Knowledge) -> anyhow::Result<Outcome> {
    let config = Config::from_args(args)?;
    let pipeline = Pipeline::new(knowledge);
    let results = analyze_all(&config, knowledge, &pipeline);

    let mut outcome = Outcome::Success;
    let mut analyses: Vec<Analysis> = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for (input, result) in config.inputs.iter().zip(results) {
        match result {
            Ok(analysis) => {
                if let Some(first) = seen.insert(analysis.document.id.clone(), input.display()) {
                    eprintln!(
                        "newsgraph: error: {}: document id {:?} already used by {}; skipped",
                        input.display().display(),
                        analysis.document.id,
                        first.display()
                    );
                    outcome = Outcome::SomeInputFailed;
                    continue;
                }
                analyses.push(analysis);
            }
            Err(err) => {
                eprintln!("newsgraph: error: {err}");
                outcome = Outcome::SomeInputFailed;
            }
        }
    }

    let iris = &config.iris;
    let mut graphs = vec![
        (iris.vocabulary_graph(), rdf::vocabulary_quads(knowledge, iris)?),
        (iris.lexicon_graph(), rdf::lexicon_quads(knowledge, iris)),
    ];
    for analysis in &analyses {
        let quads = rdf::document_quads(analysis, knowledge, iris);
        graphs.push((iris.document(&analysis.document.id), quads));
    }
    let store = GraphStore::open(&config.store)?;
    store.replace_graphs(&graphs)?;
    let total_quads = store.len()?;

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    summary(&mut out, &analyses, knowledge, total_quads, &config.store)?;
    out.flush()?;
    Ok(outcome)
}

/// Analyses every input on `config.jobs` threads; results keep the input order.
fn analyze_all(
    config: &Config,
    knowledge: &Knowledge,
    pipeline: &Pipeline<'_>,
) -> Vec<crate::Result<Analysis>> {
    let chunk = config.inputs.len().div_ceil(config.jobs.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = config
            .inputs
            .chunks(chunk)
            .map(|inputs| {
                scope.spawn(move || {
                    inputs
                        .iter()
                        .map(|input| input.load(knowledge).map(|doc| pipeline.analyze(doc)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("analysis does not panic")).collect()
    })
}

fn summary(
    out: &mut impl Write,
    analyses: &[Analysis],
    knowledge: &Knowledge,
    total_quads: usize,
    store: &Path,
) -> anyhow::Result<()> {
    let mut mentions_by_entity: BTreeMap<&str, usize> = BTreeMap::new();
    let mut labels: HashMap<&str, (&str, &str)> = HashMap::new();
    for entity in &knowledge.lexicon.entries {
        labels.insert(&entity.id, (&entity.label, &entity.kind.schema));
    }
    let id_width = analyses.iter().map(|a| a.document.id.chars().count()).max().unwrap_or(8).max(8);
    writeln!(
        out,
        "{:<id_width$}  {:<10}  {:>9}  {:>8}  {:>8}  {:>5}",
        "document", "date", "sentences", "mentions", "entities", "facts"
    )?;
    let mut by_family: BTreeMap<String, usize> = BTreeMap::new();
    for analysis in analyses {
        for entity in analysis.new_entities.values() {
            labels.insert(&entity.id, (&entity.label, &entity.kind.schema));
        }
        let mut distinct: Vec<&str> = analysis.mentions.iter().map(|m| m.entity.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for mention in &analysis.mentions {
            *mentions_by_entity.entry(&mention.entity).or_default() += 1;
        }
        let date = analysis.document.date.map_or("-".to_string(), |d| d.to_string());
        let mut facts: Vec<_> = crate::extract::facts(&analysis.findings, &knowledge.relations)
            .into_iter()
            .map(|f| (f.family, f.subject, f.object, f.polarity))
            .collect();
        facts.sort();
        facts.dedup();
        for fact in &facts {
            *by_family.entry(fact.0.clone()).or_default() += 1;
        }
        writeln!(
            out,
            "{:<id_width$}  {:<10}  {:>9}  {:>8}  {:>8}  {:>5}",
            analysis.document.id,
            date,
            analysis.sentences.len(),
            analysis.mentions.len(),
            distinct.len(),
            facts.len()
        )?;
    }
    let sentences: usize = analyses.iter().map(|a| a.sentences.len()).sum();
    let mentions: usize = analyses.iter().map(|a| a.mentions.len()).sum();
    let facts: usize = by_family.values().sum();
    writeln!(
        out,
        "\n{} documents, {sentences} sentences, {mentions} mentions, {} entities, {facts} facts, {total_quads} quads in {}",
        analyses.len(),
        mentions_by_entity.len(),
        store.display()
    )?;
    let families: Vec<String> = by_family.iter().map(|(f, n)| format!("{f} {n}")).collect();
    writeln!(out, "facts by family: {}\n", families.join(", "))?;
    let mut ranked: Vec<(&str, usize)> = mentions_by_entity.into_iter().collect();
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
