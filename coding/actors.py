"""Actors in a sentence: states, their capitals and seats of power, organisations, people with dated
roles and generic agents, composed into one actor per mention.

The dictionaries are data (data/actors/*.yaml, validated when loaded). Two PhraseMatchers find the
phrases: names case-sensitively ("US" is not "us", "China" is not "china"), agent nouns in any case.
Neighbouring phrases then compose into one mention, left to right:

    head ['s] [modifier] agents [name]   "Russian President Vladimir Putin", "Ukraine's Air Force",
                                         "Kremlin aide Yury Ushakov", "Zelensky's advisor Mykhailo Podolyak"
    agents of [the] state-or-body        "the Foreign Ministry of Ukraine"
    agents [name]                        "President Volodymyr Zelensky", "police"

The actor of a composed mention:
- a known person is coded by the role the event date selects, whatever the title in the text
  ("former U.S. President Donald Trump" on 2025-05-19 -> USAGOV). A person who holds no listed role
  that day is the elite of their state (sector ELI: Trump on 2022-05-19 -> USAELI). Without a date,
  the most recent role counts.
- an unknown name after a title keeps the title's actor ("Finnish President Alexander Stubb" -> FINGOV).
- a state, its capital, a person or the EU/NATO/UN with an agent noun: that state and the noun's sector
  ("Russian forces" -> RUSMIL, "European leaders" -> EURGOV). A seat of power or an organisation keeps its
  own sector ("Pentagon officials" -> USAMIL, "Hamas fighters" -> PSEREB). Of several nouns in a row the
  first decides ("defence ministry spokesman" -> MIL).
- codes: country + sector (USAGOV), the country alone (RUS), a country-less organisation's own code
  (IGOG7), and for a country-less agent the sector alone (COP), for the coder to fill from the location.

A state name, adjective, demonym or capital is not an actor when it only modifies:
- joined by a hyphen to a lower-case word: "Iranian-made", "U.S.-built", "Russia-backed", "Soviet-era"
  (but "Saudi-led coalition" is the Saudi military, and "Saudi-led airstrikes" Saudi);
- after "pro-" or "anti-": "pro-Russian";
- part of a longer proper name, i.e. next to an unknown capitalised word (not in a headline):
  "New Mexico", "Michael Jordan", "Chad Smith", "Northern Ireland", "American Airlines";
- a place qualifier after a town: "Atlanta, Georgia." (a capitalised word, a comma, the name, then
  punctuation);
- an adjective or demonym before a non-political noun (_NOT_ACTOR_HEADS): "Turkish coffee".
Otherwise an adjective is an actor ("Israeli airstrikes" -> ISR): the event rules decide its role.
Not feasible without more context, and left alone: "Georgia's governor" (the US state), "Chad said"
(a first name alone), sentences written wholly in capitals.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from eventpipe.schemas import ActorRef, Agent, Country, Organization, Person

from .text import english

_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DASHES = frozenset({"-", "–", "—"})
_PRO_ANTI = frozenset({"pro", "anti"})
# words that may stand between a state and a title: "Russian Deputy Foreign Minister"
_TITLE_MODIFIERS = frozenset({
    "deputy", "acting", "interim", "former", "senior", "top", "chief", "first", "vice", "outgoing",
    "incoming", "new", "then", "ex", "late"})
# weapon names a state's adjective often stands before: "Russian Shahed drones", "German Leopard tanks"
_WEAPON_NAMES = frozenset({
    "shahed", "shaheds", "geran", "gerans", "lancet", "orlan", "kinzhal", "iskander", "kalibr", "oreshnik",
    "patriot", "patriots", "leopard", "leopards", "abrams", "challenger", "bradley", "stryker", "marder", "gepard",
    "storm", "taurus", "scalp", "mirage", "rafale", "gripen", "typhoon", "tomahawk", "javelin", "stinger",
    "bayraktar", "neptune", "caesar", "himars", "atacms", "nasams", "iris", "reaper", "heron", "hermes",
    "harop", "kamikaze"})
_NAME_PARTICLES = frozenset({
    "al", "el", "bin", "ibn", "abu", "von", "van", "der", "de", "da", "di", "du", "la", "le", "dos", "del"})
_CALENDAR = frozenset({
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"})
_NOT_ACTOR_HEADS = frozenset({
    "language", "languages", "cuisine", "food", "coffee", "tea", "wine", "vodka", "beer", "dish", "dishes",
    "restaurant", "culture", "literature", "poet", "poetry", "novel", "novelist", "film", "films", "music",
    "art", "style", "descent", "origin", "heritage", "accent", "dialect", "speakers", "translation",
    "word", "words", "roulette", "dressing"})
_MAX_NAME_TOKENS = 4
_IGO = "IGO"
_ELITE = "ELI"

# kinds of name phrases, the first wins when one entry lists a phrase twice ("U.S." name and adjective)
_NAME_KINDS = ("country", "capital", "metonym", "adjective", "demonym")


class ActorDataError(ValueError):
    """A dictionary file that does not validate; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class ActorDictionary:
    countries: tuple[Country, ...]
    organizations: tuple[Organization, ...]
    agents: tuple[Agent, ...]
    people: tuple[Person, ...]
    version: str  # digest of the files read, for Event.dictionary_version


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int        # token index in span.doc (the spaCy Doc the sentence Span belongs to)
    end: int          # exclusive
    text: str
    actor: ActorRef
    kind: str         # "country", "adjective", "demonym", "capital", "metonym", "person",
                      # "organization", "agent"


