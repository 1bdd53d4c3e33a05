"""The typed records: an Event is exactly CONTRACT.md's record (plus fields added at the end) and
round-trips JSON -> model -> JSON unchanged; input documents validate as the contract says."""
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from eventpipe.coding.coder import Coder
from eventpipe.schemas import CONTRACT_FIELDS, Document, Event

from shared import SHARED

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples" / "articles.jsonl"


@pytest.fixture(scope="module")
def sample_events() -> list[Event]:
    documents = [Document.model_validate_json(line) for line in SAMPLES.read_text().splitlines()]
    events = [e for _, found in Coder().code(documents) for e in found]
    assert len(events) >= 10
    return events


def test_events_round_trip_unchanged(sample_events):
    for event in sample_events:
        line = event.to_json()
        assert Event.model_validate_json(line).to_json() == line


def test_the_contract_fields_come_first_in_the_contract_order(sample_events):
    contract = _contract_fields()
    assert list(CONTRACT_FIELDS) == contract
    for event in sample_events:
        assert list(json.loads(event.to_json()))[:len(contract)] == contract


def test_values_have_the_contract_types(sample_events):
    for record in (json.loads(e.to_json()) for e in sample_events):
        assert record["event_date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["event_date"])
        assert record["date_precision"] in (None, "day", "week", "month", "year")
        assert re.fullmatch(r"[a-z][a-z0-9_]*", record["kind"])
        assert re.fullmatch(r"\d{2,4}", record["cameo_code"]) and record["cameo_code"].startswith(record["cameo_root"])
        assert record["quad_class"] in (1, 2, 3, 4) and -10 <= record["goldstein"] <= 10
        for role in ("source_actor", "target_actor"):
            actor = record[role]
            assert actor is None or set(actor) == {"code", "name", "country", "sector"}
        location = record["location"]
        assert location is None or {"name", "country", "admin1", "latitude", "longitude", "geo_precision"} <= set(location)
        assert isinstance(record["modality"], str) and record["rule_id"]
        assert 0 <= record["confidence"] <= 1


def _contract_fields() -> list[str]:
    """The output fields named in ../shared/CONTRACT.md's table, else the ones we know it has."""
    contract = SHARED / "CONTRACT.md"
    if not contract.exists():
        return list(CONTRACT_FIELDS)
    text = contract.read_text(encoding="utf-8").split("## Output event", 1)[1]
    return re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.M)


@pytest.mark.parametrize(("record", "problem"), [
    ({"text": "   "}, "text is empty"),
    ({"doc_id": "x"}, "text"),
    ({"text": "ok", "published_at": "yesterday"}, "published_at"),
    ({"text": 42}, "text"),
])
def test_bad_documents_are_refused_with_the_reason(record, problem):
    with pytest.raises(ValidationError, match=problem):
        Document.model_validate(record)


def test_documents_take_an_iso_date_or_date_time_and_derive_their_id():
    a = Document.model_validate({"text": "Same text.", "published_at": "2025-07-04T23:10:00+02:00"})
    b = Document.model_validate({"text": "Same text."})
    assert a.published_at == dt.date(2025, 7, 4)
    assert a.doc_id == b.doc_id and a.doc_id.startswith("doc-")


@pytest.mark.parametrize("args", [["schema"], ["codebook", "1622"]])
def test_pure_commands_do_not_import_prefect(args):
    code = ("import sys, io, contextlib\nfrom eventpipe.flows.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()):\n    assert main({args!r}) == 0\n"
            "print('prefect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_schema_command_prints_both_json_schemas(capsys):
    from eventpipe.flows.cli import main

    assert main(["schema"]) == 0
    schemas = json.loads(capsys.readouterr().out)
    assert set(schemas) == {"document", "event"}
    assert schemas["document"]["required"] == ["text"]
    assert set(CONTRACT_FIELDS) <= set(schemas["event"]["properties"])
