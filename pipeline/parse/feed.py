"""RSS 2.0 and Atom feeds: each item is an article of its own.

Feeds in the wild are often not well-formed XML. Two repairs are made, and
each is reported as a warning (never silently):

- a document type declaration is removed before parsing (the XML tree builder
  finds no items after an internal DTD subset); the subset's simple entities
  (``<!ENTITY name "text">``) are expanded once, never recursively, and HTML
  entity names an external DTD would define (``&nbsp;``) become their characters;
- a text field left open (``<title>`` without ``</title>``) swallows the fields
  that follow it; it is cut at the first of them, so the title holds only its
  own words and the body is not read twice.
"""
from __future__ import annotations

import html.entities
import logging
import re
from typing import Callable

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


def feed_soup(xml: str, origin: str, warn: Warn = log_warning) -> BeautifulSoup:
    """The parsed feed, after the repairs this module describes (each reported through ``warn``)."""
    return BeautifulSoup(_without_doctype(xml, origin, warn), "xml")


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


def parse_feed(xml: str, doc_id: str, origin: str | None = None, warn: Warn = log_warning) -> list[Article]:
    """One Article per item; ids are ``doc_id#N`` (N counts items from 1). Repairs go to ``warn``."""
    origin = origin or doc_id
    soup = feed_soup(xml, origin, warn)
    channel_title = None
    chan = soup.find("channel") or soup.find("feed")
    if chan is not None and chan.find("title") is not None:
        channel_title = _own_text(chan.find("title"))[0].strip() or None
    items = soup.find_all("item") or soup.find_all("entry")
    if not items:
        raise InputError(ErrorCode.NO_TEXT, origin, "the feed has no items")
    articles = []
    for n, item in enumerate(items, 1):
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

        title = field("title")
        body = field("content:encoded", "encoded", "content", "description", "summary") or ""
        body_text = _html_to_text(body)
        text = "\n\n".join(p for p in (title, body_text) if p)
        article = Article(
            doc_id=f"{doc_id}#{n}",
            text=text,
            url=field("link", "guid", "id"),
            title=title,
            published=_iso_date(field("pubDate", "published", "updated", "dc:date", "date")),
            author=field("author", "dc:creator", "creator"),
            outlet=channel_title,
            origin=f"{origin}#{n}",
        )
        if left_open:
            warn(DocError(ErrorCode.MALFORMED_FEED, article.origin or origin,
                          f"item {n}: <{left_open[0]}> is not closed; its text was cut where the next field "
                          f"begins", article.doc_id))
        if text.strip():
            articles.append(article)
    if not articles:
        raise InputError(ErrorCode.NO_TEXT, origin, "the feed's items have no text")
    return articles
