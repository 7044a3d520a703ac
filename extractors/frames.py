"""Deal frames: who is on which side of the deal a clause states.

A clause with a deal predicate (``deal_types``) names its parties by role:

* the subject or topic (own or inherited, ``clauses``) is side a;
* a comitative ("B와", "B와의", "B와 함께") is side b of any deal;
* a dative, source or object is side b of a directed deal: "B에 투자",
  "B로부터 투자를 유치", "B로부터 수주", "B를 인수", "B의 지분을 취득";
* with no side b, a conjoined subject of a mutual predicate pairs within
  itself: "A와 B는 합작법인을 설립하기로 했다", "A·B·C 3사는 협약을 맺었다";
* a counted group is the unnamed part of side b: "1차 협력사 23곳과",
  "삼성전자 등 10개 대기업과".

``FrameReader.relations`` returns one ``Relation`` per deal stated. Parties are
``Mention``s: recognised names, or names accepted from their slot
(``slot_names``); a party resolver is handed in, so that anaphors ("양사",
"이 회사") and document-level state stay in the assembler.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from kdeal.records import Mention, Quantity

from .clauses import Clause, ClauseKind
from .deal_types import JOINT_TYPES, Trigger, best_type, status_after
from .grammar import MEMBERSHIP_VERBS, Role
from .evidence import is_title, non_company_reason
from .kind import is_place_like
from .slot_names import type_noun
from .nameshape import Shape
from .phrases import Conjunct, NounGroup

# Possessed nouns that make a genitive the party of a directed deal ("B의 지분", "B의 시리즈A 라운드").
OWNED_STAKES = ("지분", "주식", "신주", "구주", "경영권", "라운드", "시리즈", "사업부", "자산", "회사채")
# What a licence or a transfer hands over: its owner is the licensor ("B의 음성 합성 기술을 탑재하는").
OWNED_RIGHTS = ("기술", "특허", "판권", "지식재산", "IP", "콘텐츠", "후보물질", "신약", "플랫폼", "소스코드", "원천")
# Predicates of a relative clause that make its subject the owner of its head ("B가 운영하는 CU").
OWNER_STEMS = ("운영", "보유", "소유", "거느리", "이끄", "운용")
# Postpositions of means: a deal noun before them is a deal already told ("이번 투자를 통해").
MEANS_POSTPOSITIONS = ("통해", "통한", "통하")
# "X로 구성됐다/이뤄졌다": the members of a consortium.
MADE_OF_VERBS = ("구성", "이뤄", "이루어", "꾸려")
# Words of a product, brand or platform after its owner's genitive ("B의 온라인 쇼핑몰 C").
PLATFORM_WORDS = ("쇼핑몰", "몰", "플랫폼", "앱", "편의점", "매장", "서비스", "브랜드", "채널", "스토어", "마켓",
                  "오픈마켓", "사이트", "포털", "메신저")
# Predicates whose subject joins an existing deal ("컨소시엄에는 A가 참여했다", "라운드는 B가 주도").
JOIN_STEMS = ("참여", "참가", "주도", "합류", "가세", "함께하", "함께했", "동참", "나서", "나섰", "리드")
# Directed deals whose partner a source phrase names ("B로부터 투자를 유치", "B로부터 수주").
_SOURCE_TYPES = frozenset({"investment", "supply", "licensing", "tech_transfer", "acquisition", "contract",
                           "store_entry"})
_DATIVE_TYPES = frozenset({"investment", "supply", "store_entry", "licensing", "tech_transfer", "reseller",
                           "contract", "acquisition"})
_OBJECT_TYPES = frozenset({"acquisition", "merger", "investment"})
_COLLABORATIVE = frozenset({"collaboration", "partnership", "joint_development", "business_matching"})
_SOURCE_IN_LOCATIVE = re.compile(r"^(?:에서|서)")
# Deals that one agreement makes among all who sign it ("A는 B, C와 3자 협약을 체결했다").
MULTILATERAL_TYPES = frozenset({"partnership", "collaboration", "joint_development", "consortium", "co_host",
                                "business_matching", "joint_venture"})
# Words of a contest: the names in such a clause compete, they do not deal.
COMPETITION = re.compile(r"경합|경쟁(?!력|사|업체|기업)|맞붙|격돌|각축|맞대결|쟁탈|신경전|소송|분쟁|제소|고소|특허\s?침해")
# Roles in a consortium given with 로 ("주관사로", "참여사로 이름을 올린").
ROLE_NOUNS = ("주관사", "주간사", "참여사", "대표사", "구성사", "컨소시엄사")
# Verbs of meeting whose comitative partner joins the deal of the next clause ("B와 만나 … 협력").
MEETING_STEMS = ("만나", "만난", "손잡", "힘을 합", "머리를 맞대", "뭉쳐", "뭉친")
# Words that name an agreement, whatever deal it makes ("투자협약", "MOU", "양해각서").
AGREEMENT_WORDS = re.compile(r"협약|MOU|양해\s?각서|협정")
# Adverbs that make a list of partners separate deals ("B, C와 각각 협약을").
SEPARATELY = frozenset({"각각", "각", "개별적으로", "따로", "별도로", "각자"})

Resolve = Callable[[Conjunct, Role, Clause, bool], tuple[Mention, ...]]
Fallback = Callable[[Clause, Trigger, tuple[Mention, ...]], tuple[Mention, ...]]


@dataclass(frozen=True)
class Relation:
    """Two sides of a deal (or, for a deal count, none) and the predicate that states it."""

    side_a: tuple[Mention, ...]
    side_b: tuple[Mention, ...]
    trigger: Trigger
    group: Quantity | None = None
    group_label: str = ""
    count: Quantity | None = None
    rule: str = ""


@dataclass(frozen=True)
class Side:
    """The parties one noun group contributes, and its counted group."""

    parties: tuple[Mention, ...]
    group: Quantity | None = None
    label: str = ""
    rule: str = ""
    # further counted groups of the same phrase ("중견기업 5곳, 스타트업 40여 곳과"), with their labels
    more_groups: tuple[tuple[Quantity, str], ...] = ()


class FrameReader:
    """Reads the relations of one sentence from its clauses and deal predicates."""

    def __init__(self, text: str, clauses: list[Clause], triggers: list[Trigger], resolve: Resolve,
                 fallback: Fallback | None = None):
        self.text = text
        self.clauses = clauses
        self.triggers = triggers
        self.resolve = resolve
        self.fallback = fallback
        self._trigger_home = self._own_triggers()

    # --- sides --------------------------------------------------------------
    def side(self, g: NounGroup | None, clause: Clause, lenient: bool = False) -> Side:
        g = self._owner(g, clause) if g is not None else None
        side = self._side(g, clause, lenient)
        if g is not None and g is not clause.subject and any(c.subsidiary for c in g.conjuncts):
            # "A는 자회사 B와 합병": a parent and its subsidiary are one group, not partners
            keep = {(m.start, m.end) for c in g.conjuncts if not c.subsidiary
                    for m in self.resolve(c, g.role, clause, lenient)}
            side = Side(tuple(m for m in side.parties if (m.start, m.end) in keep), side.group, side.label, side.rule)
        return side

    def _side(self, g: NounGroup | None, clause: Clause, lenient: bool = False) -> Side:
        """The parties of ``g``; ``lenient`` accepts weak-shaped names too (the other side of the
        deal, or another conjunct of ``g``, is a clear name)."""
        if g is None:
            return Side(())
        lenient = lenient or any(c.mention is not None or (c.name is not None and c.shape is Shape.NAME)
                                 for c in g.conjuncts)
        parties: list[Mention] = []
        group: Quantity | None = g.members
        label = g.members_label
        more: list[tuple[Quantity, str]] = []
        for c in g.conjuncts:
            if c.group is not None:
                if group is not None and c.group is not group:
                    more.append((c.group, c.label))
                group, label = group or c.group, label or c.label
                continue
            if c.mention is not None and c.heads and type_noun(c.heads[0]) and not c.mention.source.startswith("gazetteer"):
                continue  # "냉장물류 업체 인수": the kind of company a phrase describes, not a party
            for m in self.resolve(c, g.role, clause, lenient):
                if c.mention is None and self._names_after_trigger(c, m):
                    continue  # "A-B, 공동연구소 개소": the deal itself, run into a headline's list
                if g.role is Role.DATIVE and len(g.conjuncts) > 1 and c is g.conjuncts[-1] and _place(m):
                    continue  # "B와 가람시에 공장을 짓는": B is the partner, 가람시 the place
                if all(m.canonical != p.canonical for p in parties):
                    parties.append(m)
        return Side(tuple(parties), group, label, more_groups=tuple(more))

    def _names_after_trigger(self, c: Conjunct, m: Mention) -> bool:
        """A slot name at or after a deal word of its own conjunct ("공동연구소 개소") names the deal,
        not a party; a name before one ("가온 컨소시엄") or only ending in one ("누리벤처투자") is a name."""
        return any(c.start <= t.start <= m.start and (t.start == c.start or self.text[t.start - 1] == " ")
                   for t in self.triggers)

    def triggers_in(self, clause: Clause) -> list[Trigger]:
        """The predicates of a clause: inside its own noun groups or its predicate, or in its span
        outside any other clause's groups (a topic moved out of a relative clause takes its deal
        nouns along)."""
        return [t for t in self.triggers if self._trigger_home.get(t.start, -1) == clause.index]

    def _own_triggers(self) -> dict[int, int]:
        owner: dict[int, int] = {}
        means = [g for c in self.clauses for k, g in enumerate(c.groups)
                 if g.governed_by.startswith(MEANS_POSTPOSITIONS) and not _partner_before(c.groups, k)]
        for t in self.triggers:
            if any(g.start <= t.start < g.end for g in means):
                continue  # "이번 투자를 통해서": a deal told before, the means of this clause
            home = next((c.index for c in self.clauses for g in c.groups if g.start <= t.start < g.end), None)
            if home is None:
                home = next((c.index for c in self.clauses if c.start <= t.start < c.end), None)
            if home is not None:
                owner[t.start] = home
        return owner

    # --- clauses ------------------------------------------------------------
    def list_items(self, header: list[Trigger]) -> list[Relation]:
        """A list with no deal word of its own, under a line that has one: "우수 협약 사례" then
        "▲A-B: ... ▲C-D: ...". Each listed pair is a deal of the header's kind."""
        out: list[Relation] = []
        for clause in self.clauses:
            bullets = [g for g in clause.groups if _bullet(g) and "-" in g.links]
            for g in bullets:
                side = self.side(g, clause)
                trig = best_type(header)
                if trig is not None and len(side.parties) >= 2:
                    out.append(Relation(side.parties, (), trig, rule="list"))
        return out

    def relations(self) -> list[Relation]:
        out: list[Relation] = []
        for clause in self.clauses:
            trigs = self.triggers_in(clause) or self._topic_triggers(clause)
            if not trigs or COMPETITION.search(self.text, clause.start, clause.end):
                continue  # no deal word, or a contest between the names ("경합을 벌이고", "맞붙었다")
            found = self._nominal(clause, trigs) + self._clause_relations(clause, trigs)
            out.extend(replace(r, trigger=self._in_clause_status(r.trigger)) for r in found)
        return out + self._consortium_roles()

    def _consortium_roles(self) -> list[Relation]:
        """"B가 주관사로, C와 D가 참여사로 이름을 올린 컨소시엄", "주관사로 B를 선정했으며, 참여사로
        C와 D가 합류했다": names given a consortium role (X로) are members of the sentence's consortium."""
        trig = next((t for t in self.triggers if t.type == "consortium"), None)
        if trig is None:
            return []
        placed = sorted(((g, c) for c in self.clauses for g in c.groups), key=lambda gc: gc[0].start)
        members: list[Mention] = []
        for k, (g, _c) in enumerate(placed):
            if g.role is not Role.INSTRUMENT or g.names or not g.words or not g.words[-1].stem.startswith(ROLE_NOUNS):
                continue
            neighbours = placed[max(0, k - 1):k] + placed[k + 1:k + 2]
            for near, clause in neighbours:
                touching = abs(near.last_word - g.first_word) <= 1 or abs(g.last_word - near.first_word) <= 1
                if near.names and touching:
                    members += [m for m in self.side(near, clause, lenient=True).parties
                                if all(m.canonical != x.canonical for x in members)]
        return [Relation(tuple(members), (), trig, rule="roles")] if len(members) >= 2 else []

    def _in_clause_status(self, trig: Trigger) -> Trigger:
        """The status read up to the end of the predicate's own clause: "B와 양해각서를 체결한 A는
        C와 협약을 맺을 계획이다" — the first deal is done, the second planned."""
        home = self._trigger_home.get(trig.start)
        if home is None or trig.status == "negated":
            return trig
        status = status_after(self.text, trig.end, self.clauses[home].end)
        if trig.status == "proposed" and self.text.startswith("설", trig.end):
            status = "proposed"
        return trig if status == trig.status else replace(trig, status=status)

    def _nominal(self, clause: Clause, trigs: list[Trigger]) -> list[Relation]:
        """Deals named by a noun phrase: "A와 B의 상생협력", "A-B 협약", "A·B 물류 동맹".

        Names joined by 와/과, a hyphen or a middle dot, in a genitive before a deal noun
        or with the deal noun as their head, are partners of that deal.
        """
        out = []
        for k, g in enumerate(clause.groups):
            if not _conjoined(g) or len(g.names) < 2 or (g is clause.subject and not _bullet(g)):
                continue
            inside = [t for t in trigs if g.start <= t.start < g.end]
            if _bullet(g) and not inside:
                # "▲A·B 간 … 협약이다": the item's own deal word, up to the next item
                limit = next((x.start for x in clause.groups[k + 1:] if _bullet(x)), clause.end)
                inside = [t for t in trigs if g.start <= t.start < limit]
            if _bullet(g) and "-" in g.links:
                inside = inside or list(trigs)  # "▲A-B ▲C-D": each listed pair, under the list's deal
            if g.role is Role.GENITIVE and k + 1 < len(clause.groups):
                nxt = clause.groups[k + 1]
                inside += [t for t in trigs if nxt.start <= t.start < nxt.end]
            trig = best_type(inside)
            side = self.side(g, clause)
            if trig is not None and len(side.parties) >= 2:
                out.append(Relation(side.parties, (), trig, rule="nominal"))
        return out

    def _topic_triggers(self, clause: Clause) -> list[Trigger]:
        """"컨소시엄에는 A가 참여했다", "이번 라운드는 B가 주도했으며, C가 참여했다": the deal
        noun of the sentence's topic governs a later clause whose verb joins a deal."""
        if clause.pred is None or not clause.pred.text.startswith(JOIN_STEMS):
            return []
        topics = [g for c in self.clauses[: clause.index + 1] for g in c.groups
                  if g.role in (Role.TOPIC, Role.DATIVE) and (g.topicalised or g.role is Role.TOPIC)]
        return [t for g in topics for t in self.triggers if g.start <= t.start < g.end]

    def _clause_relations(self, clause: Clause, trigs: list[Trigger]) -> list[Relation]:
        trig = best_type(trigs)
        assert trig is not None
        for frame in (self._blocks_frame, self._members_frame, self._merged_objects):
            got = frame(clause, trig)
            if got is not None:
                return got
        a = self._actor(clause)
        out = self._comitative(clause, trigs, a)
        if out:
            return out
        b = self._directed(clause, trig, lenient=bool(a.parties)) or self._serial(clause)
        if b is not None and b.parties and not a.parties:
            a = self.side(clause.subject, clause, lenient=True)
        if b is not None and a.parties:
            side_b = _minus(b.parties, a.parties)
            if side_b or b.group:
                return [Relation(a.parties, side_b, trig, b.group, b.label, rule=b.rule)]
            if len(a.parties) < 2:
                return []
        head = self._relative_head(clause, a) if trig.type not in JOINT_TYPES and len(a.parties) == 1 else ()
        if head:  # (what a joint venture or a merger makes is its product, not a partner: "A와 B가 합작한 C")
            return [Relation(a.parties, head, trig, rule="relative")]
        if clause.subject is not None and _bullet(clause.subject) and "-" in clause.subject.links:
            return []  # a listed pair: read by _nominal
        if len(a.parties) >= 2 and trig.type == "investment" and not trig.mutual and self.fallback is not None:
            # "B와 C가 (이번 라운드에) 참여했다": co-investors of the round told before, not partners
            side_b = _minus(self.fallback(clause, trig, a.parties), a.parties)
            if side_b:
                return [Relation(a.parties, side_b, trig, rule="document")]
        if len(a.parties) >= 2 and (trig.mutual or _conjoined(clause.subject)):
            return [Relation(a.parties, (), trig, rule="mutual")]
        joint = [t for t in trigs if t.mutual]
        if len(a.parties) >= 2 and joint:
            return [Relation(a.parties, (), joint[0], rule="mutual")]  # "A, B, C는 상생펀드를 공동 조성"
        if a.parties and self.fallback is not None:
            side_b = _minus(self.fallback(clause, trig, a.parties), a.parties)
            if side_b:
                return [Relation(a.parties, side_b, trig, rule="document")]
        return []

    def _actor(self, clause: Clause) -> Side:
        """Side a: the subject, or the subsidiary it acts through ("A는 자회사 B를 통해 C를 인수")."""
        for g in clause.groups:
            if g.governed_by.startswith(MEANS_POSTPOSITIONS) and any(c.subsidiary for c in g.conjuncts):
                through = self._side(g, clause, lenient=True)
                if through.parties:
                    return through
        return self.side(clause.subject, clause)

    def _blocks_frame(self, clause: Clause, trig: Trigger) -> list[Relation] | None:
        if clause.subject is not None and clause.subject.blocks:
            return self._blocks(clause.subject, clause, trig)
        return None

    def _members_frame(self, clause: Clause, trig: Trigger) -> list[Relation] | None:
        """"컨소시엄은 B, C, D로 구성됐다", "[컨소시엄에 포함된] B, C": the members of the deal."""
        if clause.pred is None:
            return None
        made_of = [g for g in clause.with_role(Role.INSTRUMENT)
                   if clause.pred.text.startswith(MADE_OF_VERBS) and trig.type == "consortium"]
        if made_of:
            members = self.side(made_of[0], clause, lenient=True)
        elif clause.kind is ClauseKind.RELATIVE and clause.head is not None \
                and clause.pred.text.startswith(MEMBERSHIP_VERBS) and trig.type in MULTILATERAL_TYPES:
            members = self.side(clause.head, clause, lenient=True)
        else:
            return None
        return [Relation(members.parties, (), trig, rule="members")] if members.parties else []

    def _merged_objects(self, clause: Clause, trig: Trigger) -> list[Relation] | None:
        """"A는 자회사 B와 손자회사 C를 합병하기로": what is merged are partners of one another."""
        if trig.type != "merger":
            return None
        for g in clause.with_role(Role.OBJECT):
            parties = self._side(g, clause, lenient=True).parties
            if len(parties) >= 2:
                return [Relation(parties, (), trig, rule="merged")]
        return None

    def _blocks(self, g: NounGroup, clause: Clause, trig: Trigger) -> list[Relation]:
        """"삼성전자와 23개 회원사, 빈그룹에 12개 회원사가 만나": one group deal per block."""
        out = []
        for b in g.blocks:
            parties = tuple(m for c in b.names for m in self.resolve(c, g.role, clause, True))
            if parties:
                out.append(Relation(parties, (), trig, b.group.group, b.group.label, rule="block"))
        return out

    def _serial(self, clause: Clause) -> Side | None:
        """"B로부터 인증을 받고 납품을 시작했다": a partner named in the clause before, with the
        same subject and no deal of its own, is the partner of this one."""
        if clause.index == 0:
            return None
        prev = self.clauses[clause.index - 1]
        if prev.kind is not ClauseKind.COORDINATE or self.triggers_in(prev) or prev.subject is not clause.subject:
            return None
        for g in prev.with_role(Role.WITH, Role.SOURCE):
            side = self.side(g, prev)
            if side.parties:
                return Side(side.parties, side.group, side.label, rule="serial")
        return None

    def _comitative(self, clause: Clause, trigs: list[Trigger], a: Side) -> list[Relation]:
        out = []
        for g in clause.with_role(Role.WITH, Role.PARTNER_OF) + self._borrowed(clause, Role.WITH) \
                + self._met_before(clause) + self._partners_before_place(clause) + self._bare_partner(clause):
            if g.governed_by:
                continue
            b = self.side(g, clause, lenient=bool(a.parties))
            if b.parties and not a.parties:
                a = self.side(clause.subject, clause, lenient=True)
            window = [t for t in trigs if t.start >= g.start] or trigs
            trig = best_type(window)
            assert trig is not None
            side_b = _minus(b.parties, a.parties)
            if a.parties and b.group is None and len(a.parties) + len(side_b) >= 3 and _agreement(trig, self.text) \
                    and not g.open_ended and not SEPARATELY.intersection(clause.adverbs):
                # "서울시는 쿠팡, B, C와 4자 협약을", "A와 B는 C와 투자협약을": one agreement, every
                # signatory a partner
                out.append(Relation(a.parties + side_b, (), trig, rule="multilateral"))
            elif a.parties and (side_b or b.group is not None):
                out.append(Relation(a.parties, side_b, trig, b.group, b.label, rule="comitative"))
                out += [Relation(a.parties, (), trig, q, label, rule="comitative") for q, label in b.more_groups]
            elif not a.parties and len(side_b) >= 2 and g.role is Role.PARTNER_OF and _conjoined(g):
                out.append(Relation(side_b, (), trig, rule="between"))
        return out

    def _relative_head(self, clause: Clause, a: Side) -> tuple[Mention, ...]:
        """"A가 협약을 맺은 B는", "A가 인수한 B": with its own subject and no other partner, a
        relative clause's deal is with the name it describes."""
        if clause.kind is not ClauseKind.RELATIVE or clause.head is None or clause.inherited or not a.parties:
            return ()
        if clause.subject is None or clause.subject is clause.head:
            return ()
        return _minus(self.side(clause.head, clause).parties, a.parties)

    def _partners_before_place(self, clause: Clause) -> list[NounGroup]:
        """"A는 B와 미국 가람주에 합작공장을 짓는다": B is a comitative partner; the place closing
        the phrase takes the 에."""
        out = []
        for g in clause.with_role(Role.DATIVE):
            if len(g.conjuncts) < 2 or not self._place_conjunct(g.conjuncts[-1]):
                continue
            rest = g.conjuncts[:-1]
            out.append(replace(g, conjuncts=rest, role=Role.WITH, end=rest[-1].end, links=g.links[:len(rest) - 1],
                               last_word=rest[-1].words[-1].i, words=tuple(w for c in rest for w in c.words)))
        return out

    def _place_conjunct(self, c: Conjunct) -> bool:
        if c.mention is not None:
            return _place(c.mention)
        text = self.text[c.words[0].start:c.words[-1].stem_end]
        return is_place_like(text) or non_company_reason(text) == "place"

    def _bare_partner(self, clause: Clause) -> list[NounGroup]:
        """"A 손잡은 B, …" (a headline drops 와): a bare name in a relative clause about its head is
        the head's partner when the deal word is mutual."""
        if clause.kind is not ClauseKind.RELATIVE or not clause.inherited or clause.head is None \
                or not any(t.mutual for t in self.triggers_in(clause)):
            return []
        return [replace(g, role=Role.WITH) for g in clause.with_role(Role.BARE) if g.names and g is not clause.head]

    def _met_before(self, clause: Clause) -> list[NounGroup]:
        """"B와 A가 만나 협력 사업을 진행했다": the partner met in the coordinate clause before,
        which has no deal word of its own, is a partner of this clause's deal."""
        if clause.index == 0:
            return []
        prev = self.clauses[clause.index - 1]
        if prev.kind is not ClauseKind.COORDINATE or prev.pred is None or not prev.pred.text.startswith(MEETING_STEMS) \
                or self.triggers_in(prev):
            return []
        return prev.with_role(Role.WITH)

    def _borrowed(self, clause: Clause, *roles: Role) -> list[NounGroup]:
        """"A는 B와 [공장을 짓는] 투자협약을 체결", "A는 [기술을 B에 넘기는] 기술수출 계약을 체결":
        the partner written in a relative clause with no deal word of its own belongs to the deal
        its head names."""
        out = []
        for rel in self.clauses:
            if rel.kind is ClauseKind.RELATIVE and rel.head in clause.groups and not self.triggers_in(rel):
                out += rel.with_role(*roles)
        return out

    def _directed(self, clause: Clause, trig: Trigger, lenient: bool = False) -> Side | None:
        """Side b of a directed deal: a dative, source, object or genitive phrase (a weak-shaped
        name in a dative or source slot too when the actor is named: "A는 누리유통에 납품")."""
        for g in list(clause.groups) + self._borrowed(clause, Role.DATIVE, Role.SOURCE, Role.GENITIVE, Role.OBJECT):
            if g is clause.subject or g.governed_by:
                continue
            if self._directed_role(g, trig):
                side = self.side(g, clause, lenient=lenient and g.role in (Role.DATIVE, Role.SOURCE))
                if side.parties or side.group is not None:
                    return Side(side.parties, side.group, side.label, rule=f"directed:{g.role.value}")
        for rel in self.clauses:
            if trig.type not in _DATIVE_TYPES:
                break  # only an order or a supply is told through who gave it ("B가 발주한 공사를 수주")
            if rel.kind is ClauseKind.RELATIVE and rel.head in clause.groups and rel.head is not clause.subject \
                    and rel.subject is not None and not rel.inherited:
                side = self.side(rel.subject, rel)  # "인천시가 발주한 공사를 수주했다"
                if side.parties:
                    return Side(side.parties, rule="directed:relative")
        return None

    def _directed_role(self, g: NounGroup, trig: Trigger) -> bool:
        if g.start <= trig.start < g.end and trig.type in _DATIVE_TYPES | _OBJECT_TYPES \
                and any(c.mention is not None and c.name is not None and c.name[1] <= trig.start for c in g.conjuncts):
            return True  # "상성전자 온라인 입점", "B 주식 추가 매입": the partner heads the deal noun
        if g.role is Role.DATIVE:
            return trig.type in _DATIVE_TYPES or trig.status == "proposed"
        if g.role is Role.SOURCE:
            return trig.type in _SOURCE_TYPES
        if g.role is Role.LOCATIVE:
            return trig.type in _SOURCE_TYPES and bool(_SOURCE_IN_LOCATIVE.match("".join(g.particles)))
        if g.role is Role.OBJECT:
            return trig.type in _OBJECT_TYPES and not (g.start <= trig.start < g.end and trig.type != "acquisition")
        if g.role is Role.GENITIVE:
            owned = self.text[g.end:g.end + 12].strip()
            if trig.type in _COLLABORATIVE and g.etc:
                return True  # "B, C 등의 상품 판매를 협업으로 진행": the owners are the partners
            if trig.type in ("licensing", "tech_transfer") and _owned_rights(self.text[g.end:g.end + 30]):
                return True  # "B의 음성 합성 기술을 탑재하는 라이선스 계약": B licenses it
            return trig.type in _DATIVE_TYPES | _OBJECT_TYPES and owned.startswith(OWNED_STAKES)
        if g.role is Role.BARE:
            return g.start <= trig.start < g.end and trig.type in _DATIVE_TYPES | _OBJECT_TYPES
        return False

    def _owner(self, g: NounGroup, clause: Clause) -> NounGroup:
        """Who stands behind a product, a brand or a platform: "B가 운영하는 편의점 CU와" (the
        operator), "B의 온라인 쇼핑몰 C에" (the owner before a platform word)."""
        for rel in self.clauses:
            if rel.kind is ClauseKind.RELATIVE and rel.head is g and rel.pred is not None \
                    and rel.pred.text.startswith(OWNER_STEMS) and rel.subject is not None and not rel.inherited \
                    and _presented_as_product(g):
                return rel.subject
        k = next((n for n, x in enumerate(clause.groups) if x is g), None)
        prev = clause.groups[k - 1] if k else None
        if prev is not None and prev.role is Role.GENITIVE and prev.names and prev.last_word + 1 == g.first_word \
                and g.conjuncts and (any(w.stem in PLATFORM_WORDS for w in g.conjuncts[0].words)
                                     or _person_of(g.conjuncts[0])):
            return prev  # "B의 온라인 쇼핑몰 C에", "B의 피에르 뒤랑 회장과": B stands behind them
        return g


