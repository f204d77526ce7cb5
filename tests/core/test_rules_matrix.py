"""Every action × role × state against an expectation written here from DESIGN.md.

The expected table is deliberately NOT built from ``gridapp.domain.actions.RULES``:
it is the closed loop as the design describes it, so a change to the rule book shows
up here as a failing cell.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from gridapp.domain.actions import Action, allowed_actions, authorize
from gridapp.domain.case import CaseRecord, CaseState, Source, Tier, Urgency
from gridapp.domain.roles import Actor, Role
from gridapp.errors import DomainError

A, R, S = Action, Role, CaseState

# -- the expectation ------------------------------------------------------------------------

CENTRE_ALL = {R.INTAKE, R.SHIFT_LEAD, R.DISPATCHER}
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
    A.DISPATCH: ({R.DISPATCHER}, {S.FILED}),
    A.REASSIGN: ({R.DISPATCHER}, {S.DISPATCHED, S.FILED}),
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
    A.CHECK: ({R.GRID_OFFICER}, {S.HANDLED}),
    A.CLOSE: ({R.SHIFT_LEAD}, {S.VERIFIED}),
    A.ESCALATE: (CENTRE_ALL, {S.REPORTED, S.FILED}),
    A.HAND_DOWN: (CENTRE_ALL, {S.REPORTED, S.FILED}),
}
CASE_ACTIONS = [a for a in Action if a is not A.REPORT]


def test_expectation_covers_every_case_action():
    assert len(CASE_ACTIONS) == 24
    assert set(EXPECTED) == set(CASE_ACTIONS)
    assert len(list(Role)) == 7 and len(list(CaseState)) == 9


# -- pure records and actors ------------------------------------------------------------------

URBAN, BEIJIAO, NANJIAO = "370306001", "370306101", "370306102"
URBAN_GRID, URBAN_GRID2 = "370306001001001", "370306001002001"
TOWN_GRID = "370306101001001"
T0 = datetime(2026, 11, 16, 9, 0)

OFFICER = Actor("wg-a", R.GRID_OFFICER, grid_codes=frozenset({URBAN_GRID, TOWN_GRID}))
OFFICER_ELSEWHERE = Actor("wg-b", R.GRID_OFFICER, grid_codes=frozenset({URBAN_GRID2}))
DEPT = Actor("bm-d02", R.DEPARTMENT, department_code="D02")
DEPT_TOWN = Actor("bm-t101hw", R.DEPARTMENT, department_code="T101HW")
OTHER_DEPT = Actor("bm-d03", R.DEPARTMENT, department_code="D03")
SUPERVISOR = Actor("ducha", R.SUPERVISOR)
ADMIN = Actor("admin", R.ADMIN)
DISTRICT = {
    R.INTAKE: Actor("shouli", R.INTAKE),
    R.SHIFT_LEAD: Actor("zhiban", R.SHIFT_LEAD),
    R.DISPATCHER: Actor("paiqian", R.DISPATCHER),
}
TOWN = {
    R.INTAKE: Actor("bj-shouli", R.INTAKE, street_code=BEIJIAO),
    R.SHIFT_LEAD: Actor("bj-zhiban", R.SHIFT_LEAD, street_code=BEIJIAO),
    R.DISPATCHER: Actor("bj-paiqian", R.DISPATCHER, street_code=BEIJIAO),
}
OTHER_TOWN = {
    R.INTAKE: Actor("nj-shouli", R.INTAKE, street_code=NANJIAO),
    R.SHIFT_LEAD: Actor("nj-zhiban", R.SHIFT_LEAD, street_code=NANJIAO),
    R.DISPATCHER: Actor("nj-paiqian", R.DISPATCHER, street_code=NANJIAO),
}

# What a record carries in each state on the main path (the minimum the state implies).
IN_HANDS = {S.DISPATCHED, S.HANDLED, S.VERIFIED, S.CLOSED, S.SUSPENDED}


def make_case(
    state: CaseState,
    *,
    town: bool = False,
    tier: Tier | None = None,
    source: Source = Source.PATROL,
    **changes,
) -> CaseRecord:
    """A record in ``state`` as the main path leaves it: patrol report, accepted."""
    street = BEIJIAO if town else URBAN
    grid = TOWN_GRID if town else URBAN_GRID
    dept = "T101HW" if town else "D02"
    fields = dict(
        id="case-1",
        number="临-20261116-ABCDEF",
        number_provisional=True,
        source=source,
        category_code="020101",
        urgency=Urgency.NORMAL,
        lon=117.87,
        lat=36.80,
        grid_code=grid,
        community_code=grid[:12],
        street_code=street,
        address="",
        description="暴露垃圾",
        reported_by="wg-a",
        reported_at=T0,
        tier=tier or (Tier.TOWN if town else Tier.DISTRICT),
        town_centre=town,
        state=state,
        accepted=True,
    )
    if state is not S.REPORTED:
        fields.update(number="370306-20261116-0001", number_provisional=False, filed_at=T0)
    if state in IN_HANDS:
        fields.update(
            department_code=dept,
            departments=(dept,),
            dispatch_count=1,
            dispatched_at=T0,
            clock_start=T0,
            deadline=datetime(2026, 11, 16, 11, 0),
            deadline_original=datetime(2026, 11, 16, 11, 0),
            deadline_unit="work_hour",
            warn_at=datetime(2026, 11, 16, 10, 36),
        )
    fields.update(changes)
    return CaseRecord(**fields)


def favourable(action: Action, state: CaseState) -> CaseRecord:
    """A case in ``state`` shaped so that ``action``'s own guard would let it through."""
    extra: dict = {}
    town = False
    tier = None
    match action:
        case A.ACCEPT:
            extra = {"accepted": False}
        case A.VERIFY_REPORT:
            extra = {"verify_assignee": OFFICER.username, "verify_requested_at": T0}
        case A.DISPATCH:
            extra = {"dispatch_count": 0}
        case A.REASSIGN:
            extra = {"dispatch_count": 1}
        case A.APPROVE_EXTENSION | A.DENY_EXTENSION:
            extra = {"pending_request": "extension"}
        case A.APPROVE_SUSPENSION | A.DENY_SUSPENSION:
            extra = {"pending_request": "suspension"}
        case A.ESCALATE:
            town = True
        case A.HAND_DOWN:
            town, tier = True, Tier.DISTRICT  # a town's case that went up to the district
    return make_case(state, town=town, tier=tier, **extra)


