"""callbacks and automatic dispatch: 回访/重办 on the case, 智能派单 on routing rules

Revision ID: 0010_callbacks
Revises: 0007_supervise
Create Date: 2026-12-04 02:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0010_callbacks'
down_revision = '0009_co_handling'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Defaults say "never called back, never reopened, not routed automatically", which is
    # what a replay of the events made before this revision gives: projections stay equal.
    # Plain ADD COLUMN (SQLite and PostgreSQL both take it with a constant default): several
    # add_column in one SQLite batch after 0007's raised alembic's "Circular dependency".
    op.add_column('cases', sa.Column('callback_count', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('cases', sa.Column('callback_at', sa.DateTime(), nullable=True))
    op.add_column('cases', sa.Column('satisfaction', sa.String(length=12), nullable=True))
    op.add_column('cases', sa.Column('reopen_count', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('cases', sa.Column('auto_rule', sa.Integer(), nullable=True))
    op.add_column(
        'cases', sa.Column('auto_dispatched', sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        'routing_rules',
        sa.Column('automatic', sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table('routing_rules', schema=None) as batch_op:
        batch_op.drop_column('automatic')
    for name in (
        'auto_dispatched',
        'auto_rule',
        'reopen_count',
        'satisfaction',
        'callback_at',
        'callback_count',
    ):
        with op.batch_alter_table('cases', schema=None) as batch_op:
            batch_op.drop_column(name)
