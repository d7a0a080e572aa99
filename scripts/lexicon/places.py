"""Countries (i18n-iso-countries, names by GeoNames) and cities (GeoNames cities15000)."""

from __future__ import annotations

import json
import os
import re

from common import clean_space, fold, nfc, slug

DACH = ("DE", "AT", "CH")
FIRST_NAMES: set[str] = set()  # ontology/de/first_names.txt, read by entities.build()
CITY_MIN = 100_000
DACH_MIN = 20_000
# A city of DACH or of this many people keeps a name that a company also bears ("Salzgitter").
STRONG_CITY = 1_000_000

# German short forms that German text uses for a country and that i18n-iso-countries lacks.
EXTRA_COUNTRY_NAMES_DE = {
    "AE": ["VAE"],
    "BA": ["Bosnien-Herzegowina"],
    "BY": ["Weißrussland"],
    "CD": ["Demokratische Republik Kongo", "DR Kongo"],
    "CG": ["Kongo-Brazzaville"],
    "CI": ["Côte d'Ivoire"],
    "CV": ["Cabo Verde"],
    "KP": ["Demokratische Volksrepublik Korea"],
    "KR": ["Republik Korea"],
    "MD": ["Republik Moldau", "Moldau"],
    "MK": ["Mazedonien"],
    "MM": ["Birma"],
    "NL": ["Holland"],
    "PS": ["Palästina", "Palästinensische Gebiete", "Palästinensergebiete"],
    "SZ": ["Swasiland"],
    "TL": ["Timor-Leste"],
    "VA": ["Vatikan"],
}

# "Frankfurt am Main" → "Frankfurt"; "Halle (Saale)" → "Halle"; "Hansestadt Rostock" → "Rostock".
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
_TAIL = re.compile(r"^(.+?) (?:am|an der|an den|im|in der|ob der|vor der|bei|unter der) .+$")
_PREFIX = re.compile(r"^(?:Universitäts- und Hansestadt|Hansestadt|Lutherstadt|Stadt) (.+)$")


def names_of(value) -> list[str]:
    if isinstance(value, list):
        return [clean_space(v) for v in value]
    return [clean_space(value)]


def plain(name: str) -> bool:
    """A name as running text writes it: no inverted "X, Republic of", no "(…)" remark."""
    return "," not in name and "(" not in name


def short_forms(name: str) -> list[str]:
    out = []
    for pattern in (_PAREN, _TAIL, _PREFIX):
        if pattern is _PAREN:
            stripped = _PAREN.sub("", name)
            if stripped and stripped != name:
                out.append(stripped)
        else:
            m = pattern.match(name)
            if m:
                out.append(m.group(1))
    more = []
    for s in out:
        more.extend(x for x in short_forms(s) if x not in out)
    return out + more


class Place:
    def __init__(self, label: str, kind: str, code: str, population: int = 0):
        self.label = label
        self.id = slug(label)
        self.kind = kind
        self.code = code  # ISO country code (of the city's country)
        self.population = population
        self.aliases: dict[str, list[str]] = {"de": [], "en": []}
        self.country: str | None = None
        self.same_as: list[str] = []
        self.geonameid: int | None = None

    def add_alias(self, lang: str, name: str) -> None:
        name = clean_space(name)
        if not name or fold(name) == fold(self.label):
            return
        if any(fold(name) == fold(n) for names in self.aliases.values() for n in names):
            return
        self.aliases[lang].append(name)

    def all_names(self) -> list[str]:
        return [self.label] + [n for names in self.aliases.values() for n in names]


def read_countries(i18n_dir: str, geonames_dir: str) -> list[Place]:
    with open(os.path.join(i18n_dir, "langs", "de.json"), encoding="utf-8") as f:
        de = json.load(f)["countries"]
    with open(os.path.join(i18n_dir, "langs", "en.json"), encoding="utf-8") as f:
        en = json.load(f)["countries"]
    with open(os.path.join(geonames_dir, "data", "countries.json"), encoding="utf-8") as f:
        geo = json.load(f)
    places = []
    for code in sorted(en):
        en_names = names_of(en[code])
        de_names = names_of(de.get(code, []))
        label = clean_space(geo[code]["name"]) if code in geo else None
        if not label:
            label = next((n for n in en_names if plain(n)), en_names[0].split(",")[0])
        place = Place(label, "Country", code, geo.get(code, {}).get("population", 0))
        for lang, names in (("en", en_names), ("de", de_names)):
            usable = [n for n in names if plain(n)]
            if not usable:  # only "Syrien, Arabische Republik": the part before the comma
                usable = [n.split(",")[0].split("(")[0].strip() for n in names]
            for n in usable:
                place.add_alias(lang, n)
        for n in EXTRA_COUNTRY_NAMES_DE.get(code, []):
            place.add_alias("de", n)
        if code in geo:
            place.geonameid = geo[code]["geonameid"]
        places.append(place)
    return places


