"""The partner network: who partnered with whom, how often, since when.

From ``Frames`` (the tracker database or extraction results) come two tables that
the graph exports, the HTML report and ``kdeal export --table pairs`` share:

``pair_table``     one row per partner pair (a, b, deals, reports, first, last, types),
                   over the deals that are not negated (a cancelled deal is no partnership);
``company_table``  one row per company in those deals (deals, reports, kind, code).

``partner_graph`` turns them into a networkx ``Graph`` (nodes: companies with their
counts; edges: pairs weighted by reports) for GraphML and GEXF, which Gephi,
Cytoscape and networkx read.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO, Any, Iterator

import pandas as pd

from kdeal.records import partner_pairs

from .db.keys import published_date
from .frames import Frames

PAIR_COLUMNS = ["a", "b", "deals", "reports", "first", "last", "types"]
COMPANY_COLUMNS = ["canonical", "kind", "code", "deals", "reports", "partners"]
GRAPH_FORMATS = ("graphml", "gexf")
NEGATED = "negated"
TYPE_SEPARATOR = "; "


@dataclass(frozen=True)
class DealView:
    """One deal as the network sees it: its named sides, group, report count and dates."""

    deal_id: str
    type: str
    status: str
    side_a: tuple[str, ...]
    side_b: tuple[str, ...]
    grouped: bool
    reports: int
    days: tuple[str, ...] = field(default=())  # report dates, YYYY-MM-DD, sorted

    def pairs(self) -> list[tuple[str, str]]:
        return partner_pairs(list(self.side_a), list(self.side_b), self.grouped)


def _report_days(evidence: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    days: dict[str, list[str]] = defaultdict(list)
    for deal_id, published in zip(evidence["deal_id"], evidence["published"]):
        day = published_date(published) if isinstance(published, str) else None
        if day is not None:
            days[deal_id].append(day.isoformat())
    return {k: tuple(sorted(v)) for k, v in days.items()}


def deal_views(frames: Frames) -> Iterator[DealView]:
    """Every deal of the frames with its sides' canonical names, in the deals frame's order."""
    sides: dict[tuple[str, str], list[str]] = defaultdict(list)
    for deal_id, side, canonical in zip(frames.parties["deal_id"], frames.parties["side"],
                                        frames.parties["canonical"]):
        sides[(deal_id, side)].append(canonical)
    days = _report_days(frames.evidence)
    for d in frames.deals.itertuples(index=False):
        yield DealView(d.deal_id, d.type, d.status, tuple(sorted(sides[(d.deal_id, "a")])),
                       tuple(sorted(sides[(d.deal_id, "b")])), not pd.isna(d.group_label),
                       int(d.reports), days.get(d.deal_id, ()))


def pair_table(frames: Frames) -> pd.DataFrame:
    """One row per partner pair of the deals that are not negated, most reported first."""
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for d in deal_views(frames):
        if d.status == NEGATED:
            continue
        for pair in d.pairs():
            row = acc.setdefault(pair, {"deals": 0, "reports": 0, "days": [], "types": set()})
            row["deals"] += 1
            row["reports"] += d.reports
            row["days"].extend(d.days)
            row["types"].add(d.type)
    rows = [{"a": a, "b": b, "deals": r["deals"], "reports": r["reports"],
             "first": min(r["days"]) if r["days"] else None, "last": max(r["days"]) if r["days"] else None,
             "types": TYPE_SEPARATOR.join(sorted(r["types"]))} for (a, b), r in acc.items()]
    frame = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    frame = frame.sort_values(["reports", "deals", "a", "b"], ascending=[False, False, True, True])
    return frame.reset_index(drop=True).astype({"deals": "int64", "reports": "int64"})


def company_table(frames: Frames) -> pd.DataFrame:
    """One row per named party of the deals that are not negated: deal and report counts, partners."""
    kinds = dict(zip(frames.parties["canonical"], frames.parties["kind"]))
    codes = {c: code for c, code in zip(frames.parties["canonical"], frames.parties["code"])
             if isinstance(code, str)}
    acc: dict[str, dict[str, Any]] = {}
    for d in deal_views(frames):
        if d.status == NEGATED:
            continue
        partners: dict[str, set[str]] = defaultdict(set)
        for a, b in d.pairs():
            partners[a].add(b)
            partners[b].add(a)
        for name in set(d.side_a) | set(d.side_b):
            row = acc.setdefault(name, {"deals": 0, "reports": 0, "partners": set()})
            row["deals"] += 1
            row["reports"] += d.reports
            row["partners"] |= partners[name]
    rows = [{"canonical": name, "kind": kinds.get(name), "code": codes.get(name), "deals": r["deals"],
             "reports": r["reports"], "partners": len(r["partners"])} for name, r in acc.items()]
    frame = pd.DataFrame(rows, columns=COMPANY_COLUMNS)
    frame = frame.sort_values(["deals", "reports", "canonical"], ascending=[False, False, True])
    return frame.reset_index(drop=True).astype({"deals": "int64", "reports": "int64", "partners": "int64"})


def _attrs(row: dict[str, Any]) -> dict[str, Any]:
    """GraphML and GEXF have no null: a missing value is left out."""
    out = {}
    for k, v in row.items():
        if v is None or (isinstance(v, float) and pd.isna(v)):
            continue
        out[k] = v.item() if hasattr(v, "item") else v
    return out


def partner_graph(frames: Frames) -> Any:
    """A networkx Graph: companies (label, kind, code, deals, reports, partners) and pairs
    (deals, reports, first, last, types; ``weight`` = reports)."""
    import networkx as nx

    graph = nx.Graph(name="kdeal partner network")
    for row in company_table(frames).to_dict("records"):
        name = row.pop("canonical")
        graph.add_node(name, label=name, **_attrs(row))
    for row in pair_table(frames).to_dict("records"):
        a, b = row.pop("a"), row.pop("b")
        graph.add_edge(a, b, weight=int(row["reports"]), **_attrs(row))
    return graph


def write_graph(graph: Any, f: IO[bytes], fmt: str) -> None:
    """GraphML or GEXF (1.2) of ``graph`` into a binary file."""
    import networkx as nx

    if fmt == "graphml":
        nx.write_graphml(graph, f, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(graph, f, encoding="utf-8")
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
