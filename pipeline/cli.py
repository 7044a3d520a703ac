"""The ``kdeal`` command: a thin layer over ``pipeline.api``.

Every failure reaches the user as one line on stderr and a non-zero exit
code; ``--debug`` shows the traceback for bug reports.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any, Sequence

import click

from kdeal.errors import KdealError

log = logging.getLogger("kdeal")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INTERNAL = 2
EXIT_INTERRUPTED = 130


class _OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        return f"kdeal: {msg}" if record.levelno < logging.WARNING else f"kdeal: {record.levelname.lower()}: {msg}"


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Libraries that are chatty at INFO stay quiet unless asked for debug output.
    for noisy in ("trafilatura", "htmldate", "charset_normalizer", "urllib3", "py4j"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose > 1 else logging.ERROR)


def _options(companies: Sequence[str], threads: int, company_model: str = "bundled") -> Any:
    from .options import ExtractOptions

    return ExtractOptions(company_files=tuple(companies), kiwi_threads=threads, company_model=company_model)


def _report(summary: Any) -> int:
    click.echo(f"kdeal: {summary.line()}", err=True)
    return EXIT_FAILED if summary.failed else EXIT_OK


companies_option = click.option(
    "--companies", "companies", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="Extra company list (CSV with a 'name' column, optional 'canonical', 'kind', 'code'; "
         "or one name per line). Repeatable.")
company_model_option = click.option(
    "--company-model", default="bundled", show_default=True, metavar="none|bundled|PATH",
    help="Learned layer of company recognition: bundled (the CRF trained on KLUE-NER, combined "
         "with the rules: KLUE organisation F1 0.54 -> 0.66 cross-validated, a whole run 3-10% "
         "slower), none (the rules alone) or a CRF model file.")
threads_option = click.option(
    "--kiwi-threads", type=click.IntRange(1, 64), default=1, show_default=True,
    help="Threads Kiwi uses for segmentation inside this process.")
bom_option = click.option(
    "--bom", "--excel", "csv_bom", is_flag=True, default=False,
    help="Start CSV files with a UTF-8 byte-order mark so that Excel (Korean Windows included) "
         "opens them with Hangul intact.")
progress_option = click.option(
    "--progress/--no-progress", default=None,
    help="Show a progress bar (default: only when stderr is a terminal).")


def _default_workers() -> int:
    from .runners.local import default_workers

    return default_workers()


def workers_option(fn: Any) -> Any:
    """``--workers N``: worker processes for extraction; default all cores."""
    return click.option(
        "--workers", "-j", type=click.IntRange(1, 256), default=_default_workers, show_default="all cores",
        help="Worker processes for extraction (on Linux forked from this process once it has loaded "
             "Kiwi, sharing its ≈0.5 GB model; elsewhere each loads its own). "
             "Output is identical for any number.")(fn)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.version_option(package_name="kdeal", prog_name="kdeal")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, debug: bool) -> None:
    """kdeal: deal records from Korean business writing.

    Reads news articles, columns and press releases and writes who partnered
    with whom, how many partners or deals a sentence reports, what kind of deal
    it was, and the sentence that says so.
    """
    _setup_logging(verbose, quiet)
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("paths", nargs=-1, required=False, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for mentions.jsonl, deals.jsonl, deals.csv and errors.jsonl.")
@click.option("--db", "db_url", default=None,
              help="Also write to this tracker database (SQLAlchemy URL, e.g. sqlite:///t.sqlite "
                   "or postgresql+psycopg://user@host/db).")
@click.option("--csv/--no-csv", "write_csv", default=True, show_default=True, help="Write deals.csv.")
@click.option("--from-store", "from_store", default=None, type=click.Path(file_okay=False),
              help="Read the raw store (e.g. corpus/store) instead of PATHS: reruns extraction on every "
                   "archived page with no network.")
@bom_option
@companies_option
@company_model_option
@threads_option
@workers_option
@progress_option
def extract(paths: tuple[str, ...], out_dir: str, db_url: str | None, write_csv: bool, from_store: str | None,
            csv_bom: bool, companies: tuple[str, ...], company_model: str, kiwi_threads: int, workers: int,
            progress: bool | None) -> int:
    """Extract mentions and deals from files or folders (or the raw store).

    PATHS are .txt, .html, .xml (RSS/Atom or a page), .jsonl ({"id", "text"} per
    line) files, or folders of them. A file that cannot be read is skipped with
    its reason (also in OUT/errors.jsonl); the others are still processed.
    With --from-store DIR, the newest archived response of each URL is parsed
    and extracted again instead, with no network access.
    """
    from .api import run_extract

    if from_store is not None:
        if paths:
            raise click.UsageError("give PATHS or --from-store, not both")
        from .api import run_extract_from_store

        return _report(run_extract_from_store(from_store, out_dir, db_url=db_url,
                                              options=_options(companies, kiwi_threads, company_model), write_csv=write_csv,
                                              show_progress=progress, workers=workers, csv_bom=csv_bom))
    if not paths:
        raise click.UsageError("give PATHS to read, or --from-store DIR")
    summary = run_extract(paths, out_dir, db_url=db_url, options=_options(companies, kiwi_threads, company_model),
                          write_csv=write_csv, show_progress=progress, workers=workers, csv_bom=csv_bom)
    return _report(summary)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for articles.jsonl and errors.jsonl.")
@progress_option
def parse(paths: tuple[str, ...], out_dir: str, progress: bool | None) -> int:
    """Parse files into articles only (no extraction).

    Writes OUT/articles.jsonl: doc_id, url, title, published, author, outlet and
    the text that extraction would see (offsets in deals.jsonl index this text).
    """
    from .api import run_parse

    return _report(run_parse(paths, out_dir, show_progress=progress))


@cli.command()
@click.option("--corpus", "corpus_dir", default="corpus", show_default=True,
              type=click.Path(file_okay=False), help="Folder of input documents.")
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Output folder.")
@click.option("--db", "db_url", default=None,
              help="Tracker database URL [default: sqlite:///OUT/tracker.sqlite].")
@companies_option
@company_model_option
@threads_option
@workers_option
@progress_option
def run(corpus_dir: str, out_dir: str, db_url: str | None, companies: tuple[str, ...], company_model: str,
        kiwi_threads: int, workers: int, progress: bool | None) -> int:
    """Run the whole pipeline over the bundled corpus (what `make run` does).

    Writes OUT/deals.jsonl, OUT/mentions.jsonl, OUT/deals.csv, OUT/errors.jsonl
    and the tracker database OUT/tracker.sqlite.
    """
    from .api import default_db_url, run_extract

    if not Path(corpus_dir).is_dir():
        raise KdealError(f"corpus folder {corpus_dir} does not exist")
    summary = run_extract([corpus_dir], out_dir, db_url=db_url or default_db_url(out_dir),
                          options=_options(companies, kiwi_threads, company_model), show_progress=progress, command="run",
                          workers=workers)
    code = _report(summary)
    click.echo(f"kdeal: wrote {Path(out_dir) / 'deals.jsonl'}, mentions.jsonl, deals.csv, tracker.sqlite",
               err=True)
    return code


@cli.command()
@click.option("--sources", "sources_file", required=True, type=click.Path(dir_okay=False),
              help="Sources file (TOML): feeds, sitemaps, list pages, URLs, local folders, politeness.")
def discover(sources_file: str) -> int:
    """List what would be fetched: one line per candidate (source, kind, URL).

    Feeds, sitemaps and list pages are fetched (politely, honouring robots.txt)
    to find their article links; the articles themselves are not fetched. A
    source that cannot be read is reported on stderr and the others still run.
    """
    from .api import run_discover

    failed: list[Any] = []
    count = 0
    for cand in run_discover(sources_file, on_error=lambda e: (failed.append(e), log.warning("%s", e))):
        click.echo(f"{cand.source}\t{cand.kind}\t{cand.url}")
        count += 1
    click.echo(f"kdeal: {count} candidates, {len(failed)} sources failed", err=True)
    return EXIT_FAILED if failed and not count else EXIT_OK


@cli.command()
@click.option("--sources", "sources_file", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Sources file (TOML): feeds, sitemaps, list pages, URLs, local folders, politeness.")
@click.option("--db", "db_url", default="sqlite:///output/tracker.sqlite", show_default=True,
              help="Tracker database URL (sqlite:///PATH or postgresql+psycopg://user@host/db).")
@click.option("--every", "every", default=None, metavar="INTERVAL",
              help="Keep running: start an ingest every INTERVAL (30m, 1h, 1h30m, 90s).")
@click.option("--wait", "wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
              help="If another ingest holds the database, wait up to SECONDS for it instead of exiting.")
@click.option("--window-days", type=click.IntRange(0), default=30, show_default=True,
              help="Reports of the same deal (same type and parties) this many days apart are one deal.")
@click.option("--max-runs", type=click.IntRange(1), default=None, hidden=True,
              help="With --every: stop after this many runs (for tests).")
@companies_option
@company_model_option
@threads_option
@workers_option
@progress_option
def ingest(sources_file: str, db_url: str, every: str | None, wait: float, window_days: int,
           max_runs: int | None, companies: tuple[str, ...], company_model: str, kiwi_threads: int,
           workers: int, progress: bool | None) -> int:
    """Discover, fetch, parse, extract and store: only new or changed pages.

    Each page is fetched with the ETag/Last-Modified of the previous run and
    written in its own transaction with its fetch state, so a killed run is
    continued by the next. Only one ingest writes to a database at a time: a
    second one says who holds the lock and exits (status 0), or waits with
    --wait. Pages that fail are recorded in the run's row with their reason;
    the exit status is non-zero only when the run itself fails. With --workers N,
    pages are extracted in N processes while fetching goes on; the database
    gets the same rows in the same order as with one.
    """
    from .db.lock import LockBusy
    from .ingest import ingest as run_ingest
    from .ingest import parse_every, run_every
    from .sources import load_sources

    interval = parse_every(every) if every else None
    config = load_sources(sources_file)
    options = _options(companies, kiwi_threads, company_model)

    def once() -> int:
        try:
            summary = run_ingest(config, db_url, options=options, wait=wait, window_days=window_days,
                                 command=f"ingest --sources {sources_file}", show_progress=progress,
                                 workers=workers)
        except LockBusy as e:
            click.echo(f"kdeal: {e}", err=True)
            return EXIT_OK
        click.echo(f"kdeal: {summary.line()}", err=True)
        return EXIT_OK

    if interval is None:
        return once()
    click.echo(f"kdeal: ingesting every {every} into {db_url} (Ctrl-C to stop)", err=True)
    run_every(interval, once, max_runs=max_runs)
    return EXIT_OK


@cli.command()
@click.option("--db", "db_url", default="sqlite:///output/tracker.sqlite", show_default=True,
              help="Tracker database URL.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "graphml", "gexf"]), default="jsonl",
              show_default=True, help="jsonl: one nested object per deal (kdeal schema export); csv/parquet: "
                                      "one flat table; graphml/gexf: the partner network (companies as nodes, "
                                      "partner pairs as edges weighted by reports) for Gephi or networkx.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--table", type=click.Choice(["deals", "parties", "quantities", "evidence", "mentions", "pairs",
                                            "companies"]),
              default="deals", show_default=True,
              help="Which table (csv and parquet only). pairs: one row per partner pair (a, b, deals, "
                   "reports, first, last, types), the weighted edge list; companies: one row per party.")
@bom_option
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only deals reported on or after this date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only deals reported on or before this date (YYYY-MM-DD).")
@click.option("--company", "companies", multiple=True,
              help="Only deals with this party (canonical name, alias or name as written). Repeatable.")
@click.option("--type", "types", multiple=True, help="Only deals of this type (e.g. partnership). Repeatable.")
def export(db_url: str, fmt: str, out_path: str, table: str, csv_bom: bool, since: Any, until: Any,
           companies: tuple[str, ...], types: tuple[str, ...]) -> int:
    """Export deals from the tracker database for analysis.

    The file appears only when complete; an earlier file at --out is kept if
    the export fails. The same tables are available as pandas DataFrames from
    pipeline.frames.load_frames(DB_URL).
    """
    from .export import export as run_export
    from .frames import DealFilter

    flt = DealFilter(since=since.date() if since else None, until=until.date() if until else None,
                     companies=companies, types=types)
    summary = run_export(db_url, out_path, fmt, flt, table=table, bom=csv_bom)
    click.echo(f"kdeal: {summary.line()}", err=True)
    return EXIT_OK


@cli.command()
@click.option("--db", "db_url", default=None, help="Tracker database URL (sqlite:///PATH or postgresql+psycopg://...).")
@click.option("--from", "folder", default=None, type=click.Path(file_okay=False, exists=True),
              help="An extract output folder (its deals.jsonl) instead of a database.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--title", default="kdeal — partner network", show_default=True, help="Title of the page.")
@click.option("--max-nodes", type=click.IntRange(10, 5000), default=250, show_default=True,
              help="Most companies the graph draws at once (those with most deals under the current filters).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="With --db: only deals reported on or after this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="With --db: only deals reported on or before this date.")
@click.option("--company", "companies", multiple=True, help="With --db: only deals with this party. Repeatable.")
@click.option("--type", "types", multiple=True, help="With --db: only deals of this type. Repeatable.")
def report(db_url: str | None, folder: str | None, out_path: str, title: str, max_nodes: int, since: Any,
           until: Any, companies: tuple[str, ...], types: tuple[str, ...]) -> int:
    """Write one self-contained HTML page to explore the deals, offline.

    The page shows the partner network (companies sized by deals, partner pairs
    weighted by reports and coloured by type, counted groups as hubs), filters
    by type, status and date, and every deal's evidence sentence with its
    parties, group and quantities highlighted and a link to the source. It
    needs no network and no server: open it in any browser, or send it.
    Give --db or --from (default: sqlite:///output/tracker.sqlite).
    """
    from .frames import DealFilter
    from .report import ReportOptions, build_report

    if db_url and folder:
        raise click.UsageError("give --db or --from, not both")
    flt = DealFilter(since=since.date() if since else None, until=until.date() if until else None,
                     companies=companies, types=types)
    summary = build_report(folder or db_url or "sqlite:///output/tracker.sqlite", out_path, flt,
                           ReportOptions(title=title, max_nodes=max_nodes))
    for e in summary.errors:
        log.warning("skipped %s", e)
    click.echo(f"kdeal: {summary.line()}", err=True)
    return EXIT_OK


@cli.command()
@click.option("--db", "db_url", default="sqlite:///output/tracker.sqlite", show_default=True,
              help="Tracker database: a SQLite URL (sqlite:///PATH). PostgreSQL is not served (datasette "
                   "reads SQLite files); it has the same views for its own tools.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True,
              help="Port on 127.0.0.1 (0: any free port, printed at start).")
def browse(db_url: str, port: int) -> int:
    """Browse and search the tracker database in datasette, on 127.0.0.1 only.

    Adds the views deal_pairs (partner pairs with deal and report counts, first
    and last date, types) and deal_reports (every report with its sides and
    sentence), a full-text index of the evidence sentences (SQLite FTS5, trigram
    tokenizer: search words of three or more characters, e.g. 업무협약), and
    descriptions of every table and column. Needs `pip install 'kdeal[browse]'`.
    SQLite only. Stop with Ctrl-C.
    """
    from .browse import serve

    return serve(db_url, port)


@cli.command()
@click.argument("record", type=click.Choice(["deals", "mentions", "articles", "errors", "export"]))
def schema(record: str) -> int:
    """Print the JSON Schema of one line of a file kdeal writes.

    deals, mentions, articles, errors: the lines of deals.jsonl, mentions.jsonl,
    articles.jsonl and errors.jsonl; export: a line of `kdeal export --format jsonl`.
    Generated from the record dataclasses (kdeal/records.py), so it always matches
    what this version writes.
    """
    from kdeal.schema import json_schema

    click.echo(json.dumps(json_schema(record), ensure_ascii=False, indent=2))
    return EXIT_OK


@cli.command(name="spark")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for mentions.parquet, deals.parquet and errors.parquet (Spark folders).")
@click.option("--master", default="local[*]", show_default=True,
              help="Spark master URL (local[N], spark://host:7077, yarn ...).")
@click.option("--partitions", type=click.IntRange(1, 100_000), default=None,
              help="Spark partitions [default: twice the default parallelism, at most one per file].")
@companies_option
@company_model_option
def spark_cmd(paths: tuple[str, ...], out_dir: str, master: str, partitions: int | None,
              companies: tuple[str, ...], company_model: str) -> int:
    """Extract with Spark when one machine is not enough (needs `pip install kdeal[spark]`).

    PATHS are the same inputs as for extract: WARC(.gz) incl. Common Crawl CC-NEWS,
    JSONL(.gz), text, HTML, or folders of them. Input files are spread over the
    partitions; each partition builds its own pipeline. The Parquet rows hold the same
    fields as extract's JSONL lines (nested values as JSON text), in input order.
    """
    from .runners.spark import run_spark

    summary = run_spark(paths, out_dir, options=_options(companies, 1, company_model), master=master, partitions=partitions)
    click.echo(f"kdeal: {summary.line()}", err=True)
    return EXIT_FAILED if summary.files == 0 and summary.errors else EXIT_OK


@cli.command(name="eval")
@click.option("--gold", "gold_dir", default=None, type=click.Path(file_okay=False, exists=True),
              help="Gold folder [default: tests/gold of this checkout].")
@click.option("--fixtures", "fixtures_dir", default=None, type=click.Path(file_okay=False, exists=True),
              help="Folder that the fixtures/html/... paths of fixtures_gold.json are relative to "
                   "[default: tests].")
@click.option("--klue/--no-klue", default=True, show_default=True,
              help="Also score organisation recognition on the KLUE-NER half.")
@click.option("--json", "json_out", default=None, type=click.Path(dir_okay=False),
              help="Also write the figures as JSON to this file.")
@click.option("--oracle-mentions", is_flag=True, default=False,
              help="Replace the recogniser by the gold names, to measure relations alone.")
@companies_option
@company_model_option
def evaluate_cmd(gold_dir: str | None, fixtures_dir: str | None, klue: bool, json_out: str | None,
                 companies: tuple[str, ...], company_model: str, oracle_mentions: bool = False) -> int:
    """Score extraction against the gold data and print a table.

    Mention P/R/F1 (exact spans, company + organisation), partner-pair P/R/F1,
    group deals and deal counts on the seed column; partner pairs on the real
    pages; organisation P/R/F1 on the KLUE-NER half: the rules scored live, and rules +
    CRF from the CRF's cross-validation (it was trained on that half).
    """
    from .evaluate import evaluate
    from .nlp import get_nlp

    nlp = get_nlp(_options(companies, 1, company_model))
    report = evaluate(nlp, Path(gold_dir) if gold_dir else None, Path(fixtures_dir) if fixtures_dir else None,
                      klue=klue, oracle_mentions=oracle_mentions)
    click.echo(report.table())
    if json_out:
        Path(json_out).write_text(json.dumps(report.data, ensure_ascii=False, indent=1), encoding="utf-8")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point: one line per failure, never a traceback (unless --debug)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        rv = cli.main(args=args, prog_name="kdeal", standalone_mode=False)
        return rv if isinstance(rv, int) else EXIT_OK
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except click.exceptions.Abort:
        click.echo("kdeal: aborted", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("kdeal: interrupted", err=True)
        return EXIT_INTERRUPTED
    except KdealError as e:
        if debug:
            raise
        click.echo(f"kdeal: error: {e}", err=True)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:
        if debug:
            raise
        click.echo(f"kdeal: internal error: {type(e).__name__}: {e} (rerun with --debug for the traceback)",
                   err=True)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
