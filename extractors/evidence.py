"""Evidence about a name: what a word is known to be, and why it is not a company.

Any layer that finds a candidate name (the recogniser's rules and model, the deal
grammar filling a party slot) asks the same questions here, so that a person
before a title, a district, a model number or an acronym like MOU is turned away
by one set of reasons, however the candidate was found.

Public API:

``known_label(form) -> str | None``
    The coarse class a form was seen with in the KLUE-NER *train* set (konec, the
    150 fine NIKL labels; ``data/konec/konec_train_forms.tsv``): "company",
    "organization", "person", "place", "work", "product", "technology",
    "disease", "title", "event", "term", "number" or None (never seen, or too
    ambiguous, see ``KnownForms``). ``known_forms()`` gives the whole lexicon
    (fine labels and frequencies).
``non_company_reason(text, next_word=None, prev_word=None) -> str | None``
    Why ``text`` (a candidate name, as written) is not a company: "person"
    (a personal name before a title or honorific: "홍길동 대표", "김모 씨"),
    "acronym" (MOU, CEO, ESG ...), "generic" (시공사, 협력사 ...), "language"
    (Java, Python ...), "model" (a model number: "GX2000T"), "disease"
    ("…19", "…증후군"), "number", or the known class of the form ("place",
    "person", "work", "product", "technology", "disease", "title", "event")
    when the lexicon knows it as that and never as an organisation. None when
    nothing speaks against it.
``is_title(word)``, ``looks_like_person_name(text)``
    The pieces of the person test, for callers that read the words around a slot.

Kinds: ``party_kind`` tells that a political party (…당) is an organisation,
never a company.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import ahocorasick

from .kind import COMPANY_HEADS, head_of

KONEC_FORMS_FILE = "konec/konec_train_forms.tsv"

# Fine NIKL label prefixes to the coarse classes this package speaks of (longest prefix first).
COARSE = (
    ("OGG_ECONOMY", "company"), ("OGG", "organization"), ("PS", "person"), ("LC", "place"),
    ("AFA", "work"), ("AFW", "product"), ("AF_TRANSPORT", "product"), ("AF_WEAPON", "product"),
    ("AF_MUSICAL", "product"), ("AF", "place"),  # buildings, roads, cultural assets: places
    ("TMM_DISEASE", "disease"), ("TMM", "term"), ("TMI", "technology"), ("TMIG", "technology"),
    ("TM", "term"), ("CV_POSITION", "title"), ("CV_OCCUPATION", "title"), ("CV", "term"),
    ("EV", "event"), ("DT", "number"), ("TI", "number"), ("QT", "number"),
    ("AM", "term"), ("PT", "term"), ("MT", "term"), ("FD", "term"), ("TR", "term"),
)
ORG_CLASSES = frozenset(("company", "organization"))


_COARSE_LONGEST_FIRST = sorted(COARSE, key=lambda p: -len(p[0]))


@lru_cache(maxsize=256)
def coarse(label: str) -> str:
    """The coarse class of a fine NIKL label ("OGG_MEDIA" -> "organization")."""
    for prefix, name in _COARSE_LONGEST_FIRST:
        if label.startswith(prefix):
            return name
    return "term"


# What makes a form count as known (``KnownForms``), chosen by cross-validation.
MIN_CHARS, MIN_FREQ, MIN_SHARE = 2, 1, 0.6
LEXICON_DEFAULTS = {"min_chars": MIN_CHARS, "min_freq": MIN_FREQ, "min_share": MIN_SHARE}


@dataclass(frozen=True)
class KnownForm:
    """One form of the lexicon: its train frequency per coarse class."""

    form: str
    counts: Mapping[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def org_share(self) -> float:
        """How often the form was an organisation or company (0..1)."""
        return sum(n for c, n in self.counts.items() if c in ORG_CLASSES) / self.total

    def majority(self) -> str:
        """The most frequent class (ties: the alphabetically first, so the answer is stable)."""
        return _majority(self.counts)


def _majority(counts: Mapping[str, int]) -> str:
    if len(counts) == 1:  # most forms: one class
        return next(iter(counts))
    return min(counts, key=lambda c: (-counts[c], c))


class KnownForms:
    """The konec train forms, by form, with the settings that make a form count as known.

    ``min_chars``: shorter forms are ignored (one syllable, "김", "시", is everything);
    ``min_freq``: a form seen fewer times in all is ignored (one sighting is often an
    annotation slip); ``min_share``: the majority class must hold at least this share of
    the sightings, else the form is ambiguous and has no label. The defaults were chosen
    by cross-validation on the shared KLUE half (pipeline/train_ner.py).
    """

    def __init__(self, rows: Mapping[str, Mapping[str, int]], min_chars: int = MIN_CHARS,
                 min_freq: int = MIN_FREQ, min_share: float = MIN_SHARE):
        self.min_chars, self.min_freq, self.min_share = min_chars, min_freq, min_share
        self._automaton: Any = None  # built when first asked (``find``)
        self.forms: dict[str, KnownForm] = {}
        # Asked for on every word of every document: computed once, here, in one pass over the
        # 27k rows (read at every start-up: each count is summed once, not once per question).
        self.labels: dict[str, str | None] = {}
        self.classes: dict[str, str] = {}
        forms, labels, classes = self.forms, self.labels, self.classes
        for form, fine in rows.items():
            if len(form) < min_chars:
                continue
            if len(fine) == 1 and next(iter(fine.values())) > 0:
                # Most forms (≈98%): one label seen n > 0 times, so one class holding every
                # sighting, which is the form's label (what ``_label`` gives, without the calls).
                (label, total), = fine.items()
                if total >= min_freq:
                    c = coarse(label)
                    forms[form] = KnownForm(form, {c: total})
                    labels[form] = classes[form] = c
                continue
            counts: dict[str, int] = {}
            for label, n in fine.items():
                c = coarse(label)
                counts[c] = counts.get(c, 0) + n
            total = sum(counts.values())
            if total >= min_freq:
                forms[form] = KnownForm(form, counts)
                known = labels[form] = self._label(counts, total)
                classes[form] = known if known is not None else self._ambiguity(counts, total)
        self.longest = max(map(len, forms), default=0)

    def _label(self, counts: Mapping[str, int], total: int) -> str | None:
        major = _majority(counts)
        return major if counts[major] >= self.min_share * total else None

    @staticmethod
    def _ambiguity(counts: Mapping[str, int], total: int) -> str:
        """The class of a form whose sightings are split: "amb", or "amb-org" when at least a
        third of them were organisations (``KnownForm.org_share``)."""
        org_share = sum(n for c, n in counts.items() if c in ORG_CLASSES) / total
        return "amb-org" if org_share >= AMBIGUOUS_ORG_SHARE else "amb"

    @classmethod
    def read(cls, path: Path | None = None, **settings: float) -> "KnownForms":
        return cls(read_konec_forms(path), **settings)  # type: ignore[arg-type]

    def __contains__(self, form: str) -> bool:
        return form in self.forms

    def get(self, form: str) -> KnownForm | None:
        return self.forms.get(form)

    def find(self, text: str, starts: Mapping[int, int] | None = None, ends: Mapping[int, int] | None = None
             ) -> list[tuple[int, int, str]]:
        """Every (start, end, class) occurrence of a known form in ``text``, overlaps included
        (``classes``: the form's label, or "amb"/"amb-org"); with ``starts`` and ``ends``,
        only those that start and end at one of their offsets (token boundaries).

        Numbers, dates and times ("이날", "10점") are not looked for: they are half of all
        matches in news text, and Kiwi tags them well by itself."""
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for form, cls in self.classes.items():
                if cls != "number":
                    self._automaton.add_word(form, (len(form), cls))
            if len(self._automaton):
                self._automaton.make_automaton()
        if not len(self._automaton):
            return []
        if starts is None or ends is None:
            return [(last + 1 - n, last + 1, cls) for last, (n, cls) in self._automaton.iter(text)]
        return [(last + 1 - n, last + 1, cls) for last, (n, cls) in self._automaton.iter(text)
                if last + 1 in ends and last + 1 - n in starts]

    def label(self, form: str) -> str | None:
        """The form's class when it is clear enough (see the class docstring), else None."""
        return self.labels.get(form)


AMBIGUOUS_ORG_SHARE = 1 / 3


def read_konec_forms(path: Path | None = None) -> dict[str, dict[str, int]]:
    """form -> {fine label: train frequency}."""
    path = path or Path(str(resources.files("kdeal.extractors") / "data" / KONEC_FORMS_FILE))
    out: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        # csv.reader, not DictReader: a dict per row cost a tenth of every start-up (27k rows).
        rows = csv.reader(f, delimiter="\t")
        column = {name: k for k, name in enumerate(next(rows, []))}
        at_form, at_label, at_freq = column.get("form"), column.get("label"), column.get("train_freq")

        def cell(row: list[str], k: int | None) -> str | None:
            return row[k] if k is not None and k < len(row) else None  # DictReader's None

        for row in rows:
            form = (cell(row, at_form) or "").strip()
            if form:
                if at_label is None:
                    raise KeyError("label")
                out.setdefault(form, {})[cell(row, at_label)] = int(cell(row, at_freq) or 1)  # type: ignore[index]
    return out


def known_forms() -> KnownForms:
    """The bundled lexicon with the cross-validated defaults (read once per process)."""
    return lexicon_with()


def lexicon_with(min_chars: int = MIN_CHARS, min_freq: int = MIN_FREQ, min_share: float = MIN_SHARE) -> KnownForms:
    """The bundled lexicon with these settings (read once per process and settings)."""
    return _lexicon(int(min_chars), int(min_freq), float(min_share))


@lru_cache(maxsize=4)
def _lexicon(min_chars: int, min_freq: int, min_share: float) -> KnownForms:
    return KnownForms(_bundled_rows(), min_chars=min_chars, min_freq=min_freq, min_share=min_share)


@lru_cache(maxsize=1)
def _bundled_rows() -> dict[str, dict[str, int]]:
    return read_konec_forms()


def known_label(form: str) -> str | None:
    """The coarse class of ``form`` in the bundled lexicon, or None (see ``KnownForms.label``)."""
    return known_forms().label(form)


# --- the reasons -------------------------------------------------------------------------

# Titles and honorifics written after a personal name ("홍길동 대표", "김모 씨").
TITLES = frozenset((
    "씨", "군", "양", "님", "옹", "기자", "특파원", "대표", "대표이사", "회장", "부회장", "사장", "부사장", "전무",
    "상무", "이사", "이사장", "감사", "본부장", "실장", "팀장", "부장", "차장", "과장", "대리", "사원", "연구원",
    "교수", "박사", "원장", "소장", "총장", "학장", "의원", "장관", "차관", "청장", "총리", "대통령", "위원장",
    "위원", "시장", "군수", "구청장", "지사", "도지사", "의장", "대변인", "변호사", "판사", "검사", "감독", "선수",
    "코치", "작가", "교사", "센터장", "고문", "회계사", "의사", "수석", "비서관", "행장", "창업자", "창업주",
    "CEO", "CTO", "CFO", "COO",
))
# Common Korean surnames (one syllable; a few two-syllable ones).
SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 "
    "우 구 민 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 "
    "제 모 탁 국 어 은 편 용 예 경 봉 사 부 황보 남궁 제갈 선우 독고 사공".split())