def standing_actor(role: Role, case: CaseRecord) -> Actor:
    """The user of ``role`` who stands right to ``case`` (its centre, department, officer)."""
    match role:
        case R.GRID_OFFICER:
            return OFFICER
        case R.DEPARTMENT:
            return DEPT_TOWN if case.department_code == "T101HW" else DEPT
        case R.SUPERVISOR:
            return SUPERVISOR
        case R.ADMIN:
            return ADMIN
    # the centre owning the case's tier: the town's for escalate, the district's for hand_down
    return TOWN[role] if case.tier is Tier.TOWN else DISTRICT[role]


def expected_code(action: Action, role: Role, state: CaseState) -> str | None:
    roles, states = EXPECTED[action]
    if role not in roles:
        return "role_not_allowed"
    if state not in states:
        return "wrong_state"
    return None


def outcome(case: CaseRecord, action: Action, actor: Actor) -> str | None:
    try:
        authorize(case, action, actor)
    except DomainError as exc:
        return exc.code
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
    d, t = DISTRICT, TOWN
    triage = {A.REQUEST_VERIFY, A.REJECT, A.MERGE}  # urban street: no town to hand down to
    watch = {A.URGE, A.SUPERVISE}
    dept_work = {A.RETURN, A.HANDLE, A.REQUEST_EXTENSION, A.REQUEST_SUSPENSION}
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
        ("extension/dept", ext, DEPT, {A.RETURN, A.HANDLE}),
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
