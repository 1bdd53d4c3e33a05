"""prefect.yaml's deployments, read for `eventpipe serve`: one file describes them for serving and
for `prefect deploy` onto a work pool alike.

Only what serving needs is read: name, entrypoint (a module path), description, tags, parameters
and cron or interval schedules. Work-pool settings are for `prefect deploy` and are ignored here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .params import BackfillParams, IngestParams, RecodeParams, RunParams, explain

FILE = "prefect.yaml"
# the parameter model of each flow, to check a deployment's parameters before serving it
PARAMS: dict[str, type[RunParams]] = {
    "eventpipe.flows.ingest:ingest": IngestParams,
    "eventpipe.flows.ingest:backfill": BackfillParams,
    "eventpipe.flows.recode:recode": RecodeParams,
}


class DeploymentError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Deployment:
    name: str
    entrypoint: str
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    schedules: tuple[dict[str, Any], ...] = ()

    @property
    def flow_name(self) -> str:
        return self.entrypoint.rsplit(":", 1)[-1]

    def schedule_text(self) -> str:
        parts = []
        for s in self.schedules:
            if "cron" in s:
                parts.append(f"cron '{s['cron']}' ({s.get('timezone', 'UTC')})")
            elif "interval" in s:
                parts.append(f"every {s['interval']} s")
        return ", ".join(parts) or "no schedule (run on demand)"

    def problems(self) -> str | None:
        """Why a run with the default parameters would be refused, if it would."""
        model = PARAMS.get(self.entrypoint)
        if model is None or "params" not in self.parameters:
            return None
        try:
            model.model_validate(self.parameters["params"])
        except ValidationError as error:
            return explain(error)
        return None


def find(explicit: Path | None = None) -> Path:
    """The given file, else ./prefect.yaml, else the one at the root of this source tree."""
    candidates = [explicit] if explicit else [Path.cwd() / FILE, Path(__file__).resolve().parents[1] / FILE]
    for path in candidates:
        if path.is_file():
            return path
    raise DeploymentError(f"no {FILE} at {' or '.join(str(c) for c in candidates)}; pass --deployments FILE")


def read(path: Path) -> list[Deployment]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as problem:
        raise DeploymentError(f"cannot read {path}: {problem}") from None
    deployments = []
    for number, entry in enumerate(document.get("deployments") or [], 1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("entrypoint"):
            raise DeploymentError(f"{path}: deployment {number} needs a name and an entrypoint")
        deployments.append(Deployment(
            name=entry["name"], entrypoint=entry["entrypoint"], description=entry.get("description") or "",
            tags=tuple(entry.get("tags") or ()), parameters=dict(entry.get("parameters") or {}),
            schedules=tuple(entry.get("schedules") or ())))
    if not deployments:
        raise DeploymentError(f"{path} lists no deployments")
    return deployments


def with_overrides(deployment: Deployment, db: Path | None, inbox: Path | None) -> Deployment:
    """--db for every deployment that takes one, --inbox for the `inbox` deployment."""
    params = dict(deployment.parameters.get("params") or {})
    if db is not None and deployment.entrypoint in PARAMS and params:
        params["db"] = str(db)
    if inbox is not None and deployment.name == "inbox":
        params["paths"] = [str(inbox)]
    if not params:
        return deployment
    return Deployment(deployment.name, deployment.entrypoint, deployment.description, deployment.tags,
                      {**deployment.parameters, "params": params}, deployment.schedules)


def runner_deployment(deployment: Deployment):
    """The Prefect RunnerDeployment that `prefect.serve` runs."""
    from prefect.flows import load_flow_from_entrypoint
    from prefect.schedules import Cron, Interval
    from prefect.types.entrypoint import EntrypointType

    schedules = []
    for s in deployment.schedules:
        active = s.get("active", True)
        if "cron" in s:
            schedules.append(Cron(s["cron"], timezone=s.get("timezone", "UTC"), active=active))
        elif "interval" in s:
            schedules.append(Interval(dt.timedelta(seconds=float(s["interval"])), active=active))
        else:
            raise DeploymentError(f"deployment {deployment.name}: only cron and interval schedules are served")
    flow = load_flow_from_entrypoint(deployment.entrypoint, use_placeholder_flow=False)
    return flow.to_deployment(
        name=deployment.name, description=deployment.description or None, tags=list(deployment.tags),
        parameters=deployment.parameters or None, schedules=schedules or None,
        entrypoint_type=EntrypointType.MODULE_PATH)
