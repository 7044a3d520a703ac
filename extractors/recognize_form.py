"""Form layer: names that announce themselves by their shape.

Two shapes are enough on their own: a legal form ((주), ㈜, 주식회사, 유한회사,
Inc., Co., Ltd., Corp.) next to a noun run, and a noun compound ending in a
business or institutional head (…전자, …바이오, …이앤씨, …협회, …위원회)
whose other part is a proper noun, a Latin acronym, or a word Kiwi does not
know ("가온/NNP 전자", "누리바이오/NNP", "비엔씨테크/NNG (unknown)"). An
ordinary compound of dictionary nouns ("반도체산업") is not a name. A few
heads also attach after a space ("가온 백화점", "누리 이앤엠"). A proper noun
ending in 부/청/처/당 is a ministry, agency or party. A coined Hangul word with a
Latin head written against it is a company ("다온AI", "가람ICT"). A word of Kiwi's
dictionary ("핀테크") or a sector word before a company noun ("에듀테크 스타트업")
is no name, whatever head it ends in.
"""
from __future__ import annotations

import re
from typing import Iterator

from spacy.tokens import Doc

from kdeal.records import Mention

from .evidence import is_title, known_label
from .gazetteer import Gazetteer, KiwiLexicon
from .grammar import NAME_PARTICLES
from .kind import (
    AMPERSAND_SUFFIX,
    COMPANY_HEADS,
    LETTERS,
    LOANWORD_HEADS,
    ORG_HEADS,
    company_head,
    kind_of,
    org_head,
)
from .nameshape import ORDINARY_FRONT_TAGS

GOV_HEADS = ("부", "청", "처", "당")
# Last syllables of every head and spelled letter: a word ending otherwise has no head.
_HEAD_LAST_CHARS = frozenset(h[-1] for h in (*COMPANY_HEADS, *ORG_HEADS, *GOV_HEADS, *LETTERS.split("|")))
from .tokens import Boundaries, Units, doc_text, first_tag, is_nominal

LAYER = "form"
LEGAL_FORM = re.compile(r"\(주\)|㈜|\(株\)|주식회사|\(유\)|유한회사")
# Legal forms spelled out, which may also follow the name after a space ("가람랩 주식회사").
SPELLED_FORMS = ("주식회사", "유한회사")
# Capitalised Latin words followed by a legal form, written in any case ("Gaon Tech, Inc.",
# "NURI CO.,LTD.", "Dasom Global Limited"); the name is the words before the form.
LATIN_LEGAL_FORM = re.compile(
    r"\b(?P<name>[A-Z][A-Za-z0-9&\-]*(?: [A-Z0-9][A-Za-z0-9&\-]*){0,4}),? "
    r"(?i:Inc|Incorporated|Co|Company|Ltd|Limited|Corp|Corporation|LLC|GmbH|PLC)\.?"
    r"(?:,? ?(?i:Ltd)\.?)?(?![A-Za-z])")
# Heads that may follow the name after a space.
SPACED_HEADS = ("그룹", "백화점", "홀딩스", "코리아", "글로벌", "컴퍼니", "엔터테인먼트", "파트너스", "벤처스",
                "인터내셔널")
_NAMEISH_TAGS = ("NNP", "SL", "SH")
_NAME_END = ("NNP", "NNG", "SL", "SH", "SN", "NR", "XSN")
# Loanword heads that rarely end an ordinary compound: a plain noun in front is enough
# ("누리바이오", "다솜푸드"); native heads (전자, 산업, 건설) need a proper noun or unknown word.
STRONG_HEADS = ("바이오", "바이오텍", "테크", "글로벌", "코리아", "푸드", "소프트", "닷컴", "홀딩스", "시스템즈",
                "솔루션즈", "네트웍스", "케미칼", "메디칼", "파마", "컴퍼니", "랩스", "인터내셔널", "코퍼레이션",
                "엔지니어링", "로지스틱스", "모빌리티", "게임즈", "벤처스", "인베스트먼트", "파트너스", "로보틱스",
                "코스메틱", "유플러스", "엔터테인먼트", "모터스", "캐피탈", "엔젤스", *LOANWORD_HEADS)
