"""The recode flow: after a dictionary change, code the stored documents again.

Only documents coded with another dictionary version are read (or all, with `everything`), in
doc_id order, a window at a time. Each document's new events replace its old ones as a set; the
warehouse leaves rows it gets back unchanged alone and reports what it wrote and deleted.
"""
from __future__ import annotations

import time

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from .ingest import _version
from .params import RecodeParams
from .report import RunSummary
from .run import code_and_load
from .store import run_lock
from .tasks import prepare_warehouse, stage_stored


@flow(name="recode", description="Recode stored documents after a dictionary change; only changed events move.")
def recode(params: RecodeParams) -> RunSummary:
    version = _version()
    run_id = str(flow_run.id)
    with run_lock(params.db, run_id, waiting=get_run_logger().warning):
        started = time.perf_counter()
        prepare_warehouse(params.db, run_id, [f"recode of {params.db}"], version)
        plan = stage_stored(params, version)
        return code_and_load("recode", params, plan, run_id, version, started, time.perf_counter() - started)
