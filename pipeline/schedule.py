"""Durations as operators write them ("30m", "1h30m", "7d") and the loop of ``ingest --every``."""
from __future__ import annotations

import logging
import re
import time
from typing import Any, Callable

from kdeal.errors import KdealError

log = logging.getLogger(__name__)

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
              sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
              until: Callable[[Any], bool] = lambda _result: False) -> int:
    """Call ``job`` every ``interval`` seconds (start to start); a failed run is logged, the loop goes on.

    A run longer than the interval delays the next one (which then starts
    right away, and the schedule continues from there) rather than
    overlapping it. The loop ends after a run whose result satisfies
    ``until`` (a run stopped by a signal). Returns the number of runs done.
    """
    runs = 0
    next_start = clock()
    while max_runs is None or runs < max_runs:
        now = clock()
        if now < next_start:
            sleep(next_start - now)
        next_start = clock() + interval  # after an overrun the schedule restarts from the late start
        result = None
        try:
            result = job()
        except KdealError as e:
            log.error("scheduled run failed: %s", e)
        runs += 1
        if until(result):
            break
    return runs
