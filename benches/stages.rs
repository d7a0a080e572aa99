//! Speed of the pipeline on the benchmark corpus. Through the library's API: `analysis` (the whole
//! analysis: segmentation, recognition, resolution, times, extraction) and `analysis+quads` (the
//! analysis and its RDF quads). With the `internals` feature, single stages too: `segment` (the
//! sentences of each document), `segment+tokenize` (and the tokens of each sentence) and
//! `segment+gazetteer` (and the lexicon's names and descriptors in each sentence).
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
    #[cfg(feature = "internals")]
    single_stages(&mut group, &knowledge, &docs);
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

/// Segmenting alone, and with tokenizing or the gazetteer after it.
#[cfg(feature = "internals")]
fn single_stages(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    knowledge: &Knowledge,
    docs: &[Document],
) {
    use newsgraph::internals::{CharIndex, Gazetteer, segment, tokenize};

    let gazetteer = Gazetteer::new(&knowledge.lexicon, &knowledge.inflection);
    group.bench_function("segment", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    let index = CharIndex::new(&d.text);
                    segment(&d.text, &d.prose, &knowledge.segmentation, &index).len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("segment+tokenize", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in docs {
                let index = CharIndex::new(&d.text);
                for s in segment(&d.text, &d.prose, &knowledge.segmentation, &index) {
                    n += tokenize(&d.text, s.span, &index).len();
                }
            }
            n
        })
    });
    group.bench_function("segment+gazetteer", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in docs {
                let index = CharIndex::new(&d.text);
                for s in segment(&d.text, &d.prose, &knowledge.segmentation, &index) {
                    n += gazetteer.find(&d.text, s.span, &index).len();
                }
            }
            n
        })
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
