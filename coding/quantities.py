"""How many: drones launched, missiles fired (quantity) and people killed (fatalities)."""
from __future__ import annotations

import re

from spacy.tokens import Span

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    "hundred": 100, "thousand": 1000, "single": 1, "lone": 1,
}
_NUMBER_WORD = "|".join(sorted((w for w in _UNITS if w not in ("a", "an", "single", "lone")), key=len, reverse=True))
# No single event kills or launches more; a larger figure is a misreading (a year, a sum of money)
MAX_COUNT = 10_000_000
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_NUMBER_WORD})(?:[- ](?:{_NUMBER_WORD}))*)"


def parse_number(text: str) -> int | None:
    """'108' -> 108, '1,200' -> 1200, 'twenty-five' -> 25, 'two hundred' -> 200, 'a dozen' -> 12."""
    text = text.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    total, current = 0, 0
    for word in re.split(r"[-\s]+", text):
        value = _UNITS.get(word)
        if value is None:
            return None
        if value in (100, 1000):
            current = max(current, 1) * value
            if value == 1000:
                total, current = total + current, 0
        else:
            current += value
    return total + current or None


def plausible(count: int | None) -> int | None:
    return count if count is None or count <= MAX_COUNT else None


def quantity(sentence: Span, start: int, end: int, nouns: list[str]) -> int | None:
    """The count of `nouns` (lemmas, e.g. drone, missile) nearest the trigger: "launched 108
    Iranian-made drones", "shot down 93 of them", "108 drones were launched"."""
    if not nouns:
        return None
    doc = sentence.doc
    lo, hi = max(sentence.start, start - 6), min(sentence.end, end + 8)
    best: tuple[int, int] | None = None
    for i in range(lo, hi):
        token = doc[i]
        if not token.like_num or token.lower_ in ("one",) and i + 1 < hi and doc[i + 1].lower_ == "of":
            continue
        value = parse_number(token.text)
        if value is None or _looks_like_year(token.text):
            continue
        window = doc[i + 1:min(hi + 3, sentence.end, i + 6)]
        if any(t.lemma_ in nouns for t in window) or _of_them(doc, i, sentence.end):
            distance = abs(i - end) if i >= end else abs(start - i)
            if best is None or distance < best[0]:
                best = (distance, value)
    return plausible(best[1]) if best else None


def _of_them(doc, i: int, stop: int) -> bool:
    return i + 2 < stop and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in ("them", "those", "these")


def _looks_like_year(text: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", text))


_VICTIMS = (r"(?:people|persons?|civilians?|soldiers?|troops|servicem[ae]n|militants?|fighters?|rebels?|insurgents?|"
            r"police(?:m[ae]n| officers?)?|officers?|protesters?|protestors?|demonstrators?|marchers?|child(?:ren)?|"
            r"wom[ae]n|m[ae]n|residents?|villagers?|workers?|members?|others|individuals?|migrants?|students?|"
            r"farmers?|miners?|guards?|combatants?|gunm[ae]n|attackers?|assailants?|suspects?|passengers?|"
            r"militiam[ae]n|idps|of them|more)")
# between the victims and "killed": only auxiliaries ("were", "have been"), not another verb ("men attacked and killed")
_AUX = r"(?:(?:were|was|are|is|have|has|had|been|being|reportedly|also|all|later|allegedly|reported|confirmed)\s+){0,3}"
_ADJ = r"(?:[A-Za-z-]+\s+){0,3}?"
_ABOUT = r"(?:at\s+least\s+|some\s+|about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|up\s+to\s+|an\s+estimated\s+)?"
_KILLED = r"(?:killed|dead|died|slain|shot\s+dead|beaten\s+to\s+death|executed|lost\s+their\s+lives|were\s+killed|was\s+killed)"
_ONE = (r"\b(?:a|an|one|1)\s+(?:[A-Za-z-]+\s+){0,2}?(?:man|woman|boy|girl|child|person|civilian|soldier|"
        r"officer|policeman|member|journalist|farmer|student|worker|resident|villager|teenager|youth|"
        r"leader|commander|fighter|militant|protester|protestor|demonstrator|marcher|trader|driver|activist|teacher)\b")
_FATALITY_PATTERNS = [
    # ACLED's house style for an estimate: "Unspecified fatalities coded as 10"
    re.compile(rf"\bfatalities\s+(?:\w+\s+){{0,2}}?coded\s+(?:as|to)\s+({NUMBER})\b", re.I),
    re.compile(rf"\b({NUMBER})\s+(?:reported\s+)?fatalit(?:y|ies)\b", re.I),
    re.compile(rf"\b(?:killing|killed|kills|kill)\s+{_ABOUT}({NUMBER})\b(?!\s*(?:%|percent|km|kilomet|years?|days?|hours?))", re.I),
    re.compile(rf"\b{_ABOUT}({NUMBER})\s+{_ADJ}{_VICTIMS}\s+{_AUX}{_KILLED}", re.I),
    re.compile(rf"\b({NUMBER})\s+(?:people\s+)?(?:were\s+|have\s+been\s+|had\s+been\s+)?(?:killed|dead)\b", re.I),
    re.compile(rf"\bleaving\s+{_ABOUT}({NUMBER})\s+(?:\w+\s+)?dead\b", re.I),
    re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at)\s+{_ABOUT}({NUMBER})\b", re.I),
]
_ONE_KILLED = [
    re.compile(rf"{_ONE}\s+(?:\w+\s+){{0,3}}?(?:was|were|had\s+been|has\s+been|got)\s+(?:\w+\s+)?(?:killed|shot\s+dead|stabbed\s+to\s+death|beaten\s+to\s+death|lynched|murdered|slain)", re.I),
    re.compile(rf"\b(?:killing|killed|killing\s+of)\s+{_ONE}", re.I),
    re.compile(r"\b(?:killing|killed|murdering|murdered|shot\s+dead|shot\s+and\s+killed|stabbed\s+to\s+death)\s+"
               r"(?:a|an|the)\s+(?!number|total|few|lot|dozen|couple|group|series|family|crowd)\w+", re.I),
    re.compile(r"\b(?:killing|killed|murdered|shot\s+dead)\s+(?:him|her)\b", re.I),
    re.compile(r"\bbody\s+(?:of\s+a\s+\w+\s+)?was\s+found\b", re.I),
    re.compile(rf"{_ONE}\s+died\b", re.I),
]
_NO_DEATHS = re.compile(r"\bno\s+(?:one\s+was\s+killed|fatalities|deaths|casualties|one\s+died)\b"
                        r"|\bwithout\s+(?:any\s+)?casualties\b", re.I)


def fatalities(text: str) -> int | None:
    """People killed, as the sentence states it; None when it says nothing about deaths."""
    if _NO_DEATHS.search(text):
        return 0
    for pattern in _FATALITY_PATTERNS:
        match = pattern.search(text)
        if match:
            value = plausible(parse_number(match.group(1)))
            if value is not None:
                return value
    if any(p.search(text) for p in _ONE_KILLED):
        return 1
    return None
