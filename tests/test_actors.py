"""Actors: the dictionaries under data/actors and the finder that composes them in a sentence."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pycountry
import pytest
import yaml

from eventpipe.coding.actors import (
    ActorDataError,
    ActorFinder,
    actor_finder,
    load_actor_dictionary,
)
from eventpipe.coding.text import english, split_sentences
from eventpipe.schemas import Person, Role

DATA = Path(__file__).resolve().parents[1] / "data" / "actors"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# The 193 member states of the United Nations (ISO 3166-1 alpha-3).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN
BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA
DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND
HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC
NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP
SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO
TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()
OBSERVERS_AND_DISPUTED = {"PSE", "VAT", "XKX", "TWN", "ESH"}


def _role(title, country, start, end=None, sector="GOV"):
    return Role(title=title, country=country, sector=sector, start=dt.date.fromisoformat(start),
                end=dt.date.fromisoformat(end) if end else None)


# Dates of office, so that the dated-role tests do not depend on the state of people.yaml.
PEOPLE = (
    Person(id="donald_trump", name="Donald Trump", aliases=["Trump"], country="USA", roles=[
        _role("President", "USA", "2017-01-20", "2021-01-20"), _role("President", "USA", "2025-01-20")]),
    Person(id="joe_biden", name="Joe Biden", aliases=["Biden"], country="USA", roles=[
        _role("Vice President", "USA", "2009-01-20", "2017-01-20"),
        _role("President", "USA", "2021-01-20", "2025-01-20")]),
    Person(id="volodymyr_zelensky", name="Volodymyr Zelensky", aliases=["Zelensky", "Zelenskyy"], country="UKR",
           roles=[_role("President", "UKR", "2019-05-20")]),
    Person(id="vladimir_putin", name="Vladimir Putin", aliases=["Putin"], country="RUS", roles=[
        _role("President", "RUS", "2000-05-07", "2008-05-07"),
        _role("Prime Minister", "RUS", "2008-05-08", "2012-05-07"), _role("President", "RUS", "2012-05-07")]),
    Person(id="friedrich_merz", name="Friedrich Merz", aliases=["Merz"], country="DEU",
           roles=[_role("Chancellor", "DEU", "2025-05-06")]),
    Person(id="olaf_scholz", name="Olaf Scholz", aliases=["Scholz"], country="DEU", roles=[
        _role("Finance Minister", "DEU", "2018-03-14", "2021-12-08"),
        _role("Chancellor", "DEU", "2021-12-08", "2025-05-06")]),
    Person(id="keir_starmer", name="Keir Starmer", aliases=["Starmer"], country="GBR",
           roles=[_role("Prime Minister", "GBR", "2024-07-05")]),
    Person(id="rishi_sunak", name="Rishi Sunak", aliases=["Sunak"], country="GBR", roles=[
        _role("Chancellor of the Exchequer", "GBR", "2020-02-13", "2022-07-05"),
        _role("Prime Minister", "GBR", "2022-10-25", "2024-07-05")]),
)


@pytest.fixture(scope="module")
def finder() -> ActorFinder:
    """The real countries, organisations and agents with the people above."""
    return ActorFinder(english(), dataclasses.replace(load_actor_dictionary(), people=PEOPLE))


def found(finder: ActorFinder, text: str, day: dt.date | None = dt.date(2025, 5, 20)) -> list[tuple[str, str, str]]:
    """(text, code, kind) of every actor mention in the text's sentences."""
    result = []
    for sentence in next(split_sentences([text])):
        result += [(m.text, m.actor.code, m.kind) for m in finder.find(sentence.span, day)]
    return result


def codes(finder: ActorFinder, text: str, day: dt.date | None = dt.date(2025, 5, 20)) -> dict[str, str]:
    return {text: code for text, code, _ in found(finder, text, day)}


# --- the data -----------------------------------------------------------------------------------------

