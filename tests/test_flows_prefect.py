"""The flows under Prefect (one temporary API for the session, see conftest.prefect_api): loads,
reruns, retries, failures and resumption, quarantine, recode, artifacts and `eventpipe run`."""
from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import duckdb
import pytest

from eventpipe.coding.documents import read_inputs
from eventpipe.schemas import Document

from shared import SHARED

pytestmark = pytest.mark.usefixtures("prefect_api")


def inputs_for_seeds(samples_path: Path) -> list[Path]:
    """The real seed articles when ../shared is here, else the bundled samples."""
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    return seeds or [samples_path]


def documents_in(paths: list[Path]) -> list[Document]:
    return [d for d in read_inputs([str(p) for p in paths]) if isinstance(d, Document)]


def expected_event_ids(docs: list[Document]) -> set[str]:
    from eventpipe.flows.shards import coder

    return {e.event_id for d in docs for e in coder().code_document(d)}


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def counts(db: Path) -> dict[str, int]:
    return {t: query(db, f"SELECT count(*) FROM {t}")[0][0]
            for t in ("documents", "events", "event_mentions", "quarantine", "runs")}


def test_ingest_loads_the_seeds_and_a_rerun_adds_nothing(tmp_path: Path, samples_path: Path) -> None:
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams

    inputs = inputs_for_seeds(samples_path)
    db = tmp_path / "w.duckdb"
    params = IngestParams(paths=inputs, db=db)
    docs = documents_in(inputs)
    expected = expected_event_ids(docs)

    first = ingest(params)
    assert (first.status, first.documents_coded, first.documents_loaded, first.events) == \
        ("succeeded", len(docs), len(docs), len(expected))
    assert {r[0] for r in query(db, "SELECT doc_id FROM documents")} == {d.doc_id for d in docs}
    assert {r[0] for r in query(db, "SELECT event_id FROM events")} == expected
    before = counts(db)
    rows_before = query(db, "SELECT * FROM events ORDER BY event_id")
    assert not params.staging_dir.exists()  # loaded shards and batch files are cleaned up

    second = ingest(params)
    assert (second.documents_read, second.documents_skipped, second.documents_coded, second.events) == \
        (len(docs), len(docs), 0, 0)
    assert counts(db) == {**before, "runs": before["runs"] + 1}
    assert query(db, "SELECT * FROM events ORDER BY event_id") == rows_before   # run_id included
    assert query(db, "SELECT status::VARCHAR FROM runs") == [("succeeded",), ("succeeded",)]

    markdown, table = artifacts_of(first.run_id)
    assert f"**{len(expected):,} events**" in markdown["ingest-summary"]
    rows = json.loads(table["ingest-events-by-day"])
    assert sum(r["events"] for r in rows) == len(expected)
    assert {r["kind"] for r in rows} == set(first.events_by_kind)


def artifacts_of(flow_run_id: str) -> tuple[dict[str, str], dict[str, str]]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[uuid.UUID(flow_run_id)])))
    by_type: dict[str, dict[str, str]] = {"markdown": {}, "table": {}}
    for artifact in found:
        by_type[artifact.type][artifact.key] = artifact.data
    return by_type["markdown"], by_type["table"]


