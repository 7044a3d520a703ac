"""Metadata, site profiles, the generic fallback and feeds, on real and hand-written pages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from kdeal.pipeline.parse import parse_feed, parse_html, parse_response
from kdeal.pipeline.parse.dates import to_iso
from kdeal.pipeline.parse.profiles import profile_for

from kdeal.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "html"
ISO_WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def _page(name: str, url: str | None = None):
    return parse_response((FIXTURES / name).read_bytes(), url or f"file:///{name}", "text/html")[0]


@pytest.mark.parametrize("name,day", [
    ("fundus__HankookIlbo_2025_05_15.html", "2025-05-15"),
    ("fundus__HankookIlbo_2026_01_29.html", "2026-01-29"),
    ("fundus__MBN_2025_05_28.html", "2025-05-28"),
    ("htmldate__n.news.naver.com-607.html", "2023-11-02"),
    ("htmldate__1694328145.html", "2020-08-27"),
])
def test_published_is_iso_8601_with_a_time_zone(name, day):
    article = _page(name)
    assert ISO_WITH_ZONE.match(article.published), article.published
    assert article.published.startswith(day)


def test_a_page_with_only_a_date_keeps_a_bare_date():
    assert _page("htmldate__1538026996.html").published == "2020-03-04"


@pytest.mark.parametrize("name,outlet", [
    ("fundus__HankookIlbo_2026_07_12.html", "한국일보"), ("fundus__MBN_2025_05_29.html", "매일경제"),
    ("htmldate__n.news.naver.com-607.html", "뉴스타파"), ("htmldate__1538026996.html", "대전일보"),
])
def test_outlet_comes_from_the_profile_or_the_press_named_on_the_page(name, outlet):
    assert _page(name).outlet == outlet


def test_body_keeps_paragraph_breaks_and_drops_captions():
    article = _page("fundus__MBN_2025_05_28.html")
    assert article.text.count("\n\n") >= 8
    assert "사진 확대" not in article.text and "[사진 출처" not in article.text


def test_next_js_page_body_comes_from_the_server_components_payload():
    article = _page("fundus__HankookIlbo_2026_01_29.html")
    assert article.text.startswith("한동훈 제명한 국힘")
    assert "$$ARTICLEAD$$" not in article.text


@pytest.mark.parametrize("url,name", [
    ("https://www.hankyung.com/article/2024", "hankyung"), ("https://n.news.naver.com/article/1/2", "naver"),
    ("https://m.daejonilbo.com/x", "daejonilbo"), ("https://www.donga.com/news/1", "donga"),
    ("https://www.chosun.com/a", "chosun"), ("https://www.mk.co.kr/news/1", "mk"),
])
def test_profiles_are_chosen_by_host(url, name):
    assert profile_for(url).name == name


def test_lookalike_hosts_get_no_profile():
    assert profile_for("https://notmk.co.kr.evil.example/x") is None
    assert profile_for("https://fakedonga.com/x") is None


def test_profile_body_selector_and_drops_on_a_written_page():
    html = """<html lang="ko"><head><meta property="og:title" content="두 회사, 공동 개발 협약">
    <meta property="article:published_time" content="2024-03-02 09:15"></head><body>
    <div id="articletxt"><figure class="article-figure"><figcaption>사진 설명</figcaption></figure>
    첫 문단이다.<br><br>둘째 문단이다.<div class="ad-wrap">광고</div></div></body></html>"""
    a = parse_html(html, "d1", url="https://www.hankyung.com/article/1")
    assert a.text == "첫 문단이다.\n\n둘째 문단이다."
    assert a.published == "2024-03-02T09:15:00+09:00"
    assert a.title == "두 회사, 공동 개발 협약" and a.outlet == "한국경제"


def test_unknown_site_falls_back_to_the_generic_extractor():
    paras = "".join(f"<p>이것은 본문의 {i}번째 문단으로 충분히 긴 문장을 담고 있다. 협력과 계약이 이어졌다.</p>"
                    for i in range(6))
    html = f"<html><head><title>제목</title></head><body><nav>메뉴</nav><article>{paras}</article></body></html>"
    a = parse_html(html, "g1", url="https://unknown.example/a")
    assert "0번째 문단" in a.text and "5번째 문단" in a.text and "메뉴" not in a.text
    assert a.text.count("\n\n") >= 5


def test_a_page_without_text_is_a_no_text_error():
    with pytest.raises(InputError) as e:
        parse_html("<html><body><script>x()</script></body></html>", "e1", url="https://u.example/")
    assert e.value.error.code.value == "E131-no-text"


def test_feed_items_become_articles_with_iso_dates():
    xml = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>보도자료</title>
    <item><title>가사와 나사 협약</title><link>https://p.example/1</link>
    <pubDate>Tue, 05 Mar 2024 10:00:00 +0900</pubDate><description>가사는 나사와 협약을 맺었다.</description></item>
    <item><title>다사 투자</title><link>https://p.example/2</link><pubDate>2024-03-06 11:00</pubDate>
    <description><![CDATA[<p>다사는 라사에 투자했다.</p>]]></description></item></channel></rss>"""
    items = parse_feed(xml, "feed")
    assert [a.url for a in items] == ["https://p.example/1", "https://p.example/2"]
    assert [a.published for a in items] == ["2024-03-05T10:00:00+09:00", "2024-03-06T11:00:00+09:00"]
    assert items[1].text == "다사 투자\n\n다사는 라사에 투자했다." and items[0].outlet == "보도자료"


def test_non_page_content_types_are_refused():
    with pytest.raises(InputError) as e:
        parse_response(b"%PDF-1.4 ...", "https://x.example/a.pdf", "application/pdf")
    assert e.value.error.code.value == "E101-unsupported-type"


@pytest.mark.parametrize("raw,iso", [
    ("2025-05-15T20:00:52.000+0900", "2025-05-15T20:00:52+09:00"),
    ("2020.03.04 17:31", "2020-03-04T17:31:00+09:00"),
    ("입력 2020년 3월 4일 오후 5:31", "2020-03-04T17:31:00+09:00"),
    ("Tue, 20 Dec 2005 09:00:00 GMT", "2005-12-20T09:00:00+00:00"),
    ("2020-08-27", "2020-08-27"),
    ("어제", None),
])
def test_dates_are_normalised_to_iso_8601(raw, iso):
    assert to_iso(raw) == iso
