"""Names found from their slot: a word where a deal needs a party is a party candidate.

"한빛식품은 든든유통과 납품 계약을 체결했다" names two companies whether or not
any list knows them: the subject and the comitative of a deal predicate are
its parties. A candidate is accepted unless evidence says it is something
else:

* a person: a title follows ("김도윤 대표") or the word has the shape of a
  Korean personal name before a title;
* a place alone: a country or region word (``grammar.DESCRIPTOR_WORDS``);
  a city or province as a party is its government and stays (an organisation);
* a product, brand or service: quoted and followed by a product head, or a
  product head after it ("'루나스캔' 솔루션");
* a common acronym or a generic noun ("MOU", "업계", "양사");
* an ordinary word: one frequent common noun (``nameshape.COMMON_RANK``).

Weak shapes (a rare common noun, common nouns written as one word) are
accepted only in a slot that wants a name: the subject, topic or comitative of
a deal predicate.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kdeal.records import Mention

from .deal_types import find_triggers
from .grammar import NAME_TAILS, Role
from .kind import LOCAL_GOVERNMENT, company_head, kind_of, org_head
from .evidence import ORG_CLASSES, is_title, known_label, non_company_reason
from .nameshape import Shape
from .normalise import normalise
from .phrases import Conjunct

SLOT_LAYER = "slot"
# Roles in which a weak-shaped word is still taken as a name: the core arguments of the deal.
STRONG_ROLES = frozenset({Role.TOPIC, Role.SUBJECT, Role.ALSO, Role.WITH, Role.PARTNER_OF, Role.BARE})
# Business words a name in a dative or source slot may end with ("누리유통", "가온상사").
BUSINESS_ENDINGS = ("유통", "마트", "몰", "상회", "무역", "트레이딩", "팜", "농산", "수산", "축산")
# A name this long (in words) is a phrase, not a name.
MAX_NAME_WORDS = 5
MIN_NAME_CHARS = 2
# A deal word may carry a one-syllable prefix and still be no name: 재계약, 본계약, 가계약.
MAX_DEAL_PREFIX = 1
_QUOTES = "'\"‘’“”「」『』"


def accept(c: Conjunct, role: Role, text: str, lenient: bool = False) -> bool:
    """Whether the name of conjunct ``c`` (no recognised mention) is a party by its slot.

    A weak shape needs more: a descriptor before it ("식품 제조사 소담은"), quotes, or
    ``lenient`` — the other side of the deal is a clear name, so this slot holds one too.
    """
    if c.name is None or c.mention is not None:
        return c.mention is not None
    s, e = c.name
    name = text[s:e].strip(_QUOTES + " ")
    if len(name.replace(" ", "")) < MIN_NAME_CHARS or len(name.split()) > MAX_NAME_WORDS:
        return False
    if is_deal_word(text, s, e):
        return False  # "B와 재계약이 무산됐다": the deal itself in the subject slot, no party
    if c.quoted and c.heads:
        return False  # "'루나스캔' 솔루션": a product by its head
    # "A 김철수 대표": the word after A is the person (the heads keep the title first)
    after = c.heads[-1] if len(c.heads) > 1 and is_title(c.heads[0]) else (c.heads[0] if c.heads else None)
    reason = non_company_reason(name, next_word=after)
    if reason is None and len(c.heads) == 1 and is_title(c.heads[0]) and " " not in name.strip() \
            and not company_head(name) and not org_head(name):
        return False  # "벨리니 회장과": one word before a title, with no company head, is a person
    if reason is not None and not (reason == "place" and LOCAL_GOVERNMENT.fullmatch(name.replace(" ", ""))):
        return False  # a person, an acronym, a known place, work or technology ... (``evidence``)
    if c.heads and type_noun(c.heads[0]) and not c.quoted:
        return False  # "냉장물류 업체 인수", "낸드 설계업체": a kind of company, described, no name
    if c.shape is Shape.NAME or known_label(name) in ORG_CLASSES:
        return True
    if c.shape is not Shape.WEAK_NAME:
        return False
    if c.described or c.quoted or (lenient and role in STRONG_ROLES):
        return True
    # a dative or source names a business by its head ("누리유통에 납품"), not a hall ("전용관에 입점")
    return lenient and role in (Role.DATIVE, Role.SOURCE) and _business_word(name)


def acting_government(m: Mention, role: Role) -> Mention | None:
    """A recognised place that acts in a deal: a province, city or district ("전라남도는 …와
    투자협약을 체결했다") in an agent slot stands for its government, an organisation. In other
    slots ("…시에 공장을 짓는") it stays a place."""
    if m.kind != "place" or role not in STRONG_ROLES or not LOCAL_GOVERNMENT.fullmatch(m.text.replace(" ", "")):
        return None
    return Mention(m.doc_id, m.start, m.end, m.text, m.canonical, "organization", m.code, SLOT_LAYER)


def slot_mention(c: Conjunct, text: str, doc_id: str) -> Mention:
    """The recognised name for an accepted slot conjunct."""
    assert c.name is not None
    s, e = c.name
    while s < e and text[s] in _QUOTES:
        s += 1
    while e > s and text[e - 1] in _QUOTES:
        e -= 1
    e = _before_deal_word(text, s, e)
    surface = text[s:e]
    kind = "organization" if LOCAL_GOVERNMENT.fullmatch(surface) else kind_of(surface)
    return Mention(doc_id, s, e, surface, normalise(surface), kind, None, SLOT_LAYER)


def is_deal_word(text: str, s: int, e: int) -> bool:
    """Is text[s:e] a deal word, bare or after a one-syllable prefix ("계약", "재계약", "본계약")?"""
    return any(t.end >= e and t.start - s <= MAX_DEAL_PREFIX for t in find_triggers(text, s, e))


def _before_deal_word(text: str, s: int, e: int) -> int:
    """A name stops before a deal word of its own ("가온유통 맞손" in a headline is 가온유통)."""
    for t in find_triggers(text, s, e):
        if t.start > s and text[t.start - 1] == " ":
            return len(text[s:t.start].rstrip()) + s
    return e


_WORD_CHAR = re.compile(r"[가-힣A-Za-z0-9]")
_PARTICLE_AFTER = re.compile(r"(?:과의|와의|으로부터|로부터|에게서|에게|에서|에는|와는|과는|와도|과도|이나|이랑|하고|"
                             r"은|는|이|가|을|를|의|에|와|과|도|로|으로|랑|측|사|서)?(?![가-힣A-Za-z0-9])")


def propagate_names(doc: object, bounds: object, found: list[Mention], mentions: list[Mention],
                    text: str) -> Iterator[Mention]:
    """The names accepted from their slot, and every other place they stand in the document.

    A place counts when the name starts a word and is followed by nothing, a particle
    or punctuation ("든든한이웃과", "든든한이웃은"), and no recognised name covers it.
    """
    taken = [(m.start, m.end) for m in mentions]
    seen: set[str] = set()
    for m in found:
        taken.append((m.start, m.end))
        yield m
    for m in found:
        if m.text in seen:
            continue
        seen.add(m.text)
        start = text.find(m.text)
        while start != -1:
            end = start + len(m.text)
            if (start == 0 or not _WORD_CHAR.match(text[start - 1])) and _PARTICLE_AFTER.match(text, end) \
                    and (start, end) not in taken \
                    and not any(s < end and start < e and not (start <= s and e <= end) for s, e in taken):
                taken.append((start, end))
                yield Mention(m.doc_id, start, end, m.text, m.canonical, m.kind, None, SLOT_LAYER)
            start = text.find(m.text, end)


def _business_word(name: str) -> bool:
    flat = name.replace(" ", "")
    return bool(company_head(flat) or org_head(flat)) or flat.endswith(BUSINESS_ENDINGS + NAME_TAILS)


# Nouns that say what kind of company a phrase describes ("냉장물류 업체", "낸드 설계업체").
TYPE_NOUNS = frozenset(("업체", "기업", "회사", "스타트업", "업체들", "기업들", "회사들", "스타트업들"))


def type_noun(word: str) -> bool:
    return word in TYPE_NOUNS or (len(word) > 2 and word.endswith(("업체", "기업", "회사")))
