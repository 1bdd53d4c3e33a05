"""Who did it to whom, without a parser.

Source and target are read from where actor mentions stand around the trigger: the subject to the
left (skipping prepositional phrases, appositions and attributions), the object or a target
preposition to the right, the by-agent of a passive, coordinated and hyphenated pairs for symmetric
events ("Trump and Putin held a call", "the Trump-Putin call"), and pronouns resolved to the nearest
fitting actor. Clause boundaries ("but", "after", "that", ";", a spaced dash) limit the search.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from spacy.tokens import Doc, Span

from eventpipe.schemas import ActorRef
from eventpipe.schemas.rule import EventRule

# Words (lemmas or lower-case forms) that end the clause a trigger sits in.
BOUNDARIES = frozenset({
    ";", ":", "(", ")", "[", "]", "\"", "“", "”", "but", "while", "whereas", "although", "though",
    "because", "after", "before", "when", "since", "if", "unless", "as", "that", "which", "who",
    "whom", "whose", "where", "despite", "amid", "following", "say", "tell", "accord", "whether",
    "until", "so", "yet", "however",
})
PREPOSITIONS = frozenset({
    "to", "with", "against", "on", "from", "of", "for", "by", "at", "in", "into", "over", "between",
    "about", "toward", "towards", "upon", "under", "through", "across", "near", "outside", "inside",
    "among", "during", "including", "like", "than", "via", "without", "behind", "within", "around",
    "onto", "off", "amongst", "beside", "besides", "alongside", "unlike", "except", "per", "regarding",
})
DEFAULT_TARGET_PREPS = frozenset({"to", "on", "against", "at", "toward", "towards", "into", "upon", "over", "with"})
SYMMETRIC_PREPS = frozenset({"with", "between", "to", "from"})
COORDINATORS = frozenset({",", "and", "or", "&"})
# words that may stand between coordinated actors: "Putin and former U.S. President Trump"
CONJUNCT_MODIFIERS = frozenset({"former", "then", "both", "the", "outgoing", "incoming", "acting", "as", "well"})
ATTACHED_DASHES = frozenset({"-", "–", "—", "/"})
DETERMINERS = frozenset({"the", "a", "an"})
# nouns that make a sector word before them a modifier ("military exercises"), not an actor
MODIFIED_HEADS = frozenset({
    "system", "systems", "aid", "assistance", "exercise", "exercises", "drill", "drills", "action", "actions",
    "operation", "operations", "equipment", "hardware", "supplies", "package", "packages", "spending",
    "budget", "interceptor", "interceptors", "cooperation", "capability", "capabilities", "technology",
    "strategy", "doctrine", "posture", "buildup", "presence", "infrastructure", "support", "battery",
    "batteries", "missile", "missiles"})
BLOCS = frozenset({"EUR", "NATO", "UNO"})
OWNER_WORDS = frozenset({"whose", "its", "his", "her", "their"})
# words that may stand between a preposition and the actor of its noun phrase
NP_MODIFIERS = DETERMINERS | frozenset({
    "his", "her", "their", "its", "our",
    "two", "three", "several", "some", "many", "more", "other", "senior", "top", "leading", "key", "prominent",
    "far", "right", "left", "wing", "hardline", "radical", "ultranationalist", "nationalist", "ultra",
    "orthodox", "rival", "powerful", "wealthy", "major", "state", "owned", "run", "backed"})
MEANS_PREPS = frozenset({"in", "with", "during", "through", "via"})
CAUSE_PREPS = frozenset({"for", "over", "about", "after", "following", "despite", "amid"})
PHRASE_ADJECTIVES = frozenset({"latest", "recent", "deadly", "overnight"})  # "for the latest drone attack"
RESPONSE_WORDS = frozenset({"respond", "response", "react", "reaction", "reply", "retaliate", "retaliation", "answer"})
TARGET_NAMING_NOUNS = frozenset({"sanctions", "embargo", "embargoes"})  # word forms: not "sanctioned"
# "by a swarm of Russian drones", "on dozens of Chinese firms": the amount stands between the
# preposition and the actor of its noun phrase
AMOUNT_NOUNS = frozenset({"swarm", "swarms", "wave", "waves", "barrage", "salvo", "volley", "fleet", "dozens",
                          "hundreds", "scores", "thousands", "number", "series", "string", "group", "handful",
                          "pair", "couple", "batch", "flurry", "host", "range", "raft", "round", "slew"})
APPOSITION_OPENERS = frozenset({"a", "an", "the", "another", "one"})
PERSON_PRONOUNS = frozenset({"he", "she", "his", "her"})
GROUP_PRONOUNS = frozenset({"they", "their", "it", "its"})
SPEAKER_PRONOUNS = frozenset({"i", "we", "our", "my"})
SUBJECT_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | SPEAKER_PRONOUNS
BE = frozenset({"be", "get"})
CALL_VERBS = frozenset({"call", "phone", "telephone", "ring", "rang", "dial"})  # their object takes part
WEAPON_NOUNS = frozenset({"drone", "drones", "uav", "uavs", "missile", "missiles", "rocket", "rockets"})
LAUNCH_VERBS = frozenset({"launch", "fire", "launched", "fired"})
SPEECH_VERBS = frozenset({"say", "state", "tell", "add", "write", "claim", "announce", "confirm", "post"})
# verbs whose object is the other party of the call they are said in: "Biden told Netanyahu in a call"
ADDRESS_VERBS = frozenset({"tell", "assure", "reassure", "urge", "warn", "caution", "ask", "inform", "brief",
                           "update", "thank", "congratulate", "press", "invite", "remind", "promise", "offer",
                           "encourage", "persuade", "pressure"})


class ActorMention(Protocol):  # produced by coding/actors.py
    start: int
    end: int
    text: str
    actor: ActorRef
    kind: str


@dataclass(frozen=True, slots=True)
class Roles:
    source: ActorRef | None
    target: ActorRef | None


@dataclass(frozen=True, slots=True)
class _Group:
    """Coordinated actor mentions ("Kyiv, Washington and European allies") and the word before them."""

    members: tuple[ActorMention, ...]
    before: str   # lemma of the word before the first member, skipping "the"/"a"/"both"

    @property
    def start(self) -> int:
        return self.members[0].start

    @property
    def end(self) -> int:
        return self.members[-1].end

    @property
    def in_phrase(self) -> bool:
        """Inside a prepositional phrase or an attribution: not a subject."""
        return self.before in PREPOSITIONS or self.before == "accord"


class RoleReader:
    """Reads the roles of the triggers of one sentence."""

    def __init__(self, sentence: Span, actors: Sequence[ActorMention],
                 before: Sequence[ActorMention] = (), after: Sequence[ActorMention] = (),
                 engaged: Sequence[tuple[int, int]] = ()):
        self.doc: Doc = sentence.doc
        self.sentence = sentence
        self.before = before    # actors of the preceding sentences, in text order
        self._owned_refs: set[int] = set()  # actors read through a possessive ("its troops")
        self.actors = self._owned(sorted((a for a in actors if not self._modifies(a)), key=lambda a: a.start))
        self.after = after      # actors of the following sentence
        self._covered = {i for a in self.actors for i in range(a.start, a.end)}
        self._all_groups = self._groups(sentence.start, sentence.end)
        self.engaged = engaged  # token spans of the sentence's other triggers

    def _modifies(self, mention: ActorMention) -> bool:
        """A sector word of no state that only modifies the noun after it is no actor: "military
        exercises", "air defence systems", "with military action"."""
        if mention.actor.country is not None or mention.kind != "agent" or mention.end >= self.sentence.end:
            return False
        return self.doc[mention.end].lower_ in MODIFIED_HEADS

    def _owned(self, actors: list[ActorMention]) -> list[ActorMention]:
        """A sector word of no state after a possessive takes the owner's state: "Trump, whose
        administration paused ...", "its air defences", "his government"; "the bloc" is the bloc
        the report names."""
        out = []
        for n, mention in enumerate(actors):
            if mention.kind == "agent" and mention.actor.country is None and mention.actor.sector == "IGO":
                # "the bloc": the bloc named nearest before it (in this sentence, then earlier), else after it
                blocs = [a for a in [*reversed(actors[:n]), *reversed(self.before), *actors[n + 1:]]
                         if (a.kind == "organization" and a.actor.sector == "IGO") or a.actor.country in BLOCS]
                if blocs:
                    mention = replace(mention, actor=blocs[0].actor)
                out.append(mention)
                continue
            i = mention.start - 1
            if mention.actor.country is None and mention.kind == "agent" and i >= self.sentence.start \
                    and self.doc[i].lower_ in OWNER_WORDS:
                owner = self._owner(i, out)
                if owner is not None and owner.country:
                    actor = mention.actor
                    mention = replace(mention, actor=ActorRef(code=owner.country + (actor.sector or ""), name=actor.name,
                                                              country=owner.country, sector=actor.sector))
                    self._owned_refs.add(id(mention.actor))
            out.append(mention)
        return out

    def _owner(self, i: int, earlier: list[ActorMention]) -> ActorRef | None:
        word = self.doc[i].lower_
        if word == "whose":  # the actor right before: "Trump, whose administration"
            j = i - 1 if self.doc[i - 1].text == "," else i
            near = [a for a in earlier if a.end == j]
            return near[0].actor if near else None
        want_person = word in ("his", "her")
        for mention in [*reversed(earlier), *reversed(self.before)]:
            if (mention.kind == "person") == want_person and mention.actor.country:
                return mention.actor
        return None

    def read(self, rule: EventRule, start: int, end: int) -> Roles:
        if rule.roles == "anaphoric":
            return Roles(None, None)
        if rule.roles == "symmetric":
            return self._symmetric(start, end)
        named = self._named_target(start)
        if named is not None:  # "its Russia sanctions list": sanctions on Russia, by the clause's subject
            return Roles(self._subject(named.start), named.members[0].actor)
        subject = self._coordinated_subject(start) or self._subject(start)
        if subject is not None and self._means_phrase(start) and not self._modified(start):
            # "Israeli forces killed a Hamas commander in a drone strike": the clause's subject, not
            # the object of its verb, carried it out
            subject = self._clause_subject(start) or subject
        if subject is not None and self._cause_phrase(start) and not self._modified(start):
            # "Moscow vowed to retaliate for the drone attack": Moscow did not launch it; "condemned
            # Russia over the drone attacks": the one blamed did
            subject = self._blamed(start)
        agent = self._by_agent(start + 1)
        if agent is not None and self._launched_by(start, end):
            subject = None  # "the drones launched by Iran": the by-agent, not the clause's subject
        if rule.roles == "patient" or self._is_passive(start):
            source = agent or (self._object(start, end, frozenset({"from", "by"})) if rule.roles == "patient" else None)
            return Roles(source, subject)
        preps = frozenset(rule.target_preps or DEFAULT_TARGET_PREPS)
        recipient = None
        if subject is not None and self._recipient_before(start, preps):
            # "Washington granted India a waiver from sanctions": the receiving object is no subject
            recipient, subject = subject, self._subject(self._recipient_before(start, preps))
        source = subject or agent or self._launched_from(start, end)
        # ("shipments of arms to Ukraine were halted by the Pentagon", "a drone launched from Lebanon")
        # who violence hit is read by the ACLED composition from its own words; keep its target narrow
        target = recipient or self._object(start, end, preps, loose=rule.acled is None and rule.code[:2] not in ("18", "19", "20"))
        inner = self._head_modifier(start, end)
        if inner is not None and (source is None or source.country != inner.country):
            # "Iran was hit with new U.S. sanctions", "Russia faces fresh EU sanctions": the noun's own
            # modifier did it; the clause's subject is what it hit
            if target is None and source is not None:
                target = source
            source = inner
        elif source is None:  # "(officials said) deliveries of U.S. weapons to Ukraine had resumed"
            source = self._inner_owner(start, end, target)
        if target is not None and source is not None and (target.code == source.code or (
                id(target) in self._owned_refs and target.country == source.country)):
            target = None  # "withdraw its troops from the border": its own troops are not the target
        return Roles(source, target)

    def _cause_phrase(self, start: int) -> bool:
        """A noun trigger in a phrase of cause or circumstance ("retaliate for the drone attack",
        "respond to the strikes", "condemned Russia over its attacks")."""
        i = self._before_noun_phrase(start)
        word = self.doc[i].lower_ if i >= self.sentence.start else ""
        if word == "to":
            return i > self.sentence.start and self.doc[i - 1].lemma_ in RESPONSE_WORDS
        return word in CAUSE_PREPS

    def _means_phrase(self, start: int) -> bool:
        """A noun trigger in a phrase of means after the verb's object: "... in a drone strike",
        "... with a drone attack"."""
        i = self._before_noun_phrase(start, PHRASE_ADJECTIVES | {"massive", "large", "new"})
        return i > self.sentence.start and self.doc[i].lower_ in MEANS_PREPS

    def _before_noun_phrase(self, start: int, adjectives: frozenset[str] = PHRASE_ADJECTIVES) -> int:
        """The index of the word before the noun phrase that ends with the trigger noun at start."""
        i = start - 1
        while i > self.sentence.start and (self.doc[i].lower_ in NP_MODIFIERS or self.doc[i].like_num
                                           or self.doc[i].lower_ in adjectives):
            i -= 1
        return i

    def _clause_subject(self, start: int) -> ActorRef | None:
        """The first actor group of the trigger's clause outside phrases and appositions."""
        for group in self._groups(self.clause_start(start), start):
            if not group.in_phrase and not self._in_apposition(group.start, start, group.end) \
                    and not self._quoted(group.start):
                return group.members[0].actor
        return None

    def _blamed(self, start: int) -> ActorRef | None:
        """The object of the verb before a cause phrase ("condemned Russia over ...")."""
        i = start - 1
        while i > self.sentence.start and self.doc[i].lower_ not in CAUSE_PREPS:
            i -= 1
        group = next((g for g in self._groups(self.clause_start(i), i) if g.end == i), None)
        if group is None or not group.before or group.before in PREPOSITIONS or group.before in COORDINATORS \
                or not self._subject(group.start):
            return None
        return group.members[0].actor

    def _modified(self, start: int) -> bool:
        """An actor right before the trigger noun, or its possessor: "the Houthi drone attack",
        "Ukraine's drone attack"."""
        ends = {g.end for g in self._groups(self.clause_start(start), start)}
        return start in ends or (self.doc[start - 1].lower_ in ("'s", "’s") and start - 1 in ends)

    def _named_target(self, start: int) -> _Group | None:
        """A country's name (not its adjective or an abbreviation) right before "sanctions" or
        "embargo" names the target: "Russia sanctions", "the Iran embargo"; "U.S. sanctions",
        "EU sanctions" and "British sanctions" name who imposed them."""
        if self.doc[start].lower_ not in TARGET_NAMING_NOUNS:
            return None
        group = next((g for g in self._groups(self.clause_start(start), start) if g.end == start), None)
        if group is None or len(group.members) != 1:
            return None
        mention = group.members[0]
        return group if mention.kind == "country" and any(c.islower() for c in mention.text) else None

    def _coordinated_subject(self, start: int) -> ActorRef | None:
        """The subject of a coordinated predicate: "The United States designated Russia's Wagner
        Group a criminal organisation and imposed new sanctions on ..." (not Wagner, the object of
        the first verb)."""
        lo = self.clause_start(start)
        groups = [g for g in self._groups(lo, start) if not g.in_phrase]
        if len(groups) < 2:
            return None
        last, k = groups[-1], len(groups) - 1
        between = [t.lower_ for t in self.doc[last.end:start]]
        while k > 0 and self.doc[last.start - 1].lower_ in ("'s", "’s") and groups[k - 1].end == last.start - 1:
            k -= 1
            last = groups[k]  # "designated Russia's Wagner Group": the possessor opens the object
        if k == 0:
            return None
        if "and" not in between or last.before in PREPOSITIONS or not self.doc[last.start - 1].is_alpha \
                or not self.doc[last.start - 1].is_lower or between[0] in PREPOSITIONS or between[0] == "'s":
            return None  # not "accused Ukraine of launching drones and attacking ..."
        return groups[0].members[0].actor

    def _launched_by(self, start: int, end: int) -> bool:
        """A participle with its by-agent in or right after the trigger: "drones launched by Iran"."""
        for i in range(start + 1, min(end + 1, self.sentence.end)):
            if self.doc[i].lower_ == "by" and self.doc[i - 1].lower_.endswith("ed"):
                return True
        return False

    def _head_modifier(self, start: int, end: int) -> ActorRef | None:
        """A state named right before the head noun inside a longer trigger: "new U.S. sanctions"."""
        first = self.doc[start]
        if end - start < 3 or first.lemma_ != first.lower_ or first.lower_.endswith(("ed", "ing")):
            return None  # a verb's object: "destroyed 95 Ukrainian drones" (the drones' owner was hit)
        for group in self._groups(start + 1, end):
            if group.end == end - 1 and (not group.in_phrase or group.before == "of"):  # "round of EU sanctions"
                return group.members[0].actor
        return None

    def _inner_owner(self, start: int, end: int, target: ActorRef | None) -> ActorRef | None:
        """The first state inside a noun trigger, outside phrases other than "of", that is not its
        target: "deliveries of U.S. weapons to Ukraine resumed"."""
        if self.doc[start].lower_.endswith(("ed", "ing")):
            return None  # a verb's object: "destroyed 95 Ukrainian drones"
        for group in self._groups(start + 1, end):
            actor = group.members[0].actor
            if (not group.in_phrase or group.before == "of") and actor.country \
                    and (target is None or actor.country != target.country):
                return actor
        return None

    def _recipient_before(self, start: int, preps: frozenset[str]) -> int:
        """The start of the word before the subject group when that word is one of the rule's
        object verbs ("granted", "gave", "threatened"), else 0."""
        lo = self.clause_start(start)
        groups = [g for g in self._groups(lo, start) if not g.in_phrase]
        if not groups:
            return 0
        group = groups[-1]
        if group.before in preps and group.before not in PREPOSITIONS and group.start - 1 > lo:
            return group.start - 1
        return 0

    def patient_span(self, rule: EventRule, start: int, end: int) -> tuple[int, int]:
        """The tokens that say who or what the event hit, named or not ("killed two soldiers", "a
        trader was shot"): before a passive or patient trigger, else after it, within its clause."""
        if rule.roles == "patient" or self._passive_trigger(start, end):
            return self.clause_start(start), start
        stop = self.clause_end(end)
        by = next((i for i in range(end, stop) if self.doc[i].lower_ == "by"), stop)  # "attacks by X"
        return end, by

    def agent_span(self, rule: EventRule, start: int, end: int) -> tuple[int, int]:
        """The tokens that say who did it ("a group of residents beat ...", "... was beaten by a mob"):
        after a passive or patient trigger, else before it, within its clause."""
        if rule.roles == "patient" or self._passive_trigger(start, end):
            return end, self.clause_end(end)
        return self.clause_start(start), start

    # --- clause geometry -------------------------------------------------------------------
    def _is_boundary(self, i: int) -> bool:
        token = self.doc[i]
        if token.lower_ == "as":  # "as well as", "such as" coordinate; "as both sides ..." subordinates
            neighbours = {self.doc[i - 1].lower_ if i > 0 else "", self.doc[i + 1].lower_ if i + 1 < len(self.doc) else ""}
            return not neighbours & {"well", "such"}
        if token.lemma_ in BOUNDARIES or token.lower_ in BOUNDARIES:
            return True
        # a dash with spaces around it separates clauses; an attached one joins names ("Trump-Putin")
        return token.text in ("—", "–", "-") and i > 0 and bool(self.doc[i - 1].whitespace_) \
            and bool(token.whitespace_)

    def clause_start(self, i: int) -> int:
        j = i - 1
        while j >= self.sentence.start and not self._is_boundary(j):
            j -= 1
        return j + 1

    def clause_end(self, i: int) -> int:
        j = i
        while j < self.sentence.end and not self._is_boundary(j):
            j += 1
        return j

    # --- actor groups -----------------------------------------------------------------------
    def _groups(self, lo: int, hi: int) -> list[_Group]:
        """Coordinated groups of the actor mentions wholly inside [lo, hi)."""
        chains: list[list[ActorMention]] = []
        for actor in (a for a in self.actors if lo <= a.start and a.end <= hi):
            if chains and self._coordinated(chains[-1][-1].end, actor.start):
                chains[-1].append(actor)
            else:
                chains.append([actor])
        return [self._group(part) for chain in chains for part in self._split_bare_commas(chain)]

    def _split_bare_commas(self, chain: list[ActorMention]) -> list[list[ActorMention]]:
        """"According to X, Russia launched": a comma alone is not a list unless "and"/"or" ends it."""
        parts: list[list[ActorMention]] = [[chain[0]]]
        for previous, actor in zip(chain, chain[1:]):
            link = {t.lower_ for t in self.doc[previous.end:actor.start]}
            later = {t.lower_ for a, b in zip(chain, chain[1:]) if a.start >= previous.start
                     for t in self.doc[a.end:b.start]}
            if link <= {","} and not later & {"and", "or", "&"}:
                parts.append([actor])
            else:
                parts[-1].append(actor)
        return parts

    def _coordinated(self, end: int, start: int) -> bool:
        between = self.doc[end:start]
        words = [t.lower_ for t in between]
        if not words or len(words) > 4:
            return False
        if len(words) == 1 and between[0].text in ATTACHED_DASHES:
            return not self._is_boundary(end)
        return any(w in COORDINATORS for w in words) and all(w in COORDINATORS | CONJUNCT_MODIFIERS for w in words)

    def _group(self, members: list[ActorMention]) -> _Group:
        i = members[0].start - 1
        while i >= self.sentence.start and self.doc[i].lower_ in DETERMINERS | {"both", "former"}:
            i -= 1
        return _Group(tuple(members), self.doc[i].lemma_ if i >= self.sentence.start else "")

    # --- directed roles -------------------------------------------------------------------------
    def _subject(self, start: int, lo: int | None = None) -> ActorRef | None:
        """The nearest actor group or subject pronoun left of `start` that is not inside a
        prepositional phrase or an attribution ("According to X, ..."): its first member."""
        subjects = self._subjects(start, lo)
        return subjects[0] if subjects else None

    def _subjects(self, start: int, lo: int | None = None) -> tuple[ActorRef, ...]:
        """All members of that subject group: "Britain, Canada and Norway imposed sanctions"."""
        lo = self.clause_start(start) if lo is None else lo
        groups = {g.end: g for g in self._groups(lo, start)}
        modifier = groups.get(start) or groups.get(start - 1 if self.doc[start - 1].lower_ in ("'s", "’s") else -1)
        if modifier is not None:  # "Russian drone attacks", "Russia's strikes": whatever stands before
            return tuple(m.actor for m in modifier.members)
        i = start - 1
        while i >= lo:
            group = groups.get(i + 1)
            if group is not None:
                if not group.in_phrase and not self._in_apposition(group.start, start, group.end) \
                        and not self._in_attribution(group.start, lo):
                    described = self._described(group.start)
                    return described if described is not None else tuple(m.actor for m in group.members)
                i = group.start - 1
                continue
            if self.doc[i].lower_ in SUBJECT_PRONOUNS and i not in self._covered:
                actor = self._resolve_pronoun(i)
                return (actor,) if actor is not None else ()
            i -= 1
        if lo - 2 > self.sentence.start and self.doc[lo - 1].lemma_ == "accord" and self.doc[lo - 2].text == ",":
            # "Pyongyang has sent troops to Russia, according to Seoul, and has also supplied shells":
            # the attribution is an aside; the subject stands before it
            subject = self._clause_subject(lo - 2)
            return (subject,) if subject is not None else ()
        return self._antecedent(lo)

    def _described(self, i: int) -> tuple[ActorRef, ...] | None:
        """When the group at i is the object of a relative clause, the actors of the group that clause
        describes (none if it describes no actor): "European leaders who visited Kyiv on Saturday had
        threatened Moscow" (the leaders), "Russia, which invaded Ukraine in 2022, imposed ..."."""
        for k in range(i - 2, max(self.sentence.start, i - 6) - 1, -1):
            if self.doc[k].lower_ in ("who", "which"):
                end = k - 1 if self.doc[k - 1].text == "," else k
                described = next((g for g in self._groups(self.sentence.start, end) if g.end == end), None)
                return tuple(m.actor for m in described.members) if described and not described.in_phrase else ()
        return None

    def _in_attribution(self, i: int, lo: int) -> bool:
        """Whether token i stands in "according to ..." (up to the next comma)."""
        for k in range(i - 1, lo - 2, -1):
            if k < self.sentence.start or self.doc[k].text == ",":
                return False
            if self.doc[k].lower_ == "to" and k > self.sentence.start and self.doc[k - 1].lemma_ == "accord":
                return True
        return False

    def _antecedent(self, lo: int) -> tuple[ActorRef, ...]:
        """The subject of a relative clause is what it describes: "Russia, which has launched
        thousands of drones at Ukraine, ..."; so is the subject after one."""
        which = lo - 1
        if self.doc[which].lower_ not in ("which", "who"):
            # after an aside: "Britain, which has helped Ukraine since 2022, imposed ..."
            which = next((k for k in range(lo - 2, max(self.sentence.start, lo - 16), -1)
                          if self.doc[k].lower_ in ("which", "who") or self.doc[k].text == ","
                          and self.doc[k + 1].lower_ not in ("which", "who") and k < lo - 2), lo - 1)
        if which - 1 <= self.sentence.start or self.doc[which].lower_ not in ("which", "who") \
                or self.doc[which - 1].text != ",":
            return ()
        group = next((g for g in self._groups(self.sentence.start, which - 1) if g.end == which - 1), None)
        return tuple(m.actor for m in group.members) if group is not None and not group.in_phrase else ()

    def _in_relative_aside(self, i: int) -> bool:
        """Whether token i stands in an aside ", which/who ... ," (closed before the next clause)."""
        for k in range(i - 1, self.sentence.start, -1):
            word = self.doc[k].lower_
            if word in ("which", "who") and self.doc[k - 1].text == ",":
                return any(t.text == "," for t in self.doc[i:self.sentence.end])
            if word in (",", ";", ":") or self.doc[k].text in ("—", "–"):
                return False
        return False

    def co_sources(self, rule: EventRule, start: int, end: int) -> list[ActorRef]:
        """The other states of a coordinated subject, each the source of an event of its own
        ("Britain, Canada and Norway imposed sanctions on ..."): for directed, active triggers."""
        if rule.roles != "directed" or self._is_passive(start):
            return []
        subjects = self._subjects(start)
        seen = {subjects[0].country} if subjects else set()
        out = []
        for actor in subjects[1:]:
            if actor.country and actor.country not in seen:
                seen.add(actor.country)
                out.append(actor)
        return out

    def _in_apposition(self, first: int, start: int, last: int | None = None) -> bool:
        """Whether tokens from `first` (to `last`) stand in an apposition closed before `start`:
        "Poland, a key U.S. ally in the war, said ..." (not "U.S.")."""
        lo = max(self.sentence.start, first - 8)
        k = first - 1
        while k >= lo and self.doc[k].text != ",":
            k -= 1
        if k < lo or k <= self.sentence.start or self.doc[k + 1].lower_ not in APPOSITION_OPENERS:
            return False
        return any(self.doc[c].text == "," for c in range(last if last is not None else first, start))

    def _object(self, start: int, end: int, preps: frozenset[str], loose: bool = False) -> ActorRef | None:
        group = self._object_group(start, end, preps, loose)
        return group.members[0].actor if group is not None else None

    def _object_group(self, start: int, end: int, preps: frozenset[str], loose: bool = False) -> _Group | None:
        """The first actor group after the trigger's start introduced by a target preposition, or
        standing right after the trigger as its direct object ("phoned Putin"; with `loose` also past
        numbers and modifiers: "blacklisted three Chinese companies")."""
        for group in self._groups(start, self.clause_end(end)):
            if group.before in preps or self._lead(group) in preps or self._belongs(group):
                return group
            between = self.doc[end:group.start]
            if group.start >= end and all(t.lower_ in DETERMINERS or (loose and (t.lower_ in NP_MODIFIERS or t.like_num))
                                          for t in between):
                return group
        return None

    def co_targets(self, rule: EventRule, start: int, end: int, target: ActorRef | None) -> list[ActorRef]:
        """The other states of a coordinated object, each the target of an event of its own
        ("blacklisted Russian and Chinese companies"), and those a trailing "including" adds
        ("... on 400 companies, including firms based in China and Turkey"): for directed triggers."""
        if rule.roles != "directed" or target is None or self._is_passive(start):
            return []
        preps = frozenset(rule.target_preps or DEFAULT_TARGET_PREPS)
        group = self._object_group(start, end, preps, loose=True)
        members = list(group.members[1:]) if group is not None and group.members[0].actor is target else []
        including = next((i for i in range(end, self.sentence.end) if self.doc[i].lower_ == "including"), None)
        if including is not None and not any(self._is_boundary(i) for i in range(end, including)):
            for later in self._groups(including + 1, self.clause_end(including + 1)):
                lead = self._lead(later) or later.before
                if lead == "include" or (later.before == "in" and self.doc[later.start - 2].lower_ == "based"):
                    members.extend(later.members)
        seen = {target.country}
        out = []
        for mention in members:
            if mention.actor.country and mention.actor.country not in seen:
                seen.add(mention.actor.country)
                out.append(mention.actor)
        return out

    def _launched_from(self, start: int, end: int) -> ActorRef | None:
        """Where a weapon was launched or fired from is who used it: "a drone launched from Lebanon"."""
        for group in self._groups(start, self.clause_end(end)):
            i = group.start - 1
            if group.before == "from" and i > self.sentence.start and (
                    self.doc[i - 1].lemma_ in LAUNCH_VERBS or self.doc[i - 1].lower_ in WEAPON_NOUNS):
                return group.members[0].actor  # "a drone launched from Lebanon", "a drone from Belarus"
        return None

    def _belongs(self, group: _Group) -> bool:
        """What was hit belongs to the group: "struck a house belonging to Netanyahu"."""
        i = group.start - 1
        while i > self.sentence.start and self.doc[i].lower_ in DETERMINERS:
            i -= 1
        return i - 1 >= self.sentence.start and self.doc[i].lower_ == "to" and self.doc[i - 1].lemma_ == "belong"

    def _lead(self, group: _Group) -> str:
        """The word before a group's noun phrase, past numbers and common modifiers: "on" in "on two
        senior Israeli ministers"."""
        i = group.start - 1
        lo = max(self.sentence.start, group.start - 8)
        while i >= lo and (self.doc[i].like_num or self.doc[i].lower_ in NP_MODIFIERS
                           or (self.doc[i].text in ATTACHED_DASHES and not self.doc[i].whitespace_)
                           or (self.doc[i].lower_ == "of" and i > lo and self.doc[i - 1].lower_ in AMOUNT_NOUNS)):
            i -= 2 if self.doc[i].lower_ == "of" else 1
        return self.doc[i].lemma_ if i >= self.sentence.start and i < group.start - 1 else ""

    def _by_agent(self, end: int) -> ActorRef | None:
        for group in self._groups(end, self.clause_end(end)):
            if group.before == "by" or self._lead(group) == "by" or self._blamed_on(group):
                return group.members[0].actor
        return None

    def _blamed_on(self, group: _Group) -> bool:
        """"a drone attack blamed on Ukraine", "strikes attributed to Russia": who did it."""
        i = group.start - 1
        return i - 1 >= self.sentence.start and (
            (self.doc[i].lower_ == "on" and self.doc[i - 1].lower_ == "blamed")
            or (self.doc[i].lower_ == "to" and self.doc[i - 1].lower_ == "attributed"))

    def _passive_trigger(self, start: int, end: int) -> bool:
        """A passive trigger, also one that opens with its adverb ("was physically assaulted")."""
        if self._is_passive(start):
            return True
        return start + 1 < end and self.doc[start].lower_.endswith("ly") and self._is_passive(start + 1)

    def _is_passive(self, start: int) -> bool:
        """"drones were launched", "shipments were temporarily halted", "X was hit", and the second of
        coordinated participles: "a man was shot and killed"."""
        word = self.doc[start].lower_
        if not (word.endswith(("ed", "en")) or word in _IRREGULAR_PARTICIPLES):
            return False
        if start + 1 < self.sentence.end and self.doc[start + 1].lower_ == "to":
            return False  # "was prepared to destroy", "is expected to sign": the subject acts
        if any(t.lower_ == "by" for t in self.doc[start + 1:min(start + 3, self.sentence.end)]) \
                and word.endswith("ed") and start > self.sentence.start and self.doc[start - 1].text[:1].isupper():
            return True  # a headline's participle: "Kyiv pounded by Russian drones"
        j = start - 1
        while j > self.sentence.start and self.doc[j].lower_.endswith("ly"):  # "reportedly", "temporarily"
            j -= 1
        if j < self.sentence.start:
            return False
        if self.doc[j].lower_ in ("and", "or") and j - 1 > self.sentence.start:
            return self._is_passive(j - 1)
        return self.doc[j].lemma_ in BE

    # --- symmetric roles ------------------------------------------------------------------------
    def _symmetric(self, start: int, end: int) -> Roles:
        participants: list[ActorRef] = []

        def add(actor: ActorRef | None) -> None:
            if actor is not None and all(p.code != actor.code for p in participants):
                participants.append(actor)

        lo, hi = self.clause_start(start), self.clause_end(end)
        # with names inside the trigger: "the Trump-Putin call", "spoke with Zelensky by phone"; not
        # what was discussed: "discussed Ukraine by phone"
        left = [g for g in self._groups(lo, end) if g.start <= start or self._joined(g)]
        right = next((g for g in self._groups(end, hi)  # "a call with Putin", "between A and B", "phoned Putin"
                      if g.before in SYMMETRIC_PREPS or g.start == end or self._lead(g) in SYMMETRIC_PREPS), None)
        opens_phrase = self._is_boundary(start) or self.doc[start].lower_ in PREPOSITIONS
        if opens_phrase:
            # "agreed to stop attacking Ukrainian energy sites after a call with Trump": the words
            # before "after a call" belong to the main clause, whose subject is found below; a party
            # before it counts only for a call that names none ("progress with Putin during their call")
            addressee = right is None and any(g.end == start and g.before in ADDRESS_VERBS for g in left)
            left = [g for g in left if g.start > start or (g.before in SYMMETRIC_PREPS and right is None)]
            if addressee:  # "Biden told Netanyahu in a phone call that ...": the one told takes part
                for actor in self._sentence_subject(start, [])[:1]:
                    add(actor)
                add(next(g for g in self._groups(lo, start) if g.end == start).members[0].actor)
        if len(participants) < 2 and self._their(start, end):
            # "Scholz urged Putin to withdraw ... in their first phone call": the subject and the one
            # addressed before the call phrase
            groups = [g for g in self._groups(self.sentence.start, start)
                      if not g.in_phrase and not self._in_apposition(g.start, start, g.end) and not self._quoted(g.start)]
            for group in groups:
                for member in group.members:
                    add(member.actor)
                if len(_distinct_states(participants)) >= 2:
                    break
            if len(_distinct_states(participants)) >= 2:
                return Roles(participants[0], participants[1])
        if left and left[-1].end <= start and any(t.lower_ in SUBJECT_PRONOUNS and t.i not in self._covered
                                                  for t in self.doc[left[-1].end:start]):
            left = []  # "Trump told reporters he had spoken by phone with Putin": "he" is the subject
        if left and not (left[-1].in_phrase and left[-1].before not in SYMMETRIC_PREPS):
            group = left[-1]
            for member in group.members:
                add(member.actor)
            if group.before in SYMMETRIC_PREPS:  # "made no progress with Putin during their call"
                add(self._subject(group.start))
        elif not opens_phrase:
            add(self._subject(start))
        if right is not None:
            for member in right.members:
                add(member.actor)
        if len(participants) < 2:  # "Zelensky said, following a conversation with Stubb"
            for actor in self._sentence_subject(start, participants):
                add(actor)
        if len(_distinct_states(participants)) < 2 and self._fronted(start, end):
            # "In a phone call on Wednesday, Erdogan told Putin ...": the main clause's subject and object
            comma = next(i for i in range(end, self.sentence.end) if self.doc[i].text == ",")
            for group in self._groups(comma + 1, self.clause_end(self.clause_end(comma + 1) + 1)):
                if not group.in_phrase:
                    for member in group.members:
                        add(member.actor)
                if len(_distinct_states(participants)) >= 2:
                    break
        if len(participants) < 2 and self._refers_to_pair(start, end):  # "the two leaders spoke"
            for mention in self._recent_mentions(start):
                add(mention.actor)
                if len(_distinct_states(participants)) >= 2:
                    break
        # "told reporters in a call", "a call with journalists": a briefing, not a consultation
        near = [*(right.members if right is not None else ()),
                *(m for g in self._groups(lo, start) if g.end == start for m in g.members)]
        if any(m.actor.country is None and m.actor.sector == "MED" for m in near):
            return Roles(None, None)
        participants = _distinct_states([p for p in participants if p.country is not None or p.sector != "MED"])
        return Roles(participants[0] if participants else None,
                     participants[1] if len(participants) > 1 else None)

    def _their(self, start: int, end: int) -> bool:
        """A call phrase owned by its two parties: "in their first phone call"."""
        return any(t.lower_ == "their" for t in self.doc[max(self.sentence.start, start - 2):end])

    def _sentence_subject(self, start: int, taken: list[ActorRef]) -> tuple[ActorRef, ...]:
        """The first actor of the sentence, left of the trigger and outside phrases and appositions,
        of a state not yet taken: "Putin agreed on Tuesday to stop attacking Ukrainian energy
        infrastructure after a phone call with Trump" (Putin, not "Ukrainian"); "MBS told Trump in a
        phone call" (MBS, not Trump again)."""
        states = {a.country or a.code for a in taken}
        for group in self._groups(self.sentence.start, start):
            actors = tuple(m.actor for m in group.members if (m.actor.country or m.actor.code) not in states)
            if group.in_phrase or self._in_apposition(group.start, start, group.end) or not actors \
                    or self._quoted(group.start):
                continue
            return actors
        return ()

    def _quoted(self, i: int) -> bool:
        """Whether token i stands inside a quotation ('"Russia is buying time," Zelensky said')."""
        inside = False
        for token in self.doc[self.sentence.start:i]:
            if token.text == "“":
                inside = True
            elif token.text == "”":
                inside = False
            elif token.text == '"':
                inside = not inside
        return inside

    def _fronted(self, start: int, end: int) -> bool:
        """A trigger in a phrase that opens the sentence and ends with a comma: "In a call on Monday, ..."."""
        first = self.doc[self.sentence.start].lower_
        if first not in PREPOSITIONS and first not in ("after", "following", "during") \
                and start > self.sentence.start + 1:
            return False  # "In a call ...,", "Speaking by phone on Saturday, ..."
        stop = self.clause_end(end)
        return any(self.doc[i].text == "," for i in range(end, min(stop, end + 12)))

    def _joined(self, group: _Group) -> bool:
        """A name inside a call phrase that takes part: after "with"/"between", or hyphenated or
        possessive ("the Trump-Putin call", "Putin's call")."""
        doc = self.doc
        after = doc[group.end].text if group.end < self.sentence.end else ""
        return group.before in SYMMETRIC_PREPS | CALL_VERBS or doc[group.start - 1].text in ATTACHED_DASHES \
            or after in ATTACHED_DASHES or after in ("'s", "’s")

    def _refers_to_pair(self, start: int, end: int | None = None) -> bool:
        window = {t.lower_ for t in self.doc[max(self.sentence.start, start - 4):end or start]}
        return bool(window & {"their", "both", "two"})

    # --- pronouns and fallbacks ----------------------------------------------------------------
    def _resolve_pronoun(self, i: int) -> ActorRef | None:
        word = self.doc[i].lower_
        if word in SPEAKER_PRONOUNS:
            return self._speaker()
        want_person = word in PERSON_PRONOUNS
        inside = self._in_relative_aside(i)
        for mention in self._recent_mentions(i):
            if (mention.kind == "person") == want_person and (inside or mention.start >= self.sentence.end
                                                              or mention.start < self.sentence.start
                                                              or not self._in_relative_aside(mention.start)):
                return mention.actor
        return None

    def _recent_mentions(self, i: int) -> list[ActorMention]:
        """Actor mentions before token i in this sentence (nearest first), then those before it."""
        return [a for a in reversed(self.actors) if a.end <= i] + list(reversed(self.before))

    def _speaker(self) -> ActorRef | None:
        """The actor a quotation is attributed to: '..., Zelensky said' or 'Zelensky said: ...'."""
        for token in self.sentence:
            if token.lemma_ in SPEECH_VERBS:
                near = [a for a in self.actors if abs(a.start - token.i) <= 3 or a.end == token.i]
                if near:
                    return near[0].actor
        return None

    def stand_ins(self, source: ActorRef | None, start: int,
                  partners_act: bool = False) -> tuple[list[ActorRef], list[ActorRef], list[ActorRef]]:
        """Actors of another state that could stand in for a missing target: those of this sentence
        (nearest first; not by-agents such as "supported by Kyiv", not participants of another event
        of the sentence; with `partners_act` not the source's partners in the subject), those of the
        sentences around it (the nearest first), and those partners, the last resort."""
        taken = {id(m) for g in self._all_groups if g.before == "by" for m in g.members}
        # the subject's partners last: "France and Germany froze the assets of Belarusian officials"
        # (Belarus, not Germany); "Israel and Hezbollah reached a ceasefire" (Hezbollah)
        subjects = self._subjects(start)
        partners = set()
        if partners_act and source is not None and any(a.country == source.country for a in subjects):
            partners = {id(m) for m in self.actors if any(m.actor is a for a in subjects)}
        own_end = next((e for b, e in self.engaged if b == start), start + 1)
        for other_start, other_end in self.engaged:
            if other_start != start and not start < other_start < own_end:  # not one nested in this trigger
                roles = self._symmetric(other_start, other_end)
                taken |= {id(m) for m in self.actors if m.actor in (roles.source, roles.target)}
        here = sorted((a for a in self.actors if id(a) not in taken | partners), key=lambda a: abs(a.start - start))
        around = list(reversed(self.before)) + list(self.after)
        last = [a for a in self.actors if id(a) in partners and id(a) not in taken]
        return ([country_level(m.actor) for m in here if _other_state(m.actor, source)],
                [country_level(m.actor) for m in around if _other_state(m.actor, source)],
                [country_level(m.actor) for m in last if _other_state(m.actor, source)])


