#!/usr/bin/env python3
"""Whole-run benchmarks of newsgraph beside its peers, in one run on one machine.

Measures, on corpora of 1×, 4× and 16× about 10 MB of real German text (bench/corpus.py):
extraction alone (`build --dry-run`: text → facts and quads, no store) with --jobs 1 and 2 and
two --jobs 1 runs side by side (what the two cores give at most), the
full build into the on-disk store, the bulk load of the same quads by pyoxigraph (Oxigraph's own
loader), the spaCy peer (bench/spacy_peer.py) on the same corpus, peak RSS of each run, and the
latency of every query in queries/ on the 1× store and on a store of 300 copies of the seeds
(news that tells each fact hundreds of times), through `newsgraph query` (a process per run)
and through the library on the store opened once (examples/query_latency.rs), with the size of
the 300-copy store (quads per KB of text, store bytes per text byte).
Reports ratios, never absolute claims alone. Writes results.json and results.md to BENCH_DIR.

usage: run.py NEWSGRAPH_BINARY [--scales 1,4,16] [--runs N] [--repeat N] [--queries-on SCALE]

--runs is how many times each extraction is timed (default 5; the median is reported), --repeat
how many times each query is run for its latency percentiles (default 20).

--queries-on picks the store the queries run on (default: the first scale); 1× already holds
about 1.9M quads, and the listing queries (documents, entities, mentions) take seconds per run
on the larger stores.
"""

import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(os.environ.get("BENCH_DIR", "/tmp/newsgraph-bench"))


def timed(cmd, **kw):
    """Runs `cmd` under /usr/bin/time; returns (wall seconds, peak RSS in MB, stdout)."""
    full = ["/usr/bin/time", "-f", "%M", *map(str, cmd)]
    started = time.perf_counter()
    p = subprocess.run(full, capture_output=True, text=True, **kw)
    seconds = time.perf_counter() - started
    last = p.stderr.strip().splitlines()[-1]
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return seconds, int(last) / 1024, p.stdout


