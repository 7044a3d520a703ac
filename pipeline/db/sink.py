"""Writing results into the tracker database.

One transaction per document. A document whose text, metadata and
extraction results are unchanged is not touched at all, so rerunning an input
changes nothing and a run killed at any moment, then rerun, ends with exactly
the rows of an uninterrupted run: every document is either fully written or
not at all, and the rerun writes the missing ones in the same order.

A changed document replaces its earlier mentions and evidence; a deal that
no document reports any more disappears. One deal is one ``deals`` row and
each statement of it one ``deal_evidence`` row: a deal restated in one
document (headline and body) is one deal; a deal another document already
reported (same merge key) is that deal when the two documents are copies of
one story (``stories``), whatever their dates, or when their dates are
within ``window_days``.
"""
from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from sqlalchemy import create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kdeal.errors import DocError, KdealError
from kdeal.records import Deal, DocResult

from ..options import DEFAULT_WINDOW_DAYS
from ..provenance import RunInfo
from . import schema as s
from .dialect import insert_ignore
from .keys import canonical_url, merge_key, published_date, result_hash, sha256_text
from .migrate import upgrade
from .stories import story_for

log = logging.getLogger(__name__)


WRITTEN, UNCHANGED, DUPLICATE = "written", "unchanged", "duplicate"


@dataclass(frozen=True)
class WriteOutcome:
    """What storing one document did: ``status`` (written, unchanged, duplicate), the deals it added
    as new rows and the reports (evidence rows) it wrote, for deals new or known."""

    status: str
    deals: int = 0
    reports: int = 0


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _first_line(e: BaseException) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0]


def create_db_engine(url: str) -> Engine:
    """An engine without touching the schema (for locks and migrations tests)."""
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _rec: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL may have to wait too
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
    elif engine.dialect.name != "postgresql":
        raise KdealError(f"unsupported database {engine.dialect.name}: use sqlite:/// or postgresql+psycopg://")
    return engine


def connect(url: str) -> Engine:
    """An engine on a database at the current schema; a bad URL or server is one clear error."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////:memory:"):
        path = url[len("sqlite:///"):].split("?", 1)[0]
        if path and path != ":memory:":
            parent = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(parent):
                raise KdealError(f"cannot open database {url}: folder {parent} does not exist")
    try:
        engine = create_db_engine(url)
        upgrade(engine)
        return engine
    except KdealError:
        raise
    except (SQLAlchemyError, ValueError, ImportError, OSError) as e:
        raise KdealError(f"cannot open database {url}: {_first_line(e)}") from e


def _remove_document_results(conn: Connection, doc_id: str) -> None:
    """Drop the document's mentions and evidence; deals nobody reports any more go too."""
    affected = [r[0] for r in conn.execute(
        select(s.deal_evidence.c.deal_id).where(s.deal_evidence.c.doc_id == doc_id).distinct())]
    affected += [r[0] for r in conn.execute(select(s.deals.c.deal_id).where(s.deals.c.doc_id == doc_id))]
    conn.execute(delete(s.deal_evidence).where(s.deal_evidence.c.doc_id == doc_id))
    conn.execute(delete(s.mentions).where(s.mentions.c.doc_id == doc_id))
    for deal_id in sorted(set(affected)):
        other = conn.execute(select(func.min(s.deal_evidence.c.doc_id))
                             .where(s.deal_evidence.c.deal_id == deal_id)).scalar()
        if other is None:
            for table in (s.deal_parties, s.deal_quantities):
                conn.execute(delete(table).where(table.c.deal_id == deal_id))
            conn.execute(delete(s.deals).where(s.deals.c.deal_id == deal_id))
        else:
            conn.execute(update(s.deals).where(s.deals.c.deal_id == deal_id, s.deals.c.doc_id == doc_id)
                         .values(doc_id=other))