# ---------------------------------------------------------------------------------------------------
# Loading

_FILES: tuple[tuple[str, type[BaseModel], bool], ...] = (
    ("countries.yaml", Country, True),
    ("organizations.yaml", Organization, True),
    ("agents.yaml", Agent, True),
    ("people.yaml", Person, False),   # written separately; optional
)


def load_actor_dictionary(data_dir: Path | None = None) -> ActorDictionary:
    """The validated actor dictionary from data_dir (default: the package's data/actors), cached."""
    if data_dir is None:
        data_dir = Path(str(resources.files("eventpipe.data"))) / "actors"
    return _load(Path(data_dir).resolve())


@functools.cache
def _load(directory: Path) -> ActorDictionary:
    digest = hashlib.sha256()
    parts: list[tuple] = []
    for filename, model, required in _FILES:
        path = directory / filename
        if not path.exists():
            if required:
                raise ActorDataError(f"{path}: file not found")
            parts.append(())
            continue
        data = path.read_bytes()
        digest.update(filename.encode() + b"\0" + data)
        parts.append(_validated(filename, data, model))
    countries, organizations, agents, people = parts
    dictionary = ActorDictionary(countries, organizations, agents, people, digest.hexdigest()[:12])
    _tables(dictionary)       # raises on duplicates across entries
    return dictionary


def _validated(filename: str, data: bytes, model: type[BaseModel]) -> tuple:
    try:
        raw = yaml.safe_load(data)
    except yaml.YAMLError as error:
        raise ActorDataError(f"{filename}: not valid YAML: {error}") from None
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ActorDataError(f"{filename}: expected a list of entries, found {type(raw).__name__}")
    entries = []
    for number, item in enumerate(raw, 1):
        try:
            entries.append(model.model_validate(item))
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in error.errors())
            raise ActorDataError(f"{filename}: entry {number}{_label(item)}: {problems}") from None
    return tuple(entries)


def _label(item: object) -> str:
    if isinstance(item, dict):
        for key in ("code", "id", "name", "sector"):
            if item.get(key):
                return f" ({item[key]})"
    return ""


# ---------------------------------------------------------------------------------------------------
# Phrase tables

