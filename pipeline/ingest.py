"""``kdeal ingest``: discover → fetch → parse → extract → store, incrementally and under a lock.

One ingest at a time writes to a database (``IngestLock``); a second one
exits with a clear message or waits (``wait``). Pages are fetched with the
ETag / Last-Modified stored in ``fetch_state`` from the previous run, so an
unchanged page costs one 304 and no extraction; a page whose bytes hash as
before is not extracted again either. Each page's documents and its
``fetch_state`` row are written in one transaction, so a run killed at any
point is simply continued by the next one. The ``runs`` row carries the
counts and every skipped page with its reason; the run fails (non-zero exit)
only when the run itself cannot go on (database gone, sources file broken).

With ``workers`` > 1, extraction runs in worker processes
(``pipeline.runners.local``, forked from this process after it has built the
pipeline) while this process goes on discovering, fetching and parsing; every
database write still happens here, page by page in input order, so the
database ends up with what one process writes.
"""
from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from kdeal.errors import DocError, ErrorCode, InputError, KdealError
from kdeal.records import Article, DocResult

from .db import schema as s
from .db.lock import IngestLock
from .db.sink import DEFAULT_WINDOW_DAYS, DbSink, RunCounts, connect
from .db.state import get_state, put_state
from .extract import extract
from .options import ExtractOptions
from .progress import Progress, progress_for
from .provenance import RunInfo, fetched

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    """What one ingest did (the same counts as its ``runs`` row)."""

    run_id: int = 0
    candidates: int = 0
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    documents: int = 0
    mentions: int = 0
    deals: int = 0
    errors: list[DocError] = field(default_factory=list)
    seconds: float = 0.0

    def take_counts(self, counts: RunCounts) -> None:
        """The page and document counts, from the run's own bookkeeping (the ``runs`` row's):
        "unchanged" here covers unchanged pages and documents stored before, duplicates included."""
        self.fetched, self.not_modified = counts.fetched, counts.not_modified
        self.unchanged = counts.unchanged + counts.duplicates
        self.documents, self.mentions, self.deals = counts.documents, counts.mentions, counts.deals

    def line(self) -> str:
        return (f"run {self.run_id}: {self.candidates} candidates, {self.fetched} fetched, "
                f"{self.not_modified} not modified, {self.unchanged} unchanged, {self.documents} documents "
                f"written, {self.mentions} mentions, {self.deals} deals, {len(self.errors)} skipped, "
                f"{self.seconds:.1f}s")


def _sha_bytes(body: bytes) -> str:
    import hashlib

    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class _Step:
    """What is left to do for one page once its articles are extracted: ``finish(results)``.

    Steps finish strictly in the order they were made, so the database sees the
    same sequence of writes (and errors) whether extraction ran here or in workers.
    """

    articles: tuple[Article, ...]
    finish: Callable[[list[Any]], None]
    results: list[Any] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return len(self.results) == len(self.articles)


