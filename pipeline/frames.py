"""The tracker database as pandas DataFrames, for researchers.

``load_frames(url, DealFilter(...))`` reads deals, their parties, quantities
and evidence (one row per report, with the reporting document's source), and
the mentions of the matching documents. Filters work on what researchers
ask: a date range (a deal matches when any report of it falls inside), a
company (canonical name, alias or name as written; case-insensitive) and deal
types. ``kdeal export`` writes these same frames, so the CLI and the Python
API cannot disagree.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Iterator

import pandas as pd
from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from kdeal.errors import KdealError
from kdeal.records import DocResult, partner_pairs

from .db import schema as s
from .db.keys import merge_key, published_date

DEAL_COLUMNS = ["deal_id", "type", "status", "side_a", "side_b", "group_label", "group_count", "group_approx",
                "pairs", "period", "subject", "first_doc_id", "first_published", "last_published",
                "reports", "documents", "evidence", "url"]


@dataclass(frozen=True)
class DealFilter:
    """Which deals to read. Empty tuples and None mean "no restriction"."""

    since: date | None = None
    until: date | None = None
    companies: tuple[str, ...] = ()
    types: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise KdealError(f"empty date range: {self.since} is after {self.until}")


@dataclass(frozen=True)
class Frames:
    """One DataFrame per table a researcher needs; ``deals`` has one flat row per deal."""

    deals: pd.DataFrame
    parties: pd.DataFrame
    quantities: pd.DataFrame
    evidence: pd.DataFrame
    mentions: pd.DataFrame = field(default_factory=pd.DataFrame)

    def table(self, name: str) -> pd.DataFrame:
        if name not in ("deals", "parties", "quantities", "evidence", "mentions"):
            raise KdealError(f"unknown table {name!r}")
        return getattr(self, name)


def _read(engine: Engine, query: Any) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _company_names(engine: Engine, companies: tuple[str, ...]) -> list[str]:
    """Canonical names for what the user typed: canonical names, aliases, or party names."""
    wanted = [c.strip().lower() for c in companies if c.strip()]
    if not wanted:
        return []
    q1 = select(s.companies.c.canonical).where(func.lower(s.companies.c.canonical).in_(wanted))
    q2 = select(s.company_aliases.c.canonical).where(func.lower(s.company_aliases.c.alias).in_(wanted))
    q3 = select(s.deal_parties.c.canonical).where(func.lower(s.deal_parties.c.name).in_(wanted))
    with engine.connect() as conn:
        return sorted({r[0] for q in (q1, q2, q3) for r in conn.execute(q)})


def _in_range(value: Any, flt: DealFilter) -> bool:
    day = published_date(value) if isinstance(value, str) else None
    if day is None:
        return flt.since is None and flt.until is None
    return (flt.since is None or day >= flt.since) and (flt.until is None or day <= flt.until)


def _within_dates(frame: pd.DataFrame, flt: DealFilter) -> pd.DataFrame:
    """The rows whose ``published`` falls inside the filter's dates.

    The mask is a boolean Series on the frame's index: a plain list would select
    columns instead of rows when it is empty, losing the table's columns.
    """
    mask = pd.Series([_in_range(p, flt) for p in frame["published"]], index=frame.index, dtype=bool)
    return frame[mask]


def _open(url_or_engine: str | Engine) -> tuple[Engine, bool]:
    if isinstance(url_or_engine, Engine):
        return url_or_engine, False
    from .db.sink import connect

    url = url_or_engine
    if url.startswith("sqlite:///") and ":memory:" not in url:
        path = url[len("sqlite:///"):].split("?", 1)[0]
        if not os.path.isfile(path):
            raise KdealError(f"no tracker database at {path}")
    return connect(url), True


def load_frames(db: str | Engine, flt: DealFilter = DealFilter(), mentions: bool = True) -> Frames:
    """Deals, parties, quantities, evidence and mentions matching ``flt``."""
    engine, own = _open(db)
    try:
        return _load(engine, flt, mentions)
    except SQLAlchemyError as e:
        raise KdealError(f"cannot read the tracker database: {str(e).splitlines()[0]}") from e
    finally:
        if own:
            engine.dispose()


def _load(engine: Engine, flt: DealFilter, with_mentions: bool) -> Frames:
    deal_q = select(s.deals)
    if flt.types:
        deal_q = deal_q.where(s.deals.c.type.in_(flt.types))
    if flt.companies:
        names = _company_names(engine, flt.companies)
        deal_q = deal_q.where(s.deals.c.deal_id.in_(
            select(s.deal_parties.c.deal_id).where(s.deal_parties.c.canonical.in_(names))))
    deals = _read(engine, deal_q.order_by(s.deals.c.deal_id))
    ids = select(s.deals.c.deal_id).where(s.deals.c.deal_id.in_(deal_q.with_only_columns(s.deals.c.deal_id)))
    evidence = _read(engine, select(
        s.deal_evidence.c.deal_id, s.deal_evidence.c.report_id, s.deal_evidence.c.doc_id,
        s.deal_evidence.c.start, s.deal_evidence.c.end, s.deal_evidence.c.sentence,
        s.deal_evidence.c.status, s.documents.c.published, s.documents.c.url, s.documents.c.title,
        s.documents.c.outlet, s.documents.c.run_id, s.documents.c.fetched_at, s.runs.c.model_id,
        s.runs.c.kdeal_version)
        .join(s.documents, s.documents.c.doc_id == s.deal_evidence.c.doc_id)
        .join(s.runs, s.runs.c.run_id == s.documents.c.run_id, isouter=True)
        .where(s.deal_evidence.c.deal_id.in_(ids))
        .order_by(s.deal_evidence.c.deal_id, s.documents.c.published, s.deal_evidence.c.doc_id,
                  s.deal_evidence.c.start))
    if flt.since or flt.until:
        evidence = _within_dates(evidence, flt)
        deals = deals[deals["deal_id"].isin(set(evidence["deal_id"]))]
    keep = set(deals["deal_id"])
    parties = _read(engine, select(s.deal_parties, s.companies.c.code)
                    .join(s.companies, s.companies.c.canonical == s.deal_parties.c.canonical, isouter=True)
                    .where(s.deal_parties.c.deal_id.in_(ids))
                    .order_by(s.deal_parties.c.deal_id, s.deal_parties.c.side, s.deal_parties.c.canonical))
    parties = parties[parties["deal_id"].isin(keep)].reset_index(drop=True)
    quantities = _read(engine, select(s.deal_quantities).where(s.deal_quantities.c.deal_id.in_(ids))
                       .order_by(s.deal_quantities.c.deal_id, s.deal_quantities.c.position))
    quantities = quantities[quantities["deal_id"].isin(keep)].reset_index(drop=True)
    evidence = evidence.reset_index(drop=True)
    mentions = _mentions(engine, flt, set(evidence["doc_id"])) if with_mentions else pd.DataFrame()
    return frames_of_tables(deals.reset_index(drop=True), parties, quantities, evidence, mentions)


def frames_of_tables(deals: pd.DataFrame, parties: pd.DataFrame, quantities: pd.DataFrame,
                     evidence: pd.DataFrame, mentions: pd.DataFrame) -> Frames:
    """Frames from the tracker's tables (``deals`` as in the database, one row per deal)."""
    return Frames(_flatten(deals, parties, evidence), parties, quantities, evidence, mentions)


