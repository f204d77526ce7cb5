"""The reference data snapshot a client pulls (everything but cases), versioned."""

from __future__ import annotations

from sqlalchemy import select

from gridapp.server.central import Central
from gridapp.store.schema import calendar_overrides, calendar_years, routing_rules
from gridapp.sync.protocol import ReferenceSnapshot, UserInfo


def snapshot(central: Central) -> ReferenceSnapshot:
    version = central.reference_version()
    ref = central.reference()
    with central.db.read() as conn:
        rules = [dict(r) for r in conn.execute(select(routing_rules)).mappings()]
        overrides = [
            {"day": r.day.isoformat(), "is_workday": r.is_workday, "note": r.note}
            for r in conn.execute(select(calendar_overrides))
        ]
        years = [r.year for r in conn.execute(select(calendar_years))]
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
            for u in ref.users.values()
            if u.active
        ],
        routing_rules=rules,
        calendar_overrides=overrides,
        calendar_years=years,
    )
