"""`eventpipe run` and `eventpipe serve`: the flows from the command line.

`run` checks its parameters before Prefect is imported (a mistake costs no server start), runs one
flow in this process (against PREFECT_API_URL, or a temporary local Prefect server), shows progress
on standard error and ends with a one-screen summary on standard output: what the run did, where
the database is, what it holds and how to query it. Exit status: 0 succeeded, 1 the run failed,
2 bad parameters.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from importlib import resources
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from .params import BackfillParams, IngestParams, RecodeParams, RunParams, explain

TOP_KINDS = 8


def sample_articles() -> Path:
    return Path(str(resources.files("eventpipe.data"))) / "samples" / "articles.jsonl"


def build_params(args: argparse.Namespace) -> tuple[str, RunParams]:
    """The flow to run and its parameters, from `eventpipe run`'s arguments."""
    common = {"db": args.db, "batch_size": args.batch_size, "dask": args.dask, "workers": args.workers,
              "staging": args.staging}
    common = {k: v for k, v in common.items() if v is not None}
    if args.recode:
        if args.paths or args.since or args.until:
            raise _Usage("--recode codes the stored documents again; it takes no paths, --since or --until")
        return "recode", RecodeParams(**common)
    if args.since or args.until:
        if len(args.paths) != 1:
            raise _Usage("--since/--until backfill one folder tree: give exactly one folder")
        return "backfill", BackfillParams(root=args.paths[0], start=args.since, end=args.until, **common)
    return "ingest", IngestParams(paths=args.paths or [sample_articles()], **common)


class _Usage(ValueError):
    """Arguments that do not go together."""


