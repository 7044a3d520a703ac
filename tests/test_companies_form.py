"""Form layer: legal forms and business/institutional heads."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(companies_rules_nlp):
    """The rule layers alone: the model is tested in test_companies_model.py."""
    return companies_rules_nlp


def found(nlp, text):
    return {m.text: m for m in nlp(text)._.mentions}


@pytest.mark.parametrize("text,name,canonical", [
    ("(주)가람솔빛과 계약을 맺었다.", "(주)가람솔빛", "가람솔빛"),
    ("주식회사 보람누리는 올해 설립됐다.", "주식회사 보람누리", "보람누리"),
    ("새봄다온㈜이 공장을 세웠다.", "새봄다온㈜", "새봄다온"),
])
def test_legal_form_makes_the_noun_run_a_company(nlp, text, name, canonical):
    m = found(nlp, text)[name]
    assert (m.canonical, m.kind) == (canonical, "company")


def test_latin_legal_form_is_a_company(nlp):
    got = found(nlp, "이번 계약은 Garam Solbit Co., Ltd.가 맡았다.")
    assert any("Garam Solbit" in t and m.kind == "company" for t, m in got.items())


@pytest.mark.parametrize("name", ["누리바이오", "다솜푸드", "가온테크", "하람이앤씨", "보람아이앤씨", "새솔글로벌"])
def test_name_with_a_business_head_is_a_company(nlp, name):
    got = found(nlp, f"올해 {name}는 매출이 늘었다.")
    assert name in got and got[name].kind == "company"


def test_name_with_an_institutional_head_is_an_organization(nlp):
    got = found(nlp, "한국가온산업협회는 세미나를 열었다.")
    assert got["한국가온산업협회"].kind == "organization"


def test_ordinary_compound_ending_in_a_head_is_not_a_name(nlp):
    got = found(nlp, "반도체산업 경쟁력이 높아졌다. 전자제품 수출도 늘었다.")
    assert not got


def test_head_after_a_space_joins_the_name(nlp):
    got = found(nlp, "회원사 상품을 가람 백화점에 입점했다.")
    assert got["가람 백화점"].canonical == "가람백화점"


def test_proper_noun_ending_in_a_government_or_party_head_is_an_organization(nlp):
    doc = nlp("가람자원부는 성명을 냈다.")  # Kiwi: 가람/NNP 자원부/NNG
    assert [(m.text, m.kind) for m in doc._.mentions] == [("가람자원부", "organization")]


def test_government_head_needs_a_proper_noun(nlp):
    assert found(nlp, "우리 부서는 본부에 보고했다.") == {}




def test_latin_legal_forms_in_any_case_give_the_name_without_the_form(nlp):
    text = ("Gaon Systems Corporation은 NURI CO.,LTD.와 계약했다. Dasom Global Limited도 참여했다. "
            "Raon Tech, Inc.는 별도다.")
    names = {m.text: m.canonical for m in nlp(text)._.mentions}
    assert names["Gaon Systems Corporation"] == "Gaon Systems"
    assert names["NURI CO.,LTD."] == "NURI"
    assert names["Dasom Global Limited"] == "Dasom Global"
    assert names["Raon Tech, Inc."] == "Raon Tech"


def test_a_latin_name_seen_with_its_legal_form_is_found_again_without_it(nlp):
    text = "Gaon Systems Corporation이 새 공장을 지었다. 이후 Gaon Systems는 누리바이오에 투자했다."
    later = [m for m in nlp(text)._.mentions if m.start > text.index("이후")]
    assert any(m.text == "Gaon Systems" and m.canonical == "Gaon Systems" for m in later)


@pytest.mark.parametrize("text, name", [
    ("해양환경보전협의회는 성명을 냈다.", "해양환경보전협의회"),
    ("새농촌발전위원회가 설명회를 열었다.", "새농촌발전위원회"),  # a determiner opens it: 새/MM
    ("청년창업지원재단이 기금을 냈다.", "청년창업지원재단"),
])
def test_a_compound_of_ordinary_nouns_before_an_institutional_head_is_a_body(nlp, text, name):
    """A body's name is its purpose and its head, written as one word, even when every part is
    an ordinary noun; an industry before 산업 is no name (above)."""
    assert found(nlp, text)[name].kind == "organization"


@pytest.mark.parametrize("text", ["소위원회가 열렸다.", "이사회와 위원회가 열렸다."])
def test_a_one_syllable_front_or_a_bare_head_is_no_body(nlp, text):
    assert not any(m.is_org for m in found(nlp, text).values())


@pytest.mark.parametrize("text,descriptor,name", [
    ("미르벤처스는 에듀테크 스타트업 하람랩에 투자했다.", "에듀테크", "하람랩"),
    ("펫테크 업계에서는 다솜펫이 주목받는다.", "펫테크", None),
    ("그린바이오 기업 보람농생명이 공장을 세웠다.", "그린바이오", None),
])
def test_a_sector_word_before_a_company_noun_names_no_company(nlp, text, descriptor, name):
    """"에듀테크 스타트업 X": a sector coined with a business head describes the company after it."""
    got = found(nlp, text)
    assert descriptor not in got
    if name:
        assert got[name].kind == "company"


def test_a_business_head_in_a_word_of_kiwis_dictionary_names_no_company(nlp):
    """"핀테크" and "패스트푸드" are words Kiwi lists as common nouns, not names with a head."""
    got = found(nlp, "요즘 핀테크는 급성장했고 패스트푸드는 주춤했다.")
    assert "핀테크" not in got and "패스트푸드" not in got


def test_a_name_with_a_sector_head_still_stands_before_other_words(nlp):
    got = found(nlp, "누리테크 대표는 다솜테크와 계약을 맺었다고 밝혔다.")
    assert got["다솜테크"].kind == "company"


@pytest.mark.parametrize("text,name", [
    ("이번 라운드에서 다온AI는 150억원을 확보했다.", "다온AI"),
    ("가람ICT와 계약을 맺었다.", "가람ICT"),
    ("누리E&C는 수주에 성공했다.", "누리E&C"),  # an ampersand head names no field: any front
])
def test_coined_hangul_word_with_a_latin_head_is_a_company(nlp, text, name):
    assert found(nlp, text)[name].kind == "company"


def test_field_compounds_with_a_latin_head_are_no_companies(nlp):
    """"생성형AI", "의료AI": dictionary nouns before AI name a field; a place before it is no name."""
    assert found(nlp, "생성형AI와 의료AI, 서울AI 모두 성장했다.") == {}


@pytest.mark.parametrize("name", ["새봄엔젤스", "미르창업투자"])
def test_venture_capital_heads(nlp, name):
    assert found(nlp, f"{name}는 투자를 늘렸다.")[name].kind == "company"


@pytest.mark.parametrize("name", ["누리텔레콤", "가람테라퓨틱스", "다솜머티리얼즈", "새봄인더스트리즈"])
def test_loanword_heads_of_company_names(nlp, name):
    assert found(nlp, f"{name}는 매출이 늘었다.")[name].kind == "company"
