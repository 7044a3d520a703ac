"""The extract stage: articles in, ``DocResult`` (or ``DocError``) out.

Texts go through the Kiwi tokenizer in batches (one Kiwi call for many
texts), then through the extractor components one document at a time; an
exception on one document becomes a ``DocError`` and the run goes on.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator, Union

from .errors import DocError, ErrorCode
from .records import Article, DocResult

log = logging.getLogger(__name__)

Item = Union[Article, DocError]
Result = Union[DocResult, DocError]


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def process_doc(nlp: Any, doc: Any, article: Article) -> DocResult:
    """Run the components over one segmented document."""
    doc._.article = article
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return DocResult(
        article=article,
        mentions=tuple(doc._.mentions or ()),
        quantities=tuple(doc._.quantities or ()),
        deals=tuple(doc._.deals or ()),
    )


def extract(nlp: Any, items: Iterable[Item], batch_size: int = 64) -> Iterator[Result]:
    """Results in input order; errors from reading pass through unchanged."""
    for batch in batches(items, batch_size):
        articles = [a for a in batch if isinstance(a, Article)]
        try:
            docs = list(nlp.tokenizer.pipe([a.text for a in articles], batch_size=len(articles) or 1))
        except Exception as e:  # fall back to one at a time to find the culprit
            log.warning("batch segmentation failed (%s); retrying one by one", e)
            docs = []
            for a in articles:
                try:
                    docs.append(nlp.tokenizer(a.text))
                except Exception as e1:
                    docs.append(DocError(ErrorCode.EXTRACT, a.origin or a.doc_id,
                                         f"segmentation failed: {type(e1).__name__}: {e1}", a.doc_id))
        it = iter(docs)
        for item in batch:
            if isinstance(item, DocError):
                yield item
                continue
            doc = next(it)
            if isinstance(doc, DocError):
                yield doc
                continue
            try:
                yield process_doc(nlp, doc, item)
            except Exception as e:
                log.exception("extraction failed on %s", item.doc_id)
                yield DocError(ErrorCode.EXTRACT, item.origin or item.doc_id,
                               f"extraction failed: {type(e).__name__}: {e}", item.doc_id)
