"""The statistics view's period as one row per case: SQL for most cases, Python for the rest.

``figures.mark`` and ``scoring.department_scores`` define how a case counts; decoding and
marking every case of a 45,000-case month in Python was most of the view's time. Here
the cases whose ``case_marks`` row says it all (current, last event before the period
end, never 挂账/缓办 nor 督办: ``mark_sql._summed_in_sql``) come out of one SQL query as
rows of plain columns: their place and category as the fold has them, the mark flags
(``mark_sql._flag_conditions``), the days of their report/立案/结案, and for a
``simple`` case (one round, its own 签收 at most: ``mark_rows.simple``) the department
measures; any other SQL case's department measures come from its ``case_mark_items``
rows, and what 回访 (one 结案, one 回访 at most) and the overdue board read of it from
columns (``view_items``). Every other case of the period is loaded and marked in Python
as before (``fact_store.load``) and turned into the same row; so are the SQL cases whose
回访 goes beyond one of each (``extra``). ``stats/view_figures.py`` groups the rows.

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
from gridapp.stats.view_items import DeptLists, item_rows, lists_of, stand_ins
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
# of an SQL row only, dropped from ``PeriodRows.rows``: the case's id, its workflow stage
# now, and whether 回访 figures count it from its columns (``view_items.stand_ins``)
ROW_ID, ROW_STAGE, ROW_CALLBACK = 28, 29, 30
PLACE_AT = {"street": ROW_STREET, "community": ROW_COMMUNITY, "grid": ROW_GRID}


@dataclass
class PeriodRows:
    """One period's cases as rows, and the facts the Python-only figures read."""

    rows: list[tuple[Any, ...]]  # every case, in case-number order
    unique: bool  # no case number twice (so a subsequence is a figure's case list)
    marks: list[fg.Marks]  # the rest and ``extra`` marked in Python; overdue stand-ins
    dept_marks: list[fg.Marks]  # those whose department figures are counted in Python
    dept_lists: DeptLists  # departments' figures of the SQL cases that are not simple
    facts: list[CaseFacts]  # the facts of ``marks``, and stand-ins (``view_items``)
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


# SQL-counted cases whose facts 回访 needs: more than one 结案 or 回访, or reopened
_EXTRA = and_(cf.callbacks.is_(True), cf.callback_one.is_(False))


def _sql_rows(conn: Connection, region: str, p: fg.Period) -> list[Any]:
    """The rows SQL marks, each followed by the case's id, its workflow stage now and
    whether 回访 counts it from its columns."""
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
            case((and_(cf.callbacks.is_(True), cf.callback_one.is_(True)), 1), else_=0),
        )
        .select_from(cases.join(case_marks, cf.case_id == cases.c.id))
        .where(period_cases(region, p.start, p.end), _summed_in_sql(p))
    )
    return conn.execute(q).all()


def _stages(conn: Connection, ids: list[str]) -> dict[str, str | None]:
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


def _day(value: object) -> str | None:
    """SQLite's date() gives text, PostgreSQL's a date: the ISO text either way."""
    return None if value is None else str(value)


def _load_heavy(conn: Connection, region: str, p: fg.Period) -> list[CaseFacts]:
    """The facts of the cases SQL does not mark, and of those whose facts 回访 reads:
    found in one pass over the period's cases, then loaded by id (a ``NOT IN`` of the
    light cases cost a second pass and a temporary index of them)."""
    heavy = (
        select(cases.c.id)
        .select_from(cases.outerjoin(case_marks, cf.case_id == cases.c.id))
        .where(
            period_cases(region, p.start, p.end),
            or_(cf.case_id.is_(None), not_(_summed_in_sql(p)), _EXTRA),
        )
    )
    return load_ids(conn, region, p, sorted(conn.execute(heavy).scalars()))


def load_ids(conn: Connection, region: str, p: fg.Period, ids: list[str]) -> list[CaseFacts]:
    """``fact_store.load`` of these cases of the period, by id (CHUNK a query)."""
    out: list[CaseFacts] = []
    for start in range(0, len(ids), CHUNK):
        out.extend(load(conn, region, p.start, p.end, cases.c.id.in_(ids[start : start + CHUNK])))
    return out


def _overdue_line(row: tuple[Any, ...]) -> bool:
    """The case may be a line of the overdue board (``figures.overdue_lines``)."""
    return bool(
        row[FLAG_AT["overdue_open"]] or (row[FLAG_AT["closed_due"]] and not row[FLAG_AT["on_time"]])
    )


def _marks_of(f: CaseFacts, row: tuple[Any, ...]) -> fg.Marks:
    """A stand-in's marks: its row's flags (``Marks`` fields are in ``FLAGS`` order)."""
    return fg.Marks(f, *(bool(row[FLAG_AT[name]]) for name in FLAGS))


def period_rows(conn: Connection, region: str, p: fg.Period) -> PeriodRows:
    """Every case of the region's period as a row, and the facts Python still reads."""
    sql = _sql_rows(conn, region, p)
    by_id = {r[ROW_ID]: r for r in sql}
    rest: list[fg.Marks] = []
    extra: list[fg.Marks] = []
    for f in _load_heavy(conn, region, p):
        m = fg.mark(f, p)
        if f.case_id in by_id:
            extra.append(m)  # its figures are its row's; 回访 reads its facts
        else:
            rest.append(m)
    loaded = {m.f.case_id for m in extra}
    wanted = {
        r[ROW_ID]: r[ROW_NUMBER]
        for r in sql
        if (r[ROW_CALLBACK] or _overdue_line(r)) and r[ROW_ID] not in loaded
    }
    standing = stand_ins(conn, wanted)
    overdue = [_marks_of(f, by_id[f.case_id]) for f in standing if _overdue_line(by_id[f.case_id])]
    reported = FLAG_AT["reported"]
    stage_of = {r[ROW_NUMBER]: r[ROW_STAGE] for r in sql if r[reported]}
    now = _stages(conn, [m.f.case_id for m in rest if m.reported])
    stage_of.update((m.f.number, now.get(m.f.case_id)) for m in rest if m.reported)
    filed, due = FLAG_AT["filed"], FLAG_AT["due"]
    not_simple = {
        r[ROW_ID]: (r[ROW_NUMBER], bool(r[filed]), bool(r[due]), r[ROW_DEPT])
        for r in sql
        if not r[ROW_SIMPLE]
    }
    dept_lists = lists_of(item_rows(conn, p, sorted(not_simple)), not_simple)
    rows: list[tuple[Any, ...]] = [
        (*r[:19], _day(r[19]), _day(r[20]), _day(r[21]), *r[22:ROW_ID]) for r in sql
    ]
    rows.extend(_row_of(m) for m in rest)
    rows.sort(key=itemgetter(ROW_NUMBER))
    numbers = [r[ROW_NUMBER] for r in rows]
    unique = all(map(lt, numbers, islice(numbers, 1, None)))
    return PeriodRows(
        rows=rows,
        unique=unique,
        marks=[*rest, *extra, *overdue],
        dept_marks=rest,
        dept_lists=dept_lists,
        facts=[*(m.f for m in rest), *(m.f for m in extra), *standing],
        stage_of=stage_of,
    )
