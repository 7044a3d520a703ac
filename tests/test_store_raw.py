"""The raw store: WARC records plus index, read back, replayed, and surviving a killed writer."""
from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kdeal.pipeline.store import RawStore, articles_from_store
from warcio.archiveiterator import ArchiveIterator

from kdeal.errors import DocError, ErrorCode, KdealError
from kdeal.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def test_a_stored_response_is_indexed_with_its_validators_and_read_back(tmp_path):
    body = "<html><body><p>가나전자는 다라상사와 공급 계약을 맺었다.</p></body></html>".encode()
    with RawStore(tmp_path) as store:
        loc = store.put("https://a.example/1", "https://a.example/1?r=1", 200,
                        {"Content-Type": "text/html", "ETag": '"x1"', "Last-Modified": "Mon, 04 Mar 2024 00:00:00 GMT",
                         "Content-Encoding": "gzip"}, body)
        rec = store.latest("https://a.example/1")
        assert rec.location == loc and rec.status == 200 and rec.etag == '"x1"'
        assert rec.last_modified == "Mon, 04 Mar 2024 00:00:00 GMT"
        assert rec.sha256 == hashlib.sha256(body).hexdigest()
        assert rec.final_url == "https://a.example/1?r=1" and rec.fetched_at.endswith("+00:00")
        assert store.body(rec) == body


def test_the_archive_is_standard_warc_readable_by_warcio(tmp_path):
    with RawStore(tmp_path) as store:
        store.put("https://a.example/1", "https://a.example/1", 200, {"Content-Type": "text/html"}, b"<p>one</p>")
        store.put("https://a.example/2", "https://a.example/2", 200, {"Content-Type": "text/html"}, b"<p>two</p>")
    files = list((tmp_path / "warc").glob("*.warc.gz"))
    assert len(files) == 1
    with open(files[0], "rb") as f:
        records = [(r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                   for r in ArchiveIterator(f) if r.rec_type == "response"]
    assert records == [("https://a.example/1", b"<p>one</p>"), ("https://a.example/2", b"<p>two</p>")]


def test_records_lists_the_newest_copy_of_each_url_unless_asked_for_all(tmp_path):
    with RawStore(tmp_path) as store:
        for n, url in enumerate(["u1", "u2", "u1"]):
            store.put(f"https://a.example/{url}", f"https://a.example/{url}", 200, {}, f"v{n}".encode())
        latest = {r.url: store.body(r) for r in store.records()}
        assert latest == {"https://a.example/u1": b"v2", "https://a.example/u2": b"v1"}
        assert len(list(store.records(latest_only=False))) == 3


def test_a_second_run_writes_a_new_warc_file_and_keeps_the_first(tmp_path):
    with RawStore(tmp_path) as store:
        store.put("https://a.example/1", "https://a.example/1", 200, {}, b"first")
    with RawStore(tmp_path) as store:
        store.put("https://a.example/2", "https://a.example/2", 200, {}, b"second")
        assert len(list((tmp_path / "warc").glob("*.warc.gz"))) == 2
        assert [store.body(r) for r in store.records()] == [b"first", b"second"]


def test_a_damaged_record_is_reported_not_returned(tmp_path):
    with RawStore(tmp_path) as store:
        store.put("https://a.example/1", "https://a.example/1", 200, {}, b"original bytes")
        rec = store.latest("https://a.example/1")
    db = sqlite3.connect(tmp_path / "index.sqlite")
    db.execute("UPDATE records SET sha256 = ?", ("0" * 64,))
    db.commit()
    db.close()
    with RawStore(tmp_path) as store:
        with pytest.raises(KdealError, match="checksum"):
            store.body(store.latest("https://a.example/1"))
        items = list(articles_from_store(store))
    assert isinstance(items[0], DocError) and items[0].code is ErrorCode.STORE
    assert rec.location.warc_file in items[0].origin


_WRITER = """
import sys, itertools
from kdeal.pipeline.store import RawStore
store = RawStore(sys.argv[1])
for n in itertools.count():
    store.put(f"https://a.example/{n}", f"https://a.example/{n}", 200, {"Content-Type": "text/html"},
              (f"<p>record {n}</p>" * 2000).encode())
"""


def test_a_killed_writer_leaves_every_indexed_record_intact(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path)], cwd=Path(__file__).parents[1])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if (tmp_path / "index.sqlite").exists():
                db = sqlite3.connect(tmp_path / "index.sqlite", timeout=5)
                try:
                    n = db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
                except sqlite3.OperationalError:
                    n = 0
                db.close()
                if n >= 20:
                    break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with RawStore(tmp_path) as store:
        records = list(store.records(latest_only=False))
        assert len(records) >= 20
        for rec in records:
            n = int(rec.url.rsplit("/", 1)[1])
            assert store.body(rec) == (f"<p>record {n}</p>" * 2000).encode()
        store.put("https://a.example/after", "https://a.example/after", 200, {}, b"after the crash")
        assert store.body(store.latest("https://a.example/after")) == b"after the crash"


def test_replay_parses_stored_pages_and_feeds_without_network(tmp_path):
    page = (FIXTURES / "fundus__MBN_2025_05_28.html").read_bytes()
    feed = (FIXTURES / "chardet__acnnewswire.net.xml").read_bytes()
    with RawStore(tmp_path) as store:
        store.put("https://www.mk.co.kr/news/realestate/11329112", "https://www.mk.co.kr/news/realestate/11329112",
                  200, {"Content-Type": "text/html; charset=utf-8"}, page)
        store.put("https://feed.example/rss", "https://feed.example/rss", 200,
                  {"Content-Type": "application/rss+xml"}, feed)
        store.put("https://x.example/empty", "https://x.example/empty", 200, {"Content-Type": "text/html"}, b"  ")
        items = list(articles_from_store(store))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, DocError)]
    assert len(articles) == 1 + 8
    assert articles[0].outlet == "매일경제" and articles[0].doc_id == "https://www.mk.co.kr/news/realestate/11329112"
    assert [e.code for e in errors] == [ErrorCode.EMPTY]
