"""What a document has said so far: anaphors, consortium leaders, investment rounds.

News names the parties once and then refers back: "양사는" / "두 회사는" (the
two parties of the last deal), "이 회사는" / "회사는" / "동사는" (the company the
text is about), "시는" (the city named before). A consortium is formed in one
sentence ("삼성물산 컨소시엄이 수주했다", "KT가 주관사로 나선 컨소시엄") and its
members named in the next ("컨소시엄에는 A, B가 참여했다"); an investment round
is announced by the investee and its investors listed after ("이번 라운드는 C가
주도했으며, D가 참여했다"). ``Discourse`` keeps that state while the assembler
reads the document sentence by sentence, resolves the parties of each frame,
and supplies the side the sentence leaves to the document.
"""
from __future__ import annotations

import re

from kdeal.records import Mention

from .clauses import Clause, ClauseKind
from .deal_types import Trigger
from .frames import FrameReader, Relation, Resolve
from .grammar import PAIR_ANAPHORS, SINGLE_ANAPHORS, Role
from .nameshape import Shaper
from .outlets import OUTLET_LAYER
from .phrases import EXTENDED_LAYER, Conjunct
from .slot_names import SLOT_LAYER, accept, acting_government, slot_mention

CONSORTIUM_HEAD = "컨소시엄"
CONSORTIUM_NOUNS = re.compile(r"컨소시엄|대주단|신디케이트|수급체|연합체")
# The lead of a consortium: "A를 주관사로", "주관 기관".
LEAD_NOUN = "주관"
# Words that single out some members of a group named before ("이 가운데", "협약 대상에는").
PARTITIVE = re.compile(r"가운데|중에서|이들 중|대상에는|대상은|포함됐|포함된다|포함되었")
# The verb of the investee: "투자를 유치했다".
ATTRACT = "유치"
_SUBJECT_PARTICLES = ("은", "는", "이 ", "가 ")
# "시는", "도는": a government named before by its full name ("보령시", "경기도").
_GOVERNMENT_SUFFIXES = ("시", "도", "군", "구")


