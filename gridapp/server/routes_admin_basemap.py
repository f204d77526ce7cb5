"""``/admin/base-map``: the district's base map, with the key an administrator enters.

天地图 needs a key per deployment; an administrator sets the base map (and its key)
once here and every laptop receives it with its reference snapshot, starting on it
unless its user chose another. Online tiles only: an MBTiles file lives on one disk.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Request, Response
from pydantic import Field

from gridapp.errors import NotFoundError, ValidationError
from gridapp.maps.tiles import DISTRICT_TILES_KEY, TileSource
from gridapp.server.routes_admin import (
    NOT_FOUND,
    AdminActor,
    Body,
    Store,
    _audit_change,
    admin_router,
)
from gridapp.store.meta_values import meta_value, set_meta_value
from gridapp.sync.wire_types import safe_text

router = admin_router()
Url = safe_text(1000)


class BaseMapIn(Body):
    url: Url
    attribution: safe_text(200) = ""  # type: ignore[valid-type]
    max_zoom: Annotated[int, Field(ge=1, le=24)] = 18
    crs: safe_text(16) = "wgs84"  # type: ignore[valid-type]
    subdomains: safe_text(16) = "01234567"  # type: ignore[valid-type]
    label_url: Url = ""  # type: ignore[valid-type]
    preset: safe_text(32) = ""  # type: ignore[valid-type]


def _source(body: BaseMapIn) -> TileSource:
    """Checked as a laptop checks it (templates, datum, subdomains)."""
    return TileSource(kind="xyz", **body.model_dump())


@router.get("/base-map", response_model=BaseMapIn | None)
def get_base_map(actor: AdminActor, store: Store) -> BaseMapIn | None:
    with store.db.read() as conn:
        text = meta_value(conn, DISTRICT_TILES_KEY)
    source = TileSource.from_json(text)
    if source.kind != "xyz":
        return None
    fields = {k: getattr(source, k) for k in BaseMapIn.model_fields}
    return BaseMapIn(**fields)


@router.put("/base-map", response_model=BaseMapIn)
def put_base_map(body: BaseMapIn, request: Request, actor: AdminActor, store: Store) -> BaseMapIn:
    """The district's base map from the laptops' next reference refresh."""
    source = _source(body)
    if source.kind != "xyz":
        raise ValidationError("bad_tile_source", "全区默认底图只能是在线瓦片")
    with store.db.write() as conn:
        set_meta_value(conn, DISTRICT_TILES_KEY, source.to_json())
        # The key stays out of the audit: the template is recorded without its query.
        _audit_change(
            conn, store, actor, request, "admin_set_base_map",
            url=body.url.split("?")[0], preset=body.preset,
        )  # fmt: skip
    return body


@router.delete("/base-map", status_code=204, response_class=Response, responses=NOT_FOUND)
def delete_base_map(request: Request, actor: AdminActor, store: Store) -> Response:
    """No district base map: laptops without their own choice show the offline map."""
    with store.db.write() as conn:
        if not set_meta_value(conn, DISTRICT_TILES_KEY, None):
            raise NotFoundError("no_base_map", "尚未设置全区默认底图")
        _audit_change(conn, store, actor, request, "admin_delete_base_map")
    return Response(status_code=204)