class _Ingest:
    """One ingest's work per candidate. ``runner``: a ``LocalRunner`` with workers, or None to
    extract each page here as soon as it is parsed."""

    def __init__(self, sink: DbSink, nlp: Any, fetcher: Any, summary: IngestSummary, progress: Progress,
                 batch_size: int, runner: Any = None):
        self.sink, self.nlp, self.fetcher = sink, nlp, fetcher
        self.summary, self.progress, self.batch_size = summary, progress, batch_size
        self.runner = runner
        self.steps: deque[_Step] = deque()  # made, not finished yet (only with a runner)
        self.unfed: list[Article] = []  # articles of those steps not yet handed to the runner

    def _then(self, articles: Iterable[Article], finish: Callable[[list[Any]], None]) -> None:
        """Extract ``articles`` and call ``finish`` with their results, after every earlier step."""
        step = _Step(tuple(articles), finish)
        if self.runner is None:
            step.results.extend(extract(self.nlp, step.articles, batch_size=self.batch_size)
                                if step.articles else [])
            finish(step.results)
            return
        self.steps.append(step)
        self.unfed.extend(step.articles)
        self._flush()

    def _flush(self) -> None:
        while self.steps and self.steps[0].ready:
            step = self.steps.popleft()
            step.finish(step.results)

    def run(self, candidates: Iterable[Any]) -> None:
        """Handle every candidate; with a runner, extraction overlaps discovery and fetching."""
        if self.runner is None:
            for cand in candidates:
                self.handle(cand)
            return

        def feed() -> Iterator[Article]:
            for cand in candidates:
                self.handle(cand)
                articles, self.unfed = self.unfed, []
                yield from articles

        for result in self.runner.run(feed()):
            self.steps[0].results.append(result)  # the head step is the oldest still waiting
            self._flush()
        self._flush()
        if self.steps:  # the runner gives one result per article; anything else is a bug
            raise KdealError(f"{len(self.steps)} pages were left without extraction results")

    def handle(self, cand: Any) -> None:
        self.summary.candidates += 1
        if cand.kind == "local":
            self.local(cand.url)
        else:
            self.web(cand.url)
        self.progress.advance(1)

    def skip(self, err: DocError) -> None:
        """Record a skipped page or document, in its place among the writes."""
        self._then((), lambda _results: self._skip_now(err))

    def _skip_now(self, err: DocError) -> None:
        log.warning("skipped %s", err)
        self.summary.errors.append(err)
        self.sink.error(err)

    def _extract_and_store(self, url: str, articles: list[Article], **state: Any) -> None:
        def finish(results: list[Any]) -> None:
            docs: list[DocResult] = []
            for r in results:
                if isinstance(r, DocError):
                    self._skip_now(r)
                else:
                    docs.append(r)
            self._store(url, docs, **state)

        self._then(articles, finish)

    def _store(self, url: str, results: list[DocResult], **state: Any) -> None:
        run_id = self.sink.run_id
        self.sink.write_many(results, name=url, also=lambda conn: put_state(conn, url, run_id=run_id, **state))

    def _state(self, url: str) -> Any:
        try:
            with self.sink.engine.connect() as conn:
                return get_state(conn, url)
        except SQLAlchemyError as e:
            raise KdealError(f"cannot read the fetch state of {url}: {str(e).splitlines()[0]}") from e

    def _record_failure(self, url: str, err: DocError, status: int | None) -> None:
        self.skip(err)
        self._then((), lambda _results: self.sink.write_many([], name=url, also=lambda conn: put_state(
            conn, url, run_id=self.sink.run_id, status=status, error_code=err.code.value,
            error_message=err.message, keep_validators=True)))

    def web(self, url: str) -> None:
        prev = self._state(url)
        fetched_at = datetime.now(timezone.utc)
        res = self.fetcher.fetch(url, etag=prev.etag if prev else None,
                                 last_modified=prev.last_modified if prev else None)
        if res.error is not None:
            self._record_failure(url, res.error, res.status)
            return
        if res.not_modified:
            self.sink.counts.not_modified += 1
            self._extract_and_store(url, [], status=res.status, keep_validators=True)
            return
        self.sink.counts.fetched += 1
        body = res.body or b""
        digest = _sha_bytes(body)
        validators = dict(status=res.status, etag=res.etag, last_modified=res.last_modified,
                          content_sha256=digest, fetched=True)
        if prev is not None and prev.content_sha256 == digest and prev.error_code is None:
            self.sink.counts.unchanged += 1
            self._extract_and_store(url, [], **validators)
            return
        from .parse import parse_response

        try:
            articles = parse_response(body, res.final_url or url, content_type=res.content_type, doc_id=url)
        except InputError as e:
            self._record_failure(url, e.error, res.status)
            return
        if res.final_url and res.final_url != url:
            articles = [a if a.url else dataclasses.replace(a, url=res.final_url) for a in articles]
        self._extract_and_store(url, [fetched(a, self.sink.run_id, fetched_at) for a in articles], **validators)

    def local(self, path: str) -> None:
        """A file of a local source; its path (absolute, from discovery) is its doc_id and state key."""
        from .readers import InputFile, read_file

        try:
            body = Path(path).read_bytes()
        except OSError as e:
            self._record_failure(path, DocError(ErrorCode.UNREADABLE, path, e.strerror or str(e)), None)
            return
        digest = _sha_bytes(body)
        prev = self._state(path)
        if prev is not None and prev.content_sha256 == digest and prev.error_code is None:
            self.sink.counts.unchanged += 1
            return
        articles: list[Article] = []
        for item in read_file(InputFile(Path(path), path)):
            if isinstance(item, DocError):
                self.skip(item)
            else:
                articles.append(fetched(item, self.sink.run_id))
        self._extract_and_store(path, articles, content_sha256=digest, fetched=True)


