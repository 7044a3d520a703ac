"""Local inputs (files and folders) to ``Article`` records.

Each input yields articles or ``DocError`` records, never an exception: a bad
file is reported with its reason and the other inputs are still read.

Supported: ``.txt`` (the text exactly as given), ``.html``/``.htm``,
``.xml``/``.rss``/``.atom`` feeds (one article per item; an ``.xml`` file
that is a page rather than a feed is parsed as HTML), and ``.jsonl`` with one
``{"id": ..., "text": ...}`` object per line (optional ``url``, ``title``,
``published``, ``author``, ``outlet``). Archives — ``.warc``/``.warc.gz``
(incl. Common Crawl CC-NEWS and its ``warc.paths(.gz)`` listings) and
``.jsonl.gz`` — are streamed by ``pipeline.archives``.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from .decode import decode_bytes, looks_binary
from .errors import DocError, ErrorCode, InputError
from .parse import is_feed, parse_feed, parse_html
from .records import Article

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES

Item = Union[Article, DocError]

# JSON may carry lone surrogates ("\ud800"): not text, and neither Kiwi nor spaCy can
# hold them. Each becomes U+FFFD, one code point for one, so offsets still index the text.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ReadOptions:
    """Limits on local inputs."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_text_chars: int = 2_000_000


@dataclass(frozen=True)
class InputFile:
    """A file to read and the document id it gets (its path below the named root)."""

    path: Path
    doc_id: str


def _is_archive(path: Path) -> bool:
    """WARC(.gz), JSONL.gz, Common Crawl listings: streamed by ``pipeline.archives``."""
    from .archives import is_archive

    return is_archive(path)


def _archive_in_folder(path: Path) -> bool:
    """Archives found in a folder, except listings (they name files the walk finds anyway)."""
    from .archives import PATHS_SUFFIXES, is_archive

    return is_archive(path) and not path.name.lower().endswith(PATHS_SUFFIXES)


def _archive_suffixes() -> set[str]:
    from .archives import ARCHIVE_SUFFIXES, PATHS_SUFFIXES

    return set(ARCHIVE_SUFFIXES) | set(PATHS_SUFFIXES)


def discover_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[InputFile | DocError]:
    """Expand paths into files in a stable order; folders are walked recursively.

    A file named explicitly with an unsupported suffix is an error; inside a
    folder such files (READMEs, licences) are passed over silently.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            for p in found:
                if p.suffix.lower() in SUPPORTED_SUFFIXES or _archive_in_folder(p):
                    yield InputFile(p, p.relative_to(path).as_posix())
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES or _is_archive(path):
                yield InputFile(path, path.name)
            else:
                yield DocError(ErrorCode.UNSUPPORTED_TYPE, str(path),
                               f"unsupported file type {path.suffix or '(no suffix)'!r}; "
                               f"use one of {', '.join(sorted(SUPPORTED_SUFFIXES | _archive_suffixes()))}")
        else:
            yield DocError(ErrorCode.NOT_FOUND, str(path), "no such file or folder")


def _read_bytes(f: InputFile, opts: ReadOptions) -> bytes:
    origin = str(f.path)
    try:
        size = f.path.stat().st_size
        if size > opts.max_file_bytes:
            raise InputError(ErrorCode.TOO_LARGE, origin,
                             f"file is {size:,} bytes, more than the limit of {opts.max_file_bytes:,}")
        data = f.path.read_bytes()
    except OSError as e:
        raise InputError(ErrorCode.UNREADABLE, origin, f"cannot read: {e.strerror or e}") from e
    if not data.strip():
        raise InputError(ErrorCode.EMPTY, origin, "file is empty")
    if looks_binary(data):
        raise InputError(ErrorCode.BINARY, origin, "file looks binary, not text")
    return data


def _check_text(article: Article, opts: ReadOptions) -> Article:
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
            yield _check_text(Article(doc_id=doc_id, text=text, url=opt("url"), title=opt("title"),
                                      published=opt("published"), author=opt("author"),
                                      outlet=opt("outlet"), origin=where), opts)
        except InputError as e:
            yield e.error


def read_file(f: InputFile, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Articles (or errors) from one file."""
    if _is_archive(f.path):
        from .archives import read_archive

        yield from read_archive(f, opts)
        return
    origin = str(f.path)
    suffix = f.path.suffix.lower()
    try:
        data = _read_bytes(f, opts)
        if suffix in JSONL_SUFFIXES:
            text = decode_bytes(data, origin=origin).text
            yield from read_jsonl_lines(text.splitlines(), f.doc_id, origin, opts)
            return
        text = decode_bytes(data, origin=origin).text
        if suffix in TEXT_SUFFIXES:
            yield _check_text(Article(doc_id=f.doc_id, text=text, origin=origin), opts)
        elif suffix in FEED_SUFFIXES and is_feed(text):
            for article in parse_feed(text, f.doc_id, origin=origin):
                yield _check_text(article, opts)
        else:
            yield _check_text(parse_html(text, f.doc_id, origin=origin), opts)
    except InputError as e:
        yield e.error
    except Exception as e:  # a parser bug on one odd file must not end the run
        yield DocError(ErrorCode.PARSE, origin, f"cannot parse: {type(e).__name__}: {e}")


def read_inputs(paths: Iterable[str | os.PathLike[str]], opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Articles and errors from files and folders, in a stable order."""
    for item in discover_files(paths):
        if isinstance(item, DocError):
            yield item
        else:
            yield from read_file(item, opts)
