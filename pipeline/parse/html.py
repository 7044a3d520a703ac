"""One HTML page to one Article: the main text with paragraph breaks, and metadata.

trafilatura finds the main text on unknown sites; when it finds nothing we
fall back to the page's paragraphs, so a page is only dropped when it really
has no text.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from ..errors import ErrorCode, InputError
from ..records import Article

_BLANKS = re.compile(r"\n{3,}")


def _fallback_text(soup: BeautifulSoup) -> str:
    for tag in soup(["script", "style", "noscript", "header", "footer", "nav", "aside", "form"]):
        tag.decompose()
    paras = [p.get_text(" ", strip=True) for p in soup.find_all(["p", "li", "h1", "h2", "h3"])]
    paras = [p for p in paras if p]
    if not paras and soup.body is not None:
        paras = [line.strip() for line in soup.body.get_text("\n").splitlines() if line.strip()]
    return "\n\n".join(paras)


def parse_html(html: str, doc_id: str, url: str | None = None, origin: str | None = None) -> Article:
    """Parse a decoded page; raises ``InputError(NO_TEXT)`` when it has no text."""
    import trafilatura

    origin = origin or url or doc_id
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                               output_format="txt", deduplicate=False) or ""
    meta = trafilatura.extract_metadata(html, default_url=url)
    soup = None
    if not text.strip():
        soup = BeautifulSoup(html, "lxml")
        text = _fallback_text(soup)
    text = _BLANKS.sub("\n\n", text.replace("\r\n", "\n")).strip()
    if not text:
        raise InputError(ErrorCode.NO_TEXT, origin, "the page has no text")
    title = meta.title if meta and meta.title else None
    if title is None:
        soup = soup or BeautifulSoup(html, "lxml")
        if soup.title and soup.title.string:
            title = soup.title.string.strip()
    return Article(
        doc_id=doc_id,
        text=text,
        url=url or (meta.url if meta else None),
        title=title,
        published=meta.date if meta and meta.date else None,
        author=meta.author if meta and meta.author else None,
        outlet=meta.sitename if meta and meta.sitename else None,
        origin=origin,
    )
