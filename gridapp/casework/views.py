"""Read models for the UI: a case with its names, timeline, deadline state and actions."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from gridapp.casework.duplicates import (
    SYSTEM_ACTOR,
    DuplicateHint,
    hint_from_events,
    visible_candidates,
)
from gridapp.domain.actions import Action, allowed_actions
from gridapp.domain.campaigns import with_campaign
from gridapp.domain.case import CaseRecord, CaseState
from gridapp.domain.catalog import Catalog, Category, Subclass
from gridapp.domain.events import readable
from gridapp.domain.roles import Actor, Role, mask_phone
from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import OverdueLevel, WorkCalendar
from gridapp.store.reference import ReferenceData


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: datetime
    original: datetime | None
    unit: TimeUnit
    level: OverdueLevel
    remaining: timedelta  # working time left (clock time for 紧急 limits)
    overdue: bool
    unconfirmed_years: tuple[int, ...]  # calendar years assumed to be plain weekdays


@dataclass(frozen=True)
class TimelineEntry:
    event_id: str
    at: datetime
    actor: str
    actor_name: str
    role: Role
    action: Action
    text: str  # the note or reason the user wrote
    photos: tuple[str, ...]
    status: str  # pending / accepted / rejected
    reject_reason: str | None
    payload: dict[str, Any]


@dataclass(frozen=True)
class CaseDetail:
    case: CaseRecord  # as this viewer may see it (phone masked where needed)
    category: Category | None
    street_name: str
    community_name: str
    grid_name: str
    department_name: str | None
    deadline: DeadlineStatus | None
    timeline: tuple[TimelineEntry, ...]
    actions: tuple[Action, ...]
    subclass: Subclass | None = None  # the case's 细类, with its own conditions
    duplicate: DuplicateHint | None = None  # the service's 疑似重复 flag, cut to the viewer
    # events a newer service wrote that this version cannot read: the timeline and the
    # case stop before the first, and no action is offered (it would rest on old state)
    unreadable: int = 0


def level_at(case: CaseRecord, now: datetime) -> OverdueLevel:
    """Yellow/red from the stored 80% mark and deadline: the same rule the SQL filter uses."""
    if case.state is not CaseState.DISPATCHED or case.deadline is None:
        return OverdueLevel.NONE
    if now > case.deadline:
        return OverdueLevel.RED
    if case.warn_at is not None and now >= case.warn_at:
        return OverdueLevel.YELLOW
    return OverdueLevel.NONE


def deadline_status(
    case: CaseRecord, calendar: WorkCalendar, now: datetime
) -> DeadlineStatus | None:
    if case.deadline is None or case.clock_start is None or case.deadline_unit is None:
        return None
    unit = TimeUnit(case.deadline_unit)
    running = case.state is CaseState.DISPATCHED
    level = (
        calendar.overdue_level(case.clock_start, case.deadline, now, unit)
        if running
        else OverdueLevel.NONE
    )
    return DeadlineStatus(
        deadline=case.deadline,
        original=case.deadline_original,
        unit=unit,
        level=level,
        remaining=calendar.remaining(case.deadline, now, unit),
        overdue=running and now > case.deadline,
        unconfirmed_years=tuple(calendar.unconfirmed_years(case.clock_start, case.deadline)),
    )


def timeline_entry(row: dict[str, Any], reference: ReferenceData) -> TimelineEntry | None:
    """The row as a timeline line; None when this version cannot read its action or role."""
    if not readable(row["action"], row["role"]):
        return None
    payload = json.loads(row["payload"])
    user = reference.users.get(row["actor"])
    return TimelineEntry(
        event_id=row["id"],
        at=row["at_server"] or row["at_client"],
        actor=row["actor"],
        actor_name=user.display_name if user else _actor_name(row["actor"], Role(row["role"])),
        role=Role(row["role"]),
        action=Action(row["action"]),
        text=with_campaign(
            str(payload.get("note") or payload.get("reason") or payload.get("description") or ""),
            payload,
        ),
        photos=tuple(payload.get("photos") or ()),
        status=row["status"],
        reject_reason=row["reject_reason"],
        payload=payload,
    )


def _actor_name(actor: str, role: Role) -> str:
    """Who did it when this laptop does not know the user: the service's own check, an
    Open311 client, or someone outside this user's reference list (a department's laptop
    does not hold the supervisors), named by role with the username to trace them."""
    if actor == SYSTEM_ACTOR:
        return "系统比对"
    if actor.startswith("open311:"):
        return actor.removeprefix("open311:")
    return f"{role.label_zh}（{actor}）"


def case_detail(
    case: CaseRecord,
    viewer: Actor,
    rows: list[dict[str, Any]],
    reference: ReferenceData,
    catalog: Catalog,
    now: datetime,
) -> CaseDetail:
    grid = reference.grids.get(case.grid_code)
    dept = reference.departments.get(case.department_code or "")
    category = catalog.get(case.category_code) if case.category_code in catalog else None
    entries = [timeline_entry(r, reference) for r in rows]
    unreadable = 0  # the first unreadable entry and every one after it
    if None in entries:
        cut = entries.index(None)
        entries, unreadable = entries[:cut], len(entries) - cut
    timeline = tuple(_cut_flag(e, viewer) for e in entries if e is not None)
    if not viewer.sees_phone_numbers:
        timeline = tuple(_mask_entry(t) for t in timeline)
    return CaseDetail(
        case=case.for_viewer(viewer),
        category=category,
        street_name=grid.street_name if grid else case.street_code,
        community_name=grid.community_name if grid else case.community_code,
        grid_name=grid.name if grid else case.grid_code,
        department_name=dept.name if dept else None,
        deadline=deadline_status(case, reference.calendar, now),
        timeline=timeline,
        actions=() if unreadable else tuple(allowed_actions(case, viewer)),
        subclass=_subclass_of(category, case.subclass),
        duplicate=hint_from_events(rows, viewer),
        unreadable=unreadable,
    )


def _cut_flag(entry: TimelineEntry, viewer: Actor) -> TimelineEntry:
    """A 疑似重复 entry names only the candidates the viewer may see."""
    if entry.action is not Action.FLAG_DUPLICATE:
        return entry
    payload = visible_candidates(entry.payload, viewer)
    return replace(entry, payload=payload, text=duplicate_text(payload))


def duplicate_text(payload: dict[str, Any]) -> str:
    """ "可能与 … 重复" in the words intake reads (numbers only of cases in their scope)."""
    numbers = "、".join(str(c.get("number") or "") for c in payload["candidates"])
    others = int(payload.get("others") or 0)
    parts = [f"可能与案卷 {numbers} 重复"] if numbers else []
    if others:
        parts.append(f"另有 {others} 件疑似重复案卷不在您的范围内")
    return "；".join(parts)


def _subclass_of(category: Category | None, code: str | None) -> Subclass | None:
    if category is None or not code:
        return None
    return next((s for s in category.subclasses if s.code == code), None)


def _mask_entry(entry: TimelineEntry) -> TimelineEntry:
    if "reporter_phone" not in entry.payload:
        return entry
    payload = dict(entry.payload)
    payload["reporter_phone"] = mask_phone(payload["reporter_phone"])
    return replace(entry, payload=payload)
