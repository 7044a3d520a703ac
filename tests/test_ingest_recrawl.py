"""The recrawl policy end to end: real servers, real extraction, a real SQLite file (and PostgreSQL).

Feeds are read on every run; a known article is not requested again within
``recheck_after``; after it, conditionally; 404/410 pages retire; a sitemap's
lastmod decides for the pages it lists; a site's robots.txt names its sitemaps.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from dbsupport import count_rows, db_url  # noqa: F401
from hostsupport import MultiSite, multi_sources
from kdeal.pipeline.db.state import FetchState
from kdeal.pipeline.ingest import ingest
from kdeal.pipeline.options import ExtractOptions
from kdeal.pipeline.recrawl import Decision, RecrawlPolicy
from kdeal.pipeline.sources import load_sources
from sitesupport import page_html, write_companies

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def options(tmp_path_factory):
    from kdeal.pipeline.nlp import get_nlp

    opts = ExtractOptions(company_files=(str(write_companies(tmp_path_factory.mktemp("recrawl-names"))),))
    get_nlp(opts)
    return opts


@pytest.fixture
def site():
    s = MultiSite(hosts=3, pages=3).start()
    yield s
    s.stop()


def _ingest(path, url, options, **kw):
    return ingest(load_sources(path), url, options=options, show_progress=False, **kw)


def test_a_second_run_within_the_recheck_interval_requests_no_known_article(tmp_path, site, db_url, options):
    src = multi_sources(tmp_path, site, delay=0.0, concurrency=4, recheck_after="7d")
    first = _ingest(src, db_url, options)
    assert (first.fetched, first.documents) == (9, 9)
    site.hits.clear()
    second = _ingest(src, db_url, options)
    assert [h.path for h in site.hits] == ["/rss.xml"] * 3  # the feeds, and not one article
    assert (second.candidates, second.fresh, second.fetched, second.not_modified) == (9, 9, 0, 0)
    eng = sa.create_engine(db_url)
    with eng.connect() as c:
        fresh = c.execute(sa.text("SELECT fresh FROM runs ORDER BY run_id")).scalars().all()
    eng.dispose()
    assert fresh == [0, 9]


def test_after_the_interval_known_articles_are_asked_for_again(tmp_path, site, db_url, options):
    src = multi_sources(tmp_path, site, delay=0.0, concurrency=4, recheck_after=0)
    _ingest(src, db_url, options)
    site.bodies[f"{site.base(1)}/news/2"] = page_html(40, "마루에너지", "바다식품")
    site.hits.clear()
    again = _ingest(src, db_url, options)
    assert len([h for h in site.hits if h.path.startswith("/news/")]) == 9
    assert (again.fetched, again.unchanged, again.documents) == (9, 8, 1)  # no ETags here: the hash decides


def test_a_page_gone_three_times_is_retired(tmp_path, site, db_url, options):
    site.status["/news/1"] = 404  # on every host
    src = multi_sources(tmp_path, site, delay=0.0, concurrency=4, recheck_after=0,
                        extra="retire_after = 3")
    for run in range(3):
        s = _ingest(src, db_url, options, max_error_rate=1.0)
        assert (s.failed_pages, s.retired) == (3, 0)
    site.hits.clear()
    last = _ingest(src, db_url, options)
    assert (last.retired, last.failed_pages) == (3, 0)
    assert not [h for h in site.hits if h.path == "/news/1"]


def test_the_decision_table():
    policy = RecrawlPolicy(recheck_after=3600, retire_after=2)
    ok = FetchState("u", checked_at=NOW - timedelta(minutes=30))
    assert policy.decide(None, NOW) == Decision.FETCH
    assert policy.decide(ok, NOW) == Decision.FRESH
    assert policy.decide(FetchState("u", checked_at=NOW - timedelta(hours=2)), NOW) == Decision.RECHECK
    assert policy.decide(FetchState("u", checked_at=NOW, error_code="E203-timeout"), NOW) == Decision.RECHECK
    assert policy.decide(FetchState("u", checked_at=NOW, error_code="E202", gone_count=2), NOW) == Decision.RETIRED
    assert policy.decide(ok, NOW, lastmod=NOW - timedelta(minutes=5)) == Decision.RECHECK  # changed since
    old = FetchState("u", checked_at=NOW - timedelta(days=30))
    assert policy.decide(old, NOW, lastmod=NOW - timedelta(days=40)) == Decision.FRESH  # unchanged since
    assert policy.gone_count(FetchState("u", gone_count=1), 410) == 2
    assert policy.gone_count(FetchState("u", gone_count=1), 500) == 0


def test_a_site_source_reads_the_sitemaps_robots_txt_names_and_honours_lastmod(httpserver, tmp_path, options):
    from werkzeug import Response

    hits: list[str] = []
    lastmod = {"/a/1": "2020-01-01", "/a/2": "2020-01-01"}

    def sitemap(request):
        urls = "".join(f"<url><loc>{httpserver.url_for(p)}</loc><lastmod>{lm}</lastmod></url>"
                       for p, lm in lastmod.items())
        return Response(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        f"{urls}</urlset>", content_type="application/xml")

    def page(request):
        hits.append(request.path)
        return Response(page_html(len(hits), "가온테크", "누리바이오"), content_type="text/html; charset=utf-8")

    httpserver.expect_request("/robots.txt").respond_with_data(
        f"User-agent: *\nAllow: /\nSitemap: {httpserver.url_for('/sitemap-news.xml')}\n", content_type="text/plain")
    httpserver.expect_request("/sitemap-news.xml").respond_with_handler(sitemap)
    for p in lastmod:
        httpserver.expect_request(p).respond_with_handler(page)
    src = tmp_path / "sources.toml"
    src.write_text(f"""
[politeness]
delay = 0
allow_loopback = true
[recrawl]
recheck_after = 0
[[source]]
name = "whole-site"
kind = "site"
url = "{httpserver.url_for('/')}"
""", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    first = _ingest(src, url, options)
    assert (first.candidates, first.fetched) == (2, 2) and hits == ["/a/1", "/a/2"]
    # recheck_after is 0, but the sitemap says neither page changed since: neither is asked for.
    second = _ingest(src, url, options)
    assert (second.fresh, hits) == (2, ["/a/1", "/a/2"])
    lastmod["/a/2"] = (datetime.now(timezone.utc) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    third = _ingest(src, url, options)
    assert (third.fresh, third.fetched, hits[-1]) == (1, 1, "/a/2")
    assert count_rows(url, "documents") == 2


def test_atom_feeds_are_read_by_the_same_parser():
    from kdeal.pipeline.discover import feed_links

    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>보도</title>'
            '<entry><title>가</title><link rel="alternate" href="/n/1"/><id>urn:1</id></entry>'
            '<entry><title>나</title><link rel="enclosure" href="/img.jpg"/><link href="https://x.example/n/2"/>'
            '<id>urn:2</id></entry></feed>')
    assert feed_links(atom, "https://x.example/feed") == ["https://x.example/n/1", "https://x.example/n/2"]
