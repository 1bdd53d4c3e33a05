"""The ACLED development notes through the real scorer: docs -> `eventpipe code` -> score --format acled.

Skips when ../shared is not beside the repository. The figures asserted are the issue's done-when
thresholds (sub-event weighted F1 >= 85, event type >= 90 %, date >= 97 %, fatalities >= 90 %,
country >= 95 %); bench/acled_dev.py reports them for the tuning and held-out splits.
"""
import pytest

from shared import score, shared_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def acled_score(tmp_path_factory):
    return score("acled", shared_file("gold", "acled_dev.csv"), tmp_path_factory.mktemp("acled"))


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
