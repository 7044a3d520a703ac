"""Canonical layer: one name per company, whatever the spelling in the text.

- legal forms and quotes are dropped and spacing is joined ("(주) 누리 이앤엠" -> "누리이앤엠");
- a known alias or listed name maps to its gazetteer canonical (and its KRX code);
- in "가온, 다솜 백화점" the head written once belongs to both names: "가온"
  becomes "가온백화점" when that name occurs in the document or the gazetteer;
- an alias in brackets right after a name is that name ("한국가온공사(KGC)": KGC, here
  and in the rest of the document, is 한국가온공사), and so is a short form of a name
  the document used before, made of its syllables in order ("누리에너지솔루션 … 누리엔솔",
  ``is_short_form``);
- a Latin name made of a parent's acronym and a coined word is known by the coined
  word ("ABC GaoNet" is "GaoNet", as other documents write it), and a company's name
  is not qualified by the country written before it ("일본 가온상사" is "가온상사");
- a near-miss spelling, used once, one syllable different from a name seen
  in the same document with the same head, is read as that name: a typo, not
  a new company. Near misses of gazetteer names alone are not mapped: small
  companies are often one syllable away from a listed one ("누리바이오" is not
  a typo of a listed "우리바이오"); ``Gazetteer.near`` is there for callers
  that have more context.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from kdeal.records import Mention

from .evidence import known_forms, non_company_reason
from .gazetteer import Gazetteer
from .grammar import NAME_PARTICLES
from .kind import COMPANY_HEADS, ORG_HEADS, company_head, head_of
from .normalise import normalise


def one_edit_apart(a: str, b: str) -> bool:
    """Same length, exactly one syllable different."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def _same_head(a: str, b: str) -> bool:
    return company_head(a) == company_head(b) and head_of(a, ORG_HEADS) == head_of(b, ORG_HEADS)


