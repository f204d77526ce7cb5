"""Integration clients: outside systems that post Open311 requests with an API key.

An admin registers a client with where it may post (streets/towns) and how often; the
key is 32 random bytes shown once, and only its SHA-256 is stored (a random key needs
no slow hash: nothing to guess from). Each client reports as its own actor,
``open311:<name>``, with the source the admin chose (热线 or 公众), so its cases go
through the same event log and rules as any other report.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from gridapp.domain.case import Source
from gridapp.domain.roles import Actor, Role
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.store.schema import integration_clients

ACTOR_PREFIX = "open311:"
MAX_RATE_PER_HOUR = 100_000
WINDOW = timedelta(hours=1)
SOURCES = (Source.HOTLINE.value, Source.PUBLIC.value)


@dataclass(frozen=True)
class IntegrationClient:
    id: str
    name: str
    key_hint: str
    source: str
    street_codes: tuple[str, ...]
    rate_per_hour: int
    active: bool
    created_at: datetime
    created_by: str

    @property
    def actor(self) -> Actor:
        """Reports are made as intake would make them (district-wide); the client's own
        scope is checked before, on the placed case's street."""
        return Actor(username=ACTOR_PREFIX + self.name, role=Role.INTAKE, display_name=self.name)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "key_hint": self.key_hint,
            "source": self.source,
            "street_codes": list(self.street_codes),
            "rate_per_hour": self.rate_per_hour,
            "active": self.active,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "created_by": self.created_by,
        }


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _row_to_client(row: Any) -> IntegrationClient:
    return IntegrationClient(
        id=row["id"],
        name=row["name"],
        key_hint=row["key_hint"],
        source=row["source"],
        street_codes=tuple(json.loads(row["street_codes"] or "[]")),
        rate_per_hour=int(row["rate_per_hour"]),
        active=bool(row["active"]),
        created_at=row["created_at"],
        created_by=row["created_by"],
    )


def check_settings(
    known_streets: set[str], source: str, street_codes: list[str], rate_per_hour: int
) -> None:
    if source not in SOURCES:
        raise ValidationError(
            "bad_field", "来源只能是热线（hotline）或公众（public）", field="source"
        )
    unknown = sorted(set(street_codes) - known_streets)
    if unknown:
        raise ValidationError("unknown_street", "未知的街道/镇编码", field="street_codes")
    if not street_codes:
        raise ValidationError("missing_field", "至少选择一个街道/镇", field="street_codes")
    if not 1 <= rate_per_hour <= MAX_RATE_PER_HOUR:
        raise ValidationError("bad_field", "每小时限额须在 1–100000 之间", field="rate_per_hour")


def create(
    conn: Connection,
    *,
    name: str,
    source: str,
    street_codes: list[str],
    rate_per_hour: int,
    created_by: str,
    now: datetime,
) -> tuple[IntegrationClient, str]:
    """A new client and its key (the only time the key is seen)."""
    taken = conn.execute(
        select(integration_clients.c.id).where(integration_clients.c.name == name)
    ).first()
    if taken is not None:
        raise DomainError("duplicate_name", "已有同名的接入客户端")
    key = secrets.token_urlsafe(32)
    client_id = str(uuid.uuid4())
    conn.execute(
        integration_clients.insert().values(
            id=client_id,
            name=name,
            key_hash=key_hash(key),
            key_hint=key[:6],
            source=source,
            street_codes=json.dumps(sorted(set(street_codes))),
            rate_per_hour=rate_per_hour,
            active=True,
            created_at=now,
            created_by=created_by,
            window_start=None,
            window_count=0,
        )
    )
    return get(conn, client_id), key


def get(conn: Connection, client_id: str) -> IntegrationClient:
    row = (
        conn.execute(select(integration_clients).where(integration_clients.c.id == client_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFoundError("unknown_client", "接入客户端不存在")
    return _row_to_client(row)


def list_all(conn: Connection) -> list[IntegrationClient]:
    rows = conn.execute(select(integration_clients).order_by(integration_clients.c.name))
    return [_row_to_client(r) for r in rows.mappings()]


def change(conn: Connection, client_id: str, **values: Any) -> IntegrationClient:
    get(conn, client_id)
    if "street_codes" in values:
        values["street_codes"] = json.dumps(sorted(set(values["street_codes"])))
    if values:
        conn.execute(
            update(integration_clients)
            .where(integration_clients.c.id == client_id)
            .values(**values)
        )
    return get(conn, client_id)


def new_key(conn: Connection, client_id: str) -> tuple[IntegrationClient, str]:
    """Replace the client's key (the old one stops working at once)."""
    key = secrets.token_urlsafe(32)
    change(conn, client_id, key_hash=key_hash(key), key_hint=key[:6])
    return get(conn, client_id), key


def by_key(conn: Connection, key: str | None) -> IntegrationClient | None:
    """The active client holding ``key``, or None (unknown, disabled or no key alike)."""
    if not key or len(key) > 200:
        return None
    row = (
        conn.execute(
            select(integration_clients).where(integration_clients.c.key_hash == key_hash(key))
        )
        .mappings()
        .first()
    )
    if row is None or not row["active"]:
        return None
    return _row_to_client(row)


def take_request(conn: Connection, client: IntegrationClient, now: datetime) -> int | None:
    """Count one request in the client's hour; None if allowed, else seconds to wait.

    The client's row is locked while counted, so service processes on one PostgreSQL
    database share the limit.
    """
    c = integration_clients.c
    row = (
        conn.execute(
            select(c.window_start, c.window_count).where(c.id == client.id).with_for_update()
        )
        .mappings()
        .one()
    )
    start, count = row["window_start"], int(row["window_count"])
    if start is None or now - start >= WINDOW or now < start:
        start, count = now, 0
    if count >= client.rate_per_hour:
        return max(1, int((start + WINDOW - now).total_seconds()))
    conn.execute(
        update(integration_clients)
        .where(c.id == client.id)
        .values(window_start=start, window_count=count + 1)
    )
    return None
