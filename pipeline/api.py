"""Library functions behind the CLI commands: one per command, the CLI only parses options and prints.

| command          | function                 |
|------------------|--------------------------|
| extract          | ``run_extract``          |
| parse            | ``run_parse``            |
| run              | ``run_corpus``           |
| discover         | ``run_discover``         |
| ingest           | ``run_ingest``           |
| runs             | ``runs_table``           |
| export           | ``run_export``           |
| report           | ``run_report``           |
| browse           | ``run_browse``           |
| schema           | ``schema_text``          |
| spark            | ``run_spark``            |
| eval             | ``run_eval``             |

Every default comes from ``pipeline.options``. The heavier modules are imported
inside the functions, so that ``kdeal --help`` and ``kdeal schema`` stay quick.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from kdeal.errors import DocError, KdealError
from kdeal.records import DocResult

from .drive import STDOUT, drive, expected_total, log_error, result_sink
from .options import (
    DEFAULT_COMPANY_MODEL,
    DEFAULT_KIWI_THREADS,
    DEFAULT_LAST_RUNS,
    DEFAULT_MAX_ERROR_RATE,
    DEFAULT_MAX_NODES,
    DEFAULT_PORT,
    DEFAULT_REPORT_TITLE,
    DEFAULT_STORE,
    DEFAULT_WINDOW_DAYS,
    DEFAULT_WORKERS,
    IN_PROCESS,
    ExtractOptions,
    default_db_url,
    first_given,
    resolve_db_url,
)
from .progress import progress_for
from .provenance import RunInfo
from .readers import ReadOptions, read_inputs
from .sinks import JsonlSink, OutputDir, Sink, StreamSink
from .summary import RunSummary

if TYPE_CHECKING:
    from .discover import Candidate
    from .evaluate import Report
    from .export import ExportSummary
    from .frames import DealFilter
    from .report import ReportSummary

__all__ = ["RunSummary", "STDOUT", "drive", "default_db_url", "resolve_db_url", "run_extract", "run_parse",
           "run_corpus", "run_extract_from_store", "run_discover", "run_ingest", "runs_table", "run_export",
           "run_report", "run_browse", "schema_text", "run_spark", "run_eval"]

log = logging.getLogger("kdeal")


def run_extract(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                db_url: str | None = None, options: ExtractOptions = ExtractOptions(),
                write_csv: bool = True, read_options: ReadOptions = ReadOptions(),
                nlp: Any = None, show_progress: bool | None = None, command: str = "extract",
                workers: int | None = IN_PROCESS, csv_bom: bool = False, shards: bool = False,
                from_store: str | os.PathLike[str] | None = None) -> RunSummary:
    """Extract deals and mentions from local files into ``out_dir`` (and ``db_url``).

    ``workers``: processes (``None``: all cores). Output is identical for any
    number; with more than one, forked workers inherit ``nlp`` (or the pipeline
    built here) and spawned ones build their own (see ``pipeline.runners.local``).
    ``csv_bom``: deals.csv starts with a UTF-8 byte-order mark, for Excel.
    ``shards``: one output folder per input file (``pipeline.shards``);
    ``from_store``: read the raw store instead of ``paths`` (``run_extract_from_store``).
    """
    if from_store is not None:
        return run_extract_from_store(from_store, out_dir, db_url=db_url, options=options, write_csv=write_csv,
                                      nlp=nlp, show_progress=show_progress, workers=workers, csv_bom=csv_bom)
    if shards:
        from .shards import run_extract_shards

        return run_extract_shards(paths, out_dir, db_url=db_url, options=options, write_csv=write_csv,
                                  read_options=read_options, nlp=nlp, show_progress=show_progress,
                                  workers=workers, csv_bom=csv_bom)
    from .runners.local import LocalRunner

    sink = result_sink(out_dir, write_csv, db_url, command, RunInfo.of(options, nlp), csv_bom)
    runner = LocalRunner(options, workers=workers, nlp=nlp)
    progress = progress_for("extracting", expected_total(paths, show_progress), enabled=show_progress)
    return drive(runner.run(read_inputs(paths, read_options)), sink, progress, log_error)


def run_corpus(corpus_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str], db_url: str | None = None,
               options: ExtractOptions = ExtractOptions(), read_options: ReadOptions = ReadOptions(),
               show_progress: bool | None = None, workers: int | None = IN_PROCESS) -> RunSummary:
    """The whole pipeline over a corpus folder (``make run``): JSONL, deals.csv and the tracker
    database, by default ``OUT/tracker.sqlite``."""
    if not Path(corpus_dir).is_dir():
        raise KdealError(f"corpus folder {corpus_dir} does not exist")
    return run_extract([corpus_dir], out_dir, db_url=db_url or default_db_url(out_dir), options=options,
                       read_options=read_options, show_progress=show_progress, command="run", workers=workers)


def run_parse(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
              read_options: ReadOptions = ReadOptions(), show_progress: bool | None = None) -> RunSummary:
    """The parse stage alone: ``articles.jsonl`` with the text every later stage sees (on standard
    output when ``out_dir`` is ``-``)."""
    sink: Sink = StreamSink(articles=True) if str(out_dir) == STDOUT else \
        JsonlSink(OutputDir(out_dir), articles=True, results=False)
    results = (r if isinstance(r, DocError) else DocResult(article=r) for r in read_inputs(paths, read_options))
    progress = progress_for("parsing", expected_total(paths, show_progress), enabled=show_progress)
    return replace(drive(results, sink, progress, log_error), kind="parse")


def run_extract_from_store(store_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                           db_url: str | None = None, options: ExtractOptions = ExtractOptions(),
                           write_csv: bool = True, nlp: Any = None, show_progress: bool | None = None,
                           workers: int | None = IN_PROCESS, csv_bom: bool = False) -> RunSummary:
    """Rerun extraction from the raw store, with no network: each URL's newest archived response."""
    from .runners.local import LocalRunner
    from .store import RawStore, articles_from_store

    if not (Path(store_dir) / "index.sqlite").is_file():
        raise KdealError(f"{store_dir} is not a raw store (no index.sqlite in it)")
    sink = result_sink(out_dir, write_csv, db_url, "extract", RunInfo.of(options, nlp), csv_bom)
    progress = progress_for("extracting", enabled=show_progress)
    with RawStore(store_dir) as store:
        runner = LocalRunner(options, workers=workers, nlp=nlp)
        return drive(runner.run(articles_from_store(store)), sink, progress, log_error)


