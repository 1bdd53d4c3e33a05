"""Date expressions in news sentences and ACLED notes: what is found, the day it names, how precisely.

Expected dates are worked out by hand from the calendar: 2025-05-20 is a Tuesday, 2025-07-04 a Friday.
"""
from __future__ import annotations

import csv
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventpipe.coding.dates import DateMention, find_dates, note_date
from eventpipe.schemas import DatePrecision

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TUE = date(2025, 5, 20)   # seed 003: "late Monday", "overnight"
FRI = date(2025, 7, 4)    # seed 000: "a July 3 press briefing"
D, W, M, Y = "day", "week", "month", "year"

CASES = [
    # absolute dates
    ("Trump claimed during a July 3 press briefing that he made no progress.", FRI,
     [("July 3", date(2025, 7, 3), D)]),
    ("The June 30 press conference at the White House was short.", FRI, [("June 30", date(2025, 6, 30), D)]),
    ("Ministers met in Brussels on 3 July 2025 to discuss sanctions.", TUE,
     [("on 3 July 2025", date(2025, 7, 3), D)]),
    ("The agreement was signed on July 3, 2025, in Geneva.", None, [("on July 3, 2025", date(2025, 7, 3), D)]),
    ("On 30 April 2022, in Villa Yapacani, residents staged a demonstration.", None,
     [("On 30 April 2022", date(2022, 4, 30), D)]),
    ("The decree took effect on 2025-07-03 according to the ministry.", None,
     [("on 2025-07-03", date(2025, 7, 3), D)]),
    ("Talks are scheduled to resume on July 5 in Istanbul.", FRI, [("on July 5", date(2025, 7, 5), D)]),
    ("A ceasefire was first agreed on July 20 after weeks of talks.", FRI, [("on July 20", date(2024, 7, 20), D)]),
    ("Officials said the raid took place on Sept. 3rd near the border.", TUE,
     [("on Sept. 3rd", date(2024, 9, 3), D)]),
    ("The treaty was ratified on the 3rd of July, 2025.", None, [("on the 3rd of July, 2025", date(2025, 7, 3), D)]),
    ("Police arrested him on Thursday, July 3, outside the court.", FRI,
     [("on Thursday, July 3", date(2025, 7, 3), D)]),
    ("The report was published on 30/04/2022 by the agency.", None, [("on 30/04/2022", date(2022, 4, 30), D)]),
    ("The letter dated 03/04/2022 was leaked to the press.", None, []),
    ("The vote in January 2024 was contested.", TUE, [("in January 2024", date(2024, 1, 1), M)]),
    ("Protests spread across the country in May.", TUE, [("in May", date(2025, 5, 1), M)]),
    ("Protests spread across the country in May 2022.", None, [("in May 2022", date(2022, 5, 1), M)]),
    ("The offensive began in July, officials said.", TUE, [("in July", date(2024, 7, 1), M)]),
    ("The company was founded in 2021 in Kyiv.", None, [("in 2021", date(2021, 1, 1), Y)]),
    ("Fighting intensified in mid-June around Pokrovsk.", FRI, [("mid-June", date(2025, 6, 11), M)]),
    ("Shelling resumed in early March, residents said.", TUE, [("early March", date(2025, 3, 1), M)]),
    ("Ukraine received its first F-16 jets in late 2024.", TUE, [("late 2024", date(2024, 9, 1), Y)]),
    ("Relations have not been this tense since the 1990s.", TUE, []),
    # ACLED notes
    ("Around 7 June 2022 (as reported), rioters beat two suspected thieves.", None,
     [("Around 7 June 2022 (as reported)", date(2022, 6, 7), W)]),
    ("On or around 5 May, soldiers detained eight villagers.", TUE, [("On or around 5 May", date(2025, 5, 5), W)]),
    ("Between 1 and 7 March 2022 (week of), militias clashed with the army.", None,
     [("Between 1 and 7 March 2022 (week of)", date(2022, 3, 1), W)]),
    ("Around 15 March 2022 (month of), pastoralists shot at cattle traders.", None,
     [("Around 15 March 2022 (month of)", date(2022, 3, 15), M)]),
    ("Around 13 February 2022 (between 11 - 17 February), the military arrested 20 locals.", None,
     [("Around 13 February 2022 (between 11 - 17 February)", date(2022, 2, 13), W)]),
    # ranges
    ("Clashes were reported from 1 to 7 March near the border.", TUE, [("from 1 to 7 March", date(2025, 3, 1), W)]),
    ("Heavy fighting on 1-7 March 2022 displaced thousands.", None, [("on 1-7 March 2022", date(2022, 3, 1), W)]),
    ("Between 1 and 20 March 2022, at least 40 civilians were killed.", None,
     [("Between 1 and 20 March 2022", date(2022, 3, 1), M)]),
    ("The talks ran from March 30 to April 2 in Doha.", TUE,
     [("from March 30 to April 2", date(2025, 3, 30), W)]),
    # weekdays
    ("German Chancellor Friedrich Merz confirmed the move in a statement posted to X late Monday.", TUE,
     [("late Monday", date(2025, 5, 19), D)]),
    ("Zelensky spoke with Stubb on Tuesday.", TUE, [("on Tuesday", date(2025, 5, 20), D)]),
    ("Drones struck Odesa on Sunday night, the governor said.", TUE, [("on Sunday night", date(2025, 5, 18), D)]),
    ("Russia fired 40 missiles at 3 p.m. on Monday.", FRI, [("on Monday", date(2025, 6, 30), D)]),
    ("The ministers will meet next Monday in Brussels.", TUE, [("next Monday", date(2025, 5, 26), D)]),
    ("Last Tuesday, the parliament approved the bill.", TUE, [("Last Tuesday", date(2025, 5, 13), D)]),
    ("Wednesday's attack killed five people.", FRI, [("Wednesday", date(2025, 7, 2), D)]),
    ("On Friday, the Kremlin rejected the proposal.", FRI, [("On Friday", date(2025, 7, 4), D)]),
    ("Monday night into Tuesday, air defences were active over Kyiv.", TUE,
     [("Monday night into Tuesday", date(2025, 5, 19), D)]),
    # nights, days before publication
    ("Tensions showed no signs of easing overnight, as both sides accused each other.", TUE,
     [("overnight", date(2025, 5, 19), D)]),
    ("Russia launched 108 drones overnight into Tuesday.", TUE, [("overnight into Tuesday", date(2025, 5, 19), D)]),
    ("Explosions were heard in Kharkiv last night.", FRI, [("last night", date(2025, 7, 3), D)]),
    ("The minister resigned yesterday.", TUE, [("yesterday", date(2025, 5, 19), D)]),
    ("Trump said he made no progress with him today.", FRI, [("today", date(2025, 7, 4), D)]),
    ("Two days ago, a convoy was ambushed near Kupiansk.", TUE, [("Two days ago", date(2025, 5, 18), D)]),
    ("The strike on the depot happened three weeks ago.", TUE, [("three weeks ago", date(2025, 4, 29), W)]),
    ("The talks collapsed a few days ago.", TUE, [("a few days ago", date(2025, 5, 17), W)]),
    ("Officials met the day before yesterday.", TUE, [("the day before yesterday", date(2025, 5, 18), D)]),
    # periods
    ("Sanctions were tightened last week.", TUE, [("last week", date(2025, 5, 12), W)]),
    ("The EU adopted its 17th package earlier this month.", TUE, [("earlier this month", date(2025, 5, 1), M)]),
    ("Recent weeks have seen a surge in drone attacks.", FRI, [("Recent weeks", date(2025, 6, 4), M)]),
    ("Attacks on energy sites have increased in recent days.", TUE, [("in recent days", date(2025, 5, 13), W)]),
    ("Negotiators met twice this week.", FRI, [("this week", date(2025, 6, 30), W)]),
    ("Exports fell sharply last month.", TUE, [("last month", date(2025, 4, 1), M)]),
    ("The parliament passed the law earlier this year.", FRI, [("earlier this year", date(2025, 1, 1), Y)]),
    ("Fighting continued over the weekend in Sumy.", TUE, [("over the weekend", date(2025, 5, 17), W)]),
    ("Over the past 24 hours, 93 drones were shot down.", TUE, [("Over the past 24 hours", date(2025, 5, 19), D)]),
    # no publication date: relative expressions are found but not anchored
    ("Drones hit the port late Monday.", None, [("late Monday", None, D)]),
    ("The minister resigned yesterday.", None, [("yesterday", None, D)]),
    ("The talks collapsed last week.", None, [("last week", None, W)]),
    ("Talks resumed on July 3.", None, [("on July 3", None, D)]),
    # traps: no dates here
    ("The barrage came shortly after a nearly two-hour conversation.", TUE, []),
    ("Trump's comments may raise concerns about bilateral diplomacy.", TUE, []),
    ("Veterans of the March on Washington spoke at the rally.", TUE, []),
    ("Allies invoked Article 5 during the COVID-19 pandemic.", TUE, []),
    ("Ukraine asked for more F-16 jets and Patriot systems to counter S-300 and Su-34 attacks.", TUE, []),
    ("Resolution 2334 was cited again by the envoy.", TUE, []),
    ("Putin has already turned down a proposed 30-day ceasefire.", TUE, []),
    ("Air defences are on duty 24/7 near the Black Sea coast.", TUE, []),
    ("The meeting started at 10:30 and ended at 3 p.m.", TUE, []),
    ("The Sunday Times reported that 1,200 troops had moved.", TUE, []),
    ("Theresa May urged restraint.", TUE, []),
    ("The 2022 invasion displaced 8 million people.", TUE, []),
    ("Shoppers flocked to stores on Black Friday.", TUE, []),
    ("Russia lost 20 tanks and 3,000 soldiers in 2 weeks of fighting.", TUE, []),
    ("Historians studied the last days of the war and the last week of June.", TUE, []),
    ("Negotiators cited the Good Friday Agreement during May Day marches.", TUE, []),
    ("Prime Minister Mark Carney met Jan Kubis in Ottawa.", TUE, []),
    ("The registry lists a session on 29 February 2023, a day that never was.", TUE, []),
    ("Oct. 7 attacks shocked Israel.", TUE, [("Oct. 7", date(2024, 10, 7), D)]),
    ("The feed item was posted 2025-07-03T10:00:00Z by staff.", None, [("2025-07-03", date(2025, 7, 3), D)]),
    ("Leaders gather in The Hague on June 24-25.", FRI, [("on June 24-25", date(2025, 6, 24), W)]),
    # several in one sentence
    ("After talks on Monday, strikes resumed overnight and continued on Tuesday.", TUE,
     [("on Monday", date(2025, 5, 19), D), ("overnight", date(2025, 5, 19), D),
      ("on Tuesday", date(2025, 5, 20), D)]),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_date_expressions(sentence: str, published: date | None, expected: list) -> None:
    found = find_dates(sentence, published)
    assert [(m.text, m.date, m.precision.value) for m in found] == expected
    for mention in found:
        assert sentence[mention.char_start:mention.char_end] == mention.text


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert sum(1 for _, _, expected in CASES if not expected) >= 14


def test_mentions_are_records() -> None:
    mention = find_dates("Drones hit Kyiv late Monday.", TUE)[0]
    assert isinstance(mention, DateMention) and mention.precision is DatePrecision.day
    with pytest.raises(AttributeError):
        mention.date = None  # type: ignore[misc]


def test_a_date_time_anchors_on_its_day() -> None:
    found = find_dates("Drones hit Kyiv late Monday.", datetime(2025, 5, 20, 23, 30))
    assert [(m.date, type(m.date)) for m in found] == [(date(2025, 5, 19), date)]


def test_note_date_takes_the_leading_day() -> None:
    note = ("On 4 February 2022, in Port-au-Prince, people erected barricades to demand that the prime "
            "minister hand over power on 7 February 2022.")
    assert note_date(note, None).date == date(2022, 2, 4)


def test_note_date_prefers_a_day_to_a_period() -> None:
    note = "Since 2021 the group has held the area. Around 5 May 2022 (week of), it clashed with police."
    chosen = note_date(note, None)
    assert (chosen.date, chosen.precision) == (date(2022, 5, 5), DatePrecision.week)
    assert note_date("Protests went on in 2021 across the region.", None).precision is DatePrecision.year


def test_note_date_without_an_anchor() -> None:
    assert note_date("Drones hit the port late Monday.", None) is None
    assert note_date("No date at all in this note.", TUE) is None


_WORDS = ["on", "late", "Monday", "3", "July", "2025", "-", "7", "in", "May", "overnight", "into", "Tuesday",
          "last", "week", "between", "and", "(as reported)", "ago", "two", "days", "recent", "the", "weekend",
          "2021", "30/04/2022", "mid-June", ",", "may", "March", "Sunday", "Times", "early", "year"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14), st.sampled_from([TUE, FRI, None]))
