"""Build the demo store: 淄博市周村区 with its grids, departments, users and cases.

Everything is derived from ``seed`` (and the ``end`` date), so two builds with the
same arguments hold the same cases, events and numbers.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import insert

from gridapp.demo.cases import DemoCases
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
from gridapp.workspace import Workspace

DEMO_SEED = 370306
DEMO_MONTHS = 6


def demo_start(end: date, months: int = DEMO_MONTHS) -> date:
    """The first day of the month ``months`` before ``end``'s month."""
    y, m = end.year, end.month - months
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def build_demo_store(
    path: Path,
    *,
    seed: int = DEMO_SEED,
    end: date | None = None,
    months: int = DEMO_MONTHS,
    per_day: float = 24.0,
) -> Workspace:
    """Create the demo central store at ``path`` (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    end = end or date.today()
    db = Database(path)
    geo = build_demo_geography(seed)
    streets = [
        StreetRecord(s.code, s.name, s.kind, has_centre=s.kind == "town", wkt=s.wkt)
        for s in geo.streets
    ]
    communities = [CommunityRecord(c.code, c.name, c.street_code, c.wkt) for c in geo.communities]
    departments = demo_departments(streets)
    users = demo_users(streets, geo.grids, departments, hash_password(DEMO_PASSWORD), seed)
    with db.write() as conn:
        conn.execute(
            insert(meta),
            [
                {"key": "store_role", "value": "central"},
                {"key": "county_code", "value": COUNTY_CODE},
                {"key": "demo_seed", "value": str(seed)},
                {"key": "demo_end", "value": end.isoformat()},
            ],
        )
        replace_geography(conn, streets, communities, geo.grids)
        upsert_departments(conn, departments)
        upsert_users(conn, users)
    ids = random.Random(seed + 1)
    ws = Workspace(db, new_id=lambda: str(uuid.UUID(int=ids.getrandbits(128), version=4)))
    start = datetime.combine(demo_start(end, months), time())
    finish = datetime.combine(end, time(hour=12))
    DemoCases(ws, seed, start, finish).run(per_day)
    ws.clock = lambda: finish
    ws.service.new_id = lambda: str(uuid.uuid4())
    return ws


def demo_end_of(ws: Workspace) -> datetime | None:
    value = ws._meta().get("demo_end")
    return datetime.combine(date.fromisoformat(value), time(12)) + timedelta() if value else None
