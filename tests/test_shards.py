"""``extract --shards``: one folder per input archive; a run stopped halfway resumes where it stopped."""
from __future__ import annotations

import json
import os

import pytest
from kdeal.pipeline import readers
from kdeal.pipeline.api import run_extract
from kdeal.pipeline.cli import main
from kdeal.pipeline.shards import DONE, SHARDS, run_extract_shards
from test_archives import page, write_warc

BODIES = ["가나전자는 다라화학과 배터리 소재 공동 개발 협약을 맺었다고 밝혔다.",
          "마바식품은 사아유통과 신제품 공급 계약을 체결했다고 밝혔다.",
          "자차로봇은 카타물류와 창고 자동화 업무협약을 맺었다고 밝혔다."]


@pytest.fixture(scope="module")
def nlp():
    from kdeal.pipeline.nlp import get_nlp
    from kdeal.pipeline.options import ExtractOptions

    return get_nlp(ExtractOptions())


@pytest.fixture
def archives(tmp_path):
    folder = tmp_path / "cc"
    folder.mkdir()
    for n, body in enumerate(BODIES):
        write_warc(folder / f"part-{n}.warc.gz", [
            ("response", f"https://news{n}.example.test/a/{i}", 200, "text/html; charset=utf-8",
             page(f"기사 {i}", body).encode()) for i in range(2)], gz=True)
    return folder


def _deals(folder) -> list[tuple]:
    out = []
    for path in sorted(folder.rglob("deals.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            out.append((d["doc_id"], d["evidence"]["sentence"]))
    return sorted(out)


def test_a_run_stopped_halfway_resumes_with_the_archives_not_done(tmp_path, archives, nlp, monkeypatch):
    out = tmp_path / "out"
    real = readers.read_file

    def read_until_the_last(f, opts=None):
        if f.path.name == "part-2.warc.gz":
            raise KeyboardInterrupt  # the operator stops the run on the third archive
        return real(f, opts) if opts else real(f)

    monkeypatch.setattr(readers, "read_file", read_until_the_last)
    with pytest.raises(KeyboardInterrupt):
        run_extract_shards([archives], out, nlp=nlp, workers=1)
    done = sorted(p.parent.name.split("-")[0] for p in (out / SHARDS).glob(f"*/{DONE}"))
    assert len(done) == 2
    monkeypatch.setattr(readers, "read_file", real)
    read: list[str] = []
    monkeypatch.setattr(readers, "read_file", lambda f, opts=None: read.append(f.path.name) or real(f, opts))
    again = run_extract_shards([archives], out, nlp=nlp, workers=1)
    assert read == ["part-2.warc.gz"] and (again.shards_written, again.shards_skipped) == (1, 2)
    whole = run_extract([archives], tmp_path / "whole", nlp=nlp, workers=1)
    assert _deals(out / SHARDS) == _deals(tmp_path / "whole") and whole.deals == len(_deals(out / SHARDS)) > 0


def test_a_changed_archive_is_done_again(tmp_path, archives, nlp):
    out = tmp_path / "out"
    run_extract_shards([archives], out, nlp=nlp, workers=1)
    st = (archives / "part-1.warc.gz").stat()
    os.utime(archives / "part-1.warc.gz", ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    again = run_extract_shards([archives], out, nlp=nlp, workers=1)
    assert (again.shards_written, again.shards_skipped, again.documents) == (1, 2, 2)


def test_a_cc_listing_is_sharded_per_listed_warc_and_a_missing_one_is_reported(tmp_path, archives, nlp, capsys):
    crawl = tmp_path / "cc-copy"
    data = crawl / "crawl-data" / "CC-NEWS" / "2026" / "01"
    data.mkdir(parents=True)
    for n in range(2):
        (data / f"CC-NEWS-{n}.warc.gz").write_bytes((archives / f"part-{n}.warc.gz").read_bytes())
    listing = crawl / "crawl-data" / "CC-NEWS" / "warc.paths"
    listing.write_text("".join(f"crawl-data/CC-NEWS/2026/01/CC-NEWS-{n}.warc.gz\n" for n in range(3)))
    out = tmp_path / "out"
    assert main(["extract", str(listing), "--out", str(out), "--shards", "--no-progress", "--workers", "1"]) == 0
    assert "2 shards written, 0 done before" in capsys.readouterr().err
    assert len(list((out / SHARDS).glob(f"*/{DONE}"))) == 2
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["code"] for e in errors] == ["E100-not-found"] and "CC-NEWS-2" in errors[0]["origin"]
