"""How long each source of an ingest took (``run_sources.seconds``), for ``kdeal runs``.

Rows recorded before keep null: their duration was not measured.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("run_sources") as b:
        b.add_column(sa.Column("seconds", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("run_sources") as b:
        b.drop_column("seconds")
