"""Documents keyed by content hash + canonical URL, deals merged across documents, fetch_state.

Existing rows are kept: documents get their canonical URL computed from
``url``; evidence rows get their report id (the old per-document deal_id)
and the document's date. ``result_sha256`` stays empty for old documents,
so the next run rewrites them once with the new merge rules.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from kdeal.pipeline.db.keys import canonical_url, published_date

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.add_column(sa.Column("canonical_url", sa.Text))
        b.add_column(sa.Column("result_sha256", sa.String(64)))
        b.add_column(sa.Column("first_seen_at", sa.DateTime(timezone=True)))
        b.create_index("ix_documents_content_sha256", ["content_sha256"])
        b.create_index("ix_documents_canonical_url", ["canonical_url"])
    with op.batch_alter_table("deals") as b:
        b.add_column(sa.Column("merge_key", sa.String(64)))
        b.create_index("ix_deals_merge_key", ["merge_key"])
    with op.batch_alter_table("deal_evidence") as b:
        b.add_column(sa.Column("report_id", sa.String(64)))
        b.add_column(sa.Column("status", sa.String(32)))
        b.add_column(sa.Column("published", sa.String(64)))
        b.add_column(sa.Column("day", sa.Date))
        b.create_index("ix_deal_evidence_doc_id", ["doc_id"])
        b.create_index("ix_deal_evidence_day", ["day"])
        b.create_index("ix_deal_evidence_report_id", ["report_id"])
    with op.batch_alter_table("runs") as b:
        for name in ("unchanged", "duplicates", "fetched", "not_modified"):
            b.add_column(sa.Column(name, sa.Integer, nullable=False, server_default="0"))
        b.add_column(sa.Column("pid", sa.Integer))
        b.add_column(sa.Column("host", sa.String(255)))
        b.add_column(sa.Column("message", sa.Text))
    op.create_table(
        "fetch_state",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("canonical_url", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("status", sa.Integer),
        sa.Column("content_sha256", sa.String(64)),
        sa.Column("fetched_at", sa.DateTime(timezone=True)),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error_code", sa.String(64)),
        sa.Column("error_message", sa.Text),
        sa.Column("run_id", sa.Integer),
    )

    conn = op.get_bind()
    docs = sa.table("documents", sa.column("doc_id"), sa.column("url"), sa.column("canonical_url"),
                    sa.column("published"))
    rows = conn.execute(sa.select(docs.c.doc_id, docs.c.url, docs.c.published)).all()
    published = {}
    for doc_id, url, pub in rows:
        published[doc_id] = pub
        if url:
            conn.execute(sa.update(docs).where(docs.c.doc_id == doc_id).values(canonical_url=canonical_url(url)))
    ev = sa.table("deal_evidence", sa.column("deal_id"), sa.column("doc_id"), sa.column("report_id"),
                  sa.column("published"), sa.column("day", sa.Date))
    conn.execute(sa.update(ev).values(report_id=ev.c.deal_id))
    for doc_id, pub in published.items():
        if pub:
            conn.execute(sa.update(ev).where(ev.c.doc_id == doc_id).values(published=pub,
                                                                          day=published_date(pub)))


def downgrade() -> None:
    op.drop_table("fetch_state")
    with op.batch_alter_table("runs") as b:
        for name in ("message", "host", "pid", "not_modified", "fetched", "duplicates", "unchanged"):
            b.drop_column(name)
    with op.batch_alter_table("deal_evidence") as b:
        b.drop_index("ix_deal_evidence_report_id")
        b.drop_index("ix_deal_evidence_day")
        b.drop_index("ix_deal_evidence_doc_id")
        for name in ("day", "published", "status", "report_id"):
            b.drop_column(name)
    with op.batch_alter_table("deals") as b:
        b.drop_index("ix_deals_merge_key")
        b.drop_column("merge_key")
    with op.batch_alter_table("documents") as b:
        b.drop_index("ix_documents_canonical_url")
        b.drop_index("ix_documents_content_sha256")
        for name in ("first_seen_at", "result_sha256", "canonical_url"):
            b.drop_column(name)