def _find_merge_target(conn: Connection, key: str, doc_id: str, published: str | None,
                       window_days: int, story_id: str | None) -> str | None:
    """The deal another document already reported under ``key``: one from a copy of the same story
    first, else the one closest in time within the window."""
    ev, docs = s.deal_evidence.c, s.documents.c
    same_key = (s.deals.c.merge_key == key, ev.doc_id != doc_id)
    if story_id is not None:
        copy = conn.execute(
            select(ev.deal_id).join(s.deals, s.deals.c.deal_id == ev.deal_id)
            .join(s.documents, docs.doc_id == ev.doc_id)
            .where(*same_key, docs.story_id == story_id).order_by(ev.deal_id).limit(1)).scalar()
        if copy is not None:
            return copy
    day = published_date(published)
    if day is None:
        return None
    window = timedelta(days=window_days)
    rows = conn.execute(
        select(ev.deal_id, ev.day).join(s.deals, s.deals.c.deal_id == ev.deal_id)
        .where(*same_key, ev.day.between(day - window, day + window))).all()
    best = min(((abs((other - day).days), deal_id) for deal_id, other in rows), default=None)
    return best[1] if best else None


def _insert_deal(conn: Connection, d: Deal, doc_id: str, key: str | None) -> None:
    conn.execute(insert(s.deals), [{
        "deal_id": d.deal_id, "doc_id": doc_id, "type": d.type, "status": d.status,
        "group_label": d.group.label if d.group else None,
        "group_count": d.group.count if d.group else None,
        "group_approx": d.group.approx if d.group else None,
        "period": d.period, "subject": d.subject, "merge_key": key}])
    if d.quantities:
        conn.execute(insert(s.deal_quantities), [
            {"deal_id": d.deal_id, "position": i, "text": q.text, "value": q.value,
             "approx": q.approx, "unit": q.unit, "noun": q.noun} for i, q in enumerate(d.quantities)])


def write_result(conn: Connection, r: DocResult, window_days: int = DEFAULT_WINDOW_DAYS,
                 run_id: int | None = None) -> WriteOutcome:
    """Store one document's results (call inside a transaction); returns what happened.

    ``unchanged``: identical to what is stored. ``duplicate``: another document
    id already holds this text at this canonical URL. ``written`` otherwise.
    ``run_id``: the run storing it (recorded on the document as provenance).
    """
    a = r.article
    doc_id = a.doc_id
    content = sha256_text(a.text)
    result = result_hash(r)
    curl = canonical_url(a.url)
    existing = conn.execute(select(s.documents.c.result_sha256, s.documents.c.first_seen_at)
                            .where(s.documents.c.doc_id == doc_id)).first()
    if existing is not None and existing.result_sha256 == result:
        return WriteOutcome(UNCHANGED)
    if existing is None and curl is not None:
        twin = conn.execute(select(s.documents.c.doc_id).where(
            s.documents.c.canonical_url == curl, s.documents.c.content_sha256 == content).limit(1)).scalar()
        if twin is not None:
            log.info("%s: same text at %s is already stored as %s", doc_id, curl, twin)
            return WriteOutcome(DUPLICATE)
    now = _now()
    story_id = story_for(conn, doc_id, a.text)
    row = {"url": a.url, "title": a.title, "published": a.published, "author": a.author,
           "outlet": a.outlet, "origin": a.origin, "content_sha256": content, "text": a.text,
           "updated_at": now, "canonical_url": curl, "result_sha256": result, "story_id": story_id,
           "run_id": run_id, "fetched_at": a.fetched_at}
    if existing is not None:
        _remove_document_results(conn, doc_id)
        conn.execute(update(s.documents).where(s.documents.c.doc_id == doc_id).values(**row))
    else:
        conn.execute(insert(s.documents), [{"doc_id": doc_id, "first_seen_at": now, **row}])
    _store_names(conn, r)
    deals, reports = _store_deals(conn, r, story_id, window_days)
    return WriteOutcome(WRITTEN, deals=deals, reports=reports)


def _store_names(conn: Connection, r: DocResult) -> None:
    """The document's companies, aliases and mentions."""
    companies: dict[str, dict[str, Any]] = {}
    for m in r.mentions:
        if m.is_org:
            companies.setdefault(m.canonical, {"canonical": m.canonical, "kind": m.kind, "code": m.code})
    for d in r.deals:
        for p in d.parties:
            companies.setdefault(p.canonical, {"canonical": p.canonical, "kind": p.kind, "code": None})
    insert_ignore(conn, s.companies, [companies[k] for k in sorted(companies)])
    aliases = {(m.text, m.canonical) for m in r.mentions if m.is_org and m.text != m.canonical}
    insert_ignore(conn, s.company_aliases, [{"alias": t, "canonical": c} for t, c in sorted(aliases)])
    spans: dict[tuple[int, int], Any] = {}
    for m in r.mentions:
        spans.setdefault((m.start, m.end), m)  # one row per span: the first recogniser's reading
    if spans:
        conn.execute(insert(s.mentions), [
            {"doc_id": r.article.doc_id, "start": m.start, "end": m.end, "text": m.text,
             "canonical": m.canonical, "kind": m.kind, "code": m.code} for m in spans.values()])


