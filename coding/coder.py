"""The coder: documents in, events out.

For each sentence with an event phrase: actors, roles, modality, date, quantity, fatalities and place
are read around the trigger (one CodedMention per trigger); mentions of the same happening merge into
one event; events without a date of their own take the date of the event they refer to or continue.
Dictionaries are loaded once per Coder; everything else is a pure function of the text.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import replace
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from eventpipe.schemas import ActorRef, DatePrecision, Document, Event, Location, Mention, Modality

from .acled import compose, type_of
from .actors import ActorFinder, ActorMention, actor_finder
from .codebook import Codebook, load_codebook
from .dates import DateMention, find_dates
from .merge import CodedMention, DateOrigin, DraftEvent, EventDate, merge
from .modality import inside_condition, modality
from .places import Gazetteer, gazetteer
from .quantities import fatalities, quantity
from .roles import RoleReader
from .rules import RuleError, RuleSet, Trigger, rule_set
from .text import Sentence, split_sentences

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
_DRONES = re.compile(r"(?i)\b(?:drones?|uavs?|shaheds?|gerans?)\b")
# spy drones, and the long-endurance drones (MQ-9 Reaper, Global Hawk, Orlan) whose downing reports no strike
_NOT_AN_ATTACK = re.compile(r"(?i)\b(?:surveillance|reconnaissance|spy|observation|scout|reaper|mq-\d+|"
                            r"global hawk|triton|orlan|heron|hermes)\b")
_AT_SEA = re.compile(r"(?i)\b(?:sea|gulf|strait|ocean|international waters|channel)\b")
ASSERTED_AHEAD = dt.timedelta(days=31)  # how far after its report an asserted event may be dated
RECENT = dt.timedelta(days=7)  # an undated event continues a dated one this close to publication first
CONTEXT_BEFORE = 2  # sentences whose actors can stand in for a missing target or a pronoun
# rules that name the people taking part ("protesters"): what is done to them is no modality of theirs
PARTICIPANT_KINDS = frozenset({"protesters"})
# kinds about the same flow, whose target a report keeps: the arms a state sends, pledges and withholds;
# the sanctions it imposes, threatens and eases
KIN_KINDS = (frozenset({"weapons_delivery", "weapons_pause", "intent_to_aid", "aid_cut", "threat_to_cut_aid"}),
             frozenset({"sanctions", "sanctions_relief", "sanctions_threat", "intent_to_ease_sanctions"}))


@functools.cache
def dictionary_version() -> str:
    """A short hash of every dictionary file and of the coder's own code: the same dictionaries and
    coder give the same version, and any change to either makes stored documents due a recode."""
    digest = hashlib.sha256()
    sources = [DATA_DIR / folder for folder in ("rules", "actors", "places", "codebooks")]
    sources.append(Path(__file__).resolve().parent)  # coding/*.py
    for folder in sources:
        for path in sorted(folder.glob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml", ".csv", ".txt", ".json", ".md"):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class Coder:
    def __init__(self, *, codebook: Codebook | None = None, rules: RuleSet | None = None,
                 actors: ActorFinder | None = None, places: Gazetteer | None = None):
        self.codebook = codebook or load_codebook()
        self.rules = rules or rule_set()
        self.actors = actors or actor_finder()
        self.places = places or gazetteer()
        self.version = dictionary_version()
        # the rule an interception of drones implies (see _launch_behind)
        self._drone_strike = next((r for r in self.rules.rules.values() if r.kind == "drone_strike"), None)
        # the intent rule of each intent code (see _as_intent)
        self._intents = {r.code: r for r in self.rules.rules.values() if r.intent and r.code.startswith("03")}
        # the threat a conditional imposition makes (see _mention)
        self._sanctions_threat = next((r for r in self.rules.rules.values() if r.kind == "sanctions_threat"), None)
        self._states: dict[str, ActorRef | None] = {}
        self._country_locations: dict[str, Location | None] = {}
        for rule in self.rules.rules.values():
            try:
                self.codebook.cameo(rule.code)
            except KeyError:
                raise RuleError(f"rule {rule.id}: CAMEO code {rule.code} is not in the codebook") from None

    def code(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Event]]]:
        """Each document with its events, in input order."""
        documents = list(documents) if not isinstance(documents, list) else documents
        for document, sentences in zip(documents, split_sentences(d.text for d in documents)):
            yield document, self.code_sentences(document, sentences)

    def code_document(self, document: Document) -> list[Event]:
        return next(self.code([document]))[1]

    # --- one document ---------------------------------------------------------------------------
    def code_sentences(self, document: Document, sentences: Sequence[Sentence]) -> list[Event]:
        published = document.published_at
        triggers = {s.index: found for s in sentences if (found := self.rules.find(s.span))}
        if not triggers:
            return []
        actor_cache: dict[int, list[ActorMention]] = {}

        def actors_of(i: int) -> list[ActorMention]:
            if i not in actor_cache:
                actor_cache[i] = self.actors.find(sentences[i].span, published) if 0 <= i < len(sentences) else []
            return actor_cache[i]

        mentions: list[CodedMention] = []
        for index, found in sorted(triggers.items()):
            sentence = sentences[index]
            before = [a for i in range(index - CONTEXT_BEFORE, index) for a in actors_of(i)]
            after = actors_of(index + 1) if index + 1 < len(sentences) and \
                sentences[index + 1].paragraph == sentence.paragraph else []
            reader = RoleReader(sentence.span, actors_of(index), before, after,
                                engaged=[(t.start, t.end) for t in found])
            text = sentence.text  # a Span builds its text on every access
            dates = find_dates(text, published)
            for trigger in found:
                mention = self._mention(sentence, text, trigger, reader, dates, mentions)
                mentions.append(mention)
                implied = self._launch_behind(mention)
                if implied is not None:
                    mentions.append(implied)
                rule = trigger.rule
                if rule.acled is None and rule.code[:2] not in VIOLENT_ROOTS:
                    # "Britain, Canada and Norway imposed sanctions": one event per state
                    for source in reader.co_sources(rule, trigger.start, trigger.end):
                        if mention.target is None or source.country != mention.target.country:
                            mentions.append(replace(mention, source=source))
                    # "blacklisted Russian and Chinese companies": one event per target state
                    co_targets = [t for t in reader.co_targets(rule, trigger.start, trigger.end, mention.target)
                                  if mention.source is None or t.country != mention.source.country]
                    if co_targets and mention.target_inferred:  # the sentence's own state: not merged away
                        mentions[mentions.index(mention)] = replace(mention, target_inferred=False)
                    mentions.extend(replace(mention, target=t, target_inferred=False) for t in co_targets)
        mentions = [_without_impossible_date(self._as_intent(m), published) for m in mentions]
        self._add_trailing_fatalities(mentions, sentences, triggers)
        drafts = [d for d in compose(merge(mentions), mentions, self.codebook.acled) if not _one_sided(d)]
        _inherit_dates(drafts, published)
        if published is None:  # no anchor but the text: the nearest date it states
            _dates_from_text(drafts, sentences)
        self._place_from_text(drafts, sentences)
        return self._events(document, drafts)

    def _mention(self, sentence: Sentence, text: str, trigger: Trigger, reader: RoleReader,
                 dates: list[DateMention], earlier: list[CodedMention]) -> CodedMention:
        rule = trigger.rule
        span = sentence.span
        doc = span.doc
        roles = reader.read(rule, trigger.start, trigger.end)
        patient_start, patient_end = reader.patient_span(rule, trigger.start, trigger.end)
        agent_start, agent_end = reader.agent_span(rule, trigger.start, trigger.end)
        start_char = doc[trigger.start].idx - span.start_char   # offsets within the sentence text
        end_char = doc[trigger.end - 1].idx + len(doc[trigger.end - 1]) - span.start_char
        hints = [a.country for a in (roles.target, roles.source) if a is not None and a.country]
        violent = rule.acled is not None or rule.code[:2] in VIOLENT_ROOTS
        location = self.places.locate(text, near=start_char, country_hints=hints)
        acled = self._acled_type(rule)
        source, target, inferred = roles.source, roles.target, False
        if acled is not None and location is not None:  # "police", "protesters": of the place
            source, target = _placed(source, location), _placed(target, location)
        if rule.roles == "directed" and (source is None or source.country is None):
            source = self._source_stand_in(rule.kind, source, target, earlier) or source
        if target is None and rule.roles in ("directed", "patient"):
            attacked_place = location if acled and acled.disorder_type == "Political violence" else None
            # the subject's partners are sources of their own ("France and Germany froze ...") where
            # each state gets an event; elsewhere a partner is the other side ("Russia and Ukraine exchanged")
            partners_act = rule.acled is None and rule.code[:2] not in VIOLENT_ROOTS
            target = self._stand_in(rule.kind, source, attacked_place,
                                    reader.stand_ins(source, trigger.start, partners_act), earlier)
            inferred = target is not None
        mode = modality(span, trigger.start, trigger.end, intent=rule.intent,
                        participants=rule.kind in PARTICIPANT_KINDS)
        if rule.kind == "sanctions" and mode == Modality.conditional and self._sanctions_threat is not None \
                and not inside_condition(span, trigger.start):
            # "would impose sanctions on Russia if it refuses": a threat made now (CAMEO 1312)
            rule, mode, acled = self._sanctions_threat, Modality.asserted, None
        return CodedMention(
            rule=rule,
            sentence_index=sentence.index,
            paragraph=sentence.paragraph,
            sentence=text,
            sentence_start=sentence.start,
            char_start=sentence.start + start_char,
            char_end=sentence.start + end_char,
            trigger=text[start_char:end_char],
            source=source,
            target=target,
            target_inferred=inferred,
            modality=mode,
            date=_nearest_date(dates, start_char, text),
            quantity=quantity(span, trigger.start, trigger.end, rule.quantity_of),
            fatalities=fatalities(text) if violent else None,
            location=location,
            acled=acled,
            patient=_chars(text, span, patient_start, patient_end),
            patient_before=patient_end <= trigger.start,
            agent=_chars(text, span, agent_start, agent_end),
        )

    def _stand_in(self, kind: str, source: ActorRef | None, location: Location | None,
                  stand_ins: tuple[list[ActorRef], list[ActorRef], list[ActorRef]],
                  earlier: list[CodedMention]) -> ActorRef | None:
        """A target the clause does not name, by the most telling evidence first: where an attack
        happened; another state named in the sentence; the target of the document's latest event
        of the same kind (news repeats its dyad); a state named in the sentences around."""
        here, around, partners = stand_ins
        source_state = source.country if source else None
        if location is not None and location.country and location.country != source_state:
            return self._state(location.country)
        if here:
            return self._state(here[0].country)
        kin = next((family for family in KIN_KINDS if kind in family), frozenset({kind}))
        for kinds in (frozenset({kind}), kin):  # the same kind first, then its kin
            for mention in reversed(earlier):
                if mention.rule.kind in kinds and mention.target and not mention.target_inferred \
                        and mention.target.country and mention.target.country != source_state:
                    return self._state(mention.target.country)
        if around:
            return self._state(around[0].country)
        # the subject's partner: "Israel and Hezbollah reached a ceasefire" (not "Japan and the
        # United States imposed similar measures", whose target the story named before)
        return self._state(partners[0].country) if partners else None

    def _as_intent(self, mention: CodedMention) -> CodedMention:
        """A cooperative act announced for later is a statement of intent made now (CAMEO 03x):
        "will give Ukraine a Patriot battery" is 0332, "will speak with Putin on Monday" 036."""
        if mention.modality != Modality.planned or mention.rule.intent:
            return mention
        rule = self._intents.get(_intent_code(mention.rule.code))
        if rule is None:
            return mention
        return replace(mention, rule=rule, modality=Modality.asserted, acled=None)

    def _launch_behind(self, mention: CodedMention) -> CodedMention | None:
        """Drones shot down over a state were launched at it: "air defences destroyed 57 Ukrainian
        drones over the Kursk region" (Russia's) is also Ukraine's drone strike on Russia. The
        interceptor's state must be where it happened (not "jets downed drones over Jordan")."""
        if mention.rule.kind != "interception" or not _DRONES.search(mention.trigger) \
                or _NOT_AN_ATTACK.search(mention.trigger) or _AT_SEA.search(mention.sentence):
            return None  # a spy drone, or drones downed over the Red Sea: no strike on the interceptor
        owner, defender = mention.target, mention.source
        if owner is None or defender is None or not owner.country or not defender.country \
                or owner.country == defender.country:
            return None
        place = mention.location
        if place is not None and place.geo_precision < 3 and place.country != defender.country:
            return None
        strike = self._drone_strike
        if strike is None:
            return None
        return replace(mention, rule=strike, source=self._state(owner.country), target=self._state(defender.country),
                       target_inferred=False, acled=None, char_start=mention.char_end, char_end=mention.char_end,
                       fatalities=None)

    def _source_stand_in(self, kind: str, source: ActorRef | None, target: ActorRef | None,
                         earlier: list[CodedMention]) -> ActorRef | None:
        """A source the clause does not name, or names without its state ("the Treasury", "a drone
        also hit ..."): the state of the document's latest source of the same kind against the same
        target (news repeats its dyad)."""
        target_state = target.country if target else None
        candidates = [m for m in reversed(earlier) if m.rule.kind == kind and m.source is not None
                      and m.source.country and m.source.country != target_state]
        # the same target first ("... The Treasury also blacklisted ..."), else the latest of the kind
        same = [m for m in candidates if not target_state or m.target is None or m.target.country == target_state]
        for mention in (same or candidates)[:1]:
            state = mention.source.country
            if source is not None and source.sector:  # "the Treasury" stays the government's
                return ActorRef(code=state + source.sector, name=source.name, country=state, sector=source.sector)
            return self._state(state)
        return None

    def _acled_type(self, rule):
        return self.codebook.acled(rule.acled) if rule.acled else self.codebook.acled_for_cameo(rule.code)

    def _state(self, alpha3: str | None) -> ActorRef | None:
        if alpha3 is None:
            return None
        if alpha3 not in self._states:
            self._states[alpha3] = self._new_state(alpha3)
        return self._states[alpha3]

    def _new_state(self, alpha3: str) -> ActorRef:
        name = alpha3
        if len(alpha3) == 3 and alpha3 != "EUR":
            try:
                name = self.places.country(alpha3).name
            except (KeyError, ValueError):
                pass
        return ActorRef(code=alpha3, name=name, country=alpha3, sector=None)

    def _add_trailing_fatalities(self, mentions: list[CodedMention], sentences: Sequence[Sentence],
                                 triggers: dict[int, list[Trigger]]) -> None:
        """"... Kherson. 2 fatalities.": a count in a sentence of its own belongs to the violent
        event before it in the paragraph."""
        for sentence in sentences:
            if sentence.index in triggers:
                continue
            count = fatalities(sentence.text)
            if count is None:
                continue
            for mention in reversed(mentions):
                if mention.sentence_index < sentence.index and mention.paragraph == sentence.paragraph:
                    if _lethal(mention):
                        if mention.fatalities is None:
                            mention.fatalities = count
                        break

    # --- drafts to events -----------------------------------------------------------------------
    def _events(self, document: Document, drafts: list[DraftEvent]) -> list[Event]:
        events: list[Event] = []
        seen: set[str] = set()
        for draft in drafts:
            event = self._event(document, draft)
            if _nobody_acts(event):
                continue
            while event.event_id in seen:  # two distinct events with the same key: keep both
                event = event.model_copy(update={"event_id": _next_id(event.event_id)})
            seen.add(event.event_id)
            events.append(event)
        events.sort(key=lambda e: (e.sentence_index, e.mentions[0].char_start))
        return events

    def _event(self, document: Document, draft: DraftEvent) -> Event:
        first = draft.first
        rule = next((m.rule for m in draft.mentions if m.rule.code == draft.code), first.rule)
        cameo = self.codebook.cameo(draft.code)
        plover = self.codebook.plover(draft.code)
        acled = type_of(draft) or self.codebook.acled_for_cameo(draft.code)

        date = draft.date or EventDate(None, None, None, DateOrigin.published)
        location = draft.location or self._country_location(draft.target) or self._country_location(draft.source)
        return Event(
            event_id=_event_id(document.doc_id, draft, date),
            doc_id=document.doc_id,
            sentence_index=first.sentence_index,
            sentence=first.sentence,
            event_date=date.date,
            date_precision=date.precision if date.date else None,
            date_text=date.text if date.date else None,
            kind=rule.kind,
            cameo_code=cameo.code,
            cameo_root=cameo.root,
            quad_class=cameo.quad_class,
            goldstein=cameo.goldstein,
            plover_type=plover.plover_type if plover else None,
            plover_mode=plover.plover_mode if plover else None,
            acled_disorder_type=acled.disorder_type if acled else None,
            acled_event_type=acled.event_type if acled else None,
            acled_sub_event_type=acled.sub_event_type if acled else None,
            source_actor=draft.source,
            target_actor=draft.target,
            location=location,
            quantity=draft.quantity,
            fatalities=draft.fatalities if acled or draft.fatalities else None,
            modality=draft.modality,
            rule_id=rule.id,
            confidence=_confidence(draft, rule.confidence),
            civilian_targeting=draft.civilian_targeting,
            dictionary_version=self.version,
            mentions=[Mention(sentence_index=m.sentence_index, char_start=m.char_start, char_end=m.char_end,
                              trigger=m.trigger, sentence=m.sentence, rule_id=m.rule.id, modality=m.modality,
                              date_text=m.date.text if m.date and m.date.origin == DateOrigin.text else None)
                      for m in draft.mentions],
        )

    def _place_from_text(self, drafts: list[DraftEvent], sentences: Sequence[Sentence]) -> None:
        """An event whose sentences name no place happened where the report is: the nearest place
        named before it (ACLED: "On 3 May, in Gao, ... . Militants then ..."), else after it."""
        found: dict[tuple[int, tuple[str, ...]], Location | None] = {}
        for draft in drafts:
            if draft.location is not None:
                continue
            hints = tuple(a.country for a in (draft.target, draft.source) if a is not None and a.country)
            first = draft.first.sentence_index
            for index in [*range(first - 1, -1, -1), *range(first + 1, len(sentences))]:
                key = (index, hints)
                if key not in found:
                    found[key] = self.places.locate(sentences[index].text, near=0, country_hints=list(hints))
                if found[key] is not None:
                    draft.location = found[key]
                    break

    def _country_location(self, actor: ActorRef | None) -> Location | None:
        if actor is None or actor.country is None or len(actor.country) != 3 or actor.country == "EUR":
            return None
        if actor.country not in self._country_locations:
            try:
                self._country_locations[actor.country] = self.places.country(actor.country)
            except (KeyError, ValueError):
                self._country_locations[actor.country] = None
        return self._country_locations[actor.country]


