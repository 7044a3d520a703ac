"""Documents per second written to the tracker database: SQLite file vs PostgreSQL, side by side.

Writes the same synthetic DocResults (made-up companies, 8 mentions and 2
deals per document, a third of the deals reported again by a later document
so the merge path runs) through ``DbSink`` - one transaction per document -
into a fresh SQLite file and a fresh PostgreSQL database, then reruns the
same input (every document unchanged) to time the idempotent path.
Extraction is not involved: this measures the store only.

    .venv/bin/python benchmarks/bench_db.py [--docs 2000] [--pg postgresql+psycopg://postgres@127.0.0.1:5432]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kdeal.pipeline.db import DbSink  # noqa: E402

from kdeal.records import (  # noqa: E402
    Article,
    Deal,
    DocResult,
    Evidence,
    Mention,
    Party,
    Source,
    make_deal_id,
)

NAMES = [f"{a}{b}" for a in ("가온", "누리", "다솜", "라온", "마루", "바다", "사랑", "아라") for b in
         ("테크", "바이오", "소재", "에너지", "식품", "물산")]


def make_docs(n: int) -> list[DocResult]:
    out = []
    for i in range(n):
        doc_id = f"bench-{i:06d}"
        sents, mentions, deals = [], [], []
        pos = 0
        for k in range(2):
            j = (i // 3 if k == 0 else i) * 7 + k  # k == 0: the same pair as two other documents
            a, b = NAMES[j % len(NAMES)], NAMES[(j * 5 + 3) % len(NAMES)]
            if a == b:
                b = NAMES[(j + 1) % len(NAMES)]
            s = f"{a}는 {b}와 공동개발 협약을 맺었다. {a}와 {b}는 협력한다. "
            for name in (a, b):
                for start in (s.index(name), s.rindex(name)):
                    mentions.append(Mention(doc_id, pos + start, pos + start + len(name), name, name, "company"))
            parties = (Party(a, a, "company", "a"), Party(b, b, "company", "b"))
            ev = Evidence(s.strip(), pos, pos + len(s.strip()))
            deals.append((parties, ev))
            sents.append(s)
            pos += len(s)
        text = "".join(sents)
        art = Article(doc_id=doc_id, text=text, url=f"https://bench.example.kr/{i}",
                      published=f"2026-{(i // 3) % 12 + 1:02d}-{(i // 3) % 28 + 1:02d}")
        ds = tuple(Deal(make_deal_id(doc_id, "partnership", p, None, ev.start), doc_id, "partnership", "done", p,
                        ev, source=Source.of(art)) for p, ev in deals)
        out.append(DocResult(article=art, mentions=tuple(sorted(set(mentions), key=lambda m: m.start)), deals=ds))
    return out


def timed_write(url: str, docs: list[DocResult]) -> float:
    sink = DbSink(url, command="bench")
    t0 = time.perf_counter()
    for r in docs:
        sink.write(r)
    elapsed = time.perf_counter() - t0
    sink.close(True)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--pg", default=os.environ.get("KDEAL_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432"))
    args = ap.parse_args()
    docs = make_docs(args.docs)
    targets: list[tuple[str, str]] = []
    tmp = tempfile.TemporaryDirectory()
    targets.append(("sqlite", f"sqlite:///{Path(tmp.name) / 'bench.sqlite'}"))
    admin = sa.create_engine(f"{args.pg}/postgres", isolation_level="AUTOCOMMIT")
    pg_name = f"kdeal_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as c:
            c.exec_driver_sql(f'CREATE DATABASE "{pg_name}"')
        targets.append(("postgresql", f"{args.pg}/{pg_name}"))
    except sa.exc.OperationalError as e:
        print(f"PostgreSQL skipped: {str(e).splitlines()[0]}")
    try:
        print(f"{args.docs} documents, 1 transaction each; {sum(len(d.mentions) for d in docs)} mentions, "
              f"{sum(len(d.deals) for d in docs)} deal reports")
        print(f"{'database':<12}{'first write docs/s':>20}{'rerun (unchanged) docs/s':>28}{'deals':>8}{'evidence':>10}")
        for name, url in targets:
            first = timed_write(url, docs)
            rerun = timed_write(url, docs)
            eng = sa.create_engine(url)
            with eng.connect() as c:
                deals = c.exec_driver_sql("SELECT count(*) FROM deals").scalar()
                ev = c.exec_driver_sql("SELECT count(*) FROM deal_evidence").scalar()
            eng.dispose()
            print(f"{name:<12}{args.docs / first:>20.0f}{args.docs / rerun:>28.0f}{deals:>8}{ev:>10}")
    finally:
        tmp.cleanup()
        if any(n == "postgresql" for n, _ in targets):
            with admin.connect() as c:
                c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
