"""publish at commit: partial index of unnumbered events; case numbers from a sequence (PG)

Revision ID: 0017_publish_at_commit
Revises: 0016_case_marks_view
Create Date: 2026-12-04 20:30:00.000000

``ix_case_events_unpublished`` (both backends) finds the authority's committed events
that the publisher has not numbered yet. On PostgreSQL only: ``case_number_seq`` (case
numbers no longer hold a counter row until the push commits) and ``ux_cases_number``
(filed numbers unique; a laptop's SQLite store gets no such index: after a restore it
may briefly hold an old number that the service gives out again).
"""

from alembic import op
import sqlalchemy as sa

revision = "0017_publish_at_commit"
down_revision = "0016_case_marks_view"
branch_labels = None
depends_on = None


def upgrade() -> None:
    where = sa.text("seq IS NULL")
    op.create_index(
        "ix_case_events_unpublished",
        "case_events",
        ["n"],
        postgresql_where=where,
        sqlite_where=where,
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE IF NOT EXISTS case_number_seq")
        op.create_index(
            "ux_cases_number",
            "cases",
            ["number"],
            unique=True,
            postgresql_where=sa.text("NOT number_provisional"),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ux_cases_number", table_name="cases")
        op.execute("DROP SEQUENCE IF EXISTS case_number_seq")
    op.drop_index("ix_case_events_unpublished", table_name="case_events")
