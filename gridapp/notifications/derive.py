"""The rules: which events and deadline crossings are news for one user.

Everything is read from the local store, so a laptop offline still warns of its own
cases turning yellow and red: the deadline and the 80 % mark (``warn_at``) are stored
on the case, computed with the working calendar when the limit was set.

A watermark says what the user has already been told about: the last event row
(``n``, local append order: pulled and local events alike) and the clock time of the
last check (deadline marks crossed after it are new).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, func, or_, select

from gridapp.domain.actions import Action
from gridapp.domain.events import EventStatus
from gridapp.domain.roles import Actor, Role
from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import OverdueLevel, WorkCalendar
from gridapp.notifications.model import Kind, Notification
from gridapp.queues import WARNED, queues_for
from gridapp.store.case_queries import CaseQuery, filter_conditions
from gridapp.store.schema import case_events, cases

# The queues that are work waiting for the user (not boards or lists to look at),
# most specific first: a case in two of them is announced under the first.
TASK_QUEUES: tuple[str, ...] = (
    "rework",
    "my_tasks",
    "verify_tasks",
    "check_tasks",
    "inbox",
    "to_verify",
    "not_confirmed",
    "to_file",
    "to_close",
    "to_call_back",
    "to_dispatch",
    "returned",
    "extension_requests",
    "suspension_requests",
)
# Actions that never move a case into a queue (the case stays where it was).
NOT_MOVING = frozenset(
    {Action.URGE, Action.SUPERVISE, Action.APPROVE_EXTENSION, Action.DENY_EXTENSION}
)
RECEIVED = {Action.URGE.value: Kind.URGE, Action.SUPERVISE.value: Kind.SUPERVISE}
CHUNK = 500
# A 督办回复 is "due soon" in its last two working hours (a one-day reply: about 75 % used).
REPLY_SOON_LEFT = timedelta(hours=2)


@dataclass(frozen=True)
class Watermark:
    """What the user was last told about: event rows up to ``seen_n``, time ``checked_at``."""

    seen_n: int
    checked_at: datetime


@dataclass(frozen=True)
class NewEvent:
    n: int
    case_id: str
    action: str
    actor: str
    at: datetime
    note: str


def last_event_n(conn: Connection) -> int:
    return int(conn.execute(select(func.max(case_events.c.n))).scalar() or 0)


def events_after(conn: Connection, seen_n: int, actor: Actor) -> list[NewEvent]:
    """Events newer than ``seen_n`` done by somebody else (refused ones are no news)."""
    e = case_events.c
    rows = conn.execute(
        select(e.n, e.case_id, e.action, e.actor, e.at_client, e.at_server, e.payload)
        .where(
            e.n > seen_n,
            e.actor != actor.username,
            e.status != EventStatus.REJECTED.value,
        )
        .order_by(e.n)
    )
    out = []
    for r in rows:
        try:
            note = str(json.loads(r.payload or "{}").get("note") or "")
        except (ValueError, AttributeError):
            note = ""
        out.append(NewEvent(r.n, r.case_id, r.action, r.actor, r.at_server or r.at_client, note))
    return out


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _matching(
    conn: Connection, query: CaseQuery, actor: Actor, now: datetime, ids: Sequence[str]
) -> dict[str, str]:
    """Case id → number of the cases among ``ids`` that ``query`` lists for ``actor``."""
    c = cases.c
    found: dict[str, str] = {}
    for part in _chunks(ids):
        stmt = select(c.id, c.number).where(*filter_conditions(query, actor, now), c.id.in_(part))
        found.update({r.id: r.number for r in conn.execute(stmt)})
    return found


def new_tasks(
    conn: Connection, actor: Actor, events: Sequence[NewEvent], now: datetime
) -> list[Notification]:
    """Cases that somebody else's new event put into one of the user's work queues.

    Membership is read from the same queue queries the desktop lists, so a
    notification names a queue the case really is in now.
    """
    latest: dict[str, NewEvent] = {}
    for ev in events:
        if ev.action not in NOT_MOVING:  # StrEnum members equal their codes
            latest[ev.case_id] = ev
    if not latest:
        return []
    by_id = {q.id: q for q in queues_for(actor)}
    ids = sorted(latest)
    announced: set[str] = set()
    out: list[Notification] = []
    for queue_id in TASK_QUEUES:
        queue = by_id.get(queue_id)
        if queue is None:
            continue
        for case_id, number in sorted(_matching(conn, queue.query, actor, now, ids).items()):
            if case_id in announced:
                continue
            announced.add(case_id)
            ev = latest[case_id]
            out.append(
                Notification(
                    id=f"task:{queue_id}:{case_id}:{ev.n}",
                    kind=Kind.TASK,
                    case_id=case_id,
                    case_number=number,
                    at=ev.at,
                    queue=queue_id,
                    extra={"action": ev.action},
                )
            )
    return out


def received(
    conn: Connection, actor: Actor, events: Sequence[NewEvent], now: datetime
) -> list[Notification]:
    """催办 and 督办 on the cases the user's department holds now."""
    if actor.role is not Role.DEPARTMENT or not actor.department_code:
        return []
    wanted = [ev for ev in events if ev.action in RECEIVED]
    if not wanted:
        return []
    mine = CaseQuery(department_code=actor.department_code)
    held = _matching(conn, mine, actor, now, sorted({ev.case_id for ev in wanted}))
    return [
        Notification(
            id=f"{ev.action}:{ev.n}",
            kind=RECEIVED[ev.action],
            case_id=ev.case_id,
            case_number=held[ev.case_id],
            at=ev.at,
            note=ev.note,
            extra={"by": ev.actor},
        )
        for ev in wanted
        if ev.case_id in held
    ]


