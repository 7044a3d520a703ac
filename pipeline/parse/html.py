"""One HTML page to one Article: the main text with paragraph breaks, and metadata.

Known outlets have a site profile (``profiles.py``) naming their body
element; unknown sites go to trafilatura, and when it finds nothing to the
page's paragraphs, so a page is only dropped when it really has no text.
Dates come from the page's own metadata first (profile selectors, Open Graph,
JSON-LD) and from htmldate's search of the whole page last.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any, Iterator

from bs4 import BeautifulSoup, Tag

from kdeal.errors import ErrorCode, InputError
from kdeal.records import Article

from .blocks import element_text, paragraphs
from .dates import KST, to_iso
from .profiles import SiteProfile, profile_for

log = logging.getLogger(__name__)

_BLANKS = re.compile(r"\n{3,}")
_NEXT_PUSH = re.compile(r"self\.__next_f\.push\(\[1,(\"(?:[^\"\\]|\\.)*\")\]\)")
_NEXT_TEXT_ROW = re.compile(r"(?:^|\n)[0-9a-f]+:T([0-9a-f]+),")
_PLACEHOLDER = re.compile(r"\$\$[A-Z_]+\$\$")
_GENERIC_BODY = ("[itemprop=articleBody]", "#articleBody", "#article_body", "#articleBodyContents")


class _Metas:
    """Every ``<meta>`` value of a page by its property/name/itemprop, read in one pass."""

    def __init__(self, soup: BeautifulSoup):
        self.values: dict[str, list[str]] = {}
        for el in soup.find_all("meta"):
            value = (el.get("content") or "").strip()
            if not value:
                continue
            for attr in ("property", "name", "itemprop"):
                key = el.get(attr)
                if key:
                    bucket = self.values.setdefault(str(key).lower(), [])
                    if value not in bucket:
                        bucket.append(value)


def _meta(soup: BeautifulSoup, *keys: str) -> list[str]:
    """Values of ``<meta property|name|itemprop=key content=...>`` in key order."""
    metas = soup.__dict__.get("_kdeal_metas")
    if metas is None:
        metas = _Metas(soup)
        soup._kdeal_metas = metas  # one pass per page, reused by every field
    out: list[str] = []
    for key in keys:
        for value in metas.values.get(key.lower(), ()):
            if value not in out:
                out.append(value)
    return out


def _json_ld(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        raw = script.string or script.get_text()
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, TypeError):
            log.debug("unreadable JSON-LD block skipped")
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _next_payload(html: str) -> str:
    """The concatenated React Server Components payload of a Next.js page."""
    parts = []
    for m in _NEXT_PUSH.finditer(html):
        try:
            parts.append(json.loads(m.group(1)))
        except json.JSONDecodeError:
            continue
    return "".join(parts)


def _next_body(payload: str) -> tuple[str, str]:
    """(body html, subtitle) from a Next.js payload: the longest text row holding paragraphs."""
    best = ""
    for m in _NEXT_TEXT_ROW.finditer(payload):
        length = int(m.group(1), 16)
        # T-row lengths count UTF-8 bytes; slice generously and cut at the byte length.
        chunk = payload[m.end():m.end() + length].encode("utf-8")[:length].decode("utf-8", "ignore")
        if "<p" in chunk and len(chunk) > len(best):
            best = chunk
    subtitle = ""
    m = re.search(r'"subTitle":("(?:[^"\\]|\\.)*")', payload)
    if m:
        try:
            subtitle = json.loads(m.group(1))
        except json.JSONDecodeError:
            subtitle = ""
    return best, subtitle


def _outermost(elements: list[Tag]) -> list[Tag]:
    chosen: list[Tag] = []
    for el in elements:
        if not any(parent in chosen for parent in el.parents):
            chosen.append(el)
    return chosen


def _profile_text(soup: BeautifulSoup, html: str, profile: SiteProfile) -> str:
    lead_parts: list[str] = []
    for sel in profile.lead:
        for el in soup.select(sel):
            lead_parts.extend(paragraphs(el))
            el.decompose()
        if lead_parts:
            break
    body = ""
    for sel in profile.body:
        found = _outermost(soup.select(sel))
        if found:
            for el in found:
                for junk_sel in profile.drop:
                    for junk in el.select(junk_sel):
                        junk.decompose()
            body = "\n\n".join(t for t in (element_text(el) for el in found) if t)
            if body:
                break
    if not body and profile.next_payload:
        fragment, subtitle = _next_body(_next_payload(html))
        if fragment:
            frag = BeautifulSoup(_PLACEHOLDER.sub("", fragment), "lxml")
            for junk_sel in profile.drop:
                for junk in frag.select(junk_sel):
                    junk.decompose()
            body = element_text(frag.body or frag)
            if subtitle and not lead_parts:
                lead_parts = [BeautifulSoup(part, "lxml").get_text(" ", strip=True)
                              for part in re.split(r"<br\s*/?>", subtitle)]
                lead_parts = [p for p in lead_parts if p]
    if not body:
        return ""
    lead = [p for p in lead_parts if p not in body[:2000]]
    return "\n\n".join([*lead, body])


def _generic_text(soup: BeautifulSoup, html: str, url: str | None) -> str:
    for sel in _GENERIC_BODY:
        found = _outermost(soup.select(sel))
        text = "\n\n".join(t for t in (element_text(el) for el in found) if t)
        if len(text) >= 200:
            return text
    import trafilatura

    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False,
                               output_format="txt", deduplicate=False) or ""
    if text.strip():
        # trafilatura separates paragraphs with one newline; the contract is a blank line.
        return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    return _fallback_text(soup)


def _fallback_text(soup: BeautifulSoup) -> str:
    for tag in soup(["header", "footer", "nav", "aside", "form"]):
        tag.decompose()
    paras = [p.get_text(" ", strip=True) for p in soup.find_all(["p", "li", "h1", "h2", "h3"])]
    paras = [p for p in paras if p]
    if not paras and soup.body is not None:
        paras = paragraphs(soup.body)
    return "\n\n".join(paras)


def _published(soup: BeautifulSoup, html: str, profile: SiteProfile | None, lang_ko: bool) -> str | None:
    default_tz = KST if (profile is not None or lang_ko) else None
    candidates: list[str] = []
    for sel in profile.published if profile else ():
        for el in soup.select(sel):
            candidates.extend(v for v in (el.get("data-date-time"), el.get("data-deploy-dt"), el.get("datetime"), el.get("content"),
                                          el.get_text(" ", strip=True)) if v)
    candidates += _meta(soup, "article:published_time", "og:article:published_time", "datePublished",
                        "pubdate", "publishdate", "article:published", "dcterms.created", "date")
    candidates += [str(d["datePublished"]) for d in _json_ld(soup) if d.get("datePublished")]
    m = re.search(r'\\?"(?:publishDate|firstPublishDate|publishedAt|deployDt|createDate)\\?":\\?"([^"\\]{8,40})', html)
    if m:
        candidates.append(m.group(1))
    for value in candidates:
        iso = to_iso(value, default_tz)
        if iso:
            return iso
    from htmldate import find_date

    found = find_date(html, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    return to_iso(found, default_tz) if found else None


_EMAIL = re.compile(r"\S+@\S+")


def _clean_author(value: str) -> str | None:
    value = _EMAIL.sub("", value)
    value = re.sub(r"^\s*(?:By|by|글)\s+", "", value)
    value = re.sub(r"\s+", " ", value).strip(" ,|/")
    return value or None


def _author(soup: BeautifulSoup, profile: SiteProfile | None, outlet: str | None) -> str | None:
    found = _find_author(soup, profile, outlet)
    return _clean_author(found) if found else None


def _find_author(soup: BeautifulSoup, profile: SiteProfile | None, outlet: str | None) -> str | None:
    for sel in profile.author if profile else ():
        el = soup.select_one(sel)
        if el is not None and el.get_text(strip=True):
            return el.get_text(" ", strip=True)
    for value in _meta(soup, "author", "article:author", "dable:author", "byl"):
        if value.startswith("http") or value == outlet:
            continue
        return value
    for d in _json_ld(soup):
        author = d.get("author")
        if isinstance(author, list) and author:
            author = author[0]
        if isinstance(author, dict) and author.get("name"):
            return str(author["name"]).strip() or None
        if isinstance(author, str) and author.strip():
            return author.strip()
    return None


def _outlet(soup: BeautifulSoup, profile: SiteProfile | None) -> str | None:
    if profile and profile.outlet:
        return profile.outlet
    press = _meta(soup, "og:article:author")
    if press:
        return press[0].split("|")[0].strip() or None
    names = _meta(soup, "og:site_name")
    return names[0] if names else None


def _title(soup: BeautifulSoup) -> str | None:
    """The headline: Open Graph first, but not when it is only the site's name."""
    site = {re.sub(r"\s+", "", v) for v in _meta(soup, "og:site_name")}
    for value in _meta(soup, "og:title", "twitter:title", "title"):
        if re.sub(r"\s+", "", value) not in site and len(value) > 8:
            return value
    if soup.title and soup.title.string and soup.title.string.strip():
        title = soup.title.string.strip()
        return re.sub(r"\s+[-|:]\s+[^-|:]{1,30}$", "", title) or title
    h1 = soup.find("h1")
    if h1 is not None and h1.get_text(strip=True):
        return h1.get_text(" ", strip=True)
    return None


