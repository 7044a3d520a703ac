"""The ``kdeal`` command: a thin layer over ``pipeline.api``.

Every failure reaches the user as one line on stderr and a non-zero exit
code; ``--debug`` shows the traceback for bug reports.
"""
from __future__ import annotations

import logging
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, TypeVar

import click

from kdeal.spacy_cli import defer as _defer_spacy_cli

# The kdeal command runs no spaCy command: spaCy's own command line is loaded when first used,
# not with spaCy (kdeal/spacy_cli.py). Done here, in the command's process only; a program that
# imports kdeal as a library gets spaCy as spaCy loads itself.
_defer_spacy_cli()

from kdeal.errors import DocError, KdealError  # noqa: E402

from .inputs import ReadOptions  # noqa: E402
from .options import (  # noqa: E402
    DEFAULT_COMPANY_MODEL,
    DEFAULT_KIWI_THREADS,
    DEFAULT_LAST_RUNS,
    DEFAULT_MAX_ERROR_RATE,
    DEFAULT_MAX_NODES,
    DEFAULT_MAX_TEXT_CHARS,
    DEFAULT_MIN_HANGUL_SHARE,
    DEFAULT_PORT,
    DEFAULT_REPORT_TITLE,
    DEFAULT_STORE,
    DEFAULT_WINDOW_DAYS,
    DEFAULT_WORKERS,
    ExtractOptions,
)

if TYPE_CHECKING:
    from .summary import RunSummary

log = logging.getLogger("kdeal")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INTERNAL = 2
EXIT_TOO_MANY_ERRORS = 3
EXIT_SIGNALLED = 128  # + the signal's number: 130 after SIGINT, 143 after SIGTERM
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


F = TypeVar("F", bound=Callable[..., object])
T = TypeVar("T")


def _options(companies: Sequence[str], threads: int, company_model: str = DEFAULT_COMPANY_MODEL) -> ExtractOptions:
    return ExtractOptions(company_files=tuple(companies), kiwi_threads=threads, company_model=company_model)


EXIT_CODES_HELP = (f"Exit status: {EXIT_OK} done (also when another ingest holds the database); "
                   f"{EXIT_FAILED} the run failed (nothing could be read, a bad option value or file, "
                   f"an unreachable database); {EXIT_INTERNAL} wrong usage, or an internal error "
                   f"(rerun with --debug); {EXIT_INTERRUPTED} interrupted (Ctrl-C).")


def _quiet() -> bool:
    """-q was given, before the command or after it."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return bool(obj and obj.get("quiet"))


def _quiet_callback(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``-q`` after the command: the same as before it."""
    if value:
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), "quiet": True}
        _setup_logging(0, True)


def _say(message: str) -> None:
    """A line on stderr for a run that went well: nothing with -q (cron mails only on failure)."""
    if not _quiet():
        click.echo(f"kdeal: {message}", err=True)


def _report(summary: RunSummary) -> int:
    if summary.failed:
        click.echo(f"kdeal: {summary.line()}", err=True)
        return EXIT_FAILED
    _say(summary.line())
    return EXIT_OK


def _progress(progress: bool | None) -> bool | None:
    """The progress setting to use: -q turns the automatic one off; where progress shows, the
    stage messages (loading Kiwi ...) show too."""
    from .nlp import stage_log
    from .progress import wants_progress

    if progress is None and _quiet():
        progress = False
    if wants_progress(progress):
        stage_log.setLevel(logging.INFO)
    return progress


def _read_options(max_chars: int, min_hangul_share: float = DEFAULT_MIN_HANGUL_SHARE) -> ReadOptions:
    return ReadOptions(max_text_chars=max_chars, min_hangul_share=min_hangul_share)


def _date(value: datetime | None) -> date | None:
    return value.date() if value else None


companies_option = click.option(
    "--companies", "companies", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="Extra company list (CSV with a 'name' column, optional 'canonical', 'kind', 'code'; "
         "or one name per line). Repeatable.")
company_model_option = click.option(
    "--company-model", default=DEFAULT_COMPANY_MODEL, show_default=True, metavar="none|bundled|PATH",
    help="Learned layer of company recognition: bundled (the CRF trained on KLUE-NER and konec, "
         "combined with the rules: KLUE organisation F1 0.631 -> 0.737, 5-fold cross-validated), none "
         "(the rules alone, faster) or the path of a CRF model file. See README, Evaluation.")
