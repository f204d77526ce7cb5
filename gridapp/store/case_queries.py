"""Listing and counting cases in SQL: filters, scope, sort and paging.

Everything happens in the database so that a list of 100,000 cases stays instant:
the caller asks for one page at a time and never loads all rows into Python.

Deep pages use keyset paging (``CaseQuery.after``): the next page starts at an
index seek past the last row shown instead of an OFFSET that rescans every row
skipped, so row 50,000 costs what row 200 costs. The order is always
``(sort column, id)`` in one direction, which the ``(column, id)`` indexes serve
without a temporary B-tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    exists,
    false,
    func,
    or_,
    select,
    true,
)

from gridapp.domain.case import CaseState, Tier
from gridapp.domain.roles import Actor, Role
from gridapp.domain.worktime import OverdueLevel
from gridapp.store.schema import case_departments, cases, user_grids

SORTABLE = {
    "reported_at",
    "deadline",
    "number",
    "state",
    "category_code",
    "street_code",
    "department_code",
    "updated_at",
    "source",
    "address",
}
# The clock runs only while a department has the case.
RUNNING = (CaseState.DISPATCHED.value,)


@dataclass(frozen=True)
class CaseQuery:
    """What the case list asks for. Empty fields do not filter."""

    states: tuple[CaseState, ...] = ()
    category_codes: tuple[str, ...] = ()
    street_code: str | None = None
    community_code: str | None = None
    grid_code: str | None = None
    department_code: str | None = None
    overdue: OverdueLevel | None = None  # YELLOW: 80% used, not yet late; RED: late
    sources: tuple[str, ...] = ()
    text: str | None = None
    reported_from: datetime | None = None
    reported_to: datetime | None = None
    reported_by: str | None = None
    verify_assignee: str | None = None
    pending_request: str | None = None
    # Work-queue filters (gridapp.queues): each narrows to what one role acts on next.
    overdue_levels: tuple[OverdueLevel, ...] = ()  # any of these (yellow + red: the board)
    tier: Tier | None = None  # the command centre that owns the case (town / district)
    verify_open: bool | None = None  # a 核实 task given out and not yet answered
    case_officer: str | None = None  # 核查 relation: in this officer's grids or reported by them
    returned: bool | None = None  # given back by a department (回退), awaiting 改派
    reworked: bool | None = None  # failed a 核查 at least once (返工)
    supervised: bool | None = None  # 督办 at least once
    has_request: bool | None = None  # a 延期 or 挂账 request awaits a decision
    sort: str = "reported_at"
    descending: bool = True
    offset: int = 0  # ignored when ``after`` is given
    limit: int = 200
    # Keyset cursor: (sort column value, id) of the last row already shown; the page
    # starts right after it in this query's order. Values as stored (enum .value).
    after: tuple[Any, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def scope_condition(actor: Actor) -> ColumnElement[bool]:
    """SQL twin of :func:`gridapp.domain.roles.can_see` (a test keeps them equal)."""
    c = cases.c
    if actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return true()
    if actor.role is Role.GRID_OFFICER:
        mine = or_(c.reported_by == actor.username, c.verify_assignee == actor.username)
        if actor.grid_codes:
            return or_(c.grid_code.in_(sorted(actor.grid_codes)), mine)
        return mine
    if actor.role is Role.DEPARTMENT:
        if not actor.department_code:
            return false()
        return exists().where(
            and_(
                case_departments.c.case_id == c.id,
                case_departments.c.department_code == actor.department_code,
            )
        )
    if actor.street_code is None:
        return true()
    return c.street_code == actor.street_code


def overdue_condition(level: OverdueLevel, now: datetime) -> ColumnElement[bool]:
    c = cases.c
    running = c.state.in_(RUNNING)
    if level is OverdueLevel.RED:
        return and_(running, c.deadline < now)
    if level is OverdueLevel.YELLOW:
        return and_(running, c.warn_at <= now, c.deadline >= now)
    return or_(~running, c.warn_at.is_(None), c.warn_at > now)


def filter_conditions(q: CaseQuery, actor: Actor, now: datetime) -> list[ColumnElement[bool]]:
    c = cases.c
    conds: list[ColumnElement[bool]] = [scope_condition(actor)]
    if q.states:
        conds.append(c.state.in_([CaseState(s).value for s in q.states]))
    if q.category_codes:
        conds.append(c.category_code.in_(q.category_codes))
    for column, value in (
        (c.street_code, q.street_code),
        (c.community_code, q.community_code),
        (c.grid_code, q.grid_code),
        (c.department_code, q.department_code),
        (c.reported_by, q.reported_by),
        (c.verify_assignee, q.verify_assignee),
        (c.pending_request, q.pending_request),
    ):
        if value:
            conds.append(column == value)
    if q.sources:
        conds.append(c.source.in_(q.sources))
    if q.reported_from:
        conds.append(c.reported_at >= q.reported_from)
    if q.reported_to:
        conds.append(c.reported_at < q.reported_to)
    if q.overdue is not None:
        conds.append(overdue_condition(OverdueLevel(q.overdue), now))
    if q.overdue_levels:
        conds.append(or_(*(overdue_condition(OverdueLevel(v), now) for v in q.overdue_levels)))
    if q.tier is not None:
        conds.append(c.tier == Tier(q.tier).value)
    if q.case_officer:
        own_grids = select(user_grids.c.grid_code).where(user_grids.c.username == q.case_officer)
        conds.append(or_(c.reported_by == q.case_officer, c.grid_code.in_(own_grids)))
    if q.verify_open is not None:
        open_task = and_(c.verify_assignee.is_not(None), c.verify_result.is_(None))
        conds.append(open_task if q.verify_open else ~open_task)
    for column, wanted in (
        (c.returned_by, q.returned),
        (c.pending_request, q.has_request),
    ):
        if wanted is not None:
            conds.append(column.is_not(None) if wanted else column.is_(None))
    for column, wanted in ((c.rework_count, q.reworked), (c.supervise_count, q.supervised)):
        if wanted is not None:
            conds.append(column > 0 if wanted else column == 0)
    if q.text and q.text.strip():
        for word in q.text.lower().split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds.append(c.search_text.like(f"%{escaped}%", escape="\\"))
    return conds


def order_by(q: CaseQuery) -> list[ColumnElement[Any]]:
    """``(sort column, id)``, both one way: the tie-break on id makes the order total
    (a cursor then names one place) and lets one ``(column, id)`` index serve it."""
    if q.sort not in SORTABLE:
        raise ValueError(f"cannot sort by {q.sort}")
    column, key = cases.c[q.sort], cases.c.id
    if q.descending:
        return [column.desc(), key.desc()]
    return [column.asc(), key.asc()]


def after_segments(
    sort: str, descending: bool, after: tuple[Any, str]
) -> list[list[ColumnElement[bool]]]:
    """The rows after ``after`` in this order, as segments to read one after another.

    SQLite puts NULLs first ascending and last descending (``deadline`` is NULL until
    dispatch). One OR over "greater, or NULL" would stop the planner from seeking in
    the index, so the NULL part is its own segment; each segment is a plain range
    (``col >= v AND (col > v OR id > last)``) the index answers with a seek.
    """
    column, key = cases.c[sort], cases.c.id
    value, last = after
    nullable = bool(column.nullable)
    if not descending:
        if value is None:
            return [[column.is_(None), key > last], [column.is_not(None)]]
        return [[column >= value, or_(column > value, key > last)]]
    if value is None:
        return [[column.is_(None), key < last]]
    tail = [[column.is_(None)]] if nullable else []
    return [[column <= value, or_(column < value, key < last)], *tail]


def page_statements(
    q: CaseQuery, actor: Actor, now: datetime, columns: list[Any]
) -> list[Select[Any]]:
    """The statements (without LIMIT) whose rows, in turn, make the page ``q`` asks for."""
    base = select(*columns).where(*filter_conditions(q, actor, now)).order_by(*order_by(q))
    if q.after is None:
        return [base.offset(max(q.offset, 0)) if q.offset > 0 else base]
    return [base.where(*seg) for seg in after_segments(q.sort, q.descending, q.after)]


def read_page(
    conn: Connection, q: CaseQuery, actor: Actor, now: datetime, columns: list[Any]
) -> list[Row[Any]]:
    """Up to ``q.limit`` rows of ``columns``, reading the segments until the page is full."""
    out: list[Row[Any]] = []
    for stmt in page_statements(q, actor, now, columns):
        room = max(q.limit, 0) - len(out)
        if room <= 0:
            break
        out.extend(conn.execute(stmt.limit(room)).all())
    return out


def count_before(
    conn: Connection, q: CaseQuery, actor: Actor, now: datetime, case_id: str
) -> int | None:
    """The row index ``case_id`` has in ``q``'s order, or None if ``q`` does not list it.

    The rows before a case ascending are the rows after it descending: the same
    segments, reversed, each one a COUNT over an index range (no rows are read).
    """
    order_by(q)  # refuses an unknown sort column
    conds = filter_conditions(q, actor, now)
    column = cases.c[q.sort]
    value = conn.execute(select(column).where(cases.c.id == case_id, *conds)).first()
    if value is None:
        return None
    total = 0
    for seg in after_segments(q.sort, not q.descending, (value[0], case_id)):
        stmt = select(func.count()).select_from(cases).where(*conds, *seg)
        total += int(conn.execute(stmt).scalar() or 0)
    return total


def list_rows(conn: Connection, q: CaseQuery, actor: Actor, now: datetime) -> list[dict]:
    return [dict(r._mapping) for r in read_page(conn, q, actor, now, [cases])]


def count_rows(conn: Connection, q: CaseQuery, actor: Actor, now: datetime) -> int:
    stmt = select(func.count()).select_from(cases).where(*filter_conditions(q, actor, now))
    return int(conn.execute(stmt).scalar() or 0)
