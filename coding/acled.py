"""ACLED's paragraph-level logic, in one place: what the mentions of a report make of each other.

ACLED types an event by the whole report, not by one phrase. After merging (coding/merge.py) the
events of a document are composed in this order (`compose`):

0. ACLED's own label ("Property destruction: On 3 May ...", kind `acled_label`) types its note;
   those events are left as they are.
1. Demonstrations (`_demonstrations`). People gathering with a purpose or at a seat of power are
   demonstrating (kind `gathering`, read here, not by a long pattern). A demonstration is one
   episode per paragraph: its first mention anchors it, and the force and violence reported around
   it decide its type, the strongest first:
     Violent demonstration      the demonstrators riot, throw stones, burn, loot or clash;
     Excessive force ...        live fire on demonstrators, demonstrators killed;
     Protest with intervention  dispersal, tear gas, arrests, "police intervened", police barricades;
     Peaceful protest           otherwise.
   Those mentions join the episode. What the demonstration is about ("against the killing of ...",
   "parents of the disappeared students", "demanding the release of those arrested") and police
   deployments join it without changing its type. Without a demonstration, tear gas and arrests
   join the crowd violence they answer (Mob violence). ACLED's size tag ("[size=no report]") stands
   for the demonstration of a paragraph that names no other event.
2. Outcomes join their cause (`_outcomes`, `_references`): "killed", "wounded", "bodies found" (kind
   `killing`), a blast of unknown kind (kind `explosion`) and property destroyed (ACLED: "outside a
   larger violent event") belong to the attack, clash or explosion of the paragraph: the same
   sentence first, then the one before, then the one after. "The attack" refers back.
3. Precedence between kinds of violence in one report: a battle keeps its artillery and air support
   (`_battles`); territory taken in a fight is the fight, taken without one (and not "captured",
   "overran") a Non-violent transfer (`_territory`); an attack made "with mines", "with heavy
   weapons" is an explosion of that kind (`_instrument`); an abduction with beatings or killings is
   an Attack (`_abductions`).
4. Who acts on whom (`_by_actors`): an attack on armed people (the victim named nearest the
   trigger: soldiers, police, militants, gang members; not off-duty or former ones) is an Armed
   clash, on anyone else an Attack; violence by an unorganised crowd (residents, a mob, party
   supporters, and anyone in a paragraph with ACLED's size tag) is Mob violence; territory taken by
   state forces is Government regains territory; people detained by a non-state group are abducted.
5. Fatalities belong to violence: peaceful protests, protests with intervention and strategic
   developments report none. Violence against civilians, and explosions that hit civilians, set
   civilian_targeting.
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
# what an unorganised crowd can do that ACLED calls Mob violence
CROWD_KINDS = frozenset({"attack", "killing", "clash", "torture", "property_destruction", "looting"})
TERRITORY_KINDS = frozenset({"territory_taken"})
ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "INS", "SEP", "SPY", "CRM"})
STATE_SECTORS = frozenset({"MIL", "COP", "GOV", "SPY"})
NON_STATE_ARMED = frozenset({"REB", "INS", "SEP", "CRM"})
NO_FATALITIES = frozenset({Sub.peaceful_protest, Sub.protest_with_intervention})

# Words that, standing before a mention in its clause, make it what a demonstration is about.
_GRIEVANCE = re.compile(
    r"\b(?:against|over|about|denounc\w*|condemn\w*|protest(?:ed|ing)?\b|demand\w*|justice|solidarity|memory|"
    r"mourn\w*|commemorat\w*|anniversary|tribute|honou?r\w*|memorial|remember\w*|vigil|oppos\w*|reject\w*|call(?:ed|ing)? for|release of|after|following|"
    r"since|response to|wake of|angered by|outrage\w*|whose|where|victims?|regarding|concerning|"
    r"(?<!protesters )(?<!demonstrators )(?:who|which|that)\s+(?:was|were|had\s+been|has\s+been|have\s+been))\b",
    re.I)
# ... unless a new clause starts after them
_CLAUSE_BREAK = re.compile(r"[;:,]|\b(?:but|while|whereupon|however|then|before|when)\b", re.I)
# a named happening ("the killing of a student", "an attack on") is background; a told one is news
_NOMINAL_BEFORE = re.compile(r"\b(?:the|his|her|their|its|this|recent|alleged|brutal|'s|of)\s+(?:\w+\s+)?$", re.I)
_NOMINAL_AFTER = re.compile(r"^\s*(?:of|on|against|victims?|survivors?|incident|case)\b", re.I)

Lookup = Callable[[str], AcledSubType]


def compose(drafts: list[DraftEvent], mentions: Sequence[CodedMention], acled: Lookup) -> list[DraftEvent]:
    """The drafts of one document after ACLED's paragraph logic (see the module docstring); `acled`
    turns a sub-event type into its record."""
    labels = [d for d in drafts if d.first.rule.kind == "acled_label"]  # ACLED's own label types the note
    drafts = [d for d in drafts if d.first.rule.kind != "acled_label"]
    placed = {id(m) for d in drafts + labels for m in d.mentions}
    cues = [m for m in mentions if id(m) not in placed and m.acled is not None
            and m.acled.sub_event_type in DEMONSTRATION_RANK and m.modality == Modality.asserted]
    gathered = _gatherings(cues)
    cues = [m for m in cues if all(m is not d.first for d in gathered)]
    drafts = sorted(drafts + gathered, key=_position)
    drafts = sorted(_demonstrations(drafts, cues, acled) + _size_tags(drafts + labels, cues), key=_position)
    drafts = _outcomes(drafts)
    drafts = _references(drafts)
    drafts = _battles(drafts)
    drafts = _territory(drafts, acled)
    for draft in drafts:
        _instrument(draft, acled)
    sized = {m.paragraph for m in cues if m.rule.kind == "acled_size"}
    for draft in drafts:
        _by_actors(draft, acled, draft.first.paragraph in sized)
    drafts = _abductions(drafts, acled)
    return sorted(drafts + labels, key=_position)


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
        if not any(_demonstrating(d) for d in demos):
            _riot(here, demos, [m for m in cues if m.paragraph == paragraph], absorbed)
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
            named = _nominal(draft.first) and (_cue_is_event(draft) or cue == DEMONSTRATION_RANK[Sub.excessive_force_against_protesters])
            if cue >= 0 and not _grievance(draft.first) and not named:
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


# what makes people gathering a demonstration, in the rest of their clause
_PURPOSE = re.compile(
    r"^[^.;:]{0,200}?\b(?:(?:to|and)\s+(?:\w+\s+)?(?:protest|demonstrate|demand|denounce|condemn|oppose|reject|express|"
    r"voice|show|mark|commemorate|honou?r|mourn|support|raise|urge|press|rally|highlight|draw|decry|critici[sz]e|"
    r"call|complain|defend|remember|pay|seek|push|appeal|stand|repudiate|object|advocate|celebrate|participate|join|"
    r"ask|request|claim|insist|chant|hold)\b|against\b|demanding|denouncing|condemning|protesting|chanting|opposing|"
    r"rejecting|solidarity|calling\s+for|urging|holding\s+(?:placards|banners|signs)|carrying\s+(?:placards|banners))",
    re.I)
_SEAT = re.compile(
    r"^\s*(?:outside|in\s+front\s+of|before|at|near)\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,5}?(?:parliament|ministry|"
    r"embassy|consulate|court|courthouse|palace|office|offices|headquarters|hall|residence|legislature|congress|"
    r"governorate|secretariat|gates?|capitol|statehouse|assembly|council|municipality|prefecture|directorate|"
    r"department|premises)\b", re.I)


def _gatherings(cues: list[CodedMention]) -> list[DraftEvent]:
    """People gathering with a purpose or at a seat of power are demonstrating."""
    made: list[DraftEvent] = []
    for mention in cues:
        if mention.rule.kind != "gathering":
            continue
        after = mention.sentence[mention.char_end - mention.sentence_start:]
        if _PURPOSE.search(after) or _SEAT.search(after):
            draft = DraftEvent()
            draft.add(mention)
            made.append(draft)
    return made


def _size_tags(drafts: list[DraftEvent], cues: list[CodedMention]) -> list[DraftEvent]:
    """ACLED's "[size=...]" tag stands for the demonstration of a paragraph that names no other event."""
    covered = {d.first.paragraph for d in drafts if type_of(d) is not None}  # labels count: see compose
    made: list[DraftEvent] = []
    for mention in cues:
        if mention.rule.kind == "acled_size" and mention.paragraph not in covered:
            covered.add(mention.paragraph)
            draft = DraftEvent()
            draft.add(mention)
            made.append(draft)
    return made


