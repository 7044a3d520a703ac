"""Train the name CRF on the shared KLUE-NER half and measure it by cross-validation.

    python -m kdeal.pipeline.train_ner [--klue TSV] [--konec TSV] [--out DIR] [--folds 5]

Every sentence is segmented by the same pipeline that runs in production (Kiwi + the
rule layers, model off); the CRF learns from the morphemes, the rules' verdicts and
the lexicon of known forms (``extractors.evidence``, from the KLUE-NER *train* set).

What it learns (``targets``): the KLUE organisation spans, as companies (CO) where
the fine NIKL labels of the same sentences (konec) call them OGG_ECONOMY, else as
other organisations (OG); and, as informative negatives, the konec names that are no
organisation (people, places, works, technology terms ...), so that the model tells
"a name, but not one kdeal reports" from an organisation.

The reported figures are k-fold: each fold's sentences are scored by a model that
never saw them (``cross_validate``). The final model is then trained on all sentences
and written with ``cv.json`` beside it: KLUE organisation P/R/F1 for the rules, the
model and each way of combining them, and on the konec labels the recall per fine
label, the kind chosen, and the predicted names that are not organisations, by class.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from kdeal.extractors.companies import CompanyRecognizer
from kdeal.extractors.evidence import LEXICON_DEFAULTS, coarse, lexicon_with
from kdeal.extractors.ner.features import ORG_KINDS, bio_labels, token_features
from kdeal.extractors.recognize_model import DEFAULT_MODE, MODES
from kdeal.extractors.tokens import Units
from kdeal.records import Mention

from .evaluate import PRF, Entity, read_klue, read_konec
from .segment import blank_korean

# Chosen by 5-fold CV on the KLUE half (model alone, F1, o_bias 0.5): a strong L2 beat the
# mix used before (c1 0.05, c2 0.01: 0.62) for every c2 tried with c1 0 (0.05: 0.635,
# 0.1: 0.642, 0.2: 0.646, 0.4: 0.647, 0.8: 0.641). c1 0.02 costs about 0.004 but keeps the
# file under 2 MB instead of 8 MB; feature.minfreq 2 (4 MB) cost 0.017. 400 iterations
# instead of 150 changed nothing. Features: the core's 2-letter prefix and 3-letter suffix
# with the morpheme's place in the core and the core's length in morphemes added 0.01;
# 3-letter affixes of morphemes, words two away, the cores of the units two away and the
# neighbours' full rule tags did not pay; dropping the units' context cost 0.012.
# feature.possible_states (weights for every label of every attribute, not only the labels
# seen with it) raised the CV F1 of the model by 0.005-0.01 and of rules+model ("extend") by
# 0.005-0.01 at o_bias 0.6-0.8, on this split and on two shuffled ones (file 2.1 MB, not 1.8).
PARAMS = {"c1": 0.02, "c2": 0.4, "max_iterations": 150, "feature.possible_transitions": True,
          "feature.possible_states": True}
DEFAULT_KLUE = Path(__file__).resolve().parents[1] / "tests" / "gold" / "klue-ner" / "klue-ner-v1.1_dev_even.tsv"
DEFAULT_KONEC = Path(__file__).resolve().parents[1] / "tests" / "gold" / "konec" / "konec-dev-even.tsv"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "extractors" / "data" / "ner"
MODEL_FILE = "klue_og.crfsuite"
COMPANY_LABEL = "OGG_ECONOMY"
# The negative classes the CRF may learn, by the coarse class of a konec label
# (``evidence.coarse``): "split" keeps people, places and the rest apart, "one" makes them
# one class, "none" leaves them O (the model then learns organisations against everything).
NEGATIVE_SCHEMES: dict[str, dict[str, str]] = {
    "none": {},
    "one": {c: "X" for c in ("person", "place", "work", "product", "technology", "disease", "event")},
    "split": {"person": "PS", "place": "LC", "work": "AF", "product": "AF", "technology": "TM", "disease": "TM",
              "event": "EV"},
}


# Settings chosen by 5-fold CV on the shared half (rules + CRF "extend": KLUE organisation F1 /
# predicted names that konec calls no organisation). Before the lexicon, with companies and
# organisations as two classes: 0.648 / 90. With the lexicon of train forms as features,
# negatives none 0.695 / 86, "one" 0.696 / 77, "split" 0.696 / 119 (and three times the
# training time). With the evidence layer (recognize_evidence) after the model, "one": 0.697 /
# 62; lexicon forms seen once left out (min_freq 2) 0.685 / 67, one-syllable forms let in
# (min_chars 1) 0.690 / 64, so forms seen once count and one-syllable forms do not; a clearer
# majority for a label (min_share 0.8) 0.700 / 63, no better than 0.6 (0.697 / 62); c2 0.1 0.696 /
# 67, 1.0 0.695 / 59. Training disputed spans ("북한" the state, a place to konec) as
# negatives: 0.690 / 58 instead of 0.696 / 77. With the known fronts and backs of words
# (features.UNIT_CORE) and trimming: o_bias 0.4 0.690 / 41, 0.7 0.689 / 50, 1.0 0.693 / 62.
# veto (split negatives): 0.697 / 111 instead of 0.696 / 119, not worth its rule.
# Issue 13, second pass (same CV, o_bias 0.4): the unit core's script mix and name heads
# (features.UNIT_CORE umix/uchead/uohead) 0.689 / 42 (0.6885 / 43 before); one swapped copy of
# every sentence (``augment`` 1, half of the swapped names with their lexicon features hidden)
# 0.682 / 46 but company recall 0.671 instead of 0.634: off by default, kept as an option.
# Third pass (rules only: company and outlet cues, the known companies of the train forms,
# word-start evidence; the model retrained on their verdicts): 0.699 / 35, company recall
# 0.690; o_bias 0.7 0.705 / 41, 1.0 0.703 / 55. Taking 저축은행 (a kind of bank, which konec
# labels a company) out of the known companies cost 0.003 / 0.004: kept out, it is no name.
# Fourth pass (rules: match frames, bodies with their place and parts, outlet cues, known
# companies before mecab-ko-dic names, compound institutional heads; model retrained): o_bias
# 0.4 0.733 / 33, company recall 0.708; 0.7 0.736 / 36, 0.713; 1.0 0.732 / 44, 0.718. 0.7 is
# shipped: the best F1 and recall within the ceiling of 40. Fifth pass (rules for press-release
# constructions; model retrained): 0.4 0.733 / 33, company recall 0.699; 0.7 0.737 / 36, 0.708;
# 1.0 0.733 / 43, 0.713: 0.7 stays. disputed "org" (states trained as organisations): 0.738 / 51.
@dataclass(frozen=True)
class Settings:
    """What cross-validation chooses (``main`` records it in cv.json).

    ``negatives``: a ``NEGATIVE_SCHEMES`` key; ``disputed``: what a KLUE organisation span
    is trained as when konec calls the very same span no organisation ("북한" the state
    vs the country): "org" keeps the KLUE label, "negative" trains it as konec's class;
    ``lexicon``: the ``KnownForms`` settings, or None for no lexicon features; ``o_bias``
    and ``veto``: how the model decodes and combines (``recognize_model.ModelLayer``);
    ``augment``: how many copies of each sentence with its names swapped are trained on
    (``train_augment``), and ``mask_share`` the share of swapped names whose lexicon
    features are hidden.
    """

    negatives: str = "one"
    disputed: str = "negative"
    lexicon: dict[str, Any] | None = field(default_factory=lambda: dict(LEXICON_DEFAULTS))
    o_bias: float = 0.7
    veto: bool = False
    augment: int = 0
    mask_share: float = 0.5


    def decode(self) -> dict[str, Any]:
        return {"o_bias": self.o_bias, "veto": self.veto}


DEFAULT_SETTINGS = Settings()
# The o_bias values ``make train-ner`` also scores, so that cv.json shows the trade-off.
O_BIAS_GRID = (0.4, 1.0)


@dataclass
class Row:
    """One gold sentence, segmented and run through the rules."""

    doc: Doc
    units: Units
    rules: Sequence[Mention]
    gold: frozenset[tuple[int, int]]  # KLUE organisation spans
    entities: tuple[Entity, ...]  # konec spans with their fine labels
    src: int = -1  # for an augmented copy (``augment``): the index of the sentence it was made from
    masked: tuple[tuple[int, int], ...] = ()  # spans whose lexicon features are hidden (see ``features``)


def rules_pipeline() -> Language:
    """A Korean pipeline with the company recogniser, model off: its rule layers give the
    model's input, and its last steps (``CompanyRecognizer.finish``) what the pipeline outputs."""
    nlp = blank_korean()
    nlp.add_pipe("kdeal_companies", config={"model": "none"})
    return nlp


