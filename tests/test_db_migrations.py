"""Migrations: an existing database upgrades in place, keeping its rows (SQLite and PostgreSQL)."""
from __future__ import annotations

import multiprocessing as mp
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from dbsupport import count_rows, db_url, snapshot  # noqa: F401
from kdeal.pipeline.db import DbSink, connect
from kdeal.pipeline.db.migrate import current_revision, head_revision, upgrade
from kdeal.pipeline.db.sink import create_db_engine
from recordsupport import doc

from kdeal.errors import KdealError


def _legacy_database(url: str) -> None:
    """A database as the foundation's create_all left it: revision 0001 tables, no alembic_version."""
    eng = create_db_engine(url)
    upgrade(eng, "0001")
    now = datetime(2026, 1, 5, tzinfo=timezone.utc)
    with eng.begin() as c:
        c.exec_driver_sql("DROP TABLE alembic_version")
        c.execute(sa.text("INSERT INTO documents (doc_id, url, published, content_sha256, text, updated_at) "
                          "VALUES ('old-1', 'HTTPS://Old.Example.kr/n?id=1&utm_medium=x', '2026-01-05', 'h', "
                          "'가온테크와 누리바이오 협약', :now)"), {"now": now})
        c.execute(sa.text("INSERT INTO companies (canonical, kind) VALUES ('가온테크', 'company'), "
                          "('누리바이오', 'company')"))
        c.execute(sa.text("INSERT INTO deals (deal_id, doc_id, type, status) VALUES "
                          "('oldid', 'old-1', 'partnership', 'done')"))
        c.execute(sa.text("INSERT INTO deal_parties (deal_id, side, canonical, name, kind) VALUES "
                          "('oldid', 'a', '가온테크', '가온테크', 'company'), "
                          "('oldid', 'b', '누리바이오', '누리바이오', 'company')"))
        c.execute(sa.text('INSERT INTO deal_evidence (deal_id, doc_id, start, "end", sentence) VALUES '
                          "('oldid', 'old-1', 0, 14, '가온테크와 누리바이오 협약')"))
        c.execute(sa.text("INSERT INTO runs (command, started_at, status, documents, mentions, deals, errors) "
                          "VALUES ('run', :now, 'ok', 1, 0, 1, 0)"), {"now": now})
    eng.dispose()


def test_a_database_created_before_migrations_is_upgraded_in_place_keeping_its_rows(db_url):
    _legacy_database(db_url)
    engine = connect(db_url)
    with engine.connect() as c:
        assert current_revision(c) == head_revision()
        doc_row = c.execute(sa.text("SELECT canonical_url, result_sha256 FROM documents")).one()
        ev = c.execute(sa.text("SELECT report_id, published, day FROM deal_evidence")).one()
        run = c.execute(sa.text("SELECT status, unchanged FROM runs")).one()
    engine.dispose()
    assert tuple(doc_row) == ("https://old.example.kr/n?id=1", None)
    assert (ev[0], ev[1], str(ev[2])) == ("oldid", "2026-01-05", "2026-01-05")
    assert tuple(run) == ("ok", 0)
    assert count_rows(db_url, "deals") == 1


def test_old_documents_are_rewritten_once_then_left_alone(db_url):
    _legacy_database(db_url)
    r = doc("old-1", [("가온테크", "a"), ("누리바이오", "b")], published="2026-01-05")
    for expected in ((1, 0), (0, 1)):
        sink = DbSink(db_url)
        sink.write(r)
        sink.close(True)
        assert (sink.counts.documents, sink.counts.unchanged) == expected
    assert [row[0] for row in snapshot(db_url)["deals"]] == [r.deals[0].deal_id]


def test_upgrading_an_up_to_date_database_is_a_no_op(db_url):
    connect(db_url).dispose()
    before = snapshot(db_url, volatile=True)
    connect(db_url).dispose()
    assert snapshot(db_url, volatile=True) == before


def _open(url: str) -> str:
    eng = connect(url)
    with eng.connect() as c:
        rev = current_revision(c)
    eng.dispose()
    return rev or ""


