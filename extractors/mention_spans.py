"""Mentions as spaCy spans: ``doc.spans["mentions"]`` and ``doc.ents``.

A ``Mention`` is a ``Span`` of the span group ``mentions`` whose label is its kind,
whose ``kb_id_`` is its canonical name and whose ``id_`` is the layer that found it
(as an ``EntityRuler`` pattern's id says which pattern matched); a listed company's
stock code is ``span._.code``. ``doc.ents`` holds the same spans (the longer one where
two overlap, which the recogniser never leaves), so ``displacy`` and any spaCy tool
see the names. ``doc._.mentions`` reads and writes through here, so the extractors
keep working with ``Mention`` records.

Mentions are on token boundaries in practice (known names are Kiwi user words). One
that is not is stored as the span of the tokens covering it. What a span cannot hold
(the stock code, the offsets of a mention inside its tokens) is kept in the group's
``attrs`` (serialised with it), one row per such mention, found again by the span's
offsets, label, canonical name and layer: two mentions in one token stay two.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

from kdeal.records import Mention

GROUP = "mentions"
EXTRAS = "kdeal_extras"  # the group attribute: rows [*key, start, end, code]
Key = tuple[int, int, str, str, str]


def _key(span: Span) -> Key:
    return (span.start_char, span.end_char, span.label_, span.kb_id_, span.id_)


def _extras(group: SpanGroup) -> dict[Key, list[list[Any]]]:
    rows: dict[Key, list[list[Any]]] = defaultdict(list)
    for row in group.attrs.get(EXTRAS, ()):
        rows[tuple(row[:5])].append(list(row[5:]))  # type: ignore[index]
    return rows


def _code(span: Span) -> str | None:
    """``span._.code``: the stock code of a listed company's mention (or entity)."""
    group = span.doc.spans.get(GROUP)
    if group is None:
        return None
    for row in _extras(group).get(_key(span), ()):
        return row[2]
    return None


if not Span.has_extension("code"):
    Span.set_extension("code", getter=_code)


def _span(doc: Doc, m: Mention) -> tuple[Span, bool]:
    """The mention's span, and whether it is exactly the mention (on token boundaries)."""
    span = doc.char_span(m.start, m.end, label=m.kind, kb_id=m.canonical, span_id=m.source)
    if span is not None:
        return span, True
    span = doc.char_span(m.start, m.end, label=m.kind, kb_id=m.canonical, span_id=m.source,
                         alignment_mode="expand")
    if span is None:
        raise ValueError(f"mention {m.text!r} at {m.start}:{m.end} covers no token")
    return span, False


def set_mentions(doc: Doc, mentions: Iterable[Mention] | None) -> None:
    """``doc._.mentions = ...``: the span group (with its extras) and the entities."""
    if GROUP in doc.spans:
        del doc.spans[GROUP]
    if mentions is None:
        doc.ents = ()
        return
    spans: list[Span] = []
    extras: list[list[Any]] = []
    for m in mentions:
        span, exact = _span(doc, m)
        if m.code is not None or not exact:
            extras.append([*_key(span), m.start, m.end, m.code])
        spans.append(span)
    doc.spans[GROUP] = SpanGroup(doc, name=GROUP, spans=spans, attrs={EXTRAS: extras} if extras else {})
    doc.ents = filter_spans(spans)


def mentions_of(doc: Doc, doc_id: str, text: str) -> tuple[Mention, ...] | None:
    """``doc._.mentions``: the span group read as ``Mention`` records of document ``doc_id``
    whose text is ``text`` (None before any is set).

    A span another component added has its text as canonical name and no layer.
    """
    group = doc.spans.get(GROUP)
    if group is None:
        return None
    extras = _extras(group) if EXTRAS in group.attrs else {}
    out = []
    for span in group:
        key = _key(span)
        rows = extras.get(key)
        start, end, code = rows.pop(0) if rows else (key[0], key[1], None)
        surface = text[start:end]
        out.append(Mention(doc_id, start, end, surface, key[3] or surface, key[2], code, key[4]))
    return tuple(out)
