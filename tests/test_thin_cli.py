"""The CLI is a thin layer: one library function per command, defaults from one module, one run summary."""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from kdeal.pipeline import api, options
from kdeal.pipeline.cli import cli
from kdeal.pipeline.summary import RunSummary

from kdeal.errors import DocError, ErrorCode

ROOT = Path(__file__).resolve().parent.parent
# The function of pipeline.api each command calls.
COMMANDS = {"extract": "run_extract", "parse": "run_parse", "run": "run_corpus", "discover": "run_discover",
            "ingest": "run_ingest", "runs": "runs_table", "export": "run_export", "report": "run_report",
            "browse": "run_browse", "schema": "schema_text", "spark": "run_spark", "eval": "run_eval"}


def _api_calls(command: str) -> set[str]:
    """The names the command's function imports from ``.api``, and every module it imports."""
    fn = cli.commands[command].callback
    tree = ast.parse((ROOT / "pipeline" / "cli.py").read_text(encoding="utf-8"))
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == fn.__name__)
    return {f"{i.module}:{a.name}" for i in ast.walk(node) if isinstance(i, ast.ImportFrom) for a in i.names}


def test_every_command_has_its_library_function():
    assert set(cli.commands) == set(COMMANDS)
    for name in COMMANDS.values():
        assert callable(getattr(api, name)) and name in api.__all__


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_imports_only_its_api_function(command):
    assert _api_calls(command) == {f"api:{COMMANDS[command]}"}


def test_cli_options_show_the_defaults_of_the_options_module():
    params = {p.name: p for p in cli.commands["ingest"].params}
    assert params["window_days"].default == options.DEFAULT_WINDOW_DAYS
    assert params["kiwi_threads"].default == options.DEFAULT_KIWI_THREADS
    assert params["company_model"].default == options.DEFAULT_COMPANY_MODEL
    assert params["workers"].default is options.DEFAULT_WORKERS
    assert {p.name: p for p in cli.commands["extract"].params}["max_chars"].default == options.DEFAULT_MAX_TEXT_CHARS


def test_the_database_url_is_resolved_in_one_place(monkeypatch):
    monkeypatch.delenv(options.DB_ENV, raising=False)
    assert options.resolve_db_url(None) == "sqlite:///output/tracker.sqlite"
    assert options.resolve_db_url(None, "sqlite:///c.sqlite") == "sqlite:///c.sqlite"
    monkeypatch.setenv(options.DB_ENV, "sqlite:///env.sqlite")
    assert options.resolve_db_url(None, "sqlite:///c.sqlite") == "sqlite:///env.sqlite"
    assert options.resolve_db_url("sqlite:///given.sqlite") == "sqlite:///given.sqlite"


def test_first_given_takes_the_command_line_then_the_file_then_the_default():
    assert options.first_given(None, 3, default=1) == 3
    assert options.first_given(2, 3, default=1) == 2
    assert options.first_given((), None, default=("a",)) == ("a",)
    assert options.worker_count(None) == options.default_workers() and options.worker_count(2) == 2


def test_the_run_summary_is_frozen_and_says_each_kind_of_run_in_one_line():
    err = DocError(ErrorCode.NOT_FOUND, "x.txt", "no such file or folder")
    s = RunSummary(documents=2, mentions=5, deals=1, errors=(err,), seconds=1.25)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.documents = 3  # type: ignore[misc]
    assert s.line() == "2 documents, 5 mentions, 1 deals, 1 skipped, 1.2s" and not s.failed
    assert RunSummary(errors=(err,)).failed
    assert dataclasses.replace(s, kind="parse").line() == "2 articles, 1 skipped, 1.2s"
    assert dataclasses.replace(s, kind="shards", shards_written=1, shards_skipped=2).line().endswith(
        "; 1 shards written, 2 done before (skipped)")
    assert RunSummary(kind="spark", files=0, errors=(err,)).failed
    ingest = RunSummary(kind="ingest", run_id=4, fetched=1, failed_pages=3, status="failed")
    assert ingest.line().startswith("run 4 [failed]: 0 candidates, 1 fetched") and ingest.failed
    assert ingest.error_rate == 0.75 and ingest.too_many_errors
    with pytest.raises(ValueError):
        RunSummary(kind="nope")
