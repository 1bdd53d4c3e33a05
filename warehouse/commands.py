"""`eventpipe sql`, `eventpipe query` and `eventpipe export`: read-only views of the warehouse.

All three open the database read-only (see connect.open_reader), wait up to --wait seconds for a
running load to release it, and report problems as one clear line on standard error with exit
status 1, never as a traceback.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

import duckdb

from . import output, queries
from .connect import WarehouseError, open_reader
from .migrate import current_version, latest_version

# Statement types a read-only command runs; everything else is refused before it reaches DuckDB.
READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA", "CALL"})

EXPORT_VIEWS = {
    "acled": "export_acled",
    "gdelt-events": "export_gdelt_events",
    "gdelt-mentions": "export_gdelt_mentions",
}
BATCH_ROWS = 100_000


class CommandError(Exception):
    pass


def _fail(command: str, message: str) -> int:
    print(f"eventpipe {command}: {message}", file=sys.stderr)
    return 1


def _open(args: argparse.Namespace) -> duckdb.DuckDBPyConnection:
    con = open_reader(args.db, wait=args.wait)
    have, want = current_version(con), latest_version()
    if have == 0:
        con.close()
        raise CommandError(f"{args.db} is not an eventpipe warehouse (no schema_version table)")
    if have < want:
        con.close()
        raise CommandError(f"{args.db} has schema version {have}, this eventpipe reads {want}; "
                           f"the next load (eventpipe run) migrates it")
    return con


def _emit(con: duckdb.DuckDBPyConnection, sql: object, params: dict | None, args: argparse.Namespace) -> int:
    reader = con.sql(sql, params=params or None).to_arrow_reader(BATCH_ROWS)
    rows = output.write(reader, args.format, args.out)
    counted = f"{rows} row{'' if rows == 1 else 's'}"
    if args.format != "table" or args.out not in (None, "-"):
        where = "standard output" if args.out in (None, "-") else args.out
        print(f"{counted} to {where}", file=sys.stderr)
    else:
        print(f"({counted})", file=sys.stderr)
    return rows


def _run(command: str, args: argparse.Namespace, work) -> int:
    """Open, work, close; turn every expected failure into one line and exit status 1."""
    try:
        if args.format == "parquet" and args.out in (None, "-"):
            raise CommandError("--format parquet needs --out FILE")
        con = _open(args)
        try:
            work(con)
        finally:
            con.close()
        return 0
    except (WarehouseError, CommandError, ValueError, KeyError) as exc:
        return _fail(command, exc.args[0] if exc.args else str(exc))
    except duckdb.Error as exc:
        return _fail(command, str(exc))
    except OSError as exc:
        return _fail(command, f"cannot write {args.out}: {exc.strerror or exc}")


def _check_read_only(statements: Iterable[object]) -> None:
    for statement in statements:
        kind = statement.type.name
        if kind not in READ_STATEMENTS:
            raise CommandError(f"the database is read-only here: {kind} statements are refused "
                               f"(only SELECT-like queries run; loads go through `eventpipe run`)")


def sql_command(args: argparse.Namespace) -> int:
    def work(con: duckdb.DuckDBPyConnection) -> None:
        try:
            statements = con.extract_statements(args.statement)
        except duckdb.Error as exc:
            raise CommandError(str(exc)) from None
        if len(statements) != 1:
            raise CommandError(f"give one statement, not {len(statements)}")
        _check_read_only(statements)
        _emit(con, statements[0], None, args)

    return _run("sql", args, work)


def _params(pairs: list[str] | None) -> dict[str, str]:
    given = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CommandError(f"--param {pair!r}: write NAME=VALUE, e.g. --param country=UKR")
        given[name.strip().lstrip("$")] = value
    return given


def _list_queries() -> int:
    for query in queries.queries().values():
        print(f"{query.name:<24}{query.summary}")
        for param in query.params:
            print(f"{'':<26}${param.name}  {param.description}")
    print("\nrun one with: eventpipe query NAME --param NAME=VALUE ...")
    return 0


def query_command(args: argparse.Namespace) -> int:
    if not args.name:
        try:
            return _list_queries()
        except ValueError as exc:
            return _fail("query", str(exc))

    def work(con: duckdb.DuckDBPyConnection) -> None:
        query = queries.get(args.name)
        bound = query.bind(_params(args.param))
        _emit(con, query.sql, bound, args)

    return _run("query", args, work)


def export_command(args: argparse.Namespace) -> int:
    view = EXPORT_VIEWS[args.style]

    def work(con: duckdb.DuckDBPyConnection) -> None:
        _emit(con, f"SELECT * FROM {view}", None, args)

    return _run("export", args, work)
