"""Per-host pacing for concurrent fetching: the politeness that limits each host, not the crawler.

Every host has its own pace: one request in flight at a time, and a gap of
at least the configured delay (or the robots.txt Crawl-delay, if longer)
between the host's answer to one request and the next request. Counting from
the answer rather than from our sending (as scrapy does) is what makes the
gap hold at the host: a request that had to open a connection reaches the
server later than one on a kept-alive connection, so gaps between sendings
can shrink on the way, gaps after an answer cannot. With the adaptive setting the gap follows
the host (scrapy's AutoThrottle): it moves halfway towards the response time
of each answer (one request in flight per host is the target), never below
the configured delay, and doubles after a 429 or 503 up to the maximum. A
random jitter of 0..``jitter`` times the gap is added on top, so the floor
holds while requests do not tick like a clock.

Hosts are independent, so threads fetching different hosts never wait for
each other; a thread that wants a host already in use waits for it.
"""
from __future__ import annotations

import random
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator
from urllib.parse import urlsplit

from .policy import FetchPolicy

# Statuses that tell a client to slow down.
SLOW_DOWN = frozenset({429, 503})
BACKOFF_FACTOR = 2.0


def host_key(url: str) -> str:
    """The unit of politeness: ``host[:port]`` in lower case."""
    return urlsplit(url).netloc.lower()


@dataclass
class Turn:
    """One request's use of its host; the fetcher sets ``status``, ``latency`` (seconds to the
    response headers) and ``answered_at`` (the clock when they came) so the pace can adapt."""

    host: str
    waited: float = 0.0
    status: int | None = None
    latency: float | None = None
    answered_at: float | None = None


class HostPace:
    """The mutable pace of one host; ``lock`` is held for the whole of one request."""

    def __init__(self, floor: float, max_delay: float, jitter: float, adaptive: bool):
        self.lock = threading.Lock()
        self.floor = floor
        self.max_delay = max(max_delay, floor)
        self.jitter = jitter
        self.adaptive = adaptive
        self.delay = floor
        self.last_seen: float | None = None  # when the host last answered (or the request ended)

    def raise_floor(self, seconds: float) -> None:
        """robots.txt Crawl-delay: the floor can only go up."""
        if seconds > self.floor:
            self.floor = seconds
            self.max_delay = max(self.max_delay, seconds)
            self.delay = max(self.delay, seconds)

    def observe(self, status: int | None, latency: float | None) -> None:
        if not self.adaptive:
            return
        if status in SLOW_DOWN:
            self.delay = min(self.max_delay, max(self.delay, self.floor, 0.1) * BACKOFF_FACTOR)
            return
        if latency is None:
            return
        target = latency  # one request in flight per host
        new = max(target, (self.delay + target) / 2)
        new = min(max(self.floor, new), self.max_delay)
        if status != 200 and new < self.delay:
            return  # error pages are small and fast: they must not speed the host up
        self.delay = new


class Pacer:
    """The paces of all hosts, made on first use from the policy and its per-host overrides."""

    def __init__(self, policy: FetchPolicy, clock: Callable[[], float], sleep: Callable[[float], None],
                 rng: random.Random | None = None):
        self.policy = policy
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._paces: dict[str, HostPace] = {}
        self._guard = threading.Lock()
        self.waits: list[float] = []

    def pace(self, host: str) -> HostPace:
        with self._guard:
            pace = self._paces.get(host)
            if pace is None:
                p, o = self.policy, self.policy.for_host(host)
                pace = HostPace(floor=p.delay if o.delay is None else o.delay,
                                max_delay=p.max_delay if o.max_delay is None else o.max_delay,
                                jitter=p.jitter if o.jitter is None else o.jitter,
                                adaptive=p.adaptive if o.adaptive is None else o.adaptive)
                self._paces[host] = pace
            return pace

    def ready_at(self, url: str) -> float:
        """When the host of ``url`` may next be asked (by the clock), ignoring jitter."""
        pace = self.pace(host_key(url))
        return (pace.last_seen + pace.delay) if pace.last_seen is not None else self._clock()

    @contextmanager
    def turn(self, url: str, crawl_delay: float | None = None) -> Iterator[Turn]:
        """Hold the host of ``url`` for one request: wait for it, wait out its gap, then yield."""
        host = host_key(url)
        pace = self.pace(host)
        with pace.lock:
            if crawl_delay:
                pace.raise_floor(crawl_delay)
            turn = Turn(host)
            if pace.last_seen is not None:
                gap = pace.delay * (1.0 + pace.jitter * self._rng.random())
                wait = gap - (self._clock() - pace.last_seen)
                if wait > 0:
                    turn.waited = wait
                    self.waits.append(wait)
                    self._sleep(wait)
            try:
                yield turn
            finally:
                pace.last_seen = turn.answered_at if turn.answered_at is not None else self._clock()
                pace.observe(turn.status, turn.latency)