def _mark_abandoned(sink: DbSink) -> None:
    """Ingest runs still 'running' while we hold the lock were killed: say so in their rows."""
    with sink.engine.begin() as conn:
        n = conn.execute(update(s.runs).where(
            s.runs.c.status == "running", s.runs.c.command.like("ingest%"), s.runs.c.run_id != sink.run_id)
            .values(status="abandoned", message="the process ended without closing the run")).rowcount
    if n:
        log.info("marked %d earlier ingest run(s) as abandoned", n)


# Pages per batch sent to a worker: pages arrive at the pace of polite fetching, so a small
# batch gets them extracted and stored soon after they are fetched.
WORKER_BATCH_PAGES = 8


def ingest(config: Any, db_url: str, *, options: ExtractOptions = ExtractOptions(), nlp: Any = None,
           fetcher: Any = None, wait: float = 0.0,
           window_days: int = DEFAULT_WINDOW_DAYS, batch_size: int = 64, command: str = "ingest",
           show_progress: bool | None = None, discover_fn: Callable[..., Iterable[Any]] | None = None,
           workers: int = 1) -> IngestSummary:
    """One ingest over a loaded sources config into ``db_url``; raises ``LockBusy`` if another runs.

    ``workers``: extraction processes (1: in this process, page by page). The
    database gets the same rows in the same order for any number.
    """
    from .discover import discover
    from .fetch import Fetcher

    t0 = time.perf_counter()
    engine = connect(db_url)
    try:
        with IngestLock(engine, wait=wait):
            if nlp is None:  # loaded only once the lock is ours (Kiwi costs seconds); cached per process
                from .nlp import get_nlp

                nlp = get_nlp(options)
            fetcher = fetcher or Fetcher(config.policy)
            sink = DbSink(db_url, command=command, window_days=window_days, engine=engine,
                          info=RunInfo.of(options, nlp))
            summary = IngestSummary(run_id=sink.run_id)
            _mark_abandoned(sink)
            progress = progress_for("ingesting", enabled=show_progress)
            runner = None
            if workers > 1:
                from .runners.local import LocalRunner

                runner = LocalRunner(options, workers=workers, nlp=nlp, batch_docs=WORKER_BATCH_PAGES)
            job = _Ingest(sink, nlp, fetcher, summary, progress, batch_size, runner=runner)
            ok = False
            try:
                job.run((discover_fn or discover)(config, fetcher, job.skip))
                ok = True
            except KdealError as e:
                sink.message = str(e)
                raise
            finally:
                progress.close()
                summary.seconds = time.perf_counter() - t0
                summary.take_counts(sink.counts)
                sink.close(ok)
            return summary
    finally:
        engine.dispose()


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """'30m', '1h', '1h30m', '90s', '2d' → seconds (at least one second)."""
    t = text.strip().lower()
    pos, total = 0, 0.0
    for m in _DURATION.finditer(t):
        if t[pos:m.start()].strip():
            break
        total += float(m.group(1)) * _UNIT[m.group(2)]
        pos = m.end()
    if not t or pos != len(t) or total < 1:
        raise KdealError(f"cannot read the interval {text!r}: use e.g. 30m, 1h, 1h30m, 90s")
    return total


def run_every(interval: float, job: Callable[[], Any], *, max_runs: int | None = None,
              sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> int:
    """Call ``job`` every ``interval`` seconds (start to start); a failed run is logged, the loop goes on.

    A run longer than the interval delays the next one (which then starts
    right away, and the schedule continues from there) rather than
    overlapping it. Returns the number of runs done (for ``max_runs``).
    """
    runs = 0
    next_start = clock()
    while max_runs is None or runs < max_runs:
        now = clock()
        if now < next_start:
            sleep(next_start - now)
        next_start = clock() + interval  # after an overrun the schedule restarts from the late start
        try:
            job()
        except KdealError as e:
            log.error("scheduled run failed: %s", e)
        runs += 1
    return runs
