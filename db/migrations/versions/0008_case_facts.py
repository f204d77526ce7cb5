"""case facts: each case's folded events, kept up to date with its log

Revision ID: 0008_case_facts
Revises: 0007_supervise
Create Date: 2026-12-04 02:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0008_case_facts"
down_revision = "0007_supervise"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty at first: a case without a row is folded from its events when read and its
    # row written by the next statistics or report run (gridapp/reports/fact_store.py).
    op.create_table(
        "case_facts",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=True),
        sa.Column("facts", sa.Text(), nullable=True),
        sa.Column("events", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_facts")),
    )


def downgrade() -> None:
    op.drop_table("case_facts")
