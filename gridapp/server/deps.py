"""FastAPI dependencies: the central store, the authenticated user, role checks.

Every permission is checked here, on the server; a refusal is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from ipaddress import (
    IPv4Address,
    IPv4Network,
    IPv6Address,
    IPv6Network,
    ip_address,
    ip_network,
)
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


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(t, strict=False) for t in trusted)


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: Request) -> str | None:
    """The client's address: the peer, or what a trusted reverse proxy says it is.

    ``X-Forwarded-For`` is read only when the peer is one of ``trusted_proxies``
    (login throttling counts per address: a header anyone can write must not pick
    it), from the right, skipping further trusted proxies. The service runs uvicorn
    with its own proxy-header handling off, so the peer here is the real one.
    """
    peer = request.client.host if request.client else None
    trusted = _networks(central(request).settings.trusted_proxies)
    peer_addr = _address(peer) if peer else None
    if not trusted or peer_addr is None or not any(peer_addr in n for n in trusted):
        return peer
    hops = [h for line in request.headers.getlist("x-forwarded-for") for h in line.split(",")]
    client = peer
    for hop in reversed(hops):
        addr = _address(hop)
        if addr is None:
            break  # garbage: believe no further than the last good hop
        client = str(addr)
        if not any(addr in n for n in trusted):
            break
    return client


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
