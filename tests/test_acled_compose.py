"""ACLED's paragraph logic (coding/acled.py) and the fields ACLED reads: fatalities, civilian
targeting, date and place, on whole reports in ACLED's house style and in news wording."""
import datetime as dt

import pytest

from eventpipe.coding.coder import Coder
from eventpipe.schemas import Document


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def acled_events(coder: Coder, text: str, published: str | None = None):
    events = coder.code_document(Document(text=text, published_at=published))
    return [e for e in events if e.modality.value == "asserted" and e.acled_sub_event_type]


def first(coder: Coder, text: str, published: str | None = None):
    found = acled_events(coder, text, published)
    assert found, "no ACLED event"
    return found[0]


# --- fatalities ---------------------------------------------------------------------------------

def test_a_trailing_count_is_the_fatalities_of_the_violence_before_it(coder):
    event = first(coder, "On 4 March 2022, Russian forces shelled Kharkiv. 3 fatalities.")
    assert event.acled_sub_event_type.value == "Shelling/artillery/missile attack"
    assert event.fatalities == 3


def test_a_protest_about_a_killing_reports_no_fatalities(coder):
    event = first(coder, "On 9 May 2022, residents protested in Pachuca over the killing of three women.")
    assert event.acled_sub_event_type.value == "Peaceful protest"
    assert not event.fatalities


def test_protesters_killed_are_the_fatalities_of_excessive_force(coder):
    event = first(coder, "On 21 May 2022, Resistance Committees staged a protest in Omdurman. Police forces "
                         "intervened with live ammunition and tear gas. One demonstrator was killed.")
    assert event.acled_sub_event_type.value == "Excessive force against protesters"
    assert event.fatalities == 1


def test_killed_by_a_landmine_is_one_explosion_with_its_dead(coder):
    events = acled_events(coder, "Three soldiers were killed when their vehicle hit a landmine in Kunar.")
    assert [e.acled_sub_event_type.value for e in events] == ["Remote explosive/landmine/IED"]
    assert events[0].fatalities == 3


# --- civilian targeting --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "targeted"), [
    ("Gunmen killed 14 villagers in an attack on a village in Plateau State.", True),
    ("A roadside bomb killed four civilians on the road to Kandahar.", True),
    ("Taliban fighters attacked a police checkpoint in Kunduz, killing four officers.", False),
    ("Soldiers clashed with rebels near Beni.", False),
])
def test_civilian_targeting(coder, text, targeted):
    assert first(coder, text).civilian_targeting is targeted


# --- the paragraph decides -----------------------------------------------------------------------

def test_arrests_after_a_demonstration_are_its_intervention(coder):
    events = acled_events(coder, "On 3 March 2022, protesters gathered in Sochi to oppose the war. "
                                 "Police detained at least 11 of them.")
    assert events[0].acled_sub_event_type.value == "Protest with intervention"
    assert all(e.acled_sub_event_type.value != "Arrests" for e in events)


def test_violence_by_demonstrators_makes_a_violent_demonstration(coder):
    event = first(coder, "On 30 January 2022, hundreds of graduates demonstrated in Nassriya. "
                         "The demonstrators blocked the bridge with burning tires.")
    assert event.acled_sub_event_type.value == "Violent demonstration"


def test_rioters_without_a_demonstration_are_mob_violence_and_tear_gas_joins_them(coder):
    events = acled_events(coder, "Palestinian youths hurled stones at Israeli soldiers in Hebron. "
                                 "Soldiers fired tear gas canisters at them.")
    assert [e.acled_sub_event_type.value for e in events] == ["Mob violence"]


def test_a_battle_keeps_its_artillery(coder):
    event = first(coder, "On 29 May 2022, Russian forces fired artillery and clashed with the Ukrainian "
                         "Army near Kamyanka, Donetsk.")
    assert event.acled_sub_event_type.value == "Armed clash"


def test_an_abduction_with_beatings_is_an_attack(coder):
    event = first(coder, "A man was abducted by two armed men in Itacoatiara, beaten up and injured.")
    assert event.acled_sub_event_type.value == "Attack"


def test_a_town_taken_without_fighting_is_a_non_violent_transfer(coder):
    event = first(coder, "Around 18 June 2022, M23 rebels took over control of Tshanzu (Rutshuru, Nord-Kivu).")
    assert event.acled_sub_event_type.value == "Non-violent transfer of territory"


def test_a_town_taken_in_a_fight_is_taken_by_a_non_state_actor(coder):
    event = first(coder, "M23 rebels clashed with the army in Kanombe and took control of the area.")
    assert event.acled_sub_event_type.value == "Non-state actor overtakes territory"


def test_acled_label_decides_the_type(coder):
    event = first(coder, "Property destruction: On 10 June 2022, in Shan Dut village, the military shot at "
                         "villagers and set fire to 7 houses.")
    assert event.acled_sub_event_type.value == "Looting/property destruction"


def test_size_tag_alone_is_a_peaceful_protest(coder):
    event = first(coder, "On 11 February 2022, farmers gathered in Allonnes. [size=no report]")
    assert event.acled_sub_event_type.value == "Peaceful protest"
    assert event.location is not None and event.location.country == "FRA"


def test_size_tag_makes_violence_a_crowds(coder):
    event = first(coder, "On 14 June 2022, around 6 men attacked and killed a man near Sikalpur (Bareilly, UP). "
                         "[size=around 6]")
    assert event.acled_sub_event_type.value == "Mob violence"


# --- date and place ------------------------------------------------------------------------------

def test_an_event_takes_the_date_stated_before_it(coder):
    event = first(coder, "On 2 February 2022, in Loikaw town (Kayah State), the situation was tense. "
                         "Myanmar military forces carried out an airstrike.")
    assert event.event_date == dt.date(2022, 2, 2)
    assert event.acled_sub_event_type.value == "Air/drone strike"


def test_an_event_takes_the_place_named_before_it(coder):
    event = first(coder, "On 2 February 2022, the situation in Loikaw (Kayah State, Myanmar) was tense. "
                         "Soldiers carried out an airstrike.")
    assert event.location is not None and event.location.country == "MMR"


def test_the_event_place_is_the_event_country(coder):
    event = first(coder, "On 7 May 2022, Ukrainian forces shelled DPR positions in Horlivka, Donetsk.")
    assert event.location.country == "UKR"


# --- not events ----------------------------------------------------------------------------------

def test_a_planned_protest_is_not_asserted(coder):
    assert not acled_events(coder, "Teachers plan to go on strike next week.")


def test_a_denied_arrest_is_not_asserted(coder):
    assert not acled_events(coder, "The police denied that they had arrested any journalists.")
