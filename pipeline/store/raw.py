"""WARC files plus a SQLite index, written so that a killed run loses nothing earlier.

Each ``RawStore`` writer appends to a WARC file of its own (never to one an
earlier run wrote), flushes and fsyncs the record, and only then commits its
index row. A crash mid-record leaves a truncated tail that no index row points
at; every earlier record and row is intact. Bodies are stored decoded
(``Content-Encoding`` removed), as the parser will read them. Each record
has a role: ``page`` (what ingest extracts) or ``discovery`` (feeds,
sitemaps, list pages). One store may be written by several fetching threads
at once: writes take a lock.
"""
from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Mapping

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kdeal.errors import ErrorCode, KdealError

from ..options import DEFAULT_STORE

DEFAULT_ROOT = DEFAULT_STORE
_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    warc_file TEXT NOT NULL,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'page'
);
CREATE INDEX IF NOT EXISTS records_url ON records(url, id);
"""
ROLES = ("page", "discovery")


@dataclass(frozen=True)
class RecordLocation:
    """Where a response lives: WARC file (relative to the store root), offset and length."""

    warc_file: str
    offset: int
    length: int


@dataclass(frozen=True)
class StoredRecord:
    """One index row; ``body`` is read from the WARC file only when asked for."""

    id: int
    url: str
    final_url: str
    location: RecordLocation
    sha256: str
    status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str
    role: str = "page"


class RawStore:
    """Archive of raw responses under ``root`` (default ``corpus/store``, git-ignored)."""

    def __init__(self, root: str | os.PathLike[str] = DEFAULT_ROOT, max_warc_bytes: int = 512 * 1024 * 1024):
        self.root = Path(root)
        self.max_warc_bytes = max_warc_bytes
        try:
            (self.root / "warc").mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.root / "index.sqlite", timeout=30, check_same_thread=False)
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(records)")}
            if "role" not in columns:  # a store written before records had roles: all were pages
                self._db.execute("ALTER TABLE records ADD COLUMN role TEXT NOT NULL DEFAULT 'page'")
            self._db.commit()
        except (OSError, sqlite3.Error) as e:
            raise KdealError(f"cannot open the raw store at {self.root}: {e} [{ErrorCode.STORE.value}]") from e
        self._file: io.BufferedWriter | None = None
        self._file_name: str | None = None
        self._seq = 0
        self._lock = threading.Lock()

    # -- writing ---------------------------------------------------------------------------------
    def _writer_file(self) -> tuple[io.BufferedWriter, str]:
        if self._file is not None and self._file.tell() < self.max_warc_bytes:
            return self._file, self._file_name  # type: ignore[return-value]
        if self._file is not None:
            self._file.close()
        self._seq += 1
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        name = f"warc/kdeal-{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**9:09d}-{self._seq:04d}.warc.gz"
        self._file = open(self.root / name, "xb")
        self._file_name = name
        return self._file, name

    def put(self, url: str, final_url: str, status: int, headers: Mapping[str, str], body: bytes,
            fetched_at: str | None = None, role: str = "page") -> RecordLocation:
        """Archive one response and index it; returns where it was written."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        with self._lock:
            return self._put(url, final_url, status, headers, body, fetched_at, role)

    def _put(self, url: str, final_url: str, status: int, headers: Mapping[str, str], body: bytes,
             fetched_at: str | None, role: str) -> RecordLocation:
        fetched_at = fetched_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        kept = [(k, v) for k, v in headers.items() if k.lower() not in _DROP_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http_headers = StatusAndHeaders(f"{status} {_reason(status)}", kept, protocol="HTTP/1.1")
        f, name = self._writer_file()
        writer = WARCWriter(f, gzip=True)
        record = writer.create_warc_record(
            final_url, "response", payload=io.BytesIO(body), http_headers=http_headers,
            warc_headers_dict={"WARC-Date": fetched_at.replace("+00:00", "Z"),
                               "WARC-Source-URI": url})
        offset = f.tell()
        try:
            writer.write_record(record)
            f.flush()
            os.fsync(f.fileno())
        except OSError as e:
            raise KdealError(f"cannot write to the raw store: {e} [{ErrorCode.STORE.value}]") from e
        length = f.tell() - offset
        lower = {k.lower(): v for k, v in headers.items()}
        with self._db:
            self._db.execute(
                "INSERT INTO records (url, final_url, warc_file, offset, length, sha256, status, content_type,"
                " etag, last_modified, fetched_at, role) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (url, final_url, name, offset, length, hashlib.sha256(body).hexdigest(), status,
                 lower.get("content-type"), lower.get("etag"), lower.get("last-modified"), fetched_at, role))
        return RecordLocation(name, offset, length)

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._db.close()

    def __enter__(self) -> "RawStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------------
    def _row(self, row: tuple) -> StoredRecord:
        return StoredRecord(row[0], row[1], row[2], RecordLocation(row[3], row[4], row[5]), row[6], row[7],
                            row[8], row[9], row[10], row[11], row[12])

    _COLS = "id, url, final_url, warc_file, offset, length, sha256, status, content_type, etag, " \
            "last_modified, fetched_at, role"

    def latest(self, url: str) -> StoredRecord | None:
        with self._lock:
            row = self._db.execute(f"SELECT {self._COLS} FROM records WHERE url = ? ORDER BY id DESC LIMIT 1",
                                   (url,)).fetchone()
        return self._row(row) if row else None

    def records(self, latest_only: bool = True, role: str | None = None) -> Iterator[StoredRecord]:
        """Index rows in the order they were stored (only each URL's newest by default; only
        records of ``role`` when given)."""
        where = " WHERE role = ?" if role else ""
        args: tuple = (role,) if role else ()
        if latest_only:
            sql = (f"SELECT {self._COLS} FROM records WHERE id IN (SELECT MAX(id) FROM records{where}"
                   " GROUP BY url) ORDER BY id")
        else:
            sql = f"SELECT {self._COLS} FROM records{where} ORDER BY id"
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        for row in rows:
            yield self._row(row)

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM records").fetchone()[0]

    def body(self, record: StoredRecord | RecordLocation) -> bytes:
        """The archived body bytes; checked against the indexed sha256 when given a record."""
        loc = record.location if isinstance(record, StoredRecord) else record
        try:
            with open(self.root / loc.warc_file, "rb") as f:
                f.seek(loc.offset)
                chunk = io.BytesIO(f.read(loc.length))
            for rec in ArchiveIterator(chunk):
                data = rec.content_stream().read()
                break
            else:
                raise KdealError(f"no WARC record at {loc.warc_file}:{loc.offset} [{ErrorCode.STORE.value}]")
        except OSError as e:
            raise KdealError(f"cannot read {loc.warc_file}: {e} [{ErrorCode.STORE.value}]") from e
        if isinstance(record, StoredRecord) and hashlib.sha256(data).hexdigest() != record.sha256:
            raise KdealError(f"{loc.warc_file}:{loc.offset} does not match its checksum [{ErrorCode.STORE.value}]")
        return data


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
