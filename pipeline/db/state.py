"""Per-URL fetch state: what the last conditional GET needs (ETag, Last-Modified, content hash)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from . import schema as s
from .keys import canonical_url


@dataclass(frozen=True)
class FetchState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    status: int | None = None
    content_sha256: str | None = None
    error_code: str | None = None


def get_state(conn: Connection, url: str) -> FetchState | None:
    row = conn.execute(select(s.fetch_state).where(s.fetch_state.c.url == url)).first()
    if row is None:
        return None
    return FetchState(url=row.url, etag=row.etag, last_modified=row.last_modified, status=row.status,
                      content_sha256=row.content_sha256, error_code=row.error_code)


def put_state(conn: Connection, url: str, *, run_id: int | None, status: int | None = None,
              etag: str | None = None, last_modified: str | None = None, content_sha256: str | None = None,
              fetched: bool = False, error_code: str | None = None, error_message: str | None = None,
              keep_validators: bool = False) -> None:
    """Insert or update the row for ``url``; ``keep_validators`` keeps the stored ETag/Last-Modified/hash."""
    now = datetime.now(timezone.utc)
    values: dict[str, Any] = {"canonical_url": canonical_url(url), "status": status, "checked_at": now,
                              "error_code": error_code, "error_message": error_message, "run_id": run_id}
    if not keep_validators:
        values.update(etag=etag, last_modified=last_modified, content_sha256=content_sha256)
    if fetched:
        values["fetched_at"] = now
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    stmt = insert(s.fetch_state).values(url=url, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["url"], set_=values))
