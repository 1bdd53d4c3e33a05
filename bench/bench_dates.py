"""Date-stage throughput: find_dates over generated news sentences, on one core.

    python bench/bench_dates.py              # 120,000 sentences
    python bench/bench_dates.py --n 500000

The corpus mixes sentences without dates (most of them), with weekdays, absolute dates, relative
expressions and traps ("two-hour", "may", "F-16", "24/7"), published over two months, plus the
sentences of the seeds and ACLED notes when ../shared exists. The timed pass starts with empty
normalisation caches (dateparser is imported beforehand), so cache misses are part of the figure.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import time
from pathlib import Path

from eventpipe.coding import dates

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

_PLAIN = [
    "Officials declined to comment on the report, which could not be independently verified.",
    "The minister said the government would not change its position on the talks.",
    "Prices rose by 3 percent in the first quarter, according to figures released by the agency.",
    "Both sides accused each other of violating the agreement, and talks are expected to resume.",
    "Ukrainian defenses reportedly shot down 93 of them across the east, center, and north of the country.",
    "This development highlights the challenges in maintaining a consistent supply chain.",
    "The company said it expected the deal to close pending regulatory approvals.",
    "Kremlin spokesman Dmitry Peskov said Russia remains focused on resolving the conflict.",
    "Police arrested 14 people after clashes near the parliament building in the capital.",
    "The United Nations called for restraint and urged both parties to return to negotiations.",
    "Analysts question the administration's willingness to engage more aggressively with Moscow.",
    "Thousands of people rallied in the city centre to protest against rising fuel prices.",
]
_TRAPS = [
    "The barrage came shortly after a nearly two-hour conversation between the leaders.",
    "Trump's comments may raise concerns about the effectiveness of bilateral diplomacy.",
    "Putin has already turned down a proposed 30-day ceasefire from Washington and Kyiv.",
    "Ukraine asked for more F-16 jets and Patriot systems to counter S-300 and Su-34 attacks.",
    "Allies invoked Article 5 and cited Resolution 2334 during the COVID-19 debate.",
    "Air defences are on duty 24/7 near the Black Sea coast, the navy said at 10:30.",
    "The Sunday Times reported that 1,200 troops had moved towards the border.",
    "Veterans of the March on Washington said the 1990s were a different time.",
    "Theresa May urged restraint as the 2022 invasion displaced 8 million people.",
]
_WITH_DATE = [
    "Russian forces shelled {place} {weekday_phrase}, killing two civilians, officials said.",
    "German Chancellor Friedrich Merz confirmed the move in a statement posted to X {weekday_phrase}.",
    "Russia launched {n} drones {night}, Ukraine's air force said.",
    "The ministers met in {place} on {day} {month} {year} to discuss sanctions.",
    "Trump claimed during a {month} {day} press briefing that he made no progress with Putin.",
    "On {day} {month} {year}, in {place}, residents staged a demonstration against the mayor.",
    "Around {day} {month} {year} (as reported), unidentified gunmen killed a trader in {place}.",
    "Clashes were reported between {day} and {day2} {month} near {place}.",
    "Protests spread across the country in {month}, and the government resigned {relative}.",
    "The strike on the depot in {place} happened {relative}, according to the governor.",
    "Exports fell sharply {relative} as sanctions took hold.",
    "The decree, dated {iso}, took effect {weekday_phrase}.",
]
_PLACES = ["Kharkiv", "Sochi", "Aleppo", "Lagos", "Odesa", "Khan Younis", "Zaporizhzhia", "Idlib", "Gaza"]
_WEEKDAY_PHRASES = ["on Monday", "late Tuesday", "on Wednesday night", "early Thursday", "Friday",
                    "on Saturday", "Sunday morning", "last Monday", "on Tuesday"]
_NIGHTS = ["overnight", "last night", "overnight into Tuesday", "on Sunday night"]
_RELATIVE = ["yesterday", "two days ago", "last week", "earlier this month", "in recent weeks", "this week",
             "last month", "earlier this year", "over the weekend", "three weeks ago", "a few days ago"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


def generated(n: int, rng: random.Random) -> list[tuple[str, dt.date]]:
    """n sentences with a publication date in March-April 2025: 55% plain, 15% traps, 30% dated."""
    first = dt.date(2025, 3, 1)
    out = []
    for _ in range(n):
        published = first + dt.timedelta(days=rng.randrange(61))
        roll = rng.random()
        if roll < 0.55:
            out.append((rng.choice(_PLAIN), published))
        elif roll < 0.70:
            out.append((rng.choice(_TRAPS), published))
        else:
            day = published - dt.timedelta(days=rng.randrange(45))
            out.append((rng.choice(_WITH_DATE).format(
                place=rng.choice(_PLACES), weekday_phrase=rng.choice(_WEEKDAY_PHRASES), n=rng.randrange(10, 200),
                night=rng.choice(_NIGHTS), day=day.day, day2=min(day.day + 6, 28), month=_MONTHS[day.month - 1],
                year=day.year, relative=rng.choice(_RELATIVE), iso=day.isoformat()), published))
    return out


def shared_sentences() -> list[tuple[str, dt.date | None]]:
    """The seeds' sentences (published as in their gold) and the ACLED notes' sentences (no date)."""
    out: list[tuple[str, dt.date | None]] = []
    if not SHARED.exists():
        return out
    split = re.compile(r"(?<=[.!?])\s+|\n+")
    for path, published in ((SHARED / "seeds" / "000_dacd3a803a9acfc0.txt", dt.date(2025, 7, 4)),
                            (SHARED / "seeds" / "003_85733ece1d8977a7.txt", dt.date(2025, 5, 20))):
        if path.exists():
            out += [(s, published) for s in split.split(path.read_text(encoding="utf-8")) if s.strip()]
    notes = SHARED / "gold" / "acled_dev.csv"
    if notes.exists():
        with notes.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                out += [(s, None) for s in split.split(row["notes"]) if s.strip()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=120_000, help="generated sentences (shared ones are added)")
    args = parser.parse_args()
    rng = random.Random(4)
    corpus = generated(args.n, rng) + shared_sentences()
    rng.shuffle(corpus)
    import dateparser  # noqa: F401  (import time is start-up, not throughput)

    start = time.perf_counter()
    found = dated = 0
    for sentence, published in corpus:
        mentions = dates.find_dates(sentence, published)
        found += bool(mentions)
        dated += any(m.date is not None for m in mentions)
    seconds = time.perf_counter() - start
    print(f"{len(corpus):,} sentences in {seconds:.2f} s: {len(corpus) / seconds:,.0f} sentences/s on one core "
          f"({found / len(corpus):.0%} with a date expression, {dated / len(corpus):.0%} resolved; "
          f"dateparser calls {dates._read_day.cache_info().misses + dates._read_ago.cache_info().misses})")


if __name__ == "__main__":
    main()
