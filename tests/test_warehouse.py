"""The warehouse schema and loads, on temporary databases: migration, round trip, idempotent loads,
recodes, failed batches, Parquet shards, and the reference tables."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from conftest import KYIV, Sample, make_event

from eventpipe.coding.codebook import load_codebook
from eventpipe.schemas import (
    CONTRACT_FIELDS, AcledDisorderType, AcledEventType, AcledSubEventType, ActorRef, Agent, Country,
    DatePrecision, Document, Event, Location, Mention, Modality, Organization, Stage)
from eventpipe.warehouse.arrow import Batch, to_batch
from eventpipe.warehouse.connect import STORAGE_FORMAT, open_writer
from eventpipe.warehouse.load import begin_run, finish_run, load_arrow, load_batch, load_parquet, write_shard
from eventpipe.warehouse.migrate import current_version, migrate, migrations
from eventpipe.warehouse.reference import load_codebook as load_codebook_tables, load_dictionary

LOADED_TABLES = ("documents", "events", "event_mentions", "quarantine", "actors", "cameo_codes", "plover",
                 "acled_types", "quad_classes", "schema_version")


def snapshot(con: duckdb.DuckDBPyConnection, tables=LOADED_TABLES) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def rows_of(con, table: str, where: str = "true") -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {table} WHERE {where}").fetchall(), key=repr)


def events_from_db(con: duckdb.DuckDBPyConnection) -> list[Event]:
    """Rebuild pydantic Events from the flat tables: the inverse of the load."""
    def actor(r, side):
        return None if r[f"{side}_code"] is None else ActorRef(
            code=r[f"{side}_code"], name=r[f"{side}_name"], country=r[f"{side}_country"], sector=r[f"{side}_sector"])

    mentions: dict[str, list[Mention]] = {}
    cur = con.execute("SELECT * EXCLUDE (event_id, mention_index, doc_id), event_id FROM event_mentions "
                      "ORDER BY event_id, mention_index")
    names = [d[0] for d in cur.description]
    for row in cur.fetchall():
        r = dict(zip(names, row))
        mentions.setdefault(r.pop("event_id"), []).append(Mention(**r))
    cur = con.execute("SELECT * FROM events ORDER BY event_id")
    names = [d[0] for d in cur.description]
    events = []
    for row in cur.fetchall():
        r = dict(zip(names, row))
        location = None if r["location_name"] is None else Location(
            name=r["location_name"], country=r["location_country"], admin1=r["location_admin1"],
            latitude=r["latitude"], longitude=r["longitude"], geo_precision=r["geo_precision"])
        fields = {k: r[k] for k in Event.model_fields if k in r}
        events.append(Event(**fields, source_actor=actor(r, "source"), target_actor=actor(r, "target"),
                            location=location, mentions=mentions.get(r["event_id"], [])))
    return events


def new_db(tmp_path: Path, name: str = "w.duckdb") -> duckdb.DuckDBPyConnection:
    return open_writer(tmp_path / name)


# ---- migration ---------------------------------------------------------------------------------

def test_migration_from_empty_creates_every_table_and_view(tmp_path):
    con = new_db(tmp_path)
    versions = [m.version for m in migrations()]
    assert versions == sorted(set(versions)) and versions[0] == 1
    assert [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()] == versions
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert set(LOADED_TABLES) | {"runs"} <= tables
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"asserted_events", "dyad_daily", "quad_daily", "export_acled", "export_gdelt_events",
            "export_gdelt_mentions"} <= views


def test_migrating_again_changes_nothing(tmp_path):
    con = new_db(tmp_path)
    before = con.execute("SELECT * FROM schema_version").fetchall()
    assert migrate(con) == []
    con.close()
    con = open_writer(tmp_path / "w.duckdb")
    assert con.execute("SELECT * FROM schema_version").fetchall() == before
    assert current_version(con) == migrations()[-1].version


def test_new_files_open_in_duckdb_1_4(tmp_path):
    con = new_db(tmp_path)
    tags = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = 'w'").fetchall()[0][0]
    assert tags["storage_version"] == STORAGE_FORMAT + "+"


@pytest.mark.parametrize("type_name, enum", [
    ("modality", Modality), ("date_precision", DatePrecision), ("acled_disorder_type", AcledDisorderType),
    ("acled_event_type", AcledEventType), ("acled_sub_event_type", AcledSubEventType),
    ("quarantine_stage", Stage),
])
def test_enum_types_match_the_schema(tmp_path, type_name, enum):
    con = new_db(tmp_path)
    values = con.execute(f"SELECT unnest(enum_range(NULL::{type_name}))").fetchall()
    assert [v[0] for v in values] == [e.value for e in enum]


def test_events_table_has_a_column_for_every_contract_field(tmp_path):
    con = new_db(tmp_path)
    columns = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'").fetchall()}
    nested = {"source_actor": ("source_", ActorRef), "target_actor": ("target_", ActorRef),
              "location": ("location_", Location)}
    for field in CONTRACT_FIELDS:
        if field in nested:
            prefix, model = nested[field]
            for part in model.model_fields:
                assert prefix + part in columns or part in columns, f"{field}.{part}"
        else:
            assert field in columns, field
    assert {"civilian_targeting", "dictionary_version", "mention_count", "run_id"} <= columns
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                             "WHERE table_name = 'events'").fetchall())
    assert types["event_date"] == "DATE" and types["modality"].startswith("ENUM")


# ---- loading -----------------------------------------------------------------------------------

def test_load_round_trip_gives_back_the_events(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    stats = load_batch(con, sample.documents, sample.events, sample.quarantine, "run-1", "dict-1")
    assert (stats.documents_written, stats.events_written, stats.quarantine_written) == (4, 13, 2)
    assert stats.mentions_written == sum(len(e.mentions) for e in sample.events)
    assert events_from_db(con) == sorted(sample.events, key=lambda e: e.event_id)
    doc = con.execute("SELECT published_at, content_hash, run_id FROM documents WHERE doc_id = 'doc-calls'").fetchall()
    assert doc == [(dt.date(2025, 3, 10), hashlib.sha256(b"Call report.").hexdigest(), "run-1")]


def test_loading_the_same_batch_twice_leaves_every_table_and_export_identical(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    load_codebook_tables(con, load_codebook())
    load_batch(con, sample.documents, sample.events, sample.quarantine, "run-1", "dict-1")
    before = snapshot(con)
    exports = export_bytes(con, tmp_path / "first")
    stats = load_batch(con, sample.documents, sample.events, sample.quarantine, "run-2", "dict-1")
    assert (stats.documents_written, stats.events_written, stats.mentions_written,
            stats.quarantine_written, stats.events_deleted) == (0, 0, 0, 0, 0)
    assert snapshot(con) == before
    assert export_bytes(con, tmp_path / "second") == exports
    runs = con.execute("SELECT run_id, events FROM runs ORDER BY run_id").fetchall()
    assert runs == [("run-1", 13), ("run-2", 13)]


def export_bytes(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, bytes]:
    """The three exports as CSV and Parquet bytes, written the way `eventpipe export` writes them."""
    from eventpipe.warehouse import output

    folder.mkdir()
    out = {}
    for view in ("export_acled", "export_gdelt_events", "export_gdelt_mentions"):
        for fmt in ("csv", "parquet"):
            path = folder / f"{view}.{fmt}"
            output.write(con.sql(f"SELECT * FROM {view}").to_arrow_reader(1000), fmt, path)
            out[path.name] = path.read_bytes()
    return out


def test_recode_replaces_only_that_documents_events_and_mentions(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    load_batch(con, sample.documents, sample.events, sample.quarantine, "run-1", "dict-1")
    others = "doc_id <> 'doc-strikes'"
    before = {t: rows_of(con, t, others) for t in ("documents", "events", "event_mentions")}
    quarantine = rows_of(con, "quarantine")
    strikes = sample.documents[0]
    # dict-2 keeps one strike as it was coded, changes one, drops two and finds a new one
    kept = make_event("ev-strike-1", strikes, "1952", "drone_strike", "2025-03-01", "RUSMIL", "UKR",
                      location=KYIV, quantity=40, fatalities=2, mentions=2, version="dict-2")
    changed = make_event("ev-strike-2", strikes, "1952", "drone_strike", "2025-03-02", "RUSMIL", "UKR",
                         fatalities=5, version="dict-2")
    new = make_event("ev-strike-4", strikes, "190", "fight", "2025-03-02", "UKRMIL", "RUS", version="dict-2")
    stats = load_batch(con, [strikes], [kept, changed, new], [], "run-2", "dict-2")

    assert {t: rows_of(con, t, others) for t in before} == before
    assert rows_of(con, "quarantine") == quarantine
    # the strike dict-2 codes as dict-1 did keeps its row: only changed events move
    kept_row = kept.model_copy(update={"dictionary_version": "dict-1"})
    assert [e for e in events_from_db(con) if e.doc_id == strikes.doc_id] == [kept_row, changed, new]
    assert stats.events_deleted == 3 and stats.events_written == 2
    doc = con.execute("SELECT text, dictionary_version, run_id FROM documents WHERE doc_id = 'doc-strikes'").fetchall()
    assert doc == [("Strike report.", "dict-2", "run-2")]


def test_unchanged_events_keep_their_run(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    load_batch(con, sample.documents, sample.events, [], "run-1", "dict-1")
    weapons = sample.documents[3]
    events = [e for e in sample.events if e.doc_id == weapons.doc_id]
    changed = events[0].model_copy(update={"confidence": 0.95})
    load_batch(con, [weapons], [changed, *events[1:]], [], "run-2", "dict-1")
    runs = dict(con.execute("SELECT event_id, run_id FROM events WHERE doc_id = 'doc-weapons'").fetchall())
    assert runs == {"ev-pause": "run-2", "ev-resume": "run-1", "ev-deliver": "run-1"}


def test_a_document_that_now_yields_no_event_loses_its_events(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    load_batch(con, sample.documents, sample.events, [], "run-1", "dict-1")
    load_batch(con, [sample.documents[2]], [], [], "run-2", "dict-1")
    assert con.execute("SELECT count(*) FROM events WHERE doc_id = 'doc-sanctions'").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM event_mentions WHERE doc_id = 'doc-sanctions'").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(10,)]


def test_a_batch_the_database_rejects_leaves_it_as_it_was(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    load_batch(con, sample.documents, sample.events, sample.quarantine, "run-1", "dict-1")
    before = snapshot(con)
    batch = to_batch(sample.documents, sample.events, [], "dict-2")
    events = batch.events
    i = events.schema.get_field_index("modality")
    bad = events.set_column(i, "modality", pa.array(["asserted"] * (events.num_rows - 1) + ["rumoured"]))
    with pytest.raises(duckdb.ConversionException, match="rumoured"):
        load_arrow(con, Batch(batch.documents, bad, batch.event_mentions, batch.quarantine), "run-2", "dict-2")
    assert snapshot(con) == before
    assert con.execute("SELECT count(*) FROM runs WHERE run_id = 'run-2'").fetchall() == [(0,)]


def test_duplicate_keys_and_unknown_documents_are_refused(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    with pytest.raises(ValueError, match="same key|with event_id"):
        load_batch(con, sample.documents, sample.events + sample.events[:1], [], "run-1", "dict-1")
    with pytest.raises(ValueError, match="doc-calls"):
        load_batch(con, sample.documents[:1], sample.events, [], "run-1", "dict-1")
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(0,)]


def test_parquet_shards_load_like_batches(tmp_path, sample: Sample):
    direct = new_db(tmp_path, "direct.duckdb")
    load_batch(direct, sample.documents, sample.events, sample.quarantine, "run-1", "dict-1")
    shard = write_shard(tmp_path / "shards" / "0001", sample.documents, sample.events, sample.quarantine, "dict-1")
    assert sorted(p.name for p in shard.iterdir()) == [
        "documents.parquet", "event_mentions.parquet", "events.parquet", "quarantine.parquet"]
    with pytest.raises(FileExistsError):
        write_shard(shard, sample.documents, [], [], "dict-1")
    sharded = new_db(tmp_path, "sharded.duckdb")
    stats = load_parquet(sharded, shard, "run-1")
    assert stats.events_written == len(sample.events)
    tables = ("documents", "events", "event_mentions")
    assert snapshot(sharded, tables) == snapshot(direct, tables)
    assert sharded.execute("SELECT dictionary_version FROM runs").fetchall() == [("dict-1",)]


def test_several_shards_load_in_one_transaction(tmp_path, sample: Sample):
    direct = new_db(tmp_path, "direct.duckdb")
    load_batch(direct, sample.documents, sample.events, sample.quarantine, "run-1", "dict-1")
    shards = []
    for i, doc in enumerate(sample.documents):
        events = [e for e in sample.events if e.doc_id == doc.doc_id]
        shards.append(write_shard(tmp_path / f"shard-{i}", [doc], events, sample.quarantine[i:i + 1], "dict-1"))
    sharded = new_db(tmp_path, "sharded.duckdb")
    stats = load_parquet(sharded, shards, "run-1")
    assert (stats.documents, stats.events, stats.quarantined) == (4, 13, 2)
    tables = ("documents", "events", "event_mentions")
    assert snapshot(sharded, tables) == snapshot(direct, tables)
    assert sharded.execute("SELECT count(*) FROM runs").fetchall() == [(1,)]
    with pytest.raises(ValueError):
        load_parquet(sharded, [], "run-2")


def test_runs_record_start_counts_and_end(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    begin_run(con, "run-1", inputs=["inbox/a.jsonl"], dictionary_version="dict-1")
    load_batch(con, sample.documents[:2], sample.events[:7], sample.quarantine, "run-1", "dict-1")
    load_batch(con, sample.documents[2:], sample.events[7:], [], "run-1", "dict-1")
    finish_run(con, "run-1", "succeeded")
    row = con.execute("SELECT inputs, documents, events, quarantined, status, finished_at >= started_at "
                      "FROM runs").fetchall()
    assert row == [(["inbox/a.jsonl"], 4, 13, 2, "succeeded", True)]
    with pytest.raises(ValueError):
        finish_run(con, "run-1", "done")


# ---- reference tables --------------------------------------------------------------------------

def test_dictionary_load_has_a_row_per_role_and_is_idempotent(tmp_path, sample: Sample):
    con = new_db(tmp_path)
    countries = [Country(code="USA", name="United States", names=["U.S."], adjectives=["American"],
                         metonyms={"the White House": "GOV", "the Pentagon": "MIL"})]
    organizations = [Organization(code="NATO", name="NATO", kind="igo", country="NATO", sector="IGO")]
    agents = [Agent(sector="MIL", words=["forces", "army"])]
    assert load_dictionary(con, countries, organizations, sample.people, agents, "dict-1") == 6
    before = snapshot(con, ("actors",))
    load_dictionary(con, countries, organizations, sample.people, agents, "dict-1")
    assert snapshot(con, ("actors",)) == before
    trump = con.execute("SELECT role_index, role_title, role_start, role_end FROM actors "
                        "WHERE actor_id = 'donald_trump' ORDER BY role_index").fetchall()
    assert trump == [(0, "President", dt.date(2017, 1, 20), dt.date(2021, 1, 20)),
                     (1, "President", dt.date(2025, 1, 20), None)]
    usa = con.execute("SELECT iso_numeric, metonyms['the Pentagon'] FROM actors WHERE kind = 'country'").fetchall()
    assert usa == [(840, "MIL")]


def test_the_packaged_actor_dictionary_loads(tmp_path):
    actors = pytest.importorskip("eventpipe.coding.actors")
    dictionary = actors.load_actor_dictionary()
    con = new_db(tmp_path)
    rows = load_dictionary(con, dictionary.countries, dictionary.organizations, dictionary.people,
                           dictionary.agents, dictionary.version)
    expected = (len(dictionary.countries) + len(dictionary.organizations) + len(dictionary.agents)
                + sum(max(len(p.roles), 1) for p in dictionary.people))
    assert rows == expected


def test_codebook_load_matches_the_codebook_and_is_idempotent(tmp_path):
    con = new_db(tmp_path)
    book = load_codebook()
    counts = load_codebook_tables(con, book)
    entries = book.entries()
    assert counts == {"cameo_codes": len(entries["cameo"]), "plover": len(entries["plover"]),
                      "acled_types": len(entries["acled"])}
    before = snapshot(con, ("cameo_codes", "plover", "acled_types"))
    load_codebook_tables(con, book)
    assert snapshot(con, ("cameo_codes", "plover", "acled_types")) == before
    entry = book.cameo("1952")
    assert con.execute("SELECT name, root, quad_class, goldstein FROM cameo_codes WHERE code = '1952'").fetchall() \
        == [(entry.name, entry.root, entry.quad_class, entry.goldstein)]
    prefixes = con.execute("SELECT cameo_prefixes FROM acled_types WHERE sub_event_type = 'Agreement'").fetchall()
    assert "057" in prefixes[0][0]
