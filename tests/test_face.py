"""The library face: ``import kdeal`` gives the pipeline and the researchers' call."""
from __future__ import annotations

import kdeal


def test_load_returns_the_spacy_pipeline_built_once():
    nlp = kdeal.load()
    assert nlp is kdeal.load()
    assert "kdeal_deals" in nlp.pipe_names


def test_extract_takes_a_text_texts_and_id_text_pairs():
    text = "가온전자는 누리바이오와 업무협약을 맺었다."
    one = kdeal.extract(text)
    many = kdeal.extract([text, "아무 거래도 없는 문장이다."])
    pairs = kdeal.extract([("a1", text)])
    assert [r.article.doc_id for r in many] == ["0", "1"] and pairs[0].article.doc_id == "a1"
    for results in (one, many[:1], pairs):
        assert [d.pairs() for d in results[0].deals] == [[("가온전자", "누리바이오")]]
    assert many[1].deals == ()


def test_extract_takes_a_dataframe():
    import pandas as pd

    frame = pd.DataFrame({"id": ["x"], "body": ["가온전자는 누리바이오와 업무협약을 맺었다."]})
    [result] = kdeal.extract(frame, text_column="body", id_column="id")
    assert result.article.doc_id == "x" and result.deals[0].pairs() == [("가온전자", "누리바이오")]
