"""Mapping between :class:`CaseRecord`/:class:`CaseEvent` and their table rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any

from gridapp.domain.case import CASE_FIELDS, CaseRecord, CaseState, Source, Tier, Urgency
from gridapp.domain.co_handling import co_from_text, co_to_text, pending_codes_text
from gridapp.domain.events import CaseEvent, event_of

_TUPLE_FIELDS = ("photos", "departments", "handle_photos", "check_photos")
_ENUMS: dict[str, type] = {
    "source": Source,
    "urgency": Urgency,
    "tier": Tier,
    "state": CaseState,
}


_FIELDS_OF = attrgetter(*CASE_FIELDS)  # every field's value in one C call


def record_to_row(rec: CaseRecord) -> dict[str, Any]:
    row: dict[str, Any] = dict(zip(CASE_FIELDS, _FIELDS_OF(rec), strict=True))
    for name in _TUPLE_FIELDS:
        row[name] = list_text(row[name]) if row[name] else "[]"  # dumps([]) == "[]"
    for name, values in _VALUES.items():
        row[name] = values[row[name]]
    row["search_text"] = " ".join(
        (rec.number, rec.work_order or "", rec.address, rec.description)
    ).lower()
    co = rec.co_departments
    # what co_to_text and pending_codes_text give for none (most cases)
    row["co_departments"] = co_to_text(co) if co else "[]"
    row["co_pending"] = pending_codes_text(co) if co else ""
    return row


def list_text(items: Iterable[Any]) -> str:
    """``json.dumps(list(items))``: for strings that need no escape (photo digests,
    department codes: all of them, in practice) built directly, four times faster; a
    pull writes the lists of every case it touches."""
    items = tuple(items)
    if not items:
        return "[]"
    try:
        raw = "".join(items)
    except TypeError:  # not all strings
        return json.dumps(list(items))
    if raw.isascii() and raw.isprintable() and '"' not in raw and "\\" not in raw:
        return '["' + '", "'.join(items) + '"]'
    return json.dumps(list(items))


# member -> value: an enum's ``.value`` is a property, four a row
_VALUES: dict[str, dict[Any, Any]] = {
    name: {member: member.value for member in enum} for name, enum in _ENUMS.items()
}
# value -> member: a dict look-up instead of calling the enum (a pull reads thousands)
_MEMBERS: dict[str, dict[Any, Any]] = {
    name: {member.value: member for member in enum} for name, enum in _ENUMS.items()
}
_NONE = ("[]", "", None)  # a list column's stored forms of "nothing"


def row_to_record(row: Mapping[str, Any]) -> CaseRecord:
    values: dict[str, Any] = {name: row[name] for name in CASE_FIELDS}
    for name in _TUPLE_FIELDS:
        text = values[name]
        values[name] = () if text in _NONE else tuple(json.loads(text))
    for name, members in _MEMBERS.items():
        value = values[name]
        values[name] = members.get(value) or _ENUMS[name](value)
    co = values["co_departments"]
    values["co_departments"] = () if co in _NONE else co_from_text(co)
    return CaseRecord.of_fields(values)


def row_to_event(row: Mapping[str, Any]) -> CaseEvent | None:
    """The stored event; None when a newer service wrote an action or role unknown here."""
    return event_of(
        row["id"],
        row["case_id"],
        row["action"],
        row["actor"],
        row["role"],
        row["at_server"] or row["at_client"],
        json.loads(row["payload"]),
    )
