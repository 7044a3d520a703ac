"""``kdeal export``: the tracker database as JSONL, CSV, Parquet, GraphML or GEXF files.

JSONL has one nested object per deal (parties, group, quantities, and every
report with its evidence sentence, source and provenance; ``kdeal schema export``).
CSV and Parquet write one flat table (``deals`` by default, or ``parties``,
``quantities``, ``evidence``, ``mentions``, the weighted edge table ``pairs`` or
the node table ``companies``). GraphML and GEXF write the partner network
(``pipeline.network``). The file appears atomically: a failed export leaves an
earlier file at PATH untouched.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable

import pandas as pd

from kdeal.errors import KdealError

from kdeal.records import (
    Evidence,
    Group,
    Report,
    Source,
    TrackedDeal,
    TrackedParty,
    TrackedQuantity,
)

from .frames import DealFilter, Frames, load_frames
from .network import GRAPH_FORMATS, company_table, pair_table, partner_graph, write_graph
from .sinks.files import EXCEL_CSV_ENCODING

FORMATS = ("jsonl", "csv", "parquet", *GRAPH_FORMATS)
TABLES = ("deals", "parties", "quantities", "evidence", "mentions", "pairs", "companies")
DERIVED_TABLES = {"pairs": pair_table, "companies": company_table}


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    format: str
    table: str
    rows: int
    edges: int = 0

    def line(self) -> str:
        if self.format in GRAPH_FORMATS:
            return f"wrote {self.rows} companies and {self.edges} partner pairs to {self.path} ({self.format})"
        what = "deals" if self.format == "jsonl" else f"{self.table} rows"
        return f"wrote {self.rows} {what} to {self.path} ({self.format})"


def _clean(v: Any) -> Any:
    """JSON has no NaN: missing values become null, numpy scalars plain Python values."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _group(d: dict[str, Any]) -> Group | None:
    if _clean(d["group_label"]) is None:
        return None
    return Group(d["group_label"], _clean(d["group_count"]), bool(_clean(d["group_approx"])))


def _report(e: dict[str, Any]) -> Report:
    return Report(
        report_id=_clean(e["report_id"]), doc_id=e["doc_id"], status=_clean(e["status"]),
        evidence=Evidence(e["sentence"], _clean(e["start"]), _clean(e["end"])),
        source=Source(url=_clean(e["url"]), title=_clean(e["title"]), published=_clean(e["published"]),
                      outlet=_clean(e["outlet"])),
        run_id=_clean(e["run_id"]), fetched_at=_clean(e["fetched_at"]), model_id=_clean(e["model_id"]),
        kdeal_version=_clean(e["kdeal_version"]))


def tracked_deals(frames: Frames) -> list[TrackedDeal]:
    """One record per deal, reports in date order (``kdeal schema export``)."""
    def by_deal(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
        return {k: g.to_dict("records") for k, g in frame.groupby("deal_id")} if len(frame) else {}

    parties, quantities, evidence = by_deal(frames.parties), by_deal(frames.quantities), by_deal(frames.evidence)
    out = []
    for d in frames.deals.to_dict("records"):
        did = d["deal_id"]
        out.append(TrackedDeal(
            deal_id=did, type=d["type"], status=d["status"],
            parties=tuple(TrackedParty(p["name"], p["canonical"], p["kind"], p["side"], _clean(p["code"]))
                          for p in parties.get(did, [])),
            group=_group(d),
            quantities=tuple(TrackedQuantity(q["text"], _clean(q["value"]), bool(q["approx"]), _clean(q["unit"]),
                                             _clean(q["noun"])) for q in quantities.get(did, [])),
            period=_clean(d["period"]), subject=_clean(d["subject"]),
            reports=tuple(_report(e) for e in evidence.get(did, []))))
    return out


def deal_objects(frames: Frames) -> list[dict[str, Any]]:
    """One nested JSON object per deal, reports in date order."""
    return [t.to_json() for t in tracked_deals(frames)]


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise KdealError(f"cannot write {path}: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def export(db_url: str, out: str | os.PathLike[str], fmt: str = "jsonl", flt: DealFilter = DealFilter(),
           table: str = "deals", bom: bool = False) -> ExportSummary:
    """Write the deals matching ``flt`` (or another table, for csv/parquet; or the partner
    network, for graphml/gexf) to ``out``. ``bom``: CSV with a UTF-8 byte-order mark (Excel)."""
    if fmt not in FORMATS:
        raise KdealError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise KdealError(f"unknown table {table!r}; use one of {', '.join(TABLES)}")
    if fmt == "jsonl" and table != "deals":
        raise KdealError("JSONL export is one nested object per deal; use csv or parquet for other tables")
    if bom and fmt != "csv":
        raise KdealError("--bom applies to CSV only")
    path = Path(out)
    frames = load_frames(db_url, flt, mentions=(table == "mentions"))
    if fmt in GRAPH_FORMATS:
        graph = partner_graph(frames)
        atomic_write(path, lambda f: write_graph(graph, f, fmt))
        return ExportSummary(path, fmt, "network", graph.number_of_nodes(), graph.number_of_edges())
    if fmt == "jsonl":
        objs = deal_objects(frames)

        def write(f: IO[bytes]) -> None:
            for o in objs:
                f.write((json.dumps(o, ensure_ascii=False) + "\n").encode("utf-8"))

        atomic_write(path, write)
        return ExportSummary(path, fmt, table, len(objs))
    frame = DERIVED_TABLES[table](frames) if table in DERIVED_TABLES else frames.table(table)
    if fmt == "csv":
        encoding = EXCEL_CSV_ENCODING if bom else "utf-8"
        atomic_write(path, lambda f: f.write(frame.to_csv(index=False).encode(encoding)))
    else:
        atomic_write(path, lambda f: frame.to_parquet(f, index=False, engine="pyarrow"))
    return ExportSummary(path, fmt, table, len(frame))
