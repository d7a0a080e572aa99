#!/usr/bin/env python3
"""Whole-run benchmarks of newsgraph beside its peers, in one run on one machine.

Two corpora: news-like text (bench/news_corpus.py: the seeds and the news paragraphs of the
development sets, names rotated through invented ones) and, as a second row, non-news prose
(bench/corpus.py: Debian's fortunes and reference manual), in units of about 10 MB. On each:
extraction alone (`build --dry-run`: text → facts and quads, no store) with --jobs 1 and 2; the
spaCy peer (bench/spacy_peer.py) in one process and with n_process=2; the full build into the
on-disk store with --jobs 2, its quads per second and per KB of text; the bulk load of the same
quads by pyoxigraph (Oxigraph's own loader, in process); peak RSS of each run. Then the latency
of every query in queries/ on one store and on a store of 300 copies of the seeds (news that
tells each fact hundreds of times), through `newsgraph query` (a process per run) and through
the library on the store opened once (examples/query_latency.rs), with the size of the
300-copy store (quads per KB of text, store bytes per text byte).
Reports ratios, never absolute claims alone. Writes results.json and results.md to BENCH_DIR.

usage: run.py NEWSGRAPH_BINARY [--scales 0.1,0.25,1,4,16] [--build-scales 0.1,0.25]
              [--peer-scales 0.1,0.25,1] [--prose-scales 1] [--prose-build-scales 1]
              [--prose-peer-scales 1] [--runs N] [--repeat N] [--queries-on CORPUS-SCALE]

--scales are the sizes of the news-like corpus in units of 10 MB, --build-scales those of them
that are also built into a store and bulk-loaded, --peer-scales those the peer reads; the
--prose-… options say the same of the non-news corpus. A full build of news-like text slows
down as its store grows (BENCHMARKS.md): 10 MB took longer than 20 minutes, so by default only
the 1 and 2.5 MB corpora are built. The peer with two processes runs at 0.1–0.2 MB/s.
--runs is how many more times an extraction is timed after its first run, if that took less
than a minute (default 3; the median of these is reported), --repeat how many times each query is run for its latency
percentiles (default 20). --queries-on picks the store the queries run on (default prose-1, the
store of the non-news 1× corpus: in a news-like store every fact query answers thousands of
rows, one per copy, so its latency measures the printing of rows).
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


CORPORA = {
    "news": ("news-like", "bench/news_corpus.py", "news"),
    "prose": ("non-news prose", "bench/corpus.py", "corpus"),
}


def corpus(kind, scale):
    _, script, prefix = CORPORA[kind]
    path = OUT / f"{prefix}-{scale:g}x"
    if not path.exists():
        subprocess.run([sys.executable, REPO / script, f"{scale:g}", path], check=True)
    files = list(path.glob("*.txt"))
    # Read once before anything is timed: every contender then reads the corpus from the page
    # cache (the store builds of a larger scale push the files of the next one out of it).
    size = sum(len(f.read_bytes()) for f in files)
    return path, size, len(files)


def quads_in(summary):
    for line in summary.splitlines():
        if " quads in " in line:
            return int(line.split(" quads in ")[0].split(", ")[-1])
    return 0


def option(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def scales_of(name, default):
    return [float(s) for s in option(name, default).split(",") if s]


def measure(binary, kind, scale, runs, full, peer):
    """One row of the table: `kind` corpus at `scale`."""
    path, size, docs = corpus(kind, scale)
    mb = size / 1e6
    row = {"corpus": kind, "scale": scale, "mb": round(mb, 1), "documents": docs}
    for jobs in (1, 2):
        cmd = [binary, "build", "--dry-run", path, "--jobs", jobs]
        s, rss, _ = timed(cmd)
        if s < 60 and runs > 1:
            s, rss = timed_median(cmd, runs)
        row[f"extract_j{jobs}_s"] = round(s, 3)
        row[f"extract_j{jobs}_mbps"] = round(mb / s, 2)
        row[f"extract_j{jobs}_rss_mb"] = round(rss, 1)
    row["jobs2_over_jobs1"] = round(row["extract_j1_s"] / row["extract_j2_s"], 2)
    if peer:
        for processes in (1, 2):
            # The peer's own clock: the pipeline over the documents, without starting Python,
            # importing spaCy and building the pipeline (two to three seconds), which ours
            # counts (reading the knowledge files and building the automata).
            _, rss, out = timed([sys.executable, REPO / "bench/spacy_peer.py", path,
                                 "--processes", processes])
            counts = json.loads(out)
            row[f"peer_p{processes}_s"] = counts["seconds"]
            row[f"peer_p{processes}_mbps"] = round(mb / counts["seconds"], 3)
            row[f"peer_p{processes}_rss_mb"] = round(rss, 1)
            row[f"peer_p{processes}_counts"] = counts
        # Per core: one of ours against one of the peer's. Per machine: both on the two cores,
        # the peer as it runs best there (its two processes, or one where that is faster).
        row["per_core"] = round(row["extract_j1_mbps"] / row["peer_p1_mbps"], 1)
        best = max(row["peer_p1_mbps"], row["peer_p2_mbps"])
        row["per_machine"] = round(row["extract_j2_mbps"] / best, 1)
    if full:
        store = OUT / f"store-{kind}-{scale:g}x"
        shutil.rmtree(store, ignore_errors=True)
        s, rss, out = timed([binary, "build", path, "--store", store, "--jobs", 2])
        row["build_s"] = round(s, 2)
        row["build_mbps"] = round(mb / s, 2)
        row["build_rss_mb"] = round(rss, 1)
        row["quads"] = quads_in(out)
        row["quads_per_s"] = round(row["quads"] / s)
        row["quads_per_kb"] = round(row["quads"] / (size / 1000), 1)
        nq = OUT / f"store-{kind}-{scale:g}x.nq"
        with open(nq, "w") as f:
            subprocess.run([binary, "export", "--format", "nq", "--store", store], stdout=f,
                           check=True)
        bulk = OUT / f"bulk-{kind}-{scale:g}x"
        shutil.rmtree(bulk, ignore_errors=True)
        loader = (
            "import pyoxigraph, sys; s = pyoxigraph.Store(sys.argv[1]); "
            "s.bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_QUADS); s.flush()"
        )
        s, rss, _ = timed([sys.executable, "-c", loader, bulk, nq])
        row["bulk_load_s"] = round(s, 2)
        row["bulk_load_rss_mb"] = round(rss, 1)
        row["build_over_extract_plus_bulk"] = round(row["build_s"] / (row["extract_j2_s"] + s), 2)
        nq.unlink()
        shutil.rmtree(bulk, ignore_errors=True)
    print(json.dumps(row), flush=True)
    return row


def main():
    binary = pathlib.Path(sys.argv[1]).resolve()
    plan = {
        "news": (scales_of("--scales", "0.1,0.25,1,4,16"), scales_of("--build-scales", "0.1,0.25"),
                 scales_of("--peer-scales", "0.1,0.25,1")),
        "prose": (scales_of("--prose-scales", "1"), scales_of("--prose-build-scales", "1"),
                  scales_of("--prose-peer-scales", "1")),
    }
    repeat = int(option("--repeat", 20))
    runs = int(option("--runs", 3))
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": os.uname().nodename, "cores": os.cpu_count(), "runs": []}
    rows = [measure(binary, kind, scale, runs, scale in build, scale in peer)
            for kind, (scales, build, peer) in plan.items() for scale in scales]
    results["runs"] = rows
    # Query latency on the first news store (or the one asked for) and on a store of 300 copies
    # of the seeds: news in which every fact is told by hundreds of documents.
    query_kind, query_scale = option("--queries-on", "prose-1").split("-")
    query_scale = float(query_scale)
    store = OUT / f"store-{query_kind}-{query_scale:g}x"
    latency, library = query_latency(binary, store, repeat)
    results["query_latency_cli"] = latency
    results["query_latency_library"] = library
    seeds = seed_copies(binary, 300)
    results["seeds_300"] = seeds
    seeds_cli, seeds_library = query_latency(binary, OUT / "store-seeds-300", repeat)
    results["seeds_300_query_latency_cli"] = seeds_cli
    results["seeds_300_query_latency_library"] = seeds_library
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    md = table(rows)
    quads = next((r["quads"] for r in rows
                  if r["corpus"] == query_kind and r["scale"] == query_scale), "?")
    md += query_table(f"Queries on the {CORPORA[query_kind][0]} {query_scale:g}× store "
                      f"({quads} quads), {repeat} runs each:", latency, library)
    md += query_table(
        "300 copies of the seeds ({documents} documents, {text_bytes} bytes of text, {quads} "
        "quads, {store_bytes} bytes on disk: {quads_per_kb} quads per KB of text, "
        "{store_bytes_per_text_byte} store bytes per text byte), {r} runs each:".format(
            r=repeat, **seeds),
        seeds_cli, seeds_library)
    (OUT / "results.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


COLUMNS = [
    ("corpus", lambda r: f"{CORPORA[r['corpus']][0]} {r['scale']:g}×"),
    ("MB", "mb"), ("docs", "documents"),
    ("ours --jobs 1 MB/s", "extract_j1_mbps"), ("ours --jobs 2 MB/s", "extract_j2_mbps"),
    ("peer 1 process MB/s", "peer_p1_mbps"), ("peer n_process=2 MB/s", "peer_p2_mbps"),
    ("× peer per core", "per_core"), ("× peer per machine", "per_machine"),
    ("build MB/s", "build_mbps"), ("quads", "quads"), ("quads/s", "quads_per_s"),
    ("quads per KB", "quads_per_kb"), ("bulk load s", "bulk_load_s"),
    ("build / (extract + bulk load)", "build_over_extract_plus_bulk"),
    ("RSS MB extract --jobs 2", "extract_j2_rss_mb"), ("RSS MB build", "build_rss_mb"),
    ("RSS MB peer 1 process", "peer_p1_rss_mb"),
]


def table(rows):
    """The Markdown table of the rows, "–" where a row has no such measurement."""
    def cell(row, key):
        value = key(row) if callable(key) else row.get(key, "–")
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |",
             "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(r, key) for _, key in COLUMNS) + " |" for r in rows]
    return lines


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
