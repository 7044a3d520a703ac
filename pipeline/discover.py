"""Discovery: turn the configured sources into candidate URLs (or local files) to fetch.

Feeds give their item links (feedparser reads RSS and Atom), sitemaps their
``<loc>`` entries with their ``<lastmod>`` (sitemap indexes are followed one
level down), a site the sitemaps its robots.txt names on ``Sitemap:`` lines
(``/sitemap.xml`` when it names none), list pages the links matched by the
source's CSS selector, following the "next page" link up to ``max_pages``.
Discovery fetches through the same polite ``Fetcher`` as everything else. A
source that cannot be read is reported through ``on_error`` and the other
sources still run; a URL found twice is yielded once.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup

from kdeal.errors import DocError, ErrorCode, InputError

from .decode import decode_bytes
from .parse.dates import to_iso
from .parse.feed import read_feed
from .sources import SourcesConfig, SourceSpec

log = logging.getLogger(__name__)

LOCAL_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".jsonl", ".ndjson", ".txt", ".warc",
                  ".warc.gz")
MAX_SITEMAPS = 50
_SOURCE_ERROR = re.compile(r"^source ([^:\s]+): ")


@dataclass(frozen=True)
class Candidate:
    """Something to fetch (or, for a local source, to read): its URL or path, source and kind;
    ``lastmod``: when its sitemap says it last changed (None when no sitemap says)."""

    url: str
    source: str
    kind: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class Link:
    """A URL found by discovery, with the sitemap's ``<lastmod>`` for it if any."""

    url: str
    lastmod: datetime | None = None


def parse_lastmod(value: str | None) -> datetime | None:
    """A sitemap ``<lastmod>`` (W3C datetime) as an aware datetime; a bare date is midnight UTC."""
    iso = to_iso(value) if value else None
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


class _FetchLike(Protocol):
    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              role: str = "page"): ...

    def robots_refusal(self, url: str) -> str | None: ...


def _get_text(fetcher: _FetchLike, url: str) -> str:
    result = fetcher.fetch(url, role="discovery")
    if result.error is not None:
        raise InputError(result.error.code, url, result.error.message)
    if result.body is None:
        raise InputError(ErrorCode.EMPTY, url, "no body")
    charset = None
    ctype = result.content_type or ""
    if "charset=" in ctype.lower():
        charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip("\"' ")
    return decode_bytes(result.body, charset, origin=url).text


def feed_links(xml: str, base: str) -> list[str]:
    """Item links of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order."""
    return [urljoin(base, item.link) for item in read_feed(xml).items if item.link]


def sitemap_entries(xml: str, base: str) -> tuple[list[Link], list[str]]:
    """(pages with their lastmod, child sitemap URLs) of a sitemap or sitemap index (news sitemaps
    included)."""
    soup = BeautifulSoup(xml, "xml")
    pages = []
    for u in soup.find_all("url"):
        loc = u.find("loc")
        if loc is None or not loc.get_text(strip=True):
            continue
        lastmod = u.find("lastmod")
        pages.append(Link(urljoin(base, loc.get_text(strip=True)),
                          parse_lastmod(lastmod.get_text(strip=True) if lastmod is not None else None)))
    children = [urljoin(base, loc.get_text(strip=True)) for s in soup.find_all("sitemap")
                for loc in s.find_all("loc", limit=1) if loc.get_text(strip=True)]
    return pages, children


def _sitemap_links(roots: list[str], fetcher: _FetchLike) -> Iterator[Link]:
    """The pages of the sitemaps ``roots``, each followed one level down when it is an index."""
    queue, seen = [(url, True) for url in roots], set()
    while queue and len(seen) < MAX_SITEMAPS:
        sm, is_root = queue.pop(0)
        if sm in seen:
            continue
        seen.add(sm)
        pages, children = sitemap_entries(_get_text(fetcher, sm), sm)
        yield from pages
        if is_root:
            queue.extend((child, False) for child in children)


