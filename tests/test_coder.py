"""The coder on realistic sentences: each mission family, each modality, dated actor roles, traps."""
import datetime as dt

import pytest

from eventpipe.coding.coder import Coder
from eventpipe.schemas import Document, Modality


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def code(coder: Coder, text: str, published: str | None = "2025-05-20"):
    return coder.code_document(Document(text=text, published_at=published))


def summary(events):
    return {(e.cameo_code, _state(e.source_actor), _state(e.target_actor), e.modality.value) for e in events}


def _state(actor):
    return actor.country if actor else None


def _has(events, code, source, target, modality="asserted", symmetric=False):
    for e in events:
        pair = (_state(e.source_actor), _state(e.target_actor))
        if e.cameo_code == code and e.modality.value == modality and (
                pair == (source, target) or symmetric and pair == (target, source)):
            return e
    return None


FAMILY_CASES = [
    # phone calls (symmetric)
    ("Turkish President Recep Tayyip Erdogan spoke by phone with Vladimir Putin on Friday.", "041", "TUR", "RUS", True),
    ("Macron and Zelensky held a phone call on Sunday to discuss security guarantees.", "041", "FRA", "UKR", True),
    ("Biden phoned Netanyahu on Monday to press for a ceasefire deal.", "041", "USA", "ISR", True),
    ("The call between Xi Jinping and Joe Biden lasted two hours.", "041", "CHN", "USA", True),
    ("Chancellor Friedrich Merz's call with Trump focused on tariffs.", "041", "DEU", "USA", True),
    # drone strikes and interceptions
    ("Russia launched 108 drones at Ukraine overnight.", "1952", "RUS", "UKR", False),
    ("Ukrainian drones struck an oil refinery in Russia's Ryazan region on Saturday.", "1952", "UKR", "RUS", False),
    ("An Israeli drone strike killed two men in southern Lebanon.", "1952", "ISR", "LBN", False),
    ("Ukraine's air force said it shot down 93 of 108 drones launched by Russia.", "190", "UKR", "RUS", False),
    # weapons pauses and deliveries
    ("The Pentagon halted shipments of some weapons to Ukraine.", "1622", "USA", "UKR", False),
    ("Washington paused military aid to Kyiv in March.", "1622", "USA", "UKR", False),
    ("Weapons deliveries to Ukraine were suspended by the Pentagon.", "1622", "USA", "UKR", False),
    ("The United States resumed weapons deliveries to Ukraine on Tuesday.", "072", "USA", "UKR", False),
    # sanctions
    ("The EU imposed new sanctions on Russia on Friday.", "163", "EUR", "RUS", False),
    ("Britain sanctioned two Russian oil companies.", "163", "GBR", "RUS", False),
    ("Washington lifted sanctions on Syria.", "085", "USA", "SYR", False),
    ("Trump threatened Russia with tough sanctions.", "1312", "USA", "RUS", False),
    # around them
    ("Ukrainian officials called for an unconditional ceasefire with Russia.", "0256", "UKR", "RUS", False),
    ("Putin turned down a proposed 30-day ceasefire from Washington.", "1246", "RUS", "USA", False),
    ("The EU condemned Russia's strikes on Kyiv.", "111", "EUR", "RUS", False),
    # the one told, warned or urged in a call is its other party
    ("Biden told Prime Minister Benjamin Netanyahu in a phone call that Washington would not join.", "041",
     "USA", "ISR", True),
    ("Putin told Xi during a video call that ties were at their best.", "041", "RUS", "CHN", True),
    ("Macron urged Pezeshkian in a phone call on Friday to release French citizens.", "041", "FRA", "IRN", True),
    # an amount between the preposition and the actor: "by a swarm of Russian drones"
    ("Kyiv was attacked by a swarm of Russian drones overnight.", "1952", "RUS", "UKR", False),
    # a country's name before "sanctions" is their target; an abbreviation or a bloc imposed them
    ("The European Union added 20 Chinese firms to its Russia sanctions list on Friday.", "163", "EUR", "CHN",
     False),
    ("Russia was hit with a fresh round of EU sanctions on Monday.", "163", "EUR", "RUS", False),
    ("Washington removed Belarusian potash producer Belaruskali from its sanctions list.", "085", "USA", "BLR",
     False),
    # a weapon "from" a state was launched by it
    ("Lithuania said a drone from Belarus crashed on its territory.", "1952", "BLR", "LTU", False),
    # the one blamed for what a cause phrase names did it
    ("The EU condemned Russia over the drone attacks on Poland.", "1952", "RUS", "POL", False),
    # a relative clause's subject is what it describes; a pronoun after the aside skips its actors
    ("Russia, which has launched thousands of drones at Ukraine, said it shot down 20 Ukrainian drones.",
     "1952", "UKR", "RUS", False),
    ("Russia, which has launched thousands of drones at Ukraine, said it shot down 20 Ukrainian drones.",
     "1952", "RUS", "UKR", False),
    # "air defence units" are the place's air defence: its state intercepted the drones
    ("Air defence units downed 12 drones over the Krasnodar region overnight.", "190", "RUS", None, False),
    # one event per target state: coordinated objects and a trailing "including"
    ("Washington blacklisted Russian and Chinese companies accused of supplying drone parts.", "163", "USA", "CHN",
     False),
    ("The EU imposed sanctions on Russia and Belarus on Friday.", "163", "EUR", "BLR", False),
    ("The U.S. imposed sanctions on 400 companies helping Russia's war, including firms based in China and India.",
     "163", "USA", "IND", False),
    # a state's adjective before a weapon's name is the weapon's owner, not part of a name
    ("Ukraine's air force said it had downed 40 Russian Shahed drones overnight.", "1952", "RUS", "UKR", False),
    # a subject pronoun after the one told is the caller: "told reporters he had spoken ..."
    ("Trump told reporters he had spoken by phone with Putin on Tuesday.", "041", "USA", "RUS", True),
    ("Trump warned that Russia would face \"very severe\" sanctions if it did not agree to a ceasefire.", "1312",
     "USA", "RUS", False),
    # a noun trigger in a phrase of means belongs to the clause's subject, not to the verb's object
    ("Israeli forces killed a Hamas commander in a drone strike in Gaza.", "1952", "ISR", "PSE", False),
    ("Ukraine hit Russia's Engels airbase in a drone attack overnight.", "1952", "UKR", "RUS", False),
    # a trigger nested inside another ("attack drones") takes no actor from it
    ("Hezbollah said it had attacked an Israeli base with a squadron of attack drones.", "1952", "LBN", "ISR",
     False),
    # what is blamed on a state was done by it
    ("A drone attack blamed on Ukraine set fire to an oil depot in Russia's Bryansk region.", "1952", "UKR", "RUS",
     False),
    # a name that starts in lower case opens a sentence capitalised
    ("Von der Leyen spoke by phone with Trump on Monday.", "041", "EUR", "USA", True),
    ("Washington paused bomb shipments to Israel last week.", "1622", "USA", "ISR", False),
    # the departments that announce sanctions
    ("The Treasury Department sanctioned two Chinese firms.", "163", "USA", "CHN", False),
    ("OFAC sanctioned two Chinese firms on Tuesday.", "163", "USA", "CHN", False),
    # heads of state and government beyond the G20
    ("Tebboune spoke by phone with Macron on Monday.", "041", "DZA", "FRA", True),
    ("Anwar Ibrahim spoke by phone with Erdogan.", "041", "MYS", "TUR", True),
    # the subject's partner is no stand-in target
    ("France and Germany froze the assets of Belarusian officials.", "163", "DEU", "BLR", False),
    # the subject of a relative clause is what it describes, and so is the subject after one
    ("European leaders who visited Kyiv on Saturday had threatened Moscow with new sanctions.", "1312", "EUR",
     "RUS", False),
    ("Britain, which has helped Ukraine since 2022, imposed new sanctions on Russia on Monday.", "163", "GBR", "RUS",
     False),
    # a bloc that describes a state is not the actor
    ("The United States imposed sanctions on NATO ally Turkey on Monday.", "163", "USA", "TUR", False),
    # "their call": the subject and the one it addressed
    ("Scholz urged Putin to negotiate with Kyiv in their first phone call in two years on Friday.", "041", "DEU",
     "RUS", True),
    # a firm based in a state is that state's
    ("The United States imposed sanctions on Thursday on a China-based oil refinery.", "163", "USA", "CHN", False),
    # a noun trigger's own state does it when the clause names no one
    ("Officials said deliveries of U.S. weapons to Ukraine had resumed.", "072", "USA", "UKR", False),
    ("Officials said shipments of Iranian drones to Russia had resumed.", "072", "IRN", "RUS", False),
    # no longer delivering is a halt
    ("Poland is no longer transferring weapons to Ukraine, its prime minister said.", "1622", "POL", "UKR", False),
    ("Washington has added dozens of Chinese companies to its export blacklist.", "163", "USA", "CHN", False),
]


