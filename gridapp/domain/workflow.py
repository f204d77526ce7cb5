"""Applying events to cases: the pure heart of the closed loop.

``decide`` checks an action (rules, payload) and makes the event; ``apply_event``
folds an event into the case record. Replaying a case's accepted events through
``apply_event`` always gives the stored projection: the store relies on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gridapp.domain.actions import Action, authorize
from gridapp.domain.case import CaseRecord, CaseState, Source, Tier, Urgency
from gridapp.domain.events import CaseEvent, parse_time
from gridapp.domain.roles import Actor, Role
from gridapp.errors import DomainError, ValidationError

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
}
_CHECK_FAIL_REQUIRED = _DEADLINE


def check_payload(action: Action, payload: Mapping[str, Any]) -> None:
    """Refuse a payload that lacks what the action needs, naming the missing field."""
    required = list(REQUIRED.get(action, ()))
    if action is Action.CHECK and payload.get("result") is False:
        required += _CHECK_FAIL_REQUIRED
    for name in required:
        value = payload.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValidationError(
                "missing_field", f"缺少必填项：{name}", action=action.value, field=name
            )
    for name in ("result",):
        if name in payload and not isinstance(payload[name], bool):
            raise ValidationError("bad_field", f"{name} 必须是是/否", field=name)


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
    return apply_event(case, event)


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


def _created(event: CaseEvent) -> CaseRecord:
    p = event.payload
    return CaseRecord(
        id=event.case_id,
        number=str(p["number"]),
        number_provisional=bool(p.get("number_provisional", True)),
        source=Source(p["source"]),
        category_code=str(p["category_code"]),
        urgency=Urgency(p["urgency"]),
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
        reported_by=event.actor,
        reported_at=event.at,
        tier=Tier(p["tier"]),
        town_centre=bool(p.get("town_centre", False)),
        state=CaseState.REPORTED,
    )


def apply_event(case: CaseRecord | None, event: CaseEvent) -> CaseRecord:
    """Fold one event into the record (no checks: ``decide`` did them)."""
    p, at, a = event.payload, event.at, event.action
    if a is Action.REPORT:
        return _created(event).evolve(updated_at=at, version=1)
    if case is None:
        raise DomainError("broken_history", "案卷历史不完整：缺少上报事件", event_id=event.id)
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
                urgency=Urgency(p.get("urgency") or c.urgency),
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
            c = c.evolve(
                state=S.DISPATCHED,
                department_code=dept,
                returned_by=None,
                departments=c.departments if dept in c.departments else (*c.departments, dept),
                dispatch_count=c.dispatch_count + 1,
                dispatched_at=at,
                pending_request=None,
                requested_deadline=None,
                deadline_original=fields["deadline"] if first else c.deadline_original,
                **fields,
            )
        case Action.RETURN:
            c = c.evolve(
                state=S.FILED,
                department_code=None,
                returned_by=c.department_code,
                return_count=c.return_count + 1,
                pending_request=None,
                requested_deadline=None,
            )
        case Action.HANDLE:
            c = c.evolve(
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
            c = c.evolve(supervise_count=c.supervise_count + 1)
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
    return c.evolve(updated_at=at, version=c.version + 1)


def replay(events: Iterable[CaseEvent]) -> CaseRecord | None:
    """Rebuild a case from its events, in log order."""
    case: CaseRecord | None = None
    for event in events:
        case = apply_event(case, event)
    return case
