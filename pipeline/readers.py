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

import os
from pathlib import Path
from typing import Iterable, Iterator

from kdeal.errors import DocError, ErrorCode, InputError
from kdeal.records import Article

from .archives import ARCHIVE_SUFFIXES, PATHS_SUFFIXES, is_archive, read_archive
from .decode import decode_bytes, looks_binary
from .inputs import InputFile, Item, ReadOptions, check_text, read_jsonl_lines
from .parse import is_feed, parse_feed, parse_html

__all__ = ["InputFile", "Item", "ReadOptions", "discover_files", "read_file", "read_inputs", "read_jsonl_lines"]

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES

def _archive_in_folder(path: Path) -> bool:
    """Archives found in a folder, except listings (they name files the walk finds anyway)."""
    return is_archive(path) and not path.name.lower().endswith(PATHS_SUFFIXES)


def _archive_suffixes() -> set[str]:
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
            if path.suffix.lower() in SUPPORTED_SUFFIXES or is_archive(path):
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


def read_file(f: InputFile, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Articles (or errors) from one file."""
    if is_archive(f.path):
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
            yield check_text(Article(doc_id=f.doc_id, text=text, origin=origin), opts)
        elif suffix in FEED_SUFFIXES and is_feed(text):
            for article in parse_feed(text, f.doc_id, origin=origin):
                yield check_text(article, opts)
        else:
            yield check_text(parse_html(text, f.doc_id, origin=origin), opts)
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
