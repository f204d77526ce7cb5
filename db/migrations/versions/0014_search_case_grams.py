"""search: bigram FTS5 index of cases.search_text (SQLite), the list's common filter pairs

Revision ID: 0014_search_case_grams
Revises: 0013_photo_journal
Create Date: 2026-12-04 17:00:00.000000

The FTS5 table, its triggers and the backfill exist on SQLite only (the service on
PostgreSQL keeps LIKE); ``case_grams_dirty`` exists everywhere so the schema is one.
"""

from alembic import op
import sqlalchemy as sa

from gridapp.store import case_search

revision = "0014_search_case_grams"
down_revision = "0013_photo_journal"
branch_labels = None
depends_on = None

INDEXES = {
    # category + street: the list's common filter pair
    "ix_cases_category_street_id": ("category_code", "street_code", "id"),
}


def upgrade() -> None:
    op.create_table(
        "case_grams_dirty",
        sa.Column("n", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_rowid", sa.Integer(), nullable=False),
        sa.Column("old_text", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("n", name=op.f("pk_case_grams_dirty")),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", list(columns))
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
    for name in INDEXES:
        op.drop_index(name, table_name="cases")
    op.drop_table("case_grams_dirty")
