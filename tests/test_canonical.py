"""Canonical layer: one name per company."""
from __future__ import annotations

import pytest
from kdeal.extractors.canonical import CanonicalLayer, normalise, one_edit_apart
from kdeal.extractors.gazetteer import Entry, Gazetteer
from kdeal.pipeline.nlp import get_nlp
from kdeal.pipeline.options import ExtractOptions

from kdeal.records import Mention


def test_normalise_drops_legal_forms_quotes_and_spaces():
    assert normalise("(주) 누리 이앤엠") == "누리이앤엠"
    assert normalise("‘가온테크’") == "가온테크"
    assert normalise("주식회사 다솜푸드") == "다솜푸드"


def test_one_edit_apart_is_one_substitution():
    assert one_edit_apart("가온전자", "가운전자")
    assert not one_edit_apart("가온전자", "가온전자")
    assert not one_edit_apart("가온전자", "가온전자기")


def m(start, text, kind="company"):
    return Mention("d", start, start + len(text), text, text, kind)


def test_typo_maps_to_a_name_the_document_uses():
    layer = CanonicalLayer(Gazetteer([]))
    out = layer("", [m(0, "누리전자"), m(10, "누리전자"), m(20, "누라전자")])
    assert [x.canonical for x in out] == ["누리전자", "누리전자", "누리전자"]


def test_names_differing_in_their_head_are_not_typos():
    layer = CanonicalLayer(Gazetteer([]))
    out = layer("", [m(0, "누리전자"), m(10, "누리전기")])
    assert [x.canonical for x in out] == ["누리전자", "누리전기"]


def test_typo_of_a_listed_name_used_in_the_document_takes_its_code():
    layer = CanonicalLayer(Gazetteer([Entry("보람화학", "보람화학", code="123450", source="krx")]))
    out = layer("", [m(0, "보람화학"), m(10, "보란화학")])
    assert [(x.canonical, x.code) for x in out] == [("보람화학", "123450")] * 2


def test_small_company_one_syllable_from_a_listed_one_keeps_its_name():
    layer = CanonicalLayer(Gazetteer([Entry("보람화학", "보람화학", code="123450", source="krx")]))
    (out,) = layer("", [m(0, "보란화학")])
    assert (out.canonical, out.code) == ("보란화학", None)


def test_head_written_once_belongs_to_every_name_in_the_list():
    text = "가온, 다솜 백화점에 입점했다. 가온백화점은"
    layer = CanonicalLayer(Gazetteer([]))
    out = layer(text, [m(0, "가온"), Mention("d", 4, 10, "다솜 백화점", "다솜 백화점", "company"),
                       m(18, "가온백화점")])
    assert [x.canonical for x in out] == ["가온백화점", "다솜백화점", "가온백화점"]


@pytest.fixture(scope="module")
def nlp():
    return get_nlp(ExtractOptions(components=("kdeal_companies",)))


def test_spacing_variant_gets_the_joined_name(nlp):
    doc = nlp("회원사 누리 이앤엠이 협업했다. 누리이앤엠은 성장했다.")
    assert {m.canonical for m in doc._.mentions if m.kind == "company"} == {"누리이앤엠"}


def test_spaces_between_latin_words_are_kept_and_latin_legal_forms_dropped():
    from kdeal.extractors.canonical import normalise

    assert normalise("Gaon Tech, Inc.") == "Gaon Tech"
    assert normalise("NURI CO.,LTD.") == "NURI"
    assert normalise("Dasom Global Limited") == "Dasom Global"
    assert normalise("(주) 누리 이앤엠") == "누리이앤엠"
    assert normalise("가온 백화점") == "가온백화점"
    assert normalise("GN 누리소프트") == "GN누리소프트"
