"""How much company recognition adds to segmentation, measured side by side in one run.

    .venv/bin/python benchmarks/bench_recognition.py [--limit N] [--repeat 3]

The same KLUE-NER sentences (tests/gold/klue-ner) are segmented by Kiwi
(tokenizer only) and then, separately timed, passed through the
``kdeal_companies`` component twice: rules only, and rules with the CRF
(``--model``, the bundled one by default). All stages run in this process on
the same warm pipeline, alternating, and the best of ``--repeat`` rounds is
kept for each, so the ratios are comparable on a shared machine. The CRF's
caches (summed weights per word, see ``CompiledCRF``) are emptied before each
round, so every round pays for its first sight of each word as a fresh
process would (``--warm`` keeps them: a long run's steady state).
Budget: recognition ≤ 20% of segmentation time.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.evaluate import read_klue  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.options import ExtractOptions  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch", type=int, default=64, help="documents per model batch (the extract stage's default)")
    ap.add_argument("--join", type=int, default=1, help="join every N sentences into one document (article-sized texts)")
    ap.add_argument("--warm", action="store_true", help="keep the CRF's caches from round to round")
    ap.add_argument("--model", default="bundled", help='the CRF to compare with the rules: "bundled", a path, or "none"')
    args = ap.parse_args()
    texts = [s.text for s in read_klue(REPO / "tests/gold/klue-ner/klue-ner-v1.1_dev_even.tsv")][:args.limit]
    if args.join > 1:
        texts = [" ".join(texts[i:i + args.join]) for i in range(0, len(texts), args.join)]
    nlp = build_nlp(ExtractOptions(components=()))
    nlp.add_pipe("kdeal_companies", config={"model": args.model})
    rec = nlp.get_pipe("kdeal_companies")
    model = rec.model
    configs = {"rules": None, **({"rules+model": model} if model is not None else {})}
    list(nlp.tokenizer.pipe(texts[:50]))  # warm Kiwi up
    seg_best = float("inf")
    best = {name: float("inf") for name in configs}
    mentions = {}
    for _ in range(args.repeat):
        t = time.perf_counter()
        docs = list(nlp.tokenizer.pipe(texts, batch_size=256))
        seg_best = min(seg_best, time.perf_counter() - t)
        for name, layer in configs.items():
            rec.model = layer
            if layer is not None and not args.warm:
                layer.crf.clear_caches()
            t = time.perf_counter()
            mentions[name] = sum(len(d._.mentions) for d in rec.pipe(docs, batch_size=args.batch))
            best[name] = min(best[name], time.perf_counter() - t)
    rec.model = model
    chars = sum(map(len, texts))
    print(f"texts {len(texts)}, chars {chars}, best of {args.repeat}")
    print(f"segmentation (Kiwi -> Doc):  {seg_best:.2f} s  ({chars / seg_best / 1000:.1f} k chars/s)")
    for name, secs in best.items():
        print(f"recognition, {name + ':':13} {secs:.2f} s = {secs / seg_best:6.1%} of segmentation"
              f"  ({mentions[name]} mentions; budget 20%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