_STATE_FORCES = re.compile(r"\b(?:police\w*|security\s+forces|soldiers|troops|army|military|gendarm\w*|"
                           r"authorities)\b", re.I)


def _demonstrating(draft: DraftEvent) -> bool:
    """Does the draft report people demonstrating (CAMEO 14, or force used on people named as
    demonstrators), not only force used on someone?"""
    return any(m.rule.code.startswith("14") or _DEMONSTRATORS.search(m.trigger) for m in draft.mentions)


_DEMONSTRATORS = re.compile(r"\b(?:protest\w*|demonstrat\w*|marchers|rall(?:y|ies)|strikers|sit-in)\b", re.I)


def _riot(here: list[DraftEvent], force: list[DraftEvent], cues: list[CodedMention], absorbed: set[int]) -> None:
    """Without a demonstration, tear gas and arrests answer a riot: they join the crowd's violence
    (Mob violence), when the paragraph reports one."""
    riots = [d for d in here if _sub(d) == Sub.mob_violence or _crowd_violence(d)]
    if not riots:
        return
    anchor = min(riots, key=_position)
    for draft in force:
        absorbed.add(id(draft))
        for mention in draft.mentions:
            anchor.add(mention, recode=False)
    for mention in cues:
        anchor.add(mention, recode=False)
    anchor.mentions.sort(key=lambda m: m.char_start)


