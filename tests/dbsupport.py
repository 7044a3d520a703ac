"""Database fixtures shared by the tracker tests: a real SQLite file and the real PostgreSQL.

PostgreSQL: one uniquely named database per test session (created on first
use, dropped at exit); each test starts from an empty ``public`` schema.
Imported by the test modules (``from dbsupport import db_url``) rather than
living in conftest.py, which other features own.
"""
from __future__ import annotations

import atexit
import os
import uuid
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa

PG_SERVER = os.environ.get("KDEAL_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
_pg_db: dict[str, str] = {}

# Columns that depend on when and by which run a row was written, not on what it says.
VOLATILE = {"updated_at", "first_seen_at", "started_at", "ended_at", "checked_at", "fetched_at", "pid", "host",
            "run_id"}
CONTENT_TABLES = ("documents", "companies", "company_aliases", "mentions", "deals", "deal_parties",
                  "deal_quantities", "deal_evidence")


def _admin() -> sa.Engine:
    return sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")


def pg_session_url() -> str:
    """The session's test database, created on first use and dropped when the process exits."""
    if "url" not in _pg_db:
        name = f"kdeal_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        admin = _admin()
        try:
            with admin.connect() as c:
                c.exec_driver_sql(f'CREATE DATABASE "{name}"')
        except sa.exc.OperationalError as e:
            pytest.skip(f"PostgreSQL not reachable at {PG_SERVER}: {str(e).splitlines()[0]}")
        finally:
            admin.dispose()

        def _drop() -> None:
            eng = _admin()
            with eng.connect() as c:
                c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            eng.dispose()

        atexit.register(_drop)
        _pg_db["url"] = f"{PG_SERVER}/{name}"
    return _pg_db["url"]


def reset_pg(url: str) -> None:
    eng = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with eng.connect() as c:
        c.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        c.exec_driver_sql("DROP SCHEMA public CASCADE")
        c.exec_driver_sql("CREATE SCHEMA public")
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: Any, tmp_path: Any) -> str:
    """An empty database: a fresh SQLite file, or the session's PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.sqlite'}"
    url = pg_session_url()
    reset_pg(url)
    return url


def _norm(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat()
    return v


def snapshot(url: str, tables: tuple[str, ...] = CONTENT_TABLES, volatile: bool = False) -> dict[str, list[tuple]]:
    """Every row of the content tables, sorted; timestamps left out unless ``volatile``."""
    eng = sa.create_engine(url)
    out: dict[str, list[tuple]] = {}
    try:
        meta = sa.MetaData()
        meta.reflect(eng, only=list(tables))
        with eng.connect() as c:
            for name in tables:
                t = meta.tables[name]
                cols = [col for col in t.c if volatile or col.name not in VOLATILE]
                rows = c.execute(sa.select(*cols)).all()
                out[name] = sorted((tuple(_norm(v) for v in r) for r in rows), key=repr)
    finally:
        eng.dispose()
    return out


def count_rows(url: str, table: str) -> int:
    eng = sa.create_engine(url)
    try:
        with eng.connect() as c:
            return int(c.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar())
    finally:
        eng.dispose()


def rows(url: str, sql: str) -> list[tuple]:
    """The rows of one query, as tuples."""
    eng = sa.create_engine(url)
    try:
        with eng.connect() as c:
            return [tuple(r) for r in c.execute(sa.text(sql)).all()]
    finally:
        eng.dispose()
