"""The learned layer: features, BIO round trips, training, loading, and honest evaluation."""
from __future__ import annotations

import json
import random

import numpy as np
import pytest
from kdeal.extractors.ner.features import bio_labels, labelled_spans, spans_from_labels, token_features
from kdeal.extractors.ner.compiled import CANDIDATE_TAGS, LabelScheme, Rows, spans_of
from kdeal.extractors.recognize_model import ModelLayer, cross_validated, model_sha1, rules_only
from kdeal.extractors.tokens import Units, arrays
from kdeal.pipeline.segment import blank_korean
from kdeal.pipeline.train_ner import train

from kdeal.records import Mention


@pytest.fixture(scope="module")
def nlp():
    from kdeal.pipeline.nlp import get_nlp
    from kdeal.pipeline.options import ExtractOptions

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


UNSEEN = ["가람방송은 어제 보도했고 누리청 관계자는 부인했다.", "별하청이 다솜방송에 자료를 냈다.",
          "시민들은 가람방송 앞 공원에 모였다.", "누리바이오는 별하청과 계약을 맺었다.", "다솜"]


def test_compiled_crf_tags_exactly_like_crfsuite(nlp, tiny_model):
    layer = ModelLayer(tiny_model, o_bias=0.0)
    for text in UNSEEN:
        doc = nlp(text)
        units = Units(doc)
        expected = layer.tagger.tag(token_features(doc, doc._.mentions, units))
        assert layer.crf.tag(doc, doc._.mentions, units, restrict=False) == expected, text


def test_particles_and_verbs_are_never_tagged(nlp, tiny_model):
    layer = ModelLayer(tiny_model, o_bias=50.0)  # a bias so large that every candidate is a name
    doc = nlp("가람방송은 어제 보도했다.")
    units = Units(doc)
    labels = layer.crf.tag(doc, doc._.mentions, units)
    for tag, label in zip(units.arr.first_tags, labels):
        assert (label != "O") == (tag in CANDIDATE_TAGS), (tag, label)


def test_o_bias_makes_the_model_tag_more(nlp, tiny_model):
    docs = [nlp(t) for t in UNSEEN]
    plain, biased = ModelLayer(tiny_model, o_bias=0.0), ModelLayer(tiny_model, o_bias=5.0)
    n_plain = sum(len(plain.spans(d, d._.mentions)) for d in docs)
    n_biased = sum(len(biased.spans(d, d._.mentions)) for d in docs)
    assert n_biased > n_plain


class _FixedSpans(ModelLayer):
    """The combination logic alone: the "model" tags the spans it is given."""

    def __init__(self, spans, mode, veto=False):
        self.mode, self._spans, self.veto = mode, spans, veto

    def tagged(self, doc, rule_mentions, units=None):
        return self._spans


def _m(start, end, text, kind, source, code=None):
    return Mention("d", start, end, text, text, kind, code, source)


# "가람전자 누리상사 별하협회 다솜폰 가온일보" (invented names), by character offsets.
COMBINE_TEXT = "가람전자 누리상사 별하협회 다솜폰 가온일보"
RULES = [_m(0, 2, "가람", "company", "gazetteer:krx", "000001"),      # the model tags 가람전자 instead
         _m(5, 9, "누리상사", "company", "gazetteer:krx", "000002"),  # the model tags the same span
         _m(10, 14, "별하협회", "organization", "form"),               # the model tags nothing here
         _m(15, 18, "다솜폰", "product", "context"),                   # the model calls it a name
         _m(19, 23, "가온일보", "organization", "gazetteer:mecab-ko-dic")]  # the model tags nothing
MODEL_SPANS = [(0, 4), (5, 9), (15, 18)]


def _combined(nlp, mode):
    doc = nlp.make_doc(COMBINE_TEXT)
    return {(m.start, m.end): m for m in _FixedSpans(MODEL_SPANS, mode)(doc, RULES, "d")}


def test_prefer_mode_lets_the_model_draw_organisation_spans(nlp):
    got = _combined(nlp, "prefer")
    assert got[(0, 4)].source == "model" and (0, 2) not in got
    assert got[(5, 9)].code == "000002"  # the same span: the rule mention (with its code) stays
    assert got[(10, 14)].source == "form"  # self-evident and untouched by the model
    assert got[(15, 18)].kind == "product"  # products stay products
    assert (19, 23) not in got  # a list match the model does not confirm


def test_vote_mode_keeps_rule_spans_and_drops_unconfirmed_list_matches(nlp):
    got = _combined(nlp, "vote")
    assert (0, 2) in got and (0, 4) not in got
    assert set(got) == {(0, 2), (5, 9), (10, 14), (15, 18)}


def test_refine_mode_redraws_list_matches_but_keeps_self_evident_names(nlp):
    rules = RULES + [_m(24, 28, "누리기획", "company", "form")]
    doc = nlp.make_doc(COMBINE_TEXT + " 누리기획사")
    got = {(m.start, m.end) for m in _FixedSpans(MODEL_SPANS + [(24, 29)], "refine")(doc, rules, "d")}
    assert got == {(0, 4), (5, 9), (10, 14), (15, 18), (24, 28)}