@pytest.mark.parametrize(("text", "code_", "source", "target", "symmetric"), FAMILY_CASES,
                         ids=[c[0][:40] for c in FAMILY_CASES])
def test_family(coder, text, code_, source, target, symmetric):
    events = code(coder, text)
    assert _has(events, code_, source, target, symmetric=symmetric), summary(events)


MODALITY_CASES = [
    ("Trump has not imposed new sanctions on Russia.", "163", Modality.negated),
    ("The United States has not paused weapons deliveries to Ukraine, a spokesman said.", "1622", Modality.negated),
    ("The Kremlin said there had been no phone call between Putin and Trump.", "041", Modality.denied),
    ("Russia denied launching drones at Kyiv.", "1952", Modality.denied),
    ("Trump will impose new sanctions on Russia on Monday.", "163", Modality.planned),
    ("Trump will hold a call with Putin on Monday.", "036", Modality.asserted),  # intent to meet, no 041
    ("EU ministers are expected to adopt new sanctions against Russia on Monday.", "163", Modality.planned),
    ("Germany plans to halt arms exports to Israel.", "1622", Modality.planned),
    ("Officials fear Russia could launch more drones at Ukraine.", "1952", Modality.hypothetical),
    ("If the EU imposes new sanctions, Russia will retaliate, Peskov said.", "163", Modality.conditional),
    # sanctions promised on a condition are a threat made now (CAMEO 1312), asserted
    ("If Moscow refuses, Brussels would impose sanctions on Russia.", "1312", Modality.asserted),
    ("Macron said Europe would ramp up sanctions against Russia unless it accepted a ceasefire.", "1312",
     Modality.asserted),
    ("Kallas said the EU was prepared to impose further sanctions on Russia.", "163", Modality.hypothetical),
    ("Trump cautioned against new sanctions on Russia.", "163", Modality.opposed),
    ("Kyiv called for new sanctions against Moscow.", "163", Modality.requested),
    ("Both sides accused each other of launching drone strikes.", "1952", Modality.alleged),
    # "any" names the kind of act, not an act
    ("\"Any transfer of ballistic missiles to Russia would be an escalation,\" the minister said.", "072",
     Modality.hypothetical),
    ("The Kremlin said any new sanctions on Russia would backfire.", "163", Modality.hypothetical),
    ("The EU is preparing new sanctions against Russia, diplomats said.", "163", Modality.planned),
    ("Brussels is drafting a 20th package of sanctions against Moscow.", "163", Modality.planned),
    # "cautioned X against", not only "cautioned against"
    ("Ukraine's allies have cautioned Kyiv against drone strikes on Russian refineries.", "1952", Modality.opposed),
    # "would" governs "respond", not the attack the noun phrase after "to" names
    ("Israel said it would respond to the Houthi drone attack on Eilat.", "1952", Modality.asserted),
    # a condition set for a later act
    ("The Kremlin said the deal would take effect only after some sanctions on Russia were lifted.", "085",
     Modality.conditional),
    # asked of another; a headline's "X to do"
    ("Zelensky asked Germany to send more Patriot systems.", "072", Modality.requested),
    ("Germany to send more Patriot systems to Ukraine", "0332", Modality.asserted),  # intent, not a delivery
    # restraint from an act is its absence
    ("Trump has so far refrained from imposing new sanctions on Moscow.", "163", Modality.negated),
    ("The U.S. stopped short of sanctioning Israel's military units.", "163", Modality.negated),
    ("Trump warned of consequences, but held off on new sanctions against Russia.", "163", Modality.negated),
]


