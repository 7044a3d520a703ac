"""Fetching many hosts at once while results stay in input order.

Politeness limits each host, not the crawler: while one host's gap runs,
others can be asked. ``OrderedFetch`` keeps up to ``max_ahead`` items
between the oldest one not yet handed back and the newest one read, queues
their requests per host, and hands a request to one of ``concurrency``
threads only when its host has nothing in flight, the host that may be asked
soonest first; the fetcher's ``Pacer`` then waits out that host's gap. Results
come back strictly in input order, so whatever is done with them (parsing,
extraction, one database transaction per page) happens in the order a
one-at-a-time crawl would do it.

Reading the next item happens in the calling thread (discovery may fetch a
feed, and the caller may read the database to decide what to ask for), and
so does everything done with a result; the threads only fetch. They are
daemon threads: a run stopped by a signal does not wait for a slow server.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from .fetcher import FetchResult
from .pacing import host_key
from .policy import DEFAULT_MAX_AHEAD

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    """What to ask for one item: the URL and the validators of the copy we hold."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class _Slot(Generic[T]):
    item: T
    request: Request | None
    host: str = ""
    result: FetchResult | None = None
    done: bool = False


@dataclass
class _State:
    """What the dispatcher shares with the threads (guarded by ``cond``)."""

    cond: threading.Condition = field(default_factory=threading.Condition)
    queues: dict[str, deque] = field(default_factory=dict)
    busy: set[str] = field(default_factory=set)
    inflight: int = 0
    closed: bool = False


class OrderedFetch(Generic[T]):
    """``run(items, request_of)`` yields ``(item, FetchResult | None)`` in input order.

    ``request_of(item)`` says what to fetch for an item (None: nothing, it
    passes through). With ``tick`` set, ``None`` is yielded whenever nothing
    was ready for ``tick`` seconds, so a consumer can see to other work (a
    worker pool's finished batches). ``stop()`` is asked between items: once it
    is true no more items are read or handed back.
    """

    def __init__(self, fetcher: Any, concurrency: int, max_ahead: int = DEFAULT_MAX_AHEAD,
                 tick: float | None = None, stop: Callable[[], bool] = lambda: False):
        self.fetcher = fetcher
        self.concurrency = max(1, int(concurrency))
        self.max_ahead = max(1, int(max_ahead))
        self.tick = tick
        self.stop = stop

    def run(self, items: Iterable[T], request_of: Callable[[T], Request | None]
            ) -> Iterator[tuple[T, FetchResult | None] | None]:
        state = _State()
        work: queue.SimpleQueue = queue.SimpleQueue()
        threads = [threading.Thread(target=self._worker, args=(state, work), daemon=True,
                                    name=f"kdeal-fetch-{n}") for n in range(self.concurrency)]
        for t in threads:
            t.start()
        try:
            yield from self._loop(iter(items), request_of, state, work)
        finally:
            with state.cond:
                state.closed = True
                state.queues.clear()
            for _ in threads:
                work.put(None)

    def _loop(self, items: Iterator[T], request_of: Callable[[T], Request | None], state: _State,
              work: queue.SimpleQueue) -> Iterator[tuple[T, FetchResult | None] | None]:
        pending: deque[_Slot[T]] = deque()
        exhausted = False
        while True:
            with state.cond:
                ready = []
                while pending and pending[0].done:
                    ready.append(pending.popleft())
            for slot in ready:
                if isinstance(slot.result, BaseException):
                    raise slot.result
                yield slot.item, slot.result
                if self.stop():
                    return
            if self.stop():
                return
            if not exhausted and len(pending) < self.max_ahead:
                item = next(items, _END)
                if item is _END:
                    exhausted = True
                    continue
                slot = self._slot(item, request_of(item))
                with state.cond:
                    pending.append(slot)
                    if slot.request is not None:
                        state.queues.setdefault(slot.host, deque()).append(slot)
                        self._dispatch(state, work)
                continue
            if not pending:
                return
            with state.cond:
                if not pending[0].done:
                    state.cond.wait(timeout=self.tick)
                idle = not pending[0].done
            if idle and self.tick is not None:
                yield None

    @staticmethod
    def _slot(item: T, request: Request | None) -> _Slot[T]:
        if request is None:
            return _Slot(item, None, done=True)
        return _Slot(item, request, host=host_key(request.url))

    def _dispatch(self, state: _State, work: queue.SimpleQueue) -> None:
        """Hand requests to free threads, one per idle host, soonest-ready host first (under cond)."""
        if state.closed or state.inflight >= self.concurrency:
            return
        idle = [h for h, q in state.queues.items() if q and h not in state.busy]
        ready_at = getattr(self.fetcher, "ready_at", None)  # a fetcher without pacing: any order
        if ready_at is not None:
            idle.sort(key=lambda h: ready_at(state.queues[h][0].request.url))
        for host in idle[:self.concurrency - state.inflight]:
            slot = state.queues[host].popleft()
            if not state.queues[host]:
                del state.queues[host]
            state.busy.add(host)
            state.inflight += 1
            work.put(slot)

    def _worker(self, state: _State, work: queue.SimpleQueue) -> None:
        while True:
            slot = work.get()
            if slot is None:
                return
            req = slot.request
            try:
                result = self.fetcher.fetch(req.url, etag=req.etag, last_modified=req.last_modified)
            except Exception as e:  # a bug must not hang the run: hand it to the consumer's thread
                log.exception("fetching %s failed", req.url)
                result = e
            with state.cond:
                slot.result, slot.done = result, True
                state.busy.discard(slot.host)
                state.inflight -= 1
                self._dispatch(state, work)
                state.cond.notify_all()


_END: Any = object()
