"""Crash safety: the ingest flow, in its own process, is killed with SIGKILL at 20 points (creating
the schema, staging batch files, coding, writing shards, inside a load transaction, between loads,
recording the run's end). After each kill the warehouse is consistent: every document in it has
exactly its events and mentions, no half batch, and each run's counts match the rows it committed.
Then the same run again finishes, and the warehouse equals the one an uninterrupted run makes
(every table but `runs`, whose run ids and times differ); the killed run is recorded as failed.

How the kill points are chosen: warehouse/checkpoints.py. The process runs with
EVENTPIPE_CHECKPOINTS=<trace file> and EVENTPIPE_KILL_AT=<name>:<n>, and kills itself the n-th time
it reaches checkpoint <name>; counting per name keeps the point the same from run to run although
coding (a worker thread) and loading (the flow's thread) interleave differently. The trace shows
where it died. All processes share the session's Prefect server (conftest.run_env), and scenarios
run two at a time.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb
import pytest

# (checkpoint, n, what the run was doing). Batches of 2 documents and loads of 2 documents: the inbox
# below makes 4 batches and 4 load transactions, so "between loads" has room.
KILL_POINTS = [
    ("migrate.applied", 1, "creating the schema: the first of the migrations applied"),
    ("migrate.applied", 3, "creating the schema: three migrations applied"),
    ("prepare.codebook", 1, "refreshing the reference tables"),
    ("prepare.recorded", 1, "just after recording the run"),
    ("stage.batch-scratch", 1, "staging: the first batch file written aside, not yet renamed"),
    ("stage.batch-written", 3, "staging: three batch files of four written"),
    ("code.started", 1, "coding the first batch"),
    ("code.coded", 2, "the second batch coded, its shard not written"),
    ("shard.scratch-written", 1, "the first shard written aside, not yet renamed"),
    ("code.shard-written", 3, "three shards written"),
    ("load.staged", 1, "the first load staged, its transaction not begun"),
    ("load.documents", 1, "in the first load transaction: documents merged"),
    ("load.events", 2, "in the second load transaction: events merged"),
    ("load.mentions", 3, "in the third load transaction: mentions merged"),
    ("load.before-commit", 1, "in the first load transaction: everything merged, not committed"),
    ("load.committed", 2, "just after the second load committed"),
    ("loader.loaded", 1, "after the first load, its shards not yet deleted"),
    ("loader.cleaned", 3, "between the third and the fourth load"),
    ("finish.before", 1, "everything loaded, the run's end not recorded"),
    ("finish.recorded", 1, "the run's end recorded, the flow not yet returned"),
]
TWICE = (("load.events", 1), ("load.committed", 1))   # killed, then its rerun killed too

RUN = textwrap.dedent("""
    import sys
    from pathlib import Path
    from eventpipe.flows.ingest import ingest
    from eventpipe.flows.params import IngestParams
    summary = ingest(IngestParams(paths=[Path(sys.argv[1])], db=Path(sys.argv[2]), batch_size=2, load_size=2))
    print(summary.model_dump_json())
