"""Spark runner: a real local[2] session gives the same records as the local runner."""
from __future__ import annotations

import gzip
import json
import os
import shutil

import pytest
from kdeal.pipeline.options import ExtractOptions
from kdeal.pipeline.readers import read_inputs
from kdeal.pipeline.runners.local import LocalRunner

from kdeal.errors import DocError

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'kdeal[spark]')")

from kdeal.pipeline.runners.spark import (
    DEAL_COLUMNS,
    MENTION_COLUMNS,
    json_of,
    read_parquet_records,
    row_of,
    run_spark,
    spark_session,
)

pytestmark = pytest.mark.spark

TEXTS = [
    "가나전자는 다라화학과 배터리 소재 공동 개발 협약을 맺었다고 밝혔다.",
    "(주)마바물산은 10여 개 회원사와 함께 판로 개척에 나섰다.",
    "사아건설이 자차그룹과 146건의 계약을 체결했다.",
    "주식회사 하나기술은 23개 협력사와 상생협력 협약을 체결했다.",
    "카타식품, 파하유통, 가나전자가 협업하여 새 브랜드를 내놓았다.",
]


@pytest.fixture(scope="module")
def spark():
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("Spark needs Java (17 or later) and none is installed")
    session = spark_session("local[2]", app_name="kdeal-test")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("spark-corpus")
    (root / "a.txt").write_text(TEXTS[0] + "\n" + TEXTS[4], encoding="utf-8")
    (root / "b.jsonl").write_text("\n".join(json.dumps({"id": f"b{i}", "text": t}, ensure_ascii=False)
                                            for i, t in enumerate(TEXTS[1:4])) + "\n{oops\n", encoding="utf-8")
    with gzip.open(root / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "c0", "text": " ".join(TEXTS)}, ensure_ascii=False) + "\n")
    (root / "empty.txt").write_text("", encoding="utf-8")
    return root


def local_records(nlp, root):
    mentions, deals, errors = [], [], []
    for r in LocalRunner(ExtractOptions(), workers=1, nlp=nlp).run(read_inputs([root])):
        if isinstance(r, DocError):
            errors.append(r.to_json())
            continue
        mentions += [m.to_json() for m in r.mentions]
        deals += [d.to_json() for d in r.deals]
    return mentions, deals, errors


def test_spark_local_run_writes_the_local_runners_records_in_the_same_order(spark, corpus, nlp, tmp_path):
    out = tmp_path / "out"
    summary = run_spark([corpus], out, spark=spark, partitions=2)
    mentions, deals, errors = local_records(nlp, corpus)
    assert mentions and deals  # the comparison is about real records
    assert read_parquet_records(out, "mentions") == mentions
    assert read_parquet_records(out, "deals") == deals
    assert read_parquet_records(out, "errors") == errors
    assert (summary.mentions, summary.deals, len(summary.errors) + len(summary.warnings)) == \
        (len(mentions), len(deals), len(errors))
    assert summary.files == 4


def test_spark_run_replaces_old_output_only_when_complete(spark, corpus, tmp_path):
    out = tmp_path / "out"
    run_spark([corpus / "a.txt"], out, spark=spark)
    first = read_parquet_records(out, "mentions")
    with pytest.raises(Exception, match="no_such_component"):  # Spark wraps the worker's error in its own
        run_spark([corpus / "a.txt"], out, spark=spark, options=ExtractOptions(components=("no_such_component",)))
    assert read_parquet_records(out, "mentions") == first
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_parquet_rows_decode_to_the_jsonl_dicts():
    deal = {"deal_id": "x", "doc_id": "d", "type": "collaboration", "status": "done",
            "parties": [{"name": "가", "canonical": "가", "kind": "company", "side": "a"}],
            "group": None, "quantities": [{"text": "10개", "value": 10, "approx": False, "unit": "개", "noun": None}],
            "period": None, "subject": None, "evidence": {"sentence": "s", "start": 0, "end": 1},
            "source": {"url": None, "title": None, "published": None, "outlet": None},
            "schema_version": "1.0", "kdeal_version": "0.1.0", "model_id": "crf-x", "run_id": 3,
            "fetched_at": "2026-01-01T00:00:00+00:00"}
    row = dict(zip([c for c, _ in DEAL_COLUMNS], row_of(deal, DEAL_COLUMNS)))
    assert json_of(row, DEAL_COLUMNS) == deal
    with pytest.raises(Exception, match="schema lacks"):
        row_of({"doc_id": "d", "start": 0, "end": 1, "new_field": 1}, MENTION_COLUMNS)


