"""ACLED's paragraph-level logic, in one place: what the mentions of a report make of each other.

ACLED types an event by the whole report, not by one phrase. After merging (coding/merge.py), the
events of each paragraph are composed in three steps:

1. A demonstration is one episode per paragraph. Its first mention anchors it; intervention, force
   and violence reported around it decide its type, the strongest first:
     Violent demonstration      the demonstrators riot, throw stones, burn, loot or clash;
     Excessive force ...        demonstrators are shot at with live fire, killed;
     Protest with intervention  dispersal, tear gas, arrests, "police intervened";
     Peaceful protest           otherwise.
   Those mentions join the episode. A mention that states what the demonstration is about
   ("against the killing of ...", "demanding the release of those arrested") joins it without
   changing its type.
2. Outcomes join their cause. "killed", "wounded", "bodies found" (kind `killing`), a blast of
   unknown kind (kind `explosion`) and property destroyed (ACLED: "outside a larger violent event")
   belong to the attack, clash or explosion reported in the same paragraph: the same sentence first,
   then the one before, then the one after.
3. Who acts on whom: an attack (kind `attack`, `killing`) on armed actors is an Armed clash; attacks
   and clashes by unorganised crowds are Mob violence; territory taken by state forces is Government
   regains territory, taken without a fight a Non-violent transfer; people detained by a non-state
   group are abducted. Violence against civilians, and explosions that hit civilians, set
   civilian_targeting.

Fatalities belong to violence: peaceful protests, protests with intervention and strategic
developments report none.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from eventpipe.schemas import ActorRef, Modality
from eventpipe.schemas.codebook import AcledSubType
from eventpipe.schemas.enums import AcledDisorderType, AcledEventType
from eventpipe.schemas.enums import AcledSubEventType as Sub

from .merge import CodedMention, DraftEvent

# the demonstration types, weakest first
DEMONSTRATION_RANK = {
    Sub.peaceful_protest: 0,
    Sub.protest_with_intervention: 1,
    Sub.excessive_force_against_protesters: 2,
    Sub.violent_demonstration: 3,
}
OUTCOME_KINDS = frozenset({"killing", "explosion"})
ATTACK_KINDS = frozenset({"attack", "killing"})
TERRITORY_KINDS = frozenset({"territory_taken"})
ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "INS", "SEP", "SPY", "CRM"})
STATE_SECTORS = frozenset({"MIL", "COP", "GOV", "SPY"})
NON_STATE_ARMED = frozenset({"REB", "INS", "SEP", "CRM"})
CROWD_SECTORS = frozenset({"CVL", "OPP", "LAB", "EDU", "AGR", "REF"})
NO_FATALITIES = frozenset({Sub.peaceful_protest, Sub.protest_with_intervention})

# Words that, standing before a mention in its clause, make it what a demonstration is about.
_GRIEVANCE = re.compile(
    r"\b(?:against|over|about|denounc\w*|condemn\w*|protest\w*|demand\w*|justice|solidarity|memory|"
    r"mourn\w*|commemorat\w*|anniversary|oppos\w*|reject\w*|call(?:ed|ing)? for|release of|after|following|"
    r"since|response to|wake of|angered by|outrage\w*|whose|where|victims?)\b", re.I)
# ... unless a new clause starts after them
_CLAUSE_BREAK = re.compile(r"[;:,]|\b(?:but|while|whereupon|however|then|before|when)\b", re.I)

Lookup = Callable[[str], AcledSubType]


def compose(drafts: list[DraftEvent], mentions: Sequence[CodedMention], acled: Lookup) -> list[DraftEvent]:
    """The drafts of one document after ACLED's paragraph logic (see the module docstring); `acled`
    turns a sub-event type into its record."""
    placed = {id(m) for d in drafts for m in d.mentions}
    cues = [m for m in mentions if id(m) not in placed and m.acled is not None
            and m.acled.sub_event_type in DEMONSTRATION_RANK and m.modality == Modality.asserted]
    drafts = _demonstrations(drafts, cues, acled)
    drafts = _outcomes(drafts)
    for draft in drafts:
        _by_actors(draft, acled)
    return drafts


def type_of(draft: DraftEvent) -> AcledSubType | None:
    """The draft's ACLED type: set by composition, else its first ACLED mention's."""
    if draft.acled is not None:
        return draft.acled
    return next((m.acled for m in draft.mentions if m.rule.code == draft.code and m.acled), None) \
        or next((m.acled for m in draft.mentions if m.acled), None)


# --- 1. demonstrations ----------------------------------------------------------------------------
def _demonstrations(drafts: list[DraftEvent], cues: list[CodedMention], acled: Lookup) -> list[DraftEvent]:
    absorbed: set[int] = set()
    for paragraph in sorted({d.first.paragraph for d in drafts}):
        here = [d for d in drafts if d.first.paragraph == paragraph and id(d) not in absorbed
                and d.modality == Modality.asserted]
        demos = [d for d in here if _sub(d) in DEMONSTRATION_RANK]
        if not demos:
            continue
        anchor = min(demos, key=_position)
        rank = DEMONSTRATION_RANK[_sub(anchor)]
        fatalities = anchor.fatalities if _sub(anchor) not in NO_FATALITIES else None
        for draft in here:
            if draft is anchor:
                continue
            cue = _demonstration_cue(draft)
            if cue is None:
                continue
            absorbed.add(id(draft))
            for mention in draft.mentions:
                anchor.add(mention, recode=False)
            if cue >= 0 and not _grievance(draft.first):
                rank = max(rank, cue)
                if cue >= DEMONSTRATION_RANK[Sub.excessive_force_against_protesters] and draft.fatalities:
                    fatalities = max(fatalities or 0, draft.fatalities)
        for mention in cues:
            if mention.paragraph == paragraph and not _grievance(mention):
                anchor.add(mention, recode=False)
                rank = max(rank, DEMONSTRATION_RANK[mention.acled.sub_event_type])
        anchor.mentions.sort(key=lambda m: m.char_start)
        anchor.acled = acled(next(s for s, r in DEMONSTRATION_RANK.items() if r == rank))
        anchor.fatalities = fatalities
    return [d for d in drafts if id(d) not in absorbed]


def _demonstration_cue(draft: DraftEvent) -> int | None:
    """What a mention beside a demonstration tells about it: a rank, -1 (part of the story, no
    change), or None (another event)."""
    sub = _sub(draft)
    kind = draft.first.rule.kind
    if sub in DEMONSTRATION_RANK:
        return DEMONSTRATION_RANK[sub]
    if sub == Sub.arrests:
        return DEMONSTRATION_RANK[Sub.protest_with_intervention]
    if sub in (Sub.mob_violence, Sub.looting_property_destruction, Sub.armed_clash):
        return DEMONSTRATION_RANK[Sub.violent_demonstration]
    if kind == "killing":
        return DEMONSTRATION_RANK[Sub.excessive_force_against_protesters] if draft.fatalities else -1
    if kind == "attack":
        return DEMONSTRATION_RANK[Sub.protest_with_intervention]
    return None


def _grievance(mention: CodedMention) -> bool:
    """Does the clause before the mention say it is what people protest about?"""
    before = mention.sentence[:mention.char_start - mention.sentence_start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    tail = before[breaks[-1].end():] if breaks else before
    return _GRIEVANCE.search(tail) is not None


# --- 2. outcomes ----------------------------------------------------------------------------------
def _outcomes(drafts: list[DraftEvent]) -> list[DraftEvent]:
    absorbed: set[int] = set()
    for draft in drafts:
        if not _is_outcome(draft):
            continue
        host = _host(draft, [d for d in drafts if id(d) not in absorbed and d is not draft and _can_host(d, draft)])
        if host is None:
            continue
        absorbed.add(id(draft))
        for mention in draft.mentions:
            host.add(mention, recode=False)
        host.mentions.sort(key=lambda m: m.char_start)
    return [d for d in drafts if id(d) not in absorbed]


def _is_outcome(draft: DraftEvent) -> bool:
    if all(m.rule.kind in OUTCOME_KINDS for m in draft.mentions):
        return True
    return _sub(draft) == Sub.looting_property_destruction and draft.first.rule.kind != "acled_label"


def _can_host(host: DraftEvent, outcome: DraftEvent) -> bool:
    sub = type_of(host)
    if sub is None or sub.disorder_type != AcledDisorderType.political_violence or _is_outcome(host):
        return False
    if host.modality != outcome.modality or host.first.paragraph != outcome.first.paragraph:
        return False
    if outcome.first.rule.kind == "explosion":  # a blast is the explosion of the report, or a clash's
        return sub.event_type in (AcledEventType.explosions, AcledEventType.battles)
    return True


def _host(outcome: DraftEvent, hosts: list[DraftEvent]) -> DraftEvent | None:
    """The same sentence (nearest trigger), else the nearest sentence before, else after."""
    where = outcome.first
    same = [h for h in hosts if any(m.sentence_index == where.sentence_index for m in h.mentions)]
    if same:
        return min(same, key=lambda h: min(abs(m.char_start - where.char_start) for m in h.mentions))
    before = [h for h in hosts if h.first.sentence_index < where.sentence_index]
    if before:
        return max(before, key=lambda h: max(m.sentence_index for m in h.mentions if m.sentence_index < where.sentence_index))
    after = [h for h in hosts if h.first.sentence_index > where.sentence_index]
    return min(after, key=_position) if after else None


# --- 3. who acts on whom --------------------------------------------------------------------------
def _by_actors(draft: DraftEvent, acled: Lookup) -> None:
    sub = _sub(draft)
    kind = draft.first.rule.kind
    source, target = draft.source, None if draft.target_inferred else draft.target
    if sub in (Sub.attack, Sub.armed_clash) and (kind in ATTACK_KINDS or kind == "clash"):
        if _crowd(source) and not _armed(target):
            draft.acled = acled(Sub.mob_violence)
        elif sub == Sub.attack and _armed(target):
            draft.acled, draft.code = acled(Sub.armed_clash), "190"
        elif sub == Sub.armed_clash and kind in ATTACK_KINDS and _civilian(target) and _armed(source):
            draft.acled = acled(Sub.attack)
    elif sub in (Sub.non_state_actor_overtakes_territory, Sub.government_regains_territory) and kind in TERRITORY_KINDS:
        if any(m.rule.kind == "territory_handover" for m in draft.mentions) or _without_fight(draft):
            draft.acled = acled(Sub.non_violent_transfer_of_territory)
        elif source is not None and source.sector in STATE_SECTORS:
            draft.acled = acled(Sub.government_regains_territory)
        elif source is not None and source.sector in NON_STATE_ARMED:
            draft.acled = acled(Sub.non_state_actor_overtakes_territory)
    elif sub == Sub.arrests and source is not None and source.sector in NON_STATE_ARMED:
        draft.acled = acled(Sub.abduction_forced_disappearance)
    final = type_of(draft)
    if final is not None:
        if final.sub_event_type in NO_FATALITIES or final.disorder_type == AcledDisorderType.strategic_developments:
            draft.fatalities = None
        draft.civilian_targeting = final.event_type == AcledEventType.violence_against_civilians or (
            final.event_type == AcledEventType.explosions and _civilian(target))


def _armed(actor: ActorRef | None) -> bool:
    return actor is not None and actor.sector in ARMED_SECTORS


def _crowd(actor: ActorRef | None) -> bool:
    return actor is not None and actor.country is None and actor.sector in CROWD_SECTORS \
        and actor.name not in ("activists",)


def _civilian(actor: ActorRef | None) -> bool:
    return actor is not None and actor.sector == "CVL"


_WITHOUT_FIGHT = re.compile(r"\bwithout\s+(?:a\s+|any\s+)?(?:fight|fighting|resistance|clashes|bloodshed|a shot)", re.I)


def _without_fight(draft: DraftEvent) -> bool:
    return any(_WITHOUT_FIGHT.search(m.sentence) for m in draft.mentions)


def _sub(draft: DraftEvent) -> Sub | None:
    found = type_of(draft)
    return found.sub_event_type if found else None


def _position(draft: DraftEvent) -> int:
    return min(m.char_start for m in draft.mentions)
