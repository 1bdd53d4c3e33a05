"""Loading batches: records -> Arrow -> staged batch -> one transaction that merges it.

Merge rules, per batch:
- A batch owns the documents it lists and every document its events refer to; it carries all events
  of each of them. For those documents, rows that the batch reproduces exactly are left untouched
  (run_id included), rows it changes are replaced, rows it no longer produces are deleted, and new
  rows are inserted. So loading the same batch twice leaves every table as it was (the runs table
  aside), and recoding a document with newer dictionaries replaces its events and mentions, nothing
  else.
- Quarantine items are keyed by a hash of their content and only ever inserted.
- Everything happens in one transaction: a failure leaves the database as it was.

Batch size matters to DuckDB: a batch with at least 122,880 documents (a row group) is written
straight into the file, a smaller one is checkpointed at commit, an extra write of its rows (about 0.6 s per
50,000 articles here). So load many small shards in one call: load_parquet takes several.

`load_batch` takes pydantic records; `load_arrow` is the Arrow core it shares with `load_parquet`
(shards written by coding workers with `write_shard`) and with bench/bench_warehouse.py.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from eventpipe.schemas import Document, Event, QuarantineItem

from .arrow import SCHEMAS, Batch, to_batch
from .checkpoints import checkpoint


@dataclass(frozen=True, slots=True)
class LoadStats:
    run_id: str
    documents: int            # rows in the batch
    events: int
    mentions: int
    quarantined: int
    documents_written: int    # rows inserted because they were new or changed
    events_written: int
    mentions_written: int
    quarantine_written: int
    events_deleted: int       # rows replaced or no longer produced
    seconds: tuple[tuple[str, float], ...] = ()   # wall time per step: stage, check, documents, ...

    @property
    def total_seconds(self) -> float:
        return sum(s for _, s in self.seconds)


@dataclass(frozen=True, slots=True)
class _Table:
    """How one staged table merges into its target."""

    name: str
    key: tuple[str, ...]
    stamped: tuple[str, ...]     # columns the loader sets (not in the batch, not compared)
    uncompared: tuple[str, ...] = ()  # batch columns that alone do not make a row "changed"


# In merge order. Every row belongs to a document through its doc_id column.
_MERGED = (
    _Table("documents", ("doc_id",), ("run_id",)),
    # an event a newer dictionary codes identically keeps its row (and the version that first coded it):
    # a recode moves only the events that changed
    _Table("events", ("event_id",), ("run_id",), ("dictionary_version",)),
    _Table("event_mentions", ("event_id", "mention_index"), ()),
)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[tuple]:
    """Execute and fetch: an unfetched result would keep the connection busy."""
    return con.execute(sql, params or {}).fetchall()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---- runs --------------------------------------------------------------------------------------

def begin_run(con: duckdb.DuckDBPyConnection, run_id: str, inputs: Sequence[str] = (),
              dictionary_version: str | None = None) -> None:
    """Record the start of a run. Starting a run id that exists (a resumed run) keeps its record."""
    _run(con, "INSERT INTO runs (run_id, started_at, inputs, dictionary_version) "
              "VALUES ($run_id, $at, $inputs, $version) ON CONFLICT (run_id) DO NOTHING",
         {"run_id": run_id, "at": _utcnow(), "inputs": list(inputs), "version": dictionary_version})


def close_abandoned_runs(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    """Mark as failed the runs other than `run_id` that are still `running`: call it only while
    holding the run lock (flows.store.run_lock), when no other run can be alive, so those runs were
    killed. Their finished_at stays NULL: when they stopped is not known."""
    rows = _run(con, "UPDATE runs SET status = 'failed' WHERE status = 'running' AND run_id <> $run_id "
                     "RETURNING run_id", {"run_id": run_id})
    return sorted(r[0] for r in rows)


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str = "succeeded") -> None:
    """Record the end of a run: `succeeded` or `failed`."""
    if status not in ("succeeded", "failed"):
        raise ValueError(f"a run finishes as succeeded or failed, not {status!r}")
    _run(con, "UPDATE runs SET finished_at = $at, status = $status WHERE run_id = $run_id",
         {"at": _utcnow(), "status": status, "run_id": run_id})


# ---- staging -----------------------------------------------------------------------------------
# The batch's Arrow tables are registered as views (_stage_documents, ...) and read in place: copying
# them into temp tables first would halve the load rate. _stage_existing lists the batch's documents
# that the database already holds; only their rows can change or go, so a batch of new documents
# is a plain insert.

# DuckDB scans an Arrow table chunk by chunk, one chunk per thread at a time: a batch in one piece
# would load on one core.
CHUNK_ROWS = 30_720


def _chunked(table: pa.Table) -> pa.Table:
    return pa.Table.from_batches(table.to_batches(max_chunksize=CHUNK_ROWS), schema=table.schema)


def _stage(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    for name in SCHEMAS:
        con.register(f"_stage_{name}", _chunked(getattr(batch, name)))
    _run(con, """
        CREATE OR REPLACE TEMP TABLE _stage_existing AS
        SELECT doc_id FROM main.documents
        WHERE doc_id IN (SELECT doc_id FROM _stage_documents UNION ALL SELECT doc_id FROM _stage_events
                         UNION ALL SELECT doc_id FROM _stage_event_mentions)""")


def _unstage(con: duckdb.DuckDBPyConnection) -> None:
    for name in SCHEMAS:
        con.unregister(f"_stage_{name}")
    _run(con, "DROP TABLE IF EXISTS _stage_existing")


def _check(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse a batch that would break a key or a reference, before anything is written. (Mentions
    are consistent with their events by construction: arrow.to_batch derives both from the Events.)"""
    for name, key in (("documents", "doc_id"), ("events", "event_id"), ("quarantine", "quarantine_id")):
        dup = _run(con, f"SELECT {key} FROM _stage_{name} GROUP BY ALL HAVING count(*) > 1 LIMIT 1")
        if dup:
            raise ValueError(f"batch has two {name} rows with {key} {dup[0][0]!r}")
    orphan = _run(con, "SELECT event_id, doc_id FROM _stage_events WHERE doc_id NOT IN "
                       "(SELECT doc_id FROM _stage_documents UNION ALL SELECT doc_id FROM _stage_existing) LIMIT 1")
    if orphan:
        raise ValueError(f"event {orphan[0][0]} refers to document {orphan[0][1]}, which is neither in "
                         f"the batch nor in the database")


