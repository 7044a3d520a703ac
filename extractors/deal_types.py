"""Deal predicates: where a sentence says a deal happened, what kind, and whether it did.

Korean states a deal with a predicate noun (협업, 계약, 투자, 입점 ...) that is
used as a verb with 하다 ("협업하여"), as the object of a light verb ("계약을
체결", "MOU를 맺고"), or inside an idiom ("손을 잡고"). Whether the deal is
done, planned, proposed or denied is said after the predicate ("매입할 예정",
"협업을 제안", "체결하지 않았다"), so status is read from the words that
follow it in the same clause.

A predicate is *mutual* when it can take a plural subject as the partners
("A와 B가 협업하여", "A와 B는 제휴 관계를 강화"); a predicate noun that is
itself the object of a one-sided act ("협업제안을 실시") is not, because the
proposer is not partnering with whoever stands next to it in the subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# (type, pattern). Order is specificity: when several predicates govern one
# relation, the earliest type in this list wins ("비즈니스 매칭" over "협력").
PREDICATES: tuple[tuple[str, str], ...] = (
    ("consortium", r"컨소시엄"),
    ("investment", (r"투자(?!가|자|홍보|설명|단체|은행|증권|자문|전문|환경|심리)|인수(?!인|자|위)|출자(?!사)"
                    r"|(?:주식|신주|지분|주)\s?(?:추가\s?)?(?:매입|취득)|매입|취득")),
    ("store_entry", r"입점"),
    ("tech_transfer", r"기술\s?이전|무상\s?이전|특허\s?이전|라이선스\s?계약"),
    ("reseller", r"재판매|리셀러|판매\s?대행|총판"),
    ("co-host", r"(?:공동|함께)\s?(?:주최|개최|주관)|주최|공동\s?개최"),
    ("joint_development", r"공동(?:으로)?\s?(?:개발|연구|출시|제작)|결합\s?상품|함께\s?개발"),
    ("business_matching", r"비즈니스\s?매칭|사업\s?매칭|매칭"),
    ("contract", r"계약(?!직)|공급(?!망|가|량|난|과잉|부족)|납품|수주|거래(?!소)"),
    ("partnership", r"업무\s?협약|협약|MOU|양해각서|제휴|파트너십|파트너|동맹|얼라이언스"),
    ("collaboration", r"협업|협력(?!사|업체)|협조|손을\s?잡|손잡|맞손|콜라보|컬래버|합작|공동\s?사업|힘을\s?합"),
)
TYPE_ORDER = tuple(t for t, _ in PREDICATES)
_PATTERN = re.compile("|".join(f"(?P<g{i}>{p})" for i, (_t, p) in enumerate(PREDICATES)))
_SHARES = re.compile(r"주식|신주|지분|\d주")

_MUTUAL_AFTER = re.compile(r"^\s?(?:하|했|한|할|해|합|함|키로|\s?관계|\s?체제|(?:을|를)?\s?(?:맺|체결|추진|진행|강화|확대|구성|구축|이어|결성|꾸리|꾸렸|출범))")
_MUTUAL_BEFORE = re.compile(r"(?:공동으로|공동|함께|서로|상호)\s?$")
_IDIOM = re.compile(r"손을\s?잡|손잡|맞손|힘을\s?합")
_PROPOSED = re.compile(r"제안|요청|제의|권유")
_PLANNED = re.compile(r"예정|계획|할\s?것|하기로|키로|방침|추진|나설\s?것|전망")
_NEGATED = re.compile(r"않|못\s?했|못하|무산|결렬|철회|취소|불발|없었|없다|아니")
_CLAUSE_CUT = re.compile(r"[,;.!?]|\s그리고\s|며\s|고\s")


@dataclass(frozen=True)
class Trigger:
    """A deal predicate in the text: its span, deal type, status and whether it is mutual."""

    start: int
    end: int
    text: str
    type: str
    status: str = "done"
    mutual: bool = False


def _status(text: str, end: int, limit: int) -> str:
    """Status from the words after the predicate, up to the end of its clause."""
    window = text[end:min(limit, end + 30)]
    # "매입할 예정이라고 발표했으며" keeps its status word past the first ending
    cut = _CLAUSE_CUT.search(window)
    head = window[:cut.start()] if cut else window
    if _NEGATED.search(head):
        return "negated"
    if _PROPOSED.match(head.lstrip("을를 ")) or _PROPOSED.search(head[:6]):
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
        if kind == "investment" and word in ("매입", "취득") and not _SHARES.search(sentence[:m.start()]):
            continue  # buying goods is not an investment
        s, e = start + m.start(), start + m.end()
        after = text[e:end]
        before = text[max(start, s - 6):s]
        # a consortium has several members by definition, whatever verb forms it
        mutual = bool(kind == "consortium" or _IDIOM.match(word) or _MUTUAL_AFTER.match(after)
                      or _MUTUAL_BEFORE.search(before))
        status = _status(text, e, end)
        if status == "proposed":
            mutual = False
        out.append(Trigger(s, e, word, kind, status, mutual))
    return out


def best_type(triggers: list[Trigger]) -> Trigger | None:
    """The most specific of the predicates governing one relation."""
    if not triggers:
        return None
    return min(triggers, key=lambda t: (TYPE_ORDER.index(t.type), t.start))
