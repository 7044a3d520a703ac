"""Parse quality and speed on the real fixture pages, side by side with trafilatura alone.

For every page with an expected body (fundus, goose3, article-extraction-
benchmark files beside it) prints body token F1 and parse time for kdeal's
parser and for plain ``trafilatura.extract``, measured in the same run, then
the means. Parse time covers decoding, body, metadata and the date search.

    .venv/bin/python benchmarks/bench_parse.py [FIXTURES_DIR] [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kdeal.pipeline.decode import decode_bytes  # noqa: E402
from kdeal.pipeline.parse import parse_response  # noqa: E402
from kdeal.pipeline.parse.quality import expected_bodies, token_f1  # noqa: E402


def _best_time(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fixtures", nargs="?", default=str(ROOT / "tests" / "fixtures" / "html"))
    ap.add_argument("--repeat", type=int, default=3, help="runs per page; the fastest is reported")
    args = ap.parse_args()
    import trafilatura

    cases = expected_bodies(args.fixtures)
    if not cases:
        print(f"no pages with expected bodies in {args.fixtures}", file=sys.stderr)
        return 1
    ours_f1, base_f1, ours_t, base_t = [], [], [], []
    print(f"{'page':48} {'kdeal F1':>8} {'ms':>7} {'trafilatura F1':>14} {'ms':>7}")
    for case in cases:
        data = case.page.read_bytes()
        url = case.url or f"file:///{case.page.name}"
        t, articles = _best_time(lambda: parse_response(data, url, "text/html"), args.repeat)
        f1 = token_f1(articles[0].text, case.body).f1
        html = decode_bytes(data).text
        bt, text = _best_time(lambda: trafilatura.extract(html, url=case.url, include_comments=False,
                                                          include_tables=False) or "", args.repeat)
        bf1 = token_f1(text, case.body).f1
        ours_f1.append(f1), base_f1.append(bf1), ours_t.append(t), base_t.append(bt)
        print(f"{case.page.name[:48]:48} {f1:8.3f} {t * 1000:7.1f} {bf1:14.3f} {bt * 1000:7.1f}")
    print(f"{'mean':48} {statistics.mean(ours_f1):8.3f} {statistics.mean(ours_t) * 1000:7.1f} "
          f"{statistics.mean(base_f1):14.3f} {statistics.mean(base_t) * 1000:7.1f}")
    print(f"{'min':48} {min(ours_f1):8.3f} {'':7} {min(base_f1):14.3f}")
    print(f"pages: {len(cases)}; time ratio kdeal/trafilatura: {sum(ours_t) / sum(base_t):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
