"""The flows' plain parts, without Prefect: parameters, staging, coding a batch, reports,
deployments file, and the command line's promise not to import Prefect where it is not needed."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from pydantic import ValidationError

from eventpipe.flows import deployments, report
from eventpipe.flows.params import BackfillParams, IngestParams, RecodeParams, explain
from eventpipe.flows.staging import BatchSpec, read_batch, stage, write_batch
from eventpipe.schemas import Document, QuarantineItem, Stage

REPO = Path(__file__).resolve().parents[1]


def documents(n: int, day: str = "2025-03-01") -> list[Document]:
    return [Document(doc_id=f"d{i:03d}", text=f"Report number {i}. Nothing happened.", published_at=day)
            for i in range(n)]


# ---- parameters ------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, where, words", [
    ({"batch_size": 0}, "batch_size", "greater than or equal to 1"),
    ({"paths": ["no/such/folder"]}, "paths", "no such file or folder"),
    ({"paths": []}, "paths", "at least 1"),
    ({"dask": "my laptop"}, "dask", "scheduler address"),
    ({"workers": 2}, "parameters", "dask='local'"),
    ({"colour": "red"}, "colour", "Extra inputs"),
])
def test_bad_ingest_parameters_name_the_parameter(tmp_path: Path, change: dict, where: str, words: str) -> None:
    good = {"paths": [str(tmp_path)], "db": str(tmp_path / "w.duckdb")}
    with pytest.raises(ValidationError) as caught:
        IngestParams.model_validate(good | change)
    message = explain(caught.value)
    assert message.startswith(where) and words in message


def test_parameters_accept_good_values_and_resolve_staging(tmp_path: Path) -> None:
    params = IngestParams(paths=[tmp_path], db=tmp_path / "w.duckdb", dask="tcp://10.0.0.5:8786")
    assert params.staging_dir == (tmp_path / "w.duckdb.staging").resolve()
    assert IngestParams(paths=[tmp_path], dask="local", workers=2).workers == 2
    assert RecodeParams(db=tmp_path / "w.duckdb", staging=tmp_path / "s").staging_dir == tmp_path / "s"


def test_backfill_parameters(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is after end"):
        BackfillParams(root=tmp_path, start="2025-03-02", end="2025-03-01")
    file = tmp_path / "a.txt"
    file.write_text("Text.")
    with pytest.raises(ValidationError, match="backfill takes a folder"):
        BackfillParams(root=file)
    march = BackfillParams(root=tmp_path, start="2025-03-01", end="2025-03-31")
    assert march.in_range(dt.date(2025, 3, 31)) and not march.in_range(dt.date(2025, 4, 1))
    assert not march.in_range(None)
    assert BackfillParams(root=tmp_path).in_range(None)


def test_database_path_must_not_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is a folder"):
        RecodeParams(db=tmp_path)


# ---- staging ---------------------------------------------------------------------------------------

def test_stage_writes_batches_that_read_back(tmp_path: Path) -> None:
    docs = documents(7)
    bad = QuarantineItem(stage=Stage.read, reason="not UTF-8", path="inbox/x.txt", content_hash="ab" * 32)
    plan = stage([*docs[:3], bad, *docs[3:]], tmp_path, 3, "v1")
    assert [b.documents for b in plan.batches] == [3, 3, 1]
    assert [b.quarantined for b in plan.batches] == [1, 0, 0]
    assert (plan.read, plan.documents, plan.quarantined, plan.skipped) == (7, 7, 1, 0)
    read_back = [read_batch(b.inputs) for b in plan.batches]
    assert [d for ds, _ in read_back for d in ds] == docs
    assert read_back[0][1] == [bad]


def test_batch_keys_follow_content_and_dictionary_version(tmp_path: Path) -> None:
    docs = documents(4)
    first = stage(docs, tmp_path, 2, "v1")
    again = stage(docs, tmp_path, 2, "v1")
    assert first.batches == again.batches
    other_version = stage(docs, tmp_path, 2, "v2")
    assert {b.key for b in other_version.batches}.isdisjoint(b.key for b in first.batches)
    edited = [docs[0].model_copy(update={"text": "Report number 0, corrected."}), *docs[1:]]
    changed = stage(edited, tmp_path, 2, "v1")
    assert changed.batches[0].key != first.batches[0].key and changed.batches[1] == first.batches[1]


def test_stage_skips_loaded_documents_and_keeps_the_date_range(tmp_path: Path) -> None:
    docs = documents(4, "2025-03-01") + [Document(doc_id="late", text="Later.", published_at="2025-05-01")]
    asked: list[list[str]] = []

    def loaded(batch):
        asked.append([d.doc_id for d in batch])
        return {"d001", "late"}

    plan = stage(docs, tmp_path, 10, "v1", loaded=loaded, keep=lambda d: d.published_at.month == 3)
    assert asked == [["d000", "d001", "d002", "d003"]]          # out-of-range documents are not looked up
    assert (plan.read, plan.outside, plan.skipped, plan.documents) == (5, 1, 1, 3)


def test_quarantine_only_window_still_makes_a_batch(tmp_path: Path) -> None:
    bad = QuarantineItem(stage=Stage.parse, reason="malformed JSON", path="f.jsonl", line=3)
    plan = stage([bad], tmp_path, 10, "v1")
    assert len(plan.batches) == 1 and plan.batches[0].documents == 0 and plan.batches[0].quarantined == 1


# ---- coding one batch --------------------------------------------------------------------------------

def test_code_batch_writes_the_coders_events(tmp_path: Path, samples_path: Path) -> None:
    from eventpipe.coding.coder import Coder, dictionary_version
    from eventpipe.coding.documents import read_inputs
    from eventpipe.flows.shards import code_batch

    docs = [d for d in read_inputs([str(samples_path)]) if isinstance(d, Document)]
    spec = write_batch(tmp_path, docs, [], dictionary_version())
    summary = code_batch(spec)
    expected = [e for d in docs for e in Coder().code_document(d)]
    assert summary.documents == len(docs) and summary.events == len(expected)
    assert summary.events_by_kind == {k: sum(1 for e in expected if e.kind == k) for k in {e.kind for e in expected}}
    events = pq.read_table(spec.shard / "events.parquet")
    assert sorted(events.column("event_id").to_pylist()) == sorted(e.event_id for e in expected)
    assert sum(summary.events_by_day.values()) == len(expected)


def test_a_document_that_breaks_the_coder_is_quarantined_alone(tmp_path: Path, monkeypatch) -> None:
    from eventpipe.coding.coder import dictionary_version
    from eventpipe.flows import shards

    class Touchy:
        version = dictionary_version()

        def code(self, docs):
            for d in docs:
                yield d, self.code_document(d)

        def code_document(self, doc):
            if "poison" in doc.text:
                raise RuntimeError("boom")
            return []

    monkeypatch.setattr(shards, "coder", lambda: Touchy())
    docs = documents(2) + [Document(doc_id="bad", text="A poison pill.")]
    summary = shards.code_batch(write_batch(tmp_path, docs, [], dictionary_version()))
    assert (summary.documents, summary.not_coded, summary.quarantined) == (2, 1, 1)
    quarantine = pq.read_table(summary.shard / "quarantine.parquet").to_pylist()
    assert quarantine[0]["stage"] == "code" and quarantine[0]["doc_id"] == "bad" and "boom" in quarantine[0]["reason"]
    assert pq.read_table(summary.shard / "documents.parquet").column("doc_id").to_pylist() == ["d000", "d001"]


def test_worker_with_another_coder_refuses_the_batch(tmp_path: Path) -> None:
    from eventpipe.coding.coder import dictionary_version
    from eventpipe.flows.shards import CoderMismatch, code_batch, coder_fingerprint

    other_dictionaries = write_batch(tmp_path, documents(1), [], "not-this-version")
    with pytest.raises(CoderMismatch, match="same eventpipe"):
        code_batch(other_dictionaries)
    assert not other_dictionaries.shard.exists()
    spec = write_batch(tmp_path, documents(1), [], dictionary_version())
    with pytest.raises(CoderMismatch, match="older-coder"):
        code_batch(spec, "older-coder")
    assert code_batch(spec, coder_fingerprint()).documents == 1


# ---- reports -----------------------------------------------------------------------------------------

def test_progress_line() -> None:
    assert report.progress(4000, 10000, 20.0) == "coded 4,000 of 10,000 documents (40%) at 200 documents/s, about 0:30 left"
    assert report.progress(10, 10, 4.0).endswith("at 2.5 documents/s")
    assert "1:00:00 left" in report.progress(1, 3601, 1.0)


def test_summary_markdown_and_day_table() -> None:
    from eventpipe.flows.shards import ShardSummary
    from eventpipe.flows.staging import StagePlan
    from eventpipe.warehouse.load import LoadStats

    spec = BatchSpec("k", Path("i"), Path("s"), 3, 0, "v")
    shard = ShardSummary("k", Path("s"), Path("i"), documents=3, events=4, quarantined=1, not_coded=1, seconds=1.0,
                         events_by_kind={"phone_call": 3, "sanctions": 1},
                         events_by_day={("2025-03-01", "phone_call", "USA"): 3, ("undated", "sanctions", ""): 1})
    stats = LoadStats("r", 3, 4, 5, 1, 3, 4, 5, 1, 0)
    summary = report.summarize("ingest", "r", "w.duckdb", "v", StagePlan((spec,), 5, 2, 0, 1), [shard], [stats],
                               [], {"total": 2.0})
    assert (summary.documents_coded, summary.documents_loaded, summary.events, summary.quarantined) == (3, 3, 4, 2)
    text = report.markdown(summary)
    assert "| phone_call | 3 |" in text and "| skipped (already loaded, same text and dictionaries) | 2 |" in text
    assert report.day_table(summary) == [
        {"day": "2025-03-01", "kind": "phone_call", "country": "USA", "events": 3},
        {"day": "undated", "kind": "sanctions", "country": "-", "events": 1}]


# ---- prefect.yaml ------------------------------------------------------------------------------------

def test_prefect_yaml_has_a_scheduled_inbox_ingest_with_valid_parameters(tmp_path: Path) -> None:
    found = {d.name: d for d in deployments.read(REPO / "prefect.yaml")}
    inbox = found["inbox"]
    assert inbox.entrypoint == "eventpipe.flows.ingest:ingest"
    assert any("cron" in s for s in inbox.schedules)
    assert set(found) >= {"inbox", "backfill", "recode"}
    for d in found.values():
        assert d.entrypoint in deployments.PARAMS, d.entrypoint
    served = deployments.with_overrides(inbox, tmp_path / "w.duckdb", tmp_path)
    assert served.problems() is None
    assert IngestParams.model_validate(served.parameters["params"]).paths == [tmp_path]
    assert "no such file or folder" in deployments.with_overrides(inbox, None, tmp_path / "nope").problems()


def test_deployment_entrypoints_load_as_flows() -> None:
    from prefect.flows import Flow, load_flow_from_entrypoint

    for entrypoint in deployments.PARAMS:
        assert isinstance(load_flow_from_entrypoint(entrypoint, use_placeholder_flow=False), Flow)


# ---- the command line ----------------------------------------------------------------------------------

def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_code_command_and_bad_run_parameters_do_not_import_prefect(tmp_path: Path, samples_path: Path) -> None:
    done = _python(f"""
