"""Context layer: unknown names recognised by cue nouns, 측/관계자 and enumerations."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(companies_rules_nlp):
    """The rule layers alone: the model is tested in test_companies_model.py."""
    return companies_rules_nlp


def orgs(nlp, text):
    return {m.text for m in nlp(text)._.mentions if m.kind in ("company", "organization")}


def test_name_after_a_company_noun(nlp):
    assert "솔마루" in orgs(nlp, "유아교육 전문업체 솔마루는 새 교재를 냈다.")


def test_quoted_names_after_a_company_noun_joined_by_gwa(nlp):
    got = orgs(nlp, "IT분야 강소기업 ‘다온길’과 ‘별하솔’이 손을 잡았다.")
    assert {"다온길", "별하솔"} <= got


def test_ordinary_noun_after_a_company_noun_is_not_a_name(nlp):
    assert orgs(nlp, "회원사 상품을 홍보하고 회원사 매출을 늘렸다.") == set()


def test_name_before_cheuk_or_gwangyeja(nlp):
    assert "솔마루" in orgs(nlp, "솔마루 측은 사실이 아니라고 밝혔다.")
    assert "다온길" in orgs(nlp, "다온길 관계자는 계약을 확인했다.")


def test_name_before_daepyo_in_brackets(nlp):
    assert "별하솔" in orgs(nlp, "별하솔(대표 김가온)은 투자를 유치했다.")


def test_enumeration_closed_by_deung_and_a_counted_company_noun(nlp):
    text = "가온은 솔마루, 햇살농장, 다온길 등 10여 개 회원사와 협업하고 있다."
    assert {"솔마루", "햇살농장", "다온길"} <= orgs(nlp, text)


def test_enumeration_closed_by_poham_dasu_hoewonsa(nlp):
    text = "도매사이트 가람마켓은 솔마루, 별하솔, 다온길을 포함 다수의 회원사들과 협업했다."
    assert {"가람마켓", "솔마루", "별하솔", "다온길"} <= orgs(nlp, text)


def test_enumeration_with_one_known_member(nlp):
    text = "누리바이오, 솔마루, 별하솔 등의 상품을 온라인에서 판매했다."
    assert {"누리바이오", "솔마루", "별하솔"} <= orgs(nlp, text)


def test_enumeration_of_ordinary_nouns_is_not_names(nlp):
    text = "식품, 화장품 회원사 상품을 입점했다. 기술개발지원, 자금지원 등의 사업을 했다."
    assert orgs(nlp, text) == set()


def test_enumeration_of_places_without_company_cue_is_not_names(nlp):
    assert orgs(nlp, "가람시, 누리군, 다솜읍 등 세 곳에서 행사를 열었다.") == set()


def test_name_found_once_is_found_again_later(nlp):
    doc = nlp("벤처기업 솔마루가 제품을 냈다. 이후 솔마루의 매출이 늘었다.")
    assert [m.start for m in doc._.mentions if m.text == "솔마루"] == [5, 21]


def test_latin_names_marked_by_particles_in_a_deal_sentence_are_companies(nlp):
    text = "Gaon Pay가 Nuri Bank(NB)와 ATM 이용 계약을 체결했다."
    names = {m.text: m for m in nlp(text)._.mentions}
    assert names["Gaon Pay"].kind == "company" and names["Nuri Bank"].kind == "company"
    assert "ATM" not in names  # no particle: a noun modifier, not a party


def test_latin_words_outside_deal_sentences_are_not_companies(nlp):
    assert not [m for m in nlp("Gaon Pay가 새 공연을 열었다.")._.mentions if m.text == "Gaon Pay"]


# --- the bound noun 사 (社) after a name ------------------------------------------------


def test_name_written_apart_from_the_bound_noun_sa_is_a_company(nlp):
    doc = nlp("가온웨어 사는 누리소프트 사와 공급 계약을 맺었다.")
    got = {m.text: m.kind for m in doc._.mentions}
    assert got.get("가온웨어") == "company"


def test_latin_words_before_the_bound_noun_sa_belong_to_the_name(nlp):
    assert "Nuri Soft" in orgs(nlp, "Nuri Soft 사의 최고경영자가 방한했다.")
    assert "GX 솔라" in orgs(nlp, "GX 솔라 사가 새 공장을 지었다.")


def test_bound_noun_sa_glued_to_a_latin_name(nlp):
    assert "Gaonsoft" in orgs(nlp, "Gaonsoft사의 제품이 팔렸다.")


def test_word_with_a_particle_before_sa_is_not_a_name(nlp):
    assert orgs(nlp, "가람시에 사는 주부가 물건을 샀다.") == set()


def test_living_verb_and_sai_between_are_not_the_bound_noun(nlp):
    assert orgs(nlp, "서울 사는 주부가 늘었다.") == set()
    assert orgs(nlp, "두 나라 사이에 긴장이 높아졌다.") == set()


def test_ordinary_words_ending_in_sa_are_not_names(nlp):
    assert orgs(nlp, "검사의 수사가 시작되자 회사의 주가가 내렸다.") == set()


def kinds(nlp, text):
    return {m.text: m.kind for m in nlp(text)._.mentions if m.kind in ("company", "organization")}


@pytest.mark.parametrize("text, name", [
    ("물류센터 운영사인 다온물길은 임금 인상 요구를 받았다.", "다온물길"),
    ("투자 자회사인 솔마루를 통해 자금을 관리했다.", "솔마루"),
    ("가수 한별의 소속사 별하뮤직은 입장을 냈다.", "별하뮤직"),
    ("영화 배급사 가온픽처스가 판권을 샀다.", "가온픽처스"),
])
def test_name_after_a_company_noun_bare_or_as_an_appositive(nlp, text, name):
    assert kinds(nlp, text).get(name) == "company"


def test_latin_words_run_on_after_a_company_noun(nlp):
    assert "Solmaru Capital" in orgs(nlp, "투자 자회사인 Solmaru Capital을 통해 자금을 관리했다.")


def test_korean_words_do_not_run_on_after_a_company_noun(nlp):
    got = orgs(nlp, "유통 업체 다온마트 한가람 대표는 말했다.")
    assert "다온마트" in got and not any("한가람" in n for n in got)


def test_a_title_after_a_company_noun_is_no_name(nlp):
    assert orgs(nlp, "소속사 대표 한가람은 사실이 아니라고 말했다.") == set()


@pytest.mark.parametrize("text, name", [
    ("영국 일간 다온크로니클은 이 소식을 전했다.", "다온크로니클"),
    ("현지 언론 솔마루타임즈는 사고를 보도했다.", "솔마루타임즈"),
    ("미국 정치 전문매체인 ‘별하리포트’가 집계했다.", "별하리포트"),
])
def test_name_after_a_news_outlet_noun_is_an_organisation(nlp, text, name):
    assert kinds(nlp, text).get(name) == "organization"


@pytest.mark.parametrize("text, name", [
    ("행사에는 다온메디칼스 한가람 대표가 참석했다.", "다온메디칼스"),
    ("솔마루 김하늘 회장은 이날 취임했다.", "솔마루"),
])
def test_a_body_before_a_person_and_a_head_title(nlp, text, name):
    assert name in orgs(nlp, text)


@pytest.mark.parametrize("text", ["서울 한별 대표는 말했다.", "홍길동 김철수 대표는 말했다.", "김 한별 대표는 말했다."])
def test_a_place_a_person_or_a_surname_before_a_person_is_no_body(nlp, text):
    assert orgs(nlp, text) == set()


@pytest.mark.parametrize("text", ["다온크로니클은 16일 사고 소식을 보도했다.", "다온크로니클 보도에 따르면 사고가 났다."])
def test_the_subject_of_a_report_is_a_news_outlet(nlp, text):
    assert kinds(nlp, text).get("다온크로니클") == "organization"


def test_a_reporter_is_no_outlet(nlp):
    assert orgs(nlp, "한 기자는 이날 보도했다.") == set()


@pytest.mark.parametrize("text, name", [
    ("현지 언론 다온 포스트는 사고를 전했다.", "다온 포스트"),
    ("투자 자회사인 솔마루 캐피털을 통해 자금을 관리했다.", "솔마루 캐피털"),
])
def test_a_name_head_written_apart_after_a_cued_name_belongs_to_it(nlp, text, name):
    assert name in orgs(nlp, text)


@pytest.mark.parametrize("text, name", [
    ("한가람 다온메디칼스 대표가 행사에 참석했다.", "다온메디칼스"),
    ("이날 윤다온 솔마루 회장은 취임사를 했다.", "솔마루"),
])
def test_a_body_between_a_person_and_a_head_title(nlp, text, name):
    assert name in orgs(nlp, text)


def test_two_people_before_a_title_are_no_body(nlp):
    assert orgs(nlp, "한가람 김하늘 대표는 말했다.") == set()


@pytest.mark.parametrize("text", [
    "가죽 기업 다온레더의 마르코 벨리니 회장과 계약을 맺었다.",  # a Western given name, then the surname
    "이날 솔마루의 한가람 다온 대표가 참석했다.",  # the body named before, with 의
])
def test_a_surname_after_a_given_name_is_no_body(nlp, text):
    got = orgs(nlp, text)
    assert "벨리니" not in got and "다온" not in got


def test_a_press_release_is_no_report(nlp):
    assert kinds(nlp, "다온은 보도자료를 통해 신제품을 알렸다.").get("다온") != "organization"


@pytest.mark.parametrize("text, name", [
    ("엘 솔마루 등 현지 언론에 따르면 사고가 났다.", "엘 솔마루"),
    ("다온크로니클 등 외신은 이 소식을 전했다.", "다온크로니클"),
])
def test_a_name_before_deung_and_a_news_outlet_noun_is_an_outlet(nlp, text, name):
    assert kinds(nlp, text).get(name) == "organization"


def test_an_outlet_listed_with_deung_after_a_place_is_that_places_outlet(nlp):
    """The place is no part of the cued name, but a body written after its place is named with it
    (``recognize_evidence.with_place_before``), as the press and KLUE-NER write it."""
    got = kinds(nlp, "미국 다온크로니클 등 외신은 이 소식을 전했다.")
    assert got.get("미국 다온크로니클") == "organization"


def test_a_descriptor_before_gieop_or_eopche_is_no_company(nlp):
    """"팹리스 기업 X": the word before 기업 or 업체 describes the company named after it."""
    got = orgs(nlp, "가온전자는 팹리스 기업 솔마루에 기술을 이전했다. 중국 기업 관계자가 말했다.")
    assert "팹리스" not in got and "중국" not in got


@pytest.mark.parametrize("text,names", [
    ("새봄증권, 누리자산운용, 다솜투자 3개사가 참여했다.", {"새봄증권", "누리자산운용", "다솜투자"}),
    ("가온증권과 누리자산운용, 미르캐피탈 3사는 손을 잡았다.", {"누리자산운용", "미르캐피탈"}),
])
def test_enumeration_counted_by_a_company_counter(nlp, text, names):
    """"A, B, C 3사": a number with the counter 사 (社) after a list counts companies."""
    assert names <= orgs(nlp, text)


def test_enumeration_counted_in_places_is_not_names(nlp):
    assert orgs(nlp, "행사는 새봄광장, 누리공원 2곳에서 열린다.") == set()


def test_name_introduced_with_its_short_form_hereafter(nlp):
    """"다솜바이오사이언스(이하 다솜)": the writer names the word's front as its short form, as
    press releases introduce a company; the short form's later uses are the company too."""
    text = "다솜바이오사이언스(이하 다솜)는 계약을 맺었다. 다솜은 300억원을 받는다."
    got = [m for m in nlp(text)._.mentions if m.kind == "company"]
    assert [m.text for m in got] == ["다솜바이오사이언스", "다솜", "다솜"]
    assert {m.canonical for m in got} == {"다솜바이오사이언스"}


def test_short_form_that_is_no_front_of_the_word_is_no_cue(nlp):
    assert orgs(nlp, "개인정보보호법(이하 정보법)은 개정됐다.") == set()


def test_enumeration_closed_by_deung_bare_nouns_and_a_company_count(nlp):
    """"A, B 등 지역 기업 23개사": bare nouns may describe the companies between 등 and the count."""
    assert {"다솜산업", "누리물산"} <= orgs(nlp, "가람시는 다솜산업, 누리물산 등 지역 기업 23개사와 협약을 맺었다.")
