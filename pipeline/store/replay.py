"""Articles from the raw store, with no network: what ``extract --from-store`` reads.

Each URL's newest archived page (not the feeds, sitemaps and list pages that
discovery read) is parsed again with the same code the live run uses
(``page_articles``), so the articles, and so the deals, are the ones ingest
stored, and rerunning extraction after a parser fix needs no refetch.
A record that cannot be read or parsed becomes a ``DocError`` with its WARC
location as origin, and the others are still read.
"""
from __future__ import annotations

from typing import Iterator, Union

from kdeal.errors import DocError, ErrorCode, InputError, KdealError
from kdeal.records import Article

from ..parse import page_articles
from .raw import RawStore

Item = Union[Article, DocError]


def articles_from_store(store: RawStore, latest_only: bool = True) -> Iterator[Item]:
    for record in store.records(latest_only=latest_only, role="page"):
        origin = f"{record.location.warc_file}@{record.location.offset}"
        try:
            body = store.body(record)
        except KdealError as e:
            yield DocError(ErrorCode.STORE, origin, str(e), record.url)
            continue
        warnings: list[DocError] = []
        try:
            articles = page_articles(body, record.url, record.final_url, record.content_type,
                                     warn=warnings.append)
            yield from warnings
            yield from articles
        except InputError as e:
            yield DocError(e.error.code, origin, e.error.message, record.url)
        except Exception as e:  # a parser bug on one odd page must not end the run
            yield DocError(ErrorCode.PARSE, origin, f"cannot parse: {type(e).__name__}: {e}", record.url)
