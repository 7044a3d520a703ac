"""The sink protocol and a fan-out over several sinks."""
from __future__ import annotations

from typing import Protocol, Sequence

from kdeal.errors import DocError
from kdeal.records import DocResult


class Sink(Protocol):
    def write(self, result: DocResult) -> None: ...

    def error(self, err: DocError) -> None: ...

    def close(self, ok: bool = True) -> None:
        """Commit what was written (``ok``) or discard it, keeping earlier output intact."""


class MultiSink:
    """Writes every record to each of its sinks."""

    def __init__(self, sinks: Sequence[Sink]):
        self.sinks = list(sinks)

    def write(self, result: DocResult) -> None:
        for s in self.sinks:
            s.write(result)

    def error(self, err: DocError) -> None:
        for s in self.sinks:
            s.error(err)

    def close(self, ok: bool = True) -> None:
        first: BaseException | None = None
        for s in self.sinks:
            try:
                s.close(ok)
            except Exception as e:  # close the others, then report the first failure
                first = first or e
        if first is not None:
            raise first
