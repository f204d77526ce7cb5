"""JSON forms of core values that travel in the sync protocol."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import datetime
from enum import Enum
from typing import Any

from gridapp.domain.case import CaseRecord
from gridapp.domain.events import dumps_payload


def record_to_json(record: CaseRecord) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, datetime):
            value = value.isoformat(timespec="seconds")
        elif isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def event_digest(case_id: str, action: str, payload: dict[str, Any]) -> str:
    """What makes two sends of one event "the same": id clashes with another digest conflict."""
    canonical = json.dumps(
        {"case_id": case_id, "action": action, "payload": json.loads(dumps_payload(payload))},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
