"""Extraction on all cores of one machine: a pool of worker processes.

Why processes: Kiwi and the extractor components are Python-bound and a Kiwi
instance cannot be pickled once its dictionary has changed, so each worker
process builds its own pipeline once (``get_nlp(options)`` in the pool
initializer) and keeps it. Documents travel to the workers in batches of
``batch_docs`` and at most ``workers * prefetch`` batches are in flight, so
memory stays flat however large the input is. Results come back in input
order (the head batch is always awaited first), so ``--workers 4`` writes
exactly what ``--workers 1`` writes.

Workers are started with ``spawn``: a forked child would inherit a Kiwi
built by the parent together with its thread pool in an unknown state.

A worker process that dies (killed, out of memory, a crash in native code)
takes its batch with it: the pool is rebuilt, that batch is retried one
document at a time, and a document that kills a worker again is skipped as
``ErrorCode.EXTRACT`` with that reason; the other documents are unaffected. A
pipeline that cannot be built at all (bad options, a missing plugin) fails
the run with its own message instead of being blamed on the documents.
"""
from __future__ import annotations

import importlib
import itertools
import logging
import multiprocessing
import os
import resource
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Union

from ..errors import DocError, ErrorCode, KdealError
from ..extract import batches as batches_of, extract
from ..options import ExtractOptions
from ..records import Article, DocResult

log = logging.getLogger(__name__)

Item = Union[Article, DocError]
Result = Union[DocResult, DocError]


def default_workers() -> int:
    """All cores this process may use (the CPU affinity mask, not just the count of CPUs)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _peak_rss_bytes() -> int:
    """Peak resident memory of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# ---- inside a worker process ------------------------------------------------

_worker_nlp: Any = None
_worker_batch_size: int = 64
_worker_init_error: str | None = None