def _demonstration_cue(draft: DraftEvent) -> int | None:
    """What a mention beside a demonstration tells about it: a rank, -1 (part of the story, no
    change), or None (another event)."""
    sub = _sub(draft)
    kind = draft.first.rule.kind
    if sub == Sub.violent_demonstration and _STATE_FORCES.search(draft.first.agent):
        return DEMONSTRATION_RANK[Sub.protest_with_intervention]  # "police erected barricades"
    if sub in DEMONSTRATION_RANK:
        return DEMONSTRATION_RANK[sub]
    if sub == Sub.arrests:
        return DEMONSTRATION_RANK[Sub.protest_with_intervention]
    if sub in (Sub.mob_violence, Sub.looting_property_destruction, Sub.armed_clash):
        return DEMONSTRATION_RANK[Sub.violent_demonstration]
    if sub in (Sub.change_to_group_activity, Sub.agreement):  # police deployed, detainees released
        return -1
    if sub is not None and (_nominal(draft.first) or _grievance(draft.first)):
        return -1  # "parents of the 43 disappeared students held a rally": the story behind it
    if kind in ATTACK_KINDS:  # deaths are excessive force; a beating, a shot without deaths, intervention
        if draft.fatalities:
            return DEMONSTRATION_RANK[Sub.excessive_force_against_protesters]
        return DEMONSTRATION_RANK[Sub.protest_with_intervention] if kind == "attack" else -1
    return None


def _cue_is_event(draft: DraftEvent) -> bool:
    """An event beside the demonstration (an arrest, a killing), not force used on it."""
    return _sub(draft) not in DEMONSTRATION_RANK


def _nominal(mention: CodedMention) -> bool:
    """"the killing of a student", "an attack on the spokeswoman": a named, not a told, happening."""
    offset = mention.char_start - mention.sentence_start
    before, after = mention.sentence[:offset], mention.sentence[offset + len(mention.trigger):]
    return bool(_NOMINAL_BEFORE.search(before) or _NOMINAL_AFTER.search(after))


