"""The library face: ``import kdeal`` gives the pipeline and the researchers' call."""
from __future__ import annotations

import kdeal
import pytest

from kdeal.errors import KdealError


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


def test_results_gather_deals_and_mentions_of_every_text_with_provenance():
    results = kdeal.extract(["가온전자는 누리바이오와 업무협약을 맺었다.", "하람전자는 15개 협력사와 상생협약을 맺었다."])
    assert len(results.deals) == 2 and [d.doc_id for d in results.deals] == ["0", "1"]
    assert {m.canonical for m in results.mentions} >= {"가온전자", "누리바이오", "하람전자"}
    assert results.pairs() == [("가온전자", "누리바이오")] and results.deals[1].group.count == 15
    line = results.deals[0].to_json()
    assert line["kdeal_version"] == kdeal.__version__ and line["model_id"].startswith("crf-")
    assert (line["run_id"], line["fetched_at"]) == (None, None)
    assert results.mentions[0].to_json()["model_id"] == line["model_id"]


def test_a_dataframe_row_without_text_is_skipped_with_its_reason():
    import pandas as pd

    frame = pd.DataFrame({"body": ["가온전자는 누리바이오와 업무협약을 맺었다.", None]})
    results = kdeal.extract(frame, text_column="body")
    assert len(results) == 1 and [e.code.value for e in results.errors] == ["E102-empty"]
    with pytest.raises(KdealError, match="no column 'text'"):
        kdeal.extract(frame)


def test_to_frames_has_the_columns_of_the_tracker_frames(tmp_path):
    from kdeal.pipeline.api import drive
    from kdeal.pipeline.db import DbSink
    from kdeal.pipeline.frames import load_frames
    from kdeal.pipeline.options import ExtractOptions
    from kdeal.pipeline.provenance import RunInfo

    results = kdeal.extract([("n1", "가온전자는 누리바이오와 업무협약을 맺었다."),
                             ("n2", "하람전자는 15개 협력사와 상생협약을 맺었다.")])
    mine = kdeal.to_frames(results)
    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    drive(iter(results), DbSink(url, info=RunInfo.of(ExtractOptions(), kdeal.load())))
    tracked = load_frames(url)
    for name in ("deals", "parties", "quantities", "evidence", "mentions"):
        a, b = getattr(mine, name), getattr(tracked, name)
        assert list(a.columns) == list(b.columns), name
    assert mine.deals["pairs"].tolist() == tracked.deals["pairs"].tolist()
    assert mine.deals.drop(columns=["first_published", "last_published"]).equals(
        tracked.deals.drop(columns=["first_published", "last_published"]))
    assert mine.evidence["model_id"].tolist() == tracked.evidence["model_id"].tolist()