def _store_deals(conn: Connection, r: DocResult, story_id: str | None, window_days: int) -> tuple[int, int]:
    """Each deal of the document as a report of one deal row; returns (new deal rows, reports written).

    Statements with one merge key in one document (a headline and the body)
    are one deal; otherwise a deal reported by a copy of this story, or by
    another document within the window, is found again (``_find_merge_target``).
    """
    a = r.article
    by_key: dict[str, str] = {}
    written: set[tuple[str, int]] = set()
    new_deals = reports = 0
    for d in r.deals:
        key = merge_key(d)
        target = by_key.get(key) if key is not None else None
        if target is None and key is not None:
            target = _find_merge_target(conn, key, a.doc_id, a.published, window_days, story_id)
        if target is None:
            exists = conn.execute(select(s.deals.c.deal_id).where(s.deals.c.deal_id == d.deal_id)).scalar()
            if exists is None:
                _insert_deal(conn, d, a.doc_id, key)
                new_deals += 1
            target = d.deal_id
        if key is not None:
            by_key[key] = target
        if (target, d.evidence.start) in written:
            log.warning("%s: deal %s reported twice in one sentence; kept once", a.doc_id, d.deal_id)
            continue
        written.add((target, d.evidence.start))
        # A party already on the deal keeps its side: a report that swaps the sides
        # ("B는 A와") must not put A and B on both sides of the merged deal.
        known = set(conn.execute(select(s.deal_parties.c.canonical)
                                 .where(s.deal_parties.c.deal_id == target)).scalars())
        insert_ignore(conn, s.deal_parties, [
            {"deal_id": target, "side": p.side, "canonical": p.canonical, "name": p.name, "kind": p.kind}
            for p in {(p.side, p.canonical): p for p in d.parties}.values() if p.canonical not in known])
        conn.execute(insert(s.deal_evidence), [{
            "deal_id": target, "doc_id": a.doc_id, "start": d.evidence.start, "end": d.evidence.end,
            "sentence": d.evidence.sentence, "report_id": d.deal_id, "status": d.status,
            "published": a.published, "day": published_date(a.published)}])
        reports += 1
    return new_deals, reports


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _mark_dead_runs(conn: Connection, run_id: int) -> None:
    """Runs of this host still 'running' whose process is gone were killed: say so in their rows."""
    host = socket.gethostname()
    rows = conn.execute(select(s.runs.c.run_id, s.runs.c.pid).where(
        s.runs.c.status == "running", s.runs.c.host == host, s.runs.c.run_id != run_id)).all()
    dead = [r.run_id for r in rows if r.pid is not None and not _pid_alive(r.pid)]
    if dead:
        conn.execute(update(s.runs).where(s.runs.c.run_id.in_(dead)).values(
            status="abandoned", message="the process ended without closing the run"))
        log.info("marked run(s) %s as abandoned: their processes are gone", ", ".join(map(str, dead)))


@dataclass
class RunCounts:
    """The counts of a ``runs`` row. ``deals``: deal rows this run added; ``reports``: evidence rows
    it wrote (a deal reported again, or restated, is one more report and no more deals).
    ``fresh``: known pages not requested (checked within the recrawl interval); ``retired``: pages
    not requested because they were gone too often; ``failed_pages``: pages (and discovery
    sources) that could not be fetched or read."""

    documents: int = 0
    mentions: int = 0
    deals: int = 0
    reports: int = 0
    errors: int = 0
    unchanged: int = 0
    duplicates: int = 0
    fetched: int = 0
    not_modified: int = 0
    fresh: int = 0
    retired: int = 0
    failed_pages: int = 0


