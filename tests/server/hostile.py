"""Hostile JSON for the property and fuzz tests of the service (hypothesis strategies)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Every code point, surrogates and controls included (hypothesis leaves out Cs by default).
TEXT = st.text(st.characters(exclude_categories=()), max_size=12)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()  # NaN and ±inf included: json.dumps writes them as NaN/Infinity
    | TEXT
    | st.sampled_from(["\x00", "\ud800", "9999-12-31T23:59:59-14:00", "report", "<h1>x</h1>"])
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
TOP = ["id", "case_id", "action", "at_client", "payload", "resend", "actor"]
PAYLOAD = [
    "source",
    "category_code",
    "lon",
    "lat",
    "description",
    "address",
    "urgency",
    "reporter_name",
    "reporter_phone",
    "photos",
    "note",
    "reason",
    "result",
    "deadline",
    "department_code",
    "assignee",
    "into",
]
FIELDS = st.sampled_from(TOP + [f"payload.{k}" for k in PAYLOAD]) | st.just("*") | TEXT
ACTIONS = ["report", "handle", "check", "verify_report", "request_extension", "accept", "file"]


def hostile_event(base: dict[str, Any], field: str, value: Any) -> Any:
    """``base`` with ``value`` in ``field`` ("*": the whole event; "payload.k": a key)."""
    if field == "*":
        return value
    ev = json.loads(json.dumps(base))
    if field.startswith("payload."):
        ev["payload"][field.removeprefix("payload.")] = value
    else:
        ev[field] = value
    return ev
