"""Scoring extractor output against the gold data in ``tests/gold``.

Gold files measure; they never feed rules. Every figure here is computed from
the pipeline's ordinary output (mentions and deals) on the gold texts.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from kdeal.errors import DocError, KdealError
from kdeal.records import Article, DocResult, Mention

from .extract import extract
from .options import DEFAULT_BATCH_SIZE
from .readers import InputFile, read_file

ORG_KINDS = ("company", "organization")


def default_gold_dir() -> Path:
    """``tests/gold`` of the source checkout this package runs from."""
    return Path(__file__).resolve().parent.parent / "tests" / "gold"


def default_fixtures_dir() -> Path:
    """The folder the gold's ``fixtures/html/...`` paths are relative to."""
    return Path(__file__).resolve().parent.parent / "tests"


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @classmethod
    def of(cls, predicted: set[Any], gold: set[Any]) -> "PRF":
        return cls(len(predicted & gold), len(predicted - gold), len(gold - predicted))

    def to_json(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    """Named figures, printable as a table and serialisable as JSON."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (metric, value, target)
    data: dict[str, Any] = field(default_factory=dict)

    def prf(self, key: str, label: str, prf: PRF, target: str = "") -> None:
        self.data[key] = prf.to_json()
        self.rows.append((label, f"P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}"
                                 f"  (tp {prf.tp}, fp {prf.fp}, fn {prf.fn})", target))

    def count(self, key: str, label: str, found: int, total: int, target: str = "",
              detail: Any = None) -> None:
        self.data[key] = {"found": found, "total": total, **({"detail": detail} if detail else {})}
        self.rows.append((label, f"{found} / {total}", target))

    def value(self, key: str, label: str, value: float, target: str = "") -> None:
        self.data[key] = round(value, 4)
        self.rows.append((label, f"{value:.3f}", target))

    def number(self, key: str, label: str, n: int, target: str = "") -> None:
        self.data[key] = n
        self.rows.append((label, str(n), target))

    def table(self) -> str:
        w1 = max(len(r[0]) for r in self.rows) if self.rows else 10
        w2 = max(len(r[1]) for r in self.rows) if self.rows else 10
        lines = [f"{'metric'.ljust(w1)}  {'value'.ljust(w2)}  target", "-" * (w1 + w2 + 12)]
        lines += [f"{a.ljust(w1)}  {b.ljust(w2)}  {c}" for a, b, c in self.rows]
        return "\n".join(lines)


Oracle = Callable[[Article], tuple[Mention, ...]]


def _oracle_results(nlp: Any, items: Iterable[Article | DocError], oracle: Oracle) -> list[DocResult]:
    """Run every component but the recogniser, with gold mentions in its place.

    Measures relation extraction alone (``kdeal eval --oracle-mentions``);
    the figure is reported beside the ordinary one, never used to tune rules.
    """
    out = []
    for a in items:
        if isinstance(a, DocError):
            raise KdealError(f"gold document failed: {a}")
        doc = nlp.tokenizer(a.text)
        doc._.article = a
        doc._.mentions = oracle(a)
        for name, proc in nlp.pipeline:
            if name != "kdeal_companies":
                doc = proc(doc)
        out.append(DocResult(article=a, mentions=tuple(doc._.mentions or ()),
                             quantities=tuple(doc._.quantities or ()), deals=tuple(doc._.deals or ())))
    return out


def names_oracle(names: dict[str, str]) -> Oracle:
    """Gold mentions for a page whose gold lists names, not offsets: every occurrence of each name.

    A Latin name must not continue into a longer word ("GaonTel" in "GaonTel.com").
    """
    import re

    def find(article: Article) -> tuple[Mention, ...]:
        found: list[Mention] = []
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), article.text):
                s, e = m.span()
                nxt = article.text[e:e + 2]
                if name[-1].isascii() and (nxt[:1].isascii() and nxt[:1].isalnum()
                                           or (nxt[:1] == "." and nxt[1:2].isalpha())):
                    continue
                if name[0].isascii() and s > 0 and article.text[s - 1].isascii() and article.text[s - 1].isalnum():
                    continue
                if any(s < f.end and f.start < e for f in found):
                    continue
                found.append(Mention(article.doc_id, s, e, name, names[name], "company", source="oracle"))
        return tuple(sorted(found, key=lambda m: m.start))

    return find


def _results(nlp: Any, items: Iterable[Article | DocError], batch_size: int = DEFAULT_BATCH_SIZE,
             oracle: Oracle | None = None) -> list[DocResult]:
    if oracle is not None:
        return _oracle_results(nlp, items, oracle)
    out = []
    for r in extract(nlp, items, batch_size=batch_size):
        if isinstance(r, DocError):
            raise KdealError(f"gold document failed: {r}")
        out.append(r)
    return out


def _pairs(results: Iterable[DocResult], aliases: dict[str, str] | None = None) -> set[frozenset[str]]:
    aliases = aliases or {}
    out: set[frozenset[str]] = set()
    for r in results:
        for d in r.deals:
            for a, b in d.pairs():
                a, b = aliases.get(a, a), aliases.get(b, b)
                if a != b:
                    out.add(frozenset((a, b)))
    return out


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def score_seed(nlp: Any, gold_dir: Path, report: Report, oracle: bool = False) -> None:
    gold = json.loads((gold_dir / "seed" / "gold.json").read_text(encoding="utf-8"))
    text = (gold_dir / "seed" / "article.txt").read_text(encoding="utf-8")
    gold_mentions = tuple(Mention(gold["doc_id"], m["start"], m["end"], m["text"], m["canonical"], m["kind"],
                                  source="oracle") for m in gold["mentions"])
    (result,) = _results(nlp, [Article(doc_id=gold["doc_id"], text=text, origin="seed")],
                         oracle=(lambda _a: gold_mentions) if oracle else None)

    gold_spans = {(m["start"], m["end"]): m for m in gold["mentions"] if m["kind"] in ORG_KINDS}
    pred = {(m.start, m.end): m for m in result.mentions if m.kind in ORG_KINDS}
    prf = PRF.of(set(pred), set(gold_spans))
    report.prf("seed.mentions", "seed: mentions (exact span, company+org)", prf, "F1 >= 0.95")
    matched = set(pred) & set(gold_spans)
    canon_ok = sum(1 for k in matched if pred[k].canonical == gold_spans[k]["canonical"])
    report.count("seed.canonical", "seed: canonical right on matched spans", canon_ok, len(matched), ">= 95%")
    bad = sorted({m.text for m in result.mentions if m.kind == "company"}
                 & {n["text"] for n in gold["not_companies"]})
    report.count("seed.not_companies", "seed: not_companies tagged company", len(bad),
                 len(gold["not_companies"]), "0", detail=bad)

    gold_pairs = {frozenset(p) for p in gold["pairs"]}
    report.prf("seed.pairs", "seed: partner pairs", PRF.of(_pairs([result]), gold_pairs), "F1 >= 0.90")

    found = 0
    missing = []
    for g in gold["group_deals"]:
        ok = any(d.group is not None and d.group.count == g["count"] and d.group.approx == g["approx"]
                 and {p.canonical for p in d.side("a")} == set(g["parties"]) for d in result.deals)
        found += ok
        if not ok:
            missing.append(f"{'+'.join(g['parties'])}:{g['count']}")
    report.count("seed.group_deals", "seed: group deals (parties + exact count)", found,
                 len(gold["group_deals"]), "5 / 5", detail=missing)

    counts_found = 0
    for g in gold["deal_counts"]:
        counts_found += any(not d.parties and any(q.value == g["count"] and q.unit == g["unit"]
                                                  and q.approx == g["approx"] for q in d.quantities)
                            for d in result.deals)
    report.count("seed.deal_counts", "seed: deal counts (100여 건, 146건)", counts_found,
                 len(gold["deal_counts"]), "2 / 2")

    qtexts = {_norm_space(q.text) for q in result.quantities}
    q_missing = [q for q in gold["quantities"] if _norm_space(q) not in qtexts]
    report.count("seed.quantities", "seed: quantities (exact text)", len(gold["quantities"]) - len(q_missing),
                 len(gold["quantities"]), ">= 90%", detail=q_missing)


def score_fixtures(nlp: Any, gold_dir: Path, fixtures_dir: Path, report: Report, oracle: bool = False) -> None:
    gold = json.loads((gold_dir / "fixtures_gold.json").read_text(encoding="utf-8"))
    all_gold = 0
    all_found = 0
    for g in gold["documents"]:
        path = fixtures_dir / g["file"]
        items = list(read_file(InputFile(path, path.name)))
        aliases = g.get("aliases", {})
        names = {n: n for p in g["pairs"] + g.get("optional", []) + g.get("not_pairs", []) for n in p}
        names.update(aliases)
        results = _results(nlp, items, oracle=names_oracle(names) if oracle else None)
        pred = _pairs(results, aliases)
        gold_pairs = {frozenset(p) for p in g["pairs"]}
        optional = {frozenset(p) for p in g.get("optional", [])}
        not_pairs = {frozenset(p) for p in g.get("not_pairs", [])}
        prf = PRF.of(pred - optional, gold_pairs)
        name = Path(g["file"]).name
        report.prf(f"fixtures.{name}.pairs", f"page {name[:32]}: pairs", prf, "R >= 0.8")
        wrong = sorted("|".join(sorted(p)) for p in pred & not_pairs)
        report.count(f"fixtures.{name}.not_pairs", f"page {name[:32]}: not_pairs emitted", len(wrong),
                     len(not_pairs), "0", detail=wrong)
        all_gold += len(gold_pairs)
        all_found += prf.tp
    report.value("fixtures.pair_recall", "pages: partner-pair recall (all)",
                 all_found / all_gold if all_gold else 0.0, ">= 0.8")


@dataclass(frozen=True)
class KlueSentence:
    text: str
    orgs: frozenset[tuple[int, int]]


def read_klue(path: Path) -> Iterator[KlueSentence]:
    """Sentences of the KLUE-NER TSV (char-level BIO) with their OG spans."""
    for text, entities in read_bio(path):
        yield KlueSentence(text, frozenset((e.start, e.end) for e in entities if e.label == "OG"))


@dataclass(frozen=True)
class Entity:
    """A labelled span of a gold sentence (char offsets, the fine NIKL label)."""

    start: int
    end: int
    label: str


def read_bio(path: Path) -> Iterator[tuple[str, tuple[Entity, ...]]]:
    """Sentences of a char-level BIO file (KLUE-NER, konec) with their labelled spans: a B-,
    or an I- that does not continue a span of its label, opens one."""
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> Iterator[tuple[str, tuple[Entity, ...]]]:
        if chars:
            out: list[Entity] = []
            start, label = None, ""
            for i, t in enumerate(tags + ["O"]):
                if start is not None and not (t.startswith("I-") and t[2:] == label):
                    out.append(Entity(start, i, label))
                    start = None
                if t != "O" and start is None:
                    start, label = i, t[2:]
            yield "".join(chars), tuple(out)
        chars.clear()
        tags.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("##"):
                continue
            if not line:
                yield from flush()
                continue
            ch, _, tag = line.rpartition("\t")
            chars.append(ch if ch else " ")
            tags.append(tag)
    yield from flush()


def read_konec(path: Path) -> list[tuple[Entity, ...]]:
    """The entities of each sentence of a konec file (the KLUE-NER sentences with the fine
    NIKL labels), in file order: sentence k is sentence k of the KLUE file of the same half."""
    return [entities for _text, entities in read_bio(path)]


def score_klue(nlp: Any, path: Path, report: Report, limit: int | None = None) -> None:
    sents = list(read_klue(path))[:limit]
    articles = [Article(doc_id=f"klue-{i}", text=s.text) for i, s in enumerate(sents)]
    # The company CRF was trained on this very half: score the rules live, and take the
    # CRF's figure from its k-fold cross-validation, never from its own training data.
    from kdeal.extractors.recognize_model import (
        bundled_model,
        cross_validated,
        rules_only,
    )

    with rules_only(nlp) as model:
        results = _results(nlp, articles, batch_size=256)
    pred: set[tuple[int, int, int]] = set()
    gold: set[tuple[int, int, int]] = set()
    for i, (s, r) in enumerate(zip(sents, results)):
        gold |= {(i, a, b) for a, b in s.orgs}
        pred |= {(i, m.start, m.end) for m in r.mentions if m.kind in ORG_KINDS}
    report.prf("klue.og", f"KLUE-NER half: OG (exact span, {len(sents)} sentences), rules alone",
               PRF.of(pred, gold), "")
    model = model or bundled_model()
    cv = cross_validated(model) if model is not None else None
    fig = (cv or {}).get("cross_validated", {}).get(f"rules+model:{model.mode}") if model else None
    if cv is not None and fig is not None:
        report.prf("klue.og_cv", f"KLUE-NER half: OG rules+CRF ({model.mode}), {cv['folds']}-fold cross-validated",
                   PRF(fig["tp"], fig["fp"], fig["fn"]), "F1 >= 0.75")
        if "konec" in fig:
            report_konec(report, fig["konec"], f"konec, {cv['folds']}-fold CV")


# Short names of the fine organisation labels in the report.
def _label_name(label: str) -> str:
    return label.removeprefix("OGG_").lower()


def report_konec(report: Report, k: dict[str, Any], how: str) -> None:
    """The fine-label figures of a cross-validation (``train_ner.score_konec``): company
    recall, the kind given, the names that are no organisation, recall per label."""
    report.value("konec.company_recall", f"{how}: companies (OGG_ECONOMY) found", k["company_recall"], ">= 0.80")
    report.value("konec.company_recall_as_company", f"{how}: companies found as companies",
                 k["company_recall_as_company"], "")
    report.value("konec.company_precision", f"{how}: predicted companies that are companies",
                 k["company_precision"], "")
    report.value("konec.organization_recall", f"{how}: other organisations found", k["organization_recall"], "")
    report.count("konec.kind", f"{how}: kind right (company / organization) on found names", k["kind_right"],
                 k["kind_of_found"], "")
    by_class = ", ".join(f"{c} {n}" for c, n in k["non_organisations_by_class"].items())
    report.number("konec.non_organisations", f"{how}: predicted names that are no organisation ({by_class})",
                  k["non_organisations"], "<= 40")
    for label, c in k["per_label"].items():
        report.count(f"konec.recall.{label}", f"{how}: found, {_label_name(label)} (kind right {c['kind_right']})",
                     c["found"], c["gold"], "")


def evaluate(nlp: Any, gold_dir: Path | None = None, fixtures_dir: Path | None = None,
             klue: bool = True, klue_limit: int | None = None, oracle_mentions: bool = False) -> Report:
    gold_dir = gold_dir or default_gold_dir()
    fixtures_dir = fixtures_dir or default_fixtures_dir()
    if not (gold_dir / "seed" / "gold.json").is_file():
        raise KdealError(f"no gold data in {gold_dir} (expected seed/gold.json); pass --gold DIR")
    report = Report()
    score_seed(nlp, gold_dir, report, oracle=oracle_mentions)
    if (gold_dir / "fixtures_gold.json").is_file():
        score_fixtures(nlp, gold_dir, fixtures_dir, report, oracle=oracle_mentions)
    klue_path = gold_dir / "klue-ner" / "klue-ner-v1.1_dev_even.tsv"
    if klue and klue_path.is_file():
        score_klue(nlp, klue_path, report, klue_limit)
    return report
