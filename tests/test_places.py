"""Place names and event locations: coding/places.py on real sentences and ACLED notes."""
from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

import pytest

from eventpipe.coding import places
from eventpipe.coding.places import fold, gazetteer, loose_key, name_key

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def g():
    return gazetteer()


def where(g, text, **kwargs):
    loc = g.locate(text, **kwargs)
    return loc and (loc.country, loc.admin1, loc.name, loc.geo_precision)


# --- normalisation --------------------------------------------------------------------------------

def test_fold_and_keys():
    assert fold("Île-de-France") == "Ile-de-France"
    assert fold("Dar‘ā") == "Dara"
    assert name_key("Al-Hasakah") == name_key("Al Hasakah") == "al hasakah"
    assert name_key("St. Louis") == "st louis"
    assert loose_key(name_key("Al-Hasakeh")) == loose_key(name_key("Al Hasakah"))
    assert loose_key(name_key("Raqqa")) == loose_key(name_key("Raqqah"))
    assert loose_key(name_key("Deir ez-Zor")) == loose_key(name_key("Deir al Zor"))


# --- the brief's examples -------------------------------------------------------------------------

def test_parenthesised_district_and_state_acronym(g):
    country, admin1, name, precision = where(
        g, "On 15 May 2022, a protest was held at Katra city (Reasi district, J&K) against the government.")
    assert (country, admin1, name, precision) == ("IND", "Jammu and Kashmir", "Katra", 1)


def test_small_french_town(g):
    assert where(g, "Around 80 members of the Turkish and Kurdish communities fought each other in Drancy.") == (
        "FRA", "Ile-de-France", "Drancy", 1)


def test_town_qualified_by_its_department(g):
    country, admin1, name, _ = where(g, "On 8 June 2022, in Villa Yapacani (Santa Cruz), residents staged a demonstration.")
    assert (country, admin1, name) == ("BOL", "Santa Cruz", "Villa Yapacani")


def test_town_in_governorate_countryside(g):
    country, admin1, name, precision = where(g, "Turkish forces shelled Tawileh town in Al Hasakeh countryside.")
    assert (country, admin1) == ("SYR", "Al Hasakeh")
    assert name == "Tawileh" and precision == 1


def test_region_forms(g):
    assert where(g, "Russian forces shelled villages in Kharkiv region overnight.")[:2] == ("UKR", "Kharkiv")
    assert where(g, "Russian forces shelled villages in Kharkiv region overnight.")[3] == 3
    assert where(g, "Heavy shelling was reported in Donetsk oblast.")[:2] == ("UKR", "Donetsk")
    assert where(g, "Militants attacked a checkpoint in Idlib governorate.")[0] == "SYR"
    assert where(g, "Gunmen abducted ten farmers in Zamfara state.")[0] == "NGA"
    assert where(g, "A bomb exploded in Kandahar province.")[:2] == ("AFG", "Kandahar")


def test_sochi_and_over_kharkiv(g):
    assert where(g, "A drone attack hit an oil depot in Sochi.")[0] == "RUS"
    assert where(g, "Air defences shot down 12 drones over Kharkiv on Tuesday.") == ("UKR", "Kharkiv", "Kharkiv", 1)


@pytest.mark.parametrize("variant,country,admin1", [
    ("Kyiv", "UKR", "Kyiv City"), ("Kiev", "UKR", "Kyiv City"),
    ("Kharkiv", "UKR", "Kharkiv"), ("Kharkov", "UKR", "Kharkiv"),
    ("Mykolaiv", "UKR", "Mykolaiv"), ("Nikolaev", "UKR", "Mykolaiv"),
    ("Zaporizhzhia", "UKR", "Zaporizhia"), ("Zaporozhye", "UKR", "Zaporizhia"),
    ("Al-Hasakah", "SYR", "Al Hasakeh"), ("Hasakah", "SYR", "Al Hasakeh"),
    ("Donetsk", "UKR", "Donetsk"),
])
def test_transliteration_variants(g, variant, country, admin1):
    loc = g.locate(f"Explosions were heard in {variant} on Sunday night.")
    assert (loc.country, loc.admin1, loc.geo_precision) == (country, admin1, 1)


def test_near_and_outskirts_are_precision_2(g):
    assert where(g, "Fighting continued on the outskirts of Bakhmut.")[::3] == ("UKR", 2)
    assert where(g, "Clashes were reported near Avdiivka.")[::3] == ("UKR", 2)


def test_palestinian_territories(g):
    assert where(g, "Israeli forces raided a house in the Gaza Strip.")[:2] == ("PSE", "Gaza Strip")
    assert where(g, "Settlers attacked a village in the West Bank.")[:2] == ("PSE", "West Bank")
    assert where(g, "Police detained two men in East Jerusalem.")[0] == "PSE"


# --- adversarial ----------------------------------------------------------------------------------

