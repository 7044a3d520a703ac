"""Extraction on a Spark cluster (or ``local[*]``) when one machine is not enough.

Input files are the unit of distribution: the driver only lists them, and
each partition reads its files itself (WARC, JSONL, text, HTML — the same
readers as the local runner), so no document passes through the driver.
``mapPartitions`` builds one pipeline per partition with ``get_nlp(options)``
(cached per Python worker, which Spark reuses): Kiwi objects cannot be
pickled, so they are never shipped.

Output is Parquet in the same shape as the local runner's JSONL: one column
per key of the records' ``to_json``; nested values (parties, group,
quantities, evidence, source) are stored as JSON text, so a row decodes to
exactly the dict the JSONL line holds. Rows keep input order (file, then
document, then record). The three datasets are written to a staging folder
and moved into place only when all are complete, so a failed run leaves the
previous output untouched.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kdeal.errors import DocError, ErrorCode, KdealError

from ..options import ExtractOptions
from ..readers import InputFile, ReadOptions, discover_files, read_file
from ..summary import RunSummary

log = logging.getLogger(__name__)

# (column, Spark type name); nested values are JSON text.
PROVENANCE_COLUMNS = (("schema_version", "string"), ("kdeal_version", "string"), ("model_id", "string"),
                      ("run_id", "long"), ("fetched_at", "string"))
MENTION_COLUMNS = (("doc_id", "string"), ("start", "long"), ("end", "long"), ("text", "string"),
                   ("canonical", "string"), ("kind", "string"), ("code", "string"), *PROVENANCE_COLUMNS)
DEAL_COLUMNS = (("deal_id", "string"), ("doc_id", "string"), ("type", "string"), ("status", "string"),
                ("parties", "json"), ("group", "json"), ("quantities", "json"), ("period", "string"),
                ("subject", "string"), ("evidence", "json"), ("source", "json"), *PROVENANCE_COLUMNS)
ERROR_COLUMNS = (("code", "string"), ("origin", "string"), ("doc_id", "string"), ("message", "string"),
                 ("severity", "string"))
DATASETS = {"mentions": MENTION_COLUMNS, "deals": DEAL_COLUMNS, "errors": ERROR_COLUMNS}


def row_of(obj: dict[str, Any], columns: Sequence[tuple[str, str]]) -> tuple:
    """A record's ``to_json`` as a row; a key the schema does not know is an error, not dropped."""
    extra = set(obj) - {c for c, _ in columns}
    if extra:
        raise KdealError(f"record has fields the Parquet schema lacks: {sorted(extra)}")
    out = []
    for name, kind in columns:
        v = obj.get(name)
        if kind == "json":
            out.append(None if v is None else json.dumps(v, ensure_ascii=False))
        else:
            out.append(v)
    return tuple(out)


