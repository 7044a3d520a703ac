"""The extract stage: articles in, ``DocResult`` (or ``DocError``) out.

Texts go through the Kiwi tokenizer in batches (one Kiwi call for many
texts), then through the extractor components: a component with a ``pipe``
method (the company recogniser, whose model scores many documents in one
numpy pass) sees the whole batch, the others one document at a time. An
exception on one document becomes a ``DocError`` and the run goes on.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator, Union

from kdeal.errors import DocError, ErrorCode
from kdeal.records import Article, DocResult

from .nfc import nfc_article, restore
from .provenance import model_id, stamp

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


def process_batch(nlp: Any, docs: list[Any], articles: list[Article]) -> list[Result]:
    """Run the components over segmented documents, in order.

    When a component's ``pipe`` raises, it is run again on that batch one
    document at a time, so that only the document that fails becomes a
    ``DocError`` (and leaves the later components). Every record leaves stamped with
    its provenance (``pipeline.provenance``).
    """
    failed: dict[int, DocError] = {}
    for doc, article in zip(docs, articles):
        doc._.article = article
    for name, proc in nlp.pipeline:
        live = [i for i in range(len(docs)) if i not in failed]
        pipe = getattr(proc, "pipe", None)
        if pipe is not None and len(live) > 1:
            try:
                for i, doc in zip(live, list(pipe([docs[i] for i in live]))):
                    docs[i] = doc
                continue
            except Exception as e:
                log.warning("component %s failed on a batch (%s); retrying one by one", name, e)
        for i in live:
            try:
                docs[i] = proc(docs[i])
            except Exception as e:
                log.exception("extraction failed on %s", articles[i].doc_id)
                failed[i] = DocError(ErrorCode.EXTRACT, articles[i].origin or articles[i].doc_id,
                                     f"extraction failed: {type(e).__name__}: {e}", articles[i].doc_id)
    model = model_id(nlp)
    return [failed.get(i) or stamp(DocResult(article=a, mentions=tuple(d._.mentions or ()),
                                             quantities=tuple(d._.quantities or ()), deals=tuple(d._.deals or ())),
                                   model)
            for i, (d, a) in enumerate(zip(docs, articles))]


def extract(nlp: Any, items: Iterable[Item], batch_size: int = 64) -> Iterator[Result]:
    """Results in input order; errors from reading pass through unchanged.

    A text that is not NFC is extracted in NFC and its records are mapped back
    onto the text as given (``pipeline.nfc``).
    """
    for batch in batches(items, batch_size):
        given = [a for a in batch if isinstance(a, Article)]
        read = [nfc_article(a) for a in given]
        articles = [a for a, _ in read]
        restore_as = {id(a): (original, view) for (a, view), original in zip(read, given)}
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
        ok = [(d, a) for d, a in zip(docs, articles) if not isinstance(d, DocError)]
        done = iter(process_batch(nlp, [d for d, _ in ok], [a for _, a in ok]))
        it = iter(docs)
        for item in batch:
            if isinstance(item, DocError):
                yield item
                continue
            doc = next(it)
            if isinstance(doc, DocError):
                yield doc
                continue
            result = next(done)
            yield result if isinstance(result, DocError) else restore(result, *restore_as[id(result.article)])
