"""case marks: the place, charged department, 签收 and 回访 columns the statistics view reads

Revision ID: 0016_case_marks_view
Revises: 0015_search_case_grams
Create Date: 2026-12-04 20:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0016_case_marks_view"
down_revision = "0015_search_case_grams"
branch_labels = None
depends_on = None

COLUMNS = (
    ("source", sa.String(length=10)),
    ("category", sa.String(length=8)),
    ("grid", sa.String(length=15)),
    ("community", sa.String(length=12)),
    ("street", sa.String(length=9)),
    ("department", sa.String(length=16)),
    ("ack_due", sa.DateTime()),
    ("acked_at", sa.DateTime()),
)


def upgrade() -> None:
    # The fold's version changed with this revision (fact_store.py), so every row is
    # stale until refresh_stale rewrites it; a stale row is never read by SQL.
    with op.batch_alter_table("case_marks") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
        for name in ("simple", "callbacks"):
            batch.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())
            )


def downgrade() -> None:
    with op.batch_alter_table("case_marks") as batch:
        for name in ("callbacks", "simple", *(n for n, _ in reversed(COLUMNS))):
            batch.drop_column(name)
