"""The deal type "co-host" is renamed co_host, like every other type name (snake case).

Rows keep their deal and evidence; the merge key, which spells the type, is computed again
so that a later report of a co-hosted deal still finds its row. The key's formula is copied
here as it stands at this revision (a migration must not follow later code).

Revision ID: 0005
Revises: 0004
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OLD, NEW = "co-host", "co_host"


def _merge_key(kind: str, status: str, label: str | None, count: int | None, names: list[str]) -> str | None:
    if not names:
        return None
    group = f"{label}:{count}" if label is not None else ""
    key = "\x1f".join([kind, "negated" if status == "negated" else "", group, *sorted(set(names))])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _rename(old: str, new: str) -> None:
    conn = op.get_bind()
    deals = conn.execute(sa.text("SELECT deal_id, status, group_label, group_count FROM deals WHERE type = :t"),
                         {"t": old}).fetchall()
    for deal_id, status, label, count in deals:
        names = [r[0] for r in conn.execute(sa.text("SELECT canonical FROM deal_parties WHERE deal_id = :d"),
                                            {"d": deal_id})]
        conn.execute(sa.text("UPDATE deals SET type = :t, merge_key = :k WHERE deal_id = :d"),
                     {"t": new, "k": _merge_key(new, status, label, count, names), "d": deal_id})


def upgrade() -> None:
    _rename(OLD, NEW)


def downgrade() -> None:
    _rename(NEW, OLD)
