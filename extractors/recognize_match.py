"""Match layer: the sides of a sports match are teams, organisations whatever else their names are.

Korean sports reporting names the two sides of a match in a few fixed frames:

- "A 대 B 경기", "A 대 B전": the words either side of 대 (對) before a match noun;
- "A-B의 경기", "A와 B의 경기": a pair joined by a dash or by 와/과, owning a match noun
  (a list of such pairs: "C-D, E-F의 경기");
- "A와의 원정경기", "A와의 맞대결": the opponent, marked 와의/과의;
- "A를 3-1로 꺾었다", "A를 2 대 1로 이겼다": the beaten side, object of a win verb after a score;
- "A에 1-2로 졌다", "A에 완패했다": the side that won, before a defeat;
- a player's club in his brackets after his age: "홍길동(28·누리 이글스)".

A country in such a frame is its national team, a city its club ("부산"), a company its
team: each an organisation, which the lexicon's word "place" does not overrule. "경기" is
also the economy ("한국과 중국의 경기 둔화"), and 대결 a political fight, so the frames
are read only in a sentence that speaks of sport (a score, or a word of the game).

A club has a shape of its own too: a city or state, then a nickname transliterated from an
English plural ("애틀랜타 라쿤스"), which ``_club_shapes`` reads in a sentence about sport (a
country and a company's name ending in 스 make the same shape: "덴마크 베스타스").
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable, Iterator

from spacy.tokens import Doc

from kdeal.records import Mention

from .evidence import known_label
from .tokens import Units, doc_text

LAYER_CUE = "context:match-side"
CLUB_CUE = "context:club-shape"
KIND = "organization"
# Nouns that name a match (the unit's core ends in one).
MATCH_NOUNS = ("경기", "맞대결", "대결", "평가전", "친선전", "결승전", "준결승전", "개막전", "결승", "준결승",
               "매치", "더비", "시합")
# The bound noun 전 (戰) glued after a side, or written as its own token: "솔마루전", "누리벨전".
MATCH_SUFFIX = "전"
VERSUS = "대"
# Win and defeat words after the side they take (object of a win, 에 before a defeat).
WIN_STEMS = ("꺾", "이기", "이겼", "제압", "누르", "눌렀", "물리치", "물리쳤", "격파", "완파")
LOSS_WORDS = ("완패", "패배", "패했", "패하", "졌", "지고", "역전패", "석패", "덜미", "무릎", "대패", "일격")
OPPONENT_TAILS = ("와의", "과의")
PAIR_TAILS = ("와", "과")
OWNER_TAIL = "의"
OBJECT_TAILS = ("을", "를")
LOSS_TAILS = ("에", "에게")
# Words that make a sentence one about sport (checked on the sentence text).
SPORT_WORDS = re.compile(
    r"득점|[0-9]골|골을|골문|골키퍼|이닝|홈런|타점|안타|투수|타자|세트|슈팅|연승|연패|무승부|감독|선수|리그|시즌|"
    r"대표팀|구단|우승|결승|원정|홈경기|경기장|구장|스타디움|킥오프|전반|후반|평가전|맞대결|챔피언|월드컵|올림픽|"
    r"야구|농구|축구|배구|격투기|예선|통산|\d+(?:승|패|무)|팬들|구단주?|홈구장|개막전")
SCORE = re.compile(r"\d+\s*(?:-|:|대)\s*\d+")
# A side runs over at most this many words ("FC 솔마루", "애틀랜타 라쿤스").
MAX_SIDE_WORDS = 3
# A club's nickname: a transliterated English plural, one Korean word ending in 스 or 즈.
NICKNAME_ENDS = ("스", "즈")
MIN_NICKNAME_CHARS = 2
# Fronts that head a side's words but are no part of its name: a league, a kind of team.
FRONT_NOT_NAME = ("리그", "팀", "프로야구", "프로농구", "프로축구", "프로배구")

DASHES = ("-", "–")
# Something a frame needs, anywhere in a document: a match noun, a result, a dash between two
# words, a player's age in brackets. A document with none of these (and no word of sport) is
# not read sentence by sentence.
FRAME_HINT = re.compile("|".join(map(re.escape, (*MATCH_NOUNS, *WIN_STEMS, *LOSS_WORDS)))
                        + r"|\w[-–]\w|\(\d+·| 대 ")

Nameish = Callable[[Doc, int, int], bool]


class MatchFrames:
    """The sides of the match frames of a document (see the module docstring)."""

    def __init__(self, nameish: Nameish):
        self.nameish = nameish

    def __call__(self, doc: Doc, units: Units, did: str) -> Iterator[Mention]:
        text = doc_text(doc)
        if not (FRAME_HINT.search(text) or SPORT_WORDS.search(text) or SCORE.search(text)):
            return  # no match noun, score, result or word of the game: most business prose
        starts = [s for s, _ in units.spans]
        for sent in doc.sents:
            stext = text[sent.start_char:sent.end_char]
            sporty = bool(SPORT_WORDS.search(stext) or SCORE.search(stext))
            lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            for s, e in sorted(set(self._sides(doc, units, lo, hi, sporty))):
                yield self._mention(doc, did, s, e, LAYER_CUE)
            if sporty:  # "덴마크 베스타스" is a company: a club's shape only where sport is spoken of
                for s, e in _club_shapes(doc, units, lo, hi):
                    yield self._mention(doc, did, s, e, CLUB_CUE)

    @staticmethod
    def _mention(doc: Doc, did: str, s: int, e: int, cue: str) -> Mention:
        a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        name = doc_text(doc)[a:b]
        return Mention(did, a, b, name, name, KIND, None, cue)

    # --- the frames, unit by unit ---------------------------------------------------------
    def _sides(self, doc: Doc, units: Units, lo: int, hi: int, sporty: bool) -> Iterator[tuple[int, int]]:
        """Every side in units ``lo``..``hi`` (one sentence); the frames that also read as the
        economy or a fight ("A와 B의 경기", "A전", a bracket) only in a ``sporty`` sentence."""
        for u in range(lo, hi):
            tail = _tail(units, u)
            if units.core_text(u) == VERSUS and not tail and lo < u < hi - 1:
                yield from self._versus(doc, units, u)
            elif tail in OPPONENT_TAILS and _match_noun_at(units, u + 1, hi):
                yield from self._side(doc, units, u)
            elif tail in OBJECT_TAILS and _won_after(units, u + 1, hi):
                yield from self._side(doc, units, u)
            elif tail in LOSS_TAILS and _lost_after(units, u + 1, hi):
                yield from self._side(doc, units, u)
            elif sporty and tail in PAIR_TAILS and (w := _owner_of_match(units, u + 1, hi)) is not None:
                yield from self._side(doc, units, u)
                yield from self._side(doc, units, w)
            elif sporty and _ends_in_match_suffix(units, u):
                yield from self._side(doc, units, u)
            if _dash_after(units, u):
                yield from self._dash_pairs(doc, units, u, hi)
            if sporty:
                yield from self._club_in_brackets(doc, units, u)

    def _versus(self, doc: Doc, units: Units, v: int) -> Iterator[tuple[int, int]]:
        """"A 대 B 경기" / "A 대 B전": both sides, when B is followed by a match noun or ends in 전."""
        if not (units.adjacent(v - 1, v) and units.adjacent(v, v + 1)):
            return
        b_s, b_e = units.core(v + 1)
        if b_e - b_s > 1 and units.arr.texts[b_e - 1] == MATCH_SUFFIX:
            b_e -= 1
        elif not _match_noun_at(units, v + 2, len(units)):
            return
        if units.core(v - 1) != units.spans[v - 1]:
            return  # "A는 대 B": no pair
        a = self._side(doc, units, v - 1)
        if self.nameish(doc, b_s, b_e):
            yield from a
            yield b_s, b_e

    def _side(self, doc: Doc, units: Units, u: int) -> Iterator[tuple[int, int]]:
        """Unit ``u``'s core as a side, run back over the bare name-like words before it."""
        s, e = units.core(u)
        texts = units.arr.texts
        if e - s > 1 and texts[e - 1] == MATCH_SUFFIX:
            e -= 1  # "솔마루전과": the side without 전
        if not self.nameish(doc, s, e) or known_label(units.core_text(u)) == "person":
            return
        w = u
        while (u - w + 1 < MAX_SIDE_WORDS and units.adjacent(w - 1, w) and units.core(w - 1) == units.spans[w - 1]
               and not units.core_text(w - 1).endswith(FRONT_NOT_NAME)
               and known_label(units.core_text(w - 1)) not in ("event", "person", "number", "title")
               and self.nameish(doc, *units.core(w - 1))):
            w -= 1
        yield units.spans[w][0], e

    def _dash_pairs(self, doc: Doc, units: Units, u: int, hi: int) -> Iterator[tuple[int, int]]:
        """"A-B의 경기", "C-D, E-F의 경기": dash pairs in a comma list whose last pair owns a match
        noun. Read from the first pair (``u`` is the unit before a dash)."""
        if u > 0 and (_dash_after(units, u - 1) or _comma_after(units, u - 1)):
            return  # not the first pair of its list
        pairs, w = [], u
        while w + 1 < hi and _dash_after(units, w) and units.core(w) == units.spans[w]:
            pairs.append((w, w + 1))
            if _comma_after(units, w + 1) and w + 2 < hi and _dash_after(units, w + 2):
                w += 2
                continue
            break
        if not pairs:
            return
        last = pairs[-1][1]
        if _tail(units, last) not in (OWNER_TAIL, *PAIR_TAILS) or not _match_noun_at(units, last + 1, hi):
            return
        for a, b in pairs:
            if self.nameish(doc, *units.core(a)) and self.nameish(doc, *units.core(b)):
                yield units.core(a)
                yield units.core(b)

    def _club_in_brackets(self, doc: Doc, units: Units, u: int) -> Iterator[tuple[int, int]]:
        """"홍길동(28·누리 이글스)": after a player's age, his club. Unit ``u`` is the age."""
        s, e = units.spans[u]
        texts, tags = units.arr.texts, units.arr.first_tags
        if not (s > 0 and texts[s - 1] == "(" and e - s == 1 and tags[s] == "SN" and e < len(texts)
                and texts[e] == "·"):
            return
        v = u + 1
        if v >= len(units) or units.spans[v][0] != e + 1:
            return
        w = v
        while w + 1 < len(units) and units.adjacent(w, w + 1) and w - v + 1 < MAX_SIDE_WORDS:
            w += 1
        c_s, c_e = units.spans[v][0], units.core(w)[1]
        if c_e < len(texts) and texts[c_e] == ")" and known_label(units.core_text(v)) not in ("place", "title") \
                and all(self.nameish(doc, *units.core(x)) for x in range(v, w + 1)):
            yield c_s, c_e


