"""The DataFrame API over the tracker database (SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import date

import pytest
from dbsupport import db_url  # noqa: F401
from kdeal.pipeline.api import drive
from kdeal.pipeline.db import DbSink, connect
from kdeal.pipeline.frames import (
    DealFilter,
    deals_frame,
    evidence_frame,
    load_frames,
    mentions_frame,
    parties_frame,
)
from recordsupport import doc

from kdeal.errors import KdealError
from kdeal.records import Group


def _fill(url: str) -> None:
    drive(iter([
        doc("m1", [("가온테크", "a"), ("누리바이오", "b")], published="2026-03-02", url="https://e.kr/1",
            title="첫 보도"),
        doc("m2", [("누리바이오", "a"), ("가온테크", "b")], published="2026-03-04", url="https://e.kr/2"),
        doc("m3", [("다솜로보틱스", "a")], published="2026-05-10", group=Group("회원사", 10, approx=True),
            deal_type="business_matching"),
        doc("m4", [("라온소재", "a"), ("마루에너지", "a")], published=None, deal_type="collaboration"),
    ]), DbSink(url))


def test_deals_frame_has_one_row_per_deal_with_merged_reports_counted(db_url):
    _fill(db_url)
    deals = deals_frame(db_url).set_index("side_a")
    assert len(deals) == 3 + 0  # m1 and m2 are one deal
    merged = deals.loc["가온테크"]
    assert (merged["reports"], merged["documents"]) == (2, 2)
    assert (merged["first_published"], merged["last_published"]) == ("2026-03-02", "2026-03-04")
    assert merged["pairs"] == "가온테크|누리바이오"
    grouped = deals.loc["다솜로보틱스"]
    assert (grouped["group_count"], bool(grouped["group_approx"]), grouped["pairs"]) == (10, True, "")
    assert deals.loc["라온소재; 마루에너지"]["pairs"] == "라온소재|마루에너지"  # mutual, one side named


def test_filters_by_date_range_company_and_type(db_url):
    _fill(db_url)
    march = deals_frame(db_url, DealFilter(since=date(2026, 3, 3), until=date(2026, 3, 31)))
    assert list(march["side_a"]) == ["가온테크"]
    assert len(evidence_frame(db_url, DealFilter(since=date(2026, 3, 3), until=date(2026, 3, 31)))) == 1
    assert list(deals_frame(db_url, DealFilter(companies=("누리바이오",)))["side_b"]) == ["누리바이오"]
    assert list(deals_frame(db_url, DealFilter(types=("business_matching",)))["side_a"]) == ["다솜로보틱스"]
    assert deals_frame(db_url, DealFilter(companies=("없는회사",))).empty


def test_parties_evidence_and_mentions_frames_carry_their_sources(db_url):
    _fill(db_url)
    parties = parties_frame(db_url, DealFilter(companies=("가온테크",)))
    assert sorted(parties["canonical"]) == ["가온테크", "누리바이오"]
    ev = evidence_frame(db_url, DealFilter(companies=("가온테크",)))
    assert list(ev["url"]) == ["https://e.kr/1", "https://e.kr/2"]
    assert list(ev["title"])[0] == "첫 보도"
    mentions = mentions_frame(db_url, DealFilter(companies=("다솜로보틱스",)))
    assert list(mentions["doc_id"]) == ["m3"] and list(mentions["published"]) == ["2026-05-10"]


def test_frames_of_an_empty_database_are_empty_with_their_columns(db_url):
    connect(db_url).dispose()
    frames = load_frames(db_url)
    assert frames.deals.empty and "deal_id" in frames.deals.columns
    assert frames.parties.empty and frames.evidence.empty


def test_a_missing_sqlite_file_is_an_error_not_a_new_database(tmp_path):
    with pytest.raises(KdealError, match="no tracker database"):
        load_frames(f"sqlite:///{tmp_path / 'nope.sqlite'}")
    assert not (tmp_path / "nope.sqlite").exists()


def test_an_empty_date_range_is_refused():
    with pytest.raises(KdealError, match="empty date range"):
        DealFilter(since=date(2026, 2, 1), until=date(2026, 1, 1))


@pytest.mark.parametrize("flt", [
    DealFilter(since=date(2026, 1, 1), companies=("없는회사",)),
    DealFilter(since=date(2026, 1, 1), until=date(2026, 1, 31)),
    DealFilter(since=date(2026, 1, 1), companies=("가온테크",), types=("investment",)),
], ids=["no-company", "no-date", "no-type"])
def test_a_filter_that_matches_nothing_gives_empty_tables_with_their_columns(db_url, flt):
    _fill(db_url)
    full = load_frames(db_url)
    empty = load_frames(db_url, flt)
    for name in ("deals", "parties", "quantities", "evidence", "mentions"):
        table = empty.table(name)
        assert table.empty, name
        assert list(table.columns) == list(full.table(name).columns), name


def test_the_readme_example_runs_on_the_database_of_the_bundled_corpus(nlp, repo_root, tmp_path):
    from kdeal.pipeline.api import run_extract

    db = tmp_path / "tracker.sqlite"
    run_extract([repo_root / "corpus"], tmp_path / "out", db_url=f"sqlite:///{db}", nlp=nlp, write_csv=False)
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    block = next(b for b in readme.split("```python\n")[1:] if "load_frames(" in b).split("```", 1)[0]
    block = block.replace("sqlite:///output/tracker.sqlite", f"sqlite:///{db}")
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    frames = scope["f"]
    assert len(frames.deals) >= 1 and set(frames.deals["type"]) == {"investment"}
    assert all("DoCoMo" in a for a in frames.deals["side_a"])
    assert len(frames.evidence) >= len(frames.deals) and not frames.mentions.empty
