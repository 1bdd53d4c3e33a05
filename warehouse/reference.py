"""Loading the reference tables: the actor dictionary and the codebooks, each replaced as a whole.

Both loads are idempotent: the same dictionary or codebook leaves the tables exactly as they were.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import duckdb
import pyarrow as pa

from eventpipe.schemas import (
    AcledCameoLink, AcledSubType, Agent, CameoEntry, Country, Organization, Person, PloverEntry)

ACTOR_SCHEMA = pa.schema([
    ("kind", pa.string()),
    ("actor_id", pa.string()),
    ("name", pa.string()),
    ("names", pa.list_(pa.string())),
    ("country", pa.string()),
    ("sector", pa.string()),
    ("org_kind", pa.string()),
    ("role_index", pa.int32()),
    ("role_title", pa.string()),
    ("role_country", pa.string()),
    ("role_sector", pa.string()),
    ("role_start", pa.date32()),
    ("role_end", pa.date32()),
    ("adjectives", pa.list_(pa.string())),
    ("demonyms", pa.list_(pa.string())),
    ("capitals", pa.list_(pa.string())),
    ("metonyms", pa.map_(pa.string(), pa.string())),
    ("iso_numeric", pa.int16()),
    ("dictionary_version", pa.string()),
])


class CodebookLike(Protocol):
    """What `eventpipe.coding.codebook.Codebook` offers the warehouse."""

    version: str

    def entries(self) -> Mapping[str, Sequence[object]]: ...


@functools.cache
def _iso_numeric() -> Mapping[str, int]:
    import pycountry

    return {c.alpha_3: int(c.numeric) for c in pycountry.countries}


def _replace(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table]) -> dict[str, int]:
    """Replace the rows of these tables in one transaction; identical rows leave identical tables."""
    counts: dict[str, int] = {}
    for table, rows in tables.items():
        con.register(f"_arrow_{table}", rows)
    try:
        con.execute("BEGIN TRANSACTION").fetchall()
        try:
            for table in tables:
                con.execute(f"DELETE FROM main.{table}").fetchall()
                counts[table] = con.execute(
                    f"INSERT INTO main.{table} BY NAME SELECT * FROM _arrow_{table}").fetchall()[0][0]
            con.execute("COMMIT").fetchall()
        except BaseException:
            con.execute("ROLLBACK").fetchall()
            raise
    finally:
        for table in tables:
            con.unregister(f"_arrow_{table}")
    return counts


def actor_rows(countries: Iterable[Country], organizations: Iterable[Organization],
               people: Iterable[Person], agents: Iterable[Agent], dictionary_version: str) -> pa.Table:
    """One row per country, organisation and agent, one per role of each person (see sql/002)."""
    iso = _iso_numeric()
    rows: list[dict[str, object]] = []

    def add(**fields: object) -> None:
        rows.append({"role_index": 0, **fields, "dictionary_version": dictionary_version})

    for c in countries:
        add(kind="country", actor_id=c.code, name=c.name, names=list(c.names), country=c.code,
            adjectives=list(c.adjectives), demonyms=list(c.demonyms), capitals=list(c.capitals),
            metonyms=list(c.metonyms.items()), iso_numeric=iso.get(c.code))
    for o in organizations:
        add(kind="organization", actor_id=o.code, name=o.name, names=list(o.names), country=o.country,
            sector=o.sector, org_kind=o.kind)
    for p in people:
        for index, role in enumerate(p.roles or [None]):
            person = dict(kind="person", actor_id=p.id, name=p.name, names=list(p.aliases), country=p.country)
            if role is not None:
                person |= dict(role_index=index, role_title=role.title, role_country=role.country,
                               role_sector=role.sector, role_start=role.start, role_end=role.end)
            add(**person)
    for a in agents:
        add(kind="agent", actor_id=a.sector, name=a.sector, names=list(a.words), sector=a.sector)
    return pa.Table.from_pylist(rows, schema=ACTOR_SCHEMA)


def load_dictionary(con: duckdb.DuckDBPyConnection, countries: Iterable[Country],
                    organizations: Iterable[Organization], people: Iterable[Person],
                    agents: Iterable[Agent], dictionary_version: str) -> int:
    """Replace the actors table with this dictionary; return its row count."""
    rows = actor_rows(countries, organizations, people, agents, dictionary_version)
    return _replace(con, {"actors": rows})["actors"]


CAMEO_SCHEMA = pa.schema([
    ("code", pa.string()), ("name", pa.string()), ("root", pa.string()), ("base", pa.string()),
    ("quad_class", pa.uint8()), ("goldstein", pa.float64()), ("codebook_version", pa.string())])
PLOVER_SCHEMA = pa.schema([
    ("cameo_code", pa.string()), ("plover_type", pa.string()), ("plover_mode", pa.string()),
    ("codebook_version", pa.string())])
ACLED_SCHEMA = pa.schema([
    ("sub_event_type", pa.string()), ("event_type", pa.string()), ("disorder_type", pa.string()),
    ("description", pa.string()), ("cameo_prefixes", pa.list_(pa.string())),
    ("codebook_version", pa.string())])


def codebook_tables(codebook: CodebookLike) -> dict[str, pa.Table]:
    entries = codebook.entries()
    version = codebook.version
    cameo: Sequence[CameoEntry] = entries["cameo"]
    plover: Sequence[PloverEntry] = entries["plover"]
    acled: Sequence[AcledSubType] = entries["acled"]
    links: Sequence[AcledCameoLink] = entries["acled_cameo"]
    prefixes: dict[str, list[str]] = {}
    for link in links:
        prefixes.setdefault(link.sub_event_type.value, []).append(link.cameo_prefix)
    return {
        "cameo_codes": pa.Table.from_pylist(
            [{**e.model_dump(), "codebook_version": version} for e in cameo], schema=CAMEO_SCHEMA),
        "plover": pa.Table.from_pylist(
            [{**e.model_dump(), "codebook_version": version} for e in plover], schema=PLOVER_SCHEMA),
        "acled_types": pa.Table.from_pylist(
            [{"sub_event_type": e.sub_event_type.value, "event_type": e.event_type.value,
              "disorder_type": e.disorder_type.value, "description": e.description,
              "cameo_prefixes": sorted(prefixes.get(e.sub_event_type.value, [])),
              "codebook_version": version} for e in acled], schema=ACLED_SCHEMA),
    }


def load_codebook(con: duckdb.DuckDBPyConnection, codebook: CodebookLike) -> dict[str, int]:
    """Replace cameo_codes, plover and acled_types with this codebook; return their row counts."""
    return _replace(con, codebook_tables(codebook))
