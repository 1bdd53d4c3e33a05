"""The input document of `eventpipe code` (CONTRACT.md, "Input document")."""
from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Document(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    doc_id: str = Field(default="", description="stable id; derived from the text when absent")
    text: str = Field(description="article body, plain text")
    title: str | None = None
    published_at: dt.date | None = Field(
        default=None, description="YYYY-MM-DD or an ISO 8601 date-time; the anchor for relative dates")
    source: str | None = None
    url: str | None = None

    @field_validator("text")
    @classmethod
    def _has_words(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("text is empty")
        return text

    @field_validator("published_at", mode="before")
    @classmethod
    def _date_part(cls, value):
        if isinstance(value, str) and value.strip():
            value = value.strip()
            try:
                return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
            except ValueError:
                raise ValueError(f"published_at {value!r} is not YYYY-MM-DD or ISO 8601") from None
        if isinstance(value, dt.datetime):
            return value.date()
        return value or None

    @field_validator("doc_id", mode="before")
    @classmethod
    def _id_as_text(cls, value):
        return "" if value is None else str(value).strip()

    @model_validator(mode="after")
    def _derive_id(self) -> "Document":
        if not self.doc_id:
            self.doc_id = "doc-" + self.content_hash[:16]
        return self

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)
