"""Token views shared by the extractors: built once per Doc, never handed to another Doc."""
from __future__ import annotations

from extractors.tokens import arrays, boundaries, doc_text


def test_views_of_one_doc_are_built_once(tokenizer_nlp):
    doc = tokenizer_nlp("가온전자는 누리바이오와 협약을 맺었다.")
    assert arrays(doc) is arrays(doc)
    assert boundaries(doc) is boundaries(doc)
    assert boundaries(doc).aligned(0, 4)


def test_a_new_doc_never_gets_the_views_of_the_last_one(tokenizer_nlp):
    first = tokenizer_nlp("가온전자는 협약을 맺었다.")
    a = arrays(first)
    second = tokenizer_nlp("누리바이오가 공장을 지었다.")
    assert arrays(second) is not a
    assert "".join(arrays(second).texts) == doc_text(second).replace(" ", "")
    assert arrays(first).texts == a.texts  # back to the first Doc: rebuilt, same content