def run_command(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        name, params = build_params(args)
    except ValidationError as problem:
        print(f"eventpipe run: bad parameters, nothing done:\n{_indent(explain(problem))}", file=err)
        return 2
    except _Usage as problem:
        print(f"eventpipe run: {problem}", file=err)
        return 2

    # Dask's INFO lines (scheduler, nannies) drown the progress lines; workers inherit this
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    if not os.environ.get("PREFECT_API_URL"):
        # our own temporary server: it cannot reach the internet, so no telemetry (and no noise)
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    flow = _flow(name)
    from prefect.settings import get_current_settings

    if not get_current_settings().api.url:
        print("eventpipe run: starting a temporary Prefect server for this run (10-20 s); set "
              "PREFECT_API_URL to use a running one", file=err)
    # one line per task run is noise on a long run; progress and problems come from the flow's logger
    logging.getLogger("prefect.task_runs").setLevel(logging.WARNING)
    state = flow(params, return_state=True)
    if state.is_completed():
        summary, failure = state.result(), None
    else:
        failure = state.result(raise_on_failure=False)
        summary = getattr(failure, "summary", None)
    if summary is not None:
        print_summary(summary, out)
    if failure is not None:
        print(f"\neventpipe run: {name} failed: {failure}", file=err)
    print_contents(params.db, out)
    if failure is None and summary is not None and summary.quarantined and not summary.documents_read:
        print(f"\neventpipe run: no document could be read: all {summary.quarantined:,} inputs were quarantined "
              f"(eventpipe query quarantine --db {params.db} says why)", file=err)
        return 1
    return 0 if failure is None else 1


def _flow(name: str):
    if name == "recode":
        from .recode import recode

        return recode
    from .ingest import backfill, ingest

    return {"ingest": ingest, "backfill": backfill}[name]


def print_summary(summary, out: TextIO) -> None:
    s = summary
    kinds = list(s.events_by_kind.items())
    shown = ", ".join(f"{kind} {n:,}" for kind, n in kinds[:TOP_KINDS])
    if len(kinds) > TOP_KINDS:
        shown += f", and {len(kinds) - TOP_KINDS} more kinds"
    skipped = f", {s.documents_outside:,} outside the dates" if s.documents_outside else ""
    repeated = f", {s.inputs_repeated:,} repeated inputs" if s.inputs_repeated else ""
    print(f"{s.flow} {s.status} in {s.seconds.get('total', 0):,.1f} s (run {s.run_id}, dictionaries {s.dictionary_version})",
          file=out)
    print(f"  documents  {s.documents_read:,} read, {s.documents_skipped:,} already loaded{skipped}, "
          f"{s.documents_coded:,} coded, {s.documents_loaded:,} loaded; {s.quarantined:,} inputs quarantined"
          f"{repeated}", file=out)
    print(f"  events     {s.events:,} coded" + (f": {shown}" if shown else ""), file=out)
    print(f"  warehouse  {s.loaded.events_written:,} event rows written, {s.loaded.events_deleted:,} deleted, "
          f"in {s.loaded.transactions:,} load transaction(s)", file=out)
    print("  seconds    " + ", ".join(f"{k} {v:,.1f}" for k, v in s.seconds.items()), file=out)


def print_contents(db: Path, out: TextIO) -> None:
    from eventpipe.warehouse.connect import WarehouseError

    from .store import contents

    try:
        held = contents(db)
    except WarehouseError as problem:
        print(f"\n{problem}", file=out)
        return
    from .cli import default_db

    db_option = "" if str(db) == default_db() else f" --db {db}"
    kinds = ", ".join(f"{k} {n:,}" for k, n in list(held.events_by_kind.items())[:TOP_KINDS])
    print(f"\nDatabase {held.path} holds", file=out)
    print("  " + ", ".join(f"{table} {n:,}" for table, n in held.rows.items()), file=out)
    if kinds:
        print(f"  events by kind: {kinds}", file=out)
    if held.first_day:
        print(f"  event dates {held.first_day} to {held.last_day}", file=out)
    print("Query it:", file=out)
    print(f'  eventpipe sql "SELECT kind, count(*) AS events FROM events GROUP BY kind ORDER BY events DESC"{db_option}',
          file=out)
    print(f"  eventpipe query{db_option}            (lists the analyst queries and their parameters)", file=out)
    print(f"  eventpipe query quarantine{db_option} (what could not be read, and why)", file=out)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def serve_command(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from . import deployments as deployment_file

    try:
        path = deployment_file.find(args.deployments)
        chosen = [deployment_file.with_overrides(d, _absolute(args.db), _absolute(args.inbox))
                  for d in deployment_file.read(path)]
    except deployment_file.DeploymentError as problem:
        print(f"eventpipe serve: {problem}", file=err)
        return 2
    if args.only:
        unknown = set(args.only) - {d.name for d in chosen}
        if unknown:
            print(f"eventpipe serve: no deployment named {', '.join(sorted(unknown))} in {path}", file=err)
            return 2
        chosen = [d for d in chosen if d.name in args.only]

    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        print("eventpipe serve: PREFECT_API_URL is not set. Start a server (prefect server start) and "
              "point at it: export PREFECT_API_URL=http://127.0.0.1:4200/api", file=err)
        return 2
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        unhealthy = client.api_healthcheck()
    if unhealthy is not None:
        print(f"eventpipe serve: the Prefect server at {url} does not answer ({unhealthy}); is "
              f"`prefect server start` running?", file=err)
        return 1

    print(f"eventpipe serve: serving {len(chosen)} deployment(s) from {path} against {url}", file=out)
    for d in chosen:
        print(f"  {d.flow_name}/{d.name}: {d.schedule_text()}", file=out)
        if d.parameters:
            print(f"    parameters {d.parameters}", file=out)
        if problem := d.problems():
            print(f"    warning: its runs will be refused until this is fixed: {problem}", file=out)
    print(f"Trigger one: prefect deployment run '{chosen[0].flow_name}/{chosen[0].name}'. Stop with Ctrl-C "
          f"(schedules are paused on exit).", file=out)
    out.flush()
    from prefect import serve

    serve(*(deployment_file.runner_deployment(d) for d in chosen), print_starting_message=False)
    return 0


def _absolute(path: Path | None) -> Path | None:
    return None if path is None else path.resolve()