def _grievance(mention: CodedMention) -> bool:
    """Does the clause before the mention say it is what people protest about?"""
    before = mention.sentence[:mention.char_start - mention.sentence_start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    tail = before[breaks[-1].end():] if breaks else before
    return _GRIEVANCE.search(tail) is not None


# --- 2. outcomes ----------------------------------------------------------------------------------
def _outcomes(drafts: list[DraftEvent]) -> list[DraftEvent]:
    absorbed: set[int] = set()
    for draft in sorted(drafts, key=_specificity):  # bare killings first: they may join a blast
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


def _references(drafts: list[DraftEvent]) -> list[DraftEvent]:
    """"The attack", "the clash" after a report of violence refer back to it: they join the latest
    violent event before them in the paragraph (with what was folded into them: "Two soldiers were
    killed in the attack")."""
    absorbed: set[int] = set()
    for draft in drafts:
        first, found = draft.first, type_of(draft)
        if found is None or found.disorder_type != AcledDisorderType.political_violence \
                or not _REFERENCE.search(first.sentence[:first.char_start - first.sentence_start]):
            continue
        hosts = [d for d in drafts if d is not draft and id(d) not in absorbed and d.modality == draft.modality
                 and d.first.paragraph == first.paragraph and d.first.sentence_index < first.sentence_index
                 and (found := type_of(d)) is not None and found.disorder_type == AcledDisorderType.political_violence]
        if not hosts:
            continue
        host = max(hosts, key=lambda d: d.first.char_start)
        absorbed.add(id(draft))
        for mention in draft.mentions:
            host.add(mention, recode=False)
    return [d for d in drafts if id(d) not in absorbed]


_REFERENCE = re.compile(r"\b(?:the|this|that|these)\s+$", re.I)


def _is_outcome(draft: DraftEvent) -> bool:
    return _specificity(draft) < 2


def _specificity(draft: DraftEvent) -> int:
    """0 a bare outcome (killed, wounded) or property destroyed, 1 a blast of unknown kind, 2 an event
    that says what happened (an attack, a clash, a kind of explosion)."""
    kinds = {m.rule.kind for m in draft.mentions}
    if kinds <= {"killing"} or _sub(draft) == Sub.looting_property_destruction:
        return 0
    return 1 if kinds <= OUTCOME_KINDS else 2


def _can_host(host: DraftEvent, outcome: DraftEvent) -> bool:
    sub = type_of(host)
    if sub is not None and sub.sub_event_type == Sub.disrupted_weapons_use:  # "defused a bomb": no blast
        return outcome.first.rule.kind == "explosion" and host.modality == outcome.modality and any(
            m.sentence_index == outcome.first.sentence_index for m in host.mentions)
    if sub is None or sub.disorder_type != AcledDisorderType.political_violence:
        return False
    if _specificity(host) <= _specificity(outcome) or sub.sub_event_type in _NOT_HOSTS or _background(host):
        return False
    if host.modality != outcome.modality or host.first.paragraph != outcome.first.paragraph:
        return False
    if outcome.first.rule.kind == "explosion":  # a blast is the explosion of the report, or a clash's
        return sub.event_type in (AcledEventType.explosions, AcledEventType.battles)
    return True


# a killing reported with an abduction or a rape is an attack of its own (ACLED keeps the graver type)
_NOT_HOSTS = frozenset({Sub.abduction_forced_disappearance, Sub.sexual_violence})


_BACKGROUND = re.compile(r"\b(?:after|following|since|before|during)\s+(?:the|a|an|an?\s+earlier|this|that)?\s*$", re.I)


def _background(draft: DraftEvent) -> bool:
    """"Soldiers looted homes after the attack": a happening named in a time phrase is the setting."""
    first = draft.first
    return bool(_BACKGROUND.search(first.sentence[:first.char_start - first.sentence_start]))


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


# --- ACLED's precedence when a report names two kinds of violence ---------------------------------
def _battles(drafts: list[DraftEvent]) -> list[DraftEvent]:
    """A battle fought with artillery or air support is a battle ("fired artillery and clashed with
    Ukrainian forces", "supported by air raids, clashed with the Houthis")."""
    absorbed: set[int] = set()
    remote = (Sub.shelling_artillery_missile_attack, Sub.air_drone_strike)
    for battle in drafts:
        if _sub(battle) != Sub.armed_clash or battle.first.rule.kind != "clash" or id(battle) in absorbed:
            continue
        sentences = {m.sentence_index for m in battle.mentions}
        for other in drafts:
            if id(other) not in absorbed and _sub(other) in remote and other.modality == battle.modality \
                    and any(m.sentence_index in sentences for m in other.mentions):
                absorbed.add(id(other))
                for mention in other.mentions:
                    battle.add(mention, recode=False)
                battle.mentions.sort(key=lambda m: m.char_start)
    return [d for d in drafts if id(d) not in absorbed]


def _territory(drafts: list[DraftEvent], acled: Lookup) -> list[DraftEvent]:
    """Territory taken in a fight is the fight (Non-state actor overtakes / Government regains
    territory, decided by who took it): the clashes and shelling of its sentence join it. Taken
    without a fight reported, and not by force ("captured", "overran"), it is a Non-violent transfer."""
    absorbed: set[int] = set()
    fights = (AcledEventType.battles, AcledEventType.explosions)
    for taken in drafts:
        if taken.first.rule.kind not in TERRITORY_KINDS or id(taken) in absorbed:
            continue
        sentences = {m.sentence_index for m in taken.mentions}
        fought = False
        for other in drafts:
            found = type_of(other)
            if other is taken or id(other) in absorbed or found is None or found.event_type not in fights \
                    or other.first.rule.kind in TERRITORY_KINDS or other.modality != taken.modality:
                continue
            if other.first.paragraph == taken.first.paragraph:
                fought = True
            if any(m.sentence_index in sentences for m in other.mentions):
                absorbed.add(id(other))
                for mention in other.mentions:
                    taken.add(mention, recode=False)
        taken.mentions.sort(key=lambda m: m.char_start)
        if not fought and not any(_BY_FORCE.search(m.trigger) for m in taken.mentions):
            taken.acled = acled(Sub.non_violent_transfer_of_territory)
    return [d for d in drafts if id(d) not in absorbed]


_BY_FORCE = re.compile(r"\b(?:captur|seiz|overr[au]n|storm|recaptur|retook|retak|regain|reclaim|liberat|wrest|fell|"
                       r"dislodg|push|flush)", re.I)


# "attacked the convoy with mines": ACLED types an explosion by its weapon
_WEAPONS = [
    (re.compile(r"\b(?:land)?mines?\b|\bieds?\b|\bexplosive\s+devices?\b|\bbombs?\b|\bexplosives\b", re.I),
     Sub.remote_explosive_landmine_ied, "183"),
    (re.compile(r"\b(?<!stun\s)(?<!rifle\s)(?<!propelled\s)grenades?\b(?!\s*-?\s*launch)", re.I), Sub.grenade, "183"),
    (re.compile(r"\bartillery\b|\bmortars?\b|\brockets?\b|\bmissiles?\b|\bshells\b|\bheavy\s+(?:weapons|guns)\b",
                re.I), Sub.shelling_artillery_missile_attack, "194"),
    (re.compile(r"\bdrones?\b|\bair\s*strikes?\b|\bwarplanes?\b|\baircraft\b|\bhelicopters?\b", re.I),
     Sub.air_drone_strike, "195"),
]
_INSTRUMENT = re.compile(r"^[^.;:]*?\b(?:with|using|via|by\s+means\s+of)\s+((?:[\w-]+\s+){0,4}[\w-]+)", re.I)


def _instrument(draft: DraftEvent, acled: Lookup) -> None:
    """An attack made with a weapon named after it ("with two remote mines", "using heavy weapons")
    is an explosion of that weapon's kind."""
    first = draft.first
    if first.rule.kind != "attack" or _sub(draft) not in (Sub.attack, Sub.armed_clash):
        return
    after = first.sentence[first.char_end - first.sentence_start:]
    found = _INSTRUMENT.search(after)
    if found is None:
        return
    for pattern, kind, code in _WEAPONS:
        if pattern.search(found.group(1)):
            draft.acled, draft.code = acled(kind), code
            return


def _abductions(drafts: list[DraftEvent], acled: Lookup) -> list[DraftEvent]:
    """People abducted and beaten, tortured or killed in the same report: ACLED codes the attack."""
    absorbed: set[int] = set()
    for taken in drafts:
        if _sub(taken) != Sub.abduction_forced_disappearance or id(taken) in absorbed:
            continue
        violence = [d for d in drafts if d is not taken and id(d) not in absorbed and _sub(d) == Sub.attack
                    and d.first.paragraph == taken.first.paragraph and d.modality == taken.modality]
        for other in violence:
            absorbed.add(id(other))
            for mention in other.mentions:
                taken.add(mention, recode=False)
        if violence:
            taken.mentions.sort(key=lambda m: m.char_start)
            taken.acled, taken.civilian_targeting = acled(Sub.attack), True
            taken.fatalities = max((d.fatalities or 0 for d in [taken, *violence]), default=0) or None
    return [d for d in drafts if id(d) not in absorbed]


# --- 3. who acts on whom --------------------------------------------------------------------------
def _by_actors(draft: DraftEvent, acled: Lookup, sized: bool = False) -> None:
    """`sized`: the paragraph carries ACLED's size tag, which only demonstrations and riots get, so
    its violence is a crowd's."""
    sub = _sub(draft)
    kind = draft.first.rule.kind
    source, target = draft.source, None if draft.target_inferred else draft.target
    if sub in DEMONSTRATION_RANK:
        pass  # typed with its paragraph (step 1)
    elif _crowd_violence(draft) or (sized and kind in CROWD_KINDS and sub not in (None, Sub.arrests)):
        draft.acled = acled(Sub.mob_violence)
    elif sub in (Sub.attack, Sub.armed_clash) and (kind in ATTACK_KINDS or kind == "clash"):
        hit = _victims(draft, target)
        if sub == Sub.attack and hit == "armed":  # a generic assault on armed men is a fight (190)
            draft.acled, draft.code = acled(Sub.armed_clash), "190" if draft.code == "180" else draft.code
        elif sub == Sub.armed_clash and kind in ATTACK_KINDS and hit == "civilian":
            draft.acled = acled(Sub.attack)
    elif sub in (Sub.non_state_actor_overtakes_territory, Sub.government_regains_territory) and kind in TERRITORY_KINDS \
            and draft.acled is None:
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
            final.event_type == AcledEventType.explosions and _victims(draft, target, kinds=None) == "civilian")


