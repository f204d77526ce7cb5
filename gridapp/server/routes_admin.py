"""``/admin``: users, routing rules, the working calendar, the audit log.

Admin only (checked on the router and on every route), and every call is audited
as an ``admin_…`` row in the same transaction as the change it records. Changes to
reference data bump ``reference_version`` in that transaction too, so every service
process and every client reloads it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import Connection, and_, delete, insert, select, update

from gridapp.domain.roles import COMMAND_ROLES, Actor, Role
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.security.password_policy import MAX_LENGTH, check_new_password
from gridapp.security.passwords import hash_password
from gridapp.server import auth
from gridapp.server.central import Central
from gridapp.server.deps import central, client_ip, require_roles
from gridapp.store.counters import bump
from gridapp.store.reference import (
    ReferenceData,
    UserRecord,
    confirm_calendar_year,
    set_calendar_override,
    upsert_users,
)
from gridapp.store.schema import audit_log, routing_rules, user_grids, users
from gridapp.sync.protocol import ErrorOut, UserInfo, Username

_admin_only = require_roles(Role.ADMIN)
AdminActor = Annotated[Actor, Depends(_admin_only)]
Store = Annotated[Central, Depends(central)]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "未登录或登录已失效"},
    403: {"model": ErrorOut, "description": "仅系统管理员可用"},
    422: {"model": ErrorOut, "description": "请求格式错误"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "引用的对象不存在"}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorOut, "description": "与现有数据冲突"}
}


# The same callable as in AdminActor, so FastAPI runs (and audits a refusal) once.
def admin_router() -> APIRouter:
    """A router under /admin that only administrators pass (each admin_* module has one)."""
    return APIRouter(
        prefix="/admin", tags=["admin"], dependencies=[Depends(_admin_only)], responses=ERRORS
    )


router = admin_router()

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
# Length and content are checked by check_new_password, with a Chinese message.
NewPassword = Annotated[str, StringConstraints(max_length=MAX_LENGTH)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=16, pattern=r"^[0-9A-Za-z]+$")]
Note = Annotated[str, StringConstraints(max_length=128)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- models ----------------------------------------------------------------------------


class AdminUserOut(UserInfo):
    active: bool


class UserCreate(Body):
    username: Username
    display_name: Name
    role: Role
    street_code: Code | None = None
    department_code: Code | None = None
    grid_codes: list[Code] = Field(default_factory=list, max_length=500)
    password: NewPassword


class UserPatch(Body):
    active: bool | None = None
    display_name: Name | None = None
    grid_codes: list[Code] | None = Field(default=None, max_length=500)
    password: NewPassword | None = None


class RoutingRuleIn(Body):
    category_code: Code
    street_code: Code | None = None
    grid_code: Code | None = None
    department_code: Code
    note: Note = ""
    automatic: bool = False  # 智能派单 (routes_admin_routing: PATCH to switch it)


class RoutingRuleOut(RoutingRuleIn):
    id: int


class CalendarDayIn(Body):
    is_workday: bool
    note: Note = ""


class CalendarDayOut(CalendarDayIn):
    day: date


class CalendarYearOut(Body):
    year: int
    confirmed: bool


class AuditOut(Body):
    id: int
    at: datetime
    username: str | None
    action: str
    detail: dict[str, Any]
    ip: str | None


# --- helpers ---------------------------------------------------------------------------


def _audit(
    conn: Connection, store: Central, actor: Actor, request: Request, action: str, /, **detail: Any
) -> None:
    """The admin's row, in the transaction of what it records."""
    auth.audit_row(conn, store.clock(), actor.username, client_ip(request), action, **detail)


def _audit_change(
    conn: Connection, store: Central, actor: Actor, request: Request, action: str, /, **detail: Any
) -> None:
    """Reference data changed: every process and client reloads it; the admin's row."""
    bump(conn, "reference_version")
    _audit(conn, store, actor, request, action, **detail)


