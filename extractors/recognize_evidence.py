"""Evidence layer: the last word on every company or organisation the rules and the model found.

Run after the rules and the model are combined (``companies.CompanyRecognizer``):

- shape repairs: a name never crosses an unbalanced bracket ("가온 8(GAON 8" is cut to
  "가온 8"), and a name that starts inside a word made of digits and Latin letters
  starts with the word ("3D누리스", not "D누리스");
- negative evidence (``evidence.non_company_reason``): a personal name before a title,
  a model number, a place, product or work the lexicon knows as such, become a
  person, product or place mention; an acronym (MOU, CEO ...), a generic noun
  (시공사, 협력사 ...), a programming language, a disease or a number is dropped;
- a political party is an organisation, never a company (``evidence.party_kind``);
- a city, province or district acts as its government before a subject or partner particle
  and is the place before a locative one (``local_government``);
- a public body is named with the place written before it ("베를린 경찰", ``with_place_before``)
  and a body's part with the body ("가람대 총학생회", ``with_division_after``).

Names from the user's own lists and from the list of public bodies are left as they are:
a user knows their own data best, and those lists name one body each.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from spacy.tokens import Doc

from kdeal.records import Mention

from .kind import COMPANY_HEADS, LOCAL_GOVERNMENT, ORG_HEADS
from .evidence import known_forms, known_label, looks_like_person_name, non_company_reason, party_kind
from .tokens import Boundaries, Units, doc_text

# Reasons that say what the name is instead; the others say it is no name at all.
REASON_KINDS = {"person": "person", "place": "place", "site": "place", "product": "product", "model": "product",
                "work": "product"}
TRUSTED = ("gazetteer:user", "gazetteer:institutions")
USER = "gazetteer:user"
INSTITUTIONS = "gazetteer:institutions"
# Layers whose names announce themselves by their own shape (a legal form, a business head) or
# by a cue that calls them companies (a list of companies, 社, a company noun before them): the
# lexicon's word on the bare string does not overrule them ("가온" may be a place elsewhere),
# the words around them still do.
SHAPED = ("form", "context:enumeration", "context:before-사", "context:after-company-noun", "context:after-media-noun",
          "context:quoted-after-company-noun", "context:match-side", "context:club-shape")
_LEXICON_REASONS = frozenset(("place", "work", "product", "technology", "disease", "title", "event", "term",
                              "number"))
_LATIN_OR_DIGIT = ("SL", "SN")
MIN_NAME_CHARS = 2
BRACKETS = ("()", "[]", "<>", "{}")
_BRACKET_CHARS = frozenset("".join(BRACKETS))


class EvidenceLayer:
    """Applies the evidence to a document's mentions (see the module docstring)."""

    def __call__(self, doc: Doc, bounds: Boundaries, units: Units, mentions: Iterable[Mention]) -> list[Mention]:
        out = []
        text = doc_text(doc)
        for found in mentions:
            m = at_word_start(text, found) if found.is_org and not found.source.startswith(USER) else found
            if m is None:
                continue
            if not m.is_org or m.source.startswith(TRUSTED):
                if not (m.is_org and m.source.startswith(INSTITUTIONS) and self._counted(doc, bounds, units, m)):
                    out.append(with_division_after(text, with_place_before(text, m)))
                continue
            m2 = self._repaired(doc, bounds, units, m)
            if m2 is None:
                continue
            judged = self._judged(doc, bounds, units, m2)
            if judged is not None:
                out.append(with_division_after(text, with_place_before(text, judged)))
        return out

    @staticmethod
    def _counted(doc: Doc, bounds: Boundaries, units: Units, m: Mention) -> bool:
        """A public body's name followed by a head count is its staff ("경찰 5명"), no body."""
        _, next_word = neighbours(doc, bounds, units, m.start, m.end)
        return bool(next_word and HEAD_COUNT.fullmatch(next_word))

    def _repaired(self, doc: Doc, bounds: Boundaries, units: Units, m: Mention) -> Mention | None:
        text = doc_text(doc)
        start, end = m.start, m.end
        name = text[start:end]
        for opening, closing in BRACKETS if _BRACKET_CHARS.intersection(name) else ():
            k = name.find(opening)
            if k != -1 and name.find(closing, k) == -1:
                end = start + len(name[:k].rstrip())
            k = name.rfind(closing)
            if k != -1 and name.rfind(opening, 0, k) == -1:
                start = start + k + 1 + (len(name[k + 1:]) - len(name[k + 1:].lstrip()))
            name = text[start:end]
        if start and text[start - 1].isascii() and text[start - 1].isalnum():
            start = self._word_start(bounds, units, start)
        start, end = trimmed(text, start, end)
        if end - start < MIN_NAME_CHARS:
            return None
        if (start, end) == (m.start, m.end):
            return m
        canonical = m.canonical if text[start:end] == m.text else text[start:end]
        return replace(m, start=start, end=end, text=text[start:end], canonical=canonical)

    @staticmethod
    def _word_start(bounds: Boundaries, units: Units, start: int) -> int:
        """Back to the start of its word when only digits and Latin letters precede the name there."""
        tok = bounds.starts.get(start)
        if tok is None or tok not in units.of_token:
            return start
        s = units.spans[units.of_token[tok]][0]
        tags = units.arr.first_tags
        if s < tok and all(tags[i] in _LATIN_OR_DIGIT for i in range(s, tok)):
            return units.arr.idx[s]
        return start

    def _judged(self, doc: Doc, bounds: Boundaries, units: Units, m: Mention) -> Mention | None:
        prev_word, next_word = neighbours(doc, bounds, units, m.start, m.end)
        reason = non_company_reason(m.text, next_word, prev_word) or context_reason(doc_text(doc), m, next_word)
        if reason in _LEXICON_REASONS and m.source.startswith(SHAPED):
            reason = None
        if reason is None and " " in m.text and m.canonical != m.text:
            reason = non_company_reason(m.canonical, next_word, prev_word)
            reason = reason if reason not in _LEXICON_REASONS else None
        if reason is None:
            party = party_kind(m.canonical)
            m = replace(m, kind=party) if party and m.kind != party else m
        else:
            kind = REASON_KINDS.get(reason)
            if kind is None:
                return None
            m = replace(m, kind=kind)
        return local_government(m, particle_after(bounds, units, m.end))


