#!/usr/bin/env python3
"""Builds the benchmark corpus from real German text, reproducibly.

Sources: the seed articles (seeds/), Debian's fortunes-de (/usr/share/games/fortunes/de/*.u8)
and debian-reference-de (/usr/share/debian-reference/debian-reference.de.txt.gz). The text is cut
into news-sized documents (about 3 KB, at fortune or paragraph boundaries) and written as
`<out>/<NNNNNNN>_<source>.txt` until the corpus holds SCALE × 10 MB; later rounds repeat the
documents under new ids, so every document id is distinct. The same inputs give the same files.

usage: corpus.py SCALE OUT_DIR
"""

import gzip
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
UNIT = 10_000_000
DOC = 3_000


def chunks(parts, size=DOC):
    """Joins consecutive parts into documents of about `size` bytes."""
    doc, length = [], 0
    for part in parts:
        part = part.strip()
        if not part:
            continue
        doc.append(part)
        length += len(part.encode())
        if length >= size:
            yield "\n\n".join(doc) + "\n"
            doc, length = [], 0
    if doc:
        yield "\n\n".join(doc) + "\n"


def documents():
    docs = []
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        docs.append(("seed", seed.read_text(encoding="utf-8")))
    fortunes = pathlib.Path("/usr/share/games/fortunes/de")
    for path in sorted(fortunes.glob("*.u8")):
        text = path.read_text(encoding="utf-8", errors="replace")
        docs.extend(("fortune", d) for d in chunks(text.split("\n%\n")))
    reference = pathlib.Path("/usr/share/debian-reference/debian-reference.de.txt.gz")
    with gzip.open(reference, "rt", encoding="utf-8", errors="replace") as f:
        docs.extend(("reference", d) for d in chunks(f.read().split("\n\n")))
    return docs


def main():
    scale, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    docs = documents()
    if not docs:
        sys.exit("no source text: install fortunes-de and debian-reference-de")
    target, written, n = scale * UNIT, 0, 0
    while written < target:
        source, text = docs[n % len(docs)]
        data = text.encode("utf-8")
        (out / f"{n:07d}_{source}.txt").write_bytes(data)
        written += len(data)
        n += 1
    print(f"{out}: {n} documents, {written / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
