"""The extract stage runs components over batches: same records as one by one, and a
document that breaks a batch fails alone."""
from __future__ import annotations

import pytest
from kdeal.pipeline.extract import extract
from kdeal.pipeline.nlp import build_nlp
from kdeal.pipeline.options import ExtractOptions
from spacy.language import Language

from kdeal.errors import DocError, ErrorCode
from kdeal.records import Article, DocResult

MARKER = "<<BREAK>>"
TEXTS = ["가온전자는 누리바이오와 공동 개발 협약을 맺었다.", "다솜협회 관계자는 별하테크 등 12개 회원사가 참여했다고 밝혔다.",
         "시민들은 어제 공원에 모였다.", "", "가람물산(주)와 두리화학이 합작법인을 세웠다."]


class BreaksOnMarker:
    """Marks every Doc it sees; raises on a Doc holding the marker, in ``pipe`` for the whole batch."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def __call__(self, doc):
        if MARKER in doc.text:
            raise ValueError("marker met")
        doc.user_data["seen_by_breaker"] = True
        return doc

    def pipe(self, docs, batch_size: int = 64):
        docs = list(docs)
        self.batches.append(len(docs))
        if any(MARKER in d.text for d in docs):
            raise ValueError("marker met in a batch")
        return [self(d) for d in docs]


@Language.factory("test_breaks_on_marker")
def _make_breaker(nlp, name):
    return BreaksOnMarker()


@Language.component("test_breaks_on_marker_no_pipe")
def _break_one(doc):
    if MARKER in doc.text:
        raise ValueError("marker met")
    return doc


def _records(results):
    return [(r.article.doc_id, r.mentions, r.quantities, r.deals) if isinstance(r, DocResult)
            else (r.doc_id, r.code) for r in results]


@pytest.mark.parametrize("model", ["none", "bundled"])
def test_batched_components_give_the_records_of_one_document_at_a_time(model):
    nlp = build_nlp(ExtractOptions(company_model=model))
    items = [Article(doc_id=f"d{i}", text=t) for i, t in enumerate(TEXTS * 3)]
    batched = list(extract(nlp, items, batch_size=64))
    alone = list(extract(nlp, items, batch_size=1))
    assert _records(batched) == _records(alone)
    assert all(isinstance(r, DocResult) for r in batched)
    assert any(m.text == "누리바이오" for r in batched for m in r.mentions)


@pytest.mark.parametrize("component", ["test_breaks_on_marker", "test_breaks_on_marker_no_pipe"])
def test_a_document_that_breaks_a_batch_fails_alone(component):
    nlp = build_nlp(ExtractOptions(components=("kdeal_companies",)))
    nlp.add_pipe(component)
    items = [Article(doc_id=f"d{i}", text=t) for i, t in enumerate(TEXTS)]
    items[2] = Article(doc_id="bad", text=f"가온전자 {MARKER} 누리바이오", origin="bad.txt")
    results = list(extract(nlp, items, batch_size=64))
    assert [r.article.doc_id if isinstance(r, DocResult) else r.doc_id for r in results] == \
        [i.doc_id for i in items]
    bad = results[2]
    assert isinstance(bad, DocError) and bad.code == ErrorCode.EXTRACT and bad.origin == "bad.txt"
    assert "marker met" in bad.message
    assert all(isinstance(r, DocResult) for i, r in enumerate(results) if i != 2)
    assert any(m.text == "가온전자" for m in results[0].mentions)


def test_a_component_with_pipe_sees_the_whole_batch():
    nlp = build_nlp(ExtractOptions(components=()))
    nlp.add_pipe("test_breaks_on_marker")
    items = [Article(doc_id=f"d{i}", text=t) for i, t in enumerate(TEXTS * 4)]
    results = list(extract(nlp, items, batch_size=8))
    assert nlp.get_pipe("test_breaks_on_marker").batches == [8, 8, 4]
    assert all(isinstance(r, DocResult) for r in results)