def run_discover(sources_file: str | os.PathLike[str], on_error: Callable[[DocError], None] | None = None,
                 on_disallowed: Callable[[DocError], None] | None = None) -> Iterable[Candidate]:
    """Candidates the sources file would fetch (feeds, sitemaps and list pages are fetched politely);
    URLs robots.txt forbids are not among them but go to ``on_disallowed`` (logged by default)."""
    from .discover import discover
    from .fetch import Fetcher
    from .sources import load_sources

    config = load_sources(sources_file)
    return discover(config, Fetcher(config.policy), on_error or log_error, on_disallowed or log_error)


def run_ingest(sources_file: str | os.PathLike[str], db_url: str | None = None, *,
               companies: Sequence[str] = (), company_model: str | None = None, kiwi_threads: int | None = None,
               workers: int | None = None, window_days: int | None = None, wait: float = 0.0,
               concurrency: int | None = None, store: str | os.PathLike[str] | None = DEFAULT_STORE,
               max_error_rate: float = DEFAULT_MAX_ERROR_RATE, metrics_file: str | os.PathLike[str] | None = None,
               every: str | None = None, max_runs: int | None = None, show_progress: bool | None = None,
               say: Callable[[str], None] = log.info) -> RunSummary | None:
    """Ingest the sources file into the tracker database: once, or again after each interval ``every``.

    An extraction setting not given here (None, or no companies) is the sources
    file's ``[extract]`` value, else the default of ``pipeline.options``; the
    database is ``db_url``, else $KDEAL_DB, else the file's ``[database] url``.
    ``every``: an interval as operators write it (30m, 1h30m); the loop stops after
    a run ended by a signal (or after ``max_runs``). ``say`` gets each run's line,
    and the notice when another ingest holds the lock (that run is passed over).
    ``metrics_file``: each run's figures as a Prometheus textfile. Returns the last
    run's summary, or None when the last attempt found the lock held.
    """
    from .db.lock import LockBusy
    from .ingest import ingest
    from .schedule import parse_every, run_every
    from .sources import load_sources

    interval = parse_every(every) if every else None
    config = load_sources(sources_file)
    settings = config.extract
    url = resolve_db_url(db_url, config.database)
    options = ExtractOptions(
        company_files=tuple(first_given(tuple(companies), settings.companies, default=())),
        kiwi_threads=first_given(kiwi_threads, settings.kiwi_threads, default=DEFAULT_KIWI_THREADS),
        company_model=first_given(company_model, settings.company_model, default=DEFAULT_COMPANY_MODEL))
    days = first_given(window_days, settings.window_days, default=DEFAULT_WINDOW_DAYS)
    processes = first_given(workers, settings.workers, default=DEFAULT_WORKERS)
    last: list[RunSummary | None] = []

    def once() -> RunSummary | None:
        try:
            summary = ingest(config, url, options=options, wait=wait, show_progress=show_progress,
                             window_days=days, command=f"ingest --sources {sources_file}", concurrency=concurrency,
                             workers=processes, store=store, max_error_rate=max_error_rate)
        except LockBusy as e:
            say(str(e))
            last.append(None)
            return None
        say(summary.line())
        if metrics_file:
            from .metrics import write_metrics

            write_metrics(metrics_file, summary, url)
        last.append(summary)
        return summary

    if interval is None:
        return once()
    say(f"ingesting every {every} into {url} (Ctrl-C to stop)")
    run_every(interval, once, max_runs=max_runs, until=lambda s: s is not None and s.signum is not None)
    return last[-1] if last else None


