"""The part every flow shares once its batches are staged: code them on the task runner, load the
shards in groups through the single writer, report.

Coding tasks go to the coding runner: a one-thread pool in the flow's process by default (one
Coder, one core), or a Dask cluster (`dask="local"` or a scheduler address) where each worker
process keeps its own Coder and writes its shards to the staging folder. Loads always run here, in
the flow's process, one group of shards per transaction, as coding results come in.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.client.orchestration import get_client
from prefect.futures import as_completed
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from eventpipe.warehouse.checkpoints import checkpoint
from eventpipe.warehouse.load import LoadStats

from .params import RunParams
from .report import RunSummary, day_table, markdown, progress, summarize
from .shards import ShardSummary, coder_fingerprint
from .staging import StagePlan
from .tasks import code_batch_task, finish_run, load_shards

PROGRESS_EVERY = 5.0  # seconds between progress lines


class RunFailed(RuntimeError):
    """Some batches or loads failed; the rest is loaded. Carries the run's summary."""

    def __init__(self, summary: RunSummary):
        super().__init__(summary.problem())
        self.summary = summary


@contextmanager
def api_for_workers() -> Iterator[None]:
    """Dask workers are other processes and learn the API from the settings this flow passes them:
    without an explicit URL (a temporary server) each would start a temporary server of its own."""
    if get_current_settings().api.url:
        yield
        return
    with get_client(sync_client=True) as client:
        url = str(client.api_url)
    with temporary_settings({PREFECT_API_URL: url}):
        yield


def coding_runner(params: RunParams) -> TaskRunner:
    if params.dask is None:
        return ThreadPoolTaskRunner(max_workers=1)  # the coder is CPU-bound: threads would not help
    from prefect_dask import DaskTaskRunner

    if params.dask == "local":
        return DaskTaskRunner(cluster_kwargs={
            "n_workers": params.workers or os.cpu_count() or 1, "threads_per_worker": 1,
            "processes": True, "dashboard_address": ":0"})
    return DaskTaskRunner(address=params.dask)


class Loader:
    """Coded shards wait here until about `load_size` documents are ready, then load together in
    one transaction (DuckDB prefers few large loads to many small ones)."""

    def __init__(self, db: Path, run_id: str, load_size: int):
        self.db, self.run_id, self.load_size = db, run_id, load_size
        self.pending: list[ShardSummary] = []
        self.loads: list[LoadStats] = []
        self.failures: list[str] = []
        self.seconds = 0.0

    def add(self, shard: ShardSummary) -> None:
        self.pending.append(shard)
        if sum(s.documents for s in self.pending) >= self.load_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        clock = time.perf_counter()
        try:
            self.loads.append(load_shards(self.db, [s.shard for s in self.pending], self.run_id))
            checkpoint("loader.loaded")
            _clean_up(self.pending)
            checkpoint("loader.cleaned")
        except Exception as problem:  # noqa: BLE001 - reported; the shards stay for the rerun
            self.failures.append(f"loading {len(self.pending)} shard(s) failed: {problem}")
        self.seconds += time.perf_counter() - clock
        self.pending = []


def code_and_load(flow: str, params: RunParams, plan: StagePlan, run_id: str, version: str,
                  started: float, stage_seconds: float) -> RunSummary:
    """Code the plan's batches, load their shards, record the run's end, publish the artifacts.
    Raises RunFailed (after loading everything that succeeded) if a batch or a load failed."""
    logger = get_run_logger()
    loader = Loader(params.db, run_id, params.load_size)
    coded: list[ShardSummary] = []
    failures: list[str] = []
    # A cached summary is good only while its shard is on disk (a load deletes it).
    fresh = code_batch_task.with_options(refresh_cache=True)
    done = 0
    clock = last_report = time.perf_counter()
    with api_for_workers(), coding_runner(params) as runner:
        expected = coder_fingerprint()
        futures = {runner.submit(code_batch_task if spec.shard.exists() else fresh,
                                 {"spec": spec, "expected_coder": expected}): spec
                   for spec in plan.batches}
        for future in as_completed(list(futures)):
            spec = futures[future]
            future.wait()  # sets the final state; `state` alone may read a stale one from the API
            if future.state.is_completed():
                coded.append(future.result())
                loader.add(coded[-1])
            else:
                failures.append(f"batch {spec.key} ({spec.documents:,} documents, {spec.inputs}): "
                                f"{future.state.message}")
            done += spec.documents
            now = time.perf_counter()
            if now - last_report >= PROGRESS_EVERY or done == plan.documents:
                logger.info(progress(done, plan.documents, now - clock))
                last_report = now
        code_seconds = time.perf_counter() - clock - loader.seconds  # loads in between count apart
    loader.flush()
    failures += loader.failures
    _tidy(params.staging_dir, everything=not failures)

    checkpoint("finish.before")
    finish_run(params.db, run_id, "failed" if failures else "succeeded")
    summary = summarize(flow, run_id, str(params.db), version, plan, coded, loader.loads, failures, {
        "stage": stage_seconds, "code": code_seconds, "load": loader.seconds,
        "total": time.perf_counter() - started,
        "coding inside tasks": sum(s.seconds for s in coded)})  # over code: the parallel speed-up
    create_markdown_artifact(markdown=markdown(summary), key=f"{flow}-summary",
                             description=f"{flow} run {run_id}: documents, events by kind, timings")
    create_table_artifact(table=day_table(summary), key=f"{flow}-events-by-day",
                          description="events coded in this run by day, kind and location country")
    logger.info("%s: %s documents coded, %s events, %s quarantined, %s", flow, f"{summary.documents_coded:,}",
                f"{summary.events:,}", f"{summary.quarantined:,}", summary.status)
    if failures:
        raise RunFailed(summary)
    return summary


def _clean_up(loaded: list[ShardSummary]) -> None:
    """Loaded shards and their batch files are no longer needed."""
    for summary in loaded:
        shutil.rmtree(summary.shard, ignore_errors=True)
        summary.inputs.unlink(missing_ok=True)


def _tidy(staging: Path, everything: bool) -> None:
    """Remove the staging folder when it is empty. After a run without failures, also what earlier
    runs left behind (a killed run's half-written files, shards it loaded but did not delete): this
    run holds the warehouse's run lock, so no other run is using them, and everything they held is
    loaded or will be staged again from the inputs. After a failure, the batches stay for the rerun."""
    for folder in (staging / "shards", staging / "inputs"):
        if everything:
            shutil.rmtree(folder, ignore_errors=True)
    for folder in (staging / "shards", staging / "inputs", staging):
        try:
            folder.rmdir()
        except OSError:  # not empty, or not there
            pass
