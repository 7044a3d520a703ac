"""What every kdeal pipeline component shares: spaCy's error handler and ``to_disk``/``from_disk``.

``Language.set_error_handler`` reaches a component through ``set_error_handler``; a
component with a ``pipe`` method calls the handler itself for a document it fails on
(spaCy does it for the others). ``nlp.to_disk`` writes each component's settings and
data into its own folder and ``spacy.load`` reads them back (``from_disk``) after
building the component from its config, so a saved pipeline recognises what the
pipeline that wrote it did.
"""
from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from spacy.tokens import Doc
from spacy.util import minibatch, raise_error

CFG_FILE = "cfg.json"
ErrorHandler = Callable[[str, Any, list[Doc], Exception], Any]


class Component:
    """Base of the kdeal components: ``name``, the error handler and the settings file."""

    name: str = ""
    _error_handler: ErrorHandler = staticmethod(raise_error)  # type: ignore[assignment]

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def get_error_handler(self) -> ErrorHandler:
        return self._error_handler

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        self._error_handler = error_handler

    def each(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        """``__call__`` on each Doc; a Doc it fails on goes to the error handler (and is not yielded)."""
        handler = self.get_error_handler()
        for doc in docs:
            try:
                yield self(doc)
            except Exception as e:
                handler(self.name, self, [doc], e)

    def pipe_batches(self, docs: Iterable[Doc], batch_size: int,
                     batch: Callable[[list[Doc]], list[Doc]]) -> Iterator[Doc]:
        """``batch`` over minibatches; a minibatch it fails on goes through ``each`` instead,
        so only the Doc that fails reaches the error handler."""
        for docs_ in minibatch(docs, batch_size):
            try:
                done = batch(docs_)
            except Exception:
                done = list(self.each(docs_))
            yield from done

    # --- serialisation -----------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """What ``to_disk`` writes to ``cfg.json`` (beside the kdeal version)."""
        return {}

    def use_settings(self, cfg: dict[str, Any], path: Path) -> None:
        """Take back what ``settings`` and ``write_data`` wrote (``path`` is the component's folder)."""

    def write_data(self, path: Path) -> None:
        """Data files beside ``cfg.json`` (none by default)."""

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        cfg = {"kdeal_version": version("kdeal"), **self.settings()}
        (path / CFG_FILE).write_text(json.dumps(cfg, ensure_ascii=False, indent=1), encoding="utf-8")
        self.write_data(path)

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> "Component":
        path = Path(path)
        cfg = json.loads((path / CFG_FILE).read_text(encoding="utf-8"))
        self.use_settings(cfg, path)
        return self
