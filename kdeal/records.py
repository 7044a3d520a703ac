"""Records that flow between the stages.

Every stage hands the next one frozen dataclasses, never loose dicts, so that a
stage cannot silently change what an earlier one produced and every value can
be traced back to character offsets in the text it came from. Offsets are
Python ``str`` indices (code points) into ``Article.text``.

The ``to_json`` methods are the serialisation of the output contract in
DESIGN.md; every sink (JSONL, CSV, SQL, Parquet) starts from them or from the
fields directly, so the contract lives in one place.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

MENTION_KINDS = ("company", "organization", "product", "person", "place")
SIDES = ("a", "b")


@dataclass(frozen=True)
class Article:
    """A document ready for segmentation: its text and where it came from.

    ``origin`` names the input it was read from (a path, ``path#line``, a URL
    or a WARC record) so an error or a record can be traced to its bytes.
    """

    doc_id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None
    origin: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "outlet": self.outlet,
            "text": self.text,
        }


@dataclass(frozen=True)
class Mention:
    """A recognised name: a company, organisation, product, person or place.

    ``source`` names the recogniser layer that found it (gazetteer, form,
    context, model ...) so precision problems can be traced to a layer.
    """

    doc_id: str
    start: int
    end: int
    text: str
    canonical: str
    kind: str
    code: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if self.kind not in MENTION_KINDS:
            raise ValueError(f"unknown mention kind {self.kind!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")

    @property
    def is_org(self) -> bool:
        """Companies and organisations are the names that can be deal parties."""
        return self.kind in ("company", "organization")

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "canonical": self.canonical,
            "kind": self.kind,
            "code": self.code,
        }


@dataclass(frozen=True)
class Quantity:
    """A number with its counter and the noun it counts ("10여 개 회원사").

    ``value_max`` is set for ranges ("4~5배": value 4, value_max 5).
    """

    start: int
    end: int
    text: str
    value: float
    approx: bool = False
    unit: str | None = None
    noun: str | None = None
    value_max: float | None = None

    def to_json(self) -> dict[str, Any]:
        value: float | int = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out: dict[str, Any] = {
            "text": self.text,
            "value": value,
            "approx": self.approx,
            "unit": self.unit,
            "noun": self.noun,
        }
        if self.value_max is not None:
            vm: float | int = self.value_max
            if isinstance(vm, float) and vm.is_integer():
                vm = int(vm)
            out["value_max"] = vm
        return out


@dataclass(frozen=True)
class Party:
    """One named party of a deal, on side ``a`` or ``b``."""

    name: str
    canonical: str
    kind: str
    side: str
    start: int | None = None
    end: int | None = None

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise ValueError(f"side must be 'a' or 'b', not {self.side!r}")

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "canonical": self.canonical, "kind": self.kind, "side": self.side}


@dataclass(frozen=True)
class Group:
    """The counted, partly or wholly unnamed part of side ``b`` ("10여 개 회원사")."""

    label: str
    count: int | None
    approx: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "count": self.count, "approx": self.approx}


@dataclass(frozen=True)
class Evidence:
    """The sentence that states a deal, with its offsets in the document."""

    sentence: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Source:
    """Provenance of the document a deal was read from."""

    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None

    @classmethod
    def of(cls, article: Article) -> "Source":
        return cls(url=article.url, title=article.title, published=article.published, outlet=article.outlet)

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "published": self.published, "outlet": self.outlet}


DEAL_TYPES = (
    "collaboration",
    "partnership",
    "contract",
    "investment",
    "store_entry",
    "joint_development",
    "consortium",
    "tech_transfer",
    "business_matching",
    "co-host",
    "reseller",
    "deal_count",
)
DEAL_STATUSES = ("done", "planned", "proposed", "negated")


def make_deal_id(doc_id: str, deal_type: str, parties: tuple[Party, ...], group: Group | None,
                 evidence_start: int, extra: str = "") -> str:
    """A stable id: the same parties, type, document and sentence give the same id in every run.

    ``extra`` tells apart deals that share all of these, e.g. two party-less
    deal counts in one sentence (keyed by the count's offset).
    """
    names = sorted(f"{p.side}:{p.canonical}" for p in parties)
    group_key = f"{group.label}:{group.count}" if group else ""
    parts = [doc_id, deal_type, str(evidence_start), group_key, *names]
    if extra:
        parts.append(f"extra:{extra}")
    key = "\x1f".join(parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Deal:
    """A deal as the output contract describes it.

    Partner pairs are not stored: they follow from the sides (see ``pairs``).
    A deal with no named party and only a count ("146건") is a deal count.
    """

    deal_id: str
    doc_id: str
    type: str
    status: str
    parties: tuple[Party, ...]
    evidence: Evidence
    group: Group | None = None
    quantities: tuple[Quantity, ...] = ()
    period: str | None = None
    subject: str | None = None
    source: Source = field(default_factory=Source)

    def __post_init__(self) -> None:
        if self.status not in DEAL_STATUSES:
            raise ValueError(f"unknown deal status {self.status!r}")

    def side(self, side: str) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.side == side)

    def pairs(self) -> list[tuple[str, str]]:
        """Partner pairs (canonical names, sorted within a pair), per DESIGN.md.

        Both sides named: every ``a`` pairs with every ``b``. Only one side
        named and no group: everyone on it pairs with everyone else (mutual
        collaboration). Parties on the same side of a named opposite side, or
        facing only a group, do not pair with each other.
        """
        a, b = self.side("a"), self.side("b")
        out: set[tuple[str, str]] = set()
        if a and b:
            for x in a:
                for y in b:
                    if x.canonical != y.canonical:
                        out.add(tuple(sorted((x.canonical, y.canonical))))  # type: ignore[arg-type]
        elif self.group is None:
            named = a or b
            for i, x in enumerate(named):
                for y in named[i + 1:]:
                    if x.canonical != y.canonical:
                        out.add(tuple(sorted((x.canonical, y.canonical))))  # type: ignore[arg-type]
        return sorted(out)

    def to_json(self) -> dict[str, Any]:
        return {
            "deal_id": self.deal_id,
            "doc_id": self.doc_id,
            "type": self.type,
            "status": self.status,
            "parties": [p.to_json() for p in self.parties],
            "group": self.group.to_json() if self.group else None,
            "quantities": [q.to_json() for q in self.quantities],
            "period": self.period,
            "subject": self.subject,
            "evidence": self.evidence.to_json(),
            "source": self.source.to_json(),
        }


@dataclass(frozen=True)
class DocResult:
    """Everything extraction produced for one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    deals: tuple[Deal, ...] = ()
