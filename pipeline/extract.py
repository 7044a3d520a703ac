"""The extract stage: articles in, ``DocResult`` (or ``DocError``) out.

Articles are taken in minibatches (``spacy.util.minibatch``). Each batch's texts go
through the Kiwi tokenizer together (one Kiwi call for many texts, which
``Language.pipe`` would not make: it tokenizes one text at a time), then the Docs go
through ``nlp.pipe`` with their batch positions as contexts (``as_tuples``): a
component with a ``pipe`` method (the company recogniser, whose model scores many
documents in one numpy pass) sees the whole batch, the others one document at a time.

A document a component fails on becomes a ``DocError`` through the error handler set
for the batch (``nlp.set_error_handler``; the previous handler is restored after), and
spaCy leaves it out of the later components; the run goes on. A component whose
``pipe`` raises without calling the handler stops ``nlp.pipe``: the documents not yet
through then go through one at a time, from a fresh segmentation.
"""
from __future__ import annotations

import logging
from typing import Any, Iterable, Iterator, Union

from spacy.util import minibatch

from kdeal.errors import DocError, ErrorCode
from kdeal.extractors.doc_ext import ARTICLE, DEALS, QUANTITIES, read_mentions
from kdeal.records import Article, DocResult

from .nfc import nfc_article, restore
from .provenance import model_id, stamp

log = logging.getLogger(__name__)

Item = Union[Article, DocError]
Result = Union[DocResult, DocError]


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    return minibatch(items, size)


def _failure(article: Article, e: BaseException, what: str = "extraction") -> DocError:
    return DocError(ErrorCode.EXTRACT, article.origin or article.doc_id,
                    f"{what} failed: {type(e).__name__}: {e}", article.doc_id)


class _Failures:
    """The batch's error handler: each failing Doc (its context is its batch position) becomes a ``DocError``."""

    def __init__(self, articles: list[Article]):
        self.articles = articles
        self.errors: dict[int, DocError] = {}

    def __call__(self, name: str, proc: Any, docs: list[Any], e: Exception) -> None:
        for doc in docs:
            self.record(doc._context, e, name)

    def record(self, i: int, e: BaseException, name: str = "") -> None:
        log.error("extraction failed on %s (%s)", self.articles[i].doc_id, name or "pipeline", exc_info=e)
        self.errors[i] = _failure(self.articles[i], e)


def _one_by_one(nlp: Any, articles: list[Article], todo: list[int], failures: _Failures) -> dict[int, Any]:
    """The documents ``todo`` through the pipeline alone, each from a fresh segmentation."""
    done: dict[int, Any] = {}
    for i in todo:
        try:
            doc = nlp.tokenizer(articles[i].text)
            doc._.article = articles[i]
            for doc, j in nlp.pipe([(doc, i)], as_tuples=True, batch_size=1):
                done[j] = doc
        except Exception as e:
            failures.record(i, e)
    return done


def process_batch(nlp: Any, docs: list[Any], articles: list[Article]) -> list[Result]:
    """Run the components over segmented documents, in order (``nlp.pipe``).

    Only a document that fails becomes a ``DocError`` (and leaves the later
    components). Every record leaves stamped with its provenance (``pipeline.provenance``).
    """
    for doc, article in zip(docs, articles):
        ARTICLE.set(doc, article)
    failures = _Failures(articles)
    done: dict[int, Any] = {}
    previous = nlp.default_error_handler
    nlp.set_error_handler(failures)
    try:
        try:
            for doc, i in nlp.pipe(zip(docs, range(len(docs))), as_tuples=True, batch_size=max(1, len(docs))):
                done[i] = doc
        except Exception as e:
            log.warning("a component failed on a batch (%s); retrying one by one", e)
            todo = [i for i in range(len(docs)) if i not in done and i not in failures.errors]
            done.update(_one_by_one(nlp, articles, todo, failures))
    finally:
        nlp.set_error_handler(previous)
    model = model_id(nlp)
    return [failures.errors.get(i) or stamp(_result(done[i], a), model) for i, a in enumerate(articles)]


def _result(doc: Any, article: Article) -> DocResult:
    """The records of a processed Doc, read straight from where its extensions keep them
    (``doc._`` makes an object per access: three per document here)."""
    return DocResult(article=article, mentions=tuple(read_mentions(doc) or ()),
                     quantities=tuple(QUANTITIES.get(doc) or ()), deals=tuple(DEALS.get(doc) or ()))


def _segment(nlp: Any, articles: list[Article]) -> list[Any]:
    """The batch's Docs in one Kiwi call; when that fails, one at a time to find the culprit."""
    try:
        return list(nlp.tokenizer.pipe([a.text for a in articles], batch_size=len(articles) or 1))
    except Exception as e:
        log.warning("batch segmentation failed (%s); retrying one by one", e)
    docs: list[Any] = []
    for a in articles:
        try:
            docs.append(nlp.tokenizer(a.text))
        except Exception as e1:
            docs.append(_failure(a, e1, "segmentation"))
    return docs


def extract(nlp: Any, items: Iterable[Item], batch_size: int = 64) -> Iterator[Result]:
    """Results in input order; errors from reading pass through unchanged.

    A text that is not NFC is extracted in NFC and its records are mapped back
    onto the text as given (``pipeline.nfc``).
    """
    for batch in minibatch(items, batch_size):
        given = [a for a in batch if isinstance(a, Article)]
        read = [nfc_article(a) for a in given]
        articles = [a for a, _ in read]
        restore_as = {id(a): (original, view) for (a, view), original in zip(read, given)}
        docs = _segment(nlp, articles)
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
