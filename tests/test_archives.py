"""Archive readers: WARC(.gz), JSONL.gz and Common Crawl listings, streamed without unpacking."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from kdeal.pipeline.archives import is_archive
from kdeal.pipeline.readers import discover_files, read_inputs
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kdeal.errors import DocError, ErrorCode
from kdeal.records import Article

BODY = ("가나전자는 다라화학과 배터리 소재 공동 개발 협약을 맺었다고 밝혔다. "
        "두 회사는 내년까지 시제품을 만들 계획이다. 협약식은 서울 본사에서 열렸다.")


def page(title: str, body: str = BODY) -> str:
    return (f"<html lang='ko'><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>")


def write_warc(path: Path, records: list[tuple], gz: bool) -> None:
    """records: (kind, url, status, content_type, body bytes)."""
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        for kind, url, status, ctype, body in records:
            if kind == "response":
                headers = StatusAndHeaders(f"{status} X", [("Content-Type", ctype)], protocol="HTTP/1.1")
                rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            elif kind == "request":
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.test")], is_http_request=True)
                rec = w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=headers)
            else:
                rec = w.create_warc_record(url, kind, payload=io.BytesIO(body), warc_content_type=ctype)
            w.write_record(rec)


def news_records() -> list[tuple]:
    return [
        ("request", "https://news.example.test/a/1", None, None, b""),
        ("response", "https://news.example.test/a/1", 200, "text/html; charset=utf-8", page("첫 기사").encode()),
        ("response", "https://news.example.test/a/2", 200, "text/html; charset=euc-kr",
         page("둘째 기사").replace("utf-8", "euc-kr").encode("cp949")),
        ("response", "https://news.example.test/gone", 404, "text/html", b"<html>not found</html>"),
        ("response", "https://news.example.test/logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("resource", "file:///saved/page.html", None, "text/html", page("저장된 기사").encode()),
    ]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_responses_become_articles_with_url_ids_and_record_origins(tmp_path, gz):
    path = tmp_path / ("news.warc.gz" if gz else "news.warc")
    write_warc(path, news_records(), gz)
    items = list(read_inputs([path]))
    arts = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, DocError)]
    assert [a.doc_id for a in arts] == ["https://news.example.test/a/1", "https://news.example.test/a/2",
                                        "file:///saved/page.html"]
    assert arts[0].url == "https://news.example.test/a/1"
    assert "다라화학과" in arts[0].text
    assert "다라화학과" in arts[1].text  # CP949 body decoded through the declared euc-kr
    assert all(a.origin.startswith(f"{path}@") for a in arts)
    assert len({a.origin for a in arts}) == 3  # each names its own record offset
    assert sorted((e.code, e.doc_id) for e in errs) == [
        (ErrorCode.HTTP_STATUS, "https://news.example.test/gone"),
        (ErrorCode.CONTENT_TYPE, "https://news.example.test/logo.png"),
    ]


def test_warc_repeated_url_is_read_once_and_the_repeat_reported(tmp_path):
    path = tmp_path / "dup.warc.gz"
    rec = ("response", "https://news.example.test/a/1", 200, "text/html", page("같은 기사").encode())
    write_warc(path, [rec, rec], gz=True)
    items = list(read_inputs([path]))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], DocError) and items[1].code == ErrorCode.DUPLICATE_ID


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_keeps_records_before_the_damage_and_reports_the_file(tmp_path, gz):
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    recs = [("response", f"https://news.example.test/a/{i}", 200, "text/html", page(f"기사 {i}").encode())
            for i in range(5)]
    write_warc(path, recs, gz=gz)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.7)])
    items = list(read_inputs([path]))
    arts = [i for i in items if isinstance(i, Article)]
    assert 1 <= len(arts) < 5
    assert isinstance(items[-1], DocError) and items[-1].code == ErrorCode.UNREADABLE
    assert items[-1].origin == str(path)


def test_complete_warc_is_not_reported_as_damaged(tmp_path):
    for gz in (True, False):
        path = tmp_path / ("ok.warc.gz" if gz else "ok.warc")
        write_warc(path, news_records(), gz=gz)
        assert not [i for i in read_inputs([path]) if isinstance(i, DocError) and i.code == ErrorCode.UNREADABLE]


def test_jsonl_gz_is_read_line_by_line_with_the_same_rules_as_jsonl(tmp_path):
    path = tmp_path / "docs.jsonl.gz"
    lines = [json.dumps({"id": "d1", "text": BODY, "url": "https://x.test/1"}, ensure_ascii=False),
             "{broken",
             json.dumps({"id": "d2", "text": "라마식품은 새 공장을 지었다."}, ensure_ascii=False)]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    items = list(read_inputs([path]))
    assert [type(i).__name__ for i in items] == ["Article", "DocError", "Article"]
    assert items[0].text == BODY and items[0].url == "https://x.test/1"
    assert items[1].code == ErrorCode.INVALID_JSON and items[1].origin == f"{path}:2"


def test_jsonl_gz_that_is_not_gzip_is_reported_not_raised(tmp_path):
    path = tmp_path / "plain.jsonl.gz"
    path.write_text('{"id": "a", "text": "가나다"}\n', encoding="utf-8")
    items = list(read_inputs([path]))
    assert len(items) == 1 and items[0].code == ErrorCode.UNREADABLE


def test_cc_news_listing_reads_local_warcs_and_reports_missing_ones(tmp_path):
    month = tmp_path / "crawl-data" / "CC-NEWS" / "2024" / "01"
    month.mkdir(parents=True)
    name = "CC-NEWS-20240101000000-00001.warc.gz"
    write_warc(month / name, news_records()[:2], gz=True)
    listing = month / "warc.paths.gz"
    with gzip.open(listing, "wt", encoding="utf-8") as fh:
        fh.write(f"crawl-data/CC-NEWS/2024/01/{name}\ncrawl-data/CC-NEWS/2024/01/CC-NEWS-missing.warc.gz\n")
    items = list(read_inputs([listing]))
    assert [i.doc_id for i in items if isinstance(i, Article)] == ["https://news.example.test/a/1"]
    missing = [i for i in items if isinstance(i, DocError)]
    assert len(missing) == 1 and missing[0].code == ErrorCode.NOT_FOUND
    assert "CC-NEWS-missing.warc.gz" in missing[0].origin


def test_folder_walk_reads_archives_beside_plain_files_and_skips_listings(tmp_path, monkeypatch):
    root = tmp_path / "archive"
    (root / "crawl-data" / "CC-NEWS" / "2024" / "01").mkdir(parents=True)
    write_warc(root / "crawl-data" / "CC-NEWS" / "2024" / "01" / "CC-NEWS-1.warc.gz", news_records()[:2], gz=True)
    with gzip.open(root / "crawl-data" / "CC-NEWS" / "2024" / "01" / "warc.paths.gz", "wt") as fh:
        fh.write("crawl-data/CC-NEWS/2024/01/CC-NEWS-1.warc.gz\n")
    (root / "a.txt").write_text("마바물산은 사바상사와 손잡았다.", encoding="utf-8")
    with gzip.open(root / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "j1", "text": "아자건설이 수주했다."}, ensure_ascii=False) + "\n")
    before = sorted(p.name for p in root.rglob("*"))
    monkeypatch.chdir(tmp_path)
    files = [f.doc_id for f in discover_files(["archive"])]
    assert files == ["archive/a.txt", "archive/b.jsonl.gz", "archive/crawl-data/CC-NEWS/2024/01/CC-NEWS-1.warc.gz"]
    ids = [i.doc_id for i in read_inputs(["archive"]) if isinstance(i, Article)]
    assert ids == ["archive/a.txt", "j1", "https://news.example.test/a/1"]
    assert sorted(p.name for p in root.rglob("*")) == before  # nothing unpacked to disk


@pytest.mark.parametrize("name,expected", [
    ("x.warc.gz", True), ("X.WARC", True), ("x.jsonl.gz", True), ("warc.paths.gz", True),
    ("x.txt.gz", False), ("x.gz", False), ("x.jsonl", False),
])
def test_archive_suffixes_are_recognised_by_their_double_suffix(name, expected):
    assert is_archive(Path(name)) is expected


ENGLISH = ("Acme Robotics signed a supply agreement with Globex on Monday, the companies said. "
           "The deal covers warehouse robots for three years.") * 3
JAPANESE = "ヤマト電機は東西化学と電池材料の共同開発で合意したと発表した。言語: English | 中文 | 한국어 " * 3


def test_pages_that_are_not_korean_are_passed_over_before_parsing_and_counted_once_per_file(tmp_path, monkeypatch):
    from kdeal.pipeline import archives
    from kdeal.pipeline.inputs import ReadOptions

    parsed: list[str] = []
    real_parse = archives.parse_html
    monkeypatch.setattr(archives, "parse_html", lambda html, doc_id, **kw: parsed.append(doc_id) or
                        real_parse(html, doc_id, **kw))
    path = tmp_path / "cc-news.warc.gz"
    write_warc(path, [
        ("response", "https://en.example.test/1", 200, "text/html", page("Robots", ENGLISH).encode()),
        ("response", "https://ko.example.test/1", 200, "text/html; charset=utf-8", page("첫 기사").encode()),
        ("response", "https://ja.example.test/1", 200, "text/html; charset=utf-8", page("電池", JAPANESE).encode()),
    ], gz=True)
    items = list(read_inputs([path]))
    assert [i.doc_id for i in items if isinstance(i, Article)] == ["https://ko.example.test/1"]
    assert parsed == ["https://ko.example.test/1"]  # the others never reached the parser
    errs = [i for i in items if isinstance(i, DocError)]
    assert [(e.code, e.origin) for e in errs] == [(ErrorCode.NOT_KOREAN, str(path))]
    assert errs[0].message.startswith("2 of 3 pages passed over: not Korean")
    everything = list(read_inputs([path], ReadOptions(min_hangul_share=0)))
    assert len([i for i in everything if isinstance(i, Article)]) == 3


def test_the_hangul_share_ignores_markup():
    from kdeal.pipeline.language import hangul_share, looks_korean

    assert looks_korean(page("첫 기사"))
    assert hangul_share("<div class='x'>가나다</div>") == 1.0
    assert not looks_korean(page("電池", JAPANESE)) and not looks_korean(page("Robots", ENGLISH))
