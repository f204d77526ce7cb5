"""Possible duplicates across scopes (疑似重复), found by the service.

A laptop's duplicate warning sees only the cases its user holds. The service sees
every case: when a report lands there (a pushed report, an Open311 request, a 12345
work order through ``flag_duplicates``), the open cases of the same small class within
50 m reported in the 72 h before are written on the new case as one ``flag_duplicate``
event. The event names every candidate; what a user is shown of it is cut to their
scope (``visible_candidates``): a candidate they may see by its number, the others only
as a count. The count says "look wider" without telling where or what; the number of a
case outside the user's scope is not shown, since with it they could ask after a case
they have no business with. Merging is the existing 合并 action on the new case.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseRecord, CaseState
from gridapp.domain.coords import box_around, distance_m
from gridapp.domain.events import CaseEvent, EventStatus
from gridapp.domain.roles import Actor, Role
from gridapp.errors import GridappError
from gridapp.store import case_log
from gridapp.store.case_rows import row_to_record
from gridapp.store.schema import case_events, cases

log = logging.getLogger("gridapp.duplicates")
RADIUS_M = 50.0
WINDOW_HOURS = 72
MAX_CANDIDATES = 5
SYSTEM_ACTOR = "system"
FLAG_NAMESPACE = uuid.UUID("6f1b0f5e-3c55-4d7c-9d0e-2f4a1c5e8b11")


@dataclass(frozen=True)
class DuplicateHint:
    """What one user may see of a flag: candidates by id/number, and how many others."""

    candidates: tuple[dict[str, Any], ...]
    others: int


def nearby_open(
    conn: Connection,
    category_code: str,
    lon: float,
    lat: float,
    since: datetime,
    *,
    radius_m: float = RADIUS_M,
    exclude: str | None = None,
) -> list[tuple[float, CaseRecord]]:
    """Open cases of ``category_code`` reported since ``since`` within ``radius_m``,
    nearest first, whatever their scope (callers cut to scope)."""
    min_lon, min_lat, max_lon, max_lat = box_around(lon, lat, radius_m)
    open_states = [s.value for s in CaseState if not s.is_terminal]
    c = cases.c
    rows = conn.execute(
        select(cases).where(
            c.category_code == category_code,
            c.state.in_(open_states),
            c.reported_at >= since,
            c.lon.between(min_lon, max_lon),
            c.lat.between(min_lat, max_lat),
        )
    ).mappings()
    found = []
    for row in rows:
        record = row_to_record(row)
        if record.id == exclude:
            continue
        d = distance_m(lon, lat, record.lon, record.lat)
        if d <= radius_m:
            found.append((d, record))
    found.sort(key=lambda pair: (pair[0], pair[1].reported_at))
    return found


def flag_event_id(case_id: str) -> str:
    """The flag's id follows from its case: a report resent to a service restored from a
    backup is flagged again under the same id, so laptops holding the first one get it
    back (server truth wins) instead of keeping an event the service no longer has."""
    return str(uuid.uuid5(FLAG_NAMESPACE, case_id))


def flag_duplicates(conn: Connection, case_id: str, now: datetime) -> list[CaseRecord]:
    """Write a ``flag_duplicate`` event on ``case_id`` when open cases of its class lie
    near it; the candidates found (none: nothing written). Call it on the central store,
    in the transaction that stored the report."""
    found = _candidates(conn, case_id)
    if found is None:
        return []
    _write_flag(conn, *found, now)
    return [r for _, r in found[1]]


def _candidates(
    conn: Connection, case_id: str
) -> tuple[CaseRecord, list[tuple[float, CaseRecord]]] | None:
    """The case and its near open cases; None when there is nothing to flag. Reads only."""
    case = case_log.load_case(conn, case_id, for_update=True)
    if case is None or case.state.is_terminal:
        return None
    event_id = flag_event_id(case_id)
    if conn.execute(select(case_events.c.id).where(case_events.c.id == event_id)).first():
        return None  # flagged once already
    since = case.reported_at - timedelta(hours=WINDOW_HOURS)
    near = nearby_open(conn, case.category_code, case.lon, case.lat, since, exclude=case.id)
    near = [(d, r) for d, r in near if r.reported_at <= case.reported_at][:MAX_CANDIDATES]
    return (case, near) if near else None


def _write_flag(
    conn: Connection, case: CaseRecord, near: list[tuple[float, CaseRecord]], now: datetime
) -> None:
    payload = {
        "candidates": [
            {
                "case_id": r.id,
                "number": r.number,
                "street_code": r.street_code,
                "distance_m": round(d, 1),
            }
            for d, r in near
        ]
    }
    event = CaseEvent(
        id=flag_event_id(case.id),
        case_id=case.id,
        action=Action.FLAG_DUPLICATE,
        actor=SYSTEM_ACTOR,
        role=Role.ADMIN,
        at=now,
        payload=payload,
    )
    record = case.evolve(version=case.version + 1)
    case_log.append(conn, event, record, previous=case, status=EventStatus.ACCEPTED)


def flag_duplicates_quietly(conn: Connection, case_id: str, now: datetime) -> None:
    """``flag_duplicates`` whose writing is in a savepoint of its own: the flag is a hint,
    and a fault in it (logged by type, never the data) must not refuse the report it is
    about. The database failing still propagates, as for the report itself. The look for
    candidates only reads, so it needs no savepoint (two round trips less per report)."""
    try:
        found = _candidates(conn, case_id)
        if found is not None:
            with conn.begin_nested():
                _write_flag(conn, *found, now)
    except (GridappError, ArithmeticError, LookupError, TypeError, ValueError) as exc:
        log.error("duplicate check of case %s failed: %s", case_id, type(exc).__name__)


def _may_see_street(actor: Actor, street_code: object) -> bool:
    """The part of ``can_see`` a flag can decide: command staff by street, district-wide
    staff and supervisors everything; officers and departments get counts only (they
    neither file nor merge)."""
    if actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    if not actor.role.is_command_staff:
        return False
    return actor.street_code is None or actor.street_code == street_code


def visible_candidates(payload: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """The flag's payload as ``actor`` may receive it (the pull sends this)."""
    raw = payload.get("candidates")
    given = [c for c in raw if isinstance(c, dict)] if isinstance(raw, list) else []
    shown = [c for c in given if _may_see_street(actor, c.get("street_code"))]
    hidden = len(given) - len(shown) + int(payload.get("others") or 0)
    return {"candidates": shown, "others": hidden}


def hint_from_events(rows: list[dict[str, Any]], actor: Actor) -> DuplicateHint | None:
    """The latest flag of a case's event rows (oldest first) as ``actor`` may see it."""
    flags = [r for r in rows if r["action"] == Action.FLAG_DUPLICATE.value]
    if not flags:
        return None
    payload = flags[-1]["payload"]
    payload = json.loads(payload) if isinstance(payload, str) else dict(payload)
    seen = visible_candidates(payload, actor)
    return DuplicateHint(tuple(seen["candidates"]), int(seen["others"]))
