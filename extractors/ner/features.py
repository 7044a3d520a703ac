"""Token features for the organisation CRF: the morpheme, its tag, its neighbours and the rules' verdict."""
from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

from spacy.tokens import Doc

from pipeline.records import Mention

from ..kind import COMPANY_HEADS, GOV_SUFFIX, ORG_HEADS, head_of
from ..tokens import TokenArrays, Units, arrays

ORG_KINDS = ("company", "organization")


def _shape(text: str) -> str:
    if text.isdigit():
        return "digit"
    if text.isascii() and text.isalpha():
        return "LATIN" if text.isupper() else ("Latin" if text[0].isupper() else "latin")
    if all("\uac00" <= c <= "\ud7a3" for c in text):
        return "hangul"
    return "other"


def rule_tags(doc: Doc, mentions: Sequence[Mention], arr: TokenArrays | None = None) -> list[str]:
    """Per token: B-/I- plus the layer and kind of the rule mention covering it, or 'O'."""
    a = arr or arrays(doc)
    tags = ["O"] * len(a.texts)
    for m in mentions:
        layer = m.source.split(":", 1)[0]
        for k, i in enumerate(_covered(a, m.start, m.end)):
            tags[i] = f"{'B' if k == 0 else 'I'}-{layer}-{m.kind}"
    return tags


def _covered(a: TokenArrays, s: int, e: int) -> list[int]:
    """Indices of the tokens overlapping chars s..e (whitespace tokens excluded)."""
    texts, starts = a.texts, a.idx
    i = max(0, bisect_right(starts, s) - 1)
    out = []
    while i < len(texts) and starts[i] < e:
        if starts[i] + len(texts[i]) > s and not texts[i].isspace():
            out.append(i)
        i += 1
    return out


def _unit_features(units: Units) -> list[list[str]]:
    """Per token: its place in its word unit, the unit's core, and the particle closing the unit."""
    a = units.arr
    feats: list[list[str]] = [[] for _ in range(len(a.texts))]
    cores = [units.core_text(u) for u in range(len(units))]
    for u in range(len(units)):
        s, e = units.spans[u]
        ce = units.core(u)[1]
        core = cores[u]
        tail = "".join(a.texts[ce:e]) or "-"
        prev_core = cores[u - 1] if u > 0 else "^"
        next_core = cores[u + 1] if u + 1 < len(cores) else "$"
        shared = [f"utail={tail}", f"uprev={prev_core}", f"unext={next_core}", f"unext1={next_core[:1]}",
                  f"uprevs1={prev_core[-1:]}"]
        in_core = [f"ucore={core}", f"ucs2={core[-2:]}", f"ucs1={core[-1:]}", f"ucp1={core[:1]}",
                   f"ulen={min(len(core), 8)}", "incore=1"]
        for i in range(s, e):
            pos = "S" if e - s == 1 else ("B" if i == s else ("L" if i == e - 1 else "I"))
            feats[i] = [f"upos={pos}", *shared, *(in_core if i < ce else ("incore=0",))]
    return feats


def token_features(doc: Doc, mentions: Sequence[Mention], units: Units | None = None) -> list[list[str]]:
    units = units or Units(doc)
    a = units.arr
    rules = rule_tags(doc, mentions, a)
    unit_feats = _unit_features(units)
    texts, tags, full, ws = a.texts, a.first_tags, a.tags, a.ws
    out: list[list[str]] = []
    n = len(texts)
    for i in range(n):
        w = texts[i]
        f = [
            "bias", f"w={w}", f"t={tags[i]}", f"tt={full[i]}", f"s1={w[-1:]}", f"s2={w[-2:]}", f"p1={w[:1]}",
            f"p2={w[:2]}", f"len={min(len(w), 6)}", f"shape={_shape(w)}", f"r={rules[i]}",
            f"sp={'1' if ws[i] else '0'}", f"spb={'1' if i and ws[i - 1] else '0'}",
        ]
        if head_of(w, COMPANY_HEADS) or w in COMPANY_HEADS:
            f.append("chead")
        if head_of(w, ORG_HEADS) or w in ORG_HEADS:
            f.append("ohead")
        if len(w) >= 2 and w.endswith(GOV_SUFFIX):
            f.append(f"gov={w[-1]}")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.append(f"{d}:t={tags[j]}")
                f.append(f"{d}:r={rules[j][:1]}")
                if abs(d) == 1:
                    f.append(f"{d}:w={texts[j]}")
                    f.append(f"{d}:t|t={tags[j]}|{tags[i]}")
            else:
                f.append(f"{d}:edge")
        f += unit_feats[i]
        out.append(f)
    return out


def bio_labels(doc: Doc, spans: Sequence[tuple[int, int]]) -> list[str]:
    """Gold char spans to token BIO labels (a token overlapping a span belongs to it)."""
    labels = ["O"] * len(doc)
    a = arrays(doc)
    for s, e in sorted(spans):
        for k, i in enumerate(_covered(a, s, e)):
            labels[i] = "B-OG" if k == 0 else "I-OG"
    return labels


def spans_from_labels(doc: Doc, labels: Sequence[str], arr: TokenArrays | None = None) -> list[tuple[int, int]]:
    """Token BIO labels back to char spans."""
    spans: list[tuple[int, int]] = []
    start = end = None
    a = arr or arrays(doc)
    for i, lab in enumerate(labels):
        if lab == "B-OG" or (lab == "I-OG" and start is None):
            if start is not None:
                spans.append((start, end))
            start, end = a.idx[i], a.idx[i] + len(a.texts[i])
        elif lab == "I-OG":
            end = a.idx[i] + len(a.texts[i])
        else:
            if start is not None:
                spans.append((start, end))
            start = None
    if start is not None:
        spans.append((start, end))
    return spans
