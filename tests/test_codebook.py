"""The codebooks in data/codebooks/: real CAMEO, PLOVER and ACLED facts, and a loader that fails loudly."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from eventpipe.coding.codebook import (
    CODEBOOK_DIR,
    PLOVER_TYPES,
    CodebookError,
    codebook_command,
    load_codebook,
)
from eventpipe.flows.cli import main as cli_main
from eventpipe.schemas.enums import AcledDisorderType, AcledEventType, AcledSubEventType

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Documented in data/codebooks/README.md.
STATEMENTS_WITHOUT_PLOVER_TYPE = {"01", "010", "011", "012", "013", "014", "015", "016", "017"}
GOLDSTEIN_DIFFERS_FROM_REFERENCE = {"016", "022", "164", "165"}
NO_PUBLISHED_GOLDSTEIN = {"155": "15", "176": "17", "1834": "183", "1951": "195", "1952": "195"}
ONLY_IN_REFERENCE = {"1213"}           # an ICEWS code, not CAMEO 1.1b3
NAME_DIFFERS_FROM_REFERENCE = {"1952"}  # the reference repeats 1951's name


@pytest.fixture(scope="module")
def book():
    return load_codebook()


def test_discuss_by_telephone(book):
    entry = book.cameo("041")
    assert (entry.name, entry.goldstein, entry.quad_class) == ("Discuss by telephone", 1.0, 1)
    assert (entry.root, entry.base) == ("04", "041")


def test_sanctions_are_material_conflict(book):
    assert book.cameo("163").quad_class == 4
    assert book.cameo("163").goldstein == -8.0


def test_drone_code_sits_under_aerial_weapons_with_its_goldstein(book):
    drone, aerial = book.cameo("1952"), book.cameo("195")
    assert drone.name == "Employ remotely piloted aerial munitions"
    assert (drone.root, drone.base) == ("19", "195")
    assert drone.goldstein == aerial.goldstein == -10.0


def test_every_code_has_an_existing_root_and_base(book):
    codes = book.cameo_by_code
    assert len(codes) == 316
    assert [e.code for e in book.roots()] == [f"{n:02d}" for n in range(1, 21)]
    for entry in codes.values():
        assert entry.root == entry.code[:2] and entry.root in codes
        assert entry.base == entry.code[:3] and entry.base in codes


def test_quad_class_follows_the_root_as_in_gdelt(book):
    for entry in book.cameo_by_code.values():
        root = int(entry.root)
        expected = 1 if root <= 4 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert entry.quad_class == expected, entry.code


def test_plover_covers_every_code_but_pure_statements(book):
    uncovered = {code for code in book.cameo_by_code if book.plover(code) is None}
    assert uncovered == STATEMENTS_WITHOUT_PLOVER_TYPE
    used = {book.plover(code).plover_type for code in book.cameo_by_code if code not in uncovered}
    assert used == set(PLOVER_TYPES)  # all 16 current types, and nothing else


@pytest.mark.parametrize(("code", "plover_type", "mode"), [
    ("041", "CONSULT", "phone"),
    ("1622", "SANCTION", "discontinue"),
    ("1952", "ASSAULT", "drone"),
    ("163", "SANCTION", "sever"),
    ("0256", "REQUEST", "yield"),
    ("036", "CONSULT", None),
    ("111", "ACCUSE", "disapprove"),
    ("1312", "THREATEN", "restrict"),
])
def test_plover_examples(book, code, plover_type, mode):
    entry = book.plover(code)
    assert (entry.plover_type, entry.plover_mode) == (plover_type, mode)


ACLED_EVENT_TYPES = {
    AcledEventType.battles: ["Armed clash", "Government regains territory",
                             "Non-state actor overtakes territory"],
    AcledEventType.explosions: ["Chemical weapon", "Air/drone strike", "Suicide bomb",
                                "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                "Grenade"],
    AcledEventType.violence_against_civilians: ["Sexual violence", "Attack",
                                                "Abduction/forced disappearance"],
    AcledEventType.protests: ["Peaceful protest", "Protest with intervention",
                              "Excessive force against protesters"],
    AcledEventType.riots: ["Violent demonstration", "Mob violence"],
    AcledEventType.strategic_developments: [
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other"],
}
DEMONSTRATIONS = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                  "Violent demonstration"}


def test_every_acled_sub_event_type_once_with_its_event_and_disorder_type(book):
    with (CODEBOOK_DIR / "acled.csv").open(newline="") as f:
        listed = [row["sub_event_type"] for row in csv.DictReader(f)]
    assert sorted(listed) == sorted(t.value for t in AcledSubEventType)
    for event_type, sub_types in ACLED_EVENT_TYPES.items():
        for sub_type in sub_types:
            entry = book.acled(sub_type)
            assert entry.event_type is event_type, sub_type
            disorder = (AcledDisorderType.strategic_developments
                        if event_type is AcledEventType.strategic_developments
                        else AcledDisorderType.demonstrations if sub_type in DEMONSTRATIONS
                        else AcledDisorderType.political_violence)
            assert entry.disorder_type is disorder, sub_type
            assert entry.description


def test_acled_links_name_real_cameo_codes(book):
    assert book.acled_by_prefix
    for prefix in book.acled_by_prefix:
        assert prefix in book.cameo_by_code


@pytest.mark.parametrize(("code", "sub_event_type"), [
    ("1952", "Air/drone strike"), ("1951", "Air/drone strike"),
    ("194", "Shelling/artillery/missile attack"), ("190", "Armed clash"), ("193", "Armed clash"),
    ("1831", "Suicide bomb"), ("1833", "Remote explosive/landmine/IED"),
    ("182", "Attack"), ("1821", "Sexual violence"), ("181", "Abduction/forced disappearance"),
    ("173", "Arrests"), ("141", "Peaceful protest"), ("1414", "Peaceful protest"),
    ("145", "Violent demonstration"), ("1454", "Violent demonstration"), ("0871", "Agreement"),
    ("041", None), ("163", None),
])
def test_acled_for_cameo_takes_the_longest_prefix(book, code, sub_event_type):
    found = book.acled_for_cameo(code)
    assert (found.sub_event_type.value if found else None) == sub_event_type


def test_unknown_code_is_a_helpful_key_error(book):
    with pytest.raises(KeyError, match="did you mean '041'"):
        book.cameo("41")
    with pytest.raises(KeyError, match="unknown CAMEO code '999'"):
        book.plover("999")
    with pytest.raises(KeyError, match="unknown ACLED sub-event type"):
        book.acled("Skirmish")


def test_search_matches_names_and_code_prefixes(book):
    found = book.search("sanctions")
    assert "163" in {e.code for e in found}
    assert all("sanctions" in e.name.lower() for e in found)
    assert {e.code for e in book.search("195")} == {"195", "1951", "1952"}
    assert book.search("  ") == []


def test_entries_hold_every_row(book):
    tables = book.entries()
    for name, rows in tables.items():
        with (CODEBOOK_DIR / f"{name}.csv").open(newline="") as f:
            assert len(rows) == sum(1 for _ in csv.DictReader(f)), name
    assert [e.code for e in tables["cameo"]][:3] == ["01", "010", "011"]


@pytest.fixture
def copy_dir(tmp_path):
    target = tmp_path / "codebooks"
    shutil.copytree(CODEBOOK_DIR, target)
    return target


def _replace_line(path: Path, line_no: int, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line_no - 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("file", "line_no", "row", "problem"), [
    ("cameo.csv", 42, "030,Express intent to cooperate,03,030,1,high", "goldstein"),
    ("cameo.csv", 42, "030,Express intent to cooperate,04,030,1,4.0", "not its prefix"),
    ("cameo.csv", 42, "030,Express intent to cooperate,03,030,1", "expected 6 fields"),
    ("cameo.csv", 42, "010,Make statement,01,010,1,0.0", "duplicate code '010'"),
    ("plover.csv", 10, "0214,Request,assist", "plover_type"),
    ("plover.csv", 10, "0219,REQUEST,assist", "unknown CAMEO code 0219"),
    ("plover.csv", 10, "0214,DEMAND,assist", "not one of the 16 PLOVER types"),
    ("acled.csv", 3, "Political violence,Battles,Skirmish,Not an ACLED type.", "sub_event_type"),
    ("acled_cameo.csv", 5, "1999,Armed clash", "unknown CAMEO code 1999"),
])
def test_malformed_row_names_file_and_line(copy_dir, file, line_no, row, problem):
    _replace_line(copy_dir / file, line_no, row)
    with pytest.raises(CodebookError, match=f"{file}:{line_no}: .*{problem}"):
        load_codebook(copy_dir)


def test_missing_file_is_named(copy_dir):
    (copy_dir / "plover.csv").unlink()
    with pytest.raises(CodebookError, match="plover.csv: codebook file not found"):
        load_codebook(copy_dir)


def test_version_is_a_content_hash(book, copy_dir):
    assert load_codebook(copy_dir).version == book.version
    path = copy_dir / "acled.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Two organised", "Two organized"),
                    encoding="utf-8")
    load_codebook.cache_clear()
    assert load_codebook(copy_dir).version != book.version
    assert len(book.version) == 12


def test_codebook_command_prints_the_entry(capsys):
    assert codebook_command("1622", search=None) == 0
    out = capsys.readouterr().out
    assert out.startswith("1622  Reduce or stop military assistance\n")
    for fact in ("16    REDUCE RELATIONS", "162   Reduce or stop material aid", "material conflict",
                 "-5.6", "SANCTION / discontinue"):
        assert fact in out


def test_codebook_command_unknown_code_and_roots(capsys):
    assert codebook_command("7777", search=None) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "unknown CAMEO code '7777'" in captured.err
    assert codebook_command(None, search=None) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 21 and lines[-1].startswith("20    USE UNCONVENTIONAL MASS VIOLENCE")


def test_cli_dispatches_to_the_codebook(capsys):
    assert cli_main(["codebook", "--search", "drone"]) == 1  # no CAMEO name says "drone"
    assert cli_main(["codebook", "--search", "remotely piloted"]) == 0
    assert capsys.readouterr().out.startswith("1952  Employ remotely piloted aerial munitions")


def _reference_rows() -> dict[str, dict[str, str]]:
    path = SHARED / "reference" / "cameo_eventtypes.csv"
    if not path.exists():
        pytest.skip("../shared/reference is not available")
    with path.open(newline="", encoding="utf-8") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def test_codes_names_and_goldstein_match_the_reference(book):
    reference = _reference_rows()
    ours = book.cameo_by_code
    assert set(reference) - set(ours) == ONLY_IN_REFERENCE
    assert set(ours) - set(reference) == set()

    def norm(name: str) -> str:
        return name.lower().replace("-", " ")

    names_differ = {c for c in ours if norm(ours[c].name) != norm(reference[c]["name"])}
    assert names_differ == NAME_DIFFERS_FROM_REFERENCE

    goldstein_differs = set()
    for code, entry in ours.items():
        value = reference[code]["goldstein"]
        if value == "NA":
            assert entry.goldstein == ours[NO_PUBLISHED_GOLDSTEIN[code]].goldstein, code
        elif float(value) != entry.goldstein:
            goldstein_differs.add(code)
    assert goldstein_differs == GOLDSTEIN_DIFFERS_FROM_REFERENCE
    assert {c for c in ours if reference[c]["goldstein"] == "NA"} == set(NO_PUBLISHED_GOLDSTEIN)
    readme = (CODEBOOK_DIR / "README.md").read_text(encoding="utf-8")
    for code in GOLDSTEIN_DIFFERS_FROM_REFERENCE | ONLY_IN_REFERENCE | set(NO_PUBLISHED_GOLDSTEIN):
        assert f"{code}" in readme, f"{code} is not documented in data/codebooks/README.md"


def test_legacy_plover_labels_cover_the_gold_records(book):
    path = SHARED / "gold" / "PLOVER_GSR_CAMEO.txt"
    if not path.exists():
        pytest.skip("../shared/gold is not available")
    labels = {record["event"] for record in json.loads(path.read_text(encoding="utf-8"))} - {"DOCUMENT"}
    assert labels <= set(book.legacy_by_label)
    assert {book.plover_type_for_legacy(label) for label in labels} <= set(PLOVER_TYPES)
    assert book.plover_type_for_legacy("FIGHT") == "ASSAULT"
    assert book.plover_type_for_legacy("DEMAND") == "REQUEST"
