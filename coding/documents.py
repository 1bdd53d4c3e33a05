"""Inputs to documents: files, folders, JSONL, CSV and standard input.

Every input item (a .txt file, a JSONL line, a CSV row, or a path that cannot be read) becomes
exactly one record, so nothing is dropped silently:
- a Document;
- a QuarantineItem: where the item came from (path, line), at which stage and why it was refused,
  the sha256 of its bytes and their first characters;
- a Repeat: an exact repeat of an item read before in the same call (the same document, or the same
  bad item, e.g. a folder given twice), counted and not read again.

Folders are walked in sorted order without following links that lead outside them or round in a
loop, and only regular files are opened (reading a FIFO would block the run for ever). Hidden files
(a writer's temporary file in an inbox) are left for the next run.

What is refused:
- bytes: not UTF-8, UTF-16 or UTF-32, NUL bytes (binary), an empty file;
- size: a .txt file or a JSONL line over MAX_ITEM_BYTES is not even read, a text over MAX_TEXT_CHARS
  is not coded (the coder's time grows with the text: a megabyte of news-like text costs minutes);
- structure: malformed JSON, a line that is not an object, nesting or numbers the parser refuses,
  a field of the wrong type (text, title, source, url and published_at are strings; doc_id a string
  or a number), a CSV without a text column;
- content: empty text, text that is not valid Unicode (lone surrogates), a publication date that
  cannot be read, lies before 1900 or more than FUTURE_DAYS after today, a doc_id read before with
  other text (the first one is kept).
Control characters in the fields are replaced by spaces.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import hashlib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from eventpipe.schemas import Document, QuarantineItem, Stage

SUPPORTED = (".jsonl", ".txt", ".csv")
MAX_TEXT_CHARS = 250_000          # about 40,000 words: ten long-form articles
MAX_ITEM_BYTES = 4 * MAX_TEXT_CHARS   # a .txt file or JSONL line larger than this cannot hold a codable text
MAX_ID_CHARS = 1_000
OLDEST = dt.date(1900, 1, 1)
FUTURE_DAYS = 2                   # time zones and feeds that date tomorrow's edition
_FIELDS = ("doc_id", "text", "title", "published_at", "source", "url")
_STRINGS = ("text", "title", "published_at", "source", "url")
_SOURCE_LINE = re.compile(r"^\s*Source:\s*(?P<name>[^–—\-:]+?)\s*(?:[–—\-:]\s*(?P<rest>.*))?$")
_FINAL_PUNCTUATION = tuple(".!?:;…\"”’)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_WIDE_UNICODE = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                 (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
_EXCERPT = 200


@dataclass(frozen=True, slots=True)
class Repeat:
    """An item read before in the same call, exactly: counted, not read twice."""

    doc_id: str | None
    content_hash: str | None


Item = Document | QuarantineItem | Repeat


def read_inputs(inputs: Iterable[str], *, published: dt.date | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Documents, quarantined items and repeats from the given paths ("-" is standard input), in
    order. `published` is the publication date of documents that give none."""
    reader = _Reader(published, stdin)
    yield from reader.items(list(inputs) or ["-"])


def discover(root: Path) -> Iterator[Path | QuarantineItem]:
    """Files under a folder (sorted), never following links out of it or in a loop; folders that
    cannot be listed and links that go nowhere or outside are quarantined."""
    root_real = root.resolve()
    visited: set[Path] = set()
    unlisted: list[OSError] = []

    def problems() -> Iterator[QuarantineItem]:
        while unlisted:
            err = unlisted.pop(0)
            yield _bad(Stage.discover, f"cannot list the folder: {err.strerror or err}", _shown(err.filename or root))

    for folder, subfolders, files in os.walk(root, followlinks=True, onerror=unlisted.append):
        yield from problems()
        real = _real(Path(folder))
        if real is None or real in visited or not real.is_relative_to(root_real):
            subfolders[:] = []
            reason = "link leads outside the input folder" if real is not None and real not in visited else "link loop"
            yield _bad(Stage.discover, reason, _shown(folder))
            continue
        visited.add(real)
        subfolders.sort()
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            target = _real(path)
            if target is None:
                yield _bad(Stage.discover, "link loop", _shown(path))
            elif not target.is_relative_to(root_real):
                yield _bad(Stage.discover, "link leads outside the input folder", _shown(path))
            else:
                yield path
    yield from problems()