# Latin heads written right after a Hangul name ("다온AI", "가람ICT", "누리E&C"): Kiwi cuts the
# Hangul front into odd morphemes, so the name is found on characters. The front must be a
# coined word, not a compound of dictionary nouns ("생성형AI", "의료AI" are fields), unless
# the head is an ampersand acronym (E&C, F&B), which names no field.
LATIN_HEADS = ("AI", "IT", "ICT", "ENG", "E&C", "I&C", "F&B", "S&T", "C&C", "DX", "IoT", "BIO", "Bio",
               "LAB", "Lab", "Labs", "LABS", "TECH", "Tech", "SOFT", "Soft", "NET", "Net")
MIXED_NAME = re.compile(rf"(?<![가-힣A-Za-z0-9&])(?P<front>[가-힣]{{2,8}})(?P<head>{'|'.join(LATIN_HEADS)})"
                        rf"(?={NAME_PARTICLES}(?![가-힣A-Za-z0-9&]))")
# The first two letters of every Latin head: a text with none of them has no such name.
_LATIN_HEAD_STARTS = frozenset(h[:2] for h in LATIN_HEADS)
# Heads that also coin the name of a sector ("에듀테크", "푸드테크", "그린바이오"): written
# before a company or field noun, such a word describes the company that follows ("에듀테크
# 스타트업 가온랩"), it does not name one.
SECTOR_HEADS = ("테크", "바이오", "푸드", "모빌리티", "헬스케어", "에너지", "로보틱스", "코스메틱", "소프트")
DESCRIBED_NOUNS = frozenset(("기업", "업체", "스타트업", "회사", "벤처", "벤처기업", "분야", "산업", "업계", "시장",
                             "생태계", "기업들", "업체들", "스타트업들", "전문기업", "전문업체"))


# Institutional heads that make a name of any compound written as one word, ordinary nouns
# included: Korean names a body by its purpose and its head ("해양환경보전협의회"), where an
# ordinary noun before 산업 or 전자 is an industry ("반도체산업"). The front must be at least
# MIN_COMPOUND_FRONT syllables: "소위원회" is a sub-committee, no name.
COMPOUND_ORG_HEADS = ("위원회", "협회", "연합회", "협의회", "연맹", "재단", "학회")
MIN_COMPOUND_FRONT = 2


def legal_form_name(text: str) -> str:
    """The name without its legal form and spaces: "(주) 가람 솔빛" -> "가람솔빛"."""
    return re.sub(r"\s+", "", LEGAL_FORM.sub("", text)).strip()


