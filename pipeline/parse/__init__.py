"""HTML and RSS/Atom into ``Article`` records (the parse stage).

``parse_html`` turns one page into one article; ``parse_feed`` turns a feed
into one article per item (a press-release feed is many articles). Both take
already-decoded text; ``parse_response`` starts from bytes and headers and
does the decoding first.

The parsers are imported on first use: BeautifulSoup, feedparser and trafilatura
take a tenth of a second to import, and a run over plain text or JSON lines
never needs them (``kdeal extract`` imports this package through its readers).
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {"is_feed": "feed", "parse_feed": "feed", "parse_html": "html", "parse_response": "response",
          "page_articles": "response"}

__all__ = ["parse_html", "parse_feed", "is_feed", "parse_response", "page_articles"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