def test_the_un_member_list_has_193_iso_codes():
    assert len(set(UN_MEMBERS)) == 193
    assert all(pycountry.countries.get(alpha_3=code) for code in UN_MEMBERS)


def test_every_un_member_and_the_five_others_are_in_the_dictionary():
    listed = {c.code for c in load_actor_dictionary().countries}
    assert set(UN_MEMBERS) - listed == set()
    assert listed - set(UN_MEMBERS) == OBSERVERS_AND_DISPUTED


def test_country_codes_are_iso_alpha3_except_kosovo():
    for country in load_actor_dictionary().countries:
        assert country.code == "XKX" or pycountry.countries.get(alpha_3=country.code), country.code


def test_every_country_name_and_other_name_is_found_as_that_country(finder):
    for country in load_actor_dictionary().countries:
        for name in (country.name, *country.names):
            result = found(finder, f"Talks with {name} ended on Monday.")
            assert [(code, kind) for _, code, kind in result] == [(country.code, "country")], name


def test_every_adjective_with_officials_is_that_government(finder):
    for country in load_actor_dictionary().countries:
        for adjective in country.adjectives:
            assert codes(finder, f"{adjective} officials said talks would resume.") == {
                f"{adjective} officials": country.code + "GOV"}, adjective


def test_every_capital_and_seat_of_power_speaks_for_its_state(finder):
    for country in load_actor_dictionary().countries:
        for capital in country.capitals:
            text = f"Officials said that {capital} rejected the proposal."
            assert list(codes(finder, text).values())[-1] == country.code + "GOV", capital
        for seat, sector in country.metonyms.items():
            text = f"Officials said that {seat} rejected the proposal."
            assert list(codes(finder, text).values())[-1] == country.code + sector, seat


def test_real_dictionary_loads_with_people_when_present_and_is_cached():
    dictionary = load_actor_dictionary()
    assert dictionary is load_actor_dictionary(DATA)
    assert len(dictionary.people) == (len(yaml.safe_load((DATA / "people.yaml").read_text()) or [])
                                      if (DATA / "people.yaml").exists() else 0)


# --- composition: the examples -------------------------------------------------------------------

@pytest.mark.parametrize("text, phrase, code, kind", [
    ("Russian President Vladimir Putin spoke by phone.", "Russian President Vladimir Putin", "RUSGOV", "person"),
    ("Russian forces shelled the town.", "Russian forces", "RUSMIL", "agent"),
    ("According to Ukraine's Air Force, 93 drones were downed.", "Ukraine's Air Force", "UKRMIL", "agent"),
    ("According to Ukraine’s Air Force, 93 drones were downed.", "Ukraine’s Air Force", "UKRMIL", "agent"),
    ("Ukrainian officials have called for a ceasefire.", "Ukrainian officials", "UKRGOV", "agent"),
    ("European leaders opted to ramp up sanctions.", "European leaders", "EURGOV", "agent"),
    ("The U.S. Department of Defense halted shipments.", "U.S. Department of Defense", "USAMIL", "agent"),
    ("According to Kremlin aide Yury Ushakov, no timeline was set.", "Kremlin aide Yury Ushakov", "RUSGOV", "person"),
    ("Zelensky's advisor Mykhailo Podolyak said the call failed.", "Zelensky's advisor Mykhailo Podolyak",
     "UKRGOV", "person"),
    ("German Chancellor Friedrich Merz confirmed the move.", "German Chancellor Friedrich Merz", "DEUGOV", "person"),
    ("He spoke with Finnish President Alexander Stubb.", "Finnish President Alexander Stubb", "FINGOV", "person"),
    ("The Foreign Ministry of Ukraine protested.", "Foreign Ministry of Ukraine", "UKRGOV", "agent"),
    ("Ukraine's Foreign Ministry warned of escalation.", "Ukraine's Foreign Ministry", "UKRGOV", "agent"),
    ("Myanmar military forces attacked the village.", "Myanmar military forces", "MMRMIL", "agent"),
    ("Israeli airstrikes killed six people.", "Israeli", "ISR", "adjective"),
    ("Russian Deputy Foreign Minister Sergei Ryabkov said so.", "Russian Deputy Foreign Minister Sergei Ryabkov",
     "RUSGOV", "person"),
    ("Kremlin spokesman Dmitry Peskov said Russia was ready.", "Kremlin spokesman Dmitry Peskov", "RUSGOV", "person"),
    ("Pentagon officials confirmed the pause.", "Pentagon officials", "USAMIL", "metonym"),
    ("The Trump administration imposed tariffs.", "Trump administration", "USAGOV", "agent"),
    ("Russia's Defence Ministry spokesman said so.", "Russia's Defence Ministry spokesman", "RUSMIL", "agent"),
    ("Russian occupation forces shelled Kherson.", "Russian occupation forces", "RUSMIL", "agent"),
    ("The IDF said Hamas fighters fired rockets.", "Hamas fighters", "PSEREB", "organization"),
    ("EU officials met in Brussels.", "EU officials", "EURGOV", "agent"),
    ("NATO forces held exercises.", "NATO forces", "NATOMIL", "agent"),
    ("G7 leaders agreed on a statement.", "G7 leaders", "IGOG7", "organization"),
    ("The leaders of France met.", "leaders of France", "FRAGOV", "agent"),
])
def test_compounds_are_one_mention(finder, text, phrase, code, kind):
    assert (phrase, code, kind) in found(finder, text)


