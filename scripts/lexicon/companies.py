"""Companies of pytickersymbols' stock indices, merged across indices by ISIN or name."""

from __future__ import annotations

import importlib
import re
import sys
import urllib.parse

from common import clean_space, fold, nfc, slug

# Legal forms and group words dropped from the end of a name for the short label.
LEGAL_TAILS = [
    ", Inc.", ", Inc", " Inc.", " Inc", ", Ltd.", ", Ltd", " Ltd.", " Ltd", ", Corp.", " Corp.",
    " Corp", ", LLC", " LLC", " Corporation", " Incorporated", " and Company", " & Company",
    " Company", " Co., Ltd", " & Co. KGaA", " SE & Co. KGaA", " & Co.", " & Co", " Co.", " Co",
    " Limited", " plc", " PLC", " AG", " SE", " S.A.", " SA", " N.V.", " NV", " AB", " Oyj",
    " KGaA", " SCA", " Holdings", " Holding", " Group",
]
# The legal forms alone: what the label keeps of the name where the short name is an ordinary
# word ("Ball Corporation", not "Ball").
LEGAL_ONLY = [t for t in LEGAL_TAILS if t not in (" Corporation", " Company", " and Company",
                                                  " & Company", " Holdings", " Holding", " Group")]
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")

# Where the short name that the rules give is not what German news writes, or the source is
# wrong: label, aliases (German text), and corrections. Keys are the source's names.
OVERRIDES: dict[str, dict] = {
    "ThyssenKrupp": {"label": "Thyssenkrupp", "aliases": ["ThyssenKrupp", "Thyssenkrupp AG", "ThyssenKrupp AG"]},
    "Volkswagen Group": {"label": "Volkswagen", "aliases": ["Volkswagen AG", "Volkswagen Group", "Volkswagen-Konzern"]},
    "Mercedes-Benz Group": {"label": "Mercedes-Benz", "aliases": ["Mercedes-Benz Group", "Mercedes-Benz Group AG", "Mercedes"]},
    "Deutsche Post": {"aliases": ["Deutsche Post AG", "Deutsche Post DHL", "DHL Group"], "isin": "DE0005552004"},
    "ABB": {"drop_isins": ["FR0000121709"]},
    "Elisa": {"drop_isins": ["FR0012435121"]},
    "SES S.A.": {"label": "SES", "drop_isins": ["GB00B1WY2338"]},
    "Klöckner & Co": {"label": "Klöckner & Co", "aliases": ["Klöckner & Co SE"]},
    "Deutsche Telekom": {"aliases": ["Deutsche Telekom AG", "Telekom"], "country": "DE", "isin": "DE0005557508",
                          "drop_isins": ["RU0008943394", "US7785291078"]},
    "Munich Re": {"aliases": ["Münchener Rück", "Münchener Rückversicherungs-Gesellschaft"]},
    "Hannover Re": {"aliases": ["Hannover Rück", "Hannover Rück SE"]},
    "Merck Group": {"label": "Merck", "aliases": ["Merck KGaA"]},
    "Merck & Co.": {"label": "Merck & Co.", "aliases": ["MSD", "Merck Sharp & Dohme"]},
    "HeidelbergCement": {"label": "Heidelberg Materials", "aliases": ["HeidelbergCement", "Heidelberg Materials AG"]},
    "Porsche SE": {"label": "Porsche SE", "aliases": ["Porsche Automobil Holding", "Porsche Automobil Holding SE"]},
    "Fresenius SE": {"label": "Fresenius", "aliases": ["Fresenius SE & Co. KGaA"]},
    "Infineon Technologies": {"label": "Infineon", "aliases": ["Infineon Technologies AG"]},
    "Lufthansa Group": {"label": "Lufthansa", "aliases": ["Deutsche Lufthansa", "Deutsche Lufthansa AG"]},
    "KION Group": {"label": "Kion", "aliases": ["Kion Group"]},
    "Evonik Industries": {"label": "Evonik", "aliases": ["Evonik Industries AG"]},
    "BMW": {"aliases": ["Bayerische Motoren Werke", "BMW AG"]},
    "BASF": {"aliases": ["BASF SE"]},
    "SAP": {"aliases": ["SAP SE"]},
    # German news names the bank by the name it shares with its home city.
    "Banco Santander": {"aliases": ["Santander"]},
    "Siemens": {"aliases": ["Siemens AG", "Siemens Aktiengesellschaft"]},
    "Bayer": {"aliases": ["Bayer AG"]},
    "Allianz": {"aliases": ["Allianz SE"]},
    "Linde plc": {"label": "Linde"},
    "Henkel": {"aliases": ["Henkel AG & Co. KGaA"]},
    "Adidas": {"aliases": ["Adidas AG"]},
    "Deutsche Bank": {"aliases": ["Deutsche Bank AG"]},
    "Commerzbank": {"aliases": ["Commerzbank AG"]},
    "Deutsche Börse": {"aliases": ["Deutsche Börse AG"]},
    "Daimler Truck": {"aliases": ["Daimler Truck Holding", "Daimler Truck Holding AG"]},
    "Airbus": {"aliases": ["Airbus SE"]},
    "Rheinmetall": {"aliases": ["Rheinmetall AG"]},
    "ProSiebenSat.1 Media": {"label": "ProSiebenSat.1"},
    "TAG Tegernsee Immobilien und Beteiligung": {"label": "TAG Immobilien"},
    "Suss Microtec": {"label": "Süss Microtec", "aliases": ["SÜSS MicroTec", "Suss Microtec"]},
    "STABILUS SE": {"label": "Stabilus"},
    "Drägerwerk": {"aliases": ["Dräger"]},
    "Wüstenrot & Württembergische": {"aliases": ["W&W"]},
    "Meta Platforms": {"aliases": ["Meta"]},
    "EBay": {"label": "eBay"},
    "EPlus": {"label": "ePlus"},
    "IndustrivärdenC": {"label": "Industrivärden"},
    "KalmarB": {"label": "Kalmar"},
    "LifcoB": {"label": "Lifco"},
    "Orpea-Gruppe": {"label": "Orpea"},
    "Ahold Delhaize": {"aliases": ["Koninklijke Ahold Delhaize"]},
    "Nestlé SA": {"label": "Nestlé"},
    "Roche Holding AG": {"label": "Roche"},
    "Deutsche Pfandbriefbank": {"aliases": ["pbb"]},
    "Zurich Insurance Group": {"label": "Zurich Insurance"},
    "Swiss Reinsurance Company Ltd": {"label": "Swiss Re"},
    "Ford Motor Company": {"label": "Ford"},
    "The Walt Disney Company": {"label": "Disney", "aliases": ["Walt Disney"]},
    "Eli Lilly and Company": {"label": "Eli Lilly"},
}
DACH_COUNTRIES = ("DE", "AT", "CH")

