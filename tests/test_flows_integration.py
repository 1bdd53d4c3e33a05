"""Integration: the ingest flow on a local Dask cluster, and a real `prefect server start` with
`eventpipe serve` running a deployment triggered through the API. Deselect with -m "not integration"."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pytest

pytestmark = pytest.mark.integration
EVENT_ROWS = "SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id"
MENTION_ROWS = "SELECT * FROM event_mentions ORDER BY event_id, mention_index"


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.usefixtures("prefect_api")
def test_dask_cluster_codes_exactly_the_same_events_as_the_local_run(tmp_path: Path, samples_path: Path) -> None:
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams

    inputs = [samples_path]
    shared_seeds = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    if shared_seeds.is_dir():
        inputs.append(shared_seeds)
    local = ingest(IngestParams(paths=inputs, db=tmp_path / "local.duckdb", batch_size=2))
    on_dask = ingest(IngestParams(paths=inputs, db=tmp_path / "dask.duckdb", batch_size=2, dask="local", workers=2))
    assert on_dask.status == "succeeded" and on_dask.batches == local.batches > 2
    assert on_dask.events == local.events > 0
    assert rows(tmp_path / "dask.duckdb", EVENT_ROWS) == rows(tmp_path / "local.duckdb", EVENT_ROWS)
    assert rows(tmp_path / "dask.duckdb", MENTION_ROWS) == rows(tmp_path / "local.duckdb", MENTION_ROWS)


# ---- a real server ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """A process in its own session, so that it and its children can be ended together."""
    return subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)       # serve pauses its schedules on the way out
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(what: str, check, timeout: float, processes: list[subprocess.Popen], logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process, log in zip(processes, logs):
            if process.poll() is not None:
                pytest.fail(f"{process.args[:3]} exited with {process.returncode} while waiting for {what}:\n"
                            f"{log.read_text()[-3000:]}")
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(1)
    pytest.fail(f"timed out waiting for {what}:\n" + "\n".join(log.read_text()[-3000:] for log in logs))


def test_served_deployment_runs_when_triggered_through_the_api(tmp_path: Path, samples_path: Path) -> None:
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "prefect-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(samples_path, inbox / "articles.jsonl")
    db = tmp_path / "served.duckdb"
    prefect = Path(sys.executable).with_name("prefect")
    eventpipe = Path(sys.executable).with_name("eventpipe")
    logs = [tmp_path / "server.log", tmp_path / "serve.log"]
    server = start([str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, logs[0])
    processes = [server]
    try:
        wait_for("the Prefect server", lambda: httpx.get(f"{api}/health", timeout=5).status_code == 200,
                 180, processes, logs[:1])
        serve = start([str(eventpipe), "serve", "--only", "inbox", "--db", str(db), "--inbox", str(inbox)],
                      env | {"PREFECT_API_URL": api}, logs[1])
        processes.append(serve)

        def deployment():
            answer = httpx.get(f"{api}/deployments/name/ingest/inbox", timeout=5)
            return answer.json() if answer.status_code == 200 else None

        found = wait_for("the served deployment", deployment, 180, processes, logs)
        assert found["schedules"] and "cron" in found["schedules"][0]["schedule"]
        run = httpx.post(f"{api}/deployments/{found['id']}/create_flow_run", json={}, timeout=10).json()

        def finished():
            state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=5).json()["state"]
            return state if state and state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        state = wait_for("the flow run", finished, 300, processes, logs)
        assert state["type"] == "COMPLETED", state
    finally:
        for process in reversed(processes):
            stop(process)
    from eventpipe.coding.documents import read_inputs
    from eventpipe.schemas import Document

    expected = {d.doc_id for d in read_inputs([str(inbox)]) if isinstance(d, Document)}
    assert {r[0] for r in rows(db, "SELECT doc_id FROM documents")} == expected
    assert rows(db, "SELECT run_id, status::VARCHAR FROM runs") == [(run["id"], "succeeded")]
    assert rows(db, "SELECT count(*) FROM events")[0][0] > 0
    assert "serving 1 deployment(s)" in logs[1].read_text() and "ingest/inbox: cron" in logs[1].read_text()
