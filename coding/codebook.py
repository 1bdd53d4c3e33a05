"""The codebooks as validated data: CAMEO 1.1b3 codes, their PLOVER types, and the ACLED types.

The CSV files in data/codebooks/ (described in its README.md) are read once by `load_codebook()` into
the pydantic records of `eventpipe.schemas.codebook`. A bad row fails loudly, naming file and line, and
so do rows that refer to codes that do not exist. Pure on purpose: no Prefect, no DuckDB.
"""
from __future__ import annotations

import csv
import functools
import hashlib
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eventpipe.schemas.codebook import AcledCameoLink, AcledSubType, CameoEntry, PloverEntry
from eventpipe.schemas.enums import AcledSubEventType, QuadClass

# data/ sits next to coding/ both in the repository and in an installed wheel (eventpipe/data).
CODEBOOK_DIR = Path(__file__).resolve().parent.parent / "data" / "codebooks"

# The 16 event types of current PLOVER (as used by POLECAT), cooperative to conflictual.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


class PloverLegacyLabel(BaseModel):
    """An event label of older PLOVER drafts (as in the PLOVER gold-standard records) and its current type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    legacy_type: str = Field(pattern=r"^[A-Z_]+$")
    plover_type: str = Field(pattern=r"^[A-Z_]+$")
    note: str | None = None


class CodebookError(ValueError):
    """A codebook file is missing, malformed or inconsistent. The message names the file and line."""


Record = TypeVar("Record", bound=BaseModel)


def _read(path: Path, model: type[Record]) -> list[tuple[int, Record]]:
    """Every row of one CSV file as (line number, validated record)."""
    if not path.is_file():
        raise CodebookError(f"{path}: codebook file not found")
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns = list(model.model_fields)
        if sorted(reader.fieldnames or ()) != sorted(columns):
            raise CodebookError(f"{path}:1: columns are {reader.fieldnames}, expected {columns}")
        records = []
        for row in reader:
            line = reader.line_num
            if None in row or None in row.values():
                raise CodebookError(f"{path}:{line}: expected {len(columns)} fields {columns}")
            try:
                # An empty cell is a missing value: optional fields become None, required ones fail.
                records.append((line, model.model_validate({k: v or None for k, v in row.items()})))
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(map(str, e['loc']))}: {e['msg']}" if e["loc"] else e["msg"]
                    for e in exc.errors())
                raise CodebookError(f"{path}:{line}: {problems} (row {dict(row)})") from None
        return records


def _index(path: Path, rows: list[tuple[int, Record]], key: str) -> dict[str, Record]:
    """Rows keyed by one field; a repeated key is an error."""
    index: dict[str, Record] = {}
    for line, record in rows:
        value = getattr(record, key)
        if value in index:
            raise CodebookError(f"{path}:{line}: duplicate {key} {value!r}")
        index[value] = record
    return index


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise CodebookError(message)


@dataclass(frozen=True, slots=True)
class Codebook:
    """All codebooks, validated and cross-checked. Get it with `load_codebook()`."""

    directory: Path
    version: str  # short content hash of the codebook files
    cameo_by_code: Mapping[str, CameoEntry]
    plover_by_code: Mapping[str, PloverEntry]
    acled_by_type: Mapping[AcledSubEventType, AcledSubType]
    acled_by_prefix: Mapping[str, AcledCameoLink]
    legacy_by_label: Mapping[str, PloverLegacyLabel]

    def cameo(self, code: str) -> CameoEntry:
        code = str(code).strip()
        try:
            return self.cameo_by_code[code]
        except KeyError:
            hint = f"; did you mean {'0' + code!r}?" if "0" + code in self.cameo_by_code else ""
            raise KeyError(f"unknown CAMEO code {code!r}: codes are 2-4 digits with leading zeros, "
                           f"e.g. '041' or '1952'{hint}") from None

    def plover(self, code: str) -> PloverEntry | None:
        """The PLOVER type and mode of a CAMEO code; None for pure statements (010-017), which PLOVER
        does not code."""
        return self.plover_by_code.get(self.cameo(code).code)

    def acled(self, sub_event_type: str | AcledSubEventType) -> AcledSubType:
        try:
            return self.acled_by_type[AcledSubEventType(sub_event_type)]
        except ValueError:
            known = ", ".join(t.value for t in AcledSubEventType)
            raise KeyError(f"unknown ACLED sub-event type {sub_event_type!r}; known: {known}") from None

    def acled_for_cameo(self, code: str) -> AcledSubType | None:
        """The ACLED sub-event type of a CAMEO code: the link with the longest matching prefix wins."""
        code = self.cameo(code).code
        for length in range(len(code), 1, -1):
            link = self.acled_by_prefix.get(code[:length])
            if link is not None:
                return self.acled(link.sub_event_type)
        return None

    def plover_type_for_legacy(self, label: str) -> str:
        """The current PLOVER type for an older PLOVER label (e.g. FIGHT -> ASSAULT)."""
        try:
            return self.legacy_by_label[label].plover_type
        except KeyError:
            raise KeyError(f"unknown legacy PLOVER label {label!r}; known: "
                           f"{', '.join(self.legacy_by_label)}") from None

    def roots(self) -> list[CameoEntry]:
        return [e for e in self.cameo_by_code.values() if e.code == e.root]

    def search(self, text: str) -> list[CameoEntry]:
        """CAMEO entries matching every word of `text`: digits match the start of the code, other words
        anywhere in the name (case-insensitive)."""
        terms = text.lower().split()
        if not terms:
            return []
        return [e for e in self.cameo_by_code.values()
                if all(e.code.startswith(t) if t.isdigit() else t in e.name.lower() for t in terms)]

    def entries(self) -> Mapping[str, tuple[BaseModel, ...]]:
        """Every record, by table (named after its file), in file order: for loading into a database."""
        return MappingProxyType({
            "cameo": tuple(self.cameo_by_code.values()),
            "plover": tuple(self.plover_by_code.values()),
            "plover_legacy": tuple(self.legacy_by_label.values()),
            "acled": tuple(self.acled_by_type.values()),
            "acled_cameo": tuple(self.acled_by_prefix.values()),
        })


FILES = ("cameo.csv", "plover.csv", "plover_legacy.csv", "acled.csv", "acled_cameo.csv")


@functools.cache
def load_codebook(directory: Path | None = None) -> Codebook:
    """Read, validate and cross-check the codebook files (by default the packaged ones), once."""
    directory = Path(directory) if directory is not None else CODEBOOK_DIR
    cameo_path, plover_path, legacy_path, acled_path, links_path = (directory / f for f in FILES)

    cameo = _index(cameo_path, rows := _read(cameo_path, CameoEntry), "code")
    for line, entry in rows:
        _check(entry.root in cameo and entry.base in cameo,
               f"{cameo_path}:{line}: root {entry.root} or base {entry.base} of {entry.code} is not a code")

    plover = _index(plover_path, rows := _read(plover_path, PloverEntry), "cameo_code")
    for line, entry in rows:
        _check(entry.cameo_code in cameo, f"{plover_path}:{line}: unknown CAMEO code {entry.cameo_code}")
        _check(entry.plover_type in PLOVER_TYPES,
               f"{plover_path}:{line}: {entry.plover_type} is not one of the 16 PLOVER types")

    legacy = _index(legacy_path, rows := _read(legacy_path, PloverLegacyLabel), "legacy_type")
    for line, entry in rows:
        _check(entry.plover_type in PLOVER_TYPES,
               f"{legacy_path}:{line}: {entry.plover_type} is not one of the 16 PLOVER types")

    acled = _index(acled_path, _read(acled_path, AcledSubType), "sub_event_type")
    missing = [t.value for t in AcledSubEventType if t not in acled]
    _check(not missing, f"{acled_path}: sub-event types missing: {', '.join(missing)}")

    links = _index(links_path, rows := _read(links_path, AcledCameoLink), "cameo_prefix")
    for line, link in rows:
        _check(link.cameo_prefix in cameo, f"{links_path}:{line}: unknown CAMEO code {link.cameo_prefix}")

    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode() + b"\0" + (directory / name).read_bytes())
    return Codebook(
        directory=directory,
        version=digest.hexdigest()[:12],
        cameo_by_code=MappingProxyType(cameo),
        plover_by_code=MappingProxyType(plover),
        acled_by_type=MappingProxyType(acled),
        acled_by_prefix=MappingProxyType(links),
        legacy_by_label=MappingProxyType(legacy),
    )


# ---- `eventpipe codebook` ------------------------------------------------------------------------

def _quad_name(quad_class: int) -> str:
    return QuadClass(quad_class).name.replace("_", " ")


def _describe(book: Codebook, entry: CameoEntry) -> Iterable[str]:
    root, base = book.cameo(entry.root), book.cameo(entry.base)
    plover = book.plover(entry.code)
    acled = book.acled_for_cameo(entry.code)
    yield f"{entry.code}  {entry.name}"
    yield f"  root        {root.code:<5} {root.name}"
    yield f"  base        {base.code:<5} {base.name}"
    yield f"  quad class  {entry.quad_class}     {_quad_name(entry.quad_class)}"
    yield f"  Goldstein   {entry.goldstein:.1f}"
    if plover is None:
        yield "  PLOVER      none (PLOVER does not code pure statements)"
    else:
        mode = f" / {plover.plover_mode}" if plover.plover_mode else ""
        yield f"  PLOVER      {plover.plover_type}{mode}"
    if acled is None:
        yield "  ACLED       none"
    else:
        yield (f"  ACLED       {acled.sub_event_type.value} "
               f"({acled.event_type.value}; {acled.disorder_type.value})")


def _summary(book: Codebook, entry: CameoEntry) -> str:
    plover = book.plover(entry.code)
    return f"{entry.code:<5} {entry.name}  [{plover.plover_type if plover else '-'}]"


def codebook_command(code: str | None, search: str | None = None) -> int:
    """Print one CAMEO entry, the entries matching `search`, or (with neither) the 20 roots."""
    if code and search:
        print("give a CAMEO code or --search, not both", file=sys.stderr)
        return 2
    book = load_codebook()
    if code:
        try:
            entry = book.cameo(code)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 1
        print("\n".join(_describe(book, entry)))
        return 0
    if search is not None:
        found = book.search(search)
        if not found:
            print(f"no CAMEO code matches {search!r}", file=sys.stderr)
            return 1
        print("\n".join(_summary(book, e) for e in found))
        return 0
    print(f"CAMEO 1.1b3 roots (codebook {book.version}); `eventpipe codebook CODE` for one code:")
    print("\n".join(_summary(book, e) for e in book.roots()))
    return 0
