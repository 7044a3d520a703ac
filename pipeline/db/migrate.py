"""Bringing any tracker database to the current schema, in place.

Every open of a database goes through ``upgrade``: a new database is built by
the migrations, an old one is upgraded, one created before migrations existed
(the foundation's ``create_all``) is recognised and stamped first. Concurrent
processes opening the same database serialise on a lock (PostgreSQL advisory
lock; SQLite ``BEGIN IMMEDIATE``), and on both the whole upgrade is one
transaction, so a process killed mid-upgrade leaves the old schema intact. The
views (``views.py``) are dropped before the migrations run and created again at
the head revision.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from .views import create_views, drop_views

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LEGACY_REVISION = "0001"
_PG_LOCK_KEY = 0x6B6465616C00  # "kdeal\0": migration lock, distinct from the ingest lock


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Upgrade the database to ``revision``; returns the revision it is at afterwards."""
    target = head_revision() if revision == "head" else revision
    with engine.connect() as conn:
        if current_revision(conn) == target:
            return target
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # Foreign keys off for table rebuilds (a DROP TABLE would cascade), then
            # one write transaction for the whole upgrade.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        try:
            rev = current_revision(conn)
            if rev is None and inspect(conn).has_table("documents"):
                command.stamp(alembic_config(conn), LEGACY_REVISION)
                rev = LEGACY_REVISION
            if rev != target:
                drop_views(conn)  # a table rebuild must not meet a view that reads it
                command.upgrade(alembic_config(conn), target)
                if target == head_revision():
                    create_views(conn)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        return current_revision(conn) or target
