//! Speed of the pipeline on the benchmark corpus, through the library's API: the whole analysis
//! (segmentation, recognition, resolution, times, extraction), and the analysis with its RDF
//! quads.
//!
//! The corpus is read from `NEWSGRAPH_BENCH_CORPUS` (a directory of `.txt` files, as
//! `bench/corpus.py` makes them), else from `seeds/`. Throughput is reported in bytes/s.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::{Document, Iris, Knowledge, Pipeline, Source, document_quads};

fn corpus(knowledge: &Knowledge) -> Vec<Document> {
    let dir = std::env::var_os("NEWSGRAPH_BENCH_CORPUS")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds"), PathBuf::from);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    // A few MB keep one iteration short; the whole-run script measures the full corpus.
    let mut docs = Vec::new();
    let mut bytes = 0;
    for file in files {
        if bytes > 2_000_000 {
            break;
        }
        if let Ok(doc) = Document::load(&file, &knowledge.documents) {
            bytes += doc.text.len();
            docs.push(doc);
        }
    }
    docs
}

fn stages(c: &mut Criterion) {
    let source = Source::Dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ontology"));
    let knowledge = Knowledge::load(&source).expect("ontology loads");
    let docs = corpus(&knowledge);
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let pipeline = Pipeline::new(&knowledge);
    let iris = Iris::default();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("analysis", |b| {
        b.iter(|| docs.iter().map(|d| pipeline.analyze(d.clone()).findings.len()).sum::<usize>())
    });
    group.bench_function("analysis+quads", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| document_quads(&pipeline.analyze(d.clone()), &knowledge, &iris).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
