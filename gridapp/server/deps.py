"""FastAPI dependencies: the central store, the authenticated user, role checks.

Every permission is checked here, on the server; a refusal is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from gridapp.domain.roles import Actor, Role
from gridapp.errors import DomainError
from gridapp.server import auth
from gridapp.server.central import Central


def central(request: Request) -> Central:
    return request.app.state.central


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def current_actor(request: Request, store: Annotated[Central, Depends(central)]) -> Actor:
    user = auth.authenticate(store, bearer_token(request), ip=client_ip(request))
    actor = user.to_actor()
    request.state.actor = actor
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]


def require_roles(*roles: Role) -> Callable[..., Actor]:
    """A dependency that lets only ``roles`` through (403 otherwise, audited)."""
    allowed = frozenset(roles)

    def check(
        request: Request, actor: CurrentActor, store: Annotated[Central, Depends(central)]
    ) -> Actor:
        if actor.role not in allowed:
            auth.record_refusal(store, actor, request.url.path, ip=client_ip(request))
            raise DomainError(
                "forbidden", "当前角色无权访问此功能", role=actor.role.value, path=request.url.path
            )
        return actor

    return check
