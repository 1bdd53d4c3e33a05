"""Inputs to batches: documents read once, new ones written to batch files that coding tasks read.

Batches are content-addressed: a batch's key is a hash of its documents (id and text hash), its
quarantined items and the dictionary version. The same documents coded with the same dictionaries
get the same key, the same input file and the same shard path, which is what makes a rerun after a
failure cheap (cached shards are reused) and what the coding task's cache is keyed on.

Inputs are read in windows of WINDOW items so memory stays flat on a large backfill; for each
window the warehouse says which documents it already holds with the same text and dictionary
version, and those are skipped. Input files themselves are never moved or changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from eventpipe.coding.documents import Item, Repeat
from eventpipe.schemas import Document, QuarantineItem
from eventpipe.warehouse.checkpoints import checkpoint

WINDOW = 10_000


@dataclass(frozen=True, slots=True)
class BatchSpec:
    """One coding task's work, by reference: what crosses the task boundary."""

    key: str
    inputs: Path               # JSON lines: {"document": {...}} or {"quarantined": {...}}
    shard: Path                # where the coded batch goes (warehouse.write_shard)
    documents: int
    quarantined: int
    dictionary_version: str


@dataclass(frozen=True, slots=True)
class StagePlan:
    batches: tuple[BatchSpec, ...]
    read: int          # documents read
    skipped: int       # already in the warehouse with the same text and dictionary version
    outside: int       # outside the requested date range
    quarantined: int   # inputs that could not be read or parsed
    repeated: int = 0  # inputs read twice in the run (the same document or bad item): counted once

    @property
    def documents(self) -> int:
        """Documents to code."""
        return sum(b.documents for b in self.batches)


def batch_key(documents: Sequence[Document], quarantine: Sequence[QuarantineItem], version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for document in documents:
        digest.update(f"\nd {document.doc_id} {document.content_hash}".encode())
    for item in quarantine:
        digest.update(b"\nq " + item.model_dump_json().encode())
    return digest.hexdigest()[:24]


def stage(items: Iterable[Item], staging: Path, batch_size: int, version: str, *,
          loaded: Callable[[Sequence[Document]], set[str]] | None = None,
          keep: Callable[[Document], bool] | None = None) -> StagePlan:
    """Write the new documents of `items` as batch files under `staging`.

    `loaded(documents)` returns the doc_ids among them the warehouse already holds with the same
    content hash and dictionary version; `keep(document)` filters (a date range)."""
    batches: list[BatchSpec] = []
    read = skipped = outside = quarantined = repeated = 0
    iterator = iter(items)
    while window := list(islice(iterator, WINDOW)):
        documents = [i for i in window if isinstance(i, Document)]
        bad = [i for i in window if isinstance(i, QuarantineItem)]
        read += len(documents)
        quarantined += len(bad)
        repeated += sum(1 for i in window if isinstance(i, Repeat))
        if keep is not None:
            kept = [d for d in documents if keep(d)]
            outside += len(documents) - len(kept)
            documents = kept
        if loaded is not None and documents:
            known = loaded(documents)
            skipped += sum(1 for d in documents if d.doc_id in known)
            documents = [d for d in documents if d.doc_id not in known]
        for chunk, extra in _chunks(documents, bad, batch_size):
            batches.append(write_batch(staging, chunk, extra, version))
    return StagePlan(tuple(batches), read, skipped, outside, quarantined, repeated)


def _chunks(documents: list[Document], bad: list[QuarantineItem],
            size: int) -> Iterator[tuple[list[Document], list[QuarantineItem]]]:
    """Batches of `size` documents; the window's quarantined items ride with its first batch."""
    if not documents:
        if bad:
            yield [], bad
        return
    for start in range(0, len(documents), size):
        yield documents[start:start + size], bad if start == 0 else []


def write_batch(staging: Path, documents: Sequence[Document], quarantine: Sequence[QuarantineItem],
                version: str) -> BatchSpec:
    key = batch_key(documents, quarantine, version)
    inputs = staging / "inputs" / f"{key}.jsonl"
    if not inputs.exists():  # the same key is the same content: an earlier run's file will do
        lines = [json.dumps({"document": d.model_dump(mode="json")}) for d in documents]
        lines += [json.dumps({"quarantined": q.model_dump(mode="json")}) for q in quarantine]
        _write_atomically(inputs, "".join(line + "\n" for line in lines))
    return BatchSpec(key=key, inputs=inputs, shard=staging / "shards" / key, documents=len(documents),
                     quarantined=len(quarantine), dictionary_version=version)


def read_batch(path: Path) -> tuple[list[Document], list[QuarantineItem]]:
    documents: list[Document] = []
    quarantine: list[QuarantineItem] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "document" in record:
                documents.append(Document.model_validate(record["document"]))
            else:
                quarantine.append(QuarantineItem.model_validate(record["quarantined"]))
    return documents, quarantine


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        checkpoint("stage.batch-scratch")
        os.replace(scratch, path)
        checkpoint("stage.batch-written")
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
