"""Modality: is an event reported as a fact, or negated, denied, planned, hypothetical, conditional,
opposed, requested or alleged?

Read from cue words before the trigger. Local cues ("not", "will", "could", "cautioned against")
must stand within a few words of the trigger in its clause; sentence cues ("denied", "accused ... of",
"if") govern everything after them in the sentence. The nearest cue wins.
"""
from __future__ import annotations

from spacy.tokens import Span

from eventpipe.schemas import Modality

LOCAL_WINDOW = 6
HARD_BREAKS = frozenset({";", ":", "but", "however", "—", "\"", "“", "”", "(", ")"})
# a cue before one of these governs another phrase: "yet to release a summary of the call"
PREPOSITIONS = frozenset({"of", "for", "in", "on", "about", "with", "after", "during", "before", "since",
                          "from", "over", "at", "by", "despite", "amid", "following", "between"})
# a sentence cue ("accused", "denied", "if") does not reach past a new time clause
TIME_CLAUSES = frozenset({"after", "before", "following", "since", "when", "while", "as", "but", ";", "—"})

# lower-case word -> (modality, how many words before the trigger it may stand)
_LOCAL_CUES: dict[str, tuple[Modality, int]] = {
    "not": (Modality.negated, 5), "n't": (Modality.negated, 5), "never": (Modality.negated, 5),
    "no": (Modality.negated, 3), "without": (Modality.negated, 3), "nor": (Modality.negated, 4),
    "will": (Modality.planned, LOCAL_WINDOW), "shall": (Modality.planned, LOCAL_WINDOW),
    "'ll": (Modality.planned, LOCAL_WINDOW), "’ll": (Modality.planned, LOCAL_WINDOW),
    "could": (Modality.hypothetical, LOCAL_WINDOW), "might": (Modality.hypothetical, LOCAL_WINDOW),
    "may": (Modality.hypothetical, LOCAL_WINDOW), "should": (Modality.hypothetical, LOCAL_WINDOW),
    "possible": (Modality.hypothetical, 3), "potential": (Modality.hypothetical, 3),
    "possibly": (Modality.hypothetical, 3), "proposed": (Modality.planned, 3),
    "considering": (Modality.hypothetical, 3), "weighing": (Modality.hypothetical, 3),
    "mulling": (Modality.hypothetical, 3), "contemplating": (Modality.hypothetical, 3),
    "exploring": (Modality.hypothetical, 3), "discussing": (Modality.hypothetical, 3),
    "planned": (Modality.planned, 3), "upcoming": (Modality.planned, 3), "future": (Modality.planned, 3),
    # work on an act not yet done: "the EU is preparing new sanctions", "drafting a 20th package"
    "preparing": (Modality.planned, 3), "drafting": (Modality.planned, 3), "readying": (Modality.planned, 3),
    "prepares": (Modality.planned, 3), "drafts": (Modality.planned, 3), "readies": (Modality.planned, 3),
    "urge": (Modality.requested, LOCAL_WINDOW), "urged": (Modality.requested, LOCAL_WINDOW),
    "urging": (Modality.requested, LOCAL_WINDOW), "demand": (Modality.requested, 4),
    "demanded": (Modality.requested, 4), "demanding": (Modality.requested, 4),
    "allegedly": (Modality.alleged, 4),
    # "Ukraine must withdraw", "he wants Ukraine to surrender": what someone asks of another
    "must": (Modality.requested, LOCAL_WINDOW),
    "want": (Modality.requested, LOCAL_WINDOW), "wants": (Modality.requested, LOCAL_WINDOW),
    "wanted": (Modality.requested, LOCAL_WINDOW), "wanting": (Modality.requested, LOCAL_WINDOW),
}
# two-word cues, keyed by their last word
_PHRASE_CUES: dict[tuple[str, str], Modality] = {
    ("yet", "to"): Modality.negated, ("fail", "to"): Modality.negated, ("failed", "to"): Modality.negated,
    ("refused", "to"): Modality.negated, ("refuse", "to"): Modality.negated,
    ("declined", "to"): Modality.negated, ("no", "longer"): Modality.negated,
    ("plan", "to"): Modality.planned, ("plans", "to"): Modality.planned, ("planning", "to"): Modality.planned,
    ("intend", "to"): Modality.planned, ("intends", "to"): Modality.planned, ("set", "to"): Modality.planned,
    ("expected", "to"): Modality.planned, ("scheduled", "to"): Modality.planned, ("due", "to"): Modality.planned,
    ("going", "to"): Modality.planned, ("preparing", "to"): Modality.planned, ("aims", "to"): Modality.planned,
    ("ready", "to"): Modality.hypothetical, ("considering", "whether"): Modality.hypothetical,
    ("prepared", "to"): Modality.hypothetical, ("willing", "to"): Modality.hypothetical,
    ("hesitate", "to"): Modality.planned,  # "would not hesitate to impose": will
    ("call", "for"): Modality.requested, ("called", "for"): Modality.requested,
    ("calls", "for"): Modality.requested, ("calling", "for"): Modality.requested,
    ("push", "for"): Modality.requested, ("pushed", "for"): Modality.requested,
    ("pressed", "for"): Modality.requested, ("appealed", "for"): Modality.requested,
    ("asked", "for"): Modality.requested, ("seeking", "to"): Modality.requested,
    ("cautioned", "against"): Modality.opposed, ("warned", "against"): Modality.opposed,
    ("argued", "against"): Modality.opposed, ("voted", "against"): Modality.opposed,
    ("advised", "against"): Modality.opposed, ("lobbied", "against"): Modality.opposed,
    ("ruled", "out"): Modality.negated, ("opposed", "to"): Modality.opposed,
    # a condition set for a later act: "would take effect only after sanctions were lifted"
    ("only", "after"): Modality.conditional, ("only", "once"): Modality.conditional,
    ("only", "when"): Modality.conditional, ("provided", "that"): Modality.conditional,
    # "agreed to a 30-day halt to strikes on energy infrastructure": a halt of attacks is none
    ("halt", "to"): Modality.negated, ("halt", "on"): Modality.negated, ("halt", "in"): Modality.negated,
    ("end", "to"): Modality.negated, ("stop", "to"): Modality.negated, ("moratorium", "on"): Modality.negated,
    ("cessation", "of"): Modality.negated, ("pause", "in"): Modality.negated, ("pause", "on"): Modality.negated,
    ("suspension", "of"): Modality.negated, ("freeze", "on"): Modality.negated,
}
# three-word cues, keyed by their words: restraint from an act is its absence
_TRIGRAM_CUES: dict[tuple[str, str, str], Modality] = {
    (held, "off", "on"): Modality.negated for held in ("held", "hold", "holds", "holding")
} | {
    (stop, "short", "of"): Modality.negated for stop in ("stopped", "stop", "stops", "stopping")
}
_RESTRAINT = frozenset({"refrained", "refrain", "refrains", "refraining", "abstained", "shied", "desisted"})
_OPPOSING_VERBS = frozenset({"oppose", "resist", "reject", "block", "veto"})
_ASKING = frozenset({"ask", "urge", "press", "push", "appeal", "request", "encourage", "persuade", "implore",
                     "beg", "invite", "lobby", "call"})
