"""Gazetteer layer: known names, on token boundaries, not inside ordinary words."""
from __future__ import annotations

import pytest
from kdeal.pipeline.nlp import get_nlp
from kdeal.pipeline.options import ExtractOptions


@pytest.fixture(scope="module")
def nlp(companies_rules_nlp):
    """The rule layers alone: the model is tested in test_companies_model.py."""
    return companies_rules_nlp


def found(nlp, text):
    return {(m.text, m.canonical, m.kind, m.code) for m in nlp(text)._.mentions}


def test_listed_company_is_found_with_its_stock_code(nlp):
    got = found(nlp, "에코프로비엠이 새 공장을 지었다.")
    assert ("에코프로비엠", "에코프로비엠", "company", "247540") in got


def test_alias_maps_to_the_listed_name_and_code(nlp):
    got = found(nlp, "삼성바이오는 위탁생산을 늘렸다.")
    assert ("삼성바이오", "삼성바이오로직스", "company", "207940") in got


def test_listed_name_used_as_an_ordinary_word_is_not_a_company(nlp):
    # "대상" is a listed company and the ordinary noun "target".
    got = found(nlp, "회원사들을 대상으로 설명회를 열었다.")
    assert not any(t == "대상" for t, *_ in got)


def test_front_of_a_longer_compound_is_not_the_name(nlp):
    doc = nlp("크래프톤게임센터에서 행사를 열었다.")
    assert all(m.text != "크래프톤" for m in doc._.mentions)


def test_user_csv_names_are_recognised_with_their_canonical(tmp_path):
    csv = tmp_path / "mine.csv"
    csv.write_text("name,canonical,kind\n하람솔빛,하람솔빛,company\n솔빛,하람솔빛,company\n", encoding="utf-8")
    nlp = get_nlp(ExtractOptions(components=("kdeal_companies",), company_files=(str(csv),)))
    got = found(nlp, "하람솔빛은 올해 매출이 늘었다.")
    assert ("하람솔빛", "하람솔빛", "company", None) in got


def test_group_name_that_is_an_ordinary_word_modifying_a_noun_is_not_a_company(nlp):
    # "클라우드" is a group name in mecab-ko-dic and the ordinary loanword "cloud".
    got = found(nlp, "클라우드 기술을 가진 회원사가 늘었다.")
    assert not any(t == "클라우드" for t, *_ in got)


# --- public bodies, broadcasters and the press (extractors/data/institutions.csv) ----------


def test_bare_institution_nouns_are_organisations(nlp):
    got = found(nlp, "산림청과 조달청은 방역당국에 자료를 넘겼다.")
    assert {("산림청", "산림청", "organization", None), ("조달청", "조달청", "organization", None),
            ("방역당국", "방역당국", "organization", None)} <= got


def test_institution_abbreviation_maps_to_the_full_name(nlp):
    assert ("식약처", "식품의약품안전처", "organization", None) in found(nlp, "식약처가 허가를 내줬다.")


def test_institution_at_the_front_of_a_longer_word_is_not_the_body(nlp):
    assert not any(t == "병무청" for t, *_ in found(nlp, "병무청장이 발표했다."))


def test_proper_noun_before_a_generic_body_owns_it(nlp):
    got = {m.text for m in nlp("누리스탄 의회가 법안을 통과시켰다.")._.mentions}
    assert "누리스탄 의회" in got


def test_listed_company_wins_over_an_institution_of_the_same_name():
    from kdeal.extractors.gazetteer import Entry, Gazetteer

    g = Gazetteer([Entry("가온방송", "가온방송", "company", "000001", "krx"),
                   Entry("가온방송", "가온방송", "organization", None, "institutions")])
    assert g.get("가온방송").code == "000001"
    default = Gazetteer.default()  # the bundled lists in their real order
    assert default.get("아시아경제").source == "krx" and default.get("아시아경제").code
    assert default.get("해양수산부").source == "institutions"  # also a mecab-ko-dic group name
    assert default.get("해양수산부").kind == "organization"


def test_bundled_institutions_list_reads_with_canonical_names():
    from kdeal.extractors.gazetteer import read_institutions

    entries = {e.name: e for e in read_institutions()}
    assert entries["중기부"].canonical == "중소벤처기업부"
    assert all(e.kind == "organization" and e.source == "institutions" for e in entries.values())


def test_a_political_party_without_a_head_is_an_organisation(nlp):
    """Parties are listed whole in institutions.csv: a party is an organisation, never a company."""
    got = {m.text: m.kind for m in nlp("국민의힘과 조국혁신당은 협의체를 꾸렸다.")._.mentions}
    assert got == {"국민의힘": "organization", "조국혁신당": "organization"}
