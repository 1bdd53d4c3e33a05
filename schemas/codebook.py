"""Codebook entries as they are read from data/codebooks/ (CAMEO, PLOVER, ACLED)."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .enums import AcledDisorderType, AcledEventType, AcledSubEventType

Digits = Annotated[str, StringConstraints(pattern=r"^\d{2,4}$")]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CameoEntry(_Entry):
    """One CAMEO 1.1b3 event code."""

    code: Digits
    name: str
    root: Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
    base: Digits = Field(description="the three-digit base code (the root itself for two-digit codes)")
    quad_class: int = Field(ge=1, le=4)
    goldstein: float = Field(ge=-10, le=10)

    @model_validator(mode="after")
    def _consistent(self) -> "CameoEntry":
        if not self.code.startswith(self.root) or not self.code.startswith(self.base):
            raise ValueError(f"CAMEO {self.code}: root {self.root} / base {self.base} is not its prefix")
        return self


class PloverEntry(_Entry):
    """The PLOVER event type and mode that a CAMEO code corresponds to."""

    cameo_code: Digits
    plover_type: str = Field(pattern=r"^[A-Z_]+$")
    plover_mode: str | None = None


class AcledSubType(_Entry):
    """One ACLED sub-event type with its event type and disorder type."""

    sub_event_type: AcledSubEventType
    event_type: AcledEventType
    disorder_type: AcledDisorderType
    description: str


class AcledCameoLink(_Entry):
    """A CAMEO code (or family prefix) that, when coded, is an event of this ACLED sub-event type."""

    cameo_prefix: Digits
    sub_event_type: AcledSubEventType
