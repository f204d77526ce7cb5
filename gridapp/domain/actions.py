"""Which role may do which action, in which state, on which case.

The table below is the whole rule book of the closed loop (GB/T 30428.8 practice);
``authorize`` is its only reader. Anything not in the table is refused with a code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from gridapp.domain.case import CaseRecord, CaseState, Tier
from gridapp.domain.roles import Actor, Role, can_see
from gridapp.errors import DomainError


class Action(StrEnum):
    REPORT = "report"  # 上报
    ACCEPT = "accept"  # 受理
    REQUEST_VERIFY = "request_verify"  # 派发核实
    VERIFY_REPORT = "verify_report"  # 核实反馈
    FILE = "file"  # 立案
    REJECT = "reject"  # 不予立案
    VOID = "void"  # 作废
    MERGE = "merge"  # 合并重复案卷
    DISPATCH = "dispatch"  # 派遣
    REASSIGN = "reassign"  # 改派
    RETURN = "return"  # 回退
    HANDLE = "handle"  # 处置反馈
    REQUEST_EXTENSION = "request_extension"  # 申请延期
    APPROVE_EXTENSION = "approve_extension"
    DENY_EXTENSION = "deny_extension"
    REQUEST_SUSPENSION = "request_suspension"  # 申请挂账/缓办
    APPROVE_SUSPENSION = "approve_suspension"
    DENY_SUSPENSION = "deny_suspension"
    RESUME = "resume"  # 恢复处置
    URGE = "urge"  # 催办
    SUPERVISE = "supervise"  # 督办
    CHECK = "check"  # 核查 (pass / fail = 返工)
    CLOSE = "close"  # 结案
    ESCALATE = "escalate"  # 上报区级
    HAND_DOWN = "hand_down"  # 下派镇街

    @property
    def label_zh(self) -> str:
        return ACTION_LABELS_ZH[self]


ACTION_LABELS_ZH: dict[Action, str] = {
    Action.REPORT: "上报",
    Action.ACCEPT: "受理",
    Action.REQUEST_VERIFY: "派发核实",
    Action.VERIFY_REPORT: "核实反馈",
    Action.FILE: "立案",
    Action.REJECT: "不予立案",
    Action.VOID: "作废",
    Action.MERGE: "合并",
    Action.DISPATCH: "派遣",
    Action.REASSIGN: "改派",
    Action.RETURN: "回退",
    Action.HANDLE: "处置反馈",
    Action.REQUEST_EXTENSION: "申请延期",
    Action.APPROVE_EXTENSION: "批准延期",
    Action.DENY_EXTENSION: "驳回延期",
    Action.REQUEST_SUSPENSION: "申请挂账",
    Action.APPROVE_SUSPENSION: "批准挂账",
    Action.DENY_SUSPENSION: "驳回挂账",
    Action.RESUME: "恢复处置",
    Action.URGE: "催办",
    Action.SUPERVISE: "督办",
    Action.CHECK: "核查",
    Action.CLOSE: "结案",
    Action.ESCALATE: "上报区级",
    Action.HAND_DOWN: "下派镇街",
}


class Relation(StrEnum):
    """How the actor must stand to the case, beyond their role."""

    CENTRE = "centre"  # the command centre that owns the case's tier
    TOWN_CENTRE = "town_centre"  # only the town centre of the case's town
    DISTRICT_CENTRE = "district_centre"
    DEPARTMENT = "department"  # the department the case is with now
    VERIFY_ASSIGNEE = "verify_assignee"
    CASE_OFFICER = "case_officer"  # officer of the case's grid, or its reporter
    ANY_IN_SCOPE = "any_in_scope"


Guard = Callable[[CaseRecord], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    states: frozenset[CaseState]
    relation: Relation
    guard: Guard | None = None


def _s(*states: CaseState) -> frozenset[CaseState]:
    return frozenset(states)


def _r(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


def _verify_pending(c: CaseRecord) -> bool:
    return c.verify_assignee is not None and c.verify_result is None


def _can_accept(c: CaseRecord) -> tuple[str, str] | None:
    return ("already_accepted", "该案卷已受理") if c.accepted else None


def _can_request_verify(c: CaseRecord) -> tuple[str, str] | None:
    return ("verify_pending", "已有未完成的核实任务") if _verify_pending(c) else None


def _can_verify(c: CaseRecord) -> tuple[str, str] | None:
    return None if _verify_pending(c) else ("no_verify_task", "没有待完成的核实任务")


def _can_file(c: CaseRecord) -> tuple[str, str] | None:
    if not c.accepted:
        return ("not_accepted", "案卷尚未受理，不能立案")
    if _verify_pending(c):
        return ("verify_pending", "核实任务尚未完成，不能立案")
    if c.source.needs_verification and c.verify_result is not True:
        return ("verification_required", "公众/热线举报须经网格员核实属实后方可立案")
    return None


def _first_dispatch(c: CaseRecord) -> tuple[str, str] | None:
    if c.dispatch_count:
        return ("already_dispatched", "该案卷已派遣过，请使用改派")
    return None


def _redispatch(c: CaseRecord) -> tuple[str, str] | None:
    if not c.dispatch_count:
        return ("not_dispatched", "该案卷尚未派遣，请使用派遣")
    return None


def _no_pending(c: CaseRecord) -> tuple[str, str] | None:
    if c.pending_request:
        return ("request_pending", "已有待审批的延期/挂账申请")
    return None


def _pending(kind: str) -> Guard:
    def guard(c: CaseRecord) -> tuple[str, str] | None:
        if c.pending_request != kind:
            return ("no_pending_request", "没有待审批的该类申请")
        return None

    return guard


def _town_tier(c: CaseRecord) -> tuple[str, str] | None:
    return None if c.tier is Tier.TOWN else ("wrong_tier", "该案卷已在区级中心")


def _can_hand_down(c: CaseRecord) -> tuple[str, str] | None:
    if c.tier is not Tier.DISTRICT:
        return ("wrong_tier", "该案卷已在镇街中心")
    if not c.town_centre:
        return ("no_town_centre", "该街道没有镇街指挥中心，不能下派")
    return None


R, ST = Role, CaseState
OPEN_INTAKE = _s(ST.REPORTED, ST.FILED)

RULES: dict[Action, Rule] = {
    Action.REPORT: Rule(_r(R.GRID_OFFICER, R.INTAKE), _s(), Relation.ANY_IN_SCOPE),
    Action.ACCEPT: Rule(_r(R.INTAKE, R.SHIFT_LEAD), _s(ST.REPORTED), Relation.CENTRE, _can_accept),
    Action.REQUEST_VERIFY: Rule(
        _r(R.INTAKE, R.SHIFT_LEAD), _s(ST.REPORTED), Relation.CENTRE, _can_request_verify
    ),
    Action.VERIFY_REPORT: Rule(
        _r(R.GRID_OFFICER), _s(ST.REPORTED), Relation.VERIFY_ASSIGNEE, _can_verify
    ),
    Action.FILE: Rule(_r(R.SHIFT_LEAD), _s(ST.REPORTED), Relation.CENTRE, _can_file),
    Action.REJECT: Rule(_r(R.INTAKE, R.SHIFT_LEAD), _s(ST.REPORTED), Relation.CENTRE),
    Action.VOID: Rule(_r(R.SHIFT_LEAD), _s(ST.FILED), Relation.CENTRE),
    Action.MERGE: Rule(_r(R.INTAKE, R.SHIFT_LEAD), OPEN_INTAKE, Relation.CENTRE),
    Action.DISPATCH: Rule(_r(R.DISPATCHER), _s(ST.FILED), Relation.CENTRE, _first_dispatch),
    Action.REASSIGN: Rule(
        _r(R.DISPATCHER), _s(ST.FILED, ST.DISPATCHED), Relation.CENTRE, _redispatch
    ),
    Action.RETURN: Rule(_r(R.DEPARTMENT), _s(ST.DISPATCHED), Relation.DEPARTMENT),
    Action.HANDLE: Rule(_r(R.DEPARTMENT), _s(ST.DISPATCHED), Relation.DEPARTMENT),
    Action.REQUEST_EXTENSION: Rule(
        _r(R.DEPARTMENT), _s(ST.DISPATCHED), Relation.DEPARTMENT, _no_pending
    ),
    Action.APPROVE_EXTENSION: Rule(
        _r(R.DISPATCHER, R.SHIFT_LEAD), _s(ST.DISPATCHED), Relation.CENTRE, _pending("extension")
    ),
    Action.DENY_EXTENSION: Rule(
        _r(R.DISPATCHER, R.SHIFT_LEAD), _s(ST.DISPATCHED), Relation.CENTRE, _pending("extension")
    ),
    Action.REQUEST_SUSPENSION: Rule(
        _r(R.DEPARTMENT), _s(ST.DISPATCHED), Relation.DEPARTMENT, _no_pending
    ),
    Action.APPROVE_SUSPENSION: Rule(
        _r(R.DISPATCHER, R.SHIFT_LEAD), _s(ST.DISPATCHED), Relation.CENTRE, _pending("suspension")
    ),
    Action.DENY_SUSPENSION: Rule(
        _r(R.DISPATCHER, R.SHIFT_LEAD), _s(ST.DISPATCHED), Relation.CENTRE, _pending("suspension")
    ),
    Action.RESUME: Rule(_r(R.DISPATCHER, R.SHIFT_LEAD), _s(ST.SUSPENDED), Relation.CENTRE),
    Action.URGE: Rule(
        _r(R.DISPATCHER, R.SHIFT_LEAD, R.SUPERVISOR), _s(ST.DISPATCHED), Relation.CENTRE
    ),
    Action.SUPERVISE: Rule(
        _r(R.DISPATCHER, R.SHIFT_LEAD, R.SUPERVISOR),
        _s(ST.DISPATCHED, ST.SUSPENDED),
        Relation.CENTRE,
    ),
    Action.CHECK: Rule(_r(R.GRID_OFFICER), _s(ST.HANDLED), Relation.CASE_OFFICER),
    Action.CLOSE: Rule(_r(R.SHIFT_LEAD), _s(ST.VERIFIED), Relation.CENTRE),
    Action.ESCALATE: Rule(
        _r(R.INTAKE, R.SHIFT_LEAD, R.DISPATCHER), OPEN_INTAKE, Relation.TOWN_CENTRE, _town_tier
    ),
    Action.HAND_DOWN: Rule(
        _r(R.INTAKE, R.SHIFT_LEAD, R.DISPATCHER),
        OPEN_INTAKE,
        Relation.DISTRICT_CENTRE,
        _can_hand_down,
    ),
}


def _relation_holds(rel: Relation, actor: Actor, case: CaseRecord) -> bool:
    if actor.role is Role.SUPERVISOR:
        return True  # supervisors act district-wide on what their role allows
    match rel:
        case Relation.ANY_IN_SCOPE:
            return can_see(actor, case)
        case Relation.CENTRE:
            if case.tier is Tier.DISTRICT:
                return actor.street_code is None
            return actor.street_code == case.street_code
        case Relation.TOWN_CENTRE:
            return actor.street_code is not None and actor.street_code == case.street_code
        case Relation.DISTRICT_CENTRE:
            return actor.street_code is None
        case Relation.DEPARTMENT:
            return actor.department_code is not None and actor.department_code == (
                case.department_code
            )
        case Relation.VERIFY_ASSIGNEE:
            return case.verify_assignee == actor.username
        case Relation.CASE_OFFICER:
            return case.grid_code in actor.grid_codes or case.reported_by == actor.username
    return False  # pragma: no cover - every relation is matched above


def authorize(case: CaseRecord, action: Action, actor: Actor) -> None:
    """Raise :class:`DomainError` unless ``actor`` may do ``action`` on ``case`` now."""
    rule = RULES[action]
    if actor.role not in rule.roles:
        raise DomainError(
            "role_not_allowed",
            f"{actor.role.label_zh}不能执行「{action.label_zh}」",
            action=action.value,
            role=actor.role.value,
        )
    if rule.states and case.state not in rule.states:  # no states: it creates the case
        raise DomainError(
            "wrong_state",
            f"案卷处于「{case.state.label_zh}」状态，不能执行「{action.label_zh}」",
            action=action.value,
            state=case.state.value,
        )
    if not _relation_holds(rule.relation, actor, case):
        raise DomainError(
            "out_of_scope",
            f"该案卷不在您的职责范围内，不能执行「{action.label_zh}」",
            action=action.value,
            case_id=case.id,
        )
    if rule.guard is not None and (refusal := rule.guard(case)) is not None:
        code, message = refusal
        raise DomainError(code, message, action=action.value, case_id=case.id)


def allowed_actions(case: CaseRecord, actor: Actor) -> list[Action]:
    """The actions ``actor`` may take on ``case`` now: the buttons the UI shows."""
    allowed = []
    for action in RULES:
        if action is Action.REPORT:
            continue
        try:
            authorize(case, action, actor)
        except DomainError:
            continue
        allowed.append(action)
    return allowed
