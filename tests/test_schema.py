"""JSON Schema from the record dataclasses; every line kdeal writes validates against it."""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from kdeal.pipeline.cli import main
from viewsupport import extract_news

from kdeal.records import Provenance
from kdeal.schema import FIELD_DOCS, RECORDS, documented_keys, json_schema


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    return extract_news(tmp_path_factory.mktemp("news"))


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _validator(name):
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_every_schema_is_valid_json_schema_and_closed(name):
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert all(d["additionalProperties"] is False for d in schema.get("$defs", {}).values())


def test_every_key_of_every_schema_is_described():
    assert documented_keys() == set(FIELD_DOCS)


def test_every_line_of_extract_validates_and_carries_offsets_and_provenance(news, tmp_path):
    deals, mentions = _lines(news.out / "deals.jsonl"), _lines(news.out / "mentions.jsonl")
    assert len(deals) >= 6 and len(mentions) >= 10
    for name, lines in (("deals", deals), ("mentions", mentions)):
        v = _validator(name)
        for line in lines:
            v.validate(line)
            assert set(Provenance().to_json()) <= set(line)
            assert line["model_id"].startswith("crf-") and line["run_id"] is None
    texts = {json.loads(x)["id"]: json.loads(x)["text"] for x in (news.out.parent / "news.jsonl").read_text(
        encoding="utf-8").splitlines()}
    for d in deals:
        text = texts[d["doc_id"]]
        for p in d["parties"]:
            assert text[p["start"]:p["end"]] == p["name"]
        for q in d["quantities"]:
            assert text[q["start"]:q["end"]] == q["text"]


def test_articles_errors_and_export_lines_validate(news, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "one.txt").write_text("가온전자는 누리바이오와 업무협약을 체결했다.", encoding="utf-8")
    assert main(["-q", "parse", str(tmp_path / "in"), "--out", str(tmp_path / "p")]) == 0
    errors = _lines(tmp_path / "p" / "errors.jsonl")
    assert [e["code"] for e in errors] == ["E102-empty"]
    for name, lines in (("articles", _lines(tmp_path / "p" / "articles.jsonl")), ("errors", errors)):
        for line in lines:
            _validator(name).validate(line)
    assert main(["-q", "export", "--db", news.db_url, "--out", str(tmp_path / "e.jsonl")]) == 0
    exported = _lines(tmp_path / "e.jsonl")
    assert exported and all(r["reports"] for r in exported)
    for line in exported:
        _validator("export").validate(line)
    assert {r["model_id"] for line in exported for r in line["reports"]} == {_lines(news.out / "deals.jsonl")[0]["model_id"]}


def test_a_key_the_dataclass_does_not_declare_fails_validation(news):
    line = _lines(news.out / "deals.jsonl")[0]
    v = _validator("deals")
    assert not list(v.iter_errors(line))
    assert list(v.iter_errors({**line, "confidence": 0.9}))
    assert list(v.iter_errors({**line, "status": "rumoured"}))


def test_kdeal_schema_prints_the_generated_schema(capsys):
    assert main(["schema", "mentions"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema("mentions")
    assert main(["schema", "nothing"]) != 0


def test_csv_with_bom_opens_as_utf8_in_excel(news, tmp_path):
    from kdeal.pipeline.cli import main as cli

    assert cli(["-q", "extract", str(news.out.parent / "news.jsonl"), "--out", str(tmp_path / "o"), "--excel",
                "--workers", "1"]) == 0
    raw = (tmp_path / "o" / "deals.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "가온전자" in raw.decode("utf-8-sig")
    assert not (news.out / "deals.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert cli(["-q", "export", "--db", news.db_url, "--format", "csv", "--table", "pairs", "--bom",
                "--out", str(tmp_path / "pairs.csv")]) == 0
    assert (tmp_path / "pairs.csv").read_bytes().startswith(b"\xef\xbb\xbfa,b,deals,reports,first,last,types")
    assert cli(["-q", "export", "--db", news.db_url, "--format", "parquet", "--bom",
                "--out", str(tmp_path / "x.parquet")]) == 1
