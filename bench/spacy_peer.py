#!/usr/bin/env python3
"""The peer: a spaCy pipeline doing newsgraph's job on the same corpus.

The pipeline a spaCy user would write for it: spacy.blank("de") + sentencizer + an EntityRuler
with newsgraph's own lexicon (every label, alias and descriptor of ontology/lexicon.toml as a
phrase pattern, matched on LOWER) + a PhraseMatcher (attr LOWER) for newsgraph's own trigger words
(the first words of the verb forms, participles and noun heads of ontology/de/relations.toml),
run over the documents with `nlp.pipe` in batches, in one process or in N (`n_process`). It reads
every .txt file under the corpus directory, runs the pipeline and counts sentences, entity
matches and trigger matches, so no stage can be skipped. Prints one JSON line: bytes, documents,
seconds, MB/s.

usage: spacy_peer.py CORPUS_DIR [--processes N]
"""

import json
import pathlib
import sys
import time
import tomllib

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher

REPO = pathlib.Path(__file__).resolve().parent.parent
# Documents per batch of `nlp.pipe`: spaCy's default for a blank pipeline is 1000; news documents
# are short (about 1 KB), and a batch of a few hundred keeps every process busy to the end.
BATCH = 256


def patterns():
    lexicon = tomllib.loads((REPO / "ontology/lexicon.toml").read_text(encoding="utf-8"))
    out = []
    for entity in lexicon["entity"]:
        label = entity.get("type", "ORG")
        names = [entity["label"]]
        for field in ("aliases", "descriptors"):
            for words in entity.get(field, {}).values():
                names.extend(words)
        out.extend({"label": label, "pattern": name} for name in names)
    return out


def triggers():
    rules = tomllib.loads((REPO / "ontology/de/relations.toml").read_text(encoding="utf-8"))
    words = set()
    for frame in rules["frame"]:
        for form in frame.get("verbs", []) + frame.get("participles", []) + frame.get("nouns", []):
            words.add(form.split()[0].lower())
    return sorted(words)


class TriggerWords:
    """A pipeline component: the trigger words of a document as its span group "triggers", so
    the matching runs in the worker processes with the rest of the pipeline."""

    def __init__(self, nlp):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("TRIGGER", list(nlp.tokenizer.pipe(triggers())))

    def __call__(self, doc):
        doc.spans["triggers"] = self.matcher(doc, as_spans=True)
        return doc


@Language.factory("trigger_words")
def trigger_words(nlp, name):
    return TriggerWords(nlp)


def build():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(patterns())
    nlp.add_pipe("trigger_words")
    return nlp


def main():
    corpus = pathlib.Path(sys.argv[1])
    processes = int(sys.argv[sys.argv.index("--processes") + 1]) if "--processes" in sys.argv else 1
    nlp = build()
    files = sorted(corpus.rglob("*.txt"))
    started = time.perf_counter()
    texts = (f.read_text(encoding="utf-8", errors="replace") for f in files)
    size = sum(f.stat().st_size for f in files)
    sentences = entities = hits = 0
    for doc in nlp.pipe(texts, batch_size=BATCH, n_process=processes):
        sentences += sum(1 for _ in doc.sents)
        entities += len(doc.ents)
        hits += len(doc.spans["triggers"])
    seconds = time.perf_counter() - started
    print(json.dumps({
        "bytes": size, "documents": len(files), "seconds": round(seconds, 3),
        "mb_per_s": round(size / 1e6 / seconds, 3), "sentences": sentences,
        "entities": entities, "triggers": hits, "processes": processes,
    }))


if __name__ == "__main__":
    main()
