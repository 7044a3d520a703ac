"""Progress on long runs: a live bar on a terminal, periodic plain lines in a log, silence otherwise.

By default the bar appears only when stderr is a terminal. ``--progress`` asks
for progress anywhere: where stderr is not a terminal (a cron log, a CI job,
``2> run.log``) it becomes one plain line every ``PLAIN_EVERY_S`` seconds with
the count, the rate and, when the total is known, the time left.
"""
from __future__ import annotations

import sys
import time
from typing import Any, Callable, Protocol

PLAIN_EVERY_S = 10.0  # seconds between two plain progress lines


class Progress(Protocol):
    def advance(self, n: int = 1, **counts: int) -> None: ...

    def close(self) -> None: ...


class NoProgress:
    def advance(self, n: int = 1, **counts: int) -> None:
        pass

    def close(self) -> None:
        pass


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class PlainProgress:
    """One line every ``every`` seconds (and one at the end): count, rate, time left.

    ``clock`` is injectable so the lines can be tested without waiting.
    """

    def __init__(self, description: str, total: int | None = None, stream: Any = None,
                 every: float = PLAIN_EVERY_S, clock: Callable[[], float] = time.monotonic):
        self.description = description
        self.total = total
        self.stream = stream or sys.stderr
        self.every = every
        self._clock = clock
        self._start = clock()
        self._last = self._start
        self.done = 0
        self._counts: dict[str, int] = {}

    def line(self) -> str:
        elapsed = max(self._clock() - self._start, 1e-9)
        rate = self.done / elapsed
        of = f"/{self.total:,}" if self.total is not None else ""
        parts = [f"{self.description}: {self.done:,}{of} documents", f"{rate:,.1f}/s"]
        if self.total is not None and rate > 0:
            parts.append(f"ETA {_duration(max(self.total - self.done, 0) / rate)}")
        parts += [f"{k} {v:,}" for k, v in self._counts.items()]
        parts.append(f"elapsed {_duration(elapsed)}")
        return "kdeal: " + ", ".join(parts)

    def _write(self) -> None:
        self.stream.write(self.line() + "\n")
        self.stream.flush()

    def advance(self, n: int = 1, **counts: int) -> None:
        self.done += n
        for k, v in counts.items():
            self._counts[k] = self._counts.get(k, 0) + v
        now = self._clock()
        if now - self._last >= self.every:
            self._last = now
            self._write()

    def close(self) -> None:
        self._write()


class RichProgress:
    """A rich progress bar on stderr showing documents done and running counts."""

    def __init__(self, description: str, total: int | None = None):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RP

        self._p = RP(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                     TextColumn("{task.fields[info]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                     console=Console(stderr=True), transient=True)
        self._p.start()
        self._task = self._p.add_task(description, total=total, info="")
        self._counts: dict[str, int] = {}

    def advance(self, n: int = 1, **counts: int) -> None:
        for k, v in counts.items():
            self._counts[k] = self._counts.get(k, 0) + v
        info = " ".join(f"{k} {v}" for k, v in self._counts.items())
        self._p.update(self._task, advance=n, info=info)

    def close(self) -> None:
        self._p.stop()


def wants_progress(enabled: bool | None, stream: Any = None) -> bool:
    """Whether to show progress: as asked, else only when ``stream`` (stderr) is a terminal."""
    stream = stream or sys.stderr
    if enabled is None:
        return hasattr(stream, "isatty") and stream.isatty()
    return enabled


def progress_for(description: str, total: int | None = None, enabled: bool | None = None,
                 stream: Any = None) -> Progress:
    """A bar on a terminal, plain lines elsewhere when asked (``enabled``), else nothing.

    ``total`` (documents, when known beforehand) gives the bar its length and the lines their time left.
    """
    stream = stream or sys.stderr
    if not wants_progress(enabled, stream):
        return NoProgress()
    if hasattr(stream, "isatty") and stream.isatty():
        return RichProgress(description, total)
    return PlainProgress(description, total, stream)
