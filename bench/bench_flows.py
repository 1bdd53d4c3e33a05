"""Prefect's share of an ingest: the ingest flow against the same steps called as plain functions.

Both runs take the same generated news corpus (bench/corpus.py, 12 sentences a document) from one
JSONL file into a fresh warehouse, with the same batch and load sizes and a warm coder:

    plain   store.prepare -> staging.stage (with the warehouse look-up) -> shards.code_batch per
            batch -> store.load per group -> store.finish
    flow    flows.ingest.ingest(...) on a temporary Prefect API that is already up

Prefect's share = (flow - plain) / flow, on wall time (best of --repeat alternating pairs, since
other work on the machine adds noise) and on CPU time of this process plus its children (the
temporary Prefect server answering the flow's API calls). The server's start, paid once per
`eventpipe run`, is timed apart. Both warehouses must end up with identical events. Target: share
< 10% on 10,000 documents.

    python bench/bench_flows.py [--documents 10000] [--batch-size 1000] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


def write_corpus(path: Path, documents: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for doc in corpus.documents(documents * 12, per_document=12):
            out.write(json.dumps(doc) + "\n")


def plain(jsonl: Path, db: Path, staging: Path, batch_size: int, load_size: int) -> float:
    """The flow's steps as function calls; returns the seconds spent coding batches."""
    from eventpipe.coding.coder import dictionary_version
    from eventpipe.coding.documents import read_inputs
    from eventpipe.flows import store
    from eventpipe.flows.shards import code_batch
    from eventpipe.flows.staging import stage

    version = dictionary_version()
    store.prepare(db, "plain", [str(jsonl)], version)
    plan = stage(read_inputs([str(jsonl)]), staging, batch_size, version,
                 loaded=lambda docs: store.already_loaded(db, docs, version))
    pending, coding = [], 0.0
    for spec in plan.batches:
        pending.append(code_batch(spec))
        coding += pending[-1].seconds
        if sum(s.documents for s in pending) >= load_size:
            store.load(db, [s.shard for s in pending], "plain")
            pending = []
    if pending:
        store.load(db, [s.shard for s in pending], "plain")
    store.finish(db, "plain", "succeeded")
    shutil.rmtree(staging, ignore_errors=True)
    return coding


def cpu_seconds() -> float:
    """CPU time of this process and its children (the temporary Prefect server), so far."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def timed(work) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = work()
    return time.perf_counter() - wall, cpu_seconds() - cpu, result


def event_rows(db: Path) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id").fetchall()
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--load-size", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=2, help="plain/flow pairs, alternating; the best of each counts")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-flows-"))
    os.environ.setdefault("PREFECT_HOME", str(folder / "prefect-home"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.pop("PREFECT_API_URL", None)
    try:
        jsonl = folder / "corpus.jsonl"
        write_corpus(jsonl, args.documents)
        print(f"{args.documents:,} documents, batches of {args.batch_size:,}, loads of {args.load_size:,}; "
              f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)

        from eventpipe.flows.shards import coder
        from eventpipe.schemas import Document

        warm = time.perf_counter()  # dictionaries, spaCy and the coder's lazy caches
        list(coder().code([Document.model_validate(d) for d in corpus.documents(50 * 12, seed=1)]))
        print(f"coder warmed up in {time.perf_counter() - warm:.1f} s (not counted)", flush=True)

        started = time.perf_counter()
        from prefect.client.orchestration import get_client

        from eventpipe.flows.ingest import ingest
        from eventpipe.flows.params import IngestParams

        with get_client(sync_client=True) as client:
            client.hello()
        print(f"temporary Prefect server up in {time.perf_counter() - started:.1f} s "
              f"(imports included; paid once per `eventpipe run`, not counted below)", flush=True)

        plains, flows, overheads = [], [], []
        for i in range(args.repeat):
            db_plain, db_flow = folder / f"plain-{i}.duckdb", folder / f"flow-{i}.duckdb"
            plains.append(timed(lambda: plain(jsonl, db_plain, folder / f"staging-{i}",
                                              args.batch_size, args.load_size)))
            params = IngestParams(paths=[jsonl], db=db_flow, batch_size=args.batch_size, load_size=args.load_size)
            flows.append(timed(lambda: ingest(params)))
            if event_rows(db_plain) != event_rows(db_flow):
                raise SystemExit("the flow and the plain calls loaded different events")
            (pw, pc, p_coding), (fw, fc, summary) = plains[-1], flows[-1]
            # Within each run the coding time is measured by code_batch itself, so what is left
            # (staging, loads, Prefect) compares without the noise of coding under other load.
            f_coding = summary.seconds["coding inside tasks"]
            overheads.append((fw - f_coding) - (pw - p_coding))
            print(f"pair {i + 1}: plain {pw:.1f} s wall ({p_coding:.1f} s coding), {pc:.1f} s CPU, "
                  f"{args.documents / pw:,.0f} documents/s; flow {fw:.1f} s wall ({f_coding:.1f} s coding), "
                  f"{fc:.1f} s CPU; outside coding: plain {pw - p_coding:.1f} s, flow {fw - f_coding:.1f} s; "
                  f"load average {os.getloadavg()[0]:.2f}", flush=True)
        plain_wall, flow_wall = min(p[0] for p in plains), min(f[0] for f in flows)
        plain_cpu, flow_cpu = min(p[1] for p in plains), min(f[1] for f in flows)
        share, cpu_share = (flow_wall - plain_wall) / flow_wall, (flow_cpu - plain_cpu) / flow_cpu
        added = max(overheads)
        print(f"Prefect's share, best runs: {share:.1%} of the wall time ({flow_wall:.1f} s against "
              f"{plain_wall:.1f} s), {cpu_share:.1%} of the CPU time ({flow_cpu:.1f} s against {plain_cpu:.1f} s)")
        print(f"Prefect's share, time added outside coding: {added:.1f} s = {added / flow_wall:.1%} of the "
              f"flow run (worst pair); target < 10%: {'met' if max(share, added / flow_wall) < 0.10 else 'NOT met'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