def prepare(klue: Path, konec: Path | None = None, limit: int | None = None,
            nlp: Language | None = None) -> list[Row]:
    """Segment each sentence and run the rule layers, as the pipeline does before the model."""
    nlp = nlp or rules_pipeline()
    rec = nlp.get_pipe("kdeal_companies")
    sents = list(read_klue(klue))[:limit]
    fine = read_konec(konec)[:limit] if konec is not None and konec.is_file() else [()] * len(sents)
    if len(fine) != len(sents):
        raise ValueError(f"{konec} has {len(fine)} sentences, {klue} {len(sents)}: not the same half")
    rows = []
    for s, ents, doc in zip(sents, fine, nlp.tokenizer.pipe([s.text for s in sents], batch_size=256)):
        _, rules, units = rec.rules(doc)
        rows.append(Row(doc, units, rules, s.orgs, ents))
    return rows


def augment(rows: Sequence[Row], settings: Settings, nlp: Language | None = None) -> list[Row]:
    """Copies of the sentences with their names swapped (``train_augment``), segmented and run
    through the rules as ``prepare`` does; each knows the sentence it was made from."""
    from .train_augment import copies_of

    if settings.augment <= 0:
        return []
    nlp = nlp or rules_pipeline()
    rec = nlp.get_pipe("kdeal_companies")
    made = copies_of(rows, settings.augment, settings.mask_share)
    out = []
    for (i, c), doc in zip(made, nlp.tokenizer.pipe([c.text for _, c in made], batch_size=256)):
        _, rules, units = rec.rules(doc)
        out.append(Row(doc, units, rules, c.orgs, c.entities, src=i, masked=c.masked))
    return out


