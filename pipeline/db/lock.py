"""The ingest lock: two overlapping ingests must not both write.

The lock lives where the data lives, and dies with its holder: on PostgreSQL
a session advisory lock (released by the server when the holding connection
or process goes away), on SQLite an exclusive ``flock`` on a file next to the
database (released by the kernel when the process exits, even on SIGKILL). A
killed ingest therefore never leaves a stale lock behind.
"""
from __future__ import annotations

import os
import time
from typing import Any, Callable

from sqlalchemy import desc, select, text
from sqlalchemy.engine import Engine

from kdeal.errors import KdealError

from ..unix import optional_module, unix_only
from . import schema as s

fcntl = optional_module("fcntl")

_PG_INGEST_KEY = 0x6B6465616C01  # "kdeal\1"


class LockBusy(KdealError):
    """Another ingest holds the lock (and we were not asked to wait long enough)."""


def _holder(engine: Engine) -> str:
    """Who probably holds the lock: the newest ingest run still marked running."""
    try:
        with engine.connect() as c:
            row = c.execute(select(s.runs.c.run_id, s.runs.c.pid, s.runs.c.host, s.runs.c.started_at)
                            .where(s.runs.c.status == "running", s.runs.c.command.like("ingest%"))
                            .order_by(desc(s.runs.c.run_id)).limit(1)).first()
    except Exception as e:  # the message is a courtesy; never let it hide the real state
        return f"holder unknown ({type(e).__name__})"
    if row is None:
        return "holder unknown"
    return f"run {row.run_id}, pid {row.pid} on {row.host}, started {row.started_at:%Y-%m-%d %H:%M:%S}"


def _sqlite_path(engine: Engine) -> str | None:
    db = engine.url.database
    return None if not db or db == ":memory:" else os.path.abspath(db)


class IngestLock:
    """``with IngestLock(engine, wait=60):`` waits up to ``wait`` seconds, then raises ``LockBusy``."""

    def __init__(self, engine: Engine, wait: float = 0.0, poll: float = 0.5,
                 sleep: Callable[[float], None] = time.sleep):
        self.engine = engine
        self.wait = wait
        self.poll = poll
        self._sleep = sleep
        self._conn: Any = None
        self._fd: int | None = None

    def _try(self) -> bool:
        if self.engine.dialect.name == "postgresql":
            if self._conn is None:
                self._conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            return bool(self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _PG_INGEST_KEY}).scalar())
        path = _sqlite_path(self.engine)
        if path is None:
            return True  # an in-memory database is private to this process
        if fcntl is None:
            raise unix_only("the ingest lock on a SQLite database", "fcntl")
        if self._fd is None:
            self._fd = os.open(f"{path}.ingest-lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def acquire(self) -> "IngestLock":
        deadline = time.monotonic() + self.wait
        while not self._try():
            if time.monotonic() >= deadline:
                self.release()
                waited = f" after waiting {self.wait:g}s" if self.wait else ""
                raise LockBusy(f"another ingest is writing to this database ({_holder(self.engine)}){waited}; "
                               f"not starting a second one (use --wait SECONDS to queue behind it)")
            self._sleep(self.poll)
        return self

    def release(self) -> None:
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_INGEST_KEY})
            finally:
                self._conn.close()
                self._conn = None
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> "IngestLock":
        return self.acquire()

    def __exit__(self, *exc: Any) -> None:
        self.release()
