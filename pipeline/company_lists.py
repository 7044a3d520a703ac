"""Users' company lists: files read and decoded here, parsed by the extractors.

A list is a CSV with a header naming ``name`` and optional ``canonical``, ``kind``,
``code`` columns, or a plain file with one name per line. Spreadsheets saved in
Korean Windows write CP949, so the encoding is detected, not assumed. The
extractors only ever see the decoded text (``gazetteer.parse_user_list``).
"""
from __future__ import annotations

from pathlib import Path

from kdeal.extractors.gazetteer import Entry, parse_user_list

from kdeal.errors import InputError, KdealError

from .decode import decode_bytes, looks_binary


def read_company_list(path: str | Path) -> list[Entry]:
    """The entries of one user list; an unusable list stops the run with one clear line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise KdealError(f"cannot read company list {path}: {e.strerror or e}") from e
    if looks_binary(data):
        raise KdealError(f"company list {path} looks binary, not a CSV or text file")
    try:
        text = decode_bytes(data, origin=str(path)).text
    except InputError as e:
        raise KdealError(f"company list {path}: {e.error.message}") from e
    return list(parse_user_list(text, str(path)))


def user_entries(paths: tuple[str, ...]) -> list[list[str | None]]:
    """The entries of all lists as config rows (name, canonical, kind, code, source)."""
    return [[e.name, e.canonical, e.kind, e.code, e.source] for p in paths for e in read_company_list(p)]
