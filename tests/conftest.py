"""Shared fixtures: one pipeline per test session (Kiwi costs ~3.5 s and ~530 MB)."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "html"
GOLD = REPO / "tests" / "gold"


@pytest.fixture(scope="session")
def nlp():
    from kdeal.pipeline.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def tokenizer_nlp():
    """Kiwi tokenizer only, no extractor components."""
    from kdeal.pipeline.segment import blank_korean

    return blank_korean()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


class _RulesOnly:
    """The company recogniser with the optional CRF switched off, callable like a pipeline."""

    def __init__(self, nlp):
        self.nlp = nlp

    def __call__(self, text):
        from kdeal.extractors.recognize_model import rules_only

        with rules_only(self.nlp):
            return self.nlp(text)


@pytest.fixture(scope="session")
def companies_rules_nlp():
    from kdeal.pipeline.nlp import get_nlp
    from kdeal.pipeline.options import ExtractOptions

    return _RulesOnly(get_nlp(ExtractOptions(components=("kdeal_companies",))))
