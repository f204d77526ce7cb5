"""Which role may do which action, in which state, on which case.

The table below is the whole rule book of the closed loop (GB/T 30428.8 practice);
``authorize`` is its only reader. Anything not in the table is refused with a code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from gridapp.domain.case import CaseRecord, CaseState, Source, Tier
from gridapp.domain.co_handling import co_entry
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
    SUPERVISE_REPLY = "supervise_reply"  # 督办回复
    CHECK = "check"  # 核查 (pass / fail = 返工)
    CLOSE = "close"  # 结案
    ESCALATE = "escalate"  # 上报区级
    HAND_DOWN = "hand_down"  # 下派镇街
    CALLBACK = "callback"  # 回访 (hotline/public case after 结案)
    REOPEN = "reopen"  # 重办 (after a 不满意 回访)
    # 疑似重复: written by the service alone when a report lands near an open case of the
    # same small class (any scope); no role may push it (its rule has no roles).
    FLAG_DUPLICATE = "flag_duplicate"
    ACKNOWLEDGE = "acknowledge"  # 签收 (lead or co-handling department)
    CO_FEEDBACK = "co_feedback"  # 协办反馈

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
    Action.SUPERVISE_REPLY: "督办回复",
    Action.CHECK: "核查",
    Action.CLOSE: "结案",
    Action.ESCALATE: "上报区级",
    Action.HAND_DOWN: "下派镇街",
    Action.CALLBACK: "回访",
    Action.REOPEN: "重办",
    Action.FLAG_DUPLICATE: "疑似重复",
    Action.ACKNOWLEDGE: "签收",
    Action.CO_FEEDBACK: "协办反馈",
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
    CO_DEPARTMENT = "co_department"  # a co-handling department (协办) of the case
    HANDLING_PARTY = "handling_party"  # the lead department or a co-handling one


Guard = Callable[[CaseRecord], "tuple[str, str] | None"]
ActorGuard = Callable[[CaseRecord, Actor], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    states: frozenset[CaseState]
    relation: Relation
    guard: Guard | None = None
    # A role allowed only on some cases: its own extra guard (智能派单: the shift lead
    # dispatches only what an automatic rule routed, and 改派s only what went that way).
    role_guards: Mapping[Role, Guard] = field(default_factory=dict)
    actor_guard: ActorGuard | None = None  # a guard that depends on who acts (签收, 协办)


def _s(*states: CaseState) -> frozenset[CaseState]:
    return frozenset(states)


def _r(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


def _verify_pending(c: CaseRecord) -> bool:
    return c.verify_assignee is not None and c.verify_result is None


def _can_accept(c: CaseRecord) -> tuple[str, str] | None:
    return ("already_accepted", "该案卷已受理") if c.accepted else None


def _can_request_verify(c: CaseRecord) -> tuple[str, str] | None:
    """One 核实 per case, unless the officer found it untrue (then a second check may go).

    A case already verified as true waits for 立案: sending it out again would only
    send an officer back to the same spot (the desk was offered it again before).
    """
    if _verify_pending(c):
        return ("verify_pending", "已有未完成的核实任务")
    if c.verify_result is True:
        return ("already_verified", "该案卷已核实属实，等待立案")
    return None


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


def _reply_owed(c: CaseRecord) -> tuple[str, str] | None:
    """A 督办回复 answers a 督办 that asked for one (old 督办 without a reply deadline
    did not: nothing to answer then)."""
    if c.supervise_reply_due is None:
        return ("no_supervise_pending", "没有待回复的督办")
    return None


def _town_tier(c: CaseRecord) -> tuple[str, str] | None:
    return None if c.tier is Tier.TOWN else ("wrong_tier", "该案卷已在区级中心")


def _can_hand_down(c: CaseRecord) -> tuple[str, str] | None:
    if c.tier is not Tier.DISTRICT:
        return ("wrong_tier", "该案卷已在镇街中心")
    if not c.town_centre:
        return ("no_town_centre", "该街道没有镇街指挥中心，不能下派")
    return None


CALLBACK_SOURCES = frozenset({Source.HOTLINE, Source.PUBLIC})


def _callback_owed(c: CaseRecord) -> tuple[str, str] | None:
    """回访 follows the 结案 of a citizen's case (12345 or public); once the citizen was
    reached and gave their verdict, this closure is called back (a 重办 opens a new one)."""
    if c.source not in CALLBACK_SOURCES:
        return ("no_callback_needed", "只有12345热线和公众举报案卷需要回访")
    if c.satisfaction is not None:
        return ("already_called_back", "该案卷已回访")
    return None


def _can_reopen(c: CaseRecord) -> tuple[str, str] | None:
    if c.satisfaction != "unsatisfied":
        return ("not_unsatisfied", "只有回访不满意的案卷可以重办")
    if not c.department_code:
        return ("no_department", "该案卷没有处置部门，不能重办")
    return None


def _auto_routed(c: CaseRecord) -> tuple[str, str] | None:
    """The shift lead's 派遣 is the automatic one made at 立案 (智能派单)."""
    return None if c.auto_rule is not None else ("not_auto_routed", "该案卷未匹配自动派遣规则")


