"""Whole-process ``kdeal extract`` against a Kiwi-alone process, side by side in one run.

The figure of issue 15 (speed): ``kdeal extract --workers 1`` (CRF on, the
default pipeline) over ≈5,000 news sentences takes at most 1.4× (bar 1.5) the
time of a process that does nothing but import kiwipiepy, load Kiwi's model and
tokenize the same sentences; each worker's peak RSS stays ≤ 800 MB.

Texts: the ≈2,500 KLUE-NER dev sentences in tests/gold/klue-ner (real news
sentences), twice (≈5,000 texts, ≈284k characters; ``--no-double`` for once),
written as JSON lines, the input ``kdeal extract`` reads.

Every measured run is a fresh process started here and waited for with
``wait4``, which gives its wall time, its CPU seconds (user + system, its
workers included) and its peak RSS. One round runs, one after the other:

1. ``kiwi``: Kiwi alone (``Kiwi(model_type="cong", num_workers=1)``, the model
   and thread setting kdeal uses; one ``tokenize`` call per text);
2. ``segment``: the kdeal tokenizer alone (Kiwi → spaCy ``Doc``, no components);
3. ``extract``: ``kdeal -q extract DATA --out DIR --workers 1 --no-progress``.

Rounds are repeated (``--rounds``, default 5) and the ratios are taken within
each round, so a burst of load from other users of the machine hits both sides
of a ratio alike; the table shows the median round. CPU seconds are shown
beside wall seconds: on a shared machine they are the steadier figure. Then
one in-process run with 2 forked workers (benchmarks/bench_pipeline.py's
``extract-2``) gives each worker's peak RSS.

    .venv/bin/python benchmarks/bench_segment.py [--rounds 5] [--before GIT_REF] [--no-double] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import load_texts, measure, write_jsonl  # noqa: E402

PY = sys.executable
TARGET, BAR, RSS_LIMIT = 1.4, 1.5, 800 * 2**20

KIWI_ALONE = """
import json, sys
from kiwipiepy import Kiwi
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
kiwi = Kiwi(model_type="cong", num_workers=1)
for text in texts:
    kiwi.tokenize(text)
"""

SEGMENT_ALONE = """
import json, sys
from kdeal.pipeline.segment import blank_korean
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = blank_korean()
for doc in nlp.tokenizer.pipe(texts, batch_size=64):
    pass
"""


# Put first on the path of a process measured with ``--before``: it drops the editable install's
# finder, so that ``kdeal`` is imported from the exported tree instead.
SITECUSTOMIZE = """import sys
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f)]
"""


def export_tree(ref: str, into: Path) -> dict[str, str]:
    """The source of git ``ref`` laid out as an importable ``kdeal`` package under ``into``;
    returns the environment that makes a child process import it (its cwd must not be the repo)."""
    src = into / "src"
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    pkg = into / "path" / "kdeal"
    pkg.mkdir(parents=True)
    for f in (src / "kdeal").iterdir():
        (pkg / f.name).symlink_to(f)
    (pkg / "pipeline").symlink_to(src / "pipeline")
    (pkg / "extractors").symlink_to(src / "extractors")
    (into / "path" / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    # No PYTHONPYCACHEPREFIX: it moves the byte-code of every module, spaCy's and numpy's too, and
    # with PYTHONDONTWRITEBYTECODE set that made the exported side compile ≈1,600 modules (≈2 s of
    # CPU) in every run. ``byte_compile`` compiles the exported tree instead, as it does the branch.
    byte_compile([pkg], [src / "pipeline", src / "extractors"])
    return {**os.environ, "PYTHONPATH": str(into / "path")}


def byte_compile(flat: list[Path], trees: list[Path]) -> None:
    """Byte-code for kdeal's modules before anything is timed, on both sides alike.

    A wheel install compiles its modules at install time; the editable install does not, and
    where PYTHONDONTWRITEBYTECODE is set (as on the shared machine) every process would compile
    kdeal's ≈70 modules from source again (≈0.3 s of CPU): a cost of the checkout, not of kdeal.
    ``flat``: folders whose own files are compiled (their entries may be symlinks to files);
    ``trees``: folders compiled with their subfolders (``compileall`` skips symlinked folders)."""
    import compileall

    for folder in flat:
        compileall.compile_dir(str(folder), maxlevels=0, quiet=2)
    for folder in trees:
        compileall.compile_dir(str(folder), quiet=2)


def run(args: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> dict:
    """Wall seconds, CPU seconds (with the children it waited for) and peak RSS of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{err[-2000:]}")
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "peak_rss": ru.ru_maxrss * 1024}


def extract_args(data: Path, out: Path) -> list[str]:
    return [PY, "-m", "kdeal.pipeline.cli", "-q", "extract", str(data), "--out", str(out), "--workers", "1",
            "--no-progress"]


def round_of(data: Path, out: Path, before: dict[str, str] | None) -> dict[str, dict]:
    r = {"kiwi": run([PY, "-c", KIWI_ALONE, str(data)]),
         "segment": run([PY, "-c", SEGMENT_ALONE, str(data)]),
         "extract": run(extract_args(data, out))}
    if before is not None:
        r["extract-before"] = run(extract_args(data, out.with_name("out-before")), env=before, cwd=data.parent)
    return r


