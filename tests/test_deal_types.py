"""Deal predicates: type from the predicate, status from what follows it, mutual use."""
from __future__ import annotations

import pytest
from kdeal.extractors.deal_types import best_type, find_triggers


def triggers(text: str):
    return find_triggers(text, 0, len(text))


@pytest.mark.parametrize("text,kind", [
    ("A가 B와 협업하여 제품을 냈다.", "collaboration"),
    ("A는 B와 업무협약을 체결했다.", "partnership"),
    ("A는 B와 MOU를 맺었다.", "partnership"),
    ("A는 B와 부품 공급 계약을 맺었다.", "supply"),
    ("A가 B에 100억 원을 투자했다.", "investment"),
    ("A는 B를 인수했다.", "acquisition"),
    ("A의 제품이 B에 입점했다.", "store_entry"),
    ("A와 B가 신약을 공동 개발했다.", "joint_development"),
    ("A와 B는 컨소시엄을 구성했다.", "consortium"),
    ("A는 B에 기술 이전을 했다.", "tech_transfer"),
    ("A는 B와의 비즈니스 매칭으로 판로를 열었다.", "business_matching"),
    ("A는 B와 함께 주최한 행사를 열었다.", "co_host"),
    ("A는 B와 함께 1조원 규모 펀드를 조성한다.", "collaboration"),
    ("A는 B와 공동으로 해외 시장에 진출했다.", "collaboration"),
    ("A는 B와의 거래로 소프트웨어 재판매에 나섰다.", "reseller"),
])
def test_predicate_decides_the_type(text: str, kind: str) -> None:
    assert best_type(triggers(text)).type == kind


@pytest.mark.parametrize("text,status", [
    ("A는 B의 신주를 매입할 예정이다.", "planned"),
    ("A는 B와 협력하기로 했다.", "planned"),
    ("A가 B에 협업을 제안했다.", "proposed"),
    ("A는 B와 계약을 체결하지 않았다.", "negated"),
    ("A와 B의 합작이 무산됐다.", "negated"),
    ("A는 B와 협업하여 제품을 냈다.", "done"),
])
def test_words_after_the_predicate_decide_the_status(text: str, status: str) -> None:
    assert best_type(triggers(text)).status == status


def test_predicate_used_as_a_verb_or_idiom_is_mutual() -> None:
    assert all(t.mutual for t in triggers("A와 B가 손을 잡고 협업하여 공동으로 개발했다."))


def test_proposal_is_not_mutual() -> None:
    (t,) = triggers("A, B 등이 협업제안을 실시했다.")
    assert (t.status, t.mutual) == ("proposed", False)


def test_investment_words_inside_other_nouns_are_not_investment() -> None:
    assert triggers("투자홍보 매거진과 투자자 단체가 모였다.") == []


def test_buying_goods_is_not_an_investment_but_buying_shares_is() -> None:
    assert triggers("A는 원료를 매입했다.") == []
    assert best_type(triggers("A는 B 주식을 추가 매입했다.")).type == "investment"


def test_more_specific_type_wins_in_one_clause() -> None:
    assert best_type(triggers("상생협력과 비즈니스 매칭을 통해")).type == "business_matching"


def test_an_undertaking_verb_without_a_joint_adverb_is_no_deal() -> None:
    assert triggers("A는 올해 1조원 규모 펀드를 조성하고 해외 시장에 진출했다.") == []
