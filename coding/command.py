"""`eventpipe code`: documents in, one JSON event per line out (CONTRACT.md).

Standard output carries events only. Standard error carries progress, one line per quarantined
input (where it came from, stage, sha256 of its bytes, reason) and a closing count in which every
input appears once: coded, quarantined or repeated. The exit status is 0 unless no document could
be read at all.
"""
from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import BinaryIO, TextIO

from eventpipe.schemas import Document, Event, QuarantineItem, Stage

from .documents import Item, Repeat, read_inputs

BATCH = 200
PROGRESS_EVERY = 5.0  # seconds


def code_command(inputs: list[str], *, published: str | None = None, out: TextIO | None = None,
                 err: TextIO | None = None, stdin: BinaryIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        anchor = dt.date.fromisoformat(published) if published else None
    except ValueError:
        print(f"eventpipe code: --published {published!r} is not YYYY-MM-DD", file=err)
        return 2
    from .coder import Coder  # loads the dictionaries: after the arguments are known to be good

    coder = Coder()
    read = coded = events = repeated = 0
    quarantined: Counter[str] = Counter()   # by stage
    started = last_report = time.monotonic()
    for batch in _batches(read_inputs(inputs, published=anchor, stdin=stdin)):
        documents = [item for item in batch if isinstance(item, Document)]
        read += len(documents)
        repeated += sum(1 for item in batch if isinstance(item, Repeat))
        bad = [item for item in batch if isinstance(item, QuarantineItem)]
        pairs, failed = code_documents(coder, documents)
        for item in bad + failed:
            print(quarantine_line(item), file=err)
            quarantined[item.stage.value] += 1
        for _, found in pairs:
            for event in found:
                out.write(event.to_json())
                out.write("\n")
            events += len(found)
        coded += len(pairs)
        now = time.monotonic()
        if now - last_report > PROGRESS_EVERY:
            rate = coded / (now - started)
            print(f"eventpipe code: {coded:,} documents, {events:,} events ({rate:,.0f} documents/s)", file=err)
            last_report = now
    out.flush()
    seconds = time.monotonic() - started
    stages = ", ".join(f"{stage} {n:,}" for stage, n in sorted(quarantined.items()))
    total = read + sum(quarantined.values()) - quarantined[Stage.code.value] + repeated
    print(f"eventpipe code: {total:,} inputs: {coded:,} documents coded ({events:,} events), "
          f"{sum(quarantined.values()):,} quarantined{f' ({stages})' if stages else ''}, "
          f"{repeated:,} exact repeats skipped ({seconds:.1f} s)", file=err)
    if read == 0:
        print("eventpipe code: no document could be read", file=err)
        return 1
    return 0


def quarantine_line(item: QuarantineItem) -> str:
    """One quarantined input on standard error: where, stage, hash and why."""
    where = item.path or "<input>"
    if item.line:
        where += f":{item.line}"
    if item.doc_id and item.stage == Stage.code:
        where += f" (doc_id {item.doc_id})"
    return (f"eventpipe code: quarantined {where} [stage {item.stage.value}, sha256 "
            f"{item.content_hash or '-'}]: {item.reason}")


def _batches(items: Iterator[Item]) -> Iterator[list[Item]]:
    while batch := list(islice(items, BATCH)):
        yield batch


def code_documents(coder, documents: Sequence[Document]
                   ) -> tuple[list[tuple[Document, list[Event]]], list[QuarantineItem]]:
    """All documents in one pass; if one breaks the coder, the rest one by one, so that a bad
    document costs only itself (quarantined at stage `code`)."""
    coded: list[tuple[Document, list[Event]]] = []
    failed: list[QuarantineItem] = []
    try:
        for pair in coder.code(documents):
            coded.append(pair)
    except Exception:  # noqa: BLE001 - any coder bug: isolate the document
        for document in documents[len(coded):]:
            try:
                coded.append((document, coder.code_document(document)))
            except Exception as problem:  # noqa: BLE001
                failed.append(QuarantineItem(stage=Stage.code, reason=f"coder failed: {problem!r}"[:500],
                                             doc_id=document.doc_id, content_hash=document.content_hash,
                                             excerpt=document.text[:200]))
    return coded, failed
