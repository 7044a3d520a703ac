"""Company and organisation recognition: the ``kdeal_companies`` component.

Layers, each in its own module and testable alone:

1. ``recognize_gazetteer`` — known names (KRX, mecab-ko-dic, aliases, user CSVs);
2. ``recognize_form``      — legal forms and business/institutional heads;
3. ``recognize_context``   — cue nouns, 측/관계자, enumerations with 등 N개 회원사, and
   (``recognize_match``) the sides of a sports match;
4. ``propagate`` (here)    — a name recognised once is the same name elsewhere in the document;
5. ``kind``                — company / organization / product;
6. ``recognize_model``     — the CRF, combined with the rules' mentions;
7. ``recognize_evidence``  — negative evidence: people, places, acronyms, generic nouns; a
   body named with its place and its parts;
8. ``canonical``           — one canonical name (and KRX code) per company.

Overlaps are settled by length (the longer span wins), then by layer order,
so "가람 백화점" beats "가람". Known names are also registered with
Kiwi as user words, so that the tokenizer keeps them whole.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import astuple, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kdeal.errors import KdealError
from kdeal.records import Mention

from .canonical import CanonicalLayer, normalise
from .component import Component
from .doc_ext import doc_id, write_mentions
from .gazetteer import Entry, Gazetteer, KiwiLexicon, UserWordList
from .kind import is_product_context, kind_of
from .recognize_context import ContextLayer
from .recognize_evidence import EvidenceLayer
from .recognize_evidence import warm as warm_evidence
from .recognize_form import LAYER as LAYER_FORM
from .recognize_form import FormLayer
from .recognize_gazetteer import GazetteerLayer
from .recognize_model import DEFAULT_MODE, ModelLayer, model_path, model_sha1, recognition_id
from .tokens import Boundaries, Units, arrays, boundaries, doc_text

# How many Docs the company model scores at once in ``pipe`` (the extract stage's batch).
MODEL_BATCH = 64
# What ``to_disk`` writes beside cfg.json: every gazetteer entry, one JSON row a line (the
# model file keeps its own name, with the cross-validation file that describes it).
GAZETTEER_FILE = "gazetteer.jsonl"
CV_FILE = "cv.json"

_LAYER_RANK = {"form": 0, "gazetteer": 1, "context": 2, "propagated": 3}


def _rank(m: Mention) -> int:
    return _LAYER_RANK.get(m.source.split(":", 1)[0], 9)


def select(candidates: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longest first, then the most trusted layer, earliest first."""
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(candidates, key=lambda m: (-(m.end - m.start), _rank(m), m.start)):
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        chosen.append(m)
        taken.append((m.start, m.end))
    return sorted(chosen, key=lambda m: m.start)


def propagate(doc: Doc, bounds: Boundaries, found: list[Mention], did: str) -> Iterator[Mention]:
    """Other occurrences of names recognised in this document, on token boundaries.

    A mention that is only the front of a longer noun compound is skipped
    ("가온" in "가온시스템").
    """
    names: dict[str, Mention] = {}
    for m in found:
        if m.kind in ("company", "organization") and len(m.text) >= 2 and " " not in m.text:
            names.setdefault(m.text, m)
        # A Latin name seen once with its legal form is later written without it.
        if m.source == LAYER_FORM and m.canonical.isascii() and m.canonical != m.text and len(m.canonical) >= 2:
            names.setdefault(m.canonical, m)
    text = doc_text(doc)
    for surface, m in names.items():
        start = text.find(surface)
        while start != -1:
            end = start + len(surface)
            if bounds.aligned(start, end):
                last = doc[bounds.ends[end]]
                nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
                if nxt is None or last.whitespace_ or nxt.tag_ not in ("NNG", "NNP", "SL", "SN"):
                    yield Mention(did, start, end, surface, m.canonical, m.kind, m.code, "propagated")
            start = text.find(surface, start + 1)


