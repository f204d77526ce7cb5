"""Writing the demo district's reference data (no cases) into a fresh store."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert

from gridapp.demo.district import COUNTY_CODE, build_demo_geography
from gridapp.demo.people import DEMO_PASSWORD, demo_departments, demo_users
from gridapp.security.passwords import hash_password
from gridapp.store.database import Database
from gridapp.store.reference import (
    CommunityRecord,
    StreetRecord,
    replace_geography,
    upsert_departments,
    upsert_users,
)
from gridapp.store.schema import meta


def write_demo_reference(
    db: Database, *, seed: int, end: date | None = None, store_role: str = "central"
) -> None:
    geo = build_demo_geography(seed)
    streets = [
        StreetRecord(s.code, s.name, s.kind, has_centre=s.kind == "town", wkt=s.wkt)
        for s in geo.streets
    ]
    communities = [CommunityRecord(c.code, c.name, c.street_code, c.wkt) for c in geo.communities]
    departments = demo_departments(streets)
    users = demo_users(streets, geo.grids, departments, hash_password(DEMO_PASSWORD), seed)
    settings = {"store_role": store_role, "county_code": COUNTY_CODE, "demo_seed": str(seed)}
    if end is not None:
        settings["demo_end"] = end.isoformat()
    with db.write() as conn:
        conn.execute(insert(meta), [{"key": k, "value": v} for k, v in settings.items()])
        replace_geography(conn, streets, communities, geo.grids)
        upsert_departments(conn, departments)
        upsert_users(conn, users)
