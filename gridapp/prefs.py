"""Per-user preferences kept in the local store: saved filters and small UI settings.

They live in the store (table ``user_settings``), not in QSettings, because a
laptop is often shared by the officers of a shift: each user finds their own
filters after logging in, and none of them sees another's. Nothing here is synced.

A saved filter is a :class:`CaseQuery` written as JSON: enums by value, datetimes
in ISO form, tuples as lists; reading it back rebuilds the same value from the
dataclass's field types, so a field added to CaseQuery later round-trips too.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, insert, select, update

from gridapp.errors import ValidationError
from gridapp.store.case_queries import CaseQuery
from gridapp.store.schema import user_settings

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

FILTER_PREFIX = "filter:"
MAX_NAME = 120


# -- CaseQuery <-> JSON ---------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def query_to_json(query: CaseQuery) -> str:
    """The query as JSON text (only fields that differ from the defaults)."""
    default = CaseQuery()
    data = {
        f.name: _plain(getattr(query, f.name))
        for f in dataclasses.fields(CaseQuery)
        if getattr(query, f.name) != getattr(default, f.name)
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _typed(hint: Any, value: Any) -> Any:
    """``value`` (from JSON) as the type ``hint`` says; unknown shapes pass through."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            if arg is type(None):
                continue
            try:
                return _typed(arg, value)
            except (TypeError, ValueError):
                continue
        return value
    if origin is tuple:
        args = typing.get_args(hint)
        item = args[0] if args else Any
        return tuple(_typed(item, v) for v in value)
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return hint(value)
        if hint is datetime:
            return datetime.fromisoformat(value)
        if hint is date:
            return date.fromisoformat(value)
        if hint in (int, float, str, bool) and not isinstance(value, hint):
            raise TypeError(f"{value!r} is not {hint.__name__}")
    return value


def query_from_json(text: str) -> CaseQuery:
    """Rebuild a query saved by :func:`query_to_json`; fields CaseQuery no longer has are
    dropped (an old saved filter still opens after the query grew or shrank)."""
    data = json.loads(text)
    hints = typing.get_type_hints(CaseQuery)
    known = {f.name for f in dataclasses.fields(CaseQuery)}
    kwargs = {k: _typed(hints[k], v) for k, v in data.items() if k in known}
    return CaseQuery(**kwargs)


# -- the store ---------------------------------------------------------------------------


class Preferences:
    """The acting user's settings (``ws.user``); every call reads or writes the store."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    @property
    def _user(self) -> str:
        return self.ws.user.username

    # settings by key

    def get(self, key: str, default: Any = None) -> Any:
        """The JSON value saved under ``key`` for this user, or ``default``."""
        t = user_settings.c
        with self.ws.db.read() as conn:
            row = conn.execute(
                select(t.value).where(and_(t.username == self._user, t.key == key))
            ).first()
        return default if row is None else json.loads(row.value)

    def set(self, key: str, value: Any) -> None:
        """Save a JSON-able value (column widths, last queue…) for this user."""
        self._put(key, json.dumps(_plain(value), ensure_ascii=False))

    def remove(self, key: str) -> bool:
        t = user_settings.c
        with self.ws.db.write() as conn:
            done = conn.execute(
                delete(user_settings).where(and_(t.username == self._user, t.key == key))
            )
        return bool(done.rowcount)

    def _put(self, key: str, text: str) -> None:
        t = user_settings.c
        user, now = self._user, self.ws.clock()
        where = and_(t.username == user, t.key == key)
        with self.ws.db.write() as conn:
            done = conn.execute(
                update(user_settings).where(where).values(value=text, updated_at=now)
            )
            if not done.rowcount:
                conn.execute(
                    insert(user_settings).values(username=user, key=key, value=text, updated_at=now)
                )

    # saved filters

    def save(self, name: str, query: CaseQuery) -> None:
        """Save (or overwrite) a named filter; paging is not part of a filter."""
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise ValidationError("bad_field", f"筛选名称须为1至{MAX_NAME}个字符", field="name")
        clean = dataclasses.replace(query, offset=0, after=None)
        self._put(FILTER_PREFIX + name, query_to_json(clean))

    def list(self) -> list[str]:
        """This user's saved filter names, sorted."""
        t = user_settings.c
        with self.ws.db.read() as conn:
            rows = conn.execute(
                select(t.key)
                .where(and_(t.username == self._user, t.key.startswith(FILTER_PREFIX)))
                .order_by(t.key)
            )
            return [r.key[len(FILTER_PREFIX) :] for r in rows]

    def load(self, name: str) -> CaseQuery | None:
        t = user_settings.c
        key = FILTER_PREFIX + name.strip()
        with self.ws.db.read() as conn:
            row = conn.execute(
                select(t.value).where(and_(t.username == self._user, t.key == key))
            ).first()
        return None if row is None else query_from_json(row.value)

    def delete(self, name: str) -> bool:
        return self.remove(FILTER_PREFIX + name.strip())
