#!/usr/bin/env python3
"""Prints the OpenThesaurus synonym sets that contain the given words: candidates for curating
trigger words by hand. Nothing of it is shipped.

    scripts/lexicon/thesaurus.py übernehmen Übernahme
    scripts/lexicon/thesaurus.py --file /usr/share/openthesaurus-de/openthesaurus.txt kaufen

Words are compared folded (NFC + full case folding) with each term of a set, with and without
its remarks in parentheses ("Riese (ugs.)" matches "riese"). The data is Debian's
openthesaurus-de-text (LGPL-2.1); without --file the installed file is read, or else the pinned
package is fetched with `apt-get download` into a temporary directory.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

PACKAGE = "openthesaurus-de-text"
VERSION = "20160424-4"
INSTALLED = "/usr/share/openthesaurus-de/openthesaurus.txt"
REMARK = re.compile(r"\s*\([^)]*\)")


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def fetch(tmp: str) -> str:
    os.chmod(tmp, 0o777)  # apt-get download drops privileges to _apt where it can
    cmd = ["apt-get", "download", "-q", f"{PACKAGE}={VERSION}"]
    if subprocess.run(cmd, cwd=tmp, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(cmd, cwd=tmp, check=True, capture_output=True)
    deb = glob.glob(os.path.join(tmp, f"{PACKAGE}_*.deb"))[0]
    subprocess.run(["dpkg", "-x", deb, os.path.join(tmp, "root")], check=True)
    return os.path.join(tmp, "root", INSTALLED.lstrip("/"))


def synsets(path: str):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield [t.strip() for t in line.split(";") if t.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("words", nargs="+")
    ap.add_argument("--file", help="openthesaurus.txt (default: installed or fetched)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.file or (INSTALLED if os.path.exists(INSTALLED) else fetch(tmp))
        wanted = {fold(w): w for w in args.words}
        found = {w: [] for w in args.words}
        for terms in synsets(path):
            keys = set()
            for t in terms:
                keys.add(fold(t))
                keys.add(fold(REMARK.sub("", t)).strip())
            for key, word in wanted.items():
                if key in keys:
                    found[word].append(terms)
    status = 0
    for word in args.words:
        sets = found[word]
        print(f"{word}: {len(sets)} set(s)")
        for terms in sets:
            print("  " + "; ".join(terms))
        if not sets:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
