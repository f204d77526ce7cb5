"""hotline orders: 12345 work-order number on cases, and the import's waiting rows

Revision ID: 0011_hotline_orders
Revises: 0007_supervise
Create Date: 2026-12-04 02:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0011_hotline_orders"
down_revision = "0010_callbacks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: cases reported before this revision carry no work order, which is what
    # NULL says, so existing projections stay equal to a replay of their events.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("work_order", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_cases_work_order"), ["work_order"], unique=False)
    op.create_table(
        "hotline_waiting",
        sa.Column("work_order", sa.String(length=40), nullable=False),
        sa.Column("imported_by", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("needs", sa.String(length=20), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("work_order"),
    )


def downgrade() -> None:
    op.drop_table("hotline_waiting")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_work_order"))
        batch_op.drop_column("work_order")