# Invented names: form names the model extends before them (a place), after them (a division,
# a person's title, a civil servant) and shrinks (a name without its head).
EXTEND_TEXT = "누리 가람경찰서 다솜지법 형사1부 별하협회 상임이사 가온 백화점 새솔시청 공무원"
EXTEND_RULES = [_m(3, 8, "가람경찰서", "organization", "form"), _m(9, 13, "다솜지법", "organization", "form"),
                _m(19, 23, "별하협회", "organization", "form"), _m(29, 35, "가온 백화점", "company", "form"),
                _m(36, 40, "새솔시청", "organization", "form")]
EXTEND_SPANS = [(0, 8), (9, 18), (19, 28), (29, 31), (36, 43)]


def test_extend_mode_lets_the_model_extend_self_evident_names_but_not_shrink_them(nlp):
    doc = nlp.make_doc(EXTEND_TEXT)
    got = {(m.start, m.end): m for m in _FixedSpans(EXTEND_SPANS, "extend")(doc, EXTEND_RULES, "d")}
    assert got[(0, 8)].source == "model"  # a place before the name belongs to it
    assert got[(9, 18)].text == "다솜지법 형사1부"  # a division ending in a head (…부) too
    assert got[(19, 23)].source == "form"  # a person's title after the name does not
    assert got[(29, 35)].source == "form"  # the model may not cut the head off
    assert got[(36, 40)].source == "form"  # nor add a civil servant (…원 also ends titles)
    assert set(got) == {(0, 8), (9, 18), (19, 23), (29, 35), (36, 40)}


def test_a_model_span_over_a_known_company_keeps_the_company_kind(nlp):
    """"미국 가람비전": the model draws the span and calls it an organisation, but the rules
    know the name inside it as a company (a form, a cue): the kind stays company."""
    text = "미국 가람비전"
    rules = [_m(3, 7, "가람비전", "company", "context:after-company-noun")]
    got = _FixedSpans([(0, 7, "OG")], "extend")(nlp.make_doc(text), rules, "d")
    assert [(m.text, m.kind) for m in got] == [(text, "company")]
    got = _FixedSpans([(0, 7, "OG")], "extend")(nlp.make_doc(text), [], "d")
    assert [(m.text, m.kind) for m in got] == [(text, "organization")]


def test_a_model_span_starts_after_a_company_noun_inside_it(nlp):
    """"일본 가전 유통사 가람카메라": the words up to the company noun describe the company, so the
    model's name starts after them, and an extension over them is refused."""
    from kdeal.extractors.recognize_model import after_cue_noun, extends

    text = "일본 가전 유통사 가람카메라와 계약했다."
    s, e = 0, text.index("와")
    assert text[after_cue_noun(text, s, e):e] == "가람카메라"
    assert after_cue_noun("누리 가람경찰서", 0, 8) == 0  # a place before a name stays
    m = _m(text.index("가람"), e, "가람카메라", "company", "context:after-company-noun")
    assert not extends(text, m, [(s, e)])
    got = _FixedSpans([(s, e, "CO")], "extend")(nlp.make_doc(text), [], "d")
    assert [m.text for m in got] == ["가람카메라"]


def test_a_model_span_before_a_company_noun_and_a_cued_name_describes_it(nlp):
    """"일본 전기차 스타트업 가람모터": the span before the company noun describes the name the
    rules found after it; the model's span there is dropped, a span elsewhere is kept."""
    text = "일본 전기차 스타트업 가람모터와 누리 전기차는 계약했다."
    name_at = text.index("가람모터")
    rules = [_m(name_at, name_at + 4, "가람모터", "company", "context:after-company-noun")]
    other = text.index("누리")
    spans = [(0, 6, "OG"), (other, other + 6, "OG")]
    got = _FixedSpans(spans, "extend")(nlp.make_doc(text), rules, "d")
    assert [m.text for m in got] == ["가람모터", "누리 전기차"]


def test_extend_mode_otherwise_combines_like_refine(nlp):
    assert set(_combined(nlp, "extend")) == set(_combined(nlp, "refine"))


def test_add_mode_keeps_every_rule_mention(nlp):
    assert set(_combined(nlp, "add")) == {(0, 2), (5, 9), (10, 14), (15, 18), (19, 23)}


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
    from kdeal.extractors.recognize_model import default_model_path

    path = default_model_path()
    if not path.is_file():
        pytest.skip("no bundled model (run make train-ner)")
    layer = ModelLayer(path)
    cv = cross_validated(layer)
    assert cv is not None and cv["folds"] >= 2
    assert 0.0 < cv["cross_validated"][cv["combined_in_pipeline"]]["f1"] <= 1.0
    assert layer.crf.o_bias == cv["decode"]["o_bias"]  # tagging uses the cross-validated bias