# Particles that make a city, province or district the actor of its clause ("대구시는 …을 소독했다":
# its government) or the place where something happens ("대구시에서 열린").
ACTOR_PARTICLES = frozenset(("은", "는", "이", "가", "도", "만", "와", "과", "와의", "과의", "로부터", "에게"))
PLACE_PARTICLES = frozenset(("에서", "에", "에서는", "에는", "으로", "로", "에서도", "까지", "부터"))


def local_government(m: Mention, particle: str | None) -> Mention:
    """A city, province or district by its shape ("누리시", "가람도", "한빛구") is its government,
    an organisation, when it acts (a subject, topic or partner particle after it) and the place
    when something happens in it (a locative particle); else it is left as judged."""
    if m.kind not in ("place", "organization") or particle is None or not LOCAL_GOVERNMENT.fullmatch(m.text.replace(" ", "")):
        return m
    if particle in ACTOR_PARTICLES and m.kind == "place":
        return replace(m, kind="organization")
    if particle in PLACE_PARTICLES and m.kind == "organization":
        return replace(m, kind="place")
    return m


def particle_after(bounds: Boundaries, units: Units, end: int) -> str | None:
    """The particles right after a span that ends where its word's core ends, or None."""
    last = bounds.ends.get(end)
    u = units.of_token.get(last) if last is not None else None
    if u is None or units.core(u)[1] != last + 1:
        return None
    return "".join(units.arr.texts[last + 1:units.spans[u][1]])