def _audit_read(
    store: Central, actor: Actor, request: Request, action: str, /, **detail: Any
) -> None:
    """Reading sessions, users or the audit log is itself worth a row."""
    auth.audit_alone(store, store.clock(), actor.username, client_ip(request), action, **detail)


def _admin_user_out(user: UserRecord) -> AdminUserOut:
    return AdminUserOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role.value,
        street_code=user.street_code,
        department_code=user.department_code,
        grid_codes=sorted(user.grid_codes),
        active=user.active,
    )


def _check_grids(ref: ReferenceData, codes: list[str]) -> None:
    unknown = sorted(set(codes) - set(ref.grids))
    if unknown:
        raise NotFoundError("unknown_grid", f"网格不存在：{'、'.join(unknown)}", codes=unknown)


def _check_user_fields(ref: ReferenceData, body: UserCreate) -> None:
    """Each role carries exactly what defines its scope, and it must exist."""
    if body.street_code is not None:
        if body.role not in COMMAND_ROLES:
            raise ValidationError("street_not_allowed", "只有指挥中心人员可以属于街道/镇中心")
        street = ref.streets.get(body.street_code)
        if street is None:
            raise NotFoundError("unknown_street", f"街道/镇不存在：{body.street_code}")
        if not street.has_centre:
            raise ValidationError("street_without_centre", f"{street.name}没有指挥中心")
    if body.role is Role.DEPARTMENT:
        if body.department_code is None:
            raise ValidationError("department_required", "专业部门账号必须指定部门")
        ref.department(body.department_code)
    elif body.department_code is not None:
        raise ValidationError("department_not_allowed", "只有专业部门账号可以指定部门")
    if body.grid_codes and body.role is not Role.GRID_OFFICER:
        raise ValidationError("grids_not_allowed", "只有网格员可以负责网格")
    _check_grids(ref, body.grid_codes)


def _load_user_or_404(conn: Connection, username: str) -> UserRecord:
    user = auth.load_user(conn, username)
    if user is None:
        raise NotFoundError("unknown_user", f"用户不存在：{username}", username=username)
    return user


def _check_rule(store: Central, body: RoutingRuleIn) -> None:
    """Every code of a rule must exist, and a grid must lie in the rule's street."""
    store.catalog.get(body.category_code)
    ref = store.reference()
    dept = ref.department(body.department_code)
    if body.street_code is not None and body.street_code not in ref.streets:
        raise NotFoundError("unknown_street", f"街道/镇不存在：{body.street_code}")
    if body.grid_code is not None:
        grid = ref.grids.get(body.grid_code)
        if grid is None:
            raise NotFoundError("unknown_grid", f"网格不存在：{body.grid_code}")
        if body.street_code is not None and grid.street_code != body.street_code:
            raise ValidationError("grid_outside_street", "网格不在该街道/镇内")
    town = body.street_code or (ref.grids[body.grid_code].street_code if body.grid_code else None)
    if dept.level == "town" and town is not None and dept.street_code != town:
        raise ValidationError("department_outside_street", "镇级部门只能处理本镇的案件")


def _rule_out(row: Any) -> RoutingRuleOut:
    return RoutingRuleOut(**row._asdict())


# --- users -----------------------------------------------------------------------------


@router.get("/users", response_model=list[AdminUserOut])
def get_users(request: Request, actor: AdminActor, store: Store) -> list[AdminUserOut]:
    """Every account, active or not (never a password hash)."""
    with store.db.read() as conn:
        grids_of: dict[str, list[str]] = {}
        for g in conn.execute(select(user_grids).order_by(user_grids.c.grid_code)):
            grids_of.setdefault(g.username, []).append(g.grid_code)
        rows = conn.execute(select(users).order_by(users.c.username)).all()
    result = [
        AdminUserOut(
            username=r.username,
            display_name=r.display_name,
            role=r.role,
            street_code=r.street_code,
            department_code=r.department_code,
            grid_codes=grids_of.get(r.username, []),
            active=bool(r.active),
        )
        for r in rows
    ]
    _audit_read(store, actor, request, "admin_list_users", count=len(result))
    return result