# Rows of the source that describe another company than their name says (found by comparing
# each row's name with its Wikipedia title): (index, name) → corrected fields.
ROW_FIXES: dict[tuple[str, str], dict] = {
    ("CAC_40", "STABILUS SE"): {"name": "STMicroelectronics"},
    ("MDAX", "STABILUS SE"): {"isins": [], "country": None, "industries": None},
    ("CAC Mid 60", "ABB"): {"name": "Groupe SEB", "isins": ["FR0000121709"], "country": "France"},
    ("FTSE 100", "SES S.A."): {"name": "Smiths Group", "isins": ["GB00B1WY2338"]},
    ("S&P 500", "Arthur J. Gallagher & Co."): {"wikipedia_url": None},
    ("S&P 600", "Globe Life"): {"wikipedia_url": None, "isins": []},
}


def fixed_row(index_name: str, row: dict) -> dict:
    fix = ROW_FIXES.get((index_name, row["name"]))
    if not fix:
        return row
    row = dict(row)
    row["metadata"] = dict(row.get("metadata") or {})
    for key, value in fix.items():
        if key == "wikipedia_url":
            row["metadata"]["wikipedia_url"] = value
        else:
            row[key] = value
    return row


def load_indices(site_dir: str) -> dict:
    sys.path.insert(0, site_dir)
    try:
        module = importlib.import_module("pytickersymbols.indices_data")
    finally:
        sys.path.remove(site_dir)
    return module.INDICES


def short_name(name: str, tails: list[str] = LEGAL_TAILS) -> str:
    name = _PAREN.sub("", name).strip()
    if name.startswith("The ") and len(name) > 8:
        name = name[4:]
    changed = True
    while changed:
        changed = False
        for tail in tails:
            if name.endswith(tail) and len(name) - len(tail) > 2:
                name = name[: -len(tail)].rstrip(" ,")
                changed = True
    return name


def wiki_title(url: str) -> tuple[str, str] | None:
    m = re.match(r"^https?://(\w+)\.wikipedia\.org/wiki/(.+)$", url or "")
    if not m:
        return None
    return m.group(1), urllib.parse.unquote(m.group(2)).replace("_", " ")


def dbpedia(url: str) -> str | None:
    """http://dbpedia.org/resource/<English Wikipedia title>, as an IRI (unescaped)."""
    t = wiki_title(url)
    if not t or t[0] != "en":
        return None
    title = t[1].replace(" ", "_")
    # characters an IRI cannot hold stay escaped
    title = "".join(urllib.parse.quote(c) if c in '<>"{}|\\^`' else c for c in title)
    return "http://dbpedia.org/resource/" + title