def targets(row: Row, settings: Settings) -> list[tuple[int, int, str]]:
    """The labelled spans the CRF learns from (see the module docstring)."""
    negatives = NEGATIVE_SCHEMES[settings.negatives]
    by_span = {(e.start, e.end): e.label for e in row.entities}
    out = []
    for s, e in sorted(row.gold):
        label = by_span.get((s, e))
        if label is not None and not label.startswith("OGG") and settings.disputed == "negative":
            if coarse(label) in negatives:
                out.append((s, e, negatives[coarse(label)]))
            continue
        over = [x.label for x in row.entities if x.start < e and s < x.end]
        out.append((s, e, "CO" if COMPANY_LABEL in over else "OG"))
    for x in row.entities:
        cls = negatives.get(coarse(x.label))
        if cls and not any(x.start < e and s < x.end for s, e in row.gold):
            out.append((x.start, x.end, cls))
    return out


def features(rows: Sequence[Row], settings: Settings) -> list[list[list[str]]]:
    from .train_augment import strip_lexicon

    forms = lexicon_with(**settings.lexicon) if settings.lexicon else None
    out = []
    for r in rows:
        f = token_features(r.doc, r.rules, r.units, forms)
        if r.masked:
            a = r.units.arr
            f = strip_lexicon(f, [(toks[0], toks[-1] + 1) for s, e in r.masked
                                  if (toks := [i for i, (x, t) in enumerate(zip(a.idx, a.texts)) if x < e and s < x + len(t)])])
        out.append(f)
    return out


