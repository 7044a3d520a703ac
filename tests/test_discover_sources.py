"""Discovery against a real HTTP server on 127.0.0.1: a feed, a sitemap index, paginated list pages."""
from __future__ import annotations

from pathlib import Path

import pytest
from kdeal.pipeline.discover import Candidate, discover
from kdeal.pipeline.fetch import Fetcher, FetchPolicy
from kdeal.pipeline.sources import parse_sources

from kdeal.errors import ErrorCode

FIXTURES = Path(__file__).parent / "fixtures" / "html"


@pytest.fixture
def fetcher(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /blocked\n",
                                                               content_type="text/plain")
    return Fetcher(FetchPolicy(delay=0, allow_loopback=True, retries=0), sleep=lambda s: None)


def _config(text: str):
    return parse_sources("[politeness]\nallow_loopback = true\n" + text)


def test_feed_items_become_candidates_in_feed_order(httpserver, fetcher):
    httpserver.expect_request("/rss").respond_with_data(
        (FIXTURES / "chardet__acnnewswire.net.xml").read_bytes(), content_type="application/rss+xml")
    config = _config(f'[[source]]\nname = "acn"\nkind = "rss"\nurl = "{httpserver.url_for("/rss")}"\n')
    found = list(discover(config, fetcher))
    assert len(found) == 8 and all(c.source == "acn" and c.kind == "rss" for c in found)
    assert all(c.url.startswith("http") for c in found)


def test_atom_entries_use_their_alternate_link(httpserver, fetcher):
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>하나</title><link rel="alternate" href="/n/1"/><id>tag:1</id></entry>
    <entry><title>둘</title><link href="https://other.example/n/2"/><id>tag:2</id></entry></feed>"""
    httpserver.expect_request("/atom").respond_with_data(atom, content_type="application/atom+xml")
    config = _config(f'[[source]]\nname = "a"\nkind = "atom"\nurl = "{httpserver.url_for("/atom")}"\n')
    assert [c.url for c in discover(config, fetcher)] == [httpserver.url_for("/n/1"), "https://other.example/n/2"]


def test_sitemap_index_is_followed_to_its_news_sitemaps(httpserver, fetcher):
    index = f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>{httpserver.url_for("/sm-news.xml")}</loc></sitemap></sitemapindex>"""
    news = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
    <url><loc>https://news.example/a/1</loc><news:news><news:title>가</news:title></news:news></url>
    <url><loc>https://news.example/a/2</loc></url></urlset>"""
    httpserver.expect_request("/sitemap.xml").respond_with_data(index, content_type="application/xml")
    httpserver.expect_request("/sm-news.xml").respond_with_data(news, content_type="application/xml")
    config = _config(f'[[source]]\nname = "sm"\nkind = "sitemap"\nurl = "{httpserver.url_for("/sitemap.xml")}"\n')
    assert [c.url for c in discover(config, fetcher)] == ["https://news.example/a/1", "https://news.example/a/2"]


def test_list_pages_follow_next_links_up_to_max_pages(httpserver, fetcher):
    for n in (1, 2, 3):
        html = (f'<ul class="list"><li><a class="title" href="/article/{n}a">a</a></li>'
                f'<li><a class="title" href="/article/{n}b#comments">b</a></li><li><a href="/ad">ad</a></li></ul>'
                f'<a class="next" href="/list?page={n + 1}">다음</a>')
        httpserver.expect_request("/list", query_string=f"page={n}").respond_with_data(html, content_type="text/html")
    config = _config(f'[[source]]\nname = "l"\nkind = "list"\nurl = "{httpserver.url_for("/list")}?page=1"\n'
                     'link_selector = "ul.list a.title"\nnext_selector = "a.next"\nmax_pages = 2\n')
    urls = [c.url for c in discover(config, fetcher)]
    assert urls == [httpserver.url_for(p) for p in ("/article/1a", "/article/1b", "/article/2a", "/article/2b")]


def test_a_failing_source_is_reported_and_the_next_one_still_runs(httpserver, fetcher):
    config = _config(f'[[source]]\nname = "bad"\nkind = "rss"\nurl = "{httpserver.url_for("/blocked/rss")}"\n'
                     '[[source]]\nname = "ok"\nkind = "urls"\nurls = ["https://news.example/x", '
                     '"https://news.example/x"]\n')
    errors = []
    found = list(discover(config, fetcher, on_error=errors.append))
    assert found == [Candidate("https://news.example/x", "ok", "urls")]
    assert [e.code for e in errors] == [ErrorCode.ROBOTS] and "bad" in errors[0].origin


def test_local_sources_list_supported_files(tmp_path, fetcher):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text("<p>가</p>", encoding="utf-8")
    (tmp_path / "pages" / "b.warc.gz").write_bytes(b"")
    (tmp_path / "pages" / "notes.pdf").write_bytes(b"%PDF")
    config = parse_sources('[[source]]\nname = "loc"\nkind = "local"\npath = "pages"\n', base=tmp_path)
    found = list(discover(config, fetcher))
    assert [Path(c.url).name for c in found] == ["a.html", "b.warc.gz"]
    assert all(c.kind == "local" for c in found)


def test_max_items_caps_a_source(fetcher):
    config = parse_sources('[[source]]\nname = "u"\nkind = "urls"\nmax_items = 2\n'
                           'urls = ["https://a.example/1", "https://a.example/2", "https://a.example/3"]\n')
    assert len(list(discover(config, fetcher))) == 2
