"""Quantities: a number, its counter and the noun it counts ("10여 개 회원사", "146건").

Numbers are found on characters (Kiwi splits "28,000" into several tokens);
the counted noun is read off the tokens after the counter, because only the
tagger knows where the noun ends and the particle starts.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.records import Quantity

from .tokens import Boundaries

COUNTERS = ("개사", "개월", "개", "곳", "건", "명", "사", "배", "억", "년", "주", "%")

_QUANTITY = re.compile(
    r"(?P<pre>약\s?)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?~\s?(?P<num2>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))?"
    r"(?P<approx>\s?여)?"
    r"\s?(?P<unit>" + "|".join(re.escape(c) for c in COUNTERS) + r")"
    r"(?P<unit2>\s사(?![가-힣]))?"
)
_NOUN_TAGS = ("NNG", "NNP", "SL")
# Counters that count things named by a following noun ("23개 회원사"); measures do not.
_COUNTS_NOUN = ("개", "개사", "곳", "건", "명", "사")


def parse_number(text: str) -> float:
    """'28,000' -> 28000.0; '129.75' -> 129.75."""
    return float(text.replace(",", ""))


def _noun_after(doc: Doc, bounds: Boundaries, pos: int) -> tuple[str, int] | None:
    """The noun compound starting at ``pos`` (after optional space and 의), with its end."""
    text = doc.text
    i = pos
    if text.startswith(" ", i):
        i += 1
    if text.startswith("의", i) and i in bounds.starts and doc[bounds.starts[i]].tag_ == "JKG":
        i += 1
        if text.startswith(" ", i):
            i += 1
    t = bounds.starts.get(i)
    if t is None:
        return None
    j = t
    while j < len(doc) and doc[j].tag_ in _NOUN_TAGS and (j == t or not doc[j - 1].whitespace_):
        j += 1
    if j == t:
        return None
    end = doc[j - 1].idx + len(doc[j - 1].text)
    return text[i:end], end


class QuantityRecognizer:
    """Writes ``doc._.quantities``."""

    def __call__(self, doc: Doc) -> Doc:
        bounds = Boundaries(doc)
        out: list[Quantity] = []
        text = doc.text
        for m in _QUANTITY.finditer(text):
            if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in ",."):
                continue
            unit = m.group("unit") + ("사" if m.group("unit2") else "")
            end = m.end()
            # A counter glued to a longer word is not a counter ("3사업", "2년간" is fine).
            if end < len(text) and re.match(r"[가-힣]", text[end]) and unit in ("사", "주", "배") \
                    and end not in bounds.starts:
                continue
            noun = None
            if unit in _COUNTS_NOUN or unit.endswith("사"):
                found = _noun_after(doc, bounds, end)
                if found and unit not in ("사", "개사"):
                    noun, end = found
            value = parse_number(m.group("num"))
            value_max = parse_number(m.group("num2")) if m.group("num2") else None
            out.append(Quantity(
                start=m.start(), end=end, text=text[m.start():end], value=value,
                approx=bool(m.group("pre") or m.group("approx")), unit=unit.replace(" ", ""),
                noun=noun, value_max=value_max,
            ))
        doc._.quantities = tuple(out)
        return doc


@Language.factory("kdeal_quantities")
def make_quantity_recognizer(nlp: Language, name: str) -> QuantityRecognizer:
    return QuantityRecognizer()
