"""``extract --shards`` (and ``spark --shards``): one output folder per input file, so a long run
resumes where it stopped.

A run over hundreds of WARC files (a month of CC-NEWS) takes hours; killed
halfway, it must not start again from the first file. With shards, each
input file (each WARC file a ``warc.paths`` listing names) gets its own
folder ``OUT/shards/NAME/`` with the usual files, written atomically when
that file is done, and a ``DONE.json`` naming the input, its size and its
modification time. A rerun skips every input whose shard is done and
unchanged, and redoes the rest; the shards together hold what one run
writes. Errors about inputs that could not be found go to
``OUT/errors.jsonl``. ``spark --shards`` (``pipeline.runners.spark``) uses the
same names, inputs and markers, with Parquet files in each folder.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

from kdeal.errors import DocError, KdealError

from .drive import drive, log_error, result_sink
from .provenance import RunInfo
from .inputs import InputFile, ReadOptions
from .options import IN_PROCESS, ExtractOptions
from .progress import progress_for
from .summary import RunSummary

log = logging.getLogger(__name__)

SHARDS = "shards"
DONE = "DONE.json"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NAME_CHARS = 80


def shard_name(f: InputFile) -> str:
    """A folder name for the input: readable, and unique by a hash of its full path."""
    digest = hashlib.sha1(str(f.path.resolve()).encode("utf-8")).hexdigest()[:10]
    return f"{_UNSAFE.sub('_', f.doc_id).strip('_')[-_NAME_CHARS:]}-{digest}"


def _stamp(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {"input": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def is_done(folder: Path, source: Path) -> bool:
    """The shard was completed from this very input (same size and modification time)."""
    try:
        return json.loads((folder / DONE).read_text(encoding="utf-8")) == _stamp(source)
    except (OSError, ValueError):
        return False


def mark_done(folder: Path, source: Path) -> None:
    tmp = folder / f".{DONE}.tmp"
    tmp.write_text(json.dumps(_stamp(source)), encoding="utf-8")
    os.replace(tmp, folder / DONE)


def shard_inputs(paths: Sequence[str | os.PathLike[str]]) -> Iterator[InputFile | DocError]:
    """Input files, each WARC of a ``warc.paths`` listing on its own."""
    from .archives import PATHS_SUFFIXES, listed_warcs
    from .readers import discover_files

    for item in discover_files(paths):
        if isinstance(item, InputFile) and item.path.name.lower().endswith(PATHS_SUFFIXES):
            yield from listed_warcs(item)
        else:
            yield item


def run_extract_shards(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                       db_url: str | None = None, options: ExtractOptions = ExtractOptions(),
                       write_csv: bool = True, read_options: ReadOptions = ReadOptions(), nlp: Any = None,
                       show_progress: bool | None = None, workers: int | None = IN_PROCESS,
                       csv_bom: bool = False) -> RunSummary:
    """Extract each input file into ``OUT/shards/NAME/``, skipping the shards done before."""
    from .readers import read_file
    from .runners.local import LocalRunner
    from .sinks import JsonlSink, OutputDir

    t0 = time.perf_counter()
    out = Path(out_dir)
    parts: list[RunSummary] = []
    errors: list[DocError] = []
    skipped = 0
    runner = LocalRunner(options, workers=workers, nlp=nlp)
    info = RunInfo.of(options, nlp)
    input_errors = JsonlSink(OutputDir(out), results=False)
    ok = False
    try:
        for f in shard_inputs(paths):
            if isinstance(f, DocError):
                log_error(f)
                errors.append(f)
                input_errors.error(f)
                continue
            folder = out / SHARDS / shard_name(f)
            if is_done(folder, f.path):
                skipped += 1
                continue
            sink = result_sink(folder, write_csv, db_url, "extract", info, csv_bom)
            part = drive(runner.run(read_file(f, read_options)), sink,
                         progress_for(f"extracting {f.doc_id}", enabled=show_progress), log_error)
            mark_done(folder, f.path)
            parts.append(part)
            errors.extend(part.errors)
        ok = True
    except OSError as e:
        raise KdealError(f"cannot write the shards under {out}: {e}") from e
    finally:
        input_errors.close(ok)
    return RunSummary(kind="shards", documents=sum(p.documents for p in parts),
                      mentions=sum(p.mentions for p in parts), deals=sum(p.deals for p in parts),
                      errors=tuple(errors), seconds=time.perf_counter() - t0, shards_written=len(parts),
                      shards_skipped=skipped)
