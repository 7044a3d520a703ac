"""Match layer: the sides of a sports match are teams, and a club has a shape of its own.

Every sentence is invented; the team names are made up (솔마루, 다온길, 별하솔, 누리벨),
the cities are real places the lexicon knows.
"""
from __future__ import annotations

import pytest

from kdeal.extractors.recognize_evidence import local_government
from kdeal.records import Mention


@pytest.fixture(scope="module")
def nlp(companies_rules_nlp):
    return companies_rules_nlp


def orgs(nlp, text):
    return {m.text: m.kind for m in nlp(text)._.mentions if m.kind in ("company", "organization")}


@pytest.mark.parametrize("text, sides", [
    ("지난 3일 솔마루와의 원정경기에서 홈런을 쳤다.", {"솔마루"}),
    ("솔마루 대 별하솔 경기는 비로 취소됐다.", {"솔마루", "별하솔"}),
    ("솔마루-다온길, 별하솔-누리벨의 경기가 동시에 열렸다.", {"솔마루", "다온길", "별하솔", "누리벨"}),
    ("별하솔은 솔마루를 3-1로 꺾고 선두에 올랐다.", {"솔마루"}),
    ("다온길은 홈에서 별하솔에 1-2로 졌다.", {"별하솔"}),
    ("프로농구 솔마루와 다온길의 경기에서 연장전이 벌어졌다.", {"솔마루", "다온길"}),
])
def test_the_sides_of_a_match_are_organisations(nlp, text, sides):
    got = orgs(nlp, text)
    assert sides <= set(got)
    assert all(got[s] == "organization" for s in sides)


def test_a_country_in_a_match_is_its_team(nlp):
    assert orgs(nlp, "대표팀은 평가전에서 페루에 0-3으로 완패했다.").get("페루") == "organization"


def test_a_league_before_a_side_is_no_part_of_it(nlp):
    got = orgs(nlp, "프리미어리그 솔마루 대 다온길 경기가 열렸다.")
    assert "솔마루" in got and "프리미어리그 솔마루" not in got


def test_a_players_club_after_his_age(nlp):
    assert "솔마루 이글스" in orgs(nlp, "김가온(28·솔마루 이글스)은 결승골을 넣었다.")


def test_an_occupation_after_an_age_is_no_club(nlp):
    assert orgs(nlp, "김가온(28·회사원)씨는 결승골 장면을 찍었다.") == {}


def test_the_economy_is_no_match(nlp):
    """경기 is also the economy: a pair owning 경기 outside sport names no teams."""
    assert orgs(nlp, "한국과 중국의 경기 둔화가 이어지고 있다.") == {}


@pytest.mark.parametrize("text, club", [
    ("애틀랜타 라쿤스가 개막전에서 이겼다.", "애틀랜타 라쿤스"),
    ("애틀랜타 솔마루스 팬들이 모였다.", "애틀랜타 솔마루스"),
])
def test_a_city_and_a_plural_nickname_make_a_club(nlp, text, club):
    assert orgs(nlp, text).get(club) == "organization"


@pytest.mark.parametrize("text", ["애틀랜타 뉴스를 봤다.", "애틀랜타 버스를 탔다."])
def test_a_city_and_a_common_noun_make_no_club(nlp, text):
    assert orgs(nlp, text) == {}


@pytest.mark.parametrize("particle, before, after", [
    ("는", "place", "organization"),   # 누리시는 설명회를 열었다: its government acts
    ("가", "place", "organization"),
    ("와", "place", "organization"),
    ("에서", "organization", "place"),  # 누리시에서 열린: where it happens
    ("의", "place", "place"),           # 누리시의: left as judged
])
def test_a_local_government_acts_by_its_particle(particle, before, after):
    m = Mention("d", 0, 3, "누리시", "누리시", before, None, "model")
    assert local_government(m, particle).kind == after


def test_a_name_that_is_no_local_government_keeps_its_kind():
    m = Mention("d", 0, 3, "솔마루", "솔마루", "place", None, "model")
    assert local_government(m, "는").kind == "place"
