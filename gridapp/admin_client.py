"""``ws.admin``: the administration routes of the sync service, as typed calls.

Reference data (users, departments, routing rules, calendar, grids) is owned by the
central service, so an admin edits it there, never in the local store; after each
change the local copy is refreshed at once so the admin sees the result without
waiting for the next sync round. Errors come back as :class:`GridappError` with the
service's code and message (and details, e.g. the per-feature errors of an import),
so the UI shows them with ``show_error`` like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from gridapp.domain.roles import Role
from gridapp.domain.warning_rules import WarningRules, rules_from_json
from gridapp.errors import DomainError, GridappError, NotFoundError, ValidationError
from gridapp.integrations_admin import IntegrationsAdmin
from gridapp.maps.tiles import TileSource
from gridapp.store.reference import RoutingRule  # the same fields on the wire
from gridapp.sync.transport import TransientError

if TYPE_CHECKING:
    from gridapp.sync.transport import Transport
    from gridapp.workspace import Workspace

__all__ = [
    "AdminClient",
    "AdminUser",
    "CalendarDay",
    "CategoryLimit",
    "Department",
    "ImportPreview",
    "RoutingRule",
    "SessionInfo",
]

TIMEOUT_S = 60.0  # an admin call may carry a whole grid import


def _build(cls: type, data: dict[str, Any]) -> Any:
    """A dataclass from an answer, ignoring fields a newer service may add."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class CategoryLimit:
    """A class's (or 细类's) limits the district set over the catalog's."""

    key: str
    code: str
    subclass: str | None
    time_limits: dict[str, Any]
    note: str
    changed_by: str
    changed_at: str


@dataclass(frozen=True)
class AdminUser:
    username: str
    display_name: str
    role: Role
    street_code: str | None = None
    department_code: str | None = None
    grid_codes: tuple[str, ...] = ()
    active: bool = True

    @classmethod
    def of(cls, data: dict[str, Any]) -> AdminUser:
        user = _build(cls, data)
        return _replace(user, role=Role(data["role"]), grid_codes=tuple(data.get("grid_codes", ())))


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    short: str
    level: str  # district / town
    street_code: str | None = None
    active: bool = True
    open_cases: int = 0
    users: int = 0


@dataclass(frozen=True)
class CalendarDay:
    day: date
    is_workday: bool
    note: str = ""


@dataclass(frozen=True)
class SessionInfo:
    username: str
    created_at: datetime
    last_seen: datetime
    expires_at: datetime
    client: str
    active: bool
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class ImportPreview:
    """What a grid import did (or, on a dry run, would do), feature by feature."""

    dry_run: bool
    applied: bool
    total: int
    new: int
    changed: int
    unchanged: int
    errors: int
    new_streets: list[str] = field(default_factory=list)
    new_communities: list[str] = field(default_factory=list)
    features: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.errors == 0


def _replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def _error(response: httpx.Response) -> GridappError:
    try:
        body = response.json()
        code = str(body.get("code", "http_error"))
        message = str(body.get("message", "")) or f"HTTP {response.status_code}"
        details = body.get("details") or {}
    except ValueError:
        code, message, details = "http_error", f"HTTP {response.status_code}", {}
    details = dict(details) if isinstance(details, dict) else {}
    details["status"] = response.status_code
    if response.status_code == 404:
        return NotFoundError(code, message, **details)
    if response.status_code == 422:
        return ValidationError(code, message, **details)
    if response.status_code >= 500:
        return GridappError(code, message, **details)
    return DomainError(code, message, **details)


