"""Shared fixtures. Warehouse tests: a small, hand-built news sample (documents, coded events,
quarantine items and two people with dated roles) and a temporary warehouse with it loaded."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from eventpipe.schemas import ActorRef, Document, Event, Location, Mention, Person, QuarantineItem, Role

KYIV = Location(name="Kyiv", country="UKR", admin1="Kyiv City", latitude=50.45, longitude=30.52, geo_precision=1)
ODESA = Location(name="Odesa", country="UKR", admin1="Odesa Oblast", latitude=46.48, longitude=30.73, geo_precision=1)
ACTORS = {
    "RUSMIL": ActorRef(code="RUSMIL", name="Russian forces", country="RUS", sector="MIL"),
    "UKRMIL": ActorRef(code="UKRMIL", name="Ukrainian forces", country="UKR", sector="MIL"),
    "UKR": ActorRef(code="UKR", name="Ukraine", country="UKR", sector=None),
    "RUS": ActorRef(code="RUS", name="Russia", country="RUS", sector=None),
    "TRUMP": ActorRef(code="USAGOV", name="Donald Trump", country="USA", sector="GOV"),
    "PUTIN": ActorRef(code="RUSGOV", name="Vladimir Putin", country="RUS", sector="GOV"),
    "ZELENSKY": ActorRef(code="UKRGOV", name="Volodymyr Zelensky", country="UKR", sector="GOV"),
    "USAGOV": ActorRef(code="USAGOV", name="United States", country="USA", sector="GOV"),
    "UKRGOV": ActorRef(code="UKRGOV", name="Ukraine", country="UKR", sector="GOV"),
    "EURGOV": ActorRef(code="EURGOV", name="European Union", country="EUR", sector="GOV"),
}
PLOVER = {"041": ("CONSULT", "phone"), "1952": ("ASSAULT", "drone")}
ACLED = {"1952": ("Political violence", "Explosions/Remote violence", "Air/drone strike")}


def make_event(event_id: str, doc: Document, code: str, kind: str, day: str, source: str, target: str | None,
               modality: str = "asserted", location: Location | None = None, quantity: int | None = None,
               fatalities: int | None = None, version: str = "dict-1", mentions: int = 1) -> Event:
    """An Event as the coder would write it, with the codebook's quad class and Goldstein score."""
    from eventpipe.coding.codebook import load_codebook

    entry = load_codebook().cameo(code)
    sentence = f"{ACTORS[source].name} {kind.replace('_', ' ')} on {day}."
    disorder, event_type, sub_event_type = ACLED.get(code, (None, None, None))
    plover_type, plover_mode = PLOVER.get(code, (None, None))
    return Event(
        event_id=event_id, doc_id=doc.doc_id, sentence_index=0, sentence=sentence,
        event_date=dt.date.fromisoformat(day), date_precision="day", date_text=f"on {day}", kind=kind,
        cameo_code=code, cameo_root=entry.root, quad_class=entry.quad_class, goldstein=entry.goldstein,
        plover_type=plover_type, plover_mode=plover_mode, acled_disorder_type=disorder,
        acled_event_type=event_type, acled_sub_event_type=sub_event_type,
        source_actor=ACTORS[source], target_actor=ACTORS[target] if target else None, location=location,
        quantity=quantity, fatalities=fatalities, modality=modality, rule_id=f"rule.{kind}", confidence=0.8,
        dictionary_version=version,
        mentions=[Mention(sentence_index=i, char_start=10 * i, char_end=10 * i + 6, trigger=kind[:6],
                          sentence=f"{sentence} (mention {i})", rule_id=f"rule.{kind}", modality=modality,
                          date_text=f"on {day}") for i in range(mentions)],
    )


@dataclass(frozen=True)
class Sample:
    documents: list[Document]
    events: list[Event]
    quarantine: list[QuarantineItem]
    people: list[Person]

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.event_id == event_id)