def _other_state(actor: ActorRef, source: ActorRef | None) -> bool:
    if actor.country is None:
        return False
    return source is None or source.country is None or actor.country != source.country


def _distinct_states(actors: list[ActorRef]) -> list[ActorRef]:
    """Keep the first actor of each state; actors of unknown state stay."""
    seen: set[str] = set()
    out = []
    for actor in actors:
        if actor.country and actor.country in seen:
            continue
        if actor.country:
            seen.add(actor.country)
        out.append(actor)
    return out


def country_level(actor: ActorRef) -> ActorRef:
    """An inferred role names the state only: the text did not say which part of it acted."""
    if actor.country is None or actor.code == actor.country:
        return actor
    return ActorRef(code=actor.country, name=actor.country, country=actor.country, sector=None)


_IRREGULAR_PARTICIPLES = frozenset({
    "shot", "hit", "struck", "put", "cut", "set", "held", "made", "taken", "given", "seen", "begun",
    "brought", "sent", "built", "caught", "fought", "frozen", "kept", "led", "left", "lost", "met",
    "paid", "sold", "spent", "told", "thrown", "won", "beaten", "broken", "chosen", "driven",
    "shaken", "spoken", "stolen", "torn", "worn", "written", "done", "gone", "known", "shown",
    "blown", "bound", "dealt", "drawn", "fed", "found", "fled", "hung", "laid", "lit", "overrun",
    "run", "slain", "spread", "stuck", "swept", "thrust", "upheld", "withheld",
})
