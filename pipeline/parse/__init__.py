"""HTML and RSS/Atom into ``Article`` records (the parse stage).

``parse_html`` turns one page into one article; ``parse_feed`` turns a feed
into one article per item (a press-release feed is many articles). Both take
already-decoded text: decoding is ``pipeline.decode``'s job.
"""
from .html import parse_html
from .feed import is_feed, parse_feed

__all__ = ["parse_html", "parse_feed", "is_feed"]
