"""The kdeal CLI: help everywhere, the output contract, bad input, one-line errors."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from kdeal.pipeline.cli import cli, main


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(command, capsys):
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Usage: kdeal {command}") and len(out.splitlines()) > 4


def test_top_level_help_lists_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("extract", "parse", "run", "eval"):
        assert command in out


def read_jsonl(path: Path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def mixed_inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text("주식회사 가온테크놀로지는 신제품을 출시했다.", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (d / "docs.jsonl").write_text(
        json.dumps({"id": "j1", "text": "㈜누리솔루션이 투자를 받았다."}, ensure_ascii=False) + "\n{broken\n",
        encoding="utf-8")
    (d / "notes.odt").write_bytes(b"PK")
    return d


def test_extract_writes_the_contract_and_skips_bad_inputs_by_name(nlp, mixed_inputs, tmp_path, capsys):
    out = tmp_path / "out"
    paths = [str(mixed_inputs / n) for n in ("good.txt", "empty.txt", "binary.txt", "docs.jsonl", "notes.odt")]
    assert main(["extract", *paths, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    for name, reason in (("empty.txt", "empty"), ("binary.txt", "binary"), ("docs.jsonl:2", "invalid JSON"),
                         ("notes.odt", "unsupported file type")):
        line = next(line for line in err.splitlines() if name in line)
        assert reason in line and line.startswith("kdeal: warning: skipped")
    assert "Traceback" not in err
    mentions = read_jsonl(out / "mentions.jsonl")
    good_id = (mixed_inputs / "good.txt").as_posix()  # a file's id is its path as given
    assert {m["doc_id"] for m in mentions} == {good_id, "j1"}
    for m in mentions:
        assert set(m) >= {"doc_id", "start", "end", "text", "canonical", "kind"}
    good = next(m for m in mentions if m["doc_id"] == good_id)
    text = (mixed_inputs / "good.txt").read_text(encoding="utf-8")
    assert text[good["start"]:good["end"]] == good["text"]
    assert (out / "deals.jsonl").exists() and (out / "deals.csv").exists()
    errors = read_jsonl(out / "errors.jsonl")
    assert sorted(e["code"] for e in errors) == ["E101-unsupported-type", "E102-empty", "E103-binary",
                                                  "E120-invalid-json"]


def test_extract_fails_with_nonzero_exit_when_nothing_could_be_read(nlp, tmp_path, capsys):
    (tmp_path / "e.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path / "e.txt"), "--out", str(tmp_path / "o")]) == 1
    assert "0 documents" in capsys.readouterr().err


def test_bad_database_url_is_one_line_error(nlp, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("본문", encoding="utf-8")
    code = main(["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--db", "nosuchdb://x"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("kdeal: error: cannot open database") and len(err.splitlines()) == 1


def test_missing_required_option_is_a_usage_error(capsys):
    assert main(["extract", "x.txt"]) == 2
    assert "Missing option '--out'" in capsys.readouterr().err


def test_parse_writes_articles(tmp_path, fixtures_dir, capsys):
    assert main(["parse", str(fixtures_dir / "chardet__acnnewswire.net.xml"), "--out", str(tmp_path)]) == 0
    arts = read_jsonl(tmp_path / "articles.jsonl")
    assert len(arts) == 8
    assert set(arts[0]) == {"doc_id", "url", "title", "published", "author", "outlet", "text", "fetched_at", "run_id"}
    assert "계약" in arts[0]["text"]


def test_run_processes_the_corpus_into_files_and_tracker_db(nlp, repo_root, tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(repo_root / "corpus", corpus)
    out = tmp_path / "output"
    assert main(["run", "--corpus", str(corpus), "--out", str(out)]) == 0
    for name in ("deals.jsonl", "mentions.jsonl", "deals.csv", "errors.jsonl", "tracker.sqlite"):
        assert (out / name).exists(), name
    deals = read_jsonl(out / "deals.jsonl")
    with sqlite3.connect(out / "tracker.sqlite") as db:
        # Every deal of the files is one report (evidence row) of a tracker deal; the same deal
        # reported by several documents is one tracker deal with several reports.
        reports = {r[0] for r in db.execute("select report_id from deal_evidence")}
        assert reports == {d["deal_id"] for d in deals}
        assert db.execute("select count(*) from deals").fetchone()[0] <= len(deals)
        assert db.execute("select count(*) from documents").fetchone()[0] >= 5
    # Rerunning gives the same files and the same database rows.
    before = (out / "deals.jsonl").read_bytes()
    assert main(["run", "--corpus", str(corpus), "--out", str(out)]) == 0
    assert (out / "deals.jsonl").read_bytes() == before


def test_run_refuses_a_missing_corpus(tmp_path, capsys):
    assert main(["run", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_eval_prints_a_table_and_writes_json(nlp, tmp_path, capsys):
    assert main(["eval", "--no-klue", "--json", str(tmp_path / "e.json")]) == 0
    out = capsys.readouterr().out
    assert "seed: mentions" in out and "seed: partner pairs" in out and "group deals" in out
    data = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert 0.0 <= data["seed.mentions"]["f1"] <= 1.0


def test_console_script_runs_without_traceback(tmp_path):
    exe = Path(sys.executable).parent / "kdeal"
    r = subprocess.run([str(exe), "extract", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")],
                       capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "missing.txt" in r.stderr and "no such file" in r.stderr


def test_extract_with_the_bundled_company_model(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("주식회사 가온테크놀로지는 누리바이오와 협약을 맺었다.", encoding="utf-8")
    out = tmp_path / "o"
    assert main(["extract", str(tmp_path / "a.txt"), "--out", str(out), "--company-model", "bundled",
                 "--workers", "1"]) == 0
    names = {m["canonical"] for m in read_jsonl(out / "mentions.jsonl")}
    assert "가온테크놀로지" in names


def test_the_company_model_is_on_by_default_and_can_be_switched_off(tmp_path, capsys):
    # Invented names: a foreign ministry the rules cannot tell from its words alone.
    (tmp_path / "a.txt").write_text("누리스탄 외무부는 가람공화국 정부와 협정을 맺었다.", encoding="utf-8")
    names = {}
    for model in ("bundled", "none"):
        out = tmp_path / model
        args = ["--company-model", model] if model == "none" else []
        assert main(["extract", str(tmp_path / "a.txt"), "--out", str(out), "--workers", "1", *args]) == 0
        names[model] = {m["text"] for m in read_jsonl(out / "mentions.jsonl")}
    assert names["bundled"] == {"누리스탄 외무부", "가람공화국 정부"}
    assert names["none"] == {"가람공화국 정부"}


def test_a_missing_company_model_is_one_line_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("본문", encoding="utf-8")
    code = main(["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"),
                 "--company-model", str(tmp_path / "nope.crfsuite"), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "company model not found" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", ["extract", "run", "ingest", "spark", "eval"])
def test_every_extracting_command_offers_the_company_model(command, capsys):
    assert main([command, "--help"]) == 0
    assert "--company-model" in capsys.readouterr().out


def test_ingest_with_a_missing_company_model_is_one_line_error(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("주식회사 가온테크놀로지는 누리바이오와 협약을 맺었다.", encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "local"\nkind = "local"\npath = "{tmp_path / "docs"}"\n',
                       encoding="utf-8")
    code = main(["ingest", "--sources", str(sources), "--db", f"sqlite:///{tmp_path / 't.sqlite'}",
                 "--company-model", str(tmp_path / "nope.crfsuite"), "--workers", "1", "--no-store"])
    err = capsys.readouterr().err
    assert code == 1 and "company model not found" in err and len(err.splitlines()) == 1


def test_unusable_company_list_is_one_line_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("본문", encoding="utf-8")
    (tmp_path / "list.csv").write_text("name,kind\n가온테크,vendor\n", encoding="utf-8")
    code = main(["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"),
                 "--companies", str(tmp_path / "list.csv"), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "unknown kind 'vendor'" in err and len(err.splitlines()) == 1


def test_unwritable_output_folder_is_one_line_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("본문", encoding="utf-8")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    code = main(["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "file" / "o"), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("kdeal: error: cannot create output folder") and len(err.splitlines()) == 1
