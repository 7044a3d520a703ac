"""What an operator sees: -q for cron, progress in a log, standard input and output, exit codes, limits."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest
from kdeal.pipeline.archives import ARCHIVE_SUFFIXES, PATHS_SUFFIXES
from kdeal.pipeline.cli import cli, main
from kdeal.pipeline.progress import PlainProgress
from kdeal.pipeline.readers import SUPPORTED_SUFFIXES
from kdeal.pipeline.sources import parse_sources, sources_format

from kdeal.pipeline.fetch import FetchPolicy

SENTENCE = "가나전자㈜는 다라화학㈜와 배터리 소재 공동 개발 협약을 맺었다고 밝혔다."


def _kdeal(*args: str, cwd, stdin: str | None = None) -> subprocess.CompletedProcess:
    """kdeal in a process of its own: stderr is a pipe, not a terminal, as under cron."""
    return subprocess.run([sys.executable, "-m", "kdeal.pipeline.cli", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def docs(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("마바제약㈜는 사아바이오㈜와 신약 공동 연구 계약을 체결했다.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_prints_nothing_on_success_before_or_after_the_command(nlp, docs, capsys, where):
    args = ["extract", "a.txt", "--out", "out", "--workers", "1"]
    assert main(["-q", *args] if where == "before" else [*args, "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert (docs / "out" / "deals.jsonl").read_text(encoding="utf-8")


def test_quiet_still_reports_a_failed_run(nlp, docs, capsys):
    assert main(["extract", "missing.txt", "--out", "out", "-q"]) == 1
    assert "0 documents" in capsys.readouterr().err


def test_quiet_export_and_discover_print_nothing_on_success(docs, capsys):
    from kdeal.pipeline.db import connect

    connect("sqlite:///t.sqlite").dispose()
    assert main(["export", "--db", "sqlite:///t.sqlite", "--out", "x.jsonl", "-q"]) == 0
    (docs / "s.toml").write_text('[[source]]\nname = "l"\nkind = "local"\npath = "."\n', encoding="utf-8")
    assert main(["discover", "--sources", "s.toml", "-q"]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "a.txt" in out.out


def test_progress_in_a_log_is_plain_lines_with_stages_count_rate_and_eta(docs):
    done = _kdeal("extract", "a.txt", "b.txt", "--out", "out", "--workers", "1", "--progress", cwd=docs)
    assert done.returncode == 0, done.stderr
    err = done.stderr
    assert "loading Kiwi's model" in err and "pipeline ready in" in err
    line = [x for x in err.splitlines() if "extracting:" in x][-1]
    assert re.search(r"extracting: 2/2 documents, [\d.]+/s, ETA 0:00:00", line), line
    assert "\x1b[" not in err  # no terminal control codes in a log


def test_no_progress_and_no_stages_in_a_log_unless_asked(docs):
    done = _kdeal("extract", "a.txt", "--out", "out", "--workers", "1", cwd=docs)
    assert done.returncode == 0 and "loading" not in done.stderr and "extracting:" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("kdeal: 1 documents")


def test_plain_progress_writes_a_line_every_interval():
    now = [0.0]
    out = io.StringIO()
    p = PlainProgress("extracting", total=100, stream=out, every=10, clock=lambda: now[0])
    for _ in range(50):
        now[0] += 0.5
        p.advance(1, deals=2)
    p.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3  # at 10 s, at 20 s, and the last one
    assert lines[0] == "kdeal: extracting: 20/100 documents, 2.0/s, ETA 0:00:40, deals 40, elapsed 0:00:10"
    assert lines[-1].startswith("kdeal: extracting: 50/100 documents, 2.0/s, ETA 0:00:25")


def test_standard_input_in_and_deals_on_standard_output(docs):
    done = _kdeal("-q", "extract", "-", "--out", "-", "--workers", "1", cwd=docs, stdin=SENTENCE)
    assert done.returncode == 0 and done.stderr == ""
    deals = [json.loads(x) for x in done.stdout.splitlines()]
    assert deals and {d["doc_id"] for d in deals} == {deals[0]["doc_id"]} and deals[0]["doc_id"].startswith("stdin:")
    assert {p["canonical"] for p in deals[0]["parties"]} == {"가나전자", "다라화학"}
    assert not (docs / "-").exists()


def test_standard_input_jsonl_and_files_together(nlp, docs, capsys, monkeypatch):
    lines = json.dumps({"id": "n1", "text": SENTENCE}, ensure_ascii=False) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    assert main(["extract", "-", "b.txt", "--out", "out", "--workers", "1"]) == 0
    ids = {json.loads(x)["doc_id"] for x in (docs / "out" / "deals.jsonl").read_text(encoding="utf-8").splitlines()}
    assert ids == {"n1", "b.txt"}


def test_parse_to_standard_output_and_its_summary_counts_articles(docs, capsys):
    assert main(["parse", "a.txt", "b.txt", "--out", "-"]) == 0
    out = capsys.readouterr()
    assert [json.loads(x)["doc_id"] for x in out.out.splitlines()] == ["a.txt", "b.txt"]
    assert "2 articles, 0 skipped" in out.err and "mentions" not in out.err and "deals" not in out.err


def test_the_document_length_limit_is_an_option(nlp, docs, capsys):
    assert main(["extract", "a.txt", "b.txt", "--out", "out", "--max-chars", "36", "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "1 documents" in err and "1 skipped" in err and "E104-too-large" in err
    assert "2,000,000" in _help("extract") and "--max-chars" in _readme()


def _help(*command: str) -> str:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*command, "--help"], terminal_width=100)
    assert result.exit_code == 0
    return result.output


def _readme() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_exit_codes_are_in_help_and_readme():
    text = " ".join(_help().split())
    for code in ("0 done", "1 the run failed", "2 wrong usage", "130 interrupted"):
        assert code in text
    readme = _readme()
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in readme


def test_extract_help_names_every_input_kind():
    text = _help("extract")
    for suffix in sorted(SUPPORTED_SUFFIXES) + list(ARCHIVE_SUFFIXES) + list(PATHS_SUFFIXES):
        assert re.search(rf"(^|\s){re.escape(suffix)}(\s|$)", text), suffix
    assert re.search(r"^\s+-\s+standard input", text, re.M)


def test_the_sources_format_is_in_ingest_help_and_readme_and_parses_to_the_defaults():
    fmt = sources_format()
    config = parse_sources(fmt)
    assert config.policy == FetchPolicy()
    assert {s.kind for s in config.sources} == {"rss", "atom", "sitemap", "site", "list", "urls", "local"}
    help_text, readme = _help("ingest"), _readme()
    for line in fmt.splitlines():
        if line.strip():
            assert line in help_text and line in readme, line


def test_company_model_help_and_readme_agree():
    text = " ".join(_help("extract").split())
    help_line = text[text.index("--company-model"):text.index("--kiwi-threads")]
    numbers = re.findall(r"\d+(?:\.\d+)?(?:-\d+)?%?", help_line)
    assert numbers
    readme = _readme()
    for n in numbers:
        assert n in readme, n
