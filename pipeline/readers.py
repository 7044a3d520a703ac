"""Local inputs (files and folders) to ``Article`` records.

Each input yields articles or ``DocError`` records, never an exception: a bad
file is reported with its reason and the other inputs are still read.

Supported: ``.txt`` (the text exactly as given), ``.html``/``.htm``,
``.xml``/``.rss``/``.atom`` feeds (one article per item; an ``.xml`` file
that is a page rather than a feed is parsed as HTML), and ``.jsonl`` with one
``{"id": ..., "text": ...}`` object per line (optional ``url``, ``title``,
``published``, ``author``, ``outlet``). Archives — ``.warc``/``.warc.gz``
(incl. Common Crawl CC-NEWS and its ``warc.paths(.gz)`` listings) and
``.jsonl.gz`` — are streamed by ``pipeline.archives``. ``-`` reads standard
input, whose kind is told by its first bytes.

Document ids: a file's path as given (a folder's files: the folder as given and
the path below it), so two ``x.txt`` in two folders never share an id and a
rerun over the same paths gives the same ids; standard input is ``stdin:`` and a
hash of its bytes; a feed item is ``ID#N``; a JSONL line keeps its ``"id"``
(``ID:LINE`` without one); a WARC record is its page's URL.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from kdeal.errors import DocError, ErrorCode, InputError
from kdeal.records import Article

from .archives import ARCHIVE_SUFFIXES, PATHS_SUFFIXES, is_archive, read_archive
from .decode import decode_bytes, looks_binary, replaced_warning
from .inputs import InputFile, Item, ReadOptions, check_text, read_jsonl_lines


# The parsers, imported when a page or a feed is first read (see ``pipeline.parse``).
def is_feed(text: str) -> bool:
    from .parse.feed import is_feed as sniff

    return sniff(text)


def parse_feed(text: str, doc_id: str, **kw: Any) -> list[Article]:
    from .parse.feed import parse_feed as parse

    return parse(text, doc_id, **kw)


def parse_html(text: str, doc_id: str, **kw: Any) -> Article:
    from .parse.html import parse_html as parse

    return parse(text, doc_id, **kw)


__all__ = ["InputFile", "Item", "ReadOptions", "STDIN", "discover_files", "path_id", "read_data", "read_file",
           "read_inputs", "read_jsonl_lines", "read_stdin", "stdin_id"]

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"  # as a path: read standard input
STDIN_ID_HEX = 16  # hex digits of the input's SHA-256 in its document id
STDIN_ORIGIN = "<stdin>"
SNIFF_BYTES = 2048  # how much of standard input tells its kind
_FEED_ITEM = re.compile(rb"<(?:item|entry)[\s>]")

def _archive_in_folder(path: Path) -> bool:
    """Archives found in a folder, except listings (they name files the walk finds anyway)."""
    return is_archive(path) and not path.name.lower().endswith(PATHS_SUFFIXES)


def _archive_suffixes() -> set[str]:
    return set(ARCHIVE_SUFFIXES) | set(PATHS_SUFFIXES)


def path_id(path: Path) -> str:
    """A file's document id: its path as given (a folder's files: the folder as given, then the path
    below it), normalised to ``/`` separators without ``.`` parts.

    Unique for every file of one run (two ``x.txt`` in two folders stay apart) and
    the same in every run that names the file the same way.
    """
    return Path(os.path.normpath(path)).as_posix()


def stdin_id(data: bytes) -> str:
    """The document id of standard input: a hash of its bytes (the same input gets the same id)."""
    return f"stdin:{hashlib.sha256(data).hexdigest()[:STDIN_ID_HEX]}"


def discover_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[InputFile | DocError]:
    """Expand paths into files in a stable order; folders are walked recursively.

    A file named explicitly with an unsupported suffix is an error; inside a
    folder such files (READMEs, licences) are passed over silently. A file
    reached twice (named, and inside a named folder) is read once.
    """
    seen: set[Path] = set()

    def once(p: Path) -> bool:
        key = p.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for raw in paths:
        path = Path(raw)
        if str(raw) == STDIN:
            yield DocError(ErrorCode.UNSUPPORTED_TYPE, STDIN, "standard input is read by extract and parse only")
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            for p in found:
                if (p.suffix.lower() in SUPPORTED_SUFFIXES or _archive_in_folder(p)) and once(p):
                    yield InputFile(p, path_id(p))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES or is_archive(path):
                if once(path):
                    yield InputFile(path, path_id(path))
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
    """Articles (or errors) from one file; a repair (replaced bytes, a malformed feed) comes first as a
    warning and the file is still read."""
    if is_archive(f.path):
        yield from read_archive(f, opts)
        return
    try:
        data = _read_bytes(f, opts)
    except InputError as e:
        yield e.error
        return
    yield from read_data(data, f.path.suffix.lower(), f.doc_id, str(f.path), opts)


def read_data(data: bytes, suffix: str, doc_id: str, origin: str, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Articles (or errors, warnings) from the bytes of one input of the kind ``suffix`` names."""
    try:
        decoded = decode_bytes(data, origin=origin)
        warning = replaced_warning(decoded, origin, None if suffix in JSONL_SUFFIXES else doc_id)
        if warning is not None:
            yield warning
        text = decoded.text
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl_lines(text.splitlines(), doc_id, origin, opts)
        elif suffix in TEXT_SUFFIXES:
            yield check_text(Article(doc_id=doc_id, text=text, origin=origin), opts)
        elif suffix in FEED_SUFFIXES and is_feed(text):
            warnings: list[DocError] = []
            articles = parse_feed(text, doc_id, origin=origin, warn=warnings.append)
            yield from warnings
            for article in articles:
                yield check_text(article, opts)
        else:
            yield check_text(parse_html(text, doc_id, origin=origin), opts)
    except InputError as e:
        yield e.error
    except Exception as e:  # a parser bug on one odd file must not end the run
        yield DocError(ErrorCode.PARSE, origin, f"cannot parse: {type(e).__name__}: {e}")


