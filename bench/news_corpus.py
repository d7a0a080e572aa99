#!/usr/bin/env python3
"""Builds the news-like benchmark corpus from the repository alone, reproducibly and offline.

Sources: the seed articles (seeds/) and every news-style paragraph of the development sets under
tests/fixtures/ (unseen, deals, frames, names, stories, retold, wire, agency, dispatch; never the
blind set, nor the broken or virtuoso fixtures). Each round writes every source text once, with
the names of its companies, people and places rotated through invented names, so every copy is
new text to the gazetteer and the unknown-name rules; rounds repeat until the corpus holds
SCALE × 10 MB, and the last one is cut there. Files are `<out>/<NNNNNNN>_<set>_<name>.txt`.

Which words are names comes from the gold files: the words of Organization, Person and Place
mentions in tests/gold/*.tsv that are the entity's name rather than a description of it ("Harbor"
and "Ridge" of harbor-ridge-capital, not "Konzern"), and for the two sets with fact gold only
(deals, frames) the words whose folded form is part of an entity id of the document's facts.
Words that are generic stay: legal forms and name extensions of ontology/de/rules.toml ("GmbH",
"Capital"), words that also occur in lower case in the texts ("Deutsche", "Neue") and acronyms of
three letters or fewer. A given name becomes another given name of ontology/de/first_names.txt
(so "given name + Surname" still reads as a person); surnames, company words and places become
invented words made of syllables, none of them a name the entity lists know. Each word is
replaced wherever it stands as a word, with a genitive "s" or before a hyphen ("Kortland-Übernahme").
The same inputs give the same files.

usage: news_corpus.py SCALE OUT_DIR
"""

import itertools
import json
import pathlib
import random
import re
import sys
import tomllib
import unicodedata

REPO = pathlib.Path(__file__).resolve().parent.parent
UNIT = 10_000_000
SETS = ["unseen", "deals", "frames", "names", "stories", "retold", "wire", "agency", "dispatch"]
ONSETS = ["B", "Br", "D", "F", "Fr", "G", "Gr", "H", "K", "Kr", "L", "M", "N", "P", "Pr", "R",
          "S", "St", "T", "Tr", "V", "W", "Z", "Sch"]
VOWELS = ["a", "e", "i", "o", "u", "ei"]
MIDDLES = ["b", "d", "g", "l", "m", "n", "r", "s", "t", "v", "ll", "nn", "rk", "rn", "lt", "nd",
           "st", "rv", "lm", "ck", "ff", "ss", "rt", "nk"]
ENDINGS = {
    "company": ["tek", "ex", "ara", "ion", "ova", "is", "on", "ium", "ix", "al", "ora", "ent",
                "ano", "ivo", "eon", "yx", "ata", "ello", "ar", "um", "or", "ia", "ex", "ant",
                "os", "ique", "itas", "onic", "ane", "era"],
    "surname": ["mann", "er", "ke", "hoff", "ow", "ig", "stein", "hauer", "ling", "meier",
                "berger", "ert", "isch", "ner", "sen", "rich", "wald", "feld", "bach", "kamp",
                "ski", "ecker", "lein", "holt", "heim", "brandt", "muth", "ger", "hagen", "lich"],
    "place": ["feld", "burg", "hausen", "dorf", "stadt", "ingen", "heim", "au", "tal", "brück",
              "rode", "berg", "hagen", "kirchen", "münde", "furt", "stedt", "born", "wald", "beck",
              "leben", "rath", "weiler", "hofen", "see", "bach", "haven", "zell", "ried", "lingen"],
}


PRIORITY = ["given", "surname", "place", "company"]


def fold(word):
    """A word as the entity ids spell it: lower case, umlauts written out, ASCII."""
    word = word.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


def sources():
    """(set, name, text) of every source text, in a fixed order."""
    texts = [("seeds", p.stem, p.read_text(encoding="utf-8"))
             for p in sorted((REPO / "seeds").glob("*.txt"))]
    for name in SETS:
        texts += [(name, p.stem, p.read_text(encoding="utf-8"))
                  for p in sorted((REPO / "tests/fixtures" / name).glob("*.txt"))]
    return texts


def named(word, parts):
    """Whether `word` is part of the name whose id has these parts (it or its genitive)."""
    return fold(word) in parts or fold(word).removesuffix("s") in parts


