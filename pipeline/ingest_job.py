"""One ingest's work, page by page: what to ask for, what came back, what to store.

``IngestJob.run`` reads the candidates of discovery, decides for each known
article whether to ask for it again (``recrawl.RecrawlPolicy``), has the
pages fetched several hosts at a time (``fetch.scheduler.OrderedFetch``) and
takes the results back in input order: each page is parsed, extracted and
written with its ``fetch_state`` row in one transaction, so the database
sees the writes (and errors) of a one-page-at-a-time crawl, whatever the
concurrency and the number of extraction workers.

With a worker pool (``runner``), extraction runs in other processes while
pages are still being fetched; each page's step waits for its results and
steps finish strictly in the order they were made, each as soon as its own
results and those of every earlier page are in.
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sqlalchemy.exc import SQLAlchemyError

from kdeal.errors import DocError, ErrorCode, InputError, KdealError
from kdeal.records import Article, DocResult

from .db.sink import WRITTEN, DbSink, SourceCounts, WriteOutcome
from .db.state import FetchState, get_state, put_state
from .discover import Candidate, error_source
from .extract import extract
from .fetch.scheduler import OrderedFetch, Request
from .progress import Progress
from .provenance import fetched
from .recrawl import Decision, RecrawlPolicy

log = logging.getLogger(__name__)

# How long the crawl waits for a page before letting a worker pool hand back finished results.
WORKER_TICK_SECONDS = 0.05


def _sha_bytes(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class Planned:
    """A candidate with what was decided for it before fetching, or a discovery error in its place."""

    candidate: Candidate | None = None
    state: FetchState | None = None
    decision: Decision | None = None
    error: DocError | None = None

    @property
    def request(self) -> Request | None:
        if self.decision not in (Decision.FETCH, Decision.RECHECK) or self.candidate is None:
            return None
        s = self.state
        return Request(self.candidate.url, etag=s.etag if s else None, last_modified=s.last_modified if s else None)


@dataclass(frozen=True)
class _Step:
    """What is left to do for one page once its articles are extracted: ``finish(results)``."""

    articles: tuple[Article, ...]
    finish: Callable[[list[Any]], None]
    results: list[Any] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return len(self.results) == len(self.articles)


class IngestJob:
    """One ingest's page handling. ``runner``: a ``LocalRunner`` with workers, or None to extract each
    page here as soon as it is parsed. ``stop()`` ends the run after the page being written."""

    def __init__(self, sink: DbSink, nlp: Any, fetcher: Any, progress: Progress, *, batch_size: int,
                 recrawl: RecrawlPolicy, concurrency: int, max_ahead: int, runner: Any = None,
                 stop: Callable[[], bool] = lambda: False):
        self.sink, self.nlp, self.fetcher, self.progress = sink, nlp, fetcher, progress
        self.batch_size, self.recrawl = batch_size, recrawl
        self.concurrency, self.max_ahead = concurrency, max_ahead
        self.runner, self.stop = runner, stop
        self.candidates = 0
        self.errors: list[DocError] = []
        self.steps: deque[_Step] = deque()  # made, not finished yet (only with a runner)
        self.unfed: list[Article] = []  # articles of those steps not yet handed to the runner
        self._now = datetime.now(timezone.utc)
        self._source_start: dict[int, float] = {}  # id(SourceCounts) -> when its first candidate came

    # -- ordering of extraction and writes ----------------------------------------------------------
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

    def run(self, candidates: Iterable[Candidate], errors: list[DocError]) -> None:
        """Handle every candidate (``errors``: where discovery reports failed sources as it goes)."""
        crawl = OrderedFetch(self.fetcher, self.concurrency, stop=self.stop, max_ahead=self.max_ahead,
                             tick=WORKER_TICK_SECONDS if self.runner is not None else None)
        pages = crawl.run(self._plans(candidates, errors), lambda p: p.request)
        if self.runner is None:
            for page in pages:
                if page is not None:
                    self.handle(*page)
            return

        def batches() -> Iterator[list[Article]]:
            for page in pages:
                if page is not None:
                    self.handle(*page)
                articles, self.unfed = self.unfed, []
                yield articles  # empty on a tick: the pool hands back what is done meanwhile

        for result in self.runner.run_batches(batches()):
            self.steps[0].results.append(result)  # the head step is the oldest still waiting
            self._flush()
        self._flush()
        if self.steps:  # the runner gives one result per article; anything else is a bug
            raise KdealError(f"{len(self.steps)} pages were left without extraction results")

    def _plans(self, candidates: Iterable[Candidate], errors: list[DocError]) -> Iterator[Planned]:
        """Each candidate with its decision; a source that failed comes in the place it failed."""
        for cand in candidates:
            while errors:
                yield Planned(error=errors.pop(0))
            yield self.plan(cand)
        while errors:
            yield Planned(error=errors.pop(0))

    def plan(self, cand: Candidate) -> Planned:
        self.source(cand.source)  # the source's clock starts with its first candidate
        if cand.kind == "local":
            return Planned(cand)
        state = self._state(cand.url)
        return Planned(cand, state, self.recrawl.decide(state, self._now, cand.lastmod))

    # -- one page ----------------------------------------------------------------------------------
    def source(self, name: str | None) -> SourceCounts:
        return self._clock(self.sink.sources.setdefault(name or "(unknown)", SourceCounts()))

    def _clock(self, src: SourceCounts) -> SourceCounts:
        """Bring the source's ``seconds`` up to now: from its first candidate to its latest page."""
        now = time.monotonic()
        src.seconds = now - self._source_start.setdefault(id(src), now)
        return src

    def handle(self, planned: Planned, res: Any) -> None:
        counts = self.sink.counts
        if planned.error is not None:
            counts.failed_pages += 1
            self.source(error_source(planned.error)).failed += 1
            self.skip(planned.error)
            return
        cand = planned.candidate
        assert cand is not None
        self.candidates += 1
        src = self.source(cand.source)
        src.candidates += 1
        if cand.kind == "local":
            self.local(cand.url, src)
        elif planned.decision == Decision.FRESH:
            counts.fresh += 1
            src.fresh += 1
        elif planned.decision == Decision.RETIRED:
            counts.retired += 1
            src.retired += 1
        else:
            self.web(cand.url, planned.state, res, src)
        self.progress.advance(1)

    def skip(self, err: DocError) -> None:
        """Record a skipped page or document, in its place among the writes."""
        self._then((), lambda _results: self._skip_now(err))

    def _skip_now(self, err: DocError) -> None:
        """A skipped page, or (a warning code) a repair in a page that is still stored: both go to
        run_errors, only the skip counts as an error."""
        log.warning("%s %s", "repaired" if err.is_warning else "skipped", err)
        if not err.is_warning:
            self.errors.append(err)
        self.sink.error(err)

    def _extract_and_store(self, url: str, articles: list[Article], src: SourceCounts, **state: Any) -> None:
        def finish(results: list[Any]) -> None:
            docs: list[DocResult] = []
            for r in results:
                if isinstance(r, DocError):
                    self._skip_now(r)
                else:
                    docs.append(r)
            self._store(url, docs, src, **state)

        self._then(articles, finish)

    def _store(self, url: str, results: list[DocResult], src: SourceCounts, **state: Any) -> None:
        run_id = self.sink.run_id
        outcomes = self.sink.write_many(results, name=url,
                                        also=lambda conn: put_state(conn, url, run_id=run_id, **state))
        _count_source(src, outcomes)
        self._clock(src)

    def _state(self, url: str) -> FetchState | None:
        try:
            with self.sink.engine.connect() as conn:
                return get_state(conn, url)
        except SQLAlchemyError as e:
            raise KdealError(f"cannot read the fetch state of {url}: {str(e).splitlines()[0]}") from e

    def _record_failure(self, url: str, err: DocError, status: int | None, src: SourceCounts,
                        gone_count: int = 0) -> None:
        self.sink.counts.failed_pages += 1
        src.failed += 1
        self.skip(err)

        def write(_results: list[Any]) -> None:
            self.sink.write_many([], name=url, also=lambda conn: put_state(
                conn, url, run_id=self.sink.run_id, status=status, error_code=err.code.value,
                error_message=err.message, keep_validators=True, gone_count=gone_count))
            self._clock(src)

        self._then((), write)

    def web(self, url: str, prev: FetchState | None, res: Any, src: SourceCounts) -> None:
        if res.error is not None:
            self._record_failure(url, res.error, res.status, src, self.recrawl.gone_count(prev, res.status))
            return
        if res.not_modified:
            self.sink.counts.not_modified += 1
            src.not_modified += 1
            self._extract_and_store(url, [], src, status=res.status, keep_validators=True)
            return
        self.sink.counts.fetched += 1
        src.fetched += 1
        body = res.body or b""
        digest = _sha_bytes(body)
        validators = dict(status=res.status, etag=res.etag, last_modified=res.last_modified,
                          content_sha256=digest, fetched=True)
        if prev is not None and prev.content_sha256 == digest and prev.error_code is None:
            self.sink.counts.unchanged += 1
            self._extract_and_store(url, [], src, **validators)
            return
        from .parse import page_articles

        try:
            articles = page_articles(body, url, res.final_url, res.content_type, warn=self.skip)
        except InputError as e:
            self._record_failure(url, e.error, res.status, src)
            return
        at = datetime.now(timezone.utc)
        self._extract_and_store(url, [fetched(a, self.sink.run_id, at) for a in articles], src, **validators)

    def local(self, path: str, src: SourceCounts) -> None:
        """A file of a local source; its path (absolute, from discovery) is its doc_id and state key."""
        from .readers import InputFile, read_file

        try:
            body = Path(path).read_bytes()
        except OSError as e:
            self._record_failure(path, DocError(ErrorCode.UNREADABLE, path, e.strerror or str(e)), None, src)
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
        self._extract_and_store(path, articles, src, content_sha256=digest, fetched=True)


def _count_source(src: SourceCounts, outcomes: list[WriteOutcome]) -> None:
    for outcome in outcomes:
        if outcome.status == WRITTEN:
            src.documents += 1
            src.deals += outcome.deals
            src.reports += outcome.reports