@dataclass(frozen=True, slots=True)
class _Named:
    """What a name phrase stands for."""

    kind: str                     # one of _NAME_KINDS, "organization" or "person"
    owner: tuple[str, str]        # ("countries.yaml", "USA"), for error messages
    country: str | None
    sector: str | None            # a seat of power's or an organisation's own sector
    name: str
    code: str | None = None       # a country-less organisation's code
    person: Person | None = None

    @property
    def takes_agent_sector(self) -> bool:
        """Whether an agent noun after it sets the sector ("Russian forces"), or it keeps its own."""
        if self.kind == "metonym":
            return False
        if self.kind == "organization":
            return self.sector == _IGO and self.country is not None   # EU, NATO, UN
        return True


@dataclass(frozen=True, slots=True)
class _AgentWord:
    sector: str


def _bare(phrase: str) -> str:
    """A name without its leading article: "the Kremlin" matches "Kremlin" (with or without "the")."""
    phrase = " ".join(phrase.split())
    return phrase[4:] if phrase[:4].lower() == "the " else phrase


def _named_phrases(dictionary: ActorDictionary) -> Iterator[tuple[str, _Named]]:
    for c in dictionary.countries:
        owner = ("countries.yaml", c.code)
        for phrase in (c.name, *c.names):
            yield phrase, _Named("country", owner, c.code, None, c.name)
        for phrase in c.capitals:
            yield phrase, _Named("capital", owner, c.code, "GOV", c.name)
        for phrase, sector in c.metonyms.items():
            yield phrase, _Named("metonym", owner, c.code, sector, c.name)
        for phrase in c.adjectives:
            yield phrase, _Named("adjective", owner, c.code, None, c.name)
        for phrase in c.demonyms:
            yield phrase, _Named("demonym", owner, c.code, None, c.name)
    for o in dictionary.organizations:
        named = _Named("organization", ("organizations.yaml", o.code), o.country, o.sector, o.name,
                       code=None if o.country else o.code)
        for phrase in (o.name, *o.names):
            yield phrase, named
    for p in dictionary.people:
        named = _Named("person", ("people.yaml", p.id), p.country, None, p.name, person=p)
        phrases = (p.name, *p.aliases)
        for phrase in phrases:
            yield phrase, named
            # "von der Leyen" opening a sentence is "Von der Leyen"
            if phrase[:1].islower() and phrase[:1].upper() + phrase[1:] not in phrases:
                yield phrase[:1].upper() + phrase[1:], named


def _tables(dictionary: ActorDictionary) -> tuple[dict[str, _Named], dict[str, str]]:
    """The name and agent phrase tables, after checking that no code, id or phrase is claimed twice."""
    for filename, entries, field in (("countries.yaml", dictionary.countries, "code"),
                                     ("organizations.yaml", dictionary.organizations, "code"),
                                     ("people.yaml", dictionary.people, "id")):
        seen: dict[str, int] = {}
        for number, entry in enumerate(entries, 1):
            value = getattr(entry, field)
            if value in seen:
                raise ActorDataError(f"{filename}: entries {seen[value]} and {number} share the {field} {value}")
            seen[value] = number
    return _name_table(dictionary), _agent_table(dictionary)


def _name_table(dictionary: ActorDictionary) -> dict[str, _Named]:
    """Each name phrase with what it stands for; a phrase claimed by two entries is an error."""
    table: dict[str, _Named] = {}
    for phrase, named in _named_phrases(dictionary):
        phrase = _bare(phrase)
        filename, label = named.owner
        if not phrase:
            raise ActorDataError(f"{filename}: entry {label}: empty name")
        known = table.get(phrase)
        if known is None:
            table[phrase] = named
        elif known.owner != named.owner:
            raise ActorDataError(f"{filename}: entry {label}: the name {phrase!r} is already "
                                 f"{known.owner[0]} entry {known.owner[1]}'s")
        elif named.kind in _NAME_KINDS and _NAME_KINDS.index(named.kind) < _NAME_KINDS.index(known.kind):
            table[phrase] = named
    return table


