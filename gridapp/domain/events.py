"""Case events: the append-only log that is the source of truth for every case."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import msgspec

from gridapp.domain.actions import Action
from gridapp.domain.roles import Role


class EventStatus(StrEnum):
    PENDING = "pending"  # recorded here, not yet accepted by the central store
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # refused by the central store, kept with its reason
    RESEND = "resend"  # accepted once, by a central store since restored: send again


@dataclass(frozen=True)
class CaseEvent:
    """One thing that happened to a case. ``at`` is when it counts (server time once synced)."""

    id: str
    case_id: str
    action: Action
    actor: str
    role: Role
    at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)

    def payload_json(self) -> str:
        return dumps_payload(self.payload)


_ACTIONS = {a.value: a for a in Action}
_ROLES = {r.value: r for r in Role}


def readable(action: str, role: str) -> bool:
    """This version knows the event's action and role (``event_of`` gives it)."""
    return action in _ACTIONS and role in _ROLES


def event_of(
    event_id: str,
    case_id: str,
    action: str,
    actor: str,
    role: str,
    at: datetime,
    payload: Mapping[str, Any],
) -> CaseEvent | None:
    """A stored or pulled event as this version reads it; None when its action or role
    is one this version does not know (a newer service wrote it). The caller keeps the
    row and stops folding the case there, so one such event never blocks the others."""
    known_action = _ACTIONS.get(action)
    known_role = _ROLES.get(role)
    if known_action is None or known_role is None:
        return None
    # what CaseEvent(...) makes, without the frozen ``__init__``'s seven
    # ``object.__setattr__`` calls: a pull reads every event it applies through here
    event = object.__new__(CaseEvent)
    event.__dict__.update(
        id=event_id, case_id=case_id, action=known_action, actor=actor, role=known_role,
        at=at, payload=payload,
    )  # fmt: skip
    return event


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps_payload(payload: Mapping[str, Any]) -> str:
    """Canonical JSON (sorted keys) so that the same event always has the same bytes."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=_default)


def loads_payload(text: str) -> Any:
    """A stored payload parsed: msgspec reads JSON about twice as fast as ``json.loads``,
    which still reads what msgspec refuses (``NaN``, an escaped lone surrogate, a number
    out of a double's range): a payload the log holds must never stop a page or a fold.
    Where both read a text they give the same value."""
    try:
        return msgspec.json.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return json.loads(text)


def parse_time(value: object) -> datetime | None:
    """Payload times travel as ISO strings; the projection wants datetimes."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