def timed_median(cmd, runs):
    """The median wall time and the largest peak RSS of `runs` runs of `cmd`: one run of a
    second is moved by a slow start of the machine; the median of a few is not."""
    results = [timed(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def corpus(scale):
    path = OUT / f"corpus-{scale}x"
    if not path.exists():
        subprocess.run([sys.executable, REPO / "bench/corpus.py", str(scale), path], check=True)
    files = list(path.glob("*.txt"))
    # Read once before anything is timed: every contender then reads the corpus from the page
    # cache (the store builds of a larger scale push the files of the next one out of it).
    size = sum(len(f.read_bytes()) for f in files)
    return path, size, len(files)


def pair(cmd):
    """Wall seconds of two runs of `cmd` started together."""
    started = time.perf_counter()
    runs = [subprocess.Popen(list(map(str, cmd)), stdout=subprocess.DEVNULL) for _ in range(2)]
    for run in runs:
        run.wait()
    return time.perf_counter() - started


def quads_in(summary):
    for line in summary.splitlines():
        if " quads in " in line:
            return int(line.split(" quads in ")[0].split(", ")[-1])
    return 0


def main():
    binary = pathlib.Path(sys.argv[1]).resolve()
    scales = [1, 4, 16]
    if "--scales" in sys.argv:
        scales = [int(s) for s in sys.argv[sys.argv.index("--scales") + 1].split(",")]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 20
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": os.uname().nodename, "cores": os.cpu_count(), "runs": []}
    rows = []
    for scale in scales:
        path, size, docs = corpus(scale)
        mb = size / 1e6
        row = {"scale": scale, "mb": round(mb, 1), "documents": docs}
        for jobs in (1, 2):
            s, rss = timed_median([binary, "build", "--dry-run", path, "--jobs", jobs], runs)
            row[f"extract_j{jobs}_s"] = round(s, 3)
            row[f"extract_j{jobs}_mbps"] = round(mb / s, 2)
            row[f"extract_j{jobs}_rss_mb"] = round(rss, 1)
        row["jobs2_over_jobs1"] = round(row["extract_j1_s"] / row["extract_j2_s"], 2)
        # What two cores give at most: two independent `--jobs 1` runs side by side, each
        # slowed only by what the cores share (caches, memory, the host).
        s = statistics.median(pair([binary, "build", "--dry-run", path, "--jobs", 1])
                              for _ in range(runs))
        row["two_cores_ceiling"] = round(2 * row["extract_j1_s"] / s, 2)
        store = OUT / f"store-{scale}x"
        shutil.rmtree(store, ignore_errors=True)
        s, rss, out = timed([binary, "build", path, "--store", store, "--jobs", 2])
        row["build_s"] = round(s, 2)
        row["build_mbps"] = round(mb / s, 2)
        row["build_rss_mb"] = round(rss, 1)
        row["quads"] = quads_in(out)
        row["quads_per_s"] = round(row["quads"] / s)
        nq = OUT / f"store-{scale}x.nq"
        with open(nq, "w") as f:
            subprocess.run([binary, "export", "--format", "nq", "--store", store], stdout=f, check=True)
        bulk = OUT / f"bulk-{scale}x"
        shutil.rmtree(bulk, ignore_errors=True)
        loader = (
            "import pyoxigraph, sys; s = pyoxigraph.Store(sys.argv[1]); "
            "s.bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_QUADS); s.flush()"
        )
        s, _, _ = timed([sys.executable, "-c", loader, bulk, nq])
        row["bulk_load_s"] = round(s, 2)
        write = row["build_s"] - row["extract_j2_s"]
        row["write_phase_s"] = round(write, 2)
        row["build_over_extract_plus_bulk"] = round(row["build_s"] / (row["extract_j2_s"] + s), 2)
        if scale == scales[0]:
            s, rss, out = timed([sys.executable, REPO / "bench/spacy_peer.py", path])
            row["spacy_s"] = round(s, 2)
            row["spacy_mbps"] = round(mb / s, 3)
            row["speedup_vs_spacy"] = round(row["extract_j2_mbps"] / row["spacy_mbps"], 1)
        rows.append(row)
        print(json.dumps(row), flush=True)
    results["runs"] = rows
    # Query latency on the first store (≥ 1M quads at 1×), or the one asked for, and on a store
    # of 300 copies of the seeds: news in which every fact is told by hundreds of documents.
    query_scale = scales[0]
    if "--queries-on" in sys.argv:
        query_scale = int(sys.argv[sys.argv.index("--queries-on") + 1])
    store = OUT / f"store-{query_scale}x"
    latency, library = query_latency(binary, store, repeat)
    results["query_latency_cli"] = latency
    results["query_latency_library"] = library
    seeds = seed_copies(binary, 300)
    results["seeds_300"] = seeds
    seeds_cli, seeds_library = query_latency(binary, OUT / "store-seeds-300", repeat)
    results["seeds_300_query_latency_cli"] = seeds_cli
    results["seeds_300_query_latency_library"] = seeds_library
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    md = ["| scale | MB | docs | extract j1 MB/s | extract j2 MB/s | j2/j1 | 2 × j1 side by side "
          "| spaCy MB/s | ×spaCy | build MB/s | quads | quads/s | bulk load s "
          "| build/(extract+bulk) | RSS MB (extract j2) |",
          "|" + "---|" * 15]
    for r in rows:
        md.append("| {scale}× | {mb} | {documents} | {extract_j1_mbps} | {extract_j2_mbps} | "
                  "{jobs2_over_jobs1} | {two_cores_ceiling} | {c} | {d} | "
                  "{build_mbps} | {quads} | {quads_per_s} | {bulk_load_s} | "
                  "{build_over_extract_plus_bulk} | {extract_j2_rss_mb} |".format(
                      c=r.get("spacy_mbps", "–"), d=r.get("speedup_vs_spacy", "–"), **r))
    quads = next((r["quads"] for r in rows if r["scale"] == query_scale), "?")
    md += query_table(f"Queries on the {query_scale}× store ({quads} quads), {repeat} runs each:",
                      latency, library)
    md += query_table(
        "300 copies of the seeds ({documents} documents, {text_bytes} bytes of text, {quads} "
        "quads, {store_bytes} bytes on disk: {quads_per_kb} quads per KB of text, "
        "{store_bytes_per_text_byte} store bytes per text byte), {r} runs each:".format(
            r=repeat, **seeds),
        seeds_cli, seeds_library)
    (OUT / "results.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


def query_table(title, cli, library):
    """Markdown lines: a title and one row per query, CLI and library latency side by side."""
    lines = ["", title, "",
             "| query | rows | CLI p50 ms | CLI p99 ms | library p50 ms | library p99 ms |",
             "|---|---|---|---|---|---|"]
    for q, v in cli.items():
        lib = library.get(q, {})
        lines.append(f"| {q} | {lib.get('rows', '–')} | {v['p50_ms']} | {v['p99_ms']} | "
                     f"{lib.get('p50_ms', '–')} | {lib.get('p99_ms', '–')} |")
    return lines


def query_latency(binary, store, repeat):
    """p50 and p99 of every query in queries/ on `store`: through `newsgraph query` (a process
    per run, start and store opening included) and through the library on the store opened
    once (examples/query_latency.rs)."""
    latency = {}
    for query in sorted((REPO / "queries").glob("*.rq")):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run([binary, "query", query, "--store", store, "--format", "json"],
                           capture_output=True, check=True)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
        latency[query.name] = {"p50_ms": round(statistics.median(times), 1), "p99_ms": round(p99, 1)}
    example = binary.parent / "examples" / "query_latency"
    library = {}
    if example.exists():
        out = subprocess.run([example, store, REPO / "queries", str(repeat)],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            row = json.loads(line)
            library[row["query"]] = {"p50_ms": row["p50_ms"], "p99_ms": row["p99_ms"],
                                     "rows": row["rows"]}
    return latency, library


def seed_copies(binary, copies):
    """Builds `copies` copies of each seed article under new file names into a fresh store;
    returns its size: documents, text bytes, quads and bytes on disk."""
    path = OUT / f"corpus-seeds-{copies}"
    if not path.exists():
        path.mkdir(parents=True)
        for seed in sorted((REPO / "seeds").glob("*.txt")):
            for copy in range(1, copies + 1):
                shutil.copy(seed, path / f"{seed.stem}_{copy}.txt")
    store = OUT / f"store-seeds-{copies}"
    shutil.rmtree(store, ignore_errors=True)
    subprocess.run([binary, "build", path, "--store", store], capture_output=True, check=True)
    files = list(path.glob("*.txt"))
    text = sum(f.stat().st_size for f in files)
    disk = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
    out = subprocess.run([binary, "query", REPO / "bench/count.rq", "--store", store,
                          "--format", "csv"], capture_output=True, text=True, check=True).stdout
    quads = int(out.splitlines()[1])
    return {"documents": len(files), "text_bytes": text, "quads": quads, "store_bytes": disk,
            "quads_per_kb": round(quads / (text / 1000), 1),
            "store_bytes_per_text_byte": round(disk / text, 1)}


if __name__ == "__main__":
    main()