@pytest.mark.parametrize("text, phrase, code", [
    ("The Kremlin said talks would continue.", "Kremlin", "RUSGOV"),
    ("The White House said talks would continue.", "White House", "USAGOV"),
    ("The Pentagon said the shipments were paused.", "Pentagon", "USAMIL"),
    ("Downing Street said talks would continue.", "Downing Street", "GBRGOV"),
    ("The Elysee said talks would continue.", "Elysee", "FRAGOV"),
    ("The Élysée said talks would continue.", "Élysée", "FRAGOV"),
    ("Zhongnanhai said talks would continue.", "Zhongnanhai", "CHNGOV"),
    ("Bankova said talks would continue.", "Bankova", "UKRGOV"),
    ("The State Department said talks would continue.", "State Department", "USAGOV"),
    ("Foggy Bottom said talks would continue.", "Foggy Bottom", "USAGOV"),
    ("Moscow said talks would continue.", "Moscow", "RUSGOV"),
    ("Kiev said talks would continue.", "Kiev", "UKRGOV"),
    ("Jerusalem said talks would continue.", "Jerusalem", "ISRGOV"),
    ("Brussels said talks would continue.", "Brussels", "EUR"),
    ("The European Union said talks would continue.", "European Union", "EUR"),
    ("The European Commission proposed sanctions.", "European Commission", "EURGOV"),
    ("The United Nations said talks would continue.", "United Nations", "UNO"),
    ("The UN Security Council met.", "UN Security Council", "UNO"),
    ("NATO said talks would continue.", "NATO", "NATO"),
    ("The African Union said talks would continue.", "African Union", "IGOAU"),
    ("The IRGC said talks would continue.", "IRGC", "IRNMIL"),
    ("The IDF said talks would continue.", "IDF", "ISRMIL"),
    ("The FSB said it detained a man.", "FSB", "RUSSPY"),
    ("The SBU said it detained a man.", "SBU", "UKRSPY"),
    ("The Houthis said they fired missiles.", "Houthis", "YEMREB"),
    ("Ansar Allah said it fired missiles.", "Ansar Allah", "YEMREB"),
    ("The RSF shelled El Fasher.", "RSF", "SDNREB"),
    ("The Rapid Support Forces shelled El Fasher.", "Rapid Support Forces", "SDNREB"),
    ("Hezbollah fired rockets.", "Hezbollah", "LBNREB"),
    ("Wagner fighters withdrew.", "Wagner fighters", "RUSMIL"),
    ("Islamic State claimed the attack.", "Islamic State", "ISIS"),
    ("Daesh claimed the attack.", "Daesh", "ISIS"),
    ("The Sinaloa cartel denied it.", "Sinaloa cartel", "MEXCRM"),
    ("Türkiye said talks would continue.", "Türkiye", "TUR"),
    ("Turkey said talks would continue.", "Turkey", "TUR"),
    ("Burma said talks would continue.", "Burma", "MMR"),
    ("The DRC said talks would continue.", "DRC", "COD"),
    ("Ivory Coast said talks would continue.", "Ivory Coast", "CIV"),
    ("The US said talks would continue.", "US", "USA"),
    ("America said talks would continue.", "America", "USA"),
    ("Britain said talks would continue.", "Britain", "GBR"),
    ("The People’s Liberation Army held drills.", "People’s Liberation Army", "CHNMIL"),
    ("Côte d’Ivoire said talks would continue.", "Côte d’Ivoire", "CIV"),
])
def test_names_metonyms_and_organizations(finder, text, phrase, code):
    assert codes(finder, text).get(phrase) == code


