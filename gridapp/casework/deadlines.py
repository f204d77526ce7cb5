"""Handling deadlines of a case from its category's staged time limits.

Computed where the action happens and written into the event, so the projection
and every later replay agree with what the user was shown at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from gridapp.domain.catalog import Category
from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import YELLOW_AT, WorkCalendar


@dataclass(frozen=True)
class StageDeadline:
    stage: str
    deadline: datetime
    unit: TimeUnit


@dataclass(frozen=True)
class HandlingDeadline:
    """The governing deadline (the latest stage), its 80% mark, and the milestones."""

    start: datetime
    deadline: datetime
    unit: TimeUnit
    warn_at: datetime
    stages: tuple[StageDeadline, ...]

    def payload(self) -> dict[str, str]:
        return {
            "deadline": self.deadline.isoformat(timespec="seconds"),
            "deadline_unit": self.unit.value,
            "warn_at": self.warn_at.isoformat(timespec="seconds"),
            "stages": [  # type: ignore[dict-item]
                {"stage": s.stage, "deadline": s.deadline.isoformat(timespec="seconds")}
                for s in self.stages
            ],
        }


def warn_mark(
    calendar: WorkCalendar, start: datetime, deadline: datetime, unit: TimeUnit
) -> datetime:
    """The moment 80% of the limit is used, measured the way the limit runs."""
    if unit.on_clock:
        return start + (deadline - start) * YELLOW_AT
    minutes = calendar.working_minutes_between(start, deadline)
    if minutes <= 0:
        return deadline
    return calendar.deadline_for(start, minutes * YELLOW_AT / 60.0, TimeUnit.WORK_HOUR)


def handling_deadline(
    calendar: WorkCalendar,
    category: Category,
    urgency: str,
    start: datetime,
    subclass: str | None = None,
) -> HandlingDeadline:
    """The limit from ``start`` by the class's stages, or its 细类's when the case has one."""
    stages = tuple(
        StageDeadline(s.stage, calendar.deadline_for(start, s.amount, s.unit), TimeUnit(s.unit))
        for s in category.stages_for(urgency, subclass)
    )
    last = max(stages, key=lambda s: s.deadline)
    return HandlingDeadline(
        start=start,
        deadline=last.deadline,
        unit=last.unit,
        warn_at=warn_mark(calendar, start, last.deadline, last.unit),
        stages=stages,
    )


def moved_deadline(
    calendar: WorkCalendar, start: datetime, new_deadline: datetime, unit: TimeUnit
) -> dict[str, str]:
    """Payload fields for an approved extension (延期): the original start is kept."""
    return {
        "deadline": new_deadline.isoformat(timespec="seconds"),
        "warn_at": warn_mark(calendar, start, new_deadline, unit).isoformat(timespec="seconds"),
    }
