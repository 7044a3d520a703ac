"""Token views shared by the extractors: built once per Doc, never handed to another Doc."""
from __future__ import annotations

from kdeal.extractors.tokens import arrays, boundaries, doc_text


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


def test_views_from_the_tokenizer_equal_views_read_from_spacy(tokenizer_nlp):
    from kdeal.extractors.tokens import TokenArrays

    for text in ["가온전자는 누리바이오와 협약을 맺었다.", "", "  ", "가\n\n나  다\t라", "“가람”, 누리. Nuri Soft 사"]:
        doc = tokenizer_nlp(text)
        assert doc._.kiwi_tokens is not None
        built = TokenArrays(doc)
        doc._.kiwi_tokens = None
        read = TokenArrays(doc)
        assert (built.texts, built.tags, built.first_tags, built.idx, built.ws) == \
            (read.texts, read.tags, read.first_tags, read.idx, read.ws), text


def test_views_of_a_retokenized_doc_are_read_from_spacy_not_from_the_tokenizer(tokenizer_nlp):
    from kdeal.extractors.tokens import TokenArrays

    doc = tokenizer_nlp("가온 전자는 누리바이오와 협약을 맺었다.")
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])  # the tokenizer's lists no longer describe this Doc
    a = TokenArrays(doc)
    assert a.texts == [t.text for t in doc]
    assert a.idx == [t.idx for t in doc]
    assert a.ws == [bool(t.whitespace_) for t in doc]
    assert a.texts[0] == "가온 전자"
