"""One batch file in, one Parquet shard out: the coding step, as a plain function.

It runs wherever the coding tasks run (a thread of the flow's process, or a Dask worker) and keeps
one Coder per process. A document that breaks the coder is quarantined (stage `code`) and left out
of the shard, so it is neither loaded nor counted as done: a rerun tries it again. So is a document
whose events the warehouse cannot hold (stage `load`; say a count beyond 32 bits): one such
document must not sink the batch, which would fail the same way on every rerun.
"""
from __future__ import annotations

import functools
import hashlib
import shutil
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from eventpipe.coding.command import code_documents
from eventpipe.schemas import Document, Event, QuarantineItem, Stage
from eventpipe.warehouse.arrow import to_batch
from eventpipe.warehouse.checkpoints import checkpoint
from eventpipe.warehouse.load import write_shard

from .staging import BatchSpec, read_batch


class CoderMismatch(RuntimeError):
    """A worker whose coder (source or dictionaries) differs from the flow's: it would code the
    batch differently from the rest of the run."""


@dataclass(frozen=True, slots=True)
class ShardSummary:
    """What a coding task returns: where its shard is and what is in it, in a few numbers."""

    key: str
    shard: Path
    inputs: Path
    documents: int                 # documents in the shard (coded)
    events: int
    quarantined: int               # quarantined items in the shard, coding failures included
    not_coded: int                 # documents left out of the shard, quarantined: the coder failed, or
                                   # the warehouse could not store their events
    seconds: float
    events_by_kind: dict[str, int] = field(default_factory=dict)
    # (event date or "undated", kind, location country or "") -> events
    events_by_day: dict[tuple[str, str, str], int] = field(default_factory=dict)


@functools.cache
def coder_fingerprint() -> str:
    """A hash of the coder's source files and dictionary version: processes with the same
    fingerprint code alike."""
    import eventpipe.coding
    from eventpipe.coding.coder import dictionary_version

    digest = hashlib.sha256(dictionary_version().encode())
    for path in sorted(Path(eventpipe.coding.__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def coder():
    coder_fingerprint()  # of the source as it is imported
    from eventpipe.coding.coder import Coder

    return Coder()


def code_batch(spec: BatchSpec, expected_coder: str | None = None) -> ShardSummary:
    """Code the batch at spec.inputs and write its shard at spec.shard (replacing a partial one).
    `expected_coder` is the flow's coder_fingerprint(): a worker with another coder refuses."""
    started = time.perf_counter()
    documents, quarantine = read_batch(spec.inputs)
    the_coder = coder()
    if the_coder.version != spec.dictionary_version or expected_coder not in (None, coder_fingerprint()):
        raise CoderMismatch(
            f"this process's coder ({coder_fingerprint()}, dictionaries {the_coder.version}) differs from "
            f"the flow's ({expected_coder}, dictionaries {spec.dictionary_version}) for batch {spec.key}: "
            f"install the same eventpipe (data/ included) on every worker")
    checkpoint("code.started")
    coded, failed = code_documents(the_coder, documents)
    checkpoint("code.coded")
    if spec.shard.exists():  # left by an attempt that failed after writing
        shutil.rmtree(spec.shard)

    def write() -> None:
        write_shard(spec.shard, [d for d, _ in coded], [e for _, found in coded for e in found],
                    [*quarantine, *failed], spec.dictionary_version)

    try:
        write()
    except (pa.ArrowException, OverflowError):  # raised before anything is written
        coded, refused = storable(coded, spec.dictionary_version)
        failed += refused
        write()
    events = [e for _, found in coded for e in found]
    checkpoint("code.shard-written")
    return ShardSummary(
        key=spec.key, shard=spec.shard, inputs=spec.inputs, documents=len(coded), events=len(events),
        quarantined=len(quarantine) + len(failed), not_coded=len(failed),
        seconds=time.perf_counter() - started,
        events_by_kind=dict(Counter(e.kind for e in events)),
        events_by_day=dict(Counter(_day_kind_country(e) for e in events)),
    )


def storable(coded: Sequence[tuple[Document, list[Event]]], version: str
             ) -> tuple[list[tuple[Document, list[Event]]], list[QuarantineItem]]:
    """The coded documents whose events convert to the warehouse's tables, and the others quarantined."""
    kept: list[tuple[Document, list[Event]]] = []
    refused: list[QuarantineItem] = []
    for document, events in coded:
        try:
            to_batch([document], events, [], version)
            kept.append((document, events))
        except (pa.ArrowException, OverflowError) as problem:
            refused.append(QuarantineItem(stage=Stage.load, reason=f"the warehouse cannot store its events: "
                                                                   f"{problem}"[:500],
                                          doc_id=document.doc_id, content_hash=document.content_hash,
                                          excerpt=document.text[:200]))
    return kept, refused


def _day_kind_country(event: Event) -> tuple[str, str, str]:
    day = event.event_date.isoformat() if event.event_date else "undated"
    country = event.location.country if event.location and event.location.country else ""
    return day, event.kind, country
