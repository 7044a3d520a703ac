"""Repairs are warnings, never silent: replaced bytes, a malformed feed, a feed with a DTD.

Each becomes a line with its own W-code in errors.jsonl and in run_errors, the
document is still processed, and the run does not count it as skipped.
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from dbsupport import db_url  # noqa: F401
from kdeal.pipeline.cli import main
from kdeal.pipeline.readers import read_inputs

from kdeal.errors import DocError, ErrorCode
from kdeal.records import Article

BODY = "가나전자㈜는 다라화학㈜와 배터리 소재 공동 개발 협약을 맺었다고 밝혔다."
TITLE = "가나전자, 다라화학과 배터리 소재 협약"


def _feed(item: str, head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{head}<rss version="2.0"><channel><title>시험 뉴스</title>\n'
            f'{item}\n<item><title>다른 기사</title><link>https://news.example.test/2</link>'
            f'<description>마바제약은 사아바이오와 신약 공동 연구 계약을 체결했다.</description></item>\n'
            f'</channel></rss>\n')


UNCLOSED_TITLE = _feed(f"<item><title>{TITLE}\n<link>https://news.example.test/1</link>\n"
                       f"<description>{BODY}</description>\n</item>")
WITH_DTD = _feed(f"<item><title>{TITLE}&nbsp;&brand;</title><link>https://news.example.test/1</link>"
                 f"<description>{BODY}</description></item>",
                 head='<!DOCTYPE rss [\n  <!ENTITY brand "(단독)">\n]>\n')


def _split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, DocError)])


def test_invalid_utf8_is_read_with_a_warning_naming_the_replaced_bytes(tmp_path):
    (tmp_path / "bad.txt").write_bytes(BODY.encode()[:12] + b"\xff\xfe" + BODY.encode()[12:])
    (tmp_path / "fine.txt").write_bytes("이미 있던 대체 문자 \ufffd 하나.".encode())
    arts, errs = _split(read_inputs([tmp_path / "bad.txt", tmp_path / "fine.txt"]))
    assert [e.code for e in errs] == [ErrorCode.REPLACED_BYTES]
    assert errs[0].is_warning and "2 invalid byte sequence(s)" in errs[0].message
    assert errs[0].doc_id == arts[0].doc_id and arts[0].text.count("\ufffd") == 2
    assert len(arts) == 2  # a U+FFFD that was in the file is not a repair


def test_an_unclosed_title_is_cut_where_the_next_field_begins(tmp_path):
    (tmp_path / "feed.xml").write_text(UNCLOSED_TITLE, encoding="utf-8")
    arts, errs = _split(read_inputs([tmp_path / "feed.xml"]))
    assert [(e.code, e.doc_id.rsplit("#", 1)[1]) for e in errs] == [(ErrorCode.MALFORMED_FEED, "1")]
    assert "<title> is not closed" in errs[0].message
    first = arts[0]
    assert first.title == TITLE and first.url == "https://news.example.test/1"
    assert first.text == f"{TITLE}\n\n{BODY}"  # the body once, not also inside the title
    assert len(arts) == 2


def test_a_feed_with_a_dtd_is_read_with_its_entities(tmp_path):
    (tmp_path / "feed.xml").write_text(WITH_DTD, encoding="utf-8")
    arts, errs = _split(read_inputs([tmp_path / "feed.xml"]))
    assert [e.code for e in errs] == [ErrorCode.FEED_DTD] and errs[0].is_warning
    assert [a.title for a in arts] == [f"{TITLE}\u00a0(단독)", "다른 기사"]


def test_an_external_dtd_the_feed_does_not_need_is_no_warning(tmp_path):
    head = '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "rss-0.91.dtd">\n'
    (tmp_path / "feed.xml").write_text(_feed(f"<item><title>{TITLE}</title><description>{BODY}</description></item>",
                                             head=head), encoding="utf-8")
    arts, errs = _split(read_inputs([tmp_path / "feed.xml"]))
    assert len(arts) == 2 and not errs


def test_warnings_reach_errors_jsonl_and_run_errors_and_nothing_is_skipped(nlp, tmp_path, monkeypatch, capsys,
                                                                          db_url):
    (tmp_path / "bad.txt").write_bytes(BODY.encode()[:12] + b"\xff" + BODY.encode()[12:])
    (tmp_path / "open.xml").write_text(UNCLOSED_TITLE, encoding="utf-8")
    (tmp_path / "dtd.xml").write_text(WITH_DTD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "bad.txt", "open.xml", "dtd.xml", "--out", "out", "--db", db_url]) == 0
    err = capsys.readouterr().err
    assert "0 skipped, 3 warnings" in err and "skipped bad.txt" not in err
    lines = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    codes = ["W110-replaced-bytes", "W130-malformed-feed", "W131-feed-dtd"]
    assert [x["code"] for x in lines] == codes and {x["severity"] for x in lines} == {"warning"}
    deals = [json.loads(x) for x in (tmp_path / "out" / "deals.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {d["doc_id"] for d in deals} >= {"bad.txt", "open.xml#1", "dtd.xml#1"}
    body_deals = [d for d in deals if d["doc_id"] == "open.xml#1" and d["evidence"]["sentence"] == BODY]
    assert len(body_deals) == 1
    engine = sa.create_engine(db_url)
    with engine.connect() as c:
        rows = [r[0] for r in c.execute(sa.text("SELECT code FROM run_errors ORDER BY position"))]
        run = c.execute(sa.text("SELECT documents + duplicates, errors FROM runs")).one()
    engine.dispose()
    assert rows == codes and tuple(run) == (5, 0)
