"""Bad input at every entry: the corpus of tests/badinput (44 kinds of broken input beside good
documents) read directly, through `eventpipe code` (folders, files and standard input) and through
the ingest flow into the warehouse. Every bad item is quarantined with its stage, reason, path and
hash; the good documents of the same batch are read and loaded; every input is accounted for."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from badinput import Corpus, build
from eventpipe.coding.documents import Repeat, discover, read_inputs
from eventpipe.schemas import Document, Event, QuarantineItem

HEX64 = set("0123456789abcdef")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build(tmp_path_factory.mktemp("badinput"))


def split(items) -> tuple[list[Document], list[QuarantineItem], list[Repeat]]:
    items = list(items)
    kinds = (Document, QuarantineItem, Repeat)
    assert all(isinstance(i, kinds) for i in items)
    return tuple([i for i in items if isinstance(i, kind)] for kind in kinds)  # type: ignore[return-value]


def match_bad(corpus: Corpus, quarantined: list[dict]) -> None:
    """Each expected bad item matches exactly one quarantined row (by path and line), with its
    stage, the reason's words and a sha256 exactly when it has bytes; nothing else is quarantined."""
    left = list(quarantined)
    for bad in corpus.bad:
        found = [q for q in left if q["path"] == str(bad.path) and q["line"] == bad.line]
        assert len(found) == 1, f"{bad.kind}: {len(found)} quarantine items for {bad.path}:{bad.line}"
        item = found[0]
        left.remove(item)
        assert item["stage"] == bad.stage and bad.words in item["reason"], f"{bad.kind}: {item}"
        digest = item["content_hash"]
        assert (digest is not None) == bad.hashed, f"{bad.kind}: content_hash {digest}"
        assert digest is None or (len(digest) == 64 and set(digest) <= HEX64)
    assert left == [], f"quarantined but not expected: {left}"


def match_good(corpus: Corpus, texts: dict[str, str]) -> None:
    """texts: doc_id -> text of what was read or loaded."""
    left = dict(texts)
    for good in corpus.good:
        found = [doc_id for doc_id, text in left.items() if good.words in text]
        assert len(found) == 1, f"{good.kind}: {found}"
        assert good.doc_id in (None, found[0]), f"{good.kind}: doc_id {found[0]}"
        del left[found[0]]
    assert left == {}, f"read but not expected: {left}"


def test_the_corpus_has_at_least_25_kinds_of_bad_input(corpus: Corpus) -> None:
    assert len(corpus.kinds()) >= 25
    assert len(corpus.kinds()) == len(corpus.bad)  # one item per kind: counts below are per kind
    assert (corpus.inbox / "huge.txt").stat().st_size > 50_000_000


def test_reading_the_corpus_quarantines_every_bad_item_and_reads_every_good_one(corpus: Corpus) -> None:
    documents, quarantined, repeats = split(read_inputs([str(corpus.inbox)]))
    match_bad(corpus, [q.model_dump(mode="json") for q in quarantined])
    match_good(corpus, {d.doc_id: d.text for d in documents})
    assert len(repeats) == corpus.repeats
    assert len(documents) + len(quarantined) + len(repeats) == corpus.inputs
    assert not any("SECRET" in d.text for d in documents)          # links out are not followed
    for item in quarantined:                                          # what the warehouse stores
        for value in (item.path, item.excerpt, item.doc_id, item.reason):
            assert value is None or ("\x00" not in value and value.encode("utf-8"))


def test_the_same_inputs_given_twice_are_repeats_not_new_items(corpus: Corpus) -> None:
    once = split(read_inputs([str(corpus.inbox)]))
    twice = split(read_inputs([str(corpus.inbox), str(corpus.inbox / "latin1.txt"), str(corpus.inbox)]))
    assert twice[0] == once[0] and twice[1] == once[1]
    assert len(twice[2]) == len(once[2]) + 1 + corpus.inputs   # all of the second pass repeats


def test_discovery_stays_inside_the_folder_it_was_given(corpus: Corpus) -> None:
    inside = corpus.inbox.resolve()
    found = [p for p in discover(corpus.inbox) if isinstance(p, Path)]
    assert found and all(p.resolve().is_relative_to(inside) for p in found)
    assert not any(p.resolve().is_relative_to(corpus.outside.resolve()) for p in found)


