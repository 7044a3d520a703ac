"""Two overlapping ingests cannot both write (SQLite and PostgreSQL)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from dbsupport import db_url  # noqa: F401
from kdeal.pipeline.db.lock import IngestLock, LockBusy
from kdeal.pipeline.db.sink import connect
from sitesupport import Site, sources_file, write_companies

REPO = Path(__file__).resolve().parent.parent
HOLD = """
import sys, time
from kdeal.pipeline.db.sink import connect
from kdeal.pipeline.db.lock import IngestLock
lock = IngestLock(connect(sys.argv[1])).acquire()
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
print("released", flush=True)
time.sleep(30)
"""


def _holder(url: str, seconds: float) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-c", HOLD, url, str(seconds)], stdout=subprocess.PIPE, text=True,
                         cwd=REPO)
    assert p.stdout.readline().strip() == "locked"
    return p


def test_the_lock_refuses_a_second_holder_and_dies_with_a_killed_first_one(db_url):
    connect(db_url).dispose()
    holder = _holder(db_url, 600)
    engine = connect(db_url)
    try:
        with pytest.raises(LockBusy, match="another ingest is writing to this database"):
            IngestLock(engine).acquire()
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        with IngestLock(engine, wait=30, poll=0.1):  # the server / kernel released it with the process
            pass
    finally:
        engine.dispose()


def test_with_wait_the_second_holder_queues_behind_the_first(db_url):
    connect(db_url).dispose()
    holder = _holder(db_url, 2.0)
    engine = connect(db_url)
    try:
        t0 = time.monotonic()
        with IngestLock(engine, wait=60, poll=0.1):
            waited = time.monotonic() - t0
        assert waited >= 0.5
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.wait()
        engine.dispose()


@pytest.mark.slow
def test_a_second_ingest_started_during_the_first_exits_with_a_clear_message_and_writes_nothing(
        httpserver, tmp_path, db_url):
    site = Site(httpserver, n=4, delay=3.0)
    src = sources_file(tmp_path, site)
    names = write_companies(tmp_path)
    cmd = [sys.executable, "-m", "kdeal.pipeline.cli", "ingest", "--sources", str(src), "--db", db_url,
           "--companies", str(names), "--no-progress", "--no-store"]  # nothing under the checkout's corpus/
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    eng = sa.create_engine(db_url)
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline and first.poll() is None:
            try:
                with eng.connect() as c:
                    if c.execute(sa.text("SELECT count(*) FROM runs WHERE status = 'running'")).scalar():
                        break
            except sa.exc.SQLAlchemyError:
                pass  # not migrated yet
            time.sleep(0.1)
        assert first.poll() is None, first.communicate()[1]
        second = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, timeout=300)
        assert first.poll() is None, "the first ingest finished before the second one started"
        assert second.returncode == 0
        assert "another ingest is writing to this database (run 1, pid" in second.stderr
        _out, err = first.communicate(timeout=600)
        assert first.returncode == 0, err
        with eng.connect() as c:
            runs = c.execute(sa.text("SELECT status, documents FROM runs")).all()
    finally:
        eng.dispose()
        if first.poll() is None:
            first.kill()
    assert [tuple(r) for r in runs] == [("ok", 4)]
    assert site.requests.count("/news/0") == 1  # the second ingest fetched nothing
