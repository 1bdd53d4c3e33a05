"""Every analyst query and view on the hand-built sample (tests/conftest.py): the rows an analyst
should get, with bound parameters."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import Sample

from eventpipe.coding.codebook import load_codebook
from eventpipe.warehouse.connect import open_reader
from eventpipe.warehouse.queries import parse, queries

# ACLED's and GDELT 2.0's published column orders (ACLED export API; GDELT Event and Mentions codebooks).
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
GDELT_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
               "Type1Code", "Type2Code", "Type3Code"]
GDELT_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_EVENT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in GDELT_ACTOR] + [f"Actor2{c}" for c in GDELT_ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in GDELT_GEO] + [f"Actor2Geo_{c}" for c in GDELT_GEO]
    + [f"ActionGeo_{c}" for c in GDELT_GEO] + ["DATEADDED", "SOURCEURL"])
GDELT_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras"]


def goldstein(code: str) -> float:
    return load_codebook().cameo(code).goldstein


def run(warehouse, name: str, **params) -> list[dict]:
    query = queries()[name]
    con = open_reader(warehouse)
    try:
        cur = con.execute(query.sql, query.bind(params))
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
    finally:
        con.close()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Each query file, its parameters, and what it must return on the sample.
CASES = {
    "drone_strikes_per_day": [
        ({"country": "UKR"}, lambda rows: [(r["event_date"], r["strikes"], r["drones"], r["fatalities"]) for r in rows]
         == [(day("2025-03-01"), 1, 40, 2), (day("2025-03-02"), 1, None, None)]),   # planned strike left out
        ({}, lambda rows: [(r["event_date"], r["target_country"]) for r in rows]
         == [(day("2025-03-01"), "UKR"), (day("2025-03-02"), "RUS"), (day("2025-03-02"), "UKR")]),
        ({"country": "UKR", "since": "2025-03-02"}, lambda rows: [r["event_date"] for r in rows] == [day("2025-03-02")]),
    ],
    "leader_calls": [
        ({"a": "USA", "b": "RUS"}, lambda rows: [(r["event_id"], r["modality"], r["source_role"], r["target_role"])
                                                 for r in rows]
         == [("ev-call-1", "asserted", "President", "President"), ("ev-call-denied", "denied", "President", "President")]),
        ({"a": "RUS", "b": "USA", "until": "2025-03-05"}, lambda rows: [r["event_id"] for r in rows] == ["ev-call-1"]),
        ({"a": "UKR", "b": "RUS"}, lambda rows: rows == []),
    ],
    "sanctions_timeline": [
        ({"country": "RUS"}, lambda rows: [(r["event_date"], r["step"], r["modality"], r["source_country"]) for r in rows]
         == [(day("2025-02-20"), "imposed", "asserted", "EUR"), (day("2025-02-22"), "threat", "asserted", "USA"),
             (day("2025-03-15"), "relief", "planned", "USA")]),
        ({"country": "UKR"}, lambda rows: rows == []),
    ],
    "weapons_pauses": [
        ({"supplier": "USA", "recipient": "UKR"}, lambda rows: [(r["event_id"], r["phase"]) for r in rows]
         == [("ev-pause", "pause"), ("ev-resume", "resumption"), ("ev-deliver", "delivery")]),
        ({"since": "2025-03-10"}, lambda rows: [(r["event_id"], r["phase"]) for r in rows]
         == [("ev-resume", "resumption"), ("ev-deliver", "delivery")]),   # the pause before still counts
        ({"supplier": "RUS"}, lambda rows: rows == []),
    ],
    "dyad_extremes": [
        ({}, lambda rows: [(r["stance"], r["rank"], r["source_country"], r["target_country"],
                            round(r["goldstein_sum"], 6)) for r in rows]
         == [("hostile", 1, "RUS", "UKR", round(2 * goldstein("1952"), 6)),
             ("hostile", 2, "UKR", "RUS", round(goldstein("1952"), 6)),
             ("hostile", 3, "EUR", "RUS", round(goldstein("163"), 6)),
             ("hostile", 4, "USA", "RUS", round(goldstein("041") + goldstein("1312"), 6)),
             ("cooperative", 1, "USA", "UKR",
              round(goldstein("041") + goldstein("1622") + 2 * goldstein("072"), 6))]),
        ({"top": "1", "until": "2025-03-01"}, lambda rows: [(r["stance"], r["source_country"], r["events"]) for r in rows]
         == [("hostile", "RUS", 1)]),
        ({"min_events": "2"}, lambda rows: {(r["source_country"], r["target_country"]) for r in rows}
         == {("RUS", "UKR"), ("USA", "RUS"), ("USA", "UKR")}),
    ],
    "event_evidence": [
        ({"event_id": "ev-strike-1"}, lambda rows: [(r["mention_index"], r["sentence"], r["doc_url"]) for r in rows]
         == [(i, f"Russian forces drone strike on 2025-03-01. (mention {i})", "https://example.org/strikes")
             for i in (0, 1)]),
        ({"event_id": "no-such-event"}, lambda rows: rows == []),
    ],
    "quarantine": [
        ({}, lambda rows: sorted((r["stage"], r["path"], r["line"]) for r in rows)
         == [("parse", "inbox/feed.jsonl", 7), ("read", "inbox/bad.txt", None)]),
        ({"stage": "parse"}, lambda rows: [r["reason"] for r in rows] == ["malformed JSON"]),
        ({"run_id": "run-0"}, lambda rows: rows == []),
    ],
}


def test_every_query_file_has_cases():
    assert set(CASES) == set(queries())


@pytest.mark.parametrize("name, params, check", [
    (name, params, check) for name, cases in CASES.items() for params, check in cases])
def test_query_returns_the_expected_rows(warehouse, name, params, check):
    rows = run(warehouse, name, **params)
    assert check(rows), rows


def test_queries_have_headers_and_declare_what_they_use():
    for query in queries().values():
        assert query.summary and query.summary[0].isupper()
        assert all(p.description for p in query.params)
    with pytest.raises(ValueError, match="declares"):
        parse("bad", "-- A question.\n-- $country  a country\nSELECT * FROM events WHERE kind = $kind")
    with pytest.raises(ValueError, match="header"):
        parse("bad", "SELECT 1")


def test_bind_refuses_unknown_and_missing_parameters():
    query = queries()["event_evidence"]
    with pytest.raises(ValueError, match=r"\$event_id"):
        query.bind({})
    with pytest.raises(ValueError, match="no parameter"):
        query.bind({"event_id": "x", "country": "UKR"})
    assert queries()["drone_strikes_per_day"].bind({"country": "UKR"}) == {
        "country": "UKR", "since": None, "until": None}


def test_a_value_is_data_not_sql(warehouse):
    rows = run(warehouse, "drone_strikes_per_day", country="UKR' OR '1'='1")
    assert rows == []


# ---- views -------------------------------------------------------------------------------------

def view(warehouse, sql: str) -> list[tuple]:
    con = open_reader(warehouse)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_analyst_view_has_asserted_events_with_codebook_names(warehouse, sample: Sample):
    rows = view(warehouse, "SELECT event_id, cameo_name, cameo_root_name, quad_class_name, doc_source "
                           "FROM asserted_events ORDER BY event_id")
    asserted = sorted(e.event_id for e in sample.events if e.modality.value == "asserted")
    assert [r[0] for r in rows] == asserted
    book = load_codebook()
    strike = next(r for r in rows if r[0] == "ev-strike-1")
    assert strike[1:] == (book.cameo("1952").name, book.cameo("19").name, "material conflict", "Kyiv Independent")


def test_dyad_and_quad_class_views_count_asserted_events(warehouse):
    dyads = view(warehouse, "SELECT event_date, events, goldstein_sum FROM dyad_daily "
                            "WHERE source_country = 'RUS' AND target_country = 'UKR' ORDER BY event_date")
    assert dyads == [(day("2025-03-01"), 1, goldstein("1952")), (day("2025-03-02"), 1, goldstein("1952"))]
    quads = view(warehouse, "SELECT quad_class, stance, events FROM quad_daily WHERE event_date = '2025-03-03' "
                            "ORDER BY quad_class")
    assert quads == [(1, "cooperation", 1), (4, "conflict", 1)]   # the call to Putin; the weapons pause


def test_exports_have_the_published_column_order(warehouse):
    for name, expected in (("export_acled", ACLED_COLUMNS), ("export_gdelt_events", GDELT_EVENT_COLUMNS),
                           ("export_gdelt_mentions", GDELT_MENTION_COLUMNS)):
        columns = [r[0] for r in view(warehouse, f"SELECT column_name FROM (DESCRIBE {name})")]
        assert columns == expected, name


def test_acled_export_fills_what_eventpipe_knows(warehouse):
    con = open_reader(warehouse)
    try:
        cur = con.execute("SELECT * FROM export_acled")
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, r)) for r in cur.fetchall()]
    finally:
        con.close()
    assert [r["event_id_cnty"] for r in rows] == ["ev-strike-1", "ev-strike-2", "ev-strike-3"]
    first = rows[0]
    assert (first["event_date"], first["year"], first["time_precision"]) == (day("2025-03-01"), 2025, 1)
    assert (first["sub_event_type"], first["actor1"], first["actor2"]) == ("Air/drone strike", "Russian forces", "Ukraine")
    assert (first["inter1"], first["inter2"], first["interaction"]) == (8, 1, 18)  # foreign forces vs the state
    assert (first["location"], first["admin1"], first["geo_precision"], first["fatalities"]) == ("Kyiv", "Kyiv City", 1, 2)
    assert first["region"] is None and first["timestamp"] > 0


def test_gdelt_exports_describe_events_and_their_mentions(warehouse, sample: Sample):
    events = dict((r[0], r[1:]) for r in view(
        warehouse, "SELECT GLOBALEVENTID, SQLDATE, EventCode, EventBaseCode, EventRootCode, NumMentions, "
                   "ActionGeo_Type, SOURCEURL FROM export_gdelt_events"))
    assert len(events) == sum(e.modality.value == "asserted" for e in sample.events)
    assert events["ev-strike-1"] == (20250301, "1952", "195", "19", 2, 4, "https://example.org/strikes")
    mentions = view(warehouse, "SELECT GLOBALEVENTID, SentenceID, ActionCharOffset, MentionTimeDate "
                               "FROM export_gdelt_mentions WHERE GLOBALEVENTID = 'ev-strike-1'")
    assert mentions == [("ev-strike-1", 1, 0, 20250302000000), ("ev-strike-1", 2, 10, 20250302000000)]
