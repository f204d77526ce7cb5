"""Reading 专项整治 back from the 督办 events that carry them (gridapp.domain.campaigns)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, Connection, select

from gridapp.domain.case import CaseState
from gridapp.store.schema import case_events, cases


@dataclass(slots=True)
class Campaign:
    """A campaign as its events tell it; progress is closed / total of its cases now."""

    id: str
    name: str
    deadline: date
    started_by: str
    started_at: datetime
    warning: str | None = None
    case_ids: list[str] = field(default_factory=list)
    closed: int = 0

    @property
    def total(self) -> int:
        return len(self.case_ids)

    @property
    def progress(self) -> float:
        return self.closed / self.total if self.total else 0.0

    def late(self, today: date) -> bool:
        """Past its deadline with cases still open."""
        return today > self.deadline and self.closed < self.total


def load_campaigns(conn: Connection, scope: ColumnElement[bool]) -> list[Campaign]:
    """Every campaign with at least one case in ``scope``, newest first."""
    e, c = case_events.c, cases.c
    q = (
        select(e.case_id, e.actor, e.at_server, e.at_client, e.payload, c.state)
        .join(cases, cases.c.id == e.case_id)
        .where(
            e.action == "supervise",
            e.status != "rejected",
            e.payload.contains('"campaign"'),
            scope,
        )
        .order_by(e.seq.is_(None), e.seq, e.n)
    )
    found: dict[str, Campaign] = {}
    for r in conn.execute(q):
        tag = json.loads(r.payload).get("campaign")
        if not isinstance(tag, dict) or "id" not in tag:
            continue
        camp = found.get(tag["id"])
        if camp is None:
            camp = found[tag["id"]] = Campaign(
                tag["id"],
                str(tag.get("name") or ""),
                date.fromisoformat(str(tag["deadline"])),
                r.actor,
                r.at_server or r.at_client,
                tag.get("warning"),
            )
        if r.case_id not in camp.case_ids:
            camp.case_ids.append(r.case_id)
            camp.closed += r.state == CaseState.CLOSED.value
    return sorted(found.values(), key=lambda k: (k.started_at, k.id), reverse=True)
