"""RSS 0.9x/1.0/2.0 and Atom feeds, read by feedparser: each item is an article of its own.

One parser serves both the parse stage (items as articles) and discovery
(item links). The text given here is already decoded (``decode_bytes`` weighs
the HTTP charset, the declaration and the bytes); feedparser gets it as UTF-8
with that charset declared, so a feed that claims EUC-KR but is UTF-8 is not
decoded twice, and as a stream, so it never takes the text for a URL or a
file name.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import feedparser
from bs4 import BeautifulSoup

from kdeal.errors import ErrorCode, InputError
from kdeal.records import Article

from .dates import to_iso

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_UTF8_XML = {"content-type": "application/xml; charset=utf-8"}


@dataclass(frozen=True)
class FeedItem:
    """One item as the feed gives it: link, title and body as text, dates and author as written."""

    link: str | None
    title: str | None
    body: str
    published: str | None
    author: str | None


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: tuple[FeedItem, ...]


def is_feed(text: str) -> bool:
    return bool(_FEED_ROOT.search(text[:2048]))


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    soup = BeautifulSoup(fragment, "lxml")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks = [b.get_text(" ", strip=True) for b in soup.find_all(["p", "li"])]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else soup.get_text().strip()


def _text_of(detail: Any, value: str | None) -> str | None:
    """A feed field as plain text (feedparser keeps HTML fields as HTML)."""
    if not value or not value.strip():
        return None
    kind = (detail or {}).get("type", "text/plain") if hasattr(detail, "get") else "text/plain"
    return (_html_to_text(value) if kind in _HTML_TYPES else value.strip()) or None


def _body(entry: Any) -> str:
    for content in entry.get("content") or ():
        text = _text_of(content, content.get("value"))
        if text:
            return text
    return _text_of(entry.get("summary_detail"), entry.get("summary")) or ""


def _link(entry: Any) -> str | None:
    for link in entry.get("links") or ():
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link["href"].strip()
    if entry.get("link"):
        return entry["link"].strip()
    if entry.get("id") and entry.get("guidislink", True) and re.match(r"https?://", entry["id"]):
        return entry["id"].strip()
    return None


def read_feed(text: str) -> Feed:
    """The feed's title and items, in feed order (an item without any text is kept, with an empty body)."""
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_UTF8_XML,
                              sanitize_html=False, resolve_relative_uris=False)
    items = tuple(FeedItem(link=_link(e), title=_text_of(e.get("title_detail"), e.get("title")), body=_body(e),
                           published=e.get("published") or e.get("updated") or e.get("dc_date"),
                           author=e.get("author")) for e in parsed.entries)
    channel = parsed.get("feed", {})
    return Feed(title=_text_of(channel.get("title_detail"), channel.get("title")), items=items)


def parse_feed(xml: str, doc_id: str, origin: str | None = None) -> list[Article]:
    """One Article per item; ids are ``doc_id#N`` (N counts items from 1)."""
    origin = origin or doc_id
    feed = read_feed(xml)
    if not feed.items:
        raise InputError(ErrorCode.NO_TEXT, origin, "the feed has no items")
    articles = []
    for n, item in enumerate(feed.items, 1):
        text = "\n\n".join(p for p in (item.title, item.body) if p)
        if not text.strip():
            continue
        articles.append(Article(doc_id=f"{doc_id}#{n}", text=text, url=item.link, title=item.title,
                                published=to_iso(item.published), author=item.author, outlet=feed.title,
                                origin=f"{origin}#{n}"))
    if not articles:
        raise InputError(ErrorCode.NO_TEXT, origin, "the feed's items have no text")
    return articles
