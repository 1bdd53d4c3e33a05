"""Typed records: the input Document, the coded Event and its parts, codebook and dictionary entries."""
from .actor import Agent, Country, Organization, Person, Role
from .codebook import AcledCameoLink, AcledSubType, CameoEntry, PloverEntry
from .document import Document, content_hash
from .enums import (
    MISSION_KINDS,
    AcledDisorderType,
    AcledEventType,
    AcledSubEventType,
    DatePrecision,
    Modality,
    QuadClass,
)
from .event import CONTRACT_FIELDS, ActorRef, Event, Location, Mention
from .quarantine import QuarantineItem, Stage

__all__ = [
    "MISSION_KINDS", "AcledCameoLink", "AcledDisorderType", "AcledEventType", "AcledSubEventType",
    "AcledSubType", "ActorRef", "Agent", "CONTRACT_FIELDS", "CameoEntry", "Country", "DatePrecision",
    "Document", "Event", "Location", "Mention", "Modality", "Organization", "Person", "PloverEntry",
    "QuadClass", "QuarantineItem", "Role", "Stage", "content_hash",
]