threads_option = click.option(
    "--kiwi-threads", type=click.IntRange(1, 64), default=DEFAULT_KIWI_THREADS, show_default=True,
    help="Threads Kiwi uses for segmentation inside this process.")
bom_option = click.option(
    "--bom", "--excel", "csv_bom", is_flag=True, default=False,
    help="Start CSV files with a UTF-8 byte-order mark so that Excel (Korean Windows included) "
         "opens them with Hangul intact.")
progress_option = click.option(
    "--progress/--no-progress", default=None,
    help="Show progress: a bar on a terminal; elsewhere (a log, cron) a plain line every "
         "10 s with the count, the rate and the time left. Default: only on a terminal, and never with -q.")


max_chars_option = click.option(
    "--max-chars", "max_chars", type=click.IntRange(1), default=DEFAULT_MAX_TEXT_CHARS,
    show_default=f"{DEFAULT_MAX_TEXT_CHARS:,}",
    help="Skip a document whose text is longer than this many characters (E104-too-large): "
         "a guard against a runaway page or a file that is not an article.")


def workers_option(fn: F) -> F:
    """``--workers N``: worker processes for extraction; default all cores (None, resolved by the library)."""
    return click.option(
        "--workers", "-j", type=click.IntRange(1, 256), default=DEFAULT_WORKERS, show_default="all cores",
        help="Worker processes for extraction (on Linux forked from this process once it has loaded "
             "Kiwi, sharing its ≈0.5 GB model; elsewhere each loads its own). "
             "Output is identical for any number.")(fn)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EXIT_CODES_HELP)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True,
              help="Print nothing when the run goes well, only errors (for cron). Also accepted after the command.")
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
    ctx.obj = {"debug": debug, "quiet": quiet}


@cli.command()
@click.argument("paths", nargs=-1, required=False, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for mentions.jsonl, deals.jsonl, deals.csv and errors.jsonl; or - to write "
                   "the deals as JSON lines to standard output (skipped files are then only reported on stderr).")
@click.option("--db", "db_url", default=None,
              help="Also write to this tracker database (SQLAlchemy URL, e.g. sqlite:///t.sqlite "
                   "or postgresql+psycopg://user@host/db).")
@click.option("--csv/--no-csv", "write_csv", default=True, show_default=True, help="Write deals.csv.")
@click.option("--from-store", "from_store", default=None, type=click.Path(file_okay=False),
              help="Read the raw store (e.g. corpus/store) instead of PATHS: reruns extraction on every "
                   "archived page with no network.")
@click.option("--shards", is_flag=True,
              help="One output folder per input file (per WARC of a warc.paths listing) under OUT/shards/, "
                   "each written when its input is done; a rerun skips the inputs already done, so a long "
                   "run over many archives resumes where it stopped.")
@click.option("--min-hangul-share", type=click.FloatRange(0, 1), default=DEFAULT_MIN_HANGUL_SHARE,
              show_default=True,
              help="WARC/CC-NEWS pages with less Hangul among their non-ASCII letters are passed over before "
                   "parsing (one E132-not-korean line per file counts them); 0 reads every page.")
@bom_option
@companies_option
@company_model_option
@threads_option
@workers_option
@progress_option
@max_chars_option
def extract(paths: tuple[str, ...], out_dir: str, db_url: str | None, write_csv: bool, from_store: str | None,
            shards: bool, min_hangul_share: float, csv_bom: bool, companies: tuple[str, ...],
            company_model: str, kiwi_threads: int, workers: int | None, progress: bool | None,
            max_chars: int) -> int:
    """Extract mentions and deals from files or folders (or the raw store).

    \b
    PATHS are files, or folders of them (walked recursively), of these kinds:
      .txt                       plain text, read exactly as given
      .html .htm .xhtml          a web page (its article text)
      .xml .rss .atom            an RSS/Atom feed, one document per item
                                 (an .xml file that is a page is read as a page)
      .jsonl .ndjson             one {"id": ..., "text": ...} object per line
                                 (optional url, title, published, author, outlet)
      .jsonl.gz .ndjson.gz       the same, gzip-compressed (streamed)
      .warc .warc.gz             web archives, incl. Common Crawl CC-NEWS: one
                                 document per HTML response (streamed)
      warc.paths warc.paths.gz   a Common Crawl listing, read from the local copy
      -                          standard input (text, a page, a feed or JSON lines,
                                 told by its first bytes)

    A file that cannot be read is skipped with its reason (also in OUT/errors.jsonl);
    the others are still processed. A repaired one (replaced bytes, a malformed feed)
    is processed with a warning. With --from-store DIR, the newest archived response
    of each URL is parsed and extracted again instead, with no network access.
    """
    from .api import run_extract

    if from_store is not None and paths:
        raise click.UsageError("give PATHS or --from-store, not both")
    if from_store is None and not paths:
        raise click.UsageError("give PATHS to read, or --from-store DIR")
    return _report(run_extract(paths, out_dir, db_url=db_url, options=_options(companies, kiwi_threads, company_model),
                               write_csv=write_csv, read_options=_read_options(max_chars, min_hangul_share),
                               show_progress=_progress(progress), workers=workers, csv_bom=csv_bom, shards=shards,
                               from_store=from_store))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for articles.jsonl and errors.jsonl; or - for the articles as JSON lines on "
                   "standard output.")
