"""Document ids: unique per input and the same in every run.

A file's id is its path as given (a folder's files: the folder as given and the
path below it); standard input's is a hash of its bytes; JSONL lines keep their
own ids (``FILE:LINE`` without one) and WARC records their URL.
"""
from __future__ import annotations

import io
import json

import sqlalchemy as sa
from dbsupport import db_url  # noqa: F401
from kdeal.pipeline.api import run_extract
from kdeal.pipeline.readers import read_inputs

from kdeal.records import Article

SENTENCE = "가온전자는 누리바이오와 배터리 소재 공동 개발 협약을 맺었다."
OTHER = "다솜화학㈜는 라온소재㈜와 반도체 소재 공급 계약을 체결했다고 밝혔다."


def _ids(*paths, stdin=None) -> list[str]:
    return [i.doc_id for i in read_inputs(list(paths), stdin=stdin) if isinstance(i, Article)]


def _two_files_one_name(root) -> None:
    for folder, text in (("a", SENTENCE), ("b", OTHER)):
        (root / folder).mkdir()
        (root / folder / "x.txt").write_text(text, encoding="utf-8")


def test_two_files_with_one_name_get_their_paths_as_ids(tmp_path, monkeypatch):
    _two_files_one_name(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _ids("a/x.txt", "b/x.txt") == ["a/x.txt", "b/x.txt"]
    assert _ids("./a/x.txt", "a//x.txt") == ["a/x.txt"]  # one file named twice is read once
    assert _ids("a", "b") == ["a/x.txt", "b/x.txt"]
    assert _ids(".") == ["a/x.txt", "b/x.txt"]
    assert _ids(str(tmp_path / "a")) == [f"{tmp_path.as_posix()}/a/x.txt"]


def test_two_files_with_one_name_are_two_documents_in_the_database(nlp, tmp_path, monkeypatch, db_url):
    _two_files_one_name(tmp_path)
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # a rerun writes the same ids again, adding nothing
        summary = run_extract(["a/x.txt", "b/x.txt"], "out", db_url=db_url, nlp=nlp, write_csv=False)
        assert summary.documents == 2 and not summary.errors
    engine = sa.create_engine(db_url)
    with engine.connect() as c:
        docs = dict(c.execute(sa.text("SELECT doc_id, text FROM documents ORDER BY doc_id")).all())
        deal_docs = sorted(r[0] for r in c.execute(sa.text("SELECT doc_id FROM deal_evidence")))
    engine.dispose()
    assert docs == {"a/x.txt": SENTENCE, "b/x.txt": OTHER}
    assert deal_docs == ["a/x.txt", "b/x.txt"]


def test_jsonl_lines_keep_their_ids_and_others_get_the_files_path(tmp_path, monkeypatch):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "docs.jsonl").write_text(
        json.dumps({"id": "n1", "text": SENTENCE}, ensure_ascii=False) + "\n"
        + json.dumps({"text": OTHER}, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "d" / "feed.xml").write_text(
        f"<rss><channel><item><title>t</title><description>{SENTENCE}</description></item></channel></rss>",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _ids("d") == ["n1", "d/docs.jsonl:2", "d/feed.xml#1"]


def test_standard_input_gets_a_hash_of_its_bytes_the_same_in_every_run():
    first = _ids("-", stdin=io.BytesIO(SENTENCE.encode()))
    again = _ids("-", stdin=io.BytesIO(SENTENCE.encode()))
    other = _ids("-", stdin=io.BytesIO(OTHER.encode()))
    assert first == again and first[0].startswith("stdin:") and len(first[0]) == len("stdin:") + 16
    assert other != first
    lines = (json.dumps({"text": SENTENCE}, ensure_ascii=False) + "\n").encode()
    assert _ids("-", stdin=io.BytesIO(lines))[0].endswith(":1")  # JSON lines without ids: STDIN_ID:LINE