class AdminClient:
    """Admin calls over the logged-in user's session token (admin role, checked by the service)."""

    def __init__(self, ws: Workspace, transport: Transport | None = None) -> None:
        self.ws = ws
        self._transport = transport

    def close(self) -> None:
        """Nothing to close: the connection is the sync session's transport."""

    # -- plumbing -------------------------------------------------------------------------

    @property
    def transport(self) -> Transport:
        """The sync session's transport (holds the server address and the token)."""
        if self._transport is not None:
            return self._transport
        session = self.ws.sync
        client = getattr(session, "client", None)
        transport = getattr(client, "transport", None) or getattr(session, "transport", None)
        if transport is None:
            raise DomainError("not_connected", "未连接同步服务，无法进行系统管理")
        return transport

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self.transport.send(method, path, timeout=TIMEOUT_S, **kwargs)
        except TransientError as exc:  # unreachable: the same code and message
            raise GridappError(exc.code, exc.message) from None
        if response.status_code >= 400:
            raise _error(response)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def refresh(self) -> None:
        """Pull the changed reference snapshot into the local store and reload it."""
        from gridapp.sync.engine import SyncEngine
        from gridapp.sync.round_outcome import SyncReport

        SyncEngine(self.ws, self.transport).refresh_reference(SyncReport())

    @property
    def integrations(self) -> IntegrationsAdmin:
        """The Open311 integration clients (gridapp.integrations_admin)."""
        return IntegrationsAdmin(self)

    def _changed(self, result: Any) -> Any:
        self.refresh()
        return result

    # -- users ----------------------------------------------------------------------------

    def users(self) -> list[AdminUser]:
        return [AdminUser.of(u) for u in self._call("GET", "/admin/users")]

    def create_user(
        self,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        *,
        street_code: str | None = None,
        department_code: str | None = None,
        grid_codes: list[str] | tuple[str, ...] = (),
    ) -> AdminUser:
        body = {
            "username": username,
            "display_name": display_name,
            "role": Role(role).value,
            "street_code": street_code,
            "department_code": department_code,
            "grid_codes": list(grid_codes),
            "password": password,
        }
        return self._changed(AdminUser.of(self._call("POST", "/admin/users", json=body)))

    def update_user(
        self,
        username: str,
        *,
        display_name: str | None = None,
        active: bool | None = None,
        grid_codes: list[str] | tuple[str, ...] | None = None,
    ) -> AdminUser:
        """Rename, enable/disable or reassign grids (disabling ends the user's sessions)."""
        body: dict[str, Any] = {}
        if display_name is not None:
            body["display_name"] = display_name
        if active is not None:
            body["active"] = active
        if grid_codes is not None:
            body["grid_codes"] = list(grid_codes)
        data = self._call("PATCH", f"/admin/users/{username}", json=body)
        return self._changed(AdminUser.of(data))

    def set_role(
        self,
        username: str,
        role: Role,
        *,
        street_code: str | None = None,
        department_code: str | None = None,
        grid_codes: list[str] | tuple[str, ...] = (),
    ) -> AdminUser:
        """Another role or organisation; the scope moves with it, so sessions end."""
        body = {
            "role": Role(role).value,
            "street_code": street_code,
            "department_code": department_code,
            "grid_codes": list(grid_codes),
        }
        data = self._call("PUT", f"/admin/users/{username}/role", json=body)
        return self._changed(AdminUser.of(data))

    def reset_password(self, username: str, password: str) -> AdminUser:
        """Set a new password (hashed by the service with Argon2id); sessions end."""
        data = self._call("PATCH", f"/admin/users/{username}", json={"password": password})
        return self._changed(AdminUser.of(data))

    # -- sessions -------------------------------------------------------------------------

    def sessions(self, *, active_only: bool = True) -> list[SessionInfo]:
        rows = self._call(
            "GET", "/admin/sessions", params={"active_only": str(active_only).lower()}
        )
        return [
            _build(
                SessionInfo,
                {
                    **r,
                    **{
                        k: datetime.fromisoformat(r[k]).replace(tzinfo=None)
                        for k in ("created_at", "last_seen", "expires_at", "revoked_at")
                        if r.get(k)
                    },
                },
            )
            for r in rows
        ]

    def revoke_sessions(self, username: str) -> int:
        return int(
            self._call("POST", "/admin/sessions/revoke", json={"username": username})["revoked"]
        )

    # -- departments ----------------------------------------------------------------------

    def departments(self) -> list[Department]:
        return [_build(Department, d) for d in self._call("GET", "/admin/departments")]

    def create_department(
        self,
        code: str,
        name: str,
        short: str,
        level: str = "district",
        street_code: str | None = None,
    ) -> Department:
        body = {"code": code, "name": name, "short": short, "level": level}
        if street_code is not None:
            body["street_code"] = street_code
        return self._changed(
            _build(Department, self._call("POST", "/admin/departments", json=body))
        )

    def update_department(self, code: str, **changes: Any) -> Department:
        """Change any of name, short, level, street_code, active (refused: open cases)."""
        data = self._call("PATCH", f"/admin/departments/{code}", json=changes)
        return self._changed(_build(Department, data))

    # -- routing rules --------------------------------------------------------------------

    def routing_rules(self) -> list[RoutingRule]:
        return [_build(RoutingRule, r) for r in self._call("GET", "/admin/routing-rules")]

    def add_routing_rule(
        self,
        category_code: str,
        department_code: str,
        *,
        street_code: str | None = None,
        grid_code: str | None = None,
        note: str = "",
        automatic: bool = False,
    ) -> RoutingRule:
        body = {
            "category_code": category_code,
            "department_code": department_code,
            "street_code": street_code,
            "grid_code": grid_code,
            "note": note,
            "automatic": automatic,
        }
        return self._changed(
            _build(RoutingRule, self._call("POST", "/admin/routing-rules", json=body))
        )

    def set_rule_automatic(self, rule_id: int, automatic: bool) -> RoutingRule:
        """智能派单 on or off: a matching case filed by the centre is dispatched at once."""
        path = f"/admin/routing-rules/{int(rule_id)}"
        return self._changed(
            _build(RoutingRule, self._call("PATCH", path, json={"automatic": automatic}))
        )

    def delete_routing_rule(self, rule_id: int) -> None:
        self._changed(self._call("DELETE", f"/admin/routing-rules/{int(rule_id)}"))

    # -- the district's handling limits -------------------------------------------------------

    def category_limits(self) -> list[CategoryLimit]:
        return [_build(CategoryLimit, r) for r in self._call("GET", "/admin/category-limits")]

    def set_category_limit(
        self, code: str, time_limits: dict[str, Any], note: str, subclass: str | None = None
    ) -> CategoryLimit:
        """Limits for a class (or 细类) instead of the catalog's, with the reason."""
        body = {"code": code, "subclass": subclass, "time_limits": time_limits, "note": note}
        data = self._call("PUT", "/admin/category-limits", json=body)
        return self._changed(_build(CategoryLimit, data))

    def reset_category_limit(self, code: str, subclass: str | None = None) -> None:
        """Back to the catalog's limits for that class (or 细类)."""
        params = {"subclass": subclass} if subclass else {}
        self._changed(self._call("DELETE", f"/admin/category-limits/{code}", params=params))

    # -- the 签收 limit ---------------------------------------------------------------------

    def ack_limit(self) -> tuple[float, bool]:
        """Working hours to 签收 a dispatch, and whether that is the default."""
        data = self._call("GET", "/admin/ack-limit")
        return float(data["hours"]), bool(data["default"])

    def set_ack_limit(self, hours: float) -> float:
        data = self._call("PUT", "/admin/ack-limit", json={"hours": hours})
        return self._changed(float(data["hours"]))

    def reset_ack_limit(self) -> None:
        self._changed(self._call("DELETE", "/admin/ack-limit"))

    # -- the early-warning rules -------------------------------------------------------------

    def warning_rules(self) -> WarningRules:
        """The district's 预警 rules and thresholds (the defaults where none were set)."""
        return rules_from_json(self._call("GET", "/admin/warning-rules"))

    def set_warning_rules(self, rules: dict[str, Any]) -> WarningRules:
        """Rules as JSON (gridapp.domain.warning_rules); sections left out keep defaults."""
        return self._changed(rules_from_json(self._call("PUT", "/admin/warning-rules", json=rules)))

    def reset_warning_rules(self) -> None:
        self._changed(self._call("DELETE", "/admin/warning-rules"))

    # -- the district's base map ----------------------------------------------------------

    def set_base_map(self, source: TileSource) -> None:
        """Every laptop starts on these online tiles (and key) unless its user chose others."""
        fields = ("url", "attribution", "max_zoom", "crs", "subdomains", "label_url", "preset")
        body = {name: getattr(source, name) for name in fields}
        self._changed(self._call("PUT", "/admin/base-map", json=body))

    def clear_base_map(self) -> None:
        self._changed(self._call("DELETE", "/admin/base-map"))

    # -- calendar -------------------------------------------------------------------------

    def calendar(self, year: int) -> list[CalendarDay]:
        rows = self._call("GET", "/admin/calendar", params={"year": int(year)})
        return [CalendarDay(date.fromisoformat(r["day"]), r["is_workday"], r["note"]) for r in rows]

    def set_calendar_day(self, day: date, is_workday: bool, note: str = "") -> CalendarDay:
        body = {"is_workday": is_workday, "note": note}
        self._call("PUT", f"/admin/calendar/{day.isoformat()}", json=body)
        return self._changed(CalendarDay(day, is_workday, note))

    def delete_calendar_day(self, day: date) -> None:
        self._changed(self._call("DELETE", f"/admin/calendar/{day.isoformat()}"))

    def confirm_year(self, year: int) -> None:
        self._changed(self._call("POST", f"/admin/calendar/years/{int(year)}/confirm"))

    def unconfirmed_years(self, first: int, last: int) -> list[int]:
        """Years in [first, last] whose holidays nobody confirmed (deadlines may be off)."""
        calendar = self.ws.reference.calendar
        return [y for y in range(first, last + 1) if not calendar.is_confirmed(y)]

    # -- grids ----------------------------------------------------------------------------

    def import_grids(self, geojson: bytes | str | Path, *, dry_run: bool = False) -> ImportPreview:
        """Preview (``dry_run``) or apply a GeoJSON FeatureCollection of unit grids.

        A file with any bad feature is refused whole: ``ValidationError`` with code
        ``grid_import_invalid`` whose details hold the same preview (``features``).
        """
        if isinstance(geojson, Path):
            data = geojson.read_bytes()
        elif isinstance(geojson, str):
            data = geojson.encode("utf-8")
        else:
            data = geojson
        result = self._call(
            "POST",
            "/admin/grids/import",
            params={"dry_run": "true" if dry_run else "false"},
            content=data,
            headers={"Content-Type": "application/geo+json"},
        )
        preview = _build(ImportPreview, result)
        return preview if dry_run else self._changed(preview)

    @staticmethod
    def preview_of(error: GridappError) -> ImportPreview | None:
        """The per-feature preview carried by a refused import, if that is what it was."""
        if error.code != "grid_import_invalid" or "features" not in error.details:
            return None
        return _build(ImportPreview, error.details)
