"""data/actors/people.yaml: valid Person entries, unambiguous names, one holder per office at a time,
and dates of office that are a matter of record."""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest
import yaml
from pydantic import ValidationError

from eventpipe.schemas import Person

PEOPLE_FILE = Path(__file__).resolve().parents[1] / "data" / "actors" / "people.yaml"

# Offices that several people hold at once, so overlapping terms are expected.
SHARED_TITLES = {"Deputy Foreign Minister", "Presidential Aide"}

HEAD_TITLES = {"President", "Prime Minister", "Chancellor", "Premier", "King", "Queen", "Emperor"}
FOREIGN_TITLES = {"Foreign Minister", "Secretary of State", "Foreign Secretary", "External Affairs Minister"}
DEFENCE_TITLES = {"Defence Minister", "Secretary of Defense", "Acting Secretary of Defense", "Defence Secretary"}
BODIES = {"EUR", "NATO", "UNO", "AFR"}  # the EU, NATO, the UN system, the African Union
G20_STATES = ["ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS",
              "SAU", "ZAF", "KOR", "TUR", "GBR", "USA"]


@functools.cache
def raw_entries() -> list[dict]:
    entries = yaml.safe_load(PEOPLE_FILE.read_text(encoding="utf-8"))
    assert isinstance(entries, list), f"{PEOPLE_FILE}: expected a YAML list of people"
    return entries


@functools.cache
def people() -> tuple[Person, ...]:
    return tuple(Person.model_validate(entry) for entry in raw_entries())


@functools.cache
def by_term() -> dict[str, Person]:
    """Every name and alias, case-folded, to its person (uniqueness is tested separately)."""
    return {term.casefold(): person for person in people() for term in (person.name, *person.aliases)}


def person(term: str) -> Person:
    return by_term()[term.casefold()]


def holders(title: str | set[str], country: str, day: dt.date) -> set[str]:
    titles = {title} if isinstance(title, str) else title
    return {p.id for p in people() for r in p.roles
            if r.title in titles and r.country == country and r.holds_on(day)}


def test_every_entry_is_a_valid_person():
    problems = []
    for index, entry in enumerate(raw_entries()):
        try:
            Person.model_validate(entry)
        except ValidationError as error:
            label = entry.get("id", "?") if isinstance(entry, dict) else "?"
            problems.append(f"entry {index} ({label}): {error}")
    assert not problems, "\n".join(problems)


def test_ids_are_unique():
    seen: dict[str, int] = {}
    repeated = [f"{p.id} (entries {seen[p.id]} and {i})" for i, p in enumerate(people())
                if seen.setdefault(p.id, i) != i]
    assert not repeated, repeated


def test_each_name_and_alias_belongs_to_one_person():
    owners: dict[str, list[str]] = defaultdict(list)
    for p in people():
        for term in (p.name, *p.aliases):
            owners[term.casefold()].append(p.id)
    shared = {term: ids for term, ids in owners.items() if len(ids) > 1}
    assert not shared, shared


def test_aliases_are_trimmed_and_non_empty():
    bad = [(p.id, a) for p in people() for a in (p.name, *p.aliases) if not a or a != a.strip()]
    assert not bad, bad


def test_countries_are_iso_codes_or_bodies():
    iso = {country.alpha_3 for country in pycountry.countries}
    bad = sorted({(p.id, code) for p in people() for code in (p.country, *(r.country for r in p.roles))
                  if code not in iso and code not in BODIES})
    assert not bad, bad


def test_no_role_ends_before_it_starts():
    bad = [(p.id, r.title, r.start, r.end) for p in people() for r in p.roles
           if r.end is not None and r.end <= r.start]
    assert not bad, bad


def test_one_holder_per_office_at_a_time():
    """Terms of one office follow each other; the successor may start on the day the predecessor ends."""
    terms = defaultdict(list)
    for p in people():
        for r in p.roles:
            if r.title not in SHARED_TITLES:
                terms[(r.country, r.title)].append((r.start, r.end or dt.date.max, p.id))
    overlaps = []
    for office, spans in terms.items():
        spans.sort()
        for (_, end, before), (start, _, after) in zip(spans, spans[1:]):
            if start < end:
                overlaps.append(f"{office}: {before} until {end}, {after} from {start}")
    assert not overlaps, "\n".join(overlaps)


