"""Body-text quality: token F1 of a parsed body against an expected body.

The expected bodies are the outputs that other extraction projects ship
beside the same pages (fundus JSON, goose3 JSON, article-extraction-benchmark
ground truth). They only measure the parser; nothing in the parser reads them.
Tokens are runs of word characters, counted as a multiset, so punctuation and
whitespace differences between projects do not count as errors.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def token_f1(predicted: str, expected: str) -> Score:
    p, e = tokens(predicted), tokens(expected)
    if not p and not e:
        return Score(1.0, 1.0, 1.0)
    overlap = sum((p & e).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(e.values()) if e else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


@dataclass(frozen=True)
class ExpectedBody:
    """A page and the body text another project's test suite expects for it."""

    page: Path
    body: str
    url: str | None
    source: str


def _fundus_body(entry: dict) -> str:
    body = entry.get("body") or {}
    parts: list[str] = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    return "\n\n".join(parts)


# fundus keeps one JSON per outlet and commit with entries V1, V2 ...; the page
# each entry belongs to is named in the fundus test layout and is listed here.
_FUNDUS = {
    "fundus__HankookIlbo.json": {"V1": "fundus__HankookIlbo_2025_05_15.html",
                                 "V2": "fundus__HankookIlbo_2026_01_29.html",
                                 "V3": "fundus__HankookIlbo_2026_07_12.html"},
    "fundus__MBN.json": {"V1": "fundus__MBN_2025_06_03.html"},
    "fundus__MBN@59230b6.json": {"V1": "fundus__MBN_2025_05_29.html"},
    "fundus__MBN@fd41404.json": {"V1": "fundus__MBN_2025_05_28.html"},
}


def expected_bodies(folder: str | Path) -> list[ExpectedBody]:
    """Every page in ``folder`` that has an expected body beside it."""
    folder = Path(folder)
    out: list[ExpectedBody] = []
    for json_name, entries in _FUNDUS.items():
        path = folder / json_name
        if not path.exists():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, page in entries.items():
            if key in data and (folder / page).exists():
                out.append(ExpectedBody(folder / page, _fundus_body(data[key]), None, "fundus"))
    for path in sorted(folder.glob("goose3__*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        page = path.with_suffix(".html")
        if page.exists():
            out.append(ExpectedBody(page, data["expected"]["cleaned_text"], data.get("url"), "goose3"))
    for path in sorted(folder.glob("article-extraction-benchmark__ground-truth*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for digest, entry in sorted(data.items()):
            page = folder / f"article-extraction-benchmark__{digest}.html"
            if page.exists():
                out.append(ExpectedBody(page, entry["articleBody"], entry.get("url"),
                                        "article-extraction-benchmark"))
    return out