def known_names():
    """Every label and alias of the entity lists and the lexicon, folded: an invented name must
    not be one of them."""
    names = set()
    for path in sorted((REPO / "ontology/entities").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            names.add(fold(entry["label"]))
            for words in entry.get("aliases", {}).values():
                names.update(fold(w) for w in words)
    lexicon = tomllib.loads((REPO / "ontology/lexicon.toml").read_text(encoding="utf-8"))
    for entity in lexicon["entity"]:
        names.add(fold(entity["label"]))
        for words in entity.get("aliases", {}).values():
            names.update(fold(w) for w in words)
    return names


def name_words(texts):
    """{word: kind} for every word to rotate (kind: given, surname, company or place), and the
    generic words, which stay even where they look like a name and its genitive ("Reuters")."""
    rules = tomllib.loads((REPO / "ontology/de/rules.toml").read_text(encoding="utf-8"))
    generic = set(rules["legal_forms"]) | set(rules["name_extensions"])
    lower = set()
    for _, _, text in texts:
        lower.update(w for w in re.findall(r"\w+", text) if w.islower())
    given = {line.strip() for line in (REPO / "ontology/de/first_names.txt").read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}
    places = {json.loads(line)["id"] for line in (REPO / "ontology/entities/places.jsonl")
              .read_text(encoding="utf-8").splitlines()}
    mentions = []
    for path in sorted((REPO / "tests/gold").glob("*.tsv")):
        if path.name.endswith(".facts.tsv"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if not line.startswith("#") and len(fields) >= 6:
                mentions.append((path.stem, fields[0], int(fields[1]), int(fields[2]), *fields[3:6]))
    # A word is generic, whatever a name makes of it, when the gold uses it as a description
    # ("die Bank") or as part of an authority's or a title's name, or when an annotated text has
    # it as a whole word outside every mention ("im Sommer").
    for _, _, _, _, surface, entity, category in mentions:
        words = re.split(r"[\s\-]+", surface)
        parts = set(entity.split("-"))
        if category not in ("Organization", "Person", "Place"):
            generic.update(words)
        elif category != "Place" and not any(named(w, parts) for w in words):
            generic.update(words)
    spans = {}
    for source, document, begin, end, *_ in mentions:
        spans.setdefault((source, document), []).append((begin, end))
    for source, name, text in texts:
        if (source, name) not in spans:
            continue
        body = text.split("\n", 1)[1] if text.startswith(" date") else text
        covered = bytearray(len(body))
        for begin, end in spans[(source, name)]:
            covered[begin:end] = b"\x01" * (end - begin)
        for m in re.finditer(r"(?<![\w-])[^\W\d_][\w]*(?![\w-])", body):
            if m.group()[0].isupper() and not any(covered[m.start():m.end()]):
                generic.add(m.group())
    kinds = {}

    def add(word, kind):
        word = word.rstrip(".")
        if (len(word) > 3 and word[0].isupper() and word.isalpha() and word not in generic
                and word.lower() not in lower):
            # A word of two kinds is read as the narrower ("Bremen" of Werder Bremen: a place).
            if PRIORITY.index(kind) < PRIORITY.index(kinds.get(word, "company")):
                kinds[word] = kind
            else:
                kinds.setdefault(word, kind)

    for _, _, _, _, surface, entity, category in mentions:
        words = re.split(r"[\s\-]+", surface)
        if category == "Place":
            for word in words:
                add(word, "place")
        elif category in ("Organization", "Person"):
            parts = set(entity.split("-"))
            for i, word in enumerate(words):
                if not named(word, parts):
                    continue
                if category == "Organization":
                    add(word, "company")
                elif i == 0 and len(words) > 1 and word in given:
                    add(word, "given")
                else:
                    add(word, "surname")
    # The sets with fact gold only: a capitalised word of the text whose folded form is an entity
    # id of the document's facts, or a company's first id part ("kortland" of kortland-logistik;
    # its other parts are mostly words: "Logistik"), names that entity. Authorities keep their
    # names: the ids the mention gold files as Government, and ids with a government class head.
    authorities = {entity for *_, entity, category in mentions if category == "Government"}
    heads = tuple(h for c in rules["class"] if "Government" in c["categories"] for h in c["heads"])
    for name in SETS:
        gold = REPO / "tests/gold" / f"{name}.tsv"
        facts = REPO / "tests/gold" / f"{name}.facts.tsv"
        if gold.exists() or not facts.exists():
            continue
        ids = set()
        for line in facts.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if not line.startswith("#") and len(fields) >= 4:
                ids.update(fields[2:4])
        parts = {}
        for entity in sorted(ids - authorities):
            first, *rest = entity.split("-")
            if entity in places:
                parts.setdefault(entity, "place")
            elif first.capitalize() in given and rest:
                parts.setdefault(first, "given")
                parts.setdefault(rest[-1], "surname")
            elif not first.endswith(heads):
                parts.setdefault(first, "company")
        for path in sorted((REPO / "tests/fixtures" / name).glob("*.txt")):
            for word in re.findall(r"\w+", path.read_text(encoding="utf-8")):
                if fold(word) in parts:
                    add(word, parts[fold(word)])
    # A genitive is replaced with its word ("Oracles" as the name for "Oracle" plus "s").
    kinds = {w: k for w, k in kinds.items() if not (w.endswith("s") and w[:-1] in kinds)}
    return kinds, generic


def invented(kind, known):
    """The invented words of one kind in a fixed shuffled order, none of them a known name."""
    words = ["".join(p) for p in itertools.product(ONSETS, VOWELS, MIDDLES, ENDINGS[kind])]
    words = sorted(w for w in set(words) if fold(w) not in known)
    random.Random(kind).shuffle(words)
    return words


def main():
    scale, out = float(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    texts = sources()
    kinds, generic = name_words(texts)
    known = known_names()
    given = sorted({line.strip() for line in (REPO / "ontology/de/first_names.txt").read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")})
    pools = {"given": given, **{kind: invented(kind, known) for kind in ENDINGS}}
    by_kind = {kind: sorted(w for w, k in kinds.items() if k == kind) for kind in pools}
    pattern = re.compile(r"(?<!\w)(" + "|".join(sorted(kinds, key=lambda w: (-len(w), w)))
                         + r")(s?)(?!\w)")
    target, written, n, round_ = int(scale * UNIT), 0, 0, 0
    while written < target:
        # Round r gives the i-th word of a kind the pool's word (r × words of that kind + i):
        # consecutive rounds never share a name until a pool runs out, then they shift.
        names = {}
        for kind, words in by_kind.items():
            pool = pools[kind]
            for i, word in enumerate(words):
                names[word] = pool[(round_ * len(words) + i) % len(pool)]
        for source, name, text in texts:
            if written >= target:
                break
            data = pattern.sub(
                lambda m: m.group() if m.group() in generic else names[m.group(1)] + m.group(2),
                text).encode("utf-8")
            (out / f"{n:07d}_{source}_{name}.txt").write_bytes(data)
            written += len(data)
            n += 1
        round_ += 1
    print(f"{out}: {n} documents in {round_} rounds of {len(texts)} texts, "
          f"{len(kinds)} name words rotated, {written / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
