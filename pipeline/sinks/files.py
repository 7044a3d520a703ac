"""File sinks: JSONL (the output contract), CSV of deals.

Files are written next to their destination under a temporary name and moved
into place only when the run closes successfully, so a crash or a killed run
never leaves a half-written file where the last good output was.
"""
from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from kdeal.errors import DocError, KdealError
from kdeal.records import Deal, DocResult


class OutputDir:
    """An output folder whose files appear atomically on ``commit``."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise KdealError(f"cannot create output folder {self.path}: {e.strerror or e}") from e
        self._open: dict[str, tuple[IO[str], str]] = {}
        umask = os.umask(0)
        os.umask(umask)
        self._mode = 0o666 & ~umask  # mkstemp creates 0600; outputs get the usual permissions

    def open(self, name: str, newline: str | None = None, encoding: str = "utf-8") -> IO[str]:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.path)
        except OSError as e:
            raise KdealError(f"cannot write in {self.path}: {e.strerror or e}") from e
        os.chmod(tmp, self._mode)
        f = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        self._open[name] = (f, tmp)
        return f

    def close(self, ok: bool) -> None:
        for name, (f, tmp) in self._open.items():
            f.flush()
            if ok:
                os.fsync(f.fileno())
            f.close()
            if ok:
                os.replace(tmp, self.path / name)
            else:
                os.unlink(tmp)
        self._open.clear()


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


class JsonlSink:
    """``mentions.jsonl``, ``deals.jsonl`` and ``errors.jsonl`` in a folder."""

    def __init__(self, out: OutputDir, articles: bool = False, results: bool = True):
        self.out = out
        self.results = results
        self.mentions = out.open("mentions.jsonl") if results else None
        self.deals = out.open("deals.jsonl") if results else None
        self.articles = out.open("articles.jsonl") if articles else None
        self.errors = out.open("errors.jsonl")

    def write(self, result: DocResult) -> None:
        if self.mentions is not None and self.deals is not None:
            for m in result.mentions:
                self.mentions.write(_dumps(m.to_json()) + "\n")
            for d in result.deals:
                self.deals.write(_dumps(d.to_json()) + "\n")
        if self.articles is not None:
            self.articles.write(_dumps(result.article.to_json()) + "\n")

    def error(self, err: DocError) -> None:
        self.errors.write(_dumps(err.to_json()) + "\n")

    def close(self, ok: bool = True) -> None:
        self.out.close(ok)


class StreamSink:
    """JSON lines on a stream (``--out -``: standard output): one per deal, or one per article.

    Lines are flushed as they are written, so a consumer reading the pipe sees each
    document's records as soon as it is done. Skipped documents are not written here:
    they are reported on stderr (and in the database, if one is written).
    """

    def __init__(self, stream: IO[str] | None = None, articles: bool = False):
        self.stream = stream if stream is not None else sys.stdout
        self.articles = articles

    def write(self, result: DocResult) -> None:
        if self.articles:
            self.stream.write(_dumps(result.article.to_json()) + "\n")
        else:
            for d in result.deals:
                self.stream.write(_dumps(d.to_json()) + "\n")
        self.stream.flush()

    def error(self, err: DocError) -> None:
        pass

    def close(self, ok: bool = True) -> None:
        self.stream.flush()


DEAL_CSV_COLUMNS = [
    "deal_id", "doc_id", "type", "status", "side_a", "side_b", "group_label", "group_count",
    "group_approx", "pairs", "quantities", "period", "subject", "evidence_start", "evidence_end",
    "evidence", "url", "title", "published", "outlet",
]


def deal_row(d: Deal) -> dict[str, Any]:
    """One flat row per deal: names joined with '; ', pairs as 'A|B; C|D'."""
    return {
        "deal_id": d.deal_id,
        "doc_id": d.doc_id,
        "type": d.type,
        "status": d.status,
        "side_a": "; ".join(p.canonical for p in d.side("a")),
        "side_b": "; ".join(p.canonical for p in d.side("b")),
        "group_label": d.group.label if d.group else "",
        "group_count": d.group.count if d.group and d.group.count is not None else "",
        "group_approx": d.group.approx if d.group else "",
        "pairs": "; ".join(f"{a}|{b}" for a, b in d.pairs()),
        "quantities": "; ".join(q.text for q in d.quantities),
        "period": d.period or "",
        "subject": d.subject or "",
        "evidence_start": d.evidence.start,
        "evidence_end": d.evidence.end,
        "evidence": d.evidence.sentence,
        "url": d.source.url or "",
        "title": d.source.title or "",
        "published": d.source.published or "",
        "outlet": d.source.outlet or "",
    }


# Excel reads a CSV without a byte-order mark in the system's code page (CP949 on Korean
# Windows) and garbles UTF-8 Hangul; with the UTF-8 BOM it reads UTF-8.
EXCEL_CSV_ENCODING = "utf-8-sig"


class CsvDealsSink:
    """``deals.csv``: one row per deal for spreadsheets (``bom``: for Excel, see EXCEL_CSV_ENCODING)."""

    def __init__(self, out: OutputDir, name: str = "deals.csv", bom: bool = False):
        self.out = out
        self._f = out.open(name, newline="", encoding=EXCEL_CSV_ENCODING if bom else "utf-8")
        self._w = csv.DictWriter(self._f, fieldnames=DEAL_CSV_COLUMNS)
        self._w.writeheader()

    def write(self, result: DocResult) -> None:
        for d in result.deals:
            self._w.writerow(deal_row(d))

    def error(self, err: DocError) -> None:
        pass  # errors go to errors.jsonl and the database, not the deals table

    def close(self, ok: bool = True) -> None:
        self.out.close(ok)
