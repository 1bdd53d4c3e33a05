"""Writing query results: an aligned text table for people, CSV / JSON Lines / Parquet for tools.

Results arrive as an Arrow record batch reader and are streamed, except for the text table, which
needs every row to size its columns.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

FORMATS = ("table", "csv", "json", "parquet")
MAX_CELL = 80   # the text table shortens longer values (csv/json/parquet never do)


def _plain(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Dictionary columns (ENUMs) as plain strings, nested values as JSON text: what CSV can hold."""
    arrays, fields = [], []
    for field, column in zip(batch.schema, batch.columns):
        if pa.types.is_dictionary(field.type):
            column = column.cast(field.type.value_type)
        if pa.types.is_nested(column.type):
            column = pa.array([None if v is None else json.dumps(v, default=str, ensure_ascii=False)
                               for v in column.to_pylist()], pa.string())
        arrays.append(column)
        fields.append(pa.field(field.name, column.type))
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))


def _batches(reader: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
    for batch in reader:
        if batch.num_rows:
            yield batch


def _csv_writer(sink: BinaryIO | str | Path, schema: pa.Schema) -> pacsv.CSVWriter:
    return pacsv.CSVWriter(str(sink) if isinstance(sink, Path) else sink, schema)


def write_csv(reader: pa.RecordBatchReader, sink: BinaryIO | str | Path) -> int:
    rows = 0
    writer = None
    try:
        for batch in _batches(reader):
            batch = _plain(batch)
            if writer is None:
                writer = _csv_writer(sink, batch.schema)
            writer.write_batch(batch)
            rows += batch.num_rows
        if writer is None:  # no rows: still write the header
            writer = _csv_writer(sink, _plain(pa.RecordBatch.from_pylist([], schema=reader.schema)).schema)
    finally:
        if writer is not None:
            writer.close()
    return rows


def write_json_lines(reader: pa.RecordBatchReader, sink: BinaryIO) -> int:
    rows = 0
    for batch in _batches(reader):
        for row in batch.to_pylist():
            sink.write(json.dumps(row, default=str, ensure_ascii=False).encode("utf-8") + b"\n")
        rows += batch.num_rows
    return rows


def write_parquet(reader: pa.RecordBatchReader, path: str | Path) -> int:
    rows = 0
    with pq.ParquetWriter(str(path), reader.schema) as writer:
        for batch in _batches(reader):
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _cell(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, default=str, ensure_ascii=False)
    text = str(value).replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _numeric(t: pa.DataType) -> bool:
    return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t)


def format_table(table: pa.Table) -> str:
    """An aligned text table: numbers right-aligned, NULL spelled out, long values shortened."""
    names = table.column_names
    columns = [[_cell(v) for v in table.column(i).to_pylist()] for i in range(table.num_columns)]
    widths = [max([len(n)] + [len(c) for c in col]) for n, col in zip(names, columns)]
    right = [_numeric(f.type) for f in table.schema]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()

    out = [line(names), "  ".join("-" * w for w in widths)]
    out.extend(line([col[i] for col in columns]) for i in range(table.num_rows))
    return "\n".join(out)


def write(reader: pa.RecordBatchReader, fmt: str, out: str | Path | None) -> int:
    """Write a result in `fmt` to the file `out` (or standard output); return the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out in (None, "-"):
            raise ValueError("--format parquet needs --out FILE")
        return write_parquet(reader, out)
    if fmt == "table":
        table = reader.read_all()
        text = format_table(table) + "\n"
        if out in (None, "-"):
            sys.stdout.write(text)
        else:
            Path(out).write_text(text, encoding="utf-8")
        return table.num_rows
    if out in (None, "-"):
        sys.stdout.flush()
        sink = sys.stdout.buffer
        rows = write_csv(reader, sink) if fmt == "csv" else write_json_lines(reader, sink)
        sink.flush()
        return rows
    with open(out, "wb") as sink:
        return write_csv(reader, sink) if fmt == "csv" else write_json_lines(reader, sink)
