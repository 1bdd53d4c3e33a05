"""Date expressions in a sentence, resolved to the day (or week, month, year) they name.

`find_dates` detects date expressions with compiled regular expressions: cheap hints first (most
sentences name no date), then one alternation of the forms the hints allow, tried where words start.
Each expression is then resolved against the publication date. dateparser reads the
varied wordings of a calendar day ("Sept. 3rd", "the 3rd of July, 2025") and "N units ago"; the rest is
computed directly, because it is simpler and dateparser gets it wrong or needs help there (weekdays,
"overnight", "last night", "earlier this month", "in recent weeks", ISO dates, months, years).

Decisions (the tests hold them):
- A day and month without a year take the latest such date no more than 14 days after publication:
  "July 3" in a 2025-07-04 article is 2025-07-03, "on July 5" (planned) is 2025-07-05, "July 20" is
  2024-07-20. A month without a year is the latest one that began on or before publication.
- A weekday is the latest such day on or before publication (the same day allowed); "last Monday" is
  strictly before, "next Monday" strictly after.
- "overnight" and "last night" are the previous day: the night began then. "overnight into Tuesday" is
  the day before that Tuesday; "Monday night" and "overnight Monday" are Monday.
- A week-precision date is the first day of the week meant: "last week" is the Monday of the previous
  calendar week, "over the weekend" the Saturday, a range its start. A month-precision date is the first
  day of the month, or of its third for "early/mid/late May" (1st, 11th, 21st); a year likewise
  (1 January, 1 May, 1 September for "early/mid/late 2021"). "in recent days/weeks/months" start 7, 30
  and 180 days before publication, with week, month and year precision.
- "around", "about", "on or around" widen a day to a week, as ACLED does ("Around 7 June 2022");
  ACLED's parenthetical qualifiers are part of the mention: "(week of)", "(weekend of)" and
  "(between ...)" give week precision, "(month of)" month precision, "(as reported)" changes nothing.
- A range ("between 1 and 7 March 2022", "1-7 March") is its start date, with week precision when it
  spans at most 7 days, month precision otherwise.
- Numeric dates: ISO (2025-07-03) always; d/m/yyyy or m/d/yyyy only when the reading is unambiguous
  (a part above 12, or both parts equal); "24/7" and other slashes without a year are not dates.
- Decades ("the 1990s") and dates before 1900 ("in 1899", history) are not event dates and are
  skipped. A bare year counts only after a preposition or modifier ("in 2021", "since 2014",
  "early 2021"); a bare month name only with such
  context ("in May", "last March", "mid-June") or next to a day or a year ("May 5", "May 2022"), so
  "may raise concerns" and "the March on Washington" are not dates.
- Without a publication date, relative expressions keep their mention with `date=None`; absolute dates
  with a year still resolve (ACLED notes carry no publication date).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from eventpipe.schemas import DatePrecision

DAY, WEEK, MONTH, YEAR = DatePrecision.day, DatePrecision.week, DatePrecision.month, DatePrecision.year
_COARSER = {DAY: WEEK, WEEK: MONTH, MONTH: YEAR, YEAR: YEAR}

# A day and month this far after publication is still this year's (a planned "on July 5").
FUTURE_TOLERANCE = dt.timedelta(days=14)
OLDEST = dt.date(1900, 1, 1)  # earlier dates are history, not the day of a reported event


@dataclass(frozen=True, slots=True)
class DateMention:
    char_start: int          # offsets in the text passed in
    char_end: int
    text: str                # the words that set the date: "late Monday", "on July 3", "overnight"
    date: dt.date | None     # None when it cannot be anchored (relative, no publication date)
    precision: DatePrecision


# ---------------------------------------------------------------------------------------------------
# Vocabulary

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
             "sunday": 6}
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "a couple of": 2}
_VAGUE_COUNTS = {"few": 3, "a few": 3, "several": 3}  # counted as 3, one precision coarser
_UNIT_PRECISION = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR}

# ---------------------------------------------------------------------------------------------------
# Patterns

_MONTH_FULL_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
                    r"|December)\b")
_MONTH_NAME = rf"(?:{_MONTH_FULL_NAME}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_WEEKDAY_NAME = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
# A day of the month: not glued to a word or a hyphen ("COVID-19", "F-16"), not a time or a number.
_DAY_NUMBER = r"(?<![\w.,/:])(?<![A-Za-z]-)(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?![:.,]\d|%|-[A-Za-z])"
_YEAR_DIGITS = r"(?:1[89]\d\d|20\d\d)"
_YEAR_NUMBER = rf"{_YEAR_DIGITS}\b(?![-/]\d|')"
_NUMBER = (r"(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\s+)?couple\s+of"
           r"|(?:a\s+)?few|several)")
_COUNT = rf"(?:an?|one|{_NUMBER})"
# ACLED's qualifiers: "On 5 May 2022 (as reported)", "Around 6 March 2022 (week of)".
_QUALIFIER = r"(?:\s*\((?i:as\s+reported|week\s+of|weekend\s+of|month\s+of|between\s[^()]{1,40})\))?"

# A weekday in a name is no day: "Black Friday", "Super Tuesday", "the Sunday Times", "a Sunday Telegraph
# report" (after "the" or "a", a capitalised word makes a name).
_NOT_A_NAMED_DAY = (
    "".join(rf"(?<!{word} )" for word in ("Black", "Good", "Bloody", "Cyber", "Super", "Ash", "Easter",
                                          "Holy", "Palm", "Maundy", "Shrove", "Giving", "Whit"))
    + rf"(?!{_WEEKDAY_NAME}\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Mail|Tribune|Star|Independent"
    + r"|Observer|Sport|People)\b)"
    + rf"(?:(?<![Tt]he )(?<!\b[Aa] )|(?!{_WEEKDAY_NAME}\s+[A-Z]))")

_DAY_MONTH = rf"(?:the\s+)?{_DAY_NUMBER}(?:\s+of)?\s+{_MONTH_NAME}"
_MONTH_DAY = rf"{_MONTH_NAME}\s+(?:the\s+)?{_DAY_NUMBER}"
_ON_DATE = rf"(?:{_WEEKDAY_NAME},?\s+)?"

_FORMS = {
    "range": (
        rf"(?:(?i:between|from)\s+(?:{_DAY_MONTH}|{_MONTH_DAY}|{_DAY_NUMBER})"
        rf"\s*(?:(?i:and|to|until|till|through)\s+|[-–—]\s*)"
        rf"|(?:{_DAY_MONTH}|{_MONTH_DAY}|{_DAY_NUMBER})\s*[-–—]\s*)"
        rf"(?:{_DAY_MONTH}|{_MONTH_DAY}|{_DAY_NUMBER})(?:,?\s+{_YEAR_NUMBER})?{_QUALIFIER}"),
    "day_month": rf"{_ON_DATE}{_DAY_MONTH}(?:,?\s+{_YEAR_NUMBER})?{_QUALIFIER}",
    "month_day": rf"{_ON_DATE}{_MONTH_DAY}(?:,?\s+{_YEAR_NUMBER})?{_QUALIFIER}",
    "iso": rf"\b{_YEAR_DIGITS}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:\b|(?=T\d))(?!-\d){_QUALIFIER}",
    "slash": rf"(?<![\w/.])\d{{1,2}}/\d{{1,2}}/{_YEAR_NUMBER}",
    "month_year": rf"{_MONTH_NAME},?\s+{_YEAR_NUMBER}",
    "month": rf"{_MONTH_FULL_NAME}(?!\s+Day\b)",  # not "May Day"
    "weekday": (rf"{_NOT_A_NAMED_DAY}{_WEEKDAY_NAME}(?:\s+(?i:night|morning|afternoon|evening|overnight))?"
                rf"(?:\s+(?i:into)\s+{_WEEKDAY_NAME})?"),
    "overnight": rf"(?i:overnight)(?:\s+(?:(?i:into|on|to)\s+)?{_WEEKDAY_NAME})?",
    "deictic": (r"(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night"
                r"|this\s+(?:morning|afternoon|evening))\b"),
    "ago": rf"(?i:{_COUNT}\s+(?:days?|weeks?|months?|years?)\s+ago)\b",
    "calendar": (r"(?i:(?:(?:earlier|later)\s+(?:this|in\s+the)|this|last|next)\s+(?:week|month|year))\b"
                 r"(?!\s+of\b)"),  # not "the last week of June"
    # "last"/"previous" without a count is a window only after a preposition: not "the last days of".
    "window": (rf"(?i:(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:(?:recent|past)\s+(?:{_NUMBER}\s+)?"
               rf"|(?:last|previous)\s+{_NUMBER}\s+)(?:days|weeks|months|years|hours|week|month|year)"
               rf"|(?:in|over|during|within)\s+the\s+(?:last|previous)\s+"
               r"(?:days|weeks|months|years|week|month|year))\b(?!\s+of\b)"),
    "weekend": r"(?i:(?:(?:over|during|at|on)\s+)?(?:the|this|last|past)\s+weekend)\b",
    "year": rf"(?<![\w-]){_YEAR_NUMBER}",
}
# The pre-filter: cheap tests on the sentence, each of which lets some forms in. Most sentences pass
# none; the others get a pattern made of the forms they can contain (a shorter alternation is faster).
_MONTH_HINT = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_YEAR_HINT = re.compile(r"[12]\d{3}")
_WEEKDAY_HINT = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_RELATIVE_HINTS = (  # (a word in the lower-cased sentence, the forms it lets in)
    ("night", ("overnight", "deictic")), ("yesterday", ("deictic",)), ("today", ("deictic",)),
    ("tomorrow", ("deictic",)), ("morning", ("deictic",)), ("afternoon", ("deictic",)),
    ("evening", ("deictic",)), (" ago", ("ago",)),
    ("week", ("calendar", "window", "weekend")), ("month", ("calendar", "window")),
    ("year", ("calendar", "window")), ("recent", ("window",)), ("past", ("window",)),
    ("last", ("window",)), ("previous", ("window",)),
)


def _possible_forms(text: str) -> tuple[str, ...]:
    kinds: set[str] = set()
    lower = text.lower()
    if _MONTH_HINT.search(text):
        kinds.update(("day_month", "month_day", "month_year", "month"))
        if "-" in text or "–" in text or "—" in text or "between" in lower or "from" in lower:
            kinds.add("range")
    if _YEAR_HINT.search(text):
        kinds.update(("iso", "slash", "year"))
    if _WEEKDAY_HINT.search(text):
        kinds.add("weekday")
    for word, forms in _RELATIVE_HINTS:
        if word in lower:
            kinds.update(forms)
    return tuple(kind for kind in _FORMS if kind in kinds)


@functools.lru_cache(maxsize=256)
def _pattern(kinds: tuple[str, ...]) -> re.Pattern:
    """One alternation of the given forms, tried only where a word starts."""
    alternatives = "|".join(f"(?P<{kind}>{_FORMS[kind]})" for kind in kinds)
    return re.compile(rf"(?<![A-Za-z0-9])(?=[A-Za-z0-9])(?:{alternatives})")


# The word just before a date that belongs to it: "on", "late", "in", "mid-", "around".
_BEFORE = re.compile(
    r"(?i)(?<![\w-])(on\s+or\s+(?:around|about)|(?:on\s+)?the\s+night\s+of|on|around|about|in|during|since"
    r"|throughout|through|last|this|next|earlier\s+in|later\s+in|early|late|mid|(?:at\s+)?(?:the\s+)?"
    r"(?:start|beginning|middle|end)\s+of)(?:\s+|\s*-\s*)$")
_DAY_PARTS = re.compile(rf"(?P<d1>{_DAY_NUMBER})(?:\s+of)?\s+(?P<m1>{_MONTH_NAME})"
                        rf"|(?P<m2>{_MONTH_NAME})\s+(?:the\s+)?(?P<d2>{_DAY_NUMBER})|(?P<d3>{_DAY_NUMBER})")
_LEADING_WEEKDAY = re.compile(rf"{_WEEKDAY_NAME},?\s+")
_TRAILING_YEAR = re.compile(rf",?\s+({_YEAR_NUMBER})$")
_WINDOW_COUNT = re.compile(rf"(?i:(?:recent|past|last|previous)\s+({_NUMBER})\s)")
_PART_OF = re.compile(r"^(?:at )?(?:the )?(?=(?:start|beginning|middle|end) of)")
_WORD = re.compile(r"[A-Za-z]+")
_INTEGER = re.compile(r"\d+")

_WEEK_QUALIFIERS = ("week of", "weekend of", "between")
_ROUGHLY = {"around", "about", "on or around", "on or about"}
_PART_OF_MONTH = {"early": 1, "start of": 1, "beginning of": 1, "mid": 11, "middle of": 11, "late": 21,
                  "end of": 21}
_PART_OF_YEAR = {"early": 1, "start of": 1, "beginning of": 1, "mid": 5, "middle of": 5, "late": 9,
                 "end of": 9}
_MONTH_CONTEXT = {"in", "during", "since", "throughout", "through", "last", "this", "next", "earlier in",
                  "later in", *_PART_OF_MONTH}
_YEAR_CONTEXT = {"in", "during", "since", "throughout", "through", "earlier in", "later in", *_PART_OF_YEAR}
_WEEKDAY_CONTEXT = {"on", "last", "next", "this", "early", "late", "since", "through"}
_DAY_CONTEXT = {"on", "on the night of", "the night of", "since", "through", *_ROUGHLY}
_SHOWN_PREFIXES = {"on", "last", "next", "this", "early", "late", "mid", "in", "during", "earlier in",
                   "later in", "on the night of", "the night of", *_ROUGHLY, *_PART_OF_MONTH}


# ---------------------------------------------------------------------------------------------------
# Public interface

def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """The date expressions of one sentence (or short note), in text order and non-overlapping."""
    if isinstance(published, dt.datetime):
        published = published.date()  # an ISO date-time anchors on its day
    kinds = _possible_forms(text)
    if not kinds:
        return []
    mentions: list[DateMention] = []
    previous_end = 0
    for match in _pattern(kinds).finditer(text):
        mention = _resolve(text, match, published, previous_end)
        if mention is not None and (mention.date is None or mention.date >= OLDEST):
            mentions.append(mention)
            previous_end = mention.char_end
    return mentions


def note_date(text: str, published: dt.date | None) -> DateMention | None:
    """The date mention that sets the event's day in an ACLED-style note (or a news sentence).

    Rule: the first mention that resolves to a date with day or week precision ("On 30 April 2022",
    "Around 7 June 2022"); failing that, the first mention that resolves at all ("in May 2022");
    otherwise None. Notes lead with the event's date; later dates are background ("demanded that ...
    hand over power on 7 February").
    """
    dated = [mention for mention in find_dates(text, published) if mention.date is not None]
    for mention in dated:
        if mention.precision in (DAY, WEEK):
            return mention
    return dated[0] if dated else None


# ---------------------------------------------------------------------------------------------------
# Resolution of one match. A resolver gets the matched words, the word before them that may belong to
# them ("on", "late", "in", "mid"; None if there is none) and the publication date. It returns None to
# reject the match, else the date (None when it cannot be anchored), its precision and whether the word
# before is part of the expression.

Resolved = tuple[dt.date | None, DatePrecision, bool] | None


def _resolve(text: str, match: re.Match, published: dt.date | None, previous_end: int) -> DateMention | None:
    start, end = match.span()
    before = _BEFORE.search(text, max(previous_end, start - 30), start)
    prefix = _PART_OF.sub("", " ".join(before.group(1).lower().split())) if before else None
    resolved = _RESOLVERS[match.lastgroup](match.group(), prefix, published)
    if resolved is None:
        return None
    date, precision, takes_prefix = resolved
    if takes_prefix and prefix in _SHOWN_PREFIXES:
        start = before.start()
    return DateMention(start, end, text[start:end], date, precision)


def _qualified(words: str, prefix: str | None, precision: DatePrecision) -> DatePrecision:
    """ACLED's "(week of)" / "(month of)" and a leading "around" widen the precision of a day."""
    qualifier = words[words.rfind("(") + 1:].lower() if words.endswith(")") else ""
    if qualifier.startswith("month of"):
        return MONTH
    if precision is DAY and (prefix in _ROUGHLY or qualifier.startswith(_WEEK_QUALIFIERS)):
        return WEEK
    return precision