import io, sys, contextlib
from eventpipe.flows.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    assert main(["code", {str(samples_path)!r}]) == 0
assert out.getvalue().count("event_id") > 0
assert main(["run", "--batch-size", "0", "--db", "x.duckdb"]) == 2
assert main(["run", "missing-folder"]) == 2
print("prefect imported" if "prefect" in sys.modules else "no prefect")
""", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "no prefect"
    assert "batch_size: Input should be greater than or equal to 1" in done.stderr
    assert "no such file or folder: missing-folder" in done.stderr
    assert not (tmp_path / "x.duckdb").exists()


def test_run_options_that_do_not_go_together(tmp_path: Path, capsys) -> None:
    from eventpipe.flows.cli import main

    assert main(["run", str(tmp_path), "--recode"]) == 2
    assert "--recode" in capsys.readouterr().err
    assert main(["run", str(tmp_path), str(tmp_path), "--since", "2025-01-01"]) == 2
    assert "exactly one folder" in capsys.readouterr().err
    assert main(["run", str(tmp_path), "--since", "2025-13-01"]) == 2
    assert "start:" in capsys.readouterr().err


def test_serve_needs_a_server(tmp_path: Path) -> None:
    env_code = """
import sys
from eventpipe.flows.cli import main
sys.exit(main(["serve", "--deployments", sys.argv[1]]))
"""
    done = subprocess.run([sys.executable, "-c", env_code, str(REPO / "prefect.yaml")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env={k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"})
    assert done.returncode == 2
    assert "PREFECT_API_URL is not set" in done.stderr and "prefect server start" in done.stderr


def test_json_lines_of_a_batch_file_are_plain_json(tmp_path: Path) -> None:
    spec = write_batch(tmp_path, documents(1), [], "v1")
    record = json.loads(spec.inputs.read_text().splitlines()[0])
    assert record["document"]["doc_id"] == "d000" and record["document"]["published_at"] == "2025-03-01"
