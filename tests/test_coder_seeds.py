"""The seeds' gold events through the real scorer: docs -> `eventpipe code` -> score."""
import json
import subprocess
import sys

import pytest

from shared import shared_file


@pytest.fixture(scope="module")
def seeds_score(tmp_path_factory):
    gold = shared_file("gold", "seeds_gold.jsonl")
    scorer = shared_file("tools", "score.py")
    work = tmp_path_factory.mktemp("seeds")
    docs, pred = work / "docs.jsonl", work / "pred.jsonl"
    docs.write_bytes(subprocess.run([sys.executable, scorer, "docs", "--format", "news", gold],
                                    check=True, capture_output=True).stdout)
    pred.write_bytes(subprocess.run([sys.executable, "-m", "eventpipe.flows.cli", "code", docs],
                                    check=True, capture_output=True).stdout)
    out = subprocess.run([sys.executable, scorer, "score", "--format", "news", gold, pred, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out[:out.rindex("}") + 1])


def test_every_gold_event_is_found(seeds_score):
    assert seeds_score["recall"] == 100.0, seeds_score["misses"]


def test_no_must_not_is_violated(seeds_score):
    assert seeds_score["violations"] == 0, seeds_score["violated"]


def test_precision_on_the_mission_families(seeds_score):
    assert seeds_score["precision"] >= 80.0, seeds_score["false_positives"]


def test_found_events_carry_their_dates(seeds_score):
    assert seeds_score["recall_with_date"] == seeds_score["recall"], seeds_score
