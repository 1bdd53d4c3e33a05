"""Concurrency: two runs against one warehouse, and readers during a load.

A run holds the warehouse's run lock (flows/store.run_lock) from start to end: a second run waits
for it (saying so), then does its own work; with a deadline it stops with a message that names the
run holding the warehouse. Readers (`eventpipe sql`, `query`, `export`) during a load get the
"a load is running" message, never a traceback, and an answer once the load is over. To hold a run
inside its load transaction for as long as the test needs, it pauses at a checkpoint
(EVENTPIPE_PAUSE_AT, warehouse/checkpoints.py) until the test lets it go.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from importlib import resources
from pathlib import Path

import duckdb
import pytest

from eventpipe.flows.store import RunInProgress, lock_path, run_lock

RUN = textwrap.dedent("""
    import sys
    from pathlib import Path
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams
    ingest(IngestParams(paths=[Path(sys.argv[1])], db=Path(sys.argv[2]), batch_size=2, load_size=2))
""")
CLI = [sys.executable, "-m", "eventpipe.flows.cli"]


def samples() -> Path:
    return Path(str(resources.files("eventpipe.data"))) / "samples" / "articles.jsonl"


def wait_for(condition, what: str, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def table_rows(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * EXCLUDE ({volatile}) FROM {t} ORDER BY ALL").fetchall()
                for t, volatile in (("documents", "run_id"), ("events", "run_id"),
                                    ("quarantine", "run_id, quarantined_at"))}
    finally:
        con.close()


@pytest.mark.usefixtures("prefect_api")
def test_a_second_run_waits_for_the_first_and_readers_get_an_answer_or_a_clear_message(tmp_path: Path, run_env) -> None:
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    shutil.copy(samples(), first / "articles.jsonl")
    (first / "bad.txt").write_bytes(b"\xff\xfe\x00")
    shutil.copytree(first, second)
    (second / "talks.txt").write_text("Ukraine and Poland held talks in Warsaw on Monday, officials said.\n")
    db = tmp_path / "w.duckdb"

    trace = tmp_path / "first.trace"
    holder_log = tmp_path / "first.log"
    with holder_log.open("w") as log:
        holder = subprocess.Popen([sys.executable, "-c", RUN, str(first), str(db)], stderr=log,
                                  env=run_env(tmp_path / "home-1", EVENTPIPE_CHECKPOINTS=str(trace),
                                              EVENTPIPE_PAUSE_AT="load.documents:1"))
    waiter = None
    try:
        # (the coding thread goes on while the loading thread waits: the trace may grow past the pause)
        wait_for(lambda: trace.exists() and "load.documents\n" in trace.read_text(),
                 "the first run to pause inside its first load transaction")

        # readers while the load transaction is open: a clear message, no traceback, nothing changed
        for argv in (["sql", "SELECT count(*) FROM documents"], ["query", "quarantine"], ["export", "--style", "acled"]):
            done = subprocess.run(CLI + argv + ["--db", str(db), "--wait", "0.5"], capture_output=True, text=True,
                                  timeout=120)
            assert done.returncode == 1, done.stdout
            assert done.stderr.startswith(f"eventpipe {argv[0]}: ") and "a load is running" in done.stderr
            assert "Traceback" not in done.stderr

        # a second run on the same warehouse waits for the first, saying so
        waiter_log = tmp_path / "second.log"
        with waiter_log.open("w") as log:
            waiter = subprocess.Popen([sys.executable, "-c", RUN, str(second), str(db)], stderr=log,
                                      env=run_env(tmp_path / "home-2", EVENTPIPE_CHECKPOINTS=str(tmp_path / "second.trace")))
        wait_for(lambda: "is in use by another eventpipe run" in waiter_log.read_text(), "the second run to wait")
        assert waiter.poll() is None
        assert not (tmp_path / "second.trace").exists()               # it has not touched the warehouse
        assert "process" in lock_path(db).read_text()                 # the holder, as the message names it

        Path(f"{trace}.go").touch()
        assert holder.wait(timeout=300) == 0, holder_log.read_text()
        assert waiter.wait(timeout=300) == 0, waiter_log.read_text()
    finally:
        Path(f"{trace}.go").touch()
        for process in (holder, waiter):
            if process is not None and process.poll() is None:
                process.kill()

    # both runs did their work, one after the other: as if run in turn
    alone = tmp_path / "alone.duckdb"
    ingest(IngestParams(paths=[first], db=alone))
    ingest(IngestParams(paths=[second], db=alone))
    assert table_rows(db) == table_rows(alone)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT status::VARCHAR, documents FROM runs ORDER BY started_at").fetchall() == \
        [("succeeded", 6), ("succeeded", 1)]
    con.close()
    done = subprocess.run(CLI + ["sql", "SELECT count(*) AS n FROM documents", "--format", "csv", "--db", str(db)],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.split()) == (0, ['"n"', "7"])


def test_a_run_that_cannot_get_the_warehouse_in_time_stops_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    told: list[str] = []
    with run_lock(db, "first-run"):
        with pytest.raises(RunInProgress) as stopped:
            with run_lock(db, "second-run", wait=0.5, waiting=told.append):
                pytest.fail("two runs held the warehouse at once")
    message = str(stopped.value)
    assert f"run first-run, process {os.getpid()}" in message and "one at a time" in message
    assert len(told) == 1 and "waiting for it to finish" in told[0]
    with run_lock(db, "third-run", wait=0):                            # released on exit
        assert "run third-run" in lock_path(db).read_text()


def test_the_run_lock_of_a_killed_run_is_free_at_once(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from eventpipe.flows.store import run_lock
        with run_lock(Path({str(db)!r}), "doomed-run"):
            print("held", flush=True)
            time.sleep(600)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(RunInProgress, match="doomed-run"):
            with run_lock(db, "early", wait=0.2):
                pass
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
        with run_lock(db, "next", wait=0):
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
