"""The event rules as data: they load, compile, and every example in the files codes as its rule."""
from pathlib import Path

import pytest

from eventpipe.coding.patterns import PatternError, compile_pattern
from eventpipe.coding.rules import RuleError, RuleSet, load_rules, rule_set
from eventpipe.coding.text import english, split_sentences

RULES = load_rules()


def _fired(text: str) -> set[str]:
    sentences = next(split_sentences([text]))
    return {t.rule.id for s in sentences for t in rule_set().find(s.span)}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_an_example(rule):
    assert rule.examples, f"{rule.id} documents no example sentence"


@pytest.mark.parametrize(("rule_id", "sentence"),
                         [(r.id, e) for r in RULES for e in r.examples])
def test_example_fires_its_rule(rule_id, sentence):
    assert rule_id in _fired(sentence)


@pytest.mark.parametrize(("rule_id", "sentence"),
                         [(r.id, e) for r in RULES for e in r.counterexamples])
def test_counterexample_does_not_fire_its_rule(rule_id, sentence):
    assert rule_id not in _fired(sentence)


def test_overlapping_matches_keep_the_longer_one():
    # "threatened to impose sanctions" is a threat, not an imposition
    assert _fired("Trump threatened to impose new sanctions on Russia.") == {"threaten.sanctions.threatened"}


def test_call_for_is_an_appeal_not_a_phone_call():
    fired = _fired("Putin rejected Zelensky's call for direct talks in Istanbul.")
    assert not {r for r in fired if r.startswith("consult.phone")}


@pytest.mark.parametrize("pattern", ["", "~3", "halt~3", "foo?", "air-strike"])
def test_bad_patterns_are_refused(pattern):
    with pytest.raises(PatternError):
        compile_pattern(pattern, english())


def test_rule_file_errors_name_the_file_and_rule(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("- id: x.y\n  code: '041'\n  kind: phone_call\n  patterns: []\n")
    with pytest.raises(RuleError, match=r"bad.yaml: x.y"):
        load_rules(tmp_path)
    (tmp_path / "bad.yaml").write_text("- id: a.b\n  code: '041'\n  kind: k\n  patterns: ['~2']\n")
    with pytest.raises(RuleError, match="a.b"):
        RuleSet(load_rules(tmp_path), english())


def test_duplicate_rule_ids_are_refused(tmp_path: Path):
    rule = "- id: a.b\n  code: '041'\n  kind: k\n  patterns: ['phone call']\n"
    (tmp_path / "one.yaml").write_text(rule)
    (tmp_path / "two.yaml").write_text(rule)
    with pytest.raises(RuleError, match="already defined"):
        load_rules(tmp_path)
