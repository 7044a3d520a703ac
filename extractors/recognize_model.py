"""Model layer: the organisation CRF (``extractors/ner``) run after the rules.

Rule mentions stay as they are; the model adds the names they missed
(spans that overlap no rule mention). Without a model file the layer is
simply absent, so the rules work on their own.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from spacy.tokens import Doc

from pipeline.records import Mention

from .kind import company_head, kind_of
from .ner.features import spans_from_labels, token_features
from .tokens import Units, doc_text

LAYER = "model"


def default_model_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "ner" / "klue_og.crfsuite"


# Rule layers whose mentions stand without the model's agreement in "vote" mode: a
# name list says a string *can* be a company, the model says whether it is one here.
SELF_EVIDENT = ("form", "context", "propagated", "gazetteer:user")
MODES = ("add", "vote")


class ModelLayer:
    """``mode``: "add" keeps every rule mention and adds the model's other names;
    "vote" also drops bundled-gazetteer matches the model does not tag
    (e.g. a listed name used as an ordinary word)."""

    def __init__(self, path: str | Path, mode: str = "add"):
        import pycrfsuite

        if mode not in MODES:
            raise ValueError(f"unknown model mode {mode!r} (expected one of {MODES})")
        self.path = Path(path)
        self.mode = mode
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(self.path))

    def spans(self, doc: Doc, rule_mentions: Sequence[Mention], units: Units | None = None
              ) -> list[tuple[int, int]]:
        if len(doc) == 0:
            return []
        units = units or Units(doc)
        labels = self.tagger.tag(token_features(doc, rule_mentions, units))
        return spans_from_labels(doc, labels, units.arr)

    def __call__(self, doc: Doc, rule_mentions: Sequence[Mention], did: str,
                 mode: str | None = None, units: Units | None = None) -> list[Mention]:
        """The rule mentions (all, or those the vote keeps) plus the model's names, sorted."""
        mode = mode or self.mode
        text = doc_text(doc)
        spans = self.spans(doc, rule_mentions, units)
        kept = []
        for m in rule_mentions:
            if mode == "vote" and m.is_org and not m.source.startswith(SELF_EVIDENT) \
                    and not any(s < m.end and m.start < e for s, e in spans):
                continue
            kept.append(m)
        taken = [(m.start, m.end) for m in kept]
        out = list(kept)
        for s, e in spans:
            if any(s < b and a < e for a, b in taken):
                continue
            name = text[s:e]
            if len(name.strip()) < 2:
                continue
            kind = "company" if company_head(name) else kind_of(name, default="organization")
            out.append(Mention(did, s, e, name, name, kind, None, LAYER))
        return sorted(out, key=lambda m: m.start)


def model_sha1(path: str | Path) -> str:
    import hashlib

    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


@contextmanager
def rules_only(nlp: Any) -> Iterator[ModelLayer | None]:
    """Run ``nlp`` with the company model switched off; yields the model that was on (or None).

    The model was trained on the KLUE half, so scoring it there would be
    in-sample: evaluation scores the rules live and takes the model's
    figure from its cross-validation (``cross_validated``).
    """
    rec = nlp.get_pipe("kdeal_companies") if "kdeal_companies" in nlp.pipe_names else None
    model = getattr(rec, "model", None)
    if rec is None or model is None:
        yield None
        return
    rec.model = None
    try:
        yield model
    finally:
        rec.model = model


def bundled_model(mode: str = "vote") -> ModelLayer | None:
    """The CRF shipped in extractors/data/ner, or None when it is absent."""
    path = default_model_path()
    return ModelLayer(path, mode) if path.is_file() else None


def cross_validated(model: ModelLayer) -> dict[str, Any] | None:
    """The k-fold figure written by ``make train-ner`` for this very model file, or None.

    ``cv.json`` records the SHA-1 of the model it describes; a model retrained
    without its cross-validation gets no figure rather than a stale one.
    """
    cv_path = model.path.parent / "cv.json"
    if not cv_path.is_file():
        return None
    cv = json.loads(cv_path.read_text(encoding="utf-8"))
    if cv.get("model_sha1") != model_sha1(model.path):
        return None
    return cv
