"""``kdeal ingest``: discover → fetch → parse → extract → store, incrementally and under a lock.

One ingest at a time writes to a database (``IngestLock``); a second one
exits with a clear message or waits (``wait``). Pages of several hosts are
fetched at once, each host at its own polite pace (``fetch.pacing``); a known
article is asked for again only after the recrawl interval, and then with the
ETag / Last-Modified stored in ``fetch_state``, so an unchanged page costs
one 304 and no extraction; a page whose bytes hash as before is not
extracted again either. Each page's documents and its ``fetch_state`` row are
written in one transaction, in input order (``ingest_job``), so a run killed
at any point is simply continued by the next one, and one stopped by SIGTERM
or SIGINT finishes the page it is writing and records itself ``interrupted``.
Every response is archived in the raw store when one is given, so ``extract
--from-store`` reproduces the run offline. The ``runs`` row carries the
counts, its ``run_sources`` rows the counts per source, and every skipped
page is in ``run_errors`` with its reason. A run whose share of failed pages
is over ``max_error_rate`` is recorded ``failed``.

With ``workers`` > 1, extraction runs in worker processes (``pipeline.runners.
local``, forked from this process after it has built the pipeline) while this
process goes on discovering and fetching; every database write still happens
here, page by page in input order, each as soon as its page is extracted.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import update

from kdeal.errors import DocError, KdealError

from .db import schema as s
from .db.lock import IngestLock
from .db.sink import DEFAULT_WINDOW_DAYS, DbSink, RunCounts, connect
from .ingest_job import IngestJob
from .provenance import RunInfo
from .options import DEFAULT_MAX_ERROR_RATE, ExtractOptions
from .progress import progress_for
from .schedule import parse_every, run_every  # noqa: F401 - the ingest loop's helpers, imported from here
from .shutdown import GracefulStop

log = logging.getLogger(__name__)

# Pages per batch sent to a worker when pages come faster than one at a time (a feed page is
# one batch of its items): small, so pages are stored soon after they are fetched.
WORKER_BATCH_PAGES = 8


@dataclass
class IngestSummary:
    """What one ingest did (the same counts as its ``runs`` row). ``deals``: deal rows added;
    ``reports``: statements of deals written (a deal reported again is a report, not a deal).
    ``status``: ok, failed (too many pages failed) or interrupted (``signum`` says by what)."""

    run_id: int = 0
    candidates: int = 0
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    fresh: int = 0
    retired: int = 0
    failed_pages: int = 0
    documents: int = 0
    mentions: int = 0
    deals: int = 0
    reports: int = 0
    errors: list[DocError] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "ok"
    signum: int | None = None
    max_error_rate: float = DEFAULT_MAX_ERROR_RATE

    def take_counts(self, counts: RunCounts) -> None:
        """The page and document counts, from the run's own bookkeeping (the ``runs`` row's):
        "unchanged" here covers unchanged pages and documents stored before, duplicates included."""
        self.fetched, self.not_modified = counts.fetched, counts.not_modified
        self.unchanged = counts.unchanged + counts.duplicates
        self.fresh, self.retired, self.failed_pages = counts.fresh, counts.retired, counts.failed_pages
        self.documents, self.mentions = counts.documents, counts.mentions
        self.deals, self.reports = counts.deals, counts.reports

    @property
    def pages_tried(self) -> int:
        """Pages asked for (and sources that failed): what the error rate is a share of."""
        return self.fetched + self.not_modified + self.failed_pages

    @property
    def error_rate(self) -> float:
        return self.failed_pages / self.pages_tried if self.pages_tried else 0.0

    @property
    def too_many_errors(self) -> bool:
        return self.error_rate > self.max_error_rate

    def line(self) -> str:
        status = "" if self.status == "ok" else f" [{self.status}]"
        return (f"run {self.run_id}{status}: {self.candidates} candidates, {self.fetched} fetched, "
                f"{self.not_modified} not modified, {self.fresh} fresh (not requested), {self.unchanged} "
                f"unchanged, {self.failed_pages} failed, {self.documents} documents written, {self.mentions} "
                f"mentions, {self.deals} new deals, {self.reports} deal reports, {len(self.errors)} skipped, "
                f"{self.seconds:.1f}s")


def _mark_abandoned(sink: DbSink) -> None:
    """Ingest runs still 'running' while we hold the lock were killed: say so in their rows."""
    with sink.engine.begin() as conn:
        n = conn.execute(update(s.runs).where(
            s.runs.c.status == "running", s.runs.c.command.like("ingest%"), s.runs.c.run_id != sink.run_id)
            .values(status="abandoned", message="the process ended without closing the run")).rowcount
    if n:
        log.info("marked %d earlier ingest run(s) as abandoned", n)


def _open_store(store: str | Path | None) -> Any:
    if store is None:
        return None
    from .store import RawStore

    return RawStore(store)


def ingest(config: Any, db_url: str, *, options: ExtractOptions = ExtractOptions(), nlp: Any = None,
           fetcher: Any = None, wait: float = 0.0,
           window_days: int = DEFAULT_WINDOW_DAYS, batch_size: int = 64, command: str = "ingest",
           show_progress: bool | None = None, discover_fn: Callable[..., Iterable[Any]] | None = None,
           workers: int = 1, concurrency: int | None = None, store: str | Path | None = None,
           max_error_rate: float = DEFAULT_MAX_ERROR_RATE) -> IngestSummary:
    """One ingest over a loaded sources config into ``db_url``; raises ``LockBusy`` if another runs.

    ``workers``: extraction processes (1: in this process, page by page).
    ``concurrency``: hosts fetched at once (default: the sources file's). The
    database gets the same rows in the same order for any of these. ``store``:
    the raw store's folder (every response archived as WARC), or None.
    """
    t0 = time.perf_counter()
    engine = connect(db_url)
    raw_store = _open_store(store)
    try:
        with IngestLock(engine, wait=wait), GracefulStop() as stop:
            if nlp is None:  # loaded only once the lock is ours (Kiwi costs seconds); cached per process
                from .nlp import get_nlp

                nlp = get_nlp(options)
            if fetcher is None:
                from .fetch import Fetcher

                fetcher = Fetcher(config.policy, store=raw_store)
            sink = DbSink(db_url, command=command, window_days=window_days, engine=engine,
                          info=RunInfo.of(options, nlp))
            summary = IngestSummary(run_id=sink.run_id, max_error_rate=max_error_rate)
            _mark_abandoned(sink)
            _run(config, sink, nlp, fetcher, summary, stop, batch_size=batch_size, show_progress=show_progress,
                 discover_fn=discover_fn, workers=workers, options=options,
                 concurrency=concurrency or config.policy.concurrency)
            summary.seconds = time.perf_counter() - t0
            return summary
    finally:
        if raw_store is not None:
            raw_store.close()
        engine.dispose()


def _run(config: Any, sink: DbSink, nlp: Any, fetcher: Any, summary: IngestSummary, stop: GracefulStop, *,
         batch_size: int, show_progress: bool | None, discover_fn: Callable[..., Iterable[Any]] | None,
         workers: int, options: ExtractOptions, concurrency: int) -> None:
    """The run inside the lock: every page, then the run's row with its status."""
    from .discover import discover

    progress = progress_for("ingesting", enabled=show_progress)
    runner = None
    if workers > 1:
        from .runners.local import LocalRunner

        runner = LocalRunner(options, workers=workers, nlp=nlp, batch_docs=WORKER_BATCH_PAGES)
    job = IngestJob(sink, nlp, fetcher, progress, batch_size=batch_size, recrawl=config.recrawl,
                    concurrency=concurrency, max_ahead=config.policy.max_ahead, runner=runner,
                    stop=lambda: stop.requested)
    status = "failed"
    try:
        source_errors: list[DocError] = []
        job.run((discover_fn or discover)(config, fetcher, source_errors.append), source_errors)
        status = "ok"
    except KdealError as e:
        sink.message = str(e)
        raise
    finally:
        progress.close()
        summary.candidates, summary.errors = job.candidates, job.errors
        summary.take_counts(sink.counts)
        if status == "ok":
            status = _final_status(summary, sink, stop)
        summary.status, summary.signum = status, stop.signum
        sink.close(status=status)


def _final_status(summary: IngestSummary, sink: DbSink, stop: GracefulStop) -> str:
    if stop.requested:
        import signal

        sink.message = f"stopped by {signal.Signals(stop.signum).name} after {summary.candidates} candidates"
        return "interrupted"
    if summary.too_many_errors:
        sink.message = (f"{summary.failed_pages} of {summary.pages_tried} pages failed "
                        f"({summary.error_rate:.0%} > the limit of {summary.max_error_rate:.0%})")
        log.error("%s", sink.message)
        return "failed"
    return "ok"
