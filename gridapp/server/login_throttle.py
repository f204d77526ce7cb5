"""Login throttling with growing delays, never a lockout anyone can trigger.

An account is never locked as such: failures count per (account, client address)
and per client address (OWASP Authentication Cheat Sheet), so a stranger guessing
the duty shift lead's password slows down only their own address, and the shift
lead on their own computer still gets in. After ``login_throttle_after`` failures
of a pair (``login_throttle_ip_after`` from one address, any account), each
further attempt must wait ``base * 2**k`` seconds after the last failure, up to
``login_throttle_cap_s``; an attempt made too early is refused with 429 and
Retry-After (code ``locked_out``, which clients already treat as "try later,
not offline"), audited as ``login_throttled`` and not counted as a failure.

The counters are the ``login_failed`` rows of ``audit_log`` (a wrong old password
on a password change is one too), so every service process on a shared database
agrees without a table of its own. A successful login resets the pair's count,
not the address's (an attacker with one valid account cannot reset spraying).
An unknown username is counted like a known one: the answer tells nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, and_, func, select

from gridapp.server.settings import ServerSettings
from gridapp.store.schema import audit_log

FAILED = "login_failed"
THROTTLED = "login_throttled"
MAX_DOUBLINGS = 30  # 2**30 times any base is past any sane cap: no float overflow


@dataclass(frozen=True)
class Throttle:
    """Why and for how long an attempt must wait."""

    retry_after: int  # seconds, >= 1
    scope: str  # "account_ip" or "ip"
    failures: int


def _ip_is(ip: str | None) -> ColumnElement[bool]:
    return audit_log.c.ip == ip[:64] if ip else audit_log.c.ip.is_(None)


def _failures(conn: Connection, cond: ColumnElement[bool]) -> tuple[int, datetime | None]:
    row = conn.execute(
        select(func.count(), func.max(audit_log.c.at)).where(
            and_(audit_log.c.action == FAILED, cond)
        )
    ).one()
    return int(row[0] or 0), row[1]


def delay_s(settings: ServerSettings, failures: int, after: int) -> float:
    """The wait after ``failures`` failures once ``after`` of them were allowed freely."""
    if after <= 0 or failures < after:
        return 0.0
    doublings = min(failures - after, MAX_DOUBLINGS)
    return float(min(settings.login_throttle_cap_s, settings.login_throttle_base_s * 2**doublings))


def _wait(
    settings: ServerSettings, now: datetime, count: int, last: datetime | None, after: int
) -> int:
    delay = delay_s(settings, count, after)
    if not delay or last is None:
        return 0
    remaining = (last + timedelta(seconds=delay) - now).total_seconds()
    return max(1, math.ceil(remaining)) if remaining > 0 else 0


def throttle_for(
    conn: Connection, settings: ServerSettings, username: str, ip: str | None, now: datetime
) -> Throttle | None:
    """The throttle an attempt for ``username`` from ``ip`` meets now, if any."""
    since = now - timedelta(seconds=settings.login_throttle_window_s)
    user = username[:64]
    last_ok = conn.execute(
        select(func.max(audit_log.c.id)).where(
            and_(audit_log.c.username == user, audit_log.c.action == "login_ok", _ip_is(ip))
        )
    ).scalar()
    pair_count, pair_last = _failures(
        conn,
        and_(
            audit_log.c.username == user,
            _ip_is(ip),
            audit_log.c.at > since,
            audit_log.c.id > (last_ok or 0),
        ),
    )
    ip_count, ip_last = _failures(conn, and_(_ip_is(ip), audit_log.c.at > since))
    candidates = [
        Throttle(
            _wait(settings, now, pair_count, pair_last, settings.login_throttle_after),
            "account_ip",
            pair_count,
        ),
        Throttle(
            _wait(settings, now, ip_count, ip_last, settings.login_throttle_ip_after),
            "ip",
            ip_count,
        ),
    ]
    worst = max(candidates, key=lambda t: t.retry_after)
    return worst if worst.retry_after > 0 else None
