#!/usr/bin/env python3
"""Load test of `newsgraph serve`: N concurrent clients for T seconds against a running server.

A benchmark, not a test: it reports and judges nothing. Each client is a thread with its own
keep-alive HTTP/1.1 connection (http.client, Python's standard library only, so it runs wherever
the benchmarks do) that sends its next request as soon as the last answer is read. The run is
bounded: no request starts after T seconds, and one still running at T + --timeout is abandoned
(counted as cut off, not as an answer). Prints requests per second, p50/p99/max latency of the
answered requests, and the errors: non-200 answers by status and connection errors by kind.

Workloads:
  query  (default) POST /sparql with one competency query (--query, default queries/offers.rq),
         Accept: application/sparql-results+json.
  mixed  each client cycles through several shipped queries (offers, roles, founders, evidence,
         timeline) and one entity page GET (/id/entity/oracle as text/html), starting at a
         different place in the cycle; also reports each kind on its own.

The client shares the machine with the server: on a small machine its own CPU use (the GIL
included) lowers what the server can show. Python threads are enough for the request rates of
SPARQL queries (hundreds per second); for more, use wrk.

Before the run, one request of each kind must answer 200 with results, else nothing is measured
(exit status 1). Exit status: 0 the run took place (its errors are in the report), 1 the server
did not answer the check, 2 usage.

usage: bench/load.py [--clients N] [--seconds T] [--query FILE.rq] [--workload query|mixed]
                     [--timeout S] [--json] URL
URL is the server's address, e.g. http://127.0.0.1:7878/ (a URL ending in /sparql works too).
"""

import argparse
import http.client
import json
import os
import pathlib
import socket
import sys
import threading
import time
import urllib.parse

REPO = pathlib.Path(__file__).resolve().parent.parent
MIXED_QUERIES = ["offers.rq", "roles.rq", "founders.rq", "evidence.rq", "timeline.rq"]
ENTITY_PAGE = "/id/entity/oracle"
SPARQL_JSON = "application/sparql-results+json"


class Request:
    """One kind of request a client sends: its name in the report, method, path, headers, body."""

    def __init__(self, name, method, path, headers, body=None):
        self.name, self.method, self.path, self.headers, self.body = (
            name, method, path, headers, body)


def sparql(name, path_prefix, text):
    headers = {"Content-Type": "application/sparql-query", "Accept": SPARQL_JSON}
    return Request(name, "POST", path_prefix + "/sparql", headers, text.encode("utf-8"))


def page(path_prefix, path):
    return Request("GET " + path, "GET", path_prefix + path, {"Accept": "text/html"})


class Tally:
    """What one client saw; merged after the run, so the clients share no lock while running."""

    def __init__(self):
        self.latencies = {}  # request name -> [seconds] of 200 answers
        self.statuses = {}  # (request name, status) -> count, for non-200 answers
        self.failures = {}  # (request name, exception kind) -> count
        self.cut_off = 0

    def merge(self, other):
        for name, values in other.latencies.items():
            self.latencies.setdefault(name, []).extend(values)
        for table, theirs in ((self.statuses, other.statuses), (self.failures, other.failures)):
            for key, count in theirs.items():
                table[key] = table.get(key, 0) + count
        self.cut_off += other.cut_off


def connect(host, port, timeout):
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    connection.connect()
    # Small requests and answers: do not let Nagle's algorithm add delay.
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def client(host, port, requests, start, deadline, hard_deadline, timeout, tally):
    """Sends `requests` in turn, from index `start`, until the deadline."""
    connection = None
    index = start
    while time.monotonic() < deadline:
        request = requests[index % len(requests)]
        index += 1
        try:
            if connection is None:
                connection = connect(host, port, timeout)
            # Never wait past the hard deadline, whatever --timeout says.
            connection.sock.settimeout(max(0.05, min(timeout, hard_deadline - time.monotonic())))
            began = time.perf_counter()
            connection.request(request.method, request.path, body=request.body,
                               headers=request.headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - began
            if response.status == 200:
                tally.latencies.setdefault(request.name, []).append(elapsed)
            else:
                key = (request.name, response.status)
                tally.statuses[key] = tally.statuses.get(key, 0) + 1
            if response.will_close:
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            if connection is not None:
                connection.close()
                connection = None
            if time.monotonic() >= hard_deadline:
                tally.cut_off += 1
                break
            key = (request.name, type(error).__name__)
            tally.failures[key] = tally.failures.get(key, 0) + 1
    if connection is not None:
        connection.close()


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an ascending list (the value below which `fraction` lie)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * fraction // 1))  # ceil without math
    return sorted_values[int(rank) - 1]


def summary(latencies, seconds):
    values = sorted(latencies)
    return {
        "requests": len(values),
        "per_second": len(values) / seconds,
        "p50_ms": percentile(values, 0.50) * 1000,
        "p99_ms": percentile(values, 0.99) * 1000,
        "max_ms": (values[-1] * 1000) if values else float("nan"),
    }


def check(host, port, requests, timeout):
    """One request of each kind must answer 200 with something in it; else says why."""
    connection = None
    try:
        connection = connect(host, port, timeout)
        for request in requests:
            connection.request(request.method, request.path, body=request.body,
                               headers=request.headers)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                text = body[:300].decode("utf-8", "replace")
                return f"{request.name}: answered {response.status}: {text}"
            if request.method == "POST":
                rows = json.loads(body).get("results", {}).get("bindings", [])
                if not rows:
                    return f"{request.name}: no rows (is the store built from the seeds?)"
            if response.will_close:
                connection.close()
                connection = connect(host, port, timeout)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return f"cannot reach {host}:{port}: {error}"
    finally:
        if connection is not None:
            connection.close()
    return None


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="load.py", description="N concurrent clients for T seconds against newsgraph serve.")
    parser.add_argument("url", metavar="URL", help="the server, e.g. http://127.0.0.1:7878/")
    parser.add_argument("--clients", type=int, default=4, metavar="N",
                        help="concurrent clients, each with one connection (default 4)")
    parser.add_argument("--seconds", type=float, default=10.0, metavar="T",
                        help="how long clients start requests (default 10)")
    parser.add_argument("--query", type=pathlib.Path, metavar="FILE.rq",
                        default=REPO / "queries" / "offers.rq",
                        help="the query of the query workload (default queries/offers.rq)")
    parser.add_argument("--workload", choices=["query", "mixed"], default="query",
                        help="one query, or shipped queries and an entity page (default query)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S",
                        help="longest wait for one answer; also how long the run may overrun T")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 1024:
        parser.error(f"--clients {args.clients}: between 1 and 1024")
    if not 0 < args.seconds <= 3600:
        parser.error(f"--seconds {args.seconds}: more than 0, at most 3600")
    if not args.timeout > 0:
        parser.error(f"--timeout {args.timeout}: more than 0")
    url = urllib.parse.urlsplit(args.url)
    if url.scheme != "http" or not url.hostname:
        parser.error(f"{args.url}: not an http:// URL")
    args.host = url.hostname
    args.port = url.port or 80
    args.prefix = url.path.rstrip("/").removesuffix("/sparql")
    return args