@dataclass
class SourceCounts:
    """What one source of an ingest did (a ``run_sources`` row). ``seconds``: wall-clock time from
    its first candidate to its last page written; sources fetched at the same time overlap, so
    they add up to more than the run. None for rows recorded before it was kept."""

    candidates: int = 0
    fetched: int = 0
    not_modified: int = 0
    fresh: int = 0
    retired: int = 0
    failed: int = 0
    documents: int = 0
    deals: int = 0
    reports: int = 0
    seconds: float | None = None


RUN_STATUSES = ("running", "ok", "failed", "interrupted", "abandoned")


class DbSink:
    """Writes each document in its own transaction and records the run in ``runs``.

    ``sources``: per-source counts an ingest keeps, written with the run's end; ``info``: the
    run's kdeal version, model id and options for its ``runs`` row.
    """

    def __init__(self, url: str, command: str = "", window_days: int = DEFAULT_WINDOW_DAYS,
                 engine: Engine | None = None, info: RunInfo | None = None):
        self.url = url
        self.window_days = window_days
        self.engine = engine or connect(url)
        self._own_engine = engine is None
        self.counts = RunCounts()
        self._errors: list[DocError] = []
        self.message: str | None = None
        self.sources: dict[str, SourceCounts] = {}
        try:
            with self.engine.begin() as conn:
                res = conn.execute(insert(s.runs).values(
                    command=command, started_at=_now(), status="running", **vars(RunCounts()),
                    pid=os.getpid(), host=socket.gethostname(), **(info or RunInfo()).row()))
                self.run_id = int(res.inserted_primary_key[0])
                _mark_dead_runs(conn, self.run_id)
        except SQLAlchemyError as e:
            raise KdealError(f"cannot write to database {url}: {_first_line(e)}") from e

    def write(self, result: DocResult) -> str:
        return self.write_many([result], name=result.article.doc_id)[0].status

    def write_many(self, results: list[DocResult], name: str,
                   also: Callable[[Connection], None] | None = None) -> list[WriteOutcome]:
        """Several documents of one page (a feed) in one transaction; ``also`` runs inside it too."""
        try:
            with self.engine.begin() as conn:
                outcomes = [write_result(conn, r, self.window_days, self.run_id) for r in results]
                if also is not None:
                    also(conn)
        except SQLAlchemyError as e:
            raise KdealError(f"database write failed for {name}: {_first_line(e)}") from e
        for r, outcome in zip(results, outcomes):
            self._count(r, outcome)
        return outcomes

    def _count(self, result: DocResult, outcome: WriteOutcome) -> None:
        if outcome.status == WRITTEN:
            self.counts.documents += 1
            self.counts.mentions += len(result.mentions)
            self.counts.deals += outcome.deals
            self.counts.reports += outcome.reports
        elif outcome.status == UNCHANGED:
            self.counts.unchanged += 1
        else:
            self.counts.duplicates += 1

    def error(self, err: DocError) -> None:
        """Record a skipped document, or (a warning code) a repair: in run_errors, but not counted as an error."""
        self._errors.append(err)
        if not err.is_warning:
            self.counts.errors += 1

    def close(self, ok: bool = True, status: str | None = None) -> None:
        """Record the run's end (``status`` overrides ok/failed, e.g. ``interrupted``); a failure here
        is reported, never hidden."""
        status = status or ("ok" if ok else "failed")
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        try:
            with self.engine.begin() as conn:
                if self._errors:
                    conn.execute(insert(s.run_errors), [
                        {"run_id": self.run_id, "position": i, "code": e.code.value, "origin": e.origin,
                         "doc_id": e.doc_id, "message": e.message} for i, e in enumerate(self._errors)])
                if self.sources:
                    conn.execute(insert(s.run_sources), [
                        {"run_id": self.run_id, "source": name, **vars(c)} for name, c in self.sources.items()])
                conn.execute(update(s.runs).where(s.runs.c.run_id == self.run_id).values(
                    ended_at=_now(), status=status, message=self.message, **vars(self.counts)))
        except SQLAlchemyError as e:
            raise KdealError(f"cannot record the end of run {self.run_id}: {_first_line(e)}") from e
        finally:
            if self._own_engine:
                self.engine.dispose()
