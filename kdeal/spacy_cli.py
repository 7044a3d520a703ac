"""spaCy's command line, loaded when first used instead of with spaCy.

Why: ``import spacy`` runs ``from .cli.info import info``, and so imports the whole
``spacy.cli`` package: every spaCy command and what they need (typer, weasel,
httpx, ...), about 290 modules and 0.3 s of CPU at every start of a kdeal process,
which never runs a spaCy command. kdeal's whole-process figure (``kdeal extract``
against Kiwi alone, benchmarks/bench_segment.py) pays that on every run.

``defer()`` (called by the ``kdeal`` command, ``pipeline/cli.py``, before spaCy is imported;
``import kdeal`` in a user's program leaves the import system alone) puts a finder
first on ``sys.meta_path`` that gives ``spacy.cli`` and ``spacy.cli.info`` a loader
which makes the module at once but runs its code only when one of its attributes is
first asked for (``spacy.cli.setup_cli``, ``from spacy.cli import app``, ...);
``spacy.info`` itself is a stand-in that loads the real function on its first call.
Importing a command module (``import spacy.cli.download``) works as before. Nothing
changes when spaCy was imported before kdeal.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from types import ModuleType
from typing import Any, Sequence

CLI = "spacy.cli"
INFO = "spacy.cli.info"
_lock = threading.RLock()


class DeferredLoader(importlib.abc.Loader):
    """Makes the module at once and runs its code (with ``real``) on first attribute access."""

    def __init__(self, real: Any):
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the usual module object

    def exec_module(self, module: ModuleType) -> None:
        def load_on_first_use(name: str) -> Any:
            if name.startswith("__") and name != "__all__":  # the import system's questions
                raise AttributeError(name)
            load(module)
            try:
                return module.__dict__[name]
            except KeyError:
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}") from None

        module.__dict__["__getattr__"] = load_on_first_use
        if module.__name__ == INFO:
            module.__dict__["info"] = _info_on_first_call


def load(module: ModuleType) -> None:
    """Run the code of a deferred module now (its package's ``info`` module first, whose
    ``info`` command the package registers); nothing if it already ran."""
    with _lock:
        loader = _deferred(module)
        if loader is None:
            return
        info = sys.modules.get(INFO)
        if module.__name__ == CLI and info is not None and _deferred(info) is not None:
            load(info)
        module.__dict__.pop("__getattr__", None)
        module.__spec__.loader = module.__loader__ = loader.real
        loader.real.exec_module(module)


def _deferred(module: ModuleType) -> DeferredLoader | None:
    loader = getattr(getattr(module, "__spec__", None), "loader", None)
    return loader if isinstance(loader, DeferredLoader) else None


def _info_on_first_call(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info`` until the real one is loaded: loads it, then calls it."""
    module = sys.modules[INFO]
    load(module)
    return module.info(*args, **kwargs)


class DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds ``spacy.cli`` and ``spacy.cli.info`` as the path finder does, with a ``DeferredLoader``."""

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if name not in (CLI, INFO):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        spec.loader = DeferredLoader(spec.loader)
        if name == INFO:
            undefer()  # both found: the finder has done its work
        return spec


def defer() -> None:
    """Defer spaCy's command line, unless spaCy is already imported (or this was done before)."""
    if "spacy" in sys.modules or any(isinstance(f, DeferringFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, DeferringFinder())


def undefer() -> None:
    """Remove the finder (modules already deferred stay deferred until first used)."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, DeferringFinder)]