@progress_option
@max_chars_option
def parse(paths: tuple[str, ...], out_dir: str, progress: bool | None, max_chars: int) -> int:
    """Parse files into articles only (no extraction).

    PATHS are the inputs extract reads (see kdeal extract --help; - is standard
    input). Writes OUT/articles.jsonl: doc_id, url, title, published, author,
    outlet and the text that extraction would see (offsets in deals.jsonl index
    this text).
    """
    from .api import run_parse

    return _report(run_parse(paths, out_dir, read_options=_read_options(max_chars),
                             show_progress=_progress(progress)))


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
@max_chars_option
def run(corpus_dir: str, out_dir: str, db_url: str | None, companies: tuple[str, ...], company_model: str,
        kiwi_threads: int, workers: int | None, progress: bool | None, max_chars: int) -> int:
    """Run the whole pipeline over the bundled corpus (what `make run` does).

    Writes OUT/deals.jsonl, OUT/mentions.jsonl, OUT/deals.csv, OUT/errors.jsonl
    and the tracker database OUT/tracker.sqlite.
    """
    from .api import run_corpus

    summary = run_corpus(corpus_dir, out_dir, db_url=db_url, options=_options(companies, kiwi_threads, company_model),
                         read_options=_read_options(max_chars), show_progress=_progress(progress), workers=workers)
    code = _report(summary)
    _say(f"wrote {Path(out_dir) / 'deals.jsonl'}, mentions.jsonl, deals.csv, tracker.sqlite")
    return code