def test_an_unreadable_file_is_quarantined(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Talks in Warsaw.")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("this user reads files whatever their mode (root); the corpus covers FIFOs and sockets instead")
        _, quarantined, _ = split(read_inputs([str(tmp_path)]))
        assert [(q.stage.value, q.path) for q in quarantined] == [("read", str(locked))]
        assert "Permission denied" in quarantined[0].reason
    finally:
        locked.chmod(0o644)


def test_a_folder_that_cannot_be_listed_is_quarantined(tmp_path: Path, monkeypatch) -> None:
    """os.walk reports such folders to onerror and goes on; without a handler it would skip them
    silently. (Root lists any folder, so the error is injected.)"""
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Talks in Warsaw.")
    (tmp_path / "closed").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    documents, quarantined, _ = split(read_inputs([str(tmp_path)]))
    assert [d.text for d in documents] == ["Talks in Warsaw."]
    assert [(q.stage.value, q.path) for q in quarantined] == [("discover", str(tmp_path / "closed"))]
    assert "cannot list" in quarantined[0].reason


# ---- eventpipe code ------------------------------------------------------------------------------

def test_eventpipe_code_names_every_bad_input_on_standard_error(corpus: Corpus) -> None:
    from eventpipe.coding.command import code_command

    out, err = io.StringIO(), io.StringIO()
    extra = corpus.inbox / "latin1.txt"                      # given again: one more repeat
    assert code_command([str(corpus.inbox), str(extra)], out=out, err=err) == 0
    lines = err.getvalue().splitlines()
    reported = [line for line in lines if line.startswith("eventpipe code: quarantined ")]
    assert len(reported) == len(corpus.bad)
    for bad in corpus.bad:
        where = f"{bad.path}:{bad.line}" if bad.line else str(bad.path)
        line = next(line for line in reported if line.startswith(f"eventpipe code: quarantined {where} ["))
        assert f"[stage {bad.stage}, sha256 " in line and bad.words in line
        assert ("sha256 -]" in line) == (not bad.hashed)
    total = corpus.inputs + 1
    assert (f"{total:,} inputs: {len(corpus.good)} documents coded" in lines[-1]
            and f"{len(corpus.bad)} quarantined" in lines[-1] and f"{corpus.repeats + 1} exact repeats" in lines[-1])
    events = [Event.model_validate(json.loads(line)) for line in out.getvalue().splitlines()]
    assert events and {e.doc_id for e in events} <= {g.doc_id for g in corpus.good} | {
        d.doc_id for d in read_inputs([str(corpus.inbox)]) if isinstance(d, Document)}


def test_eventpipe_code_on_bad_standard_input() -> None:
    """Through the real command line: good and bad lines mixed on standard input."""
    lines = b"".join([
        b'{"doc_id": "in-1", "text": "Russia imposed sanctions on Britain on 3 March 2025.", "published_at": "2025-03-04"}\n',
        b"\xff\xfe\x00\x01 binary\n",
        b"[1, 2]\n",
        b'{"doc_id": "in-4", "text": 7}\n',
        b'{"doc_id": "in-5", "text": "Talks resumed.", "published_at": "2999-01-01"}\n',
        b'{"doc_id": "in-1", "text": "Russia imposed sanctions on Britain on 3 March 2025.", "published_at": "2025-03-04"}\n',
        b'{"doc_id": "in-7", "te',
    ])
    done = subprocess.run([sys.executable, "-m", "eventpipe.flows.cli", "code", "-"], input=lines,
                          capture_output=True, timeout=300)
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "Traceback" not in err
    for number, stage in [(2, "read"), (3, "parse"), (4, "parse"), (5, "validate"), (7, "parse")]:
        assert f"quarantined <stdin>:{number} [stage {stage}, sha256 " in err
    assert "7 inputs: 1 documents coded" in err and "5 quarantined" in err and "1 exact repeats" in err
    events = [Event.model_validate(json.loads(line)) for line in done.stdout.splitlines()]
    assert events and {e.doc_id for e in events} == {"in-1"}


def test_eventpipe_code_with_nothing_readable_exits_1() -> None:
    from eventpipe.coding.command import code_command

    err = io.StringIO()
    assert code_command(["-"], out=io.StringIO(), err=err, stdin=io.BytesIO(b"\x00\x01\x02\n")) == 1
    assert "quarantined <stdin>:1 [stage read" in err.getvalue() and "no document could be read" in err.getvalue()
    err = io.StringIO()
    assert code_command(["-"], out=io.StringIO(), err=err, stdin=io.BytesIO(b"")) == 1
    assert "quarantined <stdin> [stage read" in err.getvalue() and "no documents" in err.getvalue()


# ---- the ingest flow -----------------------------------------------------------------------------

def rows(db: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


@pytest.mark.usefixtures("prefect_api")
def test_the_ingest_flow_quarantines_the_bad_and_loads_the_good(corpus: Corpus, tmp_path: Path, capsys) -> None:
    from eventpipe.flows.cli import main
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams

    db = tmp_path / "w.duckdb"
    summary = ingest(IngestParams(paths=[corpus.inbox], db=db, batch_size=5))
    assert summary.status == "succeeded"
    assert (summary.documents_loaded, summary.quarantined, summary.inputs_repeated) == \
        (len(corpus.good), len(corpus.bad), corpus.repeats)
    # nothing lost: every input is loaded, quarantined or a counted repeat
    assert summary.documents_loaded + summary.quarantined + summary.inputs_repeated == corpus.inputs
    match_bad(corpus, rows(db, "SELECT stage::VARCHAR AS stage, reason, path, line, content_hash FROM quarantine"))
    match_good(corpus, {r["doc_id"]: r["text"] for r in rows(db, "SELECT doc_id, text FROM documents")})
    assert rows(db, "SELECT count(*) AS n FROM documents WHERE text LIKE '%SECRET%'") == [{"n": 0}]
    assert rows(db, "SELECT status::VARCHAR AS s, documents, quarantined FROM runs") == [
        {"s": "succeeded", "documents": len(corpus.good), "quarantined": len(corpus.bad)}]

    # the command line says the same, and a rerun adds nothing
    capsys.readouterr()
    assert main(["run", str(corpus.inbox), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert (f"{len(corpus.good)} read, {len(corpus.good)} already loaded, 0 coded, 0 loaded; "
            f"{len(corpus.bad)} inputs quarantined, {corpus.repeats} repeated inputs") in out
    assert rows(db, "SELECT count(*) AS n FROM quarantine") == [{"n": len(corpus.bad)}]
    assert rows(db, "SELECT count(*) AS n FROM documents") == [{"n": len(corpus.good)}]


@pytest.mark.usefixtures("prefect_api")
def test_eventpipe_run_exits_1_when_no_document_could_be_read(tmp_path: Path, capsys) -> None:
    from eventpipe.flows.cli import main

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(b"\xff\xfe\x00")
    (inbox / "b.jsonl").write_text("not json\n")
    db = tmp_path / "w.duckdb"
    assert main(["run", str(inbox), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert "no document could be read: all 2 inputs were quarantined" in captured.err
    assert len(rows(db, "SELECT * FROM quarantine")) == 2


def test_a_document_whose_events_cannot_be_stored_is_quarantined_alone(tmp_path: Path, monkeypatch) -> None:
    """A count beyond the warehouse's 32-bit columns must cost its document only, not the batch (the
    batch would fail again on every rerun)."""
    import pyarrow.parquet as pq
    from conftest import build_sample, make_event

    from eventpipe.coding.coder import dictionary_version
    from eventpipe.flows import shards
    from eventpipe.flows.staging import write_batch

    sample = build_sample()
    calls, strikes = sample.documents[1], sample.documents[0]

    class Counting:
        version = dictionary_version()

        def code(self, documents):
            return ((d, self.code_document(d)) for d in documents)

        def code_document(self, document):
            if document.doc_id == strikes.doc_id:
                return [make_event("ev-huge", strikes, "1952", "drone_strike", "2025-03-01", "RUSMIL", "UKR",
                                   fatalities=2 ** 40)]
            return [e for e in sample.events if e.doc_id == document.doc_id]

    monkeypatch.setattr(shards, "coder", lambda: Counting())
    summary = shards.code_batch(write_batch(tmp_path, [strikes, calls], [], dictionary_version()))
    assert (summary.documents, summary.not_coded, summary.quarantined) == (1, 1, 1)
    quarantine = pq.read_table(summary.shard / "quarantine.parquet").to_pylist()
    assert [(q["stage"], q["doc_id"]) for q in quarantine] == [("load", strikes.doc_id)]
    assert "cannot store" in quarantine[0]["reason"]
    assert pq.read_table(summary.shard / "documents.parquet").column("doc_id").to_pylist() == [calls.doc_id]
