"""The reference data snapshot a client pulls (everything but cases), versioned.

Geography, departments, rules and the calendar are the same for everyone; the
users are not: each role gets only the people its work names (need to know),
never the whole staff list with everyone's role and grids. Whoever is left out
shows up in a timeline by username and role, which is what a client falls back to.
"""

from __future__ import annotations

from sqlalchemy import select

from gridapp.domain.roles import COMMAND_ROLES, Actor, Role
from gridapp.maps.tiles import DISTRICT_TILES_KEY
from gridapp.server.central import Central
from gridapp.store.meta_values import meta_value
from gridapp.store.reference import ReferenceData, UserRecord
from gridapp.store.schema import calendar_overrides, calendar_years, routing_rules
from gridapp.sync.protocol import ReferenceSnapshot, UserInfo


def _department_street(ref: ReferenceData, code: str | None) -> str | None:
    dept = ref.departments.get(code) if code else None
    return dept.street_code if dept is not None and dept.level == "town" else None


def _officer_streets(ref: ReferenceData, user: UserRecord | Actor) -> set[str]:
    """The towns of an officer's grids."""
    streets = {ref.grids[g].street_code for g in user.grid_codes if g in ref.grids}
    return streets | ({user.street_code} if user.street_code else set())


def _sees(ref: ReferenceData, actor: Actor, user: UserRecord) -> bool:
    """Whether ``actor``'s work needs ``user``'s name, role and grids."""
    if user.username == actor.username or actor.role in (Role.ADMIN, Role.SUPERVISOR):
        return True
    command = user.role in COMMAND_ROLES
    if actor.role is Role.GRID_OFFICER:
        # Officers of the same grids, and the centres their cases go to (town, district).
        if user.role is Role.GRID_OFFICER:
            return bool(user.grid_codes & actor.grid_codes)
        return command and (
            user.street_code is None or user.street_code in _officer_streets(ref, actor)
        )
    if actor.role is Role.DEPARTMENT:
        # Colleagues, and the centres that dispatch to the department.
        if user.role is Role.DEPARTMENT:
            return user.department_code == actor.department_code
        town = _department_street(ref, actor.department_code)
        return command and user.street_code in {None, town}
    if actor.role in COMMAND_ROLES and actor.street_code is None:
        return user.role is not Role.ADMIN  # the district centre works with everyone
    if actor.role in COMMAND_ROLES:
        # A town centre: its own staff and the district's, its officers, its departments.
        town = actor.street_code
        if command:
            return user.street_code in {None, town}
        if user.role is Role.GRID_OFFICER:
            return town in _officer_streets(ref, user)
        if user.role is Role.DEPARTMENT:
            return _department_street(ref, user.department_code) == town
    return False


def users_for(ref: ReferenceData, actor: Actor) -> list[UserRecord]:
    """The active users ``actor`` may know about (always including themself)."""
    return [u for u in ref.users.values() if u.active and _sees(ref, actor, u)]


def snapshot(central: Central, actor: Actor) -> ReferenceSnapshot:
    version = central.reference_version()
    ref = central.reference()
    with central.db.read() as conn:
        rules = [dict(r) for r in conn.execute(select(routing_rules)).mappings()]
        overrides = [
            {"day": r.day.isoformat(), "is_workday": r.is_workday, "note": r.note}
            for r in conn.execute(select(calendar_overrides))
        ]
        years = [r.year for r in conn.execute(select(calendar_years))]
        base_map = meta_value(conn, DISTRICT_TILES_KEY)
    return ReferenceSnapshot(
        version=version,
        county_code=central.county_code,
        streets=[vars(s) for s in ref.streets.values()],
        communities=[vars(c) for c in ref.communities.values()],
        grids=[
            {
                "code": g.code,
                "name": g.name,
                "street_code": g.street_code,
                "community_code": g.community_code,
                "wkt": g.wkt,
            }
            for g in ref.grids.values()
        ],
        departments=[vars(d) for d in ref.departments.values()],
        users=[
            UserInfo(
                username=u.username,
                display_name=u.display_name,
                role=u.role.value,
                street_code=u.street_code,
                department_code=u.department_code,
                grid_codes=sorted(u.grid_codes),
            )
            for u in users_for(ref, actor)
        ],
        routing_rules=rules,
        calendar_overrides=overrides,
        calendar_years=years,
        category_limits=ref.limit_overrides,
        warning_rules=ref.warning_rules,
        base_map=base_map or "",
        ack_limit_hours=ref.ack_limit_hours,
    )
