"""Bring a database to the current schema by running the numbered DDL files of sql/ that it lacks.

`sql/NNN_name.sql` is schema version NNN. Each file runs once, in its own transaction, and is then
recorded in `schema_version`; running `migrate` again does nothing. A change to the schema is a new
file, never an edit of an applied one.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources

import duckdb

from .checkpoints import checkpoint

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL   -- UTC
)"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """The DDL files of the eventpipe.sql package, in version order."""
    found = []
    for entry in resources.files("eventpipe.sql").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two sql/ files share a schema version: {versions}")
    return found


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied schema version; 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND NOT temporary"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def latest_version() -> int:
    return max((m.version for m in migrations()), default=0)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the missing migrations; return the versions applied (empty when already current)."""
    con.execute(_VERSION_TABLE).fetchall()
    have = current_version(con)
    applied = []
    for migration in migrations():
        if migration.version <= have:
            continue
        con.execute("BEGIN TRANSACTION").fetchall()
        try:
            con.execute(migration.sql).fetchall()
            con.execute(
                "INSERT INTO schema_version VALUES ($version, $name, $at)",
                {"version": migration.version, "name": migration.name,
                 "at": dt.datetime.now(dt.UTC).replace(tzinfo=None)},
            ).fetchall()
            con.execute("COMMIT").fetchall()
            checkpoint("migrate.applied")
        except BaseException:
            con.execute("ROLLBACK").fetchall()
            raise
        applied.append(migration.version)
    return applied
