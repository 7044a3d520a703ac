"""Archives researchers already have: WARC(.gz), JSONL(.gz) and Common Crawl listings.

Everything is streamed: a ``.gz`` file is decompressed as it is read and a
WARC file is walked record by record (``warcio``), so a 1 GB CC-NEWS file is
never unpacked to disk nor held in memory.

WARC: each ``response`` record with HTTP status 200 and an HTML payload is
one article, read with the page's URL (the WARC-Target-URI) as its document
id; ``resource`` records (a fetcher's archived files) are read the same way.
Records that are not documents (``request``, ``metadata``, ``warcinfo``,
``revisit``) are passed over; a response that is not a page (status other
than 200, not HTML) is skipped with its reason. A page that is not Korean
(too little Hangul in its raw text, ``pipeline.language``) is passed over
before parsing, and each file reports how many it passed over in one
``E132-not-korean`` line (one line per page would swamp errors.jsonl: most of
CC-NEWS is not Korean). Every article's ``origin`` is ``path@offset`` so it
can be traced to the exact record.

Common Crawl: a ``warc.paths``/``warc.paths.gz`` listing names WARC files
relative to the folder that holds ``crawl-data/`` (the CC-NEWS layout
``crawl-data/CC-NEWS/YYYY/MM/CC-NEWS-*.warc.gz``); listed files are read
from the local copy and a file that is not there is reported, never fetched.
"""
from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from kdeal.errors import DocError, ErrorCode, InputError
from kdeal.records import Article

from .decode import decode_bytes, looks_binary, replaced_warning
from .inputs import InputFile, Item, ReadOptions, check_text, read_jsonl_lines
from .language import looks_korean


def parse_html(text: str, doc_id: str, **kw: Any) -> Article:
    """The page parser, imported when a page is first read (see ``pipeline.parse``)."""
    from .parse.html import parse_html as parse

    return parse(text, doc_id, **kw)

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_GZ_SUFFIXES = (".jsonl.gz", ".ndjson.gz")
PATHS_SUFFIXES = ("warc.paths", "warc.paths.gz")
ARCHIVE_SUFFIXES = WARC_SUFFIXES + JSONL_GZ_SUFFIXES

_DOC_RECORDS = ("response", "resource")
_TRAILER_SLACK = 8  # an uncompressed record is followed by "\r\n\r\n" not counted in its length
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_archive(path: Path) -> bool:
    """A file this module reads (the suffix decides: ``.warc.gz`` is two suffixes)."""
    name = path.name.lower()
    return name.endswith(ARCHIVE_SUFFIXES) or name.endswith(PATHS_SUFFIXES)


def _content_type(value: str | None) -> tuple[str, str | None]:
    """MIME type and charset of a Content-Type header."""
    if not value:
        return "", None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip().strip("\"'") or None
    return parts[0].lower(), charset


