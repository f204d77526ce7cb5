"""Replacing the client's copy of the reference data with the service's snapshot.

Users keep their local offline verifier (the Argon2id hash made at an online
login on this machine): the snapshot never carries password hashes.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, delete, insert, select

from gridapp.domain.geo import Grid
from gridapp.domain.roles import Role
from gridapp.maps.tiles import DISTRICT_TILES_KEY
from gridapp.store.meta_values import set_meta_value
from gridapp.store.reference import (
    CommunityRecord,
    DepartmentRecord,
    StreetRecord,
    UserRecord,
    parse_ack_hours,
    replace_geography,
    set_ack_limit_hours,
    set_limit_overrides,
    set_warning_rules,
    upsert_departments,
    upsert_users,
)
from gridapp.store.schema import (
    calendar_overrides,
    calendar_years,
    routing_rules,
    user_grids,
    users,
)
from gridapp.sync.local import set_state
from gridapp.sync.protocol import ReferenceSnapshot


def apply_snapshot(conn: Connection, snap: ReferenceSnapshot) -> None:
    verifiers = dict(conn.execute(select(users.c.username, users.c.password_hash)).all())
    streets = [StreetRecord(**s) for s in snap.streets]
    names = {s.code: s.name for s in streets}
    communities = [CommunityRecord(**c) for c in snap.communities]
    community_names = {c.code: c.name for c in communities}
    grids = [
        Grid(
            code=g["code"],
            name=g["name"],
            street_code=g["street_code"],
            street_name=names.get(g["street_code"], ""),
            community_code=g["community_code"],
            community_name=community_names.get(g["community_code"], ""),
            wkt=g["wkt"],
        )
        for g in snap.grids
    ]
    conn.execute(delete(routing_rules))
    replace_geography(conn, streets, communities, grids)
    upsert_departments(conn, [DepartmentRecord(**d) for d in snap.departments])
    current = {u.username for u in snap.users}
    for username in set(verifiers) - current:  # gone or disabled on the server
        conn.execute(delete(user_grids).where(user_grids.c.username == username))
        conn.execute(delete(users).where(users.c.username == username))
    upsert_users(
        conn,
        [
            UserRecord(
                username=u.username,
                display_name=u.display_name,
                role=Role(u.role),
                street_code=u.street_code,
                department_code=u.department_code,
                grid_codes=frozenset(u.grid_codes),
                password_hash=verifiers.get(u.username),
            )
            for u in snap.users
        ],
    )
    if snap.routing_rules:
        conn.execute(insert(routing_rules), snap.routing_rules)
    conn.execute(delete(calendar_overrides))
    for o in snap.calendar_overrides:
        conn.execute(
            insert(calendar_overrides).values(
                day=date.fromisoformat(o["day"]), is_workday=o["is_workday"], note=o["note"]
            )
        )
    conn.execute(delete(calendar_years))
    for year in snap.calendar_years:
        conn.execute(insert(calendar_years).values(year=year))
    set_limit_overrides(conn, snap.category_limits)
    set_warning_rules(conn, snap.warning_rules)
    set_meta_value(conn, DISTRICT_TILES_KEY, snap.base_map or None)
    set_meta_value(conn, "county_code", snap.county_code)
    set_ack_limit_hours(conn, parse_ack_hours(snap.ack_limit_hours))
    set_state(conn, reference_version=snap.version)