def _agent_table(dictionary: ActorDictionary) -> dict[str, str]:
    """Each agent phrase (lower case) with its sector; a phrase in two sectors is an error."""
    table: dict[str, str] = {}
    for number, agent in enumerate(dictionary.agents, 1):
        for word in agent.words:
            word = " ".join(word.split())
            if not word or word != word.lower():
                raise ActorDataError(f"agents.yaml: entry {number} ({agent.sector}): {word!r} is not lower-case")
            if table.get(word, agent.sector) != agent.sector:
                raise ActorDataError(
                    f"agents.yaml: entry {number} ({agent.sector}): {word!r} is already {table[word]}")
            table[word] = agent.sector
    return table


# ---------------------------------------------------------------------------------------------------
# Finding

class ActorFinder:
    """Finds the actor mentions of a sentence. Build once (matchers compile here), call find() often.

    `nlp` must be the pipeline that made the sentences, with lower-case lemmas (coding.text.english()).
    """

    def __init__(self, nlp: Language, dictionary: ActorDictionary | None = None):
        self.dictionary = dictionary if dictionary is not None else load_actor_dictionary()
        names, agents = _tables(self.dictionary)
        self._names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._agents = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._meaning: dict[int, _Named | _AgentWord] = {}
        by_meaning: dict[tuple, tuple[_Named, list[str]]] = {}
        for phrase, named in names.items():
            by_meaning.setdefault((named.owner, named.kind, named.sector), (named, []))[1].append(phrase)
        for number, (named, phrases) in enumerate(by_meaning.values()):
            key = f"actor-name-{number}"
            self._meaning[nlp.vocab.strings.add(key)] = named
            # news writes "People’s" as often as "People's"
            phrases += [p.replace("'", "’") for p in phrases if "'" in p]
            self._names.add(key, list(nlp.tokenizer.pipe(phrases)))
        by_sector: dict[str, set[str]] = {}
        for word, sector in agents.items():
            by_sector.setdefault(sector, set()).update(_with_plural(word, nlp))
        for sector, words in by_sector.items():
            key = f"actor-agent-{sector}"
            self._meaning[nlp.vocab.strings.add(key)] = _AgentWord(sector)
            self._agents.add(key, list(nlp.tokenizer.pipe(sorted(words))))
        self._state_names = {c.code: c.name for c in self.dictionary.countries}
        self._state_names.update(
            {o.country: o.name for o in self.dictionary.organizations if o.country and o.code == o.country})
        self._refs: dict[tuple, ActorRef] = {}

    # -- public ---------------------------------------------------------------------------------------

    def find(self, sentence: Span, on_date: dt.date | None) -> list[ActorMention]:
        """The actor mentions of the sentence: non-overlapping, longest first, in text order."""
        found = self._names(sentence) + self._agents(sentence)
        if not found:
            return []
        doc, lo, hi = sentence.doc, sentence.start, sentence.end
        known = [False] * (hi - lo)           # tokens inside any dictionary phrase
        for _, start, end in found:
            known[start - lo:end - lo] = [True] * (end - start)
        taken = [False] * (hi - lo)
        bases: list[tuple[int, int, _Named | _AgentWord]] = []
        meaning = self._meaning
        # longest first; a name before an agent noun on the same words
        order = sorted(found, key=lambda m: (m[1] - m[2], m[1], isinstance(meaning[m[0]], _AgentWord)))
        for key, start, end in order:
            if not any(taken[start - lo:end - lo]):
                taken[start - lo:end - lo] = [True] * (end - start)
                bases.append((start, end, meaning[key]))
        bases.sort(key=lambda b: b[0])
        context = _Context(doc, lo, hi, known, sentence.text, sentence.start_char)
        bases = [b for b in bases if not context.only_modifies(*b)]
        mentions: list[ActorMention] = []
        i = 0
        while i < len(bases):
            mention, i = self._compose(context, bases, i, on_date)
            if mention is not None:
                mentions.append(mention)
        return _without_describers(doc, mentions)

    # -- composition ----------------------------------------------------------------------------------

    def _compose(self, ctx: _Context, bases: list, i: int, day: dt.date | None) -> tuple[ActorMention | None, int]:
        """The mention that starts with bases[i], and the index of the first base after it."""
        start, end, meaning = bases[i]
        if isinstance(meaning, _AgentWord):
            return self._from_agent(ctx, bases, i, day)
        # a state, body or person, maybe followed by agents: "Ukraine's Air Force", "Kremlin aide X"
        after = end + 1 if end < ctx.hi and ctx.doc[end].text in _POSSESSIVE else end
        while after < ctx.hi and ctx.doc[after].lower_ in _TITLE_MODIFIERS:
            after += 1
        if i + 1 < len(bases) and isinstance(bases[i + 1][2], _AgentWord) and (
                bases[i + 1][0] == after
                or (meaning.kind == "adjective" and bases[i + 1][0] == after + 1 and ctx.is_plain_word(after))):
            run_end, sector, j = _agent_run(bases, i + 1)
            actor, used = self._with_agent(meaning, sector, day)
            person_end, person, j = self._name_after(ctx, bases, j, run_end)
            if person is not None:
                return self._mention(ctx, start, person_end, self._person_ref(person, day), "person"), j
            kind = "person" if person_end > run_end else "agent" if used else meaning.kind
            return self._mention(ctx, start, person_end, actor, kind), j
        if meaning.kind in ("adjective", "demonym") and end < ctx.hi and ctx.doc[end].lower_ in _NOT_ACTOR_HEADS:
            return None, i + 1
        return self._mention(ctx, start, end, self._named_ref(meaning, day), meaning.kind), i + 1

    def _from_agent(self, ctx: _Context, bases: list, i: int, day: dt.date | None) -> tuple[ActorMention, int]:
        start = bases[i][0]
        run_end, sector, j = _agent_run(bases, i)
        # "the Foreign Ministry of Ukraine"
        of = run_end
        if of < ctx.hi and ctx.doc[of].lower_ == "of":
            of += 2 if of + 1 < ctx.hi and ctx.doc[of + 1].lower_ == "the" else 1
            # "the leader of the rival Rapid Support Forces": a plain word or two before the name
            for _ in range(2):
                if j < len(bases) and bases[j][0] > of and of < ctx.hi and ctx.is_plain_word(of):
                    of += 1
            if j < len(bases) and bases[j][0] == of and isinstance(bases[j][2], _Named) \
                    and bases[j][2].kind in ("country", "organization"):
                actor, used = self._with_agent(bases[j][2], sector, day)
                return self._mention(ctx, start, bases[j][1], actor, "agent" if used else bases[j][2].kind), j + 1
        # "President Volodymyr Zelensky", "spokesman John Kirby", "police"
        end, person, j = self._name_after(ctx, bases, j, run_end)
        if person is not None:
            return self._mention(ctx, start, end, self._person_ref(person, day), "person"), j
        words = ctx.doc[start:run_end].text.lower()
        kind = "person" if end > run_end else "agent"
        return self._mention(ctx, start, end, self._ref(None, sector, words), kind), j

    def _name_after(self, ctx: _Context, bases: list, j: int, pos: int) -> tuple[int, Person | None, int]:
        """A person's name right after a title: a known person (their end, them, next base), or an unknown
        capitalised name (its end, None, next base), or nothing (pos, None, j). Only after a singular noun:
        "officials Kyiv" is no name."""
        last = ctx.doc[pos - 1]
        if last.lower_ != last.lemma_:
            return pos, None, j
        nxt = bases[j][0] if j < len(bases) else ctx.hi
        end = pos
        count = 0
        while end < nxt and count < _MAX_NAME_TOKENS:
            token = ctx.doc[end]
            if _is_name_token(token):
                end, count = end + 1, count + 1
                continue
            # "Mohammed bin Salman", "Jean-Noël Barrot": a particle or a hyphen inside the name
            joins = token.lower_ in _NAME_PARTICLES or (count and token.text in _DASHES and not token.whitespace_)
            if not (joins and end + 1 < nxt and _is_name_token(ctx.doc[end + 1])):
                break
            end += 1
        if j < len(bases) and bases[j][0] == end and isinstance(bases[j][2], _Named) and bases[j][2].person:
            return bases[j][1], bases[j][2].person, j + 1
        return end, None, j

    # -- actors ---------------------------------------------------------------------------------------

    def _with_agent(self, named: _Named, sector: str, day: dt.date | None) -> tuple[ActorRef, bool]:
        """The actor of a state, body or person followed by an agent noun, and whether the noun's sector
        was used."""
        if named.kind == "person":
            country = self._person_ref(named.person, day).country
            return self._ref(country, sector, self._state_names.get(country, named.name)), True
        if not named.takes_agent_sector:
            return self._named_ref(named, day), False
        return self._ref(named.country, sector, self._state_names.get(named.country, named.name)), True

    def _named_ref(self, named: _Named, day: dt.date | None) -> ActorRef:
        if named.person is not None:
            return self._person_ref(named.person, day)
        return self._ref(named.country, named.sector, named.name, named.code)

    def _person_ref(self, person: Person, day: dt.date | None) -> ActorRef:
        if day is not None:
            role = person.role_on(day)
        else:
            role = max(person.roles, key=lambda r: r.start, default=None)
        if role is None:
            return self._ref(person.country, _ELITE, person.name)
        return self._ref(role.country, role.sector, person.name)

    def _ref(self, country: str | None, sector: str | None, name: str, code: str | None = None) -> ActorRef:
        key = (country, sector, name, code)
        ref = self._refs.get(key)
        if ref is None:
            if code is None:
                code = (country or "") + (sector if sector and (sector != _IGO or not country) else "")
            ref = self._refs[key] = ActorRef(code=code, name=name, country=country, sector=sector)
        return ref

    @staticmethod
    def _mention(ctx: _Context, start: int, end: int, actor: ActorRef, kind: str) -> ActorMention:
        first, last = ctx.doc[start], ctx.doc[end - 1]
        return ActorMention(start, end, ctx.text[first.idx - ctx.offset:last.idx + len(last) - ctx.offset],
                            actor, kind)


