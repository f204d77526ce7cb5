"""Work queues: what each role acts on next, as named case-list presets.

A queue is only a :class:`CaseQuery` with a name, built from the role and the
acting user, so the list, the counts and the map all read it the same way and the
filtering stays in SQL (``gridapp.store.case_queries``). This module holds no SQL
and no Qt: the desktop shows the queues, the core tests check what each one holds.

Who owns a case follows ``gridapp.domain.actions``: command staff act on the cases
of their own centre's tier (the district centre on district-tier cases, a town
centre on its town's), departments on the cases with them now, officers on the
核实 tasks given to them and the 核查 of cases in their grids or reported by them.
Queues of the centre follow the workflow stages (``gridapp.domain.stages``): a case
sits in exactly one of 待受理 / 待派发核实 / 核实中 / 核实不属实 / 待立案, so a case
the desk accepted and had verified waits in 待立案, not among the new reports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gridapp.domain.case import CaseState, Tier
from gridapp.domain.roles import Actor, Role
from gridapp.domain.stages import Stage
from gridapp.domain.worktime import OverdueLevel
from gridapp.store.case_queries import CaseQuery

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

S = CaseState
G = Stage
OPEN_STATES: tuple[CaseState, ...] = tuple(s for s in CaseState if not s.is_terminal)
WARNED = (OverdueLevel.YELLOW, OverdueLevel.RED)
# Where a department may still answer a 督办 (gridapp.domain.actions: SUPERVISE_REPLY).
REPLY_STATES = (S.DISPATCHED, S.SUSPENDED, S.HANDLED, S.VERIFIED)


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
            CaseQuery(stages=(G.VERIFYING,), verify_assignee=me),
        ),
        Queue(
            "check_tasks",
            "Cases to check",
            CaseQuery(states=(S.HANDLED,), case_officer=me, sort="updated_at", descending=False),
        ),
    ]


def _intake(actor: Actor) -> list[Queue]:
    """受理 → 核实 → 立案, one queue per step the centre takes next.

    The intake desk accepts, sends citizen reports out for 核实 and turns down what
    the officer found untrue; the shift lead also files (立案) and closes (结案).
    """
    tier = _centre_tier(actor)

    def step(stage: Stage) -> CaseQuery:
        return CaseQuery(stages=(stage,), tier=tier, sort="reported_at", descending=False)

    queues = [
        Queue("inbox", "To accept", step(G.AWAITING_INTAKE)),
        Queue("to_verify", "To send for verification", step(G.AWAITING_VERIFY_REQUEST)),
        Queue("awaiting_verify", "Being verified", step(G.VERIFYING)),
        Queue("not_confirmed", "Not confirmed on site", step(G.NOT_CONFIRMED)),
        _to_call_back(tier),
    ]
    if actor.role is Role.SHIFT_LEAD:
        queues += [
            Queue("to_file", "To file", step(G.AWAITING_FILING)),
            Queue("to_close", "To close", CaseQuery(stages=(G.AWAITING_CLOSE,), tier=tier)),
            *_requests(tier),
            _overdue_board(tier),
            _auto_dispatched(tier),
        ]
    return queues


def _to_call_back(tier: Tier | None) -> Queue:
    """回访: closed 12345/public cases whose citizen has not given a verdict yet."""
    query = CaseQuery(callback_owed=True, tier=tier, sort="updated_at", descending=False)
    return Queue("to_call_back", "To call back", query)


def _auto_dispatched(tier: Tier | None) -> Queue:
    """智能派单: cases an automatic rule sent and nobody moved since, for the shift lead
    to look over and 改派 where the rule was wrong."""
    query = CaseQuery(states=(S.DISPATCHED,), auto_dispatched=True, tier=tier, sort="updated_at")
    return Queue("auto_dispatched", "Dispatched automatically", query)


def _requests(tier: Tier | None) -> list[Queue]:
    return [
        Queue(
            "extension_requests",
            "Extension requests",
            CaseQuery(stages=(G.EXTENSION_REQUESTED,), tier=tier),
        ),
        Queue(
            "suspension_requests",
            "Suspension requests",
            CaseQuery(stages=(G.SUSPENSION_REQUESTED,), tier=tier),
        ),
    ]


def _dispatcher(actor: Actor) -> list[Queue]:
    tier = _centre_tier(actor)
    return [
        Queue(
            "to_dispatch",
            "To dispatch",
            CaseQuery(stages=(G.AWAITING_DISPATCH,), tier=tier, descending=False),
        ),
        Queue(
            "returned",
            "Returned (to reassign)",
            CaseQuery(stages=(G.RETURNED,), tier=tier, descending=False),
        ),
        *_requests(tier),
        Queue("suspended", "Suspended", CaseQuery(stages=(G.SUSPENDED,), tier=tier)),
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
        Queue(
            "supervise_replies",
            "Supervision to answer",  # 待回复督办
            CaseQuery(
                states=REPLY_STATES,
                department_code=dept,
                reply_owed=True,
                sort="deadline",
                descending=False,
            ),
        ),
        Queue("overdue", "Overdue board", replace(mine, overdue_levels=WARNED)),
        Queue("to_acknowledge", "To acknowledge", replace(mine, unacknowledged=True)),  # 待签收
        Queue(
            "co_handling",
            "Co-handling tasks",  # 协办任务: cases where this department owes 协办反馈
            CaseQuery(
                states=(S.DISPATCHED,), co_department=dept, sort="deadline", descending=False
            ),
        ),
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
