"""Slim rows for the case list: only the columns the table shows, a page at a time.

A full :class:`~gridapp.domain.case.CaseRecord` costs ~3 KB of Python heap and a
JSON decode per row; a list scrolled to row 50,000 does not need descriptions,
photos or history. :class:`CaseListRow` is a named tuple of the shown columns (codes,
not names: the UI resolves names lazily for the rows it paints), plus ``pending``,
computed in SQL for the page only: this laptop holds events of the case that the
central store has not accepted yet, and ``stage``, the workflow step it waits for.
"""

from __future__ import annotations

import sys
from datetime import datetime
from enum import Enum
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, exists

from gridapp.domain.case import CaseState, Source
from gridapp.domain.events import EventStatus
from gridapp.domain.roles import Actor
from gridapp.domain.stages import Stage
from gridapp.domain.worktime import OverdueLevel
from gridapp.store.case_queries import CaseQuery, count_before, read_page, stage_column
from gridapp.store.schema import case_events, cases

__all__ = ["CaseListRow", "case_position", "list_rows_for_list"]


class CaseListRow(NamedTuple):
    """One line of the case list; the field names match ``cases`` columns."""

    id: str
    number: str
    number_provisional: bool
    state: CaseState
    category_code: str
    street_code: str
    community_code: str
    address: str
    source: Source
    department_code: str | None
    reported_at: datetime
    deadline: datetime | None
    deadline_unit: str | None  # TimeUnit value: the list's 剩余时间 counts in it
    warn_at: datetime | None
    updated_at: datetime | None
    work_order: str | None  # 12345 工单编号 of a hotline import
    pending: bool  # unsynced events of this laptop (case_events.status = 'pending')
    stage: Stage  # the workflow step it waits for (待受理, 待立案 …), computed in SQL

    def level(self, now: datetime) -> OverdueLevel:
        """Yellow/red as :func:`gridapp.casework.views.level_at` says (a test keeps them equal)."""
        if self.state is not CaseState.DISPATCHED or self.deadline is None:
            return OverdueLevel.NONE
        if now > self.deadline:
            return OverdueLevel.RED
        if self.warn_at is not None and now >= self.warn_at:
            return OverdueLevel.YELLOW
        return OverdueLevel.NONE

    def cursor(self, sort: str) -> tuple[Any, str]:
        """The keyset cursor (``CaseQuery.after``) that continues the list after this row."""
        value = getattr(self, sort)
        return (value.value if isinstance(value, Enum) else value, self.id)


_PENDING = exists().where(
    and_(case_events.c.case_id == cases.c.id, case_events.c.status == EventStatus.PENDING.value)
)
_COMPUTED = ("pending", "stage")
_COLUMNS: list[Any] = [
    *(cases.c[name] for name in CaseListRow._fields if name not in _COMPUTED),
    _PENDING.label("pending"),
    stage_column().label("stage"),
]
_STAGES = {s.value: s for s in Stage}
_STATES = {s.value: s for s in CaseState}  # dict lookups: Enum(value) is 4x slower
_SOURCES = {s.value: s for s in Source}
_new = tuple.__new__  # NamedTuple's own __new__ is a Python call per row


def _to_row(raw: Any) -> CaseListRow:
    (id_, number, provisional, state, category, street, community, address, source, dept,
     reported, deadline, unit, warn, updated, work_order, pending, stage) = raw  # fmt: skip
    intern = sys.intern  # a few hundred distinct codes over 100k rows: share the strings
    return _new(
        CaseListRow,
        (
            id_,
            number,
            provisional,
            _STATES[state],
            intern(category),
            intern(street),
            intern(community),
            address,
            _SOURCES[source],
            intern(dept) if dept is not None else None,
            reported,
            deadline,
            unit,
            warn,
            updated,
            work_order,
            bool(pending),
            _STAGES[stage],
        ),
    )


def list_rows_for_list(
    conn: Connection, q: CaseQuery, actor: Actor, now: datetime
) -> list[CaseListRow]:
    """One page of ``q`` (OFFSET or keyset ``after``) as slim rows, in the list's order."""
    return [_to_row(r) for r in read_page(conn, q, actor, now, _COLUMNS)]


def case_position(
    conn: Connection, q: CaseQuery, actor: Actor, now: datetime, case_id: str
) -> int | None:
    """Row index of ``case_id`` in ``q``'s order (None: not listed), by COUNT only."""
    return count_before(conn, q, actor, now, case_id)
