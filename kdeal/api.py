"""The researchers' entry points: ``kdeal.load()``, ``kdeal.extract(...)``, ``kdeal.to_frames(...)``.

``extract`` takes what a notebook has at hand (a string, a list of strings, a list of
``(id, text)`` pairs, a pandas DataFrame) and returns ``Results``: one ``DocResult``
per text, in input order, with every deal and mention also reachable at once
(``results.deals``, ``results.mentions``). The spaCy pipeline (Kiwi and the CRF, a
few seconds to load) is built on the first call and reused by every later one.
"""
from __future__ import annotations

import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, overload

from kdeal.errors import DocError, ErrorCode, KdealError
from kdeal.records import Article, Deal, DocResult, Mention

log = logging.getLogger("kdeal")


def load(options: Any = None, path: str | os.PathLike[str] | None = None) -> Any:
    """The process's spaCy ``Language`` (Kiwi tokenizer + kdeal components), built once.

    With ``path``: the pipeline saved there by ``nlp.to_disk`` (``spacy.load``, which finds
    kdeal's components by their entry points). Mentions are ``doc.spans["mentions"]`` and
    ``doc.ents``, deals ``doc._.deals``.
    """
    if path is not None:
        import spacy

        return spacy.load(path)
    from kdeal.pipeline.nlp import get_nlp
    from kdeal.pipeline.options import ExtractOptions

    return get_nlp(options or ExtractOptions())


@dataclass(frozen=True)
class Results(Sequence[DocResult]):
    """What ``kdeal.extract`` returns: a sequence of ``DocResult`` in input order.

    ``deals`` and ``mentions`` gather the records of every document; ``errors`` holds
    the inputs that were skipped (a missing text in a DataFrame row), each with its
    reason. ``to_frames()`` gives the pandas tables of ``kdeal.to_frames``.
    """

    docs: tuple[DocResult, ...] = ()
    errors: tuple[DocError, ...] = ()

    @overload
    def __getitem__(self, i: int) -> DocResult: ...

    @overload
    def __getitem__(self, i: slice) -> "Results": ...

    def __getitem__(self, i: int | slice) -> DocResult | "Results":
        if isinstance(i, slice):
            return Results(self.docs[i])
        return self.docs[i]

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self) -> Iterator[DocResult]:
        return iter(self.docs)

    @property
    def deals(self) -> tuple[Deal, ...]:
        return tuple(d for r in self.docs for d in r.deals)

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return tuple(m for r in self.docs for m in r.mentions)

    def pairs(self) -> list[tuple[str, str]]:
        """Partner pairs over every deal that is not negated, sorted, each once."""
        return sorted({p for d in self.deals if d.status != "negated" for p in d.pairs()})

    def to_frames(self) -> Any:
        return to_frames(self)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _frame_articles(data: Any, text_column: str, id_column: str | None) -> Iterator[Article | DocError]:
    for column in (text_column, id_column):
        if column is not None and column not in data.columns:
            raise KdealError(f"the DataFrame has no column {column!r} (columns: {', '.join(map(str, data.columns))})")
    for i, row in enumerate(data.to_dict("records")):
        doc_id = str(row[id_column]) if id_column else str(i)
        text = row[text_column]
        if _missing(text):
            yield DocError(ErrorCode.EMPTY, f"row {i}", f"no text in column {text_column!r}", doc_id)
        elif not isinstance(text, str):
            yield DocError(ErrorCode.INVALID_RECORD, f"row {i}",
                           f"column {text_column!r} holds {type(text).__name__}, not text", doc_id)
        else:
            yield Article(doc_id, text, origin=f"row {i}")


def _articles(data: Any, text_column: str, id_column: str | None) -> Iterator[Article | DocError]:
    if isinstance(data, str):
        yield Article("0", data)
        return
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a pandas DataFrame
        yield from _frame_articles(data, text_column, id_column)
        return
    for i, item in enumerate(data):
        if isinstance(item, str):
            yield Article(str(i), item)
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
            yield Article(str(item[0]), item[1])
        else:
            raise KdealError(f"item {i}: expected a text or an (id, text) pair, got {type(item).__name__}")


def extract(data: str | Iterable[str] | Iterable[tuple[str, str]] | Any, text_column: str = "text",
            id_column: str | None = None, options: Any = None) -> Results:
    """Deal records and mentions for a text, many texts, (id, text) pairs or a DataFrame.

    One ``DocResult`` per text, in input order (``.deals``, ``.mentions``, each record
    with ``to_json()``). Document ids are the list position (the row position for a
    DataFrame) unless given as pairs or by ``id_column``. A DataFrame row without text
    is skipped and listed in ``results.errors``; a document the pipeline cannot
    process raises ``KdealError``.
    """
    from kdeal.pipeline.extract import extract as run

    docs: list[DocResult] = []
    errors: list[DocError] = []
    for r in run(load(options), _articles(data, text_column, id_column)):
        if isinstance(r, DocError):
            if r.code is ErrorCode.EXTRACT:
                raise KdealError(str(r))
            log.warning("skipped %s", r)
            errors.append(r)
        else:
            docs.append(r)
    return Results(tuple(docs), tuple(errors))


def to_frames(results: Iterable[DocResult]) -> Any:
    """pandas DataFrames of extraction results: ``deals``, ``parties``, ``quantities``,
    ``evidence``, ``mentions``, with the columns of ``kdeal.pipeline.frames.load_frames``
    (each deal counted as one report)."""
    from kdeal.pipeline.frames import frames_of_results

    return frames_of_results(results)
