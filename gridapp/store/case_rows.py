"""Mapping between :class:`CaseRecord`/:class:`CaseEvent` and their table rows."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from gridapp.domain.actions import Action
from gridapp.domain.case import CASE_FIELDS, CaseRecord, CaseState, Source, Tier, Urgency
from gridapp.domain.co_handling import co_from_text, co_to_text, pending_codes_text
from gridapp.domain.events import CaseEvent
from gridapp.domain.roles import Role

_TUPLE_FIELDS = ("photos", "departments", "handle_photos", "check_photos")
_ENUMS: dict[str, type] = {
    "source": Source,
    "urgency": Urgency,
    "tier": Tier,
    "state": CaseState,
}


def record_to_row(rec: CaseRecord) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(rec, name) for name in CASE_FIELDS}
    for name in _TUPLE_FIELDS:
        row[name] = json.dumps(list(row[name])) if row[name] else "[]"  # dumps([]) == "[]"
    for name in _ENUMS:
        row[name] = row[name].value
    row["search_text"] = " ".join(
        (rec.number, rec.work_order or "", rec.address, rec.description)
    ).lower()
    row["co_departments"] = co_to_text(rec.co_departments)
    row["co_pending"] = pending_codes_text(rec.co_departments)
    return row


def row_to_record(row: Mapping[str, Any]) -> CaseRecord:
    values: dict[str, Any] = {name: row[name] for name in CASE_FIELDS}
    for name in _TUPLE_FIELDS:
        values[name] = tuple(json.loads(values[name] or "[]"))
    for name, enum in _ENUMS.items():
        values[name] = enum(values[name])
    values["co_departments"] = co_from_text(values["co_departments"])
    return CaseRecord(**values)


def row_to_event(row: Mapping[str, Any]) -> CaseEvent:
    return CaseEvent(
        id=row["id"],
        case_id=row["case_id"],
        action=Action(row["action"]),
        actor=row["actor"],
        role=Role(row["role"]),
        at=row["at_server"] or row["at_client"],
        payload=json.loads(row["payload"]),
    )
