"""robots.txt, fetched once per origin and kept for the life of a Fetcher.

Parsing is protego's (the maintained parser scrapy uses). A missing robots.txt
(4xx) allows everything; an unreachable one (5xx, network failure) disallows
everything for that run, as RFC 9309 asks, because the server may be
struggling.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego


@dataclass(frozen=True)
class RobotsRules:
    origin: str
    parser: Protego | None
    allow_all: bool = False
    disallow_all: bool = False
    reason: str = ""

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return self.parser.can_fetch(url, user_agent)

    def sitemaps(self) -> list[str]:
        """The URLs of the ``Sitemap:`` lines, in file order."""
        return list(self.parser.sitemaps) if self.parser is not None else []

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def rules_from_response(origin: str, status: int | None, text: str | None, reason: str = "") -> RobotsRules:
    if status is None or status >= 500 or status == 429:
        return RobotsRules(origin, None, disallow_all=True, reason=reason or f"robots.txt unavailable ({status})")
    if status >= 400:
        return RobotsRules(origin, None, allow_all=True, reason=f"no robots.txt ({status})")
    return RobotsRules(origin, Protego.parse(text or ""))
