"""The coder on the ACLED development notes, scored by ../shared/tools/score.py --format acled.

    python bench/acled_dev.py                    # figures for the tuning and held-out splits
    python bench/acled_dev.py --errors 40        # + up to 40 misclassified TUNING notes
    python bench/acled_dev.py --errors 40 --gold "Armed clash"   # ... of one gold sub-event type

The notes are split by row index: rows with index % 5 != 4 are for tuning, index % 5 == 4 is held
out. Only the held-out figures are printed for that fifth, never its rows: rules are written from how
events are described in general, and the held-out figure tells whether they generalise.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "acled_dev.csv"
SCORER = SHARED / "tools" / "score.py"


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    return [r for i, r in enumerate(rows) if i % 5 != 4], [r for i, r in enumerate(rows) if i % 5 == 4]


def code(rows: list[dict], rules_dir: Path | None = None) -> list[dict]:
    """Every note coded in-process, as `eventpipe code` would (no publication date)."""
    from eventpipe.coding.coder import Coder
    from eventpipe.coding.rules import RuleSet, load_rules
    from eventpipe.coding.text import english
    from eventpipe.schemas import Document

    rules = RuleSet(load_rules(rules_dir), english()) if rules_dir else None
    docs = [Document(doc_id=r["event_id_cnty"], text=r["notes"]) for r in rows]
    return [json.loads(e.to_json()) for _, events in Coder(rules=rules).code(docs) for e in events]


def score(rows: list[dict], events: list[dict], fieldnames: list[str], folder: Path, name: str) -> dict:
    gold, pred = folder / f"{name}.csv", folder / f"{name}.jsonl"
    with gold.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    ids = {r["event_id_cnty"] for r in rows}
    pred.write_text("".join(json.dumps(e) + "\n" for e in events if e["doc_id"] in ids), encoding="utf-8")
    out = subprocess.run([sys.executable, SCORER, "score", "--format", "acled", gold, pred, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out[:out.rindex("}") + 1])


def show_errors(rows: list[dict], events: list[dict], limit: int, only: str | None) -> None:
    spec = importlib.util.spec_from_file_location("score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    by_doc: dict[str, list[dict]] = {}
    for e in events:
        by_doc.setdefault(e["doc_id"], []).append(e)
    shown = 0
    for r in rows:
        e = scorer.first_acled(by_doc.get(r["event_id_cnty"], []))
        got = e["acled_sub_event_type"] if e else "NONE"
        if got == r["sub_event_type"] or (only and r["sub_event_type"] != only):
            continue
        print(f"--- {r['event_id_cnty']}  gold {r['sub_event_type']}  got {got}"
              f"{'  rule ' + e['rule_id'] + ' [' + e['mentions'][0]['trigger'] + ']' if e else ''}")
        print("   ", r["notes"][:400])
        shown += 1
        if shown >= limit:
            break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", dest="only", help="list errors of this gold sub-event type only")
    parser.add_argument("--errors", type=int, default=0, help="list this many misclassified tuning notes")
    parser.add_argument("--rules", type=Path, help="another rules folder (default data/rules)")
    args = parser.parse_args()
    if not GOLD.exists():
        sys.exit(f"{GOLD} is not here")
    with GOLD.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fieldnames, rows = list(reader.fieldnames or ()), list(reader)
    tune, held = split(rows)
    events = code(rows, args.rules)
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: score(part, events, fieldnames, Path(tmp), name)
                   for name, part in (("tuning", tune), ("held-out", held))}
    for name, result in results.items():
        print(f"{name} ({result['notes']} notes): {result['headline']}")
    print("per-class F1 (tuning | held-out):")
    counts = Counter(r["sub_event_type"] for r in tune)
    for label in sorted(results["tuning"]["per_class_f1"], key=lambda k: -counts[k]):
        print(f"  {label:38s} n={counts[label]:4d}  {results['tuning']['per_class_f1'][label]:5.1f} | "
              f"{results['held-out']['per_class_f1'].get(label, float('nan')):5.1f}")
    print("top confusions (tuning):")
    for line in results["tuning"]["top_confusions"]:
        print("  " + line)
    if args.errors:
        show_errors(tune, events, args.errors, args.only)


if __name__ == "__main__":
    main()
