"""The flows' parameters: pydantic models, checked before any work starts.

A deployment's parameters (prefect.yaml), a `prefect deployment run --param` and `eventpipe run`
all go through these models, so a bad value fails at once with a message that names it. Paths are
checked for existence here too: a typo in a folder name is a parameter error, not an empty run.
Relative paths resolve against the working directory of the process that runs the flow.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DEFAULT_DB = Path("eventpipe.duckdb")
# scheduler addresses: tcp://10.0.0.5:8786, tls://scheduler:8786, 10.0.0.5:8786, [::1]:8786
_DASK_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+]*://)?(?:\[[0-9a-fA-F:]+\]|[\w.\-]+):\d{1,5}$")

BatchSize = Annotated[int, Field(ge=1, le=100_000, description="documents per coding task")]


class RunParams(BaseModel):
    """What every flow needs: where the warehouse is, how to batch, where coding runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    db: Path = Field(default=DEFAULT_DB, description="the DuckDB warehouse file (created if missing)")
    batch_size: BatchSize = 1000
    load_size: int = Field(default=50_000, ge=1,
                           description="documents per load transaction: coded shards are merged in "
                                       "groups of about this many documents, each group in one transaction")
    staging: Path | None = Field(default=None,
                                 description="folder for batch inputs and Parquet shards (default: "
                                             "<db>.staging beside the database); on a Dask cluster, a "
                                             "folder every worker and the flow can reach")
    dask: str | None = Field(default=None,
                             description="run the coding tasks on Dask: 'local' for a local cluster, "
                                         "or a scheduler address such as tcp://10.0.0.5:8786")
    workers: int | None = Field(default=None, ge=1, le=512,
                                description="worker processes of a local Dask cluster (default: one per core)")

    @field_validator("db")
    @classmethod
    def _db_is_a_file(cls, db: Path) -> Path:
        if db.is_dir():
            raise ValueError(f"{db} is a folder; give the database file, e.g. {db / DEFAULT_DB}")
        return db

    @field_validator("dask")
    @classmethod
    def _dask_address(cls, value: str | None) -> str | None:
        if value is None or value == "local" or _DASK_ADDRESS.match(value):
            return value
        raise ValueError(f"{value!r} is neither 'local' nor a scheduler address like tcp://10.0.0.5:8786")

    @model_validator(mode="after")
    def _workers_need_local_dask(self) -> "RunParams":
        if self.workers is not None and self.dask != "local":
            raise ValueError("workers sets the size of a local Dask cluster; use it with dask='local'")
        return self

    @property
    def staging_dir(self) -> Path:
        """Absolute, so that shard paths mean the same on every worker."""
        folder = self.staging if self.staging is not None else self.db.with_name(self.db.name + ".staging")
        return folder.resolve()


def _existing(path: Path) -> Path:
    if not path.exists():
        raise ValueError(f"no such file or folder: {path}")
    return path


class IngestParams(RunParams):
    """Code and load documents from files and folders (an inbox is a folder)."""

    paths: list[Path] = Field(min_length=1, description="files (.jsonl, .txt, .csv) and folders")
    published: dt.date | None = Field(default=None,
                                      description="publication date for documents that lack one")

    @field_validator("paths")
    @classmethod
    def _paths_exist(cls, paths: list[Path]) -> list[Path]:
        return [_existing(p) for p in paths]


class BackfillParams(RunParams):
    """Code and load a folder tree, optionally only the documents published in a date range."""

    root: Path = Field(description="the folder tree to backfill")
    start: dt.date | None = Field(default=None, description="first publication date to include")
    end: dt.date | None = Field(default=None, description="last publication date to include")

    @field_validator("root")
    @classmethod
    def _root_is_a_folder(cls, root: Path) -> Path:
        if not _existing(root).is_dir():
            raise ValueError(f"{root} is a file; backfill takes a folder")
        return root

    @model_validator(mode="after")
    def _ordered(self) -> "BackfillParams":
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self

    def in_range(self, day: dt.date | None) -> bool:
        """Documents without a publication date are outside any range."""
        if self.start is None and self.end is None:
            return True
        return day is not None and (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class RecodeParams(RunParams):
    """Code the stored documents again, after a dictionary change."""

    everything: bool = Field(default=False,
                             description="recode every stored document, not only those coded with "
                                         "another dictionary version")


def explain(error: ValidationError) -> str:
    """One line per problem, naming the parameter: for the command line and the run log."""
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "parameters"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {message}")
    return "\n".join(lines)
