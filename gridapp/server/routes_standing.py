"""``GET /standing``: the caller's own month-to-date standing with the rank table.

Only grid officers and departments have one, and only their own: the route takes no
parameter naming a user or department, so nobody can read another's detail. The rank
table carries rank, score and grade per peer and marks the caller's row; no names,
usernames or case numbers of peers (see ``gridapp/reports/standing.py`` for why).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from gridapp.domain.roles import Actor, Role
from gridapp.errors import ValidationError
from gridapp.reports import fact_store
from gridapp.reports.standing import month_to_date, to_json
from gridapp.reports.standing_facade import standing_of
from gridapp.server.central import Central
from gridapp.server.deps import central, require_roles
from gridapp.sync.protocol import ErrorOut

router = APIRouter(tags=["standing"])
ERRORS = {401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 422: {"model": ErrorOut}}
MAX_DAYS = 366


def _compute(store: Central, actor: Actor, start: date | None, end: date | None) -> dict[str, Any]:
    today = store.clock().date()
    first, last = month_to_date(today)
    first, last = start or first, end or last
    bounded = all(1970 <= d.year <= 2199 for d in (first, last))
    if not bounded or last < first or (last - first) > timedelta(days=MAX_DAYS - 1):
        raise ValidationError("bad_period", f"统计期无效：{first} 至 {last}")
    fact_store.refresh_stale(store.db)
    with store.db.read() as conn:
        standing = standing_of(
            store.reference(),
            store.local_catalog(),
            conn,
            actor,
            (first, last),
            store.clock(),
            peers=True,
        )
    answer = to_json(standing)
    # the service's own store: say so (the core's label speaks of "this computer's store")
    answer["snapshot_label"] = f"数据截至 {store.clock():%Y-%m-%d %H:%M}（同步服务）"
    return answer


@router.get("/standing", responses=ERRORS)
async def my_standing(
    store: Annotated[Central, Depends(central)],
    actor: Annotated[Actor, Depends(require_roles(Role.GRID_OFFICER, Role.DEPARTMENT))],
    start: Annotated[date | None, Query()] = None,
    end: Annotated[date | None, Query()] = None,
) -> dict[str, Any]:
    """The caller's standing (default: this month to date, China time)."""
    return await run_in_threadpool(_compute, store, actor, start, end)
