"""``/admin/ack-limit``: within how many working hours a department must 签收 a dispatch.

The limit travels to every laptop in the reference snapshot; a dispatch made from then on
carries its acknowledge-by time in the event, so earlier dispatches keep theirs. Deleting
the setting goes back to the default (gridapp.domain.co_handling.DEFAULT_ACK_HOURS).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Request, Response
from pydantic import Field
from sqlalchemy import select

from gridapp.domain.co_handling import DEFAULT_ACK_HOURS, MAX_ACK_HOURS
from gridapp.errors import NotFoundError
from gridapp.server.routes_admin import (
    NOT_FOUND,
    AdminActor,
    Body,
    Store,
    _audit_change,
    admin_router,
)
from gridapp.store.reference import ACK_LIMIT_KEY, ack_limit_hours, set_ack_limit_hours
from gridapp.store.schema import meta

router = admin_router()


class AckLimitIn(Body):
    hours: Annotated[float, Field(gt=0, le=MAX_ACK_HOURS, allow_inf_nan=False)]


class AckLimitOut(Body):
    hours: float
    default: bool  # no setting: the default applies


@router.get("/ack-limit", response_model=AckLimitOut)
def get_ack_limit(actor: AdminActor, store: Store) -> AckLimitOut:
    with store.db.read() as conn:
        stored = conn.execute(select(meta.c.value).where(meta.c.key == ACK_LIMIT_KEY)).scalar()
        return AckLimitOut(hours=ack_limit_hours(conn), default=stored is None)


@router.put("/ack-limit", response_model=AckLimitOut)
def put_ack_limit(
    body: AckLimitIn, request: Request, actor: AdminActor, store: Store
) -> AckLimitOut:
    """The 签收 limit for dispatches from the laptops' next reference refresh."""
    hours = round(body.hours, 2)
    with store.db.write() as conn:
        set_ack_limit_hours(conn, hours)
        _audit_change(conn, store, actor, request, "admin_set_ack_limit", hours=hours)
    return AckLimitOut(hours=hours, default=False)


@router.delete("/ack-limit", status_code=204, response_class=Response, responses=NOT_FOUND)
def delete_ack_limit(request: Request, actor: AdminActor, store: Store) -> Response:
    """Back to the default of DEFAULT_ACK_HOURS working hours."""
    with store.db.write() as conn:
        stored = conn.execute(select(meta.c.value).where(meta.c.key == ACK_LIMIT_KEY)).scalar()
        if stored is None:
            raise NotFoundError(
                "no_ack_limit", f"签收时限未设置（默认 {DEFAULT_ACK_HOURS:g} 工作时）"
            )
        set_ack_limit_hours(conn, None)
        _audit_change(conn, store, actor, request, "admin_delete_ack_limit")
    return Response(status_code=204)
