"""Each action's own guard: pending requests, assignees, auto dispatch, 协办, 回访, 督办回复."""

from __future__ import annotations

from datetime import datetime

import pytest

from gridapp.domain.actions import Action, allowed_actions
from gridapp.domain.case import CaseRecord, Source, Tier
from gridapp.domain.roles import Actor, Role
from tests.core.rules_fixtures import (
    CENTRE_ALL,
    DEPT,
    DISTRICT,
    OTHER_DEPT,
    TOWN,
    A,
    R,
    S,
    make_case,
    outcome,
    standing_actor,
)

# -- guards -----------------------------------------------------------------------------------

GUARDS = [
    ("accept twice", A.ACCEPT, R.INTAKE, make_case(S.REPORTED), "already_accepted"),
    (
        "file unaccepted",
        A.FILE,
        R.SHIFT_LEAD,
        make_case(S.REPORTED, accepted=False),
        "not_accepted",
    ),
    (
        "file hotline unverified",
        A.FILE,
        R.SHIFT_LEAD,
        make_case(S.REPORTED, source=Source.HOTLINE),
        "verification_required",
    ),
    (
        "file public verified false",
        A.FILE,
        R.SHIFT_LEAD,
        make_case(S.REPORTED, source=Source.PUBLIC, verify_assignee="wg-a", verify_result=False),
        "verification_required",
    ),
    (
        "file while verify pending",
        A.FILE,
        R.SHIFT_LEAD,
        make_case(S.REPORTED, source=Source.HOTLINE, verify_assignee="wg-a"),
        "verify_pending",
    ),
    (
        "file patrol while verify pending",
        A.FILE,
        R.SHIFT_LEAD,
        make_case(S.REPORTED, verify_assignee="wg-a"),
        "verify_pending",
    ),
    (
        "second verify request",
        A.REQUEST_VERIFY,
        R.SHIFT_LEAD,
        make_case(S.REPORTED, verify_assignee="wg-a"),
        "verify_pending",
    ),
    (
        "dispatch after a return",
        A.DISPATCH,
        R.DISPATCHER,
        make_case(S.FILED, dispatch_count=1, return_count=1),
        "already_dispatched",
    ),
    ("reassign never dispatched", A.REASSIGN, R.DISPATCHER, make_case(S.FILED), "not_dispatched"),
    (
        "second extension request",
        A.REQUEST_EXTENSION,
        R.DEPARTMENT,
        make_case(S.DISPATCHED, pending_request="extension"),
        "request_pending",
    ),
    (
        "suspension while extension pending",
        A.REQUEST_SUSPENSION,
        R.DEPARTMENT,
        make_case(S.DISPATCHED, pending_request="extension"),
        "request_pending",
    ),
    (
        "approve extension none pending",
        A.APPROVE_EXTENSION,
        R.DISPATCHER,
        make_case(S.DISPATCHED),
        "no_pending_request",
    ),
    (
        "approve extension when suspension pending",
        A.APPROVE_EXTENSION,
        R.SHIFT_LEAD,
        make_case(S.DISPATCHED, pending_request="suspension"),
        "no_pending_request",
    ),
    (
        "deny suspension when extension pending",
        A.DENY_SUSPENSION,
        R.DISPATCHER,
        make_case(S.DISPATCHED, pending_request="extension"),
        "no_pending_request",
    ),
    (
        "approve suspension none pending",
        A.APPROVE_SUSPENSION,
        R.DISPATCHER,
        make_case(S.DISPATCHED),
        "no_pending_request",
    ),
    (
        "escalate a district case",
        A.ESCALATE,
        R.INTAKE,
        make_case(S.REPORTED, town=True, tier=Tier.DISTRICT),
        "wrong_tier",
    ),
    (
        "hand down a town case",
        A.HAND_DOWN,
        R.SHIFT_LEAD,
        make_case(S.FILED, town=True),
        "wrong_tier",
    ),
    (
        "hand down where the street has no town centre",
        A.HAND_DOWN,
        R.SHIFT_LEAD,
        make_case(S.FILED),
        "no_town_centre",
    ),
    (
        "shift lead dispatches by hand",
        A.DISPATCH,
        R.SHIFT_LEAD,
        make_case(S.FILED),
        "not_auto_routed",
    ),
    (
        "shift lead reassigns a case a dispatcher sent",
        A.REASSIGN,
        R.SHIFT_LEAD,
        make_case(S.DISPATCHED, auto_rule=3),
        "not_auto_dispatched",
    ),
    (
        "shift lead reassigns after the auto department returned it",
        A.REASSIGN,
        R.SHIFT_LEAD,
        make_case(S.FILED, dispatch_count=1, return_count=1, auto_rule=3),
        "not_auto_dispatched",
    ),
    ("call back a patrol case", A.CALLBACK, R.INTAKE, make_case(S.CLOSED), "no_callback_needed"),
    (
        "call back twice after the citizen was reached",
        A.CALLBACK,
        R.INTAKE,
        make_case(S.CLOSED, source=Source.HOTLINE, satisfaction="basic"),
        "already_called_back",
    ),
    (
        "reopen a satisfied case",
        A.REOPEN,
        R.SHIFT_LEAD,
        make_case(S.CLOSED, source=Source.HOTLINE, satisfaction="satisfied"),
        "not_unsatisfied",
    ),
    (
        "reopen before any call back",
        A.REOPEN,
        R.INTAKE,
        make_case(S.CLOSED, source=Source.PUBLIC),
        "not_unsatisfied",
    ),
]


@pytest.mark.parametrize(
    ("action", "role", "case", "code"), [g[1:] for g in GUARDS], ids=[g[0] for g in GUARDS]
)
def test_guards(action, role, case, code):
    assert outcome(case, action, standing_actor_for_guard(role, case, action)) == code


def standing_actor_for_guard(role: Role, case: CaseRecord, action: Action) -> Actor:
    if role in CENTRE_ALL:
        if action is A.ESCALATE:
            return TOWN[role]
        if action is A.HAND_DOWN:
            return DISTRICT[role]
        return TOWN[role] if case.tier is Tier.TOWN else DISTRICT[role]
    return standing_actor(role, case)


def test_file_hotline_after_verified_true():
    case = make_case(S.REPORTED, source=Source.HOTLINE, verify_assignee="wg-a", verify_result=True)
    assert outcome(case, A.FILE, DISTRICT[R.SHIFT_LEAD]) is None
    camera = make_case(S.REPORTED, source=Source.CAMERA)
    assert outcome(camera, A.FILE, DISTRICT[R.SHIFT_LEAD]) is None


def test_supervise_reply_by_the_department_holding_the_case_when_owed():
    owed = make_case(S.DISPATCHED, supervise_reply_due=datetime(2026, 11, 17, 9, 0))
    assert outcome(owed, A.SUPERVISE_REPLY, DEPT) is None
    assert outcome(owed, A.SUPERVISE_REPLY, OTHER_DEPT) == "out_of_scope"
    moved = owed.evolve(department_code="D03", departments=("D02", "D03"), dispatch_count=2)
    assert outcome(moved, A.SUPERVISE_REPLY, DEPT) == "out_of_scope"
    assert outcome(moved, A.SUPERVISE_REPLY, OTHER_DEPT) is None
    # nothing owed (never supervised, answered, or an old 督办 without a deadline)
    assert outcome(make_case(S.DISPATCHED), A.SUPERVISE_REPLY, DEPT) == "no_supervise_pending"
    assert A.SUPERVISE_REPLY in allowed_actions(owed, DEPT)
    assert A.SUPERVISE_REPLY not in allowed_actions(make_case(S.DISPATCHED), DEPT)