class Company:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.isins: list[str] = []
        self.countries: list[str] = []
        self.industries: list[str] = []
        self.urls: list[str] = []
        self.indices: list[str] = []
        self.label = ""
        self.id = ""
        self.fallback_labels: list[str] = []
        self.aliases: dict[str, list[str]] = {"de": [], "en": []}
        self.country_code: str | None = None
        self.country: str | None = None
        self.isin: str | None = None
        self.industry: str | None = None
        self.same_as: list[str] = []


def merge(indices: dict) -> list[Company]:
    rows = []
    for index_name in sorted(indices):
        for c in indices[index_name]["companies"]:
            rows.append((index_name, fixed_row(index_name, c)))
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first: dict[str, int] = {}
    for i, (_, c) in enumerate(rows):
        over = OVERRIDES.get(c["name"], {})
        keys = ["name:" + fold(clean_space(c["name"]))]
        if not c.get("isins"):  # "Stabilus" (no ISIN) is "STABILUS SE"
            keys.append("short:" + fold(short_name(clean_space(c["name"]))))
        else:
            first.setdefault("short:" + fold(short_name(clean_space(c["name"]))), i)
        keys += ["isin:" + x for x in (c.get("isins") or []) if x not in over.get("drop_isins", [])]
        for k in keys:
            if k in first:
                union(first[k], i)
            else:
                first[k] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    companies = []
    for root in sorted(groups):
        co = Company()
        for i in groups[root]:
            index_name, c = rows[i]
            over = OVERRIDES.get(c["name"], {})
            name = nfc(clean_space(c["name"]))
            if name not in co.names:
                co.names.append(name)
            for x in c.get("isins") or []:
                if x not in co.isins and x not in over.get("drop_isins", []):
                    co.isins.append(x)
            if c.get("country"):
                co.countries.append(clean_space(str(c["country"])))
            for ind in c.get("industries") or []:
                ind = clean_space(str(ind).replace(" , ", ", "))
                if ind and fold(ind) not in {fold(x) for x in co.industries}:
                    co.industries.append(ind)
            url = (c.get("metadata") or {}).get("wikipedia_url")
            if url and url not in co.urls:
                co.urls.append(url)
            co.indices.append(index_name)
        companies.append(co)
    return companies


def country_code(text: str | None, names_to_code: dict[str, str], us_states: set[str]) -> str | None:
    if not text or text.lower() == "none":
        return None
    for part in [text] + [p.strip() for p in re.split(r"[;,]", text)][::-1]:
        code = names_to_code.get(fold(part))
        if code:
            return code
        if part in us_states:
            return "US"
    return None


def prepare(companies: list[Company], names_to_code: dict[str, str], us_states: set[str],
            is_common_word) -> None:
    for co in companies:
        over = {}
        for n in co.names:
            over.update(OVERRIDES.get(n, {}))
        primary = co.names[0]
        label = over.get("label") or short_name(primary)
        if not over.get("label") and is_common_word(label):
            label = short_name(primary, LEGAL_ONLY)
        co.label = nfc(label)
        fallbacks = [_PAREN.sub("", n).strip() for n in co.names]
        co.fallback_labels = [f for f in dict.fromkeys(fallbacks) if f != co.label]
        codes = [country_code(c, names_to_code, us_states) for c in co.countries]
        codes = [c for c in codes if c]
        code = over.get("country")
        if not code and codes:
            code = max(sorted(set(codes)), key=codes.count)
        co.country_code = code
        isins = sorted(co.isins)
        co.isin = over.get("isin") or next(
            (x for x in isins if code and x.startswith(code)),
            next((x for x in isins if not x.startswith("US")), isins[0] if isins else None),
        )
        co.industry = "; ".join(co.industries) if co.industries else None
        same = []
        for url in sorted(co.urls):
            same.append(url)
            d = dbpedia(url)
            if d:
                same.append(d)
        co.same_as = sorted(dict.fromkeys(same))
        lang = "de" if code in DACH_COUNTRIES else "en"
        candidates: list[tuple[str, str]] = []
        for n in co.names:
            stripped = _PAREN.sub("", n).strip()
            candidates.append((lang, stripped))
            short = short_name(n)
            if short != co.label and not over.get("label"):
                candidates.append((lang, short))
        for url in sorted(co.urls):
            t = wiki_title(url)
            if t:
                candidates.append(("de" if t[0] == "de" else "en", _PAREN.sub("", t[1]).strip()))
        for a in over.get("aliases", []):
            candidates.append(("de", a))
        seen = {fold(co.label)}
        for lang_, name in candidates:
            name = nfc(clean_space(name))
            if len(name) <= 2 or fold(name) in seen:
                continue
            seen.add(fold(name))
            co.aliases[lang_].append(name)
