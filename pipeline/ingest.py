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
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import update

from kdeal.errors import DocError, KdealError

from .db import schema as s
from .db.lock import IngestLock
from .db.sink import DbSink, RunCounts, connect
from .ingest_job import IngestJob
from .provenance import RunInfo
from .options import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_ERROR_RATE,
    DEFAULT_WINDOW_DAYS,
    IN_PROCESS,
    ExtractOptions,
    worker_count,
)
from .progress import progress_for
from .schedule import parse_every, run_every  # noqa: F401 - the ingest loop's helpers, imported from here
from .shutdown import GracefulStop
from .summary import RunSummary

log = logging.getLogger(__name__)

# Pages per batch sent to a worker when pages come faster than one at a time (a feed page is
# one batch of its items): small, so pages are stored soon after they are fetched.
WORKER_BATCH_PAGES = 8


def _summary(counts: RunCounts, **fields: Any) -> RunSummary:
    """The run's summary from its own bookkeeping (the ``runs`` row's counts): "unchanged" here covers
    unchanged pages and documents stored before, duplicates included."""
    return RunSummary(kind="ingest", fetched=counts.fetched, not_modified=counts.not_modified,
                      unchanged=counts.unchanged + counts.duplicates, fresh=counts.fresh, retired=counts.retired,
                      failed_pages=counts.failed_pages, documents=counts.documents, mentions=counts.mentions,
                      deals=counts.deals, reports=counts.reports, **fields)


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
           window_days: int = DEFAULT_WINDOW_DAYS, batch_size: int = DEFAULT_BATCH_SIZE, command: str = "ingest",
           show_progress: bool | None = None, discover_fn: Callable[..., Iterable[Any]] | None = None,
           workers: int | None = IN_PROCESS, concurrency: int | None = None, store: str | Path | None = None,
           max_error_rate: float = DEFAULT_MAX_ERROR_RATE) -> RunSummary:
    """One ingest over a loaded sources config into ``db_url``; raises ``LockBusy`` if another runs.

    ``workers``: extraction processes (1: in this process, page by page; None: all cores).
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
            _mark_abandoned(sink)
            summary = _run(config, sink, nlp, fetcher, stop, batch_size=batch_size, show_progress=show_progress,
                           discover_fn=discover_fn, workers=worker_count(workers), options=options,
                           concurrency=concurrency or config.policy.concurrency, max_error_rate=max_error_rate)
            return replace(summary, seconds=time.perf_counter() - t0)
    finally:
        if raw_store is not None:
            raw_store.close()
        engine.dispose()


def _run(config: Any, sink: DbSink, nlp: Any, fetcher: Any, stop: GracefulStop, *,
         batch_size: int, show_progress: bool | None, discover_fn: Callable[..., Iterable[Any]] | None,
         workers: int, options: ExtractOptions, concurrency: int, max_error_rate: float) -> RunSummary:
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
        summary = _summary(sink.counts, run_id=sink.run_id, candidates=job.candidates, errors=tuple(job.errors),
                           max_error_rate=max_error_rate)
        if status == "ok":
            status = _final_status(summary, sink, stop)
        sink.close(status=status)
    return replace(summary, status=status, signum=stop.signum)


def _final_status(summary: RunSummary, sink: DbSink, stop: GracefulStop) -> str:
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