# CAMEO intent codes of the cooperative roots 04-08: the act's own sub-code where CAMEO has one
_INTENT_OF = {"04": "036", "05": "032", "06": "031", "064": "0314", "07": "033", "071": "0331", "072": "0332",
              "073": "0333", "074": "0334", "08": "035", "084": "0353", "085": "0354", "086": "0355", "087": "0356"}


def _intent_code(code: str) -> str | None:
    return _INTENT_OF.get(code[:3]) or _INTENT_OF.get(code[:2])


def _chars(text: str, span, start: int, end: int) -> str:
    """The text of tokens [start, end) of the sentence, cut from its text (cheaper than a Span)."""
    if start >= end:
        return ""
    doc = span.doc
    return text[doc[start].idx - span.start_char:doc[end - 1].idx + len(doc[end - 1]) - span.start_char]


def _lethal(mention: CodedMention) -> bool:
    """Can the mention's event have killed people? Violence, and force against demonstrations."""
    acled = mention.acled
    if acled is None:
        return mention.rule.code[:2] in VIOLENT_ROOTS
    return acled.disorder_type == "Political violence" or acled.sub_event_type in (
        "Excessive force against protesters", "Violent demonstration")


def _placed(actor: ActorRef | None, location: Location) -> ActorRef | None:
    """A generic agent without a state ("police", "protesters") acting at a place is of its state."""
    if actor is None or actor.country is not None or location.country is None or len(location.country) != 3:
        return actor
    return ActorRef(code=location.country + actor.code, name=actor.name, country=location.country,
                    sector=actor.sector)