def test_documents_scored_together_get_the_labels_crfsuite_gives_each_alone(nlp, tiny_model):
    layer = ModelLayer(tiny_model, o_bias=0.0)
    docs = [nlp(t) for t in [*UNSEEN, "", "가람극단"]]
    batch = [(d, d._.mentions, Units(d)) for d in docs]
    labels, starts = layer.crf.label_batch(batch, restrict=False)
    for d, start in zip(docs, starts):
        expected = layer.tagger.tag(token_features(d, d._.mentions)) if len(d) else []
        assert [layer.crf.labels[y] for y in labels[start:start + len(d)].tolist()] == expected, d.text


def test_documents_scored_together_get_the_spans_they_get_alone(nlp, tiny_model):
    layer = ModelLayer(tiny_model, o_bias=2.0)
    docs = [nlp(t) for t in [*UNSEEN, "", "가람극단은 다솜극단과 공연했다."]]
    together = layer.tagged_batch([(d, d._.mentions, Units(d)) for d in docs])
    assert together == [layer.tagged(d, d._.mentions) for d in docs]
    assert any(together)


@pytest.mark.parametrize("labels", [("B-OG", "I-OG", "O"), ("B-CO", "I-CO", "B-OG", "I-OG", "B-PS", "I-PS", "O")])
def test_label_indices_give_the_spans_label_strings_give(nlp, labels):
    scheme = LabelScheme.of(labels)
    docs = [nlp.make_doc(t) for t in ("가람방송은 어제 보도했고 누리청 관계자는 부인했다.", "다솜극단 공연", "누리")]
    starts = [0, len(docs[0]), len(docs[0]) + len(docs[1])]
    rng = random.Random(7)
    for _ in range(300):
        drawn = [[rng.choice(labels) for _ in range(len(d))] for d in docs]
        as_indices = np.array([scheme.labels.index(x) for lab in drawn for x in lab])
        assert spans_of(as_indices, starts, [arrays(d) for d in docs], scheme) == \
            [labelled_spans(d, lab) for d, lab in zip(docs, drawn)], drawn


def test_summed_groups_start_again_past_their_limit():
    built = []

    def build(keys):
        built.extend(keys)
        return np.array([[float(len(k)), 0.0, 1.0] for k in keys])

    rows = Rows(3, build, limit=4)
    assert rows.gather(["a", "bb", "a"])[:, 0].tolist() == [1.0, 2.0, 1.0]
    assert rows.gather(["ccc", "dddd", "eeeee", "bb"])[:, 0].tolist() == [3.0, 4.0, 5.0, 2.0]
    assert built == ["a", "bb", "ccc", "dddd", "eeeee"]  # each key built once while it is kept
    assert rows.size == 5
    assert rows.gather(["ffffff", "a"])[:, 0].tolist() == [6.0, 1.0]  # past the limit: emptied, rebuilt
    assert rows.size == 2 and built[-2:] == ["ffffff", "a"]


@pytest.mark.parametrize("mode", ["vote", "refine", "extend"])
def test_public_bodies_from_the_institutions_list_stand_without_the_model(nlp, mode):
    doc = nlp.make_doc("누리처 발표")
    rules = [_m(0, 3, "누리처", "organization", "gazetteer:institutions")]
    assert [(m.start, m.end) for m in _FixedSpans([], mode)(doc, rules, "d")] == [(0, 3)]
    listed = [_m(0, 3, "누리처", "company", "gazetteer:krx", "000003")]
    assert _FixedSpans([], mode)(doc, listed, "d") == []  # a listed company name the model does not confirm


@pytest.fixture(scope="module")
def lexicon_model(nlp, tmp_path_factory):
    """A tiny model with the lexicon features and a negative class."""
    from kdeal.extractors.evidence import LEXICON_DEFAULTS, known_forms

    rows = []
    for text, spans in TRAIN:
        doc = nlp(text)
        labelled = [(s, e, "OG") for s, e in spans] + [(0, 2, "X")] * (not spans)
        rows.append({"x": token_features(doc, doc._.mentions, forms=known_forms()), "y": bio_labels(doc, labelled)})
    path = tmp_path_factory.mktemp("ner-lex") / "m.crfsuite"
    train(rows, path)
    (path.parent / "cv.json").write_text(json.dumps({"model_sha1": model_sha1(path), "lexicon": LEXICON_DEFAULTS,
                                                     "decode": {"o_bias": 0.0}}), encoding="utf-8")
    return path


def test_compiled_crf_with_lexicon_features_tags_exactly_like_crfsuite(nlp, lexicon_model):
    from kdeal.extractors.evidence import known_forms

    layer = ModelLayer(lexicon_model)
    assert layer.forms is known_forms() and "B-X" in layer.crf.labels
    for text in [*UNSEEN, "서울 가람극단과 누리청이 만났다."]:
        doc = nlp(text)
        units = Units(doc)
        expected = layer.tagger.tag(token_features(doc, doc._.mentions, units, known_forms()))
        assert layer.crf.tag(doc, doc._.mentions, units, restrict=False) == expected, text