def _read_capped(stream: IO[bytes], limit: int, origin: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(ErrorCode.TOO_LARGE, origin, f"record is more than the limit of {limit:,} bytes")
    return data


def _cut_short(record: Any) -> bool:
    """The file ended before the record's declared Content-Length (read to its end first)."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _page(body: bytes, charset: str | None, doc_id: str, url: str | None, origin: str,
          opts: ReadOptions) -> list[Item] | None:
    """The article of one page record (after a warning when bytes were replaced), the reason it
    has none, or None when it is not Korean."""
    try:
        if not body.strip():
            raise InputError(ErrorCode.EMPTY, origin, "record has no body")
        if looks_binary(body):
            raise InputError(ErrorCode.BINARY, origin, "record body looks binary, not text")
        decoded = decode_bytes(body, declared=charset, origin=origin)
        if not looks_korean(decoded.text, opts.min_hangul_share):
            return None
        warning = replaced_warning(decoded, origin, doc_id)
        article = check_text(parse_html(decoded.text, doc_id, url=url, origin=origin), opts)
        return [warning, article] if warning is not None else [article]
    except InputError as e:
        return [DocError(e.error.code, e.error.origin, e.error.message, doc_id)]
    except Exception as e:  # a parser bug on one odd page must not end the file
        return [DocError(ErrorCode.PARSE, origin, f"cannot parse: {type(e).__name__}: {e}", doc_id)]


def read_warc(f: InputFile, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Articles (or errors) from one WARC file, compressed or not."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = str(f.path)
    seen: set[str] = set()
    foreign = [0, 0]  # pages passed over as not Korean, pages read
    try:
        with open(f.path, "rb") as fh:
            it = ArchiveIterator(fh)
            n = 0
            end = 0  # where the last complete record ended
            for record in it:
                n += 1
                rtype = record.rec_type
                if rtype not in _DOC_RECORDS:
                    it.read_to_end(record)
                    if _cut_short(record):
                        break
                    end = it.get_record_offset() + it.get_record_length()
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or None
                doc_id = url or f"{f.doc_id}#{n}"
                problem: tuple[ErrorCode, str] | None = None
                ctype_header = record.rec_headers.get_header("Content-Type")
                if rtype == "response":
                    if record.http_headers is None:
                        problem = (ErrorCode.CONTENT_TYPE, "response record without HTTP headers")
                    elif record.http_headers.get_statuscode() != "200":
                        problem = (ErrorCode.HTTP_STATUS, f"HTTP status {record.http_headers.get_statuscode()}")
                    else:
                        ctype_header = record.http_headers.get_header("Content-Type")
                ctype, charset = _content_type(ctype_header)
                if problem is None and ctype and ctype not in _HTML_TYPES:
                    problem = (ErrorCode.CONTENT_TYPE, f"not a page: {ctype}")
                if problem is None and doc_id in seen:
                    problem = (ErrorCode.DUPLICATE_ID, f"{doc_id} already read from this file")
                body = b""
                if problem is None:
                    seen.add(doc_id)
                    try:
                        body = _read_capped(record.content_stream(), opts.max_file_bytes, f"{path}#{n}")
                    except InputError as e:
                        problem = (e.error.code, e.error.message)
                # The offset is known only once the record has been read to its end.
                origin = f"{path}@{it.get_record_offset()}"
                if _cut_short(record):
                    break  # a partial page is not a page; reported below as damage
                end = it.get_record_offset() + it.get_record_length()
                if problem is not None:
                    yield DocError(problem[0], origin, problem[1], doc_id)
                    continue
                foreign[1] += 1
                items = _page(body, charset, doc_id, url, origin, opts)
                if items is None:
                    foreign[0] += 1
                else:
                    yield from items
            if foreign[0]:
                yield DocError(ErrorCode.NOT_KOREAN, path,
                               f"{foreign[0]:,} of {foreign[1]:,} pages passed over: not Korean (less than "
                               f"{opts.min_hangul_share:.0%} Hangul among their non-ASCII letters)")
            # warcio stops quietly at a record cut short: bytes left after the last
            # complete record (beyond the blank lines that close it) mean a damaged file.
            fh.seek(end)
            rest = fh.read(_TRAILER_SLACK + 1)
            if len(rest) > _TRAILER_SLACK or rest.strip():
                yield DocError(ErrorCode.UNREADABLE, path,
                               f"file is damaged or truncated after byte {end:,} (the last complete record); "
                               f"the records before it were read")
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as e:
        # A truncated or corrupt file: what was read before stays read, the rest is reported.
        yield DocError(ErrorCode.UNREADABLE, path, f"cannot read WARC: {type(e).__name__}: {e}")


def read_jsonl_gz(f: InputFile, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """``{"id", "text"}`` lines from a gzip-compressed JSONL file, decompressed as read."""
    path = str(f.path)
    try:
        with gzip.open(f.path, "rb") as raw:
            lines = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="\n")
            yield from read_jsonl_lines(lines, f.doc_id, path, opts)
    except UnicodeDecodeError as e:
        yield DocError(ErrorCode.DECODE, path, f"not UTF-8 at byte {e.start} of a line: {e.reason}")
    except (OSError, EOFError, zlib.error) as e:
        yield DocError(ErrorCode.UNREADABLE, path, f"cannot read gzip: {type(e).__name__}: {e}")


def _crawl_root(listing: Path) -> Path:
    """The folder that holds ``crawl-data/`` (listed paths are relative to it)."""
    for parent in listing.resolve().parents:
        if parent.name == "crawl-data":
            return parent.parent
    return listing.resolve().parent


def listed_warcs(f: InputFile) -> Iterator[InputFile | DocError]:
    """The WARC files a Common Crawl ``warc.paths(.gz)`` listing names, found in the local copy."""
    path = str(f.path)
    root = _crawl_root(f.path)
    opener = gzip.open if f.path.name.lower().endswith(".gz") else open
    try:
        with opener(f.path, "rt", encoding="utf-8") as fh:
            names = [line.strip() for line in fh if line.strip()]
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as e:
        yield DocError(ErrorCode.UNREADABLE, path, f"cannot read listing: {type(e).__name__}: {e}")
        return
    for name in names:
        target = root / name
        if not target.is_file():
            yield DocError(ErrorCode.NOT_FOUND, f"{path}: {name}",
                           f"listed WARC file is not in the local copy under {root}")
            continue
        yield InputFile(target, name)


def read_paths_listing(f: InputFile, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """The WARC files a Common Crawl ``warc.paths(.gz)`` listing names, from the local copy."""
    for item in listed_warcs(f):
        if isinstance(item, DocError):
            yield item
        else:
            yield from read_warc(item, opts)


def read_archive(f: InputFile, opts: ReadOptions = ReadOptions()) -> Iterator[Item]:
    """Articles (or errors) from an archive file of any kind this module knows."""
    name = f.path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        yield from read_warc(f, opts)
    elif name.endswith(JSONL_GZ_SUFFIXES):
        yield from read_jsonl_gz(f, opts)
    elif name.endswith(PATHS_SUFFIXES):
        yield from read_paths_listing(f, opts)
    else:
        yield DocError(ErrorCode.UNSUPPORTED_TYPE, str(f.path), "not an archive kdeal reads")