def test_mentions_are_ordered_and_disjoint(words: list[str], published: date | None) -> None:
    text = " ".join(words)
    found = find_dates(text, published)
    for mention in found:
        assert text[mention.char_start:mention.char_end] == mention.text
    for earlier, later in zip(found, found[1:]):
        assert earlier.char_end <= later.char_start


@pytest.mark.slow
def test_acled_notes_get_their_gold_date() -> None:
    """Notes carry their own dates and no publication date; at least 97% must get the gold event_date."""
    path = SHARED / "gold" / "acled_dev.csv"
    if not path.exists():
        pytest.skip("../shared/gold/acled_dev.csv is not available")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 2000
    right, precise, total = Counter(), Counter(), Counter()
    for row in rows:
        gold_precision = int(row["time_precision"])
        chosen = note_date(row["notes"], None)
        total[gold_precision] += 1
        if chosen is not None and chosen.date is not None and chosen.date.isoformat() == row["event_date"]:
            right[gold_precision] += 1
            precise[gold_precision] += chosen.precision.acled_time_precision == gold_precision
    for level in sorted(total):
        print(f"time_precision {level}: {total[level]} notes, date right {right[level] / total[level]:.3f}, "
              f"date and precision right {precise[level] / total[level]:.3f}")
    assert sum(right.values()) / len(rows) >= 0.97
    assert sum(precise.values()) / len(rows) >= 0.95
