"""``kdeal export``: JSONL, CSV and Parquet from the tracker database, with filters."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from dbsupport import db_url  # noqa: F401
from kdeal.pipeline.api import drive
from kdeal.pipeline.cli import main
from kdeal.pipeline.db import DbSink
from kdeal.pipeline.export import export
from kdeal.pipeline.frames import DealFilter
from recordsupport import doc

from kdeal.errors import KdealError
from kdeal.records import Group


def _fill(url: str) -> None:
    drive(iter([
        doc("e1", [("가온테크", "a"), ("누리바이오", "b")], published="2026-03-02", url="https://e.kr/1?x='1'"),
        doc("e2", [("가온테크", "a"), ("누리바이오", "b")], published="2026-03-09", url="https://e.kr/2"),
        doc("e3", [("O'Reilly \"코리아\"", "a")], published="2026-06-01", group=Group("회원사", 23),
            deal_type="business_matching"),
    ]), DbSink(url))


def test_jsonl_has_one_nested_object_per_deal_with_every_report_and_its_source(db_url, tmp_path):
    _fill(db_url)
    out = tmp_path / "deals.jsonl"
    assert main(["export", "--db", db_url, "--format", "jsonl", "--out", str(out)]) == 0
    objs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(objs) == 2
    merged = next(o for o in objs if o["type"] == "partnership")
    assert [r["source"]["url"] for r in merged["reports"]] == ["https://e.kr/1?x='1'", "https://e.kr/2"]
    assert {(p["canonical"], p["side"]) for p in merged["parties"]} == {("가온테크", "a"), ("누리바이오", "b")}
    group = next(o for o in objs if o["type"] == "business_matching")
    assert group["group"] == {"label": "회원사", "count": 23, "approx": False}
    assert group["parties"][0]["name"] == "O'Reilly \"코리아\""


def test_csv_and_parquet_hold_the_same_flat_deals_table(db_url, tmp_path):
    _fill(db_url)
    assert main(["export", "--db", db_url, "--format", "csv", "--out", str(tmp_path / "d.csv")]) == 0
    assert main(["export", "--db", db_url, "--format", "parquet", "--out", str(tmp_path / "d.parquet")]) == 0
    with open(tmp_path / "d.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    pq = pd.read_parquet(tmp_path / "d.parquet")
    assert sorted(r["deal_id"] for r in rows) == sorted(pq["deal_id"])
    assert sorted(r["side_a"] for r in rows) == ["O'Reilly \"코리아\"", "가온테크"]
    assert sorted(pq["reports"]) == [1, 2]


def test_other_tables_export_as_csv_or_parquet(db_url, tmp_path):
    _fill(db_url)
    assert main(["export", "--db", db_url, "--format", "parquet", "--table", "evidence",
                 "--out", str(tmp_path / "ev.parquet")]) == 0
    assert len(pd.read_parquet(tmp_path / "ev.parquet")) == 3
    assert main(["export", "--db", db_url, "--format", "csv", "--table", "mentions",
                 "--out", str(tmp_path / "m.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "m.csv")) == 5


def test_filters_select_by_date_company_and_type(db_url, tmp_path):
    _fill(db_url)
    out = tmp_path / "f.jsonl"

    def ids(*args: str) -> list[str]:
        assert main(["export", "--db", db_url, "--out", str(out), *args]) == 0
        return [json.loads(line)["type"] for line in out.read_text(encoding="utf-8").splitlines()]

    assert ids("--since", "2026-05-01") == ["business_matching"]
    assert ids("--until", "2026-03-05") == ["partnership"]
    assert ids("--company", "o'reilly \"코리아\"") == ["business_matching"]
    assert ids("--type", "partnership", "--type", "investment") == ["partnership"]
    assert ids("--company", "누리바이오", "--since", "2026-06-01") == []


def test_a_failed_export_leaves_the_earlier_file_untouched(db_url, tmp_path):
    _fill(db_url)
    out = tmp_path / "deals.jsonl"
    out.write_text("earlier export\n", encoding="utf-8")
    with pytest.raises(KdealError):
        export(db_url, out, "jsonl", DealFilter(), table="mentions")
    with pytest.raises(KdealError):
        export("postgresql+psycopg://postgres@127.0.0.1:1/none", out, "jsonl")
    assert out.read_text(encoding="utf-8") == "earlier export\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_of_a_missing_database_is_one_error_line(tmp_path, capsys):
    assert main(["export", "--db", f"sqlite:///{tmp_path}/none.sqlite", "--out", str(tmp_path / "x.jsonl")]) == 1
    assert "no tracker database" in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()


def test_export_and_ingest_have_help(capsys):
    for cmd in ("export", "ingest"):
        assert main([cmd, "--help"]) == 0
        assert f"Usage: kdeal {cmd}" in capsys.readouterr().out


@pytest.mark.parametrize("fmt,table", [("jsonl", "deals"), ("csv", "deals"), ("csv", "evidence"),
                                       ("csv", "mentions"), ("parquet", "parties")])
def test_a_filter_that_matches_nothing_writes_an_empty_file_with_its_columns(db_url, tmp_path, capsys, fmt, table):
    _fill(db_url)
    out = tmp_path / f"x.{fmt}"
    assert main(["export", "--db", db_url, "--format", fmt, "--table", table, "--out", str(out),
                 "--since", "2026-01-01", "--company", "없는회사"]) == 0
    assert "wrote 0" in capsys.readouterr().err
    if fmt == "jsonl":
        assert out.read_text(encoding="utf-8") == ""
    else:
        frame = pd.read_csv(out) if fmt == "csv" else pd.read_parquet(out)
        key = "doc_id" if table == "mentions" else "deal_id"
        assert frame.empty and key in frame.columns
