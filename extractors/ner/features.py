"""Token features for the organisation CRF: the morpheme, its tag, its neighbours and the rules' verdict.

Features come in groups, each a pure function of one small key: a morpheme
(text and Kiwi tag), a neighbour seen from a given offset, a rule tag, a pair
of tags, a word unit's core, tail and neighbouring cores. Training expands
the groups to the strings CRFsuite learns from (``token_features``); tagging
(``recognize_model.CompiledCRF``) sums each group's weights once per key and
caches the sum, so a word seen before costs a dict lookup instead of thirty
string formats. Both walk the same groups, so they cannot drift apart.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Callable, Sequence

from spacy.tokens import Doc

from kdeal.records import Mention

from ..evidence import KnownForms, known_forms
from ..kind import COMPANY_HEADS, GOV_SUFFIX, ORG_HEADS, head_of
from ..tokens import Boundaries, TokenArrays, Units, arrays, doc_text

ORG_KINDS = ("company", "organization")
# Offsets of the neighbouring morphemes a token sees.
NEIGHBOURS = (-2, -1, 1, 2)
START, END = "^", "$"


_HANGUL = re.compile("[\uac00-\ud7a3]*")


def _shape(text: str) -> str:
    if text.isdigit():
        return "digit"
    if text.isascii() and text.isalpha():
        return "LATIN" if text.isupper() else ("Latin" if text[0].isupper() else "latin")
    if _HANGUL.fullmatch(text):
        return "hangul"
    return "other"


# --- feature groups: each returns the feature strings of one key -------------------------

def morpheme(text: str, tag: str) -> tuple[str, ...]:
    """What a morpheme says by itself: its text (``word``) and its tag (``tag_features``)."""
    return (*word(text), *tag_features(tag))


# A name head is known by its last letter first: most words end in none (cheap test first).
_COMPANY_HEAD_LAST = frozenset(h[-1] for h in COMPANY_HEADS)
_ORG_HEAD_LAST = frozenset(h[-1] for h in ORG_HEADS)


def _company_heads(keys: Sequence[str]) -> list[bool]:
    return [t[-1:] in _COMPANY_HEAD_LAST and (bool(head_of(t, COMPANY_HEADS)) or t in COMPANY_HEADS) for t in keys]


def _org_heads(keys: Sequence[str]) -> list[bool]:
    return [t[-1:] in _ORG_HEAD_LAST and (bool(head_of(t, ORG_HEADS)) or t in ORG_HEADS) for t in keys]


def _government(keys: Sequence[str]) -> list[str | None]:
    return [t[-1] if len(t) >= 2 and t.endswith(GOV_SUFFIX) else None for t in keys]


def _lengths(most: int) -> Callable[[Sequence[str]], list[str]]:
    names = [str(n) for n in range(most + 1)]
    return lambda keys: [names[min(len(t), most)] for t in keys]


def _shapes(keys: Sequence[str]) -> list[str]:
    return [_shape(t) for t in keys]


# The groups keyed by a string that keeps meeting new keys (a morpheme's text, a unit's core)
# are written as templates: (name, value). The value is a slice of the key, or a function
# from many keys to their values, each a string (the feature "name=value"), True (the bare
# name) or None or False (no feature). Training spells them out one key at a time
# (``spell``); the tagger looks up many keys' values in the model's weights at once
# (``recognize_model._TemplateSums``), with no feature string spelled out.
Template = tuple[str, "slice | Callable[[Sequence[str]], Sequence[str | bool | None]]"]
WHOLE = slice(None)
WORD: tuple[Template, ...] = (
    ("w", WHOLE), ("s1", slice(-1, None)), ("s2", slice(-2, None)), ("p1", slice(None, 1)),
    ("p2", slice(None, 2)), ("len", _lengths(6)), ("shape", _shapes),
    ("chead", _company_heads), ("ohead", _org_heads), ("gov", _government),
)
# A morpheme's text seen from d tokens away (only the adjacent ones).
NEIGHBOUR_WORD: dict[int, tuple[Template, ...]] = {d: (((f"{d}:w", WHOLE),) if abs(d) == 1 else ())
                                                   for d in NEIGHBOURS}
def _known_fronts(keys: Sequence[str]) -> list[str | None]:
    """The class of the longest known form a word starts with, the word being longer ("가온"
    known as a company in "가온디스플레이")."""
    return _known_parts(keys, lambda k, n: k[:n])


def _known_backs(keys: Sequence[str]) -> list[str | None]:
    """The class of the longest known form a longer word ends with ("…경찰서", "…대학교")."""
    return _known_parts(keys, lambda k, n: k[-n:])


def _known_parts(keys: Sequence[str], part: Callable[[str, int], str]) -> list[str | None]:
    classes, longest = _part_classes(known_forms()), known_forms().longest
    out: list[str | None] = []
    for k in keys:
        c = None
        for n in range(min(len(k) - 1, longest), MIN_PART_CHARS - 1, -1):
            c = classes.get(part(k, n))
            if c is not None:
                break
        out.append(c)
    return out


MIN_PART_CHARS = 2


@lru_cache(maxsize=4)
def _part_classes(forms: KnownForms) -> dict[str, str]:
    """A known form's label, or "amb" when its sightings are split."""
    return {f: label or "amb" for f, label in forms.labels.items()}


