"""One options object for extraction, passed in rather than read from globals."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Defaults of the ingest command that the CLI shows without importing the ingest machinery.
DEFAULT_STORE = Path("corpus") / "store"  # the raw store (WARC archive of every response), git-ignored
DEFAULT_MAX_ERROR_RATE = 0.5  # share of failed pages above which an ingest is recorded failed
DEFAULT_LAST_RUNS = 10  # runs that `kdeal runs` lists


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
    kiwi_threads: int = 1
    max_chunk_chars: int = 20_000
    batch_size: int = 64
    company_files: tuple[str, ...] = field(default_factory=tuple)
    company_model: str = "bundled"
    components: tuple[str, ...] = ("kdeal_companies", "kdeal_quantities", "kdeal_deals")
