"""Reference data (streets, communities, grids, departments, users, calendar) in the store.

Loaded once into a :class:`ReferenceData` snapshot; every case action reads it from
memory. The central store owns it; a client replaces its copy from a snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from gridapp.domain.co_handling import DEFAULT_ACK_HOURS, MAX_ACK_HOURS
from gridapp.domain.geo import Grid, GridIndex
from gridapp.domain.limit_overrides import META_KEY as LIMITS_KEY
from gridapp.domain.roles import Actor, Role
from gridapp.domain.warning_rules import META_KEY as WARNING_RULES_KEY
from gridapp.domain.worktime import WorkCalendar
from gridapp.errors import NotFoundError
from gridapp.store.meta_values import meta_json, meta_value, set_meta_json, set_meta_value
from gridapp.store.schema import (
    calendar_overrides,
    calendar_years,
    communities,
    departments,
    grids,
    routing_rules,
    streets,
    user_grids,
    users,
)


@dataclass(frozen=True)
class StreetRecord:
    code: str
    name: str
    kind: str  # street (街道) / town (镇)
    has_centre: bool  # a town-level command centre handles this street's cases
    wkt: str


@dataclass(frozen=True)
class CommunityRecord:
    code: str
    name: str
    street_code: str
    wkt: str


@dataclass(frozen=True)
class DepartmentRecord:
    code: str
    name: str
    short: str
    level: str  # district / town
    street_code: str | None = None
    active: bool = True


@dataclass(frozen=True)
class UserRecord:
    username: str
    display_name: str
    role: Role
    street_code: str | None = None
    department_code: str | None = None
    grid_codes: frozenset[str] = field(default_factory=frozenset)
    password_hash: str | None = None
    active: bool = True

    def to_actor(self) -> Actor:
        return Actor(
            username=self.username,
            role=self.role,
            display_name=self.display_name,
            street_code=self.street_code,
            department_code=self.department_code,
            grid_codes=self.grid_codes,
        )


@dataclass(frozen=True)
class RoutingRule:
    """small category × (grid | street | anywhere) → department; the most specific wins."""

    id: int
    category_code: str
    department_code: str
    street_code: str | None = None
    grid_code: str | None = None
    note: str = ""
    automatic: bool = False  # 智能派单: dispatch at 立案 without a dispatcher

    def specificity(self, grid_code: str, street_code: str) -> int | None:
        """3 grid, 2 street, 1 category only; None when the rule does not apply."""
        if self.grid_code:
            return 3 if self.grid_code == grid_code else None
        if self.street_code:
            return 2 if self.street_code == street_code else None
        return 1


@dataclass
class ReferenceData:
    streets: dict[str, StreetRecord]
    communities: dict[str, CommunityRecord]
    grids: dict[str, Grid]
    departments: dict[str, DepartmentRecord]
    users: dict[str, UserRecord]
    calendar: WorkCalendar
    routing_rules: list[RoutingRule] = field(default_factory=list)
    # The administrator's handling limits (gridapp.domain.limit_overrides), as stored.
    limit_overrides: dict[str, Any] = field(default_factory=dict)
    # The administrator's early-warning rules (gridapp.domain.warning_rules), as stored.
    warning_rules: dict[str, Any] = field(default_factory=dict)
    # 签收 within this many working hours of a dispatch (meta ``ack_limit_hours``).
    ack_limit_hours: float = DEFAULT_ACK_HOURS

    @cached_property
    def grid_index(self) -> GridIndex:
        return GridIndex(self.grids.values())

    def user(self, username: str) -> UserRecord:
        try:
            return self.users[username]
        except KeyError:
            raise NotFoundError("unknown_user", f"用户不存在：{username}") from None

    def department(self, code: str) -> DepartmentRecord:
        dept = self.departments.get(code)
        if dept is None or not dept.active:
            raise NotFoundError("unknown_department", f"处置部门不存在：{code}", code=code)
        return dept

    def officers_of_grid(self, grid_code: str) -> list[UserRecord]:
        return [
            u
            for u in self.users.values()
            if u.role is Role.GRID_OFFICER and u.active and grid_code in u.grid_codes
        ]


def load_reference(conn: Connection) -> ReferenceData:
    street_rows = {r.code: StreetRecord(**r._asdict()) for r in conn.execute(select(streets))}
    comm_rows = {r.code: CommunityRecord(**r._asdict()) for r in conn.execute(select(communities))}
    grid_rows = {}
    for r in conn.execute(select(grids)):
        street = street_rows[r.street_code]
        comm = comm_rows[r.community_code]
        grid_rows[r.code] = Grid(
            code=r.code,
            name=r.name,
            street_code=r.street_code,
            street_name=street.name,
            community_code=r.community_code,
            community_name=comm.name,
            wkt=r.wkt,
        )
    dept_rows = {r.code: DepartmentRecord(**r._asdict()) for r in conn.execute(select(departments))}
    grids_of: dict[str, set[str]] = {}
    for r in conn.execute(select(user_grids)):
        grids_of.setdefault(r.username, set()).add(r.grid_code)
    user_rows = {}
    for r in conn.execute(select(users)):
        values = r._asdict()
        values["role"] = Role(values["role"])
        user_rows[r.username] = UserRecord(
            **values, grid_codes=frozenset(grids_of.get(r.username, ()))
        )
    overrides = {r.day: r.is_workday for r in conn.execute(select(calendar_overrides))}
    years = [r.year for r in conn.execute(select(calendar_years))]
    rules = [
        RoutingRule(**r._asdict())
        for r in conn.execute(select(routing_rules).order_by(routing_rules.c.id))
    ]
    return ReferenceData(
        streets=street_rows,
        communities=comm_rows,
        grids=grid_rows,
        departments=dept_rows,
        users=user_rows,
        calendar=WorkCalendar(overrides=overrides, confirmed_years=years),
        routing_rules=rules,
        limit_overrides=meta_json(conn, LIMITS_KEY),
        warning_rules=meta_json(conn, WARNING_RULES_KEY),
        ack_limit_hours=ack_limit_hours(conn),
    )


ACK_LIMIT_KEY = "ack_limit_hours"


def parse_ack_hours(value: object) -> float | None:
    """A stored or sent 签收 limit, or None when it is not a sane number of hours."""
    try:
        hours = float(str(value))
    except (TypeError, ValueError):
        return None
    return hours if 0 < hours <= MAX_ACK_HOURS else None


def ack_limit_hours(conn: Connection) -> float:
    text = meta_value(conn, ACK_LIMIT_KEY)
    hours = parse_ack_hours(text) if text is not None else None
    return DEFAULT_ACK_HOURS if hours is None else hours


def set_ack_limit_hours(conn: Connection, hours: float | None) -> None:
    """Store the administrator's 签收 limit (None: back to the default)."""
    set_meta_value(conn, ACK_LIMIT_KEY, None if hours is None else f"{hours:g}")


