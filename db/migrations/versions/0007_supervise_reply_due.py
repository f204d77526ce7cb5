"""supervise reply due: the reply deadline of a 督办 awaiting its 督办回复

Revision ID: 0007_supervise
Revises: 0006
Create Date: 2026-12-03 23:40:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0007_supervise'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: a 督办 made before this revision asked for no reply, which is
    # what NULL says, so existing projections stay equal to a replay of their events.
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supervise_reply_due', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('supervise_reply_due')
