"""The annotations components write onto a spaCy ``Doc``.

``doc._.article``    the ``Article`` the Doc was made from (set by the runner)
``doc._.mentions``   tuple of ``Mention`` (companies, organisations, products ...): a view of
                     the spans in ``doc.spans["mentions"]`` (see ``mention_spans``)
``doc._.quantities`` tuple of ``Quantity``
``doc._.deals``      tuple of ``Deal``

Set by the Kiwi tokenizer (``pipeline.segment``), read by the token views here:

``doc._.source_text`` the text the Doc was built from (``doc.text`` rebuilds it on every access)
``doc._.kiwi_tokens`` the (words, tags, spaces) lists the Doc was built from

Values are immutable tuples of frozen records: a component replaces them, it
never edits what an earlier component wrote. The article, quantities and deals are
kept in ``doc.user_data`` as plain values (``plain``), where spaCy keeps the value of
any extension attribute, so ``DocBin(store_user_data=True)`` and ``Doc.to_bytes`` carry
them; reading one gives the records back.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

from spacy.tokens import Doc

from kdeal.records import Article, Deal, Quantity

from . import mention_spans
from .plain import from_plain, to_plain

# How many values each attribute remembers as records, per thread: a component reads the
# quantities once per sentence, and rebuilding records from plain values each time would cost.
MEMO_VALUES = 256


class PlainAttribute:
    """A Doc extension whose value is stored plain in ``doc.user_data`` and read as records.

    Reading gives the very object last written while it is remembered (``MEMO_VALUES``), and
    records equal to it after that (or after the Doc went through ``DocBin``).
    """

    def __init__(self, name: str, encode: Callable[[Any], Any], decode: Callable[[Any], Any]):
        self.key = ("._.", name, None, None)  # where spaCy keeps a plain extension's value
        self.encode = encode
        self.decode = decode
        self._local = threading.local()

    def _memo(self) -> dict[int, tuple[Any, Any]]:
        memo = getattr(self._local, "memo", None)
        if memo is None:
            memo = self._local.memo = {}
        return memo

    def _remember(self, plain: Any, value: Any) -> None:
        memo = self._memo()
        if len(memo) >= MEMO_VALUES:
            del memo[next(iter(memo))]
        memo[id(plain)] = (plain, value)  # holding ``plain`` keeps its id from being reused

    def get(self, doc: Doc) -> Any:
        plain = doc.user_data.get(self.key)
        if plain is None:
            return None
        hit = self._memo().get(id(plain))
        if hit is not None and hit[0] is plain:
            return hit[1]
        value = self.decode(plain)
        self._remember(plain, value)
        return value

    def set(self, doc: Doc, value: Any) -> None:
        if value is None:
            doc.user_data.pop(self.key, None)
            return
        plain = self.encode(value)
        doc.user_data[self.key] = plain
        self._remember(plain, value)


ARTICLE = PlainAttribute("article", to_plain, lambda p: from_plain(Article, p))
QUANTITIES = PlainAttribute("quantities", lambda v: [to_plain(r) for r in v],
                            lambda p: tuple(from_plain(Quantity, r) for r in p))
DEALS = PlainAttribute("deals", lambda v: [to_plain(r) for r in v], lambda p: tuple(from_plain(Deal, r) for r in p))

# Where spaCy keeps the value of ``doc._.source_text`` and ``doc._.kiwi_tokens`` (read directly:
# ``doc._`` costs microseconds a call, and the Doc's id and text are read for every mention).
SOURCE_TEXT = ("._.", "source_text", None, None)
KIWI_TOKENS = ("._.", "kiwi_tokens", None, None)


def doc_id(doc: Doc) -> str:
    article = ARTICLE.get(doc)
    return article.doc_id if article is not None else ""


def _mentions(doc: Doc) -> tuple | None:
    text = doc.user_data.get(SOURCE_TEXT)
    if text is None:
        text = doc._.source_text
    return mention_spans.mentions_of(doc, doc_id(doc), doc.text if text is None else text)


def read_mentions(doc: Doc) -> tuple | None:
    """``doc._.mentions`` without spaCy's ``Underscore`` object (one per ``doc._`` access, ≈1 µs
    each; the components and the runner read and write these a dozen times per document)."""
    return _mentions(doc)


def write_mentions(doc: Doc, mentions: Any) -> None:
    """``doc._.mentions = mentions``, as ``read_mentions`` reads: the same setter, called directly."""
    mention_spans.set_mentions(doc, mentions)


for _attr in (ARTICLE, QUANTITIES, DEALS):
    Doc.set_extension(_attr.key[1], getter=_attr.get, setter=_attr.set, force=True)
Doc.set_extension("mentions", getter=_mentions, setter=mention_spans.set_mentions, force=True)
for _name in ("source_text", "kiwi_tokens"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
