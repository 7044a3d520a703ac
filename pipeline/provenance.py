"""Provenance: which kdeal, which recognition model and which run made a record.

Every deal and mention leaves the extract stage stamped with a ``Provenance``
(``stamp``); an ingested page's article brings the run id and fetch time with it.
A tracker database's ``runs`` row stores the same version and model id with the
extraction options (``RunInfo``), so a row in any table can be traced to the code,
model and settings that produced it.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from kdeal import __version__
from kdeal.records import SCHEMA_VERSION, Article, DocResult, Provenance

from .options import ExtractOptions

COMPANY_COMPONENT = "kdeal_companies"


def model_id(nlp: Any) -> str | None:
    """The recognition id of a built pipeline (None without the company component)."""
    if COMPANY_COMPONENT not in nlp.pipe_names:
        return None
    return getattr(nlp.get_pipe(COMPANY_COMPONENT), "model_id", None)


def options_model_id(options: ExtractOptions) -> str | None:
    """The recognition id the pipeline built from ``options`` will have, without building it."""
    from kdeal.extractors.recognize_model import DEFAULT_MODE, model_path, recognition_id

    from .company_lists import user_entries

    path = model_path(options.company_model)
    if path is not None and not path.is_file():
        return None  # building the pipeline reports the missing model
    return recognition_id(path, DEFAULT_MODE, user_entries(options.company_files))


def stamp(result: DocResult, model: str | None) -> DocResult:
    """The result with the provenance of its article and model on every mention and deal."""
    p = Provenance.of(result.article, model)
    return dataclasses.replace(
        result, mentions=tuple(dataclasses.replace(m, provenance=p) for m in result.mentions),
        deals=tuple(dataclasses.replace(d, provenance=p) for d in result.deals))


def fetched(article: Article, run_id: int, when: datetime | None = None) -> Article:
    """The article marked as read by ingest run ``run_id`` at ``when`` (now, UTC)."""
    at = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    return dataclasses.replace(article, run_id=run_id, fetched_at=at)


@dataclass(frozen=True)
class RunInfo:
    """What a ``runs`` row records about the code and settings of the run."""

    kdeal_version: str = __version__
    schema_version: str = SCHEMA_VERSION
    model_id: str | None = None
    options: str | None = None  # the ExtractOptions as JSON

    @classmethod
    def of(cls, options: ExtractOptions, nlp: Any = None) -> "RunInfo":
        """From the pipeline when it is built, else from the options it will be built from."""
        mid = model_id(nlp) if nlp is not None else options_model_id(options)
        return cls(model_id=mid, options=json.dumps(dataclasses.asdict(options), ensure_ascii=False,
                                                     sort_keys=True))

    def row(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
