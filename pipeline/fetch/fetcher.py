"""The fetcher: one polite, bounded GET that never raises for a bad page.

Everything that can go wrong with a URL (refused address, robots.txt, status,
timeout, size, content type, redirects) comes back as a ``DocError`` in the
``FetchResult``; only programming errors raise. The fetcher keeps no per-URL
state between runs: the caller passes the validators (ETag, Last-Modified)
it stored, and a 304 returns the stored copy from the raw store.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Mapping
from urllib.parse import urljoin

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from kdeal.errors import DocError, ErrorCode, KdealError

from ..store import RawStore, RecordLocation
from .pacing import Pacer
from .policy import FetchPolicy
from .robots import RobotsRules, origin_of, rules_from_response
from .urls import Resolver, UnresolvedHost, refusal, system_resolver

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
KEPT_HEADERS = ("content-type", "etag", "last-modified", "date", "content-language", "location",
                "retry-after", "cache-control")


@dataclass(frozen=True)
class FetchResult:
    """What one fetch produced. ``body`` is None on error; on a 304 it is the stored copy."""

    url: str
    final_url: str
    status: int | None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    not_modified: bool = False
    error: DocError | None = None
    record: RecordLocation | None = None
    fetched_at: str = ""
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")

    @property
    def etag(self) -> str | None:
        return self.header("etag")

    @property
    def last_modified(self) -> str | None:
        return self.header("last-modified")


@dataclass
class _Attempt:
    status: int | None = None
    headers: CaseInsensitiveDict = field(default_factory=CaseInsensitiveDict)
    body: bytes | None = None
    error: DocError | None = None
    retry_after: float | None = None
    location: str | None = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class Fetcher:
    """Polite GETs with robots.txt, per-host pacing, retries, caps and conditional requests.

    Safe to share between threads: each thread has its own HTTP session, each
    host is paced by ``pacing.Pacer`` (one request in flight, a gap between
    starts), robots.txt is fetched once per origin. ``sleep`` and ``clock`` are
    passed in so tests can watch the waits without waiting; ``resolve`` is the
    DNS lookup used for the address check.
    """

    def __init__(self, policy: FetchPolicy = FetchPolicy(), store: RawStore | None = None,
                 session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, resolve: Resolver = system_resolver):
        self.policy = policy
        self.store = store
        self._given_session = session
        self._local = threading.local()
        self._sleep = sleep
        self._clock = clock
        self._resolve = resolve
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.pacer = Pacer(policy, clock=clock, sleep=sleep)
        self.waits = self.pacer.waits  # every wait, for pacing and for retries (tests watch them)

    @property
    def session(self) -> requests.Session:
        """This thread's session (the one given, for the thread that made the fetcher)."""
        session = getattr(self._local, "session", None)
        if session is None:
            given, self._given_session = self._given_session, None
            session = given or requests.Session()
            session.headers["User-Agent"] = self.policy.user_agent
            session.max_redirects = self.policy.max_redirects
            self._local.session = session
        return session

    # -- politeness ------------------------------------------------------------------------------
    def _crawl_delay(self, url: str) -> float | None:
        if not self.policy.robots:
            return None
        rules = self._robots.get(origin_of(url))
        crawl_delay = rules.crawl_delay(self.policy.user_agent) if rules else None
        return min(crawl_delay, self.policy.max_retry_after) if crawl_delay else None

    def ready_at(self, url: str) -> float:
        """When the host of ``url`` may next be asked (for schedulers choosing among hosts)."""
        return self.pacer.ready_at(url)

    def robots_for(self, url: str) -> RobotsRules:
        origin = origin_of(url)
        with self._guard:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            rules = self._robots.get(origin)
            if rules is None:
                rules = self._fetch_robots(origin)
                self._robots[origin] = rules
        return rules

    def robots_refusal(self, url: str) -> str | None:
        """Why robots.txt forbids fetching ``url``; None when it is allowed, robots.txt is not
        honoured, or the URL is refused for another reason (``fetch`` reports that one)."""
        p = self.policy
        if not p.robots or refusal(url, p, self._resolve):
            return None
        rules = self.robots_for(url)
        if rules.allowed(url, p.user_agent):
            return None
        return rules.reason or "disallowed by robots.txt"

    def _fetch_robots(self, origin: str) -> RobotsRules:
        robots_url = origin + "/robots.txt"
        attempt = self._get_once(robots_url, {}, max_bytes=512 * 1024, check_type=False)
        if attempt.error is not None and attempt.status is None:
            return rules_from_response(origin, None, None, attempt.error.message)
        if attempt.status is not None and 300 <= attempt.status < 400:
            # Redirected robots.txt: follow one hop on the same origin only.
            target = urljoin(robots_url, attempt.location or "")
            if origin_of(target) == origin and target != robots_url:
                attempt = self._get_once(target, {}, max_bytes=512 * 1024, check_type=False)
            return rules_from_response(origin, attempt.status if attempt.status and attempt.status < 300
                                       else 404, (attempt.body or b"").decode("utf-8", "replace"))
        return rules_from_response(origin, attempt.status, (attempt.body or b"").decode("utf-8", "replace"))

    # -- one request -----------------------------------------------------------------------------
    def _get_once(self, url: str, headers: Mapping[str, str], max_bytes: int, check_type: bool = True) -> _Attempt:
        """One request, holding the host's turn from the wait before it to the end of its body."""
        with self.pacer.turn(url, self._crawl_delay(url)) as turn:
            attempt = self._request(url, headers, max_bytes, check_type, turn)
            turn.status = attempt.status
            return attempt

    def _request(self, url: str, headers: Mapping[str, str], max_bytes: int, check_type: bool,
                 turn: Any) -> _Attempt:
        p = self.policy
        started = self._clock()
        try:
            resp = self.session.get(url, headers=dict(headers), stream=True, allow_redirects=False,
                                    timeout=(p.connect_timeout, p.read_timeout))
        except requests.exceptions.Timeout as e:
            return _Attempt(error=DocError(ErrorCode.TIMEOUT, url, f"timed out: {type(e).__name__}"))
        except requests.exceptions.RequestException as e:
            return _Attempt(error=DocError(ErrorCode.FETCH, url, f"request failed: {type(e).__name__}: {e}"))
        turn.answered_at = self._clock()
        turn.latency = turn.answered_at - started
        with resp:
            out = _Attempt(status=resp.status_code, headers=resp.headers, location=resp.headers.get("location"))
            out.retry_after = parse_retry_after(resp.headers.get("retry-after"))
            if resp.status_code != 200:
                return out
            mtype = (resp.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
            if check_type and mtype and mtype not in p.allowed_types and not mtype.endswith("+xml"):
                out.error = DocError(ErrorCode.CONTENT_TYPE, url, f"content type {mtype} is not a page or a feed")
                return out
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                out.error = DocError(ErrorCode.BODY_TOO_LARGE, url,
                                     f"Content-Length {int(declared):,} exceeds the limit of {max_bytes:,} bytes")
                return out
            chunks: list[bytes] = []
            size = 0
            try:
                # decode_content=True: the cap counts decompressed bytes, so a gzip bomb stops here.
                for chunk in resp.raw.stream(64 * 1024, decode_content=True):
                    size += len(chunk)
                    if size > max_bytes:
                        out.error = DocError(ErrorCode.BODY_TOO_LARGE, url,
                                             f"body exceeds the limit of {max_bytes:,} bytes (after decompression)")
                        return out
                    chunks.append(chunk)
                    if self._clock() - started > p.total_timeout:
                        out.error = DocError(ErrorCode.TIMEOUT, url,
                                             f"body took longer than {p.total_timeout:g}s in total")
                        return out
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as e:
                # A read timeout mid-body, a broken connection or corrupt compressed data.
                timed_out = isinstance(e, urllib3.exceptions.ReadTimeoutError) or "timed out" in str(e).lower()
                out.error = DocError(ErrorCode.TIMEOUT if timed_out else ErrorCode.FETCH, url,
                                     f"reading the body failed: {type(e).__name__}: {e}")
                return out
            out.body = b"".join(chunks)
            return out

    # -- public ----------------------------------------------------------------------------------
    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              role: str = "page") -> FetchResult:
        """GET ``url`` politely; errors come back in ``FetchResult.error``, never raised.

        ``role`` is archived with the response: ``page`` for what ingest extracts,
        ``discovery`` for feeds, sitemaps and list pages (which ``extract
        --from-store`` leaves out, as ingest does).
        """
        p = self.policy
        current = url
        seen = {url}
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        attempts = 0
        redirects = 0
        while True:
            why, unresolved = self._refusal(current)
            if unresolved is not None:
                return self._fail(url, current, None, ErrorCode.FETCH, unresolved, attempts)
            if why:
                return self._fail(url, current, None, ErrorCode.URL_REFUSED, why, attempts)
            if p.robots and not self.robots_for(current).allowed(current, p.user_agent):
                rules = self._robots[origin_of(current)]
                reason = rules.reason or "disallowed by robots.txt"
                return self._fail(url, current, None, ErrorCode.ROBOTS, reason, attempts)
            attempt = self._with_retries(current, conditional if current == url else {})
            attempts += attempt[1]
            a = attempt[0]
            if a.error is not None and a.status in (None, 200):
                return FetchResult(url, current, a.status, _kept(a.headers), None, error=a.error,
                                   fetched_at=_now(), attempts=attempts)
            status = a.status or 0
            if status in (301, 302, 303, 307, 308):
                if not a.location:
                    return self._fail(url, current, status, ErrorCode.HTTP_STATUS, "redirect without Location",
                                      attempts)
                target = urljoin(current, a.location)
                redirects += 1
                if target in seen:
                    return self._fail(url, target, status, ErrorCode.REDIRECTS,
                                      f"redirect loop after {redirects} redirects", attempts)
                if redirects > p.max_redirects:
                    return self._fail(url, target, status, ErrorCode.REDIRECTS,
                                      f"more than {p.max_redirects} redirects", attempts)
                seen.add(target)
                current = target
                continue
            if status == 304:
                return self._not_modified(url, current, a, attempts)
            if status != 200:
                msg = f"HTTP {status}"
                if status in RETRY_STATUSES:
                    msg += f" after {attempts} attempts"
                    if a.retry_after is not None and a.retry_after > p.max_retry_after:
                        msg += f" (Retry-After {a.retry_after:g}s exceeds the limit of {p.max_retry_after:g}s)"
                return self._fail(url, current, status, ErrorCode.HTTP_STATUS, msg, attempts, a.headers)
            body = a.body or b""
            fetched_at = _now()
            location = None
            if self.store is not None:
                try:
                    location = self.store.put(url, current, status, dict(a.headers), body, fetched_at, role=role)
                except KdealError as e:
                    return FetchResult(url, current, status, _kept(a.headers), body,
                                       error=DocError(ErrorCode.STORE, url, str(e)), fetched_at=fetched_at,
                                       attempts=attempts)
            return FetchResult(url, current, status, _kept(a.headers), body, record=location,
                               fetched_at=fetched_at, attempts=attempts)

    def _refusal(self, url: str) -> tuple[str | None, str | None]:
        """(why ``url`` is refused, None), or (None, why its host did not resolve after the retries)."""
        p = self.policy
        n = 0
        while True:
            n += 1
            try:
                return refusal(url, p, self._resolve), None
            except UnresolvedHost as e:
                if n > p.retries:
                    return None, f"{e} (after {n} attempts)"
                wait = p.backoff * (2 ** (n - 1))
                log.info("retrying %s in %.1fs (%s)", url, wait, e)
                self.waits.append(wait)
                self._sleep(wait)

    def _with_retries(self, url: str, headers: Mapping[str, str]) -> tuple[_Attempt, int]:
        p = self.policy
        n = 0
        while True:
            n += 1
            a = self._get_once(url, headers, p.max_bytes)
            retriable = (a.status in RETRY_STATUSES) or (a.status is None and a.error is not None
                                                          and a.error.code in (ErrorCode.FETCH, ErrorCode.TIMEOUT))
            if not retriable or n > p.retries:
                return a, n
            wait = p.backoff * (2 ** (n - 1))
            if a.retry_after is not None:
                if a.retry_after > p.max_retry_after:
                    return a, n
                wait = max(wait, a.retry_after)
            log.info("retrying %s in %.1fs (%s)", url, wait, a.status or a.error)
            self.waits.append(wait)
            self._sleep(wait)

    def _not_modified(self, url: str, final_url: str, a: _Attempt, attempts: int) -> FetchResult:
        body = None
        location = None
        if self.store is not None:
            record = self.store.latest(url)
            if record is not None:
                try:
                    body = self.store.body(record)
                    location = record.location
                except KdealError as e:
                    log.warning("304 for %s but the stored copy is unreadable: %s", url, e)
        return FetchResult(url, final_url, 304, _kept(a.headers), body, not_modified=True, record=location,
                           fetched_at=_now(), attempts=attempts)

    def _fail(self, url: str, final_url: str, status: int | None, code: ErrorCode, message: str, attempts: int,
              headers: Mapping[str, str] | None = None) -> FetchResult:
        log.info("not fetched %s: %s", url, message)
        return FetchResult(url, final_url, status, _kept(headers or {}), None,
                           error=DocError(code, url, message), fetched_at=_now(), attempts=attempts)


def _kept(headers: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((k.lower(), v) for k, v in headers.items() if k.lower() in KEPT_HEADERS)
