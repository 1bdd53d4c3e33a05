"""Event rules: loaded from data/rules/*.yaml, validated, compiled into one spaCy Matcher."""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Span

from eventpipe.schemas.rule import EventRule

from .patterns import PatternError, compile_pattern

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Trigger:
    """Where a rule matched: token offsets in the sentence's Doc."""

    rule: EventRule
    start: int
    end: int


def load_rules(rules_dir: Path | None = None) -> list[EventRule]:
    """Every rule of every YAML file in the folder, validated; rule ids are unique."""
    folder = rules_dir or RULES_DIR
    rules: list[EventRule] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as err:
            raise RuleError(f"{path}: not valid YAML: {err}") from None
        if not isinstance(entries, list):
            raise RuleError(f"{path}: expected a list of rules")
        for n, entry in enumerate(entries, 1):
            try:
                rule = EventRule.model_validate(entry)
            except ValidationError as err:
                name = entry.get("id", f"rule #{n}") if isinstance(entry, dict) else f"rule #{n}"
                hint = " (quote words like \"on\", \"no\", \"yes\": YAML reads them as true/false)" \
                    if "valid string" in str(err) else ""
                raise RuleError(f"{path}: {name}: {err}{hint}") from None
            if rule.id in seen:
                raise RuleError(f"{path}: rule id {rule.id} already defined in {seen[rule.id].name}")
            seen[rule.id] = path
            rules.append(rule)
    if not rules:
        raise RuleError(f"{folder}: no rules found")
    return rules


class RuleSet:
    """All rules compiled into one Matcher; `find` returns the triggers of a sentence."""

    def __init__(self, rules: Iterable[EventRule], nlp: Language):
        self.rules = {rule.id: rule for rule in rules}
        self.matcher = Matcher(nlp.vocab)
        self._anchors: set[int] = set()    # hashes of lemmas/word forms; see _anchor
        self._always = False                # some pattern has no anchor: run the Matcher everywhere
        for rule in self.rules.values():
            try:
                patterns = [compile_pattern(p, nlp) for p in rule.patterns]
            except PatternError as err:
                raise RuleError(f"rule {rule.id}: {err}") from None
            self.matcher.add(rule.id, patterns, greedy="LONGEST")
            for pattern in patterns:
                anchor = _anchor(pattern)
                if anchor is None:
                    self._always = True
                else:
                    self._anchors.update(nlp.vocab.strings.add(word) for word in anchor)
        self._ids = {nlp.vocab.strings[rule_id]: rule for rule_id, rule in self.rules.items()}

    def could_match(self, sentence: Span) -> bool:
        """A cheap test: does the sentence hold a word that some pattern requires? Most news
        sentences report no event and never reach the Matcher."""
        anchors = self._anchors
        return self._always or any(t.lemma in anchors or t.lower in anchors for t in sentence)

    def find(self, sentence: Span) -> list[Trigger]:
        """Non-overlapping triggers in text order; where matches overlap, the higher priority, then
        a specific code over a generic one (041 over 040), then the longer match, then the earlier
        one wins."""
        if not self.could_match(sentence):
            return []
        offset, doc = sentence.start, sentence.doc
        candidates = []
        for match_id, start, end in self.matcher(sentence):
            start, end = offset + start, offset + end
            while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in _TRAILING_WORDS):
                end -= 1
            if _in_name(doc, start, sentence):
                continue
            candidates.append(Trigger(self._ids[match_id], start, end))
        if not candidates:
            return []
        candidates.sort(key=lambda t: (-t.rule.priority, _generic(t.rule.code), -(t.end - t.start), t.start))
        taken: list[Trigger] = []
        for trigger in candidates:
            if all(trigger.end <= other.start or trigger.start >= other.end for other in taken):
                taken.append(trigger)
        taken.sort(key=lambda t: t.start)
        return taken


def _in_name(doc, i: int, sentence: Span) -> bool:
    """Is token i a word of a capitalised name inside running text ("Baton Rouge", "Burnt Store
    Isles", "Strike Force")? Headlines, where most words are capitalised, are not running text."""
    token = doc[i]
    if not token.is_title or i == sentence.start:
        return False
    neighbours = [doc[j] for j in (i - 1, i + 1) if sentence.start < j < sentence.end]
    if not any(n.is_title for n in neighbours):
        return False
    words = [t for t in sentence if t.is_alpha]
    return sum(t.is_title for t in words) * 2 < len(words)


_TRAILING_WORDS = frozenset({"the", "a", "an", "of", "to", "for", "on", "with", "between", "in", "as", "at",
                             "by", "from", "and", "or", "them", "it"})


# words too common to tell a sentence apart: never chosen as a pattern's anchor
_COMMON = frozenset({"the", "a", "an", "have", "be", "to", "of", "in", "on", "for", "with", "by", "at", "'s",
                     "and", "or", "that", "this", "their", "his", "her", "its", "it", "from", "as", "do",
                     "make", "hold", "say", "take", "new", "more", "use", "send", "give", "one", "two"})


def _anchor(pattern: list[dict]) -> list[str] | None:
    """The words of the most specific required token test of a compiled pattern, or None when every
    required test is too general (a NOT test, a number, common words)."""
    best: list[str] | None = None
    for test in pattern:
        if "OP" in test:
            continue
        words = (test.get("LEMMA") or test.get("LOWER") or {}).get("IN")
        if not words or _COMMON.intersection(words):
            continue
        if best is None or len(words) < len(best):
            best = words
    return best


def _generic(code: str) -> bool:
    """040, 190: the unspecified form of a family."""
    return len(code) == 3 and code.endswith("0")


@functools.cache
def rule_set() -> RuleSet:
    from .text import english

    return RuleSet(load_rules(), english())
