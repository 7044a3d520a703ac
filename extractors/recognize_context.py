"""Context layer: names that are unknown and shapeless, recognised by what surrounds them.

Cues (Korean business prose):
- a company noun right before the name: "벤처기업 가온테크", "회원사 ‘누리바이오’";
- a name right before 측/관계자/임직원/본사/대표이사, or "가온테크(대표 홍길동)";
- an enumeration "A, B, C 등 (N개) 회원사/기업/업체" (bare nouns may describe them: "등 지역
  기업"), "A, B, C를 포함 다수의 회원사", or one counted in companies: "A, B, C 3사";
- a word whose front the writer names as its short form: "누리바이오로직스(이하 누리)";
- an enumeration with one member already known (gazetteer, form): "가온전자, 다솜, 누리" —
  writers list like with like;
- the bound noun 사 (社) written after a name, the usual way Korean prose marks a
  foreign company: "가온웨어 사와", "Nuri Soft 사의", "도요타사가";
- capitalised Latin words taking a Korean case particle in a sentence with a deal
  predicate ("Gaon Pay가 Nuri Bank와 계약을 체결"): in Korean business prose a
  foreign party of a deal is written in Latin letters and marked like any noun.
- a news outlet named before 등 and a news noun: "누리 타임스 등 현지 언론에 따르면";
- the sides of a sports match (``recognize_match``): "A 대 B 경기", "A를 3-1로 꺾었다".
A bare candidate must look like a name: a proper noun, a Latin acronym, or a
word Kiwi does not know; one dictionary noun ("상품", "매출") never is. Inside
a cued enumeration or quotes, ordinary nouns are accepted ("햇살농장").
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import Iterable, Iterator

from spacy.tokens import Doc, Token

from kdeal.records import Mention

from .canonical import ALIAS_IN_BRACKETS
from .deal_types import find_triggers
from .gazetteer import KiwiLexicon
from .evidence import SURNAMES, known_label, looks_like_person_name
from .grammar import NAMED_COUNT_UNITS
from .kind import COMPANY_HEADS, ORG_HEADS, kind_of
from .recognize_match import MatchFrames
from .tokens import TokenArrays, Units, arrays, doc_text, first_tag

LAYER = "context"
COMPANY_NOUNS = ("기업", "업체", "회사", "회원사", "스타트업", "자회사", "계열사", "협력사", "유통사", "제조사",
                 "운영사", "판매사", "통신사", "증권사", "보험사", "항공사", "건설사", "제약사", "법인", "사이트",
                 "쇼핑몰", "벤처", "그룹사", "개발사", "투자사", "고객사", "파트너사", "납품업체",
                 # an artist's agency, a film's maker or distributor, a fund's manager, an agency
                 "소속사", "기획사", "제작사", "배급사", "운용사", "대행사", "여행사", "에이전시")
# Nouns that introduce the name of a news outlet right after them: "영국 매체 X", "현지 언론 X",
# "일간 X", "전문매체인 'X'". The outlet is an organisation, whatever its name ends in.
MEDIA_NOUNS = ("매체", "언론", "일간", "일간지", "주간지", "인터넷신문", "방송사", "언론사", "외신", "통신")
# Nouns that name the kind of the name written right after them: company and outlet nouns.
CUE_NOUNS = (*COMPANY_NOUNS, *MEDIA_NOUNS)
_CUE_NOUN_LAST = frozenset(n[-1] for n in CUE_NOUNS)
# The copula's adnominal form after a cue noun makes an appositive: "운영사인 X", "자회사인 X".
_APPOSITIVE = ("인",)
# A name after a cue may run over this many words ("자회사인 가람 캐피털을").
MAX_CUED_NAME_WORDS = 3
# Heads that, written apart after a cued name, still belong to it ("가람 캐피털", "누리 포스트").
# The heads of news outlets' names, written apart ("누리 타임스", "가람 데일리").
# (뉴스, 타임스, 저널, 신문 are institutional heads already: ``kind.ORG_HEADS``.)
MEDIA_HEADS = ("포스트", "헤럴드", "트리뷴", "타임즈", "데일리", "통신", "투데이", "위클리", "텔레그래프", "가제트")
RUN_ON_HEADS = frozenset((*COMPANY_HEADS, *ORG_HEADS, *MEDIA_HEADS, "캐피털"))
# "X 등 현지 언론": a name, 등, then (after at most one more word) a news-outlet noun.
MEDIA_LIST_MARKER = "등"
# 기업 and 업체 are no cues after a word: "팹리스 기업 X", "중국 기업" describe a company far more
# often than "X 기업 로고" names one (tried: dev deals lost precision).
RIGHT_CUES = ("측", "관계자", "임직원", "직원", "본사", "노조", "노동조합", "이사회", "대표이사", "주가")
ENUM_MARKERS = ("등", "포함", "비롯", "외")
# What may follow the bound noun 사 (社) in its word: nothing, or a case particle.
# "이" is left out on purpose: "A와 B 사이에" (between) is far more common than a
# name followed by 사이 (社 + 이 cannot occur: 사 ends in a vowel and takes 가).
SA_PARTICLES = frozenset(("", "가", "는", "와", "과", "의", "를", "에", "에게", "에서", "와의", "로", "로부터",
                          "도", "만", "측", "와도", "와는"))
ENUM_FILLERS = ("다수", "여러", "많", "개", "개사", "곳", "여", "수십", "수백", "여개")
_NAMEISH_TAGS = ("NNP", "SL", "SH")
_NAME_END_TAGS = ("NNP", "NNG", "SL", "SH", "SN", "NR", "XSN", "SW")
MAX_NAME_CHARS = 20
# Titles of the head of a company or body, after a personal name ("홍길동 대표").
HEAD_TITLES = frozenset(("대표", "대표이사", "회장", "부회장", "사장", "부사장", "전무", "상무", "본부장", "센터장",
                         "행장", "창업자", "창업주", "이사장", "원장", "소장", "총장", "CEO", "CTO", "CFO", "COO"))
# A body's name before a person is at least this long: one syllable is a surname or a prefix.
MIN_BODY_CHARS = 2
# "보도했다", "보도한", "보도에": the report verb and noun (the word's core is exactly 보도); its
# subject is at most this many words before.
REPORT_WORD = "보도"
MAX_REPORT_GAP = 5
SUBJECT_PARTICLES = ("은", "는", "이", "가")


def _latin_word(tok: object) -> bool:
    """A Latin word that can be part of a name: capitalised or an acronym ("Gaon", "NB", "eBay" no)."""
    return tok.tag_ == "SL" and tok.text[:1].isupper()  # type: ignore[attr-defined]


def ends_with_company_noun(text: str) -> bool:
    return text.replace(" ", "").endswith(COMPANY_NOUNS)


class ContextLayer:
    def __init__(self, lexicon: KiwiLexicon | None = None):
        self.lexicon = lexicon
        self.match_frames = MatchFrames(self.nameish)

    # --- what a candidate must look like -------------------------------------------------
    def plausible(self, doc: Doc, s: int, e: int, quoted: bool = False) -> bool:
        """Could tokens s..e be a name at all (in a cued list or, ``quoted``, in quotes)?"""
        if e <= s:
            return False
        text = doc_text(doc)[doc[s].idx:doc[e - 1].idx + len(doc[e - 1].text)]
        if not 2 <= len(text) <= MAX_NAME_CHARS or text.isdigit():
            return False
        if first_tag(doc[s]) in ("MM", "MAG", "MAJ", "NNB", "NP", "SN", "VV", "VA") and e - s == 1:
            return False
        if first_tag(doc[s]).startswith(("MAJ", "IC", "NP")):
            return False
        if not doc[e - 1].tag_.startswith(_NAME_END_TAGS):
            return False
        if any(t.text.endswith(COMPANY_NOUNS) for t in doc[s:e]):
            return False
        if not quoted and e - s == 1 and self.lexicon is not None and self.lexicon.is_common_noun(text):
            return False
        return True

    def nameish(self, doc: Doc, s: int, e: int) -> bool:
        """A bare candidate: plausible and a proper noun, acronym or word unknown to Kiwi."""
        if not self.plausible(doc, s, e):
            return False
        if any(t.tag_.startswith(_NAMEISH_TAGS) for t in doc[s:e]):
            return True
        text = doc_text(doc)[doc[s].idx:doc[e - 1].idx + len(doc[e - 1].text)]
        return self.lexicon is not None and self.lexicon.is_unknown(text)

    def _mention(self, doc: Doc, did: str, s: int, e: int, cue: str) -> Mention:
        a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        text = doc_text(doc)[a:b]
        return Mention(did, a, b, text, text, kind_of(text), None, f"{LAYER}:{cue}")

    # --- cues ---------------------------------------------------------------------------
    def __call__(self, doc: Doc, units: Units, did: str, strong: Iterable[Mention] = ()) -> Iterator[Mention]:
        strong_spans = {(m.start, m.end) for m in strong}
        yield from self._left_cues(doc, units, did)
        yield from self._right_cues(doc, units, did)
        yield from self._enumerations(doc, units, did, strong_spans)
        yield from self._latin_deal_arguments(doc, did, units.arr)
        yield from self._company_marker(doc, units, did)
        yield from self.match_frames(doc, units, did)

    def _company_marker(self, doc: Doc, units: Units, did: str) -> Iterator[Mention]:
        """A name followed by the bound noun 사 (社): "가온웨어 사와", "Nuri Soft 사의", "도요타사가".

        사 must be a noun token (not the verb stem of 사다/살다: "서울 사는"), and
        the rest of its word a case particle. Written apart, the name is the bare
        word before it, extended left over capitalised Latin words ("Nuri Soft 사",
        "IR 매거진 사"); written together, the proper noun or Latin word before
        사 in the same word ("도요타사의" but not "검사의", "회사의").
        """
        a = units.arr
        texts, tags = a.texts, a.first_tags
        for k in [i for i, t in enumerate(texts) if t == "사"]:  # most texts have none
            v = units.of_token.get(k)
            if v is None or not tags[k].startswith(("NN", "XSN")):
                continue
            s, e = units.spans[v]
            if "".join(texts[k + 1:e]) not in SA_PARTICLES:
                continue
            if k > s:  # written together: "도요타사가"
                if tags[k - 1] not in ("NNP", "SL") or k - 1 != s:
                    continue
                name_s, name_e = s, k
            else:  # written apart: the bare word before
                u = v - 1
                if not units.adjacent(u, v):
                    continue
                name_s, name_e = units.spans[u]
                if units.core(u) != (name_s, name_e):
                    continue  # the word before carries a particle: "부산에 사"
                while u > 0 and units.adjacent(u - 1, u) and all(
                        _latin_word(doc[i]) for i in range(*units.spans[u - 1])):
                    u -= 1
                    name_s = units.spans[u][0]
            if not self.plausible(doc, name_s, name_e):
                continue
            m = self._mention(doc, did, name_s, name_e, "before-사")
            yield replace(m, kind="company")  # 社 says company, whatever the name ends in

    def _latin_deal_arguments(self, doc: Doc, did: str, arr: TokenArrays | None = None) -> Iterator[Mention]:
        """Runs of capitalised Latin words marked by a particle, in sentences with a deal predicate.

        An alias in brackets may stand between the name and its particle
        ("Nuri Bank(NB)와").
        """
        latin = [i for i, t in enumerate((arr or arrays(doc)).tags) if t == "SL"]
        if not latin:
            return  # no Latin word at all (most Korean sentences): skip the sentence walk
        text = doc_text(doc)
        for sent in doc.sents:
            k = bisect_left(latin, sent.start)
            if k == len(latin) or latin[k] >= sent.end:
                continue  # no Latin word in this sentence
            if not find_triggers(text, sent.start_char, sent.end_char):
                continue
            i, end = sent.start, sent.end
            while i < end:
                if not _latin_word(doc[i]):
                    i += 1
                    continue
                j = i + 1
                while j < end and _latin_word(doc[j]) and doc[j - 1].whitespace_ == " ":
                    j += 1
                k = j
                if (k + 2 < end and not doc[j - 1].whitespace_ and doc[k].text == "("
                        and doc[k + 1].tag_ == "SL" and doc[k + 2].text == ")"):
                    k += 3  # a bracketed alias
                if k < end and not doc[k - 1].whitespace_ and first_tag(doc[k]).startswith("J"):
                    a, b = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
                    if b - a >= 2:
                        yield Mention(did, a, b, text[a:b], text[a:b], "company", None,
                                      f"{LAYER}:latin-deal-argument")
                i = j

    def _is_cue_unit(self, doc: Doc, units: Units, v: int) -> bool:
        s, e = units.core(v)
        return e > s and e == units.spans[v][1] and ends_with_company_noun(units.core_text(v))

    def _cue_kind(self, units: Units, v: int) -> str | None:
        """What a name right after unit ``v`` is, if ``v`` is a cue: "company" after a company
        noun, "organization" after a news-outlet noun, either bare or as an appositive with the
        copula ("운영사인 X", "전문매체인 'X'"); else None."""
        s, e = units.core(v)
        if e <= s:
            return None
        rest = tuple(units.arr.texts[e:units.spans[v][1]])
        if rest and rest != _APPOSITIVE:
            return None
        core = units.core_text(v).replace(" ", "")
        if core.endswith(COMPANY_NOUNS):
            return "company"
        return "organization" if core.endswith(MEDIA_NOUNS) else None

    def _left_cues(self, doc: Doc, units: Units, did: str) -> Iterator[Mention]:
        last = _CUE_NOUN_LAST
        # Cheap test first: most units end in no cue noun's last letter.
        for v in [v for v, t in enumerate(units.core_texts) if t[-1:] in last]:
            kind = self._cue_kind(units, v)
            if kind is None:
                continue
            end_v = units.spans[v][1]
            if not doc[end_v - 1].whitespace_ or end_v >= len(doc):
                continue
            cue = "after-company-noun" if kind == "company" else "after-media-noun"
            if first_tag(doc[end_v]) == "SSO":
                found = list(self._quote_chain(doc, end_v, did))
            elif units.adjacent(v, v + 1):
                found = [self._mention(doc, did, s, e, cue) for s, e in self._cued_name(doc, units, v + 1)]
            else:
                found = []
            for m in found:
                yield replace(m, kind=kind) if kind == "organization" else m

    def _cued_name(self, doc: Doc, units: Units, u: int) -> Iterator[tuple[int, int]]:
        """The name right after a cue, from unit ``u``: its core when it is name-like (a proper
        noun, Latin word or word unknown to Kiwi), run on over capitalised Latin words or a name
        head written apart while the word before is bare ("자회사인 Gaon Capital을", "매체 누리
        포스트는"). Other Korean words are not run on: the word after a name is as often a
        person before a title ("업체 누리마트 홍길동 대표")."""
        s, e = units.core(u)
        if not self.nameish(doc, s, e):
            return
        w = u
        while (w + 1 < min(u + MAX_CUED_NAME_WORDS, len(units)) and units.adjacent(w, w + 1)
               and units.core(w)[1] == units.spans[w][1]
               and (all(_latin_word(t) for t in doc[slice(*units.core(w + 1))])
                    or units.core_text(w + 1) in RUN_ON_HEADS)):
            w += 1
            e = units.core(w)[1]
        yield s, e

    def _quote_chain(self, doc: Doc, i: int, did: str) -> Iterator[Mention]:
        """‘A’ or ‘A’과 ‘B’, ‘C’ after a company noun: each quoted name is a company."""
        while i < len(doc) and first_tag(doc[i]) == "SSO":
            j = i + 1
            while j < len(doc) and j - i <= 8 and first_tag(doc[j]) != "SSC":
                j += 1
            if j >= len(doc) or first_tag(doc[j]) != "SSC":
                return
            if self.plausible(doc, i + 1, j, quoted=True):
                yield self._mention(doc, did, i + 1, j, "quoted-after-company-noun")
            k = j + 1
            if k < len(doc) and (doc[k].tag_ == "JC" or doc[k].text == ",") and doc[k].whitespace_:
                i = k + 1
            else:
                return

    def _right_cues(self, doc: Doc, units: Units, did: str) -> Iterator[Mention]:
        texts, ws = units.arr.texts, units.arr.ws
        core_texts, spans, last = units.core_texts, units.spans, len(units) - 1
        hereafter = "(이하" in doc_text(doc)  # most documents introduce no short form
        for u, (s, e) in enumerate(units.core_spans):
            if e <= s or e != spans[u][1]:
                continue
            nxt = core_texts[u + 1] if u < last and core_texts[u + 1] in RIGHT_CUES else None
            if nxt is not None and units.adjacent(u, u + 1):
                if self.nameish(doc, s, e):
                    yield self._mention(doc, did, s, e, "before-" + nxt)
                continue
            # "가온테크(대표 홍길동)"
            if e + 1 < len(texts) and texts[e] == "(" and texts[e + 1].startswith("대표") \
                    and not ws[e - 1] and self.nameish(doc, s, e):
                yield self._mention(doc, did, s, e, "before-(대표)")
            elif hereafter and self._named_hereafter(doc, units, u) and self.nameish(doc, s, e):
                yield self._mention(doc, did, s, e, "before-(이하)")
            elif u + 2 <= last and self._before_person_and_title(doc, units, u):
                yield self._mention(doc, did, s, e, "before-person-title")
            elif 0 < u < last and self._between_person_and_title(doc, units, u):
                yield self._mention(doc, did, s, e, "between-person-title")
        yield from self._reporting_outlets(doc, units, did)
        yield from self._listed_outlets(doc, units, did)

    @staticmethod
    def _named_hereafter(doc: Doc, units: Units, u: int) -> bool:
        """"누리바이오로직스(이하 누리)": a word whose front the writer names as its short form.
        Korean press releases introduce a company this way before using the short form."""
        text = doc_text(doc)
        s, e = units.core_spans[u]
        end = doc[e - 1].idx + len(doc[e - 1].text)
        m = ALIAS_IN_BRACKETS.match(text, end)  # "(이하 누리)", "(이하 ‘누리’)"
        if m is None or not m.group("hereafter"):
            return False
        name = text[doc[s].idx:end]
        return len(m.group("alias")) < len(name) and name.startswith(m.group("alias"))

    def _before_person_and_title(self, doc: Doc, units: Units, u: int) -> bool:
        """"누리테크 홍길동 대표": a bare name-like word, then a Korean personal name, then the
        title of the head of a body. The body the person heads is named before them."""
        return self._body_of_head(doc, units, body=u, person=u + 1, title=u + 2)

    def _between_person_and_title(self, doc: Doc, units: Units, u: int) -> bool:
        """"홍길동 누리테크 대표": a Korean personal name, a bare name-like word, then the title of
        the head of a body: the word between is the body, as the press writes a person's post."""
        if units.core_text(u + 1) not in HEAD_TITLES:
            return False  # no title after (most words): nothing else need be asked
        if known_label(units.core_text(u - 1)) == "person":
            return False  # a given name seen as such ("마르코 벨리니 회장"): the surname follows
        if u >= 2 and units.adjacent(u - 2, u - 1) and units.arr.texts[units.spans[u - 2][1] - 1] == "의":
            return False  # "가온의 한별 누리 회장": the body was named before, with 의
        return self._body_of_head(doc, units, body=u, person=u - 1, title=u + 1)

    def _body_of_head(self, doc: Doc, units: Units, body: int, person: int, title: int) -> bool:
        """Units ``body``, ``person`` and ``title`` (adjacent, in either order of the first two)
        are a name-like word, a bare Korean personal name and the title of a body's head."""
        if units.core_text(title) not in HEAD_TITLES:  # the cheapest test first: most words fail it
            return False
        first, last = min(body, person), title
        if not all(units.adjacent(w, w + 1) for w in range(first, last)):
            return False
        if units.core(person) != units.spans[person]:
            return False
        name = units.core_text(body)
        if len(name) < MIN_BODY_CHARS or looks_like_person_name(name) or name in SURNAMES:
            return False
        return looks_like_person_name(units.core_text(person)) and self.nameish(doc, *units.core(body))

    def _reporting_outlets(self, doc: Doc, units: Units, did: str) -> Iterator[Mention]:
        """The subject of 보도하다 ("누리타임스는 16일 보도했다") or the owner of a report one
        cites ("누리타임스 보도에 따르면") is a news outlet, an organisation."""
        texts = units.arr.texts
        for v, core in enumerate(units.core_texts):
            if core != REPORT_WORD or v == 0:
                continue  # not 보도자료 (a press release, which companies issue) nor 보도국
            if units.core(v) != units.spans[v] and "".join(texts[units.core(v)[1]:units.spans[v][1]]) == "에":
                u = v - 1  # "X 보도에 따르면"
                ok = units.adjacent(u, v) and units.core(u) == units.spans[u]
            else:
                u = next((w for w in range(v - 1, max(-1, v - 1 - MAX_REPORT_GAP), -1)
                          if "".join(texts[units.core(w)[1]:units.spans[w][1]]) in SUBJECT_PARTICLES), -1)
                ok = u >= 0
            if ok and self.nameish(doc, *units.core(u)):
                yield replace(self._mention(doc, did, *units.core(u), "reporting-outlet"), kind="organization")

    def _listed_outlets(self, doc: Doc, units: Units, did: str) -> Iterator[Mention]:
        """"누리 타임스 등 현지 언론에 따르면": a bare name before 등 and a news-outlet noun is an
        outlet, an organisation (a list of several is the enumeration cue's)."""
        cores = units.core_texts
        for v in [v for v, c in enumerate(cores) if c == MEDIA_LIST_MARKER and 0 < v < len(cores) - 1]:
            noun = next((w for w in (v + 1, v + 2) if w < len(cores) and cores[w].endswith(MEDIA_NOUNS)), None)
            if noun is None or not all(units.adjacent(w, w + 1) for w in range(v - 1, noun)):
                continue
            u = v - 1
            if units.core(u) != units.spans[u] or not self.nameish(doc, *units.core(u)):
                continue
            w = u  # back over the bare proper nouns of a name written in words ("엘 누리베르", "누리 타임스")
            while u - w + 1 < MAX_CUED_NAME_WORDS and w > 0 and units.adjacent(w - 1, w) \
                    and units.core(w - 1) == units.spans[w - 1] \
                    and all(t.tag_ in _NAMEISH_TAGS for t in doc[slice(*units.spans[w - 1])]) \
                    and known_label(cores[w - 1]) not in ("place", "person"):
                w -= 1
            s, e = units.spans[w][0], units.core(u)[1]
            yield replace(self._mention(doc, did, s, e, "before-media-list"), kind="organization")

    def _enum_chains(self, doc: Doc, units: Units) -> Iterator[list[int]]:
        """Runs of units joined by ", " (each but the last ending right at the comma)."""
        chain: list[int] = []
        for u in range(len(units)):
            s, e = units.spans[u]
            if chain:
                prev_end = units.spans[chain[-1]][1]
                if s == prev_end + 1 and doc[prev_end].text in (",", "·") and \
                        (doc[prev_end].whitespace_ or doc[prev_end].text == "·"):
                    chain.append(u)
                    continue
                if len(chain) > 1:
                    yield chain
                chain = []
            chain = [u]
        if len(chain) > 1:
            yield chain

    def _chain_cued(self, doc: Doc, units: Units, chain: list[int], marker: bool = False) -> bool:
        """"등 (N개) 회원사", "를 포함 다수의 회원사" after the list, or a company noun before it."""
        first = chain[0]
        if first > 0 and units.adjacent(first - 1, first) and self._is_cue_unit(doc, units, first - 1):
            return True
        u = chain[-1]
        for v in range(u + 1, min(u + 6, len(units))):
            if not units.adjacent(v - 1, v):
                return False
            s, e = units.core(v)
            words = doc[s:e]
            text = words.text
            if any(t.text.endswith(COMPANY_NOUNS) for t in words):
                return marker
            if self._company_count(words):
                return True
            if text.startswith(ENUM_MARKERS):
                marker = True
                continue
            if text.startswith(ENUM_FILLERS) or any(first_tag(t) in ("SN", "NR") for t in words):
                continue
            if marker and (s, e) == units.spans[v] and all(t.tag_ in ("NNG", "NNP") for t in words):
                continue  # a bare noun describing the companies: "A, B 등 지역 기업", "등 해외 업체"
            return False
        return False

    @staticmethod
    def _company_count(words: Iterable[Token]) -> bool:
        """A number and a company counter: "3사", "5개사" (the list before it counts companies)."""
        toks = list(words)
        return (len(toks) >= 2 and first_tag(toks[0]) in ("SN", "NR")
                and "".join(t.text for t in toks[1:]) in NAMED_COUNT_UNITS)

    def _enumerations(self, doc: Doc, units: Units, did: str, strong: set[tuple[int, int]]) -> Iterator[Mention]:
        for chain in self._enum_chains(doc, units):
            items: list[tuple[int, int]] = []
            for k, u in enumerate(chain):
                s, e = units.core(u)
                if k < len(chain) - 1 and e != units.spans[u][1]:
                    s, e = units.spans[u]  # a non-final item ends at its comma: keep it whole
                items.append((s, e))
            char_items = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) if e > s else (-1, -1)
                          for s, e in items]
            s, e = items[-1]
            trailing_marker = e - s > 1 and doc[e - 1].text in ENUM_MARKERS and doc[e - 1].tag_ == "NNB"
            if trailing_marker:  # "A, B, C등": the marker written without a space
                items[-1] = (s, e - 1)
                char_items[-1] = (doc[s].idx, doc[e - 2].idx + len(doc[e - 2].text))
            cued = self._chain_cued(doc, units, chain, trailing_marker)
            known = any(ci in strong for ci in char_items)
            if not (cued or known):
                continue
            for (s, e), ci in zip(items, char_items):
                if ci in strong:
                    continue
                ok = self.plausible(doc, s, e) if cued else self.nameish(doc, s, e)
                if ok:
                    yield self._mention(doc, did, s, e, "enumeration" if cued else "enumeration-with-known")
