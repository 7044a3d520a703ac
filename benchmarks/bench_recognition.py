"""How much company recognition adds to segmentation, measured side by side in one run.

    .venv/bin/python benchmarks/bench_recognition.py [--limit N] [--repeat 5] [--json FILE]

The KLUE-NER sentences (tests/gold/klue-ner) are read in two shapes: as
they are (one short sentence per document, 57 characters on average), and
joined 20 at a time into article-sized documents (about 1,100 characters,
the length of a news article, which is what kdeal reads). For each shape
Kiwi segments the texts (tokenizer only), and then, separately timed, the
``kdeal_companies`` component recognises them as the extract stage runs
it (``pipe``, 64 documents at a time):

- rules only;
- rules and the CRF (``--model``, the bundled one by default), "cold": the
  CRF's summed weights per word (``CompiledCRF``) are emptied first, so the
  round pays for its first sight of every word as a fresh process would;
- rules and the CRF, "warm": with the sums kept from the round before, as
  in a long run.

All stages run in this process on the same warm pipeline, alternating, and
the best of ``--repeat`` rounds is kept for each, so the ratios are
comparable on a shared machine. Budget: recognition ≤ 20% of segmentation.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kdeal.pipeline.evaluate import read_klue  # noqa: E402
from kdeal.pipeline.nlp import build_nlp  # noqa: E402
from kdeal.pipeline.options import ExtractOptions  # noqa: E402

ARTICLE_SENTENCES = 20
BUDGET = 0.20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="use only the first N sentences")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--batch", type=int, default=64, help="documents per model batch (the extract stage's default)")
    ap.add_argument("--model", default="bundled", help='the CRF to compare with the rules: "bundled", a path, or "none"')
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = ap.parse_args()
    sentences = [s.text for s in read_klue(REPO / "tests/gold/klue-ner/klue-ner-v1.1_dev_even.tsv")][:args.limit]
    shapes = {
        "sentences": sentences,
        "articles": [" ".join(sentences[i:i + ARTICLE_SENTENCES])
                     for i in range(0, len(sentences), ARTICLE_SENTENCES)],
    }
    nlp = build_nlp(ExtractOptions(components=()))
    nlp.add_pipe("kdeal_companies", config={"model": args.model})
    rec = nlp.get_pipe("kdeal_companies")
    model = rec.model
    list(nlp.tokenizer.pipe(sentences[:50]))  # warm Kiwi up
    report: dict[str, dict[str, float]] = {}
    for shape, texts in shapes.items():
        best: dict[str, float] = {}
        mentions: dict[str, int] = {}

        def timed(name: str, fn) -> None:
            t = time.perf_counter()
            got = fn()
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - t)
            if isinstance(got, int):
                mentions[name] = got

        docs: list = []
        for _ in range(args.repeat):
            timed("segmentation", lambda: docs.__setitem__(slice(None), nlp.tokenizer.pipe(texts, batch_size=256)))
            rounds = [("rules", None, False)]
            if model is not None:
                rounds += [("rules+model, cold", model, True), ("rules+model, warm", model, False)]
            for name, layer, cold in rounds:
                rec.model = layer
                if cold:
                    layer.crf.clear_caches()
                timed(name, lambda: sum(len(d._.mentions) for d in rec.pipe(docs, batch_size=args.batch)))
        rec.model = model
        chars = sum(map(len, texts))
        seg = best["segmentation"]
        print(f"{shape}: {len(texts)} documents, {chars} chars, best of {args.repeat}")
        print(f"  segmentation (Kiwi -> Doc): {seg:.3f} s ({chars / seg / 1000:.1f} k chars/s)")
        report[shape] = {"documents": len(texts), "chars": chars, "segmentation_s": round(seg, 4)}
        for name, secs in best.items():
            if name == "segmentation":
                continue
            share = secs / seg
            print(f"  recognition, {name + ':':19} {secs:.3f} s = {share:6.1%} of segmentation"
                  f" ({mentions[name]} mentions; budget {BUDGET:.0%})")
            report[shape][name] = round(share, 4)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
