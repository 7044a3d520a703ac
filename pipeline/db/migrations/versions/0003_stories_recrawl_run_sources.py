"""Stories (near-duplicate copies), the recrawl policy's 404 count, deal reports and per-source run counts.

Existing documents are put into stories here, in the order they were first
seen, so copies stored before this revision meet the ones stored after it.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op
from kdeal.pipeline.dedup import DEFAULT_THRESHOLD, band_keys, encode, signature, similarity, story_id_of

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RUN_COUNTS = ("reports", "fresh", "retired", "failed_pages")
SOURCE_COUNTS = ("candidates", "fetched", "not_modified", "fresh", "retired", "failed", "documents", "deals",
                 "reports")


def upgrade() -> None:
    with op.batch_alter_table("documents") as b:
        b.add_column(sa.Column("story_id", sa.String(16)))
        b.create_index("ix_documents_story_id", ["story_id"])
    op.create_table(
        "stories",
        sa.Column("story_id", sa.String(16), primary_key=True),
        sa.Column("signature", sa.Text, nullable=False),
        sa.Column("first_doc_id", sa.String(512)),
    )
    op.create_table(
        "story_bands",
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("key", sa.Integer, primary_key=True),
        sa.Column("story_id", sa.String(16), sa.ForeignKey("stories.story_id", ondelete="CASCADE"),
                  primary_key=True),
    )
    with op.batch_alter_table("runs") as b:
        for name in RUN_COUNTS:
            b.add_column(sa.Column(name, sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("fetch_state") as b:
        b.add_column(sa.Column("gone_count", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "run_sources",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("source", sa.String(255), primary_key=True),
        *[sa.Column(name, sa.Integer, nullable=False) for name in SOURCE_COUNTS],
    )
    _assign_stories(op.get_bind())


def _assign_stories(conn: sa.engine.Connection) -> None:
    docs = sa.table("documents", sa.column("doc_id"), sa.column("text"), sa.column("story_id"),
                    sa.column("first_seen_at"))
    stories = sa.table("stories", sa.column("story_id"), sa.column("signature"), sa.column("first_doc_id"))
    bands = sa.table("story_bands", sa.column("band"), sa.column("key"), sa.column("story_id"))
    sigs: dict[str, object] = {}
    index: dict[tuple[int, int], list[str]] = {}
    rows = conn.execute(sa.select(docs.c.doc_id, docs.c.text).order_by(docs.c.first_seen_at, docs.c.doc_id))
    for doc_id, text in rows.all():
        sig = signature(text or "")
        if sig is None:
            continue
        keys = band_keys(sig)
        near = sorted((-similarity(sig, sigs[sid]), sid) for sid in
                      {sid for i, k in enumerate(keys) for sid in index.get((i, k), ())})
        story = near[0][1] if near and -near[0][0] >= DEFAULT_THRESHOLD else None
        if story is None:
            story = story_id_of(sig)
            if story not in sigs:
                sigs[story] = sig
                for i, k in enumerate(keys):
                    index.setdefault((i, k), []).append(story)
                conn.execute(sa.insert(stories), [{"story_id": story, "signature": encode(sig),
                                                   "first_doc_id": doc_id}])
                conn.execute(sa.insert(bands), [{"band": i, "key": k, "story_id": story}
                                                for i, k in enumerate(keys)])
        conn.execute(sa.update(docs).where(docs.c.doc_id == doc_id).values(story_id=story))


def downgrade() -> None:
    op.drop_table("run_sources")
    with op.batch_alter_table("fetch_state") as b:
        b.drop_column("gone_count")
    with op.batch_alter_table("runs") as b:
        for name in reversed(RUN_COUNTS):
            b.drop_column(name)
    op.drop_table("story_bands")
    op.drop_table("stories")
    with op.batch_alter_table("documents") as b:
        b.drop_index("ix_documents_story_id")
        b.drop_column("story_id")
