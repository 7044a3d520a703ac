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

from .errors import KdealError

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


def _options(companies: Sequence[str], threads: int) -> Any:
    from .options import ExtractOptions

    return ExtractOptions(company_files=tuple(companies), kiwi_threads=threads)


def _report(summary: Any) -> int:
    click.echo(f"kdeal: {summary.line()}", err=True)
    return EXIT_FAILED if summary.failed else EXIT_OK


companies_option = click.option(
    "--companies", "companies", multiple=True, type=click.Path(exists=True, dir_okay=False),
    help="Extra company list (CSV with a 'name' column, optional 'canonical', 'kind', 'code'; "
         "or one name per line). Repeatable.")
threads_option = click.option(
    "--kiwi-threads", type=click.IntRange(1, 64), default=1, show_default=True,
    help="Threads Kiwi uses for segmentation inside this process.")
progress_option = click.option(
    "--progress/--no-progress", default=None,
    help="Show a progress bar (default: only when stderr is a terminal).")


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
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for mentions.jsonl, deals.jsonl, deals.csv and errors.jsonl.")
@click.option("--db", "db_url", default=None,
              help="Also write to this tracker database (SQLAlchemy URL, e.g. sqlite:///t.sqlite "
                   "or postgresql+psycopg://user@host/db).")
@click.option("--csv/--no-csv", "write_csv", default=True, show_default=True, help="Write deals.csv.")
@companies_option
@threads_option
@progress_option
def extract(paths: tuple[str, ...], out_dir: str, db_url: str | None, write_csv: bool,
            companies: tuple[str, ...], kiwi_threads: int, progress: bool | None) -> int:
    """Extract mentions and deals from files or folders.

    PATHS are .txt, .html, .xml (RSS/Atom or a page), .jsonl ({"id", "text"} per
    line) files, or folders of them. A file that cannot be read is skipped with
    its reason (also in OUT/errors.jsonl); the others are still processed.
    """
    from .api import run_extract

    summary = run_extract(paths, out_dir, db_url=db_url, options=_options(companies, kiwi_threads),
                          write_csv=write_csv, show_progress=progress)
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
@threads_option
@progress_option
def run(corpus_dir: str, out_dir: str, db_url: str | None, companies: tuple[str, ...],
        kiwi_threads: int, progress: bool | None) -> int:
    """Run the whole pipeline over the bundled corpus (what `make run` does).

    Writes OUT/deals.jsonl, OUT/mentions.jsonl, OUT/deals.csv, OUT/errors.jsonl
    and the tracker database OUT/tracker.sqlite.
    """
    from .api import default_db_url, run_extract

    if not Path(corpus_dir).is_dir():
        raise KdealError(f"corpus folder {corpus_dir} does not exist")
    summary = run_extract([corpus_dir], out_dir, db_url=db_url or default_db_url(out_dir),
                          options=_options(companies, kiwi_threads), show_progress=progress, command="run")
    code = _report(summary)
    click.echo(f"kdeal: wrote {Path(out_dir) / 'deals.jsonl'}, mentions.jsonl, deals.csv, tracker.sqlite",
               err=True)
    return code


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
@companies_option
def evaluate_cmd(gold_dir: str | None, fixtures_dir: str | None, klue: bool, json_out: str | None,
                 companies: tuple[str, ...]) -> int:
    """Score extraction against the gold data and print a table.

    Mention P/R/F1 (exact spans, company + organisation), partner-pair P/R/F1,
    group deals and deal counts on the seed column; partner pairs on the real
    pages; organisation P/R/F1 on the KLUE-NER half.
    """
    from .evaluate import evaluate
    from .nlp import get_nlp

    nlp = get_nlp(_options(companies, 1))
    report = evaluate(nlp, Path(gold_dir) if gold_dir else None, Path(fixtures_dir) if fixtures_dir else None,
                      klue=klue)
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
