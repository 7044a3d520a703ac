"""The first tracker schema (as created by the foundation commit with create_all).

Databases created before migrations existed have exactly these tables and no
alembic_version table; ``pipeline.db.migrate`` stamps them at this revision
and upgrades them in place.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("doc_id", sa.String(512), primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(64)),
        sa.Column("author", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("origin", sa.Text),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "companies",
        sa.Column("canonical", sa.String(512), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("code", sa.String(16)),
    )
    op.create_table(
        "company_aliases",
        sa.Column("alias", sa.String(512), primary_key=True),
        sa.Column("canonical", sa.String(512), sa.ForeignKey("companies.canonical"), primary_key=True),
    )
    op.create_table(
        "mentions",
        sa.Column("doc_id", sa.String(512), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("start", sa.Integer, primary_key=True),
        sa.Column("end", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("canonical", sa.String(512), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("code", sa.String(16)),
    )
    op.create_table(
        "deals",
        sa.Column("deal_id", sa.String(64), primary_key=True),
        sa.Column("doc_id", sa.String(512), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("group_label", sa.Text),
        sa.Column("group_count", sa.Integer),
        sa.Column("group_approx", sa.Boolean),
        sa.Column("period", sa.String(64)),
        sa.Column("subject", sa.Text),
    )
    op.create_table(
        "deal_parties",
        sa.Column("deal_id", sa.String(64), sa.ForeignKey("deals.deal_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("side", sa.String(1), primary_key=True),
        sa.Column("canonical", sa.String(512), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
    )
    op.create_table(
        "deal_quantities",
        sa.Column("deal_id", sa.String(64), sa.ForeignKey("deals.deal_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("approx", sa.Boolean, nullable=False),
        sa.Column("unit", sa.String(32)),
        sa.Column("noun", sa.Text),
    )
    op.create_table(
        "deal_evidence",
        sa.Column("deal_id", sa.String(64), sa.ForeignKey("deals.deal_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("doc_id", sa.String(512), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("start", sa.Integer, primary_key=True),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("command", sa.Text),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("deals", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
    )
    op.create_table(
        "run_errors",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("doc_id", sa.String(512)),
        sa.Column("message", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in ("run_errors", "runs", "deal_evidence", "deal_quantities", "deal_parties", "deals",
                 "mentions", "company_aliases", "companies", "documents"):
        op.drop_table(name)
