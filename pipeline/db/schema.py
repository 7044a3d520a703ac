"""Tracker schema (SQLAlchemy Core), portable between SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, DateTime, Float, ForeignKey, Integer, MetaData, String,
                        Table, Text, UniqueConstraint)

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("doc_id", String(512), primary_key=True),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(64)),
    Column("author", Text),
    Column("outlet", Text),
    Column("origin", Text),
    Column("content_sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

companies = Table(
    "companies", metadata,
    Column("canonical", String(512), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("code", String(16)),
)

company_aliases = Table(
    "company_aliases", metadata,
    Column("alias", String(512), primary_key=True),
    Column("canonical", String(512), ForeignKey("companies.canonical"), primary_key=True),
)

mentions = Table(
    "mentions", metadata,
    Column("doc_id", String(512), ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("canonical", String(512), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("code", String(16)),
)

deals = Table(
    "deals", metadata,
    Column("deal_id", String(64), primary_key=True),
    Column("doc_id", String(512), ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False),
    Column("type", String(64), nullable=False),
    Column("status", String(32), nullable=False),
    Column("group_label", Text),
    Column("group_count", Integer),
    Column("group_approx", Boolean),
    Column("period", String(64)),
    Column("subject", Text),
)

deal_parties = Table(
    "deal_parties", metadata,
    Column("deal_id", String(64), ForeignKey("deals.deal_id", ondelete="CASCADE"), primary_key=True),
    Column("side", String(1), primary_key=True),
    Column("canonical", String(512), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
)

deal_quantities = Table(
    "deal_quantities", metadata,
    Column("deal_id", String(64), ForeignKey("deals.deal_id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("approx", Boolean, nullable=False),
    Column("unit", String(32)),
    Column("noun", Text),
)

deal_evidence = Table(
    "deal_evidence", metadata,
    Column("deal_id", String(64), ForeignKey("deals.deal_id", ondelete="CASCADE"), primary_key=True),
    Column("doc_id", String(512), ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),
    Column("documents", Integer, nullable=False, default=0),
    Column("mentions", Integer, nullable=False, default=0),
    Column("deals", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
)

run_errors = Table(
    "run_errors", metadata,
    Column("run_id", Integer, ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("code", String(64), nullable=False),
    Column("origin", Text, nullable=False),
    Column("doc_id", String(512)),
    Column("message", Text, nullable=False),
    UniqueConstraint("run_id", "position"),
)
