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