class CanonicalLayer:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def __call__(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        out = [self._base(m) for m in spelled_names(text, list(mentions))]
        out = self._shared_heads(text, out)
        out = self._near_misses(out)
        return link_aliases(text, out)

    def _base(self, m: Mention) -> Mention:
        canon = normalise(bare_name(m.canonical or m.text, m.kind)) or m.text
        entry = self.gazetteer.get(canon)
        if entry is not None:
            return replace(m, canonical=entry.canonical, code=entry.code or m.code)
        return replace(m, canonical=canon)

    def _with_code(self, m: Mention, canonical: str) -> Mention:
        entry = self.gazetteer.get(canonical)
        return replace(m, canonical=entry.canonical if entry else canonical,
                       code=(entry.code if entry else None) or m.code)

    def _shared_heads(self, text: str, ms: list[Mention]) -> list[Mention]:
        names = {m.canonical for m in ms}
        for i in range(len(ms) - 1):
            m, n = ms[i], ms[i + 1]
            if text[m.end:n.start] not in (", ", ",", "· ", "·", "과 ", "와 "):
                continue
            parts = n.text.split()
            if len(parts) < 2 or company_head(m.canonical) or head_of(m.canonical, ORG_HEADS):
                continue
            head = parts[-1]
            if head not in COMPANY_HEADS and head not in ORG_HEADS:
                continue
            joined = m.canonical + head
            if joined in names or joined in self.gazetteer:
                ms[i] = self._with_code(m, joined)
        return ms

    def _near_misses(self, ms: list[Mention]) -> list[Mention]:
        seen = {m.canonical for m in ms if m.kind in ("company", "organization")}
        out = []
        for m in ms:
            name = m.canonical
            if m.kind != "company" or name in self.gazetteer or len(name) < 4:
                out.append(m)
                continue
            in_doc = [n for n in seen if n != name and one_edit_apart(name, n) and _same_head(name, n)]
            # Only a spelling seen once can be a typo of a name the document uses more often.
            if len(in_doc) == 1 and sum(1 for x in ms if x.canonical == name) == 1:
                out.append(self._with_code(m, in_doc[0]))
                continue
            out.append(m)
        return out


# A parent's acronym, then one coined word with a capital inside it ("ABC GaoNet").
_PARENT_AND_COINED = re.compile(r"[A-Z]{2,5} (?P<coined>[A-Z][a-z]+[A-Z][A-Za-z]*)")


def bare_name(name: str, kind: str) -> str:
    """The name without what only qualifies it (see the module docstring)."""
    m = _PARENT_AND_COINED.fullmatch(name)
    if m:
        return m.group("coined")
    first, sep, rest = name.partition(" ")
    if sep and rest and kind == "company":
        k = known_forms().get(first)
        if k is not None and known_forms().label(first) == "place" and k.org_share < PLACE_ORG_SHARE:
            return rest
    return name


# A word known as a place that was an organisation this often or more names the state, and stays.
PLACE_ORG_SHARE = 0.25
# An alias in brackets: a Latin acronym or a short Hangul word.
# "(KGC)", "(가공)", or with 이하 ("hereafter"), which names the short form outright: "(이하 누리)",
# "(이하 ‘누리’)".
ALIAS_IN_BRACKETS = re.compile(r"\((?P<hereafter>이하\s*)?[‘'\"“]?(?P<alias>[A-Z][A-Za-z0-9&]{1,7}|[가-힣]{2,5})[’'\"”]?\)")


# What may follow a short form used as a name: a case particle or nothing, then no letter.
_USE_AFTER = rf"{NAME_PARTICLES}(?![가-힣A-Za-z0-9])"


def later_uses(text: str, alias: str, start: int) -> list[tuple[int, int]]:
    """Where the document uses the short form after introducing it ("누리는", "누리와"): a word
    of its own, alone or with a case particle, and not right after an object (a Hangul short
    form may also be a verb's stem: "혜택을 누리는")."""
    pattern = re.compile(rf"(?<![가-힣A-Za-z0-9])(?<!을 )(?<!를 ){re.escape(alias)}(?={_USE_AFTER})")
    return [m.span() for m in pattern.finditer(text, start)]


def link_aliases(text: str, ms: list[Mention]) -> list[Mention]:
    """Aliases in brackets and short forms take the canonical name of the name they stand for
    (the alias in brackets becomes a mention when nothing covers it)."""
    if not ms:
        return ms
    canon: dict[str, Mention] = {}
    out = list(ms)
    for m in ms:
        a = ALIAS_IN_BRACKETS.match(text, m.end)
        if m.is_org and a and is_alias(a.group("alias"), m.canonical, bool(a.group("hereafter"))):
            alias = a.group("alias")
            canon.setdefault(alias, m)
            for s, e in [a.span("alias"), *later_uses(text, alias, a.end())]:
                if not any(x.start < e and s < x.end for x in out):
                    out.append(Mention(m.doc_id, s, e, alias, m.canonical, m.kind, m.code, "propagated:alias"))
    seen: list[Mention] = []
    for k, m in enumerate(sorted(out, key=lambda x: x.start)):
        full = canon.get(m.canonical) if m.is_org else None
        if m.is_org and full is None:
            full = next((p for p in seen if is_short_form(m.canonical, p.canonical)), None)
        if full is not None:
            m = replace(m, canonical=full.canonical, kind=full.kind, code=full.code or m.code)
        if m.is_org:
            seen.append(m)
        out[k] = m
    return out


def is_alias(alias: str, name: str, hereafter: bool = False) -> bool:
    """Can ``alias`` in brackets after ``name`` stand for it: a Latin word that is no common
    acronym (MOU, CEO), or a Hangul short form of the name ("(서울)" after a name is a place).
    After 이하 (``hereafter``) the writer says so outright: the name's front is its short form
    too ("누리엔터테인먼트(이하 누리)")."""
    if len(alias) >= len(name.replace(" ", "")):
        return False
    if alias.isascii():
        return non_company_reason(alias) is None
    return is_short_form(alias, name) or (hereafter and name.replace(" ", "").startswith(alias))


_HANGUL_BASE, _FINALS = 0xAC00, 28
# The final consonant each initial consonant becomes when a syllable takes it in
# ("에" + "너" -> "엔"): index of the initial -> index of the final (0: cannot).
_INITIAL_TO_FINAL = (1, 2, 4, 7, 0, 8, 16, 17, 0, 19, 20, 21, 22, 0, 23, 24, 25, 26, 27)


def _contracts(short: str, syl: str, nxt: str) -> bool:
    """Does ``short`` write syllable ``syl`` with the initial of ``nxt`` as its final ("엔" for "에너")?"""
    codes = [ord(c) - _HANGUL_BASE for c in (short, syl, nxt)]
    if any(not 0 <= c < 11172 for c in codes) or codes[1] % _FINALS:
        return False
    final = _INITIAL_TO_FINAL[codes[2] // (21 * _FINALS)]
    return bool(final) and codes[0] == codes[1] + final


# National prefixes a short form leaves out ("가온공사" of "한국가온공사").
NATIONAL_PREFIXES = ("한국", "대한")


def is_short_form(short: str, full: str) -> bool:
    """True when ``short`` takes the syllables of ``full`` in order, starting with its first
    (or the first after a national prefix), and is not simply its front ("누리엔솔" of
    "누리에너지솔루션", "가뱅" of "가온뱅크", "가공" of "한국가온공사"; not "누리" of "누리전자")."""
    if full.startswith(NATIONAL_PREFIXES) and not short.startswith(NATIONAL_PREFIXES):
        full = full[2:]
    if not 2 <= len(short) < len(full) or short[0] != full[0] or full.startswith(short):
        return False
    i = 1
    for k, c in enumerate(short[1:], 1):
        while i < len(full) and full[i] != c and not (i + 1 < len(full) and _contracts(c, full[i], full[i + 1])):
            i += 1
        if i >= len(full):
            return False
        i += 2 if full[i] != c else 1
    return True


# How Korean spells Latin letters ("KM" is 케이엠, "S&C" is 에스앤씨).
LETTER_NAMES = {
    "A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지", "H": "에이치", "I": "아이",
    "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔", "O": "오", "P": "피", "Q": "큐", "R": "알",
    "S": "에스", "T": "티", "U": "유", "V": "브이", "W": "더블유", "X": "엑스", "Y": "와이", "Z": "지", "&": "앤",
}
# The letters a spelled-out name must end with to be read as its acronym's spelling.
MIN_SPELLED_LETTERS = 2
MAX_ACRONYM = 8
_SPELLED_WORD = re.compile(r"[가-힣]{2,12}$")


def spelled(acronym: str) -> str | None:
    """The Hangul spelling of a Latin acronym, or None when it holds other characters."""
    parts = [LETTER_NAMES.get(ch.upper()) for ch in acronym]
    return None if any(p is None for p in parts) else "".join(parts)  # type: ignore[arg-type]


def spelled_names(text: str, ms: list[Mention]) -> list[Mention]:
    """"다온케이엠(DKM)", "엠에스앤씨(MS&C)": a Hangul word written right before a bracketed
    acronym and ending in that acronym's spelled letters is the name; the acronym its alias."""
    out = list(ms)
    for m in ms:
        close = text.find(")", m.end, m.end + MAX_ACRONYM)
        if not (m.is_org and m.text.isascii() and text[m.start - 1:m.start] == "(" and close >= 0
                and text[m.start:close].isascii()):
            continue
        w = _SPELLED_WORD.search(text, 0, m.start - 1)
        if w is None or (w.start() > 0 and text[w.start() - 1] not in " \n'\"‘“(["):
            continue
        word = w.group()
        if any(x.start < w.end() and w.start() < x.end for x in out) or not _spells_tail(word, text[m.start:close]):
            continue
        out.append(Mention(m.doc_id, w.start(), w.end(), word, word, "company", m.code, "form:spelled"))
    return sorted(out, key=lambda x: (x.start, x.end))


def _spells_tail(word: str, acronym: str) -> bool:
    letters = [ch for ch in acronym if ch.isalpha() or ch == "&"]
    for n in range(len(letters), MIN_SPELLED_LETTERS - 1, -1):
        tail = spelled("".join(letters[-n:]))
        if tail is not None and word.endswith(tail):
            return True
    return False
