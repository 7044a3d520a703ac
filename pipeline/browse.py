"""``kdeal browse``: the tracker database in datasette, on 127.0.0.1.

Before datasette starts, the database is brought to the current schema (which
creates the ``deal_pairs`` and ``deal_reports`` views) and given a full-text
index of the evidence sentences: an FTS5 table with the trigram tokenizer, so
that a search finds a Korean word inside an eojeol ("협약" in "업무협약을"); FTS5's
trigram tokenizer matches strings of three or more characters. The index mirrors
``deal_evidence`` through triggers and is rebuilt each time browse starts (rowids
can change on VACUUM or a table rebuild). datasette gets metadata that describes
every table, view and column (``db/describe.py``), facets and sort orders.

SQLite only: datasette serves SQLite files. A PostgreSQL tracker can be exported
(``kdeal export``) or queried with its own tools; it has the same views.
"""
from __future__ import annotations

import importlib.util
import json
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from kdeal.errors import KdealError

from .db.describe import TABLES
from .db.sink import connect
from .db.views import create_views
from .options import DEFAULT_PORT

PAGE_SIZE = 50
HOST = "127.0.0.1"
FTS_TABLE = "deal_evidence_fts"
SQLITE_PREFIX = "sqlite:///"

_SEARCH_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "sentence, content='deal_evidence', content_rowid='rowid', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON deal_evidence BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, sentence) VALUES (new.rowid, new.sentence); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON deal_evidence BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, sentence) VALUES ('delete', old.rowid, old.sentence); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON deal_evidence BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, sentence) VALUES ('delete', old.rowid, old.sentence); "
    f"INSERT INTO {FTS_TABLE}(rowid, sentence) VALUES (new.rowid, new.sentence); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)

# datasette settings per table: facets offered and the default order.
_TABLE_SETTINGS: dict[str, dict[str, Any]] = {
    "deals": {"facets": ["type", "status"]},
    "deal_pairs": {"sort_desc": "reports"},
    "deal_reports": {"facets": ["type", "status"], "sort_desc": "day", "fts_table": FTS_TABLE,
                     "fts_pk": "evidence_rowid"},
    "deal_evidence": {"fts_table": FTS_TABLE, "fts_pk": "rowid"},
    "mentions": {"facets": ["kind"]},
    "runs": {"sort_desc": "run_id"},
}


def sqlite_path(db_url: str) -> Path:
    """The file of a ``sqlite:///PATH`` URL; any other database is one clear error."""
    if not db_url.startswith(SQLITE_PREFIX) or ":memory:" in db_url:
        raise KdealError(f"kdeal browse serves SQLite files only (datasette), not {db_url.split('://')[0]}; "
                         "export a PostgreSQL tracker with kdeal export, or query its views directly")
    path = Path(db_url[len(SQLITE_PREFIX):].split("?", 1)[0])
    if not path.is_file():
        raise KdealError(f"no tracker database at {path}")
    return path


def ensure_search(conn: Connection) -> None:
    """The trigram FTS5 index of evidence sentences, its triggers, rebuilt now."""
    for sql in _SEARCH_SQL:
        conn.exec_driver_sql(sql)


def prepare(db_url: str) -> Path:
    """Migrate the database, (re)create its views and (re)build its search index; its path."""
    path = sqlite_path(db_url)
    engine = connect(db_url)
    try:
        with engine.begin() as conn:
            create_views(conn)  # current definitions, whatever created the file
            ensure_search(conn)
    except SQLAlchemyError as e:
        raise KdealError(f"cannot build the search index of {path}: {str(e).splitlines()[0]} "
                         "(needs SQLite 3.34+ with FTS5)") from e
    finally:
        engine.dispose()
    return path


def metadata(database: str) -> dict[str, Any]:
    """datasette metadata: a description of every table, view and column, facets, search."""
    tables = {}
    for name, (description, columns) in TABLES.items():
        tables[name] = {"description": description, "columns": dict(columns), **_TABLE_SETTINGS.get(name, {})}
    return {
        "title": "kdeal tracker",
        "description": "Deals read from Korean business writing: who partnered with whom, how many, what kind, "
                       "and the sentence that says so. Search the evidence in deal_reports or deal_evidence.",
        "databases": {database: {"tables": tables}},
    }


def datasette_available() -> bool:
    return importlib.util.find_spec("datasette") is not None


def serve(db_url: str, port: int = DEFAULT_PORT) -> int:
    """Prepare the database and run datasette on 127.0.0.1 until it is stopped; its exit code."""
    if not datasette_available():
        raise KdealError("kdeal browse needs datasette: pip install 'kdeal[browse]'")
    path = prepare(db_url)
    with tempfile.TemporaryDirectory(prefix="kdeal-browse-") as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(path.stem), ensure_ascii=False), encoding="utf-8")
        args = ["serve", str(path), "--metadata", str(meta), "--host", HOST, "--port", str(port),
                "--setting", "default_page_size", str(PAGE_SIZE)]
        return _run_datasette(args)


def _run_datasette(args: list[str]) -> int:
    """datasette's own command, in this process (uvicorn stops cleanly on SIGINT/SIGTERM)."""
    from datasette.cli import cli

    try:
        cli.main(args=args, prog_name="datasette", standalone_mode=False)
    except SystemExit as e:
        return int(e.code or 0)
    except KeyboardInterrupt:
        return 0
    return 0