# Words written on their own that name a thing, not a party (deal documents, roles, fields).
ACRONYMS = frozenset((
    "MOU", "LOI", "NDA", "MOA", "SPA", "JV", "AI", "CEO", "CTO", "CFO", "COO", "CSO", "CIO", "R&D", "ESG",
    "IoT", "IOT", "GDP", "GNP", "CVC", "VC", "PE", "PEF", "IR", "IPO", "M&A", "B2B", "B2C", "B2G", "D2C",
    "O2O", "ICT", "IT", "AR", "VR", "XR", "UX", "UI", "API", "SaaS", "PaaS", "IaaS", "ERP", "CRM",
    "SCM", "OEM", "ODM", "EV", "ESS", "LNG", "LPG", "CNG", "HMR", "PB", "POS", "KPI", "ROI", "TF", "PM",
    "QA", "QC", "CS", "DX", "AX", "GX", "BI", "OTT", "SNS", "PC", "TV", "LED", "OLED", "LCD", "SW", "HW",
    "5G", "LTE", "GPS", "DNA", "RNA", "PCR", "CCTV", "ATM", "FTA", "WTO", "ETF", "ELS", "REITs", "NFT",
    "PoC", "POC", "RFP", "SI", "LLM", "GPU", "CPU", "NPU", "HBM", "DRAM", "SSD", "CDMO", "CMO", "CRO",
    "OS", "MZ", "ETC",
))
# Nouns that stand for "some company" in prose: a role, never a name.
GENERIC = frozenset((
    "시공사", "협력사", "회원사", "시행사", "운영사", "고객사", "계열사", "자회사", "관계사", "제조사", "파트너사",
    "주관사", "투자사", "발주처", "납품업체", "협력업체", "하청업체", "원청", "하청", "모회사", "지주사",
    "본사", "지사", "법인", "업체", "기업", "회사", "컨소시엄", "스타트업", "벤처", "그룹사", "대기업", "중소기업",
    "중견기업", "공기업", "금융사", "증권사", "보험사", "카드사", "통신사", "유통사", "배급사", "제작사",
    "수요기업", "참여기업", "입주기업", "상장사", "인수자", "매수자", "매도자", "수탁사", "위탁사",
    "은행", "저축은행", "시중은행", "지방은행", "인터넷은행", "캐피탈사", "자산운용사",
))
# 공단 after a town is an industrial estate, a place ("구미공단"); after anything else it is
# a public corporation ("국민연금공단"), an organisation.
SITE_BY_PLACE = "공단"
# Stock market indices, which news names like companies ("코스피가 2% 올랐다"): figures, not parties.
MARKET_INDICES = frozenset(("코스피", "코스닥", "코넥스", "나스닥", "다우지수", "닛케이지수", "항셍지수", "KOSPI", "KOSDAQ",
                            "NASDAQ"))
