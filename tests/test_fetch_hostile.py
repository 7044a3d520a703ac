"""The fetcher against a real HTTP server on 127.0.0.1, one hostile case per test.

Waits are recorded by a fake ``sleep`` instead of being slept, except where
the case is about real time (timeouts), which use sub-second limits.
"""
from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from kdeal.pipeline.fetch import Fetcher, FetchPolicy
from kdeal.pipeline.store import RawStore
from werkzeug.wrappers import Response

from kdeal.errors import ErrorCode

FIXTURES = Path(__file__).parent / "fixtures" / "html"
HTML = "text/html; charset=utf-8"


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def policy(**kw) -> FetchPolicy:
    base = dict(delay=0.0, jitter=0.0, adaptive=False, retries=2, backoff=0.5, allow_loopback=True,
                connect_timeout=2, read_timeout=2,
                max_bytes=1_000_000)
    base.update(kw)
    return FetchPolicy(**base)


@pytest.fixture
def robots(httpserver):
    def serve(text: str = "User-agent: *\nAllow: /\n") -> None:
        httpserver.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")
    return serve


@pytest.fixture
def store(tmp_path):
    with RawStore(tmp_path / "store") as s:
        yield s


def test_fixture_page_is_fetched_archived_and_sent_with_a_project_user_agent(httpserver, robots, store):
    robots()
    page = (FIXTURES / "fundus__MBN_2025_05_28.html").read_bytes()
    httpserver.expect_request("/news/1").respond_with_data(page, content_type=HTML, headers={"ETag": '"v1"'})
    result = Fetcher(policy(), store=store).fetch(httpserver.url_for("/news/1"))
    assert result.ok and result.status == 200 and result.body == page
    assert result.etag == '"v1"' and result.record is not None
    assert store.body(store.latest(result.url)) == page
    agents = {req.headers.get("User-Agent") for req, _ in httpserver.log}
    assert all(a and a.startswith("kdeal/") for a in agents)


def test_robots_disallowed_path_is_not_requested(httpserver, robots):
    robots("User-agent: *\nDisallow: /private/\n")
    httpserver.expect_request("/private/a").respond_with_data("secret", content_type=HTML)
    result = Fetcher(policy()).fetch(httpserver.url_for("/private/a"))
    assert result.error.code is ErrorCode.ROBOTS and result.body is None
    assert [req.path for req, _ in httpserver.log] == ["/robots.txt"]


def test_robots_is_fetched_once_per_host_and_its_crawl_delay_spaces_requests(httpserver, robots):
    robots("User-agent: *\nCrawl-delay: 3\n")
    httpserver.expect_request("/a").respond_with_data("<p>가</p>", content_type=HTML)
    sleep = FakeSleep()
    fetcher = Fetcher(policy(delay=0.5), sleep=sleep)
    assert fetcher.fetch(httpserver.url_for("/a")).ok
    assert fetcher.fetch(httpserver.url_for("/a")).ok
    assert [req.path for req, _ in httpserver.log].count("/robots.txt") == 1
    assert sleep.calls and max(sleep.calls) > 2.5  # Crawl-delay 3 wins over delay 0.5