def site_sitemaps(url: str, fetcher: Any) -> list[str]:
    """The sitemaps a site's robots.txt names (``Sitemap:`` lines), else its ``/sitemap.xml``."""
    rules = fetcher.robots_for(url)
    named = rules.sitemaps()
    return named or [urljoin(url, "/sitemap.xml")]


def list_page_links(html: str, base: str, link_selector: str, next_selector: str | None) -> tuple[list[str], str | None]:
    soup = BeautifulSoup(html, "lxml")
    links = [urljoin(base, a["href"].strip()) for a in soup.select(link_selector) if a.get("href")]
    next_url = None
    if next_selector:
        nxt = soup.select_one(next_selector)
        if nxt is not None and nxt.get("href"):
            next_url = urljoin(base, nxt["href"].strip())
    return [u for u in links if u.startswith(("http://", "https://"))], next_url


def _source_links(spec: SourceSpec, fetcher: Any) -> Iterator[Link]:
    if spec.kind == "urls":
        yield from (Link(u) for u in spec.urls)
    elif spec.kind in ("rss", "atom"):
        yield from (Link(u) for u in feed_links(_get_text(fetcher, spec.url), spec.url))
    elif spec.kind == "sitemap":
        yield from _sitemap_links([spec.url], fetcher)
    elif spec.kind == "site":
        yield from _sitemap_links(site_sitemaps(spec.url, fetcher), fetcher)
    elif spec.kind == "list":
        page_url: str | None = spec.url
        visited: set[str] = set()
        while page_url and page_url not in visited and len(visited) < spec.max_pages:
            visited.add(page_url)
            links, page_url = list_page_links(_get_text(fetcher, page_url), page_url, spec.link_selector or "a",
                                              spec.next_selector)
            yield from (Link(u) for u in links)
    elif spec.kind == "local":
        yield from (Link(p) for p in _local_files(spec))


def _local_files(spec: SourceSpec) -> Iterator[str]:
    root = Path(spec.path or ".")
    if not root.exists():
        raise InputError(ErrorCode.NOT_FOUND, str(root), "no such file or folder")
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for p in files:
        if p.name.lower().endswith(LOCAL_SUFFIXES) and not p.name.startswith("."):
            yield str(p.resolve())


def error_source(err: DocError) -> str | None:
    """The name of the source a discovery error (from ``discover``'s ``on_error``) belongs to."""
    m = _SOURCE_ERROR.match(err.origin)
    return m.group(1) if m else None


def discover(config: SourcesConfig, fetcher: _FetchLike,
             on_error: Callable[[DocError], None] | None = None,
             on_disallowed: Callable[[DocError], None] | None = None) -> Iterator[Candidate]:
    """Candidates from every source in order; each URL once (fragments dropped).

    With ``on_disallowed``, a URL robots.txt forbids is not a candidate: it goes
    to ``on_disallowed`` instead (``kdeal discover`` lists only what would be
    fetched). Without it, such URLs are candidates and fetching reports them.
    """
    seen: set[str] = set()
    for spec in config.sources:
        count = 0
        try:
            for link in _source_links(spec, fetcher):
                url = urldefrag(link.url)[0] if spec.kind != "local" else link.url
                if url in seen:
                    continue
                seen.add(url)
                why = fetcher.robots_refusal(url) if on_disallowed is not None and spec.kind != "local" else None
                if why is not None:
                    on_disallowed(DocError(ErrorCode.ROBOTS, f"source {spec.name}: {url}", why, url))  # type: ignore[misc]
                    continue
                yield Candidate(url=url, source=spec.name, kind=spec.kind, lastmod=link.lastmod)
                count += 1
                if spec.max_items is not None and count >= spec.max_items:
                    break
        except InputError as e:
            err = DocError(e.error.code, f"source {spec.name}: {e.error.origin}", e.error.message)
            log.warning("discovery failed: %s", err)
            if on_error is not None:
                on_error(err)