LANGUAGES = frozenset((
    "Java", "JAVA", "Python", "JavaScript", "TypeScript", "Kotlin", "Swift", "Rust", "Golang", "C++", "C#",
    "PHP", "Ruby", "Scala", "Perl", "SQL", "HTML", "CSS", "Solidity", "Haskell", "Fortran", "COBOL",
    "MATLAB", "Julia", "Dart", "Lua", "Elixir", "Erlang", "Clojure", "자바", "파이썬", "자바스크립트",
    "코틀린", "타입스크립트",
))
# A model or part number: capital letters and at least two digits mixed in one word of four
# characters or more ("GX2000T", "X300-2") — a spelled-out name has small letters ("Web3Labs").
MODEL_NUMBER = re.compile(r"(?=.*\d.*\d)(?=.*[A-Z])[A-Z\d]+(?:-[A-Z\d]+)*")
_MODEL_MIN_CHARS = 4
# Diseases written the way news writes them: a name with a year ("…19"), or a medical head.
DISEASE = re.compile(r".+(?:-?19|증후군|바이러스|감염증|독감|폐렴|질환|암|병)$")
_HANGUL = re.compile("[\uac00-\ud7a3]+")
PERSON_NAME_CHARS = (2, 4)


def is_title(word: str | None) -> bool:
    """A title or honorific written after a personal name (대표, 회장, 씨, 기자 ...), also as
    the head of a team named after the person ("탁서윤 교수팀", "홍길동 감독진")."""
    if not word:
        return False
    if word[-1] in TEAM_SUFFIXES and word[:-1] in TITLES:
        return True
    return word in TITLES or known_label(word) == "title"


