"""allowed_actions: the buttons each user sees on sample cases."""

from __future__ import annotations

from datetime import datetime

import pytest

from gridapp.domain.actions import allowed_actions
from gridapp.domain.case import Source, Tier
from gridapp.domain.co_handling import CoDepartment
from tests.core.rules_fixtures import (
    DEPT,
    DEPT_TOWN,
    DISTRICT,
    OFFICER,
    OFFICER_ELSEWHERE,
    OTHER_DEPT,
    SUPERVISOR,
    T0,
    TOWN,
    A,
    R,
    S,
    make_case,
)

# -- allowed_actions: the buttons -----------------------------------------------------------------


def _samples():
    reported = make_case(S.REPORTED, accepted=False)
    accepted = make_case(S.REPORTED)
    hotline = make_case(S.REPORTED, source=Source.HOTLINE)
    verifying = make_case(S.REPORTED, source=Source.HOTLINE, verify_assignee="wg-a")
    town_dispatched = make_case(S.DISPATCHED, town=True)
    ext = make_case(S.DISPATCHED, pending_request="extension")
    returned = make_case(S.FILED, dispatch_count=1, return_count=1, department_code=None)
    town_filed = make_case(S.FILED, town=True)
    escalated = make_case(S.FILED, town=True, tier=Tier.DISTRICT)
    handled = make_case(S.HANDLED)
    verified = make_case(S.VERIFIED)
    suspended = make_case(S.SUSPENDED)
    acked = make_case(S.DISPATCHED, acknowledged_at=T0)
    due = datetime(2026, 11, 16, 11, 0)
    co = CoDepartment("D03", due, "work_hour", due, assigned_at=T0)
    co_case = make_case(S.DISPATCHED, departments=("D02", "D03"), co_departments=(co,))
    co_acked = co_case.evolve(co_departments=(co.evolve(acknowledged_at=T0),))
    co_done = co_case.evolve(co_departments=(co.evolve(acknowledged_at=T0, fed_back_at=T0),))
    d, t = DISTRICT, TOWN
    triage = {A.REQUEST_VERIFY, A.REJECT, A.MERGE}  # urban street: no town to hand down to
    watch = {A.URGE, A.SUPERVISE}
    # an unacknowledged dispatch: 签收 next to the department's work
    dept_work = {A.ACKNOWLEDGE, A.RETURN, A.HANDLE, A.REQUEST_EXTENSION, A.REQUEST_SUSPENSION}
    ext_decide = {A.APPROVE_EXTENSION, A.DENY_EXTENSION}
    return [
        ("reported/intake", reported, d[R.INTAKE], {A.ACCEPT, *triage}),
        ("reported/lead", reported, d[R.SHIFT_LEAD], {A.ACCEPT, *triage}),
        ("reported/dispatcher", reported, d[R.DISPATCHER], set()),
        ("reported/town", reported, t[R.SHIFT_LEAD], set()),
        ("reported/officer", reported, OFFICER, set()),
        ("reported/dept", reported, DEPT, set()),
        ("reported/supervisor", reported, SUPERVISOR, set()),
        ("accepted/lead", accepted, d[R.SHIFT_LEAD], {A.FILE, *triage}),
        ("accepted/intake", accepted, d[R.INTAKE], triage),
        ("hotline/lead", hotline, d[R.SHIFT_LEAD], triage),
        ("verifying/lead", verifying, d[R.SHIFT_LEAD], {A.REJECT, A.MERGE}),
        ("verifying/assignee", verifying, OFFICER, {A.VERIFY_REPORT}),
        ("verifying/other officer", verifying, OFFICER_ELSEWHERE, set()),
        ("town filed/town lead", town_filed, t[R.SHIFT_LEAD], {A.VOID, A.MERGE, A.ESCALATE}),
        ("town filed/town dispatcher", town_filed, t[R.DISPATCHER], {A.DISPATCH, A.ESCALATE}),
        ("town filed/district", town_filed, d[R.DISPATCHER], set()),
        ("town dispatched/town dispatcher", town_dispatched, t[R.DISPATCHER], {A.REASSIGN, *watch}),
        ("town dispatched/town lead", town_dispatched, t[R.SHIFT_LEAD], watch),
        ("town dispatched/dept", town_dispatched, DEPT_TOWN, dept_work),
        ("town dispatched/district dept", town_dispatched, DEPT, set()),
        ("town dispatched/district", town_dispatched, d[R.DISPATCHER], set()),
        ("town dispatched/supervisor", town_dispatched, SUPERVISOR, watch),
        ("extension/dispatcher", ext, d[R.DISPATCHER], {A.REASSIGN, *ext_decide, *watch}),
        ("extension/lead", ext, d[R.SHIFT_LEAD], {*ext_decide, *watch}),
        ("extension/dept", ext, DEPT, {A.ACKNOWLEDGE, A.RETURN, A.HANDLE}),
        ("acknowledged/dept", acked, DEPT, dept_work - {A.ACKNOWLEDGE}),
        ("co-handled/co dept", co_case, OTHER_DEPT, {A.ACKNOWLEDGE, A.CO_FEEDBACK}),
        ("co-handled/lead dept", co_case, DEPT, dept_work),
        ("co acknowledged/co dept", co_acked, OTHER_DEPT, {A.CO_FEEDBACK}),
        ("co fed back/co dept", co_done, OTHER_DEPT, set()),
        ("returned/dispatcher", returned, d[R.DISPATCHER], {A.REASSIGN}),
        ("returned/lead", returned, d[R.SHIFT_LEAD], {A.VOID, A.MERGE}),
        ("escalated/district lead", escalated, d[R.SHIFT_LEAD], {A.VOID, A.MERGE, A.HAND_DOWN}),
        ("escalated/district dispatcher", escalated, d[R.DISPATCHER], {A.DISPATCH, A.HAND_DOWN}),
        ("handled/officer", handled, OFFICER, {A.CHECK}),
        ("handled/other officer", handled, OFFICER_ELSEWHERE, set()),
        ("handled/lead", handled, d[R.SHIFT_LEAD], set()),
        ("verified/lead", verified, d[R.SHIFT_LEAD], {A.CLOSE}),
        ("verified/dispatcher", verified, d[R.DISPATCHER], set()),
        ("suspended/dispatcher", suspended, d[R.DISPATCHER], {A.RESUME, A.SUPERVISE}),
        ("suspended/supervisor", suspended, SUPERVISOR, {A.SUPERVISE}),
        ("suspended/dept", suspended, DEPT, set()),
    ]


SAMPLES = _samples()


@pytest.mark.parametrize(
    ("case", "actor", "expected"), [s[1:] for s in SAMPLES], ids=[s[0] for s in SAMPLES]
)
def test_allowed_actions_samples(case, actor, expected):
    assert set(allowed_actions(case, actor)) == expected
    assert A.REPORT not in allowed_actions(case, actor)
