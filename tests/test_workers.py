"""Local worker processes: same records as one process, in input order, with flat memory."""
from __future__ import annotations

import json
import os
import textwrap

import pytest
from click.testing import CliRunner
from kdeal.pipeline.options import ExtractOptions, default_workers
from kdeal.pipeline.runners.local import LocalRunner, default_start_method

from kdeal.errors import DocError, ErrorCode, KdealError
from kdeal.records import Article, DocResult

SENTENCES = [
    "가나전자는 다라화학과 배터리 소재 공동 개발 협약을 맺었다고 밝혔다.",
    "(주)마바물산은 10여 개 회원사와 함께 판로 개척에 나섰다.",
    "사아건설이 자차그룹과 146건의 계약을 체결했다.",
    "카타식품, 파하유통, 가나전자가 협업하여 새 브랜드를 내놓았다.",
    "올해 상반기 수출은 지난해보다 4~5배 늘었다.",
    "주식회사 하나기술은 23개 협력사와 상생협력 협약을 체결했다.",
]


def make_items(n: int) -> list:
    """Articles with reading errors in between, as ``read_inputs`` yields them."""
    items: list = []
    for i in range(n):
        if i % 7 == 3:
            items.append(DocError(ErrorCode.INVALID_JSON, f"input.jsonl:{i}", "invalid JSON"))
            continue
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3))
        items.append(Article(doc_id=f"d{i}", text=text, url=f"https://x.test/{i}"))
    return items


def as_json(results) -> list:
    out = []
    for r in results:
        if isinstance(r, DocError):
            out.append(("error", r.to_json()))
        else:
            out.append(("doc", r.article.doc_id, [m.to_json() for m in r.mentions],
                        [q.to_json() for q in r.quantities], [d.to_json() for d in r.deals]))
    return out


@pytest.fixture(scope="module")
def one_process(nlp):
    items = make_items(40)
    return items, as_json(LocalRunner(ExtractOptions(), workers=1, nlp=nlp).run(items))


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_two_workers_give_the_same_records_in_the_same_order_as_one(one_process, start_method):
    items, expected = one_process
    assert any(e[0] == "doc" and e[2] for e in expected)  # the comparison covers real mentions
    runner = LocalRunner(ExtractOptions(), workers=2, batch_docs=3, start_method=start_method)
    got = as_json(runner.run(items))
    assert got == expected
    assert len(runner.stats.peak_rss) == 2  # both workers did work
    assert os.getpid() not in runner.stats.peak_rss
    assert runner.stats.restarts == 0


def test_workers_send_back_only_what_they_extracted_and_results_carry_the_callers_articles(nlp):
    items = make_items(12)
    results = list(LocalRunner(ExtractOptions(), workers=2, batch_docs=2, nlp=nlp).run(items))
    assert all(r is i for r, i in zip(results, items) if isinstance(i, DocError))
    assert all(r.article is i for r, i in zip(results, items) if isinstance(i, Article))


def test_workers_are_forked_on_linux_unless_kiwi_runs_its_own_threads():
    assert default_start_method(ExtractOptions()) == "fork"
    assert default_start_method(ExtractOptions(kiwi_threads=2)) == "spawn"
    assert LocalRunner(ExtractOptions(kiwi_threads=2), workers=2).start_method == "spawn"
    with pytest.raises(KdealError, match="fork or spawn"):
        LocalRunner(workers=2, start_method="thread")


def test_worker_input_is_consumed_in_bounded_batches_not_all_at_once():
    consumed = 0
    lag: list[int] = []

    def source():
        nonlocal consumed
        for item in make_items(60):
            consumed += 1
            yield item

    runner = LocalRunner(ExtractOptions(components=()), workers=2, batch_docs=2, prefetch=1)
    yielded = 0
    for _ in runner.run(source()):
        yielded += 1
        lag.append(consumed - yielded)
    assert yielded == 60
    # at most workers * prefetch batches in flight, plus the batch being yielded
    assert max(lag) <= 2 * 1 * 2 + 2


CRASH_PLUGIN = textwrap.dedent('''
    """A component that kills its process on a marker: a stand-in for a native crash."""
    import os
    from spacy.language import Language

    @Language.component("test_crash_on_marker")
    def crash_on_marker(doc):
        if "<<CRASH>>" in doc.text:
            os._exit(3)
        return doc
''')


