"""HTTP to the sync service, with errors sorted by what the client should do next.

TransientError: try again later (network down, timeout, 5xx, 429).
ServiceFault, a TransientError: the service itself failed on the request (a 500, or
an answer it should never give); the push engine uses it to find a poison event.
AuthError: log in again (401). RequestRefused: this request will never work (4xx).

502/503/504 are infrastructure (a proxy, a full disk, an overloaded service, per
the service's contract: 503 with ``storage_full`` or ``service_unavailable``):
temporary, whatever was sent. The service's code, message and Retry-After travel on
the error: the window shows what the service said (it did answer), and the loop waits
at least as long as it asked.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from gridapp.domain.catalog import load_catalog
from gridapp.sync.errors import (  # noqa: F401  (re-exported: the transport's errors)
    AuthError,
    RequestRefused,
    ServiceFault,
    SyncError,
    TransientError,
)
from gridapp.sync.protocol import (
    API_PREFIX,
    CLIENT_KEEP_ALIVE_S,
    EventIn,
    FileStatus,
    LoginResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    ReferenceSnapshot,
    ReferenceVersion,
)

RETRY_AFTER_CAP = 900.0  # seconds: a longer Retry-After is waited for this long only
INFRASTRUCTURE = (502, 503, 504)  # proxy, full disk / overload, gateway timeout

AnswerT = TypeVar("AnswerT", bound=BaseModel)


class Transport:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 30.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = client or httpx.Client(
            timeout=timeout, limits=httpx.Limits(keepalive_expiry=CLIENT_KEEP_ALIVE_S)
        )

    def close(self) -> None:
        self._http.close()

    def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """``path`` under the API with the session's token: the answer, whatever its status.

        Only an unreachable service raises (TransientError); callers that map error
        answers their own way (the admin client keeps their details) start here.
        """
        headers = dict(kwargs.pop("headers", {}) or {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            return self._http.request(
                method, self.base_url + API_PREFIX + path, headers=headers, **kwargs
            )
        except httpx.HTTPError as exc:
            raise TransientError("unreachable", f"无法连接同步服务：{type(exc).__name__}") from exc

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.send(method, path, **kwargs)
        if response.status_code < 400:
            return response
        code, message = _error_of(response)
        status = response.status_code
        if status == 401:
            raise AuthError(code, message, status)
        if status >= 500 and status not in INFRASTRUCTURE:
            raise ServiceFault(code, message, status)
        if status >= 500 or status in (408, 429):
            wait = retry_after(response.headers.get("Retry-After"))
            raise TransientError(code, message, status, retry_after=wait)
        raise RequestRefused(code, message, status)

    def _model(self, model: type[AnswerT], method: str, path: str, **kwargs: Any) -> AnswerT:
        return _parse(model, self._request(method, path, **kwargs))

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health").json()

    def login(self, username: str, password: str, client: str = "gridapp") -> LoginResponse:
        body = {"username": username, "password": password, "client": client}
        result = self._model(LoginResponse, "POST", "/auth/login", json=body)
        self.token = result.token
        return result

    def logout(self) -> None:
        self._request("POST", "/auth/logout")

    def push(self, events: list[EventIn]) -> PushResponse:
        body = PushRequest(events=events).model_dump(mode="json")
        return self._model(PushResponse, "POST", "/sync/push", json=body)

    def catalog_version(self) -> int:
        """The service's category catalog version (services from before it: 1)."""
        version = self.health().get("catalog", 1)
        return version if isinstance(version, int) and not isinstance(version, bool) else 1

    def pull(
        self, since: int, limit: int | None = None, catalog: int | None = None
    ) -> PullResponse:
        """A page of events after ``since``, with the log's ``head`` (None from a service
        that predates it: it ignores the parameter). ``catalog``: the category catalog
        version this client reads codes in (default: the shipped catalog's)."""
        version = catalog if catalog is not None else load_catalog().version
        params: dict[str, int | str] = {"since": since, "with_head": "true", "catalog": version}
        if limit:
            params["limit"] = limit
        return self._model(PullResponse, "GET", "/sync/pull", params=params)

    def reference_version(self) -> int:
        return self._model(ReferenceVersion, "GET", "/reference/version").version

    def reference(self) -> ReferenceSnapshot:
        return self._model(ReferenceSnapshot, "GET", "/reference")

    def file_status(self, sha256: str) -> FileStatus:
        return self._model(FileStatus, "GET", f"/files/{sha256}/status")

    def upload(self, sha256: str, data: bytes, *, chunk: int = 512 * 1024) -> FileStatus:
        """Send a photo, resuming after what the server already has."""
        status = self.file_status(sha256)
        offset = status.offset
        while not status.present:
            if offset >= len(data):
                # Every byte arrived but the service stopped before keeping the file:
                # send it whole, which it checks and keeps without the partial.
                response = self._request("PUT", f"/files/{sha256}", content=data)
                return _parse(FileStatus, response)
            part = data[offset : offset + chunk]
            end = offset + len(part) - 1
            headers = {"Content-Range": f"bytes {offset}-{end}/{len(data)}"}
            response = self._request("PUT", f"/files/{sha256}", content=part, headers=headers)
            status = _parse(FileStatus, response)
            offset = status.offset
        return status

    def download(self, sha256: str) -> bytes:
        return self._request("GET", f"/files/{sha256}").content


def _error_of(response: httpx.Response) -> tuple[str, str]:
    try:
        body = response.json()
        return str(body.get("code", "http_error")), str(body.get("message", ""))
    except ValueError:
        return "http_error", f"HTTP {response.status_code}"


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), at most
    ``RETRY_AFTER_CAP``; None when absent or unreadable (then plain backoff applies)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000": UTC by RFC 5322
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()  # HTTP time is UTC
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def _parse(model: type[AnswerT], response: httpx.Response) -> AnswerT:
    """A 2xx answer read as ``model``; one that does not parse is the service's fault
    (a bug or a proxy's page), not something to crash the sync loop on."""
    try:
        return model.model_validate(response.json())
    except ValueError as exc:  # JSON decode errors and pydantic's ValidationError
        raise ServiceFault("bad_response", "同步服务的应答无法识别", response.status_code) from exc