def _without_impossible_date(mention: CodedMention, published: dt.date | None) -> CodedMention:
    """A reported fact cannot lie long after its report: "attacked Goma on 3 March 2026" in a story of
    January 2025 is a typo or a misread year; the mention then takes its date like an undated one."""
    if published is None or mention.date is None or mention.modality is not Modality.asserted \
            or mention.date.date <= published + ASSERTED_AHEAD:
        return mention
    return replace(mention, date=None)


def _nearest_date(dates: list[DateMention], char: int, text: str = "") -> EventDate | None:
    """The date nearest the trigger; a dateline's filing date ("KYIV, July 4 (Reuters) -") only when
    the sentence names no other; never a deadline ("by the end of November")."""
    usable = [d for d in dates if d.date is not None and not _deadline(d, text) and not _span_of_time(d)]
    if not usable:
        return None
    best = min(usable, key=lambda d: (_aside(d, text), min(abs(d.char_start - char), abs(d.char_end - char))))
    return EventDate(best.date, best.precision, best.text, DateOrigin.text)


_AGENCY_AFTER = re.compile(r"\s*\([A-Z][\w.& ]{1,30}\)\s*[-–—]")
_DASH_AFTER = re.compile(r"\s*[-–—]")
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till|before|deadline of|due|within)\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?$",
                              re.I)