@pytest.fixture()
def crash_plugin(tmp_path, monkeypatch):
    (tmp_path / "kdeal_test_crash_plugin.py").write_text(CRASH_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "kdeal_test_crash_plugin"


def test_a_document_that_kills_its_worker_is_skipped_and_the_others_survive(crash_plugin):
    items = [Article(doc_id=f"d{i}", text=SENTENCES[i % len(SENTENCES)]) for i in range(10)]
    items[4] = Article(doc_id="bad", text="가나전자 <<CRASH>> 다라화학", origin="bad.txt")
    options = ExtractOptions(components=("kdeal_companies", "test_crash_on_marker"))
    runner = LocalRunner(options, workers=2, batch_docs=2, plugins=[crash_plugin])
    results = list(runner.run(items))
    assert [r.article.doc_id if isinstance(r, DocResult) else r.doc_id for r in results] == \
        [i.doc_id for i in items]
    bad = results[4]
    assert isinstance(bad, DocError) and bad.code == ErrorCode.EXTRACT
    assert "killed its worker" in bad.message and bad.origin == "bad.txt"
    assert all(isinstance(r, DocResult) for i, r in enumerate(results) if i != 4)
    assert runner.stats.restarts >= 2  # once when the pool broke, once when the culprit was retried alone


CRASH_AFTER_SIGNAL_PLUGIN = textwrap.dedent('''
    """Kills its process on a marker, after leaving a file that says so."""
    import os
    from pathlib import Path
    from spacy.language import Language

    @Language.component("test_crash_and_tell")
    def crash_and_tell(doc):
        if "<<CRASH>>" in doc.text:
            Path(os.environ["KDEAL_TEST_CRASHED"]).write_text("crashed")
            os._exit(3)
        return doc
''')


def test_a_worker_that_dies_while_input_is_still_being_read_is_replaced(tmp_path, monkeypatch):
    """The input waits until the crash has happened, so later batches meet the broken pool."""
    import time

    (tmp_path / "kdeal_test_crash_tell.py").write_text(CRASH_AFTER_SIGNAL_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    flag = tmp_path / "crashed"
    monkeypatch.setenv("KDEAL_TEST_CRASHED", str(flag))
    items = [Article(doc_id=f"d{i}", text=SENTENCES[i % len(SENTENCES)]) for i in range(12)]
    items[1] = Article(doc_id="bad", text="가나전자 <<CRASH>> 다라화학")

    def source():
        for i, item in enumerate(items):
            if i == 4:  # the first two batches are in flight and the third is asked for: wait for the crash
                deadline = time.monotonic() + 60
                while not flag.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                time.sleep(0.5)  # let the pool notice
            yield item

    options = ExtractOptions(components=("kdeal_companies", "test_crash_and_tell"))
    runner = LocalRunner(options, workers=2, batch_docs=2, prefetch=2, plugins=["kdeal_test_crash_tell"])
    results = list(runner.run(source()))
    assert flag.exists()
    assert [r.article.doc_id if isinstance(r, DocResult) else r.doc_id for r in results] == \
        [i.doc_id for i in items]
    assert isinstance(results[1], DocError) and results[1].code == ErrorCode.EXTRACT
    assert all(isinstance(r, DocResult) for i, r in enumerate(results) if i != 1)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_a_pipeline_that_cannot_be_built_fails_the_run_with_its_reason(start_method):
    runner = LocalRunner(ExtractOptions(components=("no_such_component",)), workers=2, batch_docs=1,
                         start_method=start_method)
    with pytest.raises(KdealError, match="cannot build the pipeline.*no_such_component"):
        list(runner.run(make_items(4)))


def test_input_of_one_batch_is_processed_in_process_without_a_pool(nlp):
    items = make_items(5)
    runner = LocalRunner(ExtractOptions(), workers=2, batch_docs=64, nlp=nlp)
    got = as_json(runner.run(items))
    assert got == as_json(LocalRunner(ExtractOptions(), workers=1, nlp=nlp).run(items))
    assert list(runner.stats.peak_rss) == [os.getpid()]


def test_zero_workers_is_refused():
    with pytest.raises(KdealError):
        LocalRunner(workers=0)


def test_default_workers_is_the_number_of_usable_cores():
    assert default_workers() == len(os.sched_getaffinity(0))


def test_extract_command_writes_identical_files_with_one_and_two_workers(tmp_path, nlp):
    from kdeal.pipeline.cli import cli

    data = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": a.doc_id, "text": a.text}, ensure_ascii=False)
             for a in make_items(12) if isinstance(a, Article)]
    data.write_text("\n".join(lines) + "\n{not json\n", encoding="utf-8")
    outs = {}
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        res = CliRunner().invoke(cli, ["extract", str(data), "--out", str(out), "--workers", str(n)])
        assert res.exit_code == 0, res.output
        outs[n] = {name: (out / name).read_text(encoding="utf-8")
                   for name in ("mentions.jsonl", "deals.jsonl", "deals.csv", "errors.jsonl")}
    assert outs[1] == outs[2]
    assert outs[1]["mentions.jsonl"].strip() and "E120-invalid-json" in outs[1]["errors.jsonl"]


@pytest.mark.parametrize("command", ["extract", "run", "ingest"])
def test_workers_option_is_documented_on_commands(command):
    from kdeal.pipeline.cli import cli

    res = CliRunner().invoke(cli, [command, "--help"])
    assert res.exit_code == 0 and "--workers" in res.output


def test_spark_command_is_documented_without_needing_pyspark_to_show_help():
    from kdeal.pipeline.cli import cli

    res = CliRunner().invoke(cli, ["spark", "--help"])
    assert res.exit_code == 0 and "--master" in res.output and "--out" in res.output