class Discourse:
    """The document's state while its sentences are read in order."""

    def __init__(self, text: str, doc_id: str, shaper: Shaper):
        self.text = text
        self.doc_id = doc_id
        self.shaper = shaper
        self.slot_names: list[Mention] = []
        self.last_parties: tuple[Mention, ...] = ()
        self.focus: Mention | None = None
        self.leader: Mention | None = None
        self.investee: Mention | None = None
        self.group_deal: Relation | None = None

    # --- parties ------------------------------------------------------------
    def resolver(self) -> Resolve:
        def resolve(c: Conjunct, role: Role, clause: Clause, lenient: bool = False) -> tuple[Mention, ...]:
            if c.mention is not None:
                acting = acting_government(c.mention, role)
                if acting is not None:
                    return (acting,)
                return (c.mention,) if c.mention.is_org and c.mention.source != OUTLET_LAYER else ()
            if c.name is None:
                return self._anaphor(c)
            if accept(c, role, self.text, lenient):
                return (slot_mention(c, self.text, self.doc_id),)
            return ()
        return resolve

    def _keep(self, m: Mention) -> None:
        if all((x.start, x.end) != (m.start, m.end) for x in self.slot_names):
            self.slot_names.append(m)

    def _anaphor(self, c: Conjunct) -> tuple[Mention, ...]:
        said = " ".join(w.stem for w in c.words).strip()
        compact = said.replace(" ", "")
        if said in PAIR_ANAPHORS or compact in {a.replace(" ", "") for a in PAIR_ANAPHORS}:
            return self.last_parties if len(self.last_parties) >= 2 else ()
        if said in SINGLE_ANAPHORS or compact in _GOVERNMENT_SUFFIXES:
            if compact in _GOVERNMENT_SUFFIXES:
                return (self.focus,) if self.focus is not None and self.focus.canonical.endswith(compact) else ()
            return (self.focus,) if self.focus is not None else ()
        return ()

    # --- sides the sentence leaves to the document ---------------------------
    def fallback(self, clause: Clause, trig: Trigger, side_a: tuple[Mention, ...]) -> tuple[Mention, ...]:
        """Side b of a deal whose clause names only one side."""
        names = {m.canonical for m in side_a}
        if trig.type == "investment" and ATTRACT in self.text[trig.end:clause.end]:
            self.investee = side_a[0]  # "A는 시리즈B 투자를 유치했다": the investors come later
            return ()
        if trig.type == "investment" and self.investee is not None and self.investee.canonical not in names:
            return (self.investee,)
        if trig.type == "consortium" and self.leader is not None and self.leader.canonical not in names:
            return (self.leader,)
        if trig.type == "consortium" and len(side_a) == 1:
            self.leader = side_a[0]  # "A는 컨소시엄을 구성했다": its members come later
        return ()

    def complete(self, relations: list[Relation], clauses: list[Clause]) -> list[Relation]:
        """Adds a consortium's leader to its members ("A가 주관사로 나선 컨소시엄에는 B, C가 참여")."""
        leader = self._leader_in(clauses) or self.leader
        if leader is None:
            return relations
        out = []
        for rel in relations:
            if rel.trigger.type == "consortium" and not rel.side_b and rel.side_a and not rel.group \
                    and leader.canonical not in {m.canonical for m in rel.side_a}:
                rel = Relation((leader, *rel.side_a), (), rel.trigger, rel.group, rel.group_label, rel.count,
                               rel.rule + "+leader")
            out.append(rel)
        return out

    def _leader_in(self, clauses: list[Clause]) -> Mention | None:
        for c in clauses:
            for g in c.groups:
                for conj in g.conjuncts:
                    if conj.mention is not None and CONSORTIUM_HEAD in conj.heads:
                        return conj.mention
            if c.kind is ClauseKind.RELATIVE and c.head is not None and CONSORTIUM_NOUNS.search(
                    self.text[c.head.start:c.head.end]):
                lead = self._lead_of(c)
                if lead is not None:
                    return lead
        return None

    def _lead_of(self, c: Clause) -> Mention | None:
        """The leader named in a clause about a consortium: its own subject ("A가 주관하는 컨소시엄"),
        or the phrase made its lead ("A를 주관사로 하는 대주단")."""
        if c.subject is not None and not c.inherited:
            named = [x.mention for x in c.subject.conjuncts if x.mention is not None]
            if named:
                return named[0]
        for k, g in enumerate(c.groups[:-1]):
            if LEAD_NOUN in self.text[c.groups[k + 1].start:c.groups[k + 1].end]:
                named = [x.mention for x in g.conjuncts if x.mention is not None]
                if named:
                    return named[0]
        return None

    # --- the members of a counted group, named in a later sentence ----------------
    def may_name_members(self, start: int, end: int) -> bool:
        """A sentence that singles out some of the last counted group ("이 가운데 A와 B는")."""
        return self.group_deal is not None and PARTITIVE.search(self.text, start, end) is not None

    def group_members(self, relations: list[Relation], clauses: list[Clause], reader: "FrameReader") \
            -> list[Relation]:
        """"A는 협력사 50여 곳과 협약을 맺었다. 협약 대상에는 B와 C가 포함됐다": B and C are A's
        partners in that deal, not each other's."""
        if self.group_deal is None or not any(PARTITIVE.search(self.text, c.start, c.end) for c in clauses):
            return relations
        owner = self.group_deal
        names = {m.canonical for m in owner.side_a}
        for c in clauses:
            if c.subject is None or c.inherited:
                continue
            members = tuple(m for m in reader.side(c.subject, c, lenient=True).parties if m.canonical not in names)
            if members:
                keep = [r for r in relations if not ({m.canonical for m in r.side_a} <= {m.canonical for m in members}
                                                     and not r.side_b)]
                return keep + [Relation(owner.side_a, members, owner.trigger, rule="group-members")]
        return relations

    # --- state --------------------------------------------------------------
    def after_sentence(self, relations: list[Relation], clauses: list[Clause], orgs_here: list[Mention]) -> None:
        leader = self._leader_in(clauses)
        if leader is not None:
            self.leader = leader
        for rel in relations:
            for m in rel.side_a + rel.side_b:
                if m.source in (SLOT_LAYER, EXTENDED_LAYER):
                    self._keep(m)  # a name found or cut from its slot, in a deal the document states
            if rel.group is not None and rel.side_a:
                self.group_deal = rel
            parties = rel.side_a + rel.side_b
            if len(parties) >= 2:
                self.last_parties = parties
            if rel.side_a:
                self.focus = rel.side_a[0]
            if rel.trigger.type == "investment" and rel.side_a and rel.rule == "directed:source":
                self.investee = rel.side_a[0]
        if not relations:
            self.observe(orgs_here)

    def observe(self, orgs_here: list[Mention]) -> None:
        """A sentence about a company with no deal still makes it the focus ("이 회사는"): the first
        name marked as a topic or subject."""
        for m in orgs_here:
            if self.text.startswith(_SUBJECT_PARTICLES, m.end):
                self.focus = m
                return