def page_url(soup: BeautifulSoup) -> str | None:
    """The URL a page says it has (canonical link, then Open Graph)."""
    link = soup.find("link", rel="canonical")
    if link is not None and link.get("href", "").startswith("http"):
        return link["href"].strip()
    urls = [u for u in _meta(soup, "og:url") if u.startswith("http")]
    return urls[0] if urls else None


def parse_html(html: str, doc_id: str, url: str | None = None, origin: str | None = None,
               profiles: tuple[SiteProfile, ...] | None = None) -> Article:
    """Parse a decoded page; raises ``InputError(NO_TEXT)`` when it has no text.

    The site profile is chosen by ``url``, or by the page's own canonical URL
    when it was read from a file.
    """
    origin = origin or url or doc_id
    soup = BeautifulSoup(html, "lxml")
    own_url = page_url(soup)
    url = url or own_url
    profile = (profile_for(url) or profile_for(own_url)) if profiles is None else \
        (profile_for(url, profiles) or profile_for(own_url, profiles))
    title = _title(soup)
    outlet = _outlet(soup, profile)
    author = _author(soup, profile, outlet)
    html_tag = soup.find("html")
    lang_ko = bool(html_tag is not None and str(html_tag.get("lang", "")).lower().startswith("ko"))
    published = _published(soup, html, profile, lang_ko)
    text = _profile_text(soup, html, profile) if profile else ""
    if not text:
        if profile:
            log.info("%s: profile %s found no body; using the generic extractor", origin, profile.name)
        text = _generic_text(BeautifulSoup(html, "lxml") if profile else soup, html, url)
    text = _BLANKS.sub("\n\n", text.replace("\r\n", "\n")).strip()
    if not text:
        raise InputError(ErrorCode.NO_TEXT, origin, "the page has no text")
    return Article(doc_id=doc_id, text=text, url=url, title=title, published=published, author=author,
                   outlet=outlet, origin=origin)
