"""An input that could not be ingested: kept with where it came from and why, so nothing is lost."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Stage(str, Enum):
    discover = "discover"   # the path itself: unreadable, a link loop, an unsupported file type
    read = "read"           # bytes: not UTF-8, binary, empty
    parse = "parse"         # JSONL/CSV structure: malformed line, wrong field types
    validate = "validate"   # a document that breaks the schema: no text, bad published_at, duplicate id
    code = "code"           # the coder failed on the document
    load = "load"           # the warehouse rejected it


class QuarantineItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    stage: Stage
    reason: str
    path: str | None = Field(default=None, description="the raw input's path")
    line: int | None = Field(default=None, ge=1, description="line (JSONL) or row (CSV) number, 1-based")
    content_hash: str | None = Field(default=None, description="sha256 of the raw bytes of the item")
    doc_id: str | None = None
    excerpt: str | None = Field(default=None, description="the first characters of the raw item")