def set_limit_overrides(conn: Connection, overrides: dict[str, Any]) -> None:
    """Store the administrator's limits (the whole set: one meta row)."""
    set_meta_json(conn, LIMITS_KEY, overrides)


def set_warning_rules(conn: Connection, rules: dict[str, Any]) -> None:
    """Store the administrator's early-warning rules ({} = the defaults)."""
    set_meta_json(conn, WARNING_RULES_KEY, rules)


def replace_geography(
    conn: Connection,
    street_list: Iterable[StreetRecord],
    community_list: Iterable[CommunityRecord],
    grid_list: Iterable[Grid],
) -> None:
    conn.execute(delete(user_grids))
    conn.execute(delete(grids))
    conn.execute(delete(communities))
    conn.execute(delete(streets))
    _insert_all(conn, streets, [vars(s) for s in street_list])
    _insert_all(conn, communities, [vars(c) for c in community_list])
    _insert_all(
        conn,
        grids,
        [
            {
                "code": g.code,
                "name": g.name,
                "street_code": g.street_code,
                "community_code": g.community_code,
                "wkt": g.wkt,
            }
            for g in grid_list
        ],
    )


def upsert_departments(conn: Connection, dept_list: Iterable[DepartmentRecord]) -> None:
    for dept in dept_list:
        conn.execute(delete(departments).where(departments.c.code == dept.code))
        conn.execute(insert(departments).values(**vars(dept)))


def upsert_users(conn: Connection, user_list: Iterable[UserRecord]) -> None:
    for user in user_list:
        values = {k: v for k, v in vars(user).items() if k != "grid_codes"}
        values["role"] = user.role.value
        conn.execute(delete(user_grids).where(user_grids.c.username == user.username))
        conn.execute(delete(users).where(users.c.username == user.username))
        conn.execute(insert(users).values(**values))
        _insert_all(
            conn, user_grids, [{"username": user.username, "grid_code": g} for g in user.grid_codes]
        )


def set_calendar_override(conn: Connection, day: object, is_workday: bool, note: str = "") -> None:
    conn.execute(delete(calendar_overrides).where(calendar_overrides.c.day == day))
    conn.execute(insert(calendar_overrides).values(day=day, is_workday=is_workday, note=note))


def confirm_calendar_year(conn: Connection, year: int) -> None:
    conn.execute(delete(calendar_years).where(calendar_years.c.year == year))
    conn.execute(insert(calendar_years).values(year=year))


def _insert_all(conn: Connection, table: object, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(table), rows)  # type: ignore[arg-type]
