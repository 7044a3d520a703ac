"""Noun phrases of a sentence: conjoined names, their descriptors, their role.

A party of a deal is written as a noun phrase: descriptor words, then the
name, then head nouns, then the particle that gives the phrase its role in the
clause ("미국 바이오기업 | 그린힐 테라퓨틱스 | 와"). Several parties are
conjoined in one phrase by commas, middle dots, hyphens, 및, 와/과, or listed
before 등 and a counted group ("롯데웰푸드·CJ제일제당·오뚜기 등 식품업계 3사와").

``noun_groups`` turns the words of a sentence into ``NounGroup``s, each with
its ``Conjunct``s; a conjunct knows where its name is (after the last
descriptor, before generic heads such as "3사", "측", "연구팀"), which
recognised mention stands there, and whether it is a counted group.
Predicates and adverbs between the groups stay as ``Word``s for the clause
reader (``clauses``).
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field, replace

from kdeal.records import Mention, Quantity

from .kind import company_head, org_head
from .grammar import DESCRIPTOR_WORDS, GROUP_UNITS, NAME_ENDING_HEADS, NAME_TAILS, NAMED_COUNT_UNITS, ORG_COUNT_NOUN, PARTICLE_ROLES, PRODUCT_HEADS, SUB_UNIT_HEADS, Role
from .deal_types import find_triggers
from .normalise import normalise
from .evidence import is_title as _is_title_word, looks_like_person_name as looks_like_person
from .nameshape import Shape, Shaper
from .words import Kind, Word

# Separators that conjoin names inside one noun phrase.
CONJOINING_SEPS = (",", "·", "/", "-")
# Conjunctive adverbs written as their own word between two names.
CONJUNCTIONS = ("및", "그리고", "또는", "혹은", "겸")
# A noun phrase closes at these marks even without a particle.
CLOSING_SEPS = (".", "?", "!", ";", ":", "…", "\n", "▲", "[", "]")
# Roles after which a phrase starting right away is conjoined with a 와/과 phrase:
# "A와 B는" (subject), "A와 B에" (dative), "A와 B로부터" (source).
_CONJOIN_WITH_ROLES = frozenset({Role.TOPIC, Role.SUBJECT, Role.ALSO, Role.DATIVE, Role.SOURCE, Role.BARE,
                                 Role.GENITIVE})
_WITH_FORMS = ("와", "과", "하고", "랑", "이랑")
# Generic heads after a name that stand for the named organisation ("서울대 연구팀", "B 측").
UNIT_HEADS = ("사", "Inc.", "Co.", "CO.", "Ltd.", "LTD.", "Corp.", "측", "연구팀", "연구진", "컨소시엄", "그룹사", "사측", "본사", "팀", "공대", "산하")
_ETC = "등"
# Titles that end compound titles ("경제부지사", "우리은행장", "수석부사장").
LONG_TITLES = ("부지사", "지사", "은행장", "행장", "사장", "부사장", "회장", "부회장", "이사장", "위원장", "본부장",
               "대표이사", "시장", "군수", "구청장", "장관", "차관", "청장", "원장", "총장", "CEO")
# Descriptors that make a name its parent's subsidiary: parent and subsidiary are one group, not a deal.
SUBSIDIARY_WORDS = ("자회사", "계열사", "손자회사", "자사", "출자사", "종속회사", "100%자회사")
_LATIN_THEN_PARTICLE = re.compile(r"^(.*[A-Za-z0-9.)])([가-힣]{1,3})$")
_LATIN_LEGAL_FORM = re.compile(r"^(?i:inc|incorporated|co|corp|corporation|ltd|limited|llc|gmbh|plc|ag|s\.a|sa)\.?,?$")
# The bound noun 社 after a foreign or spelled-out name ("도요타사", "가온매거진 사가").
COMPANY_BOUND_NOUN = "사"
_SA_PARTICLES = ("가", "는", "와", "의", "에", "를")
# Postposition verbs whose phrase is a means, purpose or basis, never a party of the deal.
NOT_A_PARTY_POSTPOSITIONS = ("통해", "통한", "통하", "위해", "위한", "위하", "따라", "따른", "따르", "의해", "의한")
# Roles that tie names to the counted group after them ("A와 23개 회원사", "B에 12개 회원사").
_BLOCK_ROLES = (Role.WITH, Role.DATIVE)
# Genitive quantifiers that stay inside the noun phrase they count ("다수의 회원사들과").
QUANTIFIERS = ("다수의", "복수의", "일부", "상당수의", "여러", "많은", "모든", "각종", "주요", "다양한")
# Verbs that make the object before them one of the phrase after them ("A를 비롯해 B 등").
INCLUDING = ("비롯", "포함")
_LATIN_WORD = re.compile(r"^[A-Z][A-Za-z0-9&.]*$")
# The layer of a recognised name extended by the deal reader ("LG" -> "LG CNS").
EXTENDED_LAYER = "slot:extended"
_NAME_SHAPES = (Shape.NAME, Shape.WEAK_NAME)
# Bound nouns of a relation between the names before them ("A·B 간 협약", "A와 B 사이").
BETWEEN_NOUNS = ("간", "사이")
# A copula or particle ending a description written against the name after it ("회사인JCB").
_GLUED_FRONT_ENDINGS = ("인", "의", "은", "는")
_STOP_SHAPES = (Shape.DESCRIPTOR, Shape.GENERIC, Shape.NUMBER, Shape.ACRONYM)


@dataclass(frozen=True)
class Conjunct:
    """One member of a conjoined noun phrase.

    ``name`` is the character span of the name (None when the conjunct names
    nobody: "업계", "이번 협약"); ``mention`` the recognised name there, if any;
    ``group`` the counted group when the conjunct is one ("23개 회원사").
    ``shape`` is the shape of the name's last word (how sure a slot may be).
    """

    words: tuple[Word, ...]
    start: int
    end: int
    name: tuple[int, int] | None = None
    mention: Mention | None = None
    group: Quantity | None = None
    label: str = ""
    shape: Shape = Shape.COMMON
    heads: tuple[str, ...] = ()
    quoted: bool = False
    described: bool = False
    subsidiary: bool = False

    @property
    def named(self) -> bool:
        return self.mention is not None


@dataclass(frozen=True)
class Block:
    """Names facing a counted group inside one phrase: "삼성전자와 23개 회원사", "B에 12개 회원사"."""

    names: tuple[Conjunct, ...]
    group: Conjunct


@dataclass(frozen=True)
class NounGroup:
    """Conjuncts joined into one phrase and closed by one role.

    ``members`` is the counted group the named conjuncts belong to ("A, B 등 3개사");
    ``etc`` marks "A, B 등" without a count; ``links`` how each conjunct after the
    first was joined ("," "·" "-" "와" "및").
    """

    conjuncts: tuple[Conjunct, ...]
    role: Role
    start: int
    end: int
    first_word: int
    last_word: int
    links: tuple[str, ...] = ()
    members: Quantity | None = None
    etc: bool = False
    topicalised: bool = False
    head_text: str = ""
    members_label: str = ""
    blocks: tuple[Block, ...] = ()
    open_ended: bool = False
    governed_by: str = ""
    particles: tuple[str, ...] = ()
    words: tuple[Word, ...] = field(default=(), repr=False)

    @property
    def names(self) -> tuple[Conjunct, ...]:
        return tuple(c for c in self.conjuncts if c.name is not None)

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return tuple(c.mention for c in self.conjuncts if c.mention is not None)

    @property
    def groups(self) -> tuple[Conjunct, ...]:
        return tuple(c for c in self.conjuncts if c.group is not None)


class GroupBuilder:
    """Builds the noun groups of one sentence from its words, names and quantities."""

    def __init__(self, words: list[Word], text: str, mentions: list[Mention], quantities: list[Quantity],
                 shaper: Shaper):
        self.text = text
        # A country or region tagged as a name describes the party after it ("캐나다 노던리튬").
        self.mentions = sorted((m for m in mentions if m.text not in DESCRIPTOR_WORDS), key=lambda m: (m.start, -m.end))
        self.quantities = quantities
        self.shaper = shaper
        self.words = [self._glued_particle(self._inside_name(w)) for w in words]
        self.aliases: dict[int, Mention] = {}

    def _inside_name(self, w: Word) -> Word:
        """A word inside a recognised name that goes on past it is part of that name, whatever
        Kiwi made of it ("누리 소프트": 누리 read as the verb 누리다)."""
        if any(m.start <= w.start and w.end < m.end for m in self.mentions) and w.kind is not Kind.NOUN:
            return replace(w, kind=Kind.NOUN, stem_end=w.end, role=None, particles=(), ending=None, ending_form="")
        return w

    # --- words --------------------------------------------------------------
    def _glued_particle(self, w: Word) -> Word:
        """A particle Kiwi left inside a name ("엔비디아에", "한빛나래와") after a known name, or
        after the bound noun 사 (社) that follows a name ("가온매거진 사가": 사 + 가)."""
        latin = _LATIN_THEN_PARTICLE.match(w.text)
        if latin and _split_particles(latin.group(2)) and w.kind is not Kind.ARG:
            # "Inc.는", "LTD.의": Kiwi misreads a particle after Latin letters as a verb or a noun
            forms = _split_particles(latin.group(2))
            return w.with_role(w.start + len(latin.group(1)), _particles_role(forms), tuple(forms))
        for m in self.mentions:
            if w.start < m.end < w.end and w.kind is not Kind.ARG:
                forms = _split_particles(self.text[m.end:w.end])
                if forms:  # "가나전자㈜는": Kiwi reads 는 after ㈜ as an ending
                    return w.with_role(m.end, _particles_role(forms), tuple(forms))
        if w.kind is not Kind.NOUN:
            return w
        if len(w.stem) == 2 and w.stem[0] == COMPANY_BOUND_NOUN and w.stem[1] in _SA_PARTICLES \
                and self._mention_in(w.start - 2, w.start - 1) is not None:
            return w.with_role(w.start + 1, PARTICLE_ROLES[w.stem[1]], (w.stem[1],))
        return w

    def shape_of(self, w: Word) -> Shape:
        if self._mention_in(w.start, w.stem_end) is not None:
            return Shape.NAME
        if self._quantity_in(w.start, w.stem_end) is not None:
            return Shape.NUMBER
        return self.shaper.shape(self.text[w.start:w.stem_end])

    def _mention_in(self, start: int, end: int) -> Mention | None:
        for m in self.mentions:
            if m.start < end and start < m.end:
                return m
        return None

    def _quantity_in(self, start: int, end: int) -> Quantity | None:
        for q in self.quantities:
            if q.start < end and start < q.end:
                return q
        return None

    # --- runs ---------------------------------------------------------------
    def groups(self) -> list[NounGroup | Word]:
        """Noun groups and the other words between them, in sentence order."""
        items: list[NounGroup | Word] = []
        run: list[Word] = []
        last_word: Word | None = None
        for w in self.words:
            if w.aside:
                alias = self._mention_in(w.start, w.end)
                if alias is not None and last_word is not None:
                    self.aliases.setdefault(last_word.i, alias)  # "Nuri UnionPay(NUP)"
                continue
            last_word = w
            if w.kind is Kind.ARG and w.stem_end == w.start:
                # a particle left alone after a quote or a bracket: "'마중택시'와", "업무협약(MOU)을"
                if run:
                    run.append(w)
                    items.extend(self._groups_of(run))
                    run = []
                elif items and isinstance(items[-1], NounGroup):
                    items[-1] = replace(items[-1], role=_role_of(w), particles=w.particles, end=w.end,
                                        last_word=w.i)
                continue
            if w.text in INCLUDING and w.kind is Kind.NOUN:
                if run:
                    items.extend(self._groups_of(run))
                    run = []
                items.append(w)  # "A를 포함 다수의 회원사들과": a link, not a noun of the phrase
                continue
            if w.kind in (Kind.NOUN, Kind.DET) or (w.kind is Kind.ARG and w.stem_end > w.start):
                run.append(w)
                inside_count = any(q.start < w.end < q.end for q in self.quantities)  # "세 곳의 협력사"
                if (w.kind is Kind.ARG and w.text not in QUANTIFIERS and not inside_count) or w.sep in CLOSING_SEPS:
                    items.extend(self._groups_of(run))
                    run = []
                continue
            if w.kind is Kind.ADV and w.stem in CONJUNCTIONS and run:
                run.append(w)
                continue
            if run:
                items.extend(self._groups_of(run))
                run = []
            if w.kind is Kind.PRED and w.text.startswith(NOT_A_PARTY_POSTPOSITIONS) and items \
                    and isinstance(items[-1], NounGroup):
                # "자회사 B를 통해", "협력을 위해": a means or a purpose, not a party
                items[-1] = replace(items[-1], governed_by=w.text)
            items.append(w)
        if run:
            items.extend(self._groups_of(run))
        return self._conjoin_with(self._including(self._blocks(items)))

    def _blocks(self, items: list[NounGroup | Word]) -> list[NounGroup | Word]:
        """"삼성전자와 23개 회원사, 아마존코리아와 60개 회원사, 빈그룹에 12개 회원사가": names
        paired with counted groups, chained into one phrase of ``Block``s."""
        out: list[NounGroup | Word] = []
        k = 0
        while k < len(items):
            chain = self._block_chain(items, k)
            if chain is None:
                out.append(items[k])
                k += 1
                continue
            group, used = chain
            out.append(group)
            k += used
        return out

    def _block_chain(self, items: list[NounGroup | Word], k: int) -> tuple[NounGroup, int] | None:
        first = items[k]
        if not isinstance(first, NounGroup) or first.role not in _BLOCK_ROLES or not first.conjuncts \
                or any(c.name is None for c in first.conjuncts):
            return None
        names, prev, j = first.conjuncts, first, k + 1
        blocks: list[Block] = []
        role = first.role
        while j < len(items):
            nxt = items[j]
            if not isinstance(nxt, NounGroup) or nxt.first_word != prev.last_word + 1 or not nxt.conjuncts \
                    or nxt.conjuncts[0].group is None:
                break
            blocks.append(Block(names, nxt.conjuncts[0]))
            rest, role, prev, j = nxt.conjuncts[1:], nxt.role, nxt, j + 1
            if not rest or nxt.role not in _BLOCK_ROLES or any(c.name is None for c in rest):
                break
            names = rest
        if not blocks:
            return None
        named = tuple(c for b in blocks for c in b.names)
        return replace(prev, conjuncts=named, role=role, start=first.start, first_word=first.first_word,
                       blocks=tuple(blocks), links=(), words=first.words + prev.words), j - k

    def _including(self, items: list[NounGroup | Word]) -> list[NounGroup | Word]:
        """"A를 비롯해 B, C 등 40여 개 협력사와", "A를 포함한 회원사와": A is one of the next phrase."""
        out: list[NounGroup | Word] = []
        k = 0
        while k < len(items):
            it = items[k]
            nxt = items[k + 1] if k + 1 < len(items) else None
            after = items[k + 2] if k + 2 < len(items) else None
            if isinstance(it, NounGroup) and it.role is Role.OBJECT and isinstance(nxt, Word) \
                    and nxt.text.startswith(INCLUDING) and isinstance(after, NounGroup):
                out.append(replace(after, conjuncts=it.conjuncts + after.conjuncts, start=it.start,
                                   first_word=it.first_word, links=("포함",) + after.links, words=it.words + after.words,
                                   open_ended=True))
                k += 3
                continue
            out.append(it)
            k += 1
        return out

    def _conjoin_with(self, items: list[NounGroup | Word]) -> list[NounGroup | Word]:
        """"A와 B는": a 와/과 phrase followed at once by a name phrase in a fitting role is one phrase."""
        out: list[NounGroup | Word] = []
        for it in items:
            prev = out[-1] if out else None
            if isinstance(it, NounGroup) and isinstance(prev, NounGroup) and prev.role is Role.WITH \
                    and prev.particles and prev.particles[-1] in _WITH_FORMS and prev.last_word + 1 == it.first_word \
                    and it.role in _CONJOIN_WITH_ROLES and self._name_phrase(it, prev):
                out[-1] = replace(
                    it, conjuncts=prev.conjuncts + it.conjuncts, start=prev.start, first_word=prev.first_word,
                    links=prev.links + ("와",) + it.links, words=prev.words + it.words,
                    members=it.members or prev.members)
                continue
            out.append(it)
        return out

    def _name_phrase(self, it: NounGroup, prev: NounGroup) -> bool:
        """The phrase after "A와" is another party, not what A and the subject act on."""
        first = it.conjuncts[0]
        if prev.conjuncts[-1].name is None:
            return False  # "세미나 실시와 B": only a name is conjoined with a name
        if first.mention is not None or first.group is not None:
            return True
        if first.name is None or first.heads:
            return False
        if it.role in (Role.TOPIC, Role.SUBJECT, Role.ALSO, Role.BARE):
            return first.shape in _NAME_SHAPES and (prev.conjuncts[-1].name is not None)
        return first.shape is Shape.NAME

    # --- one group ----------------------------------------------------------
    def _groups_of(self, run: list[Word]) -> list[NounGroup]:
        """One group, or two when a comma parts the names from a phrase that names nobody:
        "A-B, 역사 안전관리 MOU 체결" (a headline: the names, then what they did)."""
        pieces, links = self._pieces(run)
        for k in range(1, len(pieces)):
            if links[k - 1] != ",":
                continue
            if not self._piece_is_party(pieces[k]) and self._piece_is_party(pieces[k - 1]):
                cut = pieces[k][0].i
                first = [w for w in run if w.i < cut]
                rest = [w for w in run if w.i >= cut]
                return [self._group(first, bare=True), *self._groups_of(rest)]
        return [self._group(run)]

    def _piece_is_party(self, words: list[Word]) -> bool:
        """A piece that names a party, also when it lists one before 등 ("B 등 대기업")."""
        etc_at = next((k for k, w in enumerate(words) if w.stem in (_ETC, _ETC + "의")), None)
        if etc_at is not None:
            words = words[:etc_at]
        return bool(words) and _party_like(self._conjunct(words))

    def _group(self, run: list[Word], bare: bool = False) -> NounGroup:
        last = run[-1]
        role = _role_of(last) if last.kind is Kind.ARG and not bare else Role.BARE
        pieces, links = self._pieces(run)
        members: Quantity | None = None
        etc = False
        conjuncts: list[Conjunct] = []
        head_text = members_label = ""
        for words in pieces:
            etc_at = next((k for k, w in enumerate(words) if w.stem == _ETC or w.text.startswith(_ETC + "의")
                           and w.stem in (_ETC, _ETC + "의")), None)
            if etc_at is not None:
                before, after = words[:etc_at], words[etc_at + 1:]
                if before:
                    conjuncts.append(self._conjunct(before))
                etc = True
                group = self._conjunct(after) if after else None
                if group is not None and group.group is not None:
                    members, members_label = group.group, group.label
                    head_text = self.text[group.start:group.end]
                elif group is not None:
                    head_text = self.text[group.start:group.end]
                break
            counted = self._trailing_count(words) if len(pieces) > 1 and words is pieces[-1] else None
            if counted is not None:
                # "A·B·C 3사는": the count closes the list; C is a name of its own
                before, members = counted
                members_label = self._label(words, members)
                conjuncts.append(self._conjunct(before))
                continue
            conjuncts.append(self._conjunct(words))
        open_ended = etc or (any(c.name is not None for c in conjuncts)
                             and any(c.name is None and c.group is None for c in conjuncts))
        return NounGroup(
            open_ended=open_ended,
            conjuncts=tuple(conjuncts), role=role, start=run[0].start, end=last.end, first_word=run[0].i,
            last_word=last.i, links=tuple(links[:max(0, len(conjuncts) - 1)]), members=members, etc=etc,
            topicalised=last.topicalised, head_text=head_text, members_label=members_label,
            particles=last.particles, words=tuple(run))

    def _trailing_count(self, words: list[Word]) -> tuple[list[Word], Quantity] | None:
        """The words before a count of organisations that ends a list's last piece ("C 3사")."""
        q = self._quantity_in(words[0].start, words[-1].stem_end)
        if q is None or not is_group_quantity(q) or q.start <= words[0].start or q.unit not in NAMED_COUNT_UNITS:
            return None
        before = [w for w in words if w.stem_end <= q.start]
        if not before or self.shaper.shape(before[-1].stem) in _STOP_SHAPES:
            return None  # "해상풍력 기업 3곳": the count's own label before it, not a name
        return before, q

    def _pieces(self, run: list[Word]) -> tuple[list[list[Word]], list[str]]:
        """The run cut at conjoining punctuation and conjunctive adverbs."""
        pieces: list[list[Word]] = [[]]
        links: list[str] = []
        in_quote = False
        for w in run:
            in_quote = (in_quote or w.open_quote) and not w.close_quote
            if w.stem_end == w.start:
                continue  # a particle standing alone after a quote
            if w.kind is Kind.ADV:
                if pieces[-1]:
                    pieces.append([])
                    links.append(w.stem)
                continue
            pieces[-1].append(w)
            nxt = run[run.index(w) + 1] if w is not run[-1] else None
            if w.sep in CONJOINING_SEPS and nxt is not None and not self._inside_one_name(w, nxt) \
                    and (not in_quote or self._name_at(w)):
                # ("'해운·항공 복합운송' 맞손": inside quotes a dot joins names only, not common words)
                pieces.append([])
                links.append(w.sep)
        return [p for p in pieces if p], links

    def _name_at(self, w: Word) -> bool:
        return self._mention_in(w.start, w.stem_end) is not None \
            or self.shaper.shape(self.text[w.start:w.stem_end]) is Shape.NAME

    def _inside_one_name(self, w: Word, nxt: Word) -> bool:
        """A comma inside a name or before its legal form ("Gaon Mobile, Inc.", "CO.,LTD.")."""
        if any(m.start < w.end and nxt.start < m.end for m in self.mentions):
            return True
        return bool(_LATIN_LEGAL_FORM.match(nxt.stem))

    def _conjunct(self, words: list[Word]) -> Conjunct:
        start = words[0].start
        end = words[-1].stem_end
        quoted = words[0].open_quote and words[-1].close_quote
        group = self._quantity_in(start, end)
        if group is not None and is_group_quantity(group):
            return Conjunct(tuple(words), start, end, group=group, label=self._label(words, group),
                            shape=Shape.NUMBER)
        mention = self._party_mention(words) or self.aliases.get(words[-1].i)
        subsidiary = any(w.stem in SUBSIDIARY_WORDS for w in words)
        if mention is not None:
            mention = self._adjust(mention, words)
            heads = tuple(w.stem for w in words if w.start >= mention.end)
            return Conjunct(tuple(words), start, end, name=(mention.start, mention.end), mention=mention,
                            shape=Shape.NAME, heads=heads, quoted=quoted, subsidiary=subsidiary)
        return replace(self._slot_conjunct(words, start, end, quoted), subsidiary=subsidiary)

    def _adjust(self, m: Mention, words: list[Word]) -> Mention:
        """The recognised name cut to the words of the party: descriptors dropped from its front
        ("미국 바이오기업 그린힐 테라퓨틱스") and units of a body from its end ("… 에너지공학과"), the rest of a word it starts inside added
        ("3D메딕스", "바른먹거리협동조합"), and a foreign name's further words added ("LG CNS",
        "메디비전 이미징", "블루스톤 파워 솔루션스")."""
        inside = [w for w in words if m.start < w.stem_end and w.start < m.end]
        if not inside:
            return m
        start, end = m.start, m.end
        while len(inside) > 1 and self._describes(inside[0]):
            inside = inside[1:]
            start = max(start, inside[0].start)
        while len(inside) > 1 and inside[-1].stem.endswith(SUB_UNIT_HEADS):
            inside = inside[:-1]  # "누리대학교 에너지공학과": the party is the body, not its unit
            end = min(end, inside[-1].stem_end)
        first = inside[0]
        prefix = self.text[first.start:start]
        if first.start < start and prefix.isalnum() and prefix not in DESCRIPTOR_WORDS \
                and not (self.text[start].isascii() and self._copula_front(prefix)):
            start = first.start
        k = words.index(first)
        while k > 0 and words[k - 1].end + 1 == start and self._mention_in(words[k - 1].start, words[k - 1].end) \
                is None and self.shaper.foreign(words[k - 1].stem) and words[k - 1].kind is Kind.NOUN \
                and not self._describes(words[k - 1]) and not looks_like_person(words[k - 1].stem):
            k -= 1  # "코펜하겐 인프라스트럭처 파트너스": a foreign name's first words
            start = words[k].start
        for k, w in enumerate(words):
            if w.start < end or w.stem_end == w.start:
                continue
            titled = is_title(w.stem) or (k + 1 < len(words) and is_title(words[k + 1].stem)) \
                or self._western_person_at(words, k)
            if w.start != end + 1 or titled or self._mention_in(w.start, w.stem_end) is not None \
                    or not self._name_word(w) or _deal_word(self.text, w) or w.stem.endswith(SUB_UNIT_HEADS):
                break  # ... and a deal word ("든든유통 맞손") ends the name
            end = w.stem_end
        end = min(end, inside[-1].stem_end) if end == m.end else end
        if (start, end) == (m.start, m.end) or end <= start:
            return m
        surface = self.text[start:end]
        return Mention(m.doc_id, start, end, surface, normalise(surface), m.kind, None, EXTENDED_LAYER)

    def _copula_front(self, prefix: str) -> bool:
        """"회사인JCB": a common noun and a copula or particle written against a Latin name describe
        it (against a Hangul name they may be its first word: "맑은샘협동조합")."""
        return len(prefix) > 1 and prefix.endswith(_GLUED_FRONT_ENDINGS) \
            and self.shaper.shape(prefix[:-1]) in (Shape.GENERIC, Shape.DESCRIPTOR, Shape.COMMON)

    def _describes(self, w: Word) -> bool:
        return w.stem in DESCRIPTOR_WORDS or self.shaper.shape(w.stem) in (Shape.DESCRIPTOR, Shape.GENERIC)

    def _name_word(self, w: Word) -> bool:
        """A further word of a foreign name: Latin, unknown to Kiwi, or a company-name tail."""
        if _LATIN_LEGAL_FORM.match(w.stem):
            return False  # "CO.,LTD.": the legal form, not the name
        shape = self.shaper.shape(w.stem)
        return (shape is Shape.NAME and (bool(_LATIN_WORD.match(w.stem)) or not w.stem.isascii())) \
            or w.stem in NAME_TAILS

    def _party_mention(self, words: list[Word]) -> Mention | None:
        """The recognised name that is this conjunct's name: the last one after any descriptor.

        A name before a descriptor owns or describes the party ("현대차그룹 물류
        계열사 현대글로비스"), so a name after the last descriptor wins.
        """
        inside = [m for m in self.mentions if words[0].start <= m.start and m.end <= words[-1].stem_end]
        if not inside:
            return None
        shapes = [self.shape_of(w) for w in words]
        last_desc = max((k for k, s in enumerate(shapes) if s is Shape.DESCRIPTOR and
                         self._mention_in(words[k].start, words[k].stem_end) is None), default=-1)
        after = [m for m in inside if last_desc < 0 or m.start >= words[last_desc].stem_end]
        return (after or inside)[-1]

    def _slot_conjunct(self, words: list[Word], start: int, end: int, quoted: bool) -> Conjunct:
        """Where a name would be, with no recognised mention: after descriptors, before heads."""
        between = next((x for x, w in enumerate(words) if x > 0 and w.stem in BETWEEN_NOUNS), None)
        if between is not None:
            # "A·B 간 급식 협약": what stands before 간 is the name; the rest heads the phrase
            inner = self._slot_conjunct(words[:between], start, words[between - 1].stem_end, quoted)
            return replace(inner, words=tuple(words), end=end,
                           heads=inner.heads + tuple(w.stem for w in words[between:]))
        shapes = _described_names(words, [self.shaper.shape(self.text[w.start:w.stem_end]) for w in words])
        person = self._foreign_person_before_title(words, shapes) or self._person_before_title(words, shapes)
        if person is not None:
            org, heads = person
            if org is None:
                return Conjunct(tuple(words), start, end, shape=Shape.GENERIC, heads=heads, quoted=quoted)
            first, last = org
            best = max(shapes[first:last + 1], key=_shape_strength)
            # a name before a person and a title is that person's organisation: described by them
            return Conjunct(tuple(words), start, end, name=(words[first].start, words[last].stem_end), shape=best,
                            heads=heads, quoted=quoted, described=True)
        quote = max((x for x, w in enumerate(words) if w.open_quote and x > 0), default=None)
        first_quote = min((x for x, w in enumerate(words) if w.open_quote and x > 0), default=None)
        if first_quote is not None and shapes[first_quote - 1] in _NAME_SHAPES:
            # "B '영농형 태양광' 협약": a name, then what the quote describes
            inner = self._slot_conjunct(words[:first_quote], start, words[first_quote - 1].stem_end, quoted)
            return replace(inner, words=tuple(words), end=end,
                           heads=inner.heads + tuple(w.stem for w in words[first_quote:]))
        if quote is not None:
            # "중견 택시가맹사업자 '마중택시'": what the quote marks is the name
            words, shapes, start = words[quote:], shapes[quote:], words[quote].start
        k = len(words) - 1
        while k >= 0 and (words[k].stem in UNIT_HEADS or words[k].stem in PRODUCT_HEADS or words[k].kind is Kind.DET
                          or shapes[k] in (Shape.GENERIC, Shape.NUMBER)
                          or (k > 0 and words[k].stem.endswith(SUB_UNIT_HEADS))):
            k -= 1  # "코스트코 전 매장", "가람대학교 에너지공학과": heads, units and determiners after the name
        heads = tuple(w.stem for w in words[k + 1:])
        if k < 0 or shapes[k] in _STOP_SHAPES or words[k].kind is Kind.DET:
            return Conjunct(tuple(words), start, end, shape=shapes[k] if k >= 0 else Shape.GENERIC,
                            heads=heads, quoted=quoted)
        j = k
        while j > 0 and shapes[j - 1] in _NAME_SHAPES and words[j - 1].kind is not Kind.DET:
            j -= 1
        # Loanword tails after a name word belong to a foreign name ("노스포인트 데이터");
        # other common words after it are heads ("라스트마일 배송 협력").
        if shapes[k] is Shape.COMMON:
            tail = k
            while tail >= 0 and shapes[tail] is Shape.COMMON and _name_tail(words[tail].stem):
                tail -= 1
            if tail < 0 or shapes[tail] not in _NAME_SHAPES:
                last_name = max((x for x in range(k + 1) if shapes[x] in _NAME_SHAPES), default=None)
                if last_name is None:
                    return Conjunct(tuple(words), start, end, shape=Shape.COMMON, heads=heads, quoted=quoted)
                heads = tuple(w.stem for w in words[last_name + 1:])
                k = tail = last_name
            j = tail
            while j > 0 and shapes[j - 1] in _NAME_SHAPES:
                j -= 1
        best = max((shapes[x] for x in range(j, k + 1)), key=_shape_strength)
        if any(words[x].kind is Kind.DET for x in range(j, k + 1)):
            best = Shape.GENERIC
        described = j > 0 and shapes[j - 1] in (Shape.DESCRIPTOR, Shape.GENERIC)  # "교육 스타트업 씨앗학교"
        return Conjunct(tuple(words), start, end, name=(words[j].start, words[k].stem_end), shape=best,
                        heads=heads, quoted=quoted or quote is not None, described=described)

    def _person_before_title(self, words: list[Word], shapes: list[Shape]) -> \
            tuple[tuple[int, int] | None, tuple[str, ...]] | None:
        """"누리바이오 김철민 대표", "김상진 동림그룹 회장": the word that is not the person is the name.

        Returns (first and last index of the organisation's words, or None; head words), or None
        when the conjunct does not end in a person's title.
        """
        if len(words) < 2 or not is_title(words[-1].stem):
            return None
        rest = words[:-1]
        kinds = [looks_like_person(w.stem) and not company_head(w.stem) and not org_head(w.stem) for w in rest]
        person = max((k for k, is_p in enumerate(kinds) if is_p), default=None)
        heads = tuple(w.stem for w in words[-1:])
        if person is None:
            return None
        others = [k for k in range(len(rest)) if k != person and shapes[k] in _NAME_SHAPES + (Shape.COMMON,)
                  and shapes[k] not in _STOP_SHAPES]
        org = max((k for k in others if abs(k - person) == 1), default=None)
        return (None if org is None else (org, org)), heads + (rest[person].stem,)

    def _foreign_person_before_title(self, words: list[Word], shapes: list[Shape]) -> \
            tuple[tuple[int, int] | None, tuple[str, ...]] | None:
        """"노던 스타 트레이딩 폴 스미스 CEO", "피에르 뒤랑 회장": a Western name is a given name
        and a family name, two transliterated words right before the title; the words before
        them (after any descriptor) are the organisation."""
        if len(words) < 3 or not is_title(words[-1].stem):
            return None
        given, family = words[-3], words[-2]
        if not all(self._foreign_person_word(w, shapes[k]) for k, w in ((len(words) - 3, given),
                                                                       (len(words) - 2, family))) \
                or looks_like_person(family.stem):
            return None  # "누리 김철수 대표": a Korean name, read by _person_before_title
        heads = (words[-1].stem, family.stem, given.stem)
        first = 0
        while first < len(words) - 3 and (words[first].stem in DESCRIPTOR_WORDS
                                          or shapes[first] in (Shape.DESCRIPTOR, Shape.GENERIC)):
            first += 1
        last = len(words) - 4
        if last < first or any(shapes[k] in _STOP_SHAPES for k in range(first, last + 1)):
            return None, heads
        return (first, last), heads

    def _western_person_at(self, words: list[Word], k: int) -> bool:
        """Words k and k+1 are a given and a family name before a title ("폴 스미스 CEO")."""
        if k + 2 >= len(words) or not is_title(words[k + 2].stem):
            return False
        return all(self._foreign_person_word(words[x], self.shaper.shape(words[x].stem)) for x in (k, k + 1)) \
            and not looks_like_person(words[k + 1].stem)

    def _foreign_person_word(self, w: Word, shape: Shape) -> bool:
        stem = w.stem
        return w.kind is Kind.NOUN and (shape is Shape.NAME or self.shaper.foreign(stem)) and not company_head(stem) \
            and not org_head(stem) and not stem.endswith(NAME_TAILS) and stem not in DESCRIPTOR_WORDS \
            and not stem.isascii() and not self._common_compound(stem)

    def _common_compound(self, stem: str) -> bool:
        """Two or more common nouns in one word ("스마트로직"): a coined company name, no person's."""
        return sum(1 for _f, tag, _i, _oov in self.shaper.analyse(stem) if tag == "NNG") >= 2

    def _label(self, words: list[Word], q: Quantity) -> str:
        """The counted noun: after the count ("23개 회원사") or before it ("협력사 23곳")."""
        if q.noun:
            return q.noun.split()[-1]
        before = [w.stem for w in words if w.stem_end <= q.start]
        if before:
            return before[-1]
        return "회사"


