"""What happened to each case, folded from its event log: the raw material of every indicator.

The report counts events (立案 time, 结案 time, deadlines), not the current projection:
``cases`` only says where a case is now, while a report on a past month must see the
case as it stood at the end of that month. So each case's accepted events are folded
here, stopping at the period end, into one :class:`CaseFacts` with the handling rounds
(one per 派遣/改派/返工/恢复), verification tasks, suspensions and decisions, each with
who did it and when.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, and_, func, or_, select

from gridapp.store.schema import case_events, cases


def _t(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


@dataclass(slots=True)
class Round:
    """One handling task of one department, from 派遣/改派/返工/恢复 until it ends."""

    dept: str
    kind: str  # dispatch | reassign | rework | resume
    start: datetime
    by: str  # who started it (dispatcher, officer for 返工, lead for 恢复)
    deadline: datetime | None
    ready_at: datetime  # when the dispatcher could first act (立案 / 回退), for 按时派遣
    extensions: list[tuple[datetime, str, datetime]] = field(default_factory=list)
    handled_at: datetime | None = None
    handled_by: str | None = None
    returned_at: datetime | None = None
    suspended: bool = False
    check_at: datetime | None = None
    check_by: str | None = None
    check_ok: bool | None = None


@dataclass(slots=True)
class VerifyTask:
    requested_at: datetime
    requested_by: str
    assignee: str
    done_at: datetime | None = None
    done_by: str | None = None
    result: bool | None = None


@dataclass(slots=True)
class Suspension:
    requested_at: datetime | None
    requested_by: str | None
    reason: str
    approved_at: datetime
    approved_by: str
    resumed_at: datetime | None = None


@dataclass(slots=True)
class CaseFacts:
    case_id: str
    number: str
    source: str
    category: str
    grid: str
    community: str
    street: str
    reported_at: datetime
    reported_by: str
    reporter_role: str
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    verifies: list[VerifyTask] = field(default_factory=list)
    filed_at: datetime | None = None
    filed_by: str | None = None
    file_ready_at: datetime | None = None
    rejected_at: datetime | None = None
    rejected_by: str | None = None
    reject_reason: str = ""
    voided_at: datetime | None = None
    voided_by: str | None = None
    void_reason: str = ""
    merged_at: datetime | None = None
    rounds: list[Round] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)
    pending_suspension: tuple[datetime, str, str] | None = None
    supervises: list[datetime] = field(default_factory=list)
    verified_at: datetime | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None

    @property
    def last_round(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def deadline(self) -> datetime | None:
        """The deadline in force at the end of the fold (extensions and 返工 included)."""
        r = self.last_round
        return r.deadline if r else None

    @property
    def department(self) -> str | None:
        r = self.last_round
        return r.dept if r and r.returned_at is None else None

    @property
    def is_open(self) -> bool:
        return not (self.closed_at or self.rejected_at or self.voided_at or self.merged_at)

    @property
    def suspended_now(self) -> bool:
        return bool(self.suspensions) and self.suspensions[-1].resumed_at is None


def _fold(facts: CaseFacts, action: str, actor: str, at: datetime, p: dict) -> None:
    r = facts.last_round
    match action:
        case "accept":
            facts.accepted_at, facts.accepted_by = at, actor
        case "request_verify":
            facts.verifies.append(VerifyTask(at, actor, str(p.get("assignee"))))
        case "verify_report":
            if facts.verifies:
                v = facts.verifies[-1]
                v.done_at, v.done_by, v.result = at, actor, bool(p.get("result"))
        case "file":
            facts.filed_at, facts.filed_by = at, actor
            facts.number = str(p.get("number") or facts.number)
            facts.category = str(p.get("category_code") or facts.category)
            done = [v.done_at for v in facts.verifies if v.done_at]
            facts.file_ready_at = max([facts.reported_at, *done])
        case "reject":
            facts.rejected_at, facts.rejected_by = at, actor
            facts.reject_reason = str(p.get("reason") or "")
        case "void":
            facts.voided_at, facts.voided_by = at, actor
            facts.void_reason = str(p.get("reason") or "")
        case "merge":
            facts.merged_at = at
        case "dispatch" | "reassign":
            if r is not None and r.returned_at is not None:
                ready = r.returned_at
            elif action == "dispatch":
                ready = facts.filed_at or at
            else:
                ready = at  # a voluntary 改派 is on time by definition
            facts.rounds.append(
                Round(str(p["department_code"]), action, at, actor, _t(p.get("deadline")), ready)
            )
        case "return" if r is not None:
            r.returned_at = at
        case "handle" if r is not None:
            r.handled_at, r.handled_by = at, actor
        case "approve_extension" if r is not None:
            new = _t(p.get("deadline"))
            if new is not None:
                r.extensions.append((at, actor, new))
                r.deadline = new
        case "request_suspension":
            facts.pending_suspension = (at, actor, str(p.get("reason") or ""))
        case "approve_suspension":
            req = facts.pending_suspension
            facts.suspensions.append(
                Suspension(
                    req[0] if req else None,
                    req[1] if req else None,
                    req[2] if req else str(p.get("reason") or ""),
                    at,
                    actor,
                )
            )
            facts.pending_suspension = None
            if r is not None:
                r.suspended = True
        case "deny_suspension":
            facts.pending_suspension = None
        case "resume":
            if facts.suspensions:
                facts.suspensions[-1].resumed_at = at
            dept = r.dept if r else str(p.get("department_code") or "")
            facts.rounds.append(Round(dept, "resume", at, actor, _t(p.get("deadline")), at))
        case "supervise":
            facts.supervises.append(at)
        case "check" if r is not None:
            r.check_at, r.check_by, r.check_ok = at, actor, bool(p.get("result"))
            if r.check_ok:
                facts.verified_at = at
            else:
                facts.rounds.append(Round(r.dept, "rework", at, actor, _t(p.get("deadline")), at))
        case "close":
            facts.closed_at, facts.closed_by = at, actor


def _new(row: dict, p: dict, at: datetime) -> CaseFacts:
    return CaseFacts(
        case_id=row["case_id"],
        number=str(p.get("number") or row["case_id"]),
        source=str(p.get("source") or ""),
        category=str(p.get("category_code") or ""),
        grid=str(p.get("grid_code") or ""),
        community=str(p.get("community_code") or ""),
        street=str(p.get("street_code") or ""),
        reported_at=at,
        reported_by=row["actor"],
        reporter_role=row["role"],
    )


def region_condition(region: str) -> object:
    """SQL condition on ``cases`` for a district (6), street (9) or community (12) code."""
    if len(region) == 9:
        return cases.c.street_code == region
    if len(region) == 12:
        return cases.c.community_code == region
    return cases.c.id.is_not(None)  # the district: every case of the store


def event_rows(
    conn: Connection, region: str, since: datetime, end: datetime, batch: int = 20_000
) -> Iterator[dict]:
    """Accepted (and this client's pending) events of the cases a period can be about:
    reported before ``end`` and not finished before ``since``, in case and log order."""
    at = func.coalesce(case_events.c.at_server, case_events.c.at_client)
    finished_early = and_(cases.c.closed_at.is_not(None), cases.c.closed_at < since)
    q = (
        select(
            case_events.c.case_id,
            case_events.c.action,
            case_events.c.actor,
            case_events.c.role,
            at.label("at"),
            case_events.c.payload,
        )
        .join(cases, cases.c.id == case_events.c.case_id)
        .where(
            region_condition(region),
            cases.c.reported_at < end,
            or_(~finished_early, cases.c.state == "suspended"),
            case_events.c.status != "rejected",
            at < end,
        )
        .order_by(
            case_events.c.case_id,
            case_events.c.seq.is_(None),
            case_events.c.seq,
            case_events.c.n,
        )
    )
    result = conn.execution_options(yield_per=batch).execute(q).mappings()
    for row in result:
        yield dict(row)


def fold_cases(rows: Iterable[dict]) -> list[CaseFacts]:
    """One CaseFacts per case, from rows grouped by case in log order."""
    out: list[CaseFacts] = []
    current: CaseFacts | None = None
    for row in rows:
        at = _t(row["at"])
        assert at is not None
        p = json.loads(row["payload"]) if row["payload"] else {}
        if row["action"] == "report":
            current = _new(row, p, at)
            out.append(current)
        elif current is not None and current.case_id == row["case_id"]:
            _fold(current, row["action"], row["actor"], at, p)
    return out


def load_facts(conn: Connection, region: str, since: datetime, end: datetime) -> list[CaseFacts]:
    return fold_cases(event_rows(conn, region, since, end))
