"""Ingest speed by fetch concurrency, against several polite hosts (issue 17).

Four news sites on 127.0.0.2-127.0.0.5 (real HTTP servers in this process,
``tests/hostsupport.py``), six articles each, every answer 0.25 s late; the
sources file asks for a 0.6 s delay per host. Politeness limits each host,
so one host at a time takes at least 24 x (0.25 + 0.6) s = 20.4 s. Each
measurement runs in a fresh process (its CPU seconds and peak RSS are its
own; the servers' work stays here), the settings alternated side by side in
one run:

- ``fetch``: the fetch stage alone (``OrderedFetch`` over the 24 article URLs);
- ``ingest``: the whole ``ingest()`` (4 feeds, 24 pages, extraction and a
  SQLite database), the pipeline loaded before the clock starts.

The servers record when each request arrived, and the script reports the
shortest gap any host saw between two requests, which must not be below
the delay.

    .venv/bin/python benchmarks/bench_ingest.py [--repeat 2] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostsupport import MultiSite, multi_sources  # noqa: E402

HOSTS, PAGES, LATENCY, DELAY = 4, 6, 0.25, 0.6
# (label, concurrency, max_ahead): "one host at a time" is strictly one page after another in input
# order, as ingest fetched before; the others read up to 256 pages ahead and pick among hosts.
SETTINGS = (("1, in order", 1, 1), ("1", 1, 256), ("2", 2, 256), ("4", 4, 256), ("8", 8, 256))


def _usage() -> dict[str, float]:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": ru.ru_utime + ru.ru_stime, "peak_rss_mb": ru.ru_maxrss / 1024}


def child(mode: str, concurrency: int, sources: str, urls: list[str], companies: str) -> dict:
    """One measurement, in its own process."""
    from kdeal.pipeline.sources import load_sources

    config = load_sources(sources)
    if mode == "fetch":
        from kdeal.pipeline.fetch import Fetcher
        from kdeal.pipeline.fetch.scheduler import OrderedFetch, Request

        cpu0, t0 = _usage()["cpu_s"], time.perf_counter()
        crawl = OrderedFetch(Fetcher(config.policy), concurrency, max_ahead=config.policy.max_ahead)
        results = list(crawl.run(urls, Request))
        seconds = time.perf_counter() - t0
        ok = sum(1 for _, r in results if r.ok)
    else:
        from kdeal.pipeline.ingest import ingest
        from kdeal.pipeline.nlp import get_nlp
        from kdeal.pipeline.options import ExtractOptions
        from kdeal.pipeline.runners.local import _warm

        options = ExtractOptions(company_files=(companies,))
        _warm(get_nlp(options))  # Kiwi's first analysis costs ≈2 s of set-up: not the crawl's time
        with tempfile.TemporaryDirectory() as tmp:
            cpu0, t0 = _usage()["cpu_s"], time.perf_counter()
            summary = ingest(config, f"sqlite:///{tmp}/t.sqlite", options=options, show_progress=False,
                             concurrency=concurrency, workers=1)
            seconds = time.perf_counter() - t0
        ok = summary.documents
    usage = _usage()
    return {"mode": mode, "concurrency": concurrency, "seconds": seconds, "pages": ok,
            "pages_per_s": ok / seconds, "cpu_s": usage["cpu_s"] - cpu0, "peak_rss_mb": usage["peak_rss_mb"]}


def measure(site: MultiSite, mode: str, setting: tuple[str, int, int], tmp: Path) -> dict:
    label, concurrency, max_ahead = setting
    src = multi_sources(tmp, site, delay=DELAY, concurrency=concurrency, robots=False, max_ahead=max_ahead)
    urls = [f"{site.base(n)}/news/{i}" for n in range(HOSTS) for i in range(PAGES)]
    site.hits.clear()
    from sitesupport import write_companies

    companies = write_companies(tmp)
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(concurrency), str(src), json.dumps(urls),
                          str(companies)], capture_output=True, text=True, check=True, cwd=ROOT)
    row = json.loads(out.stdout.strip().splitlines()[-1])
    row["min_gap_s"] = site.min_gap()
    row["setting"] = label
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", default=None)
    ap.add_argument("--child", nargs=5, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, conc, src, urls, companies = args.child
        print(json.dumps(child(mode, int(conc), src, json.loads(urls), companies)))
        return
    site = MultiSite(hosts=HOSTS, pages=PAGES, latency=LATENCY).start()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for rep in range(args.repeat):
                for mode in ("fetch", "ingest"):
                    for setting in SETTINGS:
                        row = measure(site, mode, setting, Path(tmp))
                        row["repeat"] = rep
                        rows.append(row)
                        print(json.dumps(row), flush=True)
    finally:
        site.stop()
    floor = HOSTS * PAGES * (LATENCY + DELAY)
    print(f"\n{HOSTS} hosts x {PAGES} pages, {LATENCY}s latency, {DELAY}s delay per host; one host at a time "
          f"takes at least {floor:.1f}s; {os.cpu_count()} CPUs (shared)")
    print(f"{'mode':<7} {'concurrency':>12} {'seconds':>8} {'pages/s':>8} {'speed-up':>8} {'CPU s':>6} "
          f"{'peak RSS MB':>11} {'min gap s':>9}")
    for mode in ("fetch", "ingest"):
        base = {r["repeat"]: r["seconds"] for r in rows if r["mode"] == mode and r["setting"] == SETTINGS[0][0]}
        for r in (r for r in rows if r["mode"] == mode):
            print(f"{mode:<7} {r['setting']:>12} {r['seconds']:>8.2f} {r['pages_per_s']:>8.2f} "
                  f"{base[r['repeat']] / r['seconds']:>7.2f}x {r['cpu_s']:>6.2f} {r['peak_rss_mb']:>11.0f} "
                  f"{r['min_gap_s']:>9.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
