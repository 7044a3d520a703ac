"""Quantities on sentences written for each form: value, approx, unit, noun and span."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kdeal.extractors.quantities import QuantityRecognizer
from kdeal.pipeline.segment import blank_korean


@pytest.fixture(scope="module")
def quantities():
    nlp = blank_korean()
    recognizer = QuantityRecognizer()

    def run(text: str):
        doc = recognizer(nlp.tokenizer(text))
        for q in doc._.quantities:
            assert text[q.start:q.end] == q.text
        return doc._.quantities

    return run


def one(qs, text):
    found = [q for q in qs if q.text == text]
    assert found, f"{text!r} not in {[q.text for q in qs]}"
    return found[0]


def test_counter_with_counted_noun_and_approximate_yeo(quantities) -> None:
    q = one(quantities("가온테크는 10여 개 회원사와 협업했다."), "10여 개 회원사")
    assert (q.value, q.approx, q.unit, q.noun) == (10, True, "개", "회원사")


def test_digits_with_commas_and_a_compound_noun(quantities) -> None:
    q = one(quantities("누리바이오의 28,000개 특허기술 무상이전 행사가 열렸다."), "28,000개 특허기술")
    assert (q.value, q.unit, q.noun, q.approx) == (28000, "개", "특허기술", False)


def test_genitive_counter_phrase_counts_the_whole_noun_phrase(quantities) -> None:
    q = one(quantities("20여 개의 디자인 전문업체들이 모였다."), "20여 개의 디자인 전문업체")
    assert (q.value, q.approx, q.noun) == (20, True, "디자인 전문업체")


def test_deal_count_in_geon(quantities) -> None:
    q = one(quantities("회원사 간 협력 성과도 87건이 달성되었다."), "87건")
    assert (q.value, q.unit, q.approx) == (87, "건", False)


def test_approximation_words_set_the_flag_but_stay_out_of_the_span(quantities) -> None:
    qs = quantities("매출이 3배 이상 늘었고 약 40여 곳에 공급했으며 직원은 200명 남짓이다.")
    assert one(qs, "3배").approx
    assert one(qs, "40여 곳").approx
    assert one(qs, "200명").approx


def test_ranges_give_value_and_value_max(quantities) -> None:
    q = one(quantities("매출을 2~3배로 키웠다."), "2~3배")
    assert (q.value, q.value_max, q.unit) == (2, 3, "배")


def test_money_with_magnitude_words(quantities) -> None:
    qs = quantities("다솜푸드는 신주 3,000주를 57.5억 원에 매입하고 1,200억 원을 투자한다.")
    assert one(qs, "3,000주").unit == "주"
    q = one(qs, "57.5억 원")
    assert math.isclose(q.value, 5_750_000_000) and q.unit == "원"
    assert one(qs, "1,200억 원").value == 120_000_000_000


def test_bare_magnitude_number_is_a_quantity_without_unit(quantities) -> None:
    q = one(quantities("실적이 20억 이상인 회원사가 늘었다."), "20억")
    assert (q.value, q.unit, q.approx) == (2_000_000_000, None, True)


def test_mixed_digit_and_korean_magnitudes(quantities) -> None:
    qs = quantities("3천여 명이 참가했고 1만 2천 개 제품이 팔렸다.")
    q = one(qs, "3천여 명")
    assert (q.value, q.approx, q.unit) == (3000, True, "명")
    assert one(qs, "1만 2천 개 제품").value == 12000


def test_native_numerals_before_counters(quantities) -> None:
    qs = quantities("세 곳이 참여했고 두 회사가 손을 잡았으며 열두 개 업체가 지원했다.")
    assert (one(qs, "세 곳").value, one(qs, "세 곳").unit) == (3, "곳")
    q = one(qs, "두 회사")
    assert (q.value, q.unit, q.noun) == (2, "회사", "회사")
    assert one(qs, "열두 개 업체").value == 12


def test_percent_months_and_company_counters(quantities) -> None:
    qs = quantities("지분 14.5%를 확보했고 6개월 동안 45개 사가 응모해 7개사가 선정됐다.")
    assert one(qs, "14.5%").value == 14.5
    assert one(qs, "6개월").unit == "개월"
    assert one(qs, "45개 사").unit == "개사"
    assert one(qs, "7개사").unit == "개사"


def test_years_dates_and_glued_words_are_not_quantities(quantities) -> None:
    texts = {q.text for q in quantities("2019년 3사업부가 3G 망과 FOMA2 단말을 12월 5일에 냈다.")}
    assert texts == set()


def test_duration_in_years_is_a_quantity(quantities) -> None:
    assert one(quantities("5년 동안 협력했다."), "5년").value == 5


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999), st.booleans(), st.sampled_from(["개", "곳", "건", "명"]))
def test_any_written_count_is_read_back_with_its_value(quantities, n: int, approx: bool, unit: str) -> None:
    written = f"{n:,}" + ("여" if approx else "")
    qs = quantities(f"가온테크는 지난해 {written} {unit}의 실적을 올렸다.")
    q = one(qs, f"{written} {unit}의 실적")
    assert (q.value, q.approx, q.unit) == (n, approx, unit)


def test_trillion_won_and_company_counter_sa(quantities) -> None:
    qs = quantities("국내 3사가 1.5조 원 규모의 사업에 참여한다.")
    assert one(qs, "1.5조 원").value == 1_500_000_000_000
    assert one(qs, "3사").unit == "사"
