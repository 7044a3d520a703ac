"""Partner relations and deal assembly (first layer: "A와/과 B" with a deal predicate).

Korean marks the partner of a joint action with the comitative particle
와/과 (or 및 between listed names): "A와 B가 협업", "A가 B와 계약". A relation
is read when a name (or an enumeration of names) is followed by 와/과/및 and
then by another name or a counted group ("23개 회원사"), and the sentence has
a deal predicate. Enumerations joined by commas stay on one side, so that
"롯데백화점, 갤러리아백화점과 10개 회원사" pairs each store with the group but
not the two stores with each other.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.records import Deal, Evidence, Group, Mention, Party, Quantity, Source, make_deal_id

from .doc_ext import doc_id

# (pattern, deal type); the first match in the sentence decides the type.
PREDICATES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), t) for p, t in (
        (r"컨소시엄", "consortium"),
        (r"투자|인수|지분", "investment"),
        (r"입점", "store_entry"),
        (r"업무\s?협약|협약|MOU|양해각서|제휴|파트너십", "partnership"),
        (r"계약|공급|납품", "contract"),
        (r"공동\s?(개발|연구)|결합상품", "joint_development"),
        (r"기술\s?이전", "tech_transfer"),
        (r"비즈니스\s?매칭", "business_matching"),
        (r"협업|협력|손을\s?잡|손잡|콜라보|합작|공동", "collaboration"),
    )
)
COMITATIVE = ("와", "과", "및")
_QUOTES = "'\"‘’“”「」『』"
_ENUM_SEP = re.compile(r"^\s*[,，·]\s*$|^\s*,?\s*(및|그리고)\s*$")
_YEAR = re.compile(r"((?:19|20)\d{2})년")


def deal_type(sentence: str) -> str | None:
    for pattern, kind in PREDICATES:
        if pattern.search(sentence):
            return kind
    return None


def _strip_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _QUOTES + " ":
        start += 1
    while end > start and text[end - 1] in _QUOTES + " ":
        end -= 1
    return start, end


def _between(text: str, a: int, b: int) -> str:
    s, e = _strip_quotes(text, a, b)
    return text[s:e]


class DealAssembler:
    """Reads ``doc._.mentions`` and ``doc._.quantities``; writes ``doc._.deals``."""

    def _enumeration(self, text: str, names: list[Mention], k: int, step: int) -> list[Mention]:
        """Names joined to names[k] by commas, walking backwards (step -1) or forwards (+1)."""
        out = [names[k]]
        i = k
        while 0 <= i + step < len(names):
            left, right = (names[i + step], names[i]) if step < 0 else (names[i], names[i + step])
            if not _ENUM_SEP.match(_between(text, left.end, right.start) or " "):
                break
            i += step
            out.append(names[i])
        return out if step > 0 else list(reversed(out))

    def _deals_in(self, doc: Doc, sent: Span, names: list[Mention], quantities: list[Quantity]) -> list[Deal]:
        text = doc.text
        kind = deal_type(sent.text)
        if kind is None or not names:
            return []
        article = doc._.article
        did = doc_id(doc)
        sstart, send = sent.start_char, sent.end_char
        while send > sstart and text[send - 1].isspace():
            send -= 1
        evidence = Evidence(text[sstart:send], sstart, send)
        year = _YEAR.search(evidence.sentence)
        deals: list[Deal] = []
        used: set[int] = set()
        for k, m in enumerate(names):
            if k in used:
                continue
            after = m.end
            while after < send and text[after] in _QUOTES:
                after += 1
            particle = next((p for p in COMITATIVE if text.startswith(p, after)), None)
            if particle is None:
                continue
            rest = after + len(particle)
            side_a = self._enumeration(text, names, k, -1)
            side_b: list[Mention] = []
            group: Group | None = None
            group_q: tuple[Quantity, ...] = ()
            nxt = next((n for n in names[k + 1:] if n.start >= rest), None)
            q = next((q for q in quantities if q.start >= rest), None)
            if q is not None and q.noun and _between(text, rest, q.start) == "" and \
                    (nxt is None or q.start < nxt.start):
                group = Group(q.noun, int(q.value), q.approx)
                group_q = (q,)
            elif nxt is not None and _between(text, rest, nxt.start) == "":
                side_b = self._enumeration(text, names, names.index(nxt), +1)
            else:
                continue
            for x in side_a + side_b:
                used.add(names.index(x))
            parties = tuple(
                [Party(x.text, x.canonical, x.kind, "a", x.start, x.end) for x in side_a]
                + [Party(x.text, x.canonical, x.kind, "b", x.start, x.end) for x in side_b]
            )
            deals.append(Deal(
                deal_id=make_deal_id(did, kind, parties, group, evidence.start),
                doc_id=did, type=kind, status="done", parties=parties, evidence=evidence,
                group=group, quantities=group_q, period=year.group(1) if year else None,
                source=Source.of(article) if article is not None else Source(),
            ))
        return deals

    def __call__(self, doc: Doc) -> Doc:
        mentions = [m for m in (doc._.mentions or ()) if m.is_org]
        quantities = list(doc._.quantities or ())
        deals: list[Deal] = []
        for sent in doc.sents:
            names = [m for m in mentions if sent.start_char <= m.start and m.end <= sent.end_char]
            qs = [q for q in quantities if sent.start_char <= q.start and q.end <= sent.end_char]
            deals.extend(self._deals_in(doc, sent, names, qs))
        doc._.deals = tuple(deals)
        return doc


@Language.factory("kdeal_deals")
def make_deal_assembler(nlp: Language, name: str) -> DealAssembler:
    return DealAssembler()