def runs_table(db_url: str | None = None, last: int = DEFAULT_LAST_RUNS) -> str:
    """The latest ``last`` runs of the tracker database as the table ``kdeal runs`` prints."""
    from .runs import format_runs, list_runs

    return format_runs(list_runs(resolve_db_url(db_url), last))


def _filter(since: date | None, until: date | None, companies: Sequence[str],
            types: Sequence[str]) -> DealFilter:
    from .frames import DealFilter

    return DealFilter(since=since, until=until, companies=tuple(companies), types=tuple(types))


def run_export(out_path: str | os.PathLike[str], db_url: str | None = None, fmt: str = "jsonl",
               table: str = "deals", bom: bool = False, since: date | None = None, until: date | None = None,
               companies: Sequence[str] = (), types: Sequence[str] = ()) -> ExportSummary:
    """Export the deals of the tracker database (filtered by date, party and type) to ``out_path``."""
    from .export import export

    return export(resolve_db_url(db_url), out_path, fmt, _filter(since, until, companies, types), table=table,
                  bom=bom)


def run_report(out_path: str | os.PathLike[str], db_url: str | None = None, folder: str | None = None,
               title: str = DEFAULT_REPORT_TITLE, max_nodes: int = DEFAULT_MAX_NODES, since: date | None = None,
               until: date | None = None, companies: Sequence[str] = (),
               types: Sequence[str] = ()) -> ReportSummary:
    """The self-contained HTML page of the deals of a tracker database or an extract output folder."""
    from .report import ReportOptions, build_report

    if db_url and folder:
        raise KdealError("give a database or an output folder, not both")
    return build_report(folder or resolve_db_url(db_url), out_path, _filter(since, until, companies, types),
                        ReportOptions(title=title, max_nodes=max_nodes))


def run_browse(db_url: str | None = None, port: int = DEFAULT_PORT) -> int:
    """Serve the tracker database in datasette on 127.0.0.1 until stopped; datasette's exit status."""
    from .browse import serve

    return serve(resolve_db_url(db_url), port)


def schema_text(record: str) -> str:
    """The JSON Schema of one line of a file kdeal writes, as indented JSON."""
    from kdeal.schema import json_schema

    return json.dumps(json_schema(record), ensure_ascii=False, indent=2)


def run_spark(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
              options: ExtractOptions = ExtractOptions(), master: str = "local[*]",
              partitions: int | None = None, shards: bool = False, read_options: ReadOptions = ReadOptions(),
              spark: Any = None) -> RunSummary:
    """Extract with Spark into ``out_dir``/{mentions,deals,errors}.parquet (``pipeline.runners.spark``).

    ``shards``: one folder per input file under ``out_dir``/shards/, as ``extract
    --shards`` (``partitions`` is then the number of files per Spark job); a rerun
    skips the shards done before. ``spark``: an existing session, kept open.
    """
    from .runners.spark import run_spark as spark_run
    from .runners.spark import run_spark_shards

    if shards:
        return run_spark_shards(paths, out_dir, options=options, master=master, read_options=read_options,
                                spark=spark, files_per_job=partitions)
    return spark_run(paths, out_dir, options=options, master=master, read_options=read_options, spark=spark,
                     partitions=partitions)


def run_eval(gold_dir: str | os.PathLike[str] | None = None, fixtures_dir: str | os.PathLike[str] | None = None,
             options: ExtractOptions = ExtractOptions(), klue: bool = True, oracle_mentions: bool = False,
             json_out: str | os.PathLike[str] | None = None) -> Report:
    """Score extraction against the gold data; ``json_out``: also write the figures as JSON."""
    from .evaluate import evaluate
    from .nlp import get_nlp

    report = evaluate(get_nlp(options), Path(gold_dir) if gold_dir else None,
                      Path(fixtures_dir) if fixtures_dir else None, klue=klue, oracle_mentions=oracle_mentions)
    if json_out:
        Path(json_out).write_text(json.dumps(report.data, ensure_ascii=False, indent=1), encoding="utf-8")
    return report