def train(rows: Sequence[dict[str, Any]], model_path: Path) -> None:
    """Train a CRF on rows of features ``x`` and labels ``y``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for r in rows:
        trainer.append(r["x"], r["y"])
    trainer.set_params(PARAMS)
    trainer.train(str(model_path))


def _write_cv(path: Path, settings: Settings) -> None:
    """A cv.json beside a fold's model, so that ModelLayer loads it with these settings."""
    from kdeal.extractors.recognize_model import model_sha1

    (path.parent / "cv.json").write_text(json.dumps({
        "model_sha1": model_sha1(path), "decode": settings.decode(), "lexicon": settings.lexicon}),
        encoding="utf-8")


Predicted = dict[str, set[tuple[int, int, int, str]]]  # name -> (sentence, start, end, kind)


def predicted(layer: Any, i: int, r: Row, rec: CompanyRecognizer) -> Predicted:
    """What the pipeline outputs for sentence ``i`` with the rules alone, the model alone and
    each way of combining them (every one through the recogniser's last steps)."""
    def kept(mentions: Sequence[Mention]) -> set[tuple[int, int, int, str]]:
        return {(i, m.start, m.end, m.kind) for m in rec.finish(r.doc, r.units, list(mentions))
                if m.kind in ORG_KINDS}

    tagged = layer.tagged(r.doc, r.rules, r.units)
    out: Predicted = {"rules": kept(r.rules), "model": kept(layer.combine(r.doc, [], "", tagged))}
    for mode in MODES:
        out[f"rules+model:{mode}"] = kept(layer.combine(r.doc, r.rules, "", tagged, mode))
    return out


def cross_validate(rows: Sequence[Row], folds: int, settings: Settings = DEFAULT_SETTINGS,
                   decodes: Sequence[Settings] = (), rec: CompanyRecognizer | None = None,
                   extra: Sequence[Row] = ()) -> dict[str, Any]:
    """Each fold scored by a model trained on the other folds; with ``decodes``, the same
    models are also scored with other decoding settings (``o_bias``, ``veto``), keyed
    "o_bias=…,veto=…" in the result."""
    from kdeal.extractors.recognize_model import ModelLayer

    xs = features([*rows, *extra], settings)
    ys = [bio_labels(r.doc, targets(r, settings)) for r in [*rows, *extra]]
    fold_of = [i % folds for i in range(len(rows))] + [r.src % folds for r in extra]
    variants = [settings, *decodes]
    rec = rec or rules_pipeline().get_pipe("kdeal_companies")
    pred: list[Predicted] = [{} for _ in variants]
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            path = Path(tmp) / f"fold{k}" / MODEL_FILE
            path.parent.mkdir()
            train([{"x": x, "y": y} for x, y, f in zip(xs, ys, fold_of) if f != k], path)
            _write_cv(path, settings)
            for v, variant in enumerate(variants):
                layer = ModelLayer(path, o_bias=variant.o_bias, veto=variant.veto)
                for i in range(k, len(rows), folds):
                    for name, got in predicted(layer, i, rows[i], rec).items():
                        pred[v].setdefault(name, set()).update(got)
    out = score(rows, pred[0])
    for variant, p in zip(decodes, pred[1:]):
        out[f"o_bias={variant.o_bias},veto={variant.veto}"] = score(rows, p)
    return out


def score(rows: Sequence[Row], pred: Predicted) -> dict[str, Any]:
    """KLUE organisation P/R/F1 per way of predicting, and the konec figures of each."""
    gold = {(i, s, e) for i, r in enumerate(rows) for s, e in r.gold}
    out: dict[str, Any] = {}
    for name, p in pred.items():
        fig = PRF.of({x[:3] for x in p}, gold).to_json()
        if any(r.entities for r in rows):
            fig["konec"] = score_konec(rows, p)
        out[name] = fig
    return out