@dataclass(slots=True)
class _Context:
    """The sentence a finder is working on, with the few questions its rules ask about it."""

    doc: Doc
    lo: int               # the sentence's first token
    hi: int               # one past its last token
    known: list[bool]     # per sentence token: inside some dictionary phrase
    text: str             # the sentence's text (Doc.text would rebuild the paragraph on every access)
    offset: int           # its first character in the Doc
    _headline: bool | None = None

    def only_modifies(self, start: int, end: int, meaning: _Named | _AgentWord) -> bool:
        """Whether a state phrase here only modifies another word (see the module docstring)."""
        if not isinstance(meaning, _Named) or meaning.kind == "metonym":
            return False
        doc, lo, hi = self.doc, self.lo, self.hi
        if (end + 1 < hi and doc[end].text in _DASHES and not doc[end - 1].whitespace_
                and not doc[end].whitespace_ and doc[end + 1].is_lower and doc[end + 1].lower_ not in _OF_THE_STATE):
            return True                                    # "Iranian-made" (not "Saudi-led", "China-based")
        if start - 2 >= lo and doc[start - 1].text in _DASHES and doc[start - 2].lower_ in _PRO_ANTI:
            return True                                                  # "pro-Russian"
        if meaning.kind in ("organization", "person"):
            return False
        if ((start - 1 > lo and self._unknown_capital(start - 1))
                or (end < hi and self._unknown_capital(end) and doc[end].lower_ not in _TITLE_MODIFIERS
                    and doc[end].lower_ not in _WEAPON_NAMES)
                ) and not self.headline:
            return True                                                  # "New Mexico", "Michael Jordan"
        return (meaning.kind == "country" and start - 2 > lo and doc[start - 1].text == ","
                and self._unknown_capital(start - 2) and (end == hi or doc[end].is_punct))  # "Atlanta, Georgia."

    def is_plain_word(self, i: int) -> bool:
        """A lower-case content word, as "occupation" in "Russian occupation forces"."""
        token = self.doc[i]
        return token.is_lower and token.is_alpha and not token.is_stop and not self.known[i - self.lo]

    def _unknown_capital(self, i: int) -> bool:
        token = self.doc[i]
        return (not self.known[i - self.lo] and token.is_alpha and len(token) > 1 and token.text[0].isupper()
                and not token.is_stop and token.text not in _CALENDAR)

    @property
    def headline(self) -> bool:
        """Title Case without a final full stop ("Drone Attacks Persist Despite Trump-Putin Call"):
        capitals say nothing there."""
        if self._headline is None:
            words = [t for t in self.doc[self.lo:self.hi] if t.is_alpha and len(t) > 3]
            capitals = sum(t.text[0].isupper() for t in words)
            self._headline = (self.doc[self.hi - 1].text not in (".", "!", "?")
                              and len(words) >= 3 and capitals >= 0.7 * len(words))
        return self._headline


