"""The defaults of every run, defined once, and the options object for extraction.

The ``kdeal`` command shows these values in its help, the library functions
(``pipeline.api``, ``pipeline.ingest``, the runners) take them as their
defaults, and the sources file's ``[extract]`` section falls back on them: a
value not given on the command line or in the file is the one here. The module
imports nothing of kdeal, so every layer may read it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

# Worker processes for extraction: None, every core this process may use (``default_workers``). The
# kdeal command, the sources file's [extract] and the runners default to it. The library's run
# functions (pipeline.api, pipeline.ingest) run in the calling process unless given more workers
# (IN_PROCESS), so that a notebook, a test or an embedding program never forks behind its back.
DEFAULT_WORKERS: int | None = None
IN_PROCESS = 1
DEFAULT_KIWI_THREADS = 1  # threads Kiwi uses inside one process (the workers use the cores)
DEFAULT_BATCH_SIZE = 64  # documents segmented and run through the components at once
DEFAULT_COMPANY_MODEL = "bundled"  # the CRF shipped in extractors/data/ner, with the rules
DEFAULT_MAX_TEXT_CHARS = 2_000_000  # a longer document is skipped (E104-too-large)
DEFAULT_MIN_HANGUL_SHARE = 0.3  # WARC pages with less Hangul among non-ASCII letters are passed over
DEFAULT_WINDOW_DAYS = 30  # reports of one deal this many days apart are one deal

# The tracker database: --db, else $KDEAL_DB, else the sources file's [database] url, else
# OUT/tracker.sqlite under the default output folder.
DB_ENV = "KDEAL_DB"
DEFAULT_OUT = "output"
TRACKER_FILE = "tracker.sqlite"

# Defaults of the other commands, shown by the CLI without importing their machinery.
DEFAULT_STORE = Path("corpus") / "store"  # the raw store (WARC archive of every response), git-ignored
DEFAULT_MAX_ERROR_RATE = 0.5  # share of failed pages above which an ingest is recorded failed
DEFAULT_LAST_RUNS = 10  # runs that `kdeal runs` lists
DEFAULT_REPORT_TITLE = "kdeal — partner network"
DEFAULT_MAX_NODES = 250  # companies the report's graph draws at once
DEFAULT_PORT = 8001  # kdeal browse, on 127.0.0.1

T = TypeVar("T")


def default_workers() -> int:
    """All cores this process may use (the CPU affinity mask, not just the count of CPUs)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(workers: int | None = DEFAULT_WORKERS) -> int:
    """The number of worker processes ``workers`` stands for (None: ``default_workers()``)."""
    return default_workers() if workers is None else int(workers)


def default_db_url(out_dir: str | os.PathLike[str] = DEFAULT_OUT) -> str:
    """The tracker database of an output folder: ``sqlite:///OUT/tracker.sqlite``."""
    return f"sqlite:///{Path(out_dir) / TRACKER_FILE}"


def resolve_db_url(given: str | None, config_url: str | None = None) -> str:
    """The tracker database: ``--db``, else $KDEAL_DB, else the sources file's ``[database] url``,
    else ``output/tracker.sqlite`` (so a password need not be on a command line)."""
    return given or os.environ.get(DB_ENV) or config_url or default_db_url()


def first_given(*values: T | None, default: T) -> T:
    """The first value that was given (not None, not an empty tuple), else ``default``: the command
    line's value, then the sources file's, then the one defined here."""
    for v in values:
        if v is not None and v != ():
            return v
    return default


@dataclass(frozen=True)
class ExtractOptions:
    """How documents are segmented and which names are known.

    ``kiwi_threads``: threads Kiwi may use inside one process (1 when worker
    processes already use the cores). ``company_files``: user CSV name lists
    (``name[,canonical,kind,code]``), added to the bundled gazetteers.
    ``company_model``: "bundled" (the CRF shipped in extractors/data/ner, combined
    with the rules), "none" (the rules alone) or the path of a CRF model file.
    """

    model_type: str = "cong"
    kiwi_threads: int = DEFAULT_KIWI_THREADS
    max_chunk_chars: int = 20_000
    batch_size: int = DEFAULT_BATCH_SIZE
    company_files: tuple[str, ...] = field(default_factory=tuple)
    company_model: str = DEFAULT_COMPANY_MODEL
    components: tuple[str, ...] = ("kdeal_companies", "kdeal_quantities", "kdeal_deals")
