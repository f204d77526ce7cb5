"""``/admin/category-limits``: the district's own handling limits over the catalog's.

The catalog's limits follow a published source where one was found and are a local
default elsewhere; here an administrator sets a class's (or one 细类's) limits with the
reason, or removes a setting to go back to the catalog's. Each change is audited and
bumps ``reference_version``, so every service process and laptop applies it from their
next reload; cases already dispatched keep their deadlines.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query, Request, Response
from pydantic import AfterValidator, Field, StringConstraints
from sqlalchemy import Connection

from gridapp.domain.limit_overrides import META_KEY, parse_override
from gridapp.errors import NotFoundError
from gridapp.server.routes_admin import (
    NOT_FOUND,
    AdminActor,
    Body,
    Code,
    Store,
    _audit_change,
    _audit_read,
    admin_router,
)
from gridapp.store.meta_values import meta_json
from gridapp.store.reference import set_limit_overrides
from gridapp.sync.wire_types import check_json, safe_text

router = admin_router()
SubclassCode = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
CategoryCode = Annotated[str, Path(pattern=r"^\d{6}$")]
Reason = safe_text(200, min_length=1)


def _plain_json(value: dict[str, Any]) -> dict[str, Any]:
    check_json(value)  # ValueError: a 422 naming the field
    return value


class CategoryLimitIn(Body):
    code: Code
    subclass: SubclassCode | None = None
    time_limits: Annotated[dict[str, Any], Field(max_length=2), AfterValidator(_plain_json)]
    note: Reason


class CategoryLimitOut(Body):
    key: str
    code: str
    subclass: str | None
    time_limits: dict[str, Any]
    note: str
    changed_by: str
    changed_at: str


def _stored(conn: Connection) -> dict[str, Any]:
    return meta_json(conn, META_KEY)


def _out(key: str, value: dict[str, Any]) -> CategoryLimitOut:
    code, _, sub = key.partition("/")
    return CategoryLimitOut(key=key, code=code, subclass=sub or None, **value)


@router.get("/category-limits", response_model=list[CategoryLimitOut])
def get_category_limits(
    request: Request, actor: AdminActor, store: Store
) -> list[CategoryLimitOut]:
    """Every limit the district set, by class code (then 细类)."""
    with store.db.read() as conn:
        stored = _stored(conn)
    _audit_read(store, actor, request, "admin_list_category_limits", count=len(stored))
    return [_out(key, value) for key, value in sorted(stored.items())]


@router.put("/category-limits", response_model=CategoryLimitOut, responses=NOT_FOUND)
def put_category_limit(
    body: CategoryLimitIn, request: Request, actor: AdminActor, store: Store
) -> CategoryLimitOut:
    """Set a class's (or 细类's) limits; applies to dispatches from the next reload."""
    at = store.clock().isoformat(timespec="seconds")
    override = parse_override(
        store.catalog, body.code, body.subclass, body.time_limits, body.note, actor.username, at
    )
    with store.db.write() as conn:
        stored = _stored(conn)
        stored[override.key] = override.as_json()
        set_limit_overrides(conn, stored)
        _audit_change(
            conn, store, actor, request, "admin_set_category_limit", key=override.key,
            time_limits=override.time_limits, note=override.note,
        )  # fmt: skip
    return _out(override.key, override.as_json())


@router.delete(
    "/category-limits/{code}", status_code=204, response_class=Response, responses=NOT_FOUND
)
def delete_category_limit(
    code: CategoryCode,
    request: Request,
    actor: AdminActor,
    store: Store,
    subclass: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
) -> Response:
    """Back to the catalog's own limits for that class (or 细类)."""
    key = f"{code}/{subclass}" if subclass else code
    with store.db.write() as conn:
        stored = _stored(conn)
        if key not in stored:
            raise NotFoundError("unknown_limit", f"该分类没有本地调整的时限：{key}", key=key)
        del stored[key]
        set_limit_overrides(conn, stored)
        _audit_change(conn, store, actor, request, "admin_delete_category_limit", key=key)
    return Response(status_code=204)
