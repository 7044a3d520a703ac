"""The annotations components write onto a spaCy ``Doc``.

``doc._.article``    the ``Article`` the Doc was made from (set by the runner)
``doc._.mentions``   tuple of ``Mention`` (companies, organisations, products ...)
``doc._.quantities`` tuple of ``Quantity``
``doc._.deals``      tuple of ``Deal``

Set by the Kiwi tokenizer (``pipeline.segment``), read by the token views here:

``doc._.source_text`` the text the Doc was built from (``doc.text`` rebuilds it on every access)
``doc._.kiwi_tokens`` the (words, tags, spaces) lists the Doc was built from

Values are immutable tuples of frozen records: a component replaces them, it
never edits what an earlier component wrote.
"""
from __future__ import annotations

from spacy.tokens import Doc

for _name in ("article", "mentions", "quantities", "deals", "source_text", "kiwi_tokens"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_id(doc: Doc) -> str:
    article = doc._.article
    return article.doc_id if article is not None else ""
