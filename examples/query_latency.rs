//! Latency of SPARQL queries through the library, on a store opened once: what an application
//! embedding newsgraph sees, without the process start and store opening `newsgraph query` pays.
//!
//!     cargo run --release --example query_latency -- STORE QUERY_DIR [REPEAT]
//!
//! Prints one JSON object per `.rq` file of QUERY_DIR, in name order: rows, p50 and p99 in ms
//! of REPEAT runs (default 20) after one unmeasured run, each run reading every result.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use newsgraph::GraphStore;
use oxigraph::sparql::QueryResults;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, dir, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: query_latency STORE QUERY_DIR [REPEAT]");
    };
    let repeat: usize = rest.first().map_or(Ok(20), |r| r.parse()).context("REPEAT")?;
    let store = GraphStore::open_read_only(Path::new(store))?;
    let mut queries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{dir}: cannot read directory"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    queries.retain(|q| q.extension().is_some_and(|e| e == "rq"));
    queries.sort();
    for query in queries {
        let sparql = std::fs::read_to_string(&query)?;
        let mut rows = run(&store, &sparql).with_context(|| query.display().to_string())?;
        let mut times = Vec::with_capacity(repeat);
        for _ in 0..repeat.max(1) {
            let started = Instant::now();
            rows = run(&store, &sparql)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let at =
            |q: f64| times[((q * (times.len() - 1) as f64).round() as usize).min(times.len() - 1)];
        let name = query.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!(
            "{}",
            serde_json::json!({
                "query": name,
                "rows": rows,
                "p50_ms": (at(0.5) * 10.0).round() / 10.0,
                "p99_ms": (at(0.99) * 10.0).round() / 10.0,
            })
        );
    }
    Ok(())
}

/// Runs a query and reads all of its results; returns how many rows or triples it gave.
fn run(store: &GraphStore, sparql: &str) -> anyhow::Result<usize> {
    Ok(match store.query(sparql, &[])? {
        QueryResults::Solutions(solutions) => {
            let mut rows = 0;
            for solution in solutions {
                solution?;
                rows += 1;
            }
            rows
        }
        QueryResults::Graph(triples) => {
            let mut count = 0;
            for triple in triples {
                triple?;
                count += 1;
            }
            count
        }
        QueryResults::Boolean(_) => 1,
    })
}
