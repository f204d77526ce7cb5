"""Work queues: what each role acts on next, as named case-list presets.

A queue is only a :class:`CaseQuery` with a name, built from the role and the
acting user, so the list, the counts and the map all read it the same way and the
filtering stays in SQL (``gridapp.store.case_queries``). This module holds no SQL
and no Qt: the desktop shows the queues, the core tests check what each one holds.

Who owns a case follows ``gridapp.domain.actions``: command staff act on the cases
of their own centre's tier (the district centre on district-tier cases, a town
centre on its town's), departments on the cases with them now, officers on the
核实 tasks given to them and the 核查 of cases in their grids or reported by them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gridapp.domain.case import CaseState, Tier
from gridapp.domain.roles import Actor, Role
from gridapp.domain.worktime import OverdueLevel
from gridapp.store.case_queries import CaseQuery

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

S = CaseState
OPEN_STATES: tuple[CaseState, ...] = tuple(s for s in CaseState if not s.is_terminal)
WARNED = (OverdueLevel.YELLOW, OverdueLevel.RED)


@dataclass(frozen=True)
class Queue:
    """One named preset: ``label`` is English (the UI translates it), ``query`` the filter."""

    id: str
    label: str
    query: CaseQuery

    def count(self, ws: Workspace) -> int:
        """How many cases are waiting in it now (one COUNT in SQL)."""
        return ws.count_cases(replace(self.query, offset=0))


def _centre_tier(actor: Actor) -> Tier | None:
    """The tier a command centre owns: a town centre its town's, the district the rest.

    Supervisors act district-wide (``_relation_holds``), so they get no tier filter.
    """
    if actor.role is Role.SUPERVISOR:
        return None
    return Tier.TOWN if actor.street_code else Tier.DISTRICT


def _overdue_board(tier: Tier | None) -> Queue:
    query = CaseQuery(overdue_levels=WARNED, tier=tier, sort="deadline", descending=False)
    return Queue("overdue", "Overdue board", query)


def _officer(actor: Actor) -> list[Queue]:
    me = actor.username
    return [
        Queue("my_reports", "My reports", CaseQuery(reported_by=me)),
        Queue(
            "verify_tasks",
            "Verification tasks",
            CaseQuery(states=(S.REPORTED,), verify_assignee=me, verify_open=True),
        ),
        Queue(
            "check_tasks",
            "Cases to check",
            CaseQuery(states=(S.HANDLED,), case_officer=me, sort="updated_at", descending=False),
        ),
    ]


def _intake(actor: Actor) -> list[Queue]:
    tier = _centre_tier(actor)
    queues = [
        Queue(
            "inbox",
            "New reports",
            CaseQuery(states=(S.REPORTED,), tier=tier, sort="reported_at", descending=False),
        ),
        Queue(
            "awaiting_verify",
            "Awaiting verification",
            CaseQuery(states=(S.REPORTED,), tier=tier, verify_open=True),
        ),
    ]
    if actor.role is Role.SHIFT_LEAD:
        queues += [
            Queue("to_close", "To close", CaseQuery(states=(S.VERIFIED,), tier=tier)),
            *_requests(tier),
            _overdue_board(tier),
        ]
    return queues


def _requests(tier: Tier | None) -> list[Queue]:
    return [
        Queue(
            "extension_requests",
            "Extension requests",
            CaseQuery(states=(S.DISPATCHED,), tier=tier, pending_request="extension"),
        ),
        Queue(
            "suspension_requests",
            "Suspension requests",
            CaseQuery(states=(S.DISPATCHED,), tier=tier, pending_request="suspension"),
        ),
    ]


def _dispatcher(actor: Actor) -> list[Queue]:
    tier = _centre_tier(actor)
    return [
        Queue(
            "to_dispatch",
            "To dispatch",
            CaseQuery(states=(S.FILED,), tier=tier, returned=False, descending=False),
        ),
        Queue(
            "returned",
            "Returned (to reassign)",
            CaseQuery(states=(S.FILED,), tier=tier, returned=True, descending=False),
        ),
        *_requests(tier),
        Queue("suspended", "Suspended", CaseQuery(states=(S.SUSPENDED,), tier=tier)),
        _overdue_board(tier),
    ]


def _department(actor: Actor) -> list[Queue]:
    dept = actor.department_code
    mine = CaseQuery(
        states=(S.DISPATCHED,), department_code=dept, sort="deadline", descending=False
    )
    return [
        Queue("my_tasks", "My tasks", mine),
        Queue("rework", "Rework", replace(mine, reworked=True)),
        Queue("my_requests", "My pending requests", replace(mine, has_request=True)),
        Queue("overdue", "Overdue board", replace(mine, overdue_levels=WARNED)),
    ]


def _supervisor(actor: Actor) -> list[Queue]:
    return [
        _overdue_board(None),
        Queue(
            "supervised",
            "Supervised cases",
            CaseQuery(states=OPEN_STATES, supervised=True, sort="deadline", descending=False),
        ),
        Queue("all", "All cases", CaseQuery()),
    ]


def queues_for(actor: Actor) -> list[Queue]:
    """The queues of ``actor``'s role, in the order the desktop lists them."""
    match actor.role:
        case Role.GRID_OFFICER:
            return _officer(actor)
        case Role.INTAKE | Role.SHIFT_LEAD:
            return _intake(actor)
        case Role.DISPATCHER:
            return _dispatcher(actor)
        case Role.DEPARTMENT:
            return _department(actor)
        case Role.SUPERVISOR:
            return _supervisor(actor)
    return [Queue("all", "All cases", CaseQuery())]


def queues(ws: Workspace) -> list[Queue]:
    """The acting user's queues."""
    return queues_for(ws.user)


def counts(ws: Workspace, queue_list: list[Queue] | None = None) -> dict[str, int]:
    """Queue id → number of cases waiting (run it off the GUI thread: one COUNT each)."""
    return {q.id: q.count(ws) for q in (queue_list if queue_list is not None else queues(ws))}
