"""Kind layer: company vs organisation vs product."""
from __future__ import annotations

import pytest
from kdeal.extractors.kind import company_head, kind_of, org_head


@pytest.mark.parametrize("name,kind", [
    ("한국가온협회", "organization"), ("누리문화재단", "organization"), ("다솜대학교", "organization"),
    ("가온테크", "company"), ("누리바이오", "company"), ("가온증권", "company"),
    ("다솜은행연합회", "organization"), ("보람시청", "organization"),
])
def test_kind_follows_the_head_noun(name, kind):
    assert kind_of(name) == kind


def test_heads_need_a_name_in_front_of_them():
    assert company_head("전자") is None and org_head("협회") is None
    assert company_head("누리이앤엠") == "이앤엠"


@pytest.fixture(scope="module")
def nlp(companies_rules_nlp):
    """The rule layers alone: the model is tested in test_companies_model.py."""
    return companies_rules_nlp


def kinds(nlp, text):
    return {m.text: m.kind for m in nlp(text)._.mentions}


def test_quoted_name_after_solution_is_a_product(nlp):
    got = kinds(nlp, "벤처기업 ‘가온테크’는 마케팅 솔루션 ‘나래봄’을 출시했다.")
    assert got.get("가온테크") == "company"
    assert got.get("나래봄") in (None, "product")


def test_quoted_name_called_a_brand_is_a_product(nlp):
    got = kinds(nlp, "회원사 다솜푸드가 ‘한빛도시락’이라는 브랜드를 런칭했다.")
    assert got.get("다솜푸드") == "company"
    assert got.get("한빛도시락") in (None, "product")


def test_association_found_by_its_head_is_an_organization(nlp):
    got = kinds(nlp, "한국가온협회는 회원사 간 협업을 지원한다.")
    assert got.get("한국가온협회") == "organization"


def test_press_heads_make_outlets_organisations(nlp):
    got = kinds(nlp, "가람일보와 별빛타임스가 보도했다.")
    assert got.get("가람일보") == "organization" and got.get("별빛타임스") == "organization"


def test_press_head_on_an_ordinary_compound_is_not_a_name(nlp):
    assert kinds(nlp, "경제신문과 가짜뉴스가 늘었다.") == {}
