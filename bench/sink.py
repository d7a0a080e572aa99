#!/usr/bin/env python3
"""A Graph Store Protocol endpoint that keeps only counts, for measuring `newsgraph push` alone.

`PUT /store?graph=IRI` sets the graph's count to the number of N-Triples lines of the body,
`POST /store?graph=IRI` adds them, and `POST /query` answers the count query push ends with
(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <IRI> { ?s ?p ?o } }`) from them. A real store would add
its own time and memory to the measurement; this one reads each body once and forgets it.

usage: sink.py PORT   (prints "listening" when it accepts requests)
"""

import http.server
import json
import sys
import urllib.parse

COUNTS = {}


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def body(self):
        length = int(self.headers.get("Content-Length", 0))
        lines = 0
        while length > 0:
            chunk = self.rfile.read(min(length, 1 << 20))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            length -= len(chunk)
        return lines

    def graph(self):
        query = urllib.parse.urlparse(self.path).query
        return urllib.parse.parse_qs(query).get("graph", [None])[0]

    def answer(self, status, text=b"", content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def do_HEAD(self):
        self.answer(200)

    def do_PUT(self):
        COUNTS[self.graph()] = self.body()
        self.answer(204)

    def do_POST(self):
        if self.path.startswith("/query"):
            length = int(self.headers.get("Content-Length", 0))
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            graph = form["query"][0].split("GRAPH <", 1)[1].split(">", 1)[0]
            n = COUNTS.get(graph, 0)
            results = {"head": {"vars": ["n"]},
                       "results": {"bindings": [{"n": {"type": "literal", "value": str(n)}}]}}
            self.answer(200, json.dumps(results).encode(), "application/sparql-results+json")
        else:
            COUNTS[self.graph()] = COUNTS.get(self.graph(), 0) + self.body()
            self.answer(204)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink)
    print("listening", flush=True)
    server.serve_forever()
