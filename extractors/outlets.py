"""News outlets cited as sources: named in the text, never a party, never a company of the story.

A report names the outlet that carries or broke it: a dateline ("(서울=연합뉴스) 박상훈
기자 =", "【도쿄=뉴시스】"), an attribution ("로이터통신에 따르면", "더벨 보도에 따르면",
"블룸버그통신은 ... 보도했다", "뉴스1과의 통화에서", "연합뉴스에 \"...\"라고"). Such a
name is the source of the sentence, not an actor in it: ``outlet_spans`` finds them so
that the deal reader skips the dateline and the mentions leave them out.

An outlet is recognised by its name (a press head: …뉴스, …통신, …신문, …일보,
…저널, …타임스, …방송, a number after 뉴스) together with an attribution cue, or by a
cue that only an outlet takes ("X 보도", "X 기자", "X 특파원"), or by standing in a
dateline. A company quoted as a source ("삼성전자에 따르면") is left alone.
"""
from __future__ import annotations

import re

from kdeal.records import Mention

# The layer name of a mention read as an outlet cited as a source (kept out of the output).
OUTLET_LAYER = "outlet"
# Heads of press names ("연합뉴스", "뉴스1", "로이터통신", "니혼게이자이신문", "월스트리트저널").
PRESS_NAME = re.compile(r"(?:뉴스\d?|통신|신문|일보|저널|타임스|방송|데일리|투데이|미디어|경제|비즈|포스트|헤럴드)$")
# "(서울=연합뉴스) 박상훈 기자 =", "【도쿄=뉴시스】", "[부산=뉴스1]": the dateline at a report's head.
DATELINE = re.compile(r"^\s*[(（【\[]\s*[가-힣A-Za-z]{1,8}\s*=\s*[^)）】\]]{1,20}[)）】\]]\s*"
                      r"(?:[가-힣]{2,4}\s*(?:기자|특파원|통신원)\s*=\s*)?")
# What follows an outlet's name when it is the source: "에 따르면", "보도", "은 ... 보도했다", "과의 통화".
_AFTER_PRESS = re.compile(r"^(?:\s?(?:보도|취재|기자|특파원|인용)|(?:에|의)\s?(?:따르면|보도|취재)|(?:과|와)의\s?통화"
                          r"|에\s?[\"“']|이\s?입수|가\s?입수|(?:은|는|이|가)\s.{0,60}?(?:보도했|보도한|전했|인용해))")
# Cues only an outlet takes, whatever its name: "더벨 보도에 따르면", "머니투데이 보도에 대해".
_OUTLET_ONLY = re.compile(r"^\s?(?:보도(?:에|에\s?따르면|에\s?대해|에서|와|로)|기자|특파원|취재(?:를|에)|(?:이|가)\s?입수한)")
_ALIAS = re.compile(r"^\s?\(([^)]{1,20})\)")


def dateline_end(text: str, start: int, end: int) -> int:
    """Where a sentence's dateline ends (``start`` when it has none)."""
    m = DATELINE.match(text, start, end)
    return m.end() if m else start


def outlet_spans(text: str, mentions: list[Mention], sentence_starts: list[int]) -> set[tuple[int, int]]:
    """Spans of the mentions that are outlets cited as sources (and their aliases in brackets)."""
    found: set[tuple[int, int]] = set()
    datelines = [(s, dateline_end(text, s, len(text))) for s in sentence_starts]
    for m in mentions:
        alias = _ALIAS.match(text, m.end)
        after = text[alias.end() if alias else m.end:m.end + 80]  # past "(닛케이)", "(WSJ)"
        in_dateline = any(s <= m.start and m.end <= e for s, e in datelines if e > s)
        if in_dateline or _OUTLET_ONLY.match(after) or (PRESS_NAME.search(m.text) and _AFTER_PRESS.match(after)):
            found.add((m.start, m.end))
            if alias:
                found.add((alias.start(1), alias.end(1)))
    return found
