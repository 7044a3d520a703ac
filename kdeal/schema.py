"""JSON Schema of the lines kdeal writes, generated from the record dataclasses.

``kdeal schema deals`` prints the schema of a ``deals.jsonl`` line. The schema is
built from the fields of the frozen dataclasses in ``kdeal.records`` (their types,
defaults and field metadata), so a field added to a record appears in its schema
without a second list to keep in step; the tests validate every line the pipeline
writes against these schemas with ``jsonschema`` (``additionalProperties`` is false,
so a key that ``to_json`` writes but the dataclass does not declare fails them).

Field metadata (``kdeal.records``): ``INTERNAL`` fields stay out of the JSON,
``FLAT`` fields write their own keys at the top level of the record, ``OMIT_NONE``
keys are written only when they have a value.
"""
from __future__ import annotations

import dataclasses
import enum
import types
import typing
from typing import Any

from kdeal import records as r
from kdeal.errors import DocError, ErrorCode

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# The closed lists of values, by "Class.field".
ENUMS: dict[str, tuple[str, ...]] = {
    "Mention.kind": r.MENTION_KINDS,
    "Party.kind": r.MENTION_KINDS,
    "Party.side": r.SIDES,
    "Deal.type": r.DEAL_TYPES,
    "Deal.status": r.DEAL_STATUSES,
    "TrackedDeal.type": r.DEAL_TYPES,
    "TrackedDeal.status": r.DEAL_STATUSES,
    "Report.status": r.DEAL_STATUSES,
    "TrackedParty.kind": r.MENTION_KINDS,
    "TrackedParty.side": r.SIDES,
}