def test_georgia_state_or_country_by_context(g):
    assert where(g, "Protesters gathered in Atlanta, Georgia.")[:2] == ("USA", "Georgia")
    assert where(g, "Students walked out of classes in Savannah, Georgia.")[0] == "USA"
    assert where(g, "Protesters gathered in Tbilisi, Georgia.")[0] == "GEO"
    assert where(g, "Thousands rallied in Georgia against the foreign agents law.")[0] == "GEO"


def test_paris_texas_and_paris(g):
    assert where(g, "A tornado hit Paris, Texas.")[:3] == ("USA", "Texas", "Paris")
    assert where(g, "Farmers blocked roads in Paris.")[:2] == ("FRA", "Ile-de-France")


def test_actor_capital_is_found_but_not_the_place(g):
    text = "Washington said on Monday that it would send more air defence systems after strikes in Kyiv."
    assert [m.text for m in g.find(text)] == ["Washington", "Kyiv"]
    assert g.find(text)[0].location.country == "USA"
    assert where(g, text)[0] == "UKR"


def test_find_reports_offsets_in_order(g):
    text = "Shelling hit Kherson and Mykolaiv, officials in Odesa said."
    found = g.find(text)
    assert [m.text for m in found] == ["Kherson", "Mykolaiv", "Odesa"]
    for m in found:
        assert text[m.char_start:m.char_end] == m.text
        assert m.location.country == "UKR"


@pytest.mark.parametrize("text", [
    "Police said the Mobile phone network was down.",
    "The Best and brightest were at the Bar on Friday.",
    "Un diplomats met Of the officials.",
    "Marshall said the plan would work.",
    "SEDES officials and the UN envoy spoke in May.",
    "Drone strikes continued, the governor said.",
])
def test_common_words_and_names_are_not_places(g, text):
    assert g.find(text) == []
    assert g.locate(text) is None


def test_common_word_town_after_preposition(g):
    assert where(g, "Thousands marched in Split on Saturday.")[0] == "HRV"
    assert where(g, "A protest was held in Mobile, Alabama.")[:2] == ("USA", "Alabama")


def test_near_prefers_place_closest_to_trigger(g):
    text = "Officials in Kyiv said a missile struck Odesa overnight."
    assert g.locate(text, near=text.index("struck")).name == "Odesa"


def test_country_hints_break_ties(g):
    text = "Workers protested in Santa Maria on Monday."
    assert g.locate(text, country_hints=["PHL"]).country == "PHL"
    assert g.locate(text, country_hints=["BRA"]).country == "BRA"


def test_country_location(g):
    loc = g.country("UKR")
    assert (loc.country, loc.geo_precision, loc.admin1) == ("UKR", 3, None)
    assert loc.name == "Ukraine"


def test_no_place(g):
    assert g.locate("The minister said talks would resume next week.") is None
    assert g.find("") == []


# --- the disk cache -------------------------------------------------------------------------------

def _tiny_index() -> places._Index:
    return places._Index(
        name=["Ukraine", "Kharkiv"], country=["UKR", "UKR"], admin1=[-1, -1], kind=[places.COUNTRY, places.CITY],
        population=[40_000_000, 1_400_000], lat=[49.0, 50.0], lon=[31.0, 36.2],
        names={"ukraine": (0,), "kharkiv": (1,)}, loose={}, loose_first={}, acronyms={},
        first_words={"ukraine": 1, "kharkiv": 1}, common=frozenset(), never=frozenset(), adjectives={})


def test_cache_is_written_read_and_rebuilt_when_corrupt(tmp_path, monkeypatch):
    builds = []
    monkeypatch.setenv("EVENTPIPE_CACHE", str(tmp_path))
    monkeypatch.setattr(places, "_build_index", lambda: builds.append(1) or _tiny_index())
    first = places._load_index()
    files = list(tmp_path.glob("places-*.pickle"))
    assert len(files) == 1 and len(builds) == 1
    second = places._load_index()
    assert len(builds) == 1 and second.names == first.names
    files[0].write_bytes(b"not a pickle")
    third = places._load_index()
    assert len(builds) == 2 and third.names == first.names
    assert isinstance(pickle.loads(files[0].read_bytes()), places._Index)
    assert places.Gazetteer(third).locate("Shelling in Kharkiv.").country == "UKR"


def test_unwritable_cache_falls_back_to_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("EVENTPIPE_CACHE", str(blocker / "cache"))
    monkeypatch.setattr(places, "_build_index", _tiny_index)
    assert places._load_index().names["kharkiv"] == (1,)


# --- the ACLED development notes ------------------------------------------------------------------

@pytest.mark.slow
def test_acled_dev_country_accuracy(g):
    gold = SHARED / "gold" / "acled_dev.csv"
    if not gold.exists():
        pytest.skip("../shared is not here")
    iso = json.loads((SHARED / "tools" / "iso_numeric_to_alpha3.json").read_text())
    with gold.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hits = 0
    for row in rows:
        loc = g.locate(row["notes"])
        hits += loc is not None and loc.country == iso.get(str(int(float(row["iso"] or 0))))
    assert hits / len(rows) >= 0.95
