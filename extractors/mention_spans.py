"""Mentions as spaCy spans: ``doc.spans["mentions"]`` and ``doc.ents``.

A ``Mention`` is a ``Span`` of the span group ``mentions`` whose label is its kind,
whose ``kb_id_`` is its canonical name and whose ``id_`` is the layer that found it
(as an ``EntityRuler`` pattern's id says which pattern matched); a listed company's
stock code is ``span._.code``. ``doc.ents`` holds the same spans (the longer one where
two overlap, which the recogniser never leaves), so ``displacy`` and any spaCy tool
see the names. ``doc._.mentions`` reads and writes through here, so the extractors
keep working with ``Mention`` records.

Mentions are on token boundaries in practice (known names are Kiwi user words). One
that is not is stored as the span of the tokens covering it, with its own offsets in
``span._.chars``.
"""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import filter_spans

from kdeal.records import Mention

GROUP = "mentions"
# Span extensions (kept by spaCy in ``doc.user_data``, keyed by the span's offsets).
CODE = "code"
CHARS = "chars"

for _name in (CODE, CHARS):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def _text(doc: Doc) -> str:
    text = doc._.source_text
    return doc.text if text is None else text


def _span(doc: Doc, m: Mention) -> tuple[Span, tuple[int, int] | None]:
    span = doc.char_span(m.start, m.end, label=m.kind, kb_id=m.canonical, span_id=m.source)
    if span is not None:
        return span, None
    span = doc.char_span(m.start, m.end, label=m.kind, kb_id=m.canonical, span_id=m.source,
                         alignment_mode="expand")
    if span is None:
        raise ValueError(f"mention {m.text!r} at {m.start}:{m.end} covers no token")
    return span, (m.start, m.end)


def _forget(doc: Doc, spans: Iterable[Span]) -> None:
    """Drop the extension values of spans that are no longer mentions."""
    for span in spans:
        for name in (CODE, CHARS):
            doc.user_data.pop(("._.", name, span.start_char, span.end_char), None)


def set_mentions(doc: Doc, mentions: Iterable[Mention] | None) -> None:
    """``doc._.mentions = ...``: the span group, the entities and the spans' extension values."""
    if GROUP in doc.spans:
        _forget(doc, doc.spans[GROUP])
        del doc.spans[GROUP]
    if mentions is None:
        doc.ents = ()
        return
    spans = []
    for m in mentions:
        span, chars = _span(doc, m)
        span._.set(CODE, m.code)
        span._.set(CHARS, chars)
        spans.append(span)
    doc.spans[GROUP] = SpanGroup(doc, name=GROUP, spans=spans)
    doc.ents = filter_spans(spans)


def mentions_of(doc: Doc) -> tuple[Mention, ...] | None:
    """``doc._.mentions``: the span group read as ``Mention`` records (None before any is set).

    A span another component added has its text as canonical name and no layer.
    """
    if GROUP not in doc.spans:
        return None
    article = doc._.article
    did = article.doc_id if article is not None else ""
    text = _text(doc)
    out = []
    for span in doc.spans[GROUP]:
        chars = span._.get(CHARS)
        start, end = chars if chars else (span.start_char, span.end_char)
        surface = text[start:end]
        out.append(Mention(did, start, end, surface, span.kb_id_ or surface, span.label_, span._.get(CODE),
                           span.id_))
    return tuple(out)
