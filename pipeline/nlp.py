"""Building the spaCy pipeline: Kiwi tokenizer plus the extractor components."""
from __future__ import annotations

import gc
import logging
import time
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterator

import kdeal.extractors  # noqa: F401  (registers Doc extensions)
import kdeal.extractors.companies  # noqa: F401  (registers factories)
import kdeal.extractors.deals  # noqa: F401
import kdeal.extractors.quantities  # noqa: F401

from .company_lists import user_entries
from .options import ExtractOptions
from .segment import blank_korean

# Stage messages ("loading Kiwi ...") go to this logger; the CLI shows them where it shows progress.
stage_log = logging.getLogger("kdeal.stage")

_COMPONENT_CONFIG = {
    "kdeal_companies": lambda o: {"user_entries": user_entries(o.company_files), "model": o.company_model},
}


def build_nlp(options: ExtractOptions = ExtractOptions()) -> Any:
    """A new pipeline (a new Kiwi too): prefer ``get_nlp`` unless isolation is needed.

    Loading takes seconds with no output of its own, so it says what it is doing on ``stage_log``.
    """
    t0 = time.perf_counter()
    stage_log.info("loading Kiwi's model (a few seconds) ...")
    with _collector_paused():
        nlp = blank_korean(model_type=options.model_type, num_workers=options.kiwi_threads,
                           max_chunk_chars=options.max_chunk_chars)
        stage_log.info("loading the extractors (company model: %s) ...", options.company_model)
        for name in options.components:
            cfg = _COMPONENT_CONFIG.get(name, lambda o: {})(options)
            nlp.add_pipe(name, config=cfg)
    stage_log.info("pipeline ready in %.1fs", time.perf_counter() - t0)
    return nlp


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while the pipeline loads: its hundreds of thousands of new,
    long-lived objects (gazetteer, lexicons, model weights) set off full collections that walk
    them all and free nothing (≈0.2 s of CPU per load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@lru_cache(maxsize=4)
def get_nlp(options: ExtractOptions = ExtractOptions()) -> Any:
    """The process's pipeline for these options: Kiwi loads once per process."""
    return build_nlp(options)
