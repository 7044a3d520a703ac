"""The house rules: one import name, extractors below the pipeline, no import circles."""
from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Where each installed package's folder is in the checkout (pyproject's package-dir).
FOLDERS = {"kdeal": ROOT / "kdeal", "kdeal.pipeline": ROOT / "pipeline", "kdeal.extractors": ROOT / "extractors"}


def _modules() -> dict[str, Path]:
    """Every module of the project by its import name."""
    out: dict[str, Path] = {}
    for prefix, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            rel = path.relative_to(folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            out[".".join([prefix, *parts])] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports, at any depth (function-level imports too)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            # "from . import schema" imports the submodule, not the package's __init__
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for t in targets:
            while t and t not in known:
                t = t.rsplit(".", 1)[0] if "." in t else ""
            if t and t != name:
                found.add(t)
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: _imports(name, path, known) for name, path in mods.items()}


def test_every_package_folder_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    assert config["package-dir"] == {k: str(v.relative_to(ROOT)) for k, v in FOLDERS.items()}
    on_disk = set()
    for prefix, folder in FOLDERS.items():
        for init in folder.rglob("__init__.py"):
            rel = init.parent.relative_to(folder).parts
            on_disk.add(".".join([prefix, *rel]))
    assert on_disk == listed


def test_extractors_import_nothing_from_the_pipeline():
    bad = {(m, t) for m, ts in _graph().items() if m.startswith("kdeal.extractors")
           for t in ts if t.startswith("kdeal.pipeline") or t in ("kdeal", "kdeal.api")}
    assert not bad


def test_records_and_errors_import_no_layer():
    graph = _graph()
    for shared in ("kdeal.records", "kdeal.errors"):
        assert not {t for t in graph[shared] if t.startswith(("kdeal.pipeline", "kdeal.extractors"))}


def test_no_import_circles():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for t in sorted(graph.get(n, ())):
            if state.get(t) == 1:
                circles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    assert not circles


@pytest.mark.slow
def test_the_wheel_installs_one_import_name(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("kdeal-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"kdeal", wheel.name.split("-")[0] + "-" +
                                                wheel.name.split("-")[1] + ".dist-info"}
    assert "kdeal/extractors/data/ner/klue_og.crfsuite" in names
    assert "kdeal/pipeline/db/migrations/script.py.mako" in names
    for asset in ("report.html", "report.css", "report.js", "d3.v7.min.js", "LICENSE-d3.txt", "SOURCES.md"):
        assert f"kdeal/pipeline/data/report/{asset}" in names  # kdeal report works from an installed wheel
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kdeal = kdeal.pipeline.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()
