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

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.sql.elements import True_

from gridapp.domain.case import CaseState, Source, Tier
from gridapp.domain.roles import Actor, Role
from gridapp.domain.stages import STAGE_STATE, Stage
from gridapp.domain.worktime import OverdueLevel
from gridapp.store.case_text import (
    indexed_scope,
    text_conditions,
    text_plan,
    text_words,
)
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
    stages: tuple[Stage, ...] = ()  # any of these workflow stages (gridapp.domain.stages)
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
    reply_owed: bool | None = None  # a 督办 awaits its 督办回复
    callback_owed: bool | None = None  # a closed citizen's case awaits its 回访 verdict
    auto_dispatched: bool | None = None  # with the department an automatic rule sent it to
    co_department: str | None = None  # this co-handling department still owes 协办反馈
    unacknowledged: bool | None = None  # the lead department has not 签收 yet
    # Exactly these cases (by 案卷号): a statistics figure's drill-down. ``numbers_label``
    # names the figure for the list's filter chip ("统计：<figure>"); it does not filter.
    numbers: tuple[str, ...] | None = None
    numbers_label: str = ""
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


def _needs_verification() -> ColumnElement[bool]:
    return cases.c.source.in_([s.value for s in Source if s.needs_verification])


def stage_condition(stage: Stage) -> ColumnElement[bool]:
    """SQL twin of :func:`gridapp.domain.stages.stage_of` (a test keeps them equal).

    Each condition starts with the stored state, so the ``(state, …)`` indexes serve it.
    """
    c = cases.c
    in_state = c.state == STAGE_STATE[stage].value
    task_open = and_(c.verify_assignee.is_not(None), c.verify_result.is_(None))
    no_task = or_(c.verify_assignee.is_(None), c.verify_result.is_not(None))
    said_false = c.verify_result == false()
    said_true = c.verify_result == true()
    unanswered_or_true = or_(c.verify_result.is_(None), said_true)
    accepted = c.accepted == true()
    extra: list[ColumnElement[bool]]
    match stage:
        case Stage.VERIFYING:
            extra = [task_open]
        case Stage.NOT_CONFIRMED:
            extra = [said_false]
        case Stage.AWAITING_INTAKE:
            extra = [no_task, unanswered_or_true, c.accepted == false()]
        case Stage.AWAITING_VERIFY_REQUEST:
            extra = [
                accepted,
                c.verify_assignee.is_(None),
                c.verify_result.is_(None),
                _needs_verification(),
            ]
        case Stage.AWAITING_FILING:
            extra = [
                accepted,
                no_task,
                or_(said_true, and_(c.verify_result.is_(None), ~_needs_verification())),
            ]
        case Stage.AWAITING_DISPATCH:
            extra = [c.returned_by.is_(None)]
        case Stage.RETURNED:
            extra = [c.returned_by.is_not(None)]
        case Stage.HANDLING:
            extra = [
                or_(
                    c.pending_request.is_(None),
                    c.pending_request.not_in(("extension", "suspension")),
                )
            ]
        case Stage.EXTENSION_REQUESTED:
            extra = [c.pending_request == "extension"]
        case Stage.SUSPENSION_REQUESTED:
            extra = [c.pending_request == "suspension"]
        case Stage.VOIDED:
            extra = [c.disposition == "voided"]
        case Stage.NOT_FILED:
            extra = [or_(c.disposition.is_(None), c.disposition != "voided")]
        case _:
            extra = []
    return and_(in_state, *extra)


def stage_column() -> ColumnElement[str]:
    """The stage of each row as a value of :class:`Stage` (for the case list's rows)."""
    return case(*((stage_condition(s), s.value) for s in Stage), else_=None)


# Above this many numbers the set goes to SQL as one JSON parameter (json_each) instead
# of one bound parameter per number (SQLite allows 32,766 per statement).
NUMBERS_INLINE = 500


def numbers_condition(numbers: tuple[str, ...]) -> ColumnElement[bool]:
    """The cases whose 案卷号 is one of ``numbers`` (none when it is empty)."""
    if not numbers:
        return false()
    if len(numbers) <= NUMBERS_INLINE:
        return cases.c.number.in_(sorted(set(numbers)))
    listed = func.json_each(json.dumps(sorted(set(numbers)))).table_valued("value")
    return cases.c.number.in_(select(listed.c.value))


