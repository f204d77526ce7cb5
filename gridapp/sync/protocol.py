"""The sync protocol (JSON over HTTP, ``/api/v1``), shared by the service and the client.

Versioned by its URL prefix; a breaking change gets ``/api/v2``. Every model
forbids unknown fields, so a typo is an error rather than silently ignored.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    SkipValidation,
    StringConstraints,
    model_validator,
)

from gridapp.sync.wire_types import (
    CST,
    check_client_time,
    check_payload,
    finite_number,
    safe_text,
    to_china_time,
)

API_PREFIX = "/api/v1"
MAX_BATCH = 200  # events per push
# Events per pull page (the service's cap; a client may ask for fewer). A laptop applies
# each page in one write: 5,000 rather than 2,000 cut the apply's CPU by a fifth (a case
# moving on is rewritten once per page it has events in, and each write has its commit).
# A client of any version takes what it gets; a service from before caps it at 2,000.
MAX_PULL = 5000

# An idle connection is kept by the service for SERVICE_KEEP_ALIVE_S and by a client for
# less: a request never goes out on a connection the service is closing at that moment
# (with both at httpx's and uvicorn's default of 5 s, a push now and then failed with
# "Server disconnected"). nginx's upstream keep-alive (deploy/) is below the service's too.
SERVICE_KEEP_ALIVE_S = 5  # seconds (uvicorn takes an int)
CLIENT_KEEP_ALIVE_S = 2.0

MAX_PAYLOAD_KEYS = 32
REPORT_REQUIRED = ("source", "category_code", "lon", "lat", "description")
SUBCLASS = re.compile(r"(\d{2})?")  # a 细类 code on a report or 立案 ("" or null: none)

# Every text of a request is a safe_text (gridapp.sync.wire_types): valid Unicode, no
# NUL or control characters but newline and tab, bounded.
Username = safe_text(64, min_length=1, pattern=r"^[\w.@-]+$")
Password = safe_text(256, min_length=1)
ClientName = safe_text(128)
NewPassword = safe_text(256, min_length=1)  # the password policy says what is wrong
ActionName = safe_text(32, min_length=1)
EventId = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


# The core works in naive China Standard Time (no daylight saving); on the wire a time
# carries its +08:00 offset (RFC 3339), and a time sent with another offset is converted
# (one that would fall off the calendar doing so is refused, not an overflow).
LocalTime = Annotated[
    datetime,
    AfterValidator(to_china_time),
    PlainSerializer(lambda v: v.replace(tzinfo=CST).isoformat(), return_type=str, when_used="json"),
]
# A time a client's clock made: also within the years the program works in.
ClientTime = Annotated[LocalTime, AfterValidator(check_client_time)]
Payload = Annotated[
    dict[str, Any], Field(max_length=MAX_PAYLOAD_KEYS), AfterValidator(check_payload)
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginRequest(Model):
    username: Username
    password: Password
    client: ClientName = ""


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
    new_password: NewPassword


class EventIn(Model):
    """A client's event. Actor and role come from the session, times from the server.

    The service validates each event of a push on its own (``sync_push``): one that
    fails here is refused alone, with the field that failed.
    """

    id: EventId
    case_id: EventId
    action: ActionName
    at_client: ClientTime
    payload: Payload = Field(default_factory=dict)
    resend: bool = False  # acknowledged once by a service that was restored since

    @model_validator(mode="after")
    def _report_fields(self) -> EventIn:
        # A report has what the service needs, and a point on the globe (a 400-digit
        # longitude never reaches the grid lookup).
        subclass = self.payload.get("subclass")
        if subclass is not None and not (
            isinstance(subclass, str) and SUBCLASS.fullmatch(subclass)
        ):
            raise ValueError("细类代码须为两位数字（subclass）")
        if self.action == "report":
            if missing := [k for k in REPORT_REQUIRED if k not in self.payload]:
                raise ValueError(f"上报缺少字段：{', '.join(missing)}")
            for key, bound in (("lon", 180.0), ("lat", 90.0)):
                value = self.payload[key]
                if not (finite_number(value) and abs(value) <= bound):
                    raise ValueError(f"坐标无效：{key} 须为 -{bound:g}–{bound:g} 之间的数")
        return self


class PushRequest(Model):
    """A batch of events. Its items are checked one by one by the service, not here:
    a malformed event is refused alone and the rest of the batch is applied."""

    events: list[SkipValidation[EventIn]] = Field(max_length=MAX_BATCH)


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
    # The highest seq of the service's log when the page was read: how far the pull has
    # to go (the first pull of a big scope takes minutes; the window shows cursor/head).
    # Sent only to a client that asks (``with_head``): a client from before it forbids
    # unknown fields; a service from before it never sends it (then None).
    head: int | None = None


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
    # The administrator's handling limits over the catalog's (limit_overrides), as stored.
    category_limits: dict[str, Any] = Field(default_factory=dict)
    # The administrator's early-warning rules (gridapp.domain.warning_rules), {} = defaults.
    warning_rules: dict[str, Any] = Field(default_factory=dict)
    # The district's base map (gridapp.maps.tiles.TileSource as JSON), "" for none.
    base_map: str = ""
    # 签收 within this many working hours of a dispatch (None: the default).
    ack_limit_hours: float | None = None


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
    catalog: int = 1  # category catalog version (gridapp.domain.catalog_versions)
