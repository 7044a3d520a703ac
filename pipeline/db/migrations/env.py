"""Alembic environment: always runs on a connection handed in by ``pipeline.db.migrate``.

The caller opens the transaction and takes the migration lock, so this file
only configures the context; it never creates an engine of its own.
"""
from __future__ import annotations

from alembic import context
from kdeal.pipeline.db.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - misuse, not a runtime path
    raise RuntimeError("run migrations through pipeline.db.migrate.upgrade(engine)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