def half_likely(cond: ColumnElement[bool]) -> ColumnElement[bool]:
    """``cond`` told to SQLite's planner as true for about half the rows (``likelihood``:
    a hint only, the same rows). Without stats (the app never runs ANALYZE) the planner
    takes ``state = ?`` for a handful of rows and reads every dispatched case to test a
    grid officer's OR scope on each; as a coin toss, the scope's three (column, state,
    deadline) index ranges win (700k cases: 40 ms → 0.05 ms). SQLite only.

    Untyped on purpose: typed Boolean, SQLAlchemy wrote ``likelihood(…) = 1`` for SQLite,
    which hid the term from the planner's index ranges (the officer's ranges then took
    ``grid_code = ?`` alone and tested the state on every row: 6 → 0.4 ms counts)."""
    return func.likelihood(cond, literal_column("0.5"))


def mostly_true(cond: ColumnElement[bool]) -> ColumnElement[bool]:
    """``cond`` told to SQLite's planner as true for most rows (a hint only, the same
    rows). Without stats it takes ``deadline < now`` for a narrow range and sorts every
    overdue case by report time for a page of 200 (700k cases: 48–55 ms, and ~150 ms
    when busy); most running cases are overdue where the list is asked for them, so
    walking the running cases in the page's order and testing each finds 200 at once
    (8–12 ms). SQLite only; untyped as ``half_likely``."""
    return func.likelihood(cond, literal_column("0.9"))


def overdue_condition(
    level: OverdueLevel,
    now: datetime,
    hint: Callable[[Any], Any] = lambda x: x,
    late: Callable[[Any], Any] | None = None,
) -> ColumnElement[bool]:
    """``late``: the hint for the red level's deadline term (``hint`` when None)."""
    c = cases.c
    running = hint(c.state.in_(RUNNING))
    if level is OverdueLevel.RED:
        return and_(running, (late or hint)(c.deadline < now))
    if level is OverdueLevel.YELLOW:
        return and_(running, hint(c.warn_at <= now), hint(c.deadline >= now))
    return or_(~running, c.warn_at.is_(None), c.warn_at > now)


def filter_conditions(
    q: CaseQuery,
    actor: Actor,
    now: datetime,
    *,
    grams: bool = False,
    drive: bool = False,
    hints: bool = False,
    page: bool = False,
) -> list[ColumnElement[bool]]:
    """The WHERE of ``q`` for ``actor``. ``grams``: text words through the bigram index
    (only where ``case_search.in_step`` said it answers); ``hints``: SQLite planner hints
    (``half_likely``, ``mostly_true``) where the default guess picks a bad index;
    ``page``: for a page in ``q``'s order, not a count."""
    c = cases.c
    vague = hints and actor.role is Role.GRID_OFFICER
    hint: Callable[[Any], Any] = half_likely if vague else (lambda x: x)
    walk = hints and page and not vague and q.sort != "deadline"
    late = mostly_true if walk else None
    words = text_words(q.text)
    scope = indexed_scope(actor, words, grams)
    # The scope comes with the words from the index when they use it.
    conds: list[ColumnElement[bool]] = [true() if scope else scope_condition(actor)]
    if q.states:
        conds.append(hint(c.state.in_([CaseState(s).value for s in q.states])))
    if q.stages:
        conds.append(or_(*(stage_condition(Stage(s)) for s in q.stages)))
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
    if q.numbers is not None:
        conds.append(numbers_condition(q.numbers))
    if q.sources:
        conds.append(c.source.in_(q.sources))
    if q.reported_from:
        conds.append(c.reported_at >= q.reported_from)
    if q.reported_to:
        conds.append(c.reported_at < q.reported_to)
    if q.overdue is not None:
        conds.append(overdue_condition(OverdueLevel(q.overdue), now, hint, late))
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
        (c.supervise_reply_due, q.reply_owed),
    ):
        if wanted is not None:
            conds.append(column.is_not(None) if wanted else column.is_(None))
    if q.callback_owed is not None:
        owed = and_(
            c.state == CaseState.CLOSED.value,
            c.source.in_([Source.HOTLINE.value, Source.PUBLIC.value]),
            c.satisfaction.is_(None),
        )
        conds.append(owed if q.callback_owed else ~owed)
    if q.auto_dispatched is not None:
        conds.append(c.auto_dispatched.is_(q.auto_dispatched))
    for column, wanted in ((c.rework_count, q.reworked), (c.supervise_count, q.supervised)):
        if wanted is not None:
            conds.append(column > 0 if wanted else column == 0)
    if q.co_department:
        conds.append(c.co_pending.contains(f" {q.co_department} ", autoescape=True))
    if q.unacknowledged is not None:
        owed = and_(c.ack_due.is_not(None), c.acknowledged_at.is_(None))
        conds.append(owed if q.unacknowledged else ~owed)
    conds += text_conditions(words, grams=grams, scope=scope, drive=drive)
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
    q: CaseQuery,
    actor: Actor,
    now: datetime,
    columns: list[Any],
    *,
    grams: bool = False,
    drive: bool = False,
    hints: bool = False,
) -> list[Select[Any]]:
    """The statements (without LIMIT) whose rows, in turn, make the page ``q`` asks for."""
    conds = filter_conditions(q, actor, now, grams=grams, drive=drive, hints=hints, page=True)
    base = select(*columns).where(*conds).order_by(*order_by(q))
    if q.after is None:
        return [base.offset(max(q.offset, 0)) if q.offset > 0 else base]
    return [base.where(*seg) for seg in after_segments(q.sort, q.descending, q.after)]


