"""period case indexes: a period's older cases found by their close and 回访 times

Revision ID: 0020_period_case_indexes
Revises: 0019_case_facts_cut
Create Date: 2026-12-05 06:45:00.000000

A period's cases are those reported before its end and not finished before its start.
Read through the report-time index alone, a month's view or report walked every case
reported before the month's end: a store's whole history. With these two indexes the
cases reported in the period are a range of the report-time index, and the older ones
still open, closed in it or called back in it are ranges of these.
"""

from alembic import op


revision = "0020_period_case_indexes"
down_revision = "0019_case_facts_cut"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_closed_reported", "cases", ["closed_at", "reported_at"])
    op.create_index("ix_cases_callback_reported", "cases", ["callback_at", "reported_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_callback_reported", table_name="cases")
    op.drop_index("ix_cases_closed_reported", table_name="cases")
