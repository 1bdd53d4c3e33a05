"""The analyst queries of sql/queries/: one question per file, parameters bound by name.

A file starts with a comment header: the question in the first line, then one line per parameter,
`-- $name  what it is (default: ...)` or `(required)`. A parameter that is not given is bound as NULL
and the SQL says what NULL means (usually: no filter), so values never enter the SQL text.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

_PARAM = re.compile(r"^--\s+\$(\w+)\s+(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    description: str
    required: bool


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    summary: str                 # the first header line: the question it answers
    header: tuple[str, ...]      # the whole header, comment markers removed
    params: tuple[Param, ...]
    sql: str

    def bind(self, given: Mapping[str, str | None]) -> dict[str, str | None]:
        """Every declared parameter, given or NULL; unknown or missing required ones are errors."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            listed = ", ".join(f"${p}" for p in sorted(known)) or "none"
            raise ValueError(f"query {self.name} has no parameter {', '.join('$' + u for u in unknown)} "
                             f"(its parameters: {listed})")
        missing = [p.name for p in self.params if p.required and given.get(p.name) in (None, "")]
        if missing:
            raise ValueError(f"query {self.name} needs {', '.join('$' + m for m in missing)}: "
                             f"--param {missing[0]}=VALUE")
        return {p.name: (given.get(p.name) or None) for p in self.params}


def parse(name: str, sql: str) -> Query:
    header: list[str] = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line)
    if not header or not header[0].removeprefix("--").strip():
        raise ValueError(f"query {name} has no header comment saying what it answers")
    params = []
    for line in header:
        match = _PARAM.match(line)
        if match:
            params.append(Param(match[1], match[2], "(required)" in match[2]))
    declared = {p.name for p in params}
    used = set(re.findall(r"\$(\w+)", "\n".join(l for l in sql.splitlines() if not l.lstrip().startswith("--"))))
    if used != declared:
        raise ValueError(f"query {name}: header declares {sorted(declared)}, SQL uses {sorted(used)}")
    return Query(
        name=name,
        summary=header[0].removeprefix("--").strip(),
        header=tuple(line.removeprefix("--").removeprefix(" ") for line in header),
        params=tuple(params),
        sql=sql,
    )


def queries() -> dict[str, Query]:
    """All analyst queries by name (the file name without .sql), sorted by name."""
    folder = resources.files("eventpipe.sql") / "queries"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            name = entry.name.removesuffix(".sql")
            found[name] = parse(name, entry.read_text(encoding="utf-8"))
    return found


def get(name: str) -> Query:
    found = queries()
    if name not in found:
        raise KeyError(f"no query named {name!r}; `eventpipe query` lists them: {', '.join(found)}")
    return found[name]
