"""Extraction on all cores of one machine: a pool of worker processes.

Why processes: Kiwi and the extractor components are Python-bound (Kiwi holds
the GIL while it analyses), so threads would not use a second core.

How workers get their pipeline (``start_method``):

- ``fork`` (the default on Linux): this process builds the pipeline once,
  warms it (Kiwi does ≈2 s of its set-up on first use) and forks the workers
  from it, so a worker is ready at once and shares the ≈0.5 GB of Kiwi's model
  with its parent copy-on-write (≈20 MB private each). Starting each worker
  by ``spawn`` costs a full pipeline load per worker (≈5 s of CPU and
  ≈0.55 GB each): twice the start-up CPU of one process, which on a shared
  2-core machine made two workers slower than one (benchmarks/
  bench_pipeline.py). Forking is safe here because the pipeline's Kiwi runs
  with one thread (``kiwi_threads=1``): it analyses in the calling thread and
  its one idle helper thread is never waited for; the forked workers are
  checked against the single-process records in tests/test_workers.py.
  ``gc.freeze()`` before the fork keeps the children's garbage collector
  from touching (and so copying) the parent's objects.
- ``spawn`` (other systems, or ``kiwi_threads > 1``, where Kiwi's thread pool
  would be forked mid-state): each worker imports ``plugins`` and builds its
  own pipeline from ``options`` in the pool initializer.

Documents travel to the workers in batches of ``batch_docs`` and at most
``workers * prefetch`` batches are in flight, so memory stays flat however
large the input is. A worker sends back only what extraction added (mentions,
quantities, deals), not the article it was given: the parent still holds it.
Results come back in input order (the head batch is always awaited first), so
``--workers 4`` writes exactly what ``--workers 1`` writes.

A worker process that dies (killed, out of memory, a crash in native code)
takes its batch with it: the pool is rebuilt, that batch is retried one
document at a time, and a document that kills a worker again is skipped as
``ErrorCode.EXTRACT`` with that reason; the other documents are unaffected. A
pipeline that cannot be built at all (bad options, a missing plugin) fails
the run with its own message instead of being blamed on the documents.
"""
from __future__ import annotations

import gc
import importlib
import itertools
import logging
import multiprocessing
import os
import sys
import warnings
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Union

from kdeal.errors import DocError, ErrorCode, KdealError
from kdeal.records import Article, DocResult

from ..extract import batches as batches_of
from ..extract import extract
from ..options import DEFAULT_BATCH_SIZE, DEFAULT_WORKERS, ExtractOptions, worker_count
from ..unix import optional_module

log = logging.getLogger(__name__)
resource = optional_module("resource")  # Unix only: without it the run's statistics read 0

Item = Union[Article, DocError]
Result = Union[DocResult, DocError]
# What a worker sends back per document: None for a reading error passed through, the error
# extraction ran into, or the fields extraction added to the article.
Sent = Union[None, DocError, tuple]

WARM_TEXT = "가나전자는 다라화학과 배터리 소재 공동 개발 협약을 맺었다고 밝혔다."


def default_start_method(options: ExtractOptions) -> str:
    """``fork`` where it is safe and available (Linux, Kiwi on one thread), else ``spawn``.

    macOS can fork but its system libraries are not fork-safe, and a Kiwi with
    its own thread pool (``kiwi_threads > 1``) must not be forked mid-state.
    """
    if (sys.platform.startswith("linux") and options.kiwi_threads <= 1
            and "fork" in multiprocessing.get_all_start_methods()):
        return "fork"
    return "spawn"


@dataclass(frozen=True)
class Usage:
    """What one process has used so far: peak RSS, private memory (``_private_bytes``), CPU seconds."""

    pid: int
    peak_rss: int
    private: int
    cpu_s: float

    @classmethod
    def here(cls, private: int | None = None) -> "Usage":
        if resource is None:
            return cls(os.getpid(), 0, 0 if private is None else private, 0.0)
        ru = resource.getrusage(resource.RUSAGE_SELF)
        # Linux reports ru_maxrss in kilobytes
        return cls(os.getpid(), ru.ru_maxrss * 1024, _private_bytes() if private is None else private,
                   ru.ru_utime + ru.ru_stime)


def _private_bytes() -> int:
    """Memory only this process holds (Linux ``Private_*`` of smaps_rollup; 0 elsewhere).

    RSS counts the pages a forked worker still shares with its parent (most of
    Kiwi's model); this is what each extra worker really costs.
    """
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
            return sum(int(line.split()[1]) * 1024 for line in fh if line.startswith("Private_"))
    except (OSError, ValueError, IndexError):
        return 0


