"""Hostile JSON for the property and fuzz tests of the service (hypothesis strategies)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from gridapp.casework.service import USER_KEYS
from gridapp.server.sync_push import DEFAULT_KEYS, REPORT_KEYS

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
# Every payload key the service reads (a report's, each action's, and photos).
PAYLOAD = sorted(REPORT_KEYS | DEFAULT_KEYS | set().union(*USER_KEYS.values()) | {"photos"})
PAYLOAD_FIELDS = st.sampled_from([f"payload.{k}" for k in PAYLOAD])
FIELDS = st.sampled_from(TOP) | PAYLOAD_FIELDS | st.just("*") | TEXT
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


# Values that broke the service before issue 10 (a 500 and the whole batch rolled back),
# drawn about half the time so that a short run meets them.
KILLERS = st.sampled_from(
    [
        "\ud800",
        "暴露\x00垃圾",
        "\x1b[2J",
        10**400,
        -(10**400),
        float("nan"),
        float("inf"),
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        ["\ud800"],
        {"\x00": 1},
        '<h1>【系统通知】</h1><img src="file:///etc/passwd">',
    ]
)
VALUES = KILLERS | JSON
