"""`kdeal extract --from-store DIR`: extraction rerun from archived responses with no network."""
from __future__ import annotations

import json
import socket
from pathlib import Path

from kdeal.pipeline.cli import main
from kdeal.pipeline.store import RawStore

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def test_extract_from_store_reads_archived_pages_without_network(tmp_path, monkeypatch, capsys):
    store_dir = tmp_path / "store"
    with RawStore(store_dir) as store:
        store.put("https://www.mk.co.kr/news/realestate/11329112", "https://www.mk.co.kr/news/realestate/11329112",
                  200, {"Content-Type": "text/html; charset=utf-8"},
                  (FIXTURES / "fundus__MBN_2025_05_28.html").read_bytes())
        store.put("https://feed.example/rss", "https://feed.example/rss", 200, {"Content-Type": "application/rss+xml"},
                  (FIXTURES / "chardet__acnnewswire.net.xml").read_bytes())

    def no_network(*args, **kwargs):
        raise AssertionError("extract --from-store must not open network connections")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    out = tmp_path / "out"
    assert main(["extract", "--from-store", str(store_dir), "--out", str(out), "--workers", "1",
                 "--no-progress"]) == 0
    mentions = [json.loads(line) for line in (out / "mentions.jsonl").read_text(encoding="utf-8").splitlines()]
    doc_ids = {m["doc_id"] for m in mentions}
    assert "https://www.mk.co.kr/news/realestate/11329112" in doc_ids
    assert any(d.startswith("https://feed.example/rss#") for d in doc_ids)
    assert "9 documents" in capsys.readouterr().err  # one page and eight feed items


def test_extract_from_a_folder_that_is_not_a_store_is_an_error(tmp_path, capsys):
    assert main(["extract", "--from-store", str(tmp_path), "--out", str(tmp_path / "o")]) == 1
    assert "not a raw store" in capsys.readouterr().err


def test_extract_needs_paths_or_a_store(tmp_path):
    assert main(["extract", "--out", str(tmp_path / "o")]) == 2
