"""Gazetteer figures: locate() throughput, warm and cold start-up, and (with --dev) accuracy on the
ACLED development notes.

    python bench/bench_places.py                 # throughput and start-up
    python bench/bench_places.py --dev           # + accuracy on the tuning rows (4 of every 5)
    python bench/bench_places.py --dev --holdout # + accuracy on the held-out rows (every 5th)
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eventpipe.coding.places import gazetteer, name_key

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Typical news sentences: most name no place, some name one or two.
_TEMPLATES = [
    "The minister said on Tuesday that the government would not change its position on the talks.",
    "Officials declined to comment on the report, which could not be independently verified.",
    "Prices rose by 3 percent in the first quarter, according to figures released by the agency.",
    "The company said it expected the deal to close by the end of the year, pending approvals.",
    "Both sides accused each other of violating the agreement, and talks are expected to resume.",
    "Russian forces shelled {a} overnight, killing two civilians, regional officials said.",
    "Thousands of people rallied in {a} on Saturday to protest against rising fuel prices.",
    "A drone attack on {a} damaged an energy facility, the governor said on Telegram.",
    "President Biden spoke by phone with his counterpart about the situation in {a} and {b}.",
    "Police in {a} arrested 14 people after clashes near the parliament building.",
]
_PLACES = ["Kharkiv", "Sochi", "Aleppo", "Lagos", "Paris", "Khan Younis", "Donetsk region",
           "Zaporizhzhia", "Idlib", "Mandalay", "Bogota", "Dhaka", "Karachi", "Odesa", "Gaza"]


def corpus(n: int) -> list[str]:
    out = []
    for i in range(n):
        template = _TEMPLATES[i % len(_TEMPLATES)]
        out.append(template.format(a=_PLACES[i % len(_PLACES)], b=_PLACES[(i * 7 + 3) % len(_PLACES)]))
    return out


def throughput(sentences: list[str]) -> float:
    g = gazetteer()
    for s in sentences[:200]:
        g.locate(s)
    start = time.perf_counter()
    for s in sentences:
        g.locate(s)
    return len(sentences) / (time.perf_counter() - start)


def startup(cache: str | None) -> float:
    """Seconds for a fresh process to import the module and load the shared gazetteer."""
    code = ("import time; t=time.perf_counter(); from eventpipe.coding.places import gazetteer; "
            "gazetteer(); print(time.perf_counter()-t)")
    env = None
    if cache is not None:
        import os
        env = dict(os.environ, EVENTPIPE_CACHE=cache)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def dev_rows(holdout: bool) -> list[dict[str, str]]:
    with (SHARED / "gold" / "acled_dev.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for i, r in enumerate(rows) if (i % 5 == 4) == holdout]


def accuracy(rows: list[dict[str, str]], show: int = 0) -> dict[str, float]:
    iso = json.loads((SHARED / "tools" / "iso_numeric_to_alpha3.json").read_text())
    g = gazetteer()
    hits = {"country": 0, "admin1": 0, "location": 0, "geo_precision": 0}
    shown = 0
    for row in rows:
        gold_country = iso.get(str(int(float(row["iso"] or 0))))
        loc = g.locate(row["notes"])
        ok = {
            "country": loc is not None and loc.country == gold_country,
            "admin1": loc is not None and name_key(loc.admin1 or "") == name_key(row["admin1"]),
            "location": loc is not None and name_key(loc.name) == name_key(row["location"]),
            "geo_precision": loc is not None and str(loc.geo_precision) == row["geo_precision"],
        }
        for k, v in ok.items():
            hits[k] += v
        if show and not ok["country"] and shown < show:
            shown += 1
            print(f"  gold {gold_country} {row['admin1']!r} {row['location']!r} | got "
                  f"{loc and (loc.country, loc.admin1, loc.name, loc.geo_precision)}\n    {row['notes'][:300]}")
    return {k: v / len(rows) for k, v in hits.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--dev", action="store_true", help="accuracy on the ACLED dev tuning rows")
    parser.add_argument("--holdout", action="store_true", help="also on the held-out rows")
    parser.add_argument("--show", type=int, default=0, help="print this many tuning-row country errors")
    parser.add_argument("--no-startup", action="store_true")
    args = parser.parse_args()

    if not args.no_startup:
        with tempfile.TemporaryDirectory() as empty:
            cold = startup(empty)                   # builds the index and writes the cache
            warm = startup(empty)                   # reads that cache
        startup(None)                               # make sure the user cache exists
        print(f"start-up: cold (build + write cache) {cold:.2f} s, warm {warm:.2f} s, "
              f"warm default cache {startup(None):.2f} s")
    rate = throughput(corpus(args.sentences))
    print(f"locate(): {rate:,.0f} sentences/s on {args.sentences:,} generated news sentences")
    if SHARED.exists():
        notes = [r["notes"] for r in dev_rows(False)]
        print(f"locate(): {throughput(notes * 3):,.0f} notes/s on ACLED notes (whole notes, not sentences)")
    if args.dev:
        for name, holdout in (("tuning", False), ("held-out", True))[: 1 + args.holdout]:
            rows = dev_rows(holdout)
            scores = accuracy(rows, show=args.show if not holdout else 0)
            print(f"ACLED dev {name} rows ({len(rows)}): "
                  + ", ".join(f"{k} {v:.1%}" for k, v in scores.items()))


if __name__ == "__main__":
    main()