class _Reader:
    """One call's reading: the default publication date, the latest acceptable one, and what was
    read so far (for repeats and doc_ids that come back with other text)."""

    def __init__(self, published: dt.date | None, stdin: BinaryIO | None):
        self.published = published
        self.stdin = stdin
        self.latest = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=FUTURE_DAYS)
        self.documents: dict[str, str] = {}      # doc_id -> content hash
        self.bad: set[QuarantineItem] = set()

    def items(self, paths: list[str]) -> Iterator[Item]:
        for item in self._items(paths):
            if isinstance(item, QuarantineItem):
                if item in self.bad:
                    item = Repeat(item.doc_id, item.content_hash)
                else:
                    self.bad.add(item)
            yield item

    def _items(self, paths: list[str]) -> Iterator[Item]:
        for raw in paths:
            if raw == "-":
                yield from self._jsonl(self.stdin or sys.stdin.buffer, "<stdin>")
                continue
            path = Path(raw)
            if path.is_dir():
                for found in discover(path):
                    if isinstance(found, QuarantineItem):
                        yield found
                    else:
                        yield from self._file(found)
            else:
                yield from self._file(path)

    # ---- files -------------------------------------------------------------------------------

    def _file(self, path: Path) -> Iterator[Item]:
        where = _shown(path)
        problem = _unreadable(path)
        if problem:
            yield _bad(Stage.discover, problem, where)
            return
        suffix = path.suffix.lower()
        if suffix not in SUPPORTED:
            yield _bad(Stage.discover, f"unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED)}",
                       where, digest=_file_digest(path))
            return
        try:
            size = path.stat().st_size
            if size == 0:
                yield _bad(Stage.read, "empty file", where, raw=b"")
            elif suffix == ".txt" and size > MAX_ITEM_BYTES:
                yield _bad(Stage.read, f"{size:,} bytes: larger than the {MAX_ITEM_BYTES:,}-byte limit for one "
                                       f"document", where, digest=_file_digest(path))
            elif suffix == ".txt":
                data = path.read_bytes()
                yield self._txt(data, where)
            elif suffix == ".jsonl":
                with path.open("rb") as stream:
                    yield from self._jsonl(stream, where)
            else:
                yield from self._csv(path, where)
        except OSError as err:
            yield _bad(Stage.read, f"cannot read: {err.strerror or err}", where, digest=_file_digest(path))

    def _txt(self, data: bytes, where: str) -> Item:
        text = _decode(data, where)
        if isinstance(text, QuarantineItem):
            return text
        lines = text.strip().splitlines()
        source = None
        if lines:
            match = _SOURCE_LINE.match(lines[-1])
            if match:
                source = match.group("name").strip()
                lines = lines[:-1]
        title = None
        if len(lines) > 1 and lines[0].strip() and not lines[0].rstrip().endswith(_FINAL_PUNCTUATION):
            title = lines[0].strip()
        return self._document({"text": "\n".join(lines), "title": title, "source": source}, where, None, data)

    def _jsonl(self, stream: BinaryIO, where: str) -> Iterator[Item]:
        """Line by line, never holding more than one line of MAX_ITEM_BYTES in memory."""
        whole = hashlib.sha256()
        number = found = 0
        while raw := stream.readline(MAX_ITEM_BYTES + 1):
            whole.update(raw)
            number += 1
            if len(raw) > MAX_ITEM_BYTES and not raw.endswith(b"\n"):
                line = hashlib.sha256(raw)
                size = len(raw)
                while rest := stream.readline(1 << 20):
                    whole.update(rest)
                    tail = rest.rstrip(b"\r\n")
                    line.update(tail)
                    size += len(tail)
                    if rest.endswith(b"\n"):
                        break
                found += 1
                yield _bad(Stage.read, f"line of {size:,} bytes: larger than the {MAX_ITEM_BYTES:,}-byte limit for "
                                       f"one document", where, number, digest=line.hexdigest(), excerpt=_excerpt(raw))
                continue
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            found += 1
            yield self._json_line(raw, where, number)
        if not found:
            yield _bad(Stage.read, "no documents: empty, or only blank lines", where, digest=whole.hexdigest())

    def _json_line(self, raw: bytes, where: str, number: int) -> Item:
        line = _decode(raw, where, number)
        if isinstance(line, QuarantineItem):
            return line
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            return _bad(Stage.parse, f"malformed JSON: {err.msg} (column {err.colno})", where, number, raw)
        except RecursionError:
            return _bad(Stage.parse, "malformed JSON: nested too deeply", where, number, raw)
        except ValueError as err:  # e.g. an integer of more than 4,300 digits
            return _bad(Stage.parse, f"JSON the parser refuses: {err}", where, number, raw)
        if not isinstance(record, dict):
            return _bad(Stage.parse, f"expected a JSON object, got {_json_type(record)}", where, number, raw)
        return self._document(record, where, number, raw)

    def _csv(self, path: Path, where: str) -> Iterator[Item]:
        with path.open("rb") as stream:
            head = stream.read(4)
            stream.seek(0)
            wide = next((name for bom, name in _WIDE_UNICODE if head.startswith(bom)), None)
            if wide:
                yield _bad(Stage.read, _wide_reason(wide), where, digest=_file_digest(path))
                return
            # the csv module's default field limit (128 KiB) is below a long article's length
            csv.field_size_limit(max(csv.field_size_limit(), MAX_ITEM_BYTES))
            reader = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
            number = 1
            try:
                fields = reader.fieldnames
                if not fields or "text" not in fields:
                    found = ", ".join(f"{f!r}" for f in fields or []) or "none"
                    yield _bad(Stage.parse, f"CSV has no 'text' column (columns: {found})"[:500], where,
                               digest=_file_digest(path))
                    return
                for number, row in enumerate(reader, 2):
                    values = [row.get(f) for f in fields] + list(row.get(None) or [])
                    raw = json.dumps(values).encode()
                    if any("\x00" in v for v in values if v):
                        yield _bad(Stage.read, "binary data (NUL bytes)", where, number, raw)
                        continue
                    record = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
                    yield self._document(record, where, number, raw)
            except UnicodeDecodeError as err:
                yield _bad(Stage.read, f"not UTF-8 (byte {err.object[err.start:err.start + 1]!r}) after row "
                                       f"{number}; the rows before it were read", where, digest=_file_digest(path))
                return
            except csv.Error as err:
                yield _bad(Stage.parse, f"CSV unreadable after row {number}: {err}; the rows before it were read",
                           where, digest=_file_digest(path))
                return
            if number == 1:
                yield _bad(Stage.read, "no documents: the CSV has a header and no rows", where, digest=_file_digest(path))

    # ---- records -----------------------------------------------------------------------------

    def _document(self, record: dict, where: str, line: int | None, raw: bytes) -> Item:
        problem = _field_problem(record)
        if problem:
            stage, reason = problem
            return _bad(stage, reason, where, line, raw, doc_id=record.get("doc_id"))
        clean = {k: _CONTROL.sub(" ", v) if isinstance(v, str) else v for k, v in record.items() if k in _FIELDS}
        try:
            document = Document.model_validate(clean)
        except ValidationError as err:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'document'}: {e['msg'].removeprefix('Value error, ')}"
                                 for e in err.errors())
            return _bad(Stage.validate, problems, where, line, raw, doc_id=record.get("doc_id"))
        if document.published_at is None and self.published is not None:
            document = document.model_copy(update={"published_at": self.published})
        day = document.published_at
        if day is not None and not OLDEST <= day <= self.latest:
            reason = (f"published_at {day} is before {OLDEST.year}: not a news date" if day < OLDEST else
                      f"published_at {day} is in the future (after {self.latest}, today + {FUTURE_DAYS} days)")
            return _bad(Stage.validate, reason, where, line, raw, doc_id=document.doc_id)
        earlier = self.documents.get(document.doc_id)
        if earlier == document.content_hash:
            return Repeat(document.doc_id, document.content_hash)
        if earlier is not None:
            return _bad(Stage.validate, f"duplicate doc_id {document.doc_id!r} with different text (the first one "
                                        f"read is kept)", where, line, raw, doc_id=document.doc_id)
        self.documents[document.doc_id] = document.content_hash
        return document


