"""The ACLED development notes through the real scorer: docs -> `eventpipe code` -> score --format acled.

Skips when ../shared is not beside the repository. The figures asserted are the issue's done-when
thresholds (sub-event weighted F1 >= 85, event type >= 90 %, date >= 97 %, fatalities >= 90 %,
country >= 95 %); bench/acled_dev.py reports them for the tuning and held-out splits.
"""
import json
import subprocess
import sys

import pytest

from shared import shared_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def acled_score(tmp_path_factory):
    gold = shared_file("gold", "acled_dev.csv")
    scorer = shared_file("tools", "score.py")
    work = tmp_path_factory.mktemp("acled")
    docs, pred = work / "docs.jsonl", work / "pred.jsonl"
    docs.write_bytes(subprocess.run([sys.executable, scorer, "docs", "--format", "acled", gold],
                                    check=True, capture_output=True).stdout)
    pred.write_bytes(subprocess.run([sys.executable, "-m", "eventpipe.flows.cli", "code", docs],
                                    check=True, capture_output=True).stdout)
    out = subprocess.run([sys.executable, scorer, "score", "--format", "acled", gold, pred, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out[:out.rindex("}") + 1])


def test_sub_event_type(acled_score):
    assert acled_score["sub_event_type_weighted_f1"] >= 85.0, acled_score["top_confusions"]


def test_event_type(acled_score):
    assert acled_score["event_type_accuracy"] >= 90.0, acled_score["top_confusions"]


def test_date(acled_score):
    assert acled_score["date_accuracy"] >= 97.0


def test_fatalities(acled_score):
    assert acled_score["fatalities_accuracy"] >= 90.0


def test_country(acled_score):
    assert acled_score["country_accuracy"] >= 95.0


def test_every_sub_event_type_of_the_notes_is_found(acled_score):
    missing = [label for label, f1 in acled_score["per_class_f1"].items() if f1 == 0.0]
    assert not missing, missing