# Who was hit, in the words of the report: armed people and military sites make a fight between
# armed groups (ACLED Battles); anyone else is a civilian (Violence against civilians).
_ARMED_VICTIMS = re.compile(
    r"\b(?:soldiers?|troops|servicem[ae]n|service\s+members?|army|military|police\w*|policem[ae]n|"
    r"(?:police|security|army|military|prison)\s+(?:officers?|guards?)|cops?|gendarmes?|security\s+forces|"
    r"(?:government|armed|security|special|regime|junta)\s+forces|militants?|fighters?|rebels?|insurgents?|"
    r"jihadists?|militiam[ae]n|militias?|gunm[ae]n|combatants|paramilitar\w*|commanders?|"
    r"(?:drug\s+)?traffickers?|gang\s+members?|gangsters?|cartel\s+members?|members?\s+of\s+(?:a|an|the)?\s*"
    r"(?:\w+\s+){0,2}(?:gang|cartel|militia|group|army|armed\s+group)|checkpoints?|barracks|outposts?|"
    r"military\s+(?:posts?|bases?|camps?|vehicles?|convoys?)|bases?|convoys?|patrols?|positions|forces?|guards?|"
    r"peshmerga|regime|junta|bandits?|kidnappers?|pirates?|attackers|assailants|perpetrators|terrorists?|"
    r"extremists?|separatists?|guerrillas?|mercenaries|volunteers?\s+fighters?|vigilantes|snipers?)\b", re.I)