def _field_problem(record: dict) -> tuple[Stage, str] | None:
    """Wrong types are a parse problem: refused before pydantic's lenient conversions (a number as
    published_at would become a Unix timestamp, a list as doc_id its repr)."""
    for name in _STRINGS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return Stage.parse, f"{name} must be a string, not {_json_type(value)}"
    doc_id = record.get("doc_id")
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, (str, int))):
        return Stage.parse, f"doc_id must be a string or a whole number, not {_json_type(doc_id)}"
    for name in ("doc_id", *_STRINGS):
        value = record.get(name)
        if isinstance(value, str) and _SURROGATE.search(value):
            return Stage.parse, f"{name} is not valid Unicode (a lone surrogate such as \\ud800)"
    text = record.get("text")
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        return Stage.validate, (f"text of {len(text):,} characters: longer than the {MAX_TEXT_CHARS:,}-character "
                                f"limit for one document; split it")
    if isinstance(doc_id, str) and len(doc_id) > MAX_ID_CHARS:
        return Stage.validate, f"doc_id of {len(doc_id):,} characters: longer than {MAX_ID_CHARS:,}"
    return None


# ---- helpers -----------------------------------------------------------------------------------

def _decode(data: bytes, where: str, line: int | None = None) -> str | QuarantineItem:
    wide = next((name for bom, name in _WIDE_UNICODE if data.startswith(bom)), None)
    if wide:
        return _bad(Stage.read, _wide_reason(wide), where, line, data)
    if b"\x00" in data:
        return _bad(Stage.read, "binary data (NUL bytes)", where, line, data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return _bad(Stage.read, f"not UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r})", where, line, data)


def _wide_reason(name: str) -> str:
    return f"{name} text (it starts with a byte-order mark); eventpipe reads UTF-8: convert it first " \
           f"(iconv -f {name} -t UTF-8)"


def _bad(stage: Stage, reason: str, where: str, line: int | None = None, raw: bytes | None = None, *,
         digest: str | None = None, doc_id: object = None, excerpt: str | None = None) -> QuarantineItem:
    if digest is None and raw is not None:
        digest = hashlib.sha256(raw).hexdigest()
    if excerpt is None and raw:
        excerpt = _excerpt(raw)
    return QuarantineItem(stage=stage, reason=reason[:500], path=where, line=line, content_hash=digest,
                          doc_id=_printable(doc_id), excerpt=excerpt)


def _excerpt(raw: bytes) -> str:
    """The first characters of raw bytes, as text that any table can store (escapes for the rest)."""
    text = raw[:_EXCERPT].decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def _printable(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list, bool, float)):
        return None
    text = str(value)[:_EXCERPT]
    return _CONTROL.sub(" ", text.encode("utf-8", "backslashreplace").decode("utf-8"))


def _shown(path: str | os.PathLike) -> str:
    """A path as text; bytes of a file name that are not UTF-8 become escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
            type(None): "null"}.get(type(value), type(value).__name__)


def _real(path: Path) -> Path | None:
    """Where a path leads, or None for a link loop."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python < 3.13 raises RuntimeError for a loop
        return None


def _unreadable(path: Path) -> str | None:
    """Why a path is not a file that can be read, if it is not."""
    try:
        mode = path.stat().st_mode  # follows links
    except FileNotFoundError:
        return "broken link: its target does not exist" if path.is_symlink() else "no such file or folder"
    except OSError as err:
        return "link loop" if err.errno == errno.ELOOP else f"cannot read: {err.strerror or err}"
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else \
        "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"
    return f"not a regular file ({kind}): only files are read"


def _file_digest(path: Path) -> str | None:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return None
