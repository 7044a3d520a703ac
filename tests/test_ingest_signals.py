"""A real ``kdeal ingest`` process: stopped by SIGTERM or SIGINT, and writing pages while it fetches.

SIGTERM (systemd, CI) and SIGINT (Ctrl-C) finish the page being written,
mark the run ``interrupted``, release the lock and exit 143 / 130. With
worker processes, each page reaches the database as soon as it is extracted,
long before the crawl ends.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from hostsupport import MultiSite, multi_sources
from sitesupport import write_companies

KDEAL = [sys.executable, "-m", "kdeal.pipeline.cli"]
ROOT = Path(__file__).parent.parent
PATIENCE = 120.0  # seconds a process may take to load Kiwi and get going on a busy machine


def _count(url: str, sql: str) -> int:
    eng = sa.create_engine(url)
    try:
        with eng.connect() as c:
            return int(c.execute(sa.text(sql)).scalar() or 0)
    except sa.exc.OperationalError:
        return 0  # not created yet
    finally:
        eng.dispose()


def _start(src: Path, url: str, companies: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(KDEAL + ["ingest", "--sources", str(src), "--db", url, "--companies", str(companies),
                                     "--no-progress", "--no-store", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)


def _wait_for(cond, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + PATIENCE
    while not cond():
        if proc.poll() is not None:
            raise AssertionError(f"ingest ended early: {proc.stderr.read().decode()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("ingest made no progress")
        time.sleep(0.05)


@pytest.fixture
def slow_site():
    s = MultiSite(hosts=2, pages=12, latency=0.25).start()
    yield s
    s.stop()


@pytest.mark.parametrize("signum,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_finishes_the_page_marks_the_run_interrupted_and_releases_the_lock(
        tmp_path, slow_site, signum, code):
    companies = write_companies(tmp_path)
    url = f"sqlite:///{tmp_path / 't.sqlite'}"
    src = multi_sources(tmp_path, slow_site, delay=0.0, concurrency=2)
    proc = _start(src, url, companies, "--workers", "1")
    _wait_for(lambda: _count(url, "SELECT count(*) FROM documents") >= 2, proc)
    proc.send_signal(signum)
    assert proc.wait(timeout=60) == code, proc.stderr.read().decode()
    status, message = None, None
    eng = sa.create_engine(url)
    with eng.connect() as c:
        status, message = c.execute(sa.text("SELECT status, message FROM runs")).one()
        docs = c.execute(sa.text("SELECT count(*) FROM documents")).scalar()
        pages = c.execute(sa.text("SELECT count(*) FROM fetch_state WHERE content_sha256 IS NOT NULL")).scalar()
    eng.dispose()
    assert status == "interrupted" and signal.Signals(signum).name in message
    assert docs == pages < 24  # every page written is whole: its document and its fetch state
    # The lock is free: the next run starts at once and does the rest.
    rest = _start(src, url, companies, "--workers", "1")
    assert rest.wait(timeout=PATIENCE) == 0, rest.stderr.read().decode()
    assert _count(url, "SELECT count(*) FROM documents") == 24


def test_with_workers_each_page_is_stored_while_the_crawl_goes_on(tmp_path):
    site = MultiSite(hosts=1, pages=24, latency=0.3).start()
    try:
        companies = write_companies(tmp_path)
        url = f"sqlite:///{tmp_path / 't.sqlite'}"
        src = multi_sources(tmp_path, site, delay=0.0, concurrency=1)
        proc = _start(src, url, companies, "--workers", "2")
        _wait_for(lambda: _count(url, "SELECT count(*) FROM documents") >= 3, proc)
        served = len(site.requests_for(0))
        assert served < 24 - 8  # three pages stored while most of the crawl is still ahead
        assert proc.wait(timeout=PATIENCE) == 0, proc.stderr.read().decode()
        assert _count(url, "SELECT count(*) FROM documents") == 24
    finally:
        site.stop()
