"""case facts cut at every month start a case lived through, not only the last one

Revision ID: 0024_case_facts_cuts
Revises: 0023_mark_columns
Create Date: 2026-12-05 18:30:00.000000

Only the fold at the start of the month of a case's last event was kept
(``case_facts.cut_at``/``cut_facts``): a case that changed two months or more after a
past month was folded up to that month's end at every view of it. The folds
at every month start now live in ``case_facts_cuts``, with the marks a comparison
period's flags read (``mark_sql``), so 环比 and 同比 count those cases in SQL. The
fold's version changed with this revision (``fact_store.ROWS_FORMAT``), so every row is
stale until ``refresh_stale`` rewrites it: the old rows are deleted here, which costs
nothing more (a missing row is read as a stale one) and makes dropping the two columns
cheap.
"""

from alembic import op
import sqlalchemy as sa


revision = "0024_case_facts_cuts"
down_revision = "0023_mark_columns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM case_facts")
    with op.batch_alter_table("case_facts") as batch:
        batch.drop_column("cut_facts")
        batch.drop_column("cut_at")
    op.create_table(
        "case_facts_cuts",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("cut_at", sa.DateTime(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=True),
        *(
            sa.Column(name, sa.DateTime(), nullable=True)
            for name in ("reported_at", "filed_at", "closed_at", "voided_at", "rejected_at")
        ),
        sa.Column("deadline", sa.DateTime(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("reworked", sa.Boolean(), nullable=False),
        sa.Column("open_now", sa.Boolean(), nullable=False),
        sa.Column("plain", sa.Boolean(), nullable=False),
        sa.Column("supervised_first", sa.DateTime(), nullable=True),
        sa.Column("supervised_last", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", "cut_at", name=op.f("pk_case_facts_cuts")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("case_facts_cuts")
    op.execute("DELETE FROM case_facts")
    with op.batch_alter_table("case_facts") as batch:
        batch.add_column(sa.Column("cut_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("cut_facts", sa.Text(), nullable=True))