@router.post(
    "/users", status_code=201, response_model=AdminUserOut, responses={**NOT_FOUND, **CONFLICT}
)
def post_user(body: UserCreate, request: Request, actor: AdminActor, store: Store) -> AdminUserOut:
    """Create an account; the role's scope (town, department, grids) is checked first."""
    _check_user_fields(store.reference(), body)
    check_new_password(body.password, username=body.username)
    user = UserRecord(
        username=body.username,
        display_name=body.display_name,
        role=body.role,
        street_code=body.street_code,
        department_code=body.department_code,
        grid_codes=frozenset(body.grid_codes),
        password_hash=hash_password(body.password),
        active=True,
    )
    with store.db.write() as conn:
        if auth.load_user(conn, body.username) is not None:
            raise DomainError("user_exists", f"用户名已存在：{body.username}")
        upsert_users(conn, [user])
        _audit_change(
            conn,
            store,
            actor,
            request,
            "admin_create_user",
            target=user.username,
            role=user.role.value,
            street_code=user.street_code,
            department_code=user.department_code,
            grid_codes=sorted(user.grid_codes),
        )
    return _admin_user_out(user)


@router.patch("/users/{username}", response_model=AdminUserOut, responses={**NOT_FOUND, **CONFLICT})
def patch_user(
    username: Annotated[str, Path(max_length=64)],
    body: UserPatch,
    request: Request,
    actor: AdminActor,
    store: Store,
) -> AdminUserOut:
    """Enable/disable, rename, reassign grids or reset the password of an account.

    Disabling or resetting the password ends every session of the account at once.
    """
    if body.grid_codes is not None:
        _check_grids(store.reference(), body.grid_codes)
    if body.active is False and username == actor.username:
        raise DomainError("cannot_disable_self", "不能停用自己的账号")
    if body.password is not None:
        check_new_password(body.password, username=username)
    new_hash = hash_password(body.password) if body.password is not None else None
    changes: dict[str, Any] = {}
    with store.db.write() as conn:
        user = _load_user_or_404(conn, username)
        values: dict[str, Any] = {}
        if body.active is not None and body.active != user.active:
            values["active"] = changes["active"] = body.active
        if body.display_name is not None and body.display_name != user.display_name:
            values["display_name"] = changes["display_name"] = body.display_name
        if new_hash is not None:
            values["password_hash"] = new_hash
            changes["password_reset"] = True
        if body.grid_codes is not None and set(body.grid_codes) != user.grid_codes:
            if user.role is not Role.GRID_OFFICER and body.grid_codes:
                raise ValidationError("grids_not_allowed", "只有网格员可以负责网格")
            conn.execute(delete(user_grids).where(user_grids.c.username == username))
            codes = sorted(set(body.grid_codes))
            if codes:
                conn.execute(
                    insert(user_grids), [{"username": username, "grid_code": g} for g in codes]
                )
            changes["grid_codes"] = codes
        if values:
            conn.execute(update(users).where(users.c.username == username).values(**values))
        revoked = 0
        if body.active is False or new_hash is not None:
            revoked = auth.revoke_sessions(conn, username, store.clock())
        if changes:
            bump(conn, "reference_version")
        _audit(
            conn,
            store,
            actor,
            request,
            "admin_update_user",
            target=username,
            changes=changes,
            revoked_sessions=revoked,
        )
        updated = _load_user_or_404(conn, username)
    return _admin_user_out(updated)


# --- routing rules -------------------------------------------------------------------


@router.get("/routing-rules", response_model=list[RoutingRuleOut])
def get_routing_rules(request: Request, actor: AdminActor, store: Store) -> list[RoutingRuleOut]:
    """The rules that refine which department a category goes to, by street or grid."""
    with store.db.read() as conn:
        rows = conn.execute(select(routing_rules).order_by(routing_rules.c.id)).all()
    _audit_read(store, actor, request, "admin_list_routing_rules", count=len(rows))
    return [_rule_out(r) for r in rows]


