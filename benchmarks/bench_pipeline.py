"""Throughput and memory of the whole pipeline against Kiwi alone, measured in one run.

Texts: the ≈2,500 KLUE-NER dev sentences in tests/gold/klue-ner (real news
sentences), doubled to ≈5,000 with ``--double`` (the default). Every figure
comes from fresh processes started by this script, one after another, on the
same texts, so the ratios are side by side:

1. Kiwi alone: a process that loads Kiwi and tokenizes every text, one call
   per text on one thread (whole-process time and steady-state chars/s).
2. Kiwi, threaded iterable API (``tokenize(iterable)`` with its own threads),
   and two Kiwi-alone processes at once: the speed-up the machine itself gives
   to a second process (the ceiling for any 2-worker figure).
3. Segmentation: Kiwi → spaCy ``Doc`` (the kdeal tokenizer, no extractors).
4. ``kdeal extract --workers 1`` and ``--workers 2`` as whole processes
   (reading JSONL, extraction, writing JSONL/CSV), plus the in-process
   steady-state rate and peak RSS per worker reported by the runner.
5. Memory: peak RSS of ``kdeal extract --workers 1`` on 1,000 and on 20,000
   synthetic documents made of real sentences drawn at random
   (``--mem-sentences`` per document, default 1).

    .venv/bin/python benchmarks/bench_pipeline.py [--no-double] [--mem-docs 1000,20000] [--json FILE]

Nothing here is asserted: targets are printed beside the measurements.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KLUE = ROOT / "tests" / "gold" / "klue-ner" / "klue-ner-v1.1_dev_even.tsv"
PY = sys.executable
KDEAL = [PY, "-m", "pipeline.cli"]


def load_texts(double: bool) -> list[str]:
    from pipeline.evaluate import read_klue

    texts = [s.text for s in read_klue(KLUE)]
    return texts + texts if double else texts


def write_jsonl(path: Path, texts: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"id": f"doc{i}", "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))


def run_child(args: list[str]) -> tuple[float, str]:
    """Wall seconds and stdout of a child process."""
    t0 = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, cwd=ROOT, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {' '.join(args)}\n{proc.stderr[-2000:]}")
    return wall, proc.stdout


def child_main(mode: str, data: str) -> None:
    """One measurement inside a fresh process; prints a JSON line."""
    with open(data, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    chars = sum(map(len, texts))
    t_start = time.perf_counter()
    out: dict = {"mode": mode, "docs": len(texts), "chars": chars}
    if mode in ("kiwi", "kiwi-threads"):
        from kiwipiepy import Kiwi

        kiwi = Kiwi(num_workers=2 if mode == "kiwi-threads" else 1)
        kiwi.tokenize("모델을 읽어 둔다.")  # most of Kiwi's set-up happens on first use
        out["load_s"] = time.perf_counter() - t_start
        t0 = time.perf_counter()
        if mode == "kiwi":
            for t in texts:
                kiwi.tokenize(t)
        else:
            for _ in kiwi.tokenize(iter(texts)):
                pass
        out["run_s"] = time.perf_counter() - t0
    elif mode == "segment":
        from pipeline.segment import blank_korean

        nlp = blank_korean()
        nlp.tokenizer("모델을 읽어 둔다.")
        out["load_s"] = time.perf_counter() - t_start
        t0 = time.perf_counter()
        for _ in nlp.tokenizer.pipe(texts, batch_size=64):
            pass
        out["run_s"] = time.perf_counter() - t0
    elif mode.startswith("extract-"):
        from pipeline.options import ExtractOptions
        from pipeline.records import Article
        from pipeline.runners.local import LocalRunner

        workers = int(mode.split("-")[1])
        runner = LocalRunner(ExtractOptions(), workers=workers)
        if workers == 1:
            from pipeline.nlp import get_nlp

            runner.nlp = get_nlp(ExtractOptions())
            runner.nlp.tokenizer("모델을 읽어 둔다.")
            out["load_s"] = time.perf_counter() - t_start
        items = (Article(doc_id=f"doc{i}", text=t) for i, t in enumerate(texts))
        t0 = time.perf_counter()
        n, first = 0, None
        for _ in runner.run(items):
            n += 1
            if first is None:
                first = time.perf_counter()
        end = time.perf_counter()
        out["run_s"] = end - t0  # with workers > 1: includes their start-up (a Kiwi load each)
        # After the first result every worker is (nearly) ready: the rate a long run settles at.
        out["after_first_s"] = end - (first or end)
        out["results"] = n
        out["worker_peak_rss"] = sorted(runner.stats.peak_rss.values())
    out["total_s"] = time.perf_counter() - t_start
    out["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(out))


def measure(mode: str, data: Path) -> dict:
    wall, out = run_child([PY, __file__, "--child", mode, str(data)])
    res = json.loads(out.strip().splitlines()[-1])
    res["wall_s"] = wall
    return res


def cli_extract(data: Path, out: Path, workers: int) -> dict:
    """Whole-process ``kdeal extract``: wall time and peak RSS of the process tree's largest member."""
    args = [*KDEAL, "-q", "extract", str(data), "--out", str(out), "--workers", str(workers), "--no-progress"]
    log = out.with_suffix(".log")
    t0 = time.perf_counter()
    with open(log, "wb") as err:
        proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        # wait4's ru_maxrss covers the child and the descendants it waited for (its workers)
        _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"kdeal extract failed ({proc.returncode}): {log.read_text()[-2000:]}")
    return {"wall_s": wall, "peak_rss": ru.ru_maxrss * 1024}


