"""File sinks: atomic outputs, CSV rows, nothing lost when a run fails."""
from __future__ import annotations

import csv
import json

import pytest
from kdeal.pipeline.api import drive
from kdeal.pipeline.sinks import CsvDealsSink, JsonlSink, MultiSink, OutputDir

from kdeal.errors import DocError, ErrorCode
from kdeal.records import Article, Deal, DocResult, Evidence, Group, Mention, Party


def result(doc_id="d1"):
    art = Article(doc_id=doc_id, text="가온테크와 나래소프트가 협업했다.")
    m = (Mention(doc_id, 0, 4, "가온테크", "가온테크", "company"),
         Mention(doc_id, 6, 11, "나래소프트", "나래소프트", "company"))
    d = Deal(deal_id="abc", doc_id=doc_id, type="collaboration", status="done",
             parties=(Party("가온테크", "가온테크", "company", "a"), Party("나래소프트", "나래소프트", "company", "b")),
             evidence=Evidence(art.text, 0, len(art.text)), group=Group("회원사", 3))
    return DocResult(article=art, mentions=m, deals=(d,))


def test_outputs_appear_only_when_the_run_succeeds(tmp_path):
    (tmp_path / "deals.jsonl").write_text("OLD\n", encoding="utf-8")

    def failing():
        yield result()
        raise RuntimeError("disk on fire")

    out = OutputDir(tmp_path)
    with pytest.raises(RuntimeError):
        drive(failing(), MultiSink([JsonlSink(out), CsvDealsSink(out)]))
    assert (tmp_path / "deals.jsonl").read_text(encoding="utf-8") == "OLD\n"
    assert not (tmp_path / "deals.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_successful_run_writes_jsonl_csv_and_errors(tmp_path):
    out = OutputDir(tmp_path)
    err = DocError(ErrorCode.EMPTY, "x.txt", "file is empty")
    summary = drive(iter([result(), err]), MultiSink([JsonlSink(out), CsvDealsSink(out)]))
    assert (summary.documents, summary.deals, len(summary.errors)) == (1, 1, 1)
    deal = json.loads((tmp_path / "deals.jsonl").read_text(encoding="utf-8"))
    assert deal["parties"][1]["side"] == "b" and deal["group"] == {"label": "회원사", "count": 3, "approx": False}
    with open(tmp_path / "deals.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["side_a"] == "가온테크" and rows[0]["pairs"] == "가온테크|나래소프트"
    e = json.loads((tmp_path / "errors.jsonl").read_text(encoding="utf-8"))
    assert e == {"code": "E102-empty", "origin": "x.txt", "doc_id": None, "message": "file is empty",
                 "severity": "error"}
    assert oct((tmp_path / "deals.jsonl").stat().st_mode & 0o777) != "0o600"
