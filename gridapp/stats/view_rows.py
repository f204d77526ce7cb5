"""The statistics view's period as one row per case: SQL for most cases, Python for the rest.

``figures.mark`` and ``scoring.department_scores`` define how a case counts; decoding and
marking every case of a 45,000-case month in Python was most of the view's time. Here
the cases whose ``case_marks`` row says it all (current, last event before the period
end, never 挂账/缓办 nor 督办: ``mark_sql._summed_in_sql``) come out of one SQL query as
rows of plain columns: their place and category as the fold has them, the mark flags
(``mark_sql._flag_conditions``), the days of their report/立案/结案, and for a
``simple`` case (one round, its own 签收 at most: ``mark_rows.simple``) the department
measures; any other SQL case's department measures come from its ``case_mark_items``
rows and its 回访 (one 结案, one 回访 at most) from columns (``view_items``). Every other
case of the period is loaded and marked in Python as before (``fact_store.load``) and
turned into the same row. The facts are also loaded for the SQL cases that a
Python-only figure needs: overdue lines, 回访 figures beyond one of each (``extra``).
``stats/view_figures.py`` groups the rows.

Each row is a tuple (``ROW_*`` indexes); the rows are in case-number order, so any
subsequence is a figure's sorted case list.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from operator import itemgetter, lt
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, func, literal, not_, or_, select

from gridapp.reports import figures as fg
from gridapp.reports.fact_store import CHUNK, load
from gridapp.reports.facts import CaseFacts, period_cases
from gridapp.reports.mark_sql import FLAGS, _flag_conditions, _in, _summed_in_sql, cf
from gridapp.stats.view_items import DeptLists, callback_facts, item_lists
from gridapp.store.case_queries import stage_column
from gridapp.store.schema import case_marks, cases

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
ROW_ID, ROW_STAGE = 28, 29  # of an SQL row only, dropped from ``PeriodRows.rows``
PLACE_AT = {"street": ROW_STREET, "community": ROW_COMMUNITY, "grid": ROW_GRID}


@dataclass
class PeriodRows:
    """One period's cases as rows, and the facts the Python-only figures read."""

    rows: list[tuple[Any, ...]]  # every case, in case-number order
    unique: bool  # no case number twice (so a subsequence is a figure's case list)
    marks: list[fg.Marks]  # the cases marked in Python (the rest and ``extra``)
    dept_marks: list[fg.Marks]  # those whose department figures are counted in Python
    dept_lists: DeptLists  # departments' figures of the SQL cases that are not simple
    facts: list[CaseFacts]  # the facts of ``marks``, and 回访 stand-ins (``view_items``)
    stage_of: dict[str, str | None]  # 上报 case number → its workflow stage now


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


def _extra(p: fg.Period) -> ColumnElement[bool]:
    """SQL-counted cases a Python-only figure needs the facts of: lines of the overdue
    board, 回访/重办 beyond one 结案 and one 回访 (``view_items.callback_facts``)."""
    flags = _flag_conditions(p)
    overdue, closed_due, on_time = flags["overdue_open"], flags["closed_due"], flags["on_time"]
    assert overdue is not None and closed_due is not None and on_time is not None
    overdue_line = and_(cf.deadline.is_not(None), or_(overdue, and_(closed_due, not_(on_time))))
    return or_(and_(cf.callbacks.is_(True), cf.callback_one.is_(False)), overdue_line)


def _sql_rows(conn: Connection, region: str, p: fg.Period) -> list[Any]:
    """The rows SQL marks, each followed by the case's id, whether a figure needs its
    facts (``_extra``) and its workflow stage now."""
    flags = _flag_conditions(p)
    dept = _dept_conditions(p)
    q = (
        select(
            cases.c.number,
            cf.street,
            cf.community,
            cf.grid,
            cf.category,
            cf.source,
            cf.department,
            *[_flag(flags[name]) for name in FLAGS],
            *[func.date(column) for column in (cf.reported_at, cf.filed_at, cf.closed_at)],
            *[case((and_(cf.simple.is_(True), cond), 1), else_=0) for cond in dept],
            cf.simple,
            literal(1),
            cases.c.id,
            stage_column(),
        )
        .select_from(cases.join(case_marks, cf.case_id == cases.c.id))
        .where(period_cases(region, p.start, p.end), _summed_in_sql(p))
    )
    return conn.execute(q).all()


def _stages(conn: Connection, ids: list[str]) -> dict[str, str | None]:
    """Case id → its workflow stage now."""
    out: dict[str, str | None] = {}
    for start in range(0, len(ids), CHUNK):
        q = select(cases.c.id, stage_column()).where(cases.c.id.in_(ids[start : start + CHUNK]))
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


def _day(value: object) -> str | None:
    """SQLite's date() gives text, PostgreSQL's a date: the ISO text either way."""
    return None if value is None else str(value)


def period_rows(conn: Connection, region: str, p: fg.Period) -> PeriodRows:
    """Every case of the region's period as a row, and the facts Python still reads."""
    sql = _sql_rows(conn, region, p)
    by_id = {r[ROW_ID]: r for r in sql}
    # one load: the cases SQL does not mark, and those whose facts a figure reads
    light = select(cases.c.id).select_from(cases.join(case_marks, cf.case_id == cases.c.id))
    light = light.where(period_cases(region, p.start, p.end), _summed_in_sql(p), not_(_extra(p)))
    rest: list[fg.Marks] = []
    extra: list[fg.Marks] = []
    for f in load(conn, region, p.start, p.end, cases.c.id.not_in(light)):
        m = fg.mark(f, p)
        if f.case_id in by_id:
            extra.append(m)  # its figures are its row's; the overdue board or 回访 read it
        else:
            rest.append(m)
    reported = FLAG_AT["reported"]
    stage_of = {r[ROW_NUMBER]: r[ROW_STAGE] for r in sql if r[reported]}
    now = _stages(conn, [m.f.case_id for m in rest if m.reported])
    stage_of.update((m.f.number, now.get(m.f.case_id)) for m in rest if m.reported)
    rows: list[tuple[Any, ...]] = [
        (*r[:19], _day(r[19]), _day(r[20]), _day(r[21]), *r[22:ROW_ID]) for r in sql
    ]
    rows.extend(_row_of(m) for m in rest)
    rows.sort(key=itemgetter(ROW_NUMBER))
    numbers = [r[ROW_NUMBER] for r in rows]
    unique = all(map(lt, numbers, islice(numbers, 1, None)))
    marks = [*rest, *extra]
    facts = [m.f for m in marks]
    facts.extend(callback_facts(conn, region, p, (f.number for f in facts)))
    return PeriodRows(
        rows=rows,
        unique=unique,
        marks=marks,
        dept_marks=rest,
        dept_lists=item_lists(conn, region, p),
        facts=facts,
        stage_of=stage_of,
    )
