"""The sync protocol (JSON over HTTP, ``/api/v1``), shared by the service and the client.

Versioned by its URL prefix; a breaking change gets ``/api/v2``. Every model
forbids unknown fields, so a typo is an error rather than silently ignored.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
)

API_PREFIX = "/api/v1"
MAX_BATCH = 200  # events per push
MAX_PULL = 2000  # events per pull page
MAX_PAYLOAD_KEYS = 32

Username = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[\w.@-]+$")]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]
EventId = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


# The core works in naive China Standard Time (no daylight saving); on the wire a time
# carries its +08:00 offset (RFC 3339), and a time sent with another offset is converted.
CST = timezone(timedelta(hours=8), "CST")


def _to_local(value: datetime) -> datetime:
    return value.astimezone(CST).replace(tzinfo=None) if value.tzinfo else value


LocalTime = Annotated[
    datetime,
    AfterValidator(_to_local),
    PlainSerializer(lambda v: v.replace(tzinfo=CST).isoformat(), return_type=str, when_used="json"),
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginRequest(Model):
    username: Username
    password: Password
    client: Annotated[str, StringConstraints(max_length=128)] = ""


class UserInfo(Model):
    username: str
    display_name: str
    role: str
    street_code: str | None = None
    department_code: str | None = None
    grid_codes: list[str] = Field(default_factory=list)


class LoginResponse(Model):
    token: str
    expires_at: LocalTime
    idle_timeout_s: int
    user: UserInfo
    epoch: str


class PasswordChange(Model):
    old_password: Password
    new_password: Annotated[str, StringConstraints(min_length=8, max_length=256)]


class EventIn(Model):
    """A client's event. Actor and role come from the session, times from the server."""

    id: EventId
    case_id: EventId
    action: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    at_client: LocalTime
    payload: dict[str, Any] = Field(default_factory=dict, max_length=MAX_PAYLOAD_KEYS)
    resend: bool = False  # acknowledged once by a service that was restored since


class PushRequest(Model):
    events: list[EventIn] = Field(max_length=MAX_BATCH)


class EventStatusOut(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"  # already there: acknowledged again
    REJECTED = "rejected"  # refused for good: code, message and the server's case
    CONFLICT = "conflict"  # same id, other content
    RETRY = "retry"  # not now (e.g. its photos are not uploaded yet)


class EventResult(Model):
    id: str
    status: EventStatusOut
    seq: int | None = None
    at_server: LocalTime | None = None
    payload: dict[str, Any] | None = None  # the event as the server stored it
    code: str | None = None
    message: str | None = None
    case: dict[str, Any] | None = None  # the server's current record of the case


class PushResponse(Model):
    epoch: str
    results: list[EventResult]


class EventOut(Model):
    id: str
    case_id: str
    action: str
    actor: str
    role: str
    at_client: LocalTime
    at_server: LocalTime
    seq: int
    payload: dict[str, Any]


class PullResponse(Model):
    epoch: str
    events: list[EventOut]
    cursor: int  # pass back as ``since``
    more: bool


class ReferenceVersion(Model):
    version: int


class ReferenceSnapshot(Model):
    """Everything a client needs besides cases, as of ``version``."""

    version: int
    county_code: str
    streets: list[dict[str, Any]]
    communities: list[dict[str, Any]]
    grids: list[dict[str, Any]]
    departments: list[dict[str, Any]]
    users: list[UserInfo]
    routing_rules: list[dict[str, Any]]
    calendar_overrides: list[dict[str, Any]]
    calendar_years: list[int]


class FileStatus(Model):
    sha256: str
    present: bool
    size: int | None = None
    offset: int = 0  # bytes already received of a resumable upload


class ErrorOut(Model):
    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class Health(Model):
    status: str
    database: bool
    migrations_current: bool
    files_writable: bool
    epoch: str