# What each key means, by "Class.field"; a test checks that every key has one.
FIELD_DOCS: dict[str, str] = {
    "Article.doc_id": "Document id: the input's id, path, path#line, URL or WARC record",
    "Article.text": "The text extraction saw; every offset indexes it (Python string indices)",
    "Article.url": "The document's URL, when known",
    "Article.title": "Title of the document",
    "Article.published": "Publication date as found (ISO 8601 when parsed)",
    "Article.author": "Author or byline",
    "Article.outlet": "Publisher or outlet name",
    "Article.fetched_at": "When kdeal ingest fetched the page (ISO 8601, UTC); null outside ingest",
    "Article.run_id": "The ingest run (runs.run_id in the tracker database); null outside ingest",
    "Provenance.schema_version": "Version of this JSON shape (kdeal schema)",
    "Provenance.kdeal_version": "Version of kdeal that wrote the record",
    "Provenance.model_id": "Id of the name-recognition model and configuration (a hash of the model file, "
                           "its mode and the user's name lists)",
    "Provenance.run_id": "The ingest run that fetched the document; null outside ingest",
    "Provenance.fetched_at": "When the document was fetched by ingest (ISO 8601, UTC); null outside ingest",
    "Mention.doc_id": "Document the name was found in",
    "Mention.start": "Offset of the first character in the document text",
    "Mention.end": "Offset after the last character",
    "Mention.text": "The name as written",
    "Mention.canonical": "Canonical name (typos, spacing and legal forms normalised)",
    "Mention.kind": "What the name names",
    "Mention.code": "Stock code (KRX) when the name is a listed company",
    "Quantity.start": "Offset of the quantity in the document text",
    "Quantity.end": "Offset after the quantity",
    "Quantity.text": "The quantity as written (\"10여 개 회원사\")",
    "Quantity.value": "Its number",
    "Quantity.approx": "True for approximate numbers (여, 약, 가량, 이상 ...)",
    "Quantity.unit": "Counter or unit (개, 곳, 건, 억원 ...)",
    "Quantity.noun": "The noun it counts (회원사)",
    "Quantity.value_max": "Upper end of a range (\"4~5배\"); written only for ranges",
    "Party.name": "The party's name as written in the evidence",
    "Party.canonical": "Its canonical name",
    "Party.kind": "company or organization (or what recognition said)",
    "Party.side": "Side of the deal: a (the subject) or b (its partners)",
    "Party.start": "Offset of the name in the document text",
    "Party.end": "Offset after the name",
    "Group.label": "What the counted, unnamed partners are (회원사, 기업)",
    "Group.count": "How many (null when the text gives no number)",
    "Group.approx": "True when the count is approximate (10여 개)",
    "Evidence.sentence": "The sentence that states the deal",
    "Evidence.start": "Offset of the sentence in the document text",
    "Evidence.end": "Offset after the sentence",
    "Source.url": "URL of the reporting document",
    "Source.title": "Its title",
    "Source.published": "Its publication date",
    "Source.outlet": "Its outlet",
    "Deal.deal_id": "Stable id: same document, type, parties and sentence give the same id in every run",
    "Deal.doc_id": "Document the deal was read from",
    "Deal.type": "Kind of deal",
    "Deal.status": "done, planned, proposed or negated (a negated deal is never a partnership)",
    "Deal.parties": "Named parties on sides a and b",
    "Deal.evidence": "The sentence that states the deal",
    "Deal.group": "The counted unnamed part of side b (\"10여 개 회원사\"); null when every partner is named",
    "Deal.quantities": "Quantities in the evidence sentence",
    "Deal.period": "When the deal happened or runs, as written",
    "Deal.subject": "What the deal is about, as written",
    "Deal.source": "Where the document came from",
    "DocError.code": "Why the input was skipped (a stable code)",
    "DocError.origin": "The input: path, path#line, URL or WARC record",
    "DocError.message": "What went wrong, for people",
    "DocError.doc_id": "Document id, when the input got as far as having one",
    "TrackedParty.name": "The party's name as first written",
    "TrackedParty.canonical": "Its canonical name",
    "TrackedParty.kind": "company or organization",
    "TrackedParty.side": "Side of the deal: a or b",
    "TrackedParty.code": "Stock code (KRX) when listed",
    "TrackedQuantity.text": "The quantity as written in the first report",
    "TrackedQuantity.value": "Its number",
    "TrackedQuantity.approx": "True for approximate numbers",
    "TrackedQuantity.unit": "Counter or unit",
    "TrackedQuantity.noun": "The noun it counts",
    "Report.report_id": "The deal_id extraction gave this report (deals.jsonl)",
    "Report.doc_id": "Reporting document",
    "Report.status": "Status in this report",
    "Report.evidence": "The sentence of this report",
    "Report.source": "Where the reporting document came from",
    "Report.run_id": "The run that stored the reporting document",
    "Report.fetched_at": "When ingest fetched the reporting document; null for local input",
    "Report.model_id": "Recognition model of the run that stored it",
    "Report.kdeal_version": "kdeal version of the run that stored it",
    "TrackedDeal.deal_id": "Tracker id of the deal (the first report's deal_id)",
    "TrackedDeal.type": "Kind of deal",
    "TrackedDeal.status": "Status of the first report",
    "TrackedDeal.parties": "Named parties over all reports",
    "TrackedDeal.group": "The counted unnamed part of side b",
    "TrackedDeal.quantities": "Quantities of the first report",
    "TrackedDeal.period": "When, as written",
    "TrackedDeal.subject": "What about, as written",
    "TrackedDeal.reports": "Every document that reported the deal, in date order",
    "TrackedDeal.schema_version": "Version of this JSON shape (kdeal schema export)",
    "TrackedDeal.kdeal_version": "Version of kdeal that exported it",
}

# Keys ``to_json`` writes from a property rather than a field.
COMPUTED: dict[str, dict[str, Any]] = {
    "DocError": {"severity": {"type": "string", "enum": ["error", "warning"],
                              "description": "error: the input was skipped; warning: it was repaired and still read"}},
}

# ``kdeal schema NAME``: the record of one line of each file kdeal writes.
RECORDS: dict[str, type] = {
    "deals": r.Deal,
    "mentions": r.Mention,
    "articles": r.Article,
    "errors": DocError,
    "export": r.TrackedDeal,
}

_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _is_optional(tp: Any) -> tuple[bool, Any]:
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return True, rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]
    return False, tp


