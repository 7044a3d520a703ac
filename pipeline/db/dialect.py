"""The one place that knows SQLite's and PostgreSQL's ``INSERT … ON CONFLICT`` apart."""
from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection


def dialect_insert(conn: Connection, table: Any) -> Any:
    """An ``insert`` with ``on_conflict_do_nothing``/``on_conflict_do_update`` for ``conn``'s database."""
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert
    return insert(table)


def insert_ignore(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows, leaving rows whose key already exists as they are."""
    if rows:
        conn.execute(dialect_insert(conn, table).on_conflict_do_nothing(), rows)