""")
VOLATILE = {"documents": ("run_id",), "events": ("run_id",), "event_mentions": (),
            "quarantine": ("run_id", "quarantined_at")}


@dataclass
class Outcome:
    problems: list[str] = field(default_factory=list)
    runs: list[tuple] = field(default_factory=list)


def make_inbox(inbox: Path) -> Path:
    inbox.mkdir(parents=True)
    samples = Path(str(resources.files("eventpipe.data"))) / "samples" / "articles.jsonl"
    shutil.copy(samples, inbox / "articles.jsonl")                      # 6 documents
    (inbox / "talks.txt").write_text("Ukraine and Poland held talks in Warsaw on Monday, officials said.\n")
    (inbox / "bad.txt").write_bytes(b"\xff\xfe\x00 not text")
    (inbox / "feed.jsonl").write_text('{"doc_id": "feed-1", "text": "Russia imposed sanctions on Britain '
                                      'on 3 March 2025.", "published_at": "2025-03-04"}\n{"text": \n')
    return inbox


def snapshot(db: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {}
        for table, volatile in VOLATILE.items():
            exclude = f" EXCLUDE ({', '.join(volatile)})" if volatile else ""
            cursor = con.execute(f"SELECT *{exclude} FROM {table} ORDER BY ALL")
            tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
        return tables
    finally:
        con.close()


def runs(db: Path) -> list[tuple]:
    """Each run: status, whether it has an end time, and its counts next to the rows it committed."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("""
            SELECT r.run_id, r.status::VARCHAR, r.finished_at IS NOT NULL, r.documents,
                   (SELECT count(*) FROM documents d WHERE d.run_id = r.run_id),
                   r.events, (SELECT count(*) FROM events e WHERE e.run_id = r.run_id)
            FROM runs r ORDER BY r.started_at""").fetchall()
    finally:
        con.close()


def no_half_batch(db: Path, baseline: dict) -> list[str]:
    """What an analyst could see now: each stored document with all of its events and mentions
    (exactly the uninterrupted run's), nothing else; run counts equal to the committed rows."""
    if not db.exists():
        return []
    now = snapshot(db)
    columns, documents = now["documents"]
    stored = {row[columns.index("doc_id")] for row in documents}
    problems = []
    if not set(documents) <= set(baseline["documents"][1]):
        problems.append("documents that an uninterrupted run does not store")
    for table in ("events", "event_mentions"):
        names, rows = baseline[table]
        want = [r for r in rows if r[names.index("doc_id")] in stored]
        if now[table][1] != want:
            problems.append(f"{table}: {len(now[table][1])} rows for the stored documents, an uninterrupted "
                            f"run has {len(want)}")
    if not set(now["quarantine"][1]) <= set(baseline["quarantine"][1]):
        problems.append("quarantine rows that an uninterrupted run does not store")
    for run_id, status, _, documents_counted, documents_held, events_counted, events_held in runs(db):
        if (documents_counted, events_counted) != (documents_held, events_held):
            problems.append(f"run {run_id} ({status}) counts {documents_counted} documents and {events_counted} "
                            f"events but committed {documents_held} and {events_held}")
    return problems


class Harness:
    def __init__(self, root: Path, run_env):
        self.root = root
        self.run_env = run_env
        self.inbox = make_inbox(root / "inbox")

    def run(self, work: Path, kill: str | None = None) -> subprocess.CompletedProcess:
        extra = {"EVENTPIPE_CHECKPOINTS": str(work / "trace")}
        if kill:
            extra["EVENTPIPE_KILL_AT"] = kill
        (work / "trace").unlink(missing_ok=True)
        return subprocess.run([sys.executable, "-c", RUN, str(self.inbox), str(work / "w.duckdb")],
                              env=self.run_env(work / "prefect", **extra), capture_output=True, text=True,
                              timeout=600)

    def killed(self, work: Path, name: str, n: int, baseline: dict) -> list[str]:
        done = self.run(work, f"{name}:{n}")
        trace = (work / "trace").read_text().splitlines()
        if done.returncode != -9:
            return [f"not killed at {name}:{n} (exit {done.returncode}): {done.stderr[-2000:]}"]
        if trace[-1] != name or trace.count(name) != n:
            return [f"died at {trace[-1]} (#{trace.count(trace[-1])}), not at {name}:{n}"]
        return [f"after the kill at {name}:{n}: {p}" for p in no_half_batch(work / "w.duckdb", baseline)]

    def scenario(self, kills: tuple[tuple[str, int], ...], baseline: dict) -> Outcome:
        work = self.root / "-".join(f"{name}.{n}" for name, n in kills)
        work.mkdir()
        outcome = Outcome()
        for name, n in kills:
            outcome.problems += self.killed(work, name, n, baseline)
        done = self.run(work)
        db = work / "w.duckdb"
        if done.returncode != 0:
            outcome.problems.append(f"the rerun failed (exit {done.returncode}): {done.stderr[-3000:]}")
            return outcome
        if snapshot(db) != baseline:
            outcome.problems.append("after the rerun the warehouse differs from an uninterrupted run's")
        outcome.problems += [f"after the rerun: {p}" for p in no_half_batch(db, baseline)]
        outcome.runs = runs(db)
        if db.with_name(db.name + ".staging").exists():
            outcome.problems.append("the rerun left the staging folder behind")
        return outcome


@pytest.fixture(scope="module")
def crashes(tmp_path_factory: pytest.TempPathFactory, run_env) -> dict[str, object]:
    harness = Harness(tmp_path_factory.mktemp("crash"), run_env)
    work = harness.root / "uninterrupted"
    work.mkdir()
    done = harness.run(work)
    assert done.returncode == 0, done.stderr
    baseline = snapshot(work / "w.duckdb")
    scenarios = [((name, n),) for name, n, _ in KILL_POINTS] + [TWICE]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = dict(zip(scenarios, pool.map(lambda kills: harness.scenario(kills, baseline), scenarios)))
    return {"baseline": baseline, "trace": (work / "trace").read_text().splitlines(), "outcomes": outcomes,
            "uninterrupted runs": runs(work / "w.duckdb")}


def test_the_uninterrupted_run_passes_every_kill_point(crashes) -> None:
    trace = crashes["trace"]
    assert all(trace.count(name) >= n for name, n, _ in KILL_POINTS)
    assert trace.count("load.committed") == 4                          # four load transactions
    documents, events = (len(crashes["baseline"][t][1]) for t in ("documents", "events"))
    assert documents == 8 and events > 0 and len(crashes["baseline"]["quarantine"][1]) == 2
    assert [r[1:] for r in crashes["uninterrupted runs"]] == [("succeeded", True, documents, documents, events, events)]


@pytest.mark.parametrize("name, n, doing", KILL_POINTS, ids=[f"{name}:{n}" for name, n, _ in KILL_POINTS])
def test_killed_run_leaves_no_half_batch_and_the_rerun_reaches_the_same_state(crashes, name, n, doing) -> None:
    outcome = crashes["outcomes"][((name, n),)]
    assert outcome.problems == []
    statuses = [(status, ended) for _, status, ended, *_ in outcome.runs]
    if name == "finish.recorded":                                      # it had finished: honest as it is
        assert statuses == [("succeeded", True), ("succeeded", True)]
    elif name in ("migrate.applied", "prepare.codebook"):              # killed before it was recorded
        assert statuses == [("succeeded", True)]
    else:                                                              # killed: failed, end unknown
        assert statuses == [("failed", False), ("succeeded", True)]


def test_a_rerun_killed_too_still_ends_in_the_same_state(crashes) -> None:
    outcome = crashes["outcomes"][TWICE]
    assert outcome.problems == []
    assert [(status, ended) for _, status, ended, *_ in outcome.runs] == \
        [("failed", False), ("failed", False), ("succeeded", True)]
