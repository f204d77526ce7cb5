"""The actor stands wrong: another centre, department, grid or town (out_of_scope)."""

from __future__ import annotations

import pytest

from gridapp.domain.case import Source, Tier
from gridapp.domain.roles import Actor
from tests.core.rules_fixtures import (
    CENTRE_ALL,
    DEPT,
    DISTRICT,
    OFFICER,
    OFFICER_ELSEWHERE,
    OTHER_DEPT,
    OTHER_TOWN,
    SUPERVISOR,
    T0,
    TOWN,
    A,
    R,
    S,
    make_case,
    outcome,
)

# -- actor stands wrong: out_of_scope ----------------------------------------------------------

DEPT_ACTIONS = [A.RETURN, A.HANDLE, A.REQUEST_EXTENSION, A.REQUEST_SUSPENSION]
CENTRE_ACTIONS_BY_STATE = [
    (A.ACCEPT, S.REPORTED, R.INTAKE, {"accepted": False}),
    (A.REQUEST_VERIFY, S.REPORTED, R.INTAKE, {}),
    (A.FILE, S.REPORTED, R.SHIFT_LEAD, {}),
    (A.REJECT, S.REPORTED, R.SHIFT_LEAD, {}),
    (A.VOID, S.FILED, R.SHIFT_LEAD, {}),
    (A.MERGE, S.FILED, R.INTAKE, {}),
    (A.DISPATCH, S.FILED, R.DISPATCHER, {"dispatch_count": 0}),
    (A.REASSIGN, S.DISPATCHED, R.DISPATCHER, {}),
    (A.APPROVE_EXTENSION, S.DISPATCHED, R.SHIFT_LEAD, {"pending_request": "extension"}),
    (A.DENY_SUSPENSION, S.DISPATCHED, R.DISPATCHER, {"pending_request": "suspension"}),
    (A.RESUME, S.SUSPENDED, R.DISPATCHER, {}),
    (A.URGE, S.DISPATCHED, R.DISPATCHER, {}),
    (A.SUPERVISE, S.SUSPENDED, R.SHIFT_LEAD, {}),
    (A.CLOSE, S.VERIFIED, R.SHIFT_LEAD, {}),
    (A.DISPATCH, S.FILED, R.SHIFT_LEAD, {"dispatch_count": 0, "auto_rule": 3}),
    (A.REASSIGN, S.DISPATCHED, R.SHIFT_LEAD, {"auto_dispatched": True}),
    (A.CALLBACK, S.CLOSED, R.INTAKE, {"source": Source.HOTLINE}),
    (A.REOPEN, S.CLOSED, R.INTAKE, {"source": Source.HOTLINE, "satisfaction": "unsatisfied"}),
]


@pytest.mark.parametrize("action", DEPT_ACTIONS, ids=str)
def test_department_actions_need_the_assigned_department(action):
    case = make_case(S.DISPATCHED)
    assert outcome(case, action, DEPT) is None
    assert outcome(case, action, OTHER_DEPT) == "out_of_scope"
    # sent to D02 before, now with D03: D02 may still see it but no longer act on it
    moved = case.evolve(department_code="D03", departments=("D02", "D03"), dispatch_count=2)
    assert outcome(moved, action, DEPT) == "out_of_scope"
    assert outcome(moved, action, OTHER_DEPT) is None
    # a department without a code never stands right
    assert outcome(case, action, Actor("bm-x", R.DEPARTMENT)) == "out_of_scope"


@pytest.mark.parametrize(("action", "state", "role", "extra"), CENTRE_ACTIONS_BY_STATE, ids=str)
def test_centre_actions_belong_to_the_owning_centre(action, state, role, extra):
    district_case = make_case(state, **extra)
    town_case = make_case(state, town=True, **extra)
    assert outcome(district_case, action, DISTRICT[role]) is None
    assert outcome(town_case, action, TOWN[role]) is None
    # a town centre on a district case, the district on a town case, another town
    assert outcome(district_case, action, TOWN[role]) == "out_of_scope"
    assert outcome(town_case, action, DISTRICT[role]) == "out_of_scope"
    assert outcome(town_case, action, OTHER_TOWN[role]) == "out_of_scope"
    # a town's case escalated to the district: the district centre owns it now
    escalated = make_case(state, town=True, tier=Tier.DISTRICT, **extra)
    assert outcome(escalated, action, DISTRICT[role]) is None
    assert outcome(escalated, action, TOWN[role]) == "out_of_scope"


def test_supervisor_urges_and_supervises_anywhere():
    for case in (make_case(S.DISPATCHED), make_case(S.DISPATCHED, town=True)):
        assert outcome(case, A.URGE, SUPERVISOR) is None
        assert outcome(case, A.SUPERVISE, SUPERVISOR) is None


def test_verify_report_only_by_the_assignee():
    case = make_case(S.REPORTED, verify_assignee="wg-b", verify_requested_at=T0)
    assert outcome(case, A.VERIFY_REPORT, OFFICER_ELSEWHERE) is None
    # the officer of the grid is not the assignee here
    assert outcome(case, A.VERIFY_REPORT, OFFICER) == "out_of_scope"
    # no task at all: nobody is the assignee
    assert outcome(make_case(S.REPORTED), A.VERIFY_REPORT, OFFICER) == "out_of_scope"
    # the task was answered already
    done = case.evolve(verify_result=True)
    assert outcome(done, A.VERIFY_REPORT, OFFICER_ELSEWHERE) == "no_verify_task"


def test_check_by_officer_of_the_grid_or_the_reporter():
    case = make_case(S.HANDLED)
    assert outcome(case, A.CHECK, OFFICER) is None
    assert outcome(case, A.CHECK, OFFICER_ELSEWHERE) == "out_of_scope"
    reported_by_b = case.evolve(reported_by="wg-b")
    assert outcome(reported_by_b, A.CHECK, OFFICER_ELSEWHERE) is None


def test_escalate_and_hand_down_scope():
    town_case = make_case(S.FILED, town=True)
    for role in CENTRE_ALL:
        assert outcome(town_case, A.ESCALATE, TOWN[role]) is None
        assert outcome(town_case, A.ESCALATE, DISTRICT[role]) == "out_of_scope"
        assert outcome(town_case, A.ESCALATE, OTHER_TOWN[role]) == "out_of_scope"
        up = make_case(S.REPORTED, town=True, tier=Tier.DISTRICT)
        assert outcome(up, A.HAND_DOWN, DISTRICT[role]) is None
        assert outcome(up, A.HAND_DOWN, TOWN[role]) == "out_of_scope"
        assert outcome(up, A.HAND_DOWN, OTHER_TOWN[role]) == "out_of_scope"
