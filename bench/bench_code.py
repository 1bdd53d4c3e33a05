"""Throughput of the coder (`eventpipe code`) in sentences per second, on one core.

    python bench/bench_code.py [--sentences 100000]

Codes a generated corpus in-process (the same Coder the command uses) and reports sentences/s,
documents/s and events; the dictionaries' loading time is reported apart. Target: >= 2,000
sentences/s (TABARI coded 1,000-2,000; PETRARCH-2 about 250 after a parse at 2-5 sentences/s).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import documents  # noqa: E402

from eventpipe.coding.text import split_sentences  # noqa: E402
from eventpipe.schemas import Document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=100_000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0}) if hasattr(os, "sched_setaffinity") else None  # one core

    docs = [Document.model_validate(d) for d in documents(args.sentences)]
    started = time.perf_counter()
    from eventpipe.coding.coder import Coder

    coder = Coder()
    coder.code_document(Document(text="Warm up: Russia launched drones at Kyiv.", published_at="2025-06-01"))
    load = time.perf_counter() - started

    sentence_count = sum(len(s) for s in split_sentences(d.text for d in docs))
    started = time.perf_counter()
    events = sum(len(found) for _, found in coder.code(docs))
    seconds = time.perf_counter() - started
    print(f"dictionaries loaded in {load:.2f} s")
    print(f"{len(docs):,} documents, {sentence_count:,} sentences, {events:,} events in {seconds:.1f} s")
    print(f"throughput: {sentence_count / seconds:,.0f} sentences/s, {len(docs) / seconds:,.0f} documents/s (one core)")


if __name__ == "__main__":
    main()
