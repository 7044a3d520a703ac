"""The period of a deal: year, half or quarter, as the text states it.

Korean writing states the time once and lets later sentences inherit it:
"2018년에도 A와 B가 ... 진행했다. 그 결과 ..." — the second sentence is still
about 2018, and "상반기에만" refines the year it sits with. So a sentence's
period is what it says itself, else what the nearest earlier sentence of the
same paragraph said, else the year of the article's date. Relative years
(올해, 작년, 지난해) are resolved against the article date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s?년(?!\s?(?:간|동안|부터|까지|이래))")
_RELATIVE = re.compile(r"(올해|올\s해|금년|작년|지난해|전년|내년|재작년)")
_RELATIVE_OFFSET = {"올해": 0, "올 해": 0, "금년": 0, "작년": -1, "지난해": -1, "전년": -1, "내년": 1,
                    "재작년": -2}
_HALF = re.compile(r"(상반기|하반기)")
_QUARTER = re.compile(r"([1-4１-４])\s?분기|(일|이|삼|사)\s?분기")
_QUARTER_WORD = {"일": "1", "이": "2", "삼": "3", "사": "4"}
_DATE_YEAR = re.compile(r"((?:19|20)\d{2})")


@dataclass(frozen=True)
class Period:
    year: int | None = None
    part: str | None = None  # 상반기, 하반기, 1분기 ...

    def label(self) -> str | None:
        if self.year is None and self.part is None:
            return None
        return " ".join(p for p in (str(self.year) if self.year else None, self.part) if p)


def article_year(published: str | None) -> int | None:
    if not published:
        return None
    m = _DATE_YEAR.search(published)
    return int(m.group(1)) if m else None


def stated_period(sentence: str, base_year: int | None) -> Period:
    """Year and half/quarter written in one sentence (the first of each)."""
    year = None
    m = _YEAR.search(sentence)
    if m:
        year = int(m.group(1))
    else:
        r = _RELATIVE.search(sentence)
        if r and base_year is not None:
            year = base_year + _RELATIVE_OFFSET[r.group(1)]
    part = None
    h = _HALF.search(sentence)
    if h:
        part = h.group(1)
    else:
        q = _QUARTER.search(sentence)
        if q:
            num = q.group(1) or _QUARTER_WORD[q.group(2)]
            part = f"{num.translate(str.maketrans('１２３４', '1234'))}분기"
    return Period(year, part)


class PeriodTracker:
    """Carries periods through the sentences of a document in order.

    Call ``period_of`` once per sentence, in text order; a blank line (a new
    paragraph) stops what earlier sentences stated from carrying over.
    """

    def __init__(self, text: str, published: str | None):
        self.text = text
        self.base_year = article_year(published)
        self._carried = Period()
        self._last_end = 0

    def period_of(self, start: int, end: int) -> str | None:
        if "\n" in self.text[self._last_end:start] or start < self._last_end:
            self._carried = Period()
        self._last_end = end
        stated = stated_period(self.text[start:end], self.base_year)
        if stated.year is not None:
            self._carried = stated
        elif stated.part is not None:
            self._carried = Period(self._carried.year or self.base_year, stated.part)
        current = self._carried if (self._carried.year or self._carried.part) else Period(self.base_year)
        return current.label()
