"""RSS 0.9x/1.0/2.0 and Atom feeds, read by feedparser: each item is an article of its own.

One parser serves both the parse stage (items as articles) and discovery
(item links). The text given here is already decoded (``decode_bytes`` weighs
the HTTP charset, the declaration and the bytes); feedparser gets it as UTF-8
with that charset declared, so a feed that claims EUC-KR but is UTF-8 is not
decoded twice, and as a stream, so it never takes the text for a URL or a
file name.

Feeds in the wild are often not well-formed XML. Two repairs are made, and
each is reported as a warning (never silently):

- a document type declaration is removed before parsing; the subset's simple
  entities (``<!ENTITY name "text">``) are expanded once, never recursively,
  and HTML entity names an external DTD would define (``&nbsp;``) become their
  characters;
- when feedparser finds the feed not well-formed, its items are read again by
  a lenient tree builder in which a text field left open (``<title>`` without
  ``</title>``) is cut at the first field that follows it, so the title holds
  only its own words and the body is not read twice.
"""
from __future__ import annotations

import html.entities
import io
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable

import feedparser
from bs4 import BeautifulSoup, CData, NavigableString, Tag

from kdeal.errors import DocError, ErrorCode, InputError
from kdeal.records import Article

from .dates import to_iso

log = logging.getLogger(__name__)

Warn = Callable[[DocError], None]

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.I)

_DOCTYPE = re.compile(r"<!DOCTYPE\s[^\[>]*(\[(?P<subset>.*?)\]\s*)?>", re.I | re.S)
_ENTITY_DECL = re.compile(r"""<!ENTITY\s+(?P<name>[A-Za-z_][\w.\-]*)\s+(?P<q>["'])(?P<value>.*?)(?P=q)\s*>""", re.S)
_ENTITY_REF = re.compile(r"&([A-Za-z_][\w.\-]*);")
_DOCTYPE_SCAN = 64 * 1024  # a DTD comes before the root element
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
# A field of an item: when one of these is found inside another field, that field was left open.
_ITEM_FIELDS = {"item", "entry", "title", "link", "description", "guid", "pubDate", "published", "updated",
                "summary", "content", "encoded", "author", "creator", "category", "comments", "source",
                "enclosure", "date"}


def log_warning(err: DocError) -> None:
    log.warning("%s", err)


def _escape_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;")


def _without_doctype(xml: str, origin: str, warn: Warn) -> str:
    """The feed with its DTD removed: internal entities expanded once, HTML entity names as characters."""
    m = _DOCTYPE.search(xml[:_DOCTYPE_SCAN])
    if m is None:
        return xml
    declared = {d["name"]: d["value"] for d in _ENTITY_DECL.finditer(m["subset"] or "")}
    body = xml[:m.start()] + xml[m.end():]
    expanded = 0

    def replace(ref: re.Match[str]) -> str:
        nonlocal expanded
        name = ref[1]
        if name in _XML_ENTITIES:
            return ref[0]
        if name in declared:
            expanded += 1
            return declared[name]  # markup in an internal entity stays markup; not expanded again
        char = html.entities.html5.get(f"{name};")
        if char is not None:
            expanded += 1
            return _escape_text(char)
        return ref[0]

    body = _ENTITY_REF.sub(replace, body)
    if m["subset"] is None and not expanded:
        return body  # an external DTD the feed never needed: nothing was repaired
    kind = "with an internal subset" if m["subset"] is not None else "referring to an external file"
    warn(DocError(ErrorCode.FEED_DTD, origin, f"the feed declares a DTD {kind}, which is not loaded; "
                                              f"{expanded} entity reference(s) expanded by name"))
    return body


def _own_text(el: Tag) -> tuple[str, bool]:
    """A field's text up to the first item field nested in it, and whether there was one (the field
    was left open and swallowed the fields after it)."""
    parts: list[str] = []
    for node in el.descendants:
        if isinstance(node, Tag) and node.name in _ITEM_FIELDS:
            return "".join(parts), True
        if type(node) in (NavigableString, CData):
            parts.append(str(node))
    return "".join(parts), False


_ITEM_OPEN = re.compile(r"<(?:item|entry)[\s>]")


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


def read_feed(text: str, origin: str = "", warn: Warn = log_warning, doc_id: str | None = None) -> Feed:
    """The feed's title and items, in feed order (an item without any text is kept, with an empty body).
    A DTD is removed first; a feed that is not well-formed is read by the lenient reader."""
    text = _without_doctype(text, origin, warn)
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_UTF8_XML,
                              sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and _ITEM_OPEN.search(text):
        return _lenient_items(text, origin, warn, doc_id or origin)
    items = tuple(FeedItem(link=_link(e), title=_text_of(e.get("title_detail"), e.get("title")), body=_body(e),
                           published=e.get("published") or e.get("updated") or e.get("dc_date"),
                           author=e.get("author")) for e in parsed.entries)
    channel = parsed.get("feed", {})
    return Feed(title=_text_of(channel.get("title_detail"), channel.get("title")), items=items)


def _lenient_items(xml: str, origin: str, warn: Warn, doc_id: str) -> Feed:
    """The items of a feed that is not well-formed, fields left open cut where the next one begins."""
    soup = BeautifulSoup(xml, "xml")
    chan = soup.find("channel") or soup.find("feed")
    title = _own_text(chan.find("title"))[0].strip() or None if chan is not None and chan.find("title") else None
    items = []
    for n, item in enumerate(soup.find_all("item") or soup.find_all("entry"), 1):
        left_open: list[str] = []

        def field(*names: str) -> str | None:
            for name in names:
                el = item.find(name)
                if el is not None:
                    if name == "link" and el.get("href"):
                        return el["href"]
                    txt, cut = _own_text(el)
                    if cut:
                        left_open.append(el.name)
                    if txt and txt.strip():
                        return txt.strip()
            return None

        items.append(FeedItem(link=field("link", "guid", "id"), title=field("title"),
                              body=_html_to_text(field("content:encoded", "encoded", "content", "description",
                                                       "summary") or ""),
                              published=field("pubDate", "published", "updated", "dc:date", "date"),
                              author=field("author", "dc:creator", "creator")))
        if left_open:
            warn(DocError(ErrorCode.MALFORMED_FEED, f"{origin}#{n}", f"item {n}: <{left_open[0]}> is not closed; "
                          f"its text was cut where the next field begins", f"{doc_id}#{n}"))
    return Feed(title=title, items=tuple(items))


def parse_feed(xml: str, doc_id: str, origin: str | None = None, warn: Warn = log_warning) -> list[Article]:
    """One Article per item; ids are ``doc_id#N`` (N counts items from 1). Repairs go to ``warn``."""
    origin = origin or doc_id
    feed = read_feed(xml, origin, warn, doc_id)
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