def test_processes_opening_a_new_database_at_once_all_get_the_current_schema(db_url):
    ctx = mp.get_context("spawn")
    with ctx.Pool(3) as pool:
        revs = pool.map(_open, [db_url] * 3)
    assert revs == [head_revision()] * 3


def test_a_migration_that_fails_half_way_leaves_the_old_schema_and_rows_intact(db_url):
    _legacy_database(db_url)
    eng = create_db_engine(db_url)
    with eng.begin() as c:  # a table in the way of the last step of revision 0002
        c.exec_driver_sql("CREATE TABLE fetch_state (url TEXT PRIMARY KEY)")
    before = snapshot(db_url, tables=("documents", "deals", "deal_evidence"), volatile=True)
    try:
        with pytest.raises(KdealError, match="cannot open database"):
            connect(db_url)
        with eng.connect() as c:
            assert current_revision(c) is None
            columns = {col["name"] for col in sa.inspect(c).get_columns("documents")}
        assert "canonical_url" not in columns  # the columns added before the failure were rolled back
        assert snapshot(db_url, tables=("documents", "deals", "deal_evidence"), volatile=True) == before
        with eng.begin() as c:
            c.exec_driver_sql("DROP TABLE fetch_state")
        connect(db_url).dispose()  # with the obstacle gone the upgrade goes through
        assert count_rows(db_url, "documents") == 1
    finally:
        eng.dispose()


def test_co_host_deals_are_renamed_and_still_merge_with_new_reports(db_url):
    """Migration 0005: "co-host" becomes co_host, and the merge key follows the new name."""
    from kdeal.pipeline.db.keys import merge_key

    eng = create_db_engine(db_url)
    upgrade(eng, "0004")
    now = datetime(2026, 1, 5, tzinfo=timezone.utc)
    with eng.begin() as c:
        c.execute(sa.text("INSERT INTO documents (doc_id, content_sha256, text, updated_at) "
                          "VALUES ('d1', 'h', '가온매거진과 누리쉐어가 함께 주최했다', :now)"), {"now": now})
        c.execute(sa.text("INSERT INTO deals (deal_id, doc_id, type, status, merge_key) VALUES "
                          "('cohost1', 'd1', 'co-host', 'done', 'stale')"))
        c.execute(sa.text("INSERT INTO deal_parties (deal_id, side, canonical, name, kind) VALUES "
                          "('cohost1', 'a', '가온매거진', '가온매거진', 'company'), "
                          "('cohost1', 'a', '누리쉐어', '누리쉐어', 'company')"))
    upgrade(eng)
    with eng.connect() as c:
        kind, key = c.execute(sa.text("SELECT type, merge_key FROM deals WHERE deal_id = 'cohost1'")).one()
    eng.dispose()
    new = doc("d2", [("가온매거진", "a"), ("누리쉐어", "a")], deal_type="co_host").deals[0]
    assert kind == "co_host" and key == merge_key(new)


def test_source_rows_recorded_before_0006_keep_no_duration_and_runs_still_lists_them(db_url):
    """Migration 0006 adds run_sources.seconds; older rows stay null and ``kdeal runs`` shows no
    duration for them rather than a made-up one."""
    from kdeal.pipeline.runs import format_runs, list_runs

    eng = create_db_engine(db_url)
    upgrade(eng, "0005")
    start, end = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc), datetime(2026, 1, 5, 9, 2, tzinfo=timezone.utc)
    with eng.begin() as c:
        c.execute(sa.text("INSERT INTO runs (command, started_at, ended_at, status, documents, mentions, deals, "
                          "errors) VALUES ('ingest', :s, :e, 'ok', 1, 0, 0, 0)"), {"s": start, "e": end})
        c.execute(sa.text("INSERT INTO run_sources (run_id, source, candidates, fetched, not_modified, fresh, "
                          "retired, failed, documents, deals, reports) VALUES (1, 'old', 1, 1, 0, 0, 0, 0, 1, 0, 0)"))
    upgrade(eng)
    eng.dispose()
    (run,) = list_runs(db_url)
    assert (run.seconds, run.sources[0].counts.seconds) == (120.0, None)
    table = format_runs([run])
    assert "  120.0  " in table.splitlines()[1]
    assert table.splitlines()[2].endswith("1 documents, 0 new deals, 0 reports")
