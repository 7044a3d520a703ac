"""``ingest --metrics FILE``: the run's figures as a Prometheus textfile.

node_exporter's textfile collector (``--collector.textfile.directory``)
publishes such a file; an alert on ``time() -
kdeal_ingest_last_success_timestamp_seconds`` catches a job that stopped
succeeding, one on ``kdeal_ingest_error_rate`` a source that went bad. The
file is replaced atomically (prometheus_client writes a temporary file and
renames it), so the collector never reads half of it. Every value describes
the last run, so all are gauges.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from datetime import datetime
from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

from kdeal.errors import KdealError

from .summary import INGEST_STATUSES, RunSummary

PREFIX = "kdeal_ingest"
PAGE_OUTCOMES = ("fetched", "not_modified", "fresh", "retired", "failed_pages")


def _gauge(registry: CollectorRegistry, name: str, doc: str, value: float | None = None,
           labels: tuple[str, ...] = ()) -> Gauge:
    g = Gauge(f"{PREFIX}_{name}", doc, labelnames=labels, registry=registry)
    if value is not None:
        g.set(value)
    return g


def build_registry(summary: RunSummary, last_success: datetime | None, now: float | None = None) -> CollectorRegistry:
    """The gauges of one ingest ``summary``."""
    reg = CollectorRegistry()
    pages = _gauge(reg, "pages", "Pages of the last run by outcome (fresh and retired: not requested)",
                   labels=("outcome",))
    for outcome in PAGE_OUTCOMES:
        pages.labels(outcome="failed" if outcome == "failed_pages" else outcome).set(getattr(summary, outcome))
    failed = _gauge(reg, "skipped", "Pages and documents the last run skipped, by error code", labels=("code",))
    for code, n in sorted(Counter(e.code.value for e in summary.errors).items()):
        failed.labels(code=code).set(n)
    _gauge(reg, "candidates", "Candidates discovery found in the last run", summary.candidates)
    _gauge(reg, "documents_written", "Documents written by the last run", summary.documents)
    _gauge(reg, "deals_new", "Deal rows the last run added", summary.deals)
    _gauge(reg, "deal_reports", "Deal statements (evidence rows) the last run wrote", summary.reports)
    _gauge(reg, "error_rate", "Share of the pages asked for that failed in the last run", summary.error_rate)
    _gauge(reg, "duration_seconds", "How long the last run took", summary.seconds)
    status = _gauge(reg, "status", "1 for the status the last run ended with", labels=("status",))
    for name in INGEST_STATUSES:
        status.labels(status=name).set(1 if summary.status == name else 0)
    _gauge(reg, "last_run_timestamp_seconds", "When the last run ended (Unix time)",
           now if now is not None else time.time())
    _gauge(reg, "last_success_timestamp_seconds", "When the last successful run ended (Unix time; 0: never)",
           last_success.timestamp() if last_success else 0.0)
    return reg


def write_metrics(path: str | os.PathLike[str], summary: RunSummary, db_url: str) -> None:
    """Write the textfile for ``summary``; the last success comes from the database's ``runs``."""
    from .runs import last_success

    registry = build_registry(summary, last_success(db_url))
    try:
        write_to_textfile(os.fspath(path), registry)
    except OSError as e:
        raise KdealError(f"cannot write the metrics file {path}: {e}") from e