def build_pipeline(options: ExtractOptions, plugins: Sequence[str] = ()) -> Any:
    """The process's pipeline for ``options`` (``plugins`` imported first: they register components).

    Any failure becomes one ``KdealError`` naming it, so a bad option fails the
    run with its reason instead of looking like documents that kill workers.
    """
    try:
        for name in plugins:
            importlib.import_module(name)
        from ..nlp import get_nlp

        nlp = get_nlp(options)
    except Exception as e:
        raise KdealError(f"cannot build the pipeline: {type(e).__name__}: {e}") from e
    return nlp


def _warm(nlp: Any) -> None:
    """One document through the whole pipeline before workers are forked: Kiwi's first analysis
    does seconds of set-up that every forked worker would otherwise repeat."""
    from ..nlp import stage_log

    stage_log.info("warming Kiwi up before starting the workers ...")
    for r in extract(nlp, [Article(doc_id="warm-up", text=WARM_TEXT)]):
        if isinstance(r, DocError):
            log.debug("warm-up document failed: %s", r)


# ---- inside a worker process ------------------------------------------------

_worker_nlp: Any = None
_worker_batch_size: int = DEFAULT_BATCH_SIZE
_worker_init_error: str | None = None
_worker_batches = 0
_worker_private = 0
# Reading smaps_rollup walks the page tables (≈4 ms for a Kiwi-sized process, ≈3% of a
# 64-document batch): private memory is sampled on a worker's first batch and every 16th.
PRIVATE_EVERY = 16


def _die_with_parent() -> None:
    """Ask Linux to end this worker when its parent dies (killed, timed out), so no orphan
    keeps waiting for batches that will never come (a forked one would also keep open the
    files its parent had, such as the ingest lock). Elsewhere the pool's own shutdown is
    all there is."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return
    PR_SET_PDEATHSIG = 1
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
        log.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal's group: a worker leaves it to its parent, which
    stops feeding it and lets it finish its batch (SIGTERM still ends a worker: the pool uses it)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _init_spawned(options: ExtractOptions, plugins: tuple[str, ...]) -> None:
    """Build this worker's pipeline once; ``plugins`` are imported first (they register components).

    A failure is kept and raised by ``_work``: an initializer that raises only
    breaks the pool, which would look like every document killing its worker.
    """
    global _worker_nlp, _worker_batch_size, _worker_init_error
    _die_with_parent()
    _ignore_interrupts()
    try:
        _worker_nlp = build_pipeline(options, plugins)
        _worker_batch_size = options.batch_size
    except KdealError as e:
        _worker_init_error = f"{e} (in a worker process)"


def _init_forked(nlp: Any, batch_size: int) -> None:
    """A forked worker already holds the parent's warmed pipeline (passed by reference, not pickled)."""
    global _worker_nlp, _worker_batch_size
    _die_with_parent()
    _ignore_interrupts()
    _worker_nlp, _worker_batch_size = nlp, batch_size


def _work(batch: list[Item]) -> tuple[list[Sent], Usage]:
    """Results for one batch, with what this worker has used so far (for the run's statistics).

    Only what extraction added travels back; the parent puts each result
    together with the article it already holds (``_rejoin``).
    """
    global _worker_batches, _worker_private
    if _worker_nlp is None:
        raise KdealError(_worker_init_error or "worker pipeline was not initialised")
    sent: list[Sent] = []
    for item, r in zip(batch, extract(_worker_nlp, batch, batch_size=_worker_batch_size)):
        if r is item:  # a reading error passed through: the parent has it already
            sent.append(None)
        else:
            sent.append(r if isinstance(r, DocError) else (r.mentions, r.quantities, r.deals))
    if _worker_batches % PRIVATE_EVERY == 0:
        _worker_private = _private_bytes()
    _worker_batches += 1
    return sent, Usage.here(private=_worker_private)


def _rejoin(batch: list[Item], sent: list[Sent]) -> list[Result]:
    """The results of ``batch``: each article with the fields its worker extracted."""
    if len(sent) != len(batch):  # extract yields exactly one result per item; anything else is a bug
        raise KdealError(f"a worker returned {len(sent)} results for a batch of {len(batch)} documents")
    results: list[Result] = []
    for item, s in zip(batch, sent):
        if s is None or isinstance(s, DocError):
            results.append(item if s is None else s)
        else:
            mentions, quantities, deals = s
            results.append(DocResult(item, mentions, quantities, deals))  # type: ignore[arg-type]
    return results


