"""Is a word a name, a descriptor, a generic noun or an ordinary word? Evidence from its shape.

A party slot of a deal ("X와 업무협약을 체결") holds a name whether or not any
list knows it. What a word looks like says how likely it is to be one:

* Kiwi's dictionary: a word Kiwi had to guess (out of vocabulary), a proper noun
  (NNP) or Latin letters are name-like; one frequent common noun ("라운드",
  "정부") is not. Kiwi numbers its morphemes by frequency, so the number is a
  frequency rank: a common noun ranked below ``COMMON_RANK`` is an ordinary word,
  a rarer one ("맛깔") may be a name.
* Words written together that ordinary prose writes apart are name-like:
  an adjective glued to its noun ("푸른바다", "든든한이웃"), a genitive inside
  one word ("고향의맛"), a determiner glued to a noun ("온새벽").
* Closed classes (``grammar``): descriptor words before a name ("미국",
  "바이오기업"), generic agents and anaphors ("업계", "양사"), acronyms of
  business prose ("MOU", "CEO").

``Shaper.shape`` gives one ``Shape`` per word stem; only a name in a party
slot of a deal predicate becomes a party (``slot_names``).
"""
from __future__ import annotations

import re
from enum import Enum
from typing import Any, Callable

from .grammar import COMMON_ACRONYMS, DESCRIPTOR_HEADS, DESCRIPTOR_WORDS, GENERIC_NOUNS

# Kiwi's morpheme ids follow frequency: below this rank a common noun is an ordinary word.
COMMON_RANK = 12_000
# Tags of the morphemes of an ordinary compound, as a front before a head: dictionary nouns,
# affixes, roots and determiners ("생성/NNG 형/XSN", "새/MM 봄/NNG"). A front with a
# proper noun, an unknown word or a verb form glued in ("다/MAG 온/VV") is coined: a name.
ORDINARY_FRONT_TAGS = ("NNG", "XSN", "XPN", "NNB", "XR", "MM")
# The Latin letters a word ends in ("프리IPO" -> "IPO").
_TRAILING_LATIN = re.compile(r"[A-Za-z&]+$")
_UNKNOWN_ID = 2
_LATIN = re.compile(r"[A-Za-z]")
_HANGUL = re.compile(r"[가-힣]")
_DIGITS_ONLY = re.compile(r"^[\d.,%~]+$")
_COUNTED = re.compile(r"^[\d.,~]+[가-힣%]{0,2}$")  # "8일", "3년", "20%"
_NOUNS = ("NNG", "NNB", "NR")
_NAME_TAGS = ("NNP", "SL", "SH")
# Morphemes that glue into a name but are ordinary grammar in running prose.
# A verb and its ending inside one written word before an org-type head ("다/MAG 오/VV ᆫ/ETM 상사").
_VERB_GLUE = ("ETM", "VV", "VA", "VX", "EC")
_GLUE_TAGS = ("ETM", "JKG", "MM", "VA", "VV", "XR", "XSA", "MAG", "JC", "JKB", "EC")


# Roots of deal predicate nouns: a word built on one is the deal, never a party ("협약식").
_DEAL_NOUN = re.compile(r"협약|협력|협업|계약|MOU|양해각서|제휴|투자|인수|합병|합작|공급|납품|수주|입점|컨소시엄|"
                        r"동맹|파트너십|라이선스|이전|개발|연구|맞손|손잡|맞들|협약식|체결|매칭|협의체|상생")


_BETWEEN = "간"


class Shape(str, Enum):
    NAME = "name"            # proper noun, unknown word, Latin, or words glued as names are
    WEAK_NAME = "weak_name"  # could be a name in a party slot: a rare noun, a compound of nouns
    DESCRIPTOR = "descriptor"  # "미국", "바이오기업", "물류 스타트업" (describes the name after it)
    GENERIC = "generic"      # "회사", "업계", "양사": stands for a party, names none
    ACRONYM = "acronym"      # "MOU", "CEO"
    COMMON = "common"        # an ordinary word
    NUMBER = "number"


Analysis = tuple[tuple[str, str, int, bool], ...]  # (form, tag, id, out of vocabulary)