class _SourcesFormatHelp(click.Command):
    """A command whose --help ends with the sources file format (built when help is asked for)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from .sources import sources_format

        formatter.write_paragraph()
        formatter.write_text("The sources file (TOML), every key with its default:")
        with formatter.indentation():
            for line in sources_format().splitlines():
                formatter.write(f"{formatter.current_indent * ' '}{line}\n" if line else "\n")


@cli.command(cls=_SourcesFormatHelp)
@click.option("--sources", "sources_file", required=True, type=click.Path(dir_okay=False),
              help="Sources file (TOML): feeds, sitemaps, list pages, URLs, local folders, politeness.")
def discover(sources_file: str) -> int:
    """List what would be fetched: one line per candidate (source, kind, URL).

    Feeds, sitemaps and list pages are fetched (politely, honouring robots.txt)
    to find their article links; the articles themselves are not fetched, and
    a link robots.txt forbids is not listed (counted on stderr; -v names each).
    A source that cannot be read is reported on stderr and the others still run.
    """
    from .api import run_discover

    failed: list[DocError] = []
    disallowed: list[DocError] = []
    count = 0
    for cand in run_discover(sources_file, on_error=lambda e: (failed.append(e), log.warning("%s", e)),
                             on_disallowed=lambda e: (disallowed.append(e), log.info("not listed: %s", e))):
        click.echo(f"{cand.source}\t{cand.kind}\t{cand.url}")
        count += 1
    line = f"{count} candidates, {len(disallowed)} disallowed by robots.txt, {len(failed)} sources failed"
    if failed and not count:
        click.echo(f"kdeal: {line}", err=True)
        return EXIT_FAILED
    _say(line)
    return EXIT_OK


DB_HELP = ("Tracker database URL (sqlite:///PATH or postgresql+psycopg://user@host/db) "
           "[default: $KDEAL_DB, else sqlite:///output/tracker.sqlite].")


def _given(ctx: click.Context, name: str, value: T) -> T | None:
    """The option's value if the command line gave it, else None (the sources file's [extract]
    value or the default then applies: ``api.run_ingest`` decides)."""
    from click.core import ParameterSource

    return None if ctx.get_parameter_source(name) == ParameterSource.DEFAULT else value


@cli.command(cls=_SourcesFormatHelp)
@click.option("--sources", "sources_file", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Sources file (TOML): feeds, sitemaps, sites, list pages, URLs, local folders, politeness, "
                   "per-host settings, recrawl policy, [database], [extract] (see below).")
@click.option("--db", "db_url", default=None,
              help="Tracker database URL [default: $KDEAL_DB, else the sources file's [database] url, "
                   "else sqlite:///output/tracker.sqlite].")
@click.option("--every", "every", default=None, metavar="INTERVAL",
              help="Keep running: start an ingest every INTERVAL (30m, 1h, 1h30m, 90s).")
@click.option("--wait", "wait", type=click.FloatRange(0), default=0, show_default=True, metavar="SECONDS",
              help="If another ingest holds the database, wait up to SECONDS for it instead of exiting.")
@click.option("--window-days", type=click.IntRange(0), default=DEFAULT_WINDOW_DAYS, show_default=True,
              help="Reports of the same deal (same type and parties) this many days apart are one deal "
                   "(copies of one story are one deal whatever their dates).")
@click.option("--concurrency", type=click.IntRange(1, 256), default=None,
              help="Hosts fetched at once, each at its own polite pace [default: the sources file's "
                   "[politeness] concurrency, else 8].")
@click.option("--store", "store_dir", default=str(DEFAULT_STORE), show_default=True,
              type=click.Path(file_okay=False),
              help="Archive every response here as WARC (extract --from-store DIR reruns it offline).")
@click.option("--no-store", is_flag=True, help="Archive nothing.")
@click.option("--max-error-rate", type=click.FloatRange(0, 1), default=DEFAULT_MAX_ERROR_RATE, show_default=True,
              help=f"Exit {EXIT_TOO_MANY_ERRORS} (run status 'failed') when a larger share of the pages asked for "
                   "failed (including feeds and sitemaps that could not be read).")
@click.option("--metrics", "metrics_file", default=None, type=click.Path(dir_okay=False),
              help="Write the run's figures to FILE as a Prometheus textfile (for node_exporter).")
@click.option("--max-runs", type=click.IntRange(1), default=None, hidden=True,
              help="With --every: stop after this many runs (for tests).")
@companies_option
@company_model_option
@threads_option
@workers_option
@progress_option
@click.pass_context
def ingest(ctx: click.Context, sources_file: str, db_url: str | None, every: str | None, wait: float,
           window_days: int, concurrency: int | None, store_dir: str, no_store: bool, max_error_rate: float,
           metrics_file: str | None, max_runs: int | None, companies: tuple[str, ...], company_model: str,
           kiwi_threads: int, workers: int | None, progress: bool | None) -> int:
    """Discover, fetch, parse, extract and store: only new or changed pages.

    \b
    Fetching: several hosts at once (--concurrency), each with its own delay,
    robots.txt Crawl-delay and adaptive pace. A known article is not asked for
    again before [recrawl] recheck_after (default 7d), then with its
    ETag/Last-Modified; 404/410 pages retire after retire_after answers.
    Each page is written in its own transaction with its fetch state, in input
    order, so a killed run is continued by the next. SIGTERM or Ctrl-C finish
    the current page, record the run 'interrupted' and exit 143 / 130.

    \b
    Only one ingest writes to a database at a time: a second one says who holds
    the lock and exits 0, or waits with --wait. Skipped pages are recorded
    with their reason (kdeal runs shows them).

    \b
    Sources file sections (TOML; every key optional except the sources):
      [politeness]  delay, concurrency, adaptive, max_delay, jitter, contact
                    (URL or e-mail for the user agent), robots, retries,
                    timeouts, max_bytes, allow_loopback, allow_private_hosts
      [hosts."news.example.com"]  delay, max_delay, jitter, adaptive
      [recrawl]     recheck_after ("7d", or seconds), retire_after (3)
      [database]    url (used when neither --db nor $KDEAL_DB is given)
      [extract]     companies, company_model, workers, kiwi_threads,
                    window_days (used when the option is not given)
      [[source]]    name, kind (rss|atom|sitemap|site|list|urls|local), url,
                    urls, path, link_selector, next_selector, max_pages,
                    max_items

    \b
    Exit status: 0 ok (or another ingest holds the lock), 1 the run failed,
    3 more pages failed than --max-error-rate, 130 / 143 stopped by
    SIGINT / SIGTERM.
    """
    from .api import run_ingest

    summary = run_ingest(
        sources_file, db_url, companies=companies, company_model=_given(ctx, "company_model", company_model),
        kiwi_threads=_given(ctx, "kiwi_threads", kiwi_threads), workers=workers,
        window_days=_given(ctx, "window_days", window_days), wait=wait, concurrency=concurrency,
        store=None if no_store else store_dir, max_error_rate=max_error_rate, metrics_file=metrics_file,
        every=every, max_runs=max_runs, show_progress=progress, say=_say)
    if summary is None:  # another ingest held the lock
        return EXIT_OK
    if summary.signum is not None:
        return EXIT_SIGNALLED + summary.signum
    return EXIT_TOO_MANY_ERRORS if every is None and summary.status == "failed" else EXIT_OK


@cli.command()
@click.option("--db", "db_url", default=None, help=DB_HELP)
@click.option("--last", type=click.IntRange(1), default=DEFAULT_LAST_RUNS, show_default=True,
              help="How many runs, newest first.")
def runs(db_url: str | None, last: int) -> int:
    """List the latest runs: status, duration, pages, deals, per source and skipped pages by error code.

    \b
    Columns: pages asked for, fetched (200), 304 (not modified), fresh (known
    articles not asked for, within the recrawl interval), failed, documents
    written, new deals, deal reports (statements, incl. of known deals);
    secs is the run's duration. Each source's line ends with its own duration
    (first candidate to last page written; sources fetched at once overlap).
    """
    from .api import runs_table

    click.echo(runs_table(db_url, last))
    return EXIT_OK


@cli.command()
@click.option("--db", "db_url", default=None, help=DB_HELP)
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
def export(db_url: str | None, fmt: str, out_path: str, table: str, csv_bom: bool, since: datetime | None,
           until: datetime | None, companies: tuple[str, ...], types: tuple[str, ...]) -> int:
    """Export deals from the tracker database for analysis.

    The file appears only when complete; an earlier file at --out is kept if
    the export fails. The same tables are available as pandas DataFrames from
    pipeline.frames.load_frames(DB_URL).
    """
    from .api import run_export

    summary = run_export(out_path, db_url, fmt=fmt, table=table, bom=csv_bom, since=_date(since),
                         until=_date(until), companies=companies, types=types)
    _say(summary.line())
    return EXIT_OK


@cli.command()
@click.option("--db", "db_url", default=None, help="Tracker database URL (sqlite:///PATH or postgresql+psycopg://...).")
@click.option("--from", "folder", default=None, type=click.Path(file_okay=False, exists=True),
              help="An extract output folder (its deals.jsonl) instead of a database.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="HTML file to write.")
@click.option("--title", default=DEFAULT_REPORT_TITLE, show_default=True, help="Title of the page.")
@click.option("--max-nodes", type=click.IntRange(10, 5000), default=DEFAULT_MAX_NODES, show_default=True,
              help="Most companies the graph draws at once (those with most deals under the current filters).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="With --db: only deals reported on or after this date.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="With --db: only deals reported on or before this date.")
@click.option("--company", "companies", multiple=True, help="With --db: only deals with this party. Repeatable.")
@click.option("--type", "types", multiple=True, help="With --db: only deals of this type. Repeatable.")
def report(db_url: str | None, folder: str | None, out_path: str, title: str, max_nodes: int,
           since: datetime | None, until: datetime | None, companies: tuple[str, ...], types: tuple[str, ...]) -> int:
    """Write one self-contained HTML page to explore the deals, offline.

    The page shows the partner network (companies sized by deals, partner pairs
    weighted by reports and coloured by type, counted groups as hubs), filters
    by type, status and date, and every deal's evidence sentence with its
    parties, group and quantities highlighted and a link to the source. It
    needs no network and no server: open it in any browser, or send it.
    Give --db or --from (default: sqlite:///output/tracker.sqlite).
    """
    from .api import run_report

    if db_url and folder:
        raise click.UsageError("give --db or --from, not both")
    summary = run_report(out_path, db_url, folder, title=title, max_nodes=max_nodes, since=_date(since),
                         until=_date(until), companies=companies, types=types)
    for e in summary.errors:
        log.warning("skipped %s", e)
    _say(summary.line())
    return EXIT_OK


@cli.command()
@click.option("--db", "db_url", default=None,
              help="Tracker database: a SQLite URL (sqlite:///PATH) [default: $KDEAL_DB, else "
                   "sqlite:///output/tracker.sqlite]. PostgreSQL is not served (datasette reads SQLite files); "
                   "it has the same views for its own tools.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port on 127.0.0.1 (0: any free port, printed at start).")
def browse(db_url: str | None, port: int) -> int:
    """Browse and search the tracker database in datasette, on 127.0.0.1 only.

    Adds the views deal_pairs (partner pairs with deal and report counts, first
    and last date, types) and deal_reports (every report with its sides and
    sentence), a full-text index of the evidence sentences (SQLite FTS5, trigram
    tokenizer: search words of three or more characters, e.g. 업무협약), and
    descriptions of every table and column. Needs `pip install 'kdeal[browse]'`.
    SQLite only. Stop with Ctrl-C.
    """
    from .api import run_browse

    return run_browse(db_url, port)


@cli.command()
@click.argument("record", type=click.Choice(["deals", "mentions", "articles", "errors", "export"]))
def schema(record: str) -> int:
    """Print the JSON Schema of one line of a file kdeal writes.

    deals, mentions, articles, errors: the lines of deals.jsonl, mentions.jsonl,
    articles.jsonl and errors.jsonl; export: a line of `kdeal export --format jsonl`.
    Generated from the record dataclasses (kdeal/records.py), so it always matches
    what this version writes.
    """
    from .api import schema_text

    click.echo(schema_text(record))
    return EXIT_OK


@cli.command(name="spark")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for mentions.parquet, deals.parquet and errors.parquet (Spark folders).")
@click.option("--master", default="local[*]", show_default=True,
              help="Spark master URL (local[N], spark://host:7077, yarn ...).")
@click.option("--partitions", type=click.IntRange(1, 100_000), default=None,
              help="Spark partitions [default: twice the default parallelism, at most one per file].")
@click.option("--shards", is_flag=True,
              help="One output folder per input file (per WARC of a warc.paths listing) under OUT/shards/, "
                   "each with its own Parquet files and a DONE.json written last; a rerun skips the shards "
                   "done before and redoes the rest (--partitions is then the number of files per Spark job).")
@companies_option
@company_model_option
def spark_cmd(paths: tuple[str, ...], out_dir: str, master: str, partitions: int | None, shards: bool,
              companies: tuple[str, ...], company_model: str) -> int:
    """Extract with Spark when one machine is not enough (needs `pip install kdeal[spark]`).

    PATHS are the same inputs as for extract: WARC(.gz) incl. Common Crawl CC-NEWS,
    JSONL(.gz), text, HTML, or folders of them. Input files are spread over the
    partitions; each partition builds its own pipeline. The Parquet rows hold the same
    fields as extract's JSONL lines (nested values as JSON text), in input order.
    """
    from .api import run_spark

    return _report(run_spark(paths, out_dir, options=_options(companies, DEFAULT_KIWI_THREADS, company_model),
                             master=master, partitions=partitions, shards=shards))


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
    from .api import run_eval

    report = run_eval(gold_dir, fixtures_dir, _options(companies, DEFAULT_KIWI_THREADS, company_model), klue=klue,
                      oracle_mentions=oracle_mentions, json_out=json_out)
    click.echo(report.table())
    return EXIT_OK


for _command in cli.commands.values():  # -q after the command, as cron lines are often written
    _command.params.append(click.Option(["-q", "--quiet"], is_flag=True, expose_value=False,
                                        callback=_quiet_callback,
                                        help="Print nothing when the run goes well, only errors (as kdeal -q)."))


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point: one line per failure, never a traceback (unless --debug).

    With ``argv`` (tests, programs) it returns the exit code. Without, it is the ``kdeal``
    command reading the process's arguments: it ends the process itself, without the
    interpreter's teardown (``fast_exit``: ≈0.4 s of CPU after an extraction)."""
    if argv is None:
        from .fast_exit import exit_process

        exit_process(_main(sys.argv[1:]))
    return _main(argv)


def _main(argv: Sequence[str]) -> int:
    args = list(argv)
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
