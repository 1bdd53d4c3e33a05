"""Dictionary entries for actors: states, organisations and armed groups, people with dated roles,
and the generic agent nouns ("forces", "officials") that combine with a state."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3,4}$")]
Sector = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(_Entry):
    """An office held over a period: the event date picks the role, not the wording of the text."""

    title: str = Field(description='e.g. "President", "Foreign Minister"')
    country: Alpha3
    sector: Sector = "GOV"
    start: dt.date
    end: dt.date | None = Field(default=None, description="None while in office")

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    @model_validator(mode="after")
    def _ordered(self) -> "Role":
        if self.end is not None and self.end < self.start:
            raise ValueError(f"role {self.title}: ends {self.end} before it starts {self.start}")
        return self


class Person(_Entry):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    aliases: list[str] = Field(default_factory=list, description='"Trump", "Donald J. Trump"')
    country: Alpha3 = Field(description="the state whose actor the person is outside any listed role")
    roles: list[Role] = Field(default_factory=list)

    def role_on(self, day: dt.date) -> Role | None:
        for role in self.roles:
            if role.holds_on(day):
                return role
        return None


class Country(_Entry):
    code: Alpha3 = Field(description="ISO 3166-1 alpha-3")
    name: str
    names: list[str] = Field(default_factory=list, description='other names: "U.S.", "America"')
    adjectives: list[str] = Field(default_factory=list, description='"American"')
    demonyms: list[str] = Field(default_factory=list, description='"Americans"')
    capitals: list[str] = Field(default_factory=list, description="capitals, used as metonyms for the government")
    metonyms: dict[str, Sector] = Field(
        default_factory=dict, description='seats of power: {"the White House": "GOV", "the Pentagon": "MIL"}')


class Organization(_Entry):
    """A bloc, intergovernmental body, armed non-state group, party or other named organisation."""

    code: str = Field(pattern=r"^[A-Z0-9]{3,12}$")
    name: str
    names: list[str] = Field(default_factory=list)
    kind: Literal["igo", "armed_group", "party", "agency", "company", "ngo", "media"]
    country: Alpha3 | None = Field(description="EUR / NATO / UNO, or the state a national group belongs to")
    sector: Sector


class Agent(_Entry):
    """A generic noun that names a sector of a state: "Russian forces" -> RUS + MIL."""

    sector: Sector
    words: list[str] = Field(description='lower-case phrases: "forces", "air force", "officials"')
