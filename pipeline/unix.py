"""Unix-only modules, imported so that another system gets a sentence, not a traceback.

kdeal is developed and tested on Linux. Two standard modules exist only on
Unix: ``fcntl`` (the SQLite ingest lock's ``flock``) and ``resource`` (the
workers' memory and CPU statistics). ``optional_module`` returns ``None`` in
their place elsewhere; the code that needs one then raises ``unix_only``,
and code that can do without (statistics) does without.
"""
from __future__ import annotations

import importlib
import sys
from types import ModuleType

from kdeal.errors import KdealError


def optional_module(name: str) -> ModuleType | None:
    """The module, or None where this system does not have it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def unix_only(what: str, module: str) -> KdealError:
    """The error for a feature that needs a Unix-only module this system lacks."""
    return KdealError(f"{what} needs a Unix system (Linux, macOS, BSD): Python's {module} module "
                      f"is not available on {sys.platform}")