def _char_kind(c: str) -> str:
    if "\uac00" <= c <= "\ud7a3":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    return "O"


def _mixes(keys: Sequence[str]) -> list[str | None]:
    """The kinds of letters a word is written in, in order and run-length collapsed (Hangul,
    Latin, digits, other): "LH" for "LG에너지솔루션", "DLH" for "3D메딕스"; None for pure
    Hangul, the common case (it says nothing)."""
    out: list[str | None] = []
    for k in keys:
        runs: list[str] = []
        for c in k:
            kind = _char_kind(c)
            if not runs or runs[-1] != kind:
                runs.append(kind)
        out.append(None if runs == ["H"] else "".join(runs[:4]))
    return out


UNIT_CORE: tuple[Template, ...] = (
    ("ucore", WHOLE), ("ucs3", slice(-3, None)), ("ucs2", slice(-2, None)), ("ucs1", slice(-1, None)),
    ("ucp2", slice(None, 2)), ("ucp1", slice(None, 1)), ("ulen", _lengths(8)),
    ("incore", lambda keys: ["1"] * len(keys)), ("ucxp", _known_fronts), ("ucxs", _known_backs),
    ("umix", _mixes), ("uchead", _company_heads), ("uohead", _org_heads),
)
UNIT_TAIL: tuple[Template, ...] = (("utail", WHOLE),)
UNIT_PREV: tuple[Template, ...] = (("uprev", WHOLE), ("uprevs1", slice(-1, None)))
UNIT_NEXT: tuple[Template, ...] = (("unext", WHOLE), ("unext1", slice(None, 1)))


def spell(templates: Sequence[Template], key: str) -> tuple[str, ...]:
    """The feature strings of ``key`` under ``templates``."""
    out = []
    for name, value in templates:
        v = key[value] if isinstance(value, slice) else value([key])[0]
        if v is True:
            out.append(name)
        elif v is not None and v is not False:
            out.append(f"{name}={v}")
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def word(text: str) -> tuple[str, ...]:
    """A morpheme's text: itself, affixes, length, shape, name heads."""
    return spell(WORD, text)


@lru_cache(maxsize=1 << 12)
def tag_features(tag: str) -> tuple[str, ...]:
    """A morpheme's Kiwi tag (the first of a compound tag, and the whole) and the bias every token has."""
    return ("bias", f"t={tag.split('+', 1)[0]}", f"tt={tag}")


def neighbour(d: int, text: str, tag: str) -> tuple[str, ...]:
    """A morpheme seen from ``d`` tokens away: its tag, and its text when adjacent."""
    return (*neighbour_tag(d, tag), *neighbour_word(d, text))


@lru_cache(maxsize=1 << 16)
def neighbour_word(d: int, text: str) -> tuple[str, ...]:
    return spell(NEIGHBOUR_WORD[d], text)


@lru_cache(maxsize=1 << 12)
def neighbour_tag(d: int, tag: str) -> tuple[str, ...]:
    return (f"{d}:t={tag.split('+', 1)[0]}",)


@lru_cache(maxsize=1 << 16)
def edge(d: int) -> tuple[str, ...]:
    return (f"{d}:edge",)


@lru_cache(maxsize=1 << 16)
def rule(tag: str) -> tuple[str, ...]:
    """The rules' verdict on this token (B-/I- plus layer and kind, or O)."""
    return (f"r={tag}",)


@lru_cache(maxsize=1 << 16)
def neighbour_rule(d: int, tag: str) -> tuple[str, ...]:
    return (f"{d}:r={tag[:1]}",)


@lru_cache(maxsize=1 << 12)
def lexical(tag: str) -> tuple[str, ...]:
    """What the lexicon of known forms says of this token (``lexicon_tags``): B-/I- and the
    form's class, and the class alone."""
    return () if tag == "O" else (f"x={tag}", f"xc={tag[2:]}")


