"""Safety of the warehouse's SQL: `eventpipe sql` and `query` cannot modify the database, even with
statements that hide a write (EXPLAIN ANALYZE, a data-modifying CTE, CHECKPOINT); values are bound,
never formatted into SQL (a scan of the source, and values full of SQL that come back unchanged)."""
from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import duckdb
import pytest

from eventpipe.flows.cli import main

ROOT = Path(__file__).resolve().parents[1]
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|JOIN|CREATE|DROP|ALTER|COPY|ATTACH|PRAGMA|VALUES|INTO)\b")

# Every expression formatted into a string that reads like SQL, in the modules that talk to DuckDB,
# and why it is not a value. A new one fails the scan until it is listed here with its reason.
FORMATTED = {
    ("warehouse/commands.py", "view"): "an export view's name, from EXPORT_VIEWS",
    ("warehouse/commands.py", "kind"): "a statement type in an error message, not SQL",
    ("warehouse/load.py", "table.name"): "a table name, from _MERGED",
    ("warehouse/load.py", "stamp"): "', $run_id AS <quoted column>' for the loader's columns: a parameter",
    ("warehouse/load.py", "key"): "a key column's name, from a fixed tuple in _check",
    ("warehouse/load.py", "name"): "a table name, from a fixed tuple in _check",
    ("warehouse/load.py", "same_key"): "key columns compared, names quoted with _quote",
    ("warehouse/load.py", "same_row"): "columns compared, names from SCHEMAS quoted with _quote",
    ("warehouse/load.py", "_quote(c)"): "a column name from SCHEMAS, quoted",
    ("warehouse/load.py", "existing"): "a fixed condition on _stage_existing",
    ("warehouse/load.py", "kept"): "a subquery built above from the same fixed parts",
    ("warehouse/load.py", "insert"): "an INSERT built above from a table name and stamp",
    ("warehouse/reference.py", "table"): "a reference table's name, from codebook_tables and load_dictionary",
    ("flows/store.py", "t"): "a table name, from TABLES",
    ("flows/commands.py", "db_option"): "a printed hint for the analyst, not executed",
}


def formatted_into_sql() -> set[tuple[str, str]]:
    """(module, expression) for every expression formatted into an SQL-like string by an f-string,
    and every %-format, .format() or + on an SQL-like literal."""
    found: set[tuple[str, str]] = set()
    for folder in ("warehouse", "flows", "coding", "sql"):
        for path in sorted((ROOT / folder).glob("*.py")):
            module = f"{folder}/{path.name}"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.JoinedStr):
                    literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                    if SQL_WORDS.search(literal):
                        found |= {(module, ast.unparse(v.value)) for v in node.values if isinstance(v, ast.FormattedValue)}
                elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
                    if any(isinstance(side, ast.Constant) and isinstance(side.value, str) and SQL_WORDS.search(side.value)
                           for side in (node.left, node.right)):
                        found.add((module, ast.unparse(node)))
                elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
                      and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
                      and SQL_WORDS.search(node.func.value.value)):
                    found.add((module, ast.unparse(node)))
    return found


def test_no_value_is_formatted_into_sql() -> None:
    found = formatted_into_sql()
    assert found - set(FORMATTED) == set(), "formatted into SQL: bind it as $name, or list it with a reason"
    assert set(FORMATTED) - found == set(), "listed but no longer formatted: remove it from FORMATTED"


def test_values_full_of_sql_come_back_unchanged(tmp_path: Path, capsys) -> None:
    """Ids, texts, paths and query parameters with quotes, comments and parameter markers."""
    import json

    from conftest import make_event

    from eventpipe.schemas import Document, QuarantineItem
    from eventpipe.warehouse.connect import open_writer
    from eventpipe.warehouse.load import load_batch

    nasty = "x'); DROP TABLE events; -- $run_id ? \\' \" /* */ %s {0}"
    document = Document(doc_id=nasty, text=f"Russia attacked {nasty}.", title=nasty, source=nasty, url=nasty,
                        published_at="2025-03-02")
    event = make_event(nasty + "-event", document, "1952", "drone_strike", "2025-03-01", "RUSMIL", "UKR")
    bad = QuarantineItem(stage="parse", reason=nasty, path=nasty, line=1, doc_id=nasty, excerpt=nasty)
    db = tmp_path / "w.duckdb"
    con = open_writer(db)
    try:
        load_batch(con, [document], [event], [bad], nasty, "dict-1")
        assert con.execute("SELECT doc_id, text, title, source, url, run_id FROM documents").fetchall() == \
            [(nasty, document.text, nasty, nasty, nasty, nasty)]
        assert con.execute("SELECT reason, path, doc_id, excerpt FROM quarantine").fetchall() == [(nasty,) * 4]
    finally:
        con.close()
    capsys.readouterr()
    assert main(["query", "event_evidence", "--param", f"event_id={nasty}-event", "--format", "json", "--db", str(db)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["event_id"] for r in rows} == {nasty + "-event"}
    assert main(["query", "event_evidence", "--param", "event_id=' OR 1=1 --", "--format", "json", "--db", str(db)]) == 0
    assert capsys.readouterr().out == ""
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(1,)]
    con.close()


@pytest.mark.parametrize("statement", [
    "EXPLAIN ANALYZE DELETE FROM events",
    "EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1",
    "WITH gone AS (DELETE FROM events RETURNING *) SELECT count(*) FROM gone",
    "CHECKPOINT",
    "CALL checkpoint()",
    "PRAGMA force_checkpoint",
    "EXPORT DATABASE 'dump'",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('*')",
    "USE memory",
    "SET access_mode = 'read_write'",
    "RESET lock_configuration",
    "CREATE SECRET (TYPE s3)",
    "INSTALL httpfs",
])
def test_statements_that_hide_a_write_change_nothing(warehouse: Path, tmp_path: Path, monkeypatch, capsys,
                                                     statement: str) -> None:
    monkeypatch.chdir(tmp_path)
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    status = main(["sql", statement, "--db", str(warehouse)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert status == 0 or err.startswith("eventpipe sql: ")
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb"]
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchall() == [(13,)]
    con.close()
