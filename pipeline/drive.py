"""Feeding results into the sinks of a run, and the sinks a run writes to.

Shared by every local run (``pipeline.api``, ``pipeline.shards``): a run is its
results driven into a sink, with the counts gathered into a ``RunSummary``.
"""
from __future__ import annotations

import logging
import os
import time
from typing import Callable, Iterable, Sequence

from kdeal.errors import DocError
from kdeal.records import DocResult

from .progress import Progress, progress_for, wants_progress
from .provenance import RunInfo
from .readers import count_documents
from .sinks import CsvDealsSink, JsonlSink, MultiSink, OutputDir, Sink, StreamSink
from .summary import RunSummary

log = logging.getLogger("kdeal")
STDOUT = "-"  # as the output folder: JSON lines on standard output


def drive(results: Iterable[DocResult | DocError], sink: Sink, progress: Progress | None = None,
          on_error: Callable[[DocError], None] | None = None) -> RunSummary:
    """Feed results into ``sink``; commit on success, discard (keeping old output) on failure."""
    errors: list[DocError] = []
    warnings: list[DocError] = []
    documents = mentions = deals = 0
    t0 = time.perf_counter()
    progress = progress or progress_for("", enabled=False)
    ok = False
    try:
        for r in results:
            if isinstance(r, DocError):  # skipped, or (a warning) repaired and still to come
                (warnings if r.is_warning else errors).append(r)
                sink.error(r)
                if on_error:
                    on_error(r)
                if not r.is_warning:
                    progress.advance(1, skipped=1)
                continue
            sink.write(r)
            documents += 1
            mentions += len(r.mentions)
            deals += len(r.deals)
            progress.advance(1, deals=len(r.deals))
        ok = True
    finally:
        progress.close()
        sink.close(ok)
    return RunSummary(documents=documents, mentions=mentions, deals=deals, errors=tuple(errors),
                      warnings=tuple(warnings), seconds=time.perf_counter() - t0)


def log_error(err: DocError) -> None:
    log.warning("%s %s", "repaired" if err.is_warning else "skipped", err)


def expected_total(paths: Sequence[str | os.PathLike[str]], show_progress: bool | None) -> int | None:
    """Documents to expect, counted only when progress is shown (it reads the inputs once more)."""
    return count_documents(paths) if wants_progress(show_progress) else None


def result_sink(out_dir: str | os.PathLike[str], write_csv: bool, db_url: str | None, command: str,
                info: RunInfo, csv_bom: bool = False) -> Sink:
    """JSONL (always; deals on standard output when ``out_dir`` is ``-``), deals.csv and the tracker
    database, as asked."""
    sinks: list[Sink] = []
    if str(out_dir) == STDOUT:
        sinks.append(StreamSink())
    else:
        out = OutputDir(out_dir)
        sinks.append(JsonlSink(out))
        if write_csv:
            sinks.append(CsvDealsSink(out, bom=csv_bom))
    if db_url:
        from .db import DbSink

        sinks.append(DbSink(db_url, command=command, info=info))
    return MultiSink(sinks)