def _auto_dispatched(c: CaseRecord) -> tuple[str, str] | None:
    """The shift lead corrects (改派) what went automatically; the rest is the dispatcher's."""
    if not c.auto_dispatched:
        return ("not_auto_dispatched", "值班长只能改派自动派遣的案卷")
    return None


def _not_acknowledged(c: CaseRecord, actor: Actor) -> tuple[str, str] | None:
    if actor.department_code == c.department_code:
        done = c.acknowledged_at is not None
    else:
        entry = co_entry(c.co_departments, actor.department_code)
        done = entry is None or entry.acknowledged_at is not None
    return ("already_acknowledged", "本部门已签收该案卷") if done else None


def _co_feedback_owed(c: CaseRecord, actor: Actor) -> tuple[str, str] | None:
    entry = co_entry(c.co_departments, actor.department_code)
    if entry is None or entry.fed_back_at is not None:
        return ("co_feedback_done", "本部门已提交协办反馈")
    return None


R, ST = Role, CaseState
OPEN_INTAKE = _s(ST.REPORTED, ST.FILED)  # before dispatch

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
    # 合并: intake and the shift lead of the centre owning the case, before dispatch; the
    # service checks again that the kept case is one the actor may see and still open.
    Action.MERGE: Rule(_r(R.INTAKE, R.SHIFT_LEAD), OPEN_INTAKE, Relation.CENTRE),
    # The shift lead's 派遣 is the one made by itself at 立案 under an automatic routing
    # rule (智能派单); the service gives it the rule's department, never a chosen one.
    Action.DISPATCH: Rule(
        _r(R.DISPATCHER, R.SHIFT_LEAD),
        _s(ST.FILED),
        Relation.CENTRE,
        _first_dispatch,
        {R.SHIFT_LEAD: _auto_routed},
    ),
    Action.REASSIGN: Rule(
        _r(R.DISPATCHER, R.SHIFT_LEAD),
        _s(ST.FILED, ST.DISPATCHED),
        Relation.CENTRE,
        _redispatch,
        {R.SHIFT_LEAD: _auto_dispatched},
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
    # The department holding the case answers the 督办, also once it has handled it.
    Action.SUPERVISE_REPLY: Rule(
        _r(R.DEPARTMENT),
        _s(ST.DISPATCHED, ST.SUSPENDED, ST.HANDLED, ST.VERIFIED),
        Relation.DEPARTMENT,
        _reply_owed,
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
    Action.CALLBACK: Rule(
        _r(R.INTAKE, R.SHIFT_LEAD), _s(ST.CLOSED), Relation.CENTRE, _callback_owed
    ),
    Action.REOPEN: Rule(_r(R.INTAKE, R.SHIFT_LEAD), _s(ST.CLOSED), Relation.CENTRE, _can_reopen),
    # Only the service writes it (casework/duplicates.py): no role, so any push is refused.
    Action.FLAG_DUPLICATE: Rule(_r(), OPEN_INTAKE, Relation.CENTRE),
    Action.ACKNOWLEDGE: Rule(
        _r(R.DEPARTMENT),
        _s(ST.DISPATCHED),
        Relation.HANDLING_PARTY,
        actor_guard=_not_acknowledged,
    ),
    Action.CO_FEEDBACK: Rule(
        _r(R.DEPARTMENT),
        _s(ST.DISPATCHED),
        Relation.CO_DEPARTMENT,
        actor_guard=_co_feedback_owed,
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
        case Relation.CO_DEPARTMENT:
            return co_entry(case.co_departments, actor.department_code) is not None
        case Relation.HANDLING_PARTY:
            return actor.department_code is not None and (
                actor.department_code == case.department_code
                or co_entry(case.co_departments, actor.department_code) is not None
            )
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
    for guard in (rule.guard, rule.role_guards.get(actor.role)):
        if guard is not None and (refusal := guard(case)) is not None:
            code, message = refusal
            raise DomainError(code, message, action=action.value, case_id=case.id)
    if rule.actor_guard is not None and (refusal := rule.actor_guard(case, actor)) is not None:
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
