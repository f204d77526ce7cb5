"""Applying events to cases: the pure heart of the closed loop.

``decide`` checks an action (rules, payload) and makes the event; ``apply_event``
folds an event into the case record. Replaying a case's accepted events through
``apply_event`` always gives the stored projection: the store relies on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from gridapp.domain.actions import Action, authorize
from gridapp.domain.case import CaseRecord, CaseState, Source, Tier, Urgency
from gridapp.domain.co_handling import (
    co_entry,
    co_from_payload,
    missing_feedback,
    replace_entry,
    yellow_from,
)
from gridapp.domain.events import CaseEvent, parse_time
from gridapp.domain.roles import Actor, Role
from gridapp.errors import DomainError, ValidationError

_E = TypeVar("_E", bound=Enum)

# Fields each action's payload must carry (non-empty). Deadlines are computed by the
# service layer from the catalog and the calendar and travel inside the event, so a
# replay never depends on today's calendar.
_DEADLINE = ("deadline", "deadline_unit", "warn_at")
REQUIRED: dict[Action, tuple[str, ...]] = {
    Action.REPORT: (
        "source",
        "category_code",
        "urgency",
        "lon",
        "lat",
        "grid_code",
        "community_code",
        "street_code",
        "description",
        "tier",
        "number",
    ),
    Action.REQUEST_VERIFY: ("assignee",),
    Action.VERIFY_REPORT: ("result",),
    Action.FILE: ("number",),
    Action.REJECT: ("reason",),
    Action.VOID: ("reason",),
    Action.MERGE: ("into",),
    Action.DISPATCH: ("department_code", *_DEADLINE),
    Action.REASSIGN: ("department_code", "reason", *_DEADLINE),
    Action.RETURN: ("reason",),
    Action.HANDLE: ("note",),
    Action.REQUEST_EXTENSION: ("deadline", "reason"),
    Action.APPROVE_EXTENSION: ("deadline", "warn_at"),
    Action.DENY_EXTENSION: ("reason",),
    Action.REQUEST_SUSPENSION: ("reason",),
    Action.DENY_SUSPENSION: ("reason",),
    Action.RESUME: _DEADLINE,
    Action.CHECK: ("result",),
    Action.ESCALATE: ("reason",),
    Action.SUPERVISE_REPLY: ("note",),
    Action.CALLBACK: ("reached",),
    Action.REOPEN: ("department_code", *_DEADLINE),
    Action.ACKNOWLEDGE: ("department_code",),
    Action.CO_FEEDBACK: ("department_code", "note"),
}
# 回访 verdicts: 满意 / 基本满意 / 不满意 (EVALUATION.md: 满意率 counts the first two).
SATISFACTION = ("satisfied", "basic", "unsatisfied")
_CHECK_FAIL_REQUIRED = _DEADLINE


def check_payload(action: Action, payload: Mapping[str, Any]) -> None:
    """Refuse a payload that lacks what the action needs, naming the missing field."""
    required = list(REQUIRED.get(action, ()))
    if action is Action.SUPERVISE and payload.get("reply_due") is not None:
        required.append("note")  # a 督办单 asking for a reply says what it asks (督办意见)
    if action is Action.CHECK and payload.get("result") is False:
        required += _CHECK_FAIL_REQUIRED
    for name in required:
        value = payload.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValidationError(
                "missing_field", f"缺少必填项：{name}", action=action.value, field=name
            )
    for name in ("result", "reached"):
        if name in payload and not isinstance(payload[name], bool):
            raise ValidationError("bad_field", f"{name} 必须是是/否", field=name)
    if action is Action.CALLBACK:
        _check_callback(payload)


def _check_callback(payload: Mapping[str, Any]) -> None:
    """A call that reached the citizen carries their verdict; one that did not, none."""
    verdict = payload.get("satisfaction")
    if payload["reached"] and verdict not in SATISFACTION:
        raise ValidationError(
            "bad_field", "回访结果须为满意、基本满意或不满意", field="satisfaction"
        )
    if not payload["reached"] and verdict is not None:
        raise ValidationError("bad_field", "未联系上的回访没有满意度", field="satisfaction")


def decide(case: CaseRecord | None, event: CaseEvent, actor: Actor) -> CaseRecord:
    """Check ``event`` as done by ``actor`` against ``case`` and return the new record.

    Raises DomainError (rules) or ValidationError (payload); nothing is changed then.
    """
    if actor.username != event.actor or actor.role is not event.role:
        raise DomainError("actor_mismatch", "事件的操作人与当前用户不一致")
    check_payload(event.action, event.payload)
    if event.action is Action.REPORT:
        if case is not None:
            raise DomainError("case_exists", "该案卷已存在", case_id=event.case_id)
        _check_report_source(actor, event.payload)
        created = apply_event(None, event)
        authorize(created, Action.REPORT, actor)  # the rule's roles and scope
        return created
    if case is None:
        raise DomainError("unknown_case", "案卷不存在", case_id=event.case_id)
    authorize(case, event.action, actor)
    if event.action is Action.MERGE and event.payload["into"] == case.id:
        raise ValidationError("bad_field", "不能合并到自身", field="into")
    if event.action is Action.HANDLE:
        _check_co_feedback(case, event.payload)
    return apply_event(case, event)


def _check_co_feedback(case: CaseRecord, payload: Mapping[str, Any]) -> None:
    """The lead reports 处置反馈 with every 协办反馈 in, or explains the missing ones."""
    missing = missing_feedback(case.co_departments)
    note = payload.get("co_missing_note")
    if missing and not (isinstance(note, str) and note.strip()):
        raise DomainError(
            "co_feedback_missing",
            "协办部门尚未全部反馈：请等待协办反馈，或说明未反馈的原因",
            missing=list(missing),
        )


def _check_report_source(actor: Actor, payload: Mapping[str, Any]) -> None:
    try:
        source = Source(payload["source"])
    except ValueError:
        raise ValidationError("bad_field", "未知的案件来源", field="source") from None
    officer_source = source is Source.PATROL
    if (actor.role is Role.GRID_OFFICER) != officer_source:
        raise DomainError(
            "role_not_allowed",
            "网格员上报巡查案件；热线、公众和视频案件由受理员登记",
            role=actor.role.value,
            source=source.value,
        )


def _deadline_fields(p: Mapping[str, Any], at: object) -> dict[str, Any]:
    return {
        "deadline": parse_time(p["deadline"]),
        "deadline_unit": str(p["deadline_unit"]),
        "warn_at": parse_time(p["warn_at"]),
        "clock_start": at,
    }


def _member_of(kind: type[_E]) -> Callable[[object], _E]:
    """``kind(value)`` by a dict look-up first: calling an enum costs ~1 µs, and a pull
    folds a report (three of them) for every new case. Anything not a member's value
    (or a member) goes to ``kind`` itself, to be refused the same way."""
    members: dict[object, _E] = {m.value: m for m in kind}

    def member(value: object) -> _E:
        try:
            return members[value]
        except (KeyError, TypeError):  # TypeError: unhashable
            return kind(value)

    return member


_source = _member_of(Source)
_urgency = _member_of(Urgency)
_tier = _member_of(Tier)


def _created(event: CaseEvent) -> CaseRecord:
    p = event.payload
    return CaseRecord.made(
        id=event.case_id,
        number=str(p["number"]),
        number_provisional=bool(p.get("number_provisional", True)),
        source=_source(p["source"]),
        category_code=str(p["category_code"]),
        subclass=p.get("subclass") or None,
        urgency=_urgency(p["urgency"]),
        lon=float(p["lon"]),
        lat=float(p["lat"]),
        grid_code=str(p["grid_code"]),
        community_code=str(p["community_code"]),
        street_code=str(p["street_code"]),
        address=str(p.get("address") or ""),
        description=str(p["description"]),
        photos=tuple(p.get("photos") or ()),
        reporter_name=p.get("reporter_name"),
        reporter_phone=p.get("reporter_phone"),
        work_order=p.get("work_order") or None,
        reported_by=event.actor,
        reported_at=event.at,
        tier=_tier(p["tier"]),
        town_centre=bool(p.get("town_centre", False)),
        state=CaseState.REPORTED,
    )


def _filed_subclass(case: CaseRecord, p: Mapping[str, Any]) -> str | None:
    """The 细类 after 立案: the one given, else none when the category changed (a 细类
    code means something else under another small class), else the case's own."""
    if "subclass" in p:
        return p["subclass"] or None
    if p.get("category_code") and p["category_code"] != case.category_code:
        return None
    return case.subclass


