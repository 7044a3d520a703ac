"""The researchers' entry points: ``kdeal.load()`` and ``kdeal.extract(...)``."""
from __future__ import annotations

from typing import Any, Iterable

from kdeal.records import Article, DocResult


def load(options: Any = None) -> Any:
    """The process's spaCy ``Language`` (Kiwi tokenizer + kdeal components), built once."""
    from kdeal.pipeline.nlp import get_nlp
    from kdeal.pipeline.options import ExtractOptions

    return get_nlp(options or ExtractOptions())


def _articles(data: Any, text_column: str, id_column: str | None) -> list[Article]:
    if isinstance(data, str):
        return [Article("0", data)]
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a pandas DataFrame
        rows = data.to_dict("records")
        return [Article(str(r[id_column]) if id_column else str(i), str(r[text_column]))
                for i, r in enumerate(rows)]
    out = []
    for i, item in enumerate(data):
        if isinstance(item, str):
            out.append(Article(str(i), item))
        else:
            doc_id, text = item
            out.append(Article(str(doc_id), text))
    return out


def extract(data: str | Iterable[str] | Iterable[tuple[str, str]] | Any, text_column: str = "text",
            id_column: str | None = None, options: Any = None) -> list[DocResult]:
    """Deal records and mentions for a text, many texts, (id, text) pairs or a DataFrame.

    One ``DocResult`` per text, in input order (``.deals``, ``.mentions``, each record
    with ``to_json()``). Document ids are the list position unless given.
    """
    from kdeal.errors import DocError, KdealError
    from kdeal.pipeline.extract import extract as run

    out: list[DocResult] = []
    for r in run(load(options), _articles(data, text_column, id_column)):
        if isinstance(r, DocError):
            raise KdealError(str(r))
        out.append(r)
    return out
