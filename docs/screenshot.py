"""Make docs/report-seed.png: the report of the seed column, as headless Chromium shows it.

    .venv/bin/python docs/screenshot.py

Runs ``kdeal extract`` on tests/gold/seed/article.txt and ``kdeal report`` on the
result, opens the page in Debian's Chromium (tests/browsersupport.py) and saves
the screenshot next to this file. Needs ``chromium`` and ``fonts-noto-cjk``.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))

from browsersupport import Browser  # noqa: E402
from kdeal.pipeline.cli import main  # noqa: E402


def make(out: Path = HERE / "report-seed.png") -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        seed = REPO / "tests" / "gold" / "seed" / "article.txt"
        if main(["-q", "extract", str(seed), "--out", str(base / "seed"), "--workers", "1"]) != 0:
            raise SystemExit("extract failed")
        page = base / "seed.html"
        if main(["-q", "report", "--from", str(base / "seed"), "--out", str(page),
                 "--title", "kdeal — the seed column (tests/gold/seed)"]) != 0:
            raise SystemExit("report failed")
        with Browser(base / "profile") as browser:
            browser.open(page.as_uri())
            return browser.screenshot(out)


if __name__ == "__main__":
    print(make())