@pytest.mark.parametrize("day", [dt.date(2017, 7, 1), dt.date(2021, 7, 1), dt.date(2025, 9, 1)])
@pytest.mark.parametrize("office", ["head", "foreign", "defence"])
def test_every_g20_state_has_its_offices_filled(office, day):
    titles = {"head": HEAD_TITLES, "foreign": FOREIGN_TITLES, "defence": DEFENCE_TITLES}[office]
    empty = [state for state in G20_STATES if not holders(titles, state, day)]
    assert not empty, f"no {office} of state/government or minister on {day}: {empty}"


@pytest.mark.parametrize(("term", "title", "country", "day", "holds"), [
    ("Trump", "President", "USA", dt.date(2019, 6, 1), True),
    ("Trump", "President", "USA", dt.date(2025, 5, 19), True),
    ("Trump", "President", "USA", dt.date(2022, 5, 19), False),
    ("Biden", "President", "USA", dt.date(2023, 1, 1), True),
    ("Biden", "President", "USA", dt.date(2025, 5, 19), False),
    ("Merz", "Chancellor", "DEU", dt.date(2025, 5, 19), True),
    ("Merz", "Chancellor", "DEU", dt.date(2025, 5, 5), False),
    ("Scholz", "Chancellor", "DEU", dt.date(2025, 5, 1), True),
    ("Scholz", "Chancellor", "DEU", dt.date(2025, 5, 6), False),
    ("Starmer", "Prime Minister", "GBR", dt.date(2024, 7, 5), True),
    ("Sunak", "Prime Minister", "GBR", dt.date(2024, 7, 1), True),
    ("Sunak", "Prime Minister", "GBR", dt.date(2024, 7, 5), False),
    ("Zelenskyy", "President", "UKR", dt.date(2019, 5, 20), True),
    ("Zelensky", "President", "UKR", dt.date(2019, 5, 19), False),
    ("Poroshenko", "President", "UKR", dt.date(2019, 5, 19), True),
    ("Stubb", "President", "FIN", dt.date(2024, 3, 1), True),
    ("Niinistö", "President", "FIN", dt.date(2024, 3, 1), False),
    ("Niinisto", "President", "FIN", dt.date(2024, 2, 29), True),
])
def test_known_dates_of_office(term, title, country, day, holds):
    assert (person(term).id in holders(title, country, day)) is holds


@pytest.mark.parametrize(("term", "title", "country", "start"), [
    ("Merz", "Chancellor", "DEU", dt.date(2025, 5, 6)),
    ("Starmer", "Prime Minister", "GBR", dt.date(2024, 7, 5)),
    ("Zelensky", "President", "UKR", dt.date(2019, 5, 20)),
    ("Stubb", "President", "FIN", dt.date(2024, 3, 1)),
])
def test_known_first_days_in_office(term, title, country, start):
    assert any(r.start == start for r in person(term).roles if (r.title, r.country) == (title, country))


def test_the_event_date_picks_the_role():
    """A text calling Trump "former president" on 2025-05-19 still gets the sitting president."""
    trump = person("Donald J. Trump")
    assert trump.role_on(dt.date(2022, 5, 19)) is None
    role = trump.role_on(dt.date(2025, 5, 19))
    assert role is not None and (role.title, role.country, role.sector) == ("President", "USA", "GOV")


def test_spellings_in_the_news_resolve():
    assert {person(t).id for t in ("Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelensky")} == \
        {person("Zelensky").id}
    assert person("Erdogan") == person("Erdoğan")
    assert person("Xi") == person("Xi Jinping")
    assert person("MBS") == person("Mohammed bin Salman")
    for ambiguous in ("Sharif", "Johnson", "Kim", "Lee", "Khan", "Li", "Wang"):
        assert ambiguous.casefold() not in by_term(), f"{ambiguous!r} names more than one person in the news"


def test_armed_groups_leaders_act_for_their_territory():
    for term, country in [("Haniyeh", "PSE"), ("Sinwar", "PSE"), ("Nasrallah", "LBN"), ("Naim Qassem", "LBN")]:
        leader = person(term)
        assert leader.country == country and {r.sector for r in leader.roles} == {"REB"}, leader.id
