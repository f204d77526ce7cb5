"""The notification value and its kinds, stored per user as plain JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a notification is about; a user can mute each kind."""

    TASK = "task"  # a case entered one of the user's work queues
    URGE = "urge"  # 催办 received
    SUPERVISE = "supervise"  # 督办 received
    YELLOW = "yellow"  # one's own case reached 80 % of its limit (黄灯)
    RED = "red"  # one's own case passed its deadline (红灯)
    REFUSED = "refused"  # the sync service refused one of the user's events
    REPLY_SOON = "reply_soon"  # a 督办回复 the department owes is due within hours
    REPLY_LATE = "reply_late"  # a 督办回复 the department owes is past its deadline


@dataclass(frozen=True)
class Notification:
    """One line of the notification list.

    ``id`` is stable for the same occurrence (so a second check does not repeat it);
    ``queue`` is a work queue id (TASK), ``note`` free text from the event (a 催办's
    words, a refusal's reason). The UI words the line from ``kind`` and these fields.
    """

    id: str
    kind: Kind
    case_id: str
    case_number: str
    at: datetime
    queue: str = ""
    note: str = ""
    read: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["at"] = self.at.isoformat(timespec="seconds")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Notification:
        return cls(
            id=str(data["id"]),
            kind=Kind(data["kind"]),
            case_id=str(data.get("case_id", "")),
            case_number=str(data.get("case_number", "")),
            at=datetime.fromisoformat(data["at"]),
            queue=str(data.get("queue", "")),
            note=str(data.get("note", "")),
            read=bool(data.get("read", False)),
            extra=dict(data.get("extra") or {}),
        )
