"""The coded event: exactly the record of CONTRACT.md, plus the fields the project adds at the end."""
from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .enums import (
    AcledDisorderType,
    AcledEventType,
    AcledSubEventType,
    DatePrecision,
    Modality,
)

CameoCode = Annotated[str, StringConstraints(pattern=r"^\d{2,4}$")]
Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3,4}$")]  # ISO alpha-3, or EUR/NATO/UNO
SnakeCase = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class ActorRef(_Record):
    """An actor as it appears in an event: who, of which state, in which sector."""

    code: str = Field(description="CAMEO-style actor code, e.g. USAGOV, RUSMIL, UKR")
    name: str = Field(description="the actor's name as the dictionary knows it")
    country: Alpha3 | None = Field(description="ISO 3166-1 alpha-3, or EUR / NATO / UNO")
    sector: str | None = Field(description="CAMEO agent: GOV, MIL, COP, REB, OPP, CVL, ...")


class Location(_Record):
    name: str
    country: Alpha3 | None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = Field(ge=1, le=3, description="ACLED: 1 town, 2 near a town or part of a region, 3 region or country")


class Mention(_Record):
    """One sentence that reports the event, and the rule that read it there."""

    sentence_index: int = Field(ge=0)
    char_start: int = Field(ge=0, description="offset of the trigger phrase in the document text")
    char_end: int = Field(ge=0)
    trigger: str
    sentence: str
    rule_id: str
    modality: Modality
    date_text: str | None = None


class Event(_Record):
    # --- the contract (CONTRACT.md), in its order ---
    event_id: str
    doc_id: str
    sentence_index: int = Field(ge=0)
    sentence: str
    event_date: dt.date | None
    date_precision: DatePrecision | None
    date_text: str | None
    kind: SnakeCase
    cameo_code: CameoCode
    cameo_root: Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
    quad_class: int = Field(ge=1, le=4)
    goldstein: float = Field(ge=-10, le=10)
    plover_type: str | None
    plover_mode: str | None
    acled_disorder_type: AcledDisorderType | None
    acled_event_type: AcledEventType | None
    acled_sub_event_type: AcledSubEventType | None
    source_actor: ActorRef | None
    target_actor: ActorRef | None
    location: Location | None
    quantity: int | None = Field(ge=0)
    fatalities: int | None = Field(ge=0)
    modality: Modality
    rule_id: str
    confidence: float = Field(ge=0, le=1)
    # --- added by eventpipe ---
    civilian_targeting: bool = False
    dictionary_version: str
    mentions: list[Mention]

    def to_json(self) -> str:
        """One JSONL line, field order as in CONTRACT.md."""
        return self.model_dump_json()


CONTRACT_FIELDS = tuple(Event.model_fields)[: tuple(Event.model_fields).index("confidence") + 1]
