"""Every action × role × state against an expectation written here from DESIGN.md.

The expected table is deliberately NOT built from ``gridapp.domain.actions.RULES``:
it is the closed loop as the design describes it, so a change to the rule book shows
up here as a failing cell. The buttons must be exactly the cells the table allows.
"""

from __future__ import annotations

import pytest

from gridapp.domain.actions import Action, allowed_actions, authorize
from gridapp.domain.case import CaseState
from gridapp.domain.roles import Role
from gridapp.errors import DomainError
from tests.core.rules_fixtures import (
    ADMIN,
    CENTRE_ALL,
    DEPT,
    DISTRICT,
    OFFICER,
    SUPERVISOR,
    TOWN,
    A,
    R,
    S,
    favourable,
    make_case,
    outcome,
    standing_actor,
)

# -- the expectation ------------------------------------------------------------------------

APPROVERS = {R.DISPATCHER, R.SHIFT_LEAD}
WATCHERS = {R.DISPATCHER, R.SHIFT_LEAD, R.SUPERVISOR}

EXPECTED: dict[Action, tuple[set[Role], set[CaseState]]] = {
    A.ACCEPT: ({R.INTAKE, R.SHIFT_LEAD}, {S.REPORTED}),
    A.REQUEST_VERIFY: ({R.INTAKE, R.SHIFT_LEAD}, {S.REPORTED}),
    A.VERIFY_REPORT: ({R.GRID_OFFICER}, {S.REPORTED}),
    A.FILE: ({R.SHIFT_LEAD}, {S.REPORTED}),
    A.REJECT: ({R.INTAKE, R.SHIFT_LEAD}, {S.REPORTED}),
    A.VOID: ({R.SHIFT_LEAD}, {S.FILED}),
    A.MERGE: ({R.INTAKE, R.SHIFT_LEAD}, {S.REPORTED, S.FILED}),
    # the shift lead: the automatic 派遣 at 立案 (智能派单) and its 改派 only (guards below)
    A.DISPATCH: ({R.DISPATCHER, R.SHIFT_LEAD}, {S.FILED}),
    A.REASSIGN: ({R.DISPATCHER, R.SHIFT_LEAD}, {S.DISPATCHED, S.FILED}),
    A.RETURN: ({R.DEPARTMENT}, {S.DISPATCHED}),
    A.HANDLE: ({R.DEPARTMENT}, {S.DISPATCHED}),
    A.REQUEST_EXTENSION: ({R.DEPARTMENT}, {S.DISPATCHED}),
    A.APPROVE_EXTENSION: (APPROVERS, {S.DISPATCHED}),
    A.DENY_EXTENSION: (APPROVERS, {S.DISPATCHED}),
    A.REQUEST_SUSPENSION: ({R.DEPARTMENT}, {S.DISPATCHED}),
    A.APPROVE_SUSPENSION: (APPROVERS, {S.DISPATCHED}),
    A.DENY_SUSPENSION: (APPROVERS, {S.DISPATCHED}),
    A.RESUME: (APPROVERS, {S.SUSPENDED}),
    A.URGE: (WATCHERS, {S.DISPATCHED}),
    A.SUPERVISE: (WATCHERS, {S.DISPATCHED, S.SUSPENDED}),
    # 督办回复: the department holding the case, also after it handled it (until 结案)
    A.SUPERVISE_REPLY: ({R.DEPARTMENT}, {S.DISPATCHED, S.SUSPENDED, S.HANDLED, S.VERIFIED}),
    A.CHECK: ({R.GRID_OFFICER}, {S.HANDLED}),
    A.CLOSE: ({R.SHIFT_LEAD}, {S.VERIFIED}),
    A.ESCALATE: (CENTRE_ALL, {S.REPORTED, S.FILED}),
    A.HAND_DOWN: (CENTRE_ALL, {S.REPORTED, S.FILED}),
    # 回访 after 结案 of a citizen's case, 重办 after a 不满意 one: the intake desk
    A.CALLBACK: ({R.INTAKE, R.SHIFT_LEAD}, {S.CLOSED}),
    A.REOPEN: ({R.INTAKE, R.SHIFT_LEAD}, {S.CLOSED}),
    # 疑似重复: written by the service alone; no role may do it
    A.FLAG_DUPLICATE: (set(), {S.REPORTED, S.FILED}),
    # 签收: the lead or a co-handling department, once per dispatch; 协办反馈: a
    # co-handling department, while the case is being handled (issue 14)
    A.ACKNOWLEDGE: ({R.DEPARTMENT}, {S.DISPATCHED}),
    A.CO_FEEDBACK: ({R.DEPARTMENT}, {S.DISPATCHED}),
}
CASE_ACTIONS = [a for a in Action if a is not A.REPORT]


def test_expectation_covers_every_case_action():
    assert len(CASE_ACTIONS) == 30
    assert set(EXPECTED) == set(CASE_ACTIONS)
    assert len(list(Role)) == 7 and len(list(CaseState)) == 9


def expected_code(action: Action, role: Role, state: CaseState) -> str | None:
    roles, states = EXPECTED[action]
    if role not in roles:
        return "role_not_allowed"
    if state not in states:
        return "wrong_state"
    return None


# -- the full matrix --------------------------------------------------------------------------


@pytest.mark.parametrize("state", list(CaseState), ids=str)
@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("action", CASE_ACTIONS, ids=str)
def test_matrix(action, role, state):
    case = favourable(action, state)
    actor = standing_actor(role, case)
    assert outcome(case, action, actor) == expected_code(action, role, state)


def test_admin_has_no_case_actions():
    for state in CaseState:
        for action in CASE_ACTIONS:
            assert outcome(favourable(action, state), action, ADMIN) == "role_not_allowed"
            assert allowed_actions(favourable(action, state), ADMIN) == []


def test_refusals_are_domain_errors_with_details():
    with pytest.raises(DomainError) as err:
        authorize(make_case(S.REPORTED), A.CLOSE, DISTRICT[R.SHIFT_LEAD])
    assert err.value.code == "wrong_state"
    assert err.value.details["state"] == "reported"
    with pytest.raises(DomainError) as err:
        authorize(make_case(S.REPORTED), A.DISPATCH, DISTRICT[R.INTAKE])
    assert err.value.code == "role_not_allowed"
    assert err.value.details == {"action": "dispatch", "role": "intake"}


@pytest.mark.parametrize("state", [S.CLOSED, S.REJECTED, S.MERGED], ids=str)
def test_terminal_states_offer_nothing(state):
    actors = [OFFICER, DEPT, SUPERVISOR, ADMIN, *DISTRICT.values(), *TOWN.values()]
    for town in (False, True):
        case = make_case(state, town=town)
        for actor in actors:
            assert allowed_actions(case, actor) == []


def test_allowed_actions_agree_with_the_matrix():
    """For every favourable case, the buttons are exactly the cells the table allows."""
    for action in CASE_ACTIONS:
        for state in CaseState:
            case = favourable(action, state)
            for role in Role:
                actor = standing_actor(role, case)
                shown = action in allowed_actions(case, actor)
                assert shown == (expected_code(action, role, state) is None), (action, role, state)
