"""Clauses of a sentence and who their subject is.

Korean is verb-final: a clause is the noun phrases before a predicate, and the
predicate's ending says how the clause joins the next ("체결하고": coordinate,
"경쟁하지만": contrast, "체결했다고 밝혔다": quoted, "체결한 A": a relative
clause whose head is A). ``clauses_of`` cuts a sentence's noun groups and
words (``phrases``) into ``Clause``s.

The subject of a clause (``Clause.subject``) is its own subject (이/가, 도) or
topic (은/는); without one, it is inherited: a topic governs every later
clause of the sentence, a subject the coordinated clauses after it, and a
relative clause without a subject is about its head ("B와 MOU를 체결한 A는").
A topic never sits inside a relative clause, so one written before a relative
clause belongs to the sentence ("A는 [인천시가 발주한] 공사를 수주했다").
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from .grammar import CONNECTIVE_NOUNS, MEMBERSHIP_VERBS, MODAL_NOUNS, POSTPOSITION_STEMS, SUBJECT_ROLES, TIME_DETERMINERS, Ending, Role
from .phrases import NounGroup
from .words import Kind, Word

# Connective stems that join a purpose clause ("강화를 위해") rather than a coordinate one.
_PURPOSE_STEMS = ("위하", "위한", "위해")


class ClauseKind(str, Enum):
    MAIN = "main"
    COORDINATE = "coordinate"
    CONTRAST = "contrast"
    PURPOSE = "purpose"
    QUOTE = "quote"
    RELATIVE = "relative"
    COPULA = "copula"
    CONDITION = "condition"
    VERBLESS = "verbless"


_KIND_OF_ENDING = {
    Ending.FINAL: ClauseKind.MAIN, Ending.COORDINATE: ClauseKind.COORDINATE, Ending.CONTRAST: ClauseKind.CONTRAST,
    Ending.PURPOSE: ClauseKind.PURPOSE, Ending.QUOTE: ClauseKind.QUOTE, Ending.ADNOMINAL: ClauseKind.RELATIVE,
    Ending.COPULA: ClauseKind.COPULA, Ending.CONDITION: ClauseKind.CONDITION,
}


@dataclass(frozen=True)
class Clause:
    """Noun groups closed by one predicate (``pred`` None: a verbless line such as a headline)."""

    index: int
    start: int
    end: int
    groups: tuple[NounGroup, ...]
    pred: Word | None
    kind: ClauseKind
    adverbs: tuple[str, ...] = ()
    head: NounGroup | None = None
    subject: NounGroup | None = None
    inherited: bool = False

    def with_role(self, *roles: Role) -> list[NounGroup]:
        return [g for g in self.groups if g.role in roles]

    @property
    def own_subject(self) -> NounGroup | None:
        subj = [self._owner_of(g) for g in self.groups if g.role in (Role.SUBJECT, Role.ALSO)]
        topics = [self._owner_of(g) for g in self.groups if g.role is Role.TOPIC]
        if subj and not subj[0].names and topics and topics[0].names:
            return topics[0]  # "A는 B와의 협약으로 사업이 커질 것": the named topic acts, not 사업
        return subj[0] if subj else (topics[0] if topics else None)

    def _owner_of(self, g: NounGroup) -> NounGroup:
        """"A, B 등의 회원사 상품이 ...": a subject that names nobody acts for the names owning it."""
        if g.names:
            return g
        k = self.groups.index(g)
        prev = self.groups[k - 1] if k > 0 else None
        if prev is not None and prev.role is Role.GENITIVE and prev.names and prev.last_word + 1 == g.first_word:
            return prev
        return g


def _kind(pred: Word) -> ClauseKind:
    if pred.ending is Ending.COORDINATE and pred.text.startswith(_PURPOSE_STEMS):
        return ClauseKind.PURPOSE
    return _KIND_OF_ENDING.get(pred.ending, ClauseKind.MAIN) if pred.ending else ClauseKind.MAIN


def clauses_of(items: list[NounGroup | Word], start: int, end: int) -> list[Clause]:
    """The clauses of one sentence, with their subjects resolved."""
    raw: list[Clause] = []
    groups: list[NounGroup] = []
    adverbs: list[str] = []
    cstart = start
    connective_at: int | None = None
    for k, it in enumerate(items):
        if isinstance(it, NounGroup):
            if k == connective_at:
                rest = _after_connective(it)
                if rest is None:
                    continue  # the bound noun of "연장하는 한편", "맺은 데 이어"
                it = rest  # "인수한 뒤 B와": the phrase after the bound noun
            groups.append(it)
            continue
        if it.kind is Kind.ADV:
            adverbs.append(it.stem)
            continue
        if it.kind is not Kind.PRED or it.ending is Ending.NOMINAL or it.text in TIME_DETERMINERS \
                or (it.text.startswith(POSTPOSITION_STEMS) and not it.text.startswith(MEMBERSHIP_VERBS)):
            # "출시하기로 합의했다": the nominalised verb belongs to the next predicate's clause;
            # "X를 위한", "X에 대한": a verb used as a postposition closes no clause
            continue
        kind = _kind(it)
        nxt = items[k + 1] if k + 1 < len(items) else None
        if kind is ClauseKind.RELATIVE and isinstance(nxt, Word) and nxt.kind is Kind.PRED \
                and nxt.text.startswith(MODAL_NOUNS):
            continue  # "매입할 예정이다": the modal's clause is this one
        if kind is ClauseKind.RELATIVE and _connective_noun(items, k + 1):
            kind, connective_at = ClauseKind.COORDINATE, k + 1
        raw.append(Clause(len(raw), cstart, it.end, tuple(groups), it, kind, tuple(adverbs)))
        groups, adverbs = [], []
        cstart = it.end
    if groups or not raw:
        kind = ClauseKind.MAIN if raw else ClauseKind.VERBLESS
        raw.append(Clause(len(raw), cstart, end, tuple(groups), None, kind, tuple(adverbs)))
    raw = _topics_out_of_relatives(_headline_topic(raw))
    return _resolve_subjects(_attach_heads(raw))


def _headline_topic(raw: list[Clause]) -> list[Clause]:
    """Headlines drop the topic particle: a bare first phrase is the topic ("A·B 맞손"), and so is
    the first name of "A, B와 협력" / "A, B에 투자", where a comma stands for 은/는."""
    first = raw[0]
    if first.own_subject is not None or not first.groups or first.kind in (ClauseKind.RELATIVE, ClauseKind.COPULA):
        return raw
    g = first.groups[0]
    if g.role is Role.BARE and g.names:
        return [replace(first, groups=(replace(g, role=Role.TOPIC),) + first.groups[1:]), *raw[1:]]
    comma = g.links.index(",") if "," in g.links and g.role is not Role.BARE else None
    if comma is not None and all(link in ("·", "-") for link in g.links[:comma]) \
            and all(c.name is not None for c in g.conjuncts[:comma + 1]):
        # "A, B와 협력", "A·B, C와 동맹": the names before the comma are the topic
        head, tail = g.conjuncts[:comma + 1], g.conjuncts[comma + 1:]
        topic = replace(g, conjuncts=head, role=Role.TOPIC, end=head[-1].end, links=g.links[:comma], members=None,
                        etc=False, last_word=head[-1].words[-1].i, words=tuple(w for c in head for w in c.words))
        rest = replace(g, conjuncts=tail, start=tail[0].start, links=g.links[comma + 1:],
                       first_word=tail[0].words[0].i)
        return [replace(first, groups=(topic, rest) + first.groups[1:]), *raw[1:]]
    return raw


def _connective_noun(items: list[NounGroup | Word], k: int) -> bool:
    nxt = items[k] if k < len(items) else None
    return isinstance(nxt, NounGroup) and bool(nxt.words) and nxt.words[0].stem in CONNECTIVE_NOUNS


def _after_connective(g: NounGroup) -> NounGroup | None:
    """The group without its first word, the bound noun of a connective ("한편, SK온과도"), or None
    when nothing is left."""
    bound = g.words[0]
    rest = [c for c in g.conjuncts if c.start > bound.end]
    head = g.conjuncts[0]
    if len(rest) < len(g.conjuncts) and len(head.words) > 1 and head.words[0].i == bound.i:
        # "체결한 뒤 B와": the bound noun ran into the first conjunct; the rest of it is the phrase
        rest.insert(0, replace(head, words=head.words[1:], start=head.words[1].start))
    if not rest:
        return None
    first = rest[0].words[0]
    return replace(g, conjuncts=tuple(rest), start=first.start, first_word=first.i,
                   links=g.links[len(g.conjuncts) - len(rest):], words=tuple(w for w in g.words if w.i >= first.i))


def _topics_out_of_relatives(raw: list[Clause]) -> list[Clause]:
    """A topic (or a second subject) written before a relative clause belongs to the clause after it."""
    out = list(raw)
    for k, c in enumerate(out):
        if c.kind not in (ClauseKind.RELATIVE, ClauseKind.COPULA) or k + 1 >= len(out):
            continue
        subjects = [g for g in c.groups if g.role in SUBJECT_ROLES]
        moved = [g for g in c.groups if g.role is Role.TOPIC]
        own = [g for g in subjects if g.role is Role.SUBJECT]
        if own:
            # "[서로가 윈윈하는] 구조": what stands before the relative clause's own subject is outside it
            moved += [g for g in c.groups[: c.groups.index(own[-1])] if g not in moved]
            if c.kind is ClauseKind.COPULA and c.pred is not None and own[-1].last_word + 1 != c.pred.i:
                # "A가 국내 최대 업체인 B와": the copula describes B; A is the subject after it
                # ("A가 최대주주인 B와": A is the copula's own subject, its complement right after it)
                moved.append(own[-1])
        if not moved:
            continue
        keep = tuple(g for g in c.groups if g not in moved)
        out[k] = replace(c, groups=keep)
        nxt = out[k + 1]
        out[k + 1] = replace(nxt, groups=tuple(moved) + nxt.groups)
    return out


def _attach_heads(raw: list[Clause]) -> list[Clause]:
    """A relative or copula clause describes the noun group right after its predicate."""
    out = list(raw)
    for k, c in enumerate(out):
        if c.kind in (ClauseKind.RELATIVE, ClauseKind.COPULA) and k + 1 < len(out) and c.pred is not None:
            nxt = next((g for g in out[k + 1].groups if g.start >= c.pred.end), None)
            if nxt is not None and nxt.first_word == c.pred.i + 1:
                out[k] = replace(c, head=nxt)
    return out


def _resolve_subjects(raw: list[Clause]) -> list[Clause]:
    out = _main_subjects(raw)
    for k, c in enumerate(out):
        if c.kind not in (ClauseKind.RELATIVE, ClauseKind.COPULA):
            continue
        own = c.own_subject
        if own is not None:
            out[k] = replace(c, subject=own)
        elif c.head is not None and c.head.names:
            out[k] = replace(c, subject=c.head, inherited=True)  # "B와 MOU를 체결한 A는"
        else:
            # "B에 식자재를 납품하는 계약을 체결했다": the subject of the clause around the head
            # — when that subject is the sentence's topic; a subject of its own is about the head only
            outer = next((o for o in out[k + 1:] if c.head is not None and c.head in o.groups), None)
            about = outer.subject if outer is not None and (outer.inherited or outer.subject is not None and
                                                               outer.subject.role is Role.TOPIC) else None
            out[k] = replace(c, subject=about, inherited=True)
    return out


def _main_subjects(raw: list[Clause]) -> list[Clause]:
    """Subjects of the clauses that are not relative: own, else the topic or carried subject."""
    out: list[Clause] = []
    topic: NounGroup | None = None     # governs the rest of the sentence
    carried: NounGroup | None = None   # a subject carried into coordinated clauses
    for c in raw:
        if c.kind in (ClauseKind.RELATIVE, ClauseKind.COPULA):
            out.append(c)
            continue
        own = c.own_subject
        topics = [c._owner_of(g) for g in c.with_role(Role.TOPIC)]
        if topics and (topics[0].names or topic is None):
            topic = topics[0]
        if own is not None:
            # a topic governs anyway; an owner standing in for its goods governs its own clause only
            carried = own if own.role not in (Role.TOPIC, Role.GENITIVE) or (own is topic) else None
            carried = None if own is topic else carried
            out.append(replace(c, subject=own))
        else:
            out.append(replace(c, subject=carried or topic, inherited=True))
    return out
