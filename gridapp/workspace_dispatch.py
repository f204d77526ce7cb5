"""What a 派遣/改派/延期 form shows before the action is taken: the suggested department,
the choices and the deadline the service will store.

Mixed into ``Workspace`` (the UI's one facade; ``self`` is the Workspace), kept apart so
the facade's own module stays about opening a store and working on cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from gridapp.casework.deadlines import handling_deadline
from gridapp.casework.request_bounds import latest_extension, max_days
from gridapp.casework.routing import departments_for, suggest_department
from gridapp.domain.case import CaseRecord
from gridapp.domain.units import TimeUnit
from gridapp.store.reference import DepartmentRecord


@dataclass(frozen=True)
class DeadlinePreview:
    """The handling limit an action taken now would get (what the service will store)."""

    start: datetime
    deadline: datetime
    warn_at: datetime  # the 80 % mark: yellow from here on
    unit: TimeUnit
    working_time: timedelta  # working time (clock time for 紧急 units) from start to deadline
    unconfirmed_years: tuple[int, ...]


@dataclass(frozen=True)
class DispatchPreview:
    """What a 派遣/改派 form shows: suggested department, the choices, the deadline."""

    suggested: DepartmentRecord | None
    departments: list[DepartmentRecord]
    deadline: DeadlinePreview


class WorkspaceDispatch:
    """The previews a dispatcher's forms show (the service computes the same on save)."""

    def extension_limit(self, kind: str = "extension") -> tuple[int, datetime]:
        """How many days a 延期 (or ``kind="suspension"``: a 挂账) may reach from now,
        and the latest deadline allowed now."""
        with self.service.reading() as conn:
            days = max_days(conn, "suspension" if kind == "suspension" else "extension")
        return days, latest_extension(self.clock(), days)

    def dispatch_options(
        self, case: str | CaseRecord
    ) -> tuple[DepartmentRecord | None, list[DepartmentRecord]]:
        """The suggested department and all the departments the centre may choose."""
        record = self.record(case) if isinstance(case, str) else case
        category = self.catalog.get(record.category_code)
        return (
            suggest_department(self.reference, category, record),
            departments_for(self.reference, record),
        )

    def deadline_preview(self, case: str | CaseRecord) -> DeadlinePreview:
        """The limit 派遣/改派/恢复/返工 would set if done now.

        Computed with the same ``handling_deadline`` the service calls in ``_enrich``,
        from the same clock, so the preview equals what the event stores.
        """
        record = self.record(case) if isinstance(case, str) else case
        category = self.catalog.get(record.category_code)
        calendar = self.reference.calendar
        now = self.clock()
        limit = handling_deadline(calendar, category, record.urgency, now, record.subclass)
        return DeadlinePreview(
            start=now,
            deadline=limit.deadline,
            warn_at=limit.warn_at,
            unit=limit.unit,
            working_time=calendar.remaining(limit.deadline, now, limit.unit),
            unconfirmed_years=tuple(calendar.unconfirmed_years(now, limit.deadline)),
        )

    def dispatch_preview(self, case: str | CaseRecord) -> DispatchPreview:
        """Suggested department, the allowed ones and the deadline a dispatch now gets."""
        record = self.record(case) if isinstance(case, str) else case
        suggested, departments = self.dispatch_options(record)
        return DispatchPreview(suggested, departments, self.deadline_preview(record))