def _die_with_parent() -> None:
    """Ask Linux to end this worker when its parent dies (killed, timed out), so no ≈0.6 GB
    orphan keeps waiting for batches that will never come. Elsewhere the pool's own
    shutdown is all there is."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return
    PR_SET_PDEATHSIG = 1
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
        log.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())


def _init_worker(options: ExtractOptions, plugins: tuple[str, ...]) -> None:
    """Build this worker's pipeline once; ``plugins`` are imported first (they register components).

    A failure is kept and raised by ``_work``: an initializer that raises only
    breaks the pool, which would look like every document killing its worker.
    """
    global _worker_nlp, _worker_batch_size, _worker_init_error
    _die_with_parent()
    try:
        for name in plugins:
            importlib.import_module(name)
        from ..nlp import get_nlp

        _worker_nlp = get_nlp(options)
        _worker_batch_size = options.batch_size
    except Exception as e:
        _worker_init_error = f"cannot build the pipeline in a worker process: {type(e).__name__}: {e}"


def _work(batch: list[Item]) -> tuple[list[Result], int, int]:
    """Results for one batch, with this worker's pid and peak RSS for the run's statistics."""
    if _worker_nlp is None:
        raise KdealError(_worker_init_error or "worker pipeline was not initialised")
    results = list(extract(_worker_nlp, batch, batch_size=_worker_batch_size))
    return results, os.getpid(), _peak_rss_bytes()


# ---- in the parent process -------------------------------------------------


@dataclass
class WorkerStats:
    """What the workers reported: peak RSS per worker pid, batches done, pools rebuilt."""

    peak_rss: dict[int, int] = field(default_factory=dict)
    batches: int = 0
    restarts: int = 0

    def note(self, pid: int, rss: int) -> None:
        self.batches += 1
        self.peak_rss[pid] = max(rss, self.peak_rss.get(pid, 0))

    @property
    def max_worker_rss(self) -> int:
        return max(self.peak_rss.values(), default=0)


class LocalRunner:
    """Runs extraction over ``workers`` processes; ``workers=1`` stays in this process.

    ``nlp``: a pipeline to use in-process when ``workers == 1`` (tests and the
    evaluator pass their own); worker processes always build their own.
    ``plugins``: modules each worker imports before building its pipeline, so
    components registered outside kdeal exist there too.
    """

    def __init__(self, options: ExtractOptions = ExtractOptions(), workers: int | None = None,
                 batch_docs: int | None = None, prefetch: int = 2, nlp: Any = None,
                 plugins: Sequence[str] = (), start_method: str = "spawn"):
        self.options = options
        self.workers = default_workers() if workers is None else int(workers)
        if self.workers < 1:
            raise KdealError(f"workers must be at least 1, not {self.workers}")
        self.batch_docs = max(1, int(batch_docs or options.batch_size))
        self.prefetch = max(1, int(prefetch))
        self.nlp = nlp
        self.plugins = tuple(plugins)
        self.start_method = start_method
        self.stats = WorkerStats()

    def run(self, items: Iterable[Item]) -> Iterator[Result]:
        """Results in input order; reading errors pass through in their place.

        Input that fits in one batch is processed in this process even when
        workers were asked for: starting a pool would only load Kiwi twice.
        """
        if self.workers == 1:
            yield from self._run_here(items)
            return
        batches = batches_of(items, self.batch_docs)
        first, second = next(batches, None), next(batches, None)
        if second is None:
            yield from self._run_here(first or [])
            return
        yield from self._run_pool(itertools.chain([first, second], batches))

    def _run_here(self, items: Iterable[Item]) -> Iterator[Result]:
        for name in self.plugins:
            importlib.import_module(name)
        if self.nlp is None:
            from ..nlp import get_nlp

            self.nlp = get_nlp(self.options)
        yield from extract(self.nlp, items, batch_size=self.options.batch_size)
        self.stats.note(os.getpid(), _peak_rss_bytes())

    def _pool(self) -> ProcessPoolExecutor:
        ctx = multiprocessing.get_context(self.start_method)
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_init_worker,
                                   initargs=(self.options, self.plugins))

    def _run_pool(self, batches: Iterator[list[Item]]) -> Iterator[Result]:
        pool = self._pool()
        pending: deque[tuple[list[Item], Future]] = deque()
        limit = self.workers * self.prefetch
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < limit:
                    batch = next(batches, None)
                    if batch is None:
                        exhausted = True
                        break
                    if all(isinstance(i, DocError) for i in batch):
                        done: Future = Future()
                        done.set_result((list(batch), None, 0))
                        pending.append((batch, done))
                    else:
                        pending.append((batch, pool.submit(_work, batch)))
                if not pending:
                    break
                batch, fut = pending.popleft()
                try:
                    results, pid, rss = fut.result()
                    if pid is not None:
                        self.stats.note(pid, rss)
                except BrokenProcessPool:
                    pool, results = self._recover(pool, batch, pending)
                yield from results
        finally:
            # An abandoned run (consumer stopped early, error in a sink) must not leave workers behind.
            pool.shutdown(wait=True, cancel_futures=True)

    def _recover(self, pool: ProcessPoolExecutor, batch: list[Item],
                 pending: deque[tuple[list[Item], Future]]) -> tuple[ProcessPoolExecutor, list[Result]]:
        """A worker died while ``batch`` was in flight: retry it one document per task (the
        crash may have come from another batch, so no document is blamed untried), then
        resubmit the batches still queued."""
        log.warning("a worker process died; retrying its %d documents one by one", len(batch))
        pool.shutdown(wait=True, cancel_futures=True)
        self.stats.restarts += 1
        pool = self._pool()
        results: list[Result] = []
        for item in batch:
            if isinstance(item, DocError):
                results.append(item)
                continue
            try:
                res, pid, rss = pool.submit(_work, [item]).result()
                self.stats.note(pid, rss)
                results.extend(res)
            except BrokenProcessPool:
                results.append(DocError(ErrorCode.EXTRACT, item.origin or item.doc_id,
                                        "extraction killed its worker process (crash or out of memory)",
                                        item.doc_id))
                pool.shutdown(wait=True, cancel_futures=True)
                self.stats.restarts += 1
                pool = self._pool()
        # The batches still queued went down with the old pool: send them to the new one.
        for i, (b, f) in enumerate(list(pending)):
            if f.cancelled() or not f.done() or f.exception() is not None:
                pending[i] = (b, pool.submit(_work, b))
        return pool, results


def run_local(items: Iterable[Item], options: ExtractOptions = ExtractOptions(), workers: int | None = None,
              nlp: Any = None, batch_docs: int | None = None) -> Iterator[Result]:
    """Results of ``items`` over ``workers`` processes (default: all cores), in input order."""
    return LocalRunner(options, workers=workers, batch_docs=batch_docs, nlp=nlp).run(items)