def read_page(
    conn: Connection, q: CaseQuery, actor: Actor, now: datetime, columns: list[Any]
) -> list[Row[Any]]:
    """Up to ``q.limit`` rows of ``columns``, reading the segments until the page is full.

    Each segment picks the page's ids first and makes ``columns`` for those alone: where
    the page is sorted (a grid officer's OR scope, 12,700 cases at 700k) SQLite computes
    every column before it sorts, and the list's stage and pending flag for each of
    thousands of rows were ~40 % of the page's time."""
    out: list[Row[Any]] = []
    plan = text_plan(conn, text_words(q.text), actor)
    if plan.matches == 0:
        return out
    statements = page_statements(
        q, actor, now, [cases.c.id], grams=plan.grams, drive=plan.drive, hints=plan.hints
    )
    for stmt in statements:
        room = max(q.limit, 0) - len(out)
        if room <= 0:
            break
        ids = stmt.limit(room).correlate(None)
        page = select(*columns).where(cases.c.id.in_(ids)).order_by(*order_by(q))
        out.extend(conn.execute(page).all())
    return out


def count_before(
    conn: Connection, q: CaseQuery, actor: Actor, now: datetime, case_id: str
) -> int | None:
    """The row index ``case_id`` has in ``q``'s order, or None if ``q`` does not list it.

    The rows before a case ascending are the rows after it descending: the same
    segments, reversed, each one a COUNT over an index range (no rows are read).
    """
    order_by(q)  # refuses an unknown sort column
    plan = text_plan(conn, text_words(q.text), actor)
    conds = filter_conditions(q, actor, now, grams=plan.grams, drive=plan.drive, hints=plan.hints)
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
    plan = text_plan(conn, text_words(q.text), actor)
    if plan.matches is not None and all(len(w) >= 2 for w in text_words(q.text)):
        rest = filter_conditions(replace(q, text=None), actor, now)
        scoped = indexed_scope(actor, text_words(q.text), True) is not None
        if plan.matches == 0 or (len(rest) == 1 and (scoped or isinstance(rest[0], True_))):
            # The words (and the scope's token) are all there is: the index counted them.
            return plan.matches
    conds = filter_conditions(q, actor, now, grams=plan.grams, drive=plan.drive, hints=plan.hints)
    if len(conds) == 1 and actor.role is Role.DEPARTMENT and actor.department_code:
        # A department's whole list: one index range of ``case_departments`` (a row per
        # case ever sent to it) instead of an EXISTS probe for every case in the store.
        c = case_departments.c
        stmt = select(func.count()).where(c.department_code == actor.department_code)
    else:
        stmt = select(func.count()).select_from(cases).where(*conds)
    return int(conn.execute(stmt).scalar() or 0)
