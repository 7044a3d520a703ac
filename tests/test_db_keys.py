"""Keys that make tracker writes idempotent: canonical URLs, dates, merge keys."""
from __future__ import annotations

from datetime import date

from kdeal.pipeline.db.keys import canonical_url, merge_key, published_date, result_hash
from recordsupport import doc

from kdeal.records import Group


def test_canonical_url_drops_case_default_ports_fragments_and_tracking_parameters():
    assert canonical_url("HTTPS://News.Example.KR:443/a/b?id=7&utm_source=rss&fbclid=x#c") == \
        "https://news.example.kr/a/b?id=7"
    assert canonical_url("http://example.kr:8080") == "http://example.kr:8080/"


def test_canonical_url_keeps_parameter_order_and_non_web_origins():
    assert canonical_url("https://e.kr/v?b=2&a=1") == "https://e.kr/v?b=2&a=1"
    assert canonical_url(" corpus/a.txt ") == "corpus/a.txt"
    assert canonical_url(None) is None and canonical_url("  ") is None


def test_published_dates_are_read_from_iso_and_dotted_korean_forms():
    assert published_date("2026-03-05T09:00:00+09:00") == date(2026, 3, 5)
    assert published_date("입력 2019.06.15 10:31") == date(2019, 6, 15)
    assert published_date("2019-02-30") is None
    assert published_date("어제") is None


def test_merge_key_ignores_sides_but_not_type_group_or_negation():
    ab = doc("x", [("가온테크", "a"), ("누리바이오", "b")]).deals[0]
    ba = doc("y", [("누리바이오", "a"), ("가온테크", "b")]).deals[0]
    assert merge_key(ab) == merge_key(ba)
    assert merge_key(ab) != merge_key(doc("z", [("가온테크", "a"), ("누리바이오", "b")],
                                          deal_type="investment").deals[0])
    assert merge_key(ab) != merge_key(doc("z", [("가온테크", "a"), ("누리바이오", "b")],
                                          status="negated").deals[0])
    assert merge_key(ab) != merge_key(doc("z", [("가온테크", "a"), ("누리바이오", "b")],
                                          group=Group("회원사", 5)).deals[0])


def test_result_hash_changes_with_metadata_not_only_text():
    a = doc("x", [("가온테크", "a"), ("누리바이오", "b")], title="제목 하나")
    b = doc("x", [("가온테크", "a"), ("누리바이오", "b")], title="제목 하나")
    assert result_hash(a) == result_hash(b)
    c = type(a)(article=type(a.article)(**{**a.article.__dict__, "outlet": "다른 매체"}),
                mentions=a.mentions, deals=a.deals)
    assert result_hash(a) != result_hash(c)
