"""Deal predicates: where a sentence says a deal happened, what kind, and whether it did.

Korean states a deal with a predicate noun (협업, 계약, 투자, 인수 ...) used as a
verb with 하다 ("협업하여"), as the object of a light verb ("계약을 체결",
"MOU를 맺고", "양해각서를 교환"), inside an idiom ("손을 잡고", "맞손"), or as
a bare noun in a headline ("MOU 체결"). Whether the deal is done, planned,
proposed or denied is said after the predicate, in its clause ("매입할 예정",
"협업을 제안", "체결하지 않았다", "인수 협상이 결렬됐다").

Types are the closed list ``kdeal.records.DEAL_TYPES``, most specific first;
this module gives each its predicate pattern (``PREDICATES``, in that order).

A predicate is *mutual* when it can take a plural subject as the partners
("A와 B가 협업하여", "A와 B는 합작법인을 설립"); directed predicates read their
partner from a dative or source phrase ("B에 투자", "B로부터 수주").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kdeal import records

from .first_chars import compile_skipping

# The predicate pattern of each type. Their order is that of kdeal.records.DEAL_TYPES, by specificity:
# when several predicates govern one relation, the earliest type wins ("합작법인 설립 계약" is a joint venture).
_PATTERNS: dict[str, str] = {
    "consortium": r"컨소시엄|대주단|신디케이트|공동\s?수급체|연합체",
    "joint_venture": r"합작(?:법인|사|회사|공장|투자|벤처|기업)?(?!품)|조인트\s?벤처|\bJV\b",
    "merger": r"(?:흡수\s?)?합병(?!증)",
    "acquisition": (r"인수(?!인|자|위|전|합병|공|가|식)|M&A|(?:경영권|지분)\s?(?:\d[\d.]*%\s?)?(?:을|를)?\s?"
                     r"(?:확보|사들|매입|취득)|매입|취득|사들(?:이|여|인|였)|(?<=지분 )매각|(?<=지분을 )매각"),
    "investment": (r"투자(?!가|자|\s?홍보|\s?설명|단체|은행|증권|자문|전문|환경|심리|처|사|금|액|업)|출자(?!사)"
                    r"|시리즈\s?[A-DＡ-Ｄ]|프리\s?[A-DＡ-Ｄ]|펀딩|(?<=원을 )유치|(?<=원 )유치|(?<=금을 )유치|(?<=자금을 )유치"
                    r"|라운드"),
    "store_entry": r"입점|스토어를?\s?(?:열|개설|오픈)",
    "licensing": r"라이선스|라이센스|특허\s?(?:사용|실시)\s?(?:권|계약)|기술\s?도입|(?<=로부터 )도입|퍼블리싱",
    "tech_transfer": r"기술\s?이전|무상\s?이전|특허\s?이전|기술\s?수출|(?<=기술을 )수출|이전(?:했|한다|하기로|하는|한|키로|해)",
    "reseller": r"재판매|리셀러|판매\s?대행|총판|독점\s?판매",
    "co_host": r"(?:공동|함께)\s?(?:주최|개최|주관)|주최|공동\s?개최",
    "joint_development": r"공동\s?(?:으로\s?)?(?:개발|연구|출시|제작|실증|검증)|함께\s?개발|결합\s?상품",
    "business_matching": r"비즈니스\s?매칭|사업\s?매칭|매칭",
    "supply": (r"공급(?!망|가|량|난|과잉|부족|처|원)|납품|수주(?!전|액|잔고)|발주|위탁\s?(?:생산|운영)|ODM|OEM"
                r"|생산을\s?맡|맡긴|맡기기로|맡겼"
                r"|유통\s?계약|수출\s?계약|용선\s?계약|풀필먼트"),
    "partnership": r"(?:지분|주식)\s?(?:을|를)?\s?(?:맞)?교환|업무\s?협약|(?:투자|상생|동반성장|업무)?협약(?!서)|협약서에\s?서명|MOU|양해\s?각서|제휴|파트너십|동맹|얼라이언스|연합",
    "collaboration": (r"협업|협력(?!사|업체|단|관)|협조|손을\s?잡|손잡|맞손|콜라보|컬래버|공동\s?사업|힘을\s?(?:합|모)"
                       r"|합의(?!서)|상생|협의체|공동\s?(?:조성|운영|추진|출자|마케팅|판매|펀드)"
                       r"|(?:(?<=사업에 )|(?<=실증에 )|(?<=프로젝트에 ))참여"),
    "contract": r"계약(?!직|금|서|자|기간|규모|금액)|거래(?!소|량|액|처|일)|(?<![A-Za-z])NDA(?![A-Za-z])",
}
# A count of deals ("3건의 계약") has no predicate of its own.
COUNT_TYPE = "deal_count"
# (type, pattern), in the order of the closed list.
PREDICATES: tuple[tuple[str, str], ...] = tuple((t, _PATTERNS[t]) for t in records.DEAL_TYPES if t != COUNT_TYPE)
if {t for t, _ in PREDICATES} != set(_PATTERNS):
    raise ImportError(f"predicates of types not in kdeal.records.DEAL_TYPES: "
                      f"{sorted(set(_PATTERNS) - set(records.DEAL_TYPES))}")
TYPE_ORDER = tuple(t for t, _ in PREDICATES)
# Types whose plural subject are the partners ("A와 B는 합작법인을 설립").
MUTUAL_TYPES = frozenset({"consortium", "joint_venture", "merger", "joint_development", "co_host",
                          "business_matching", "partnership", "collaboration", "contract", "supply",
                          "licensing", "tech_transfer"})

# Types that are joint by their very name: their conjoined subject are always the partners.
JOINT_TYPES = frozenset({"consortium", "joint_venture", "merger", "joint_development", "co_host"})

# Scanned over every sentence: compiled to skip positions no predicate starts at (see first_chars).
_PATTERN = compile_skipping("|".join(f"(?P<g{i}>{p})" for i, (_t, p) in enumerate(PREDICATES)))
_TRANSFERRED = re.compile(r"기술|특허|노하우|IP|지식재산|판권")
_SHARES = re.compile(r"주식|신주|구주|지분|경영권|\d주")
# Compounds where the predicate noun names a contest or an event, not a deal.
_NOT_A_DEAL_AFTER = re.compile(r"^(?:전|경쟁|설명회|박람회|포럼|행사장|식장)")
_MUTUAL_AFTER = re.compile(r"^\s?(?:하|했|한|할|해|합|함|키로|\s?관계|\s?체제|(?:을|를)?\s?(?:맺|체결|추진|진행|강화|"
                           r"확대|구성|구축|이어|결성|꾸리|꾸렸|출범|설립|세우|세웠|교환))")
_MUTUAL_BEFORE = re.compile(r"(?:공동으로|공동|함께|서로|상호|3자|삼자|4자|다자|\d자)\s?$")
_IDIOM = re.compile(r"손을\s?잡|손잡|맞손|힘을\s?(?:합|모)")
# A joint-action adverb governs a making verb a few words on: "B와 함께 신약을 개발했다",
# "B와 공동으로 진단키트를 출시한다". The verb, not the adverb, is the predicate.
_JOINT_ADVERB_VERB = re.compile(r"(?:함께|공동으로|손잡고|협력해|협력하여|협업해|협업하여)\s(?:[^\s,.]+\s){0,4}?"
                                r"(?P<verb>개발|연구|출시|제작|생산|구축|선보|실증|공동\s?개발)"
                                r"(?=했|한|하|해|할|키로|에|을|를|\s)")
# The same adverbs govern an undertaking verb: "B와 함께 펀드를 조성한다", "B와 공동으로 해외
# 시장에 진출한다" say the partners act together, as "공동 조성" and "공동 추진" do.
_JOINT_ADVERB_UNDERTAKING = re.compile(r"(?:함께|공동으로|손잡고|협력해|협력하여|협업해|협업하여)\s(?:[^\s,.]+\s){0,4}?"
                                       r"(?P<verb>조성|운영|추진|설립|진출|마련|전개|펼치|펼쳤|나선|나섰|나서)"
                                       r"(?=했|한|하|해|할|키로|에|을|를|\s|다|며|고|기로|는|ᆫ다)")
# A store opened inside another's shop: "플래그십 스토어를 B의 쇼핑몰 C에 열었다". The verb is the predicate.
_STORE_OPENED = re.compile(r"(?:스토어|매장|전문관|브랜드관)(?:을|를)\s(?:[^\s,.]+\s){0,5}?"
                           r"(?P<verb>열|개설|오픈)(?=었|어|고|기로|는|다|한|했|할|하|며)")
# A launch with a partner in the comitative: "B와 PLCC 출시", "B와 신제품을 선보였다".
_LAUNCHED_WITH = re.compile(r"(?<![가-힣A-Za-z0-9])(?!(?:결과|효과|성과|사과|학과)와\s)[가-힣A-Za-z0-9)'’\"”]+(?:와|과)\s"
                            r"(?:[^\s,.]+\s){0,3}?"
                            r"(?P<verb>출시|선보|론칭)")
# Status words after the predicate, in its clause.
_NEGATED = re.compile(r"않|못\s?했|못하|못한|무산|결렬|철회|취소|불발|해지|파기|중단|부인|무효|접었|접기로|이르지\s?못|"
                      r"없었|없다고|아니|사실무근|일축|백지화|포기")
# A negation later in the sentence that takes back a deal named before it ("합병 양해각서를 맺었지만
# ... 합병을 철회하기로", "인수를 위한 계약 체결을 앞두고 협상을 중단했다").
_TAKEN_BACK = re.compile(r"(?:협상|논의|거래|계약|인수|합병|합작|투자|제휴|협약|MOU)(?:을|를|이|가|은|는)?\s?"
                         r"(?:\S+\s)?(?:중단|철회|취소|파기|해지|무산|결렬|포기|백지화|접)")
_PROPOSED = re.compile(r"제안|요청|제의|권유|추진\s?(?:중|하고|할|키로|한다|해|했)|검토|협상|논의|타진|모색|저울질|"
                       r"물밑|접촉|진행\s?중|벌이고|협의\s?중|추진$")
_PLANNED = re.compile(r"예정|계획|할\s?것|하기로|키로|기로\s?(?:했|하|합|결정|결의)|방침|전망|나설\s?것|나선다|세운다|한다$|ᆫ다$|는다$|"
                      r"설립한다|체결한다|출시한다|시작한다|본격화|목표")
_CLAUSE_CUT = re.compile(r"[;.!?]|\s그리고\s|며\s|고\s|,\s")
# How far after the predicate its status words are looked for (characters).
STATUS_WINDOW = 40


@dataclass(frozen=True)
class Trigger:
    """A deal predicate in the text: its span, deal type, status and whether it is mutual."""

    start: int
    end: int
    text: str
    type: str
    status: str = "done"
    mutual: bool = False


def status_after(text: str, end: int, limit: int) -> str:
    """Status from the words after the predicate, up to the end of its clause."""
    window = text[end:min(limit, end + STATUS_WINDOW)]
    cut = _CLAUSE_CUT.search(window)
    head = window[:cut.start()] if cut else window
    if _NEGATED.search(head):
        return "negated"
    if _PROPOSED.search(head):
        return "proposed"
    if _PLANNED.search(head):
        return "planned"
    return "done"


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """Deal predicates in ``text[start:end]`` (one sentence), in text order."""
    sentence = text[start:end]
    out: list[Trigger] = []
    for m in _PATTERN.finditer(sentence):
        kind = TYPE_ORDER[int(m.lastgroup[1:])]  # type: ignore[index]
        word = m.group()
        s, e = start + m.start(), start + m.end()
        if word.startswith(("매입", "취득", "사들")):
            shares = _SHARES.findall(sentence[:m.start()])
            if not shares:
                continue  # buying goods is not an acquisition
            if shares[-1] in ("신주", "주식") or shares[-1].endswith("주"):
                kind = "investment"  # buying new shares puts money in; buying a stake takes control
        if kind == "tech_transfer" and word.startswith("이전") and not _TRANSFERRED.search(sentence[:m.start()]):
            continue  # "본사를 이전했다": a move, not a transfer of technology
        if _NOT_A_DEAL_AFTER.match(text[e:end]):
            continue  # "인수전", "수주 경쟁": a contest, not a deal
        after = text[e:end]
        before = text[max(start, s - 6):s]
        mutual = bool(kind in JOINT_TYPES or _IDIOM.match(word) or _MUTUAL_AFTER.match(after)
                      or _MUTUAL_BEFORE.search(before)) and kind in MUTUAL_TYPES
        status = status_after(text, e, end)
        if text.startswith("설", e):
            status = "negated" if _NEGATED.search(text[e:end]) else "proposed"  # "협력설": a rumour
        elif status != "negated" and _TAKEN_BACK.search(text, e, end):
            status = "negated"
        out.append(Trigger(s, e, word, kind, status, mutual))
    return sorted(out + _joint_verbs(text, start, end, out), key=lambda t: t.start)


def _joint_verbs(text: str, start: int, end: int, found: list[Trigger]) -> list[Trigger]:
    """Verbs that say a deal through their phrase, where no predicate noun said it: a making verb
    governed by a joint-action adverb, a store opened in another's shop."""
    out = []
    for pattern, kind, mutual in ((_JOINT_ADVERB_VERB, "joint_development", True),
                                  (_JOINT_ADVERB_UNDERTAKING, "collaboration", True),
                                  (_STORE_OPENED, "store_entry", False),
                                  (_LAUNCHED_WITH, "joint_development", True)):
        for m in pattern.finditer(text, start, end):
            s, e = m.start("verb"), m.end("verb")
            if any(t.start <= s < t.end or s <= t.start < e for t in found + out):
                continue
            out.append(Trigger(s, e, m.group("verb"), kind, status_after(text, e, end), mutual))
    return out


def best_type(triggers: list[Trigger]) -> Trigger | None:
    """The most specific of the predicates governing one relation."""
    if not triggers:
        return None
    return min(triggers, key=lambda t: (TYPE_ORDER.index(t.type), t.start))
