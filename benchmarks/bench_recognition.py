"""How much company recognition adds to segmentation, measured side by side in one run.

    .venv/bin/python benchmarks/bench_recognition.py [--limit N] [--repeat 3]

The same KLUE-NER sentences (tests/gold/klue-ner) are segmented by Kiwi
(tokenizer only) and then, separately timed, passed through the
``kdeal_companies`` component (rules, and the CRF when its file is bundled).
Both stages run in this process on the same warm pipeline, alternating, and
the best of ``--repeat`` rounds is kept for each. Budget: recognition ≤ 20% of
segmentation time.
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
    ap.add_argument("--model", default="none", help='"none" (rules only, the default pipeline), "bundled" or a CRF path')
    args = ap.parse_args()
    texts = [s.text for s in read_klue(REPO / "tests/gold/klue-ner/klue-ner-v1.1_dev_even.tsv")][:args.limit]
    nlp = build_nlp(ExtractOptions(components=()))
    nlp.add_pipe("kdeal_companies", config={"model": args.model})
    rec = nlp.get_pipe("kdeal_companies")
    list(nlp.tokenizer.pipe(texts[:50]))  # warm Kiwi up
    seg_best = rec_best = float("inf")
    mentions = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        docs = list(nlp.tokenizer.pipe(texts, batch_size=256))
        seg_best = min(seg_best, time.perf_counter() - t)
        t = time.perf_counter()
        mentions = sum(len(rec(d)._.mentions) for d in docs)
        rec_best = min(rec_best, time.perf_counter() - t)
    chars = sum(map(len, texts))
    print(f"texts {len(texts)}, chars {chars}, mentions {mentions}, model {'on' if rec.model else 'off'}")
    print(f"segmentation (Kiwi -> Doc):  {seg_best:.2f} s  ({chars / seg_best / 1000:.1f} k chars/s)")
    print(f"recognition (kdeal_companies): {rec_best:.2f} s")
    print(f"recognition / segmentation:   {rec_best / seg_best:.1%}  (budget 20%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