def test_country_less_agents_leave_the_country_to_the_coder(finder):
    [mention] = actor_finder().find(next(split_sentences(["Police fired tear gas."]))[0].span, None)
    assert (mention.actor.code, mention.actor.country, mention.actor.sector) == ("COP", None, "COP")
    assert codes(finder, "Protesters marched while security forces watched.") == {
        "Protesters": "OPP", "security forces": "COP"}


def test_eur_actor_fields(finder):
    [sentence] = next(split_sentences(["European leaders agreed."]))
    [mention] = finder.find(sentence.span, None)
    assert (mention.actor.country, mention.actor.sector, mention.actor.name) == ("EUR", "GOV", "European Union")


# --- dated roles ----------------------------------------------------------------------------------------

ROLE_CASES = [
    ("Donald Trump spoke.", "Donald Trump", "2019-06-01", "USAGOV"),
    ("Donald Trump spoke.", "Donald Trump", "2022-05-19", "USAELI"),
    ("Donald Trump spoke.", "Donald Trump", "2025-05-19", "USAGOV"),
    ("Former U.S. President Donald Trump spoke.", "U.S. President Donald Trump", "2025-05-19", "USAGOV"),
    ("Former U.S. President Donald Trump spoke.", "U.S. President Donald Trump", "2022-05-19", "USAELI"),
    ("Joe Biden spoke.", "Joe Biden", "2023-03-01", "USAGOV"),
    ("President Joe Biden spoke.", "President Joe Biden", "2025-05-19", "USAELI"),
    ("Volodymyr Zelensky spoke.", "Volodymyr Zelensky", "2018-01-01", "UKRELI"),
    ("Volodymyr Zelensky spoke.", "Volodymyr Zelensky", "2022-03-01", "UKRGOV"),
    ("Vladimir Putin spoke.", "Vladimir Putin", "2010-01-01", "RUSGOV"),
    ("Vladimir Putin spoke.", "Vladimir Putin", "2025-05-19", "RUSGOV"),
    ("Friedrich Merz spoke.", "Friedrich Merz", "2025-05-05", "DEUELI"),
    ("Friedrich Merz spoke.", "Friedrich Merz", "2025-05-06", "DEUGOV"),
    ("Olaf Scholz spoke.", "Olaf Scholz", "2025-05-05", "DEUGOV"),
    ("German Chancellor Olaf Scholz spoke.", "German Chancellor Olaf Scholz", "2025-05-06", "DEUELI"),
    ("Keir Starmer spoke.", "Keir Starmer", "2024-07-04", "GBRELI"),
    ("Keir Starmer spoke.", "Keir Starmer", "2024-07-05", "GBRGOV"),
    ("Rishi Sunak spoke.", "Rishi Sunak", "2024-07-04", "GBRGOV"),
    ("Rishi Sunak spoke.", "Rishi Sunak", "2024-07-05", "GBRELI"),
]


