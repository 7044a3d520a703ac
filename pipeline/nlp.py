"""Building the spaCy pipeline: Kiwi tokenizer plus the extractor components."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import extractors  # noqa: F401  (registers Doc extensions)
import extractors.companies  # noqa: F401  (registers factories)
import extractors.deals  # noqa: F401
import extractors.quantities  # noqa: F401

from .options import ExtractOptions
from .segment import blank_korean

_COMPONENT_CONFIG = {
    "kdeal_companies": lambda o: {"user_files": list(o.company_files), "model": o.company_model},
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
