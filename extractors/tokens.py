"""Helpers for reading Kiwi tags and token boundaries off a spaCy Doc."""
from __future__ import annotations

import threading

from spacy.attrs import IDX, ORTH, SPACY, TAG
from spacy.tokens import Doc, Token

from pipeline.segment import TEXT_KEY

NOMINAL_PREFIXES = ("NNP", "NNG", "NNB", "NR", "SL", "SH", "SN", "XSN", "XPN")


def doc_text(doc: Doc) -> str:
    """``doc.text`` without its cost: spaCy joins all tokens on every access, so the
    Kiwi tokenizer stores the text it was given, and other Docs build it once."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


class TokenArrays:
    """Plain lists of token texts, tags, offsets and trailing spaces, built once per Doc.

    Creating spaCy ``Token`` objects dominates the cost of the recognisers on
    short texts; reading these lists does not.
    """

    __slots__ = ("texts", "tags", "first_tags", "idx", "ws")

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        if len(doc):
            cols = doc.to_array([ORTH, TAG, IDX, SPACY]).tolist()
        else:
            cols = []
        self.texts = [strings[c[0]] for c in cols]
        self.tags = [strings[c[1]] if c[1] else "" for c in cols]
        self.first_tags = [tag.split("+", 1)[0] for tag in self.tags]
        self.idx = [c[2] for c in cols]
        self.ws = [bool(c[3]) for c in cols]


# The arrays and boundaries of the Doc read last, per thread. The recogniser, the
# quantities and the deals components each need them for the same Doc one after the
# other; building them three times cost about 6% of a whole run. The memo holds the
# Doc itself and compares identity, so a new Doc at a recycled address never hits it.
# (Not in ``doc.user_data``: that is serialised with the Doc, and these are not
# serialisable.) Components never retokenize a Doc, so a cached view cannot go stale.
_memo = threading.local()


def arrays(doc: Doc) -> TokenArrays:
    """The Doc's ``TokenArrays``, built once for consecutive calls on the same Doc."""
    got = getattr(_memo, "arrays", None)
    if got is not None and got[0] is doc:
        return got[1]
    a = TokenArrays(doc)
    _memo.arrays = (doc, a)
    return a


def boundaries(doc: Doc) -> "Boundaries":
    """The Doc's ``Boundaries``, built once for consecutive calls on the same Doc."""
    got = getattr(_memo, "bounds", None)
    if got is not None and got[0] is doc:
        return got[1]
    b = Boundaries(doc, arrays(doc))
    _memo.bounds = (doc, b)
    return b


def first_tag(token: Token) -> str:
    return token.tag_.split("+", 1)[0]


def last_tag(token: Token) -> str:
    return token.tag_.rsplit("+", 1)[-1]


def is_nominal(token: Token) -> bool:
    """A token that can be part of a name: nouns, foreign words, hanja, numbers."""
    return "+" not in token.tag_ and token.tag_.startswith(NOMINAL_PREFIXES)


def is_particle(token: Token) -> bool:
    return first_tag(token).startswith("J")


class Boundaries:
    """Which character offsets start or end a token, and which token covers a char."""

    def __init__(self, doc: Doc, arr: "TokenArrays | None" = None):
        a = arr or TokenArrays(doc)
        self.starts: dict[int, int] = {}
        self.ends: dict[int, int] = {}
        for i, (start, text) in enumerate(zip(a.idx, a.texts)):
            self.starts[start] = i
            self.ends[start + len(text)] = i

    def aligned(self, start: int, end: int) -> bool:
        return start in self.starts and end in self.ends

    def span_tokens(self, doc: Doc, start: int, end: int) -> list[Token]:
        return list(doc[self.starts[start]:self.ends[end] + 1])


# Tags that separate word units: punctuation, quotes, brackets, whitespace tokens, gaps.
_BREAK_TAGS = ("SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "_SP", "X")
# Trailing morphemes that are grammar, not part of a name: particles, endings, copula,
# verb/adjective-deriving suffixes ("협회다", "측은", "기업들이").
_FUNCTIONAL_PREFIXES = ("J", "E", "VCP", "VCN", "XSV", "XSA")


def is_break(token: Token) -> bool:
    """Punctuation, quotes, brackets and whitespace: a name never crosses them."""
    return first_tag(token) in _BREAK_TAGS


def is_functional_tail(token: Token) -> bool:
    """A morpheme that follows a name without being part of it (이/가, 은/는, 들, 다 ...)."""
    tag = first_tag(token)
    if tag.startswith(_FUNCTIONAL_PREFIXES):
        return True
    return tag == "XSN" and token.text == "들"


class Units:
    """Word units: runs of tokens with no space and no punctuation between them.

    Korean writes one eojeol (name + particles) without spaces, so a unit is
    the natural container of a name; ``core`` strips the grammar at its end.
    """

    def __init__(self, doc: Doc, arr: TokenArrays | None = None):
        self.doc = doc
        self.arr = a = arr or arrays(doc)
        self.spans: list[tuple[int, int]] = []  # token index ranges [start, end)
        self.of_token: dict[int, int] = {}
        self._cores: list[tuple[int, int]] = []
        start = None
        for i, tag in enumerate(a.first_tags):
            if tag in _BREAK_TAGS:
                if start is not None:
                    self._add(start, i)
                    start = None
                continue
            if start is None:
                start = i
            if a.ws[i]:
                self._add(start, i + 1)
                start = None
        if start is not None:
            self._add(start, len(a.texts))
        # Every unit's core, computed once: the recognisers ask for them over and over.
        functional = _FUNCTIONAL_PREFIXES
        tags, texts = a.first_tags, a.texts
        cores = self._cores
        for s, end in self.spans:
            while end > s and (tags[end - 1].startswith(functional)
                               or (tags[end - 1] == "XSN" and texts[end - 1] == "들")):
                end -= 1
            cores.append((s, end))

    def _add(self, start: int, end: int) -> None:
        u = len(self.spans)
        self.spans.append((start, end))
        for i in range(start, end):
            self.of_token[i] = u

    def __len__(self) -> int:
        return len(self.spans)

    def core(self, u: int) -> tuple[int, int]:
        """Token range of unit ``u`` without its trailing particles and endings (may be empty)."""
        return self._cores[u]

    def char_span(self, start_tok: int, end_tok: int) -> tuple[int, int]:
        a = self.arr
        return a.idx[start_tok], a.idx[end_tok - 1] + len(a.texts[end_tok - 1])

    def core_text(self, u: int) -> str:
        s, e = self.core(u)
        return "".join(self.arr.texts[s:e])

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