def german_names(alternates: list[str], label: str, lex, strict: bool, other_cities: set[str]) -> list[str]:
    """The alternate names that wngerman lists capitalised ("Mailand", "Moskau"); a name of
    several words counts when its first word is listed capitalised and every other word is
    listed and longer than two letters ("Mexiko-Stadt", "Sankt Petersburg"; not "St Petersburg").

    `strict` (alternate names hold every language's names, old names too): the (first) word must
    also be no ordinary German word (wngerman never lists it lower case, it is no noun form:
    "Kita" is not Quito, "Nova Delhi" not New Delhi) and the name no other city's name
    ("Alexandria" is not Mashhad)."""
    out = []
    for raw in alternates:
        name = nfc(clean_space(raw))
        if not name or name == label or len(name) <= 2 or name.isupper():
            continue
        if name in EXONYM_BLOCKLIST or name in FIRST_NAMES:
            continue
        parts = re.split(r"[ -]", name)
        if any(not p for p in parts) or any(p in EXONYM_NOT_PARTS for p in parts):
            continue
        if name.endswith("s") and (name[:-1] == label or name[:-1] in alternates):
            continue  # a genitive that wngerman lists: "Zagrebs"
        ok = lex.capitalised_in_wngerman(parts[0])
        if ok and strict:
            ok = lex.is_name(fold(parts[0]))
        for p in parts[1:]:
            ok = ok and p in lex.wngerman and (len(p) > 2 or p in ("am", "an", "im"))
        if ok and strict and fold(name) in other_cities:
            ok = False
        if ok and name not in out:
            out.append(name)
    return out


# Alternate names of cities15000 that pass the checks of german_names() but are no German name
# of that city: words, people, transliterations (reviewed by hand for the pinned versions).
EXONYM_BLOCKLIST = {
    "Abo", "Adams", "Athene", "Atlant", "Barium", "Basic", "Boni", "Bush", "Dandy", "Gorki", "Guayana", "Hindenburg",
    "Humus", "Kalinin", "Karlsbad", "Kirow", "Korona", "Krishna", "Kufe", "Lenin", "Maya-Maya",
    "Molotow", "Monte", "Mosel", "Passus", "Ren", "Rens", "Robert Williams", "Sakraments", "Sams",
    "San Chose", "San Paulas", "San Tau", "Sao Antonio", "Sao-sing", "Soli", "Sophia", "Stalin",
    "Stalino", "Tori", "Victor", "Wadi Sir", "William Stadt", "Yen", "Yen Bai", "Yen-an", "Yen-chi",
}
# Words that make an alternate name an English or local description, not a German name.
EXONYM_NOT_PARTS = {"City", "Center", "Centre", "Station", "New", "Nov", "Sud", "West", "Metropolis"}
# "Zürich (Kreis 3)": a district that cities15000 lists as a city.
_DISTRICT = re.compile(r"\((?:Kreis|Bezirk|Stadtkreis) ")


def read_cities(geonames_dir: str, lex) -> list[Place]:
    with open(os.path.join(geonames_dir, "data", "cities15000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    all_names: dict[str, set[int]] = {}
    for c in cities.values():
        all_names.setdefault(fold(clean_space(c["name"])), set()).add(c["geonameid"])
    chosen = []
    for c in cities.values():
        pop = c.get("population") or 0
        code = c["countrycode"]
        if pop >= CITY_MIN or (code in DACH and pop >= DACH_MIN):
            chosen.append(c)
    chosen.sort(key=lambda c: (-c["population"], c["geonameid"]))
    places = []
    for c in chosen:
        label = nfc(clean_space(c["name"]))
        if _DISTRICT.search(label):
            continue
        place = Place(label, "City", c["countrycode"], c["population"])
        place.geonameid = c["geonameid"]
        dach = c["countrycode"] in DACH
        other_cities = _OtherCities(all_names, c["geonameid"])
        german = german_names(c.get("alternatenames") or [], label, lex, True, other_cities)
        if c["countrycode"] in ("DE", "AT"):
            # The label is the German name already; of the alternate names only the longer forms
            # of it count ("Offenbach am Main"), not transliterations ("Hamas" for Hamm).
            german = [n for n in german if fold(label) in fold(n)]
        place.short = []
        place.short_kept = []
        if dach:
            place.short = short_forms(label)
            for n in german:
                place.short += [s for s in short_forms(n) if s not in place.short]
        for n in german:
            place.add_alias("de", n)
        places.append(place)
    # A short form that several cities share ("Neustadt") names the most populous of them
    # only where it has four times the people of the next; else none of them.
    bearers: dict[str, list[int]] = {}
    for p in places:
        for n in {fold(x) for x in p.short} | {fold(p.label)}:
            bearers.setdefault(n, []).append(p.population)
    for p in places:
        for n in p.short:
            pops = sorted(bearers.get(fold(n), []), reverse=True)
            if pops and pops[0] == p.population and (len(pops) == 1 or pops[0] >= 4 * pops[1]):
                p.add_alias("de", n)
                p.short_kept.append(n)
    return places


class _OtherCities:
    """Whether a folded name is the name of a city of cities15000 other than this one."""

    def __init__(self, all_names: dict[str, set[int]], me: int) -> None:
        self.all_names = all_names
        self.me = me

    def __contains__(self, name: str) -> bool:
        return bool(self.all_names.get(name, set()) - {self.me})
