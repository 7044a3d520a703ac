"""Deal counts: "협업이 100여 건", "상생협력 성과도 146건" — how many deals, with no parties.

A count of 건 is a deal count when a deal predicate governs it in the same
clause: the predicate noun before the number ("협업 성과가 87건"), right after it
("146건의 계약"), or inside the counted noun ("30건의 업무협약").
"""
from __future__ import annotations

import re

from kdeal.records import Quantity

from .deal_types import PREDICATES, Trigger
from .frames import Relation

# How far before a count its predicate noun may stand, and how far after (characters).
BEFORE_WINDOW = 40
AFTER_WINDOW = 12
_DEAL_NOUN = re.compile("|".join(p for _t, p in PREDICATES))
_CLAUSE_END = re.compile(r"[.;]")


def deal_counts(text: str, quantities: list[Quantity], triggers: list[Trigger]) -> list[Relation]:
    """One party-less relation per count of deals in the sentence."""
    out = []
    for q in quantities:
        if q.unit != "건" or (q.noun and not _DEAL_NOUN.search(q.noun)):
            continue
        near = [t for t in triggers if q.start - BEFORE_WINDOW <= t.end <= q.start
                and not _CLAUSE_END.search(text[t.end:q.start])]
        near += [t for t in triggers if q.end <= t.start <= q.end + AFTER_WINDOW]
        if q.noun:
            near += [t for t in triggers if q.start <= t.start < q.end]
        if not near:
            continue
        if all(t.end <= q.start for t in near):
            trig = max(near, key=lambda t: t.start)
        else:
            trig = min(near, key=lambda t: abs(t.start - q.end))
        out.append(Relation((), (), trig, count=q, rule="count"))
    return out