def test_unreachable_robots_txt_disallows_the_host_for_the_run(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("oops", status=503)
    result = Fetcher(policy(retries=0)).fetch(httpserver.url_for("/a"))
    assert result.error.code is ErrorCode.ROBOTS


def test_missing_robots_txt_allows_everything(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("nope", status=404)
    httpserver.expect_request("/a").respond_with_data("<p>나</p>", content_type=HTML)
    assert Fetcher(policy()).fetch(httpserver.url_for("/a")).ok


def test_304_reuses_the_stored_copy(httpserver, robots, store):
    robots()
    body = "<html><body><p>갑사와 을사가 협약을 맺었다.</p></body></html>".encode()
    headers = {"ETag": '"abc"', "Last-Modified": "Tue, 05 Mar 2024 10:00:00 GMT"}
    httpserver.expect_oneshot_request("/p").respond_with_data(body, content_type=HTML, headers=headers)
    httpserver.expect_oneshot_request("/p", headers={"If-None-Match": '"abc"'}).respond_with_data("", status=304)
    fetcher = Fetcher(policy(), store=store)
    first = fetcher.fetch(httpserver.url_for("/p"))
    second = fetcher.fetch(httpserver.url_for("/p"), etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.status == 304 and second.error is None
    assert second.body == body and second.record == first.record
    assert store.count() == 1
    sent = httpserver.log[-1][0].headers
    assert sent["If-Modified-Since"] == "Tue, 05 Mar 2024 10:00:00 GMT"


def test_429_with_retry_after_is_honoured_then_succeeds(httpserver, robots):
    robots()
    httpserver.expect_oneshot_request("/busy").respond_with_data("slow down", status=429,
                                                                 headers={"Retry-After": "7"})
    httpserver.expect_oneshot_request("/busy").respond_with_data("<p>다</p>", content_type=HTML)
    sleep = FakeSleep()
    result = Fetcher(policy(), sleep=sleep).fetch(httpserver.url_for("/busy"))
    assert result.ok and result.attempts == 2
    assert 7 in sleep.calls


def test_retry_after_beyond_the_limit_fails_without_waiting(httpserver, robots):
    robots()
    httpserver.expect_request("/busy").respond_with_data("later", status=429, headers={"Retry-After": "86400"})
    sleep = FakeSleep()
    result = Fetcher(policy(max_retry_after=60), sleep=sleep).fetch(httpserver.url_for("/busy"))
    assert result.error.code is ErrorCode.HTTP_STATUS and "Retry-After" in result.error.message
    assert sleep.calls == []


def test_500_then_200_succeeds_after_a_backoff(httpserver, robots):
    robots()
    httpserver.expect_oneshot_request("/flaky").respond_with_data("boom", status=500)
    httpserver.expect_oneshot_request("/flaky").respond_with_data("<p>라</p>", content_type=HTML)
    sleep = FakeSleep()
    result = Fetcher(policy(backoff=0.5), sleep=sleep).fetch(httpserver.url_for("/flaky"))
    assert result.ok and result.attempts == 2 and sleep.calls == [0.5]


def test_persistent_500_gives_up_after_the_retries(httpserver, robots):
    robots()
    httpserver.expect_request("/down").respond_with_data("boom", status=500)
    sleep = FakeSleep()
    result = Fetcher(policy(retries=2, backoff=1), sleep=sleep).fetch(httpserver.url_for("/down"))
    assert result.error.code is ErrorCode.HTTP_STATUS and result.attempts == 3
    assert sleep.calls == [1, 2]


def test_404_is_an_http_status_error_without_retries(httpserver, robots):
    robots()
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    result = Fetcher(policy()).fetch(httpserver.url_for("/gone"))
    assert result.error.code is ErrorCode.HTTP_STATUS and result.attempts == 1


def test_redirect_loop_is_stopped(httpserver, robots):
    robots()
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    result = Fetcher(policy()).fetch(httpserver.url_for("/a"))
    assert result.error.code is ErrorCode.REDIRECTS and "loop" in result.error.message


def test_redirect_chain_longer_than_the_cap_is_stopped(httpserver, robots):
    robots()
    for i in range(6):
        httpserver.expect_request(f"/r{i}").respond_with_data("", status=301, headers={"Location": f"/r{i + 1}"})
    result = Fetcher(policy(max_redirects=3)).fetch(httpserver.url_for("/r0"))
    assert result.error.code is ErrorCode.REDIRECTS


def test_a_redirect_is_followed_and_archived_under_the_requested_url(httpserver, robots, store):
    robots()
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("<p>마</p>", content_type=HTML)
    result = Fetcher(policy(), store=store).fetch(httpserver.url_for("/old"))
    assert result.ok and result.final_url == httpserver.url_for("/new")
    assert store.latest(httpserver.url_for("/old")).final_url == httpserver.url_for("/new")


def test_response_slower_than_the_read_timeout_is_a_timeout(httpserver, robots):
    robots()

    def slow(request):
        time.sleep(1.5)
        return Response("<p>늦음</p>", content_type=HTML)

    httpserver.expect_request("/slow").respond_with_handler(slow)
    t0 = time.monotonic()
    result = Fetcher(policy(read_timeout=0.3, retries=0)).fetch(httpserver.url_for("/slow"))
    assert result.error.code is ErrorCode.TIMEOUT
    assert time.monotonic() - t0 < 1.4


def test_body_trickling_past_the_total_timeout_is_a_timeout(httpserver, robots):
    robots()

    def trickle(request):
        def gen():
            for _ in range(20):
                time.sleep(0.1)
                yield b"<p>" + b"x" * 70000 + b"</p>"
        return Response(gen(), content_type=HTML)

    httpserver.expect_request("/trickle").respond_with_handler(trickle)
    result = Fetcher(policy(total_timeout=0.5, retries=0, max_bytes=10**8)).fetch(httpserver.url_for("/trickle"))
    assert result.error.code is ErrorCode.TIMEOUT


def test_oversize_body_with_content_length_is_refused(httpserver, robots):
    robots()
    httpserver.expect_request("/big").respond_with_data(b"a" * 200_000, content_type=HTML)
    result = Fetcher(policy(max_bytes=100_000)).fetch(httpserver.url_for("/big"))
    assert result.error.code is ErrorCode.BODY_TOO_LARGE and result.body is None


def test_oversize_chunked_body_without_length_is_cut_at_the_cap(httpserver, robots):
    robots()

    def chunked(request):
        return Response((b"b" * 50_000 for _ in range(10)), content_type=HTML)

    httpserver.expect_request("/stream").respond_with_handler(chunked)
    result = Fetcher(policy(max_bytes=100_000)).fetch(httpserver.url_for("/stream"))
    assert result.error.code is ErrorCode.BODY_TOO_LARGE


def test_gzip_bomb_is_stopped_by_the_decompressed_size_cap(httpserver, robots):
    robots()
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, content_type=HTML, headers={"Content-Encoding": "gzip"})
    result = Fetcher(policy(max_bytes=1_000_000)).fetch(httpserver.url_for("/bomb"))
    assert result.error.code is ErrorCode.BODY_TOO_LARGE
    assert "decompression" in result.error.message


def test_gzip_page_within_the_cap_is_decompressed(httpserver, robots, store):
    robots()
    page = "<p>바사는 아사와 계약했다.</p>".encode() * 100
    httpserver.expect_request("/gz").respond_with_data(gzip.compress(page), content_type=HTML,
                                                        headers={"Content-Encoding": "gzip"})
    result = Fetcher(policy(), store=store).fetch(httpserver.url_for("/gz"))
    assert result.ok and result.body == page
    assert store.body(store.latest(result.url)) == page


def test_non_html_content_type_is_refused_before_reading(httpserver, robots):
    robots()
    httpserver.expect_request("/file.pdf").respond_with_data(b"%PDF-1.4" + b"0" * 1000,
                                                             content_type="application/pdf")
    result = Fetcher(policy()).fetch(httpserver.url_for("/file.pdf"))
    assert result.error.code is ErrorCode.CONTENT_TYPE and result.body is None


def test_loopback_is_refused_unless_the_policy_allows_it(httpserver):
    result = Fetcher(policy(allow_loopback=False)).fetch(httpserver.url_for("/a"))
    assert result.error.code is ErrorCode.URL_REFUSED
    assert len(httpserver.log) == 0


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "http://10.1.2.3/a",
                                 "http://169.254.169.254/latest/meta-data", "http://[::1]/x",
                                 "http://user:pw@example.com/"])