def mb(x: float) -> str:
    return f"{x / 2**20:,.0f} MB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="rounds of kiwi, segment, extract (median shown)")
    ap.add_argument("--no-double", action="store_true", help="use the ≈2,500 KLUE sentences once")
    ap.add_argument("--no-workers", action="store_true", help="skip the 2-worker RSS measurement")
    ap.add_argument("--before", metavar="GIT_REF", default=None,
                    help="also time `kdeal extract` of this git ref in every round and compare its output "
                         "(e.g. $(git merge-base main HEAD): the code before a branch's changes)")
    ap.add_argument("--json", default=None, help="also write every figure to this file")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N texts (a quick smoke run)")
    args = ap.parse_args()

    texts = load_texts(not args.no_double)[: args.limit]
    tmp = Path(tempfile.mkdtemp(prefix="kdeal-bench-segment-"))
    data = tmp / "klue.jsonl"
    write_jsonl(data, texts)
    print(f"texts: {len(texts):,} KLUE sentences, {sum(map(len, texts)):,} chars; "
          f"cores: {len(os.sched_getaffinity(0))}; load average before: {os.getloadavg()[0]:.1f}")
    before = export_tree(args.before, tmp / "before") if args.before else None
    byte_compile([ROOT / "kdeal"], [ROOT / "pipeline", ROOT / "extractors"])
    modes = ("kiwi", "segment", "extract") + (("extract-before",) if before else ())
    # A short unmeasured round first: byte-code compiled and files in the page cache for every side.
    warm = tmp / "warm.jsonl"
    write_jsonl(warm, texts[:20])
    round_of(warm, tmp / "warm-out", before)
    rounds = []
    for k in range(max(1, args.rounds)):
        r = round_of(data, tmp / "out", before)
        for side in ("wall_s", "cpu_s"):
            r[f"ratio_{side}"] = r["extract"][side] / r["kiwi"][side]
            r[f"segment_{side}"] = r["segment"][side] / r["kiwi"][side]
            if before:
                r[f"before_{side}"] = r["extract-before"][side] / r["kiwi"][side]
        rounds.append(r)
        print(f"  round {k + 1}: " + "  ".join(f"{m} {r[m]['wall_s']:.1f}s wall / {r[m]['cpu_s']:.1f}s CPU"
                                              for m in modes)
              + f"  -> extract/Kiwi {r['ratio_wall_s']:.2f}x wall, {r['ratio_cpu_s']:.2f}x CPU")
    median = sorted(rounds, key=lambda r: r["ratio_wall_s"])[(len(rounds) - 1) // 2]
    fig: dict = {"docs": len(texts), "chars": sum(map(len, texts)), "rounds": rounds,
                 "load_after": os.getloadavg()[0]}
    ratio = {s: statistics.median(r[f"ratio_{s}"] for r in rounds) for s in ("wall_s", "cpu_s")}
    seg = {s: statistics.median(r[f"segment_{s}"] for r in rounds) for s in ("wall_s", "cpu_s")}
    fig.update(ratio=ratio, segment_ratio=seg)
    rows = [
        ("Kiwi alone, whole process (median round)",
         f"{median['kiwi']['wall_s']:.1f}s wall, {median['kiwi']['cpu_s']:.1f}s CPU, {mb(median['kiwi']['peak_rss'])}", ""),
        ("kdeal tokenizer alone (Kiwi → Doc), whole process",
         f"{median['segment']['wall_s']:.1f}s wall, {median['segment']['cpu_s']:.1f}s CPU", ""),
        ("`kdeal extract --workers 1`, whole process",
         f"{median['extract']['wall_s']:.1f}s wall, {median['extract']['cpu_s']:.1f}s CPU, "
         f"{mb(median['extract']['peak_rss'])}", ""),
        ("segment / Kiwi alone (median of rounds)", f"{seg['wall_s']:.2f}× wall, {seg['cpu_s']:.2f}× CPU", ""),
        ("**extract / Kiwi alone** (median of rounds)", f"**{ratio['wall_s']:.2f}× wall**, {ratio['cpu_s']:.2f}× CPU",
         f"≤ {TARGET}× (bar {BAR}×)"),
        ("extract / Kiwi alone, every round (wall)", ", ".join(f"{r['ratio_wall_s']:.2f}" for r in rounds), ""),
        ("extract / Kiwi alone, every round (CPU)", ", ".join(f"{r['ratio_cpu_s']:.2f}" for r in rounds), ""),
    ]
    if before:
        prior = {s: statistics.median(r[f"before_{s}"] for r in rounds) for s in ("wall_s", "cpu_s")}
        fig["before_ratio"] = prior
        rows.append((f"`kdeal extract` of {args.before} / Kiwi alone, same rounds (median)",
                     f"{prior['wall_s']:.2f}× wall, {prior['cpu_s']:.2f}× CPU", ""))
        same = all((tmp / d / n).read_bytes() == (tmp / "out" / n).read_bytes()
                   for d in ("out-before",) for n in ("mentions.jsonl", "deals.jsonl", "deals.csv"))
        rows.append((f"output identical to {args.before}'s", "yes" if same else "NO", "yes"))
    if not args.no_workers:
        two = measure("extract-2", data)
        fig["extract-2"] = two
        peaks = two.get("worker_peak_rss") or []
        rows.append(("peak RSS per worker, 2 forked workers", ", ".join(mb(x) for x in peaks) + " (private "
                     + ", ".join(mb(x) for x in two.get("worker_private") or []) + ")",
                     f"≤ {mb(RSS_LIMIT)}" + ("" if all(p <= RSS_LIMIT for p in peaks) else " — OVER")))
    print(f"\nload average after: {fig['load_after']:.1f}\n")
    print("| measure | value | target |\n|---|---|---|")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")
    fig["table"] = rows
    if args.json:
        Path(args.json).write_text(json.dumps(fig, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
