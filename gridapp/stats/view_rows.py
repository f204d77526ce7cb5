"""The statistics view's cases marked in Python as rows, and the SQL conditions the
counts share (``view_counts``).

``figures.mark`` and ``scoring.department_scores`` define how a case counts. The cases
whose ``case_marks`` row says it all (current, last event before the period end, never
挂账/缓办 nor 督办: ``mark_sql._summed_in_sql``) are counted in SQL by ``view_counts``
with the mark flags (``mark_sql._flag_conditions``) and, for a ``simple`` case (one
round, its own 签收 at most: ``mark_rows.simple``), the department measures here
(``_dept_conditions``). Every other case of the period is loaded and marked in Python
(``load_ids``) and turned into a row of plain columns (``_row_of``: ``ROW_*`` indexes),
grouped beside the SQL sums by ``count_figures``. (Until session 12 every case came out
of SQL as such a row, ``period_rows``: ≈10 µs a case.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, literal, or_, select

from gridapp.reports import figures as fg
from gridapp.reports.fact_store import CHUNK, load
from gridapp.reports.facts import CaseFacts
from gridapp.reports.mark_sql import FLAGS, _in, cf
from gridapp.store.case_queries import stage_column
from gridapp.store.schema import cases

# Row layout: number, place, category, source, charged department, the mark flags in
# ``mark_sql.FLAGS`` order, the days (ISO text) of report/立案/结案, then the department
# measures of a simple case (None for a case counted in Python).
ROW_NUMBER, ROW_STREET, ROW_COMMUNITY, ROW_GRID, ROW_CATEGORY, ROW_SOURCE, ROW_DEPT = range(7)
FLAG_AT = {name: 7 + i for i, name in enumerate(FLAGS)}
ROW_DAY = {"reported": 19, "filed": 20, "closed": 21}
DEPT_MEASURES = ("dispatched", "on_time", "ack_due", "ack_on_time")
DEPT_AT = {name: 22 + i for i, name in enumerate(DEPT_MEASURES)}
ROW_SIMPLE = 26  # the department measures above hold (a simple case)
ROW_SQL = 27  # departments counted in SQL: the row's, and ``items`` when not simple
PLACE_AT = {"street": ROW_STREET, "community": ROW_COMMUNITY, "grid": ROW_GRID}


def _dept_conditions(p: fg.Period) -> list[ColumnElement[Any]]:
    """``scoring.tally_departments`` for a simple case (one round: its deadline is the
    case's, its 处置反馈 the last round's; at most its own 签收, never ended)."""
    dispatched = or_(_in(cf.deadline, p), _in(cf.handled_at, p))
    on_time = and_(
        dispatched,
        cf.handled_at.is_not(None),
        cf.deadline.is_not(None),
        cf.handled_at <= cf.deadline,
    )
    ack_due = and_(cf.ack_due.is_not(None), or_(_in(cf.ack_due, p), _in(cf.acked_at, p)))
    ack_on_time = and_(ack_due, cf.acked_at.is_not(None), cf.acked_at <= cf.ack_due)
    return [dispatched, on_time, ack_due, ack_on_time]


def _flag(cond: ColumnElement[bool] | None) -> ColumnElement[Any]:
    return literal(0) if cond is None else case((cond, 1), else_=0)


# SQL-counted cases whose facts 回访 needs: more than one 结案 or 回访, or reopened
_EXTRA = and_(cf.callbacks.is_(True), cf.callback_one.is_(False))


def stages(conn: Connection, ids: list[str]) -> dict[str, str | None]:
    """Case id → its workflow stage now."""
    out: dict[str, str | None] = {}
    stage = stage_column()  # a large CASE: made once, not once a chunk
    for start in range(0, len(ids), CHUNK):
        q = select(cases.c.id, stage).where(cases.c.id.in_(ids[start : start + CHUNK]))
        out.update((case_id, stage) for case_id, stage in conn.execute(q))
    return out


def _row_of(m: fg.Marks) -> tuple[Any, ...]:
    """A case marked in Python as an SQL row (its department measures counted apart)."""
    f = m.f
    days = tuple(
        t.date().isoformat() if flag and t is not None else None
        for flag, t in ((m.reported, f.reported_at), (m.filed, f.filed_at), (m.closed, f.closed_at))
    )
    flags = tuple(int(bool(getattr(m, name))) for name in FLAGS)
    place = (f.number, f.street, f.community, f.grid, f.category, f.source, f.department)
    return (*place, *flags, *days, None, None, None, None, False, 0)


def load_ids(conn: Connection, region: str, p: fg.Period, ids: list[str]) -> list[CaseFacts]:
    """``fact_store.load`` of these cases of the period, by id (CHUNK a query)."""
    out: list[CaseFacts] = []
    for start in range(0, len(ids), CHUNK):
        out.extend(load(conn, region, p.start, p.end, cases.c.id.in_(ids[start : start + CHUNK])))
    return out