_CAUTIONING = frozenset({"caution", "warn", "advise", "urge", "lobby", "argue", "counsel"})
_NOUN_OPENERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these",
                           "those", "any", "every"})
# cues that govern the rest of the sentence
_SENTENCE_CUES: dict[str, Modality] = {
    "deny": Modality.denied, "denial": Modality.denied, "refute": Modality.denied,
    "accuse": Modality.alleged, "allege": Modality.alleged, "allegation": Modality.alleged,
    "if": Modality.conditional, "unless": Modality.conditional, "whether": Modality.hypothetical,
    # a proposal governs everything it lists: "proposed suspending trade ... and sanctioning two ministers"
    "propose": Modality.planned,
    # so does a request: "urged allies to impose sanctions and to send more air defence systems"
    "urge": Modality.requested,
}
_DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their", "our", "'s", "’s", "this", "that"})
_REPORTING_VERBS = frozenset({"say", "announce", "agree", "promise", "pledge", "confirm", "decide", "vow",
                              "state", "declare", "tell"})
_FUTURE_OR_HYPOTHETICAL = frozenset({Modality.planned, Modality.hypothetical, Modality.requested})


def modality(sentence: Span, start: int, end: int | None = None, *, intent: bool = False,
             participants: bool = False) -> Modality:
    """The modality of the event whose trigger spans tokens [start, end) of the sentence's Doc.

    With `intent` (the event is itself a statement of intent, e.g. CAMEO 036 "express intent to
    meet", or a threat), future, hypothetical and conditional wording does not change it: only
    negation and denial do ("threatened to break relations unless ..." is a threat made).
    With `participants` (the trigger names the people taking part: "police blocked protesters",
    "urged protesters to leave"), neither do the verbs acting on them."""
    doc = sentence.doc
    found = (_inside_cue(doc, sentence.start, start, end or start + 1)
             or _local_cue(doc, sentence.start, start) or _sentence_cue(doc, sentence.start, start))
    if found in (Modality.hypothetical, Modality.planned, None) and _conditional(sentence, start):
        found = Modality.conditional  # "if Moscow refuses, Brussels would impose sanctions"
    if found is None and (_act_in_general(sentence, start, end or start + 1) or _any(sentence, start)):
        found = Modality.hypothetical
    if found is None:
        return Modality.asserted
    if intent and found in _FUTURE_OR_HYPOTHETICAL | {Modality.conditional}:
        return Modality.asserted
    if participants and found in _FUTURE_OR_HYPOTHETICAL | {Modality.opposed}:
        return Modality.asserted
    return found


