"""The kdeal_companies component: layers combined, output record rules, configuration."""
from __future__ import annotations

import pytest
from kdeal.extractors.companies import select
from kdeal.pipeline.nlp import get_nlp
from kdeal.pipeline.options import ExtractOptions
from kdeal.pipeline.segment import blank_korean

from kdeal.errors import KdealError
from kdeal.records import Mention


@pytest.fixture(scope="module")
def nlp():
    return get_nlp(ExtractOptions(components=("kdeal_companies",)))


TEXT = ("벤처기업 ‘가온테크’는 솔루션 ‘나래봄’을 출시했다. 누리바이오, 솔마루, 별하솔 등 10여 개 회원사와 "
        "협업했다. 한국가온산업협회는 가온테크와 누리 이앤엠을 지원한다. 솔마루의 매출도 늘었다.")


def test_mentions_are_sorted_non_overlapping_and_match_the_text(nlp):
    ms = nlp(TEXT)._.mentions
    assert ms and list(ms) == sorted(ms, key=lambda m: m.start)
    for a, b in zip(ms, ms[1:]):
        assert a.end <= b.start
    for m in ms:
        assert TEXT[m.start:m.end] == m.text
        assert m.kind in ("company", "organization", "product", "person", "place")
        assert m.source


def test_every_layer_contributes_on_a_mixed_text(nlp):
    sources = {m.source.split(":")[0] for m in nlp(TEXT)._.mentions}
    assert {"form", "context", "propagated"} <= sources


def test_products_are_never_companies(nlp):
    assert all(not (m.text == "나래봄" and m.kind == "company") for m in nlp(TEXT)._.mentions)


def test_select_prefers_the_longer_span_then_the_stronger_layer():
    a = Mention("d", 0, 2, "가람", "가람", "company", source="context:x")
    b = Mention("d", 0, 6, "가람 백화점", "가람백화점", "company", source="form")
    c = Mention("d", 8, 10, "솔빛", "솔빛", "company", source="context:x")
    d = Mention("d", 8, 10, "솔빛", "솔빛", "company", source="gazetteer:krx")
    assert select([a, b, c, d]) == [b, d]


def test_empty_and_whitespace_documents_give_no_mentions(nlp):
    assert nlp("")._.mentions == ()
    assert nlp("   \n ")._.mentions == ()


def test_missing_model_file_is_a_clear_error():
    nlp = blank_korean()
    with pytest.raises(KdealError, match="company model not found"):
        nlp.add_pipe("kdeal_companies", config={"model": "/nonexistent/model.crfsuite", "register_names": False})


def test_default_configuration_combines_the_rules_with_the_bundled_model():
    rec = blank_korean().add_pipe("kdeal_companies", config={"register_names": False})
    assert rec.model is not None and rec.model.mode == "extend"


def test_the_model_can_be_switched_off():
    rec = blank_korean().add_pipe("kdeal_companies", config={"model": "none", "register_names": False})
    assert rec.model is None