def _minus(parties: tuple[Mention, ...], other: tuple[Mention, ...]) -> tuple[Mention, ...]:
    names = {p.canonical for p in other}
    return tuple(p for p in parties if p.canonical not in names)


def _presented_as_product(g: NounGroup) -> bool:
    """A phrase that names a product, a brand or a platform: quoted, or after a platform word
    ("편의점 CU", "금융 앱 '토스'")."""
    c = g.conjuncts[0] if g.conjuncts else None
    if c is None:
        return False
    return c.quoted or any(w.stem in PLATFORM_WORDS or w.stem.endswith(PLATFORM_WORDS) for w in c.words[:-1])


def _owned_rights(after: str) -> bool:
    """The genitive owns technology or rights: "의 음성 합성 기술", "의 판권"."""
    words = after.split()[:4]
    return any(w.startswith(OWNED_RIGHTS) for w in words)


def _agreement(trig: Trigger, text: str) -> bool:
    """A deal that one agreement makes among all who sign it, also when the agreement noun
    follows the predicate in one compound ("투자협약": the predicate is 투자)."""
    return (trig.type in MULTILATERAL_TYPES or bool(AGREEMENT_WORDS.search(trig.text))
            or bool(AGREEMENT_WORDS.match(text, trig.end)))


def _bullet(g: NounGroup) -> bool:
    """A phrase that opens an item of a list ("▲A-B: ...")."""
    return bool(g.words) and g.words[0].bullet


def _conjoined(g: NounGroup | None) -> bool:
    """Names joined by 와/과, a hyphen or a middle dot act together ("A와 B는", "A·B 맞손")."""
    return g is not None and bool({"와", "-", "·", "/"}.intersection(g.links))



def _partner_before(groups: tuple[NounGroup, ...], k: int) -> bool:
    """"B와의 제휴를 통해": a means that names its partner is a deal of its own, not one told before."""
    return k > 0 and groups[k - 1].role is Role.PARTNER_OF and bool(groups[k - 1].names) \
        and groups[k - 1].last_word + 1 == groups[k].first_word


def _person_of(c: Conjunct) -> bool:
    """A conjunct that is a person with a title and no organisation name ("피에르 뒤랑 회장")."""
    if c.mention is not None:
        return c.mention.kind == "person"
    return c.name is None and c.group is None and bool(c.heads) and is_title(c.heads[0])


def _place(m: Mention) -> bool:
    """A province, a city, a named site or a region ("가람시", "오송산업단지", "미국 인디애나주")."""
    return m.kind == "place" or is_place_like(m.text) or non_company_reason(m.text) == "place"
