"""Kind layer: is a recognised name a company, an organisation, a product or a person?

Korean institutions carry their type in the last noun of the name (…협회,
…재단, …위원회, …대학교, ministries in …부/…청/…처), companies in a
business head (…전자, …바이오, …그룹, …이앤씨). Products and brands show
themselves by their syntax instead: a quoted name right after 솔루션/브랜드/
서비스/제품, or followed by "라는 브랜드", or the object of 출시/런칭.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .tokens import Units, first_tag

# Loanword heads of companies' names ("누리텔레콤", "가람테라퓨틱스", "다솜머티리얼즈"): no
# ordinary Korean compound ends in them.
LOANWORD_HEADS = ("텔레콤", "커뮤니케이션즈", "일렉트로닉스", "머티리얼즈", "머티리얼", "테라퓨틱스", "파마슈티컬",
                  "파마슈티컬스", "바이오로직스", "바이오사이언스", "인더스트리", "인더스트리즈", "오토모티브",
                  "에어로스페이스", "다이나믹스", "매뉴팩처링")
# Business heads: a name ending in one of these (after at least one more
# syllable) is a company name ("가온전자", "누리바이오", "다솜푸드").
COMPANY_HEADS = (
    "전자", "전기", "바이오", "바이오텍", "테크", "텍", "글로벌", "코리아", "그룹", "백화점", "건설",
    "제약", "유플러스", "화학", "중공업", "산업", "물산", "상사", "통신", "증권", "은행", "보험", "생명",
    "화재", "카드", "캐피탈", "자동차", "모터스", "엔터테인먼트", "홀딩스", "지주", "닷컴", "소프트",
    "시스템즈", "솔루션즈", "네트웍스", "푸드", "식품", "제과", "제당", "항공", "해운", "상선", "에너지",
    "케미칼", "메디칼", "메디컬", "파마", "컴퍼니", "랩스", "스튜디오", "미디어", "인터내셔널",
    "코퍼레이션", "정공", "공업", "엔지니어링", "홈쇼핑", "리테일", "로지스틱스", "물류", "디스플레이",
    "모빌리티", "게임즈", "벤처스", "인베스트먼트", "파트너스", "자산운용", "제철", "철강",
    "제지", "정밀", "로보틱스", "헬스케어", "코스메틱", "공사", "네트워크", "시스템", "솔루션", "아이티",
    # venture capital: "가람벤처투자", "누리창업투자", "다솜엔젤스"
    "벤처투자", "창업투자", "기술투자", "엔젤스",
    # loanwords that name a company's trade, as foreign names transliterated end in them
    *LOANWORD_HEADS,
)
# Institutional heads: the name is an organisation, not a company.
ORG_HEADS = (
    "협회", "재단", "공단", "위원회", "조합", "연합회", "협의회", "연맹", "학회", "연구원", "진흥원",
    "연구소", "대학교", "대학", "대학원", "병원", "의료원", "경찰서", "지검", "지청",
    "법원", "지법", "고법", "재판소", "의회", "시청", "군청", "구청", "도청", "교육청", "센터",
    "기구", "본부", "사무소", "구단", "협동조합", "상공회의소", "진흥청", "관리원", "평가원", "개발원",
    "정보원", "연구회", "기금", "은행연합회", "중앙회",
    # the press: "가람일보", "누리신문", "다솜방송", "별빛뉴스"
    "일보", "신문", "방송", "뉴스", "타임스", "저널",
)
# Local governments: a province, city, county or district by its suffix ("전라남도", "가람시").
LOCAL_GOVERNMENT = re.compile(r"[가-힣]{1,6}(?:특별시|광역시|특별자치시|특별자치도|시|도|군|구)")
# Heads of named sites: an industrial park or cluster is where a deal happens, never a party.
SITE_HEADS = ("산업단지", "산단", "국가산단", "테크노밸리", "테크노파크단지", "밸리", "클러스터", "특구", "단지", "혁신도시")


def is_place_like(name: str) -> bool:
    """A province, city, district or named site by its shape ("가람시", "누리 산업단지")."""
    flat = name.replace(" ", "")
    return bool(LOCAL_GOVERNMENT.fullmatch(flat)) or flat.endswith(SITE_HEADS)


# Ministries and agencies: one proper noun ending in 부/청/처 ("가람자원부", "누리세청").
GOV_SUFFIX = ("부", "청", "처", "원", "당")

# Latin letters spelled in Hangul; "…이앤씨" (E&C), "…에스티" (ST) end many company names.
LETTERS = ("에이치|더블유|에이|에프|에스|아이|제이|케이|브이|엑스|와이|제트|비|씨|디|이|지|엘|엠|엔|오|피|큐|알|티|유")
AMPERSAND_SUFFIX = re.compile(rf"(?:{LETTERS})+앤(?:{LETTERS})+$")

# Nouns that introduce a product or brand name right before it, or name it after "라는".
PRODUCT_NOUNS = ("솔루션", "브랜드", "서비스", "제품", "상품", "앱", "애플리케이션", "플랫폼", "프로그램",
                 "모델", "신제품", "게임", "기술")
PRODUCT_VERBS = ("출시", "런칭", "론칭", "선보이", "공개")


@lru_cache(maxsize=64)
def _head_pattern(heads: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(".(" + "|".join(sorted(map(re.escape, heads), key=len, reverse=True)) + ")$")


@lru_cache(maxsize=65536)
def head_of(name: str, heads: tuple[str, ...]) -> str | None:
    """The longest head ``name`` ends in, provided something precedes it."""
    compact = name.replace(" ", "")
    pat = _head_pattern(heads)
    # The alternation is longest-first, but a shorter head can start earlier; try each start.
    for i in range(max(0, len(compact) - 12), len(compact) - 1):
        m = pat.match(compact, i)
        if m:
            return m.group(1)
    return None


@lru_cache(maxsize=65536)
def company_head(name: str) -> str | None:
    """The business head of a name ("전자" in "가온전자"), a spelled-letter suffix included."""
    h = head_of(name, COMPANY_HEADS)
    if h:
        return h
    m = AMPERSAND_SUFFIX.search(name.replace(" ", ""))
    if m and m.start() > 0:
        return m.group(0)
    return None


@lru_cache(maxsize=65536)
def org_head(name: str) -> str | None:
    return head_of(name, ORG_HEADS)


def kind_of(name: str, default: str = "company") -> str:
    """Organisation when the name ends in an institutional head, else ``default``.

    A business head wins over an institutional one only when it is longer
    ("…은행연합회" is an organisation, "…상호은행" a company).
    """
    o = org_head(name)
    c = head_of(name, COMPANY_HEADS)
    if o and (not c or len(o) >= len(c)):
        return "organization"
    return default


def is_product_context(doc: Doc, units: Units, start_tok: int, end_tok: int) -> bool:
    """True when the span is a quoted or bare name framed as a product or brand.

    Looks at the unit before the name (or before its opening quote) for a
    product noun, and after the name (past a closing quote) for "(이)라는
    브랜드/제품/서비스" or an object particle followed by 출시/런칭.
    """
    i = start_tok - 1
    while i >= 0 and first_tag(doc[i]) in ("SSO",):
        i -= 1
    if i >= 0 and i in units.of_token:
        cs, ce = units.core(units.of_token[i])
        if ce > cs and ce - 1 == i and doc[cs:ce].text.replace(" ", "").endswith(PRODUCT_NOUNS):
            return True
    j = end_tok
    while j < len(doc) and first_tag(doc[j]) in ("SSC",):
        j += 1
    window = doc[j:j + 4]
    text_after = "".join(t.text + t.whitespace_ for t in window)
    if re.match(r"(?:이)?라는\s*(?:" + "|".join(PRODUCT_NOUNS) + ")", text_after):
        return True
    if window and window[0].tag_ == "JKO" and len(window) > 1 and window[1].text.startswith(PRODUCT_VERBS):
        return True
    return False
