"""Prefect tasks: the plain steps of staging.py, shards.py and store.py with retries, caching and
logging. One task per batch or per warehouse session, never per document.

Retries are for I/O only (files, the database file being busy, a lost worker connection): a bug or
a bad batch fails the same way every time, so it fails at once and the run reports it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
from prefect import get_run_logger, task
from prefect.tasks import exponential_backoff

from eventpipe.coding.documents import read_inputs
from eventpipe.schemas import Document
from eventpipe.warehouse.connect import DatabaseLocked
from eventpipe.warehouse.load import LoadStats

from . import store
from .params import BackfillParams, IngestParams, RecodeParams
from .shards import ShardSummary, code_batch
from .staging import WINDOW, BatchSpec, StagePlan, stage

IO_ERRORS = (OSError, DatabaseLocked, duckdb.IOException, TimeoutError)


def is_io_failure(task, task_run, state) -> bool:
    """retry_condition_fn: retry a failed run only when it failed on I/O."""
    return isinstance(state.result(raise_on_failure=False), IO_ERRORS)


IO_RETRIES = dict(retries=3, retry_delay_seconds=exponential_backoff(backoff_factor=2),
                  retry_jitter_factor=0.5, retry_condition_fn=is_io_failure)


@task(name="prepare-warehouse", **IO_RETRIES)
def prepare_warehouse(db: Path, run_id: str, inputs: list[str], dictionary_version: str) -> None:
    abandoned = store.prepare(db, run_id, inputs, dictionary_version)
    logger = get_run_logger()
    if abandoned:
        logger.warning("runs %s were killed before they finished: marked failed; this run loads what they "
                       "did not", ", ".join(abandoned))
    logger.info("warehouse %s ready; run %s recorded", db, run_id)


@task(name="stage-inputs", **IO_RETRIES)
def stage_inputs(params: IngestParams | BackfillParams, dictionary_version: str) -> StagePlan:
    """Read the inputs, skip what is loaded, write the rest as batch files."""
    if isinstance(params, BackfillParams):
        items = read_inputs([str(params.root)])
        keep = (lambda d: params.in_range(d.published_at)) if params.start or params.end else None
    else:
        items = read_inputs([str(p) for p in params.paths], published=params.published)
        keep = None
    plan = stage(items, params.staging_dir, params.batch_size, dictionary_version,
                 loaded=lambda documents: store.already_loaded(params.db, documents, dictionary_version),
                 keep=keep)
    _log_plan(plan)
    return plan


@task(name="stage-stored", **IO_RETRIES)
def stage_stored(params: RecodeParams, dictionary_version: str) -> StagePlan:
    """Write the stored documents that need recoding as batch files, a window at a time."""
    def documents() -> Iterator[Document]:
        after = ""
        while True:
            page = store.stored_documents(params.db, dictionary_version, after=after, limit=WINDOW,
                                          everything=params.everything)
            yield from page
            if len(page) < WINDOW:
                return
            after = page[-1].doc_id

    plan = stage(documents(), params.staging_dir, params.batch_size, dictionary_version)
    _log_plan(plan)
    return plan


def _log_plan(plan: StagePlan) -> None:
    get_run_logger().info(
        "%s documents read, %s already loaded, %s outside the date range, %s inputs quarantined, %s "
        "repeated: %s to code in %s batches", f"{plan.read:,}", f"{plan.skipped:,}", f"{plan.outside:,}",
        f"{plan.quarantined:,}", f"{plan.repeated:,}", f"{plan.documents:,}", f"{len(plan.batches):,}")


def _batch_key(context, parameters) -> str:
    """Cache key: the batch's content and dictionary version (both in spec.key), the coder's source
    and its shard's place."""
    spec: BatchSpec = parameters["spec"]
    where = hashlib.sha256(str(spec.shard).encode()).hexdigest()[:12]
    return f"eventpipe-code-{spec.key}-{parameters['expected_coder']}-{where}"


@task(name="code-batch", task_run_name="code-{spec.key}", cache_key_fn=_batch_key, persist_result=True,
      cache_expiration=dt.timedelta(days=7), **IO_RETRIES)
def code_batch_task(spec: BatchSpec, expected_coder: str) -> ShardSummary:
    summary = code_batch(spec, expected_coder)
    get_run_logger().info("%s documents -> %s events, %s quarantined (%.1f s)", summary.documents,
                          summary.events, summary.quarantined, summary.seconds)
    return summary


@task(name="load-shards", **IO_RETRIES)
def load_shards(db: Path, shards: list[Path], run_id: str) -> LoadStats:
    """Merge shards into the warehouse in one transaction (the flow holds the run lock)."""
    stats = store.load(db, shards, run_id)
    get_run_logger().info("loaded %s shards: %s documents, %s events written, %s deleted (%.2f s)",
                          len(shards), stats.documents, stats.events_written, stats.events_deleted,
                          stats.total_seconds)
    return stats


@task(name="finish-run", **IO_RETRIES)
def finish_run(db: Path, run_id: str, status: str) -> None:
    store.finish(db, run_id, status)
