"""The annotations components write onto a spaCy ``Doc``.

``doc._.article``    the ``Article`` the Doc was made from (set by the runner)
``doc._.mentions``   tuple of ``Mention`` (companies, organisations, products ...)
``doc._.quantities`` tuple of ``Quantity``
``doc._.deals``      tuple of ``Deal``

Values are immutable tuples of frozen records: a component replaces them, it
never edits what an earlier component wrote.
"""
from __future__ import annotations

from spacy.tokens import Doc

for _name in ("article", "mentions", "quantities", "deals"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_id(doc: Doc) -> str:
    article = doc._.article
    return article.doc_id if article is not None else ""