_THIS = re.compile(r"(?i)\bthis\b")
_NAMED_TIME = re.compile(r"(?i)\d|january|february|march|april|may|june|july|august|september|october|"
                         r"november|december")


def _span_of_time(date: DateMention) -> bool:
    """"this year", "earlier this month": a stretch of time up to the report that dates no single
    event (its first day would be a guess); the event takes the date of the story around it instead."""
    return date.precision in (DatePrecision.month, DatePrecision.year) and not _NAMED_TIME.search(date.text) \
        and bool(_THIS.search(date.text))  # not "last month": that one at least names the month


def _deadline(date: DateMention, text: str) -> bool:
    return bool(_DEADLINE_BEFORE.search(text[max(0, date.char_start - 30):date.char_start])
                or re.match(r"(?i)(?:by|until|before)\b", date.text))


def _aside(date: DateMention, text: str) -> bool:
    """A date that is not the day of the sentence's events: a dateline's."""
    if _AGENCY_AFTER.match(text, date.char_end):  # "JEDDAH, Saudi Arabia, March 11 (Reuters) -"
        return True
    before = text[:date.char_start]
    return bool(_DASH_AFTER.match(text, date.char_end)) and "," in before and before.upper() == before \
        and len(before) < 60


def _inherit_dates(drafts: list[DraftEvent], published: dt.date | None) -> None:
    """An event without a date of its own takes the date of an event reported in the same sentence
    as one of its mentions ("the call occurred shortly after the Pentagon halted shipments"), else of
    the latest dated event before a mention (the event the sentence continues; a recent one before an
    older one, which is background), else the publication
    date with week precision; with no anchor at all it stays undated."""
    dated = sorted(((m.sentence_index, d.date) for d in drafts if d.date and d.date.origin == DateOrigin.text
                    for m in d.mentions), key=lambda pair: pair[0])
    for draft in drafts:
        if draft.date and draft.date.origin == DateOrigin.text:
            continue
        candidates: list[EventDate] = []
        for mention in draft.mentions:
            same = [date for index, date in dated if index == mention.sentence_index]
            earlier = [date for index, date in dated if index < mention.sentence_index]
            if same:
                candidates.append(EventDate(same[0].date, same[0].precision, same[0].text, DateOrigin.event))
            elif earlier:
                # the story's current thread, not a flashback ("in retaliation for a strike on April 1")
                recent = [date for date in earlier if _recent(date, published)]
                last = (recent or earlier)[-1]
                candidates.append(EventDate(last.date, last.precision, last.text, DateOrigin.previous))
        if candidates:
            draft.date = min(candidates, key=lambda d: d.origin)
        elif published is not None:
            draft.date = EventDate(published, DatePrecision.week, None, DateOrigin.published)


