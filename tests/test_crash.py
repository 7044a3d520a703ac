"""Crash safety: SIGKILL mid-run, and a PostgreSQL connection dropped mid-transaction.

Either way the rerun must end with exactly the rows of an uninterrupted run.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from dbsupport import count_rows, db_url, pg_session_url, reset_pg, snapshot  # noqa: F401
from kdeal.pipeline.api import drive
from kdeal.pipeline.db import DbSink
from recordsupport import doc
from sitesupport import josa

from kdeal.errors import KdealError

KDEAL = [sys.executable, "-m", "kdeal.pipeline.cli"]
NAMES = ["가온테크", "누리바이오", "다솜로보틱스", "라온소재", "마루에너지", "바다식품", "사랑물산", "아라모빌리티"]
N_DOCS = 240


def _corpus(folder: Path) -> tuple[Path, Path]:
    """Many small press-release style documents about made-up companies (listed in a --companies file)."""
    folder.mkdir(parents=True, exist_ok=True)
    companies = folder / "companies.csv"
    companies.write_text("name,kind\n" + "".join(f"{n},company\n" for n in NAMES), encoding="utf-8")
    docs = folder / "docs.jsonl"
    with docs.open("w", encoding="utf-8") as f:
        for i in range(N_DOCS):
            a, b = NAMES[i % 8], NAMES[(i * 3 + 1) % 8]
            text = (f"{josa(a, '은', '는')} {josa(b, '과', '와')} 신소재 공동개발 업무협약을 체결했다고 "
                    f"{i % 28 + 1}일 밝혔다. {josa(a, '과', '와')} {josa(b, '은', '는')} {2027 + i % 3}년까지 "
                    f"협력한다. 두 회사는 {i % 20 + 3}개 협력사와도 손잡았다.")
            f.write(json.dumps({"id": f"release-{i:04d}", "text": text, "url": f"https://press.example.kr/{i}",
                                "published": f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}"}, ensure_ascii=False) + "\n")
    return docs, companies


def _extract(docs: Path, companies: Path, out: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen(KDEAL + ["extract", str(docs), "--out", str(out), "--db", url,
                                     "--companies", str(companies), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=Path(__file__).parent.parent)


_baseline: dict[str, dict] = {}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _corpus(tmp_path_factory.mktemp("crash-corpus"))


@pytest.fixture(scope="module")
def uninterrupted(corpus, tmp_path_factory):
    """The rows of one uninterrupted run (into a SQLite file), computed once for the module."""
    tmp = tmp_path_factory.mktemp("baseline")
    url = f"sqlite:///{tmp / 'baseline.sqlite'}"
    p = _extract(*corpus, tmp / "out", url)
    _out, err = p.communicate(timeout=600)
    assert p.returncode == 0, err.decode()
    snap = snapshot(url)
    assert len(snap["documents"]) == N_DOCS and len(snap["deal_evidence"]) > N_DOCS // 2
    return snap


@pytest.mark.slow
def test_a_run_killed_with_sigkill_then_rerun_has_exactly_the_rows_of_an_uninterrupted_run(
        db_url, corpus, uninterrupted, tmp_path):
    p = _extract(*corpus, tmp_path / "killed", db_url)
    deadline = time.monotonic() + 900
    written = 0
    while time.monotonic() < deadline and p.poll() is None:
        try:
            written = count_rows(db_url, "documents")
        except sa.exc.SQLAlchemyError:
            written = 0  # schema not created yet
        if written >= 20:
            break
        time.sleep(0.05)
    assert p.poll() is None, "the run ended before it could be killed"
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    partial = count_rows(db_url, "documents")
    assert 20 <= partial < N_DOCS
    # The killed run's row stays 'running': it never got to say otherwise.
    eng = sa.create_engine(db_url)
    with eng.connect() as c:
        assert c.execute(sa.text("SELECT status FROM runs")).scalars().all() == ["running"]
    eng.dispose()

    rerun = _extract(*corpus, tmp_path / "rerun", db_url)
    _out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err.decode()
    assert snapshot(db_url) == uninterrupted
    eng = sa.create_engine(db_url)
    with eng.connect() as c:
        ok = c.execute(sa.text("SELECT documents, unchanged FROM runs WHERE status = 'ok'")).one()
        statuses = c.execute(sa.text("SELECT status FROM runs ORDER BY run_id")).scalars().all()
    eng.dispose()
    assert statuses == ["abandoned", "ok"]  # the rerun saw the killed run's process was gone
    assert ok[0] + ok[1] == N_DOCS and ok[1] == partial


def _results():
    out = []
    for i in range(30):
        out.append(doc(f"d{i:02d}", [(NAMES[i % 8], "a"), (NAMES[(i + 3) % 8], "b")],
                       published=f"2026-05-{i % 28 + 1:02d}", url=f"https://e.kr/{i}"))
    return out


@pytest.mark.postgres
def test_a_postgresql_connection_dropped_mid_transaction_fails_the_run_cleanly_and_the_rerun_completes(tmp_path):
    url = pg_session_url()
    reset_pg(url)
    baseline = f"sqlite:///{tmp_path / 'baseline.sqlite'}"
    drive(iter(_results()), DbSink(baseline))

    sink = DbSink(url, command="doomed")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    statements = {"n": 0}

    @sa.event.listens_for(sink.engine, "before_cursor_execute")
    def _kill_backend(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO MENTIONS"):
            statements["n"] += 1
            if statements["n"] == 11:  # inside the 11th document's transaction
                pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
                with admin.connect() as a:
                    a.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})

    with pytest.raises(KdealError, match="database write failed for d10"):
        drive(iter(_results()), sink)
    admin.dispose()
    assert count_rows(url, "documents") == 10
    assert count_rows(url, "mentions") == 20  # nothing half-written for d10
    eng = sa.create_engine(url)
    with eng.connect() as c:
        assert c.execute(sa.text("SELECT status, documents FROM runs")).one() == ("failed", 10)
    eng.dispose()

    summary = drive(iter(_results()), DbSink(url, command="rerun"))
    assert summary.documents == 30
    assert snapshot(url) == snapshot(baseline)


@pytest.mark.postgres
def test_a_postgresql_connection_dropped_between_documents_is_replaced_and_the_run_goes_on(tmp_path):
    url = pg_session_url()
    reset_pg(url)
    sink = DbSink(url, command="survivor")
    results = _results()
    for r in results[:5]:
        sink.write(r)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as a:
        killed = a.execute(sa.text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    admin.dispose()
    assert killed >= 1
    for r in results[5:]:
        sink.write(r)  # the pool notices the dead connection on checkout and opens a new one
    sink.close(True)
    assert count_rows(url, "documents") == 30
