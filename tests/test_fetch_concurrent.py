"""Several hosts at once, each at its own polite pace; results in input order.

Real HTTP servers on 127.0.0.2, 127.0.0.3 ... record when each request
arrived, server-side, so politeness is checked where it matters: at the host.
Speed is measured in benchmarks/bench_ingest.py, not here.
"""
from __future__ import annotations

import random

import pytest
from hostsupport import MultiSite
from kdeal.pipeline.fetch import Fetcher, FetchPolicy
from kdeal.pipeline.fetch.pacing import HostPace, Pacer, host_key
from kdeal.pipeline.fetch.policy import HostPolicy, user_agent_for
from kdeal.pipeline.fetch.scheduler import OrderedFetch, Request

import kdeal


@pytest.fixture
def site():
    s = MultiSite(hosts=3, pages=4, latency=0.05).start()
    yield s
    s.stop()


def _policy(**kw) -> FetchPolicy:
    base = dict(delay=0.3, jitter=0.0, robots=False, retries=0, allow_loopback=True)
    base.update(kw)
    return FetchPolicy(**base)


def _urls(site: MultiSite) -> list[str]:
    """Host by host, as discovery yields them (each source's items together)."""
    return [f"{site.base(n)}/news/{i}" for n in range(site.hosts) for i in range(site.pages)]


def test_pages_of_several_hosts_come_back_in_input_order_and_no_host_is_asked_faster_than_its_delay(site):
    urls = _urls(site)
    crawl = OrderedFetch(Fetcher(_policy(concurrency=8)), concurrency=8)
    results = list(crawl.run(urls, Request))
    assert [item for item, _ in results] == urls
    assert all(r.ok and r.final_url == u for u, r in results)
    assert len(site.hits) == len(urls)
    assert site.min_gap() >= 0.3
    # The hosts were asked at the same time: each host's first request came before any host's second.
    firsts = [site.requests_for(n)[0].at for n in range(site.hosts)]
    seconds = [site.requests_for(n)[1].at for n in range(site.hosts)]
    assert max(firsts) < min(seconds)


def test_with_concurrency_one_there_is_one_request_at_a_time(site):
    urls = _urls(site)[:6]
    out = list(OrderedFetch(Fetcher(_policy(delay=0.0)), concurrency=1).run(urls, Request))
    assert [i for i, _ in out] == urls
    times = sorted(h.at for h in site.hits)
    assert min(b - a for a, b in zip(times, times[1:])) >= site.latency  # each waited for the answer before


def test_items_without_a_request_pass_through_in_their_place(site):
    items = ["skip-a", *_urls(site)[:3], "skip-b"]
    out = list(OrderedFetch(Fetcher(_policy(delay=0.0)), concurrency=4)
               .run(items, lambda x: None if x.startswith("skip") else Request(x)))
    assert [i for i, _ in out] == items
    assert out[0][1] is None and out[-1][1] is None and out[1][1].ok


def test_a_stop_request_ends_the_run_after_the_item_handed_back(site):
    urls = _urls(site)
    seen: list[str] = []
    crawl = OrderedFetch(Fetcher(_policy(delay=0.0)), concurrency=4, stop=lambda: len(seen) >= 2)
    for item, _ in crawl.run(urls, Request):
        seen.append(item)
    assert seen == urls[:2]


def test_per_host_overrides_and_the_user_agent_reach_the_hosts(site):
    slow = host_key(site.base(0))
    policy = _policy(delay=0.0, contact="https://ops.example.org/crawler", hosts=((slow, HostPolicy(delay=0.4)),))
    list(OrderedFetch(Fetcher(policy), concurrency=4).run(_urls(site), Request))
    gaps0 = [b.at - a.at for a, b in zip(site.requests_for(0), site.requests_for(0)[1:])]
    assert min(gaps0) >= 0.4
    assert {h.user_agent for h in site.hits} == {
        f"kdeal/{kdeal.__version__} (+https://ops.example.org/crawler; Korean deal-record research crawler; "
        "honours robots.txt)"}
    assert user_agent_for(None).startswith(f"kdeal/{kdeal.__version__} (")


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.sleeps.append(s)
        self.now += s


def test_jitter_only_lengthens_the_gap():
    clock = _Clock()
    pacer = Pacer(_policy(delay=1.0, jitter=0.5), clock=clock, sleep=clock.sleep, rng=random.Random(7))
    starts = []
    for _ in range(20):
        with pacer.turn("http://a.example/x"):
            starts.append(clock.now)
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert min(gaps) >= 1.0 and max(gaps) <= 1.5 and len({round(g, 6) for g in gaps}) > 5


def test_the_adaptive_delay_follows_slow_answers_backs_off_on_429_and_never_goes_below_the_floor():
    pace = HostPace(floor=0.5, max_delay=8.0, jitter=0.0, adaptive=True)
    pace.observe(200, 2.0)  # a slow answer: halfway towards its latency, at least the latency
    assert pace.delay == 2.0
    pace.observe(200, 0.01)  # fast answers bring it back down, never below the floor
    for _ in range(10):
        pace.observe(200, 0.01)
    assert pace.delay == 0.5
    pace.observe(429, None)
    pace.observe(503, None)
    assert pace.delay == 2.0
    for _ in range(5):
        pace.observe(429, None)
    assert pace.delay == 8.0  # the maximum
    pace.observe(404, 0.01)  # a fast error page does not speed the host up
    assert pace.delay == 8.0
    fixed = HostPace(floor=0.5, max_delay=8.0, jitter=0.0, adaptive=False)
    fixed.observe(429, 3.0)
    assert fixed.delay == 0.5


def test_robots_crawl_delay_raises_the_floor_of_a_host():
    clock = _Clock()
    pacer = Pacer(_policy(delay=0.5), clock=clock, sleep=clock.sleep)
    with pacer.turn("http://a.example/1", crawl_delay=3.0):
        pass
    with pacer.turn("http://a.example/2", crawl_delay=3.0):
        pass
    with pacer.turn("http://b.example/1"):
        pass
    assert clock.sleeps == [3.0]  # b.example is another host: no wait


def test_an_unresolvable_host_is_retried_like_a_network_failure_then_reported_as_a_fetch_error():
    calls: list[str] = []

    def flaky(host: str) -> list[str]:
        calls.append(host)
        raise OSError(-3, "Temporary failure in name resolution")

    clock = _Clock()
    fetcher = Fetcher(_policy(retries=2, backoff=0.5), sleep=clock.sleep, clock=clock, resolve=flaky)
    result = fetcher.fetch("http://news.invalid-host.example/a")
    assert len(calls) == 3 and clock.sleeps == [0.5, 1.0]
    assert result.error.code.value == "E200-fetch" and "cannot resolve host" in result.error.message
