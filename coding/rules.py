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
    """All rules compiled into spaCy Matchers; `find` returns the triggers of a sentence.

    Every pattern requires some word (its anchor, see _anchor). Patterns are grouped by anchor into
    several Matchers, and a sentence runs only the Matchers whose anchor words it contains: most
    sentences hold none, and the cost of a Matcher grows with its patterns, so hundreds of rules
    cost little more than a few."""

    def __init__(self, rules: Iterable[EventRule], nlp: Language):
        self.rules = {rule.id: rule for rule in rules}
        self._order = {rule_id: number for number, rule_id in enumerate(self.rules)}
        self._matchers: list[Matcher] = []
        self._by_anchor: dict[int, list[int]] = {}   # word hash -> indexes of the Matchers it opens
        self._always: list[int] = []                 # Matchers of patterns without an anchor
        self._keys: dict[int, tuple[EventRule, int]] = {}  # match key -> rule, trailing tokens to drop
        groups: dict[frozenset[str] | None, list[tuple[str, list[dict]]]] = {}
        for rule in self.rules.values():
            try:
                patterns = [compile_pattern(p, nlp) for p in rule.patterns]
            except PatternError as err:
                raise RuleError(f"rule {rule.id}: {err}") from None
            for number, pattern in enumerate(patterns):
                key = f"{rule.id}#{number}"
                # a final NOT test ("arrested !warrant") checks the next word; it is no part of the trigger
                self._keys[nlp.vocab.strings.add(key)] = (rule, int(_is_not_test(pattern[-1])))
                anchor = _anchor(pattern)
                groups.setdefault(frozenset(anchor) if anchor else None, []).append((key, pattern))
        for anchor, members in groups.items():
            matcher = Matcher(nlp.vocab)
            for key, pattern in members:
                matcher.add(key, [pattern], greedy="LONGEST")
            index = len(self._matchers)
            self._matchers.append(matcher)
            if anchor is None:
                self._always.append(index)
            else:
                for word in anchor:
                    self._by_anchor.setdefault(nlp.vocab.strings.add(word), []).append(index)

    def _candidates(self, sentence: Span) -> list[int]:
        """The Matchers that could match: those whose anchor word the sentence holds."""
        found = set(self._always)
        by_anchor = self._by_anchor
        for token in sentence:
            for word in (token.lemma, token.lower, token.orth):
                opened = by_anchor.get(word)
                if opened is not None:
                    found.update(opened)
        return sorted(found)

    def could_match(self, sentence: Span) -> bool:
        """A cheap test: does the sentence hold a word that some pattern requires? Most news
        sentences report no event and never reach a Matcher."""
        return bool(self._candidates(sentence))

    def find(self, sentence: Span) -> list[Trigger]:
        """Non-overlapping triggers in text order; where matches overlap, the higher priority, then
        a specific code over a generic one (041 over 040), then the longer match, then the earlier
        one, then the rule defined later (files go from general to specific) wins."""
        offset, doc = sentence.start, sentence.doc
        candidates = []
        for index in self._candidates(sentence):
            for match_id, start, end in self._matchers[index](sentence):
                rule, trailing = self._keys[match_id]
                start, end = offset + start, offset + end - trailing
                while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in _TRAILING_WORDS):
                    end -= 1
                if _in_name(doc, start, sentence) or (rule.acled is None and _attributive(doc, start, end, sentence)):
                    continue
                candidates.append(Trigger(rule, start, end))
        if not candidates:
            return []
        order = self._order
        candidates.sort(key=lambda t: (-t.rule.priority, _generic(t.rule.code), -(t.end - t.start), t.start,
                                       -order[t.rule.id]))
        taken: list[Trigger] = []
        for trigger in candidates:
            if all(trigger.end <= other.start or trigger.start >= other.end or _nested(trigger, other)
                   for other in taken):
                taken.append(trigger)
        taken.sort(key=lambda t: t.start)
        return taken


def _nested(inner: Trigger, outer: Trigger) -> bool:
    """A trigger inside the long gap of another reports an event of its own: the call in "warned
    Putin in a two-hour video call on Tuesday that the West would impose measures"."""
    return outer.end - outer.start > LONG_TRIGGER and outer.start < inner.start and inner.end < outer.end


LONG_TRIGGER = 8  # tokens


def _attributive(doc, start: int, end: int, sentence: Span) -> bool:
    """A lone participle between a determiner and its noun describes the thing, it reports no act:
    "the sanctioned tanker", "a blacklisted firm" (violence keeps it: "the abducted man" was abducted)."""
    if end - start != 1 or start == sentence.start or end >= sentence.end:
        return False
    word = doc[start].lower_
    return word.endswith("ed") and doc[start - 1].lower_ in _DETERMINERS and doc[end].is_alpha \
        and doc[end].is_lower


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"})


def _in_name(doc, i: int, sentence: Span) -> bool:
    """Is the capitalised token i part of a name inside running text ("in Baton Rouge", "local Burnt
    Store Isles residents", "Representative Rob Portman")? Not at the start of a sentence or a quote,
    nor in a title-case headline ("Police Fire Tear Gas at Protesters")."""
    token = doc[i]
    if not token.is_title or i == sentence.start or doc[i - 1].text in _OPENERS:
        return False
    before = doc[i - 1]
    after = doc[i + 1] if i + 1 < sentence.end else None
    if before.is_lower:  # "in Baton Rouge", "local Burnt Store Isles residents", "a Shell employee"
        return True
    # "Representative Rob Portman": between capitalised words, unless the sentence is a headline
    return (before.is_title or (after is not None and after.is_title)) and not _headline(sentence)


_OPENERS = frozenset({":", "\"", "“", "‘", "'", "(", "[", "-", "–", "—"})


def _headline(sentence: Span) -> bool:
    """Most words capitalised: "Police Fire Tear Gas at Protesters in Nairobi"."""
    words = [t for t in sentence if t.is_alpha and len(t) > 3]
    return bool(words) and sum(t.is_title for t in words) * 5 >= len(words) * 3


_TRAILING_WORDS = frozenset({"the", "a", "an", "of", "to", "for", "on", "with", "between", "in", "as", "at",
                             "by", "from", "and", "or", "them", "it"})


# words too common to tell a sentence apart: never chosen as a pattern's anchor
_COMMON = frozenset({"the", "a", "an", "have", "be", "to", "of", "in", "on", "for", "with", "by", "at", "'s",
                     "and", "or", "that", "this", "their", "his", "her", "its", "it", "from", "as", "do",
                     "make", "hold", "say", "take", "new", "more", "use", "send", "give", "one", "two"})


def _is_not_test(test: dict) -> bool:
    return any(isinstance(value, dict) and "NOT_IN" in value for value in test.values())


def _anchor(pattern: list[dict]) -> list[str] | None:
    """The words of the most specific required token test of a compiled pattern, or None when every
    required test is too general (a NOT test, a number, common words)."""
    best: list[str] | None = None
    for test in pattern:
        if "OP" in test:
            continue
        if "ORTH" in test:  # an exact text: its own anchor
            words = [test["ORTH"]]
        else:
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