def score_konec(rows: Sequence[Row], pred: set[tuple[int, int, int, str]]) -> dict[str, Any]:
    """On the fine labels: recall per organisation label (a predicted company or organisation
    on the very span), the kind given to the found ones, the precision of the predicted
    companies, and the predicted names that are exactly a konec name of another class."""
    kinds = {x[:3]: x[3] for x in pred}
    per_label: dict[str, dict[str, int]] = {}
    non_org: Counter[str] = Counter()
    companies = {(i, e.start, e.end) for i, r in enumerate(rows) for e in r.entities if e.label == COMPANY_LABEL}
    for i, r in enumerate(rows):
        for e in r.entities:
            key = (i, e.start, e.end)
            if e.label.startswith("OGG"):
                c = per_label.setdefault(e.label, {"gold": 0, "found": 0, "kind_right": 0})
                c["gold"] += 1
                if key in kinds:
                    c["found"] += 1
                    c["kind_right"] += kinds[key] == ("company" if e.label == COMPANY_LABEL else "organization")
            elif key in kinds:
                non_org[coarse(e.label)] += 1
    co = per_label.get(COMPANY_LABEL, {"gold": 0, "found": 0, "kind_right": 0})
    predicted_companies = {k for k, kind in kinds.items() if kind == "company"}
    orgs = [c for label, c in per_label.items() if label != COMPANY_LABEL]
    org_gold, org_found = sum(c["gold"] for c in orgs), sum(c["found"] for c in orgs)
    return {
        "company_recall": round(co["found"] / co["gold"], 4) if co["gold"] else 0.0,
        "company_recall_as_company": round(co["kind_right"] / co["gold"], 4) if co["gold"] else 0.0,
        "company_precision": PRF.of(predicted_companies, companies).to_json()["precision"],
        "organization_recall": round(org_found / org_gold, 4) if org_gold else 0.0,
        "kind_right": sum(c["kind_right"] for c in per_label.values()),
        "kind_of_found": sum(c["found"] for c in per_label.values()),
        "non_organisations": sum(non_org.values()),
        "non_organisations_by_class": dict(non_org.most_common()),
        "per_label": dict(sorted(per_label.items())),
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--klue", type=Path, default=DEFAULT_KLUE)
    ap.add_argument("--konec", type=Path, default=DEFAULT_KONEC, help="the same half with the fine NIKL labels")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--mode", choices=MODES, default=DEFAULT_MODE,
                    help="how the pipeline combines rules and model (the figure kdeal eval reports)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N sentences (for a quick try)")
    ap.add_argument("--o-bias-grid", type=float, nargs="*", default=list(O_BIAS_GRID),
                    help="other o_bias values the same folds are scored with (recorded in cv.json)")
    args = ap.parse_args(argv)
    settings = DEFAULT_SETTINGS
    t0 = time.time()
    nlp = rules_pipeline()
    rows = prepare(args.klue, args.konec, args.limit, nlp)
    extra = augment(rows, settings, nlp)
    t1 = time.time()
    grid = [replace(settings, o_bias=b) for b in args.o_bias_grid if b != settings.o_bias]
    cv = (cross_validate(rows, args.folds, settings, grid, nlp.get_pipe("kdeal_companies"), extra)
          if args.folds > 1 else {})
    t2 = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / MODEL_FILE
    every = [*rows, *extra]
    train([{"x": x, "y": bio_labels(r.doc, targets(r, settings))} for r, x in zip(every, features(every, settings))],
          path)
    from kdeal.extractors.recognize_model import model_sha1

    report = {
        "model": MODEL_FILE, "model_sha1": model_sha1(path),
        "data": [args.klue.name, args.konec.name], "sentences": len(rows), "folds": args.folds,
        "params": PARAMS, "decode": settings.decode(), "lexicon": settings.lexicon,
        "targets": {"negatives": settings.negatives, "disputed": settings.disputed},
        "augment": {"copies": settings.augment, "mask_share": settings.mask_share, "copied_sentences": len(extra)},
        "cross_validated": cv, "combined_in_pipeline": f"rules+model:{args.mode}",
        "seconds": {"prepare": round(t1 - t0, 1), "cross_validation": round(t2 - t1, 1),
                    "final_training": round(time.time() - t2, 1)},
    }
    (args.out / "cv.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