def json_of(row: dict[str, Any], columns: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The inverse of ``row_of``: the dict the local runner's JSONL line holds."""
    return {name: (json.loads(row[name]) if kind == "json" and row[name] is not None else row[name])
            for name, kind in columns}


def process_files(files: Iterable[tuple[int, str, str]], options: ExtractOptions,
                  read_options: ReadOptions) -> Iterator[tuple]:
    """Tagged rows ``(dataset, file, item, rec, row)`` for the files of one partition."""
    from ..extract import extract
    from ..nlp import get_nlp

    nlp = get_nlp(options)  # once per Python worker: Kiwi is never pickled
    for file_idx, path, doc_id in files:
        items = read_file(InputFile(Path(path), doc_id), read_options)
        for item_idx, result in enumerate(extract(nlp, items, batch_size=options.batch_size)):
            if isinstance(result, DocError):
                yield ("errors", file_idx, item_idx, 0, row_of(result.to_json(), ERROR_COLUMNS))
                continue
            for i, m in enumerate(result.mentions):
                yield ("mentions", file_idx, item_idx, i, row_of(m.to_json(), MENTION_COLUMNS))
            for i, d in enumerate(result.deals):
                yield ("deals", file_idx, item_idx, i, row_of(d.to_json(), DEAL_COLUMNS))


def _schema(columns: Sequence[tuple[str, str]]) -> Any:
    from pyspark.sql.types import (
        BooleanType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    types = {"string": StringType(), "json": StringType(), "long": LongType(), "bool": BooleanType()}
    return StructType([StructField(n, types[k], True) for n, k in columns])


def spark_session(master: str = "local[*]", app_name: str = "kdeal") -> Any:
    """A Spark session; ``pyspark`` is the optional extra ``kdeal[spark]``."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise KdealError("the spark command needs pyspark: pip install 'kdeal[spark]'") from e
    # Local executors must run this interpreter (where kdeal and Kiwi are installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (SparkSession.builder.master(master).appName(app_name)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate())


def run_spark(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
              options: ExtractOptions = ExtractOptions(), master: str = "local[*]",
              read_options: ReadOptions = ReadOptions(), spark: Any = None,
              partitions: int | None = None) -> RunSummary:
    """Extract with Spark into ``out_dir``/{mentions,deals,errors}.parquet (Spark folders).

    ``spark``: an existing session (tests share one); otherwise one is made
    for ``master`` and stopped at the end.
    """
    files: list[tuple[int, str, str]] = []
    driver_errors: list[DocError] = []
    for f in discover_files(paths):
        if isinstance(f, DocError):
            driver_errors.append(f)
        else:
            files.append((len(files), str(f.path.resolve()), f.doc_id))
    out = Path(out_dir)
    _make_folder(out)
    own = spark is None
    spark = spark or spark_session(master)
    try:
        rows = _extract_rows(spark, files, options, read_options, partitions)
        try:
            counts, errors = _write_datasets(spark, rows, out, driver_errors)
        finally:
            rows.unpersist()
        return RunSummary(kind="spark", files=len(files), mentions=counts.get("mentions", 0),
                          deals=counts.get("deals", 0), errors=tuple(e for e in errors if not e.is_warning),
                          warnings=tuple(e for e in errors if e.is_warning))
    finally:
        if own:
            spark.stop()


def _make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KdealError(f"cannot create output folder {out}: {e.strerror or e}") from e


def _extract_rows(spark: Any, files: list[tuple[int, str, str]], options: ExtractOptions,
                  read_options: ReadOptions, partitions: int | None) -> Any:
    """The tagged rows of ``files``, persisted: the datasets are written from one pass."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    n = partitions or max(1, min(len(files), sc.defaultParallelism * 2)) if files else 1
    opts, ropts = options, read_options
    rows = sc.parallelize(files, n).mapPartitions(lambda it: process_files(it, opts, ropts))
    # Three datasets from one pass: spill rather than evict, never run the pipeline twice.
    return rows.persist(StorageLevel.MEMORY_AND_DISK)


def _write_datasets(spark: Any, rows: Any, out: Path,
                    driver_errors: Sequence[DocError] = ()) -> tuple[dict[str, int], list[DocError]]:
    """Write the three datasets of ``rows`` to a staging folder, then move them into ``out``.

    Partitions are consecutive runs of files and each yields its rows in order, so
    the datasets keep input order without a sort (and its extra Spark jobs).
    Returns the row count per dataset and the errors (``driver_errors`` first).
    """
    sc = spark.sparkContext
    stage = out / f".staging-{uuid.uuid4().hex[:8]}"
    try:
        for name, columns in DATASETS.items():
            data = rows.filter(lambda r, name=name: r[0] == name).map(lambda r: r[4])
            if name == "errors" and driver_errors:
                first = [row_of(e.to_json(), ERROR_COLUMNS) for e in driver_errors]
                data = sc.parallelize(first, 1).union(data)
            spark.createDataFrame(data, _schema(columns)).write.mode("error").parquet(str(stage / f"{name}.parquet"))
        counts = dict(rows.map(lambda r: r[0]).countByValue())
        names = [c for c, _ in ERROR_COLUMNS]
        errors = list(driver_errors) + [_error_of(dict(zip(names, r[4])))
                                        for r in rows.filter(lambda r: r[0] == "errors").collect()]
        _publish(stage, out)
        return counts, errors
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def _error_of(row: dict[str, Any]) -> DocError:
    """The ``DocError`` of an errors.parquet row (as the workers wrote it)."""
    return DocError(ErrorCode(row["code"]), row["origin"], row["message"], row["doc_id"])


def _publish(stage: Path, out: Path) -> None:
    """Move the finished datasets into place; the old ones are removed only after."""
    for name in DATASETS:
        src, dst = stage / f"{name}.parquet", out / f"{name}.parquet"
        old = out / f".old-{name}-{uuid.uuid4().hex[:8]}"
        if dst.exists():
            os.replace(dst, old)
        os.replace(src, dst)
        if old.exists():
            shutil.rmtree(old)


def read_parquet_records(out_dir: str | os.PathLike[str], name: str) -> list[dict[str, Any]]:
    """A dataset written by ``run_spark`` as the dicts of the local runner's JSONL, in order."""
    import pyarrow.parquet as pq

    table = pq.read_table(Path(out_dir) / f"{name}.parquet")
    return [json_of(r, DATASETS[name]) for r in table.to_pylist()]


def run_spark_shards(paths: Sequence[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                     options: ExtractOptions = ExtractOptions(), master: str = "local[*]",
                     read_options: ReadOptions = ReadOptions(), spark: Any = None,
                     files_per_job: int | None = None) -> RunSummary:
    """``spark --shards``: each input file (each WARC of a ``warc.paths`` listing) into its own
    ``OUT/shards/NAME/{mentions,deals,errors}.parquet``, skipping the shards done before.

    Names and ``DONE.json`` markers are those of ``extract --shards``
    (``pipeline.shards``). Pending files go to Spark ``files_per_job`` at a time
    (default: twice the default parallelism), one partition per file; each shard
    is published, then marked done, as soon as its job ends, so a stopped run
    loses at most the shards of one job. Inputs that could not be found are
    reported in ``OUT/errors.jsonl``.
    """
    from ..shards import SHARDS, is_done, shard_inputs, shard_name
    from ..sinks import JsonlSink, OutputDir

    t0 = time.perf_counter()
    out = Path(out_dir)
    _make_folder(out)
    pending: list[InputFile] = []
    input_errors: list[DocError] = []
    skipped = 0
    for f in shard_inputs(paths):
        if isinstance(f, DocError):
            input_errors.append(f)
        elif is_done(out / SHARDS / shard_name(f), f.path):
            skipped += 1
        else:
            pending.append(f)
    errors_file = JsonlSink(OutputDir(out), results=False)
    for e in input_errors:
        errors_file.error(e)
    errors_file.close(True)
    parts: list[RunSummary] = []
    own = spark is None and bool(pending)  # nothing left to do: no session to start
    spark = spark_session(master) if own else spark
    try:
        if pending:
            wave = files_per_job or spark.sparkContext.defaultParallelism * 2
            parts = [_spark_wave(spark, pending[i:i + wave], out, options, read_options)
                     for i in range(0, len(pending), wave)]
    finally:
        if own:
            spark.stop()
    errors = input_errors + [e for p in parts for e in p.errors]
    return RunSummary(kind="spark", files=len(pending), mentions=sum(p.mentions for p in parts),
                      deals=sum(p.deals for p in parts), errors=tuple(e for e in errors if not e.is_warning),
                      warnings=tuple(w for p in parts for w in p.warnings), seconds=time.perf_counter() - t0,
                      shards_written=len(pending), shards_skipped=skipped)


def _spark_wave(spark: Any, files: list[InputFile], out: Path, options: ExtractOptions,
                read_options: ReadOptions) -> RunSummary:
    """One Spark job over ``files``; then each file's shard written, published and marked done."""
    from ..shards import SHARDS, mark_done, shard_name

    tagged = [(i, str(f.path.resolve()), f.doc_id) for i, f in enumerate(files)]
    rows = _extract_rows(spark, tagged, options, read_options, len(files))
    mentions = deals = 0
    errors: list[DocError] = []
    try:
        for i, f in enumerate(files):
            folder = out / SHARDS / shard_name(f)
            _make_folder(folder)
            counts, errs = _write_datasets(spark, rows.filter(lambda r, i=i: r[1] == i), folder)
            mark_done(folder, f.path)
            mentions, deals = mentions + counts.get("mentions", 0), deals + counts.get("deals", 0)
            errors.extend(errs)
    finally:
        rows.unpersist()
    return RunSummary(kind="spark", files=len(files), mentions=mentions, deals=deals,
                      errors=tuple(e for e in errors if not e.is_warning),
                      warnings=tuple(e for e in errors if e.is_warning))
