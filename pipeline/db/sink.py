"""Writing results into the tracker database.

One transaction per document: the document's earlier mentions and deals are
replaced by the new ones, so rerunning an input changes nothing and a run
killed half-way leaves every document either fully old or fully new.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import create_engine, delete, event, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ..errors import DocError, KdealError
from ..records import DocResult
from . import schema as s


def _now() -> datetime:
    return datetime.now(timezone.utc)


def connect(url: str) -> Engine:
    """An engine with the schema created; a bad URL or server is one clear error."""
    try:
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_conn: Any, _rec: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA busy_timeout=30000")
                cur.close()
        s.metadata.create_all(engine)
        return engine
    except (SQLAlchemyError, ValueError, ImportError) as e:
        raise KdealError(f"cannot open database {url}: {str(e).splitlines()[0]}") from e


def _upsert_ignore(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows, leaving rows whose key already exists as they are."""
    if not rows:
        return
    name = conn.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise KdealError(f"unsupported database {name}")
    conn.execute(dialect_insert(table).on_conflict_do_nothing(), rows)


def write_result(conn: Connection, r: DocResult) -> None:
    """Replace everything stored for this document with ``r`` (call inside a transaction)."""
    a = r.article
    doc_id = a.doc_id
    deal_ids = select(s.deals.c.deal_id).where(s.deals.c.doc_id == doc_id)
    for table in (s.deal_parties, s.deal_quantities):
        conn.execute(delete(table).where(table.c.deal_id.in_(deal_ids)))
    conn.execute(delete(s.deal_evidence).where(s.deal_evidence.c.doc_id == doc_id))
    conn.execute(delete(s.deals).where(s.deals.c.doc_id == doc_id))
    conn.execute(delete(s.mentions).where(s.mentions.c.doc_id == doc_id))
    conn.execute(delete(s.documents).where(s.documents.c.doc_id == doc_id))
    conn.execute(insert(s.documents), [{
        "doc_id": doc_id, "url": a.url, "title": a.title, "published": a.published,
        "author": a.author, "outlet": a.outlet, "origin": a.origin,
        "content_sha256": hashlib.sha256(a.text.encode("utf-8")).hexdigest(),
        "text": a.text, "updated_at": _now(),
    }])
    companies: dict[str, dict[str, Any]] = {}
    for m in r.mentions:
        if m.is_org:
            companies.setdefault(m.canonical, {"canonical": m.canonical, "kind": m.kind, "code": m.code})
    for d in r.deals:
        for p in d.parties:
            companies.setdefault(p.canonical, {"canonical": p.canonical, "kind": p.kind, "code": None})
    _upsert_ignore(conn, s.companies, list(companies.values()))
    aliases = {(m.text, m.canonical) for m in r.mentions if m.is_org and m.text != m.canonical}
    _upsert_ignore(conn, s.company_aliases, [{"alias": t, "canonical": c} for t, c in sorted(aliases)])
    if r.mentions:
        conn.execute(insert(s.mentions), [
            {"doc_id": doc_id, "start": m.start, "end": m.end, "text": m.text,
             "canonical": m.canonical, "kind": m.kind, "code": m.code} for m in r.mentions])
    for d in r.deals:
        conn.execute(insert(s.deals), [{
            "deal_id": d.deal_id, "doc_id": doc_id, "type": d.type, "status": d.status,
            "group_label": d.group.label if d.group else None,
            "group_count": d.group.count if d.group else None,
            "group_approx": d.group.approx if d.group else None,
            "period": d.period, "subject": d.subject}])
        parties = {(p.side, p.canonical): p for p in d.parties}
        if parties:
            conn.execute(insert(s.deal_parties), [
                {"deal_id": d.deal_id, "side": p.side, "canonical": p.canonical, "name": p.name,
                 "kind": p.kind} for p in parties.values()])
        if d.quantities:
            conn.execute(insert(s.deal_quantities), [
                {"deal_id": d.deal_id, "position": i, "text": q.text, "value": q.value,
                 "approx": q.approx, "unit": q.unit, "noun": q.noun} for i, q in enumerate(d.quantities)])
        conn.execute(insert(s.deal_evidence), [{
            "deal_id": d.deal_id, "doc_id": doc_id, "start": d.evidence.start,
            "end": d.evidence.end, "sentence": d.evidence.sentence}])


class DbSink:
    """Writes each document in its own transaction and records the run."""

    def __init__(self, url: str, command: str = ""):
        self.url = url
        self.engine = connect(url)
        self.counts = {"documents": 0, "mentions": 0, "deals": 0, "errors": 0}
        self._errors: list[DocError] = []
        try:
            with self.engine.begin() as conn:
                res = conn.execute(insert(s.runs).values(
                    command=command, started_at=_now(), status="running",
                    documents=0, mentions=0, deals=0, errors=0))
                self.run_id = res.inserted_primary_key[0]
        except SQLAlchemyError as e:
            raise KdealError(f"cannot write to database {url}: {str(e).splitlines()[0]}") from e

    def write(self, result: DocResult) -> None:
        try:
            with self.engine.begin() as conn:
                write_result(conn, result)
        except SQLAlchemyError as e:
            raise KdealError(f"database write failed for {result.article.doc_id}: "
                             f"{str(e).splitlines()[0]}") from e
        self.counts["documents"] += 1
        self.counts["mentions"] += len(result.mentions)
        self.counts["deals"] += len(result.deals)

    def error(self, err: DocError) -> None:
        self._errors.append(err)
        self.counts["errors"] += 1

    def close(self, ok: bool = True) -> None:
        try:
            with self.engine.begin() as conn:
                if self._errors:
                    conn.execute(insert(s.run_errors), [
                        {"run_id": self.run_id, "position": i, "code": e.code.value, "origin": e.origin,
                         "doc_id": e.doc_id, "message": e.message} for i, e in enumerate(self._errors)])
                conn.execute(update(s.runs).where(s.runs.c.run_id == self.run_id).values(
                    ended_at=_now(), status="ok" if ok else "failed", **self.counts))
        finally:
            self.engine.dispose()
