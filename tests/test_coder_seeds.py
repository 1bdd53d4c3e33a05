"""The seeds' gold events through the real scorer: docs -> `eventpipe code` -> score."""
import pytest

from shared import score, shared_file


@pytest.fixture(scope="module")
def seeds_score(tmp_path_factory):
    return score("news", shared_file("gold", "seeds_gold.jsonl"), tmp_path_factory.mktemp("seeds"))


def test_every_gold_event_is_found(seeds_score):
    assert seeds_score["recall"] == 100.0, seeds_score["misses"]


def test_no_must_not_is_violated(seeds_score):
    assert seeds_score["violations"] == 0, seeds_score["violated"]


def test_precision_on_the_mission_families(seeds_score):
    assert seeds_score["precision"] >= 80.0, seeds_score["false_positives"]


def test_found_events_carry_their_dates(seeds_score):
    assert seeds_score["recall_with_date"] == seeds_score["recall"], seeds_score