def _flatten(deals: pd.DataFrame, parties: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """One row per deal: sides joined with '; ', pairs as 'A|B', report counts and dates."""
    rows = []
    by_deal_parties = {k: g for k, g in parties.groupby("deal_id")} if len(parties) else {}
    by_deal_evidence = {k: g for k, g in evidence.groupby("deal_id")} if len(evidence) else {}
    for d in deals.itertuples(index=False):
        ps = by_deal_parties.get(d.deal_id, parties.iloc[0:0])
        ev = by_deal_evidence.get(d.deal_id, evidence.iloc[0:0])
        a = sorted(ps[ps["side"] == "a"]["canonical"])
        b = sorted(ps[ps["side"] == "b"]["canonical"])
        pairs = partner_pairs(a, b, grouped=not (d.group_label is None or pd.isna(d.group_label)))
        dates = sorted(str(p) for p in ev["published"] if isinstance(p, str) and published_date(p))
        rows.append({
            "deal_id": d.deal_id, "type": d.type, "status": d.status, "side_a": "; ".join(a),
            "side_b": "; ".join(b), "group_label": None if pd.isna(d.group_label) else d.group_label,
            "group_count": None if pd.isna(d.group_count) else int(d.group_count),
            "group_approx": None if d.group_approx is None or pd.isna(d.group_approx) else bool(d.group_approx),
            "pairs": "; ".join(f"{x}|{y}" for x, y in pairs), "period": d.period, "subject": d.subject,
            "first_doc_id": d.doc_id, "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None, "reports": len(ev),
            "documents": ev["doc_id"].nunique(),
            "evidence": ev["sentence"].iloc[0] if len(ev) else None,
            "url": ev["url"].iloc[0] if len(ev) else None,
        })
    frame = pd.DataFrame(rows, columns=DEAL_COLUMNS)
    return frame.astype({"group_count": "Int64", "reports": "int64", "documents": "int64"})


def _mentions(engine: Engine, flt: DealFilter, deal_docs: set[str]) -> pd.DataFrame:
    """Mentions in the documents inside the date range, of the wanted companies if any."""
    q = (select(s.mentions, s.documents.c.published, s.documents.c.url)
         .join(s.documents, s.documents.c.doc_id == s.mentions.c.doc_id))
    if flt.companies:
        names = _company_names(engine, flt.companies)
        q = q.where(or_(s.mentions.c.canonical.in_(names), s.mentions.c.text.in_(flt.companies)))
    frame = _read(engine, q.order_by(s.mentions.c.doc_id, s.mentions.c.start, s.mentions.c.end))
    if flt.since or flt.until:
        frame = _within_dates(frame, flt)
    if flt.types:
        frame = frame[frame["doc_id"].isin(deal_docs)]
    return frame.reset_index(drop=True)


def deals_frame(db: str | Engine, flt: DealFilter = DealFilter()) -> pd.DataFrame:
    """One row per deal (see ``DEAL_COLUMNS``)."""
    return load_frames(db, flt, mentions=False).deals


def parties_frame(db: str | Engine, flt: DealFilter = DealFilter()) -> pd.DataFrame:
    """One row per named party of each deal: deal_id, side, canonical, name, kind, code."""
    return load_frames(db, flt, mentions=False).parties


def evidence_frame(db: str | Engine, flt: DealFilter = DealFilter()) -> pd.DataFrame:
    """One row per report of each deal, with the reporting document's url, title, date and outlet."""
    return load_frames(db, flt, mentions=False).evidence


def mentions_frame(db: str | Engine, flt: DealFilter = DealFilter()) -> pd.DataFrame:
    """One row per recognised name in the matching documents."""
    return load_frames(db, flt).mentions


# Columns of the tables as load_frames reads them, for frames built from records in memory.
EVIDENCE_COLUMNS = ["deal_id", "report_id", "doc_id", "start", "end", "sentence", "status", "published", "url",
                    "title", "outlet", "run_id", "fetched_at", "model_id", "kdeal_version"]
PARTY_COLUMNS = [c.name for c in s.deal_parties.c] + ["code"]
QUANTITY_COLUMNS = [c.name for c in s.deal_quantities.c]
MENTION_COLUMNS = [c.name for c in s.mentions.c] + ["published", "url"]
RAW_DEAL_COLUMNS = [c.name for c in s.deals.c]


def _deal_rows(r: DocResult, codes: dict[str, str | None]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for each deal of one document, shaped like the tracker's rows."""
    a = r.article
    for d in r.deals:
        yield "deals", {"deal_id": d.deal_id, "doc_id": d.doc_id, "type": d.type, "status": d.status,
                        "group_label": d.group.label if d.group else None,
                        "group_count": d.group.count if d.group else None,
                        "group_approx": d.group.approx if d.group else None,
                        "period": d.period, "subject": d.subject, "merge_key": merge_key(d)}
        for p in {(p.side, p.canonical): p for p in d.parties}.values():
            yield "parties", {"deal_id": d.deal_id, "side": p.side, "canonical": p.canonical, "name": p.name,
                              "kind": p.kind, "code": codes.get(p.canonical)}
        for i, q in enumerate(d.quantities):
            yield "quantities", {"deal_id": d.deal_id, "position": i, "text": q.text, "value": q.value,
                                 "approx": q.approx, "unit": q.unit, "noun": q.noun}
        yield "evidence", {"deal_id": d.deal_id, "report_id": d.deal_id, "doc_id": d.doc_id,
                           "start": d.evidence.start, "end": d.evidence.end, "sentence": d.evidence.sentence,
                           "status": d.status, "published": a.published, "url": a.url, "title": a.title,
                           "outlet": a.outlet, "run_id": d.provenance.run_id,
                           "fetched_at": d.provenance.fetched_at, "model_id": d.provenance.model_id,
                           "kdeal_version": d.provenance.kdeal_version}


def frames_of_results(results: Iterable[DocResult]) -> Frames:
    """The frames ``load_frames`` gives, from extraction results in memory (``kdeal.to_frames``).

    Each deal is its own single report (nothing is merged across documents, as the
    tracker database does within its time window).
    """
    rows: dict[str, list[dict[str, Any]]] = {"deals": [], "parties": [], "quantities": [], "evidence": [],
                                             "mentions": []}
    for r in results:
        codes = {m.canonical: m.code for m in r.mentions if m.code}
        for table, row in _deal_rows(r, codes):
            rows[table].append(row)
        rows["mentions"].extend({**{k: getattr(m, k) for k in MENTION_COLUMNS[:-2]},
                                 "published": r.article.published, "url": r.article.url} for m in r.mentions)
    sort = {"deals": ["deal_id"], "parties": ["deal_id", "side", "canonical"], "quantities": ["deal_id", "position"],
            "evidence": ["deal_id", "published", "doc_id", "start"], "mentions": ["doc_id", "start", "end"]}
    columns = {"deals": RAW_DEAL_COLUMNS, "parties": PARTY_COLUMNS, "quantities": QUANTITY_COLUMNS,
               "evidence": EVIDENCE_COLUMNS, "mentions": MENTION_COLUMNS}
    tables = {name: pd.DataFrame(rows[name], columns=columns[name])
              .sort_values(sort[name], kind="stable", na_position="first").reset_index(drop=True)
              for name in rows}
    return frames_of_tables(tables["deals"], tables["parties"], tables["quantities"], tables["evidence"],
                            tables["mentions"])