# acts that only a state or an international body performs: sanctions imposed, eased or threatened,
# weapons sent or paused, aid cut, trade restricted
STATE_ACTS = frozenset({"sanctions", "sanctions_relief", "sanctions_threat", "weapons_pause", "weapons_delivery",
                        "aid_cut", "trade_restriction"})


def _nobody_acts(event: Event) -> bool:
    """A state's act reported as done by no state or body ("the sanctions regime, which includes travel
    bans"; "officials" of no state) is a topic, not an event: like PETRARCH and TABARI, code none
    without a source. Other acts keep an unnamed doer ("the government said"); so does what is asked
    for, planned or denied ("Kyiv called for new sanctions against Moscow": who would impose them is
    open)."""
    source = event.source_actor
    return event.modality is Modality.asserted and event.kind in STATE_ACTS \
        and (source is None or (source.country is None and source.code == source.sector))


def _one_sided(draft: DraftEvent) -> bool:
    """A call or meeting of which the text names only one state ("G7 leaders said after a video call
    with Zelensky"): no dyad to code."""
    rule = draft.first.rule
    return rule.roles == "symmetric" and rule.code.startswith("04") and (
        draft.source is None or draft.target is None or not draft.source.country or not draft.target.country)


def _recent(date: EventDate, published: dt.date | None) -> bool:
    return published is None or date.date is None or date.date >= published - RECENT