def _shard_rows(out, name):
    from kdeal.pipeline.shards import SHARDS

    folders = sorted((out / SHARDS).iterdir(), key=lambda p: json.loads((p / "DONE.json").read_text())["input"])
    return [r for folder in folders for r in read_parquet_records(folder, name)]


def test_spark_shards_resume_after_a_crash_and_hold_the_unsharded_rows(spark, corpus, tmp_path, monkeypatch):
    """Two inputs, two shard folders; a shard whose marker is gone (a crash before it was written) is
    the only one done again, and the shards together hold the rows of the unsharded run."""
    from kdeal.pipeline.api import run_spark as api_run_spark
    from kdeal.pipeline.runners import spark as spark_runner
    from kdeal.pipeline.shards import DONE, SHARDS

    inputs = [corpus / "a.txt", corpus / "b.jsonl"]
    out = tmp_path / "out"
    first = api_run_spark(inputs, out, shards=True, spark=spark)
    folders = sorted((out / SHARDS).iterdir())
    assert len(folders) == 2 and all((f / DONE).is_file() for f in folders)
    assert all((f / f"{n}.parquet").is_dir() for f in folders for n in ("mentions", "deals", "errors"))
    assert (first.files, first.shards_written, first.shards_skipped) == (2, 2, 0)
    a_folder = next(f for f in folders if json.loads((f / DONE).read_text())["input"].endswith("a.txt"))
    b_folder = next(f for f in folders if f is not a_folder)
    kept = {p: p.stat().st_mtime_ns for p in b_folder.rglob("*")}

    (a_folder / DONE).unlink()  # the run died while writing a.txt's shard
    sent: list[list[str]] = []
    real = spark_runner._extract_rows
    monkeypatch.setattr(spark_runner, "_extract_rows",
                        lambda s, files, *a: sent.append([os.path.basename(p) for _, p, _ in files]) or real(s, files, *a))
    again = api_run_spark(inputs, out, shards=True, spark=spark)
    assert sent == [["a.txt"]]
    assert (again.files, again.shards_written, again.shards_skipped) == (1, 1, 1)
    assert (a_folder / DONE).is_file()
    assert {p: p.stat().st_mtime_ns for p in b_folder.rglob("*")} == kept  # untouched

    whole = tmp_path / "whole"
    run_spark(inputs, whole, spark=spark)
    for name in ("mentions", "deals", "errors"):
        assert _shard_rows(out, name) == read_parquet_records(whole, name)
    assert read_parquet_records(whole, "deals")  # the comparison is about real records
    assert not [p for f in folders for p in f.iterdir() if p.name.startswith(".")]


def test_spark_shards_cli_help_and_a_missing_input(spark, corpus, tmp_path):
    from click.testing import CliRunner
    from kdeal.pipeline.api import run_spark as api_run_spark
    from kdeal.pipeline.cli import cli

    assert "--shards" in CliRunner().invoke(cli, ["spark", "--help"]).output
    out = tmp_path / "out"
    summary = api_run_spark([corpus / "a.txt", tmp_path / "gone.txt"], out, shards=True, spark=spark)
    assert (summary.shards_written, len(summary.errors)) == (1, 1)
    assert "gone.txt" in (out / "errors.jsonl").read_text(encoding="utf-8")
    assert "1 shards written, 0 done before" in summary.line()
