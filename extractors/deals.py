"""Deal assembly: relations become ``Deal`` records per the output contract.

``relations`` reads who faces whom in each sentence; this component turns
each relation into a frozen ``Deal``: parties on sides a and b, the counted
group, the quantities of the clause (group size, deal count, amounts, shares),
the period (``period``), the evidence sentence with its offsets, and a stable
id (same parties, type, document and sentence give the same id in every run).

Sentences are Kiwi's, cut again at line breaks: a headline or a list item
with no final punctuation must not run into the next line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kdeal.records import (
    Deal,
    Evidence,
    Group,
    Mention,
    Party,
    Quantity,
    Source,
    make_deal_id,
)

from .deal_types import find_triggers
from .doc_ext import doc_id
from .period import PeriodTracker
from .relations import DocState, Relation, SentenceReader
from .tokens import boundaries, doc_text

AMOUNT_UNITS = ("원", "달러", "주", "%")


def sentence_spans(doc: Doc, text: str | None = None) -> Iterator[tuple[int, int]]:
    """Kiwi's sentences, cut at line breaks, without surrounding whitespace."""
    text = doc_text(doc) if text is None else text
    for sent in doc.sents:
        for m in re.finditer(r"[^\n]+", text[sent.start_char:sent.end_char]):
            s, e = sent.start_char + m.start(), sent.start_char + m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                yield s, e


def _parties(names: tuple[Mention, ...], side: str) -> list[Party]:
    seen: set[str] = set()
    out = []
    for m in names:
        if m.canonical in seen:
            continue
        seen.add(m.canonical)
        out.append(Party(m.text, m.canonical, m.kind, side, m.start, m.end))
    return out


class DealAssembler:
    """Reads ``doc._.mentions`` and ``doc._.quantities``; writes ``doc._.deals``."""

    def _deal(self, doc: Doc, rel: Relation, evidence: Evidence, period: str | None,
              amounts: tuple[Quantity, ...]) -> Deal:
        article = doc._.article
        did = doc_id(doc)
        parties = tuple(_parties(rel.side_a, "a") + _parties(rel.side_b, "b"))
        group = None
        quantities: tuple[Quantity, ...] = ()
        if rel.group is not None:
            q = rel.group
            group = Group(q.noun or "회사", int(q.value), q.approx)
            quantities = (q,)
        if rel.count is not None:
            quantities = (rel.count,)
        if parties and rel.trigger.type in ("investment", "contract", "tech_transfer", "reseller"):
            quantities += amounts
        extra = f"{rel.count.start}" if rel.count is not None else ""
        return Deal(
            deal_id=make_deal_id(did, rel.trigger.type, parties, group, evidence.start, extra),
            doc_id=did, type=rel.trigger.type, status=rel.trigger.status, parties=parties,
            evidence=evidence, group=group, quantities=quantities, period=period,
            subject=rel.trigger.text, source=Source.of(article) if article is not None else Source(),
        )

    def __call__(self, doc: Doc) -> Doc:
        mentions = sorted((m for m in (doc._.mentions or ()) if m.is_org), key=lambda m: (m.start, m.end))
        quantities = sorted(doc._.quantities or (), key=lambda q: q.start)
        article = doc._.article
        text = doc_text(doc)
        bounds = boundaries(doc)
        periods = PeriodTracker(text, article.published if article is not None else None)
        state = DocState()
        deals: list[Deal] = []
        seen: set[str] = set()
        for start, end in sentence_spans(doc, text):
            period = periods.period_of(start, end)
            triggers = find_triggers(text, start, end)
            if not triggers:
                continue
            names = [m for m in mentions if start <= m.start and m.end <= end]
            qs = [q for q in quantities if start <= q.start and q.end <= end]
            reader = SentenceReader(doc, bounds, start, end, names, qs, triggers, text)
            relations = reader.relations(state)
            if not relations:
                continue
            evidence = Evidence(text[start:end], start, end)
            amounts = tuple(q for q in qs if q.unit in AMOUNT_UNITS)
            for rel in relations:
                deal = self._deal(doc, rel, evidence, period, amounts)
                key = deal.deal_id
                if key in seen:
                    continue
                seen.add(key)
                deals.append(deal)
        doc._.deals = tuple(deals)
        return doc


@Language.factory("kdeal_deals")
def make_deal_assembler(nlp: Language, name: str) -> DealAssembler:
    return DealAssembler()