class FormLayer:
    def __init__(self, gazetteer: Gazetteer, lexicon: KiwiLexicon | None = None):
        self.gazetteer = gazetteer
        self.lexicon = lexicon

    def __call__(self, doc: Doc, bounds: Boundaries, units: Units, did: str) -> Iterator[Mention]:
        yield from self._legal_forms(doc, bounds, units, did)
        yield from self._latin_legal_forms(doc, did)
        yield from self._mixed_names(doc, did)
        yield from self._heads(doc, units, did)

    def _mention(self, doc: Doc, did: str, start: int, end: int, canonical: str, kind: str) -> Mention:
        entry = self.gazetteer.get(canonical)
        return Mention(did, start, end, doc_text(doc)[start:end], canonical, kind,
                       entry.code if entry else None, LAYER)

    def _legal_forms(self, doc: Doc, bounds: Boundaries, units: Units, did: str) -> Iterator[Mention]:
        """The word after the marker ("(주)가람솔빛", "주식회사 가람솔빛") or before it ("가람솔빛㈜").

        Kiwi often cuts an unknown name next to a marker into odd morphemes
        ("새/MM 봄/NNG 다/MAG 온/VV+ETM ㈜/SW"), so the name is taken on
        characters: the rest of the word unit, up to its particles.
        """
        text = doc_text(doc)
        for m in LEGAL_FORM.finditer(text):
            before = self._name_before(doc, bounds, units, m.start(), m.end())
            after = self._name_after(doc, bounds, units, m.start(), m.end())
            attached = m.start() > 0 and text[m.start() - 1].isalnum()
            if after is not None and is_title(legal_form_name(text[m.end():after[1]])):
                after = None  # "주식회사 대표": the form ends the name before it
            if before is None and after is None and m.group() in SPELLED_FORMS and text[m.start() - 1:m.start()] == " ":
                before = self._name_before(doc, bounds, units, m.start() - 1, m.end(), spaced=True)  # "가람랩 주식회사"
            span = (before or after) if attached else (after or before)
            if span is None:
                continue
            canon = legal_form_name(text[span[0]:span[1]])
            if len(canon) < 2:
                continue
            yield self._mention(doc, did, span[0], span[1], canon, "company")

    def _name_after(self, doc: Doc, bounds: Boundaries, units: Units, ms: int, me: int) -> tuple[int, int] | None:
        text = doc_text(doc)
        i = me + 1 if me < len(text) and text[me] == " " else me
        tok = bounds.starts.get(i)
        if tok is None or tok not in units.of_token:
            return None
        cs, ce = units.core(units.of_token[tok])
        if ce > tok and all(is_nominal(t) or first_tag(t) in ("XR", "XPN", "MM", "VV", "MAG") for t in doc[tok:ce]) \
                and doc[ce - 1].tag_.startswith(_NAME_END):
            end = units.char_span(tok, ce)[1]
            if len(legal_form_name(text[ms:end])) >= 2:
                return ms, end
        return None

    def _name_before(self, doc: Doc, bounds: Boundaries, units: Units, ms: int, me: int,
                     spaced: bool = False) -> tuple[int, int] | None:
        """The word ending at ``ms`` (written against the form, or ``spaced`` one space before it)."""
        tok = bounds.ends.get(ms)
        if tok is None or tok not in units.of_token or bool(doc[tok].whitespace_) != spaced:
            return None
        if spaced and units.core(units.of_token[tok])[1] != tok + 1:
            return None  # the word before carries a particle: not a name
        start = doc[units.spans[units.of_token[tok]][0]].idx
        if len(legal_form_name(doc_text(doc)[start:me])) >= 2:
            return start, me
        return None

    def _latin_legal_forms(self, doc: Doc, did: str) -> Iterator[Mention]:
        for m in LATIN_LEGAL_FORM.finditer(doc_text(doc)):
            yield self._mention(doc, did, m.start(), m.end(), m.group("name"), "company")

    def _mixed_names(self, doc: Doc, did: str) -> Iterator[Mention]:
        """"다온AI는": a coined Hangul word with a Latin business head written against it."""
        text = doc_text(doc)
        if not any(h in text for h in _LATIN_HEAD_STARTS):
            return  # most texts have no Latin head at all
        for m in MIXED_NAME.finditer(text):
            if "&" in m.group("head") or self._coined(m.group("front")):  # "E&C" heads no field
                yield self._mention(doc, did, m.start(), m.end(), m.group(), "company")

    def _coined(self, front: str) -> bool:
        """A word no dictionary compound makes: Kiwi guesses at it, reads a proper noun in it, or
        cuts it into words that make no noun ("다/MAG 온/VV"); and no known place ("서울")."""
        if self.lexicon is None or known_label(front) == "place":
            return False
        morphs = self.lexicon.analyse(front)
        return not all(tag.startswith(ORDINARY_FRONT_TAGS) and not oov for _f, tag, oov in morphs)

    def _name_part_ok(self, doc: Doc, s: int, e: int, text: str, head: str) -> bool:
        """Is the core (tokens s..e) a name with a head, not an ordinary compound noun?"""
        toks = doc[s:e]
        if head in STRONG_HEADS or AMPERSAND_SUFFIX.fullmatch(head):
            if len(toks) == 1 and self.lexicon is not None and self.lexicon.is_common_noun(text):
                return False  # a word of Kiwi's dictionary: "핀테크", "패스트푸드"
            return all(is_nominal(t) or first_tag(t) in ("XR", "XSN", "XPN") for t in toks)
        if head in COMPOUND_ORG_HEADS and len(text) - len(head) >= MIN_COMPOUND_FRONT:
            # a determiner may open the compound: "새정치…위원회" (새/MM)
            return all(is_nominal(t) or first_tag(t) in ("XR", "XSN", "XPN") or (i == 0 and t.tag_ == "MM")
                       for i, t in enumerate(toks))
        if len(toks) == 1:
            t = toks[0]
            if t.tag_ == "NNP":
                return True
            return t.tag_ == "NNG" and self.lexicon is not None and self.lexicon.is_unknown(text)
        if not all(is_nominal(t) or first_tag(t) in ("XR", "XSN", "XPN") for t in toks):
            return False
        front = [t for t in toks if t.idx < toks[-1].idx + len(toks[-1].text) - len(head)]
        if any(t.tag_.startswith(_NAMEISH_TAGS) for t in front):
            return True
        return self.lexicon is not None and self.lexicon.is_unknown(text)

    @staticmethod
    def _describes_next(units: Units, u: int, head: str) -> bool:
        """A sector word before a company or field noun ("에듀테크 스타트업", "푸드테크 업계")."""
        if head not in SECTOR_HEADS or u + 1 >= len(units.spans) or not units.adjacent(u, u + 1):
            return False
        return units.spans[u][1] == units.core_spans[u][1] and units.core_texts[u + 1] in DESCRIBED_NOUNS

    def _gov_name(self, doc: Doc, s: int, e: int) -> bool:
        """"누리통상부" as one proper noun, or a proper noun + a noun like 통상부/자원청."""
        if e - s == 1:
            return doc[s].tag_ == "NNP"
        last = doc[e - 1]
        return (last.tag_ in ("NNG", "NNP") and len(last.text) >= 2 and all(is_nominal(t) for t in doc[s:e])
                and any(t.tag_ == "NNP" for t in doc[s:e - 1]))

    def _heads(self, doc: Doc, units: Units, did: str) -> Iterator[Mention]:
        texts = units.arr.texts
        core_texts, spans, cores = units.core_texts, units.spans, units.core_spans
        last = len(cores) - 1
        # Cheap test first: a name ends in a head, or is followed by one written apart; every
        # head ends in one of a few letters, and most word units end in none of them.
        ends_in_head = [t[-1:] in _HEAD_LAST_CHARS for t in core_texts]
        for u in [u for u, h in enumerate(ends_in_head) if h or (u < last and ends_in_head[u + 1])]:
            s, e = cores[u]
            if e <= s:
                continue
            text = core_texts[u]
            if text[-1] not in _HEAD_LAST_CHARS:
                # Cheap tests first: most word units end in no head at all, and then only a
                # one-token head written apart can follow ("가온 백화점").
                if e - s != 1 or u == last:
                    continue
                vs, ve = cores[u + 1]
                if ve - vs != 1 or not (texts[vs] in SPACED_HEADS or AMPERSAND_SUFFIX.fullmatch(texts[vs])):
                    continue
            spaced = e - s == 1 and e == spans[u][1] and units.adjacent(u, u + 1)
            if text[-1] not in _HEAD_LAST_CHARS and not spaced:
                continue
            a, b = units.char_span(s, e)
            head = company_head(text) or org_head(text)
            if head and self._describes_next(units, u, head):
                continue
            if head and self._name_part_ok(doc, s, e, text, head):
                yield self._mention(doc, did, a, b, text, kind_of(text))
                continue
            # Ministries, agencies, parties: one proper noun ending in 부/청/처/당 ("누리통상부").
            if len(text) >= 3 and text.endswith(GOV_HEADS) and self._gov_name(doc, s, e):
                yield self._mention(doc, did, a, b, text, "organization")
                continue
            # "가온 백화점", "누리 이앤엠": a one-token name, a space, then the head alone.
            if not spaced:
                continue
            v = u + 1
            vs, ve = units.core(v)
            if ve - vs != 1:
                continue
            if not (texts[vs] in SPACED_HEADS or AMPERSAND_SUFFIX.fullmatch(texts[vs])):
                continue
            head_tok = doc[vs]
            if e - s != 1 or not is_nominal(doc[s]):
                continue
            ampersand = AMPERSAND_SUFFIX.fullmatch(head_tok.text) is not None
            if not (ampersand or doc[s].tag_.startswith(_NAMEISH_TAGS) or
                    (self.lexicon is not None and self.lexicon.is_unknown(text))):
                continue
            _, b2 = units.char_span(vs, ve)
            yield self._mention(doc, did, a, b2, text + head_tok.text, "company")