# The parts of a body written after it as a word of their own: a court's bench ("3부", "형사9단독",
# "전원합의체"), a union, a students' council, a delegation, an assembly or council of the UN,
# a police box, a field office, a staff. "가온전자 노조" is the union, no longer the company.
DIVISION_AFTER = re.compile(
    r" (?P<part>(?:(?:형사|민사|행정|가사) ?)?\d{1,2}(?:부|단독)|전원합의체|노조|노동조합|총학생회|학생회|대표단|총회|"
    r"안보리|안전보장이사회|지구대|사업소|비서진)(?P<rest>[가-힣]*)")
# What may follow a division in its word: a particle or nothing ("노조는", "총회에서").
DIVISION_PARTICLES = frozenset(("", "은", "는", "이", "가", "을", "를", "의", "에", "에서", "와", "과", "도", "측",
                                "로", "으로", "에게", "에서는", "와의", "과의", "까지", "만"))


# A news head written apart after a Latin acronym is the outlet's name: "GNB 방송", "NRA 통신".
LATIN_MEDIA_AFTER = re.compile(r" (?P<part>통신|방송|뉴스)(?P<rest>[가-힣]*)")


def with_division_after(text: str, m: Mention) -> Mention:
    """A body's part written after it is one name with it, an organisation: "가람대 총학생회",
    "누리지법 형사3단독", "가온전자 노조" (see ``DIVISION_AFTER``); so is a news head after a
    Latin acronym ("GNB 방송"), which keeps the acronym's kind."""
    if not m.is_org:
        return m
    kind = "organization"
    d = DIVISION_AFTER.match(text, m.end)
    if d is None and m.text.isascii() and m.text.isupper():
        d, kind = LATIN_MEDIA_AFTER.match(text, m.end), m.kind
    if d is None or d.group("rest") not in DIVISION_PARTICLES:
        return m
    e = d.end("part")
    return replace(m, end=e, text=text[m.start:e], canonical=f"{m.canonical} {d.group('part')}", kind=kind)


# A head count after a word ("경찰 5명", "군인 3명"): people counted, not a body.
HEAD_COUNT = re.compile(r"\d+(?:여)?명")


def context_reason(text: str, m: Mention, next_word: str | None) -> str | None:
    """Why the words around ``m`` make it no organisation, or None.

    A place alone in brackets after a word is a nationality or a home ("윌리엄 모에너(미국)",
    "골든 이글스(일본)"): a place. A word followed by a head count is a group of people
    ("경찰 5명이 사망했다"), no body that acts: a title."""
    if (m.start and m.end < len(text) and text[m.start - 1] == "(" and text[m.end] == ")"
            and known_forms().label(m.text) == "place"):
        return "place"
    if next_word and HEAD_COUNT.fullmatch(next_word) and known_forms().label(m.text) != "company":
        return "title"
    return None


# Words that qualify no name, written before or after one: a person ("홍길순 가온대"), a date or
# number, a title ("가온대 교수진"), by the lexicon's classes.
FRONT_CLASSES = frozenset(("person", "number", "title"))
BACK_CLASSES = frozenset(("number", "title"))


def _unknown_person(word: str) -> bool:
    """A three-syllable word with a surname that the lexicon does not know: a personal name."""
    return len(word) == PERSON_NAME_SYLLABLES and looks_like_person_name(word) and word not in known_forms()


PERSON_NAME_SYLLABLES = 3


# A word's front before a name inside it: this many syllables make a modifier that belongs to
# the name ("의무경찰", "지방의회"); one is a prefix that makes another word ("반정부", "구의회").
MIN_FRONT_CHARS = 2
# Particles a front may end in when a name is glued to the word before ("가온과누리"): no front.
_PARTICLE_END = frozenset("와과의은는이가을를에도로")


