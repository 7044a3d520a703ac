"""``kdeal export``: the tracker database as JSONL, CSV or Parquet files for researchers.

JSONL has one nested object per deal (parties, group, quantities, and every
report with its evidence sentence and source), close to the deals.jsonl
contract. CSV and Parquet write one flat table (``deals`` by default, or
``parties``, ``quantities``, ``evidence``, ``mentions``). The file appears
atomically: a failed export leaves an earlier file at PATH untouched.
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

from .frames import DealFilter, Frames, load_frames

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("deals", "parties", "quantities", "evidence", "mentions")


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    format: str
    table: str
    rows: int

    def line(self) -> str:
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


def deal_objects(frames: Frames) -> list[dict[str, Any]]:
    """One nested object per deal, reports in date order."""
    parties = {k: g for k, g in frames.parties.groupby("deal_id")} if len(frames.parties) else {}
    quantities = {k: g for k, g in frames.quantities.groupby("deal_id")} if len(frames.quantities) else {}
    evidence = {k: g for k, g in frames.evidence.groupby("deal_id")} if len(frames.evidence) else {}
    out = []
    for d in frames.deals.to_dict("records"):
        did = d["deal_id"]
        group = None
        if _clean(d["group_label"]) is not None:
            group = {"label": d["group_label"], "count": _clean(d["group_count"]),
                     "approx": _clean(d["group_approx"])}
        out.append({
            "deal_id": did, "type": d["type"], "status": d["status"],
            "parties": [{"name": p["name"], "canonical": p["canonical"], "kind": p["kind"], "side": p["side"],
                         "code": _clean(p["code"])}
                        for p in parties[did].to_dict("records")] if did in parties else [],
            "group": group,
            "quantities": [{"text": q["text"], "value": _clean(q["value"]), "approx": bool(q["approx"]),
                            "unit": _clean(q["unit"]), "noun": _clean(q["noun"])}
                           for q in quantities[did].to_dict("records")] if did in quantities else [],
            "period": _clean(d["period"]), "subject": _clean(d["subject"]),
            "reports": [{"report_id": _clean(e["report_id"]), "doc_id": e["doc_id"], "status": _clean(e["status"]),
                         "evidence": {"sentence": e["sentence"], "start": _clean(e["start"]), "end": _clean(e["end"])},
                         "source": {"url": _clean(e["url"]), "title": _clean(e["title"]),
                                    "published": _clean(e["published"]), "outlet": _clean(e["outlet"])}}
                        for e in evidence[did].to_dict("records")] if did in evidence else [],
        })
    return out


def _atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
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
           table: str = "deals") -> ExportSummary:
    """Write the deals matching ``flt`` (or another table, for csv/parquet) to ``out``."""
    if fmt not in FORMATS:
        raise KdealError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise KdealError(f"unknown table {table!r}; use one of {', '.join(TABLES)}")
    if fmt == "jsonl" and table != "deals":
        raise KdealError("JSONL export is one nested object per deal; use csv or parquet for other tables")
    path = Path(out)
    frames = load_frames(db_url, flt, mentions=(table == "mentions"))
    if fmt == "jsonl":
        objs = deal_objects(frames)

        def write(f: IO[bytes]) -> None:
            for o in objs:
                f.write((json.dumps(o, ensure_ascii=False) + "\n").encode("utf-8"))

        _atomic_write(path, write)
        return ExportSummary(path, fmt, table, len(objs))
    frame = frames.table(table)
    if fmt == "csv":
        _atomic_write(path, lambda f: f.write(frame.to_csv(index=False).encode("utf-8")))
    else:
        _atomic_write(path, lambda f: frame.to_parquet(f, index=False, engine="pyarrow"))
    return ExportSummary(path, fmt, table, len(frame))
