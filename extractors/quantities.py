"""Quantities: a number, its counter and the noun it counts ("10여 개 회원사", "146건").

Numbers are found on characters (Kiwi splits "28,000" into several tokens and
"1만 2천" into four); whether a counter really ends there, and where the
counted noun stops and its particle starts, is read off the Kiwi tokens,
because only the tagger knows that "3사업" is not "3사" + "업".

Approximation is a flag, not part of the span: "약 80여 곳" and "2배 이상"
give the spans "80여 곳" and "2배" with ``approx`` set, so the same quantity
has the same text however it is hedged. "여" stays in the span because it is
written inside the number ("100여 건").
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kdeal.records import Quantity

from .component import Component
from .doc_ext import QUANTITIES
from .grammar import ORG_COUNT_NOUN
from .numbers import DIGIT_NUMBER, NATIVE_NUMBER, parse_korean_number
from .tokens import Boundaries, boundaries, doc_text

# Longest first: "개사" before "개" and "사", "개월" before "개".
COUNTERS = ("개사", "개월", "개국", "개", "곳", "건", "명", "배", "원", "달러", "주", "%", "％", "년", "회사",
            "사", "차례", "가지")
# Counters that count things named by a following noun ("23개 회원사"); measures do not.
COUNTS_NOUN = ("개", "곳", "건", "명", "가지", "개국")
# Native numerals only ever come before these counters ("세 곳", "두 회사", "열두 개").
NATIVE_COUNTERS = ("개사", "개국", "개", "곳", "건", "명", "회사", "차례", "가지", "배")
APPROX_BEFORE = ("약", "대략", "어림잡아")
APPROX_AFTER = ("이상", "넘게", "가량", "남짓", "이하", "정도", "안팎", "미만", "초과", "내외", "쯤")

_COUNTER_ALT = "|".join(re.escape(c) for c in COUNTERS)
_NATIVE_COUNTER_ALT = "|".join(re.escape(c) for c in NATIVE_COUNTERS)
_RANGE = r"\s?[~∼〜]\s?"

_DIGIT_QUANTITY = re.compile(
    rf"(?P<num>{DIGIT_NUMBER})(?:{_RANGE}(?P<num2>{DIGIT_NUMBER}))?(?P<yeo>\s?여)?"
    rf"(?:\s?(?P<unit>{_COUNTER_ALT})(?P<unit2>\s사)?)?"
)
_NATIVE_QUANTITY = re.compile(
    rf"(?P<num>{NATIVE_NUMBER})(?P<yeo>여)?\s?(?P<unit>{_NATIVE_COUNTER_ALT})"
)
_APPROX_BEFORE = re.compile(r"(?:" + "|".join(APPROX_BEFORE) + r")\s?$")
_APPROX_AFTER = re.compile(r"\s?(?:" + "|".join(APPROX_AFTER) + r")")
_NOUN_TAGS = ("NNG", "NNP", "SL")
_HANGUL = re.compile(r"[가-힣]")
_YEAR = re.compile(r"(?:19|20)\d\d$")


def _noun_run(doc: Doc, t: int) -> int:
    """Index past the nouns glued together from token ``t`` (one eojeol, no plural 들)."""
    j = t
    while j < len(doc) and doc[j].tag_ in _NOUN_TAGS and (j == t or not doc[j - 1].whitespace_):
        j += 1
    return j


def noun_after(doc: Doc, bounds: Boundaries, pos: int, text: str | None = None) -> tuple[str, int] | None:
    """The counted noun after a counter ending at ``pos``, with its end offset.

    Directly after the counter the noun is one word ("23개 회원사"): the next
    word already belongs to the rest of the clause ("28,000개 특허기술 무상이전").
    After the genitive 의 the counter phrase modifies a whole noun phrase, so
    the noun runs to the word that carries the particle ("30여 개의 마케팅
    전문업체들이" counts 마케팅 전문업체), at most three words.
    """
    text = doc.text if text is None else text  # Doc.text rebuilds the string on every access
    i = pos
    genitive = False
    if text.startswith("의", i) and i in bounds.starts and doc[bounds.starts[i]].tag_ == "JKG":
        genitive = True
        i += 1
    if text.startswith(" ", i):
        i += 1
    t = bounds.starts.get(i)
    if t is None:
        return None
    j = _noun_run(doc, t)
    if j == t:
        return None
    words = 1
    if not genitive and doc[j - 1].whitespace_ and j < len(doc) and doc[j].tag_ in _NOUN_TAGS \
            and not ORG_COUNT_NOUN.search(text[i:doc[j - 1].idx + len(doc[j - 1].text)]):
        # "12개 택시 가맹사업자와": a modifier noun, then the organisations counted
        k = _noun_run(doc, j)
        if ORG_COUNT_NOUN.search(text[doc[j].idx:doc[k - 1].idx + len(doc[k - 1].text)]):
            j = k
    while genitive and words < 3 and doc[j - 1].whitespace_ and j < len(doc) and doc[j].tag_ in _NOUN_TAGS:
        k = _noun_run(doc, j)
        j = k
        words += 1
    end = doc[j - 1].idx + len(doc[j - 1].text)
    return text[i:end], end


class QuantityRecognizer(Component):
    """Writes ``doc._.quantities``."""

    def _glued(self, text: str, bounds: Boundaries, end: int) -> bool:
        """A counter glued to a longer word is not a counter ("3사업", "2명품")."""
        return end < len(text) and bool(_HANGUL.match(text[end])) and end not in bounds.starts

    def _approx_after(self, text: str, end: int) -> bool:
        return _APPROX_AFTER.match(text, end) is not None

    def _quantity(self, doc: Doc, bounds: Boundaries, text: str, start: int, end: int, value: float,
                  value_max: float | None, approx: bool, unit: str | None) -> Quantity:
        hedged_after = self._approx_after(text, end)
        approx = approx or hedged_after or bool(_APPROX_BEFORE.search(text[max(0, start - 5):start]))
        noun = None
        if not hedged_after and (unit is None or unit in COUNTS_NOUN or unit == "회사"):
            found = noun_after(doc, bounds, end, text) if unit != "회사" else None
            if found:
                noun, end = found
            elif unit == "회사":
                noun = "회사"
        return Quantity(start=start, end=end, text=text[start:end], value=value, approx=approx, unit=unit,
                        noun=noun, value_max=value_max)

    def _digit_quantities(self, doc: Doc, bounds: Boundaries, text: str) -> list[Quantity]:
        out = []
        for m in _DIGIT_QUANTITY.finditer(text):
            start = m.start()
            if start > 0 and (text[start - 1].isdigit() or text[start - 1] in ",." or
                              text[start - 1].isascii() and text[start - 1].isalpha()):
                continue
            unit = m.group("unit")
            num = m.group("num")
            if unit is None and not re.search(r"[만억조]$", num):
                continue  # a bare number ("3G", "제 6차") is not a quantity
            end = m.end()
            unit2 = bool(m.group("unit2"))
            if unit2 and self._glued(text, bounds, end):
                unit2, end = False, m.start("unit2")  # "3개 사업": the 사 belongs to the next word
            if unit is not None and unit != "%" and self._glued(text, bounds, end):
                continue
            if unit == "년" and _YEAR.fullmatch(num) and not text.startswith(("간", " 동안"), end):
                continue  # "2019년" is a date; the period extractor reads it
            if unit is not None and unit2:
                unit = unit + "사"
            try:
                value = parse_korean_number(num)
                value_max = parse_korean_number(m.group("num2")) if m.group("num2") else None
            except ValueError:
                continue
            out.append(self._quantity(doc, bounds, text, start, end, value, value_max, bool(m.group("yeo")),
                                      unit.replace("％", "%") if unit else None))
        return out

    def _native_quantities(self, doc: Doc, bounds: Boundaries, text: str) -> list[Quantity]:
        out = []
        for m in _NATIVE_QUANTITY.finditer(text):
            start, end = m.start(), m.end()
            tok = bounds.starts.get(start)
            if tok is None or not doc[tok].tag_.startswith(("MM", "NR")):
                continue  # "세" must be the numeral, not a syllable of another word
            if start > 0 and _HANGUL.match(text[start - 1]):
                continue
            if self._glued(text, bounds, end):
                continue
            try:
                value = parse_korean_number(m.group("num"))
            except ValueError:
                continue
            out.append(self._quantity(doc, bounds, text, start, end, value, None, bool(m.group("yeo")),
                                      m.group("unit")))
        return out

    def __call__(self, doc: Doc) -> Doc:
        bounds = boundaries(doc)
        text = doc_text(doc)
        found = self._digit_quantities(doc, bounds, text) + self._native_quantities(doc, bounds, text)
        found.sort(key=lambda q: (q.start, -q.end))
        out: list[Quantity] = []
        for q in found:
            if out and q.start < out[-1].end:
                continue
            out.append(q)
        QUANTITIES.set(doc, tuple(out))
        return doc


@Language.factory("kdeal_quantities", default_config={}, assigns=["doc._.quantities"],
                  requires=[])  # the Kiwi tokenizer gives the tags
def make_quantity_recognizer(nlp: Language, name: str) -> QuantityRecognizer:
    recognizer = QuantityRecognizer()
    recognizer.name = name
    return recognizer