def register_names(lexicon: KiwiLexicon, gazetteer: Gazetteer) -> None:
    """The gazetteer's names as Kiwi user words, so that the tokenizer keeps them whole."""
    lexicon.register((normalise(n) for n in gazetteer.entries), known=UserWordList.read())


class CompanyRecognizer(Component):
    """Writes ``doc._.mentions`` (the spans of ``doc.spans["mentions"]`` and ``doc.ents``):
    sorted, non-overlapping ``Mention`` records."""

    def __init__(self, gazetteer: Gazetteer, lexicon: KiwiLexicon | None = None,
                 model: ModelLayer | None = None, model_id: str | None = None, register: bool = False):
        self.model = model
        self.model_id = model_id  # provenance: see recognize_model.recognition_id
        self.lexicon = lexicon
        self.register = register  # whether the gazetteer's names are Kiwi user words
        self.context_layer = ContextLayer(lexicon)
        self.evidence_layer = EvidenceLayer()
        self.use_gazetteer(gazetteer)

    def use_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Recognise (and canonicalise) with ``gazetteer``'s names from now on."""
        self.gazetteer = gazetteer
        self.gazetteer_layer = GazetteerLayer(gazetteer, self.lexicon)
        self.form_layer = FormLayer(gazetteer, self.lexicon)
        self.canonical_layer = CanonicalLayer(gazetteer)
        if self.register and self.lexicon is not None:
            register_names(self.lexicon, gazetteer)

    def recognise(self, doc: Doc) -> list[Mention]:
        did, chosen, units = self.rules(doc)
        if self.model is not None:
            chosen = self.model(doc, chosen, did, units=units)
        return self.finish(doc, units, chosen)

    def finish(self, doc: Doc, units: Units, chosen: list[Mention]) -> list[Mention]:
        """The evidence's last word, then one canonical name per company."""
        chosen = self.evidence_layer(doc, boundaries(doc), units, chosen)
        return self.canonical_layer(doc_text(doc), chosen)

    def rules(self, doc: Doc) -> tuple[str, list[Mention], Units]:
        """The rule layers' mentions (with their kinds), before the model and canonical names."""
        did = doc_id(doc)
        arr = arrays(doc)
        bounds = boundaries(doc)
        units = Units(doc, arr)
        strong = list(self.form_layer(doc, bounds, units, did))
        strong += list(self.gazetteer_layer(doc, bounds, did))
        cands = strong + list(self.context_layer(doc, units, did, strong))
        cands += list(propagate(doc, bounds, select(cands), did))
        return did, [self._kind(doc, bounds, units, m) for m in select(cands)], units

    def _kind(self, doc: Doc, bounds: Boundaries, units: Units, m: Mention) -> Mention:
        """Products and brands framed as such are not companies, whatever found them."""
        if not m.source.startswith(("context", "propagated")) or not bounds.aligned(m.start, m.end):
            return m
        s, e = bounds.starts[m.start], bounds.ends[m.end] + 1
        if is_product_context(doc, units, s, e):
            return replace(m, kind="product")
        return m

    def __call__(self, doc: Doc) -> Doc:
        write_mentions(doc, tuple(self.recognise(doc)))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = MODEL_BATCH) -> Iterator[Doc]:
        """Like ``__call__`` on each Doc; the company model scores up to ``batch_size`` Docs
        at a time, which costs a fraction of scoring them one by one (numpy per batch).
        A Doc that fails goes to the error handler (``Language.set_error_handler``)."""
        if self.model is None:
            yield from self.each(docs)
            return
        yield from self.pipe_batches(docs, batch_size, self._recognise_batch)

    def _recognise_batch(self, docs: list[Doc]) -> list[Doc]:
        assert self.model is not None
        staged = [self.rules(doc) for doc in docs]
        spans = self.model.tagged_batch([(doc, chosen, units) for doc, (_, chosen, units) in zip(docs, staged)])
        for doc, (did, chosen, units), found in zip(docs, staged, spans):
            chosen = self.model.combine(doc, chosen, did, found)
            write_mentions(doc, tuple(self.finish(doc, units, chosen)))
        return docs

    # --- serialisation (nlp.to_disk / spacy.load) ----------------------------
    def settings(self) -> dict[str, Any]:
        model = self.model
        return {"model_file": model.path.name if model is not None else None,
                "model_mode": model.mode if model is not None else None,
                "model_id": self.model_id, "register_names": self.register}

    def write_data(self, path: Path) -> None:
        """Every gazetteer entry, and the CRF with its cross-validation file."""
        with (path / GAZETTEER_FILE).open("w", encoding="utf-8") as out:
            for entry in self.gazetteer.entries.values():
                out.write(json.dumps(astuple(entry), ensure_ascii=False) + "\n")
        model = self.model
        if model is not None and model.path.resolve().parent != path.resolve():  # not saved over itself
            shutil.copyfile(model.path, path / model.path.name)
            cv = model.path.parent / CV_FILE
            if cv.is_file():
                shutil.copyfile(cv, path / CV_FILE)

    def use_settings(self, cfg: dict[str, Any], path: Path) -> None:
        """The saved gazetteer and model, each rebuilt only when it differs from the one built
        from the config (the usual case, ``spacy.load`` of a pipeline saved on the same kdeal)."""
        self.register = bool(cfg.get("register_names", self.register))
        with (path / GAZETTEER_FILE).open(encoding="utf-8") as rows:
            entries = [Entry(*json.loads(line)) for line in rows if line.strip()]
        if entries != list(self.gazetteer.entries.values()):
            self.use_gazetteer(Gazetteer(entries))
        self.model = self._saved_model(cfg, path)
        self.model_id = cfg.get("model_id")

    def _saved_model(self, cfg: dict[str, Any], path: Path) -> ModelLayer | None:
        if cfg.get("model_file") is None:
            return None
        saved = path / cfg["model_file"]
        model = self.model
        if model is not None and model.mode == cfg["model_mode"] and model_sha1(model.path) == model_sha1(saved):
            return model
        return ModelLayer(saved, cfg["model_mode"])


