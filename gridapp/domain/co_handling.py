"""联动处置 and 签收: co-handling departments (协办) and acknowledging receipt.

A dispatch may name co-handling departments besides the lead (主办). Each gets its own
handling deadline and its own acknowledge-by time, both computed where the dispatch is
made and carried in the event (``co_departments`` in the payload), so a replay never
depends on today's calendar or settings. Each co-department feeds back on its own
(协办反馈); the lead's 处置反馈 needs every co-department's feedback in, or a note
explaining the missing ones.

签收: every party (lead and co) acknowledges a dispatch once. Until it does, the case
turns yellow at the acknowledge-by time (``ack_due``) even if the handling limit's 80 %
mark is still far off: the case's ``warn_at`` is the earlier of the two, so every
list, map, queue and notification that reads ``warn_at`` shows it without a rule of
its own. Acting on the case (处置反馈, 回退, 协办反馈) acknowledges it too: nobody
handles a case they have not received.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


def parse_time(value: object) -> datetime | None:
    """As gridapp.domain.events.parse_time (not imported: events imports the case)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


# The default acknowledge-by time: two working hours after the dispatch (an admin setting,
# meta ``ack_limit_hours``, sent in the reference snapshot).
DEFAULT_ACK_HOURS = 2.0
MAX_ACK_HOURS = 72.0
MAX_CO_DEPARTMENTS = 8
MAX_CO_LIMIT_DAYS = 30  # a 协办 limit of its own, in working days


@dataclass(frozen=True)
class CoDepartment:
    """One co-handling department of a case, with its own clock."""

    code: str
    deadline: datetime | None
    deadline_unit: str | None
    ack_due: datetime | None
    assigned_at: datetime | None = None
    acknowledged_at: datetime | None = None
    fed_back_at: datetime | None = None

    def evolve(self, **changes: object) -> CoDepartment:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def as_json(self) -> dict[str, Any]:
        """Times in full (microseconds kept): the stored row must equal a replay."""
        return {
            f.name: (v.isoformat() if isinstance(v, datetime) else v)
            for f in dataclasses.fields(self)
            for v in (getattr(self, f.name),)
        }


def co_from_payload(
    items: object, at: datetime, kept: Iterable[CoDepartment] = ()
) -> tuple[CoDepartment, ...]:
    """The co-departments a 派遣/改派 names; one already co-handling keeps its progress."""
    before = {c.code: c for c in kept}
    out: list[CoDepartment] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping) or not item.get("department_code"):
            continue
        code = str(item["department_code"])
        if code in before:
            out.append(before[code])
            continue
        out.append(
            CoDepartment(
                code=code,
                deadline=parse_time(item.get("deadline")),
                deadline_unit=item.get("deadline_unit") or None,
                ack_due=parse_time(item.get("ack_due")),
                assigned_at=at,
            )
        )
    return tuple(out)


def co_to_text(co: Iterable[CoDepartment]) -> str:
    return json.dumps([c.as_json() for c in co], ensure_ascii=False)


def co_from_text(text: str | None) -> tuple[CoDepartment, ...]:
    out = []
    for item in json.loads(text or "[]"):
        values = dict(item)
        for name in ("deadline", "ack_due", "assigned_at", "acknowledged_at", "fed_back_at"):
            values[name] = parse_time(values.get(name))
        out.append(CoDepartment(**values))
    return tuple(out)


def co_entry(co: Iterable[CoDepartment], code: str | None) -> CoDepartment | None:
    return next((c for c in co if c.code == code), None)


def replace_entry(
    co: Iterable[CoDepartment], code: str, **changes: object
) -> tuple[CoDepartment, ...]:
    return tuple(c.evolve(**changes) if c.code == code else c for c in co)


def missing_feedback(co: Iterable[CoDepartment]) -> tuple[str, ...]:
    """Codes of the co-departments that have not fed back yet."""
    return tuple(c.code for c in co if c.fed_back_at is None)


def pending_codes_text(co: Iterable[CoDepartment]) -> str:
    """ " D1 D2 ": the co-departments still owing feedback, for a LIKE in SQL queues."""
    codes = missing_feedback(co)
    return f" {' '.join(codes)} " if codes else ""


def yellow_from(
    handling_warn: datetime | None,
    lead_ack_due: datetime | None,
    lead_acknowledged: datetime | None,
    co: Iterable[CoDepartment],
) -> datetime | None:
    """When the case turns yellow: the 80 % mark, or earlier an acknowledge-by time passed
    by a party that has not acknowledged."""
    marks = [handling_warn] if handling_warn is not None else []
    if lead_ack_due is not None and lead_acknowledged is None:
        marks.append(lead_ack_due)
    marks += [c.ack_due for c in co if c.ack_due is not None and c.acknowledged_at is None]
    return min(marks) if marks else None