def _tail(units: Units, u: int) -> str:
    """The particles and endings of unit ``u`` after its core."""
    return "".join(units.arr.texts[units.core(u)[1]:units.spans[u][1]])


def _owner_of_match(units: Units, v: int, hi: int) -> int | None:
    """The unit that ends the second side of "A와 B의 경기" (B may run over words: "누리 이글스의")."""
    for w in range(v, min(v + MAX_SIDE_WORDS, hi)):
        if not units.adjacent(w - 1, w):
            return None
        tail = _tail(units, w)
        if tail == OWNER_TAIL:
            return w if _match_noun_at(units, w + 1, hi) else None
        if tail:
            return None
    return None


def _ends_in_match_suffix(units: Units, u: int) -> bool:
    """"솔마루전이": a name, then the bound noun 전 as a token of its own, in one word."""
    s, e = units.core(u)
    return e - s > 1 and units.arr.texts[e - 1] == MATCH_SUFFIX and units.arr.first_tags[e - 2] in ("NNP", "SL")


def _match_noun_at(units: Units, v: int, hi: int) -> bool:
    return v < hi and units.adjacent(v - 1, v) and units.core_text(v).endswith(MATCH_NOUNS)


# Kiwi's tags for a number, and for a score written with a dash ("3-1로": one serial token).
SCORE_TAGS = ("SN", "W_SERIAL")


