"""The ingest and backfill flows: files and folders -> coded events in the warehouse.

    prepare-warehouse   schema, codebook and actor tables, the run's record (writer limit held)
    stage-inputs        read and validate documents, skip those already loaded with the same text
                        and dictionary version, write the rest as batch files (bad inputs ride along
                        as quarantine items)
    code-batch  x N     one task per batch -> one Parquet shard (cached by content + dictionaries)
    load-shards x M     groups of shards merged in one transaction each (writer limit held)
    finish-run          the run's status; then a markdown summary and an events-by-day table

A run holds the warehouse's run lock throughout (store.run_lock): a second run on the same
warehouse waits for it. A rerun skips what is loaded, so a failed or killed ingest or backfill
resumes where it stopped.
"""
from __future__ import annotations

import time

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from .params import BackfillParams, IngestParams
from .report import RunSummary
from .run import code_and_load
from .store import run_lock
from .tasks import prepare_warehouse, stage_inputs


def _version() -> str:
    from eventpipe.coding.coder import dictionary_version

    return dictionary_version()


@flow(name="ingest", description="Code and load documents from files, folders or an inbox folder.")
def ingest(params: IngestParams) -> RunSummary:
    version = _version()
    run_id = str(flow_run.id)
    with run_lock(params.db, run_id, waiting=get_run_logger().warning):
        started = time.perf_counter()
        prepare_warehouse(params.db, run_id, [str(p) for p in params.paths], version)
        plan = stage_inputs(params, version)
        return code_and_load("ingest", params, plan, run_id, version, started, time.perf_counter() - started)


@flow(name="backfill", description="Code and load a folder tree, optionally a date range of it, in batches; "
                                    "a rerun resumes after a failure.")
def backfill(params: BackfillParams) -> RunSummary:
    version = _version()
    run_id = str(flow_run.id)
    with run_lock(params.db, run_id, waiting=get_run_logger().warning):
        started = time.perf_counter()
        prepare_warehouse(params.db, run_id, [str(params.root)], version)
        plan = stage_inputs(params, version)
        return code_and_load("backfill", params, plan, run_id, version, started, time.perf_counter() - started)
