"""The `eventpipe` command line: one entry point, a subcommand per job.

`code`, `codebook` and `schema` stay on the pure side and never import Prefect; the database
commands import only the warehouse; `run` and `serve` bring in Prefect.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_DB = "eventpipe.duckdb"


def default_db() -> str:
    return os.environ.get("EVENTPIPE_DB") or DEFAULT_DB


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=default_db(), metavar="PATH",
                   help=f"DuckDB file (default: $EVENTPIPE_DB, else ./{DEFAULT_DB})")


def _add_output(p: argparse.ArgumentParser) -> None:
    """How `sql` and `query` print their result, and how long they wait for a running load."""
    p.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table",
                   help="table (default; long values shortened), csv, json (one object per line), parquet")
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output (needed for parquet)")
    p.add_argument("--wait", type=float, default=5.0, metavar="SECONDS",
                   help="how long to wait for a running load to release the database (default: 5)")


def _cmd_code(args: argparse.Namespace) -> int:
    from eventpipe.coding.command import code_command

    return code_command(args.inputs, published=args.published)


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from eventpipe.schemas import Document, Event

    models = {"document": Document, "event": Event}
    chosen = [args.which] if args.which else list(models)
    out = {name: models[name].model_json_schema() for name in chosen}
    print(json.dumps(out if len(out) > 1 else out[chosen[0]], indent=2))
    return 0


def _cmd_codebook(args: argparse.Namespace) -> int:
    from eventpipe.coding.codebook import codebook_command

    return codebook_command(args.code, search=args.search)


def _cmd_run(args: argparse.Namespace) -> int:
    from eventpipe.flows.commands import run_command

    return run_command(args)


def _cmd_serve(args: argparse.Namespace) -> int:
    from eventpipe.flows.commands import serve_command

    return serve_command(args)


def _cmd_sql(args: argparse.Namespace) -> int:
    from eventpipe.warehouse.commands import sql_command

    return sql_command(args)


def _cmd_query(args: argparse.Namespace) -> int:
    from eventpipe.warehouse.commands import query_command

    return query_command(args)


def _cmd_export(args: argparse.Namespace) -> int:
    from eventpipe.warehouse.commands import export_command

    return export_command(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventpipe",
        description="Code who did what to whom, when and where, from raw news; load it into DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("code", help="code documents to events as JSONL on standard output (CONTRACT.md)",
                       description="Read documents (.jsonl, .txt, folders, or - for standard input) and "
                                   "write one JSON event per line to standard output.")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders; none or - reads standard input")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for documents that lack one")
    p.set_defaults(handler=_cmd_code)

    p = sub.add_parser("run", help="ingest documents into the database with the Prefect flow",
                       description="Discover, code and load documents into DuckDB (the ingest flow). "
                                   "With no paths, codes the bundled sample articles. Documents already "
                                   "loaded with the same text and dictionaries are skipped, so a rerun "
                                   "resumes a failed run. --since/--until backfill a date range of one "
                                   "folder tree; --recode codes the stored documents again.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files (.jsonl, .txt, .csv) or folders (default: the sample articles)")
    _add_db(p)
    p.add_argument("--batch-size", type=int, metavar="N", help="documents per coding task (default: 1000)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="code on Dask: 'local' starts a local cluster, or a scheduler address such as "
                        "tcp://10.0.0.5:8786 (workers need eventpipe installed and the --staging folder)")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes for --dask local (default: one per core)")
    p.add_argument("--staging", type=Path, metavar="DIR",
                   help="folder for batch files and Parquet shards (default: <db>.staging; shared storage on a cluster)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="backfill: first publication date to include")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="backfill: last publication date to include")
    p.add_argument("--recode", action="store_true",
                   help="recode the stored documents coded with other dictionaries (after a change in data/)")
    p.set_defaults(handler=_cmd_run)

    p = sub.add_parser("serve", help="serve the scheduled deployments against a Prefect server",
                       description="Serve prefect.yaml's deployments (the inbox ingest on its cron "
                                   "schedule, backfill and recode on demand) against the Prefect server "
                                   "in PREFECT_API_URL. Runs until interrupted.")
    p.add_argument("--db", type=Path, metavar="PATH", help="database for every deployment (default: as in prefect.yaml)")
    p.add_argument("--inbox", type=Path, metavar="DIR", help="inbox folder of the inbox deployment (default: as in prefect.yaml)")
    p.add_argument("--deployments", type=Path, metavar="FILE",
                   help="the deployments file (default: ./prefect.yaml, else the repository's)")
    p.add_argument("--only", action="append", metavar="NAME", help="serve only this deployment (repeatable)")
    p.set_defaults(handler=_cmd_serve)

    p = sub.add_parser("sql", help="run read-only SQL against the database",
                       description="Run one read-only statement (SELECT, EXPLAIN, PRAGMA, CALL) and print "
                                   "its result. Writes are refused.")
    p.add_argument("statement", help='e.g. "SELECT kind, count(*) FROM events GROUP BY ALL"')
    _add_output(p)
    _add_db(p)
    p.set_defaults(handler=_cmd_sql)

    p = sub.add_parser("query", help="run a named analyst query from sql/queries/",
                       description="Run an analyst query from sql/queries/ with bound parameters. "
                                   "Without NAME, list the queries and their parameters.")
    p.add_argument("name", nargs="?", help="query name; omit to list them")
    p.add_argument("--param", action="append", metavar="NAME=VALUE",
                   help="a query parameter, e.g. --param country=UKR (repeat for more)")
    _add_output(p)
    _add_db(p)
    p.set_defaults(handler=_cmd_query)

    p = sub.add_parser("export", help="export events shaped like ACLED or GDELT 2.0",
                       description="Write asserted events with ACLED's or GDELT 2.0's column names and "
                                   "order (NULL where eventpipe has no value).")
    p.add_argument("--style", choices=["acled", "gdelt-events", "gdelt-mentions"], required=True,
                   help="acled, gdelt-events or gdelt-mentions")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv", help="csv (default) or parquet")
    p.add_argument("--out", metavar="FILE", help="output file (default for csv: standard output)")
    p.add_argument("--wait", type=float, default=5.0, metavar="SECONDS",
                   help="how long to wait for a running load to release the database (default: 5)")
    _add_db(p)
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser("schema", help="print the JSON Schema of the input document and the event")
    p.add_argument("which", nargs="?", choices=["document", "event"], help="only this one")
    p.set_defaults(handler=_cmd_schema)

    p = sub.add_parser("codebook", help="look up a CAMEO code: eventpipe codebook 1622")
    p.add_argument("code", nargs="?", help="CAMEO code, e.g. 041 or 1952")
    p.add_argument("--search", metavar="TEXT", help="find codes whose name contains TEXT")
    p.set_defaults(handler=_cmd_codebook)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `eventpipe code ... | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
