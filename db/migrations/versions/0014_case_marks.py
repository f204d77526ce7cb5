"""case marks: what the period totals count in SQL, one narrow row per case

Revision ID: 0014_case_marks
Revises: 0013_photo_journal
Create Date: 2026-12-04 17:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0014_case_marks"
down_revision = "0013_photo_journal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty at first: the fold's version changed with this revision, so every case_facts
    # row is stale and refresh_stale writes both tables; until then the totals are marked
    # in Python (a case without a current mark row is never summed in SQL).
    op.create_table(
        "case_marks",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("filed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("voided_at", sa.DateTime(), nullable=True),
        sa.Column("rejected_at", sa.DateTime(), nullable=True),
        sa.Column("deadline", sa.DateTime(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("reworked", sa.Boolean(), nullable=False),
        sa.Column("open_now", sa.Boolean(), nullable=False),
        sa.Column("plain", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_marks")),
    )


def downgrade() -> None:
    op.drop_table("case_marks")
