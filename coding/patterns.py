"""The pattern language of the event rules, compiled to spaCy Matcher patterns.

A pattern is a space-separated sequence of token tests:

    halt|pause      a token whose lemma is one of these (words are lemmatised when compiled,
                    so "shipments" and "shipment" are the same test)
    =call|calls     one of exactly these word forms, any case (the noun "call", not "called")
    word?           optional token
    !for|to         exactly one token whose lemma is NOT one of these
    ~3              up to 3 tokens of anything within the clause (no . ; : ? ! in between)
    NUM             a number ("108", "two", "dozens")
    "Text"          the exact text, case-sensitive
    -               a hyphen or dash token (-, –, —)
    's              the possessive ('s or ’s)
"""
from __future__ import annotations

import re

from spacy.language import Language

_GAP = re.compile(r"^~(\d+)$")
_CLAUSE_BREAKS = [".", ";", ":", "?", "!"]
_DASHES = ["-", "–", "—"]
_POSSESSIVE = ["'s", "’s", "'", "’"]


class PatternError(ValueError):
    pass


def compile_pattern(pattern: str, nlp: Language) -> list[dict]:
    """Turn one pattern string into a spaCy Matcher token-pattern list."""
    tokens: list[dict] = []
    for raw in pattern.split():
        tokens.append(_compile_token(raw, nlp))
    if not tokens:
        raise PatternError("empty pattern")
    if all(t.get("OP") in ("?", "*") or "OP" in t and t["OP"].startswith("{0") for t in tokens):
        raise PatternError(f"pattern {pattern!r} can match nothing: every token is optional")
    if tokens[0].get("OP") or tokens[-1].get("OP"):
        raise PatternError(f"pattern {pattern!r} must start and end with a required token")
    return tokens


def _compile_token(raw: str, nlp: Language) -> dict:
    gap = _GAP.match(raw)
    if gap:
        return {"TEXT": {"NOT_IN": _CLAUSE_BREAKS}, "OP": f"{{0,{int(gap.group(1))}}}"}
    optional = raw.endswith("?") and len(raw) > 1
    if optional:
        raw = raw[:-1]
    if raw == "NUM":
        test: dict = {"LIKE_NUM": True}
    elif raw == "-":
        test = {"TEXT": {"IN": _DASHES}}
    elif raw == "'s":
        test = {"LOWER": {"IN": _POSSESSIVE}}
    elif len(raw) > 2 and raw[0] == raw[-1] == '"':
        test = {"ORTH": raw[1:-1]}
    elif raw.startswith("=") and len(raw) > 1:
        test = {"LOWER": {"IN": _forms(raw[1:])}}
    elif raw.startswith("!"):
        test = {"LEMMA": {"NOT_IN": _lemmas(raw[1:], nlp)}}
    else:
        test = {"LEMMA": {"IN": _lemmas(raw, nlp)}}
    if optional:
        test["OP"] = "?"
    return test


def _forms(alternatives: str) -> list[str]:
    words = [w.lower() for w in alternatives.split("|") if w]
    if not words or any(not re.fullmatch(r"[\w'’.&/-]+", w) for w in words):
        raise PatternError(f"bad token test {alternatives!r}")
    return sorted(set(words))


def _lemmas(alternatives: str, nlp: Language) -> list[str]:
    words = _forms(alternatives)
    lemmas: set[str] = set()
    for word in words:
        doc = nlp(word)
        if len(doc) != 1:
            raise PatternError(f"{word!r} is {len(doc)} tokens: write each token as its own test")
        lemmas.update((doc[0].lemma_, word))
    return sorted(lemmas)
