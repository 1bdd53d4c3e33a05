"""Mentions of the same happening in one document become one event (GDELT keeps events + mentions).

Two mentions are the same event when they have the same modality, related codes (equal, or one is
the generic form of the other: "a conversation" 040 and "a phone call" 041), compatible actors (the
same states, in either order for symmetric events; a missing role fits anything) and compatible dates
(two dates read from the text must agree). A mention without actors joins the latest event it fits;
if it fits none it stands alone only when it is an ACLED event (violence or protest can be reported
without naming anyone), otherwise it is dropped: "the call" alone says nothing new.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum

from eventpipe.schemas import ActorRef, DatePrecision, Location, Modality
from eventpipe.schemas.codebook import AcledSubType
from eventpipe.schemas.rule import EventRule


class DateOrigin(IntEnum):
    """Where a date came from, best first."""

    text = 0        # a date expression in the sentence
    event = 1       # the event the sentence refers to ("the call occurred shortly after ...")
    previous = 2    # the event the sentence continues
    published = 3   # the publication date, precision widened


@dataclass(slots=True)
class EventDate:
    date: dt.date | None
    precision: DatePrecision | None
    text: str | None
    origin: DateOrigin


@dataclass(slots=True)
class CodedMention:
    """One trigger read in one sentence, with everything the coder found around it."""

    rule: EventRule
    sentence_index: int
    paragraph: int
    sentence: str
    sentence_start: int           # offset of the sentence in the document text
    char_start: int
    char_end: int
    trigger: str
    source: ActorRef | None
    target: ActorRef | None
    target_inferred: bool
    modality: Modality
    date: EventDate | None
    quantity: int | None
    fatalities: int | None
    location: Location | None
    acled: AcledSubType | None = None   # the rule's ACLED type (its own, or its CAMEO code's)
    patient: str = ""                   # the words naming who or what was hit (RoleReader.patient_span)
    patient_before: bool = False        # ... and they stand before the trigger (passive: "a man was shot")
    agent: str = ""                     # the words naming who did it (RoleReader.agent_span)

    @property
    def has_actors(self) -> bool:
        return self.source is not None or self.target is not None


@dataclass(slots=True)
class DraftEvent:
    """An event being assembled from its mentions."""

    mentions: list[CodedMention] = field(default_factory=list)
    code: str = ""
    source: ActorRef | None = None
    target: ActorRef | None = None
    target_inferred: bool = False
    date: EventDate | None = None
    quantity: int | None = None
    fatalities: int | None = None
    location: Location | None = None
    acled: AcledSubType | None = None   # set by coding/acled.py when the paragraph retypes the event
    civilian_targeting: bool = False

    @property
    def first(self) -> CodedMention:
        return self.mentions[0]

    @property
    def modality(self) -> Modality:
        return self.first.modality

    @property
    def symmetric(self) -> bool:
        return any(m.rule.roles == "symmetric" for m in self.mentions)

    def add(self, mention: CodedMention, *, recode: bool = True) -> None:
        """Take the mention's roles, date, counts and place where they are better; with `recode`, also
        its code where more specific. Composition (coding/acled.py) adds outcomes without recoding:
        "killed" does not make a shelling a killing."""
        self.mentions.append(mention)
        if recode and (not self.code or (_generic(self.code) and not _generic(mention.rule.code))):
            self.code = mention.rule.code  # the most specific code: "a call" 041 over "talks" 040
        self.source = self.source or mention.source
        if self.target is None or (self.target_inferred and mention.target and not mention.target_inferred):
            self.target, self.target_inferred = mention.target, mention.target_inferred
        if mention.date and (self.date is None or mention.date.origin < self.date.origin):
            self.date = mention.date
        self.quantity = self.quantity if self.quantity is not None else mention.quantity
        if mention.fatalities is not None:
            self.fatalities = max(self.fatalities or 0, mention.fatalities)
        if mention.location and (self.location is None or mention.location.geo_precision < self.location.geo_precision):
            self.location = mention.location


def merge(mentions: list[CodedMention], standalone_kinds: frozenset[str] = frozenset()) -> list[DraftEvent]:
    """Mentions (in text order) -> events (in order of their first mention)."""
    events: list[DraftEvent] = []
    for mention in mentions:
        home = next((e for e in reversed(events) if _fits(e, mention)), None)
        if home is not None:
            home.add(mention)
            continue
        if mention.rule.roles == "anaphoric":
            continue
        if not mention.has_actors and mention.rule.acled is None and mention.rule.kind not in standalone_kinds:
            continue
        event = DraftEvent()
        event.add(mention)
        events.append(event)
    # an actorless event that a later, fuller mention of the same kind joined keeps its place
    return [e for e in events if e.source or e.target or _acled(e)]


def _acled(event: DraftEvent) -> bool:
    return any(m.rule.acled is not None for m in event.mentions)


def _generic(code: str) -> bool:
    """040, 190, 020: the unspecified form of a family."""
    return len(code) == 3 and code.endswith("0")


def _related(event: DraftEvent, mention: CodedMention) -> bool:
    """The same code, or a generic code of the same family ("talks" 040 and "a call" 041) when the
    mention names an actor of the event and neither is an ACLED event (ACLED types stay apart)."""
    a, b = event.code, mention.rule.code
    if a == b:  # one code, two ACLED types ("tear gas" and "live bullets", both 175) stay apart
        return mention.acled is None or all(m.acled is None or m.acled == mention.acled for m in event.mentions)
    if not (_generic(a) or _generic(b)) or a[:2] != b[:2] or _acled(event) or mention.rule.acled:
        return False
    named = {x.country or x.code for x in (mention.source, mention.target) if x}
    return bool(named & {x.country or x.code for x in (event.source, event.target) if x})


def _fits(event: DraftEvent, mention: CodedMention) -> bool:
    if mention.modality != event.modality or not _related(event, mention):
        return False
    if not _dates_agree(event.date, mention.date):
        return False
    if _acled(event) and event.location and mention.location and event.location.name != mention.location.name \
            and event.location.geo_precision == mention.location.geo_precision == 1:
        return False  # the same kind of attack in two towns is two events
    same_order = _same(event.source, mention.source) and _same(event.target, mention.target, event.target_inferred or mention.target_inferred)
    if same_order:
        return True
    if event.symmetric or mention.rule.roles == "symmetric":
        return _same(event.source, mention.target) and _same(event.target, mention.source)
    return False


def _same(a: ActorRef | None, b: ActorRef | None, weak: bool = False) -> bool:
    if a is None or b is None or weak:
        return True
    if a.country and b.country:
        return a.country == b.country
    return a.code == b.code


def _dates_agree(a: EventDate | None, b: EventDate | None) -> bool:
    if a is None or b is None or a.origin != DateOrigin.text or b.origin != DateOrigin.text:
        return True
    return a.date == b.date or a.date is None or b.date is None
