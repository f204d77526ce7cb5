"""mark columns: the statistics view's column store, one blob of arrays a day of report

Revision ID: 0023_mark_columns
Revises: 0022_case_facts_version
Create Date: 2026-12-05 12:00:00.000000

Counting a year's 590,000 cases row by row in SQL took 6–8 s. The view now reads each
day's cases, marks and mark items as column arrays (``gridapp/stats/mark_columns.py``)
and counts them with numpy (SQLite only: the service on PostgreSQL counts in SQL). A day
whose cases change is noted by their writers (``gridapp/store/column_days.py``); every
day is noted here, and built by the first view after the upgrade.
"""

from alembic import op
import sqlalchemy as sa

from gridapp.store import column_days

revision = "0023_mark_columns"
down_revision = "0022_case_facts_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mark_columns",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_mark_columns")),
    )
    op.create_table(
        "mark_columns_dirty",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_mark_columns_dirty")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        column_days.note_every_day(bind)


def downgrade() -> None:
    op.drop_table("mark_columns_dirty")
    op.drop_table("mark_columns")
