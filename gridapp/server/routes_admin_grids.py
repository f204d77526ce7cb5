"""``/admin/grids/import``: unit grids (and new streets/communities) from GeoJSON.

The body is the GeoJSON document itself, parsed here rather than by FastAPI so that
"not JSON" gets its own error code (``bad_geojson``). Everything is checked first
(:mod:`grid_import`); ``dry_run`` answers with that preview, otherwise the whole
file is applied in one transaction or, with any error, nothing is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, insert, update

from gridapp.errors import DomainError, ValidationError
from gridapp.server.grid_import import ImportPlan, parse_document, plan_import, wkt_of
from gridapp.server.routes_admin import (
    CONFLICT,
    AdminActor,
    Store,
    _audit,
    admin_router,
)
from gridapp.store.counters import bump
from gridapp.store.schema import communities, grids, streets

router = admin_router()

GEOJSON_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/geo+json": {"schema": {"type": "object"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
}


def _apply(
    store: Any, plan: ImportPlan, planned_version: int, audit: Callable[[Connection], None]
) -> None:
    import shapely

    def union(prefix: str) -> str:
        parts = [
            f.geometry
            for f in plan.features
            if f.geometry is not None and f.code and f.code.startswith(prefix)
        ]
        return wkt_of(shapely.union_all(parts))

    with store.db.write() as conn:
        # Bump first: the counter row is locked until commit, so two imports (or an
        # import and another admin change) cannot both build on the same snapshot.
        if bump(conn, "reference_version") != planned_version + 1:
            raise DomainError("reference_changed", "基础数据刚被修改，请重新预览后再导入")
        for code, f in sorted(plan.new_streets.items()):
            conn.execute(
                insert(streets).values(
                    code=code,
                    name=f.street_name,
                    kind=f.street_kind,
                    has_centre=f.street_kind == "town",
                    wkt=union(code),
                )
            )
        for code, f in sorted(plan.new_communities.items()):
            conn.execute(
                insert(communities).values(
                    code=code, name=f.community_name, street_code=code[:9], wkt=union(code)
                )
            )
        for f in plan.features:
            assert f.code is not None and f.geometry is not None
            if f.status == "new":
                conn.execute(
                    insert(grids).values(
                        code=f.code,
                        name=f.name,
                        street_code=f.code[:9],
                        community_code=f.code[:12],
                        wkt=wkt_of(f.geometry),
                    )
                )
            elif f.status == "changed":
                conn.execute(
                    update(grids)
                    .where(grids.c.code == f.code)
                    .values(name=f.name, wkt=wkt_of(f.geometry))
                )
        audit(conn)


@router.post(
    "/grids/import",
    openapi_extra=GEOJSON_BODY,
    responses={**CONFLICT, 413: {"description": "文件过大"}},
)
async def post_grid_import(
    request: Request, actor: AdminActor, store: Store, dry_run: bool = False
) -> dict[str, Any]:
    """Preview (``dry_run=true``) or apply a FeatureCollection of unit grids.

    Each feature: a Polygon/MultiPolygon in WGS-84 with properties ``code`` (15
    digits of this county), ``name``, and ``street_name``/``community_name`` (plus
    optional ``street_kind``: street/town) when the street or community is new.
    """
    raw = await request.body()

    def work() -> dict[str, Any]:
        features = parse_document(raw)
        version = store.reference_version()
        plan = plan_import(features, store.reference(), store.county_code)
        applied = False
        counts = {
            "new": plan.count("new"),
            "changed": plan.count("changed"),
            "unchanged": plan.count("unchanged"),
            "errors": sum(1 for f in plan.features if f.errors),
        }

        def audit(conn: Connection, action: str = "admin_import_grids") -> None:
            _audit(
                conn,
                store,
                actor,
                request,
                action,
                **counts,
                new_streets=sorted(plan.new_streets),
                new_communities=sorted(plan.new_communities),
                codes=[f.code for f in plan.features if f.status != "unchanged"][:200],
            )

        if plan.ok and not dry_run:
            _apply(store, plan, version, audit)
            applied = True
        result = plan.summary(dry_run=dry_run, applied=applied)
        if not plan.ok and not dry_run:
            with store.db.write() as conn:
                audit(conn, "admin_import_grids_refused")
            raise ValidationError(
                "grid_import_invalid",
                f"{counts['errors']} 个要素有错误，未导入任何网格",
                **result,
            )
        return result

    return await run_in_threadpool(work)