def _reply_due(owed: datetime | None, asked: object) -> datetime | None:
    """The earliest reply deadline still owed: a second 督办 cannot push the first one's
    deadline back; an old 督办 without one leaves what is owed as it was."""
    due = parse_time(asked) if asked else None
    if due is None or owed is None:
        return due or owed
    return min(owed, due)


def apply_event(case: CaseRecord | None, event: CaseEvent) -> CaseRecord:
    """Fold one event into the record (no checks: ``decide`` did them)."""
    p, at, a = event.payload, event.at, event.action
    if a is Action.REPORT:
        return _created(event).evolve(updated_at=at, version=1)
    if case is None:
        raise DomainError("broken_history", "案卷历史不完整：缺少上报事件", event_id=event.id)
    if a is Action.FLAG_DUPLICATE:
        # A hint from the service, not a change made by anyone: only the version moves.
        return case.evolve(version=case.version + 1)
    c = case
    S = CaseState
    match a:
        case Action.ACCEPT:
            c = c.evolve(accepted=True)
        case Action.REQUEST_VERIFY:
            c = c.evolve(verify_assignee=p["assignee"], verify_requested_at=at, verify_result=None)
        case Action.VERIFY_REPORT:
            c = c.evolve(verify_result=bool(p["result"]))
        case Action.FILE:
            c = c.evolve(
                state=S.FILED,
                filed_at=at,
                number=str(p["number"]),
                number_provisional=bool(p.get("number_provisional", False)),
                category_code=str(p.get("category_code") or c.category_code),
                subclass=_filed_subclass(c, p),
                urgency=_urgency(p.get("urgency") or c.urgency),
                auto_rule=p.get("auto_rule"),
            )
        case Action.REJECT:
            c = c.evolve(state=S.REJECTED, disposition="not_filed", closed_at=at)
        case Action.VOID:
            c = c.evolve(state=S.REJECTED, disposition="voided", closed_at=at)
        case Action.MERGE:
            c = c.evolve(state=S.MERGED, merged_into=str(p["into"]), closed_at=at)
        case Action.DISPATCH | Action.REASSIGN:
            dept = str(p["department_code"])
            first = c.deadline_original is None
            fields = _deadline_fields(p, at)
            c = _dispatched_parties(c, p, at, dept)
            c = c.evolve(
                state=S.DISPATCHED,
                department_code=dept,
                returned_by=None,
                dispatch_count=c.dispatch_count + 1,
                dispatched_at=at,
                pending_request=None,
                requested_deadline=None,
                deadline_original=fields["deadline"] if first else c.deadline_original,
                auto_dispatched=a is Action.DISPATCH and p.get("auto_rule") is not None,
                **fields,
            )
        case Action.RETURN:
            c = c.evolve(
                acknowledged_at=c.acknowledged_at or at,
                state=S.FILED,
                department_code=None,
                returned_by=c.department_code,
                return_count=c.return_count + 1,
                auto_dispatched=False,
                pending_request=None,
                requested_deadline=None,
            )
        case Action.HANDLE:
            c = c.evolve(
                acknowledged_at=c.acknowledged_at or at,
                state=S.HANDLED,
                handled_at=at,
                handle_photos=tuple(p.get("photos") or ()),
                pending_request=None,
                requested_deadline=None,
            )
        case Action.REQUEST_EXTENSION:
            c = c.evolve(pending_request="extension", requested_deadline=parse_time(p["deadline"]))
        case Action.APPROVE_EXTENSION:
            c = c.evolve(
                deadline=parse_time(p["deadline"]),
                warn_at=parse_time(p["warn_at"]),
                pending_request=None,
                requested_deadline=None,
            )
        case Action.REQUEST_SUSPENSION:
            c = c.evolve(pending_request="suspension")
        case Action.DENY_EXTENSION | Action.DENY_SUSPENSION:
            c = c.evolve(pending_request=None, requested_deadline=None)
        case Action.APPROVE_SUSPENSION:
            c = c.evolve(state=S.SUSPENDED, suspended_at=at, pending_request=None)
        case Action.RESUME:
            c = c.evolve(state=S.DISPATCHED, suspended_at=None, **_deadline_fields(p, at))
        case Action.URGE:
            c = c.evolve(urge_count=c.urge_count + 1)
        case Action.SUPERVISE:
            c = c.evolve(
                supervise_count=c.supervise_count + 1,
                supervise_reply_due=_reply_due(c.supervise_reply_due, p.get("reply_due")),
            )
        case Action.SUPERVISE_REPLY:
            c = c.evolve(supervise_reply_due=None)  # one reply answers every open 督办
        case Action.CHECK:
            photos = tuple(p.get("photos") or ())
            if p["result"]:
                c = c.evolve(state=S.VERIFIED, verified_at=at, check_photos=photos)
            else:
                c = c.evolve(
                    state=S.DISPATCHED,
                    rework_count=c.rework_count + 1,
                    check_photos=photos,
                    handled_at=None,
                    **_deadline_fields(p, at),
                )
        case Action.CLOSE:
            c = c.evolve(state=S.CLOSED, closed_at=at)
        case Action.ESCALATE:
            c = c.evolve(tier=Tier.DISTRICT)
        case Action.HAND_DOWN:
            c = c.evolve(tier=Tier.TOWN)
        case Action.CALLBACK:
            reached = bool(p["reached"])
            c = c.evolve(
                callback_count=c.callback_count + 1,
                callback_at=at,
                satisfaction=str(p["satisfaction"]) if reached else c.satisfaction,
            )
        case Action.REOPEN:  # 重办: back to the department with a new limit from now
            c = c.evolve(
                state=S.DISPATCHED,
                department_code=str(p["department_code"]),
                reopen_count=c.reopen_count + 1,
                satisfaction=None,  # the next 结案 is called back again
                closed_at=None,
                verified_at=None,
                handled_at=None,
                dispatched_at=at,
                **_deadline_fields(p, at),
            )
        case Action.ACKNOWLEDGE | Action.CO_FEEDBACK:
            c = _co_or_lead_progress(c, a, str(p["department_code"]), at)
    # what every event ends with, in one copy of the record (a fold makes one per event)
    tail: dict[str, object] = {"updated_at": at, "version": c.version + 1}
    handling_warn_at = c.handling_warn_at
    if "warn_at" in p:
        handling_warn_at = tail["handling_warn_at"] = parse_time(p["warn_at"])
    if c.ack_due is not None or c.co_departments:
        tail["warn_at"] = yellow_from(
            handling_warn_at, c.ack_due, c.acknowledged_at, c.co_departments
        )
    return c.evolve(**tail)