def test_unsafe_urls_are_refused_without_a_request(url):
    result = Fetcher(policy(allow_loopback=False), resolve=lambda host: ["93.184.216.34"]).fetch(url)
    assert result.error.code is ErrorCode.URL_REFUSED


def test_a_public_name_resolving_to_a_private_address_is_refused():
    result = Fetcher(policy(), resolve=lambda host: ["192.168.1.10"]).fetch("http://intranet.example/")
    assert result.error.code is ErrorCode.URL_REFUSED and "private" in result.error.message


def test_redirect_to_a_private_address_is_refused(httpserver, robots):
    robots()
    httpserver.expect_request("/jump").respond_with_data("", status=302,
                                                         headers={"Location": "http://10.0.0.5/admin"})
    result = Fetcher(policy()).fetch(httpserver.url_for("/jump"))
    assert result.error.code is ErrorCode.URL_REFUSED


def test_hostile_responses_leave_earlier_stored_records_intact(httpserver, robots, store):
    robots()
    good = (FIXTURES / "goose3__test_donga_korean.html").read_bytes()
    httpserver.expect_request("/good").respond_with_data(good, content_type=HTML)
    httpserver.expect_request("/bomb").respond_with_data(gzip.compress(b"\0" * 5_000_000), content_type=HTML,
                                                         headers={"Content-Encoding": "gzip"})
    httpserver.expect_request("/pdf").respond_with_data(b"%PDF", content_type="application/pdf")
    httpserver.expect_request("/err").respond_with_data("x", status=500)
    fetcher = Fetcher(policy(max_bytes=1_000_000, retries=0), store=store)
    assert fetcher.fetch(httpserver.url_for("/good")).ok
    for path in ("/bomb", "/pdf", "/err"):
        assert fetcher.fetch(httpserver.url_for(path)).error is not None
    assert store.count() == 1
    assert store.body(store.latest(httpserver.url_for("/good"))) == good


def test_per_host_delay_spaces_requests_to_one_host(httpserver, robots):
    robots()
    httpserver.expect_request("/x").respond_with_data("<p>사</p>", content_type=HTML)
    now = [100.0]
    sleep = FakeSleep()
    fetcher = Fetcher(policy(delay=2.0), sleep=sleep, clock=lambda: now[0])
    fetcher.fetch(httpserver.url_for("/x"))  # robots.txt, then /x: the second request waits 2 s
    assert sleep.calls == [2.0]
    now[0] += 0.5
    fetcher.fetch(httpserver.url_for("/x"))
    assert sleep.calls == [2.0, 1.5]


def test_retry_after_as_an_http_date_is_understood():
    from email.utils import formatdate

    from kdeal.pipeline.fetch import parse_retry_after

    assert parse_retry_after("120") == 120
    assert 55 <= parse_retry_after(formatdate(time.time() + 60, usegmt=True)) <= 60
    assert parse_retry_after("soon") is None
