"""Library functions behind the CLI commands: the CLI only parses options and prints."""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from kdeal.errors import DocError
from kdeal.records import DocResult

from .options import ExtractOptions
from .progress import Progress, progress_for, wants_progress
from .provenance import RunInfo
from .readers import ReadOptions, count_documents, read_inputs
from .sinks import CsvDealsSink, JsonlSink, MultiSink, OutputDir, Sink, StreamSink

log = logging.getLogger("kdeal")
STDOUT = "-"  # as the output folder: JSON lines on standard output


@dataclass
class RunSummary:
    """What a run did; ``errors`` are the documents it skipped and why, ``warnings`` the repairs made
    in documents it still processed."""

    documents: int = 0
    mentions: int = 0
    deals: int = 0
    errors: list[DocError] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[DocError] = field(default_factory=list)
    articles_only: bool = False  # the parse stage alone: no mentions or deals to count

    @property
    def failed(self) -> bool:
        """Nothing could be processed although there was input: the run itself failed."""
        return self.documents == 0 and bool(self.errors)

    def line(self) -> str:
        warned = f", {len(self.warnings)} warnings" if self.warnings else ""
        found = "articles" if self.articles_only else f"documents, {self.mentions} mentions, {self.deals} deals"
        return f"{self.documents} {found}, {len(self.errors)} skipped{warned}, {self.seconds:.1f}s"


DB_ENV = "KDEAL_DB"
DEFAULT_OUT = "output"


def default_db_url(out_dir: str | os.PathLike[str] = DEFAULT_OUT) -> str:
    return f"sqlite:///{Path(out_dir) / 'tracker.sqlite'}"


def resolve_db_url(given: str | None, config_url: str | None = None) -> str:
    """The tracker database: ``--db``, else $KDEAL_DB, else the sources file's ``[database] url``,
    else ``output/tracker.sqlite`` (so a password need not be on a command line)."""
    return given or os.environ.get(DB_ENV) or config_url or default_db_url()


def drive(results: Iterable[DocResult | DocError], sink: Sink, progress: Progress | None = None,
          on_error: Callable[[DocError], None] | None = None) -> RunSummary:
    """Feed results into ``sink``; commit on success, discard (keeping old output) on failure."""
    summary = RunSummary()
    t0 = time.perf_counter()
    progress = progress or progress_for("", enabled=False)
    ok = False
    try:
        for r in results:
            if isinstance(r, DocError) and r.is_warning:  # a repaired document: it still comes
                summary.warnings.append(r)
                sink.error(r)
                if on_error:
                    on_error(r)
                continue
            if isinstance(r, DocError):
                summary.errors.append(r)
                sink.error(r)
                if on_error:
                    on_error(r)
                progress.advance(1, skipped=1)
                continue
            sink.write(r)
            summary.documents += 1
            summary.mentions += len(r.mentions)
            summary.deals += len(r.deals)
            progress.advance(1, deals=len(r.deals))
        ok = True
    finally:
        progress.close()
        sink.close(ok)
        summary.seconds = time.perf_counter() - t0
    return summary


def _log_error(err: DocError) -> None:
    log.warning("%s %s", "repaired" if err.is_warning else "skipped", err)


def run_extract(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                db_url: str | None = None, options: ExtractOptions = ExtractOptions(),
                write_csv: bool = True, read_options: ReadOptions = ReadOptions(),
                nlp: Any = None, show_progress: bool | None = None, command: str = "extract",
                workers: int | None = 1, csv_bom: bool = False) -> RunSummary:
    """Extract deals and mentions from local files into ``out_dir`` (and ``db_url``).

    ``workers``: processes (``None``: all cores). Output is identical for any
    number; with more than one, forked workers inherit ``nlp`` (or the pipeline
    built here) and spawned ones build their own (see ``pipeline.runners.local``).
    ``csv_bom``: deals.csv starts with a UTF-8 byte-order mark, for Excel.
    """
    from .runners.local import LocalRunner

    sink = _result_sink(out_dir, write_csv, db_url, command, RunInfo.of(options, nlp), csv_bom)
    runner = LocalRunner(options, workers=workers, nlp=nlp)
    progress = progress_for("extracting", _total(paths, show_progress), enabled=show_progress)
    return drive(runner.run(read_inputs(paths, read_options)), sink, progress, _log_error)


def _total(paths: Sequence[str | os.PathLike[str]], show_progress: bool | None) -> int | None:
    """Documents to expect, counted only when progress is shown (it reads the inputs once more)."""
    return count_documents(paths) if wants_progress(show_progress) else None


def _result_sink(out_dir: str | os.PathLike[str], write_csv: bool, db_url: str | None, command: str,
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


def run_parse(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
              read_options: ReadOptions = ReadOptions(), show_progress: bool | None = None) -> RunSummary:
    """The parse stage alone: ``articles.jsonl`` with the text every later stage sees (on standard
    output when ``out_dir`` is ``-``)."""
    sink: Sink = StreamSink(articles=True) if str(out_dir) == STDOUT else \
        JsonlSink(OutputDir(out_dir), articles=True, results=False)
    results = (r if isinstance(r, DocError) else DocResult(article=r) for r in read_inputs(paths, read_options))
    summary = drive(results, sink, progress_for("parsing", _total(paths, show_progress), enabled=show_progress),
                    _log_error)
    summary.articles_only = True
    return summary


def run_extract_from_store(store_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                           db_url: str | None = None, options: ExtractOptions = ExtractOptions(),
                           write_csv: bool = True, nlp: Any = None, show_progress: bool | None = None,
                           workers: int | None = 1, csv_bom: bool = False) -> RunSummary:
    """Rerun extraction from the raw store, with no network: each URL's newest archived response."""
    from kdeal.errors import KdealError

    from .runners.local import LocalRunner
    from .store import RawStore, articles_from_store

    if not (Path(store_dir) / "index.sqlite").is_file():
        raise KdealError(f"{store_dir} is not a raw store (no index.sqlite in it)")
    sink = _result_sink(out_dir, write_csv, db_url, "extract", RunInfo.of(options, nlp), csv_bom)
    progress = progress_for("extracting", enabled=show_progress)
    with RawStore(store_dir) as store:
        runner = LocalRunner(options, workers=workers, nlp=nlp)
        return drive(runner.run(articles_from_store(store)), sink, progress, _log_error)


def run_discover(sources_file: str | os.PathLike[str], on_error: Callable[[DocError], None] | None = None,
                 on_disallowed: Callable[[DocError], None] | None = None) -> Iterable[Any]:
    """Candidates the sources file would fetch (feeds, sitemaps and list pages are fetched politely);
    URLs robots.txt forbids are not among them but go to ``on_disallowed`` (logged by default)."""
    from .discover import discover
    from .fetch import Fetcher
    from .sources import load_sources

    config = load_sources(sources_file)
    return discover(config, Fetcher(config.policy), on_error or _log_error, on_disallowed or _log_error)
