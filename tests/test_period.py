"""Periods: stated in the sentence, carried through the paragraph, else the article date."""
from __future__ import annotations

from kdeal.extractors.period import PeriodTracker, stated_period


def periods(text: str, published: str | None = None) -> list[str | None]:
    tracker = PeriodTracker(text, published)
    out = []
    pos = 0
    for sent in text.split("|"):
        out.append(tracker.period_of(pos, pos + len(sent)))
        pos += len(sent) + 1
    return out


def test_year_and_half_in_one_sentence() -> None:
    assert stated_period("2021년이 아직 반도 지나지 않았는데 상반기에만 50여 건", None).label() == "2021 상반기"


def test_quarter_is_read_in_digits_and_words() -> None:
    assert stated_period("2022년 3분기 실적", None).label() == "2022 3분기"
    assert stated_period("2022년 삼 분기 실적", None).label() == "2022 3분기"


def test_relative_years_resolve_against_the_article_date() -> None:
    assert stated_period("지난해 두 회사가 손잡았다", 2024).label() == "2023"
    assert stated_period("올해 상반기에만", 2024).label() == "2024 상반기"


def test_year_carries_to_later_sentences_of_the_paragraph() -> None:
    text = "2017년에도 가온과 누리가 협력했다.|그 결과 성과가 났다.|하반기에만 세 건이 더 나왔다."
    assert periods(text) == ["2017", "2017", "2017 하반기"]


def test_new_paragraph_falls_back_to_the_article_date() -> None:
    text = "2017년에 협력했다.\n다음 문단의 계약이다."
    tracker = PeriodTracker(text, "2020-05-01")
    first_end = text.index("\n")
    assert tracker.period_of(0, first_end) == "2017"
    assert tracker.period_of(first_end + 1, len(text)) == "2020"


def test_durations_are_not_periods() -> None:
    assert stated_period("5년간 협력했다", None).label() is None
    assert stated_period("2001년 이래로 제공해 왔다", 2005).label() is None