def sniff_suffix(data: bytes) -> str:
    """The kind of an input that has no file name (standard input), from its first bytes:
    JSON lines, a feed, a page, or plain text."""
    head = data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return ".jsonl"
    if head.startswith(b"<"):
        text = head.decode("utf-8", errors="replace")
        return ".xml" if is_feed(text) else ".html"
    return ".txt"


def read_stdin(opts: ReadOptions = ReadOptions(), stream: BinaryIO | None = None) -> Iterator[Item]:
    """Articles (or errors) from standard input, whose kind is told by its first bytes; its document
    id is a hash of its bytes (``stdin:...``), JSON lines keep their own ids."""
    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read(opts.max_file_bytes + 1)
    if len(data) > opts.max_file_bytes:
        yield DocError(ErrorCode.TOO_LARGE, STDIN_ORIGIN, f"standard input is more than the limit of "
                                                         f"{opts.max_file_bytes:,} bytes")
        return
    if not data.strip():
        yield DocError(ErrorCode.EMPTY, STDIN_ORIGIN, "standard input is empty")
        return
    if looks_binary(data):
        yield DocError(ErrorCode.BINARY, STDIN_ORIGIN, "standard input looks binary, not text")
        return
    yield from read_data(data, sniff_suffix(data), stdin_id(data), STDIN_ORIGIN, opts)


def _documents_in(f: InputFile) -> int | None:
    """How many documents (and skips) reading ``f`` will give, from a quick look at it; None if unknown."""
    suffix = f.path.suffix.lower()
    if is_archive(f.path):
        return None
    try:
        if suffix in JSONL_SUFFIXES:
            with open(f.path, "rb") as fh:
                return sum(1 for line in fh if line.strip())
        if suffix in FEED_SUFFIXES:
            return max(1, len(_FEED_ITEM.findall(f.path.read_bytes())))
    except OSError:
        return 1  # reading it will fail: one skip
    return 1


def count_documents(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """About how many documents ``read_inputs(paths)`` will give (for progress and its time left);
    None when that cannot be known beforehand (standard input, archives)."""
    paths = list(paths)
    total = 0
    for item in discover_files(p for p in paths if str(p) != STDIN):
        n = 1 if isinstance(item, DocError) else _documents_in(item)
        if n is None:
            return None
        total += n
    return None if any(str(p) == STDIN for p in paths) else total


def read_inputs(paths: Iterable[str | os.PathLike[str]], opts: ReadOptions = ReadOptions(),
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Articles and errors from files and folders, in a stable order; ``-`` reads standard input
    (or ``stdin``), once."""
    paths = list(paths)
    if any(str(p) == STDIN for p in paths):
        yield from read_stdin(opts, stdin)
        paths = [p for p in paths if str(p) != STDIN]
    for item in discover_files(paths):
        if isinstance(item, DocError):
            yield item
        else:
            yield from read_file(item, opts)
