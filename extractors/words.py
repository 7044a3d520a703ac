"""Words of a sentence (eojeol) with what their last morphemes make of them.

Korean writes a noun with its particles, or a verb stem with its endings, as
one space-delimited word. What a word does in its clause is said at its end:
a case particle makes it an argument with a role ("업무협약을": object), an
ending makes it a predicate that closes a clause ("체결했고": coordinate,
"체결한": adnominal), no suffix leaves it a bare noun inside a longer noun
phrase ("미국 바이오기업 ..."). ``sentence_words`` reads that off Kiwi's
morphemes, and records the punctuation between words (commas, middle dots,
hyphens, quotes) because coordination and headlines are written with it.

Kiwi sometimes reads a nominalised verb plus particle ("출시하기로": 하+기+로)
or a contraction ("설립키로") as a noun and a particle; those are predicates
that plan a deal and are classified as such.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from .grammar import PARTICLE_ROLES, TAG_ROLES, Ending, Role, connective_kind
from .tokens import TokenArrays, Units


class Kind(str, Enum):
    NOUN = "noun"        # a bare nominal: part of a longer noun phrase
    ARG = "arg"          # a nominal closed by a case particle
    PRED = "pred"        # a verb, adjective, copula or nominalised verb with its ending
    ADV = "adv"          # adverbs and conjunctive adverbs (및, 그리고, 함께)
    DET = "det"          # determiners (이, 두, 각)
    OTHER = "other"


_NOMINAL = ("NNG", "NNP", "NNB", "NR", "NP", "SL", "SH", "SN", "XSN", "XPN", "XR", "SW", "W_")
_VERBAL = ("VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA")
# "설립키로", "협력키로": the contraction of 하기로 that Kiwi reads as a noun + 로.
_KIRO = re.compile(r"(?:키로|기로)$")
_PLAN_NOUN_ENDINGS = ("기로", "키로")


@dataclass(frozen=True)
class Word:
    """One word unit of a sentence.

    ``stem_end`` is where the nominal stem ends and the particles begin (ARG),
    or where the verb stem ends and its endings begin (PRED). ``sep`` is the
    punctuation between this word and the next one ("," "·" "-" or "" for a
    plain space); ``open_quote``/``close_quote`` tell that a quote mark stands
    right before or after it.
    """

    i: int
    start: int
    end: int
    stem_end: int
    first_tok: int
    last_tok: int
    kind: Kind
    text: str
    role: Role | None = None
    particles: tuple[str, ...] = ()
    ending: Ending | None = None
    ending_form: str = ""
    sep: str = ""
    open_quote: bool = False
    close_quote: bool = False
    aside: bool = False
    bullet: bool = False

    def with_role(self, stem_end: int, role: Role, particles: tuple[str, ...]) -> "Word":
        """The same word read as a noun plus particles ending at ``stem_end``."""
        return Word(self.i, self.start, self.end, stem_end, self.first_tok, self.last_tok, Kind.ARG, self.text,
                    role, particles, None, "", self.sep, self.open_quote, self.close_quote, self.aside, self.bullet)

    @property
    def stem(self) -> str:
        return self.text[: self.stem_end - self.start]

    @property
    def topicalised(self) -> bool:
        """A case particle followed by 은/는 ("와는", "에는"): the phrase is also the topic."""
        return len(self.particles) > 1 and self.particles[-1] in ("은", "는", "ᆫ")

    @property
    def also(self) -> bool:
        return bool(self.particles) and self.particles[-1] == "도"


def _particle_role(forms: list[str], tags: list[str]) -> Role:
    """The role of a run of particles: the first case particle decides ("와는" is WITH)."""
    joined = "".join(forms)
    if joined in ("와의", "과의"):
        return Role.PARTNER_OF
    for form, tag in zip(forms, tags):
        if tag in TAG_ROLES:
            return TAG_ROLES[tag]
        role = PARTICLE_ROLES.get(form)
        if role is not None:
            return role
    return Role.OTHER


def _classify(arr: TokenArrays, s: int, e: int, text: str, base: int) -> tuple:
    """(kind, stem_end, role, particles, ending, ending_form) of the word on tokens [s, e)."""
    tags = arr.first_tags
    last_tags = [arr.tags[i].rsplit("+", 1)[-1] for i in range(s, e)]
    j = e
    while j > s and tags[j - 1].startswith("J"):
        j -= 1
    if j < e:
        forms = [arr.texts[i] for i in range(j, e)]
        ptags = [tags[i] for i in range(j, e)]
        verbal = [i for i in range(s, j) if tags[i].startswith(_VERBAL) or last_tags[i - s] == "ETN"]
        if verbal and last_tags[j - 1 - s] in ("ETN",):
            # "출시하기로", "협력하기로": a nominalised verb with a particle plans an act
            return Kind.PRED, arr.idx[verbal[0]], None, (), Ending.NOMINAL, "".join(forms)
        if j - 1 >= s and _KIRO.search("".join(arr.texts[j - 1:e])) and "".join(arr.texts[j - 1:e]) in \
                _PLAN_NOUN_ENDINGS:
            return Kind.PRED, arr.idx[j - 1], None, (), Ending.NOMINAL, "키로"
        return Kind.ARG, arr.idx[j], _particle_role(forms, ptags), tuple(forms), None, ""
    last = last_tags[-1]
    first = tags[e - 1]
    if last.startswith("E") or first.startswith(_VERBAL):
        k = e - 1
        while k > s and (tags[k].startswith("E") or tags[k] == "EP"):
            k -= 1
        stem_end = arr.idx[k + 1] if k + 1 < e and k + 1 > s else arr.idx[e - 1]
        form = arr.texts[e - 1]
        if last == "ETM":
            ending = Ending.COPULA if "VCP" in arr.tags[e - 1] or (e - 2 >= s and "VCP" in arr.tags[e - 2]) \
                else Ending.ADNOMINAL
        elif last == "EF" or last == "SF":
            ending = Ending.FINAL
        elif last == "ETN":
            ending = Ending.NOMINAL
        elif last == "EC":
            ending = connective_kind(form)
        else:
            ending = Ending.FINAL if first.startswith(_VERBAL) else Ending.COORDINATE
        return Kind.PRED, stem_end, None, (), ending, form
    if first in ("MAG", "MAJ"):
        return Kind.ADV, arr.idx[e - 1] + len(arr.texts[e - 1]), None, (), None, ""
    if first == "MM" and e - s == 1:
        return Kind.DET, arr.idx[e - 1] + len(arr.texts[e - 1]), None, (), None, ""
    if first.startswith(_NOMINAL) or first == "MM":
        end = arr.idx[e - 1] + len(arr.texts[e - 1])
        glued = _glued_particle(arr.texts[e - 1], common=first == "NNG") if e - s == 1 and first in ("NNP", "NNG") \
            else None
        if glued is not None:
            # Kiwi reads an unknown name with its particle as one proper noun ("누리디아에 HBM4 공급")
            return Kind.ARG, end - len(glued), PARTICLE_ROLES[glued], (glued,), None, ""
        return Kind.NOUN, end, None, (), None, ""
    return Kind.OTHER, arr.idx[e - 1] + len(arr.texts[e - 1]), None, (), None, ""


# Particles Kiwi leaves glued to an unknown proper noun, and endings of real names that look like them.
GLUED_PARTICLES = ("으로부터", "로부터", "에게서", "에게", "에서", "에", "와", "과")
_NOT_GLUED = ("학과", "외과", "내과", "치과")
MIN_GLUED_STEM = 2


def _glued_particle(token: str, common: bool = False) -> str | None:
    """The particle glued to a name Kiwi did not know; for a common noun only the dative and
    source particles, as many common nouns end in 과 ("효과", "성과")."""
    if token.endswith(_NOT_GLUED):
        return None
    allowed = GLUED_PARTICLES[:-2] if common else GLUED_PARTICLES
    return next((p for p in allowed if token.endswith(p) and len(token) - len(p) >= MIN_GLUED_STEM), None)


def sentence_words(arr: TokenArrays, units: Units, text: str, start: int, end: int) -> list[Word]:
    """The words of ``text[start:end]``, with the punctuation that follows each."""
    out: list[Word] = []
    spans = [(s, e) for s, e in units.spans if arr.idx[s] >= start and arr.idx[e - 1] < end]
    depth = 0
    for k, (s, e) in enumerate(spans):
        ws, we = arr.idx[s], arr.idx[e - 1] + len(arr.texts[e - 1])
        bullet = False
        while ws < we and text[ws] in BULLETS:
            ws, bullet = ws + 1, True  # "▲현대차": Kiwi keeps the bullet inside the word
        if bullet and out:
            out[-1] = replace(out[-1], sep="▲")
        kind, stem_end, role, particles, ending, ending_form = _classify(arr, s, e, text, start)
        stem_end = max(stem_end, ws)
        nxt = arr.idx[spans[k + 1][0]] if k + 1 < len(spans) else end
        gap = text[we:nxt]
        prev_end = arr.idx[spans[k - 1][1] - 1] + len(arr.texts[spans[k - 1][1] - 1]) if k else start
        before = text[prev_end:ws]
        depth = max(0, depth + before.count("(") + before.count("[") - before.count(")") - before.count("]"))
        out.append(Word(
            i=k, start=ws, end=we, stem_end=stem_end, first_tok=s, last_tok=e, kind=kind, text=text[ws:we],
            role=role, particles=particles, ending=ending, ending_form=ending_form, sep=_separator(gap),
            open_quote=_has_quote(before), close_quote=_has_quote(gap), aside=depth > 0,
            bullet=bullet or _BULLET_BEFORE.search(before) is not None,
        ))
    return _seps_past_asides(_department_particles(out, arr), text, end)


# Words after "…학과" that keep it a department ("화학과 교수", "화학과 학생").
_ACADEMIC_NEXT = ("교수", "학생", "졸업", "출신", "학부", "대학원", "연구실", "석사", "박사", "학과장", "동문")


def _department_particles(words: list[Word], arr: TokenArrays) -> list[Word]:
    """"누리화학과 MOU를": Kiwi reads a company's 화학 and the particle 과 as 화학과 (a
    department, NNG). Before anything but a student or a professor, 과 is the particle."""
    out = list(words)
    for k, w in enumerate(words):
        last = w.last_tok - 1
        if w.kind is not Kind.NOUN or w.last_tok - w.first_tok < 2 or arr.texts[last] not in ("과", "와") \
                or arr.tags[last] != "NNG" or not arr.tags[last - 1].startswith("NN"):
            continue
        nxt = words[k + 1].text if k + 1 < len(words) else ""
        if nxt.startswith(_ACADEMIC_NEXT):
            continue
        role = PARTICLE_ROLES[arr.texts[last]]
        out[k] = replace(w, kind=Kind.ARG, stem_end=arr.idx[last], role=role, particles=(arr.texts[last],))
    return out


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _seps_past_asides(words: list[Word], text: str, end: int) -> list[Word]:
    """"삼성물산(지분 60%)과 DL건설(25%), 동원개발": what joins a word to the next word outside
    brackets is the punctuation after the bracket, not the bracket."""
    out = list(words)
    outside = [k for k, w in enumerate(words) if not w.aside]
    for n, k in enumerate(outside):
        nxt = words[outside[n + 1]].start if n + 1 < len(outside) else end
        if nxt <= words[k].end or k + 1 == (outside[n + 1] if n + 1 < len(outside) else len(words)):
            continue  # no bracket in between: the separator is already right
        gap = _BRACKETED.sub(" ", text[words[k].end:nxt])
        out[k] = replace(words[k], sep=_separator(gap))
    return out


BULLETS = "▲△■□●○◆◇▶▷•·-※"
_BULLET_BEFORE = re.compile(r"[▲△■□●○◆◇▶▷•※]\s*$")
_QUOTE_CHARS = "'\"‘’“”「」『』《》〈〉"


def _has_quote(gap: str) -> bool:
    return any(c in _QUOTE_CHARS for c in gap)


def _separator(gap: str) -> str:
    """The punctuation that joins or parts two words: the first mark found in the gap."""
    for mark in (",", "，", "·", "ㆍ", "・", "/", "-", "–", "—", "…", "▲", "△", "■", "●", "◆", "(", ")",
                 "[", "]", ".", "?", "!", ";", ":", "\n"):
        if mark in gap:
            return {"，": ",", "ㆍ": "·", "・": "·", "–": "-", "—": "-", "△": "▲", "■": "▲", "●": "▲",
                    "◆": "▲"}.get(mark, mark)
    return ""