def _score_at(units: Units, v: int) -> bool:
    """Unit ``v`` is a score or part of one: "3-1로", or "2" and "1로" of "2 대 1로"."""
    return v < len(units) and units.arr.first_tags[units.spans[v][0]] in SCORE_TAGS


def _won_after(units: Units, v: int, hi: int) -> bool:
    """A win verb right after, or after a score: "꺾었다", "3-1로 꺾고", "2 대 1로 이겼다"."""
    for w in range(v, min(v + 4, hi)):
        if units.core_text(w).startswith(WIN_STEMS) or units.text(w).startswith(WIN_STEMS):
            return True
        if not (_score_at(units, w) or units.core_text(w) == VERSUS):
            return False
    return False


def _lost_after(units: Units, v: int, hi: int) -> bool:
    """A defeat right after, or after a score: "완패했다", "1-2로 졌다"."""
    for w in range(v, min(v + 4, hi)):
        if units.text(w).startswith(LOSS_WORDS):
            return True
        if not (_score_at(units, w) or units.core_text(w) == VERSUS):
            return False
    return False


def _dash_after(units: Units, u: int) -> bool:
    """Unit ``u`` is followed, with no space, by a dash and then, with no space, by the next unit."""
    e, texts, ws = units.spans[u][1], units.arr.texts, units.arr.ws
    return (u + 1 < len(units) and e < len(texts) and texts[e] in DASHES and not ws[e - 1] and not ws[e]
            and units.spans[u + 1][0] == e + 1)


def _comma_after(units: Units, u: int) -> bool:
    e, texts = units.spans[u][1], units.arr.texts
    return u + 1 < len(units) and e < len(texts) and texts[e] == "," and units.spans[u + 1][0] == e + 1


def _club_shapes(doc: Doc, units: Units, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """A place, then a transliterated plural nickname: "애틀랜타 라쿤스" (see the module docstring).
    The nickname is a proper noun or a word Kiwi does not know, no dictionary noun ("뉴스")."""
    tags = units.arr.first_tags
    for u in range(lo, hi - 1):
        if units.core(u) != units.spans[u] or known_label(units.core_text(u)) != "place":
            continue
        if not units.adjacent(u, u + 1):
            continue
        s, e = units.core(u + 1)
        nick = units.core_text(u + 1)
        if (e - s == 1 and tags[s] == "NNP" and len(nick) >= MIN_NICKNAME_CHARS and nick.endswith(NICKNAME_ENDS)
                and known_label(nick) not in ("place", "person") and not _starts_with_place(nick)):
            yield units.spans[u][0], e


def _starts_with_place(word: str) -> bool:
    """"뉴욕타임스": a word that begins with a known place is a name of its own, no nickname."""
    return any(known_label(word[:k]) == "place" for k in range(MIN_NICKNAME_CHARS, len(word)))
