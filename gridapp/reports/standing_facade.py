"""``ws.standing``: the signed-in officer's or department's own standing (我的考评).

``local()`` computes it from this store (offline: the user's own figures; on a central
store, e.g. the demo, with the rank table too). ``from_service()`` asks the sync service,
which alone holds every peer's figures, for the same standing with the rank table
(no names). The dialog shows the local one at once and the service's when it answers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from gridapp.bulk_work import collector_paused
from gridapp.errors import DomainError
from gridapp.reports import fact_store
from gridapp.reports.indicators import ReportBuilder
from gridapp.reports.standing import (
    DEPARTMENT,
    OFFICER,
    Standing,
    compute,
    from_json,
    month_to_date,
)
from gridapp.reports.weights import load_weights

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from gridapp.domain.catalog import Catalog
    from gridapp.domain.roles import Actor
    from gridapp.store.reference import ReferenceData
    from gridapp.workspace import Workspace


def subject_of(actor: Actor) -> tuple[str, str] | None:
    """(subject, code) whose standing ``actor`` may see: only their own, or None."""
    if actor.role.value == OFFICER:
        return OFFICER, actor.username
    if actor.role.value == DEPARTMENT and actor.department_code:
        return DEPARTMENT, actor.department_code
    return None


def standing_of(
    reference: ReferenceData,
    catalog: Catalog,
    conn: Connection,
    actor: Actor,
    period: tuple[date, date],
    now: datetime,
    *,
    peers: bool,
) -> Standing:
    """The standing of ``actor`` themself (``forbidden`` for roles without one)."""
    subject = subject_of(actor)
    if subject is None:
        raise DomainError("forbidden", "只有监督员和专业部门有“我的考评”")
    start, end = period
    builder = ReportBuilder(reference, catalog, load_weights(conn))
    with collector_paused():
        return compute(
            builder,
            conn,
            subject=subject[0],
            code=subject[1],
            start=start,
            end=end,
            now=now,
            with_peers=peers,
        )


class MyStanding:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def available(self) -> bool:
        """Whether the signed-in user has a standing to see (officer or department)."""
        try:
            return subject_of(self.ws.user) is not None
        except DomainError:
            return False

    def period(self) -> tuple[date, date]:
        return month_to_date(self.ws.clock().date())

    def local(self, period: tuple[date, date] | None = None) -> Standing:
        """Month to date (or ``period``) from this store; the rank only on a central store."""
        fact_store.refresh_stale(self.ws.db)
        with self.ws.db.read() as conn:
            return standing_of(
                self.ws.reference,
                self.ws.catalog,
                conn,
                self.ws.user,
                period or self.period(),
                self.ws.clock(),
                peers=self.ws.authority,
            )

    def case_id(self, number: str) -> str | None:
        """The id of the case a figure lists by number (the id itself before a number)."""
        from sqlalchemy import or_, select

        from gridapp.store.schema import cases

        q = select(cases.c.id).where(or_(cases.c.number == number, cases.c.id == number))
        with self.ws.db.read() as conn:
            return conn.execute(q.limit(1)).scalar()

    def online(self) -> bool:
        sync = getattr(self.ws, "sync", None)
        return bool(sync is not None and sync.online)

    def from_service(self) -> Standing:
        """The service's answer (with the rank table); TransientError when unreachable."""
        sync = getattr(self.ws, "sync", None)
        if sync is None:
            raise DomainError("offline", "未连接同步服务")
        start, end = self.period()
        answer = sync.client.transport._request(
            "GET", "/standing", params={"start": start.isoformat(), "end": end.isoformat()}
        )
        return from_json(answer.json())
