"""open311 clients: integration clients that post Open311 GeoReport v2 requests

Revision ID: 0012_open311_clients
Revises: 0007_supervise
Create Date: 2026-12-04 02:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0012_open311_clients'
down_revision = '0011_hotline_orders'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('integration_clients',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('key_hint', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('street_codes', sa.Text(), nullable=False),
    sa.Column('rate_per_hour', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=True),
    sa.Column('window_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integration_clients')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_integration_clients_key_hash')),
    sa.UniqueConstraint('name', name=op.f('uq_integration_clients_name'))
    )


def downgrade() -> None:
    op.drop_table('integration_clients')
