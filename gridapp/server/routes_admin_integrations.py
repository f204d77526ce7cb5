"""``/admin/integration-clients``: registering the outside systems that post Open311 requests.

Admins only. A new client (or a new key) answers with its API key once; afterwards only
the key's first characters are shown. Every change is audited (never the key).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Request
from pydantic import Field

from gridapp.server import auth, integration_clients
from gridapp.server.deps import client_ip
from gridapp.server.routes_admin import (
    CONFLICT,
    NOT_FOUND,
    AdminActor,
    Body,
    Code,
    Store,
    _audit_read,
    admin_router,
)
from gridapp.sync.wire_types import safe_text

router = admin_router()
ClientName = safe_text(100, min_length=1)
ClientId = safe_text(36, min_length=1)
Streets = Annotated[list[Code], Field(min_length=1, max_length=64)]
Rate = Annotated[int, Field(ge=1, le=integration_clients.MAX_RATE_PER_HOUR)]
Source = Annotated[str, Field(pattern="^(hotline|public)$")]


class ClientOut(Body):
    id: str
    name: str
    key_hint: str
    source: str
    street_codes: list[str]
    rate_per_hour: int
    active: bool
    created_at: str
    created_by: str


class ClientWithKey(Body):
    client: ClientOut
    api_key: str  # shown this once


class ClientCreate(Body):
    name: ClientName
    source: Source
    street_codes: Streets
    rate_per_hour: Rate


class ClientChange(Body):
    source: Source | None = None
    street_codes: Streets | None = None
    rate_per_hour: Rate | None = None
    active: bool | None = None


def _check(store: Store, source: str, streets: list[str], rate: int) -> None:
    known = set(store.reference().streets)
    integration_clients.check_settings(known, source, streets, rate)


@router.get("/integration-clients", response_model=list[ClientOut])
def list_clients(request: Request, actor: AdminActor, store: Store) -> list[ClientOut]:
    with store.db.read() as conn:
        found = integration_clients.list_all(conn)
    _audit_read(store, actor, request, "admin_list_integrations", count=len(found))
    return [ClientOut(**c.as_json()) for c in found]


@router.post("/integration-clients", response_model=ClientWithKey, responses=CONFLICT)
def create_client(
    body: ClientCreate, request: Request, actor: AdminActor, store: Store
) -> ClientWithKey:
    _check(store, body.source, body.street_codes, body.rate_per_hour)
    now = store.clock()
    with store.db.write() as conn:
        client, key = integration_clients.create(
            conn,
            name=body.name,
            source=body.source,
            street_codes=body.street_codes,
            rate_per_hour=body.rate_per_hour,
            created_by=actor.username,
            now=now,
        )
        auth.audit_row(
            conn, now, actor.username, client_ip(request), "integration_create", client=client.id
        )
    return ClientWithKey(client=ClientOut(**client.as_json()), api_key=key)


@router.patch("/integration-clients/{client_id}", response_model=ClientOut, responses=NOT_FOUND)
def change_client(
    client_id: ClientId, body: ClientChange, request: Request, actor: AdminActor, store: Store
) -> ClientOut:
    values = body.model_dump(exclude_none=True)
    now = store.clock()
    with store.db.write() as conn:
        old = integration_clients.get(conn, client_id)
        _check(
            store,
            values.get("source", old.source),
            values.get("street_codes", list(old.street_codes)),
            values.get("rate_per_hour", old.rate_per_hour),
        )
        client = integration_clients.change(conn, client_id, **values)
        auth.audit_row(
            conn,
            now,
            actor.username,
            client_ip(request),
            "integration_change",
            client=client_id,
            fields=sorted(values),
        )
    return ClientOut(**client.as_json())


@router.post(
    "/integration-clients/{client_id}/new-key", response_model=ClientWithKey, responses=NOT_FOUND
)
def new_key(
    client_id: ClientId, request: Request, actor: AdminActor, store: Store
) -> ClientWithKey:
    now = store.clock()
    with store.db.write() as conn:
        client, key = integration_clients.new_key(conn, client_id)
        auth.audit_row(
            conn, now, actor.username, client_ip(request), "integration_new_key", client=client_id
        )
    return ClientWithKey(client=ClientOut(**client.as_json()), api_key=key)