@lru_cache(maxsize=1 << 12)
def neighbour_lexical(d: int, tag: str) -> tuple[str, ...]:
    """The lexicon's class of an adjacent token ("a title follows", "a place precedes")."""
    return (f"{d}:xc={tag[2:]}",) if abs(d) == 1 and tag != "O" else ()


@lru_cache(maxsize=1 << 16)
def tag_pair(d: int, other: str, this: str) -> tuple[str, ...]:
    """The first Kiwi tags of an adjacent morpheme and of this one."""
    return (f"{d}:t|t={other.split('+', 1)[0]}|{this.split('+', 1)[0]}",)


@lru_cache(maxsize=1 << 16)
def spacing(space_after: bool, space_before: bool) -> tuple[str, ...]:
    return (f"sp={'1' if space_after else '0'}", f"spb={'1' if space_before else '0'}")


@lru_cache(maxsize=1 << 16)
def unit_place(pos: str) -> tuple[str, ...]:
    """S(ingle), B(egin), I(nside) or L(ast) morpheme of its word unit."""
    return (f"upos={pos}",)


@lru_cache(maxsize=1 << 16)
def unit_tail(tail: str) -> tuple[str, ...]:
    """The particles and endings closing the unit ("-" when none)."""
    return spell(UNIT_TAIL, tail)


@lru_cache(maxsize=1 << 16)
def unit_prev(core: str) -> tuple[str, ...]:
    """The core of the unit before (START at the beginning)."""
    return spell(UNIT_PREV, core)


@lru_cache(maxsize=1 << 16)
def unit_next(core: str) -> tuple[str, ...]:
    """The core of the unit after (END at the end)."""
    return spell(UNIT_NEXT, core)


@lru_cache(maxsize=1 << 16)
def unit_core(core: str) -> tuple[str, ...]:
    """For morphemes inside the unit's core (the unit without its particles): the core itself."""
    return spell(UNIT_CORE, core)


@lru_cache(maxsize=64)
def core_place(pos: str, size: int) -> tuple[str, ...]:
    """A core morpheme's place in the core (S/B/I/L) and how many morphemes the core has (4 = 4+)."""
    return (f"cpos={pos}", f"untok={min(size, 4)}")


OUTSIDE_CORE = ("incore=0",)


# --- per document ---------------------------------------------------------------------------

# The CRF's name classes and the mention kind each stands for; every other class it may be
# trained with (people, places ...) is a negative: a name, but not one kdeal reports.
ORG_LABELS = {"CO": "company", "OG": "organization"}


def lexicon_tags(a: TokenArrays, text: str, forms: KnownForms | None, bounds: Boundaries | None = None
                 ) -> list[str]:
    """Per token: B-/I- and the lexicon class (``KnownForms.classes``) of the longest known form
    that starts and ends on token boundaries over it, or 'O'."""
    tags = ["O"] * len(a.texts)
    if forms is None or not tags:
        return tags
    if bounds is None:
        starts = dict(zip(a.idx, range(len(a.idx))))
        ends = {i + len(t): k for k, (i, t) in enumerate(zip(a.idx, a.texts))}
    else:
        starts, ends = bounds.starts, bounds.ends
    found = forms.find(text, starts, ends)
    if not found:
        return tags
    taken = [False] * len(tags)
    for s, e, cls in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        first, last = starts[s], ends[e]
        if any(taken[first:last + 1]):
            continue
        for i in range(first, last + 1):
            taken[i] = True
            tags[i] = f"{'B' if i == first else 'I'}-{cls}"
    return tags


def rule_tags(doc: Doc, mentions: Sequence[Mention], arr: TokenArrays | None = None) -> list[str]:
    """Per token: B-/I- plus the layer and kind of the rule mention covering it, or 'O'."""
    a = arr or arrays(doc)
    tags = ["O"] * len(a.texts)
    for m in mentions:
        layer = m.source.split(":", 1)[0]
        for k, i in enumerate(_covered(a, m.start, m.end)):
            tags[i] = f"{'B' if k == 0 else 'I'}-{layer}-{m.kind}"
    return tags


def _covered(a: TokenArrays, s: int, e: int) -> list[int]:
    """Indices of the tokens overlapping chars s..e (whitespace tokens excluded)."""
    texts, starts = a.texts, a.idx
    i = max(0, bisect_right(starts, s) - 1)
    out = []
    while i < len(texts) and starts[i] < e:
        if starts[i] + len(texts[i]) > s and not texts[i].isspace():
            out.append(i)
        i += 1
    return out