_CIVILIAN_VICTIMS = re.compile(
    r"\b(?:civilians?|villagers?|residents?|people|persons?|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|"
    r"famil(?:y|ies)|farmers?|traders?|students?|teachers?|workers?|drivers?|shopkeepers?|passengers?|"
    r"journalists?|activists?|idps?|herders?|worshippers?|pilgrims?|teenagers?|youths?|locals?|"
    r"individuals?|victims?|houses?|homes?|villages?|market|school|church|mosque|hospital|doctors?|"
    r"nurses?|businessm[ae]n|merchants?|vendors?|elderly|infants?|bab(?:y|ies)|relatives?|wife|husband|"
    r"sons?|daughters?|mothers?|fathers?|brothers?|sisters?|priests?|pastors?|imams?|chiefs?|leaders?|"
    r"politicians?|councill?ors?|mayors?|candidates?|officials?|lawyers?|judges?|owners?|couple)\b", re.I)


# An unorganised crowd doing it (ACLED "Rioters"): residents, a mob, supporters, a group of people.
_CROWD = re.compile(
    r"\b(?:rioters?|mobs?|crowds?|residents|villagers|locals|youths|students|supporters|cadres|settlers|refugees|"
    r"motorists|passers-?by|neighbou?rs|relatives|family\s+members|parents|fans|worshippers|hooligans|"
    r"community\s+members|party\s+(?:workers|members|activists|supporters)|"
    r"group\s+of\s+(?:\w+\s+){0,2}(?:people|men|persons|individuals|youths|locals|residents|villagers|students|"
    r"women|assailants|attackers|hooligans|supporters))\b", re.I)