def _dates_from_text(drafts: list[DraftEvent], sentences: Sequence[Sentence]) -> None:
    """Without a publication date, an undated event takes the nearest date stated before it in the
    document (ACLED: "On 3 May 2022, in Gao, ... . Militants then ..."), else after it."""
    found: dict[int, EventDate | None] = {}

    def stated(index: int) -> EventDate | None:
        if index not in found:
            usable = [d for d in find_dates(sentences[index].text, None) if d.date is not None]
            found[index] = EventDate(usable[0].date, usable[0].precision, usable[0].text, DateOrigin.previous) \
                if usable else None
        return found[index]

    for draft in drafts:
        if draft.date is not None and draft.date.date is not None:
            continue
        first = draft.first.sentence_index
        for index in [*range(first - 1, -1, -1), *range(first + 1, len(sentences))]:
            if (date := stated(index)) is not None:
                draft.date = date
                break


def _confidence(draft: DraftEvent, base: float) -> float:
    score = base
    if draft.target_inferred:
        score *= 0.8
    if draft.date is None or draft.date.origin != DateOrigin.text:
        score *= 0.9
    if draft.source is None or draft.target is None:
        score *= 0.8
    score += 0.05 * (len(draft.mentions) - 1)
    return round(min(score, 1.0), 3)


def _event_id(doc_id: str, draft: DraftEvent, date: EventDate) -> str:
    """Deterministic and independent of the dictionary version, so a recode moves only events
    that changed."""
    key = "|".join([
        doc_id, draft.code, draft.source.code if draft.source else "", draft.target.code if draft.target else "",
        date.date.isoformat() if date.date else "", draft.modality.value,
        draft.location.name if draft.location else "",
    ])
    return "ev-" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _next_id(event_id: str) -> str:
    return "ev-" + hashlib.sha256(event_id.encode()).hexdigest()[:16]