def _agent_run(bases: list, i: int) -> tuple[int, str, int]:
    """Consecutive agent nouns from bases[i]: their end, the first one's sector, the next base."""
    sector = bases[i][2].sector
    end = bases[i][1]
    j = i + 1
    while j < len(bases) and isinstance(bases[j][2], _AgentWord) and bases[j][0] == end:
        end = bases[j][1]
        j += 1
    return end, sector, j


def _is_name_token(token) -> bool:
    text = token.text
    if token.is_alpha:
        return text[0].isupper() and text not in _CALENDAR and not (len(text) > 1 and text.isupper())
    return len(text) == 2 and text[0].isupper() and text[1] == "."     # an initial: "J."


def _with_plural(phrase: str, nlp: Language) -> list[str]:
    """The phrase and the plural of its last word where the lemma table confirms it ("official" ->
    "officials"); never a singular, so "forces" does not bring in the verb "force"."""
    head, _, last = phrase.rpartition(" ")
    candidates = [last + "s", last + "es"]
    if last.endswith("y"):
        candidates.append(last[:-1] + "ies")
    if last.endswith("man"):
        candidates.append(last[:-3] + "men")
    forms = [phrase]
    for candidate, doc in zip(candidates, nlp.pipe(candidates)):
        if doc[-1].lemma_ == last:
            forms.append(f"{head} {candidate}" if head else candidate)
    return forms


@functools.cache
def actor_finder() -> ActorFinder:
    """The shared finder on the package dictionary and coding.text.english()."""
    return ActorFinder(english())


# after a state and a dash: what the state leads, or where the thing is, is the state's
_OF_THE_STATE = frozenset({"led", "based", "registered", "headquartered", "flagged"})
_DESCRIBING = frozenset({"ally", "allies", "member", "members", "partner", "partners", "state", "country",
                         "neighbour", "neighbor", "fellow"})


def _without_describers(doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A bloc or state that only describes the next actor is none itself: "sanctions on NATO ally
    Turkey" (Turkey), "EU member Hungary"."""
    kept: list[ActorMention] = []
    for k, mention in enumerate(mentions):
        following = mentions[k + 1] if k + 1 < len(mentions) else None
        words = [t.lower_ for t in doc[mention.end:following.start]] if following is not None else []
        if words and len(words) <= 3 and all(w in _DESCRIBING for w in words) \
                and following.actor.country and following.actor.country != mention.actor.country:
            continue
        kept.append(mention)
    return kept