# ---- merging -----------------------------------------------------------------------------------

def _merge(con: duckdb.DuckDBPyConnection, table: _Table, run_id: str, changes: bool) -> tuple[int, int]:
    """Replace the batch's rows of one table; return (rows deleted, rows inserted). Without
    `changes` (no document of the batch is in the database yet) it is a plain insert."""
    stamp = "".join(f", $run_id AS {_quote(c)}" for c in table.stamped)
    params = {"run_id": run_id} if stamp else None
    insert = f"INSERT INTO main.{table.name} BY NAME SELECT s.*{stamp} FROM _stage_{table.name} AS s"
    if not changes:
        return 0, _run(con, insert, params)[0][0]
    staged = [f.name for f in SCHEMAS[table.name]]
    same_key = " AND ".join(f"s.{_quote(k)} = t.{_quote(k)}" for k in table.key)
    existing = "t.doc_id IN (SELECT doc_id FROM _stage_existing)"
    # rows of the batch's documents that the batch reproduces exactly: joined on the key, then
    # compared column by column (a join on every column would hash them all)
    same_row = " AND ".join(f"s.{_quote(c)} IS NOT DISTINCT FROM t.{_quote(c)}"
                            for c in staged if c not in table.key and c not in table.uncompared)
    kept = f"""SELECT t.rowid FROM main.{table.name} AS t JOIN _stage_{table.name} AS s ON {same_key}
               WHERE {existing} AND {same_row}"""
    deleted = _run(con, f"""
        DELETE FROM main.{table.name} AS t
        WHERE {existing} AND t.rowid NOT IN ({kept})
    """)[0][0]
    # then every staged row whose key is not (still) there
    inserted = _run(con, f"""
        {insert}
        WHERE NOT EXISTS (SELECT 1 FROM main.{table.name} AS t WHERE {same_key} AND {existing})
    """, params)[0][0]
    return deleted, inserted


def _merge_quarantine(con: duckdb.DuckDBPyConnection, run_id: str, at: dt.datetime) -> int:
    return _run(con, """
        INSERT INTO main.quarantine BY NAME
        SELECT s.*, $run_id AS run_id, $at AS quarantined_at FROM _stage_quarantine AS s
        WHERE s.quarantine_id NOT IN (SELECT quarantine_id FROM main.quarantine)
    """, {"run_id": run_id, "at": at})[0][0]


def _count_run(con: duckdb.DuckDBPyConnection, run_id: str, dictionary_version: str | None,
               batch: Batch, at: dt.datetime) -> None:
    _run(con, """
        INSERT INTO runs (run_id, started_at, inputs, dictionary_version, documents, events, quarantined)
        VALUES ($run_id, $at, [], $version, $documents, $events, $quarantined)
        ON CONFLICT (run_id) DO UPDATE SET
            documents = runs.documents + excluded.documents,
            events = runs.events + excluded.events,
            quarantined = runs.quarantined + excluded.quarantined,
            dictionary_version = coalesce(runs.dictionary_version, excluded.dictionary_version)
    """, {"run_id": run_id, "at": at, "version": dictionary_version,
          "documents": batch.documents.num_rows, "events": batch.events.num_rows,
          "quarantined": batch.quarantine.num_rows})


