"""Records that flow between the stages.

Every stage hands the next one frozen dataclasses, never loose dicts, so that a
stage cannot silently change what an earlier one produced and every value can
be traced back to character offsets in the text it came from. Offsets are
Python ``str`` indices (code points) into ``Article.text``.

The ``to_json`` methods are the serialisation of the output contract in
docs/DESIGN.md; every sink (JSONL, CSV, SQL, Parquet) starts from them or from the
fields directly, so the contract lives in one place.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

from kdeal import __version__

# The version of the JSON shapes below (``kdeal schema``): bump the minor number when a
# key is added, the major number when one is removed or changes meaning.
SCHEMA_VERSION = "1.0"

# Field metadata read by ``kdeal.schema``: a field kept out of the JSON (internal to the
# pipeline), a field whose keys are written at the top level of its record, and a key
# written only when it has a value.
INTERNAL = {"json": False}
FLAT = {"flatten": True}
OMIT_NONE = {"omit_none": True}

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
    origin: str | None = field(default=None, metadata=INTERNAL)
    fetched_at: str | None = None
    run_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "outlet": self.outlet,
            "text": self.text,
            "fetched_at": self.fetched_at,
            "run_id": self.run_id,
        }


@dataclass(frozen=True)
class Provenance:
    """What produced a record: the JSON shape's version, kdeal's version, the recognition
    model, and for ingested pages the run and the time the page was fetched.

    Written as top-level keys of every deal and mention, so a row of a dataset can be
    traced to the code, model and run that made it without looking anything up.
    """

    schema_version: str = SCHEMA_VERSION
    kdeal_version: str = __version__
    model_id: str | None = None
    run_id: int | None = None
    fetched_at: str | None = None

    @classmethod
    def of(cls, article: Article, model_id: str | None) -> "Provenance":
        return cls(model_id=model_id, run_id=article.run_id, fetched_at=article.fetched_at)

    def to_json(self) -> dict[str, Any]:
        return {"schema_version": self.schema_version, "kdeal_version": self.kdeal_version,
                "model_id": self.model_id, "run_id": self.run_id, "fetched_at": self.fetched_at}


NO_PROVENANCE = Provenance()


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
    source: str = field(default="", metadata=INTERNAL)
    provenance: Provenance = field(default=NO_PROVENANCE, metadata=FLAT)

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
            **self.provenance.to_json(),
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
    value_max: float | None = field(default=None, metadata=OMIT_NONE)

    def to_json(self) -> dict[str, Any]:
        value: float | int = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
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
        return {"name": self.name, "canonical": self.canonical, "kind": self.kind, "side": self.side,
                "start": self.start, "end": self.end}


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


# The closed list of deal types, most specific first (``extractors.deal_types`` holds the
# predicates of each). The construction development set's descriptive names map onto it:
# mou -> partnership, supply_contract -> supply; "co-host" was renamed co_host (migration 0005).
DEAL_TYPES = (
    "consortium",
    "joint_venture",
    "merger",
    "acquisition",
    "investment",
    "store_entry",
    "licensing",
    "tech_transfer",
    "reseller",
    "co_host",
    "joint_development",
    "business_matching",
    "supply",
    "partnership",
    "collaboration",
    "contract",
    "deal_count",
)
DEAL_STATUSES = ("done", "planned", "proposed", "negated")


def partner_pairs(a: list[str], b: list[str], grouped: bool) -> list[tuple[str, str]]:
    """Partner pairs of a deal from the names on its sides (sorted within a pair, each once).

    The rule of docs/DESIGN.md, in one place for records, DataFrames and exports: both sides
    named, every ``a`` pairs with every ``b``; one side named and no group, everyone on
    it pairs with everyone else; a party never pairs with itself.
    """
    out: set[tuple[str, str]] = set()
    if a and b:
        out = {(x, y) if x < y else (y, x) for x in a for y in b if x != y}
    elif not grouped:
        named = a or b
        out = {(x, y) if x < y else (y, x) for i, x in enumerate(named) for y in named[i + 1:] if x != y}
    return sorted(out)


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
    provenance: Provenance = field(default=NO_PROVENANCE, metadata=FLAT)

    def __post_init__(self) -> None:
        if self.status not in DEAL_STATUSES:
            raise ValueError(f"unknown deal status {self.status!r}")

    def side(self, side: str) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.side == side)

    def pairs(self) -> list[tuple[str, str]]:
        """Partner pairs (canonical names, sorted within a pair), per docs/DESIGN.md.

        Both sides named: every ``a`` pairs with every ``b``. Only one side
        named and no group: everyone on it pairs with everyone else (mutual
        collaboration). Parties on the same side of a named opposite side, or
        facing only a group, do not pair with each other.
        """
        return partner_pairs([p.canonical for p in self.side("a")], [p.canonical for p in self.side("b")],
                             self.group is not None)

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
            **self.provenance.to_json(),
        }


@dataclass(frozen=True)
class DocResult:
    """Everything extraction produced for one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    deals: tuple[Deal, ...] = ()


def _json_value(v: Any) -> Any:
    if hasattr(v, "to_json"):
        return v.to_json()
    if isinstance(v, tuple):
        return [_json_value(x) for x in v]
    return v


class JsonRecord:
    """``to_json`` from the dataclass fields, by the metadata rules that ``kdeal.schema`` reads
    (the records above write theirs by hand: they are the hot path of every run)."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            if f.metadata.get("json", True) is False:
                continue
            v = getattr(self, f.name)
            if f.metadata.get("flatten"):
                out.update(v.to_json())
            elif v is not None or not f.metadata.get("omit_none"):
                out[f.name] = _json_value(v)
        return out


# The tracker's view of a deal (``kdeal export --format jsonl``): one deal however many
# documents reported it, each report with its sentence, source and the run that stored it.


@dataclass(frozen=True)
class TrackedParty(JsonRecord):
    """A named party of a tracked deal, with its stock code when listed."""

    name: str
    canonical: str
    kind: str
    side: str
    code: str | None = None


@dataclass(frozen=True)
class TrackedQuantity(JsonRecord):
    """A quantity of a tracked deal's first report (the tracker keeps no offsets for it)."""

    text: str
    value: float
    approx: bool
    unit: str | None = None
    noun: str | None = None


@dataclass(frozen=True)
class Report(JsonRecord):
    """One document's report of a tracked deal, with the run that stored it."""

    report_id: str | None
    doc_id: str
    status: str | None
    evidence: Evidence
    source: Source
    run_id: int | None = None
    fetched_at: str | None = None
    model_id: str | None = None
    kdeal_version: str | None = None


@dataclass(frozen=True)
class TrackedDeal(JsonRecord):
    """A deal in the tracker database: every report of it, in date order."""

    deal_id: str
    type: str
    status: str
    parties: tuple[TrackedParty, ...]
    group: Group | None
    quantities: tuple[TrackedQuantity, ...]
    period: str | None
    subject: str | None
    reports: tuple[Report, ...]
    schema_version: str = SCHEMA_VERSION
    kdeal_version: str = __version__
