"""In the ``kdeal`` command's process, spaCy's command line is loaded when first used, not with
spaCy (kdeal/spacy_cli.py), and then works as it does without kdeal; ``import kdeal`` as a
library changes nothing. Each check runs in a fresh interpreter: the deferral
acts on the first import of spaCy."""
from __future__ import annotations

import json
import subprocess
import sys

COMMANDS = "from spacy.cli import app; print(json.dumps(sorted(c.name for c in app.registered_commands)))"


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", "import json, sys\n" + code], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip().splitlines()[-1]


def test_extract_path_imports_no_spacy_command() -> None:
    out = run("import kdeal.pipeline.cli\n"
              "print(json.dumps([m for m in ('typer', 'weasel', 'spacy.cli._util') if m in sys.modules]))")
    assert json.loads(out) == []


def test_commands_are_those_of_spacy_alone() -> None:
    alone = json.loads(run("import spacy\n" + COMMANDS))
    deferred = json.loads(run("import kdeal.pipeline.cli, spacy\n" + COMMANDS))
    assert "info" in alone and "download" in alone
    assert deferred == alone


def test_spacy_info_and_command_modules_work() -> None:
    out = run("import kdeal.pipeline.cli, spacy\n"
              "import spacy.cli.download\n"
              "from spacy.cli import setup_cli\n"
              "print(json.dumps([spacy.info(markdown=False, silent=True)['spacy_version'] == spacy.__version__,"
              " callable(setup_cli), callable(sys.modules['spacy.cli.download'].download)]))")
    assert json.loads(out) == [True, True, True]


def test_nothing_is_deferred_when_spacy_came_first() -> None:
    out = run("import spacy, kdeal.pipeline.cli\n"
              "from kdeal.spacy_cli import DeferringFinder\n"
              "print(json.dumps(['typer' in sys.modules, any(isinstance(f, DeferringFinder) for f in sys.meta_path)]))")
    assert json.loads(out) == [True, False]


def test_the_library_leaves_the_import_system_alone() -> None:
    out = run("import kdeal, kdeal.pipeline.nlp, spacy\n"
              "from kdeal.spacy_cli import DeferringFinder\n"
              "print(json.dumps([any(isinstance(f, DeferringFinder) for f in sys.meta_path), 'typer' in sys.modules]))")
    assert json.loads(out) == [False, True]
