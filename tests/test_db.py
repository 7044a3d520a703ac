"""Tracker database: schema, idempotent writes, merged deals, hostile strings (SQLite and PostgreSQL)."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from dbsupport import count_rows, db_url, snapshot  # noqa: F401  (db_url is a fixture)
from kdeal.pipeline.db import DbSink, connect
from kdeal.pipeline.db.migrate import current_revision, head_revision
from kdeal.pipeline.db.schema import metadata
from recordsupport import doc

from kdeal.errors import DocError, ErrorCode
from kdeal.records import Group


def _write(url: str, results, window_days: int = 30) -> DbSink:
    sink = DbSink(url, command="test", window_days=window_days)
    for r in results:
        sink.write(r)
    sink.close(True)
    return sink


def test_new_database_is_migrated_to_head_and_matches_the_declared_schema(db_url):
    engine = connect(db_url)
    try:
        with engine.connect() as c:
            assert current_revision(c) == head_revision()
            diff = compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_rerunning_the_same_results_changes_no_row_not_even_timestamps(db_url):
    results = [doc("d1", [("가온테크", "a"), ("누리바이오", "b")]),
               doc("d2", [("다솜로보틱스", "a"), ("라온소재", "b")], url="https://news.example.kr/a?id=2")]
    _write(db_url, results)
    before = snapshot(db_url, volatile=True)
    sink = _write(db_url, results)
    assert snapshot(db_url, volatile=True) == before
    assert (sink.counts.documents, sink.counts.unchanged) == (0, 2)
    assert count_rows(db_url, "runs") == 2


def test_a_changed_document_replaces_its_rows_and_orphaned_deals_disappear(db_url):
    _write(db_url, [doc("d1", [("가온테크", "a"), ("누리바이오", "b")])])
    _write(db_url, [doc("d1", [("가온테크", "a"), ("마루에너지", "b")])])
    snap = snapshot(db_url)
    assert len(snap["deals"]) == 1
    assert {r[2] for r in snap["deal_parties"]} == {"가온테크", "마루에너지"}
    assert {r[4] for r in snap["mentions"]} == {"가온테크", "마루에너지"}
    assert len(snap["documents"]) == 1


def test_the_same_deal_in_two_documents_within_the_window_is_one_deal_with_two_evidence_rows(db_url):
    first = doc("wire-1", [("가온테크", "a"), ("누리바이오", "b")], published="2026-03-02")
    # Sides swapped in the second report: still the same parties and type.
    second = doc("paper-7", [("누리바이오", "a"), ("가온테크", "b")], published="2026-03-05T09:00:00+09:00")
    _write(db_url, [first, second])
    snap = snapshot(db_url)
    assert [r[0] for r in snap["deals"]] == [first.deals[0].deal_id]
    evidence = snap["deal_evidence"]
    assert sorted(r[1] for r in evidence) == ["paper-7", "wire-1"]
    assert {r[5] for r in evidence} == {first.deals[0].deal_id, second.deals[0].deal_id}


def test_reports_outside_the_window_undated_or_negated_stay_separate_deals(db_url):
    results = [
        doc("a", [("가온테크", "a"), ("누리바이오", "b")], published="2026-01-01"),
        doc("b", [("가온테크", "a"), ("누리바이오", "b")], published="2026-06-01"),
        doc("c", [("가온테크", "a"), ("누리바이오", "b")], published=None),
        doc("d", [("가온테크", "a"), ("누리바이오", "b")], published="2026-06-02", status="negated"),
        doc("e", [("가온테크", "a"), ("누리바이오", "b")], published="2026-06-03", deal_type="investment"),
    ]
    _write(db_url, results, window_days=30)
    assert count_rows(db_url, "deals") == 5
    assert count_rows(db_url, "deal_evidence") == 5


def test_a_merged_deal_survives_when_its_first_report_is_rewritten_without_it(db_url):
    first = doc("wire-1", [("가온테크", "a"), ("누리바이오", "b")], published="2026-03-02")
    second = doc("paper-7", [("가온테크", "a"), ("누리바이오", "b")], published="2026-03-03")
    _write(db_url, [first, second])
    _write(db_url, [doc("wire-1", [("바다식품", "a"), ("사랑물산", "b")], published="2026-03-02")])
    snap = snapshot(db_url)
    by_id = {r[0]: r for r in snap["deals"]}
    assert by_id[first.deals[0].deal_id][1] == "paper-7"  # now first reported by the remaining document
    assert len(snap["deals"]) == 2
    assert sorted(r[1] for r in snap["deal_evidence"]) == ["paper-7", "wire-1"]


def test_the_same_text_at_the_same_canonical_url_under_another_id_is_a_duplicate(db_url):
    a = doc("x1", [("가온테크", "a"), ("누리바이오", "b")], url="https://News.Example.kr:443/a?id=1&utm_source=rss",
            title="같은 기사")
    b = doc("x2", [("가온테크", "a"), ("누리바이오", "b")], url="https://news.example.kr/a?id=1#top",
            title="같은 기사")
    b = type(b)(article=type(b.article)(**{**b.article.__dict__, "text": a.article.text}),
                mentions=b.mentions, deals=b.deals)
    sink = _write(db_url, [a, b])
    assert (sink.counts.documents, sink.counts.duplicates) == (1, 1)
    assert snapshot(db_url)["documents"][0][0] == "x1"


HOSTILE = ["O'Reilly \"코리아\"", "백\\슬래시\\산업", "🚀로켓💡랩스", "Robert'); DROP TABLE deals;--",
           "SELECT * FROM companies", "%_와일드카드%", "NULL"]


def test_names_and_urls_with_quotes_backslashes_emoji_and_sql_keywords_round_trip(db_url):
    results = []
    for i, name in enumerate(HOSTILE):
        url = f"https://example.kr/기사?q={name}&i={i}"
        results.append(doc(f"doc '{i}' \\ 🚀", [(name, "a"), ("누리바이오", "b")], url=url, title=name,
                           published=None))
    _write(db_url, results)
    _write(db_url, results)
    snap = snapshot(db_url)
    assert {r[0] for r in snap["companies"]} == set(HOSTILE) | {"누리바이오"}
    assert {r[0] for r in snap["documents"]} == {r.article.doc_id for r in results}
    assert {r[1] for r in snap["documents"]} == {r.article.url for r in results}
    assert count_rows(db_url, "deals") == len(HOSTILE)


def test_the_runs_table_records_counts_status_and_each_skipped_document(db_url):
    sink = DbSink(db_url, command="extract corpus")
    sink.write(doc("d1", [("가온테크", "a"), ("누리바이오", "b")]))
    sink.error(DocError(ErrorCode.EMPTY, "corpus/empty.txt", "the file is empty", "empty.txt"))
    sink.close(True)
    eng = sa.create_engine(db_url)
    with eng.connect() as c:
        run = c.execute(sa.text("SELECT command, status, documents, mentions, deals, errors FROM runs")).one()
        err = c.execute(sa.text("SELECT code, origin, doc_id FROM run_errors")).one()
    eng.dispose()
    assert tuple(run) == ("extract corpus", "ok", 1, 2, 1, 1)
    assert tuple(err) == ("E102-empty", "corpus/empty.txt", "empty.txt")


def test_groups_are_part_of_the_deal_identity(db_url):
    g10 = Group("회원사", 10, approx=True)
    g23 = Group("회원사", 23)
    _write(db_url, [doc("a", [("가온테크", "a")], group=g10, published="2026-03-01"),
                    doc("b", [("가온테크", "a")], group=g10, published="2026-03-02"),
                    doc("c", [("가온테크", "a")], group=g23, published="2026-03-02")])
    assert count_rows(db_url, "deals") == 2
    assert count_rows(db_url, "deal_evidence") == 3


def test_a_run_whose_process_is_gone_is_marked_abandoned_by_the_next_run(db_url):
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    first = DbSink(db_url, command="extract")
    eng = sa.create_engine(db_url)
    with eng.begin() as c:  # as if the first run had been SIGKILLed: its row says running, its pid is gone
        c.execute(sa.text("UPDATE runs SET pid = :p WHERE run_id = :r"),
                  {"p": int(dead.stdout), "r": first.run_id})
    first.engine.dispose()
    DbSink(db_url, command="extract").close(True)
    with eng.connect() as c:
        rows = c.execute(sa.text("SELECT status, message FROM runs ORDER BY run_id")).all()
    eng.dispose()
    assert [r[0] for r in rows] == ["abandoned", "ok"]
    assert "ended without closing" in rows[0][1]