# Heads a party phrase may end in after its name ("B 측", "A 컨소시엄", "C 3사").
_PARTY_HEADS = UNIT_HEADS


def _party_like(c: Conjunct) -> bool:
    """A conjunct that names a party or a counted group, with nothing but party heads after."""
    if c.group is not None:
        return True
    if c.name is None or (c.mention is None and c.shape not in _NAME_SHAPES):
        return False
    return all(h in _PARTY_HEADS or is_title(h) or h[:1].isdigit() for h in c.heads)


def is_title(word: str) -> bool:
    """A title after a personal name, also with a head before it ("경제부지사", "우리은행장")."""
    return _is_title_word(word) or any(word.endswith(t) and len(word) > len(t) for t in LONG_TITLES)


def _name_tail(word: str) -> bool:
    return word in NAME_TAILS or bool(company_head(word)) or bool(org_head(word))


def _shape_strength(s: Shape) -> int:
    return {Shape.NAME: 2, Shape.WEAK_NAME: 1}.get(s, 0)


def _particles_role(forms: list[str]) -> Role:
    if "".join(forms) in ("와의", "과의"):
        return Role.PARTNER_OF
    return PARTICLE_ROLES.get(forms[0], Role.OTHER)


def _role_of(w: Word) -> Role:
    return w.role if w.role is not None else Role.OTHER


