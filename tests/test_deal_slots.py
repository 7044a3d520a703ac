"""Party slots read by grammar, end to end (recognition included), on invented sentences:
a local government acting in a deal, a name described by a type word, and a deal word that
runs into a headline's list of names."""
from __future__ import annotations

import pytest

import kdeal


def pairs(text: str) -> set[tuple[str, str]]:
    (result,) = kdeal.extract([text])
    return {tuple(sorted(p)) for d in result.deals for p in d.pairs()}


@pytest.mark.parametrize("text, pair", [
    ("충청북도는 다온에너지와 수소 충전소 구축 투자협약을 체결했다.", ("다온에너지", "충청북도")),
    ("가람군은 누리푸드와 지역 농산물 공급 협약을 맺었다.", ("가람군", "누리푸드")),
])
def test_a_local_government_in_an_agent_slot_is_a_party(text, pair) -> None:
    assert pair in pairs(text)


def test_a_local_government_as_a_location_is_not_a_party() -> None:
    found = pairs("다온에너지는 누리푸드와 충청북도에 공장을 짓는 공급 계약을 맺었다.")
    assert ("누리푸드", "다온에너지") in found
    assert not any("충청북도" in p for p in found)


@pytest.mark.parametrize("text, pair", [
    ("한국가람공사는 물류 스타트업 새벽체인과 배송 협약을 맺었다.", ("새벽체인", "한국가람공사")),
    ("누리건설은 인테리어 플랫폼 기업 다솜플랫폼과 업무협약을 체결했다.", ("누리건설", "다솜플랫폼")),
])
def test_a_name_after_a_type_word_that_ends_like_one_is_a_name(text, pair) -> None:
    assert pair in pairs(text)


def test_a_deal_word_in_a_headline_list_is_not_a_party() -> None:
    found = pairs("가람대-누리바이오, 산학 공동연구소 개소")
    assert found == {("가람대", "누리바이오")}


def test_a_name_ending_in_a_deal_word_stays_a_party() -> None:
    found = pairs("식품 스타트업 푸른들은 가온벤처투자와 다솜인베스트먼트로부터 시드 투자를 유치했다.")
    assert ("가온벤처투자", "푸른들") in found
