"""The flows' side of the warehouse: one run at a time, short writer sessions for one step each.

A run holds the warehouse's run lock (`run_lock`, a file lock beside the database) from start to
end, so runs on one warehouse go one after the other: a second run waits for the first, and the
operating system releases the lock of a run that is killed. Within a run, every function opens the
database, does one thing and closes it again, because an open DuckDB session (even a read-only
one) keeps every other process out; each waits for analysts' sessions to let go (WRITER_WAIT).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from eventpipe.schemas import Document
from eventpipe.warehouse.checkpoints import checkpoint
from eventpipe.warehouse.connect import open_reader, open_writer
from eventpipe.warehouse.load import LoadStats, begin_run, close_abandoned_runs, finish_run, load_parquet
from eventpipe.warehouse.reference import load_codebook, load_dictionary

WRITER_WAIT = 30.0   # seconds to wait for another process (an analyst's session) to let go
RUN_WAIT = 3600.0    # seconds a run waits for another run on the same warehouse to finish
LOCK_POLL = 0.25


class RunInProgress(RuntimeError):
    """Another run holds the warehouse and did not finish in time."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


@contextmanager
def run_lock(db: Path, run_id: str, *, wait: float = RUN_WAIT,
             waiting: Callable[[str], object] | None = None) -> Iterator[None]:
    """Hold the warehouse for one run; wait up to `wait` seconds for another run to finish (telling
    `waiting` once), then give up with RunInProgress. The lock file names its holder."""
    path = lock_path(Path(db))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(path)
                if time.monotonic() >= deadline:
                    raise RunInProgress(
                        f"{db} is in use by another eventpipe run ({holder}), which did not finish within "
                        f"{wait:g} s. Runs on one warehouse go one at a time: run this again when that one "
                        f"has finished.") from None
                if not told and waiting is not None:
                    waiting(f"{db} is in use by another eventpipe run ({holder}); waiting for it to finish")
                    told = True
                time.sleep(LOCK_POLL)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"run {run_id}, process {os.getpid()} on {socket.gethostname()}, since {stamp}".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip() or "starting"
    except OSError:
        return "unknown"
TABLES = ("documents", "events", "event_mentions", "quarantine", "runs", "actors", "cameo_codes")


@contextmanager
def writer(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_writer(db, wait=WRITER_WAIT)
    try:
        yield con
    finally:
        con.close()


def prepare(db: Path, run_id: str, inputs: Sequence[str], dictionary_version: str) -> list[str]:
    """Create or migrate the warehouse, refresh the codebook and actor tables, record the run.
    Runs still recorded as running were killed (this run holds the run lock): they are marked
    failed, and their ids returned."""
    from eventpipe.coding.actors import load_actor_dictionary
    from eventpipe.coding.codebook import load_codebook as read_codebook

    actors = load_actor_dictionary()
    with writer(db) as con:
        load_codebook(con, read_codebook())
        checkpoint("prepare.codebook")
        load_dictionary(con, actors.countries, actors.organizations, actors.people, actors.agents,
                        dictionary_version=actors.version)
        abandoned = close_abandoned_runs(con, run_id)
        begin_run(con, run_id, list(inputs), dictionary_version)
        checkpoint("prepare.recorded")
    return abandoned


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
    checkpoint("finish.recorded")


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