def own_cases(actor: Actor) -> CaseQuery | None:
    """The cases whose deadlines are the user's own concern, or None for none.

    A department: the cases it holds; dispatchers and shift leads: their centre's
    overdue board; a supervisor: the cases under 督办. Officers, the intake desk and
    administrators hold no handling limits of their own.
    """
    if actor.role is Role.SUPERVISOR:
        return CaseQuery(supervised=True, overdue_levels=WARNED)
    if actor.role in (Role.DEPARTMENT, Role.DISPATCHER, Role.SHIFT_LEAD):
        board = {q.id: q for q in queues_for(actor)}.get("overdue")
        return None if board is None else replace(board.query, overdue_levels=WARNED)
    return None


def deadline_crossings(
    conn: Connection, actor: Actor, since: datetime, now: datetime
) -> list[Notification]:
    """Own running cases that turned yellow (``warn_at``) or red (``deadline``) in
    ``(since, now]``; a case that passed both marks in the window is only red."""
    query = own_cases(actor)
    if query is None or now <= since:
        return []
    c = cases.c
    window = or_(
        and_(c.warn_at > since, c.warn_at <= now),
        and_(c.deadline >= since, c.deadline < now),
    )
    stmt = select(c.id, c.number, c.warn_at, c.deadline).where(
        *filter_conditions(query, actor, now), window
    )
    out = []
    for r in conn.execute(stmt.order_by(c.deadline, c.id)):
        if since <= r.deadline < now:
            level, at = OverdueLevel.RED, r.deadline
        else:
            level, at = OverdueLevel.YELLOW, r.warn_at
        kind = Kind.RED if level is OverdueLevel.RED else Kind.YELLOW
        out.append(
            Notification(
                id=f"{kind.value}:{r.id}:{r.deadline.isoformat(timespec='seconds')}",
                kind=kind,
                case_id=r.id,
                case_number=r.number,
                at=at,
                extra={"deadline": r.deadline.isoformat(timespec="seconds")},
            )
        )
    return out


def refused_events(conn: Connection, actor: Actor, now: datetime) -> list[Notification]:
    """The user's own events the sync service refused (all of them; the caller keeps
    the ones it has already announced). Dated ``now``: when the user learns of it."""
    e, c = case_events.c, cases.c
    stmt = (
        select(e.id, e.case_id, e.action, e.reject_code, e.reject_reason, c.number)
        .select_from(case_events.outerjoin(cases, cases.c.id == e.case_id))
        .where(e.status == EventStatus.REJECTED.value, e.actor == actor.username)
        .order_by(e.n)
    )
    return [
        Notification(
            id=f"refused:{r.id}",
            kind=Kind.REFUSED,
            case_id=r.case_id,
            case_number=r.number or "",
            at=now,
            note=r.reject_reason or "",
            extra={"action": r.action, "code": r.reject_code or ""},
        )
        for r in conn.execute(stmt)
    ]


def reply_deadlines(
    conn: Connection, actor: Actor, calendar: WorkCalendar, now: datetime
) -> list[Notification]:
    """督办回复 the user's department still owes, due within ``REPLY_SOON_LEFT`` of working
    time (REPLY_SOON) or past due (REPLY_LATE).

    Read from the case as it is now (``supervise_reply_due`` is cleared by the reply), not
    from a window of events: a reply owed is never "the past", so even the first check
    after a first pull tells of it. The id holds the deadline, so each deadline is told
    once per mark and a new 督办 with a new deadline is told again.
    """
    if actor.role is not Role.DEPARTMENT or not actor.department_code:
        return []
    c = cases.c
    mine = CaseQuery(department_code=actor.department_code, reply_owed=True)
    stmt = select(c.id, c.number, c.supervise_reply_due).where(*filter_conditions(mine, actor, now))
    out = []
    for r in conn.execute(stmt.order_by(c.supervise_reply_due, c.id)):
        due: datetime = r.supervise_reply_due
        if now > due:
            kind, at = Kind.REPLY_LATE, due
        elif calendar.remaining(due, now, TimeUnit.WORK_HOUR) <= REPLY_SOON_LEFT:
            kind, at = Kind.REPLY_SOON, now
        else:
            continue
        out.append(
            Notification(
                id=f"{kind.value}:{r.id}:{due.isoformat(timespec='seconds')}",
                kind=kind,
                case_id=r.id,
                case_number=r.number,
                at=at,
                extra={"reply_due": due.isoformat(timespec="seconds")},
            )
        )
    return out
