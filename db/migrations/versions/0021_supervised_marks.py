"""case marks of supervised cases: the times of a case's 督办 (at most two) as columns

Revision ID: 0021_supervised_marks
Revises: 0020_period_case_indexes
Create Date: 2026-12-05 09:00:00.000000

A case with a 督办 was marked in Python by the statistics view and the report's
comparison periods (``case_marks.plain`` excluded it): over a year, ≈7 % of the cases,
each loaded and folded. ``figures.mark`` reads only whether a 督办 falls in the period,
so with at most two the two times say it in SQL, and ``plain`` now means "no 挂账/缓办
and at most two 督办". The fold's version changed with this revision (``mark_rows.py``),
so every row is stale until ``refresh_stale`` rewrites it; a stale row is never read.
"""

from alembic import op
import sqlalchemy as sa


revision = "0021_supervised_marks"
down_revision = "0020_period_case_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_marks") as batch:
        batch.add_column(sa.Column("supervised_first", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("supervised_last", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_marks") as batch:
        batch.drop_column("supervised_last")
        batch.drop_column("supervised_first")
