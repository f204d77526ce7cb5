"""Case records and actors for the rule-book tests: each role standing right to a case.

Shared by test_rules_matrix (the expectation table), test_rules_scope, test_rules_guards
and test_rules_buttons.
"""

from __future__ import annotations

from datetime import datetime

from gridapp.domain.actions import Action, authorize
from gridapp.domain.case import CaseRecord, CaseState, Source, Tier, Urgency
from gridapp.domain.co_handling import CoDepartment
from gridapp.domain.roles import Actor, Role
from gridapp.errors import DomainError

A, R, S = Action, Role, CaseState
CENTRE_ALL = {R.INTAKE, R.SHIFT_LEAD, R.DISPATCHER}

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
        category_code="020102",
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
            extra = {"dispatch_count": 0, "auto_rule": 7}
        case A.REASSIGN:
            extra = {"dispatch_count": 1, "auto_rule": 7, "auto_dispatched": True}
        case A.CALLBACK:
            extra = {"source": Source.HOTLINE}
        case A.REOPEN:
            extra = {"source": Source.PUBLIC, "satisfaction": "unsatisfied"}
        case A.APPROVE_EXTENSION | A.DENY_EXTENSION:
            extra = {"pending_request": "extension"}
        case A.APPROVE_SUSPENSION | A.DENY_SUSPENSION:
            extra = {"pending_request": "suspension"}
        case A.SUPERVISE_REPLY:
            extra = {"supervise_reply_due": datetime(2026, 11, 17, 9, 0)}
        case A.CO_FEEDBACK:  # D05 leads, the standing department (D02) co-handles
            due = datetime(2026, 11, 16, 11, 0)
            co = CoDepartment("D02", due, "work_hour", due, assigned_at=T0)
            extra = {
                "department_code": "D05",
                "departments": ("D05", "D02"),
                "co_departments": (co,),
            }
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


def outcome(case: CaseRecord, action: Action, actor: Actor) -> str | None:
    try:
        authorize(case, action, actor)
    except DomainError as exc:
        return exc.code
    return None