class Shaper:
    """Shapes of word stems, with Kiwi's analysis of each stem asked once.

    ``kiwi`` is a Kiwi instance or a function returning one (the tokenizer's, so
    that no second model is loaded); without one, only the closed classes and
    the script of the word are used.
    """

    def __init__(self, kiwi: Any | Callable[[], Any] | None = None):
        self._kiwi = kiwi
        self._analyses: dict[str, Analysis] = {}
        self._shapes: dict[str, Shape] = {}

    @property
    def kiwi(self) -> Any:
        if callable(self._kiwi) and not hasattr(self._kiwi, "tokenize"):
            self._kiwi = self._kiwi()
        return self._kiwi

    def analyse(self, stem: str) -> Analysis:
        got = self._analyses.get(stem)
        if got is None:
            kiwi = self.kiwi
            if kiwi is None:
                got = ()
            else:
                got = tuple((t.form, t.tag, int(t.id), bool(t.oov)) for t in kiwi.tokenize(stem))
            self._analyses[stem] = got
        return got

    def shape(self, stem: str) -> Shape:
        got = self._shapes.get(stem)
        if got is None:
            got = self._shapes[stem] = self._shape(stem)
        return got

    def _shape(self, stem: str) -> Shape:
        bare = stem.strip("'\"‘’“”「」『』")
        if len(bare) > 2 and bare.endswith("들"):
            bare = bare[:-1]  # the plural suffix: "회원사들", "기업들"
        if not bare or _DIGITS_ONLY.match(bare) or _COUNTED.match(bare):
            return Shape.NUMBER
        if bare in COMMON_ACRONYMS or bare.upper() in COMMON_ACRONYMS:
            return Shape.ACRONYM
        if bare in DESCRIPTOR_WORDS:
            return Shape.DESCRIPTOR
        if bare in GENERIC_NOUNS:
            return Shape.GENERIC
        if bare.endswith(_BETWEEN) and (bare[:-1] in GENERIC_NOUNS or bare[:-1].endswith(DESCRIPTOR_HEADS)):
            return Shape.GENERIC  # "회원사간": between members, an aggregate
        if _LATIN.search(bare) and not _HANGUL.search(bare):
            return Shape.NAME
        if self._word_and_acronym(bare):
            return Shape.COMMON
        morphs = self.analyse(bare)
        if not morphs:
            return Shape.WEAK_NAME if _HANGUL.search(bare) else Shape.COMMON
        if _DEAL_NOUN.search(bare) and all(t in _NOUNS and not oov for _f, t, _i, oov in morphs):
            return Shape.COMMON  # "협약식", "업무협약": the deal, not a party (but "신한벤처투자" is a name)
        if self._descriptor(bare, morphs):
            return Shape.DESCRIPTOR
        return self._lexical(bare, morphs)

    def _word_and_acronym(self, bare: str) -> bool:
        """"프리IPO", "생성형AI", "의료AI": dictionary words before a common acronym make a
        term of the trade, not a name (a name's front is coined: "다온AI")."""
        m = _TRAILING_LATIN.search(bare)
        if m is None or m.start() == 0 or m.group() not in COMMON_ACRONYMS:
            return False
        front = self.analyse(bare[:m.start()])
        return bool(front) and all(not oov and tag.startswith(ORDINARY_FRONT_TAGS) for _f, tag, _i, oov in front)

    def _industry_and_head(self, bare: str) -> bool:
        """"화학사", "해운사": one frequent common noun and 사, which Kiwi may take for one proper
        noun, is a kind of company."""
        if not bare.endswith("사") or len(bare) < 3:
            return False
        front = self.analyse(bare[:-1])
        return len(front) == 1 and front[0][1] == "NNG" and not front[0][3] and front[0][2] < COMMON_RANK

    def foreign(self, stem: str) -> bool:
        """Every morpheme unknown to Kiwi, a proper noun or Latin: a transliterated foreign word."""
        morphs = self.analyse(stem)
        return bool(morphs) and all(oov or tag.startswith(_NAME_TAGS) for _f, tag, _i, oov in morphs)

    def _descriptor(self, bare: str, morphs: Analysis) -> bool:
        """An org-type head, alone or after common nouns only ("부품사", "바이오기업")."""
        if not bare.endswith(DESCRIPTOR_HEADS):
            return False
        if morphs[-1][1] not in _NOUNS:
            return self._industry_and_head(bare)
        head = max((h for h in DESCRIPTOR_HEADS if bare.endswith(h)), key=len)
        front = self.analyse(bare[: -len(head)]) if len(bare) > len(head) else ()
        if len(morphs) == 1 and morphs[0][3] and len(front) == 1 and front[0][1] in _NOUNS and not front[0][3]:
            return True  # "하역사": a known noun and an org-type head, written as one word Kiwi does not know
        if sum(1 for _f, tag, _i, _oov in morphs[:-1] if tag.startswith(_VERB_GLUE)) >= 2:
            return False  # "다온상사", "가온은행": a front glued as only names are ("다/MAG 오/VV ㄴ/ETM")
        if len(front) == 1 and front[0][1] == "NNG" and front[0][2] >= COMMON_RANK:
            return False  # "새봄은행": a rare word before the head names the bank; "저축은행" describes one
        # common words only ("부품사", "바이오기업"; also "하역사", which Kiwi may split oddly)
        return not any(oov or tag.startswith(_NAME_TAGS) for _f, tag, _i, oov in morphs)

    def _lexical(self, bare: str, morphs: Analysis) -> Shape:
        tags = [t for _f, t, _i, _o in morphs]
        if any(oov for *_x, oov in morphs) or any(t.startswith(_NAME_TAGS) for t in tags):
            return Shape.NAME
        if tags[-1] == "XSN" and len(morphs) > 1:
            return Shape.COMMON  # "가시적", "선물용", "회원사간": a derived modifier, not a name
        if len(morphs) == 1:
            form, tag, rank, _oov = morphs[0]
            if rank < COMMON_RANK:
                return Shape.COMMON  # "라운드", "서로": a frequent word of the language
            if tag in _NOUNS or tag.startswith(("MAG", "XR", "VA", "VV")):
                return Shape.WEAK_NAME  # "맛깔", "소담은": a rare word with a particle after it
            return Shape.COMMON
        if any(t.startswith(_GLUE_TAGS) for t in tags):
            return Shape.NAME  # "푸른바다", "고향의맛", "온새벽": glued as only names are
        if any(rank >= COMMON_RANK for _f, _t, rank, _o in morphs):
            return Shape.NAME  # "청솔테크", "해피브릿지": a rare word inside the compound
        return Shape.WEAK_NAME  # "새싹나라", "학교급식": frequent common nouns written as one word