def at_word_start(text: str, m: Mention) -> Mention | None:
    """A Korean name starts a word: a name found inside a Korean word ("의무경찰" holding "경찰") is the
    whole word when its front is a modifier of two syllables or more, and no name when the front
    is a one-syllable prefix ("반정부"). A front glued by a particle is left alone."""
    s = m.start
    if s == 0 or not _HANGUL_CHAR.match(text[s - 1]) or not _HANGUL_CHAR.match(text[s]):
        return m  # a Latin name glued to a Korean word ("회사인JCB") starts where its script does
    k = s
    while k > 0 and _WORD_CHAR.match(text[k - 1]):
        k -= 1  # back over the letters and digits of the word (a space or a mark ends it)
    front = text[k:s]
    if front[-1] in _PARTICLE_END:
        return m
    if len(front) < MIN_FRONT_CHARS:
        return None
    name = text[k:m.end]
    return replace(m, start=k, text=name, canonical=name)


_HANGUL_CHAR = re.compile("[가-힣]")
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s\"'‘“(]))(?P<word>[가-힣]{2,8}) $")
# How far back the word before a body is looked for (a place name and its space).
MAX_PLACE_LOOKBACK = 10


# A body's name this short is one every place has ("경찰", "법원", "해군"): its canonical name
# keeps the place. A longer one names one body already ("누리통상부"), and keeps its own.
MAX_GENERIC_BODY_CHARS = 3


def with_place_before(text: str, m: Mention) -> Mention:
    """A public body written after the place it serves is one name with it: "베를린 경찰",
    "누리시 경찰서", "애틀랜타 법원" (Berlin's police is no other city's). Only bodies
    (kind organisation): a company keeps its name without the country ("일본 가온상사")."""
    if m.kind != "organization" or m.start < 3:
        return m
    before = _WORD_BEFORE.search(text, max(0, m.start - MAX_PLACE_LOOKBACK), m.start)
    if before is None or known_label(before.group("word")) != "place":
        return m
    s = before.start("word")
    generic = len(m.canonical.replace(" ", "")) <= MAX_GENERIC_BODY_CHARS
    canonical = f"{before.group('word')} {m.canonical}" if generic else m.canonical
    return replace(m, start=s, text=text[s:m.end], canonical=canonical)
_WORD_CHAR = re.compile("[가-힣A-Za-z0-9]")


def _bare_head(word: str) -> bool:
    """A business or institutional head by itself ("모빌리티", "전자", "재단")."""
    return word in COMPANY_HEADS or word in ORG_HEADS


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the words before and after it that the lexicon knows as no part of a name."""
    words = text[start:end].split(" ")
    while len(words) > 1 and (known_forms().label(words[0]) in FRONT_CLASSES or _unknown_person(words[0])):
        if len(words) == 2 and _bare_head(words[1]):
            break  # "하리손 모빌리티": a head alone names nothing, so the word before is the name
        start += len(words.pop(0)) + 1
    while len(words) > 1 and known_forms().label(words[-1]) in BACK_CLASSES:
        end -= len(words.pop()) + 1
    return start, end


def neighbours(doc: Doc, bounds: Boundaries, units: Units, start: int, end: int) -> tuple[str | None, str | None]:
    """The words before and after a span, without their particles: the rest of the span's
    own word when the span ends inside it ("씨" in "홍길동씨는"), else the next word's core;
    the word before when a space separates it from the span."""
    nxt = prev = None
    last = bounds.ends.get(end)
    if last is not None and last in units.of_token:
        u = units.of_token[last]
        cs, ce = units.core(u)
        if last + 1 < ce:
            nxt = "".join(units.arr.texts[last + 1:ce])
        elif last + 1 == units.spans[u][1] and units.adjacent(u, u + 1):
            nxt = units.core_text(u + 1)
    first = bounds.starts.get(start)
    if first is not None and first in units.of_token:
        u = units.of_token[first]
        if units.spans[u][0] == first and units.adjacent(u - 1, u):
            prev = units.core_text(u - 1)
    return prev, nxt


def warm() -> None:
    """Reads the lexicon now (the pipeline calls it while loading, not on the first document)."""
    known_forms()
