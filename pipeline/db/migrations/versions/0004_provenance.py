"""Provenance: runs record kdeal's version, the record schema, the recognition model and the
options; documents record the run that stored them and when ingest fetched them.

Existing rows keep null in the new columns (their provenance was not recorded).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as b:
        b.add_column(sa.Column("kdeal_version", sa.String(32)))
        b.add_column(sa.Column("schema_version", sa.String(16)))
        b.add_column(sa.Column("model_id", sa.String(64)))
        b.add_column(sa.Column("options", sa.Text))
    with op.batch_alter_table("documents") as b:
        b.add_column(sa.Column("run_id", sa.Integer))
        b.add_column(sa.Column("fetched_at", sa.String(40)))


def downgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.drop_column("fetched_at")
        b.drop_column("run_id")
    with op.batch_alter_table("runs") as b:
        for name in ("options", "model_id", "schema_version", "kdeal_version"):
            b.drop_column(name)
