"""kdeal: deal records (who partnered with whom, how many, what kind) from Korean business writing.

The one import name of the project. The code lives in two layers, installed as
sub-packages of this one:

``kdeal.extractors``  Korean NLP over a segmented spaCy ``Doc`` (names, quantities,
                      partner relations, deals); knows nothing of files, HTTP or databases;
``kdeal.pipeline``    the stages around it: reading, fetching, parsing, segmentation,
                      running, sinks, the ``kdeal`` command.

``kdeal.records`` and ``kdeal.errors`` hold what both layers share. The face::

    import kdeal
    nlp = kdeal.load()                     # the spaCy Language
    results = kdeal.extract("가온전자와 누리바이오는 업무협약을 체결했다.")
    results.deals, results.mentions        # records with to_json()
    frames = kdeal.to_frames(results)      # pandas: deals, parties, evidence, mentions

Attributes are imported on first use, so ``import kdeal.records`` stays light.
"""
from __future__ import annotations

from typing import Any

from .spacy_cli import defer as _defer_spacy_cli

__version__ = "0.1.0"

_defer_spacy_cli()  # spaCy's command line is loaded when used, not with spaCy (see kdeal.spacy_cli)

_FACE = {
    "load": ("kdeal.api", "load"),
    "extract": ("kdeal.api", "extract"),
    "to_frames": ("kdeal.api", "to_frames"),
    "Results": ("kdeal.api", "Results"),
    "ExtractOptions": ("kdeal.pipeline.options", "ExtractOptions"),
}

__all__ = ["__version__", *_FACE]


def __getattr__(name: str) -> Any:
    if name not in _FACE:
        raise AttributeError(f"module 'kdeal' has no attribute {name!r}")
    from importlib import import_module

    module, attr = _FACE[name]
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value