# ... or groups that may be armed: a crowd only when no weapon or armed force is named
_GROUPS = re.compile(r"\b(?:groups|factions|camps|sides|communities|families|factional|intercommunal|communal)\b",
                     re.I)
_ARMED_AGENTS = re.compile(r"\b(?:armed|gunm[ae]n|guns?|militants?|soldiers?|troops|forces|fighters|rebels|"
                           r"insurgents|militiam[ae]n|militias?|army|military|jihadists|police|weapons|rifles?|"
                           r"firearms|tribesmen|tribal|clans?)\b", re.I)
_ARMED_SIDES = re.compile(r"\b(?:armed|gunm[ae]n|guns?|militants?|fighters|rebels|insurgents|militiam[ae]n|militias?|"
                          r"jihadists|weapons|rifles?|firearms|tribesmen|tribal|clans?|fire|shots)\b", re.I)


def _crowd_violence(draft: DraftEvent) -> bool:
    """Violence by an unorganised crowd: its doers are a crowd (in a clash, either side), and no one
    armed is among them."""
    mentions = [m for m in draft.mentions if m.rule.kind in CROWD_KINDS]
    if not mentions or draft.first.rule.kind not in CROWD_KINDS | {"mob_violence"}:
        return False
    if any(m.rule.code == "193" for m in mentions):  # an exchange of fire: armed on both sides
        return False
    doers = " ".join(f"{m.agent} {m.trigger} {m.patient if m.rule.kind == 'clash' else ''}" for m in mentions)
    if not _CROWD.search(doers):
        return bool(_GROUPS.search(doers)) and not _ARMED_AGENTS.search(doers) and not _ARMED_SIDES.search(doers)
    if draft.first.rule.kind == "clash":  # rioters against the police; not armed men against soldiers
        return not _ARMED_SIDES.search(doers)
    return not _ARMED_AGENTS.search(" ".join(m.agent for m in mentions))


_OFF_DUTY = re.compile(r"\boff[- ]duty\b|\bformer\b|\bretired\b|\bex-", re.I)


def _victims(draft: DraftEvent, target: ActorRef | None,
             kinds: frozenset[str] | None = ATTACK_KINDS | {"clash"}) -> str | None:
    """"armed", "civilian" or None (unknown), from the words naming who was hit by the mentions of
    these kinds (None: all), else the target."""
    first = draft.first.sentence_index  # later sentences add background ("Police believe the man ...")
    for mention in draft.mentions:
        if (kinds is None or mention.rule.kind in kinds) and mention.sentence_index == first:
            found = _nearest_victim(mention.patient, mention.patient_before)
            if found is not None:
                return found
    if _civilian(target):
        return "civilian"
    return "armed" if _armed(target) else None


def _nearest_victim(text: str, before: bool) -> str | None:
    """The kind of the victim named nearest the trigger ("killed a villager suspected of supporting
    the rebels": a civilian); armed people off duty or retired are civilians."""
    hits = [(m.start(), "armed") for m in _ARMED_VICTIMS.finditer(text)]
    hits += [(m.start(), "civilian") for m in _CIVILIAN_VICTIMS.finditer(text)]
    if not hits:
        return None
    where, kind = max(hits) if before else min(hits)
    if kind == "armed" and _OFF_DUTY.search(text[max(0, where - 30):where]):
        return "civilian"
    return kind


def _armed(actor: ActorRef | None) -> bool:
    return actor is not None and actor.sector in ARMED_SECTORS


def _civilian(actor: ActorRef | None) -> bool:
    return actor is not None and actor.sector == "CVL"


_WITHOUT_FIGHT = re.compile(r"\bwithout\s+(?:a\s+|any\s+)?(?:fight|fighting|resistance|clashes|bloodshed|a shot)|"
                            r"\bpeacefully\b|\bunopposed\b|\bno\s+(?:clashes|fighting)\b|"
                            r"\b(?:clashes|fighting)\s+(?:were|was)\s+not\s+reported", re.I)


def _without_fight(draft: DraftEvent) -> bool:
    return any(_WITHOUT_FIGHT.search(m.sentence) for m in draft.mentions)


def _sub(draft: DraftEvent) -> Sub | None:
    found = type_of(draft)
    return found.sub_event_type if found else None


def _position(draft: DraftEvent) -> int:
    return min(m.char_start for m in draft.mentions)
