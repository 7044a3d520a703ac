"""Building the spaCy pipeline: Kiwi tokenizer plus the extractor components."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import kdeal.extractors  # noqa: F401  (registers Doc extensions)
import kdeal.extractors.companies  # noqa: F401  (registers factories)
import kdeal.extractors.deals  # noqa: F401
import kdeal.extractors.quantities  # noqa: F401

from .company_lists import user_entries
from .options import ExtractOptions
from .segment import blank_korean

_COMPONENT_CONFIG = {
    "kdeal_companies": lambda o: {"user_entries": user_entries(o.company_files), "model": o.company_model},
}


def build_nlp(options: ExtractOptions = ExtractOptions()) -> Any:
    """A new pipeline (a new Kiwi too): prefer ``get_nlp`` unless isolation is needed."""
    nlp = blank_korean(model_type=options.model_type, num_workers=options.kiwi_threads,
                       max_chunk_chars=options.max_chunk_chars)
    for name in options.components:
        cfg = _COMPONENT_CONFIG.get(name, lambda o: {})(options)
        nlp.add_pipe(name, config=cfg)
    return nlp


@lru_cache(maxsize=4)
def get_nlp(options: ExtractOptions = ExtractOptions()) -> Any:
    """The process's pipeline for these options: Kiwi loads once per process."""
    return build_nlp(options)
