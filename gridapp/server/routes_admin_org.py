"""``/admin``: departments, a user's role and organisation, the calendar overrides of a year.

A second admin router beside :mod:`routes_admin` (kept under 500 lines), built on the
same role check so a refusal is audited once. Every change writes its ``admin_…``
audit row and bumps ``reference_version`` in the transaction that makes it, so
every service process and every client reloads the reference data.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Path, Query, Request, Response
from pydantic import Field
from sqlalchemy import Connection, delete, func, insert, select, update

from gridapp.domain.case import CaseState
from gridapp.domain.roles import Role
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.server import auth
from gridapp.server.routes_admin import (
    CONFLICT,
    NOT_FOUND,
    AdminActor,
    AdminUserOut,
    Body,
    CalendarDayOut,
    Code,
    Store,
    UserCreate,
    _admin_user_out,
    _audit,
    _audit_change,
    _audit_read,
    _check_user_fields,
    _load_user_or_404,
    admin_router,
)
from gridapp.store.counters import bump
from gridapp.store.reference import ReferenceData
from gridapp.store.schema import calendar_overrides, cases, departments, user_grids, users

router = admin_router()

Level = Literal["district", "town"]
Short = Annotated[str, Field(min_length=1, max_length=32)]
_OPEN_STATES = [s.value for s in CaseState if not s.is_terminal]


# --- models ----------------------------------------------------------------------------


class DepartmentOut(Body):
    code: str
    name: str
    short: str
    level: str
    street_code: str | None = None
    active: bool
    open_cases: int = 0
    users: int = 0


class DepartmentCreate(Body):
    code: Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[0-9A-Za-z]+$")]
    name: Annotated[str, Field(min_length=1, max_length=128)]
    short: Short
    level: Level = "district"
    street_code: Code | None = None


class DepartmentPatch(Body):
    name: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    short: Short | None = None
    level: Level | None = None
    # Explicit null clears it (a town department made district-level).
    street_code: Code | None = None
    active: bool | None = None


class UserRoleIn(Body):
    """A user's role and the organisation that defines its scope, replaced together."""

    role: Role
    street_code: Code | None = None
    department_code: Code | None = None
    grid_codes: list[Code] = Field(default_factory=list, max_length=500)


# --- helpers ---------------------------------------------------------------------------


def _counts(conn: Connection) -> tuple[dict[str, int], dict[str, int]]:
    """Open cases and users per department: what deactivating one would strand."""
    open_cases = dict(
        conn.execute(
            select(cases.c.department_code, func.count())
            .where(cases.c.state.in_(_OPEN_STATES), cases.c.department_code.is_not(None))
            .group_by(cases.c.department_code)
        ).all()
    )
    members = dict(
        conn.execute(
            select(users.c.department_code, func.count())
            .where(users.c.department_code.is_not(None), users.c.active.is_(True))
            .group_by(users.c.department_code)
        ).all()
    )
    return open_cases, members


def _dept_out(row: Any, open_cases: dict[str, int], members: dict[str, int]) -> DepartmentOut:
    return DepartmentOut(
        code=row.code,
        name=row.name,
        short=row.short,
        level=row.level,
        street_code=row.street_code,
        active=bool(row.active),
        open_cases=open_cases.get(row.code, 0),
        users=members.get(row.code, 0),
    )


def _check_level(ref: ReferenceData, level: str, street_code: str | None) -> None:
    """A town department belongs to a town with its own centre; a district one to none."""
    if level == "district":
        if street_code is not None:
            raise ValidationError("street_not_allowed", "区级部门不属于街道/镇")
        return
    if street_code is None:
        raise ValidationError("street_required", "镇级部门必须指定所属镇")
    street = ref.streets.get(street_code)
    if street is None:
        raise NotFoundError("unknown_street", f"街道/镇不存在：{street_code}")
    if not street.has_centre:
        raise ValidationError("street_without_centre", f"{street.name}没有指挥中心")


def _dept_row(conn: Connection, code: str) -> Any:
    row = conn.execute(select(departments).where(departments.c.code == code)).first()
    if row is None:
        raise NotFoundError("unknown_department", f"处置部门不存在：{code}", code=code)
    return row


# --- departments -----------------------------------------------------------------------


@router.get("/departments", response_model=list[DepartmentOut])
def get_departments(request: Request, actor: AdminActor, store: Store) -> list[DepartmentOut]:
    """Every department, inactive ones too, with its open cases and active users."""
    with store.db.read() as conn:
        rows = conn.execute(select(departments).order_by(departments.c.code)).all()
        open_cases, members = _counts(conn)
    _audit_read(store, actor, request, "admin_list_departments", count=len(rows))
    return [_dept_out(r, open_cases, members) for r in rows]


@router.post(
    "/departments",
    status_code=201,
    response_model=DepartmentOut,
    responses={**NOT_FOUND, **CONFLICT},
)
def post_department(
    body: DepartmentCreate, request: Request, actor: AdminActor, store: Store
) -> DepartmentOut:
    """A new department; a town one must belong to a town with a command centre."""
    _check_level(store.reference(), body.level, body.street_code)
    with store.db.write() as conn:
        if conn.execute(select(departments.c.code).where(departments.c.code == body.code)).first():
            raise DomainError("department_exists", f"部门编码已存在：{body.code}", code=body.code)
        conn.execute(insert(departments).values(**body.model_dump(), active=True))
        _audit_change(conn, store, actor, request, "admin_create_department", **body.model_dump())
        row = _dept_row(conn, body.code)
    return _dept_out(row, {}, {})


