"""House rule: no function or method over 80 lines in pipeline/, extractors/ or kdeal/.

A longer function does several things; it is split into named steps instead.
Lines are counted from the ``def`` line to the function's last line (docstring
and comments included, decorators not). Alembic migrations are generated
scripts and stay out of the rule.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("pipeline", "extractors", "kdeal")
MAX_LINES = 80
EXEMPT_PARTS = ("migrations",)


def _functions(path: Path) -> list[tuple[str, int, int]]:
    """(qualified name, first line, number of lines) of every function in the file, nested ones too."""
    found: list[tuple[str, int, int]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                found.append((name, child.lineno, (child.end_lineno or child.lineno) - child.lineno + 1))
                walk(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")
            else:
                walk(child, prefix)

    walk(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def _sources() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")
                  if not any(part in EXEMPT_PARTS for part in p.relative_to(ROOT).parts))


def test_the_rule_sees_the_code():
    assert len(_sources()) > 50
    assert any(name == "main" for name, _line, _n in _functions(ROOT / "pipeline" / "cli.py"))


def test_a_long_function_is_found(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    path = tmp_path / "long.py"
    path.write_text(f"class A:\n    def f(self):\n{body.replace('    ', '        ')}\n", encoding="utf-8")
    assert _functions(path) == [("A.f", 2, MAX_LINES + 1)]


def test_no_function_is_longer_than_80_lines():
    long = [f"{p.relative_to(ROOT)}:{line} {name} ({n} lines)"
            for p in _sources() for name, line, n in _functions(p) if n > MAX_LINES]
    assert not long, "split these functions:\n" + "\n".join(long)