def _unqualified(words: str) -> str:
    return words[:words.rfind("(")].rstrip() if words.endswith(")") else words


def _calendar_day(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    """ "3 July 2025", "Monday, July 3", "the 3rd of July": dateparser reads it, the pattern checks it."""
    if prefix not in _DAY_CONTEXT and prefix not in _WEEKDAY_CONTEXT:
        prefix = None
    day_words = _unqualified(words)
    weekday = _LEADING_WEEKDAY.match(day_words)
    if weekday:
        day_words = day_words[weekday.end():]
    year_match = _TRAILING_YEAR.search(day_words)
    year = int(year_match.group(1)) if year_match else None
    if year_match:
        day_words = day_words[:year_match.start()]
    day, month = _day_and_month(_DAY_PARTS.search(day_words))
    if _read_day(" ".join(day_words.split())) != (month, day):
        return None  # dateparser read something else ("June 30" as June 1930): no false date
    date = _anchor_day(month, day, year, published)
    if date is None and year is not None:
        return None  # 29 February 2023 is no day
    return date, _qualified(words, prefix, DAY), prefix is not None


def _range(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    """ "between 1 and 7 March 2022", "1-7 March", "from March 30 to April 2": the first day."""
    day_words = _unqualified(words)
    year_match = _TRAILING_YEAR.search(day_words)
    year = int(year_match.group(1)) if year_match else None
    ends = list(_DAY_PARTS.finditer(day_words[:year_match.start()] if year_match else day_words))
    if len(ends) != 2:
        return None
    (day1, month1), (day2, month2) = (_day_and_month(part) for part in ends)
    month1, month2 = month1 or month2, month2 or month1
    if month1 is None:
        return None  # "a 2-1 vote"
    if year is None and published is None:
        return None, WEEK, False
    last = _anchor_day(month2, day2, year, published)
    if last is None:
        return None
    try:
        first = dt.date(last.year if (month1, day1) <= (month2, day2) else last.year - 1, month1, day1)
    except ValueError:
        return None
    span = (last - first).days
    if not 0 <= span <= 62:
        return None
    return first, _qualified(words, None, WEEK if span <= 7 else MONTH), prefix in _DAY_CONTEXT


def _day_and_month(parts: re.Match) -> tuple[int, int | None]:
    day = int(_INTEGER.search(parts.group("d1") or parts.group("d2") or parts.group("d3")).group())
    name = parts.group("m1") or parts.group("m2")
    return day, _MONTHS[name.lower().rstrip(".")] if name else None


def _iso(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    year, month, day = (int(part) for part in _INTEGER.findall(_unqualified(words)))
    if prefix not in _DAY_CONTEXT:
        prefix = None
    try:
        return dt.date(year, month, day), _qualified(words, prefix, DAY), prefix is not None
    except ValueError:
        return None


def _slash(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    first, second, year = (int(part) for part in words.split("/"))
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    elif first == second:
        day = month = first
    else:
        return None  # 03/04/2022: April 3rd or March 4th; left alone rather than guessed
    try:
        return dt.date(year, month, day), DAY, prefix in _DAY_CONTEXT
    except ValueError:
        return None


def _month_year(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    month, year = _MONTHS[_WORD.match(words).group().lower()], int(words[-4:])
    return _month_start(year, month, prefix), MONTH, prefix in _MONTH_CONTEXT


def _month(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    if prefix not in _MONTH_CONTEXT:
        return None  # "the March on Washington", "Theresa May"
    if published is None:
        return None, MONTH, True
    month = _MONTHS[words.lower()]
    year = published.year if month <= published.month else published.year - 1
    if prefix == "last" and month == published.month:
        year -= 1
    if prefix == "next":
        year = published.year if month > published.month else published.year + 1
    return _month_start(year, month, prefix), MONTH, True


def _month_start(year: int, month: int, prefix: str | None) -> dt.date:
    return dt.date(year, month, _PART_OF_MONTH.get(prefix, 1))


def _weekday(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    if prefix not in _WEEKDAY_CONTEXT:
        prefix = None
    weekday = _WEEKDAYS[_WORD.match(words).group().lower()]
    return _weekday_date(weekday, published, prefix), DAY, prefix is not None


def _weekday_date(weekday: int, published: dt.date | None, relation: str | None) -> dt.date | None:
    if published is None:
        return None
    if relation == "next":
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7)
    back = (published.weekday() - weekday) % 7
    if relation == "last" and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _overnight(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    if published is None:
        return None, DAY, False
    parts = [word.lower() for word in _WORD.findall(words)]
    if len(parts) == 1:
        return published - dt.timedelta(days=1), DAY, False
    day = _weekday_date(_WEEKDAYS[parts[-1]], published, None)
    return (day - dt.timedelta(days=1) if parts[1] == "into" else day), DAY, False


_DEICTIC_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1,
                 "the day before yesterday": -2, "this morning": 0, "this afternoon": 0, "this evening": 0}


def _deictic(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    if published is None:
        return None, DAY, False
    return published + dt.timedelta(days=_DEICTIC_DAYS[" ".join(words.lower().split())]), DAY, False


def _ago(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    count_words, unit = " ".join(words.lower().split())[:-len(" ago")].rsplit(" ", 1)
    unit = unit.rstrip("s")
    precision = _UNIT_PRECISION[unit]
    if count_words in _VAGUE_COUNTS:
        count, precision = _VAGUE_COUNTS[count_words], _COARSER[precision]
    else:
        count = int(count_words) if count_words.isdigit() else _COUNTS[count_words]
    if published is None:
        return None, precision, False
    return _read_ago(f"{count} {unit}s ago", published), precision, False


def _calendar(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    """ "last week", "earlier this month", "next year": the first day of that week, month or year."""
    *_, relation, unit = words.lower().split()
    shift = {"last": -1, "next": 1}.get(relation, 0)
    precision = _UNIT_PRECISION[unit]
    if published is None:
        return None, precision, False
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(weeks=shift), precision, False
    if unit == "month":
        index = published.year * 12 + published.month - 1 + shift
        return dt.date(index // 12, index % 12 + 1, 1), precision, False
    return dt.date(published.year + shift, 1, 1), precision, False


_WINDOW_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365}
_WINDOW_DEFAULT = {"days": 7, "weeks": 30, "months": 180, "years": 3 * 365}


def _window(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    """ "in recent weeks", "the past two days", "over the last 24 hours": the start of the window."""
    unit = words.lower().split()[-1]
    count_match = _WINDOW_COUNT.search(words)
    if count_match:
        number = " ".join(count_match.group(1).lower().split())
        count = int(number) if number.isdigit() else _COUNTS.get(number) or _VAGUE_COUNTS[number]
        days = max(1, round(count * _WINDOW_DAYS[unit.rstrip("s")]))
    else:
        days = _WINDOW_DEFAULT.get(unit) or max(1, round(_WINDOW_DAYS[unit.rstrip("s")]))
    precision = DAY if days <= 1 else WEEK if days <= 7 else MONTH if days <= 31 else YEAR
    if published is None:
        return None, precision, False
    return published - dt.timedelta(days=days), precision, False


def _weekend(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    return _weekday_date(5, published, None), WEEK, False


def _year(words: str, prefix: str | None, published: dt.date | None) -> Resolved:
    if prefix not in _YEAR_CONTEXT:
        return None  # "the 2022 invasion" names an event, not its date
    return dt.date(int(words), _PART_OF_YEAR.get(prefix, 1), 1), YEAR, True


_RESOLVERS = {
    "range": _range, "day_month": _calendar_day, "month_day": _calendar_day, "iso": _iso,
    "slash": _slash, "month_year": _month_year, "month": _month, "weekday": _weekday,
    "overnight": _overnight, "deictic": _deictic, "ago": _ago, "calendar": _calendar,
    "window": _window, "weekend": _weekend, "year": _year,
}


# ---------------------------------------------------------------------------------------------------
# Calendar helpers and the cached dateparser calls

def _anchor_day(month: int, day: int, year: int | None, published: dt.date | None) -> dt.date | None:
    """A day and month; without a year, the latest one no more than FUTURE_TOLERANCE after publication."""
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    if published is None:
        return None
    latest = published + FUTURE_TOLERANCE
    for candidate_year in (latest.year, latest.year - 1, latest.year - 2, latest.year - 3, latest.year - 4):
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:
            continue  # 29 February outside a leap year
        if candidate <= latest:
            return candidate
    return None


@functools.lru_cache(maxsize=4096)
def _read_day(words: str) -> tuple[int, int] | None:
    """dateparser's (month, day) for the wording of a day without its year ("Sept. 3rd", "the 3rd of
    July"). The year is left out because the pattern has it already, and so that one cache entry serves
    every year and publication date; the base is a leap year so that 29 February reads."""
    import dateparser

    read = dateparser.parse(words, languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(2000, 12, 31), "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"]})
    return (read.month, read.day) if read else None


@functools.lru_cache(maxsize=4096)
def _read_ago(words: str, published: dt.date) -> dt.date | None:
    import dateparser

    read = dateparser.parse(words, languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime.combine(published, dt.time()), "PREFER_DATES_FROM": "past"})
    return read.date() if read else None
