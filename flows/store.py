"""The flows' side of the warehouse: short writer sessions for one step each.

Every function opens the file, does one thing and closes it again, because an open DuckDB
session (even a read-only one) keeps every other process out. Loads run under the Prefect writer
limit (tasks.writer_slot); the other sessions are short and wait for the file lock (WRITER_WAIT).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from eventpipe.schemas import Document
from eventpipe.warehouse.connect import open_reader, open_writer
from eventpipe.warehouse.load import LoadStats, begin_run, finish_run, load_parquet
from eventpipe.warehouse.reference import load_codebook, load_dictionary

WRITER_WAIT = 30.0   # seconds to wait for another process (an analyst's session) to let go
TABLES = ("documents", "events", "event_mentions", "quarantine", "runs", "actors", "cameo_codes")


@contextmanager
def writer(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_writer(db, wait=WRITER_WAIT)
    try:
        yield con
    finally:
        con.close()


def prepare(db: Path, run_id: str, inputs: Sequence[str], dictionary_version: str) -> None:
    """Create or migrate the warehouse, refresh the codebook and actor tables, record the run."""
    from eventpipe.coding.actors import load_actor_dictionary
    from eventpipe.coding.codebook import load_codebook as read_codebook

    actors = load_actor_dictionary()
    with writer(db) as con:
        load_codebook(con, read_codebook())
        load_dictionary(con, actors.countries, actors.organizations, actors.people, actors.agents,
                        dictionary_version=actors.version)
        begin_run(con, run_id, list(inputs), dictionary_version)


def already_loaded(db: Path, documents: Sequence[Document], dictionary_version: str) -> set[str]:
    """The doc_ids among `documents` stored with the same text and dictionary version."""
    candidates = pa.table({"doc_id": [d.doc_id for d in documents],
                           "content_hash": [d.content_hash for d in documents]})
    with writer(db) as con:
        con.register("_candidates", candidates)
        rows = con.execute("""
            SELECT c.doc_id FROM _candidates AS c JOIN main.documents AS d USING (doc_id)
            WHERE d.content_hash = c.content_hash AND d.dictionary_version = $version
        """, {"version": dictionary_version}).fetchall()
        con.unregister("_candidates")
    return {doc_id for (doc_id,) in rows}


def stored_documents(db: Path, dictionary_version: str, *, after: str, limit: int,
                     everything: bool = False) -> list[Document]:
    """Stored documents in doc_id order after `after`: those coded with another dictionary version
    (or all of them)."""
    with writer(db) as con:
        rows = con.execute("""
            SELECT doc_id, text, title, published_at, source, url FROM main.documents
            WHERE doc_id > $after AND ($everything OR dictionary_version IS DISTINCT FROM $version)
            ORDER BY doc_id LIMIT $limit
        """, {"after": after, "everything": everything, "version": dictionary_version,
              "limit": limit}).fetchall()
    return [Document(doc_id=doc_id, text=text, title=title, published_at=published, source=source, url=url)
            for doc_id, text, title, published, source, url in rows]


def load(db: Path, shards: Sequence[Path], run_id: str) -> LoadStats:
    """Merge coded shards in one transaction."""
    with writer(db) as con:
        return load_parquet(con, list(shards), run_id)


def finish(db: Path, run_id: str, status: str) -> None:
    with writer(db) as con:
        finish_run(con, run_id, status)


@dataclass(frozen=True, slots=True)
class Contents:
    """What the warehouse holds, for the end of `eventpipe run`."""

    path: Path
    rows: dict[str, int]
    events_by_kind: dict[str, int]
    first_day: dt.date | None
    last_day: dt.date | None


def contents(db: Path) -> Contents:
    con = open_reader(db)
    try:
        rows = {t: con.execute(f"SELECT count(*) FROM main.{t}").fetchone()[0] for t in TABLES}  # noqa: S608 - fixed names
        kinds = dict(con.execute("SELECT kind, count(*) FROM main.events GROUP BY kind ORDER BY 2 DESC, 1").fetchall())
        first, last = con.execute("SELECT min(event_date), max(event_date) FROM main.events").fetchone()
    finally:
        con.close()
    return Contents(Path(db).resolve(), rows, kinds, first, last)