_PARTICLE_FORMS = sorted(PARTICLE_ROLES, key=len, reverse=True)


def _split_particles(rest: str) -> list[str]:
    """``rest`` as a sequence of particles ("와의" -> ["와", "의"]), or [] if it is not one."""
    out: list[str] = []
    i = 0
    while i < len(rest):
        form = next((f for f in _PARTICLE_FORMS if rest.startswith(f, i)), None)
        if form is None:
            return []
        out.append(form)
        i += len(form)
    return out


def is_group_quantity(q: Quantity) -> bool:
    """A counted set of organisations: "23개 회원사", "10개사", "80여 곳", "3사"."""
    if q.unit not in GROUP_UNITS:
        return False
    if q.noun is None:
        return True
    return bool(ORG_COUNT_NOUN.search(q.noun.split()[-1]))


def _described_names(words: list[Word], shapes: list[Shape]) -> list[Shape]:
    """A descriptor-shaped word right after a descriptor is the name it describes when it only
    ends like a type word ("스마트팜 스타트업 그린체인과": 그린체인 is a company, not a chain)."""
    out = list(shapes)
    for x in range(1, len(words)):
        stem = words[x].stem
        if shapes[x] is Shape.DESCRIPTOR and shapes[x - 1] in (Shape.DESCRIPTOR, Shape.GENERIC) \
                and stem not in NAME_ENDING_HEADS \
                and stem.endswith(NAME_ENDING_HEADS) and stem not in DESCRIPTOR_WORDS:
            out[x] = Shape.WEAK_NAME
    return out


def _deal_word(text: str, w: Word) -> bool:
    """A word that starts with a deal predicate ("맞손", "협약식", "MOU")."""
    return any(t.start == w.start for t in find_triggers(text, w.start, w.end))