def _dispatched_parties(c: CaseRecord, p: Mapping[str, Any], at: datetime, dept: str) -> CaseRecord:
    """派遣/改派: the lead owes a new 签收; the co-departments named (kept when a 改派
    names none) join the departments that see the case."""
    co = c.co_departments
    if "co_departments" in p:
        co = co_from_payload(p["co_departments"], at, c.co_departments)
    co = tuple(x for x in co if x.code != dept)
    seen = c.departments
    for code in (dept, *(x.code for x in co)):
        seen = seen if code in seen else (*seen, code)
    return c.evolve(
        co_departments=co,
        departments=seen,
        ack_due=parse_time(p.get("ack_due")),
        acknowledged_at=None,
    )


def _co_or_lead_progress(c: CaseRecord, a: Action, dept: str, at: datetime) -> CaseRecord:
    if a is Action.ACKNOWLEDGE and dept == c.department_code:
        return c.evolve(acknowledged_at=c.acknowledged_at or at)
    entry = co_entry(c.co_departments, dept)
    if entry is None:
        return c
    changes: dict[str, object] = {"acknowledged_at": entry.acknowledged_at or at}
    if a is Action.CO_FEEDBACK:
        changes["fed_back_at"] = at
    return c.evolve(co_departments=replace_entry(c.co_departments, dept, **changes))


def replay(events: Iterable[CaseEvent]) -> CaseRecord | None:
    """Rebuild a case from its events, in log order."""
    case: CaseRecord | None = None
    for event in events:
        case = apply_event(case, event)
    return case
