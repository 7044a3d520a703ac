"""Per-URL fetch state: what the last conditional GET needs (ETag, Last-Modified, content hash) and
what the recrawl policy decides from (when the URL was last checked, how often in a row it was gone)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from . import schema as s
from .dialect import dialect_insert
from .keys import canonical_url


@dataclass(frozen=True)
class FetchState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    status: int | None = None
    content_sha256: str | None = None
    error_code: str | None = None
    checked_at: datetime | None = None
    fetched_at: datetime | None = None
    gone_count: int = 0


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def get_state(conn: Connection, url: str) -> FetchState | None:
    row = conn.execute(select(s.fetch_state).where(s.fetch_state.c.url == url)).first()
    if row is None:
        return None
    return FetchState(url=row.url, etag=row.etag, last_modified=row.last_modified, status=row.status,
                      content_sha256=row.content_sha256, error_code=row.error_code,
                      checked_at=as_utc(row.checked_at), fetched_at=as_utc(row.fetched_at),
                      gone_count=row.gone_count or 0)


def put_state(conn: Connection, url: str, *, run_id: int | None, status: int | None = None,
              etag: str | None = None, last_modified: str | None = None, content_sha256: str | None = None,
              fetched: bool = False, error_code: str | None = None, error_message: str | None = None,
              keep_validators: bool = False, gone_count: int = 0) -> None:
    """Insert or update the row for ``url``; ``keep_validators`` keeps the stored ETag/Last-Modified/hash.
    ``gone_count``: 404/410 answers in a row so far (0 after any other answer)."""
    now = datetime.now(timezone.utc)
    values: dict[str, Any] = {"canonical_url": canonical_url(url), "status": status, "checked_at": now,
                              "error_code": error_code, "error_message": error_message, "run_id": run_id,
                              "gone_count": gone_count}
    if not keep_validators:
        values.update(etag=etag, last_modified=last_modified, content_sha256=content_sha256)
    if fetched:
        values["fetched_at"] = now
    stmt = dialect_insert(conn, s.fetch_state).values(url=url, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["url"], set_=values))
