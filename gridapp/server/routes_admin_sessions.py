"""``/admin/sessions``: who is logged in where, and cutting a user off everywhere.

A third admin router beside :mod:`routes_admin` (kept under 500 lines), built on the
same role check so a refusal is audited once. Listing is audited as a read; a
revocation writes its ``admin_revoke_sessions`` row in :func:`auth.revoke_user_sessions`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query, Request

from gridapp.server import auth
from gridapp.server.deps import client_ip
from gridapp.server.routes_admin import (
    NOT_FOUND,
    AdminActor,
    Body,
    Store,
    _audit_read,
    _load_user_or_404,
    admin_router,
)
from gridapp.sync.protocol import Username

router = admin_router()


class SessionOut(Body):
    username: str
    created_at: datetime
    last_seen: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    client: str
    active: bool


class RevokeRequest(Body):
    username: Username


class RevokeResult(Body):
    username: str
    revoked: int


@router.get("/sessions", response_model=list[SessionOut])
def get_sessions(
    request: Request,
    actor: AdminActor,
    store: Store,
    active_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[SessionOut]:
    """Who is logged in where (never a token or its hash)."""
    rows = auth.list_sessions(store, active_only=active_only, limit=limit)
    _audit_read(store, actor, request, "admin_list_sessions", count=len(rows))
    return [SessionOut(**r) for r in rows]


@router.post("/sessions/revoke", response_model=RevokeResult, responses=NOT_FOUND)
def post_revoke(
    body: RevokeRequest, request: Request, actor: AdminActor, store: Store
) -> RevokeResult:
    """Cut a user off everywhere (a lost laptop): every session fails at its next request."""
    with store.db.read() as conn:
        _load_user_or_404(conn, body.username)
    count = auth.revoke_user_sessions(
        store, body.username, by=actor.username, ip=client_ip(request)
    )
    return RevokeResult(username=body.username, revoked=count)
