"""spaCy used as spaCy: mentions are spans and entities, deals plain values on ``doc._``, the
pipeline saves and loads (in a fresh process too), DocBin carries the annotations, displacy
shows the companies, and the run loop is ``nlp.pipe`` with an error handler."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings

import kdeal
import pytest
import spacy
from kdeal.extractors.mention_spans import GROUP
from kdeal.pipeline.extract import extract
from kdeal.pipeline.nlp import build_nlp
from kdeal.pipeline.options import ExtractOptions
from spacy import displacy
from spacy.language import Language
from spacy.tokens import DocBin, Span
from spacy.util import raise_error

from kdeal.errors import DocError, ErrorCode
from kdeal.records import Article, DocResult, Mention

TEXTS = [
    "가온전자는 누리바이오와 배터리 소재 공동 개발 협약을 맺었다고 밝혔다.",
    "(주)마바물산은 10여 개 회원사와 함께 판로 개척에 나섰다.",
    "사아건설이 자차그룹과 146건의 계약을 체결했다.",
    "카타식품, 파하유통, 가나전자가 협업하여 새 브랜드를 내놓았다.",
    "주식회사 하나기술은 23개 협력사와 상생협력 협약을 체결했다. 삼성전자도 참여했다.",
    "시민들은 어제 공원에 모였다.",
]


def annotations(doc) -> dict:
    """What a pipeline leaves on a Doc, as JSON (so a subprocess can print it)."""
    got = {
        "spans": [[s.start_char, s.end_char, s.label_, s.kb_id_, s.id_, s._.code] for s in doc.spans[GROUP]],
        "ents": [[e.start_char, e.end_char, e.label_, e.kb_id_, e.id_] for e in doc.ents],
        "mentions": [m.to_json() | {"source": m.source} for m in doc._.mentions],
        "quantities": [q.to_json() for q in doc._.quantities],
        "deals": [d.to_json() for d in doc._.deals],
    }
    return json.loads(json.dumps(got, ensure_ascii=False))


@pytest.fixture(scope="module")
def nlp():
    return kdeal.load()


@pytest.fixture(scope="module")
def saved(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("pipeline") / "kdeal-ko"
    nlp.to_disk(path)
    return path


def test_mentions_are_spans_and_entities(nlp):
    doc = nlp(TEXTS[0])
    spans = list(doc.spans[GROUP])
    assert [(s.text, s.label_) for s in spans] == [("가온전자", "company"), ("누리바이오", "company")]
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [(s.text, s.label_, s.kb_id_) for s in spans]
    assert [(m.start, m.end, m.kind, m.canonical, m.source) for m in doc._.mentions] == \
        [(s.start_char, s.end_char, s.label_, s.kb_id_, s.id_) for s in spans]
    assert doc._.deals[0].pairs() == [("가온전자", "누리바이오")]


def test_listed_company_keeps_its_code_on_the_span(nlp):
    doc = nlp(TEXTS[4])
    [samsung] = [s for s in doc.spans[GROUP] if s.text == "삼성전자"]
    assert samsung._.code == "005930" and samsung.kb_id_ == "삼성전자"
    assert next(m for m in doc._.mentions if m.text == "삼성전자").code == "005930"


def test_mentions_written_through_the_extension_are_read_back_equal(nlp):
    text = "가온테크놀로지와 누리가 만났다."
    doc = nlp.make_doc(text)
    doc._.article = Article("p", text)
    mentions = (Mention("p", 0, 7, "가온테크놀로지", "가온테크", "company", "123456", "gazetteer:user"),
                Mention("p", 2, 4, "테크", "테크", "product", None, "context"),  # overlaps the first
                Mention("p", 9, 10, "누", "누리", "organization", None, "model"))  # inside a token
    doc._.mentions = mentions
    assert doc._.mentions == mentions
    assert len(doc.spans[GROUP]) == 3
    assert [e.text for e in doc.ents] == ["가온테크놀로지", "누리"]  # no overlap; the covering tokens
    doc._.mentions = mentions[:1]  # a component replaces them: no value of the old spans stays
    assert doc._.mentions == mentions[:1] and [e.text for e in doc.ents] == ["가온테크놀로지"]
    assert doc.spans[GROUP][0]._.code == "123456" and doc.ents[0]._.code == "123456"
    doc._.mentions = mentions[1:]
    assert doc._.mentions == mentions[1:] and doc.spans[GROUP][0]._.code is None


def test_a_span_another_component_adds_is_a_mention(nlp):
    doc = nlp(TEXTS[5])
    assert doc._.mentions == () and doc.ents == ()
    doc.spans[GROUP].append(Span(doc, 0, 1, label="organization"))
    [m] = doc._.mentions
    assert (m.text, m.canonical, m.kind, m.code) == (doc[0].text, doc[0].text, "organization", None)


def test_docbin_round_trips_spans_entities_and_deals(nlp):
    docs = [nlp(t) for t in TEXTS]
    for i, doc in enumerate(docs):
        doc._.article = Article(f"d{i}", TEXTS[i], url=f"https://x.test/{i}")
    assert any(d._.deals for d in docs) and any(d._.quantities for d in docs)
    data = DocBin(store_user_data=True, docs=docs).to_bytes()
    back = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
    for doc, again in zip(docs, back):
        assert annotations(again) == annotations(doc)
        assert again._.deals == doc._.deals and again._.mentions == doc._.mentions
        assert again._.article == doc._.article and again._.quantities == doc._.quantities


def test_saved_pipeline_loads_with_the_same_annotations(nlp, saved):
    loaded = kdeal.load(path=saved)
    assert isinstance(loaded, Language) and loaded.pipe_names == nlp.pipe_names
    assert loaded.get_pipe("kdeal_companies").model_id == nlp.get_pipe("kdeal_companies").model_id
    assert [annotations(loaded(t)) for t in TEXTS] == [annotations(nlp(t)) for t in TEXTS]
    assert any(d for t in TEXTS for d in loaded(t)._.deals)
    loaded.to_disk(saved)  # saved again where it was loaded from: the model file is its own copy
    assert annotations(kdeal.load(path=saved)(TEXTS[0])) == annotations(nlp(TEXTS[0]))


def test_spacy_load_finds_the_components_in_a_fresh_process(nlp, saved):
    code = textwrap.dedent(f"""
        import json, sys, spacy
        assert "kdeal" not in sys.modules
        nlp = spacy.load({str(saved)!r})  # the entry points bring kdeal's tokenizer and components
        sys.path.insert(0, {str(saved.parent)!r})
        from test_helper_annotations import annotations
        print(json.dumps([annotations(nlp(t)) for t in {TEXTS!r}], ensure_ascii=False))
    """)
    helper = saved.parent / "test_helper_annotations.py"
    helper.write_text("import json\nfrom kdeal.extractors.mention_spans import GROUP\n\n"
                      + textwrap.dedent(_source(annotations)), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         cwd=saved.parent)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [annotations(nlp(t)) for t in TEXTS]


def _source(fn) -> str:
    import inspect

    return inspect.getsource(fn)


def test_saved_gazetteer_and_model_are_read_back_from_disk(tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("하늘바람\n", encoding="utf-8")
    text = "하늘바람이 어제 새 매장을 열었다."
    mine = build_nlp(ExtractOptions(company_files=(str(names),)))
    plain = build_nlp(ExtractOptions(company_model="none"))  # rules only: the CRF comes from disk
    assert plain.get_pipe("kdeal_companies").model is None
    assert "하늘바람" in {m.text for m in mine(text)._.mentions}
    assert "하늘바람" not in {m.text for m in plain(text)._.mentions}
    mine.get_pipe("kdeal_companies").to_disk(tmp_path / "companies")
    rec = plain.get_pipe("kdeal_companies")
    rec.from_disk(tmp_path / "companies")
    assert "하늘바람" in {m.text for m in plain(text)._.mentions}
    assert rec.model_id == mine.get_pipe("kdeal_companies").model_id
    assert rec.model is not None and rec.model.path.parent == tmp_path / "companies"
    assert annotations(plain(TEXTS[0])) == annotations(mine(TEXTS[0]))


def test_displacy_shows_the_companies_without_warning(nlp):
    doc = nlp(TEXTS[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # W006: no entities to visualize
        html = displacy.render(doc, style="ent", jupyter=False)
    assert "가온전자" in html and "누리바이오" in html and "company" in html


def test_components_declare_what_they_assign_and_require(nlp):
    meta = {name: nlp.get_pipe_meta(name) for name in nlp.pipe_names}
    assert {"doc.spans", "doc.ents", "doc._.mentions"} <= set(meta["kdeal_companies"].assigns)
    assert meta["kdeal_quantities"].assigns == ["doc._.quantities"]
    assert {"doc._.deals"} <= set(meta["kdeal_deals"].assigns)
    assert set(meta["kdeal_deals"].requires) == {"doc._.mentions", "doc._.quantities"}
    assert meta["kdeal_companies"].default_config["model"] == "bundled"
    assert all(m.default_config is not None for m in meta.values())
    assert not any(nlp.analyze_pipes(pretty=False)["problems"].values())
    assert all(hasattr(p, "to_disk") and hasattr(p, "from_disk") for _, p in nlp.pipeline)


@Language.component("test_fails_on_sea")
def _fails_on_sea(doc):
    if "바다" in doc.text:
        raise ValueError("sea met")
    return doc


def test_the_run_loop_uses_an_error_handler_and_restores_the_previous_one():
    nlp = build_nlp(ExtractOptions())
    nlp.add_pipe("test_fails_on_sea", after="kdeal_companies")
    called = []

    def mine(name, proc, docs, e):
        called.append(name)
        raise e

    nlp.set_error_handler(mine)
    items = [Article(f"d{i}", t) for i, t in enumerate(TEXTS)] + [Article("sea", "가온전자가 바다에 갔다.")]
    results = list(extract(nlp, items, batch_size=4))
    assert [r.doc_id if isinstance(r, DocError) else r.article.doc_id for r in results] == [a.doc_id for a in items]
    assert isinstance(results[-1], DocError) and results[-1].code == ErrorCode.EXTRACT
    assert "sea met" in results[-1].message
    assert all(isinstance(r, DocResult) for r in results[:-1])
    assert nlp.default_error_handler is mine and nlp.get_pipe("kdeal_companies").get_error_handler() is mine
    assert called == []
    nlp.set_error_handler(raise_error)


def test_the_recogniser_sends_a_failing_doc_to_the_error_handler(monkeypatch):
    nlp = build_nlp(ExtractOptions())
    rec = nlp.get_pipe("kdeal_companies")
    finish = rec.finish

    def fragile(doc, units, chosen):
        if "바다" in doc.text:
            raise ValueError("sea met")
        return finish(doc, units, chosen)

    monkeypatch.setattr(rec, "finish", fragile)
    failed = []
    rec.set_error_handler(lambda name, proc, docs, e: failed.extend((name, d.text, str(e)) for d in docs))
    docs = [nlp.make_doc(t) for t in (TEXTS[0], "가온전자가 바다에 갔다.", TEXTS[2])]
    out = list(rec.pipe(docs, batch_size=8))
    assert [d.text for d in out] == [TEXTS[0], TEXTS[2]]
    assert failed == [("kdeal_companies", "가온전자가 바다에 갔다.", "sea met")]
    assert out[0]._.mentions
