"""Who owns which name: the clash check shared by the generator and the final validation.

A name belongs to one entity only across ontology/lexicon.toml and the generated files. Names
are compared folded (NFC + full case folding) and, as the current loader does, lower-cased per
char; a clash under either counts.
"""

from __future__ import annotations

import tomllib

from common import fold, lowercase_fold


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


def check_files(paths: list[str], slug) -> list[str]:
    """Validates lexicon.toml and the generated files together; returns the problems found."""
    problems: list[str] = []
    owner: dict[str, tuple[str, str]] = {}
    ids: dict[str, str] = {}
    all_entities: list[tuple[str, dict]] = []
    for path in paths:
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for entity in data.get("entity", []):
            all_entities.append((path, entity))
    for path, entity in all_entities:
        entity_id = entity.get("id") or slug(entity["label"])
        if entity_id in ids:
            problems.append(f"duplicate id {entity_id!r} in {path} and {ids[entity_id]}")
        ids[entity_id] = path
        for name in entity_names(entity):
            if not name or name.strip() != name:
                problems.append(f"bad name {name!r} of {entity_id!r} in {path}")
            for key in name_keys(name):
                if key in owner and owner[key][0] != entity_id:
                    problems.append(
                        f"name {name!r} of {entity_id!r} ({path}) already names "
                        f"{owner[key][0]!r} ({owner[key][1]})"
                    )
                owner.setdefault(key, (entity_id, path))
    for path, entity in all_entities:
        for field in ("country", "seat"):
            ref = entity.get(field)
            if ref is not None and ref not in ids:
                problems.append(f"{field} {ref!r} of {entity['label']!r} ({path}) is not an id")
    return problems
