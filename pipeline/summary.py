"""What a run did: one frozen record for every command that runs the pipeline.

``extract``, ``run``, ``parse``, ``extract --shards``, ``spark`` and ``ingest``
all end with a ``RunSummary``: the documents, mentions and deals written, the
inputs skipped (``errors``) and the repairs made in documents still processed
(``warnings``), how long it took, and the counts only some runs have (shards
written, input files, the pages of an ingest). ``kind`` says which run it was,
and so which of them ``line()`` reports. The CLI prints ``line()``; the
Prometheus textfile of ``ingest --metrics`` reads the same fields.
"""
from __future__ import annotations

from dataclasses import dataclass

from kdeal.errors import DocError

from .options import DEFAULT_MAX_ERROR_RATE

KINDS = ("extract", "parse", "shards", "spark", "ingest")
INGEST_STATUSES = ("ok", "failed", "interrupted")


@dataclass(frozen=True)
class RunSummary:
    """The counts of one run.

    Every run: ``documents``, ``mentions``, ``deals``, ``errors``, ``warnings``,
    ``seconds``. ``parse`` counts articles only. ``shards``: ``shards_written`` and
    ``shards_skipped`` (done before); ``spark`` has them too with ``--shards``.
    ``spark``: ``files`` read (its workers do not count documents). ``ingest``:
    the ``runs`` row's page counts; ``deals`` are
    deal rows added, ``reports`` statements of deals written (a deal reported again
    is a report, not a deal); ``status`` ok, failed (more than ``max_error_rate`` of
    the pages failed) or interrupted (``signum`` says by what).
    """

    kind: str = "extract"
    documents: int = 0
    mentions: int = 0
    deals: int = 0
    errors: tuple[DocError, ...] = ()
    warnings: tuple[DocError, ...] = ()
    seconds: float = 0.0
    shards_written: int = 0
    shards_skipped: int = 0
    files: int = 0
    run_id: int = 0
    candidates: int = 0
    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    fresh: int = 0
    retired: int = 0
    failed_pages: int = 0
    reports: int = 0
    status: str = "ok"
    signum: int | None = None
    max_error_rate: float = DEFAULT_MAX_ERROR_RATE

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown run kind {self.kind!r}; one of {', '.join(KINDS)}")

    @property
    def failed(self) -> bool:
        """Nothing could be processed although there was input: the run itself failed (an ingest
        fails by its ``status`` instead)."""
        if self.kind == "ingest":
            return self.status == "failed"
        done = self.files if self.kind == "spark" else self.documents
        return done == 0 and bool(self.errors)

    @property
    def pages_tried(self) -> int:
        """Pages an ingest asked for (and sources that failed): what the error rate is a share of."""
        return self.fetched + self.not_modified + self.failed_pages

    @property
    def error_rate(self) -> float:
        return self.failed_pages / self.pages_tried if self.pages_tried else 0.0

    @property
    def too_many_errors(self) -> bool:
        return self.error_rate > self.max_error_rate

    def line(self) -> str:
        """The one line the CLI prints for the run."""
        if self.kind == "ingest":
            return self._ingest_line()
        if self.kind == "spark":
            line = (f"{self.files} files, {self.mentions} mentions, {self.deals} deals, "
                    f"{len(self.errors)} skipped{self._warned()}")
            return line + self._sharded()
        found = "articles" if self.kind == "parse" else f"documents, {self.mentions} mentions, {self.deals} deals"
        line = f"{self.documents} {found}, {len(self.errors)} skipped{self._warned()}, {self.seconds:.1f}s"
        return line + (self._sharded() if self.kind == "shards" else "")

    def _sharded(self) -> str:
        if not (self.shards_written or self.shards_skipped):
            return ""
        return f"; {self.shards_written} shards written, {self.shards_skipped} done before (skipped)"

    def _warned(self) -> str:
        return f", {len(self.warnings)} warnings" if self.warnings else ""

    def _ingest_line(self) -> str:
        status = "" if self.status == "ok" else f" [{self.status}]"
        return (f"run {self.run_id}{status}: {self.candidates} candidates, {self.fetched} fetched, "
                f"{self.not_modified} not modified, {self.fresh} fresh (not requested), {self.unchanged} "
                f"unchanged, {self.failed_pages} failed, {self.documents} documents written, {self.mentions} "
                f"mentions, {self.deals} new deals, {self.reports} deal reports, {len(self.errors)} skipped, "
                f"{self.seconds:.1f}s")
