"""Event-type accuracy on the PLOVER gold-standard records (../shared/gold/PLOVER_GSR_CAMEO.txt).

    python bench/plover_gsr.py [--split tune|held-out|all] [--errors] [--rules DIR]

Each record (DOCUMENT entries excluded) is one short news text with an older PLOVER label. The coder
codes the text (published_at = the record's date); the prediction is the PLOVER type of the first
asserted event that has one (pure statements, CAMEO 010-017, have none: PLOVER does not code them).
The gold label is mapped to a current PLOVER type with the codebook (plover_legacy.csv).

Records split by the number in their id (PLOVER-GSR01-AGREE-0007 -> 7): odd numbers are the tuning
half, even numbers are held out. `--errors` lists misses and role mismatches of the tuning half
only, never of the held-out half, so that the held-out figure stays a fair estimate.

Printed: accuracy overall and per gold type, coverage (records with any event; with an asserted
PLOVER-typed event), a confusion table, and on correctly typed records the share whose source and
target countries match the gold actors where the record gives them.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from eventpipe.coding.codebook import PLOVER_TYPES, load_codebook
from eventpipe.coding.coder import Coder
from eventpipe.coding.rules import RuleSet, load_rules
from eventpipe.coding.text import english
from eventpipe.schemas import Document, Event, Modality

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "PLOVER_GSR_CAMEO.txt"
# CAMEO actor codes of the gold file that are not ISO 3166-1 alpha-3
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NONE = "-"


@dataclass(frozen=True, slots=True)
class Outcome:
    record_id: str
    number: int
    text: str
    gold: str
    predicted: str                       # a PLOVER type or NONE
    event: Event | None                  # the event the prediction came from
    any_event: bool
    gold_source: frozenset[str] | None   # country codes the record gives for the role, or None
    gold_target: frozenset[str] | None


def _number(record_id: str) -> int:
    match = re.search(r"(\d+)$", record_id)
    return int(match.group(1)) if match else 0


def _countries(role) -> frozenset[str] | None:
    if not role:
        return None
    actors = role if isinstance(role, list) else [role]
    codes = {CAMEO_TO_ISO.get(a["code"][:3], a["code"][:3]) for a in actors
             if isinstance(a, dict) and a.get("code")}
    return frozenset(codes) or None


def _matches(gold: frozenset[str], actor) -> bool:
    if actor is None or actor.country is None:
        return False
    if actor.country in gold:
        return True
    return "IGO" in gold and actor.country in ("EUR", "NATO", "UNO")


def _first_typed(events: list[Event]) -> Event | None:
    return next((e for e in events if e.modality == Modality.asserted and e.plover_type), None)


def run(records: list[dict], rules_dir: Path | None = None) -> list[Outcome]:
    book = load_codebook()
    coder = Coder(rules=RuleSet(load_rules(rules_dir), english()) if rules_dir else None)
    outcomes = []
    for record in records:
        if record.get("event") == "DOCUMENT" or not record.get("text"):
            continue
        events = coder.code_document(Document(doc_id=record["id"], text=record["text"],
                                              published_at=record.get("date")))
        event = _first_typed(events)
        outcomes.append(Outcome(
            record_id=record["id"], number=_number(record["id"]), text=record["text"],
            gold=book.plover_type_for_legacy(record["event"]),
            predicted=event.plover_type if event else NONE, event=event, any_event=bool(events),
            gold_source=_countries(record.get("source")), gold_target=_countries(record.get("target"))))
    return outcomes


def _share(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f}% ({hits}/{total})" if total else "    -"


def report(outcomes: list[Outcome], title: str) -> None:
    n = len(outcomes)
    correct = [o for o in outcomes if o.predicted == o.gold]
    print(f"== {title}: {n} records")
    print(f"accuracy            {_share(len(correct), n)}")
    print(f"coverage, any event {_share(sum(o.any_event for o in outcomes), n)}")
    print(f"coverage, typed     {_share(sum(o.predicted != NONE for o in outcomes), n)}")
    for role in ("source", "target"):
        given = [o for o in correct if getattr(o, f"gold_{role}")]
        hits = sum(_matches(getattr(o, f"gold_{role}"), getattr(o.event, f"{role}_actor")) for o in given)
        print(f"{role} country    {_share(hits, len(given))}  (correct type, role given)")

    by_gold: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_gold[o.gold].append(o)
    predicted_count = Counter(o.predicted for o in outcomes)
    print("\ntype         recall               precision")
    for plover in (t for t in PLOVER_TYPES if t in by_gold or t in predicted_count):
        rows = by_gold.get(plover, [])
        hits = sum(o.predicted == plover for o in rows)
        print(f"{plover:<12} {_share(hits, len(rows)):<20} {_share(hits, predicted_count[plover])}")

    columns = [t for t in PLOVER_TYPES if predicted_count[t]] + [NONE]
    print("\nconfusion (rows gold, columns predicted; abbreviated to 4 letters)")
    print(" " * 10 + "".join(f"{c[:4]:>5}" for c in columns))
    for plover in (t for t in PLOVER_TYPES if t in by_gold):
        counts = Counter(o.predicted for o in by_gold[plover])
        print(f"{plover:<10}" + "".join(f"{counts[c] or '.':>5}" for c in columns))
    print()


def errors(outcomes: list[Outcome]) -> None:
    """Misses and role mismatches of the tuning half only."""
    for o in outcomes:
        if o.number % 2 == 0:
            continue
        code = f"{o.event.cameo_code} {o.event.rule_id}" if o.event else ""
        if o.predicted != o.gold:
            print(f"{o.record_id}  gold {o.gold}  got {o.predicted} {code}\n    {o.text}")
            continue
        roles = [f"{role} {sorted(gold)} got {actor.country if actor else None}"
                 for role, gold, actor in (("source", o.gold_source, o.event.source_actor),
                                           ("target", o.gold_target, o.event.target_actor))
                 if gold and not _matches(gold, actor)]
        if roles:
            print(f"{o.record_id}  {code}  roles: {'; '.join(roles)}\n    {o.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=("tune", "held-out", "all"), default=None,
                        help="report one half only (default: both halves and all)")
    parser.add_argument("--errors", action="store_true", help="list the misses and role mismatches of the tuning half")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--rules", type=Path, default=None, help="a folder of rule files (default: data/rules)")
    args = parser.parse_args()
    if not args.gold.exists():
        raise SystemExit(f"{args.gold} not found (../shared sits beside the repository in development)")
    outcomes = run(json.loads(args.gold.read_text(encoding="utf-8")), args.rules)
    halves = {"tune": [o for o in outcomes if o.number % 2 == 1],
              "held-out": [o for o in outcomes if o.number % 2 == 0], "all": outcomes}
    for name in ([args.split] if args.split else ["tune", "held-out", "all"]):
        report(halves[name], name)
    if args.errors:
        errors(outcomes)


if __name__ == "__main__":
    main()
