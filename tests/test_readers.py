"""Local inputs: every supported type, and bad input skipped with a named reason."""
from __future__ import annotations

import json

from kdeal.pipeline.readers import ReadOptions, read_inputs

from kdeal.errors import DocError, ErrorCode
from kdeal.records import Article


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, DocError)]


def test_txt_is_read_exactly_as_given(tmp_path, monkeypatch):
    text = "가온테크는\r\n누리바이오와  협업했다.\n"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    arts, errs = split(read_inputs(["a.txt"]))
    assert not errs and arts[0].text == text and arts[0].doc_id == "a.txt"


def test_txt_in_cp949_is_decoded(tmp_path):
    (tmp_path / "b.txt").write_bytes("다솜푸드와 협약을 맺었다.".encode("cp949"))
    arts, _ = split(read_inputs([tmp_path / "b.txt"]))
    assert arts[0].text == "다솜푸드와 협약을 맺었다."


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    (tmp_path / "c.txt").write_bytes(b"\xef\xbb\xbf" + "본문".encode())
    arts, _ = split(read_inputs([tmp_path / "c.txt"]))
    assert arts[0].text == "본문"


def test_jsonl_ids_become_doc_ids_and_bad_lines_do_not_stop_the_file(tmp_path):
    p = tmp_path / "docs.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "n1", "text": "가온테크가 투자했다.", "url": "https://example.com/1"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"id": "n2"}),
        json.dumps({"id": 7, "text": "둘째 문서"}),
        json.dumps({"id": "n1", "text": "중복"}),
        json.dumps({"id": "n3", "text": "   "}),
    ]), encoding="utf-8")
    arts, errs = split(read_inputs([p]))
    assert [a.doc_id for a in arts] == ["n1", "7"]
    assert arts[0].url == "https://example.com/1"
    codes = [(e.code, e.origin.rsplit(":", 1)[1]) for e in errs]
    assert codes == [(ErrorCode.INVALID_JSON, "2"), (ErrorCode.INVALID_RECORD, "3"),
                     (ErrorCode.INVALID_RECORD, "4"), (ErrorCode.DUPLICATE_ID, "6"), (ErrorCode.EMPTY, "7")]


def test_jsonl_lone_surrogates_become_replacement_chars_keeping_offsets(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"id": "s", "text": "a\\ud800b"}\n', encoding="utf-8")
    arts, _ = split(read_inputs([p]))
    assert arts[0].text == "a\ufffdb"


def test_empty_binary_and_unknown_files_are_errors_naming_the_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b"  \n ")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "data.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "ok.txt").write_text("정상 문서", encoding="utf-8")
    paths = [tmp_path / n for n in ("empty.txt", "blank.html", "bin.txt", "data.docx", "ok.txt", "missing.txt")]
    arts, errs = split(read_inputs(paths))
    assert [a.doc_id for a in arts] == [f"{tmp_path.as_posix()}/ok.txt"]
    by_name = {e.origin.rsplit("/", 1)[-1]: e.code for e in errs}
    assert by_name == {"empty.txt": ErrorCode.EMPTY, "blank.html": ErrorCode.EMPTY, "bin.txt": ErrorCode.BINARY,
                       "data.docx": ErrorCode.UNSUPPORTED_TYPE, "missing.txt": ErrorCode.NOT_FOUND}
    assert all(str(tmp_path) in e.origin for e in errs)


def test_too_large_file_is_skipped(tmp_path):
    (tmp_path / "big.txt").write_text("가" * 5000, encoding="utf-8")
    _, errs = split(read_inputs([tmp_path / "big.txt"], ReadOptions(max_file_bytes=1000)))
    assert errs[0].code == ErrorCode.TOO_LARGE


def test_folders_are_walked_in_a_stable_order_with_relative_ids_and_other_files_passed_over(tmp_path, monkeypatch):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("둘", encoding="utf-8")
    (tmp_path / "a.txt").write_text("하나", encoding="utf-8")
    (tmp_path / "README.md").write_text("# not input", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("숨김", encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)
    arts, errs = split(read_inputs([tmp_path.name]))
    assert [a.doc_id for a in arts] == [f"{tmp_path.name}/a.txt", f"{tmp_path.name}/b/z.txt"] and not errs


def test_feed_items_become_articles(fixtures_dir):
    arts, errs = split(read_inputs([fixtures_dir / "chardet__acnnewswire.net.xml"]))
    assert not errs and len(arts) == 8
    assert arts[0].doc_id.endswith("#1") and arts[0].published.startswith("2005-12")
    assert "ATM" in arts[0].text and "계약" in arts[0].text and arts[0].url.startswith("http")


def test_html_page_becomes_one_article_with_hangul_text(fixtures_dir):
    arts, errs = split(read_inputs([fixtures_dir / "htmldate__1538026996.html"]))
    assert not errs and "코로나19" in arts[0].text and "흥덕산업" in arts[0].text
