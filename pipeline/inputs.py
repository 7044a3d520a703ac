"""What every local input shares: read limits, the file-and-id pair, JSONL lines.

``readers`` (files and folders) and ``archives`` (WARC, JSONL.gz, CC listings)
both build on this module; neither imports the other's internals.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from kdeal.errors import DocError, ErrorCode, InputError
from kdeal.records import Article

from .options import DEFAULT_MAX_TEXT_CHARS, DEFAULT_MIN_HANGUL_SHARE

Item = Union[Article, DocError]

# JSON may carry lone surrogates ("\ud800"): not text, and neither Kiwi nor spaCy can
# hold them. Each becomes U+FFFD, one code point for one, so offsets still index the text.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ReadOptions:
    """Limits on local inputs. ``min_hangul_share``: pages of a web archive (WARC, CC-NEWS) whose
    raw text has less Hangul than this among its non-ASCII letters are passed over before parsing
    (``pipeline.language``; 0 reads every page)."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
    min_hangul_share: float = DEFAULT_MIN_HANGUL_SHARE


@dataclass(frozen=True)
class InputFile:
    """A file to read and the document id it gets (its path below the named root)."""

    path: Path
    doc_id: str


def check_text(article: Article, opts: ReadOptions) -> Article:
    if len(article.text) > opts.max_text_chars:
        raise InputError(ErrorCode.TOO_LARGE, article.origin or article.doc_id,
                         f"text has {len(article.text):,} characters, more than {opts.max_text_chars:,}")
    return article


def read_jsonl_lines(lines: Iterable[str], doc_prefix: str, origin: str, opts: ReadOptions) -> Iterator[Item]:
    """One article per ``{"id", "text"}`` line; a bad line is an error, not the end of the file."""
    seen: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield DocError(ErrorCode.INVALID_JSON, where, f"invalid JSON: {e.msg} at column {e.colno}")
            continue
        if not isinstance(obj, dict):
            yield DocError(ErrorCode.INVALID_RECORD, where, "line is not a JSON object")
            continue
        text = obj.get("text")
        doc_id = obj.get("id", obj.get("doc_id"))
        if not isinstance(text, str):
            yield DocError(ErrorCode.INVALID_RECORD, where, 'missing or non-string "text"')
            continue
        if doc_id is None:
            doc_id = f"{doc_prefix}:{n}"
        elif not isinstance(doc_id, (str, int)) or isinstance(doc_id, bool):
            yield DocError(ErrorCode.INVALID_RECORD, where, '"id" must be a string or an integer')
            continue
        doc_id = str(doc_id)
        if doc_id in seen:
            yield DocError(ErrorCode.DUPLICATE_ID, where, f"id {doc_id!r} already used in this file", doc_id)
            continue
        seen.add(doc_id)
        text = _SURROGATE.sub("\ufffd", text)
        if not text.strip():
            yield DocError(ErrorCode.EMPTY, where, "text is empty", doc_id)
            continue

        def opt(key: str) -> str | None:
            v = obj.get(key)
            return str(v) if v is not None else None

        try:
            yield check_text(Article(doc_id=doc_id, text=text, url=opt("url"), title=opt("title"),
                                      published=opt("published"), author=opt("author"),
                                      outlet=opt("outlet"), origin=where), opts)
        except InputError as e:
            yield e.error
