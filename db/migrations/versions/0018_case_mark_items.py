"""case mark items: department rows of cases that are not simple; 回访 and overdue-line columns

Revision ID: 0018_case_mark_items
Revises: 0017_publish_at_commit
Create Date: 2026-12-04 23:30:00.000000

The statistics view counts department figures of every plain case in SQL (one
``case_mark_items`` row a round, 协办 task, 签收 or department) and 回访 figures of a
case with at most one 结案 and one 回访 from ``case_marks`` columns, as it does the lines
of the overdue board (the last round's department, unit, 核查 and 回退, the 核实). The fold's version
changed with this revision (``mark_rows.py``), so every row is stale until
``refresh_stale`` rewrites it; a stale row is never read by SQL.
"""

from alembic import op
import sqlalchemy as sa


revision = "0018_case_mark_items"
down_revision = "0017_publish_at_commit"
branch_labels = None
depends_on = None

COLUMNS = (
    ("closing_at", sa.DateTime()),
    ("closing_dept", sa.String(length=16)),
    ("callback_at", sa.DateTime()),
    ("callback_dept", sa.String(length=16)),
    ("callback_reached", sa.Boolean()),
    ("callback_verdict", sa.String(length=16)),
    ("verified_at", sa.DateTime()),
    ("last_dept", sa.String(length=16)),
    ("last_unit", sa.String(length=16)),
    ("last_check_ok", sa.Boolean()),
    ("last_returned_at", sa.DateTime()),
)


def upgrade() -> None:
    with op.batch_alter_table("case_marks") as batch:
        batch.add_column(
            sa.Column("callback_one", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.create_table(
        "case_mark_items",
        sa.Column("case_id", sa.String(length=36), primary_key=True),
        sa.Column("n", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("dept", sa.String(length=16), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=True),
        sa.Column("done", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("case_mark_items")
    with op.batch_alter_table("case_marks") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
        batch.drop_column("callback_one")
