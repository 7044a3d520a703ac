"""Stopping a run cleanly on SIGTERM (systemd, CI, ``kill``) and SIGINT (Ctrl-C).

The first signal only sets a flag: the run finishes the page it is writing
(its transaction commits), stops reading new ones, records itself as
``interrupted`` and releases its lock. A second signal of the same kind
stops at once (the default behaviour), for a run that does not stop soon
enough. Outside the main thread (where Python cannot install handlers) the
flag exists but nothing sets it.
"""
from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

HANDLED = (signal.SIGTERM, signal.SIGINT)
EXIT_BASE = 128  # a process stopped by signal N exits 128 + N by convention


class GracefulStop:
    """``with GracefulStop() as stop:`` ... ``if stop.requested: ...``; ``stop.signum`` says which."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: dict[int, Any] = {}

    @property
    def requested(self) -> bool:
        return self.signum is not None

    @property
    def exit_code(self) -> int | None:
        """130 after SIGINT, 143 after SIGTERM, None when no signal came."""
        return EXIT_BASE + self.signum if self.signum is not None else None

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum == signum:  # asked twice: stop now
            signal.signal(signum, self._previous.get(signum, signal.SIG_DFL))
            signal.raise_signal(signum)
            return
        self.signum = signum
        log.warning("%s received: finishing the current page, then stopping (send it again to stop now)",
                    signal.Signals(signum).name)

    def __enter__(self) -> "GracefulStop":
        if threading.current_thread() is threading.main_thread():
            for signum in HANDLED:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()
