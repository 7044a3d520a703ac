"""Tracker schema (SQLAlchemy Core), portable between SQLite and PostgreSQL.

This module describes the *current* schema (the head of the migrations in
``migrations/versions``). A database is never built from it directly: the
migrations build and upgrade every database, and a test checks that the
migrated schema and this description agree, so the two cannot drift.
"""
from __future__ import annotations

from sqlalchemy import (
                        Boolean,
                        Column,
                        Date,
                        DateTime,
                        Float,
                        ForeignKey,
                        Index,
                        Integer,
                        MetaData,
                        String,
                        Table,
                        Text,
)

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
    # What makes a document "the same": its text (content_sha256) at its
    # canonical URL. result_sha256 covers text, metadata and what extraction
    # produced, so an unchanged rerun writes nothing at all.
    Column("content_sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("canonical_url", Text),
    Column("result_sha256", String(64)),
    Column("first_seen_at", DateTime(timezone=True)),
    # Copies of one text (a press release carried by several outlets) share a story (stories).
    Column("story_id", String(16)),
    # Provenance: the run that stored this text, and when ingest fetched it (ISO 8601).
    Column("run_id", Integer),
    Column("fetched_at", String(40)),
    Index("ix_documents_content_sha256", "content_sha256"),
    Index("ix_documents_canonical_url", "canonical_url"),
    Index("ix_documents_story_id", "story_id"),
)

# A story: the MinHash signature (hex) of its first document, which later documents are
# compared with; story_bands holds its LSH band keys, so a new document reads only the
# stories that share a band with it (pipeline.dedup).
stories = Table(
    "stories", metadata,
    Column("story_id", String(16), primary_key=True),
    Column("signature", Text, nullable=False),
    Column("first_doc_id", String(512)),
)

story_bands = Table(
    "story_bands", metadata,
    Column("band", Integer, primary_key=True),
    Column("key", Integer, primary_key=True),
    Column("story_id", String(16), ForeignKey("stories.story_id", ondelete="CASCADE"), primary_key=True),
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

# A deal is what several reports may describe; ``doc_id`` is the document
# that first reported it and ``merge_key`` (type + party names) finds the
# deal again when another document reports it within the time window.
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
    Column("merge_key", String(64)),
    Index("ix_deals_merge_key", "merge_key"),
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

# One row per report of a deal: ``report_id`` is the extractor's per-document
# deal_id, ``published`` the reporting document's date as given and ``day`` its
# calendar date (the time window is a range query on it).
deal_evidence = Table(
    "deal_evidence", metadata,
    Column("deal_id", String(64), ForeignKey("deals.deal_id", ondelete="CASCADE"), primary_key=True),
    Column("doc_id", String(512), ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("report_id", String(64)),
    Column("status", String(32)),
    Column("published", String(64)),
    Column("day", Date),
    Index("ix_deal_evidence_doc_id", "doc_id"),
    Index("ix_deal_evidence_day", "day"),
    Index("ix_deal_evidence_report_id", "report_id"),
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
    Column("unchanged", Integer, nullable=False, default=0, server_default="0"),
    Column("duplicates", Integer, nullable=False, default=0, server_default="0"),
    Column("fetched", Integer, nullable=False, default=0, server_default="0"),
    Column("not_modified", Integer, nullable=False, default=0, server_default="0"),
    Column("reports", Integer, nullable=False, default=0, server_default="0"),
    Column("fresh", Integer, nullable=False, default=0, server_default="0"),
    Column("retired", Integer, nullable=False, default=0, server_default="0"),
    Column("failed_pages", Integer, nullable=False, default=0, server_default="0"),
    Column("pid", Integer),
    Column("host", String(255)),
    Column("message", Text),
    # Provenance: what made the run's records (options: the extraction options as JSON).
    Column("kdeal_version", String(32)),
    Column("schema_version", String(16)),
    Column("model_id", String(64)),
    Column("options", Text),
)

run_errors = Table(
    "run_errors", metadata,
    Column("run_id", Integer, ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("code", String(64), nullable=False),
    Column("origin", Text, nullable=False),
    Column("doc_id", String(512)),
    Column("message", Text, nullable=False),
)

# Conditional GET state per URL: the fetcher keeps nothing between runs.
fetch_state = Table(
    "fetch_state", metadata,
    Column("url", Text, primary_key=True),
    Column("canonical_url", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("status", Integer),
    Column("content_sha256", String(64)),
    Column("fetched_at", DateTime(timezone=True)),
    Column("checked_at", DateTime(timezone=True), nullable=False),
    Column("error_code", String(64)),
    Column("error_message", Text),
    Column("run_id", Integer),
    # Consecutive 404/410 answers: at the recrawl policy's limit the URL is retired.
    Column("gone_count", Integer, nullable=False, default=0, server_default="0"),
)

# What each source of an ingest did (kdeal runs shows it).
run_sources = Table(
    "run_sources", metadata,
    Column("run_id", Integer, ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True),
    Column("source", String(255), primary_key=True),
    Column("candidates", Integer, nullable=False, default=0),
    Column("fetched", Integer, nullable=False, default=0),
    Column("not_modified", Integer, nullable=False, default=0),
    Column("fresh", Integer, nullable=False, default=0),
    Column("retired", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("documents", Integer, nullable=False, default=0),
    Column("deals", Integer, nullable=False, default=0),
    Column("reports", Integer, nullable=False, default=0),
    Column("seconds", Float),
)
