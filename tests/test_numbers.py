"""The Korean number parser: digits, mixed digit/magnitude forms, native numerals."""
from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kdeal.extractors.numbers import is_native_numeral, parse_korean_number

NATIVE_ONES = ["", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"]
NATIVE_TENS = ["", "열", "스무", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"]


def with_commas(n: int) -> str:
    return f"{n:,}"


def mixed(n: int, spaced: bool, small_words: bool) -> str:
    """Write n the way Korean news does: 4-digit groups joined by 만/억/조.

    ``small_words`` writes each group with 천/백/십 ("2천3백"), otherwise as digits ("2300").
    """
    parts = []
    for unit, size in (("조", 10 ** 12), ("억", 10 ** 8), ("만", 10 ** 4), ("", 1)):
        group, n = divmod(n, size)
        if not group:
            continue
        if small_words:
            text = ""
            for word, place in (("천", 1000), ("백", 100), ("십", 10), ("", 1)):
                d, group = divmod(group, place)
                if d:
                    text += f"{d}{word}"
        else:
            text = str(group)
        parts.append(text + unit)
    return (" " if spaced else "").join(parts)


@given(st.integers(min_value=1, max_value=10 ** 15 - 1))
def test_digits_with_thousands_commas_parse_to_their_value(n: int) -> None:
    assert parse_korean_number(with_commas(n)) == n


@given(st.integers(min_value=1, max_value=10 ** 15 - 1), st.booleans(), st.booleans())
def test_mixed_digit_and_magnitude_forms_parse_to_their_value(n: int, spaced: bool, small_words: bool) -> None:
    assert parse_korean_number(mixed(n, spaced, small_words)) == n


@given(st.integers(min_value=1, max_value=99))
def test_native_numerals_before_counters_parse_to_their_value(n: int) -> None:
    word = NATIVE_TENS[n // 10] + NATIVE_ONES[n % 10]
    assert is_native_numeral(word)
    assert parse_korean_number(word) == n


@given(st.integers(min_value=1, max_value=99_999), st.integers(min_value=1, max_value=99),
       st.sampled_from([("만", 10 ** 4), ("억", 10 ** 8), ("조", 10 ** 12)]))
def test_decimal_before_a_magnitude_scales_by_it(whole: int, frac: int, unit: tuple[str, int]) -> None:
    text = f"{whole}.{frac:02d}{unit[0]}"
    assert math.isclose(parse_korean_number(text), float(f"{whole}.{frac:02d}") * unit[1], rel_tol=1e-12)


@pytest.mark.parametrize("text,value", [
    ("3천", 3000), ("1만 2천", 12000), ("1만2천", 12000), ("28,000", 28000), ("129.75억", 12_975_000_000),
    ("8.65백만", 8_650_000), ("2.36천만", 23_600_000), ("1억 2천만", 120_000_000), ("열두", 12), ("스무", 20),
    ("세", 3), ("두", 2), ("이십삼", 23), ("만", 10_000),
])
def test_forms_seen_in_business_writing(text: str, value: float) -> None:
    assert math.isclose(parse_korean_number(text), value)


@pytest.mark.parametrize("text", ["", "2만 3억", "3 4", "천천", "두 3", "열열", "abc"])
def test_malformed_numbers_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_korean_number(text)
