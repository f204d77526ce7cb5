"""search: bigram FTS5 index of cases.search_text (SQLite), the list's common filter pairs

Revision ID: 0015_search_case_grams
Revises: 0014_case_marks
Create Date: 2026-12-04 17:00:00.000000

The FTS5 table, its triggers and the backfill exist on SQLite only (the service on
PostgreSQL keeps LIKE); ``case_grams_dirty`` exists everywhere so the schema is one.
"""

from alembic import op
import sqlalchemy as sa

from gridapp.store import case_search

revision = "0015_search_case_grams"
down_revision = "0014_case_marks"
branch_labels = None
depends_on = None

INDEXES = {
    # category + street (the list's common filter pair), in the list's default order
    "ix_cases_category_street_reported_id": ("category_code", "street_code", "reported_at", "id"),
    # a town centre's street with a state (and the overdue range by deadline)
    "ix_cases_street_state_deadline_id": ("street_code", "state", "deadline", "id"),
    # a grid officer's scope is an OR of these three: with the state beside each, a filter
    # by state (or overdue, by deadline) is three index ranges instead of a look at
    # every case in the scope
    "ix_cases_grid_state_deadline_id": ("grid_code", "state", "deadline", "id"),
    "ix_cases_reported_by_state_deadline_id": ("reported_by", "state", "deadline", "id"),
    "ix_cases_verify_assignee_state_deadline_id": ("verify_assignee", "state", "deadline", "id"),
}
# the single-column indexes the ones above begin with
REPLACED = {
    "ix_cases_grid_code": "grid_code",
    "ix_cases_reported_by": "reported_by",
    "ix_cases_verify_assignee": "verify_assignee",
}


def upgrade() -> None:
    op.create_table(
        "case_grams_dirty",
        sa.Column("n", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_rowid", sa.Integer(), nullable=False),
        sa.Column("old_text", sa.Text(), nullable=True),
        sa.Column("old_depts", sa.Text(), nullable=True),
        sa.Column("old_street", sa.String(length=9), nullable=True),
        sa.PrimaryKeyConstraint("n", name=op.f("pk_case_grams_dirty")),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", list(columns))
    for name in REPLACED:
        op.drop_index(name, table_name="cases")
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for statement in case_search.CREATE:
        bind.exec_driver_sql(statement)
    case_search.rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in case_search.DROP:
            bind.exec_driver_sql(statement)
    for name, column in REPLACED.items():
        op.create_index(name, "cases", [column])
    for name in INDEXES:
        op.drop_index(name, table_name="cases")
    op.drop_table("case_grams_dirty")
