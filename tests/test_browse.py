"""``kdeal browse``: views, full-text search and metadata, served by a real datasette on loopback."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
import sqlalchemy as sa
from dbsupport import db_url  # noqa: F401
from kdeal.pipeline.api import drive
from kdeal.pipeline.browse import metadata, prepare
from kdeal.pipeline.cli import main
from kdeal.pipeline.db import DbSink
from kdeal.pipeline.db.describe import TABLES
from kdeal.pipeline.frames import load_frames
from kdeal.pipeline.network import PAIR_COLUMNS, pair_table
from recordsupport import doc
from viewsupport import NEWS, extract_news

START_TIMEOUT = 60.0


def _query(url: str, sql: str) -> list[dict]:
    eng = sa.create_engine(url)
    with eng.connect() as c:
        rows = [dict(r._mapping) for r in c.execute(sa.text(sql))]
    eng.dispose()
    return rows


def test_the_deal_pairs_view_is_the_pair_table_on_both_databases(tmp_path, db_url):
    news = extract_news(tmp_path, db_url)
    view = _query(news.db_url, "SELECT * FROM deal_pairs ORDER BY reports DESC, deals DESC, a, b")
    table = pair_table(load_frames(news.db_url)).to_dict("records")
    assert [list(r) for r in view][:1] == [PAIR_COLUMNS]
    assert [tuple(r.values()) for r in view] == [tuple(r.values()) for r in table]
    reports = _query(news.db_url, "SELECT side_a, side_b, sentence, url FROM deal_reports ORDER BY url")
    assert len(reports) == len(NEWS)
    assert reports[3] == {"side_a": "누리바이오", "side_b": "라온제약", "sentence": NEWS[3][2],
                          "url": "https://news.example/n4"}


def test_every_table_view_and_column_is_described(tmp_path, db_url):
    news = extract_news(tmp_path, db_url)
    eng = sa.create_engine(news.db_url)
    inspector = sa.inspect(eng)
    names = [t for t in inspector.get_table_names() if t != "alembic_version"] + inspector.get_view_names()
    for name in names:
        assert name in TABLES, name
        columns = {c["name"] for c in inspector.get_columns(name)}
        assert columns <= set(TABLES[name][1]), (name, columns - set(TABLES[name][1]))
    eng.dispose()
    assert set(TABLES) == set(names)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str, **params: str):
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


@pytest.fixture
def server(tmp_path):
    news = extract_news(tmp_path)
    port = _free_port()
    log = (tmp_path / "datasette.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "kdeal.pipeline.cli", "browse", "--db", news.db_url,
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            try:
                _get(base, "/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("datasette did not start: "
                                       + (tmp_path / "datasette.log").read_text(errors="replace"))
                time.sleep(0.3)
        yield base, news
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def test_datasette_serves_views_search_and_metadata(server):
    base, news = server
    assert "datasette" in _get(base, "/-/versions.json")
    rows = _get(base, "/tracker/deal_pairs.json", _shape="array")
    assert [(r["a"], r["b"], r["deals"]) for r in rows] == [
        (r["a"], r["b"], r["deals"]) for r in pair_table(load_frames(news.db_url)).to_dict("records")]
    found = _get(base, "/tracker/deal_reports.json", _search="업무협약", _shape="array")
    assert sorted(r["url"] for r in found) == ["https://news.example/n1", "https://news.example/n7"]
    inside_a_word = _get(base, "/tracker/deal_evidence.json", _search="로보틱", _shape="array")
    assert [r["doc_id"] for r in inside_a_word] == ["n3"]
    meta = _get(base, "/-/metadata.json")["databases"]["tracker"]["tables"]
    assert meta["deal_pairs"]["columns"]["reports"] == TABLES["deal_pairs"][1]["reports"]
    page = urllib.request.urlopen(base + "/tracker/deal_pairs", timeout=10).read().decode("utf-8")
    assert TABLES["deal_pairs"][0].split(";")[0] in page


def test_evidence_written_while_browsing_is_searchable(server):
    base, news = server
    drive(iter([doc("late", [("하늘정밀", "a"), ("바다식품", "b")], url="https://news.example/late")]),
          DbSink(news.db_url))
    found = _get(base, "/tracker/deal_reports.json", _search="하늘정밀", _shape="array")
    assert [r["doc_id"] for r in found] == ["late"]


def test_browse_refuses_what_datasette_cannot_serve(tmp_path, capsys):
    assert main(["browse", "--db", "postgresql+psycopg://u@127.0.0.1/x"]) == 1
    assert "SQLite files only" in capsys.readouterr().err
    assert main(["browse", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}"]) == 1
    assert "no tracker database" in capsys.readouterr().err


def test_prepare_is_repeatable_and_metadata_names_the_search(tmp_path):
    news = extract_news(tmp_path)
    for _ in range(2):
        prepare(news.db_url)
    assert _query(news.db_url, "SELECT count(*) AS n FROM deal_evidence_fts WHERE deal_evidence_fts MATCH '협력사'") == [
        {"n": 1}]
    assert metadata("tracker")["databases"]["tracker"]["tables"]["deal_reports"]["fts_pk"] == "evidence_rowid"
