"""A period's region totals as SQL over narrow per-case rows (``case_marks``).

``figures.mark`` is the definition of how a case counts in a period; this module says the
same in SQL for the cases where a handful of columns suffice: cases whose ``case_marks``
row is of the current fold, whose last event is before the period end (so the row is the
case as it stood then) and that never had a 挂账/缓办 nor more than two 督办 (``plain``:
those marks look at lists of intervals and times). Every other case of the period is loaded and
marked in Python as before, and the two are joined. ``tests/reports/test_mark_sql.py``
checks each condition at the edges of a period, and test_fact_store.py the totals against
``figures.region_figures`` over the demo's periods and regions.

The comparison periods (环比: the previous period, 同比: the same period a year before)
are read this way: their totals with the case numbers behind them, without decoding and
marking in Python the cases SQL can mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from operator import itemgetter
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, Select, and_, case, or_, select
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from gridapp.reports import fact_cuts
from gridapp.reports import figures as fg
from gridapp.reports.fact_store import CHUNK, FACTS_VERSION, load
from gridapp.reports.facts import period_cases
from gridapp.reports.model import Figure, RegionFigures, RegionRef
from gridapp.store.schema import case_facts, case_facts_cuts, case_marks, cases

cf = case_marks.c

FLAGS = (
    "reported",
    "filed",
    "closed",
    "excluded",
    "due",
    "closed_due",
    "on_time",
    "reworked",
    "overdue_open",
    "supervised",
    "voided",
    "not_filed",
)


def _in(column: Column, p: fg.Period) -> ColumnElement[bool]:
    """The time falls in the period (never NULL: a missing time is not in it)."""
    return and_(column.is_not(None), column >= p.start, column < p.end)


def _flag_conditions(
    p: fg.Period, c: ReadOnlyColumnCollection[str, Column[Any]] = cf
) -> dict[str, ColumnElement[bool] | None]:
    """``figures.mark`` for a plain case (no suspension, at most two 督办), one condition
    a flag, over ``case_marks`` or the same columns of a cut (``case_facts_cuts``)."""
    closed = _in(c.closed_at, p)
    closed_before = and_(c.closed_at.is_not(None), c.closed_at < p.start)
    due = and_(
        c.filed_at.is_not(None),
        c.voided_at.is_(None),
        or_(closed, and_(_in(c.deadline, p), ~closed_before)),
    )
    closed_due = and_(due, c.closed_at.is_not(None))
    return {
        "reported": _in(c.reported_at, p),
        "filed": _in(c.filed_at, p),
        "closed": closed,
        "excluded": None,  # a plain case was never suspended
        "due": due,
        "closed_due": closed_due,
        "on_time": and_(
            closed_due,
            c.handled_at.is_not(None),
            c.deadline.is_not(None),
            c.handled_at <= c.deadline,
        ),
        "reworked": and_(due, c.reworked.is_(True)),
        "overdue_open": and_(
            c.filed_at.is_not(None),
            c.open_now.is_(True),
            c.deadline.is_not(None),
            c.deadline < p.end,
        ),
        "supervised": or_(_in(c.supervised_first, p), _in(c.supervised_last, p)),
        "voided": _in(c.voided_at, p),
        "not_filed": _in(c.rejected_at, p),
    }


def _summed_in_sql(p: fg.Period) -> ColumnElement[bool]:
    return and_(
        cf.version == FACTS_VERSION,
        cf.plain.is_(True),
        cf.reported_at.is_not(None),
        cf.last_at.is_not(None),
        cf.last_at < p.end,
    )


def _summed(region: str, p: fg.Period, *columns: ColumnElement[Any]) -> Select[Any]:
    """``columns`` of the region's cases in ``p`` that SQL marks."""
    return (
        select(*columns)
        .select_from(cases.join(case_marks, cf.case_id == cases.c.id))
        .where(period_cases(region, p.start, p.end), _summed_in_sql(p))
    )


def _sql_numbers(conn: Connection, region: str, p: fg.Period) -> dict[str, list[str]]:
    """Case numbers per flag of the cases summed in SQL (each flag a 0/1 column)."""
    conditions = [(name, cond) for name, cond in _flag_conditions(p).items() if cond is not None]
    q = _summed(region, p, cases.c.number, *[case((cond, 1), else_=0) for _, cond in conditions])
    lists: dict[str, list[str]] = {name: [] for name in FLAGS}
    _add_numbers(lists, [name for name, _ in conditions], conn.execute(q).all())
    return lists


def _add_numbers(lists: dict[str, list[str]], names: list[str], rows: Sequence[Any]) -> None:
    """Add each row's number (its first column) to the list of every flag it has set
    (the columns after it, in ``names`` order)."""
    numbers = [r[0] for r in rows]
    for i, name in enumerate(names, start=1):
        lists[name].extend(compress(numbers, map(itemgetter(i), rows)))  # C loops


def cut_numbers(
    conn: Connection, p: fg.Period, ids: list[str]
) -> tuple[dict[str, list[str]], list[str]]:
    """Case numbers per flag of the cases among ``ids`` that SQL marks as they stood at
    the period's end, from their cut there (``fact_cuts``: a month's start); and the ids
    left to mark in Python. A comparison period's cases that changed after it are most
    of those it would load and mark otherwise (同比 a year back: 98 %)."""
    lists: dict[str, list[str]] = {name: [] for name in FLAGS}
    if p.end != fact_cuts.month_start(p.end):
        return lists, ids
    k = case_facts_cuts.c
    conditions = [(n, cond) for n, cond in _flag_conditions(p, k).items() if cond is not None]
    marked: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        q = (
            select(
                cases.c.id, cases.c.number, *[case((cond, 1), else_=0) for _, cond in conditions]
            )
            .select_from(
                cases.join(case_facts, case_facts.c.case_id == cases.c.id).join(
                    case_facts_cuts, and_(k.case_id == cases.c.id, k.cut_at == p.end)
                )
            )
            .where(
                cases.c.id.in_(ids[start : start + CHUNK]),
                case_facts.c.version == FACTS_VERSION,
                k.plain.is_(True),
                k.reported_at.is_not(None),
            )
        )
        rows = conn.execute(q).all()
        marked.update(r[0] for r in rows)
        _add_numbers(lists, [name for name, _ in conditions], [r[1:] for r in rows])
    return lists, [i for i in ids if i not in marked]


def summary_figures(conn: Connection, region: RegionRef, p: fg.Period) -> RegionFigures:
    """``figures.region_figures`` of the region's cases in ``p``, without marking in
    Python the cases SQL can mark."""
    lists = _sql_numbers(conn, region.code, p)
    # the rest, in Python: a case without a current mark row is among them
    rest = cases.c.id.not_in(_summed(region.code, p, cases.c.id))
    for m in fg.marks_of(load(conn, region.code, p.start, p.end, where=rest), p):
        for name in FLAGS:
            if getattr(m, name):
                lists[name].append(m.f.number)
    return fg.figures_of(region, lambda flag: Figure.of(lists[flag]))