@Language.factory("kdeal_companies",
                  default_config={"user_entries": [], "register_names": True, "model": "bundled",
                                  "model_mode": DEFAULT_MODE},
                  assigns=["doc.spans", "doc.ents", "doc._.mentions", "span._.code"],
                  requires=[])  # tags and sentences come with the Kiwi tokenizer, not a component
def make_company_recognizer(nlp: Language, name: str, user_entries: list[list[str | None]],
                            register_names: bool, model: str, model_mode: str) -> CompanyRecognizer:
    """``user_entries``: rows (name, canonical, kind, code, source) of the user's lists, which
    the pipeline reads (``pipeline.company_lists``). ``model``: "bundled" (the CRF in extractors/data/ner, the default), "none" (rules
    only) or a CRF path; ``model_mode``: "add", "vote", "refine", "extend" or "prefer"
    (see ``recognize_model.ModelLayer``).

    The CRF raises KLUE organisation F1 from 0.63 (rules) to 0.74 (rules + CRF,
    "extend", 5-fold cross-validated), and scores a batch of documents in a few numpy
    passes (``pipe``): on article-sized documents recognition stays within 20% of
    segmentation time once warm (benchmarks/bench_recognition.py).
    """
    path = model_path(model)
    if path is not None and not path.is_file():
        raise KdealError(f"company model not found: {path} (--company-model none runs the rules alone)")
    layer = ModelLayer(path, model_mode) if path is not None else None
    gazetteer = Gazetteer.default(Entry(*row) for row in user_entries)
    tokenizer = nlp.tokenizer
    lexicon = KiwiLexicon(lambda: tokenizer.kiwi) if hasattr(tokenizer, "kiwi") else None
    warm_evidence()
    recognizer = CompanyRecognizer(gazetteer, lexicon, layer, recognition_id(path, model_mode, user_entries),
                                   register=register_names)
    recognizer.name = name
    return recognizer


__all__ = ["CompanyRecognizer", "kind_of", "make_company_recognizer", "propagate", "select"]