@router.post(
    "/routing-rules",
    status_code=201,
    response_model=RoutingRuleOut,
    responses={**NOT_FOUND, **CONFLICT},
)
def post_routing_rule(
    body: RoutingRuleIn, request: Request, actor: AdminActor, store: Store
) -> RoutingRuleOut:
    """Add a rule; at most one per (category, street, grid)."""
    _check_rule(store, body)
    with store.db.write() as conn:
        same = and_(
            routing_rules.c.category_code == body.category_code,
            routing_rules.c.street_code.is_(None)
            if body.street_code is None
            else routing_rules.c.street_code == body.street_code,
            routing_rules.c.grid_code.is_(None)
            if body.grid_code is None
            else routing_rules.c.grid_code == body.grid_code,
        )
        if conn.execute(select(routing_rules.c.id).where(same)).first() is not None:
            raise DomainError("duplicate_rule", "同一分类和范围已有派遣规则")
        rule_id = conn.execute(
            insert(routing_rules).values(**body.model_dump()).returning(routing_rules.c.id)
        ).scalar_one()
        rule = {"id": rule_id, **body.model_dump()}
        _audit_change(conn, store, actor, request, "admin_create_routing_rule", **rule)
    return RoutingRuleOut(**rule)


@router.delete(
    "/routing-rules/{rule_id}", status_code=204, response_class=Response, responses=NOT_FOUND
)
def delete_routing_rule(
    rule_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    request: Request,
    actor: AdminActor,
    store: Store,
) -> Response:
    """Remove a rule; cases already dispatched keep their department."""
    with store.db.write() as conn:
        row = conn.execute(select(routing_rules).where(routing_rules.c.id == rule_id)).first()
        if row is None:
            raise NotFoundError("unknown_rule", f"派遣规则不存在：{rule_id}", id=rule_id)
        conn.execute(delete(routing_rules).where(routing_rules.c.id == rule_id))
        _audit_change(conn, store, actor, request, "admin_delete_routing_rule", **row._asdict())
    return Response(status_code=204)


# --- calendar --------------------------------------------------------------------------


@router.put("/calendar/{day}", response_model=CalendarDayOut)
def put_calendar_day(
    day: date, body: CalendarDayIn, request: Request, actor: AdminActor, store: Store
) -> CalendarDayOut:
    """A holiday or a make-up working day; deadlines use it from the next reload."""
    out = CalendarDayOut(day=day, is_workday=body.is_workday, note=body.note)
    with store.db.write() as conn:
        set_calendar_override(conn, day, body.is_workday, body.note)
        detail = out.model_dump(mode="json")  # the day as ISO text
        _audit_change(conn, store, actor, request, "admin_set_calendar_day", **detail)
    return out


@router.post("/calendar/years/{year}/confirm", response_model=CalendarYearOut)
def post_confirm_year(
    year: Annotated[int, Path(ge=2000, le=2100)], request: Request, actor: AdminActor, store: Store
) -> CalendarYearOut:
    """Mark a year's holidays as complete, which ends the "unconfirmed calendar" warning."""
    with store.db.write() as conn:
        confirm_calendar_year(conn, year)
        _audit_change(conn, store, actor, request, "admin_confirm_calendar_year", year=year)
    return CalendarYearOut(year=year, confirmed=True)


# --- audit -----------------------------------------------------------------------------


@router.get("/audit", response_model=list[AuditOut])
def get_audit(
    request: Request,
    actor: AdminActor,
    store: Store,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    action: Annotated[str | None, Query(max_length=32)] = None,
) -> list[AuditOut]:
    """The audit log, most recent first, optionally one action only."""
    stmt = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if action:
        stmt = stmt.where(audit_log.c.action == action)
    with store.db.read() as conn:
        rows = conn.execute(stmt).all()
    _audit_read(store, actor, request, "admin_read_audit", action=action, limit=limit)
    return [
        AuditOut(
            id=r.id,
            at=r.at,
            username=r.username,
            action=r.action,
            detail=json.loads(r.detail or "{}"),
            ip=r.ip,
        )
        for r in rows
    ]