@pytest.mark.parametrize(("text", "code_", "modality"), MODALITY_CASES, ids=[c[0][:40] for c in MODALITY_CASES])
def test_modality(coder, text, code_, modality):
    events = [e for e in code(coder, text) if e.cameo_code == code_]
    assert events, f"no {code_} event in {text!r}"
    assert {e.modality for e in events} == {modality}


def test_a_reported_fact_is_asserted(coder):
    events = code(coder, "Russia launched drones at Kyiv, Ukraine's military said.")
    assert [e.modality for e in events if e.cameo_code == "1952"] == [Modality.asserted]


@pytest.mark.parametrize(("published", "code_"), [("2019-07-31", "USAGOV"), ("2025-05-19", "USAGOV"),
                                                   ("2022-05-19", None)])
def test_the_event_date_picks_the_role(coder, published, code_):
    text = "Former U.S. President Donald Trump spoke by phone with Russian President Vladimir Putin."
    events = code(coder, text, published)
    call = _has(events, "041", "USA", "RUS", symmetric=True)
    assert call is not None
    trump = call.source_actor if call.source_actor.country == "USA" else call.target_actor
    if code_:
        assert trump.code == code_
    else:
        assert trump.sector != "GOV"  # out of office in 2022, whatever the text says


ADVERSARIAL = [
    "Putin rejected Zelensky's call for direct talks in Istanbul.",      # a call for, not a phone call
    "This approach has been met with skepticism by analysts.",
    "The United States has yet to release a summary of the call.",       # no participants: no event
    "Russia launched a new satellite on Monday.",                        # launch, but no drones
    "Iranian-made drones were found in the wreckage.",                   # no attack, no Iranian actor
    "The two-hour conversation may raise concerns in Europe.",
    "Sanctions experts met in Geneva on Thursday.",
    # a participle between a determiner and its noun describes the thing
    "The sanctioned tanker was seized off the coast of Estonia.",
    # a call of which only one state is named codes no dyad
    "G7 leaders said in a statement after a video call with President Volodymyr Zelensky that they would act.",
    # a call with reporters is a briefing
    "Rubio said in a call with reporters that Washington was reviewing its options.",
    "Zelensky told reporters in a conference call that Ukraine needed more air defence.",
    # a long-endurance drone shot down reports no strike by its owner
    "Yemen's Houthis said on Tuesday they had shot down a U.S. MQ-9 Reaper drone over Hajjah.",
    # an act that no one does is a topic: the measures of a sanctions regime, officials of no state
    "The decree keeps in place sanctions on Syria's former leaders and their associates.",
    "The measures include an arms embargo on Iran, a travel ban and asset freezes.",
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_no_mission_event_is_invented(coder, text):
    mission = {"041", "1952", "1622", "072", "163", "085", "1312"}
    events = [e for e in code(coder, text) if e.cameo_code in mission and e.modality == Modality.asserted]
    assert events == [], summary(events)


def test_repeated_mentions_are_one_event(coder):
    text = ("Trump and Putin spoke by phone on Monday. The call lasted two hours. "
            "After the Trump-Putin call, the Kremlin said the talks were useful.")
    calls = [e for e in code(coder, text) if e.cameo_code == "041"]
    assert len(calls) == 1
    assert len(calls[0].mentions) == 3
    assert calls[0].event_date == dt.date(2025, 5, 19)


def test_events_keep_their_evidence_and_rule(coder):
    events = code(coder, "The EU imposed new sanctions on Russia on Friday.")
    event = _has(events, "163", "EUR", "RUS")
    assert event.rule_id == "reduce.sanctions.imposed"
    assert event.sentence == "The EU imposed new sanctions on Russia on Friday."
    assert event.event_date == dt.date(2025, 5, 16) and event.date_precision.value == "day"
    assert event.mentions[0].trigger in event.sentence


def test_quantities_and_fatalities(coder):
    events = code(coder, "Russian forces launched 40 drones at Kharkiv, killing 6 civilians.")
    strike = _has(events, "1952", "RUS", "UKR")
    assert strike.quantity == 40 and strike.fatalities == 6
    assert strike.acled_sub_event_type.value == "Air/drone strike"


def test_event_ids_are_deterministic(coder):
    text = "The EU imposed new sanctions on Russia on Friday."
    assert [e.event_id for e in code(coder, text)] == [e.event_id for e in code(coder, text)]


def test_undated_without_anchor(coder):
    events = code(coder, "The EU imposed new sanctions on Russia.", published=None)
    assert events and all(e.event_date is None and e.date_precision is None for e in events)


def test_a_missing_target_comes_from_the_kin_event_before(coder):
    """A pause of weapons continues the report of the weapons pledged: its recipient, not the state
    named in the sentence between."""
    text = ("Trump said on Monday the United States would send more weapons to Ukraine. "
            "He spoke at a dinner with Israeli Prime Minister Benjamin Netanyahu. "
            "The Pentagon halted shipments of some interceptors last week.")
    events = code(coder, text, "2025-07-08")
    assert _has(events, "1622", "USA", "UKR"), summary(events)
    assert not _has(events, "1622", "USA", "ISR")


def test_an_undated_event_continues_the_story_not_its_flashback(coder):
    text = ("Iran launched drones at Israel overnight, the military said on Sunday. "
            "Tehran said the attack answered an Israeli air strike on its consulate in Damascus on April 1. "
            "Biden told Netanyahu in a phone call that Washington would not join a counter-offensive.")
    events = code(coder, text, "2024-04-14")
    call, strike = _has(events, "041", "USA", "ISR", symmetric=True), _has(events, "1952", "IRN", "ISR")
    assert call is not None and strike is not None, summary(events)
    assert call.event_date == strike.event_date != dt.date(2024, 4, 1)


def test_who_vows_to_retaliate_for_an_attack_did_not_launch_it(coder):
    events = code(coder, "Moscow has said it will retaliate for the drone attack on its bombers.")
    assert not any(e.cameo_code == "1952" and _state(e.source_actor) == "RUS" for e in events), summary(events)


def test_this_year_dates_no_event(coder):
    """"his third this year" is a stretch of time, not the call's day: the call takes the story's date."""
    text = "Trump spoke by phone with Putin on Monday. Trump said it was a good call with Putin, his third this year."
    calls = [e for e in code(coder, text, "2025-05-21") if e.cameo_code == "041"]
    assert calls and all(e.event_date != dt.date(2025, 1, 1) for e in calls), [e.event_date for e in calls]


def test_a_partner_is_the_last_stand_in(coder):
    """Co-subjects act each on the target the story named before, not on each other."""
    text = ("South Korea imposed sanctions on 15 North Korean officials on Tuesday. "
            "Japan and the United States imposed similar measures last week.")
    events = code(coder, text, "2024-12-17")
    assert _has(events, "163", "JPN", "PRK") and _has(events, "163", "USA", "PRK"), summary(events)
    assert not _has(events, "163", "JPN", "USA")


def test_an_attribution_is_an_aside_for_the_subject(coder):
    text = ("Pyongyang has sent troops to Russia, according to South Korean and Western intelligence, "
            "and has also supplied artillery shells.")
    events = [e for e in code(coder, text) if e.cameo_code == "072"]
    assert events and _state(events[0].source_actor) == "PRK", summary(events)