def _inside_cue(doc, lo: int, start: int, end: int) -> Modality | None:
    """A negation inside the trigger phrase: "held no call", "had been no phone call"."""
    for i in range(start + 1, end):
        if doc[i].lower_ in ("no", "not", "n't", "never", "without"):
            there = any(t.lower_ == "there" for t in doc[max(lo, start - 3):i])
            return Modality.denied if there else Modality.negated
    return None


def _conditional(sentence: Span, start: int) -> bool:
    """"if"/"unless" before the trigger in its sentence, or after it in the same clause ("would impose
    sanctions if Moscow refuses"; not "... following the leak of a draft which, if ruled upon, ...")."""
    doc = sentence.doc
    framed = any(doc[i].lower_ in ("in", "during", "after", "following")
                 for i in range(max(sentence.start, start - 3), start))
    for token in sentence:
        if token.lower_ not in ("if", "unless"):
            continue
        if framed and token.i > start:
            continue  # "warned Xi in a video call of consequences if ...": the call is no condition
        between = {t.lower_ for t in sentence.doc[min(token.i, start):max(token.i, start)]}
        if between & {";", "—"}:
            continue
        if token.i < start or not between & _CLAUSE_OPENERS:
            return True
    return False


def inside_condition(sentence: Span, start: int) -> bool:
    """Whether the trigger stands in an "if"/"unless" clause ("if the EU imposes sanctions, ..."),
    not in the main clause the condition governs ("would impose sanctions if Moscow refuses")."""
    doc = sentence.doc
    for i in range(start - 1, sentence.start - 1, -1):
        word = doc[i].lower_
        if word in ("if", "unless"):
            return True
        if word in (",", ";", "—") or word in TIME_CLAUSES:
            return False
    return False


def _act_in_general(sentence: Span, start: int, end: int) -> bool:
    """A gerund opening its clause and followed by a verb of its own names the act in general, not
    an event: "(warned that) supplying weapons to Ukraine would be a very big mistake"."""
    doc = sentence.doc
    if not doc[start].lower_.endswith("ing") or (start > sentence.start and doc[start - 1].lower_ not in (
            "that", ",", "\"", "“")):
        return False
    after = [t.lower_ for t in doc[end:min(end + 6, sentence.end)]]
    return any(w in ("would", "could", "might", "is", "was", "will", "remains") for w in after)


def _any(sentence: Span, start: int) -> bool:
    """"any" before a noun trigger names no event, only the kind: "any transfer of missiles to Russia
    would be an escalation", "any new sanctions"."""
    before = [t.lower_ for t in sentence.doc[max(sentence.start, start - 2):start]]
    return "any" in before and not set(before[before.index("any"):]) & HARD_BREAKS


