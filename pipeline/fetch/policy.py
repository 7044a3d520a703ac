"""Politeness and safety limits for fetching: one options object, set from the sources file."""
from __future__ import annotations

from dataclasses import dataclass

import kdeal

CRAWLER_DESCRIPTION = "Korean deal-record research crawler; honours robots.txt"
DEFAULT_TYPES = ("text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
                 "application/xml", "text/xml", "application/rdf+xml", "text/plain")
DEFAULT_CONCURRENCY = 8
DEFAULT_JITTER = 0.1
DEFAULT_MAX_DELAY = 60.0
# Pages read ahead of the oldest one not yet stored: enough for many hosts to be in flight together,
# few enough that fetched bodies waiting for their turn stay small.
DEFAULT_MAX_AHEAD = 256


def user_agent_for(contact: str | None) -> str:
    """``kdeal/VERSION (+CONTACT; …)``: the version and where a site owner can reach the operator."""
    who = f"+{contact}; " if contact else ""
    return f"kdeal/{kdeal.__version__} ({who}{CRAWLER_DESCRIPTION})"


@dataclass(frozen=True)
class HostPolicy:
    """Overrides for one host (``[hosts."news.example.com"]`` in the sources file); None keeps the
    global value. ``delay`` may be lower or higher than the global one; robots.txt Crawl-delay still
    raises it."""

    delay: float | None = None
    max_delay: float | None = None
    jitter: float | None = None
    adaptive: bool | None = None

    def __post_init__(self) -> None:
        for name in ("delay", "max_delay", "jitter"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must not be negative")


@dataclass(frozen=True)
class FetchPolicy:
    """How to be polite and safe; scrapy-style politeness is configuration, not code.

    ``delay`` is the minimum gap between a host's answer to one request and
    the next request to it (robots.txt Crawl-delay can raise it, never lower
    it), and one host never has two requests in flight. ``concurrency`` hosts are fetched at once.
    With ``adaptive`` the gap follows the host's response time (AutoThrottle:
    a slow host is asked less often) and doubles after a 429 or 503, up to
    ``max_delay``, never below ``delay``; ``jitter`` adds a random 0..jitter
    share of the gap, so requests do not tick like a clock (it only lengthens
    the gap). ``hosts`` holds per-host overrides (``HostPolicy``), keyed by
    host name or ``host:port``. ``retries`` counts extra attempts after
    429/5xx or a network failure (an unresolvable host name included); waits
    grow by ``backoff`` doubling, and a server's Retry-After is honoured up to
    ``max_retry_after`` (a longer demand fails the URL rather than stalling
    the run). ``max_bytes`` caps the body after decompression too, so a gzip
    bomb stops at the cap. Loopback, private and link-local addresses are
    refused unless allowed explicitly (tests allow loopback). ``contact`` (a
    URL or e-mail address) goes into the user agent, so a site owner can
    reach whoever runs the crawler; ``user_agent`` replaces the whole string.
    """

    user_agent: str = ""
    contact: str | None = None
    delay: float = 1.0
    concurrency: int = DEFAULT_CONCURRENCY
    max_ahead: int = DEFAULT_MAX_AHEAD
    jitter: float = DEFAULT_JITTER
    adaptive: bool = True
    max_delay: float = DEFAULT_MAX_DELAY
    robots: bool = True
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 120.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    allowed_types: tuple[str, ...] = DEFAULT_TYPES
    allow_private_hosts: bool = False
    allow_loopback: bool = False
    hosts: tuple[tuple[str, HostPolicy], ...] = ()

    def __post_init__(self) -> None:
        if not self.user_agent:
            object.__setattr__(self, "user_agent", user_agent_for(self.contact))
        for name in ("delay", "backoff", "max_retry_after", "jitter", "max_delay"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.retries < 0 or self.max_redirects < 0 or self.max_bytes <= 0:
            raise ValueError("retries and max_redirects must be >= 0 and max_bytes > 0")
        if self.concurrency < 1 or self.max_ahead < 1:
            raise ValueError("concurrency and max_ahead must be at least 1")

    def for_host(self, netloc: str) -> HostPolicy:
        """The overrides for ``netloc`` (``host:port`` first, then the bare host name)."""
        netloc = netloc.lower()
        table = dict(self.hosts)
        return table.get(netloc) or table.get(netloc.rsplit(":", 1)[0]) or HostPolicy()
