"""What the deal-grammar tests compare: one ``kdeal.extract`` call per invented text, as plain facts.

The grammar tests (``test_deal_grammar*.py``) set what a Korean reader takes from a
sentence beside what kdeal reads from it: the exact partner pairs, and where a case
says so the counted groups with the named side facing them, the type and status of
the deal that carries the pairs, the pairs of negated deals, the number of deals a
headline and its body give. Comparing one dict of facts shows every difference in
one assertion message.

Names are compared without spaces because canonical names drop them
('하이델 오토모티브' is '하이델오토모티브'). Every sentence and name in the grammar tests
is invented for them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import kdeal

from kdeal.records import Deal

Pair = tuple[str, str]
NEGATED = "negated"


@dataclass(frozen=True)
class GroupDeal:
    """A group deal: the named parties of side ``a`` facing a counted, unnamed group."""

    side_a: tuple[str, ...]
    label: str
    count: int
    approx: bool = False


@dataclass(frozen=True)
class Case:
    """One invented text and what it reports; ``None`` or empty fields are not checked."""

    name: str
    text: str
    pairs: tuple[Pair, ...] = ()
    groups: tuple[GroupDeal, ...] | None = None
    type: str | None = None
    status: str | None = None
    negated: tuple[Pair, ...] = ()
    one_deal: bool = False

    def facts(self) -> dict[str, Any]:
        out: dict[str, Any] = {"pairs": pair_set(self.pairs)}
        if self.groups is not None:
            out["groups"] = {_group_key(g) for g in self.groups}
        if self.type is not None:
            out["types"] = {self.type}
        if self.status is not None:
            out["statuses"] = {self.status}
        if self.negated:
            out["negated"] = pair_set(self.negated)
        if self.one_deal:
            out["deals carrying the pairs"] = 1
        return out


def key(name: str) -> str:
    return name.replace(" ", "")


def pair_set(pairs: tuple[Pair, ...] | list[Pair]) -> set[Pair]:
    return {(a, b) if a < b else (b, a) for a, b in ((key(x), key(y)) for x, y in pairs)}


def _group_key(g: GroupDeal) -> GroupDeal:
    return GroupDeal(tuple(sorted(key(n) for n in g.side_a)), g.label, g.count, g.approx)


@lru_cache(maxsize=None)
def deals_of(text: str) -> tuple[Deal, ...]:
    return kdeal.extract(text)[0].deals


def _carrying(deals: tuple[Deal, ...], wanted: set[Pair]) -> list[Deal]:
    """Deals that carry one of the wanted pairs; with none wanted, every deal (a group deal, say)."""
    return [d for d in deals if not wanted or pair_set(d.pairs()) & wanted]


def observed(case: Case) -> dict[str, Any]:
    """The facts kdeal reads from ``case.text``, with the keys that ``case.facts()`` has."""
    deals = deals_of(case.text)
    live = tuple(d for d in deals if d.status != NEGATED)
    wanted = pair_set(case.pairs)
    out: dict[str, Any] = {"pairs": {p for d in live for p in pair_set(d.pairs())}}
    if case.groups is not None:
        out["groups"] = {GroupDeal(tuple(sorted(key(p.canonical) for p in d.side("a"))), d.group.label,
                                   d.group.count, d.group.approx) for d in live if d.group is not None}
    if case.type is not None:
        out["types"] = {d.type for d in _carrying(live, wanted)}
    if case.status is not None:
        out["statuses"] = {d.status for d in _carrying(deals, wanted)}
    if case.negated:
        out["negated"] = {p for d in deals if d.status == NEGATED for p in pair_set(d.pairs())}
    if case.one_deal:
        out["deals carrying the pairs"] = len(_carrying(deals, wanted))
    return out


def case_id(case: Case) -> str:
    return case.name
