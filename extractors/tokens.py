"""Helpers for reading Kiwi tags and token boundaries off a spaCy Doc."""
from __future__ import annotations

import threading
from itertools import accumulate
from operator import add
from typing import Any, Callable

from spacy.attrs import IDX, ORTH, SPACY, TAG
from spacy.tokens import Doc, Token

from .doc_ext import KIWI_TOKENS, SOURCE_TEXT  # (importing doc_ext registers the Doc extensions read here)

NOMINAL_PREFIXES = ("NNP", "NNG", "NNB", "NR", "SL", "SH", "SN", "XSN", "XPN")


def doc_text(doc: Doc) -> str:
    """``doc.text`` without its cost: spaCy joins all tokens on every access, so the
    Kiwi tokenizer stores the text it was given, and other Docs build it once.

    The components ask about ten times per document, and each ``doc._`` read costs a
    few microseconds of spaCy's extension machinery: the stored text is read where
    spaCy keeps it (``doc_ext.SOURCE_TEXT``), one dict lookup; a Doc without one has
    its text memoised with the token views (``_memoised``)."""
    text = doc.user_data.get(SOURCE_TEXT)
    if text is not None:
        return text
    return _memoised("text", doc, _source_text)


def _source_text(doc: Doc) -> str:
    text = doc._.source_text
    if text is None:
        text = doc._.source_text = doc.text
    return text


class _FirstTags(dict):
    """A (joined, "VV+EP") tag → its first tag, kept for the process: a few hundred tags
    recur on every token of every document."""

    def __missing__(self, tag: str) -> str:
        got = self[tag] = tag.split("+", 1)[0]
        return got


_FIRST_TAG = _FirstTags()


class TokenArrays:
    """Plain lists of token texts, tags, offsets and trailing spaces, built once per Doc.

    Creating spaCy ``Token`` objects dominates the cost of the recognisers on
    short texts; reading these lists does not.
    """

    __slots__ = ("texts", "tags", "first_tags", "idx", "ws")

    def __init__(self, doc: Doc):
        built = doc.user_data.get(KIWI_TOKENS)
        if built is not None and len(built[0]) == len(doc) and (not len(doc) or built[0][-1] == doc[-1].text):
            self._from_tokenizer(*built)
            return
        strings = doc.vocab.strings
        if len(doc):
            orth, tag, idx, space = doc.to_array([ORTH, TAG, IDX, SPACY]).T.tolist()
        else:
            orth, tag, idx, space = [], [], [], []
        self.texts = list(map(strings.__getitem__, orth))
        names = {h: strings[h] if h else "" for h in set(tag)}  # a few dozen tags per Doc
        self.tags = list(map(names.__getitem__, tag))
        firsts = {h: name.split("+", 1)[0] for h, name in names.items()}
        self.first_tags = list(map(firsts.__getitem__, tag))
        self.idx = idx
        self.ws = list(map(bool, space))

    def _from_tokenizer(self, words: list[str], tags: list[str], spaces: list[bool]) -> None:
        """The lists the Kiwi tokenizer built the Doc from (``doc._.kiwi_tokens``)."""
        self.texts = words
        self.tags = tags
        self.first_tags = list(map(_FIRST_TAG.__getitem__, tags))
        self.idx = [0, *accumulate(map(add, map(len, words), spaces))][:len(words)]
        self.ws = spaces


# The arrays and boundaries of the Docs read last, per thread. The recogniser, the
# quantities and the deals components each need them for the same Doc; building them
# three times cost about 6% of a whole run. The extract stage runs each component over
# a batch of Docs (``pipeline.extract``, 64 by default), so the memo keeps the last
# ``MEMO_DOCS``. It holds each Doc itself and compares identity, so a new Doc at a
# recycled address never hits it. (Not in ``doc.user_data``: that is serialised with
# the Doc, and these are not serialisable.) Components never retokenize a Doc, so a
# cached view cannot go stale.
MEMO_DOCS = 128
_memo = threading.local()


def _memoised(kind: str, doc: Doc, build: Callable[[Doc], Any]) -> Any:
    store: dict[int, tuple[Doc, Any]] | None = getattr(_memo, kind, None)
    if store is None:
        store = {}
        setattr(_memo, kind, store)
    got = store.get(id(doc))
    if got is not None and got[0] is doc:
        return got[1]
    value = build(doc)
    store[id(doc)] = (doc, value)
    if len(store) > MEMO_DOCS:
        del store[next(iter(store))]
    return value


def arrays(doc: Doc) -> TokenArrays:
    """The Doc's ``TokenArrays``, built once while the Doc is among the last ``MEMO_DOCS`` read."""
    return _memoised("arrays", doc, TokenArrays)


def boundaries(doc: Doc) -> "Boundaries":
    """The Doc's ``Boundaries``, built once while the Doc is among the last ``MEMO_DOCS`` read."""
    return _memoised("bounds", doc, _boundaries)


