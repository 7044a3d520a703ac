"""Politeness and safety limits for fetching: one options object, set from the sources file."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_USER_AGENT = "kdeal/0.1 (Korean deal-record research crawler; honours robots.txt)"
DEFAULT_TYPES = ("text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
                 "application/xml", "text/xml", "application/rdf+xml", "text/plain")


@dataclass(frozen=True)
class FetchPolicy:
    """How to be polite and safe; scrapy-style politeness is configuration, not code.

    ``delay`` is the minimum gap between two requests to one host (robots.txt
    Crawl-delay can raise it, never lower it). ``retries`` counts extra
    attempts after 429/5xx or a network failure; waits grow by ``backoff``
    doubling, and a server's Retry-After is honoured up to ``max_retry_after``
    (a longer demand fails the URL rather than stalling the run).
    ``max_bytes`` caps the body after decompression too, so a gzip bomb stops
    at the cap. Loopback, private and link-local addresses are refused unless
    allowed explicitly (tests allow loopback).
    """

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
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

    def __post_init__(self) -> None:
        for name in ("delay", "backoff", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.retries < 0 or self.max_redirects < 0 or self.max_bytes <= 0:
            raise ValueError("retries and max_redirects must be >= 0 and max_bytes > 0")
