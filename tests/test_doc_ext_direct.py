"""The direct accessors of doc_ext (``read_mentions``/``write_mentions``, the ``PlainAttribute``s'
``get``/``set``) and ``doc._`` read and write the very same values: the components use the
former (no ``Underscore`` object per access), users the latter."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kdeal.extractors.doc_ext import ARTICLE, DEALS, QUANTITIES, read_mentions, write_mentions
from kdeal.records import Article, Mention, Quantity

TEXT = "누리솔텍 이 3곳 과 계약"  # a made-up company name (in no gold file)


@pytest.fixture()
def doc() -> Doc:
    return Doc(Vocab(), words=["누리솔텍", "이", "3곳", "과", "계약"], spaces=[True, True, True, True, False])


def test_mentions_written_directly_read_through_underscore(doc):
    m = Mention("d1", 0, 4, "누리솔텍", "누리솔텍", "company", "AB1234", "form")
    write_mentions(doc, (m,))
    assert doc._.mentions == read_mentions(doc)
    got = doc._.mentions[0]
    assert (got.start, got.end, got.kind, got.code, got.source) == (0, 4, "company", "AB1234", "form")
    assert [e.text for e in doc.ents] == ["누리솔텍"]


def test_mentions_written_through_underscore_read_directly(doc):
    assert read_mentions(doc) is None
    doc._.mentions = (Mention("d1", 0, 4, "누리솔텍", "누리솔텍", "company", None, "context:x"),)
    assert [m.text for m in read_mentions(doc)] == ["누리솔텍"]
    write_mentions(doc, None)
    assert doc._.mentions is None and not doc.ents


def test_plain_attributes_agree_both_ways(doc):
    article = Article(doc_id="d1", text=TEXT)
    ARTICLE.set(doc, article)
    assert doc._.article == article
    q = Quantity(7, 9, "3곳", 3.0, "곳", "count")
    doc._.quantities = (q,)
    assert QUANTITIES.get(doc) == (q,)
    DEALS.set(doc, ())
    assert doc._.deals == ()