@pytest.mark.parametrize("text, phrase, day, code", ROLE_CASES)
def test_the_event_date_selects_the_role(finder, text, phrase, day, code):
    assert codes(finder, text, dt.date.fromisoformat(day)).get(phrase) == code


@pytest.mark.parametrize("text, phrase, day, code", [case for case in ROLE_CASES if case[2] >= "2017"])
def test_people_yaml_agrees_on_dates_of_office(text, phrase, day, code):
    """The same facts against data/actors/people.yaml, for the people it lists (it covers 2017 on)."""
    mentions = [m for s in next(split_sentences([text]))
                for m in actor_finder().find(s.span, dt.date.fromisoformat(day)) if m.text == phrase]
    if not mentions or mentions[0].kind != "person" or not any(
            p.name in phrase for p in actor_finder().dictionary.people):
        pytest.skip(f"{phrase} is not in people.yaml")
    assert mentions[0].actor.code == code


def test_without_a_date_the_most_recent_role_counts(finder):
    assert codes(finder, "Vladimir Putin spoke.", None) == {"Vladimir Putin": "RUSGOV"}
    assert codes(finder, "Joe Biden spoke.", None) == {"Joe Biden": "USAGOV"}
    assert codes(finder, "Rishi Sunak spoke.", None) == {"Rishi Sunak": "GBRGOV"}


def test_a_known_person_after_a_title_of_another_state_keeps_their_own_role(finder):
    assert codes(finder, "Ukrainian President Vladimir Putin spoke.", dt.date(2025, 1, 1)) == {
        "Ukrainian President Vladimir Putin": "RUSGOV"}


# --- not actors -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Russia launched 108 Iranian-made drones.", {"Russia": "RUS"}),
    ("The U.S.-built missiles hit Soviet-era barracks.", {}),
    ("Russian-speaking residents fled.", {"residents": "CVL"}),
    ("Russia-backed separatists fired.", {"separatists": "SEP"}),
    ("Iranian-backed Houthis attacked a ship.", {"Houthis": "YEMREB"}),
    ("Pro-Russian separatists fired.", {"separatists": "SEP"}),
    ("They drank Turkish coffee.", {}),
    ("Let us talk about it.", {}),
    ("He bought china plates.", {}),
    ("Police in Atlanta, Georgia, arrested him.", {"Police": "COP"}),
    ("Jordan Bardella met Michael Jordan.", {}),
    ("Chad Smith drummed.", {}),
    ("He flew to New Mexico and Northern Ireland.", {}),
    ("The Washington Post reported it.", {}),
    ("American Airlines cancelled flights.", {}),
    ("They use the Russian language.", {}),
])
def test_modifiers_and_look_alikes_are_not_actors(finder, text, expected):
    assert codes(finder, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Jordan and Chad signed a deal with Georgia.", {"Jordan": "JOR", "Chad": "TCD", "Georgia": "GEO"}),
    ("China said it would respond.", {"China": "CHN"}),
    ("Russia Launches 108 Drones at Ukraine Overnight", {"Russia": "RUS", "Ukraine": "UKR"}),
    ("On Monday, Russia attacked Ukraine.", {"Russia": "RUS", "Ukraine": "UKR"}),
    ("The Russia-Ukraine talks stalled.", {"Russia": "RUS", "Ukraine": "UKR"}),
    ("The Trump–Putin call failed.", {"Trump": "USAGOV", "Putin": "RUSGOV"}),
])
def test_ambiguous_names_in_plain_use_are_actors(finder, text, expected):
    assert codes(finder, text) == expected


# --- shape of the output ------------------------------------------------------------------------------------

