"""Named errors: one code for each way an input or a run can fail.

A bad document is never fatal: it becomes a ``DocError`` that is logged,
written to ``errors.jsonl`` and counted, and the run goes on. ``KdealError`` is
for failures of the run itself (bad options, unwritable output); the CLI
prints it as one line and exits non-zero.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class ErrorCode(str, Enum):
    """Why a document was skipped (``E...``), or what was repaired in one that was read (``W...``).

    The value is stable: it is stored and filtered on. A warning code marks a
    document that was still processed: something in it had to be repaired and
    the record says what, so no repair is silent.
    """

    NOT_FOUND = "E100-not-found"
    UNSUPPORTED_TYPE = "E101-unsupported-type"
    EMPTY = "E102-empty"
    BINARY = "E103-binary"
    TOO_LARGE = "E104-too-large"
    UNREADABLE = "E105-unreadable"
    DECODE = "E110-decode"
    INVALID_JSON = "E120-invalid-json"
    INVALID_RECORD = "E121-invalid-record"
    DUPLICATE_ID = "E122-duplicate-id"
    PARSE = "E130-parse"
    NO_TEXT = "E131-no-text"
    NOT_KOREAN = "E132-not-korean"
    EXTRACT = "E140-extract"
    FETCH = "E200-fetch"
    ROBOTS = "E201-robots-disallowed"
    HTTP_STATUS = "E202-http-status"
    TIMEOUT = "E203-timeout"
    BODY_TOO_LARGE = "E204-body-too-large"
    CONTENT_TYPE = "E205-content-type"
    REDIRECTS = "E206-too-many-redirects"
    URL_REFUSED = "E207-url-refused"
    STORE = "E300-store"
    # Warnings: the document was read and processed, after a repair.
    REPLACED_BYTES = "W110-replaced-bytes"
    MALFORMED_FEED = "W130-malformed-feed"
    FEED_DTD = "W131-feed-dtd"

    @property
    def is_warning(self) -> bool:
        return self.value.startswith("W")


@dataclass(frozen=True)
class DocError:
    """A document (or an input) that was skipped, and why; or, with a warning code, what was
    repaired in a document that was still processed (``is_warning``)."""

    code: ErrorCode
    origin: str
    message: str
    doc_id: str | None = None

    @property
    def is_warning(self) -> bool:
        return self.code.is_warning

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code.value, "origin": self.origin, "doc_id": self.doc_id, "message": self.message,
                "severity": "warning" if self.is_warning else "error"}

    def __str__(self) -> str:
        return f"{self.origin}: {self.message} [{self.code.value}]"


class KdealError(Exception):
    """A failure of the run itself; the CLI prints it as one line and exits 1."""


class InputError(KdealError):
    """An input cannot be read at all (the run may still go on with others)."""

    def __init__(self, code: ErrorCode, origin: str, message: str):
        super().__init__(f"{origin}: {message}")
        self.error = DocError(code, origin, message)
