"""case subclass: the 细类 (third level of catalog v2) a case is filed under

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 22:40:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable, no default: every existing case has no 细类, which is what NULL says.
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subclass', sa.String(length=2), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('subclass')
