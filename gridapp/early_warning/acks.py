"""Acknowledging or dismissing an early warning, with a note: kept per user, not synced.

Why not synced: a warning is not a record anyone made; each user's 预警 queue is
evaluated on their own store over their own scope (a town centre sees its town, the
district's supervisors the whole district, with different subjects and counts), so
there is no shared object to mark. The decision others must see is what the user does
about a warning: the 督办 or 专项整治 it becomes, which goes through the case event log,
the rules table and sync, and shows in every case's timeline. An acknowledgement only
clears the user's own queue — and a supervisor, whose job is to watch the centre, would
not want a shift lead's dismissal to hide a 高发 grid from them.

A warning stays handled only while it is about the same cases: when a new case joins it
(the same small class in the same grid again, another rework), it is open again, with
the earlier note shown. Stored in the user's settings (``ws.prefs``), like the
notifications' read marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from gridapp.early_warning.model import EarlyWarning
from gridapp.errors import ValidationError

ACKS_KEY = "warnings.acks"
MAX_NOTE = 500
KEEP = 1000  # newest acknowledgements kept per user


class AckState(StrEnum):
    ACKNOWLEDGED = "acknowledged"  # seen, being followed (已知悉)
    DISMISSED = "dismissed"  # judged not a problem (已排除): a note says why


@dataclass(frozen=True)
class WarningAck:
    key: str
    state: AckState
    note: str
    by: str
    at: datetime
    case_ids: frozenset[str]

    def covers(self, warning: EarlyWarning) -> bool:
        """True while the warning has no case the acknowledgement did not see."""
        return warning.key == self.key and set(warning.case_ids) <= self.case_ids

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "note": self.note,
            "by": self.by,
            "at": self.at.isoformat(timespec="seconds"),
            "case_ids": sorted(self.case_ids),
        }

    @classmethod
    def from_json(cls, key: str, data: dict[str, Any]) -> WarningAck:
        return cls(
            key=key,
            state=AckState(data["state"]),
            note=str(data.get("note", "")),
            by=str(data.get("by", "")),
            at=datetime.fromisoformat(data["at"]),
            case_ids=frozenset(str(c) for c in data.get("case_ids") or ()),
        )


def check_note(state: AckState, note: str) -> str:
    """The note, trimmed; a dismissal must say why; a note has a length limit."""
    text = (note or "").strip()
    if state is AckState.DISMISSED and not text:
        raise ValidationError("note_required", "排除预警须填写说明", field="note")
    if len(text) > MAX_NOTE:
        raise ValidationError(
            "note_too_long", f"说明不能超过 {MAX_NOTE} 字", field="note", max=MAX_NOTE
        )
    return text


def load_acks(raw: Any) -> dict[str, WarningAck]:
    out: dict[str, WarningAck] = {}
    if not isinstance(raw, dict):
        return out
    for key, data in raw.items():
        try:
            out[str(key)] = WarningAck.from_json(str(key), data)
        except (KeyError, ValueError, TypeError):
            continue  # a line from another version: dropped, not fatal
    return out


def dump_acks(acks: dict[str, WarningAck]) -> dict[str, Any]:
    newest = sorted(acks.values(), key=lambda a: a.at, reverse=True)[:KEEP]
    return {a.key: a.to_json() for a in newest}
