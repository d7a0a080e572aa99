#!/usr/bin/env python3
"""Peak memory where it used to grow with the data: `push` of the 1× and 4× stores, and the
build of one enormous document.

- push: the 1× and 4× benchmark stores (bench/corpus.py, built as bench/run.py builds them, kept
  in BENCH_DIR) pushed into bench/sink.py, a Graph Store Protocol endpoint that counts the lines
  of each body and forgets them, so that only newsgraph's memory is measured;
- the build of a folder holding a file of 1,000,000 one-word sentences ("Ja. " repeated, the
  file of tests/reliability.rs) beside a 50 MB file of one endless line and a short article, into
  a new store.

Peak RSS from /usr/bin/time, wall seconds around it. Writes memory.json to BENCH_DIR and prints
a Markdown table.

usage: memory.py NEWSGRAPH_BINARY [--scales 1,4]
"""

import json
import pathlib
import shutil
import socket
import subprocess
import sys

from run import OUT, REPO, corpus, timed


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def store(binary, scale):
    """The benchmark store of `scale`, built if BENCH_DIR does not hold it yet."""
    path, _, _ = corpus(scale)
    built = OUT / f"store-{scale}x"
    if not (built / "CURRENT").exists():
        shutil.rmtree(built, ignore_errors=True)
        # Exit status 1 is a document that failed alone (reported on stderr); the rest is built.
        done = subprocess.run([binary, "build", path, "--store", built, "--jobs", "2"],
                              stdout=subprocess.DEVNULL)
        if done.returncode not in (0, 1):
            sys.exit(f"the build of the {scale}× corpus failed ({done.returncode})")
    return built


def push(binary, store_dir):
    """Seconds, peak RSS in MB and graphs pushed of one push of `store_dir` into the sink."""
    port = free_port()
    sink = subprocess.Popen([sys.executable, REPO / "bench/sink.py", str(port)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert sink.stdout.readline().strip() == "listening"
        s, rss, out = timed([binary, "push", "--endpoint", f"http://127.0.0.1:{port}/store",
                             "--store", store_dir])
    finally:
        sink.kill()
        sink.wait()
    graphs = sum(1 for line in out.splitlines() if line.startswith("http"))
    return s, rss, graphs


def enormous_document(binary):
    """Seconds, peak RSS in MB, exit status and stderr of the build of the million sentences."""
    folder = OUT / "enormous"
    if not folder.exists():
        folder.mkdir(parents=True)
        (folder / "tiny.txt").write_text("Ja. " * 1_000_000)
        words = "und dann noch ein wort ohne ende "
        (folder / "endless.txt").write_text(words * (50 * 1024 * 1024 // len(words) + 1))
        (folder / "good.txt").write_text(
            "Der Softwarekonzern Oracle hat die Videoplattform TikTok übernommen.\n"
            "Das teilte das Unternehmen am Montag mit.\n")
    built = OUT / "store-enormous"
    shutil.rmtree(built, ignore_errors=True)
    full = ["/usr/bin/time", "-f", "%M %e", binary, "build", folder, "--store", built]
    p = subprocess.run(list(map(str, full)), capture_output=True, text=True)
    kb, seconds = p.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kb) / 1024, p.returncode, p.stderr


def main():
    binary = pathlib.Path(sys.argv[1]).resolve()
    scales = [1, 4]
    if "--scales" in sys.argv:
        scales = [int(s) for s in sys.argv[sys.argv.index("--scales") + 1].split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"push": [], "enormous": {}}
    lines = ["| push of | quads | graphs | seconds | peak RSS MB |", "|---|---|---|---|---|"]
    for scale in scales:
        built = store(binary, scale)
        count = subprocess.run([binary, "query", REPO / "bench/count.rq", "--store", built,
                                "--format", "csv"], capture_output=True, text=True, check=True)
        quads = int(count.stdout.splitlines()[1])
        s, rss, graphs = push(binary, built)
        results["push"].append({"scale": scale, "quads": quads, "graphs": graphs,
                                "seconds": round(s, 2), "rss_mb": round(rss, 1)})
        lines.append(f"| {scale}× store | {quads:,} | {graphs:,} | {s:.2f} | {rss:.1f} |")
    if len(results["push"]) > 1:
        first, last = results["push"][0], results["push"][-1]
        results["push_rss_ratio"] = round(last["rss_mb"] / first["rss_mb"], 2)
        lines.append(f"\npeak RSS {last['scale']}× / {first['scale']}×: "
                     f"{results['push_rss_ratio']}")
    s, rss, status, err = enormous_document(binary)
    refused = [line for line in err.splitlines() if "sentences, more than" in line]
    results["enormous"] = {"seconds": round(s, 2), "rss_mb": round(rss, 1), "status": status,
                           "refused": refused}
    lines.append(f"\nbuild of the million sentences, the endless line and an article: "
                 f"{s:.2f} s, peak RSS {rss:.1f} MB, exit status {status}")
    lines.extend(refused)
    (OUT / "memory.json").write_text(json.dumps(results, indent=2) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
