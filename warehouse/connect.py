"""Opening the warehouse: one writer (the loader), any number of read-only readers.

DuckDB lets one process hold a database file for writing; while it does, even read-only opens from
other processes fail. Readers therefore wait a little and then give up with `DatabaseLocked`, whose
message tells the analyst what to do instead, never with a raw lock traceback.

New files are written in the storage format of DuckDB 1.4 (`STORAGE_FORMAT`), which DuckDB 1.4, 1.5
and 2.x all read, so analysts' DuckDB command lines can open the warehouse directly.
"""
from __future__ import annotations

import time
from pathlib import Path

import duckdb

# The oldest DuckDB that can open our files. The setting is recorded in the file when it is created;
# later writers keep it.
STORAGE_FORMAT = "v1.4.0"
POLL_SECONDS = 0.2


class WarehouseError(Exception):
    """A problem an analyst can act on; the message says what happened and what to do."""


class DatabaseMissing(WarehouseError):
    pass


class DatabaseLocked(WarehouseError):
    pass


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("conflicting" in text.lower() or "could not set" in text.lower())


def _locked_message(path: Path, waited: float, read_only: bool) -> str:
    if not read_only:
        return (f"{path} is open in another process (a load, or an analyst's DuckDB session) and stayed "
                f"so for {waited:g} s; DuckDB allows one process to write and none to read meanwhile. "
                f"Close the other session and try again.")
    return (f"{path} is locked by another process (a load is running) and stayed locked for "
            f"{waited:g} s; try again when it finishes, or raise --wait. To read while loads run, "
            f"export between loads (eventpipe export --format parquet --out FILE) and query the "
            f"Parquet file with any DuckDB.")


def _connect(path: Path, *, read_only: bool, wait: float, config: dict[str, object]) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise WarehouseError(f"cannot open {path}: {exc}") from None
            if time.monotonic() >= deadline:
                raise DatabaseLocked(_locked_message(path, wait, read_only)) from None
            time.sleep(POLL_SECONDS)


def open_writer(path: str | Path, *, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open (or create) the warehouse for loading and bring its schema up to date."""
    from .migrate import migrate

    path = Path(path)
    config: dict[str, object] = {}
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        config["storage_compatibility_version"] = STORAGE_FORMAT
    con = _connect(path, read_only=False, wait=wait, config=config)
    # Loads need no insertion order (every reader sorts), and without it DuckDB inserts in parallel.
    con.execute("SET preserve_insertion_order = false").fetchall()
    migrate(con)
    return con


def open_reader(path: str | Path, *, wait: float = 5.0) -> duckdb.DuckDBPyConnection:
    """Open an existing warehouse read-only, for analysts' commands.

    Besides read_only, the connection cannot touch the file system (no COPY TO, ATTACH, INSTALL, or
    reading other files) and its settings are locked, so no statement can write anywhere.
    """
    path = Path(path)
    if not path.is_file():
        raise DatabaseMissing(f"no database at {path}; load one with `eventpipe run`, or point --db "
                              f"(or $EVENTPIPE_DB) at an existing file")
    config: dict[str, object] = {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    con = _connect(path, read_only=True, wait=wait, config=config)
    con.execute("SET lock_configuration = true").fetchall()
    return con
