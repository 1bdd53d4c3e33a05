"""`eventpipe code`: documents in, one JSON event per line out (CONTRACT.md).

Standard output carries events only; progress, warnings and bad inputs go to standard error.
The exit status is 0 unless no document could be read at all.
"""
from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterator
from itertools import islice
from typing import TextIO

from eventpipe.schemas import Document, QuarantineItem

from .documents import read_inputs

BATCH = 200
PROGRESS_EVERY = 5.0  # seconds


def code_command(inputs: list[str], *, published: str | None = None,
                 out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        anchor = dt.date.fromisoformat(published) if published else None
    except ValueError:
        print(f"eventpipe code: --published {published!r} is not YYYY-MM-DD", file=err)
        return 2
    from .coder import Coder  # loads the dictionaries: after the arguments are known to be good

    coder = Coder()
    documents = bad = events = 0
    started = last_report = time.monotonic()
    items = read_inputs(inputs, published=anchor)
    for batch in _batches(items, err):
        for document, coded in _code_batch(coder, batch, err):
            documents += 1
            for event in coded:
                out.write(event.to_json())
                out.write("\n")
            events += len(coded)
        bad += sum(1 for item in batch if isinstance(item, QuarantineItem))
        now = time.monotonic()
        if now - last_report > PROGRESS_EVERY:
            rate = documents / (now - started)
            print(f"eventpipe code: {documents:,} documents, {events:,} events ({rate:,.0f} documents/s)", file=err)
            last_report = now
    out.flush()
    seconds = time.monotonic() - started
    print(f"eventpipe code: {documents:,} documents coded, {events:,} events, {bad:,} inputs skipped "
          f"({seconds:.1f} s)", file=err)
    if documents == 0:
        print("eventpipe code: no document could be read", file=err)
        return 1
    return 0


def _batches(items: Iterator[Document | QuarantineItem], err: TextIO) -> Iterator[list[Document | QuarantineItem]]:
    while batch := list(islice(items, BATCH)):
        for item in batch:
            if isinstance(item, QuarantineItem):
                where = item.path or "<input>"
                if item.line:
                    where += f":{item.line}"
                print(f"eventpipe code: skipped {where}: {item.reason}", file=err)
        yield batch


def _code_batch(coder, batch, err: TextIO):
    """Code a batch in one pass; if a document breaks the coder, go on one by one from there, so
    one bad document costs only itself."""
    documents = [item for item in batch if isinstance(item, Document)]
    done = 0
    try:
        for pair in coder.code(documents):
            done += 1
            yield pair
    except Exception:  # noqa: BLE001
        for document in documents[done:]:
            try:
                yield document, coder.code_document(document)
            except Exception as problem:  # noqa: BLE001
                print(f"eventpipe code: could not code {document.doc_id}: {problem!r}", file=err)