def test_mentions_are_doc_token_spans_in_order_without_overlap(finder):
    text = ("Officials met. Ukrainian officials said Russian forces, backed by Kremlin aide Yury Ushakov, "
            "attacked U.S. officials and European leaders in Kyiv.")
    sentences = next(split_sentences([text]))
    mentions = finder.find(sentences[-1].span, dt.date(2025, 5, 20))
    assert [m.text for m in mentions] == [
        "Ukrainian officials", "Russian forces", "Kremlin aide Yury Ushakov", "U.S. officials",
        "European leaders", "Kyiv"]
    doc = sentences[-1].span.doc
    for m in mentions:
        assert doc[m.start:m.end].text == m.text
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_seed_articles_find_their_actors():
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not here")
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt")))
    found_codes = {m.actor.code for s in next(split_sentences([text]))
                   for m in actor_finder().find(s.span, dt.date(2025, 5, 20))}
    assert {"USAGOV", "RUSGOV", "UKRGOV", "UKRMIL", "USAMIL", "EURGOV", "RUS", "UKR"} <= found_codes


# --- validation ----------------------------------------------------------------------------------------------

@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in ("countries.yaml", "organizations.yaml", "agents.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def _append(path: Path, entry: dict) -> None:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    path.write_text(yaml.safe_dump(entries + [entry], allow_unicode=True), encoding="utf-8")


def test_loads_without_people_yaml_and_with_an_empty_one(data_copy):
    assert load_actor_dictionary(data_copy).people == ()
    (data_copy / "people.yaml").write_text("", encoding="utf-8")
    other = data_copy / "other"
    shutil.copytree(data_copy, other)
    assert load_actor_dictionary(other).people == ()


def test_a_bad_country_entry_is_named_with_its_file_and_number(data_copy):
    count = len(yaml.safe_load((data_copy / "countries.yaml").read_text(encoding="utf-8")))
    _append(data_copy / "countries.yaml", {"code": "Xy1", "name": "Nowhere"})
    with pytest.raises(ActorDataError, match=rf"countries\.yaml: entry {count + 1} \(Xy1\): code"):
        load_actor_dictionary(data_copy)


def test_a_name_claimed_twice_names_both_entries(data_copy):
    _append(data_copy / "organizations.yaml", {
        "code": "FAKE", "name": "Fake Front", "names": ["Georgia"], "kind": "armed_group",
        "country": "GEO", "sector": "REB"})
    with pytest.raises(ActorDataError, match=r"organizations\.yaml: entry FAKE: the name 'Georgia' is already "
                                             r"countries\.yaml entry GEO's"):
        load_actor_dictionary(data_copy)


def test_a_person_with_a_role_ending_before_it_starts_is_named(data_copy):
    (data_copy / "people.yaml").write_text(
        "- id: someone\n  name: Some One\n  country: FRA\n  roles:\n"
        "    - {title: President, country: FRA, start: 2020-01-01, end: 2019-01-01}\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match=r"people\.yaml: entry 1 \(someone\): .*ends 2019-01-01 before"):
        load_actor_dictionary(data_copy)


def test_agent_words_must_be_lower_case_and_in_one_sector(data_copy):
    agents = data_copy / "agents.yaml"
    original = agents.read_text(encoding="utf-8")
    agents.write_text(original + "\n- {sector: GOV, words: [Troops]}\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match=r"agents\.yaml: entry \d+ \(GOV\): 'Troops' is not lower-case"):
        load_actor_dictionary(data_copy)
    other = data_copy / "other"
    other.mkdir()
    for name in ("countries.yaml", "organizations.yaml"):
        shutil.copy(data_copy / name, other / name)
    (other / "agents.yaml").write_text(original + "\n- {sector: GOV, words: [troops]}\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match=r"'troops' is already MIL"):
        load_actor_dictionary(other)


def test_a_file_that_is_not_a_list_is_refused(data_copy):
    (data_copy / "agents.yaml").write_text("sector: GOV\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match=r"agents\.yaml: expected a list"):
        load_actor_dictionary(data_copy)
