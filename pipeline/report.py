"""``kdeal report``: one self-contained, offline HTML page to look at the deals.

The page has the partner network (companies sized by deals, pairs weighted by
reports and coloured by deal type, counted groups as hubs: "하람전자 — 15개
협력사"), filters by type, status and date, and an evidence review in which
every report's sentence shows its parties, group and quantities highlighted
(like spaCy's displacy) with a link to its source. Clicking a company, a pair
or a hub lists its deals.

Everything the page needs is inside the file: the data as JSON, the vendored
D3 (``data/report``, ISC licence), the page's own script and styles. A
Content-Security-Policy forbids every fetch, so the page works offline and
cannot leak what a researcher is looking at. Data reaches the page only through
``textContent`` and SVG attributes, never as HTML, and only http(s) URLs
become links.

The input is ``Frames`` (``pipeline.frames``): from the tracker database
(``load_frames``) or from an extract output folder (``frames_of_output``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import pandas as pd

from kdeal import __version__
from kdeal.errors import DocError, ErrorCode, KdealError
from kdeal.records import DEAL_STATUSES, DEAL_TYPES, Article, Deal, DocResult

from .frames import DealFilter, Frames, frames_of_results, load_frames
from .network import NEGATED, company_table, deal_views
from .options import DEFAULT_MAX_NODES, DEFAULT_REPORT_TITLE

ASSETS = Path(__file__).resolve().parent / "data" / "report"
# Tableau 10 and 10 more distinct hues: one per deal type, in the order types are defined.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f", "#393b79",
           "#637939", "#8c6d31", "#843c39", "#7b4173")
DEFAULT_PAGE_SIZE = 50
PARTY_LABELS = {"a": "A", "b": "B"}
GROUP_LABEL, QUANTITY_LABEL = "GROUP", "QTY"
_SAFE_URL = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class ReportOptions:
    """What the page shows: its title, the most companies the graph draws at once, cards per page."""

    title: str = DEFAULT_REPORT_TITLE
    max_nodes: int = DEFAULT_MAX_NODES
    page_size: int = DEFAULT_PAGE_SIZE


@dataclass(frozen=True)
class Mark:
    """A highlighted span of an evidence sentence: a party (A/B), the group, a quantity."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    deals: int
    companies: int
    errors: tuple[DocError, ...] = ()

    def line(self) -> str:
        skipped = f", {len(self.errors)} lines skipped" if self.errors else ""
        return f"wrote {self.path}: {self.deals} deals, {self.companies} companies{skipped}"


