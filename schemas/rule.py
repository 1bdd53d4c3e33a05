"""An event rule: phrases that report one kind of event, the CAMEO code they get, and how to read roles."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .enums import AcledSubEventType

Roles = Literal[
    "directed",    # source = subject (or the by-agent of a passive), target = object or a target PP
    "symmetric",   # participants: "A and B held a call", "a call between A and B", "A's call with B"
    "anaphoric",   # "the call": no roles of its own; joins the document's event of the same code
    "patient",     # the subject is the target: "Kharkiv came under drone attack", "X was killed"
]


class EventRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")]
    code: Annotated[str, StringConstraints(pattern=r"^\d{2,4}$")]
    kind: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    patterns: list[str] = Field(min_length=1, description="pattern language: see data/rules/README.md")
    roles: Roles = "directed"
    target_preps: list[str] | None = Field(
        default=None, description="prepositions that introduce the target (default: see roles.py)")
    acled: AcledSubEventType | None = Field(
        default=None, description="ACLED sub-event type, overriding the codebook's CAMEO mapping")
    quantity_of: list[str] = Field(default_factory=list, description="lemmas counted as the quantity")
    intent: bool = Field(default=False, description="the event is the statement of intent itself (03x): "
                                                     "future wording does not make it planned")
    priority: int = Field(default=0, description="wins over overlapping matches of lower priority")
    confidence: float = Field(default=0.8, ge=0, le=1)
    examples: list[str] = Field(default_factory=list, description="sentences this rule must code")
    counterexamples: list[str] = Field(default_factory=list, description="sentences it must not code")