# A title with one of these after it names the person's team ("교수팀", "감독진").
TEAM_SUFFIXES = frozenset("팀진")


def looks_like_person_name(text: str) -> bool:
    """Two to four Hangul syllables starting with a common surname ("홍길동", "김모", "남궁민수")."""
    if not _HANGUL.fullmatch(text) or not PERSON_NAME_CHARS[0] <= len(text) <= PERSON_NAME_CHARS[1]:
        return False
    return text[:1] in SURNAMES or text[:2] in SURNAMES


# A business head at least this long ends no personal name: "남궁화학 대표" is a company's
# head (a compound surname and 화학), where "남궁민수 대표" is a person.
MIN_PERSON_HEAD_CHARS = 2


def _business_head(name: str) -> bool:
    head = head_of(name, COMPANY_HEADS)
    return head is not None and len(head) >= MIN_PERSON_HEAD_CHARS and len(name) - len(head) >= 2


def _lexicon_reason(text: str) -> str | None:
    k = known_forms().get(text)
    if k is None or k.org_share > 0:
        return None
    label = known_forms().label(text)
    return label if label not in (None, "company", "organization") else None


def non_company_reason(text: str, next_word: str | None = None, prev_word: str | None = None) -> str | None:
    """Why ``text`` is not a company, or None (see the module docstring for the reasons).

    ``next_word``: the word after the candidate with its particles stripped ("대표" in
    "홍길동 대표는"); ``prev_word``: the word before it, likewise. A known company or
    organisation form is never turned away by the lexicon, only by its context.
    """
    name = text.strip()
    if not name:
        return "generic"
    if name in ACRONYMS or name.upper() in ACRONYMS:
        return "acronym"
    if name in GENERIC:
        return "generic"
    if name in LANGUAGES:
        return "language"
    if name in MARKET_INDICES:
        return "term"
    if name.endswith(SITE_BY_PLACE) and known_label(name[:-len(SITE_BY_PLACE)]) == "place":
        return "site"  # "가람공단": the industrial estate named after its town, a place
    if is_title(next_word) and looks_like_person_name(name) and known_label(name) in (None, "person") \
            and not _business_head(name):
        return "person"
    if len(name) >= _MODEL_MIN_CHARS and MODEL_NUMBER.fullmatch(name):
        return "model"
    if DISEASE.fullmatch(name) and known_label(name) not in ORG_CLASSES and _disease_shape(name):
        return "disease"
    if name.isdigit():
        return "number"
    words = name.split()
    if len(words) > 1 and words[-1] in GENERIC:
        return "generic"  # "판교 시공사", "가온 협력사": a role described, no name
    if len(words) > 1 and all(known_label(w) == "place" for w in words):
        return "place"  # "가람도 누리시": a place and a place in it
    if len(words) > 1 and known_label(words[0]) == "place" and words[-1].endswith(REGION_SUFFIXES) \
            and len(words[-1]) > 2:
        return "place"  # "미국 인디애나주", "중국 장쑤성": a country and a region of it
    return _lexicon_reason(name)


def _disease_shape(name: str) -> bool:
    """"코로나19", "메르스 바이러스": a year-suffixed or medical-head word, not "…병원" or a company."""
    return not name.endswith(("병원", "의원")) and (name.endswith(("19", "증후군", "바이러스", "감염증"))
                                                  or known_label(name) == "disease")


# Suffixes of regions inside a country ("인디애나주", "장쑤성", "바이에른주").
REGION_SUFFIXES = ("주", "성", "현", "도", "시")


# How party names end: a political word and 당 ("누리민주당", "가람정의당", "새별당" does not).
PARTY_HEADS = ("민주당", "공화당", "정의당", "국민당", "노동당", "진보당", "보수당", "녹색당", "통합당", "미래당",
               "공산당", "자민당", "사회당", "혁신당", "개혁당", "평화당", "한국당", "자유당", "정당", "연합당",
               "민중당", "독립당", "노농당")


def party_kind(name: str) -> str | None:
    """"organization" for a political party: a party is never a company, however it was found."""
    return "organization" if name.replace(" ", "").endswith(PARTY_HEADS) else None
