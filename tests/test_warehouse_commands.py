"""`eventpipe sql`, `query` and `export` through the real command line parser: output formats,
read-only enforcement, a missing database, and a database locked by a running load."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventpipe.flows.cli import main


def cli(*argv: str) -> int:
    return main(list(argv))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sql_prints_an_aligned_table(warehouse, capsys):
    assert cli("sql", "SELECT event_id, quantity FROM events WHERE quantity IS NOT NULL ORDER BY event_id",
               "--db", str(warehouse)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["event_id", "quantity"]
    assert set(lines[1]) == {"-", " "}
    assert [line.split() for line in lines[2:]] == [["ev-resume", "3"], ["ev-strike-1", "40"]]
    assert lines[2].endswith(" 3") and len(lines[2]) == len(lines[3])   # numbers right-aligned


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_sql_writes_csv_json_and_parquet(warehouse, tmp_path, capsys, fmt):
    out = tmp_path / f"out.{fmt}"
    sql = "SELECT event_id, event_date, modality FROM events WHERE kind = 'phone_call' ORDER BY event_id"
    assert cli("sql", sql, "--format", fmt, "--out", str(out), "--db", str(warehouse)) == 0
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
    elif fmt == "json":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    else:
        rows = [{k: str(v) for k, v in r.items()} for r in pq.read_table(out).to_pylist()]
    assert [(r["event_id"], r["event_date"], r["modality"]) for r in rows] == [
        ("ev-call-1", "2025-03-03", "asserted"), ("ev-call-denied", "2025-03-10", "denied"),
        ("ev-call-kyiv", "2025-03-04", "asserted")]
    assert "3 rows" in capsys.readouterr().err


@pytest.mark.parametrize("statement", [
    "INSERT INTO runs (run_id, started_at) VALUES ('x', now())",
    "DELETE FROM events",
    "UPDATE events SET goldstein = 0",
    "DROP TABLE events",
    "CREATE TABLE t AS SELECT 1",
    "ATTACH 'other.duckdb'",
    "COPY events TO 'stolen.csv'",
    "INSTALL httpfs",
])
def test_read_only_commands_cannot_write(warehouse, tmp_path, monkeypatch, capsys, statement):
    monkeypatch.chdir(tmp_path)
    before = digest(warehouse)
    assert cli("sql", statement, "--db", str(warehouse)) == 1
    err = capsys.readouterr().err
    assert err.startswith("eventpipe sql: ") and "read-only" in err and "Traceback" not in err
    assert digest(warehouse) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb"]


def test_other_files_stay_out_of_reach_and_the_connection_is_read_only(warehouse, tmp_path, capsys):
    (tmp_path / "secret.csv").write_text("a\n1\n")
    assert cli("sql", f"SELECT * FROM read_csv('{tmp_path / 'secret.csv'}')", "--db", str(warehouse)) == 1
    assert "disabled" in capsys.readouterr().err
    assert cli("sql", "SELECT current_setting('access_mode')", "--db", str(warehouse)) == 0
    assert "read_only" in capsys.readouterr().out


def test_bad_sql_is_one_clear_line(warehouse, capsys):
    assert cli("sql", "SELECT * FROM no_such_table", "--db", str(warehouse)) == 1
    err = capsys.readouterr().err
    assert err.startswith("eventpipe sql: Catalog Error") and "Traceback" not in err
    assert cli("sql", "SELECT 1; SELECT 2", "--db", str(warehouse)) == 1
    assert "one statement" in capsys.readouterr().err


def test_a_missing_database_is_reported_not_created(tmp_path, capsys):
    missing = tmp_path / "nowhere.duckdb"
    for argv in (["sql", "SELECT 1"], ["query", "quarantine"], ["export", "--style", "acled"]):
        assert cli(*argv, "--db", str(missing)) == 1
        assert "no database at" in capsys.readouterr().err
    assert not missing.exists()


def test_query_lists_runs_and_checks_parameters(warehouse, capsys):
    assert cli("query") == 0
    listing = capsys.readouterr().out
    assert "drone_strikes_per_day" in listing and "$country" in listing and "(required)" in listing
    assert cli("query", "drone_strikes_per_day", "--param", "country=UKR", "--format", "json",
               "--db", str(warehouse)) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["event_date"], r["strikes"]) for r in rows] == [("2025-03-01", 1), ("2025-03-02", 1)]
    assert cli("query", "no_such_query", "--db", str(warehouse)) == 1
    assert "no query named" in capsys.readouterr().err
    assert cli("query", "event_evidence", "--db", str(warehouse)) == 1
    assert "needs $event_id" in capsys.readouterr().err
    assert cli("query", "quarantine", "--param", "colour=red", "--db", str(warehouse)) == 1
    assert "no parameter $colour" in capsys.readouterr().err
    assert cli("query", "quarantine", "--param", "stage", "--db", str(warehouse)) == 1
    assert "NAME=VALUE" in capsys.readouterr().err


def test_export_acled_csv_and_gdelt_parquet(warehouse, tmp_path, capsys):
    assert cli("export", "--style", "acled", "--db", str(warehouse)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["event_id_cnty"] for r in rows] == ["ev-strike-1", "ev-strike-2", "ev-strike-3"]
    assert rows[0]["sub_event_type"] == "Air/drone strike" and rows[0]["assoc_actor_1"] == ""
    out = tmp_path / "mentions.parquet"
    assert cli("export", "--style", "gdelt-mentions", "--format", "parquet", "--out", str(out),
               "--db", str(warehouse)) == 0
    table = pq.read_table(out)
    assert table.column_names[:3] == ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate"]
    assert table.num_rows == 11   # mentions of the asserted events: ev-strike-1 has two
    assert cli("export", "--style", "gdelt-events", "--format", "parquet", "--db", str(warehouse)) == 1
    assert "needs --out" in capsys.readouterr().err


HOLD_LOCK = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
    print("locked", flush=True)
    sys.stdin.read()                        # until the test closes our standard input
    con.close()
""")


def hold(path: Path, mode: str) -> subprocess.Popen:
    """Another process with the database open: "write" as a running load, "read" as an analyst."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), mode],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def release(holder: subprocess.Popen) -> None:
    if holder.poll() is None:
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.fixture
def locked(warehouse):
    holder = hold(warehouse, "write")
    yield holder
    release(holder)


def test_a_locked_database_gives_a_clear_message(warehouse, locked, capsys):
    assert cli("sql", "SELECT count(*) FROM events", "--wait", "0.3", "--db", str(warehouse)) == 1
    err = capsys.readouterr().err
    assert "a load is running" in err and "export" in err and "Traceback" not in err


def test_a_reader_waits_for_the_load_to_finish(warehouse, locked):
    reader = subprocess.Popen([sys.executable, "-m", "eventpipe.flows.cli", "sql", "SELECT count(*) AS n FROM events",
                               "--format", "csv", "--wait", "60", "--db", str(warehouse)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)       # the reader is now polling the lock (if it is not, it simply finds it free)
    release(locked)
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert list(csv.reader(io.StringIO(out))) == [["n"], ["13"]]


def test_a_load_cannot_start_while_an_analyst_session_is_open(warehouse):
    from eventpipe.warehouse.connect import DatabaseLocked, open_writer

    holder = hold(warehouse, "read")
    try:
        with pytest.raises(DatabaseLocked, match="open in another process"):
            open_writer(warehouse, wait=0.3)
    finally:
        release(holder)
    open_writer(warehouse).close()
