"""The history of runs in a tracker database, for ``kdeal runs`` and the metrics file."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import desc, func, select
from sqlalchemy.exc import SQLAlchemyError

from kdeal.errors import KdealError

from .db import schema as s
from .db.sink import RunCounts, SourceCounts, connect
from .db.state import as_utc
from .options import DEFAULT_LAST_RUNS


@dataclass(frozen=True)
class SourceReport:
    source: str
    counts: SourceCounts


@dataclass(frozen=True)
class RunReport:
    """One ``runs`` row with its per-source counts and its skipped pages counted by error code."""

    run_id: int
    command: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    message: str | None
    counts: RunCounts
    sources: tuple[SourceReport, ...]
    errors_by_code: tuple[tuple[str, int], ...]

    @property
    def seconds(self) -> float | None:
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()


def list_runs(db_url: str, last: int = DEFAULT_LAST_RUNS) -> list[RunReport]:
    """The newest ``last`` runs, newest first."""
    engine = connect(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(s.runs).order_by(desc(s.runs.c.run_id)).limit(last)).all()
            ids = [r.run_id for r in rows]
            srcs = conn.execute(select(s.run_sources).where(s.run_sources.c.run_id.in_(ids))
                                .order_by(s.run_sources.c.run_id, s.run_sources.c.source)).all()
            errs = conn.execute(select(s.run_errors.c.run_id, s.run_errors.c.code, func.count())
                                .where(s.run_errors.c.run_id.in_(ids))
                                .group_by(s.run_errors.c.run_id, s.run_errors.c.code)).all()
    except SQLAlchemyError as e:
        raise KdealError(f"cannot read the runs of {db_url}: {str(e).splitlines()[0]}") from e
    finally:
        engine.dispose()
    run_fields = [f.name for f in fields(RunCounts)]
    source_fields = [f.name for f in fields(SourceCounts)]
    by_run: dict[int, list[SourceReport]] = {}
    for r in srcs:
        by_run.setdefault(r.run_id, []).append(
            SourceReport(r.source, SourceCounts(**{k: getattr(r, k) for k in source_fields})))
    codes: dict[int, Counter[str]] = {}
    for run_id, code, n in errs:
        codes.setdefault(run_id, Counter())[code] += n
    return [RunReport(r.run_id, r.command or "", r.status, as_utc(r.started_at), as_utc(r.ended_at), r.message,
                      RunCounts(**{k: getattr(r, k) or 0 for k in run_fields}), tuple(by_run.get(r.run_id, ())),
                      tuple(sorted(codes.get(r.run_id, Counter()).items())))
            for r in rows]


def last_success(db_url: str, command_prefix: str = "ingest") -> datetime | None:
    """When the newest run of this kind that ended ``ok`` ended."""
    engine = connect(db_url)
    try:
        with engine.connect() as conn:
            return as_utc(conn.execute(select(func.max(s.runs.c.ended_at)).where(
                s.runs.c.status == "ok", s.runs.c.command.like(f"{command_prefix}%"))).scalar())
    except SQLAlchemyError as e:
        raise KdealError(f"cannot read the runs of {db_url}: {str(e).splitlines()[0]}") from e
    finally:
        engine.dispose()


def _source_seconds(seconds: float | None) -> str:
    """A source's duration after its counts; nothing for runs recorded before it was kept."""
    return "" if seconds is None else f", {seconds:.1f}s"


def format_runs(reports: list[RunReport]) -> str:
    """A plain table: one line per run, one indented line per source and per error code."""
    lines = [f"{'run':>5}  {'status':<11} {'started (UTC)':<19} {'secs':>7}  {'pages':>5} {'fetch':>5} {'304':>5} "
             f"{'fresh':>5} {'fail':>5} {'docs':>5} {'deals':>5} {'rprts':>5}  command"]
    for r in reports:
        c = r.counts
        secs = f"{r.seconds:.1f}" if r.seconds is not None else "-"
        pages = c.fetched + c.not_modified + c.failed_pages
        lines.append(f"{r.run_id:>5}  {r.status:<11} {r.started_at:%Y-%m-%d %H:%M:%S} {secs:>7}  {pages:>5} "
                     f"{c.fetched:>5} {c.not_modified:>5} {c.fresh:>5} {c.failed_pages:>5} {c.documents:>5} "
                     f"{c.deals:>5} {c.reports:>5}  {r.command}")
        for src in r.sources:
            sc = src.counts
            lines.append(f"{'':>5}    source {src.source}: {sc.candidates} candidates, {sc.fetched} fetched, "
                         f"{sc.not_modified} not modified, {sc.fresh} fresh, {sc.retired} retired, {sc.failed} "
                         f"failed, {sc.documents} documents, {sc.deals} new deals, {sc.reports} reports"
                         f"{_source_seconds(sc.seconds)}")
        if r.errors_by_code:
            lines.append(f"{'':>5}    skipped: " + ", ".join(f"{code} {n}" for code, n in r.errors_by_code))
        if r.message:
            lines.append(f"{'':>5}    {r.message}")
    return "\n".join(lines)
