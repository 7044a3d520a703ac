"""Cost of quantities and deal assembly beside Kiwi segmentation, measured in one run.

The relation layer should stay a small fraction of segmentation. For the seed
column (with its gold mentions standing in for the recogniser, so recognition
cost is left out) and for the KLUE-NER sentences (many short texts, no names),
prints milliseconds per document for segmentation, ``kdeal_quantities`` and
``kdeal_deals``, and each component's time as a ratio of segmentation.

    .venv/bin/python benchmarks/bench_relations.py [--repeat 20] [--klue 1000]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kdeal.extractors.deals import DealAssembler
from kdeal.extractors.quantities import QuantityRecognizer
from kdeal.pipeline.evaluate import read_klue
from kdeal.pipeline.segment import blank_korean

from kdeal.records import Article, Mention


def measure(nlp, texts: list[str], mentions: list[tuple[Mention, ...]], repeat: int) -> dict[str, float]:
    quantities, deals = QuantityRecognizer(), DealAssembler()
    seg = qty = rel = 0.0
    n_deals = 0
    for _ in range(repeat):
        for i, (text, ms) in enumerate(zip(texts, mentions)):
            t0 = time.perf_counter()
            doc = nlp.tokenizer(text)
            t1 = time.perf_counter()
            doc._.article = Article(doc_id=f"b{i}", text=text)
            doc._.mentions = ms
            quantities(doc)
            t2 = time.perf_counter()
            deals(doc)
            t3 = time.perf_counter()
            seg, qty, rel = seg + t1 - t0, qty + t2 - t1, rel + t3 - t2
            n_deals += len(doc._.deals)
    docs = repeat * len(texts)
    return {"docs": docs, "seg_ms": 1000 * seg / docs, "qty_ms": 1000 * qty / docs, "deals_ms": 1000 * rel / docs,
            "qty_ratio": qty / seg, "deals_ratio": rel / seg, "deals_per_doc": n_deals / docs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--klue", type=int, default=1000, help="KLUE sentences to use (0 to skip)")
    args = ap.parse_args()
    nlp = blank_korean()
    nlp.tokenizer("워밍업 문장입니다.")  # Kiwi builds itself on first use; keep that out of the timings
    gold = json.loads((ROOT / "tests/gold/seed/gold.json").read_text(encoding="utf-8"))
    text = (ROOT / "tests/gold/seed/article.txt").read_text(encoding="utf-8")
    ms = tuple(Mention("seed", m["start"], m["end"], m["text"], m["canonical"], m["kind"]) for m in gold["mentions"])
    rows = [("seed column, gold mentions", measure(nlp, [text], [ms], args.repeat))]
    klue = ROOT / "tests/gold/klue-ner/klue-ner-v1.1_dev_even.tsv"
    if args.klue and klue.is_file():
        sents = [s.text for s in read_klue(klue)][:args.klue]
        rows.append((f"KLUE-NER sentences, no names (x{len(sents)})", measure(nlp, sents, [()] * len(sents), 1)))
    print(f"{'corpus':40} {'docs':>6} {'seg ms':>8} {'qty ms':>8} {'deals ms':>9} {'qty/seg':>8} {'deals/seg':>9}")
    for name, r in rows:
        print(f"{name:40} {r['docs']:>6} {r['seg_ms']:>8.2f} {r['qty_ms']:>8.2f} {r['deals_ms']:>9.2f} "
              f"{r['qty_ratio']:>8.3f} {r['deals_ratio']:>9.3f}")


if __name__ == "__main__":
    main()
