"""Department, 回访 and overdue-board figures of the view's SQL-marked cases, without
decoding their facts.

``scoring.tally_departments`` is how a case counts for departments. A *simple* case's
measures are columns of its row (``view_rows._dept_conditions``); for any other plain
case ``case_mark_items`` holds what the tally reads (``mark_rows.dept_items``: a row a
round still its department's, 协办 task, 签收 owed, department of any round, department
with a failed 核查) and one ``GROUP BY`` per (case, department) applies the period
(``item_rows``, ``lists_of``). The charged department's 应处置/处置完成/期末超期 come
from the case's row flags, as for a simple case (``view_figures.Grouping.departments``).

回访 (``satisfaction.py``) reads a case's 结案 and 回访 lists, and a line of the overdue
board (``figures.overdue_lines``) the last round, the 核实 and the case's place: a case
with at most one 结案 and one 回访, never reopened (``mark_rows.callback_one``), and any
overdue SQL case, is handed to them as a :class:`CaseFacts` holding just that, read from
``case_marks`` columns (``stand_ins``). The cases are looked up by id: the period's rows
say which.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, case, func, not_, or_, select

from gridapp.reports import figures as fg
from gridapp.reports.fact_store import CHUNK
from gridapp.reports.facts import Callback, CaseFacts, Closing, Round
from gridapp.reports.mark_rows import ITEM_ACK, ITEM_CO, ITEM_FILED, ITEM_REWORK, ITEM_ROUND
from gridapp.reports.mark_sql import _in, cf
from gridapp.store.schema import case_mark_items

it = case_mark_items.c
DeptLists = dict[tuple[str, str], list[str]]  # (department, measure) → numbers in order
# A case as ``lists_of`` needs it: its number, filed and due in the period, charged department
CaseOf = dict[str, tuple[str, bool, bool, str | None]]


def _any(cond: ColumnElement[bool]) -> ColumnElement[Any]:
    """1 when some item of the (case, department) group meets ``cond``."""
    return func.max(case((cond, 1), else_=0))


def item_flags(p: fg.Period) -> list[ColumnElement[Any]]:
    """``tally_departments``' conditions over the items of a (case, department) group,
    the period applied (aggregates: ``GROUP BY`` case and department)."""
    live = or_(_in(it.due, p), _in(it.done, p))
    on_time = and_(it.done.is_not(None), it.due.is_not(None), it.done <= it.due)
    acked = and_(it.done.is_not(None), it.done <= it.due)
    kind = it.kind
    return [
        _any(and_(kind == ITEM_ROUND, live)),  # a round of it in the period
        _any(and_(kind == ITEM_ROUND, live, not_(on_time))),  # … handled late
        _any(and_(kind == ITEM_CO, live)),  # a 协办 task of it in the period
        _any(and_(kind == ITEM_CO, live, on_time)),  # … fed back in time
        _any(and_(kind == ITEM_CO, live, not_(on_time))),  # … late
        _any(and_(kind == ITEM_ACK, live)),  # a 签收 owed in the period
        _any(and_(kind == ITEM_ACK, live, not_(acked))),  # … late
        _any(kind == ITEM_FILED),  # a round of it (立案数 when filed in the period)
        _any(kind == ITEM_REWORK),  # its failed 核查 (返工数 when charged and due)
    ]


def item_query(p: fg.Period, ids: Sequence[str]) -> Select[Any]:
    """Per (case, department) of these cases: ``item_flags``."""
    return (
        select(it.case_id, it.dept, *item_flags(p))
        .where(it.case_id.in_(ids))
        .group_by(it.case_id, it.dept)
    )


def item_rows(conn: Connection, p: fg.Period, ids: Sequence[str]) -> list[Any]:
    """``item_query`` of any number of cases (by CHUNK)."""
    out: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        out.extend(conn.execute(item_query(p, ids[start : start + CHUNK])))
    return out


def lists_of(rows: Iterable[Sequence[Any]], case_of: CaseOf) -> DeptLists:
    """``item_rows`` as each department's case lists per ``tally_departments`` measure,
    in case-number order."""
    lists: DeptLists = {}

    def add(dept: str, measure: str, number: str) -> None:
        numbers = lists.get((dept, measure))
        if numbers is None:
            lists[(dept, measure)] = [number]
        else:
            numbers.append(number)

    keyed = []
    for case_id, dept, *flags in rows:
        n, filed, due, charged = case_of[case_id]
        keyed.append((n, dept, filed, due and dept == charged, *flags))
    keyed.sort()
    for n, dept, filed, charged_due, r_in, r_late, c_in, c_ok, c_late, a_in, a_late, d, w in keyed:
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
        if filed and d:
            add(dept, "filed", n)
        if charged_due and w:
            add(dept, "reworked", n)
    return lists


_STAND_IN = (
    cf.case_id,
    cf.source,
    cf.category,
    cf.grid,
    cf.community,
    cf.street,
    cf.reported_at,
    cf.filed_at,
    cf.closed_at,
    cf.verified_at,
    cf.deadline,
    cf.handled_at,
    cf.last_dept,
    cf.last_unit,
    cf.last_check_ok,
    cf.last_returned_at,
    cf.callback_one,
    cf.closing_at,
    cf.closing_dept,
    cf.callback_at,
    cf.callback_dept,
    cf.callback_reached,
    cf.callback_verdict,
)


def _stand_in(number: str, row: Sequence[Any]) -> CaseFacts:
    (case_id, source, category, grid, community, street, reported_at, filed_at, closed_at) = row[:9]
    verified_at, deadline, handled_at, dept, unit, check_ok, returned_at, one = row[9:17]
    closing_at, closing_dept, call_at, call_dept, reached, verdict = row[17:]
    rounds = []
    if dept is not None:
        rounds.append(
            Round(
                dept,
                "",
                reported_at,
                "",
                deadline,
                reported_at,
                handled_at=handled_at,
                returned_at=returned_at,
                check_ok=check_ok,
                unit=unit or "",
            )
        )
    return CaseFacts(
        case_id=case_id,
        number=number,
        source=source,
        category=category,
        grid=grid,
        community=community,
        street=street,
        reported_at=reported_at,
        reported_by="",
        reporter_role="",
        filed_at=filed_at,
        closed_at=closed_at,
        verified_at=verified_at,
        rounds=rounds,
        closings=[Closing(closing_at, "", closing_dept)] if one and closing_at else [],
        callbacks=[Callback(call_at, "", bool(reached), verdict, call_dept)]
        if one and call_at
        else [],
    )


def stand_ins(conn: Connection, numbers: dict[str, str]) -> list[CaseFacts]:
    """Each case (id → number) as a CaseFacts holding only what 回访 and the overdue
    board read of it: its place, source, 立案/核实/结案, last round, and its one 结案 and
    回访 when ``callback_one`` (else none: such a case's facts are loaded instead)."""
    ids = sorted(numbers)
    out = []
    for start in range(0, len(ids), CHUNK):
        q = select(*_STAND_IN).where(cf.case_id.in_(ids[start : start + CHUNK]))
        out.extend(_stand_in(numbers[row[0]], row) for row in conn.execute(q))
    return out