def build_sample() -> Sample:
    strikes = Document(doc_id="doc-strikes", title="Drones hit Kyiv and Odesa", source="Kyiv Independent",
                       url="https://example.org/strikes", published_at="2025-03-02", text="Strike report.")
    calls = Document(doc_id="doc-calls", title="Trump and Putin speak", source="Reuters",
                     url="https://example.org/calls", published_at="2025-03-10", text="Call report.")
    sanctions = Document(doc_id="doc-sanctions", source="AP", published_at="2025-03-15", text="Sanctions report.")
    weapons = Document(doc_id="doc-weapons", source="CNN", published_at="2025-03-20", text="Weapons report.")
    events = [
        make_event("ev-strike-1", strikes, "1952", "drone_strike", "2025-03-01", "RUSMIL", "UKR", location=KYIV,
                   quantity=40, fatalities=2, mentions=2),
        make_event("ev-strike-2", strikes, "1952", "drone_strike", "2025-03-02", "RUSMIL", "UKR", location=ODESA),
        make_event("ev-strike-3", strikes, "1952", "drone_strike", "2025-03-02", "UKRMIL", "RUS"),
        make_event("ev-strike-planned", strikes, "1952", "drone_strike", "2025-03-05", "RUSMIL", "UKR",
                   modality="planned"),
        make_event("ev-call-1", calls, "041", "phone_call", "2025-03-03", "TRUMP", "PUTIN"),
        make_event("ev-call-denied", calls, "041", "phone_call", "2025-03-10", "PUTIN", "TRUMP", modality="denied"),
        make_event("ev-call-kyiv", calls, "041", "phone_call", "2025-03-04", "TRUMP", "ZELENSKY"),
        make_event("ev-sanctions", sanctions, "163", "sanctions", "2025-02-20", "EURGOV", "RUS"),
        make_event("ev-threat", sanctions, "1312", "sanctions_threat", "2025-02-22", "USAGOV", "RUS"),
        make_event("ev-relief", sanctions, "085", "sanctions_relief", "2025-03-15", "USAGOV", "RUS",
                   modality="planned"),
        make_event("ev-pause", weapons, "1622", "weapons_pause", "2025-03-03", "USAGOV", "UKRGOV"),
        make_event("ev-resume", weapons, "072", "weapons_delivery", "2025-03-11", "USAGOV", "UKRGOV", quantity=3),
        make_event("ev-deliver", weapons, "072", "weapons_delivery", "2025-03-18", "USAGOV", "UKRGOV"),
    ]
    quarantine = [
        QuarantineItem(stage="read", reason="not UTF-8", path="inbox/bad.txt", content_hash="ab" * 32,
                       excerpt="\\xff\\xfe"),
        QuarantineItem(stage="parse", reason="malformed JSON", path="inbox/feed.jsonl", line=7, excerpt="{\"text\":"),
    ]
    people = [
        Person(id="donald_trump", name="Donald Trump", aliases=["Trump"], country="USA", roles=[
            Role(title="President", country="USA", start="2017-01-20", end="2021-01-20"),
            Role(title="President", country="USA", start="2025-01-20")]),
        Person(id="vladimir_putin", name="Vladimir Putin", aliases=["Putin"], country="RUS", roles=[
            Role(title="President", country="RUS", start="2012-05-07")]),
    ]
    return Sample([strikes, calls, sanctions, weapons], events, quarantine, people)


@pytest.fixture
def sample() -> Sample:
    return build_sample()


@pytest.fixture
def warehouse(tmp_path: Path, sample: Sample) -> Path:
    """A warehouse file with the codebook, the sample's people and the sample loaded (run-1)."""
    from eventpipe.coding.codebook import load_codebook
    from eventpipe.warehouse.connect import open_writer
    from eventpipe.warehouse.load import load_batch
    from eventpipe.warehouse.reference import load_codebook as load_codebook_tables, load_dictionary

    path = tmp_path / "warehouse.duckdb"
    con = open_writer(path)
    try:
        load_codebook_tables(con, load_codebook())
        load_dictionary(con, [], [], sample.people, [], dictionary_version="dict-1")
        load_batch(con, sample.documents, sample.events, sample.quarantine, "run-1", "dict-1")
    finally:
        con.close()
    return path


# ---- flows ----------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory):
    """One temporary Prefect API (server and database) for the whole session, PREFECT_HOME in a
    temporary folder. Prefect is imported here, so tests that do not ask for it never load it."""
    from prefect.settings import (PREFECT_HOME, PREFECT_LOCAL_STORAGE_PATH, PREFECT_SERVER_ANALYTICS_ENABLED,
                                  temporary_settings)
    from prefect.testing.utilities import prefect_test_harness

    home = tmp_path_factory.mktemp("prefect-home")
    with temporary_settings({PREFECT_HOME: home, PREFECT_LOCAL_STORAGE_PATH: home / "storage",
                             PREFECT_SERVER_ANALYTICS_ENABLED: False}):
        with prefect_test_harness(server_startup_timeout=180):
            yield


@pytest.fixture
def samples_path() -> Path:
    """The bundled sample articles (JSONL)."""
    from importlib import resources

    return Path(str(resources.files("eventpipe.data"))) / "samples" / "articles.jsonl"


@pytest.fixture(scope="session")
def prefect_api_url(prefect_api) -> str:
    """The session's Prefect API URL, for `eventpipe run` in other processes (crash and concurrency
    tests): one server for all of them instead of a temporary one per process (10-20 s each)."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


@pytest.fixture(scope="session")
def run_env(prefect_api_url: str):
    """The environment of an `eventpipe` subprocess that uses the session's Prefect API; `home` is
    its PREFECT_HOME (task results, the coding cache), `extra` more variables."""
    import os

    def env(home: Path, **extra: str) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "EVENTPIPE_"))}
        return {**base, "PREFECT_API_URL": prefect_api_url, "PREFECT_HOME": str(home),
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **extra}

    return env
