"""The recrawl policy: which known article to ask for again, and when.

Feeds, sitemaps and list pages are read on every run (discovery); the
articles they point to are not. An article checked less than
``recheck_after`` ago is fresh and not requested at all; after that it is
asked for with its ETag / Last-Modified (a 304 costs the server nothing). A
sitemap's ``<lastmod>`` overrides the interval both ways: a page modified
after our last check is asked for at once, and one not modified since is
left alone. A URL that answered 404 or 410 ``retire_after`` times in a row
is retired and not asked for again; any other failure is retried on the
next run.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the database layer is not needed to read a sources file
    from .db.state import FetchState

DEFAULT_RECHECK_AFTER = 7 * 24 * 3600.0
DEFAULT_RETIRE_AFTER = 3
GONE_STATUSES = frozenset({404, 410})


class Decision(str, Enum):
    """What to do with a candidate article this run."""

    FETCH = "fetch"  # never fetched: a plain GET
    RECHECK = "recheck"  # known: a conditional GET
    FRESH = "fresh"  # checked recently (or unchanged by its sitemap): not requested
    RETIRED = "retired"  # gone too often: not requested


@dataclass(frozen=True)
class RecrawlPolicy:
    """``recheck_after`` in seconds (0: ask for every known article on every run, conditionally);
    ``retire_after``: 404/410 answers in a row before a URL is retired (0: never)."""

    recheck_after: float = DEFAULT_RECHECK_AFTER
    retire_after: int = DEFAULT_RETIRE_AFTER

    def __post_init__(self) -> None:
        if self.recheck_after < 0 or self.retire_after < 0:
            raise ValueError("recheck_after and retire_after must not be negative")

    def decide(self, state: FetchState | None, now: datetime, lastmod: datetime | None = None) -> Decision:
        if state is None:
            return Decision.FETCH
        if self.retire_after and state.gone_count >= self.retire_after:
            return Decision.RETIRED
        if state.error_code is not None or state.checked_at is None:
            return Decision.RECHECK  # the last attempt failed: try again
        if lastmod is not None:
            return Decision.RECHECK if lastmod > state.checked_at else Decision.FRESH
        if now - state.checked_at < timedelta(seconds=self.recheck_after):
            return Decision.FRESH
        return Decision.RECHECK

    def gone_count(self, state: FetchState | None, status: int | None) -> int:
        """The 404/410 count after an answer with ``status``."""
        if status not in GONE_STATUSES:
            return 0
        return (state.gone_count if state else 0) + 1
