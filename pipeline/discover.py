"""Discovery: turn the configured sources into candidate URLs (or local files) to fetch.

Feeds give their item links, sitemaps their ``<loc>`` entries (sitemap
indexes are followed one level down), list pages the links matched by the
source's CSS selector, following the "next page" link up to ``max_pages``.
Discovery fetches through the same polite ``Fetcher`` as everything else. A
source that cannot be read is reported through ``on_error`` and the other
sources still run; a URL found twice is yielded once.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Protocol
from urllib.parse import urldefrag, urljoin

from bs4 import BeautifulSoup

from kdeal.errors import DocError, ErrorCode, InputError

from .decode import decode_bytes
from .parse.feed import feed_soup
from .sources import SourcesConfig, SourceSpec

log = logging.getLogger(__name__)

LOCAL_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".jsonl", ".ndjson", ".txt", ".warc",
                  ".warc.gz")
MAX_SITEMAPS = 50


@dataclass(frozen=True)
class Candidate:
    """Something to fetch (or, for a local source, to read): its URL or path, source and kind."""

    url: str
    source: str
    kind: str


class _FetchLike(Protocol):
    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None): ...

    def robots_refusal(self, url: str) -> str | None: ...


def _get_text(fetcher: _FetchLike, url: str) -> str:
    result = fetcher.fetch(url)
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
    """Item links of an RSS 2.0, RSS 1.0 or Atom feed, in feed order."""
    soup = feed_soup(xml, base)
    links: list[str] = []
    for item in soup.find_all(["item", "entry"]):
        href = None
        for link in item.find_all("link"):
            if link.get("href") and link.get("rel") in (None, "alternate"):
                href = link["href"]
                break
            if link.get_text(strip=True):
                href = link.get_text(strip=True)
                break
        if href is None:
            guid = item.find("guid")
            if guid is not None and guid.get("isPermaLink", "true") != "false" and guid.get_text(strip=True):
                href = guid.get_text(strip=True)
        if href:
            links.append(urljoin(base, href.strip()))
    return links


def sitemap_entries(xml: str, base: str) -> tuple[list[str], list[str]]:
    """(page URLs, child sitemap URLs) of a sitemap or sitemap index (news sitemaps included)."""
    soup = BeautifulSoup(xml, "xml")
    pages = [urljoin(base, loc.get_text(strip=True)) for u in soup.find_all("url")
             for loc in u.find_all("loc", limit=1) if loc.get_text(strip=True)]
    children = [urljoin(base, loc.get_text(strip=True)) for s in soup.find_all("sitemap")
                for loc in s.find_all("loc", limit=1) if loc.get_text(strip=True)]
    return pages, children


def list_page_links(html: str, base: str, link_selector: str, next_selector: str | None) -> tuple[list[str], str | None]:
    soup = BeautifulSoup(html, "lxml")
    links = [urljoin(base, a["href"].strip()) for a in soup.select(link_selector) if a.get("href")]
    next_url = None
    if next_selector:
        nxt = soup.select_one(next_selector)
        if nxt is not None and nxt.get("href"):
            next_url = urljoin(base, nxt["href"].strip())
    return [u for u in links if u.startswith(("http://", "https://"))], next_url


def _source_urls(spec: SourceSpec, fetcher: _FetchLike) -> Iterator[str]:
    if spec.kind == "urls":
        yield from spec.urls
    elif spec.kind in ("rss", "atom"):
        yield from feed_links(_get_text(fetcher, spec.url), spec.url)
    elif spec.kind == "sitemap":
        queue, seen = [spec.url], set()
        while queue and len(seen) < MAX_SITEMAPS:
            sm = queue.pop(0)
            if sm in seen:
                continue
            seen.add(sm)
            pages, children = sitemap_entries(_get_text(fetcher, sm), sm)
            yield from pages
            if sm == spec.url:  # follow an index one level down only
                queue.extend(children)
    elif spec.kind == "list":
        page_url: str | None = spec.url
        visited: set[str] = set()
        while page_url and page_url not in visited and len(visited) < spec.max_pages:
            visited.add(page_url)
            links, page_url = list_page_links(_get_text(fetcher, page_url), page_url, spec.link_selector or "a",
                                              spec.next_selector)
            yield from links
    elif spec.kind == "local":
        root = Path(spec.path or ".")
        if not root.exists():
            raise InputError(ErrorCode.NOT_FOUND, str(root), "no such file or folder")
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in files:
            if p.name.lower().endswith(LOCAL_SUFFIXES) and not p.name.startswith("."):
                yield str(p.resolve())


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
            for url in _source_urls(spec, fetcher):
                url = urldefrag(url)[0] if spec.kind != "local" else url
                if url in seen:
                    continue
                seen.add(url)
                why = fetcher.robots_refusal(url) if on_disallowed is not None and spec.kind != "local" else None
                if why is not None:
                    on_disallowed(DocError(ErrorCode.ROBOTS, f"source {spec.name}: {url}", why, url))  # type: ignore[misc]
                    continue
                yield Candidate(url=url, source=spec.name, kind=spec.kind)
                count += 1
                if spec.max_items is not None and count >= spec.max_items:
                    break
        except InputError as e:
            err = DocError(e.error.code, f"source {spec.name}: {e.error.origin}", e.error.message)
            log.warning("discovery failed: %s", err)
            if on_error is not None:
                on_error(err)
