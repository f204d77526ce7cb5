"""photo journal: photos committed with their event, settled into the file store later

Revision ID: 0013_photo_journal
Revises: 0012_open311_clients
Create Date: 2026-12-04 11:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0013_photo_journal"
down_revision = "0012_open311_clients"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photo_journal",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_photo_journal")),
    )


def downgrade() -> None:
    op.drop_table("photo_journal")
