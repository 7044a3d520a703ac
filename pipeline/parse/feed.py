"""RSS 2.0 and Atom feeds: each item is an article of its own."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from kdeal.errors import ErrorCode, InputError
from kdeal.records import Article

from .dates import to_iso

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.I)


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


def _iso_date(value: str | None) -> str | None:
    """ISO 8601; a feed date without a zone is taken as Korea time (see dates.py)."""
    return to_iso(value)


def parse_feed(xml: str, doc_id: str, origin: str | None = None) -> list[Article]:
    """One Article per item; ids are ``doc_id#N`` (N counts items from 1)."""
    origin = origin or doc_id
    soup = BeautifulSoup(xml, "xml")
    channel_title = None
    chan = soup.find("channel") or soup.find("feed")
    if chan is not None and chan.find("title") is not None:
        channel_title = chan.find("title").get_text(strip=True) or None
    items = soup.find_all("item") or soup.find_all("entry")
    if not items:
        raise InputError(ErrorCode.NO_TEXT, origin, "the feed has no items")
    articles = []
    for n, item in enumerate(items, 1):
        def field(*names: str) -> str | None:
            for name in names:
                el = item.find(name)
                if el is not None:
                    if name == "link" and el.get("href"):
                        return el["href"]
                    txt = el.get_text()
                    if txt and txt.strip():
                        return txt.strip()
            return None

        title = field("title")
        body = field("content:encoded", "encoded", "content", "description", "summary") or ""
        body_text = _html_to_text(body)
        text = "\n\n".join(p for p in (title, body_text) if p)
        if not text.strip():
            continue
        articles.append(Article(
            doc_id=f"{doc_id}#{n}",
            text=text,
            url=field("link", "guid", "id"),
            title=title,
            published=_iso_date(field("pubDate", "published", "updated", "dc:date", "date")),
            author=field("author", "dc:creator", "creator"),
            outlet=channel_title,
            origin=f"{origin}#{n}",
        ))
    if not articles:
        raise InputError(ErrorCode.NO_TEXT, origin, "the feed's items have no text")
    return articles
