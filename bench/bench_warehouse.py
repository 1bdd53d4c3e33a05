"""Warehouse benchmark: load rate into the events table, and the analyst queries on a large table.

    python bench/bench_warehouse.py                                  # 1M events (best of 3), queries on 10M
    python bench/bench_warehouse.py --query-events 0 --batch 250000  # load only, smaller transactions

Synthetic events are generated vectorised, straight into Arrow batches (no pydantic object per
event), and loaded through `warehouse.load.load_arrow`, the core that `load_batch` and
`load_parquet` use: staging, checks, the merge transaction. Each batch carries documents (five
events per 2.3 kB article), events, mentions (1.2 per event) and a few quarantine items.
Generation time is not counted. The load is timed --repeat times into fresh databases; the best
run is shown with its steps (the "events" step is the statement that fills the events table), the
process CPU time and the machine's load average, since other processes share the cores.

Targets: >= 500,000 events/s into the events table; every query in sql/queries/ under 1 s on
10,000,000 events (the first, cold run and the best of three warm runs are both shown).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from eventpipe.warehouse.arrow import SCHEMAS, Batch
from eventpipe.warehouse.connect import open_reader, open_writer
from eventpipe.warehouse.load import load_arrow
from eventpipe.warehouse.queries import queries

EVENTS_PER_DOC = 5

# kind, CAMEO code, quad class, Goldstein, PLOVER type, mode, ACLED (disorder, event, sub-event), weight
KINDS = [
    ("phone_call", "041", 1, 1.0, "CONSULT", "phone", None, None, None, 10),
    ("visit", "042", 1, 1.9, "CONSULT", "visit", None, None, None, 8),
    ("statement", "010", 1, 0.0, None, None, None, None, None, 12),
    ("criticism", "111", 3, -2.0, "ACCUSE", None, None, None, None, 8),
    ("sanctions", "163", 4, -8.0, "SANCTION", None, None, None, None, 4),
    ("sanctions_relief", "085", 2, 7.0, "CONCEDE", None, None, None, None, 2),
    ("sanctions_threat", "1312", 3, -5.8, "THREATEN", None, None, None, None, 3),
    ("weapons_pause", "1622", 4, -5.6, "SANCTION", None, None, None, None, 2),
    ("weapons_delivery", "072", 2, 8.3, "AID", "military", None, None, None, 4),
    ("drone_strike", "1952", 4, -10.0, "ASSAULT", "drone", "Political violence",
     "Explosions/Remote violence", "Air/drone strike", 12),
    ("shelling", "194", 4, -10.0, "ASSAULT", "artillery", "Political violence",
     "Explosions/Remote violence", "Shelling/artillery/missile attack", 10),
    ("armed_clash", "190", 4, -10.0, "ASSAULT", None, "Political violence", "Battles", "Armed clash", 10),
    ("protest", "141", 3, -6.5, "PROTEST", None, "Demonstrations", "Protests", "Peaceful protest", 8),
    ("aid", "070", 2, 7.0, "AID", None, None, None, None, 7),
]
COUNTRIES = [
    ("USA", "United States"), ("RUS", "Russia"), ("UKR", "Ukraine"), ("CHN", "China"), ("IRN", "Iran"),
    ("ISR", "Israel"), ("PSE", "Palestine"), ("GBR", "United Kingdom"), ("FRA", "France"),
    ("DEU", "Germany"), ("TUR", "Turkey"), ("SYR", "Syria"), ("IRQ", "Iraq"), ("YEM", "Yemen"),
    ("SAU", "Saudi Arabia"), ("IND", "India"), ("PAK", "Pakistan"), ("PRK", "North Korea"),
    ("KOR", "South Korea"), ("JPN", "Japan"), ("SDN", "Sudan"), ("ETH", "Ethiopia"), ("SOM", "Somalia"),
    ("NGA", "Nigeria"), ("MLI", "Mali"), ("BFA", "Burkina Faso"), ("COD", "DR Congo"), ("LBY", "Libya"),
    ("EGY", "Egypt"), ("LBN", "Lebanon"), ("AFG", "Afghanistan"), ("MMR", "Myanmar"), ("VEN", "Venezuela"),
    ("COL", "Colombia"), ("MEX", "Mexico"), ("BRA", "Brazil"), ("POL", "Poland"), ("BLR", "Belarus"),
    ("GEO", "Georgia"), ("ARM", "Armenia"), ("AZE", "Azerbaijan"), ("EUR", "European Union"),
    ("NATO", "NATO"), ("UNO", "United Nations"),
]
SECTORS = [("GOV", 0.4), ("MIL", 0.3), (None, 0.2), ("REB", 0.1)]
MODALITIES = [("asserted", 0.85), ("negated", 0.03), ("denied", 0.02), ("planned", 0.04),
              ("hypothetical", 0.03), ("alleged", 0.03)]
FIRST_DAY = np.datetime64("2015-01-01")
DAYS = 11 * 365


def _pick(rng: np.random.Generator, n: int, weights: list[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def _take(values: list, idx: np.ndarray, type_: pa.DataType = pa.string()) -> pa.Array:
    return pa.array(values, type_).take(pa.array(idx))


def _join(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _texts(rng: np.random.Generator, count: int, words: int) -> list[str]:
    vocabulary = ("forces officials said on Monday the ministry drones attack talks sanctions call "
                  "president minister region city border troops weapons aid statement reported").split()
    return [" ".join(rng.choice(vocabulary, size=words)).capitalize() + "." for _ in range(count)]


class Generator:
    """Synthetic batches with the value mix of real coded news (mission kinds, dyads, modalities)."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)
        self.sentences = _texts(self.rng, 500, 25)
        self.bodies = _texts(self.rng, 50, 350)
        self.body_hashes = [hashlib.sha256(t.encode()).hexdigest() for t in self.bodies]
        self.places = [(f"Place {i}", COUNTRIES[i % len(COUNTRIES)][0], f"Region {i % 40}",
                        float(self.rng.uniform(-60, 70)), float(self.rng.uniform(-120, 150)),
                        int(1 + i % 3)) for i in range(300)]

    def batch(self, first_doc: int, docs: int) -> Batch:
        rng = self.rng
        n = docs * EVENTS_PER_DOC
        doc_numbers = pa.array(np.arange(first_doc, first_doc + docs)).cast(pa.string())
        doc_ids = _join("doc-", doc_numbers)
        published = FIRST_DAY + rng.integers(0, DAYS, docs)
        body = rng.integers(0, len(self.bodies), docs)
        documents = pa.table({
            "doc_id": doc_ids,
            "title": _take([s[:60] for s in self.sentences], rng.integers(0, 500, docs)),
            "source": _take(["Reuters", "AP", "AFP", "BBC", "CNN", "Al Jazeera", "Kyiv Independent"],
                            rng.integers(0, 7, docs)),
            "url": _join("https://news.example/", doc_ids),
            "published_at": pa.array(published.astype("datetime64[D]"), pa.date32()),
            "text": _take(self.bodies, body),
            "content_hash": _take(self.body_hashes, body),
            "dictionary_version": pa.array(np.full(docs, "bench-1")),
        }, schema=SCHEMAS["documents"])

        doc_of_event = np.repeat(np.arange(docs), EVENTS_PER_DOC)
        event_ids = _join("ev-", doc_numbers.take(pa.array(doc_of_event)), "-",
                          pa.array(np.tile(np.arange(EVENTS_PER_DOC), docs)).cast(pa.string()))
        event_docs = doc_ids.take(pa.array(doc_of_event))
        k = _pick(rng, n, [row[-1] for row in KINDS])
        column = lambda i, t=pa.string(): _take([row[i] for row in KINDS], k, t)  # noqa: E731
        cameo = column(1)
        src, tgt = rng.integers(0, len(COUNTRIES), n), rng.integers(0, len(COUNTRIES), n)
        src_sector = _pick(rng, n, [w for _, w in SECTORS])
        tgt_sector = _pick(rng, n, [w for _, w in SECTORS])
        sectors = [s for s, _ in SECTORS]
        codes, names = [c for c, _ in COUNTRIES], [name for _, name in COUNTRIES]
        no_target = rng.random(n) < 0.1
        place = rng.integers(0, len(self.places), n)
        no_place = pa.array(rng.random(n) < 0.4)
        place_col = lambda i, t: pc.if_else(no_place, pa.nulls(n, t), _take([p[i] for p in self.places], place, t))  # noqa: E731
        days = FIRST_DAY + rng.integers(0, DAYS, n)
        undated = pa.array(rng.random(n) < 0.03)
        src_country = _take(codes, src)
        tgt_country = pc.if_else(pa.array(no_target), pa.nulls(n, pa.string()), _take(codes, tgt))
        src_sector_col = _take(sectors, src_sector)
        tgt_sector_col = pc.if_else(pa.array(no_target), pa.nulls(n, pa.string()), _take(sectors, tgt_sector))
        mentions_per_event = 1 + (rng.random(n) < 0.2)
        events = pa.table({
            "event_id": event_ids,
            "doc_id": event_docs,
            "sentence_index": pa.array(rng.integers(0, 30, n), pa.int32()),
            "sentence": _take(self.sentences, rng.integers(0, len(self.sentences), n)),
            "event_date": pc.if_else(undated, pa.nulls(n, pa.date32()),
                                     pa.array(days.astype("datetime64[D]"), pa.date32())),
            "date_precision": pc.if_else(undated, pa.nulls(n, pa.string()), pa.array(np.full(n, "day"))),
            "date_text": pa.nulls(n, pa.string()),
            "kind": column(0),
            "cameo_code": cameo,
            "cameo_root": pc.utf8_slice_codeunits(cameo, 0, 2),
            "quad_class": column(2, pa.uint8()),
            "goldstein": column(3, pa.float64()),
            "plover_type": column(4),
            "plover_mode": column(5),
            "acled_disorder_type": column(6),
            "acled_event_type": column(7),
            "acled_sub_event_type": column(8),
            "source_code": _join(src_country, pc.fill_null(src_sector_col, "")),
            "source_name": _take(names, src),
            "source_country": src_country,
            "source_sector": src_sector_col,
            "target_code": pc.if_else(pa.array(no_target), pa.nulls(n, pa.string()),
                                      _join(tgt_country, pc.fill_null(tgt_sector_col, ""))),
            "target_name": pc.if_else(pa.array(no_target), pa.nulls(n, pa.string()), _take(names, tgt)),
            "target_country": tgt_country,
            "target_sector": tgt_sector_col,
            "location_name": place_col(0, pa.string()),
            "location_country": place_col(1, pa.string()),
            "location_admin1": place_col(2, pa.string()),
            "latitude": place_col(3, pa.float64()),
            "longitude": place_col(4, pa.float64()),
            "geo_precision": place_col(5, pa.uint8()),
            "quantity": pa.array(np.where(rng.random(n) < 0.1, rng.integers(1, 100, n), 0), pa.int32(),
                                 mask=rng.random(n) >= 0.1),
            "fatalities": pa.array(rng.integers(0, 20, n), pa.int32(), mask=rng.random(n) >= 0.05),
            "modality": _take([m for m, _ in MODALITIES], _pick(rng, n, [w for _, w in MODALITIES])),
            "rule_id": _join("rule.", column(0)),
            "confidence": pa.array(rng.uniform(0.5, 1.0, n)),
            "civilian_targeting": pa.array(rng.random(n) < 0.05),
            "dictionary_version": pa.array(np.full(n, "bench-1")),
            "mention_count": pa.array(mentions_per_event, pa.int32()),
        }, schema=SCHEMAS["events"])

        owner = np.repeat(np.arange(n), mentions_per_event)
        index = np.arange(len(owner)) - np.repeat(np.cumsum(mentions_per_event) - mentions_per_event,
                                                  mentions_per_event)
        m = len(owner)
        owner_arr = pa.array(owner)
        start = rng.integers(0, 120, m)
        mentions = pa.table({
            "event_id": event_ids.take(owner_arr),
            "mention_index": pa.array(index, pa.int32()),
            "doc_id": event_docs.take(owner_arr),
            "sentence_index": pa.array(rng.integers(0, 30, m), pa.int32()),
            "char_start": pa.array(start, pa.int32()),
            "char_end": pa.array(start + 12, pa.int32()),
            "trigger": pa.array(np.full(m, "launched")),
            "sentence": _take(self.sentences, rng.integers(0, len(self.sentences), m)),
            "rule_id": events.column("rule_id").take(owner_arr),
            "modality": events.column("modality").take(owner_arr),
            "date_text": pa.nulls(m, pa.string()),
        }, schema=SCHEMAS["event_mentions"])

        q = max(docs // 1000, 1)
        q_numbers = pa.array(np.arange(first_doc, first_doc + q)).cast(pa.string())
        quarantine = pa.table({
            "quarantine_id": _join("q-", q_numbers),
            "stage": pa.array(np.full(q, "read")),
            "reason": pa.array(np.full(q, "not UTF-8")),
            "path": _join("inbox/", q_numbers, ".txt"),
            "line": pa.nulls(q, pa.int32()),
            "content_hash": pa.nulls(q, pa.string()),
            "doc_id": pa.nulls(q, pa.string()),
            "excerpt": pa.nulls(q, pa.string()),
        }, schema=SCHEMAS["quarantine"])
        return Batch(documents=documents, events=events, event_mentions=mentions, quarantine=quarantine)


def load(con, generator: Generator, events: int, batch_events: int, first_doc: int, label: str):
    """Load `events` events in batches; return (seconds in load_arrow, seconds per step, next document)."""
    spent = cpu = 0.0
    steps: dict[str, float] = {}
    docs_per_batch = max(batch_events // EVENTS_PER_DOC, 1)
    doc = first_doc
    end = first_doc + events // EVENTS_PER_DOC
    while doc < end:
        docs = min(docs_per_batch, end - doc)
        batch = generator.batch(doc, docs)
        t0, c0 = time.perf_counter(), time.process_time()
        stats = load_arrow(con, batch, run_id=label, dictionary_version="bench-1")
        spent += time.perf_counter() - t0
        cpu += time.process_time() - c0
        for step, seconds in stats.seconds:
            steps[step] = steps.get(step, 0.0) + seconds
        doc += docs
    steps["cpu (all threads)"] = cpu
    return spent, steps, doc


BENCH_PARAMS = {
    "drone_strikes_per_day": {"country": "UKR"},
    "leader_calls": {"a": "USA", "b": "RUS"},
    "sanctions_timeline": {"country": "RUS"},
    "weapons_pauses": {"supplier": "USA", "recipient": "UKR"},
    "dyad_extremes": {"since": "2020-01-01", "until": "2022-12-31"},
    "quarantine": {"stage": "read"},
}


def time_queries(path: Path, documents: int) -> list[tuple[str, int, float, float]]:
    """Each query: (name, rows, first run, best of three more), through a read-only connection."""
    con = open_reader(path)
    results = []
    given = BENCH_PARAMS | {"event_evidence": {"event_id": f"ev-{documents // 2}-2"}}
    try:
        for name, query in queries().items():
            params = query.bind(given.get(name, {}))
            runs = []
            for _ in range(4):
                t0 = time.perf_counter()
                rows = con.sql(query.sql, params=params).to_arrow_table().num_rows
                runs.append(time.perf_counter() - t0)
            results.append((name, rows, runs[0], min(runs[1:])))
    finally:
        con.close()
    return results


def timed_load(path: Path, events: int, batch: int) -> tuple[float, dict[str, float], int]:
    """Load `events` new events into a fresh database at `path`; check every row arrived."""
    con = open_writer(path)
    try:
        spent, steps, next_doc = load(con, Generator(), events, batch, 0, "bench-load")
        loaded = con.sql("SELECT count(*) FROM events").fetchall()[0][0]
        mentions = con.sql("SELECT count(*) FROM event_mentions").fetchall()[0][0]
        joined = con.sql("SELECT count(*) FROM event_mentions JOIN events USING (event_id)").fetchall()[0][0]
        assert loaded == events and joined == mentions, (loaded, joined, mentions)
    finally:
        con.close()
    return spent, steps, next_doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="events to time the load with")
    parser.add_argument("--batch", type=int, default=1_000_000, help="events per load transaction")
    parser.add_argument("--repeat", type=int, default=3, help="timed loads, each into a fresh database")
    parser.add_argument("--query-events", type=int, default=10_000_000,
                        help="table size for the query timings (0: skip)")
    parser.add_argument("--db", type=Path, help="database file (default: a temporary one)")
    args = parser.parse_args(argv)

    scratch = tempfile.TemporaryDirectory(prefix="bench_warehouse_")
    path = args.db or Path(scratch.name) / "bench.duckdb"
    print(f"database {path}; {args.events:,} events in batches of {args.batch:,}, "
          f"best of {args.repeat} fresh loads", file=sys.stderr)

    runs = []
    for _ in range(args.repeat):
        for leftover in (path, path.with_suffix(path.suffix + ".wal")):
            leftover.unlink(missing_ok=True)
        runs.append(timed_load(path, args.events, args.batch))
    spent, steps, next_doc = min(runs, key=lambda r: r[0])
    median = statistics.median(r[0] for r in runs)

    print(f"\n{'load (best of ' + str(args.repeat) + ')':<34}{'events':>12}{'seconds':>10}{'events/s':>12}")
    print(f"{'new events, whole batches':<34}{args.events:>12,}{spent:>10.2f}{args.events / spent:>12,.0f}"
          f"   median {args.events / median:,.0f}/s")
    for step, seconds in steps.items():
        rate = f"{args.events / seconds:>12,.0f}" if step == "events" else ""
        note = "   target >= 500,000" if step == "events" else ""
        label = f"  {step}" if step.startswith("cpu") else f"  of which {step}"
        print(f"{label:<34}{'':>12}{seconds:>10.2f}{rate}{note}")
    load1, load5, _ = os.getloadavg()
    print(f"{'  machine load average (1, 5 min)':<34}{'':>12}{load1:>10.2f}{load5:>12.2f}"
          f"   on {os.cpu_count()} cores")

    con = open_writer(path)
    # the first batch again (a fresh generator repeats it): nothing changes, only checking costs
    first = Generator().batch(0, min(args.batch, args.events) // EVENTS_PER_DOC)
    t0 = time.perf_counter()
    stats = load_arrow(con, first, "bench-reload")
    reload_seconds = time.perf_counter() - t0
    print(f"{'same batch again (no change)':<34}{stats.events:>12,}{reload_seconds:>10.2f}"
          f"{stats.events / reload_seconds:>12,.0f}   rows written: {stats.events_written}")

    if args.query_events:
        more = max(args.query_events - args.events, 0)
        generator = Generator(seed=8)
        t0 = time.perf_counter()
        spent_more, _, _ = load(con, generator, more, 1_000_000, next_doc, "bench-grow")
        grow = time.perf_counter() - t0
        total = con.sql("SELECT count(*) FROM events").fetchall()[0][0]
        print(f"{'grow to query size':<34}{more:>12,}{spent_more:>10.2f}{more / max(spent_more, 1e-9):>12,.0f}"
              f"   ({grow:.0f} s with generation)")
        con.close()
        print(f"\n{'query (' + format(total, ',') + ' events)':<34}{'rows':>12}{'cold s':>10}{'warm s':>12}")
        for name, rows, cold, warm in time_queries(path, total // EVENTS_PER_DOC):
            flag = "" if max(cold, warm) < 1 else "   over 1 s"
            print(f"{name:<34}{rows:>12,}{cold:>10.3f}{warm:>12.3f}{flag}")
    else:
        con.close()
    print(f"\nDuckDB file: {path.stat().st_size / 1e9:.2f} GB", file=sys.stderr)
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