def load_arrow(con: duckdb.DuckDBPyConnection, batch: Batch, run_id: str,
               dictionary_version: str | None = None) -> LoadStats:
    """Merge one batch of Arrow tables in one transaction (see the module docstring); call it
    outside any transaction of your own."""
    at = _utcnow()
    seconds: list[tuple[str, float]] = []
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds.append((name, now - clock))
        clock = now

    try:
        _stage(con, batch)
        _check(con)
        changes = _run(con, "SELECT count(*) FROM _stage_existing")[0][0] > 0
        step("stage and check")
        checkpoint("load.staged")
        _run(con, "BEGIN TRANSACTION")
        try:
            documents, events, mentions = _MERGED
            _, documents_written = _merge(con, documents, run_id, changes)
            step("documents")
            checkpoint("load.documents")
            events_deleted, events_written = _merge(con, events, run_id, changes)
            step("events")
            checkpoint("load.events")
            _, mentions_written = _merge(con, mentions, run_id, changes)
            step("event_mentions")
            checkpoint("load.mentions")
            quarantine_written = _merge_quarantine(con, run_id, at)
            _count_run(con, run_id, dictionary_version, batch, at)
            checkpoint("load.before-commit")
            _run(con, "COMMIT")
            step("quarantine, runs and commit")
            checkpoint("load.committed")
        except BaseException:
            _run(con, "ROLLBACK")
            raise
    finally:
        _unstage(con)
    return LoadStats(
        run_id=run_id,
        documents=batch.documents.num_rows,
        events=batch.events.num_rows,
        mentions=batch.event_mentions.num_rows,
        quarantined=batch.quarantine.num_rows,
        documents_written=documents_written,
        events_written=events_written,
        mentions_written=mentions_written,
        quarantine_written=quarantine_written,
        events_deleted=events_deleted,
        seconds=tuple(seconds),
    )


def load_batch(con: duckdb.DuckDBPyConnection, documents: Sequence[Document], events: Sequence[Event],
               quarantine: Sequence[QuarantineItem], run_id: str, dictionary_version: str) -> LoadStats:
    """Load coded documents, their events and what was quarantined, in one transaction.

    `documents` lists every document whose events are in `events` (and documents that yielded no
    event: their old events, if any, are deleted)."""
    return load_arrow(con, to_batch(documents, events, quarantine, dictionary_version), run_id,
                      dictionary_version)


# ---- Parquet shards ----------------------------------------------------------------------------

def write_shard(path: str | Path, documents: Sequence[Document], events: Sequence[Event],
                quarantine: Sequence[QuarantineItem], dictionary_version: str) -> Path:
    """Write one coded batch as a shard: a folder with one Parquet file per table, for
    `load_parquet`. The folder appears complete or not at all (written aside, then renamed)."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"shard {path} exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    batch = to_batch(documents, events, quarantine, dictionary_version)
    scratch = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        for name in SCHEMAS:
            pq.write_table(getattr(batch, name), scratch / f"{name}.parquet")
        checkpoint("shard.scratch-written")
        os.replace(scratch, path)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return path


def read_shard(path: str | Path) -> Batch:
    path = Path(path)
    tables: dict[str, pa.Table] = {}
    for name, schema in SCHEMAS.items():
        file = path / f"{name}.parquet"
        if not file.is_file():
            raise FileNotFoundError(f"shard {path} has no {file.name}")
        tables[name] = pq.read_table(file, schema=schema)
    return Batch(**tables)


def load_parquet(con: duckdb.DuckDBPyConnection, shards: str | Path | Sequence[str | Path],
                 run_id: str) -> LoadStats:
    """Load one shard written by `write_shard`, or several together in one transaction."""
    paths = [shards] if isinstance(shards, (str, Path)) else list(shards)
    if not paths:
        raise ValueError("load_parquet needs at least one shard")
    parts = [read_shard(p) for p in paths]
    batch = parts[0] if len(parts) == 1 else Batch(
        **{name: pa.concat_tables([getattr(part, name) for part in parts]) for name in SCHEMAS})
    versions = {v for v in batch.documents.column("dictionary_version").to_pylist() if v}
    return load_arrow(con, batch, run_id, versions.pop() if len(versions) == 1 else None)