def test_a_batch_that_fails_once_on_io_is_retried(tmp_path: Path, samples_path: Path, monkeypatch) -> None:
    from eventpipe.flows import shards
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams

    real = shards.write_shard
    attempts: list[Path] = []

    def flaky(path, *args, **kwargs):
        attempts.append(path)
        if len(attempts) == 1:
            raise OSError(5, "Input/output error (injected)")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(shards, "write_shard", flaky)
    docs = documents_in([samples_path])
    summary = ingest(IngestParams(paths=[samples_path], db=tmp_path / "w.duckdb", batch_size=2))
    batches = -(-len(docs) // 2)
    assert len(attempts) == batches + 1 and attempts.count(attempts[0]) == 2
    assert (summary.status, summary.documents_loaded) == ("succeeded", len(docs))
    assert counts(tmp_path / "w.duckdb")["documents"] == len(docs)


def test_backfill_fails_on_a_bug_at_once_and_a_rerun_resumes(tmp_path: Path, samples_path: Path,
                                                             monkeypatch) -> None:
    from eventpipe.flows import shards
    from eventpipe.flows.ingest import backfill
    from eventpipe.flows.params import BackfillParams
    from eventpipe.flows.run import RunFailed

    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(samples_path, root / "articles.jsonl")
    docs = documents_in([root])
    poisoned = docs[2].doc_id            # in the second batch of two
    real = shards.write_shard
    tried: list[str] = []

    def buggy(path, documents, *args, **kwargs):
        ids = [d.doc_id for d in documents]
        tried.append(",".join(ids))
        if poisoned in ids:
            raise ValueError("injected bug")
        return real(path, documents, *args, **kwargs)

    monkeypatch.setattr(shards, "write_shard", buggy)
    db = tmp_path / "w.duckdb"
    params = BackfillParams(root=root, db=db, batch_size=2, load_size=2)
    with pytest.raises(RunFailed, match="injected bug") as caught:
        backfill(params)
    failed = caught.value.summary
    assert sum(poisoned in t for t in tried) == 1          # a bug is not retried
    assert (failed.status, failed.documents_loaded) == ("failed", len(docs) - 2)
    assert counts(db)["documents"] == len(docs) - 2
    assert query(db, "SELECT status::VARCHAR FROM runs") == [("failed",)]

    monkeypatch.setattr(shards, "write_shard", real)
    resumed = backfill(params)
    assert (resumed.documents_skipped, resumed.documents_coded, resumed.status) == (len(docs) - 2, 2, "succeeded")
    assert {r[0] for r in query(db, "SELECT doc_id FROM documents")} == {d.doc_id for d in docs}


def test_backfill_takes_a_date_range(tmp_path: Path, samples_path: Path) -> None:
    from eventpipe.flows.ingest import backfill
    from eventpipe.flows.params import BackfillParams

    root = tmp_path / "archive" / "2025"
    root.mkdir(parents=True)
    shutil.copy(samples_path, root / "articles.jsonl")
    docs = documents_in([root])
    days = sorted(d.published_at for d in docs)
    start, end = days[1], days[-2]
    inside = {d.doc_id for d in docs if start <= d.published_at <= end}
    summary = backfill(BackfillParams(root=tmp_path / "archive", db=tmp_path / "w.duckdb", start=start, end=end))
    assert {r[0] for r in query(tmp_path / "w.duckdb", "SELECT doc_id FROM documents")} == inside
    assert summary.documents_outside == len(docs) - len(inside) > 0


def test_a_failed_load_keeps_its_shards_and_the_rerun_reuses_them(tmp_path: Path, samples_path: Path,
                                                                  monkeypatch) -> None:
    from eventpipe.flows import store, tasks
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams
    from eventpipe.flows.run import RunFailed

    real_load = store.load

    def refuse(*args, **kwargs):
        raise ValueError("warehouse refused the batch (injected)")

    monkeypatch.setattr(store, "load", refuse)
    params = IngestParams(paths=[samples_path], db=tmp_path / "w.duckdb", batch_size=4)
    with pytest.raises(RunFailed, match="injected"):
        ingest(params)
    assert len(list((params.staging_dir / "shards").iterdir())) == 2

    monkeypatch.setattr(store, "load", real_load)
    real_code = tasks.code_batch
    coded: list = []
    monkeypatch.setattr(tasks, "code_batch", lambda spec, coder: coded.append(spec) or real_code(spec, coder))
    summary = ingest(params)
    assert coded == []                                      # both batches came from the cache
    assert summary.documents_loaded == len(documents_in([samples_path]))
    assert not params.staging_dir.exists()


def test_bad_parameters_are_rejected_before_any_work(tmp_path: Path) -> None:
    from eventpipe.flows.ingest import ingest

    db = tmp_path / "w.duckdb"
    with pytest.raises(Exception, match="no such file or folder") as caught:
        ingest(params={"paths": [str(tmp_path / "missing")], "db": str(db)})
    assert "params" in str(caught.value)
    with pytest.raises(Exception, match="greater than or equal to 1"):
        ingest(params={"paths": [str(tmp_path)], "db": str(db), "batch_size": 0})
    assert not db.exists()


def test_bad_inputs_are_quarantined_and_good_ones_of_the_batch_load(tmp_path: Path) -> None:
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text("Ukraine and Poland held talks in Warsaw on Monday, officials said.\n")
    (inbox / "bad.txt").write_bytes(b"\xff\xfe not text")
    (inbox / "feed.jsonl").write_text(json.dumps({"doc_id": "feed-1", "text": "Russia imposed sanctions on "
                                                  "Britain on 3 March 2025.", "published_at": "2025-03-04"})
                                      + "\n{\"text\": \n")
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4")
    db = tmp_path / "w.duckdb"
    params = IngestParams(paths=[inbox], db=db)
    summary = ingest(params)
    assert (summary.documents_loaded, summary.quarantined) == (2, 3)
    assert len(query(db, "SELECT * FROM documents WHERE doc_id = 'feed-1'")) == 1
    rows = query(db, "SELECT stage::VARCHAR, path, line, content_hash IS NOT NULL FROM quarantine")
    assert sorted(rows) == sorted([("discover", str(inbox / "scan.pdf"), None, True),
                                   ("read", str(inbox / "bad.txt"), None, True),
                                   ("parse", str(inbox / "feed.jsonl"), 2, True)])
    ingest(params)
    assert counts(db)["quarantine"] == 3                    # the same bad inputs are not added twice


def test_recode_moves_only_changed_events(tmp_path: Path, samples_path: Path) -> None:
    from eventpipe.coding.coder import dictionary_version
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams, RecodeParams
    from eventpipe.flows.recode import recode

    db = tmp_path / "w.duckdb"
    ingest(IngestParams(paths=[samples_path], db=db))
    original = query(db, "SELECT * FROM events ORDER BY event_id")
    lost, changed, *_ = [r[0] for r in original]
    # what older dictionaries might have left: other versions, an event they missed, one they got wrong
    con = duckdb.connect(str(db))
    con.execute("UPDATE documents SET dictionary_version = 'older'")
    con.execute("DELETE FROM event_mentions WHERE event_id = ?", [lost])
    con.execute("DELETE FROM events WHERE event_id = ?", [lost])
    con.execute("UPDATE events SET confidence = 0.01, run_id = 'older-run' WHERE event_id = ?", [changed])
    con.close()

    summary = recode(RecodeParams(db=db))
    assert summary.documents_read == len(documents_in([samples_path]))
    assert (summary.loaded.events_written, summary.loaded.events_deleted) == (2, 1)
    after = query(db, "SELECT * FROM events ORDER BY event_id")
    run_id = [c[0] for c in query(db, "DESCRIBE events")].index("run_id")
    assert [r[:run_id] for r in after] == [r[:run_id] for r in original]
    moved = {r[0] for r in after if r[run_id] == summary.run_id}
    assert moved == {lost, changed}                          # the others kept their original run
    assert query(db, "SELECT DISTINCT dictionary_version FROM documents") == [(dictionary_version(),)]
    assert recode(RecodeParams(db=db)).documents_read == 0


def test_eventpipe_run_with_no_arguments_loads_the_samples(tmp_path: Path, samples_path: Path, capsys,
                                                           monkeypatch) -> None:
    from eventpipe.flows.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTPIPE_DB", raising=False)
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    n = len(documents_in([samples_path]))
    db = (tmp_path / "eventpipe.duckdb").resolve()
    assert f"Database {db} holds" in out
    assert f"documents {n}," in out and "events by kind:" in out
    assert 'eventpipe sql "SELECT kind' in out and "eventpipe query" in out
    assert f"{n} read, 0 already loaded, {n} coded, {n} loaded" in out
    assert counts(db)["documents"] == n
