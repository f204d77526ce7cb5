"""mark columns: the statistics view's column store, one blob of arrays a day of report

Revision ID: 0023_mark_columns
Revises: 0022_case_facts_version
Create Date: 2026-12-05 12:00:00.000000

Counting a year's 590,000 cases row by row in SQL took 6–8 s. The view now reads each
day's cases, marks and mark items as column arrays (``gridapp/stats/mark_columns.py``)
and counts them with numpy. Triggers note a day whose rows change (SQLite only: the
service on PostgreSQL counts in SQL); every day is noted here, and built by the first
view after the upgrade.
"""

from alembic import op
import sqlalchemy as sa

from gridapp.stats import mark_columns

revision = "0023_mark_columns"
down_revision = "0022_case_facts_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mark_columns",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_mark_columns")),
    )
    op.create_table(
        "mark_columns_dirty",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_mark_columns_dirty")),
    )
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for statement in mark_columns.CREATE:
        bind.exec_driver_sql(statement)
    mark_columns.note_every_day(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in mark_columns.DROP:
            bind.exec_driver_sql(statement)
    op.drop_table("mark_columns_dirty")
    op.drop_table("mark_columns")
