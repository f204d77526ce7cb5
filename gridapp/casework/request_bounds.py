"""How far an approved 延期 (extension) or 挂账 (suspension) may reach.

An extension asked for (or approved) to 2200-01-01 took a case off every overdue
list for ever. Each kind has a bound in days from the moment of the decision: 180
for 延期 and 365 for 挂账 by default; the store's ``meta`` rows
``max_extension_days`` / ``max_suspension_days`` override them (set by the host's
IT officer). The same bound is shown in the desktop's dialogs
(``Workspace.extension_limit``).

A 挂账 approval carries its review date (挂账期限) as ``deadline``: the approver's,
or the latest the bound allows when they give none.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import Connection

from gridapp.errors import ValidationError
from gridapp.store.meta_values import meta_value

Kind = Literal["extension", "suspension"]
DEFAULT_MAX_DAYS: dict[Kind, int] = {"extension": 180, "suspension": 365}
META_KEY: dict[Kind, str] = {
    "extension": "max_extension_days",
    "suspension": "max_suspension_days",
}
LABEL: dict[Kind, str] = {"extension": "延期", "suspension": "挂账"}
DEFAULT_MAX_EXTENSION_DAYS = DEFAULT_MAX_DAYS["extension"]
MAX_EXTENSION_KEY = META_KEY["extension"]


def max_days(conn: Connection, kind: Kind) -> int:
    """The configured bound, or the default when unset or not a sensible number."""
    raw = meta_value(conn, META_KEY[kind])
    try:
        days = int(str(raw))
    except ValueError:
        return DEFAULT_MAX_DAYS[kind]
    return days if 0 < days <= 3660 else DEFAULT_MAX_DAYS[kind]


def max_extension_days(conn: Connection) -> int:
    return max_days(conn, "extension")


def latest_extension(now: datetime, days: int) -> datetime:
    return now + timedelta(days=days)


def check_bound(deadline: datetime, now: datetime, days: int, kind: Kind) -> None:
    """Refuse a deadline beyond the bound, saying the latest one allowed."""
    latest = now + timedelta(days=days)
    if deadline > latest:
        raise ValidationError(
            "deadline_too_far",
            f"{LABEL[kind]}不得超过 {days} 天（最晚 {latest:%Y-%m-%d %H:%M}）",
            field="deadline",
            max_days=days,
            latest=latest.isoformat(timespec="seconds"),
        )


def check_extension(deadline: datetime, now: datetime, days: int) -> None:
    check_bound(deadline, now, days, "extension")
