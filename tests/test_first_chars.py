"""A pattern compiled to skip hopeless positions (extractors/first_chars.py) matches exactly
what the plain pattern matches: same spans, same groups, same ``lastgroup``."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kdeal.extractors import deal_types
from kdeal.extractors.first_chars import compile_skipping, first_chars

PATTERNS = [
    r"(?<=지분 )매각|(?<=원을 )유치|합병(?!증)",
    r"(?:흡수\s?)?합병|\bJV\b|(?<![A-Za-z])NDA(?![A-Za-z])",
    r"(?P<a>공동\s?(?:으로\s?)?개발)|(?P<b>[A-D]라운드)|x*y",
    r"(?:(?<=사업에 )|(?<=실증에 ))참여|시리즈\s?[A-DＡ-Ｄ]",
]
ALPHABET = "합병흡수 지분매각원을유치JVNDAxyzab공동으로개발사업에실증참여시리즈ABＡ라운드증."


def spans(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.lastgroup, m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=40))
def test_same_matches_as_the_plain_pattern(pattern: str, text: str) -> None:
    fast = compile_skipping(pattern)
    assert fast.pattern != pattern  # the lookahead was put in front
    assert spans(fast, text) == spans(re.compile(pattern), text)


@pytest.mark.parametrize("pattern", [r"a?", r"x*", r"\w+", r"(?i)abc", r"(?i:ab)c", r"[^a]b", r".b", r"a|"])
def test_unsure_patterns_are_left_as_they_are(pattern: str) -> None:
    assert first_chars(pattern) is None
    assert compile_skipping(pattern).pattern == pattern


def test_first_characters_of_branches_behind_lookbehinds() -> None:
    assert first_chars(r"(?<=지분 )매각|\bJV\b|(?:흡수\s?)?합병|[0-2]") == {"매", "J", "흡", "합", "0", "1", "2"}


def test_deal_predicates_find_the_same_triggers() -> None:
    plain = re.compile("|".join(f"(?P<g{i}>{p})" for i, (_t, p) in enumerate(deal_types.PREDICATES)))
    text = ("가온전자는 누리바이오의 지분 매각을 추진하고, 300억원을 유치했다. 두 회사는 JV를 세우고 NDA를 맺었다. "
            "흡수 합병 뒤 시리즈 B 투자와 프로젝트에 참여했다.")
    assert spans(deal_types._PATTERN, text) == spans(plain, text)
    assert spans(deal_types._PATTERN, text)
