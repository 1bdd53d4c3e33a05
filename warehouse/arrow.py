"""Typed records -> Arrow tables with exactly the columns the warehouse stages.

A `Batch` is what one load transaction merges: documents, events, their mentions and quarantine
items, as Arrow tables with the schemas below. Closed sets (modality, ACLED types, ...) travel as
strings and become ENUMs in DuckDB, which rejects a value it does not know. Columns the loader sets
itself (run_id, quarantined_at) are not part of a batch.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

from eventpipe.schemas import Document, Event, QuarantineItem

DOCUMENT_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("title", pa.string()),
    ("source", pa.string()),
    ("url", pa.string()),
    ("published_at", pa.date32()),
    ("text", pa.string()),
    ("content_hash", pa.string()),
    ("dictionary_version", pa.string()),
])

EVENT_SCHEMA = pa.schema([
    ("event_id", pa.string()),
    ("doc_id", pa.string()),
    ("sentence_index", pa.int32()),
    ("sentence", pa.string()),
    ("event_date", pa.date32()),
    ("date_precision", pa.string()),
    ("date_text", pa.string()),
    ("kind", pa.string()),
    ("cameo_code", pa.string()),
    ("cameo_root", pa.string()),
    ("quad_class", pa.uint8()),
    ("goldstein", pa.float64()),
    ("plover_type", pa.string()),
    ("plover_mode", pa.string()),
    ("acled_disorder_type", pa.string()),
    ("acled_event_type", pa.string()),
    ("acled_sub_event_type", pa.string()),
    ("source_code", pa.string()),
    ("source_name", pa.string()),
    ("source_country", pa.string()),
    ("source_sector", pa.string()),
    ("target_code", pa.string()),
    ("target_name", pa.string()),
    ("target_country", pa.string()),
    ("target_sector", pa.string()),
    ("location_name", pa.string()),
    ("location_country", pa.string()),
    ("location_admin1", pa.string()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("geo_precision", pa.uint8()),
    ("quantity", pa.int32()),
    ("fatalities", pa.int32()),
    ("modality", pa.string()),
    ("rule_id", pa.string()),
    ("confidence", pa.float64()),
    ("civilian_targeting", pa.bool_()),
    ("dictionary_version", pa.string()),
    ("mention_count", pa.int32()),
])

MENTION_SCHEMA = pa.schema([
    ("event_id", pa.string()),
    ("mention_index", pa.int32()),
    ("doc_id", pa.string()),
    ("sentence_index", pa.int32()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
    ("trigger", pa.string()),
    ("sentence", pa.string()),
    ("rule_id", pa.string()),
    ("modality", pa.string()),
    ("date_text", pa.string()),
])

QUARANTINE_SCHEMA = pa.schema([
    ("quarantine_id", pa.string()),
    ("stage", pa.string()),
    ("reason", pa.string()),
    ("path", pa.string()),
    ("line", pa.int32()),
    ("content_hash", pa.string()),
    ("doc_id", pa.string()),
    ("excerpt", pa.string()),
])

SCHEMAS = {
    "documents": DOCUMENT_SCHEMA,
    "events": EVENT_SCHEMA,
    "event_mentions": MENTION_SCHEMA,
    "quarantine": QUARANTINE_SCHEMA,
}


@dataclass(frozen=True, slots=True)
class Batch:
    """One load's worth of rows. `documents` are the documents whose events this batch replaces: a
    document listed here with no events ends up with none."""

    documents: pa.Table
    events: pa.Table
    event_mentions: pa.Table
    quarantine: pa.Table

    def __post_init__(self) -> None:
        for name, schema in SCHEMAS.items():
            table = getattr(self, name)
            if not table.schema.equals(schema):
                raise TypeError(f"batch table {name} has schema\n{table.schema}\nexpected\n{schema}")


def _value(enum_or_value):
    return getattr(enum_or_value, "value", enum_or_value)


def documents_table(documents: Sequence[Document], dictionary_version: str | None) -> pa.Table:
    return pa.table({
        "doc_id": [d.doc_id for d in documents],
        "title": [d.title for d in documents],
        "source": [d.source for d in documents],
        "url": [d.url for d in documents],
        "published_at": [d.published_at for d in documents],
        "text": [d.text for d in documents],
        "content_hash": [d.content_hash for d in documents],
        "dictionary_version": [dictionary_version] * len(documents),
    }, schema=DOCUMENT_SCHEMA)


def events_table(events: Sequence[Event]) -> pa.Table:
    def actor(e: Event, side: str, field: str):
        ref = e.source_actor if side == "source" else e.target_actor
        return None if ref is None else getattr(ref, field)

    def place(e: Event, field: str):
        return None if e.location is None else getattr(e.location, field)

    columns = {
        "event_id": [e.event_id for e in events],
        "doc_id": [e.doc_id for e in events],
        "sentence_index": [e.sentence_index for e in events],
        "sentence": [e.sentence for e in events],
        "event_date": [e.event_date for e in events],
        "date_precision": [_value(e.date_precision) for e in events],
        "date_text": [e.date_text for e in events],
        "kind": [e.kind for e in events],
        "cameo_code": [e.cameo_code for e in events],
        "cameo_root": [e.cameo_root for e in events],
        "quad_class": [e.quad_class for e in events],
        "goldstein": [e.goldstein for e in events],
        "plover_type": [e.plover_type for e in events],
        "plover_mode": [e.plover_mode for e in events],
        "acled_disorder_type": [_value(e.acled_disorder_type) for e in events],
        "acled_event_type": [_value(e.acled_event_type) for e in events],
        "acled_sub_event_type": [_value(e.acled_sub_event_type) for e in events],
    }
    for side in ("source", "target"):
        for field in ("code", "name", "country", "sector"):
            columns[f"{side}_{field}"] = [actor(e, side, field) for e in events]
    columns |= {
        "location_name": [place(e, "name") for e in events],
        "location_country": [place(e, "country") for e in events],
        "location_admin1": [place(e, "admin1") for e in events],
        "latitude": [place(e, "latitude") for e in events],
        "longitude": [place(e, "longitude") for e in events],
        "geo_precision": [place(e, "geo_precision") for e in events],
        "quantity": [e.quantity for e in events],
        "fatalities": [e.fatalities for e in events],
        "modality": [_value(e.modality) for e in events],
        "rule_id": [e.rule_id for e in events],
        "confidence": [e.confidence for e in events],
        "civilian_targeting": [e.civilian_targeting for e in events],
        "dictionary_version": [e.dictionary_version for e in events],
        "mention_count": [len(e.mentions) for e in events],
    }
    return pa.table(columns, schema=EVENT_SCHEMA)


def mentions_table(events: Sequence[Event]) -> pa.Table:
    rows = [(e, i, m) for e in events for i, m in enumerate(e.mentions)]
    return pa.table({
        "event_id": [e.event_id for e, _, _ in rows],
        "mention_index": [i for _, i, _ in rows],
        "doc_id": [e.doc_id for e, _, _ in rows],
        "sentence_index": [m.sentence_index for _, _, m in rows],
        "char_start": [m.char_start for _, _, m in rows],
        "char_end": [m.char_end for _, _, m in rows],
        "trigger": [m.trigger for _, _, m in rows],
        "sentence": [m.sentence for _, _, m in rows],
        "rule_id": [m.rule_id for _, _, m in rows],
        "modality": [_value(m.modality) for _, _, m in rows],
        "date_text": [m.date_text for _, _, m in rows],
    }, schema=MENTION_SCHEMA)


def quarantine_id(item: QuarantineItem) -> str:
    """The same item (same stage, reason, place and bytes) always gets the same id."""
    return hashlib.sha256(item.model_dump_json().encode("utf-8")).hexdigest()[:32]


def quarantine_table(items: Sequence[QuarantineItem]) -> pa.Table:
    return pa.table({
        "quarantine_id": [quarantine_id(q) for q in items],
        "stage": [_value(q.stage) for q in items],
        "reason": [q.reason for q in items],
        "path": [q.path for q in items],
        "line": [q.line for q in items],
        "content_hash": [q.content_hash for q in items],
        "doc_id": [q.doc_id for q in items],
        "excerpt": [q.excerpt for q in items],
    }, schema=QUARANTINE_SCHEMA)


def to_batch(documents: Sequence[Document], events: Sequence[Event],
             quarantine: Sequence[QuarantineItem], dictionary_version: str | None) -> Batch:
    return Batch(
        documents=documents_table(documents, dictionary_version),
        events=events_table(events),
        event_mentions=mentions_table(events),
        quarantine=quarantine_table(quarantine),
    )
