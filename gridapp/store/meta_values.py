"""Reading and writing one setting in the ``meta`` key/value table.

Many small settings (district limits, warning rules, the district base map, report
weights, request bounds) live there as one row each; these four functions are the
only way in, so "replace a setting" is one delete and one insert everywhere.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from gridapp.store.schema import meta


def meta_value(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()


def set_meta_value(conn: Connection, key: str, value: str | None) -> bool:
    """Replace the setting (``None`` removes it); True when there was one before."""
    existed = conn.execute(delete(meta).where(meta.c.key == key)).rowcount > 0
    if value is not None:
        conn.execute(insert(meta).values(key=key, value=value))
    return existed


def meta_json(conn: Connection, key: str) -> dict[str, Any]:
    """A setting holding a JSON object; {} when unset or damaged (the defaults apply)."""
    text = meta_value(conn, key)
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def set_meta_json(conn: Connection, key: str, value: dict[str, Any]) -> None:
    """Store a JSON object setting ({} removes it: the defaults apply again)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
    set_meta_value(conn, key, text)
