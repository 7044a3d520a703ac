"""Canonical layer: one name per company, whatever the spelling in the text.

- legal forms and quotes are dropped and spacing is joined ("(주) 누리 이앤엠" -> "누리이앤엠");
- a known alias or listed name maps to its gazetteer canonical (and its KRX code);
- in "가온, 다솜 백화점" the head written once belongs to both names: "가온"
  becomes "가온백화점" when that name occurs in the document or the gazetteer;
- a near-miss spelling, used once, one syllable different from a name seen
  in the same document with the same head, is read as that name: a typo, not
  a new company. Near misses of gazetteer names alone are not mapped: small
  companies are often one syllable away from a listed one ("누리바이오" is not
  a typo of a listed "우리바이오"); ``Gazetteer.near`` is there for callers
  that have more context.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from kdeal.records import Mention

from .gazetteer import Gazetteer
from .kind import COMPANY_HEADS, ORG_HEADS, company_head, head_of
from .normalise import normalise


def one_edit_apart(a: str, b: str) -> bool:
    """Same length, exactly one syllable different."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def _same_head(a: str, b: str) -> bool:
    return company_head(a) == company_head(b) and head_of(a, ORG_HEADS) == head_of(b, ORG_HEADS)


class CanonicalLayer:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def __call__(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        out = [self._base(m) for m in mentions]
        out = self._shared_heads(text, out)
        return self._near_misses(out)

    def _base(self, m: Mention) -> Mention:
        canon = normalise(m.canonical or m.text) or m.text
        entry = self.gazetteer.get(canon)
        if entry is not None:
            return replace(m, canonical=entry.canonical, code=entry.code or m.code)
        return replace(m, canonical=canon)

    def _with_code(self, m: Mention, canonical: str) -> Mention:
        entry = self.gazetteer.get(canonical)
        return replace(m, canonical=entry.canonical if entry else canonical,
                       code=(entry.code if entry else None) or m.code)

    def _shared_heads(self, text: str, ms: list[Mention]) -> list[Mention]:
        names = {m.canonical for m in ms}
        for i in range(len(ms) - 1):
            m, n = ms[i], ms[i + 1]
            if text[m.end:n.start] not in (", ", ",", "· ", "·", "과 ", "와 "):
                continue
            parts = n.text.split()
            if len(parts) < 2 or company_head(m.canonical) or head_of(m.canonical, ORG_HEADS):
                continue
            head = parts[-1]
            if head not in COMPANY_HEADS and head not in ORG_HEADS:
                continue
            joined = m.canonical + head
            if joined in names or joined in self.gazetteer:
                ms[i] = self._with_code(m, joined)
        return ms

    def _near_misses(self, ms: list[Mention]) -> list[Mention]:
        seen = {m.canonical for m in ms if m.kind in ("company", "organization")}
        out = []
        for m in ms:
            name = m.canonical
            if m.kind != "company" or name in self.gazetteer or len(name) < 4:
                out.append(m)
                continue
            in_doc = [n for n in seen if n != name and one_edit_apart(name, n) and _same_head(name, n)]
            # Only a spelling seen once can be a typo of a name the document uses more often.
            if len(in_doc) == 1 and sum(1 for x in ms if x.canonical == name) == 1:
                out.append(self._with_code(m, in_doc[0]))
                continue
            out.append(m)
        return out
