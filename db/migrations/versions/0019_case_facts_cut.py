"""case facts cut at a month's start: the fold of a case's events before the month of its last

Revision ID: 0019_case_facts_cut
Revises: 0018_case_mark_items
Create Date: 2026-12-05 06:00:00.000000

A past month's statistics view or report needs every case that changed after the month
as it stood at the month's end; folding each one's events up to then was most of a
month view's time. ``case_facts`` now keeps, beside the whole fold, the fold of the
events before the start of the month of the case's last event. The fold's version
changed with this revision (``fact_store.py``), so every row is stale until
``refresh_stale`` rewrites it; a stale row is never read.
"""

from alembic import op
import sqlalchemy as sa


revision = "0019_case_facts_cut"
down_revision = "0018_case_mark_items"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_facts") as batch:
        batch.add_column(sa.Column("cut_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("cut_facts", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_facts") as batch:
        batch.drop_column("cut_facts")
        batch.drop_column("cut_at")
