"""The learned layer: features, BIO round trips, training, loading, and honest evaluation."""
from __future__ import annotations

import json

import pytest

from extractors.ner.features import bio_labels, spans_from_labels, token_features
from extractors.ner.train import train
from extractors.recognize_model import ModelLayer, cross_validated, model_sha1, rules_only
from pipeline.segment import blank_korean


@pytest.fixture(scope="module")
def nlp():
    from pipeline.nlp import get_nlp
    from pipeline.options import ExtractOptions

    return get_nlp(ExtractOptions(components=("kdeal_companies",)))


def test_bio_labels_and_spans_round_trip(nlp):
    text = "가람방송은 보도했고 누리청 관계자는 부인했다."
    doc = nlp.make_doc(text)
    spans = [(0, 4), (11, 14)]
    assert spans_from_labels(doc, bio_labels(doc, spans)) == spans


def test_features_see_the_rules_verdict(nlp):
    doc = nlp("한국가온산업협회는 세미나를 열었다.")
    feats = token_features(doc, doc._.mentions)
    assert len(feats) == len(doc)
    assert any(f.startswith("r=B-form-organization") for f in feats[0])


# Invented sentences: theatre troupes "…극단" (a head the rules do not know) and agencies "…청"
# as organisations.
TRAIN = [("가람극단은 어제 공연했다.", [(0, 4)]), ("누리청은 단속을 발표했다.", [(0, 3)]),
         ("다솜극단이 새 연극을 올렸다.", [(0, 4)]), ("별하청 관계자가 밝혔다.", [(0, 3)]),
         ("시민들은 어제 공원에 모였다.", [])] * 4


@pytest.fixture(scope="module")
def tiny_model(nlp, tmp_path_factory):
    rows = []
    for text, spans in TRAIN:
        doc = nlp(text)
        rows.append({"x": token_features(doc, doc._.mentions), "y": bio_labels(doc, spans)})
    path = tmp_path_factory.mktemp("ner") / "m.crfsuite"
    train(rows, path)
    return path


def test_a_trained_model_tags_the_names_it_learned(nlp, tiny_model):
    layer = ModelLayer(tiny_model)
    doc = nlp("가람극단은 어제 공연했다.")
    assert (0, 4) in layer.spans(doc, doc._.mentions)


def test_model_path_in_config_is_loaded(tiny_model):
    rec = blank_korean().add_pipe("kdeal_companies", config={"model": str(tiny_model), "register_names": False})
    assert rec.model is not None and rec.model.path == tiny_model


def test_model_adds_names_the_rules_missed_without_overriding_them(nlp, tiny_model):
    rec = nlp.get_pipe("kdeal_companies")
    saved = rec.model
    rec.model = ModelLayer(tiny_model)
    try:
        ms = nlp("가람극단은 어제 공연했고 누리바이오는 반박했다.")._.mentions
    finally:
        rec.model = saved
    got = {(m.text, m.kind, m.source) for m in ms}
    assert ("가람극단", "organization", "model") in got
    assert ("누리바이오", "company", "form") in got


def test_rules_only_switches_the_model_off_and_back_on(nlp, tiny_model):
    rec = nlp.get_pipe("kdeal_companies")
    saved = rec.model
    rec.model = ModelLayer(tiny_model)
    try:
        with rules_only(nlp) as model:
            assert rec.model is None and model is not None
        assert rec.model is model
    finally:
        rec.model = saved


def test_cross_validated_figure_belongs_to_its_model_file(tiny_model):
    cv_path = tiny_model.parent / "cv.json"
    cv_path.write_text(json.dumps({"model_sha1": model_sha1(tiny_model), "folds": 5}), encoding="utf-8")
    assert cross_validated(ModelLayer(tiny_model))["folds"] == 5
    cv_path.write_text(json.dumps({"model_sha1": "0" * 40, "folds": 5}), encoding="utf-8")
    assert cross_validated(ModelLayer(tiny_model)) is None


def test_bundled_model_has_its_cross_validation():
    from extractors.recognize_model import default_model_path

    path = default_model_path()
    if not path.is_file():
        pytest.skip("no bundled model (run make train-ner)")
    cv = cross_validated(ModelLayer(path))
    assert cv is not None and cv["folds"] >= 2
    assert 0.0 < cv["cross_validated"][cv["combined_in_pipeline"]]["f1"] <= 1.0
