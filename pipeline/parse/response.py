"""A fetched or stored response (bytes plus headers) to articles.

This is where decoding meets parsing: the HTTP charset, the document's own
declaration and the bytes themselves are weighed by ``decode_bytes``; then a
feed becomes one article per item and a page one article.
"""
from __future__ import annotations

import dataclasses
import re

from kdeal.errors import ErrorCode, InputError
from kdeal.records import Article

from ..decode import decode_bytes, looks_binary, replaced_warning
from .feed import Warn, is_feed, log_warning, parse_feed
from .html import parse_html

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)
TEXT_TYPES = ("text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
              "application/xml", "text/xml", "application/rdf+xml", "text/plain")


def media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def header_charset(content_type: str | None) -> str | None:
    m = _CHARSET.search(content_type or "")
    return m.group(1) if m else None


def parse_response(body: bytes, url: str, content_type: str | None = None,
                   declared_charset: str | None = None, doc_id: str | None = None,
                   warn: Warn = log_warning) -> list[Article]:
    """One article for a page, one per item for a feed; ``InputError`` when there is none.

    ``doc_id`` defaults to the URL, so the same page gets the same id in every run.
    Repairs (replaced bytes, a malformed feed) are reported through ``warn``.
    """
    doc_id = doc_id or url
    mtype = media_type(content_type)
    if mtype is not None and mtype not in TEXT_TYPES and not mtype.endswith("+xml"):
        raise InputError(ErrorCode.UNSUPPORTED_TYPE, url, f"content type {mtype} is not a page or a feed")
    if not body or not body.strip():
        raise InputError(ErrorCode.EMPTY, url, "the response body is empty")
    if looks_binary(body):
        raise InputError(ErrorCode.BINARY, url, "the response body looks binary, not text")
    decoded = decode_bytes(body, declared_charset or header_charset(content_type), origin=url)
    warning = replaced_warning(decoded, url, doc_id)
    if warning is not None:
        warn(warning)
    text = decoded.text
    if is_feed(text):
        return parse_feed(text, doc_id, origin=url, warn=warn)
    if mtype == "text/plain":
        return [Article(doc_id=doc_id, text=text.strip(), url=url, origin=url)]
    return [parse_html(text, doc_id, url=url, origin=url)]


def page_articles(body: bytes, url: str, final_url: str | None, content_type: str | None,
                  warn: Warn = log_warning) -> list[Article]:
    """The articles of a fetched page as ingest stores them, live or replayed from the raw store:
    ids from the URL asked for, an article without a URL of its own gets the URL it was found at.
    Repairs are reported through ``warn``."""
    articles = parse_response(body, final_url or url, content_type=content_type, doc_id=url, warn=warn)
    if final_url and final_url != url:
        articles = [a if a.url else dataclasses.replace(a, url=final_url) for a in articles]
    return articles
