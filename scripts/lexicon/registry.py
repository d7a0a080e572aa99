"""Who owns which name: the clash check shared by the generator and the final validation.

A name belongs to one entity only across ontology/lexicon.toml and the generated entity lists
(ontology/entities/*.jsonl, one entity per line). Names are compared folded (NFC + full case folding) and, as the current loader does, lower-cased per
char; a clash under either counts.
"""

from __future__ import annotations

import json
import tomllib

from common import fold, lowercase_fold


# The keys of a line of a generated entity list, in this order (each left out when empty).
ENTITY_KEYS = ("label", "id", "type", "country", "isin", "aliases", "ambiguous", "industry", "same_as")


def name_keys(name: str) -> set[str]:
    return {fold(name), lowercase_fold(name)}


class Registry:
    def __init__(self) -> None:
        self.owner: dict[str, str] = {}
        self.where: dict[str, str] = {}  # id → file that defines it
        self.kind: dict[str, str] = {}  # id → type

    def owner_of(self, name: str) -> str | None:
        for key in name_keys(name):
            if key in self.owner:
                return self.owner[key]
        return None

    def free_for(self, name: str, entity_id: str) -> bool:
        owner = self.owner_of(name)
        return owner is None or owner == entity_id

    def claim(self, name: str, entity_id: str) -> None:
        for key in name_keys(name):
            self.owner[key] = entity_id

    def add_entity(self, entity_id: str, kind: str, file: str) -> None:
        self.where[entity_id] = file
        self.kind[entity_id] = kind


def entity_names(entity: dict) -> list[str]:
    """Every name of an entity that the loader matches or must keep unique: label, aliases,
    descriptors and (in the generated files) ambiguous names."""
    names = [entity["label"]]
    for field in ("aliases", "descriptors", "ambiguous"):
        for texts in (entity.get(field) or {}).values():
            names.extend(texts)
    return names


def read_lexicon(path: str) -> list[dict]:
    with open(path, "rb") as f:
        return tomllib.load(f)["entity"]


def read_jsonl(path: str) -> list[tuple[int, dict]]:
    """The entities of a JSON Lines file with their line numbers (from 1). A line that is not
    one JSON object with a label (a blank line too) fails, naming file:line."""
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for number, line in enumerate(f, 1):
            line = line.removesuffix("\n")
            if not line.strip():
                raise ValueError(f"{path}:{number}: blank line")
            try:
                entity = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{number}: not JSON: {e.msg} (column {e.colno})") from None
            if not isinstance(entity, dict) or not isinstance(entity.get("label"), str):
                raise ValueError(f"{path}:{number}: not an entity (a JSON object with a label)")
            out.append((number, entity))
    return out


def read_entities(path: str) -> list[tuple[str, dict]]:
    """(where, entity) of a .toml file (where = the file) or a .jsonl file (where = file:line)."""
    if path.endswith(".jsonl"):
        return [(f"{path}:{number}", entity) for number, entity in read_jsonl(path)]
    with open(path, "rb") as f:
        return [(path, entity) for entity in tomllib.load(f).get("entity", [])]


def check_files(paths: list[str], slug) -> list[str]:
    """Validates lexicon.toml and the generated files together; returns the problems found.
    A line of a .jsonl file that does not parse raises ValueError naming file:line."""
    problems: list[str] = []
    owner: dict[str, tuple[str, str]] = {}
    ids: dict[str, str] = {}
    all_entities: list[tuple[str, dict]] = []
    for path in paths:
        all_entities += read_entities(path)
    for where, entity in all_entities:
        entity_id = entity.get("id") or slug(entity["label"])
        if entity_id in ids:
            problems.append(f"duplicate id {entity_id!r} in {where} and {ids[entity_id]}")
        ids[entity_id] = where
        if ".jsonl:" in where and list(entity) != [k for k in ENTITY_KEYS if k in entity]:
            problems.append(f"keys {list(entity)} in {where}: expected a subsequence of {list(ENTITY_KEYS)}")
        for name in entity_names(entity):
            if not name or name.strip() != name:
                problems.append(f"bad name {name!r} of {entity_id!r} in {where}")
            for key in name_keys(name):
                if key in owner and owner[key][0] != entity_id:
                    problems.append(
                        f"name {name!r} of {entity_id!r} ({where}) already names "
                        f"{owner[key][0]!r} ({owner[key][1]})"
                    )
                owner.setdefault(key, (entity_id, where))
    for where, entity in all_entities:
        for field in ("country", "seat"):
            ref = entity.get(field)
            if ref is not None and ref not in ids:
                problems.append(f"{field} {ref!r} of {entity['label']!r} ({where}) is not an id")
    return problems
