"""Department, 回访 and overdue-board figures of the view's SQL-marked cases, without
decoding their facts.

``scoring.tally_departments`` is how a case counts for departments. A *simple* case's
measures are columns of its row (``view_rows._dept_conditions``); for any other plain
case ``case_mark_items`` holds what the tally reads (``mark_rows.dept_items``: a row a
round still its department's, 协办 task, 签收 owed, department of any round, department
with a failed 核查) and one ``GROUP BY`` per (case, department) applies the period
and ``item_measures`` says how each (case, department) group counts: the view sums them
per department in its scan, a figure's list is fetched by ``cases_with``. The charged
department's 应处置/处置完成/期末超期 come from the case's row flags, as for a simple case.

回访 (``satisfaction.py``) reads a case's 结案 and 回访 lists, and a line of the overdue
board (``figures.overdue_lines``) the last round, the 核实 and the case's place: a case
with at most one 结案 and one 回访, never reopened (``mark_rows.callback_one``), and any
overdue SQL case, is handed to them as a :class:`CaseFacts` holding just that, read from
``case_marks`` columns (``stand_ins``). The cases are looked up by id: the period's rows
say which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, case, func, not_, or_, select

from gridapp.reports import figures as fg
from gridapp.reports.fact_store import CHUNK
from gridapp.reports.facts import Callback, CaseFacts, Closing, Round
from gridapp.reports.mark_rows import ITEM_ACK, ITEM_CO, ITEM_FILED, ITEM_REWORK, ITEM_ROUND
from gridapp.reports.mark_sql import _in, cf
from gridapp.store.schema import case_mark_items, cases

it = case_mark_items.c


def _any(cond: ColumnElement[bool]) -> ColumnElement[Any]:
    """1 when some item of the (case, department) group meets ``cond``."""
    return func.max(case((cond, 1), else_=0))


def item_conditions(p: fg.Period) -> list[ColumnElement[bool]]:
    """``tally_departments``' conditions on one item of a (case, department) group, the
    period applied: ``item_flags`` says whether some item of the group meets each (and
    the column evaluator counts with them over arrays)."""
    live = or_(_in(it.due, p), _in(it.done, p))
    on_time = and_(it.done.is_not(None), it.due.is_not(None), it.done <= it.due)
    acked = and_(it.done.is_not(None), it.done <= it.due)
    kind = it.kind
    return [
        and_(kind == ITEM_ROUND, live),  # a round of it in the period
        and_(kind == ITEM_ROUND, live, not_(on_time)),  # … handled late
        and_(kind == ITEM_CO, live),  # a 协办 task of it in the period
        and_(kind == ITEM_CO, live, on_time),  # … fed back in time
        and_(kind == ITEM_CO, live, not_(on_time)),  # … late
        and_(kind == ITEM_ACK, live),  # a 签收 owed in the period
        and_(kind == ITEM_ACK, live, not_(acked)),  # … late
        kind == ITEM_FILED,  # a round of it (立案数 when filed in the period)
        kind == ITEM_REWORK,  # its failed 核查 (返工数 when charged and due)
    ]


def item_flags(p: fg.Period) -> list[ColumnElement[Any]]:
    """``item_conditions`` over the items of a (case, department) group (aggregates:
    ``GROUP BY`` case and department)."""
    return [_any(c) for c in item_conditions(p)]


# ``tally_departments``' measures of a department's SQL cases that are not simple
ITEM_MEASURES = (
    "dispatched",
    "on_time",
    "co_due",
    "co_on_time",
    "ack_due",
    "ack_on_time",
    "filed",
    "reworked",
)
# what a measure needs of the case besides its items: 立案 in the period (``filed``), or
# 应处置 in the period and charged to the department (``charged_due``)
CASE_NEEDS = {"filed": "filed", "reworked": "charged_due"}


def item_measures(flags: Sequence[ColumnElement[Any]]) -> list[ColumnElement[bool]]:
    """Each of ``ITEM_MEASURES`` for a (case, department) group, from its ``item_flags``
    (0/1 each), before what the case itself needs (``CASE_NEEDS``): one definition for
    the view's sums and for the case lists fetched when a figure is opened."""
    r_in, r_late, c_in, c_ok, c_late, a_in, a_late, d, w = (f == 1 for f in flags)
    return [
        or_(r_in, c_in),  # dispatched
        or_(and_(r_in, not_(r_late)), and_(c_ok, not_(c_late))),  # on_time
        c_in,  # co_due
        c_ok,  # co_on_time
        a_in,  # ack_due
        and_(a_in, not_(a_late)),  # ack_on_time
        d,  # filed
        w,  # reworked
    ]


def item_counts(g: Mapping[str, Any]) -> list[ColumnElement[bool]]:
    """Whether a (case, department) group counts for each of ``ITEM_MEASURES``, from its
    ``item_flags`` (``i0``…) and what its case gives (``filed``, ``charged_due``: 0/1)."""
    measures = item_measures([g[f"i{k}"] for k in range(9)])
    return [
        and_(g[CASE_NEEDS[m]] == 1, cond) if m in CASE_NEEDS else cond
        for m, cond in zip(ITEM_MEASURES, measures, strict=True)
    ]


def ids_with(measure: str, dept: str, p: fg.Period) -> Select[Any]:
    """The ids of the department's cases that count for ``measure`` by their items
    (without what the case itself needs, ``CASE_NEEDS``)."""
    having = item_measures(item_flags(p))[ITEM_MEASURES.index(measure)]
    return select(it.case_id).where(it.dept == dept).group_by(it.case_id).having(having)


def cases_with(measure: str, dept: str, p: fg.Period) -> ColumnElement[bool]:
    """``ids_with`` as a condition on ``cases``."""
    return cases.c.id.in_(ids_with(measure, dept, p))


STAND_IN = (  # what a stand-in is made of, in ``stand_in``'s order
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


def stand_in(number: str, row: Sequence[Any]) -> CaseFacts:
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
        q = select(*STAND_IN).where(cf.case_id.in_(ids[start : start + CHUNK]))
        out.extend(stand_in(numbers[row[0]], row) for row in conn.execute(q))
    return out