def main(argv):
    args = parse_args(argv)
    if args.workload == "query":
        try:
            text = args.query.read_text(encoding="utf-8")
        except OSError as error:
            print(f"load.py: cannot read {args.query}: {error.strerror}", file=sys.stderr)
            return 2
        requests = [sparql(args.query.name, args.prefix, text)]
    else:
        requests = [
            sparql(name, args.prefix, (REPO / "queries" / name).read_text(encoding="utf-8"))
            for name in MIXED_QUERIES
        ] + [page(args.prefix, ENTITY_PAGE)]
    problem = check(args.host, args.port, requests, args.timeout)
    if problem:
        print(f"load.py: the server failed the check before the run: {problem}", file=sys.stderr)
        return 1

    tallies = [Tally() for _ in range(args.clients)]
    cpu_before = os.times()
    began = time.monotonic()
    deadline = began + args.seconds
    hard_deadline = deadline + args.timeout
    threads = [
        threading.Thread(
            target=client,
            args=(args.host, args.port, requests, i, deadline, hard_deadline, args.timeout, tally),
            daemon=True,
        )
        for i, tally in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, hard_deadline + 1 - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    elapsed = time.monotonic() - began
    cpu_after = os.times()
    client_cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    total.cut_off += stuck

    # Throughput over the whole run, answers that came after T included (at most one per client).
    everything = [v for values in total.latencies.values() for v in values]
    report = {
        "url": args.url,
        "workload": args.workload,
        "requests_cycle": [r.name for r in requests],
        "clients": args.clients,
        "seconds": round(elapsed, 3),
        "all": summary(everything, elapsed),
        "by_request": {r.name: summary(total.latencies.get(r.name, []), elapsed)
                       for r in requests} if len(requests) > 1 else {},
        "errors": sum(total.statuses.values()) + sum(total.failures.values()),
        "non_200": {f"{name} {status}": n for (name, status), n in sorted(total.statuses.items())},
        "connection_errors": {f"{name} {kind}": n
                              for (name, kind), n in sorted(total.failures.items())},
        "cut_off": total.cut_off,
        # The client's own CPU use: on a small machine it is taken from the server.
        "client_cpu_s": round(client_cpu, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


def print_report(report):
    def line(name, s):
        return (f"{name:<24} {s['requests']:>7} req {s['per_second']:>9.1f} req/s   "
                f"p50 {s['p50_ms']:>8.1f} ms   p99 {s['p99_ms']:>8.1f} ms   "
                f"max {s['max_ms']:>8.1f} ms")

    print(f"{report['clients']} clients, {report['seconds']:.1f} s, {report['workload']} workload "
          f"({', '.join(report['requests_cycle'])}) on {report['url']}")
    print(line("all", report["all"]))
    for name, s in report["by_request"].items():
        print(line(name, s))
    details = [f"{key}: {n}" for key, n in
               [*report["non_200"].items(), *report["connection_errors"].items()]]
    print(f"errors {report['errors']}" + (f" ({'; '.join(details)})" if details else "")
          + (f", {report['cut_off']} cut off at the time limit" if report["cut_off"] else ""))
    print(f"client CPU {report['client_cpu_s']:.1f} s, load average after the run "
          f"{' '.join(map(str, report['load_average']))}")


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:
        sys.exit(0)
