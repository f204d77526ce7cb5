"""How far an approved 延期 (extension) may move a deadline.

An extension asked for (or approved) to 2200-01-01 took a case off every overdue
list for ever. The bound is a number of days from the moment of the decision:
180 by default, and the store's ``meta`` row ``max_extension_days`` overrides it
(set by the host's IT officer, or an admin route later). The same bound is shown
in the desktop's dialogs (``Workspace.extension_limit``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from gridapp.errors import ValidationError
from gridapp.store.schema import meta

DEFAULT_MAX_EXTENSION_DAYS = 180
MAX_EXTENSION_KEY = "max_extension_days"


def max_extension_days(conn: Connection) -> int:
    """The configured bound, or the default when unset or not a positive number."""
    raw = conn.execute(select(meta.c.value).where(meta.c.key == MAX_EXTENSION_KEY)).scalar()
    try:
        days = int(str(raw))
    except ValueError:
        return DEFAULT_MAX_EXTENSION_DAYS
    return days if 0 < days <= 3660 else DEFAULT_MAX_EXTENSION_DAYS


def latest_extension(now: datetime, days: int) -> datetime:
    return now + timedelta(days=days)


def check_extension(deadline: datetime, now: datetime, days: int) -> None:
    """Refuse a new deadline beyond the bound, with the latest one allowed."""
    latest = latest_extension(now, days)
    if deadline > latest:
        raise ValidationError(
            "deadline_too_far",
            f"延期不得超过 {days} 天（最晚 {latest:%Y-%m-%d %H:%M}）",
            field="deadline",
            max_days=days,
            latest=latest.isoformat(timespec="seconds"),
        )