# words that open a clause of their own between a trigger and a later "if"
_CLAUSE_OPENERS = frozenset({",", "which", "that", "who", "whose", "where", "when", "after", "following",
                             "because", "since", "while", "as"})


def _in_name(doc, i: int, lo: int) -> bool:
    """A capitalised word inside the sentence is part of a name or a date, not a cue: "Fridays for
    Future activists", "On 21 May 2022"."""
    return i > lo and doc[i].text[:1].isupper()


def _local_cue(doc, lo: int, start: int) -> Modality | None:
    gerund = doc[start].lower_.endswith("ing")
    distance, i = 0, start - 1
    while i >= lo and distance < LOCAL_WINDOW:
        word = doc[i].lower_
        if word == ",":  # a short aside: "would not, for now, send"
            opening = next((k for k in range(i - 1, max(lo, i - 4) - 1, -1) if doc[k].text == ","), None)
            if opening is not None:
                i = opening - 1
                continue
        distance += 1
        if word in HARD_BREAKS:
            return None
        previous = doc[i - 1].lower_ if i > lo else ""
        phrase = _PHRASE_CUES.get((previous, word)) or _TRIGRAM_CUES.get(
            (doc[i - 2].lower_ if i - 1 > lo else "", previous, word))
        if phrase is not None:
            return phrase
        if word in ("from", "away") and previous in _RESTRAINT:  # "refrained from imposing new sanctions"
            return Modality.negated
        if doc[i].lemma_ in _OPPOSING_VERBS and distance <= 3:
            return Modality.opposed
        if word == "no" and distance <= 3 and any(t.lower_ == "there" for t in doc[max(lo, i - 4):i]):
            return Modality.denied  # "there had been no conversation"
        cue = _LOCAL_CUES.get(word) if not _in_name(doc, i, lo) else None
        if cue is not None and distance <= cue[1]:
            return cue[0]
        if word in PREPOSITIONS and not (word == "by" and gerund and distance == 1):
            return None  # ("would retaliate by sanctioning": the means shares the verb's modality)
        if word == "to" and distance == 1:
            if any(t.lemma_ in _ASKING for t in doc[max(lo, i - 6):i - 1]):
                return Modality.requested  # "asked Germany to send more Patriot systems"
            if i - 1 >= lo and all(t.text[:1].isupper() or not t.is_alpha for t in doc[lo:i]):
                return Modality.planned  # a headline's future: "Germany to send more Patriot systems to Ukraine"
        if word == "to" and (doc[i + 1].lower_ in _NOUN_OPENERS or doc[i + 1].text[:1].isupper()):
            return None  # "to" of a noun phrase, not of an infinitive: "would respond to the drone attack"
        if word == "against" and any(t.lemma_ in _CAUTIONING for t in doc[max(lo, i - 4):i]):
            return Modality.opposed  # "cautioned Kyiv against drone strikes on refineries"
        if word in ("would", "’d", "'d"):
            reported = any(t.lemma_ in _REPORTING_VERBS for t in doc[lo:i])
            return Modality.planned if reported else Modality.hypothetical
        i -= 1
    return None


def _sentence_cue(doc, lo: int, start: int) -> Modality | None:
    finite = False  # a finite "was"/"were" between: "two men accused of theft were lynched"
    for i in range(start - 1, lo - 1, -1):
        token = doc[i]
        if token.lower_ in TIME_CLAUSES or (token.lower_ == "and" and i > lo and doc[i - 1].text == ","):
            return None  # a new clause: "..., and Russia launched drones"
        finite = finite or token.lower_ in ("was", "were", "is", "are")
        cue = _SENTENCE_CUES.get(token.lemma_) or _SENTENCE_CUES.get(token.lower_)
        if cue is Modality.planned and i > lo and doc[i - 1].lower_ in _DETERMINERS:
            continue  # "a proposed ceasefire" names a proposal; "the EU proposed X" makes one
        if cue is Modality.requested and not any(t.lower_ == "to" for t in doc[max(lo, start - 3):start]):
            continue  # what was urged is an infinitive ("urged allies ... and to send"), not "urged X during a call"
        if cue is not None:
            if cue == Modality.alleged and finite and i + 1 < start and doc[i + 1].lower_ == "of":
                return None  # the accusation describes the people, the sentence reports what befell them
            return cue
    return None