def synthetic(texts: list[str], n: int, per_doc: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    base = list(dict.fromkeys(texts))
    return [" ".join(rng.choice(base) for _ in range(per_doc)) for _ in range(n)]


def mb(x: float) -> str:
    return f"{x / 2**20:,.0f} MB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=2, metavar=("MODE", "DATA"), help=argparse.SUPPRESS)
    ap.add_argument("--no-double", action="store_true", help="use the ≈2,500 KLUE sentences once")
    ap.add_argument("--mem-docs", default="1000,20000", help="document counts for the memory check")
    ap.add_argument("--mem-sentences", type=int, default=1, help="sentences per synthetic document")
    ap.add_argument("--json", default=None, help="also write all figures to this file")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N texts (a quick smoke run)")
    args = ap.parse_args()
    if args.child:
        child_main(*args.child)
        return 0

    texts = load_texts(not args.no_double)[: args.limit]
    chars = sum(map(len, texts))
    tmp = Path(tempfile.mkdtemp(prefix="kdeal-bench-"))
    data = tmp / "klue.jsonl"
    write_jsonl(data, texts)
    print(f"texts: {len(texts):,} KLUE sentences, {chars:,} chars; cores: {len(os.sched_getaffinity(0))}; "
          f"load average before: {os.getloadavg()[0]:.1f}")
    fig: dict = {"docs": len(texts), "chars": chars}
    for mode in ("kiwi", "kiwi-threads", "segment", "extract-1", "extract-2"):
        fig[mode] = measure(mode, data)
        r = fig[mode]
        print(f"  {mode:13s} run {r['run_s']:6.1f}s  {chars / r['run_s']:9,.0f} chars/s  "
              f"{len(texts) / r['run_s']:7,.0f} docs/s  whole process {r['wall_s']:6.1f}s  "
              f"peak RSS {mb(r['peak_rss'])}" +
              (f"  workers {', '.join(mb(x) for x in r['worker_peak_rss'])}" if r.get("worker_peak_rss") else ""))
    # The machine's own ceiling: two Kiwi-alone processes side by side against one. On a
    # shared or throttled host this is what any 2-worker figure must be read against.
    pair = [subprocess.Popen([PY, __file__, "--child", "kiwi", str(data)], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT) for _ in range(2)]
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in pair]
    fig["kiwi-pair"] = outs
    ceiling = 2 * fig["kiwi"]["run_s"] / max(o["run_s"] for o in outs)
    print(f"  2 Kiwi-alone processes at once: run {max(o['run_s'] for o in outs):.1f}s each "
          f"-> machine ceiling {ceiling:.2f}x of one")
    for w in (1, 2):
        fig[f"cli-{w}"] = cli_extract(data, tmp / f"out{w}", w)
        print(f"  kdeal extract --workers {w}: whole process {fig[f'cli-{w}']['wall_s']:.1f}s, "
              f"largest process {mb(fig[f'cli-{w}']['peak_rss'])}")
    same = all((tmp / "out1" / n).read_bytes() == (tmp / "out2" / n).read_bytes()
               for n in ("mentions.jsonl", "deals.jsonl", "deals.csv"))
    mem = {}
    for n in (int(x) for x in args.mem_docs.split(",")):
        p = tmp / f"mem{n}.jsonl"
        write_jsonl(p, synthetic(texts, n, args.mem_sentences))
        mem[n] = cli_extract(p, tmp / f"mem{n}", 1)
        print(f"  memory: {n:,} docs: peak RSS {mb(mem[n]['peak_rss'])} ({mem[n]['wall_s']:.1f}s)")
    fig["memory"] = mem

    k, k2, seg, e1, e2 = (fig[m] for m in ("kiwi", "kiwi-threads", "segment", "extract-1", "extract-2"))
    ratio_whole = fig["cli-1"]["wall_s"] / k["wall_s"]
    ratio_steady = e1["run_s"] / k["run_s"]
    scale = fig["cli-1"]["wall_s"] / fig["cli-2"]["wall_s"]
    scale_steady = e1["run_s"] / e2["run_s"]
    ns = sorted(mem)
    drift = (mem[ns[-1]]["peak_rss"] - mem[ns[0]]["peak_rss"]) / mem[ns[0]]["peak_rss"] if len(ns) > 1 else 0.0
    rows = [
        ("Kiwi alone, 1 thread (steady)", f"{chars / k['run_s']:,.0f} chars/s, {len(texts) / k['run_s']:,.0f} docs/s", ""),
        ("Kiwi alone, threaded iterable", f"{chars / k2['run_s']:,.0f} chars/s", ""),
        ("Kiwi → spaCy Doc (segment)", f"{chars / seg['run_s']:,.0f} chars/s", ""),
        ("extract, 1 worker (steady)", f"{chars / e1['run_s']:,.0f} chars/s, {len(texts) / e1['run_s']:,.0f} docs/s", ""),
        ("pipeline / Kiwi, steady state", f"{ratio_steady:.2f}×", "≤ 1.5×"),
        ("pipeline / Kiwi, whole process", f"{fig['cli-1']['wall_s']:.1f}s / {k['wall_s']:.1f}s = {ratio_whole:.2f}×",
         "≤ 1.5×"),
        ("machine ceiling: 2 Kiwi-alone processes / 1", f"{ceiling:.2f}×", "(what 2 cores give here)"),
        ("2 workers / 1 worker, whole process", f"{scale:.2f}×", "≥ 1.7×"),
        ("2 workers / 1 worker, in-process run incl. worker start-up", f"{scale_steady:.2f}×", "≥ 1.7×"),
        ("2 workers / 1 worker, after the first result", f"{e1['after_first_s'] / e2['after_first_s']:.2f}×",
         "≥ 1.7×"),
        ("peak RSS per worker", ", ".join(mb(x) for x in e2["worker_peak_rss"]) or mb(e1["peak_rss"]), "≤ 800 MB"),
        (f"peak RSS {ns[0]:,} → {ns[-1]:,} docs", f"{mb(mem[ns[0]]['peak_rss'])} → {mb(mem[ns[-1]]['peak_rss'])} "
         f"({drift:+.1%})", "±10%"),
        ("--workers 2 output identical to --workers 1", "yes" if same else "NO", "yes"),
    ]
    print(f"\nload average after: {os.getloadavg()[0]:.1f}\n")
    print("| measure | value | target |\n|---|---|---|")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")
    fig["table"] = rows
    if args.json:
        Path(args.json).write_text(json.dumps(fig, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
