"""Partner relations read from Korean sentence structure.

A sentence is first cut into *phrases*: names (and counted groups such as
"23개 회원사") joined by enumeration — commas, 및, 그리고, conjunctive 와/과 —
and closed by the particle that gives the phrase its role: subject 이/가,
topic 은/는/도, comitative 와/과/하고/(이)랑, partner-genitive 와의, dative
에/에게, object 을/를, genitive 의. Head nouns between the names and the
particle are kept ("회원사 상품이", "컨소시엄은", "회원사간의") because they change
what the names are: members of a class (등의 회원사), an aggregate that names
no pair (회원사간), the leader of a consortium (A 컨소시엄).

Relations are then read phrase against phrase around the deal predicates
(``deal_types``):

* comitative: "A가 B와 계약" / "A는 B, C와 협업" — the subject or topic is side
  a, the comitative phrase side b;
* group blocks inside a phrase: "A와 23개 회원사", "B에 12개 회원사",
  "C, D와 10개 회원사" — the names face a counted group;
* members: "X, Y 등 10여 개 회원사와" — the names are the named part of the group;
* mutual: "A와 B가 손을 잡고", "A, B, C가 협업하여" — one side, everyone pairs;
* directed: "A가 B에 투자/입점/공급", "A는 B로부터 투자를 유치", "A는 B의 신주를
  매입", "A의 제품이 B에 입점" (the owner acts), headline "A, B에 투자";
* relative clauses: "B와 MOU를 체결한 A는" — the head of the clause is side a,
  while a subject inside a relative clause is not ("C사가 인증하는 ... B와의");
* consortium: "A 컨소시엄" then "컨소시엄에 포함된 B, C";
* deal counts: "협업이 100여 건", "상생협력 성과도 146건" — a count with no parties.

A comitative belongs to the first predicate after it: a contrastive ending
("B와 경쟁하지만 C와는 협력") leaves it behind. Comparisons ("A와 같은 단체",
"A와 달리") are not comitative at all.

Parties introduced as a subsidiary ("자회사인 B", "출자사인 C") are never a
side: a parent and its subsidiary are one group, not a deal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kdeal.records import Mention, Quantity

from .deal_types import PREDICATES, Trigger, best_type
from .tokens import Boundaries

GROUP_UNITS = ("개", "곳", "개사", "사", "회사")
ORG_NOUN = re.compile(r"(?:사|기업|업체|회원사|기관|단체|회사|브랜드|스타트업|은행|파트너|점포|매장|협력사|"
                      r"공기업|대기업|중소기업|벤처|스타트업|제조사|유통사|건설사|증권사|보험사|社)(?:들)?$")
SUBSIDIARY = ("자회사", "계열사", "모회사", "지주회사", "지주사", "출자사", "손자회사", "자사")
SHARE_NOUNS = ("주식", "신주", "지분", "주", "구주")
_QUOTES = "'\"‘’“”「」『』《》〈〉"
_ENUM_SEP = re.compile(r"^\s*(?:[,，·ㆍ/]\s*(?:그리고|및|또는|혹은)?|및|그리고|또는|혹은|와|과|하고|이랑|랑)\s*")
_DATIVE_LINK = re.compile(r"^(?:에|에게|에는)\s+$")
_MEMBERS_LINK = re.compile(r"^\s*(?:등(?:의)?|(?:을|를)\s?(?:포함|비롯)(?:한|해|하여|해서)?)\s*$")
_NOT_COMITATIVE_NEXT = ("같", "달리", "비교", "마찬가지", "비슷", "유사", "동일", "관련", "별도", "무관")
_CONSORTIUM_MEMBER = re.compile(r"컨소시엄(?:에|에는|의)?\s*(?:포함된|참여한|참가한|속한|구성원인|일원인|멤버인)\s*$")
_NOMINAL_TAGS = ("NNG", "NNP", "SL", "SN", "SH", "XSN", "NNB")
_MUTUAL_TYPES = ("collaboration", "partnership", "joint_development", "consortium", "co-host")
_DIRECTED_DATIVE = ("investment", "store_entry", "contract", "tech_transfer", "reseller")
_PARTICLE_FORMS = {"가": "subject", "이": "subject", "는": "topic", "은": "topic", "와": "comitative",
                   "과": "comitative", "에": "dative", "를": "object", "을": "object", "의": "genitive"}
_CONTRAST_ENDINGS = ("지만", "으나", "나", "는데", "은데", "데", "면서도", "더라도", "어도", "아도")
_GLUED_PARTICLE = {"가": "subject", "는": "topic", "와": "comitative", "에": "dative", "를": "object"}
_DEAL_NOUN = re.compile("|".join(p for _t, p in PREDICATES))


@dataclass(frozen=True)
class Block:
    """Names that go with one counted group inside a phrase.

    ``members``: the names are the named part of the group ("X, Y 등 10개 회원사");
    otherwise they face it as partners ("A와 23개 회원사", "B에 12개 회원사").
    """

    names: tuple[Mention, ...]
    quantity: Quantity
    members: bool


@dataclass(frozen=True)
class Phrase:
    """Names joined by enumeration and closed by one particle."""

    start: int
    end: int
    names: tuple[Mention, ...]
    blocks: tuple[Block, ...]
    role: str
    head: str = ""
    aggregate: bool = False
    subsidiary: bool = False
    consortium_head: bool = False
    appositive: bool = False
    first_link: str = ""

    @property
    def free_names(self) -> tuple[Mention, ...]:
        """Names not tied to a group they face ("A와 23개 회원사" ties A)."""
        tied = {id(m) for b in self.blocks if not b.members for m in b.names}
        return tuple(m for m in self.names if id(m) not in tied)

    @property
    def member_group(self) -> Quantity | None:
        return next((b.quantity for b in self.blocks if b.members), None)

    @property
    def usable(self) -> bool:
        return not self.aggregate and not self.subsidiary


@dataclass(frozen=True)
class Relation:
    """Two sides of a deal (or, for a deal count, none) and the predicate that states it."""

    side_a: tuple[Mention, ...]
    side_b: tuple[Mention, ...]
    trigger: Trigger
    group: Quantity | None = None
    count: Quantity | None = None
    rule: str = ""


@dataclass
class DocState:
    """What one sentence leaves for later ones in the same document (consortium leaders)."""

    consortium_leader: Mention | None = None


def is_group_quantity(q: Quantity) -> bool:
    """A counted set of organisations: "23개 회원사", "10개사", "80여 곳"."""
    if q.unit not in GROUP_UNITS:
        return False
    if q.noun is None:
        return q.unit in ("개사", "사", "곳", "회사")
    return bool(ORG_NOUN.search(q.noun.split()[-1]))


class SentenceReader:
    """Reads the relations of one sentence from its tokens, names, quantities and predicates."""

    def __init__(self, doc: Doc, bounds: Boundaries, start: int, end: int, mentions: list[Mention],
                 quantities: list[Quantity], triggers: list[Trigger], text: str | None = None):
        self.doc = doc
        first = next((t.i for t in doc if t.idx >= start), len(doc)) if start not in bounds.starts \
            else bounds.starts[start]
        last = first
        while last < len(doc) and doc[last].idx < end:
            last += 1
        self.tokens = doc[first:last]  # the sentence's tokens: clause scans stay inside it
        self.text = doc.text if text is None else text  # Doc.text rebuilds the string on every access
        self.bounds = bounds
        self.start = start
        self.end = end
        self.mentions = mentions
        self.quantities = quantities
        self.triggers = triggers

    # --- character helpers -------------------------------------------------
    def _skip(self, pos: int) -> int:
        """Past closing quotes and a parenthetical alias after a name ("Nuri Pay(NP)")."""
        text = self.text
        while pos < self.end and text[pos] in _QUOTES + ")]":
            pos += 1  # also the bracket closing a name written as an alias ("Nuri Pay(NP)와")
        if pos < self.end and text[pos] == "(":
            close = text.find(")", pos, min(self.end, pos + 40))
            if close != -1:
                pos = close + 1
                while pos < self.end and text[pos] in _QUOTES:
                    pos += 1
        return pos

    def _token_at(self, pos: int) -> int | None:
        while pos < self.end and self.text[pos] == " ":
            pos += 1
        return self.bounds.starts.get(pos)

    def _nominal_gap(self, s: int, e: int) -> bool:
        """Only descriptor nouns between s and e ("와 협회 회원사 X", ", 대형유통사 Y")."""
        text = self.text
        i = s
        while i < e:
            if text[i] in " " + _QUOTES:
                i += 1
                continue
            t = self.bounds.starts.get(i)
            if t is None or self.doc[t].tag_ not in _NOMINAL_TAGS or self.doc[t].text == "등":
                return False
            i = self.doc[t].idx + len(self.doc[t].text)
        return True

    # --- phrases -----------------------------------------------------------
    def _items(self) -> list[tuple[int, int, Mention | None, Quantity | None]]:
        items: list[tuple[int, int, Mention | None, Quantity | None]] = []
        for m in self.mentions:
            items.append((m.start, m.end, m, None))
        for q in self.quantities:
            if is_group_quantity(q):
                items.append((q.start, q.end, None, q))
        items.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        out: list[tuple[int, int, Mention | None, Quantity | None]] = []
        limit = -1
        for it in items:
            if it[0] < limit:
                continue  # overlapping, or an alias in parentheses after a name
            out.append(it)
            limit = self._skip(it[1]) if it[2] is not None else it[1]
        return out

    def _link(self, prev_end: int, nxt_start: int, nxt_is_group: bool) -> str:
        gap_start = self._skip(prev_end)
        gap = self.text[gap_start:nxt_start]
        if nxt_is_group:
            if _DATIVE_LINK.match(gap):
                return "with_group"
            if _MEMBERS_LINK.match(gap):
                return "members"
        m = _ENUM_SEP.match(gap)
        if m is None:
            return ""
        sep = m.group().strip()
        if sep in ("와", "과") and not gap.startswith(sep):
            return ""
        if not self._nominal_gap(gap_start + m.end(), nxt_start):
            return ""
        if nxt_is_group and sep in ("와", "과", "하고", "랑", "이랑"):
            return "with_group"
        return "and" if sep in ("와", "과", "하고", "랑", "이랑") else "comma"

    def _tail(self, pos: int) -> tuple[str, str, bool, bool, bool, int]:
        """Role, head nouns, aggregate?, consortium head?, appositive?, end offset of the particle."""
        doc = self.doc
        pos = self._skip(pos)
        t = self._token_at(pos)
        if t is None and pos < self.end:
            # the name ends inside a Kiwi token ("가온 매거진 사" + "사가"): read the rest of it
            inside = next((tok for tok in self.tokens if tok.idx < pos < tok.idx + len(tok.text)), None)
            if inside is not None:
                rest = inside.text[pos - inside.idx:]
                role = _GLUED_PARTICLE.get(rest) or {"이": "subject", "은": "topic", "과": "comitative",
                                                     "을": "object", "의": "genitive"}.get(rest)
                if role is not None:
                    return role, "", False, False, False, inside.idx + len(inside.text)
        head: list[str] = []
        aggregate = consortium = appositive = False
        steps = 0
        while t is not None and t < len(doc) and doc[t].idx < self.end and steps < 8:
            tok = doc[t]
            tag, form = tok.tag_, tok.text
            end = tok.idx + len(form)
            nxt = doc[t + 1] if t + 1 < len(doc) else None
            steps += 1
            prev = doc[t - 1] if t > 0 else None
            if form in _PARTICLE_FORMS and prev is not None and not prev.whitespace_ and \
                    prev.tag_ in ("SL", "SH", "SN", "SW") and not tag.startswith("J"):
                # Kiwi mis-tags a particle glued to Latin script ("Inc.는" as VV+ETM, "LTD.의" as NNG)
                role = _PARTICLE_FORMS[form]
                if role != "genitive":
                    return role, " ".join(head), aggregate, consortium, appositive, end
                tag = "JKG"
            if tag == "SP" and form == "," and prev is not None and prev.tag_ == "SL" and not prev.whitespace_ \
                    and not tok.whitespace_ and nxt is not None and nxt.tag_ == "SL":
                t += 1  # "CO.,LTD.": a comma inside a Latin legal form
                continue
            if tag == "JKS":
                return "subject", " ".join(head), aggregate, consortium, appositive, end
            if tag.startswith("JX") and form in ("은", "는", "도", "ᆫ"):
                return "topic", " ".join(head), aggregate, consortium, appositive, end
            if tag in ("JKB", "JC") and form in ("와", "과", "하고", "랑", "이랑"):
                if nxt is not None and nxt.tag_ == "JKG":
                    return "partner_of", " ".join(head), aggregate, consortium, appositive, nxt.idx + 1
                if nxt is not None and nxt.text.startswith(_NOT_COMITATIVE_NEXT):
                    return "other", " ".join(head), aggregate, consortium, appositive, end
                return "comitative", " ".join(head), aggregate, consortium, appositive, end
            if tag == "JKB" and form in ("로부터", "으로부터", "에게서", "한테서"):
                return "source", " ".join(head), aggregate, consortium, appositive, end
            if tag == "JKB" and form in ("에", "에게", "한테", "께"):
                if nxt is not None and nxt.tag_.startswith("JX") and nxt.text == "는":
                    end = nxt.idx + len(nxt.text)
                return "dative", " ".join(head), aggregate, consortium, appositive, end
            if tag == "JKO":
                if nxt is not None and nxt.text.startswith(("포함", "비롯")):
                    appositive = True  # "X를 포함(한) 다수의 회원사와": X is part of what follows
                    t = nxt.i + 1
                    while t < len(doc) and doc[t].tag_.startswith(("XSV", "XSA", "VV")):
                        t += 1
                    continue
                return "object", " ".join(head), aggregate, consortium, appositive, end
            if tag == "JKG":
                if appositive:
                    t += 1
                    continue
                # the possessed noun decides what the genitive means ("B의 신주" = B's shares)
                owned = [x.text for x in doc[t + 1:t + 4] if x.tag_ in ("NNG", "NNP", "SL")]
                owner_role = self._owner_role(t + 1)
                if owner_role is not None:
                    # "A의 제품이 B에 입점": the owner acts through what it owns
                    role, owned_end, owned_head = owner_role
                    return role, " ".join(head + owned_head), aggregate, consortium, True, owned_end
                return "genitive", " ".join(owned[:1]), aggregate, consortium, appositive, end
            if not head and tag == "NNG" and len(form) == 2 and form[0] == "사" and form[1] in _GLUED_PARTICLE:
                # "가온 매거진 사가": Kiwi reads 사(社)+가 as one noun 사가
                return _GLUED_PARTICLE[form[1]], "사", aggregate, consortium, appositive, end
            if head == ["사"] and tag.startswith("NN") and form in _GLUED_PARTICLE and prev is not None \
                    and prev.text == "사" and not prev.whitespace_:
                # ... or as two nouns 사 + 가 (before a comma: "가온 매거진 사가, ...")
                return _GLUED_PARTICLE[form], "사", aggregate, consortium, appositive, end
            if form == "등" and tag.startswith("NNB"):
                appositive = True
                if nxt is not None and nxt.tag_ == "JKG":
                    t = nxt.i + 1
                    continue
                t += 1
                continue
            if tag == "JC" and form in ("나", "이나") and head and nxt is not None and \
                    nxt.tag_ in ("NNG", "NNP", "SL"):
                t += 1  # "상품 판매나 프로모션을": a disjunction inside the head noun phrase
                continue
            if form in ("간", "사이") and tag.startswith(("NNB", "NNG")):
                # "X 등 회원사간": between members of a class, an aggregate; "A와 B 간의": just A and B
                aggregate = aggregate or (appositive and bool(head))
                t += 1
                continue
            if tag in ("NNG", "NNP", "SL", "XSN", "NNB", "SN") or tag == "_SP":
                if tag != "_SP" and form != "들":
                    head.append(form)
                    if form == "컨소시엄":
                        consortium = True
                t += 1
                continue
            break
        end = doc[t].idx if t is not None and t < len(doc) else self.end
        return "bare", " ".join(head), aggregate, consortium, appositive, end

    def _owner_role(self, t: int) -> tuple[str, int, list[str]] | None:
        """Subject/topic role of the noun phrase owned by a genitive, if it ends in 이/가/은/는.

        The owned phrase must be nouns only and must not reach another name.
        """
        doc = self.doc
        starts = {m.start for m in self.mentions}
        head: list[str] = []
        for tok in doc[t:t + 6]:
            if tok.idx >= self.end or tok.idx in starts:
                return None
            if tok.tag_ in ("NNG", "XSN"):
                if tok.text != "들":
                    head.append(tok.text)
                continue
            if head and tok.tag_ == "JKS":
                return "subject", tok.idx + len(tok.text), head
            if head and tok.tag_.startswith("JX") and tok.text in ("은", "는"):
                return "topic", tok.idx + len(tok.text), head
            return None
        return None

    def _subsidiary_before(self, pos: int) -> bool:
        window = self.text[max(self.start, pos - 12):pos]
        return any(s in window for s in SUBSIDIARY)

    def phrases(self) -> list[Phrase]:
        items = self._items()
        runs: list[list[tuple[tuple[int, int, Mention | None, Quantity | None], str]]] = []
        for it in items:
            if runs:
                prev = runs[-1][-1][0]
                link = self._link(prev[1], it[0], it[3] is not None)
                if link:
                    runs[-1].append((it, link))
                    continue
            runs.append([(it, "")])
        out: list[Phrase] = []
        for run in runs:
            names = tuple(it[2] for it, _ in run if it[2] is not None)
            if not names:
                # a counted group alone can still be the partner: "A는 세 곳의 협력사와 계약"
                if len(run) == 1 and run[0][0][3] is not None:
                    q = run[0][0][3]
                    role, head, _agg, _cons, _app, end = self._tail(q.end)
                    if role in ("comitative", "partner_of"):
                        out.append(Phrase(q.start, end, (), (Block((), q, members=True),), role, head))
                continue
            blocks: list[Block] = []
            pending: list[Mention] = []
            for it, link in run:
                if it[2] is not None:
                    pending.append(it[2])
                elif it[3] is not None and pending:
                    blocks.append(Block(tuple(pending), it[3], members=(link == "members")))
                    pending = []
            last = run[-1][0]
            role, head, aggregate, consortium, appositive, end = self._tail(last[1])
            first_link = run[1][1] if len(run) > 1 else ""
            head_words = head.split()
            out.append(Phrase(
                start=run[0][0][0], end=end, names=names, blocks=tuple(blocks), role=role, head=head,
                aggregate=aggregate, subsidiary=self._subsidiary_before(run[0][0][0])
                or bool(head_words and head_words[0] in SUBSIDIARY),
                consortium_head=consortium and bool(head_words) and head_words[0] == "컨소시엄",
                appositive=appositive, first_link=first_link,
            ))
        return out

    # --- relations ---------------------------------------------------------
    def _window_end(self, phrases: list[Phrase], k: int) -> int:
        """Where the clause of phrase k ends: the next subject or topic phrase, or the sentence end.

        A topic (은/는) governs every clause of the sentence, and so does a
        name as subject (이/가): later clauses drop it ("A가 B와 계약하고, C와는
        협력한다"). A subject whose head is another noun the names only own or
        exemplify ("A 등의 회원사 상품이") is the subject of its own clause only,
        which a connective ending with a comma closes ("... 출시했고, 상품을 D에
        입점해서": whoever placed the goods in D, it was not the goods).
        """
        end = self.end
        for p in phrases[k + 1:]:
            if p.role in ("subject", "topic"):
                end = p.start
                break
        if phrases[k].role == "subject" and phrases[k].head and phrases[k].appositive:
            cut = self._clause_cut(phrases[k].end, end)
            if cut is not None:
                end = cut
        return end

    def _clause_cut(self, start: int, end: int) -> int | None:
        """The first connective ending followed by a comma after ``start`` and its predicate."""
        for tok in self.tokens:
            if tok.idx < start:
                continue
            if tok.idx >= end:
                break
            if tok.tag_.endswith("EC") and self.text.startswith(",", tok.idx + len(tok.text)):
                return tok.idx + len(tok.text)
        return None

    def _triggers(self, start: int, end: int) -> list[Trigger]:
        return [t for t in self.triggers if start <= t.start < end]

    def _relative_clause_between(self, s: int, e: int) -> bool:
        """An adnominal verb ending between s and e: what precedes it is inside a relative clause.

        Copula adnominals mostly describe the next noun instead ("세계적인 선두회사인 B와",
        "B, a leading company"), so they open a clause for the subject only when their
        complement is the very next word after it ("A가 최대주주인 B와": A is the
        copula's subject). The "-적인" modifier never does.
        """
        prev = None
        for tok in self.tokens:
            if tok.idx >= e:
                break
            if tok.idx >= s and "ETM" in tok.tag_:
                if not tok.tag_.startswith("VCP"):
                    return True
                if prev is not None and not (prev.tag_ == "XSN" and prev.text == "적") \
                        and self._complement_follows_subject(s, tok):
                    return True
            prev = tok
        return False

    def _complement_follows_subject(self, s: int, copula: Token) -> bool:
        """Only the copula's complement stands between the subject (ending at s) and the copula."""
        head = self.text[s:copula.idx].strip()
        return bool(head) and " " not in head and "," not in head

    def _contrast_cut(self, start: int, end: int) -> int | None:
        for tok in self.tokens:
            if tok.idx < start:
                continue
            if tok.idx >= end:
                break
            if tok.tag_.endswith("EC") and (tok.text in _CONTRAST_ENDINGS or
                                             self.text.startswith(",", tok.idx + len(tok.text))):
                return tok.idx
        return None

    def _relative_head(self, s: int, e: int) -> bool:
        """A phrase at ``e`` is the head of a relative clause ending between s and e ("체결한 A는")."""
        etm = None
        for tok in self.tokens:
            if tok.idx >= e:
                break
            if tok.idx >= s and "ETM" in tok.tag_:
                etm = tok
        return etm is not None and self._nominal_gap(etm.idx + len(etm.text), e)

    def _side_a_for(self, phrases: list[Phrase], k: int, trigger_at: int) -> Phrase | None:
        for p in reversed(phrases[:k]):
            if p.role not in ("subject", "topic") or not p.usable:
                continue
            if p.role == "subject" and (self._relative_clause_between(p.end, phrases[k].start)
                                        or (p.head and p.appositive
                                            and self._clause_cut(p.end, phrases[k].start) is not None)):
                continue
            return p
        for p in phrases[k + 1:]:
            if p.start > trigger_at:
                # "B와 MOU를 체결한 A는": the comitative sits in a relative clause whose head is A
                if p.usable and self._relative_head(trigger_at, p.start):
                    return p
                break
            if p.role in ("subject", "topic") and p.usable:
                return p
        return None

    def relations(self, state: DocState) -> list[Relation]:
        phrases = self.phrases()
        out: list[Relation] = []
        used_as_a: set[int] = set()
        for k, p in enumerate(phrases):
            wend = self._window_end(phrases, k)
            after = self._triggers(p.start, self.end)
            # group blocks: "A와 23개 회원사", "B에 12개 회원사"
            for b in p.blocks:
                if not b.members and after:
                    out.append(Relation(b.names, (), best_type(self._triggers(p.start, wend)) or after[0],
                                        group=b.quantity, rule="group"))
            if p.names and p.usable and (p.consortium_head or
                                         p.names[-1].text.replace(" ", "").endswith("컨소시엄")):
                state.consortium_leader = p.names[-1]
            before = self.text[self.start:p.start]
            if _CONSORTIUM_MEMBER.search(before) and state.consortium_leader is not None:
                leader = state.consortium_leader
                members = tuple(m for m in p.names if m.canonical != leader.canonical)
                cons = next((t for t in self.triggers if t.type == "consortium"), None)
                if members and cons is not None:
                    out.append(Relation((leader,), members, cons, rule="consortium"))
                    continue
            if p.role in ("comitative", "partner_of") and p.usable:
                # the comitative belongs to the first predicate after it: a contrast or a
                # comma-closed clause in between leaves it behind ("B와 경쟁하지만 C와는 협력")
                cut = self._contrast_cut(p.end, wend)
                window = self._triggers(p.start, cut if cut is not None else wend)
                trig = best_type(window)
                if trig is None:
                    continue
                a = self._side_a_for(phrases, k, trig.start)
                if a is None:
                    continue
                side_a = a.free_names
                side_b = tuple(m for m in p.names if m.canonical not in {x.canonical for x in side_a})
                if side_a and (side_b or p.member_group is not None):
                    used_as_a.add(id(a))
                    out.append(Relation(side_a, side_b, trig, group=p.member_group, rule="comitative"))
        for k, p in enumerate(phrases):
            if p.role not in ("subject", "topic") or not p.usable or not p.names:
                continue
            wend = self._window_end(phrases, k)
            window = self._triggers(p.names[-1].end, wend)
            names = p.free_names
            if len(names) >= 2 and p.member_group is None and not p.blocks and id(p) not in used_as_a:
                # a predicate noun in the head of a conjoined phrase is theirs together ("A와 B의 합작")
                mutual = [t for t in window if t.mutual or (t.start < p.end and p.first_link == "and")]
                if mutual and not (p.appositive and p.head and p.first_link != "and"):
                    out.append(Relation(names, (), best_type(mutual), rule="mutual"))  # type: ignore[arg-type]
                    continue
            out.extend(self._directed(phrases, k, p, wend))
        if not any(p.role in ("subject", "topic") for p in phrases):
            out.extend(self._headline(phrases))
        out.extend(self._counts())
        return out

    def _directed(self, phrases: list[Phrase], k: int, s: Phrase, wend: int) -> list[Relation]:
        out = []
        for d in phrases[k + 1:]:
            if d.start >= wend:
                break
            if not d.usable or d.role not in ("dative", "object", "genitive", "bare", "source"):
                continue
            rel = self._directed_pair(s.free_names or s.names, d, wend)
            if rel is not None:
                out.append(rel)
        return out

    def _directed_pair(self, side_a: tuple[Mention, ...], d: Phrase, wend: int) -> Relation | None:
        window = self._triggers(d.start, wend)
        if not window or not side_a:
            return None
        side_b = tuple(m for m in d.names if m.canonical not in {x.canonical for x in side_a})
        if not side_b:
            return None
        head = d.head.split()
        inside = [t for t in window if d.start <= t.start < d.end and t.type in _DIRECTED_DATIVE]
        if inside:  # the predicate is in the head nouns ("B 온라인 입점을", "B 주식 추가 매입")
            return Relation(side_a, side_b, best_type(inside), rule=f"directed:{d.role}")  # type: ignore[arg-type]
        if d.role in ("dative", "source"):
            ok = [t for t in window if t.type in _DIRECTED_DATIVE or t.status == "proposed"]
        elif d.role == "object":
            ok = [t for t in window if t.type == "investment" and t.text not in ("매입", "취득")]
            ok += [t for t in window if t.type == "collaboration" and self.text.startswith("으로", t.end)]
        elif d.role == "genitive":
            ok = [t for t in window if t.type == "investment" and head and head[0] in SHARE_NOUNS]
            ok += [t for t in window if t.type == "collaboration" and self.text.startswith("으로", t.end)]
        else:  # bare: the predicate is in the head nouns ("B 온라인 입점", "B 주식 추가 매입")
            ok = [t for t in window if d.start <= t.start < d.end and t.type in _DIRECTED_DATIVE]
        trig = best_type(ok)
        if trig is None:
            return None
        return Relation(side_a, side_b, trig, rule=f"directed:{d.role}")

    def _headline(self, phrases: list[Phrase]) -> list[Relation]:
        """"A, B에 투자" / "A, B 주식 매입": a headline puts a comma where the subject particle was."""
        if not phrases:
            return []
        p = phrases[0]
        lead_ok = self._nominal_gap(self.start, p.start)  # nothing, or a descriptor ("美 가온, 누리에 투자")
        if not lead_ok or p.first_link != "comma" or len(p.names) != 2 or \
                p.role not in ("dative", "bare", "object", "genitive"):
            return []
        d = Phrase(p.names[1].start, p.end, (p.names[1],), (), p.role, p.head)
        rel = self._directed_pair((p.names[0],), d, self.end)
        if rel is None and p.role == "bare":
            # "A·B, 배터리 공동개발": a headline naming both partners of a mutual act
            mutual = [t for t in self._triggers(p.names[-1].end, self.end) if t.type in _MUTUAL_TYPES]
            if mutual:
                rel = Relation(p.names, (), best_type(mutual), rule="headline:mutual")  # type: ignore[arg-type]
        return [rel] if rel is not None else []

    def _counts(self) -> list[Relation]:
        """Deal counts: a number of 건 governed by a deal predicate in the same clause."""
        out = []
        for q in self.quantities:
            if q.unit != "건":
                continue
            if q.noun and not _DEAL_NOUN.search(q.noun):
                continue
            near = [t for t in self.triggers if q.start - 40 <= t.end <= q.start and
                    not re.search(r"[.;]", self.text[t.end:q.start])]
            near += [t for t in self.triggers if q.end <= t.start <= q.end + 12]
            if q.noun:
                near += [t for t in self.triggers if q.start <= t.start < q.end]
            if not near:
                continue
            trig = max(near, key=lambda t: t.start) if all(t.end <= q.start for t in near) else \
                min(near, key=lambda t: abs(t.start - q.end))
            out.append(Relation((), (), trig, count=q, rule="count"))
        return out
