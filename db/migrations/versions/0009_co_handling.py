"""co-handling (协办) and 签收: acknowledge-by times and co-handling departments on cases

Revision ID: 0009_co_handling
Revises: 0007_supervise
Create Date: 2026-12-04 02:10:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0009_co_handling'
down_revision = '0008_case_facts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Cases dispatched before this revision owe no 签收 and have no 协办 (NULL / "[]"),
    # and their handling 80 % mark is the warn_at they have: a replay of their events
    # gives exactly these values, so projections stay equal to their logs.
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ack_due', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('handling_warn_at', sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column('co_departments', sa.Text(), nullable=False, server_default='[]')
        )
        batch_op.add_column(sa.Column('co_pending', sa.Text(), nullable=False, server_default=''))
    op.execute('UPDATE cases SET handling_warn_at = warn_at')


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('co_pending')
        batch_op.drop_column('co_departments')
        batch_op.drop_column('handling_warn_at')
        batch_op.drop_column('acknowledged_at')
        batch_op.drop_column('ack_due')