def unit_parts(units: Units) -> list[tuple[int, int, int, str, str, str, str]]:
    """Per word unit: token start, core end, end, and the keys of its groups (tail, previous
    core, next core, core). Tokens outside every unit (punctuation) get no unit features."""
    a = units.arr
    texts = a.texts
    spans = units.spans
    cores = [units.core(u)[1] for u in range(len(spans))]
    core_texts = ["".join(texts[s:ce]) for (s, _), ce in zip(spans, cores)]
    last = len(spans) - 1
    return [(s, ce, e, "".join(texts[ce:e]) or "-", core_texts[u - 1] if u > 0 else START,
             core_texts[u + 1] if u < last else END, core_texts[u])
            for u, ((s, e), ce) in enumerate(zip(spans, cores))]


def place(i: int, s: int, e: int) -> str:
    return "S" if e - s == 1 else ("B" if i == s else ("L" if i == e - 1 else "I"))


def token_features(doc: Doc, mentions: Sequence[Mention], units: Units | None = None,
                   forms: KnownForms | None = None) -> list[list[str]]:
    """The feature strings of every token (what the CRF is trained on); ``forms``: the
    lexicon of known forms, if the model uses one."""
    units = units or Units(doc)
    a = units.arr
    rules = rule_tags(doc, mentions, a)
    lex = lexicon_tags(a, doc_text(doc), forms)
    texts, tags, ws = a.texts, a.tags, a.ws
    n = len(texts)
    out: list[list[str]] = []
    for i in range(n):
        f = [*morpheme(texts[i], tags[i]), *rule(rules[i]), *lexical(lex[i]),
             *spacing(ws[i], bool(i and ws[i - 1]))]
        for d in NEIGHBOURS:
            j = i + d
            if 0 <= j < n:
                f += neighbour(d, texts[j], tags[j])
                f += neighbour_rule(d, rules[j])
                f += neighbour_lexical(d, lex[j])
                if abs(d) == 1:
                    f += tag_pair(d, tags[j], tags[i])
            else:
                f += edge(d)
        out.append(f)
    for s, ce, e, tail, prev, nxt, core in unit_parts(units):
        shared = (*unit_tail(tail), *unit_prev(prev), *unit_next(nxt))
        for i in range(s, e):
            out[i] += unit_place(place(i, s, e))
            out[i] += shared
            if i < ce:
                out[i] += unit_core(core)
                out[i] += core_place(place(i, s, ce), ce - s)
            else:
                out[i] += OUTSIDE_CORE
    return out


def bio_labels(doc: Doc, spans: Sequence[tuple[int, int] | tuple[int, int, str]]) -> list[str]:
    """Gold char spans, each (start, end) or (start, end, class), to token BIO labels (a
    token overlapping a span belongs to it; the class is "OG" when not given)."""
    labels = ["O"] * len(doc)
    a = arrays(doc)
    for span in sorted(spans):
        cls = span[2] if len(span) > 2 else "OG"  # type: ignore[misc]
        for k, i in enumerate(_covered(a, span[0], span[1])):
            labels[i] = f"{'B' if k == 0 else 'I'}-{cls}"
    return labels


def labelled_spans(doc: Doc, labels: Sequence[str], arr: TokenArrays | None = None) -> list[tuple[int, int, str]]:
    """Token BIO labels back to (start, end, class) char spans: a B, or an I that does not
    continue a span of its class, opens one."""
    spans: list[tuple[int, int, str]] = []
    start = end = cls = None
    a = arr or arrays(doc)
    for i, lab in enumerate(labels):
        if lab.startswith("I-") and start is not None and lab[2:] == cls:
            end = a.idx[i] + len(a.texts[i])
            continue
        if start is not None:
            spans.append((start, end, cls))  # type: ignore[arg-type]
            start = None
        if lab != "O":
            start, end, cls = a.idx[i], a.idx[i] + len(a.texts[i]), lab[2:]
    if start is not None:
        spans.append((start, end, cls))  # type: ignore[arg-type]
    return spans


def spans_from_labels(doc: Doc, labels: Sequence[str], arr: TokenArrays | None = None) -> list[tuple[int, int]]:
    """Token BIO labels back to the char spans of names (the ``ORG_LABELS`` classes)."""
    return [(s, e) for s, e, c in labelled_spans(doc, labels, arr) if c in ORG_LABELS]
