"""A system without Unix-only modules (fcntl, resource) gets a sentence, not an ImportError traceback.

Each check runs kdeal in a fresh Python whose import of those modules fails, as
it does on Windows.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

BLOCKED = textwrap.dedent("""
    import sys
    for name in ("fcntl", "resource"):
        sys.modules[name] = None  # "import fcntl" now raises ImportError
    from kdeal.pipeline.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def _kdeal_without_unix(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCKED, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_extract_runs_without_unix_only_modules(tmp_path):
    (tmp_path / "a.txt").write_text("가온전자는 누리바이오와 업무협약을 체결했다.", encoding="utf-8")
    done = _kdeal_without_unix("extract", "a.txt", "--out", "out", "--workers", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    deals = [json.loads(line) for line in (tmp_path / "out" / "deals.jsonl").read_text(encoding="utf-8").splitlines()]
    assert deals and deals[0]["doc_id"] == "a.txt"


def test_ingest_into_sqlite_says_it_needs_unix(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("가온전자는 누리바이오와 업무협약을 체결했다.", encoding="utf-8")
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "local"\nkind = "local"\npath = "docs"\n',
                                           encoding="utf-8")
    done = _kdeal_without_unix("ingest", "--sources", "sources.toml", "--db", "sqlite:///t.sqlite",
                               "--workers", "1", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "ImportError" not in done.stderr
    assert "needs a Unix system" in done.stderr and "fcntl" in done.stderr
