"""Category codes across catalog versions: which version an event's codes belong to.

Catalog version 1 used the demo's own codes; version 2 uses the national table
(GB/T 30428.2) plus the extension classes "21". The two code spaces overlap with
different meanings (010108 was 热力井盖 in version 1 and is 电视井盖 in version 2), so a
code alone is ambiguous. Every payload that names a category therefore says which
catalog its codes belong to, in the key ``catalog``; a payload without it was made by
version-1 software, which never wrote the key.

Codes are translated at two borders only: when the service accepts a pushed event
(``codes_as_current``) and when a store is migrated (Alembic revision 0006). Inside a
store every code is in the store's own catalog version, so replays, queries and
reports read codes as stored.

The map (``db/reference/category-codes-v1-v2.json``) gives each old code exactly one
new code and no two old codes the same one, so no past case changes meaning or count.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from gridapp.errors import ValidationError

CATALOG_KEY = "catalog"  # payload key: the catalog version the payload's codes belong to
CODE_MAP_FILE = (
    Path(__file__).resolve().parents[2] / "db" / "reference" / ("category-codes-v1-v2.json")
)
CODE_KEYS = ("category_code",)  # payload keys that hold a category code


@lru_cache(maxsize=1)
def v1_to_v2() -> Mapping[str, str]:
    """The reviewed map, old code → new code (one to one)."""
    data = json.loads(CODE_MAP_FILE.read_text(encoding="utf-8"))
    pairs = {row["old"]: row["new"] for row in data["classes"]}
    if len(set(pairs.values())) != len(pairs):
        raise ValueError(f"{CODE_MAP_FILE.name}: two old codes map to one new code")
    return pairs


def payload_version(payload: Mapping[str, Any]) -> int:
    """The catalog version of a payload's codes (absent: version 1)."""
    version = payload.get(CATALOG_KEY, 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError("bad_field", "分类目录版本无效", field=CATALOG_KEY)
    return version


def upgrade_code(code: str, version: int) -> str:
    """A code of catalog ``version`` as a code of version 2 (unknown codes unchanged)."""
    return v1_to_v2().get(code, code) if version == 1 else code


def codes_as_current(payload: Mapping[str, Any], current: int) -> dict[str, Any]:
    """The payload with its codes in catalog ``current`` and without the version key.

    Refuses a payload from a newer catalog than this program knows: its codes would be
    read with the wrong meanings.
    """
    version = payload_version(payload)
    if version > current:
        raise ValidationError(
            "catalog_too_new",
            f"事件使用的分类目录（版本{version}）比本系统（版本{current}）新，请先升级服务端",
            field=CATALOG_KEY,
        )
    out = {k: v for k, v in payload.items() if k != CATALOG_KEY}
    if current >= 2:
        for key in CODE_KEYS:
            if isinstance(out.get(key), str):
                out[key] = upgrade_code(out[key], version)
    return out


def stamp_version(payload: dict[str, Any], version: int) -> None:
    """Mark a payload that names a category with the catalog its codes belong to.

    Version 1 left no mark, and a version-1 catalog (as in the migration tests, which
    play old software) leaves none either.
    """
    if version >= 2 and any(payload.get(k) for k in CODE_KEYS):
        payload[CATALOG_KEY] = version
