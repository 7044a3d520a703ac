"""HTML and RSS/Atom into ``Article`` records (the parse stage).

``parse_html`` turns one page into one article; ``parse_feed`` turns a feed
into one article per item (a press-release feed is many articles). Both take
already-decoded text; ``parse_response`` starts from bytes and headers and
does the decoding first.
"""
from .feed import is_feed, parse_feed
from .html import parse_html
from .response import page_articles, parse_response

__all__ = ["parse_html", "parse_feed", "is_feed", "parse_response", "page_articles"]
