"""What a run did, in numbers and words: the flow's return value, its artifacts, progress lines."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, Field

from .shards import ShardSummary
from .staging import StagePlan


class Loaded(BaseModel):
    """Rows the warehouse wrote, summed over the run's load transactions."""

    transactions: int = 0
    documents_written: int = 0
    events_written: int = 0
    events_deleted: int = 0
    mentions_written: int = 0
    quarantine_written: int = 0


class RunSummary(BaseModel):
    flow: str
    run_id: str
    db: str
    dictionary_version: str
    status: str = "succeeded"
    documents_read: int = 0
    documents_skipped: int = Field(0, description="already loaded with the same text and dictionaries")
    documents_outside: int = Field(0, description="outside the date range")
    inputs_repeated: int = Field(0, description="inputs read twice in the run (same document or bad item): counted once")
    documents_coded: int = 0
    documents_loaded: int = 0
    events: int = 0
    quarantined: int = 0
    batches: int = 0
    events_by_kind: dict[str, int] = Field(default_factory=dict)
    events_by_day: list[tuple[str, str, str, int]] = Field(default_factory=list,
                                                           description="(day, kind, country, events)")
    loaded: Loaded = Field(default_factory=Loaded)
    failures: list[str] = Field(default_factory=list)
    seconds: dict[str, float] = Field(default_factory=dict)

    def problem(self) -> str:
        """What went wrong, and what to do, for the exception that fails the run."""
        return (f"{self.flow}: {len(self.failures)} step(s) failed; {self.documents_loaded:,} of "
                f"{self.documents_read - self.documents_skipped - self.documents_outside:,} documents loaded. "
                f"Run it again to resume: loaded documents are skipped and coded shards reused.\n"
                + "\n".join(f"- {f}" for f in self.failures))


def summarize(flow: str, run_id: str, db: str, version: str, plan: StagePlan,
              coded: Iterable[ShardSummary], loaded: Iterable, failures: list[str],
              seconds: dict[str, float]) -> RunSummary:
    coded = list(coded)
    by_kind: Counter[str] = Counter()
    by_day: Counter[tuple[str, str, str]] = Counter()
    for shard in coded:
        by_kind.update(shard.events_by_kind)
        by_day.update(shard.events_by_day)
    totals = Loaded()
    loaded_documents = 0
    for stats in loaded:
        loaded_documents += stats.documents
        totals.transactions += 1
        totals.documents_written += stats.documents_written
        totals.events_written += stats.events_written
        totals.events_deleted += stats.events_deleted
        totals.mentions_written += stats.mentions_written
        totals.quarantine_written += stats.quarantine_written
    return RunSummary(
        flow=flow, run_id=run_id, db=db, dictionary_version=version,
        status="failed" if failures else "succeeded",
        documents_read=plan.read, documents_skipped=plan.skipped, documents_outside=plan.outside,
        inputs_repeated=plan.repeated,
        documents_coded=sum(s.documents for s in coded), documents_loaded=loaded_documents,
        events=sum(s.events for s in coded),
        quarantined=plan.quarantined + sum(s.not_coded for s in coded),
        batches=len(plan.batches),
        events_by_kind=dict(by_kind.most_common()),
        events_by_day=[(*key, n) for key, n in sorted(by_day.items())],
        loaded=totals, failures=failures, seconds={k: round(v, 3) for k, v in seconds.items()},
    )


def markdown(summary: RunSummary) -> str:
    """The run's summary artifact."""
    s = summary
    lines = [
        f"# {s.flow}: {s.status}",
        "",
        f"Warehouse `{s.db}`, run `{s.run_id}`, dictionary version `{s.dictionary_version}`.",
        "",
        "| documents | |", "|---|---:|",
        f"| read | {s.documents_read:,} |",
        f"| skipped (already loaded, same text and dictionaries) | {s.documents_skipped:,} |",
    ]
    if s.documents_outside:
        lines.append(f"| outside the date range | {s.documents_outside:,} |")
    lines += [
        f"| coded | {s.documents_coded:,} |",
        f"| loaded | {s.documents_loaded:,} |",
        f"| quarantined inputs | {s.quarantined:,} |",
        f"| repeated inputs (read twice, counted once) | {s.inputs_repeated:,} |",
        "",
        f"**{s.events:,} events** in {s.batches:,} batches; the warehouse wrote {s.loaded.events_written:,} "
        f"event rows and deleted {s.loaded.events_deleted:,} in {s.loaded.transactions:,} load transaction(s).",
        "",
    ]
    if s.events_by_kind:
        lines += ["| kind | events |", "|---|---:|"]
        lines += [f"| {kind} | {n:,} |" for kind, n in s.events_by_kind.items()]
        lines.append("")
    lines += ["| step | seconds |", "|---|---:|"]
    lines += [f"| {step} | {sec:,.1f} |" for step, sec in s.seconds.items()]
    if s.failures:
        lines += ["", "## Failures", ""] + [f"- {f}" for f in s.failures]
    return "\n".join(lines) + "\n"


def day_table(summary: RunSummary) -> list[dict[str, object]]:
    """The run's table artifact: events by day, kind and country (of the event's location)."""
    return [{"day": day, "kind": kind, "country": country or "-", "events": n}
            for day, kind, country, n in summary.events_by_day]


def progress(done: int, total: int, seconds: float) -> str:
    """"coded 4,000 of 10,000 documents (40%) at 231 documents/s, about 0:26 left"."""
    rate = done / seconds if seconds > 0 else 0.0
    share = f" ({done / total:.0%})" if total else ""
    line = f"coded {done:,} of {total:,} documents{share} at {rate:,.{0 if rate >= 10 else 1}f} documents/s"
    if rate > 0 and done < total:
        line += f", about {_clock((total - done) / rate)} left"
    return line


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
