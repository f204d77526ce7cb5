"""``ws.supervision``: what the desktop shows about 督办单 and their replies.

The 督办 dialog previews the reply deadline of each choice on the working calendar
(the service computes it again when the 督办 is made); the case detail and the
timeline show the 督办 awaiting a reply with its deadline and whether it is late.
Kept apart from the Workspace so the facade only wires it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from gridapp.casework.supervise_orders import (
    DEFAULT_REPLY_DAYS,
    REPLY_DAYS_CHOICES,
    reply_due,
    reply_late,
)
from gridapp.domain.actions import Action
from gridapp.domain.case import CaseRecord
from gridapp.domain.events import parse_time

if TYPE_CHECKING:
    from gridapp.casework.views import TimelineEntry
    from gridapp.workspace import Workspace


@dataclass(frozen=True)
class OpenOrder:
    """The 督办 a case's department still owes a reply to."""

    due: datetime
    late: bool  # the deadline has passed without a reply


class Supervision:
    """督办单 helpers for one workspace (its calendar and clock)."""

    choices: tuple[int, ...] = REPLY_DAYS_CHOICES
    default_days: int = DEFAULT_REPLY_DAYS

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def reply_due_preview(self, days: int, start: datetime | None = None) -> datetime:
        """The reply deadline a 督办 made now (or at ``start``) with ``days`` would get."""
        return reply_due(self.ws.reference.calendar, start or self.ws.clock(), days)

    def open_order(self, case: CaseRecord) -> OpenOrder | None:
        if case.supervise_reply_due is None:
            return None
        due = case.supervise_reply_due
        return OpenOrder(due, reply_late(due, None, self.ws.clock()))

    def open_instructions(self, timeline: Sequence[TimelineEntry]) -> list[TimelineEntry]:
        """The 督办 with a reply deadline since the last 督办回复: what a reply answers."""
        open_: list[TimelineEntry] = []
        for entry in timeline:
            if entry.status == "rejected":
                continue
            if entry.action is Action.SUPERVISE and entry.payload.get("reply_due"):
                open_.append(entry)
            elif entry.action is Action.SUPERVISE_REPLY:
                open_ = []
        return open_

    def late_event_ids(self, timeline: Sequence[TimelineEntry]) -> frozenset[str]:
        """Events to flag in a timeline: a 督办回复 after the deadline it answered, and a
        督办 whose deadline passed with no reply yet. Old 督办 without one: never."""
        flagged: set[str] = set()
        open_: list[tuple[str, datetime]] = []
        for e in timeline:
            if e.status == "rejected":
                continue
            if e.action is Action.SUPERVISE and e.payload.get("reply_due"):
                due = parse_time(e.payload["reply_due"])
                if due is not None:
                    open_.append((e.event_id, due))
            elif e.action is Action.SUPERVISE_REPLY and open_:
                if any(e.at > due for _, due in open_):
                    flagged.add(e.event_id)
                open_ = []
        now = self.ws.clock()
        flagged.update(event_id for event_id, due in open_ if reply_late(due, None, now))
        return frozenset(flagged)
