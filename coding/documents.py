"""Inputs to documents: files, folders, JSONL, CSV and standard input.

Every input item becomes either a Document or a QuarantineItem that says where it came from and why
it could not be read, so nothing is dropped silently. Folders are walked in sorted order without
following links that lead outside them.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from pydantic import ValidationError

from eventpipe.schemas import Document, QuarantineItem, Stage

SUPPORTED = (".jsonl", ".txt", ".csv")
MAX_DOCUMENT_BYTES = 20_000_000   # larger inputs are quarantined, not coded
_SOURCE_LINE = re.compile(r"^\s*Source:\s*(?P<name>[^–—\-:]+?)\s*(?:[–—\-:]\s*(?P<rest>.*))?$")
_FINAL_PUNCTUATION = tuple(".!?:;…\"”’)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Item = Document | QuarantineItem


def read_inputs(inputs: Iterable[str], *, published: dt.date | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Documents and quarantined items from the given paths ("-" is standard input), in order.
    A doc_id seen before with different text is quarantined; an exact repeat is skipped."""
    seen: dict[str, str] = {}
    paths = list(inputs) or ["-"]
    for item in _items(paths, stdin):
        if isinstance(item, Document):
            if published and item.published_at is None:
                item = item.model_copy(update={"published_at": published})
            earlier = seen.get(item.doc_id)
            if earlier == item.content_hash:
                continue
            if earlier is not None:
                yield QuarantineItem(stage=Stage.validate, reason=f"duplicate doc_id {item.doc_id!r} with different text",
                                     doc_id=item.doc_id, content_hash=item.content_hash, excerpt=item.text[:200])
                continue
            seen[item.doc_id] = item.content_hash
        yield item


def discover(root: Path) -> Iterator[Path | QuarantineItem]:
    """Supported files under a folder (sorted), never following links out of it or in a loop."""
    root_real = root.resolve()
    visited: set[Path] = set()
    for folder, subfolders, files in os.walk(root, followlinks=True):
        real = Path(folder).resolve()
        if real in visited or not real.is_relative_to(root_real):
            subfolders[:] = []
            yield QuarantineItem(stage=Stage.discover, path=folder,
                                 reason="link loop" if real in visited else "link leads outside the input folder")
            continue
        visited.add(real)
        subfolders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if name.startswith("."):
                continue
            target = path.resolve()
            if not target.is_relative_to(root_real):
                yield QuarantineItem(stage=Stage.discover, path=str(path), reason="link leads outside the input folder")
            elif path.suffix.lower() not in SUPPORTED:
                yield QuarantineItem(stage=Stage.discover, path=str(path),
                                     reason=f"unsupported file type {path.suffix or '(none)'}; use {', '.join(SUPPORTED)}")
            else:
                yield path


def _items(paths: list[str], stdin: BinaryIO | None) -> Iterator[Item]:
    for raw in paths:
        if raw == "-":
            yield from _jsonl((stdin or sys.stdin.buffer).read(), "<stdin>")
            continue
        path = Path(raw)
        if path.is_dir():
            for found in discover(path):
                if isinstance(found, QuarantineItem):
                    yield found
                else:
                    yield from _file_items(found)
        elif not path.exists():
            yield QuarantineItem(stage=Stage.discover, path=raw, reason="no such file or folder")
        else:
            yield from _file_items(path)


def _file_items(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield QuarantineItem(stage=Stage.discover, path=str(path), reason=f"unsupported file type {suffix or '(none)'}")
        return
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES and suffix == ".txt":
            yield QuarantineItem(stage=Stage.read, path=str(path),
                                 reason=f"{size:,} bytes is larger than the {MAX_DOCUMENT_BYTES:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as err:
        yield QuarantineItem(stage=Stage.read, path=str(path), reason=f"cannot read: {err.strerror or err}")
        return
    if suffix == ".txt":
        yield _txt(data, str(path))
    elif suffix == ".jsonl":
        yield from _jsonl(data, str(path))
    else:
        yield from _csv(data, str(path))


def _decode(data: bytes, where: str, line: int | None = None) -> str | QuarantineItem:
    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data:
        return QuarantineItem(stage=Stage.read, path=where, line=line, content_hash=digest, reason="binary data (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return QuarantineItem(stage=Stage.read, path=where, line=line, content_hash=digest,
                              reason=f"not UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r})")
    return _CONTROL.sub(" ", text)


def _txt(data: bytes, where: str) -> Item:
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
    body = "\n".join(lines)
    return _validate({"text": body, "title": title, "source": source}, where, None, data)


def _jsonl(data: bytes, where: str) -> Iterator[Item]:
    for number, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        line = _decode(raw, where, number)
        if isinstance(line, QuarantineItem):
            yield line
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield QuarantineItem(stage=Stage.parse, path=where, line=number, reason=f"malformed JSON: {err.msg}",
                                 content_hash=hashlib.sha256(raw).hexdigest(), excerpt=line[:200])
            continue
        if not isinstance(record, dict):
            yield QuarantineItem(stage=Stage.parse, path=where, line=number, excerpt=line[:200],
                                 content_hash=hashlib.sha256(raw).hexdigest(),
                                 reason=f"expected a JSON object, got {type(record).__name__}")
            continue
        yield _validate(record, where, number, raw)


def _csv(data: bytes, where: str) -> Iterator[Item]:
    text = _decode(data, where)
    if isinstance(text, QuarantineItem):
        yield text
        return
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield QuarantineItem(stage=Stage.parse, path=where, reason="CSV has no 'text' column",
                             content_hash=hashlib.sha256(data).hexdigest())
        return
    for number, row in enumerate(reader, 2):
        record = {k: v for k, v in row.items() if k is not None and v not in (None, "")}
        yield _validate(record, where, number, json.dumps(row, sort_keys=True).encode())


def _validate(record: dict, where: str, line: int | None, raw: bytes) -> Item:
    if isinstance(record.get("text"), str):
        record = {**record, "text": _CONTROL.sub(" ", record["text"])}
    try:
        return Document.model_validate(record)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'document'}: {e['msg']}" for e in err.errors())
        return QuarantineItem(stage=Stage.validate, path=where, line=line, reason=problems,
                              doc_id=str(record.get("doc_id")) if record.get("doc_id") else None,
                              content_hash=hashlib.sha256(raw).hexdigest(),
                              excerpt=str(record.get("text", ""))[:200] or None)