def evidence_marks(sentence: str, targets: list[tuple[str, str]]) -> list[Mark]:
    """Every occurrence of each (text, label) in the sentence; longer spans win overlaps."""
    found = []
    for text, label in targets:
        if not text:
            continue
        start = sentence.find(text)
        while start >= 0:
            found.append(Mark(start, start + len(text), label))
            start = sentence.find(text, start + len(text))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mark] = []
    for m in found:
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def _records(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    return {k: g.to_dict("records") for k, g in frame.groupby("deal_id")} if len(frame) else {}


def _clean(v: Any) -> Any:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return None
    return v.item() if hasattr(v, "item") else v


def group_text(label: str, count: int | None, approx: bool) -> str:
    """"15개 협력사", "10여 개 회원사", or the label alone when no count is given."""
    if count is None:
        return label
    return f"{count}여 개 {label}" if approx else f"{count}개 {label}"


def _is_group(q: dict[str, Any], group: dict[str, Any] | None) -> bool:
    """The quantity that counts the deal's group ("23개 회원사"), not another count of the same noun."""
    return bool(group) and _clean(q["noun"]) == group["label"] and (
        group["count"] is None or _clean(q["value"]) == group["count"])


def _targets(parties: list[dict[str, Any]], quantities: list[dict[str, Any]],
             group: dict[str, Any] | None) -> list[tuple[str, str]]:
    targets: list[tuple[str, str]] = []
    for p in parties:
        label = PARTY_LABELS.get(p["side"], p["side"])
        targets += [(p["name"], label), (p["canonical"], label)]
    counted = [q for q in quantities if _is_group(q, group)]
    targets += [(q["text"], GROUP_LABEL if q in counted else QUANTITY_LABEL) for q in quantities]
    if group and not counted:
        targets.append((group["label"], GROUP_LABEL))
    return targets


def _report_json(e: dict[str, Any], targets: list[tuple[str, str]]) -> dict[str, Any]:
    url = _clean(e["url"])
    return {"sentence": e["sentence"], "marks": [[m.start, m.end, m.label] for m in evidence_marks(e["sentence"], targets)],
            "url": url if isinstance(url, str) and _SAFE_URL.match(url) else None,
            "title": _clean(e["title"]), "outlet": _clean(e["outlet"]), "published": _clean(e["published"]),
            "doc_id": e["doc_id"]}


def _ordered(present: set[str], defined: tuple[str, ...]) -> list[str]:
    """Defined values first, in their defined order, then any others the data holds."""
    return [t for t in defined if t in present] + sorted(present - set(defined))


def report_data(frames: Frames, origin: str, options: ReportOptions = ReportOptions()) -> dict[str, Any]:
    """The JSON the page reads: companies, deals (sides as company indexes, pairs, reports
    with their marks), the types with their colours, statuses and the page's settings."""
    companies = company_table(frames)
    names = list(companies["canonical"])
    negated_only = sorted(set(frames.parties["canonical"]) - set(names))
    names += negated_only  # parties of withdrawn deals: in the evidence, never in the graph
    index = {n: i for i, n in enumerate(names)}
    kinds = dict(zip(frames.parties["canonical"], frames.parties["kind"]))
    parties, quantities, evidence = _records(frames.parties), _records(frames.quantities), _records(frames.evidence)
    groups = {d.deal_id: (d.group_label, d.group_count, d.group_approx) for d in frames.deals.itertuples()}
    deals = []
    for v in deal_views(frames):
        label, count, approx = groups[v.deal_id]
        group = None
        if _clean(label) is not None:
            group = {"label": label, "count": _clean(count), "approx": bool(_clean(approx)),
                     "text": group_text(label, _clean(count), bool(_clean(approx)))}
        targets = _targets(parties.get(v.deal_id, []), quantities.get(v.deal_id, []), group)
        deals.append({"id": v.deal_id, "type": v.type, "status": v.status,
                      "a": [index[n] for n in v.side_a], "b": [index[n] for n in v.side_b],
                      "pairs": [[index[x], index[y]] for x, y in v.pairs()] if v.status != NEGATED else [],
                      "group": group, "days": list(v.days),
                      "reports": [_report_json(e, targets) for e in evidence.get(v.deal_id, [])]})
    types = _ordered({d["type"] for d in deals}, DEAL_TYPES)
    defined = {t: i for i, t in enumerate(DEAL_TYPES)}  # a type keeps its colour across reports
    colours = {t: PALETTE[defined.get(t, len(DEAL_TYPES) + i) % len(PALETTE)] for i, t in enumerate(types)}
    return {
        "title": options.title, "origin": origin, "kdeal_version": __version__,
        "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "companies": [{"name": n, "kind": _clean(kinds.get(n))} for n in names],
        "deals": deals,
        "types": [{"name": t, "color": colours[t]} for t in types],
        "statuses": _ordered({d["status"] for d in deals} | set(DEAL_STATUSES), DEAL_STATUSES),
        "hidden_statuses": [NEGATED],
        "max_nodes": options.max_nodes, "page_size": options.page_size,
    }


def _script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the data says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_report(data: dict[str, Any]) -> str:
    """The whole page as one HTML string."""
    template = (ASSETS / "report.html").read_text(encoding="utf-8")
    parts = {
        "TITLE": _html_escape(data["title"]),
        "STYLE": (ASSETS / "report.css").read_text(encoding="utf-8"),
        "D3": (ASSETS / "d3.v7.min.js").read_text(encoding="utf-8"),
        "SCRIPT": (ASSETS / "report.js").read_text(encoding="utf-8"),
        "DATA": _script_json(data),
    }
    return re.sub(r"/\*@(TITLE|STYLE|D3|SCRIPT|DATA)@\*/", lambda m: parts[m.group(1)], template)


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _output_lines(path: Path) -> Iterator[tuple[int, Any]]:
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                yield n, line


def frames_of_output(folder: str | Path) -> tuple[Frames, tuple[DocError, ...]]:
    """Frames of an extract output folder (its deals.jsonl); a line that is not a deal
    record of this kdeal version is skipped and returned as an error."""
    from kdeal.schema import from_json

    path = Path(folder) / "deals.jsonl"
    if not path.is_file():
        raise KdealError(f"{folder} is not an extract output folder (no deals.jsonl in it)")
    by_doc: dict[str, list[Deal]] = {}
    errors: list[DocError] = []
    for n, line in _output_lines(path):
        try:
            deal = from_json(Deal, json.loads(line))
        except ValueError as e:  # json.JSONDecodeError is a ValueError too
            errors.append(DocError(ErrorCode.INVALID_RECORD, f"{path}#{n}", str(e)))
            continue
        by_doc.setdefault(deal.doc_id, []).append(deal)
    results = [DocResult(article=Article(doc_id, "", url=ds[0].source.url, title=ds[0].source.title,
                                         published=ds[0].source.published, outlet=ds[0].source.outlet),
                         deals=tuple(ds)) for doc_id, ds in by_doc.items()]
    return frames_of_results(results), tuple(errors)


def _origin(source: str) -> str:
    """The input as the page names it: a database URL without its password."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", source)


def build_report(source: str, out: str | Path, flt: DealFilter = DealFilter(),
                 options: ReportOptions = ReportOptions()) -> ReportSummary:
    """Write the report of a tracker database URL or an extract output folder to ``out``."""
    from .export import atomic_write

    errors: tuple[DocError, ...] = ()
    if "://" in source:
        frames = load_frames(source, flt, mentions=False)
    else:
        if flt != DealFilter():
            raise KdealError("filters (--since, --until, --company, --type) need --db; "
                             "the page itself filters by type, status and date")
        frames, errors = frames_of_output(source)
    data = report_data(frames, _origin(source), options)
    html = render_report(data)
    path = Path(out)
    atomic_write(path, lambda f: f.write(html.encode("utf-8")))
    return ReportSummary(path, len(data["deals"]), len(data["companies"]), errors)
