"""Deal assembly: the deal frames of every sentence become ``Deal`` records.

Each sentence with a deal predicate is read as words (``words``), noun
phrases (``phrases``), clauses (``clauses``) and deal frames (``frames``). This
component resolves the parties of each frame — recognised names, names taken
from their slot (``slot_names``), anaphors such as "양사" or "이 회사" from the
document so far (``discourse``) — and turns each relation into a frozen
``Deal``: parties on sides a and b, the counted group, the quantities of the
clause, the period, the evidence sentence with its offsets, and a stable id.

A name accepted from its slot is a name wherever else it stands in the
document, so the document is read twice when the first reading found new
names: the second reading sees them everywhere (headlines included). A
headline that restates a deal of its body is the same deal: its copy is
dropped, so the body's status and full names stand.

Sentences are Kiwi's, cut again at line breaks: a headline or a list item
with no final punctuation must not run into the next line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from kdeal.records import Deal, Evidence, Group, Mention, Party, Quantity, Source, make_deal_id

from .clauses import clauses_of
from .component import Component
from .counts import deal_counts
from .deal_types import COUNT_TYPE, Trigger, find_triggers
from .discourse import Discourse
from .doc_ext import ARTICLE, DEALS, QUANTITIES, doc_id, read_mentions, write_mentions
from .frames import FrameReader, Relation
from .nameshape import Shaper
from .outlets import OUTLET_LAYER, dateline_end, outlet_spans
from .period import PeriodTracker
from .phrases import GroupBuilder, is_group_quantity
from .slot_names import propagate_names
from .tokens import arrays, boundaries, doc_text, units_of
from .words import sentence_words

AMOUNT_UNITS = ("원", "달러", "주", "%")
# Types whose amounts ("50억 원", "39.9%") belong to the deal record.
AMOUNT_TYPES = ("investment", "acquisition", "merger", "supply", "contract", "tech_transfer", "licensing",
                "reseller", "joint_venture")
_FINAL_PUNCT = re.compile(r"[.!?。]\s*$")
# A line that lists items ("▲A-B: ... ▲C-D: ...").
LIST_MARK = re.compile(r"[▲△■●◆•※]")


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


@dataclass(frozen=True)
class SentenceDeals:
    """The relations read from one sentence."""

    start: int
    end: int
    relations: tuple[Relation, ...]
    headline: bool


def _parties(names: tuple[Mention, ...], side: str) -> list[Party]:
    seen: set[str] = set()
    out = []
    for m in names:
        if m.canonical in seen:
            continue
        seen.add(m.canonical)
        out.append(Party(m.text, m.canonical, m.kind, side, m.start, m.end))
    return out


class DealAssembler(Component):
    """Reads ``doc._.mentions`` and ``doc._.quantities``; writes ``doc._.deals`` (and adds the
    names found from their slots to ``doc._.mentions``)."""

    def __init__(self, shaper: Shaper | None = None):
        self.shaper = shaper or Shaper()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sentences = list(sentence_spans(doc, text))
        spans = [(dateline_end(text, s, e), e) for s, e in sentences]  # a dateline names no party
        given = read_mentions(doc)
        mentions = sorted(given or (), key=lambda m: (m.start, m.end))
        sources = outlet_spans(text, mentions, [s for s, _ in sentences])
        # outlets cited as sources take their place in the text but are never parties, nor mentions
        mentions = [replace(m, source=OUTLET_LAYER) if (m.start, m.end) in sources else m for m in mentions]
        readings, found = self._read(doc, text, mentions, spans)
        if found:
            extra = list(propagate_names(doc, boundaries(doc), found, mentions, text))
            # a name found or cut from its slot replaces the names it overlaps ("LG" in "LG CNS")
            kept = [m for m in mentions if not any(x.start < m.end and m.start < x.end for x in extra)]
            mentions = sorted(kept + extra, key=lambda m: (m.start, m.end))
            readings, _ = self._read(doc, text, mentions, spans)
        kept_mentions = tuple(m for m in mentions if m.source != OUTLET_LAYER)
        if given is None or kept_mentions != given:
            # Unchanged (most documents): the span group already reads as exactly these, and
            # writing them again rebuilt every span and the entities for nothing.
            write_mentions(doc, kept_mentions)
        DEALS.set(doc, tuple(self._deals(doc, text, readings)))
        return doc

    # --- reading ------------------------------------------------------------
    def _read(self, doc: Doc, text: str, known: list[Mention],
              spans: list[tuple[int, int]]) -> tuple[list[SentenceDeals], list[Mention]]:
        """The relations of every sentence with a deal predicate. ``known`` holds every recognised
        name, products and people included: a product is never a party, and its slot is taken."""
        discourse = Discourse(text, doc_id(doc), self.shaper)
        out: list[SentenceDeals] = []
        header: list[Trigger] = []
        for n, (start, end) in enumerate(spans):
            triggers = find_triggers(text, start, end)
            names = [m for m in known if start <= m.start and m.end <= end]
            listed = bool(header) and LIST_MARK.search(text, start, end) is not None
            if not triggers and not listed and not discourse.may_name_members(start, end):
                discourse.observe([m for m in names if m.is_org])
                header = []
                continue
            relations = self._sentence(doc, text, (start, end), names, triggers, header, discourse)
            headline = n == 0 and len(spans) > 1 and not _FINAL_PUNCT.search(text[start:end])
            out.append(SentenceDeals(start, end, tuple(relations), headline))
            header = triggers or header  # a list item keeps the header's deal for the items after it
        return out, discourse.slot_names

    def _sentence(self, doc: Doc, text: str, span: tuple[int, int], names: list[Mention],
                  triggers: list[Trigger], header: list[Trigger], discourse: Discourse) -> list[Relation]:
        """The relations of one sentence: its deal frames, a list under the sentence before it, the
        members of a counted group named later, and its deal counts."""
        start, end = span
        qs = [q for q in sorted(QUANTITIES.get(doc) or (), key=lambda q: q.start) if start <= q.start and q.end <= end]
        words = sentence_words(arrays(doc), units_of(doc), text, start, end)
        items = GroupBuilder(words, text, names, [q for q in qs if is_group_quantity(q)], self.shaper).groups()
        clauses = clauses_of(items, start, end)
        reader = FrameReader(text, clauses, triggers, discourse.resolver(), discourse.fallback)
        relations = reader.relations() if triggers else reader.list_items(header)
        relations = discourse.complete(discourse.group_members(relations, clauses, reader), clauses)
        relations += deal_counts(text, qs, triggers)
        discourse.after_sentence(relations, clauses, [m for m in names if m.is_org])
        return relations

    # --- records ------------------------------------------------------------
    def _deals(self, doc: Doc, text: str, readings: list[SentenceDeals]) -> list[Deal]:
        article = ARTICLE.get(doc)
        periods = PeriodTracker(text, article.published if article is not None else None)
        quantities = sorted(QUANTITIES.get(doc) or (), key=lambda q: q.start)
        body = [r for s in readings if not s.headline for r in s.relations]
        deals: list[Deal] = []
        seen: set[str] = set()
        for s in readings:
            evidence = Evidence(text[s.start:s.end], s.start, s.end)
            period = periods.period_of(s.start, s.end)
            amounts = tuple(q for q in quantities if s.start <= q.start and q.end <= s.end and q.unit in AMOUNT_UNITS)
            for rel in s.relations:
                if s.headline and _restated(rel, body):
                    continue
                deal = self._deal(doc, rel, evidence, period, amounts)
                if deal.deal_id not in seen:
                    seen.add(deal.deal_id)
                    deals.append(deal)
        return deals

    def _deal(self, doc: Doc, rel: Relation, evidence: Evidence, period: str | None,
              amounts: tuple[Quantity, ...]) -> Deal:
        article = ARTICLE.get(doc)
        did = doc_id(doc)
        parties = tuple(_parties(rel.side_a, "a") + _parties(rel.side_b, "b"))
        group = None
        quantities: tuple[Quantity, ...] = ()
        if rel.group is not None:
            q = rel.group
            group = Group(rel.group_label or q.noun or "회사", int(q.value), q.approx)
            quantities = (q,)
        if rel.count is not None:
            quantities = (rel.count,)
        if parties and rel.trigger.type in AMOUNT_TYPES:
            quantities += tuple(a for a in amounts if a not in quantities)
        extra = f"{rel.count.start}" if rel.count is not None else ""
        return Deal(
            deal_id=make_deal_id(did, rel.trigger.type if rel.count is None else COUNT_TYPE, parties, group,
                                 evidence.start, extra),
            doc_id=did, type=rel.trigger.type if rel.count is None else COUNT_TYPE, status=rel.trigger.status,
            parties=parties, evidence=evidence, group=group, quantities=quantities, period=period,
            subject=rel.trigger.text, source=Source.of(article) if article is not None else Source(),
        )


def _restated(rel: Relation, body: list[Relation]) -> bool:
    """A headline relation whose parties a body relation names too (full or short forms)."""
    names = {m.canonical for m in rel.side_a + rel.side_b}
    if not names:
        return False
    for other in body:
        full = [m.canonical for m in other.side_a + other.side_b]
        if all(any(f == n or f.startswith(n) or n.startswith(f) for f in full) for n in names):
            return True
    return False


@Language.factory("kdeal_deals", default_config={},
                  assigns=["doc._.deals", "doc._.mentions", "doc.spans", "doc.ents"],
                  requires=["doc._.mentions", "doc._.quantities"])  # and the Kiwi tokenizer's tags and sentences
def make_deal_assembler(nlp: Language, name: str) -> DealAssembler:
    tokenizer = nlp.tokenizer
    kiwi = (lambda: tokenizer.kiwi) if hasattr(tokenizer, "kiwi") else None
    assembler = DealAssembler(Shaper(kiwi))
    assembler.name = name
    return assembler


__all__ = ["DealAssembler", "Trigger", "make_deal_assembler", "sentence_spans"]
