"""Runners: how extraction is spread over cores (``local``) or machines (``spark``).

Every runner takes the same items (``Article`` or ``DocError``) and the same
``ExtractOptions`` and yields the same results in input order as the
single-process ``pipeline.extract.extract``: scale changes the speed, never
the records.
"""
from ..options import default_workers
from .local import LocalRunner, WorkerStats, run_local

__all__ = ["LocalRunner", "WorkerStats", "default_workers", "run_local"]
