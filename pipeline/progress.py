"""Progress on long runs: a live bar on a terminal, silence otherwise."""
from __future__ import annotations

import sys
from typing import Any, Protocol


class Progress(Protocol):
    def advance(self, n: int = 1, **counts: int) -> None: ...

    def close(self) -> None: ...


class NoProgress:
    def advance(self, n: int = 1, **counts: int) -> None:
        pass

    def close(self) -> None:
        pass


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
        )
        from rich.progress import Progress as RP

        self._p = RP(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                     TextColumn("{task.fields[info]}"), TimeElapsedColumn(),
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


def progress_for(description: str, total: int | None = None, enabled: bool | None = None,
                 stream: Any = None) -> Progress:
    """A bar when ``stream`` (stderr) is a terminal, unless ``enabled`` says otherwise."""
    stream = stream or sys.stderr
    if enabled is None:
        enabled = hasattr(stream, "isatty") and stream.isatty()
    return RichProgress(description, total) if enabled else NoProgress()