@router.patch(
    "/departments/{code}", response_model=DepartmentOut, responses={**NOT_FOUND, **CONFLICT}
)
def patch_department(
    code: Annotated[str, Path(max_length=16)],
    body: DepartmentPatch,
    request: Request,
    actor: AdminActor,
    store: Store,
) -> DepartmentOut:
    """Rename, move between levels or towns, deactivate or reactivate a department.

    Deactivating one that still holds open cases is refused: those cases would have
    nobody to handle them. Redispatch them first.
    """
    given = body.model_dump(exclude_unset=True)
    # An explicit null clears street_code only; the other columns must keep a value.
    if nulls := sorted(k for k, v in given.items() if v is None and k != "street_code"):
        raise ValidationError("missing_field", f"不能为空：{', '.join(nulls)}")
    with store.db.write() as conn:
        row = _dept_row(conn, code)
        current = row._asdict()
        level = given.get("level", current["level"])
        street = given["street_code"] if "street_code" in given else current["street_code"]
        if level == "district" and "street_code" not in given:
            street = None  # made district-level: it no longer belongs to a town
        if "level" in given or "street_code" in given:
            _check_level(store.reference(), level, street)
        values = {k: v for k, v in given.items() if k not in ("level", "street_code")}
        values["level"], values["street_code"] = level, street
        changes = {k: v for k, v in values.items() if current.get(k) != v}
        open_cases, members = _counts(conn)
        if changes.get("active") is False and open_cases.get(code, 0):
            n = open_cases[code]
            raise DomainError(
                "department_has_open_cases",
                f"该部门还有 {n} 件未办结案件，请先改派后再停用",
                code=code,
                open_cases=n,
            )
        if changes:
            conn.execute(update(departments).where(departments.c.code == code).values(**changes))
            bump(conn, "reference_version")
        _audit(conn, store, actor, request, "admin_update_department", target=code, changes=changes)
        row = _dept_row(conn, code)
    return _dept_out(row, open_cases, members)


# --- a user's role and organisation ----------------------------------------------------


@router.put(
    "/users/{username}/role", response_model=AdminUserOut, responses={**NOT_FOUND, **CONFLICT}
)
def put_user_role(
    username: Annotated[str, Path(max_length=64)],
    body: UserRoleIn,
    request: Request,
    actor: AdminActor,
    store: Store,
) -> AdminUserOut:
    """Give a user another role or organisation (town, department, grids) at once.

    The scope changes with it, so the user's sessions end: the next login gets the
    new scope and the client pulls the cases it now may see.
    """
    ref = store.reference()
    # The same scope rules as a new account (only the role and organisation are read).
    probe = UserCreate.model_construct(
        role=body.role,
        street_code=body.street_code,
        department_code=body.department_code,
        grid_codes=body.grid_codes,
    )
    _check_user_fields(ref, probe)
    if username == actor.username and body.role is not Role.ADMIN:
        raise DomainError("cannot_demote_self", "不能取消自己的管理员角色")
    codes = sorted(set(body.grid_codes))
    with store.db.write() as conn:
        before = _load_user_or_404(conn, username)
        conn.execute(
            update(users)
            .where(users.c.username == username)
            .values(
                role=body.role.value,
                street_code=body.street_code,
                department_code=body.department_code,
            )
        )
        conn.execute(delete(user_grids).where(user_grids.c.username == username))
        if codes:
            conn.execute(
                insert(user_grids), [{"username": username, "grid_code": g} for g in codes]
            )
        revoked = auth.revoke_sessions(conn, username, store.clock())
        _audit_change(
            conn,
            store,
            actor,
            request,
            "admin_set_user_role",
            target=username,
            role_before=before.role.value,
            role=body.role.value,
            street_code=body.street_code,
            department_code=body.department_code,
            grid_codes=codes,
            revoked_sessions=revoked,
        )
        updated = _load_user_or_404(conn, username)
    return _admin_user_out(updated)


# --- calendar overrides ----------------------------------------------------------------


@router.get("/calendar", response_model=list[CalendarDayOut])
def get_calendar(
    request: Request,
    actor: AdminActor,
    store: Store,
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> list[CalendarDayOut]:
    """The holidays and make-up working days an admin set for one year."""
    with store.db.read() as conn:
        rows = conn.execute(
            select(calendar_overrides)
            .where(
                calendar_overrides.c.day >= date(year, 1, 1),
                calendar_overrides.c.day <= date(year, 12, 31),
            )
            .order_by(calendar_overrides.c.day)
        ).all()
    return [CalendarDayOut(day=r.day, is_workday=bool(r.is_workday), note=r.note) for r in rows]


@router.delete("/calendar/{day}", status_code=204, response_class=Response, responses=NOT_FOUND)
def delete_calendar_day(day: date, request: Request, actor: AdminActor, store: Store) -> Response:
    """Drop an override (a mistaken holiday): the day falls back to the built-in calendar."""
    with store.db.write() as conn:
        gone = conn.execute(delete(calendar_overrides).where(calendar_overrides.c.day == day))
        if not gone.rowcount:
            raise NotFoundError("unknown_calendar_day", f"该日期没有调整：{day.isoformat()}")
        _audit_change(conn, store, actor, request, "admin_delete_calendar_day", day=day.isoformat())
    return Response(status_code=204)