# ---- in the parent process -------------------------------------------------


@dataclass
class WorkerStats:
    """What the workers reported, per pid: peak RSS, the largest private memory seen (what a
    forked worker does not share with its parent) and CPU seconds; batches done, pools rebuilt."""

    peak_rss: dict[int, int] = field(default_factory=dict)
    private: dict[int, int] = field(default_factory=dict)
    cpu_s: dict[int, float] = field(default_factory=dict)
    batches: int = 0
    restarts: int = 0

    def note(self, usage: Usage) -> None:
        self.batches += 1
        pid = usage.pid
        self.peak_rss[pid] = max(usage.peak_rss, self.peak_rss.get(pid, 0))
        self.private[pid] = max(usage.private, self.private.get(pid, 0))
        self.cpu_s[pid] = max(usage.cpu_s, self.cpu_s.get(pid, 0.0))


class LocalRunner:
    """Runs extraction over ``workers`` processes; ``workers=1`` stays in this process.

    ``nlp``: a pipeline to use instead of building one from ``options`` (tests
    and the evaluator pass their own); forked workers inherit it, spawned
    workers build their own from ``options``. ``plugins``: modules imported
    before a pipeline is built, so components registered outside kdeal exist.
    ``start_method``: ``fork`` or ``spawn`` (default: ``default_start_method``).
    """

    def __init__(self, options: ExtractOptions = ExtractOptions(), workers: int | None = DEFAULT_WORKERS,
                 batch_docs: int | None = None, prefetch: int = 2, nlp: Any = None,
                 plugins: Sequence[str] = (), start_method: str | None = None):
        self.options = options
        self.workers = worker_count(workers)
        if self.workers < 1:
            raise KdealError(f"workers must be at least 1, not {self.workers}")
        self.batch_docs = max(1, int(batch_docs or options.batch_size))
        self.prefetch = max(1, int(prefetch))
        self.nlp = nlp
        self.plugins = tuple(plugins)
        self.start_method = start_method or default_start_method(options)
        if start_method is None and getattr(getattr(nlp, "tokenizer", None), "num_workers", 1) > 1:
            self.start_method = "spawn"  # a given pipeline whose Kiwi runs its own threads: not forked
        if self.start_method not in ("fork", "spawn"):
            raise KdealError(f"start method must be fork or spawn, not {self.start_method!r}")
        self.stats = WorkerStats()
        self._warmed = False

    def run(self, items: Iterable[Item]) -> Iterator[Result]:
        """Results in input order; reading errors pass through in their place.

        Input that fits in one batch is processed in this process even when
        workers were asked for: a pool would only add its start-up.
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

    def _pipeline(self) -> Any:
        if self.nlp is None:
            self.nlp = build_pipeline(self.options, self.plugins)
        return self.nlp

    def _run_here(self, items: Iterable[Item]) -> Iterator[Result]:
        nlp = self._pipeline()
        # The pipeline's hundreds of thousands of long-lived objects (gazetteer, lexicons, model
        # weights, modules) out of the garbage collector's full passes while documents are
        # extracted: those passes re-walked them all, ≈0.25 s of CPU on 5,000 sentences. Unfrozen
        # after, so whatever became cyclic garbage meanwhile is still collected.
        gc.freeze()
        try:
            yield from extract(nlp, items, batch_size=self.options.batch_size)
        finally:
            gc.unfreeze()
        self.stats.note(Usage.here())

    def _pool(self) -> ProcessPoolExecutor:
        if self.start_method == "spawn":
            return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_spawned, initargs=(self.options, self.plugins))
        nlp = self._pipeline()
        if not self._warmed:
            _warm(nlp)
            self._warmed = True
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_forked, initargs=(nlp, self.options.batch_size))
        # With fork the pool starts all its workers on the first submit, before its own threads
        # exist; start them now, with this process's objects frozen out of the children's GC.
        gc.freeze()
        try:
            with warnings.catch_warnings():
                # Python ≥ 3.12 warns about forking a multi-threaded process: the only other
                # thread here is Kiwi's idle helper (see the module docstring).
                warnings.filterwarnings("ignore", message=".*use of fork\\(\\) may lead to deadlocks",
                                        category=DeprecationWarning)
                pool.submit(os.getpid).result()
        except BrokenProcessPool as e:
            pool.shutdown(wait=False, cancel_futures=True)
            raise KdealError("worker processes died as soon as they were started") from e
        finally:
            gc.unfreeze()
        return pool

    def run_batches(self, batches: Iterable[list[Item]]) -> Iterator[Result]:
        """Results of batches the caller forms (``ingest``: the articles of one page), in input order.

        An empty batch is a tick: the caller has nothing new yet, and results of
        batches already finished are handed back meanwhile. With workers, each
        batch's results come back as soon as it and every batch before it are done.
        """
        if self.workers == 1:
            nlp = self._pipeline()
            for batch in batches:
                yield from extract(nlp, batch, batch_size=self.options.batch_size)
            self.stats.note(Usage.here())
            return
        yield from self._run_pool(iter(batches))

    def _run_pool(self, batches: Iterator[list[Item]]) -> Iterator[Result]:
        pool = self._pool()
        pending: deque[tuple[list[Item], Future]] = deque()
        limit = self.workers * self.prefetch
        held: list[Item] | None = None  # a batch the pool refused because a worker had died meanwhile
        try:
            exhausted = False
            while True:
                while pending and pending[0][1].done():  # finished batches leave at once, in order
                    pool, results = self._collect(pool, pending)
                    yield from results
                if not exhausted and len(pending) < limit:
                    batch, held = (held if held is not None else next(batches, None)), None
                    if batch is None:
                        exhausted = True
                    elif batch and not self._submit(pool, batch, pending):
                        held = batch
                        if not pending:
                            pool = self._restart(pool)
                        else:  # the batches in flight fail first and the head one rebuilds the pool
                            pool, results = self._collect(pool, pending)
                            yield from results
                    continue
                if not pending:
                    break
                pool, results = self._collect(pool, pending)
                yield from results
        finally:
            # An abandoned run (consumer stopped early, error in a sink) must not leave workers behind.
            pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _submit(pool: ProcessPoolExecutor, batch: list[Item], pending: deque[tuple[list[Item], Future]]) -> bool:
        """Queue ``batch`` (False: the pool broke meanwhile and refused it)."""
        if all(isinstance(i, DocError) for i in batch):
            done: Future = Future()
            done.set_result(([None] * len(batch), None))
            pending.append((batch, done))
            return True
        try:
            pending.append((batch, pool.submit(_work, batch)))
            return True
        except BrokenProcessPool:
            log.debug("the pool broke while batches were being sent; holding one back")
            return False

    def _collect(self, pool: ProcessPoolExecutor, pending: deque[tuple[list[Item], Future]]
                 ) -> tuple[ProcessPoolExecutor, list[Result]]:
        """The head batch's results (waiting for them); a dead worker rebuilds the pool first."""
        batch, fut = pending.popleft()
        try:
            sent, usage = fut.result()
            if usage is not None:
                self.stats.note(usage)
            return pool, _rejoin(batch, sent)
        except BrokenProcessPool:
            return self._recover(pool, batch, pending)

    def _restart(self, pool: ProcessPoolExecutor) -> ProcessPoolExecutor:
        pool.shutdown(wait=True, cancel_futures=True)
        self.stats.restarts += 1
        return self._pool()

    def _recover(self, pool: ProcessPoolExecutor, batch: list[Item],
                 pending: deque[tuple[list[Item], Future]]) -> tuple[ProcessPoolExecutor, list[Result]]:
        """A worker died while ``batch`` was in flight: retry it one document per task (the
        crash may have come from another batch, so no document is blamed untried), then
        resubmit the batches still queued."""
        log.warning("a worker process died; retrying its %d documents one by one", len(batch))
        pool = self._restart(pool)
        results: list[Result] = []
        for item in batch:
            if isinstance(item, DocError):
                results.append(item)
                continue
            try:
                sent, usage = pool.submit(_work, [item]).result()
                self.stats.note(usage)
                results.extend(_rejoin([item], sent))
            except BrokenProcessPool:
                results.append(DocError(ErrorCode.EXTRACT, item.origin or item.doc_id,
                                        "extraction killed its worker process (crash or out of memory)",
                                        item.doc_id))
                pool = self._restart(pool)
        # The batches still queued went down with the old pool: send them to the new one.
        for i, (b, f) in enumerate(list(pending)):
            if f.cancelled() or not f.done() or f.exception() is not None:
                pending[i] = (b, pool.submit(_work, b))
        return pool, results


def run_local(items: Iterable[Item], options: ExtractOptions = ExtractOptions(),
              workers: int | None = DEFAULT_WORKERS, nlp: Any = None, batch_docs: int | None = None) -> Iterator[Result]:
    """Results of ``items`` over ``workers`` processes (default: all cores), in input order."""
    return LocalRunner(options, workers=workers, batch_docs=batch_docs, nlp=nlp).run(items)