class _Builder:
    """Walks dataclasses into JSON Schema; nested records go to ``$defs`` once."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, tp: Any, key: str) -> dict[str, Any]:
        optional, inner = _is_optional(tp)
        schema = self._inner(inner, key)
        if optional:
            return {"anyOf": [schema, {"type": "null"}]}
        return schema

    def _inner(self, tp: Any, key: str) -> dict[str, Any]:
        if key in ENUMS:
            return {"type": "string", "enum": list(ENUMS[key])}
        if tp in _SCALARS:
            return {"type": "number"} if tp is float else {"type": _SCALARS[tp]}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {"type": "string", "enum": [e.value for e in tp]}
        if typing.get_origin(tp) is tuple:
            return {"type": "array", "items": self._inner(typing.get_args(tp)[0], key)}
        if dataclasses.is_dataclass(tp):
            name = tp.__name__
            if name not in self.defs:
                self.defs[name] = {}  # placeholder against recursion
                self.defs[name] = self.record(tp)
            return {"$ref": f"#/$defs/{name}"}
        raise TypeError(f"no JSON Schema for {tp!r} ({key})")

    def properties(self, cls: type) -> tuple[dict[str, Any], list[str]]:
        hints = typing.get_type_hints(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        for f in dataclasses.fields(cls):
            if f.metadata.get("json", True) is False:
                continue
            if f.metadata.get("flatten"):
                inner, req = self.properties(hints[f.name])
                props.update(inner)
                required.extend(req)
                continue
            key = f"{cls.__name__}.{f.name}"
            prop = self.type_schema(hints[f.name], key)
            doc = FIELD_DOCS.get(key)
            if doc:
                prop = {**prop, "description": doc}
            props[f.name] = prop
            if not f.metadata.get("omit_none"):
                required.append(f.name)
        return props, required

    def record(self, cls: type) -> dict[str, Any]:
        props, required = self.properties(cls)
        for key, prop in COMPUTED.get(cls.__name__, {}).items():
            props[key] = prop  # written by to_json from a property, not a field
            required.append(key)
        out: dict[str, Any] = {"type": "object", "title": cls.__name__}
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        if doc:
            out["description"] = " ".join(doc.split())
        out.update(properties=props, required=required, additionalProperties=False)
        return out


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one line of ``NAME.jsonl`` (deals, mentions, articles, errors, export)."""
    if name not in RECORDS:
        raise KeyError(f"no schema {name!r}; choose from {', '.join(RECORDS)}")
    b = _Builder()
    top = b.record(RECORDS[name])
    schema: dict[str, Any] = {"$schema": DRAFT, **top}
    if b.defs:
        schema["$defs"] = dict(sorted(b.defs.items()))
    schema["x-schema-version"] = r.SCHEMA_VERSION
    return schema


def _value(tp: Any, v: Any) -> Any:
    optional, inner = _is_optional(tp)
    if v is None:
        if not optional:
            raise ValueError("null where a value is required")
        return None
    if typing.get_origin(inner) is tuple:
        item = typing.get_args(inner)[0]
        return tuple(_value(item, x) for x in v)
    if dataclasses.is_dataclass(inner):
        return from_json(inner, v)
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return inner(v)
    if inner is float and isinstance(v, int) and not isinstance(v, bool):
        return float(v)
    return v


def from_json(cls: Any, obj: dict[str, Any]) -> Any:
    """The record that ``to_json`` wrote ``obj`` from (the inverse, by the same field rules).

    A key the line lacks takes the field's default; a missing required key or a
    value of the wrong shape raises ``ValueError`` naming the record and the key.
    """
    if not isinstance(obj, dict):
        raise ValueError(f"{cls.__name__}: expected an object, got {type(obj).__name__}")
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("json", True) is False:
            continue
        if f.metadata.get("flatten"):
            kwargs[f.name] = from_json(hints[f.name], obj)
        elif f.name in obj:
            try:
                kwargs[f.name] = _value(hints[f.name], obj[f.name])
            except (ValueError, TypeError, KeyError, AttributeError) as e:
                raise ValueError(f"{cls.__name__}.{f.name}: {e}") from e
    try:
        return cls(**kwargs)
    except TypeError as e:
        raise ValueError(f"{cls.__name__}: {e}") from e


def documented_keys() -> set[str]:
    """Every "Class.field" that appears in some schema (for the completeness test)."""
    keys: set[str] = set()

    def walk(cls: type) -> None:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.metadata.get("json", True) is False:
                continue
            tp = _is_optional(hints[f.name])[1]
            if typing.get_origin(tp) is tuple:
                tp = typing.get_args(tp)[0]
            if f.metadata.get("flatten"):
                walk(tp)
                continue
            keys.add(f"{cls.__name__}.{f.name}")
            if dataclasses.is_dataclass(tp):
                walk(tp)

    for cls in RECORDS.values():
        walk(cls)
    return keys


__all__ = ["ENUMS", "FIELD_DOCS", "RECORDS", "ErrorCode", "documented_keys", "from_json", "json_schema"]