def units_of(doc: Doc) -> "Units":
    """The Doc's ``Units``, built once while the Doc is among the last ``MEMO_DOCS`` read."""
    return _memoised("units", doc, _units)


def _boundaries(doc: Doc) -> "Boundaries":
    return Boundaries(doc, arrays(doc))


def _units(doc: Doc) -> "Units":
    return Units(doc, arrays(doc))


def first_tag(token: Token) -> str:
    return token.tag_.split("+", 1)[0]


def is_nominal(token: Token) -> bool:
    """A token that can be part of a name: nouns, foreign words, hanja, numbers."""
    return "+" not in token.tag_ and token.tag_.startswith(NOMINAL_PREFIXES)


class Boundaries:
    """Which character offsets start or end a token, and which token covers a char."""

    def __init__(self, doc: Doc, arr: "TokenArrays | None" = None):
        a = arr or TokenArrays(doc)
        self.starts: dict[int, int] = dict(zip(a.idx, range(len(a.idx))))
        self.ends: dict[int, int] = dict(zip(map(add, a.idx, map(len, a.texts)), range(len(a.idx))))

    def aligned(self, start: int, end: int) -> bool:
        return start in self.starts and end in self.ends

    def span_tokens(self, doc: Doc, start: int, end: int) -> list[Token]:
        return list(doc[self.starts[start]:self.ends[end] + 1])


# Tags that separate word units: punctuation, quotes, brackets, whitespace tokens, gaps.
_BREAK_TAGS = ("SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "_SP", "X")
_BREAKS = frozenset(_BREAK_TAGS)
# Trailing morphemes that are grammar, not part of a name: particles, endings, copula,
# verb/adjective-deriving suffixes ("협회다", "측은", "기업들이").
_FUNCTIONAL_PREFIXES = ("J", "E", "VCP", "VCN", "XSV", "XSA")


class Units:
    """Word units: runs of tokens with no space and no punctuation between them.

    Korean writes one eojeol (name + particles) without spaces, so a unit is
    the natural container of a name; ``core`` strips the grammar at its end.
    """

    def __init__(self, doc: Doc, arr: TokenArrays | None = None):
        self.doc = doc
        self.arr = a = arr or arrays(doc)
        spans: list[tuple[int, int]] = []  # token index ranges [start, end)
        breaks = _BREAKS
        tags = a.first_tags
        start = 0
        # Only the tokens that end a unit (a break, or a space after) are visited one by one.
        for i in [i for i, (tag, space) in enumerate(zip(tags, a.ws)) if space or tag in breaks]:
            if tags[i] in breaks:  # the break token itself belongs to no unit
                if start < i:
                    spans.append((start, i))
            else:
                spans.append((start, i + 1))
            start = i + 1
        if start < len(tags):
            spans.append((start, len(tags)))
        self.spans = spans
        self._of_token: dict[int, int] | None = None
        self._core_texts: list[str] | None = None
        # Every unit's core, computed once: the recognisers ask for them over and over.
        functional = _FUNCTIONAL_PREFIXES
        tags, texts = a.first_tags, a.texts
        cores = self._cores = []
        for s, end in spans:
            while end > s and (tags[end - 1].startswith(functional)
                               or (tags[end - 1] == "XSN" and texts[end - 1] == "들")):
                end -= 1
            cores.append((s, end))

    def __len__(self) -> int:
        return len(self.spans)

    def core(self, u: int) -> tuple[int, int]:
        """Token range of unit ``u`` without its trailing particles and endings (may be empty)."""
        return self._cores[u]

    def char_span(self, start_tok: int, end_tok: int) -> tuple[int, int]:
        a = self.arr
        return a.idx[start_tok], a.idx[end_tok - 1] + len(a.texts[end_tok - 1])

    def core_text(self, u: int) -> str:
        return self.core_texts[u]

    @property
    def of_token(self) -> dict[int, int]:
        """The unit of each token (punctuation and spaces are in none), built when first asked:
        most documents never ask."""
        got = self._of_token
        if got is None:
            got = self._of_token = {i: u for u, (s, e) in enumerate(self.spans) for i in range(s, e)}
        return got

    @property
    def core_spans(self) -> list[tuple[int, int]]:
        """Every unit's ``core`` token range."""
        return self._cores

    @property
    def core_texts(self) -> list[str]:
        """Every unit's core as text, joined once (the recognisers and the model ask for most)."""
        got = self._core_texts
        if got is None:
            texts = self.arr.texts
            got = self._core_texts = ["".join(texts[s:e]) for s, e in self._cores]
        return got

    def text(self, u: int) -> str:
        s, e = self.spans[u]
        a, b = self.char_span(s, e)
        return doc_text(self.doc)[a:b]

    def adjacent(self, u: int, v: int) -> bool:
        """True when unit ``v`` follows unit ``u`` with only one space between them."""
        if not (0 <= u < len(self.spans) and 0 <= v < len(self.spans)):
            return False
        end_u = self.spans[u][1]
        return self.spans[v][0] == end_u and self.arr.ws[end_u - 1]
