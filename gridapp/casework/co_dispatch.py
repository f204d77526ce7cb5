"""What a dispatch site adds for 协办 and 签收: co-departments' deadlines, acknowledge-by times.

The user names the co-handling departments (``co_department_codes``) and, optionally, a
shorter limit for them in working days (``co_limit_days``); everything else is computed
here from the calendar and the admin's 签收 limit and travels in the event, like the
lead's deadline. The service (sync_push) runs this again with its own clock and settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from gridapp.casework.deadlines import HandlingDeadline
from gridapp.domain.case import CaseRecord
from gridapp.domain.co_handling import MAX_CO_DEPARTMENTS, MAX_CO_LIMIT_DAYS
from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import WorkCalendar
from gridapp.errors import DomainError, ValidationError
from gridapp.store.reference import DepartmentRecord


def ack_due(calendar: WorkCalendar, start: datetime, hours: float) -> str:
    """The acknowledge-by time: ``hours`` working hours after ``start``."""
    return calendar.deadline_for(start, hours, TimeUnit.WORK_HOUR).isoformat(timespec="seconds")


def _codes(value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("bad_field", "协办部门应为部门代码列表", field="co_department_codes")
    codes = list(dict.fromkeys(value))
    if len(codes) > MAX_CO_DEPARTMENTS:
        raise ValidationError(
            "too_many_co_departments",
            f"协办部门最多 {MAX_CO_DEPARTMENTS} 个",
            field="co_department_codes",
        )
    return codes


def _limit_days(value: object) -> int | None:
    if value is None or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_CO_LIMIT_DAYS:
        raise ValidationError(
            "bad_field", f"协办时限应为 1–{MAX_CO_LIMIT_DAYS} 个工作日", field="co_limit_days"
        )
    return value


def enrich_co_dispatch(
    p: dict[str, Any],
    case: CaseRecord,
    *,
    lead: str,
    allowed: Sequence[DepartmentRecord],
    calendar: WorkCalendar,
    limit: HandlingDeadline,
    ack_hours: float,
    now: datetime,
) -> None:
    """Fill ``ack_due`` and, when co-departments are named, ``co_departments`` into a
    派遣/改派 payload; refuse departments outside the centre's range or the lead itself."""
    p["ack_due"] = ack_due(calendar, now, ack_hours)
    if "co_department_codes" not in p and "co_limit_days" not in p:
        return
    # The user's keys stay in the payload: the service reads them again from a push.
    codes = _codes(p.get("co_department_codes"))
    days = _limit_days(p.get("co_limit_days"))
    allowed_codes = {d.code for d in allowed}
    entries = []
    for code in codes:
        if code == lead:
            raise DomainError("co_is_lead", "主办部门不能同时作为协办部门")
        if code not in allowed_codes:
            raise DomainError("department_not_allowed", "该协办部门不在本中心的派遣范围内")
        kept = next((c for c in case.co_departments if c.code == code), None)
        if kept is not None:
            entries.append({"department_code": code})  # keeps its clock and progress
            continue
        if days is not None:
            deadline = calendar.deadline_for(now, days, TimeUnit.WORK_DAY)
            unit = TimeUnit.WORK_DAY.value
        else:
            deadline, unit = limit.deadline, limit.unit.value
        entries.append(
            {
                "department_code": code,
                "deadline": deadline.isoformat(timespec="seconds"),
                "deadline_unit": unit,
                "ack_due": ack_due(calendar, now, ack_hours),
            }
        )
    p["co_departments"] = entries
