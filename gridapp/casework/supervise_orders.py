"""督办单: the reply deadline a 督办 gives the department holding the case.

The command staff choose how many working days the department has to answer
(督办回复), 1 by default; the deadline is counted on the working calendar where the
督办 is made and travels inside the event (``reply_due``), like handling deadlines,
so a replay never depends on today's calendar. A 督办 without ``reply_days`` is the
old kind: it asks for no reply.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import WorkCalendar
from gridapp.errors import ValidationError

DEFAULT_REPLY_DAYS = 1
REPLY_DAYS_CHOICES: tuple[int, ...] = (1, 2, 3, 5)
MAX_REPLY_DAYS = 10


def reply_due(calendar: WorkCalendar, start: datetime, days: int) -> datetime:
    """``days`` working days from ``start`` on the working calendar."""
    return calendar.deadline_for(start, days, TimeUnit.WORK_DAY)


def enrich_supervise(calendar: WorkCalendar, p: dict[str, Any], now: datetime) -> None:
    """Turn the chosen ``reply_days`` into ``reply_due``; refuse a nonsense choice."""
    if "reply_days" not in p or p["reply_days"] is None:
        p.pop("reply_days", None)
        p.pop("reply_due", None)
        return
    days = p["reply_days"]
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_REPLY_DAYS:
        raise ValidationError(
            "bad_field",
            f"回复期限须为 1–{MAX_REPLY_DAYS} 个工作日",
            field="reply_days",
            max_days=MAX_REPLY_DAYS,
        )
    p["reply_due"] = reply_due(calendar, now, days).isoformat(timespec="seconds")


def reply_late(due: datetime | None, replied_at: datetime | None, now: datetime) -> bool:
    """Late: answered after the deadline, or still unanswered once it has passed."""
    if due is None:
        return False
    return (replied_at or now) > due
