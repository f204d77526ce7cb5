"""Department and 回访 figures of the view's SQL-marked cases, without their facts.

``scoring.tally_departments`` is how a case counts for departments. A *simple* case's
measures are columns of its row (``view_rows._dept_conditions``); for any other plain
case ``case_mark_items`` holds what the tally reads (``mark_rows.dept_items``: a row a
round still its department's, 协办 task, 签收 owed, department of any round, department
with a failed 核查) and one ``GROUP BY`` per (case, department) says the tally with the
period applied. The charged department's 应处置/处置完成/期末超期 come from the case's row
flags, as for a simple case (``view_figures.Grouping.departments``).

回访 (``satisfaction.py``) reads a case's 结案 and 回访 lists; a case with at most one
of each and never reopened (``mark_rows.callback_one``) is handed to it as a
:class:`CaseFacts` holding just those (``callback_facts``), from ``case_marks`` columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    and_,
    case,
    func,
    not_,
    or_,
    select,
)

from gridapp.reports import figures as fg
from gridapp.reports.facts import Callback, CaseFacts, Closing, period_cases
from gridapp.reports.mark_rows import ITEM_ACK, ITEM_CO, ITEM_FILED, ITEM_REWORK, ITEM_ROUND
from gridapp.reports.mark_sql import _flag_conditions, _in, _summed_in_sql, cf
from gridapp.store.schema import case_mark_items, case_marks, cases

it = case_mark_items.c
DeptLists = dict[tuple[str, str], list[str]]  # (department, measure) → numbers in order


def _any(cond: ColumnElement[bool]) -> ColumnElement[Any]:
    """1 when some item of the (case, department) group meets ``cond``."""
    return func.max(case((cond, 1), else_=0))


def _item_measures(p: fg.Period) -> list[ColumnElement[Any]]:
    """Per (case, department): ``tally_departments``' conditions over its items."""
    live = or_(_in(it.due, p), _in(it.done, p))
    on_time = and_(it.done.is_not(None), it.due.is_not(None), it.done <= it.due)
    acked = and_(it.done.is_not(None), it.done <= it.due)
    flags = _flag_conditions(p)
    filed, due = flags["filed"], flags["due"]
    assert filed is not None and due is not None
    kind = it.kind
    return [
        _any(and_(kind == ITEM_ROUND, live)),  # a round of it in the period
        _any(and_(kind == ITEM_ROUND, live, not_(on_time))),  # … handled late
        _any(and_(kind == ITEM_CO, live)),  # a 协办 task of it in the period
        _any(and_(kind == ITEM_CO, live, on_time)),  # … fed back in time
        _any(and_(kind == ITEM_CO, live, not_(on_time))),  # … late
        _any(and_(kind == ITEM_ACK, live)),  # a 签收 owed in the period
        _any(and_(kind == ITEM_ACK, live, not_(acked))),  # … late
        _any(and_(kind == ITEM_FILED, filed)),  # 立案数: filed in the period
        # 返工数: the charged department's failed 核查 of a case due in the period
        _any(and_(kind == ITEM_REWORK, it.dept == cf.department, due)),
    ]


def measures_query(p: fg.Period, region: str | None = None) -> Select[Any]:
    """(case, department, the ``_item_measures``) of the plain cases that are not simple,
    SQL-marked for ``p``, one row per case and department in case order: the case by its
    number among the region's period cases, or by its id when ``region`` is None (the
    tests' stores of marks rows alone)."""
    marks_items = case_marks.join(case_mark_items, it.case_id == cf.case_id)
    if region is None:
        key: ColumnElement[Any] = cf.case_id
        source: FromClause = marks_items
    else:
        key, source = cases.c.number, cases.join(marks_items, cf.case_id == cases.c.id)
    q = (
        select(key, it.dept, *_item_measures(p))
        .select_from(source)
        .where(_summed_in_sql(p), cf.simple.is_(False))
        .group_by(cf.case_id, key, it.dept)
        .order_by(key, it.dept)
    )
    return q if region is None else q.where(period_cases(region, p.start, p.end))


def lists_of(rows: Iterable[Sequence[Any]]) -> DeptLists:
    """``measures_query`` rows (in case-number order, the number in place of the id) as
    each department's case lists per ``tally_departments`` measure."""
    lists: DeptLists = {}

    def add(dept: str, measure: str, number: str) -> None:
        numbers = lists.get((dept, measure))
        if numbers is None:
            lists[(dept, measure)] = [number]
        else:
            numbers.append(number)

    for n, dept, r_in, r_late, c_in, c_ok, c_late, a_in, a_late, filed, reworked in rows:
        if r_in or c_in:
            add(dept, "dispatched", n)
        if (r_in and not r_late) or (c_ok and not c_late):
            add(dept, "on_time", n)
        if c_in:
            add(dept, "co_due", n)
        if c_ok:
            add(dept, "co_on_time", n)
        if a_in:
            add(dept, "ack_due", n)
            if not a_late:
                add(dept, "ack_on_time", n)
        if filed:
            add(dept, "filed", n)
        if reworked:
            add(dept, "reworked", n)
    return lists


def item_lists(conn: Connection, region: str, p: fg.Period) -> DeptLists:
    """The department measures of the region's SQL-marked cases that are not simple,
    from their items (the charged department's due/closed/overdue from their rows)."""
    return lists_of(conn.execute(measures_query(p, region)))


def callback_facts(
    conn: Connection, region: str, p: fg.Period, loaded: Iterable[str]
) -> list[CaseFacts]:
    """The SQL-marked cases with 回访 figures to count (``callback_one``), each as a
    CaseFacts holding only its place, source, 结案 and 回访: what satisfaction.py reads.
    ``loaded``: case numbers whose whole facts are at hand already (left out here)."""
    q = (
        select(
            cases.c.id,
            cases.c.number,
            cf.source,
            cf.street,
            cf.reported_at,
            cf.closing_at,
            cf.closing_dept,
            cf.callback_at,
            cf.callback_dept,
            cf.callback_reached,
            cf.callback_verdict,
        )
        .select_from(cases.join(case_marks, cf.case_id == cases.c.id))
        .where(
            period_cases(region, p.start, p.end),
            _summed_in_sql(p),
            cf.callbacks.is_(True),
            cf.callback_one.is_(True),
        )
    )
    skip = set(loaded)
    out = []
    for case_id, n, source, street, reported_at, closing_at, closing_dept, *call in conn.execute(q):
        if n in skip:
            continue
        call_at, call_dept, reached, verdict = call
        out.append(
            CaseFacts(
                case_id=case_id,
                number=n,
                source=source,
                category="",
                grid="",
                community="",
                street=street,
                reported_at=reported_at,
                reported_by="",
                reporter_role="",
                closings=[] if closing_at is None else [Closing(closing_at, "", closing_dept)],
                callbacks=[]
                if call_at is None
                else [Callback(call_at, "", bool(reached), verdict, call_dept)],
            )
        )
    return out
