"""The 延期、回退、挂账 ledgers (one sheet each) read from the event log.

Why from the log and not from the case rows: a case row keeps only the last request;
the log keeps every one, who asked, who decided and when. A request is paired with
the decision that followed it on the same case (批准/驳回; for a 回退 the 改派 or
派遣 that gave the case to a department again). Only cases the user may see, and
only accepted or pending events (a refused sync event never happened).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import and_, select

from gridapp.domain.actions import Action
from gridapp.domain.events import EventStatus, parse_time
from gridapp.reports.safe_cells import append_row
from gridapp.store.case_queries import scope_condition
from gridapp.store.schema import case_events, cases

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

A = Action
EXTENSION, RETURN, SUSPENSION = "extension", "return", "suspension"
#: ledger kind → (sheet title, the asking action, the deciding actions → result text)
KINDS: dict[str, tuple[str, Action, dict[Action, str]]] = {
    EXTENSION: (
        "延期台账", A.REQUEST_EXTENSION, {A.APPROVE_EXTENSION: "批准", A.DENY_EXTENSION: "驳回"}
    ),
    RETURN: ("回退台账", A.RETURN, {A.REASSIGN: "已改派", A.DISPATCH: "已派遣", A.VOID: "已作废"}),
    SUSPENSION: (
        "挂账台账", A.REQUEST_SUSPENSION, {A.APPROVE_SUSPENSION: "批准", A.DENY_SUSPENSION: "驳回"}
    ),
}  # fmt: skip
HEADER = [
    "案卷号", "申请单位", "申请人", "申请时间", "申请理由", "申请期限",
    "审批人", "审批时间", "审批结果", "审批意见",
]  # fmt: skip
WIDTHS = [24, 16, 12, 18, 36, 18, 12, 18, 10, 36]
_ACTIONS = sorted({a.value for _t, ask, decide in KINDS.values() for a in (ask, *decide)})


@dataclass(frozen=True)
class LedgerLine:
    """One request and its decision (the decision fields empty while it waits)."""

    kind: str
    case_id: str
    number: str
    unit: str  # the department that asked (or gave the case back)
    asked_by: str
    asked_at: datetime
    reason: str
    asked_until: datetime | None  # the deadline a 延期 asked for
    decided_by: str = ""
    decided_at: datetime | None = None
    result: str = ""  # 批准 / 驳回 / 已改派 …; "" = waiting for a decision
    decision_note: str = ""


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else ""


class RequestLedgers:
    """Pairs requests with decisions for the cases the user may see."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def lines(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> dict[str, list[LedgerLine]]:
        """Every ledger's lines, asked within [since, until) when given, in time order."""
        rows = self._events()
        open_by_case: dict[tuple[str, str], int] = {}  # → index of the waiting line
        out: dict[str, list[LedgerLine]] = {k: [] for k in KINDS}
        for row in rows:
            action = Action(row["action"])
            payload: dict[str, Any] = json.loads(row["payload"])
            at = row["at_server"] or row["at_client"]
            for kind, (_title, ask, decide) in KINDS.items():
                key = (kind, row["case_id"])
                if action is ask:
                    line = LedgerLine(
                        kind=kind,
                        case_id=row["case_id"],
                        number=row["number"],
                        unit=self._department(row, payload),
                        asked_by=self._name(row["actor"]),
                        asked_at=at,
                        reason=str(payload.get("reason") or payload.get("note") or ""),
                        asked_until=parse_time(payload.get("deadline")),
                    )
                    open_by_case[key] = len(out[kind])
                    out[kind].append(line)
                elif action in decide and key in open_by_case:
                    index = open_by_case.pop(key)
                    out[kind][index] = replace(
                        out[kind][index],
                        decided_by=self._name(row["actor"]),
                        decided_at=at,
                        result=self._result(action, decide[action], payload),
                        decision_note=str(payload.get("note") or payload.get("reason") or ""),
                    )
        for kind, lines in out.items():
            kept = [
                ln
                for ln in lines
                if (since is None or ln.asked_at >= since)
                and (until is None or ln.asked_at < until)
            ]
            out[kind] = sorted(kept, key=lambda ln: (ln.asked_at, ln.number))
        return out

    def write(
        self, path: Path | str, since: datetime | None = None, until: datetime | None = None
    ) -> dict[str, int]:
        """The three ledgers into one workbook; returns the line count of each sheet."""
        lines = self.lines(since, until)
        wb = Workbook(write_only=True)
        counts: dict[str, int] = {}
        for kind, (title, _ask, _decide) in KINDS.items():
            sheet = wb.create_sheet(title)
            sheet.freeze_panes = "A2"
            for i, width in enumerate(WIDTHS, start=1):
                sheet.column_dimensions[get_column_letter(i)].width = width
            append_row(sheet, HEADER)
            for line in lines[kind]:
                append_row(sheet, _cells(line))
            counts[kind] = len(lines[kind])
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}{counts[kind] + 1}"
        wb.save(Path(path))
        return counts

    # -- inside ----------------------------------------------------------------------------

    def _events(self) -> Iterable[Any]:
        e, c = case_events.c, cases.c
        q = (
            select(e.case_id, e.action, e.actor, e.at_client, e.at_server, e.payload, c.number)
            .select_from(case_events.join(cases, and_(c.id == e.case_id)))
            .where(
                e.action.in_(_ACTIONS),
                e.status != EventStatus.REJECTED.value,
                scope_condition(self.ws.user),
            )
            .order_by(e.case_id, e.seq.is_(None), e.seq, e.n)
        )
        with self.ws.service.reading() as conn:
            return list(conn.execute(q).mappings())

    def _name(self, username: str) -> str:
        user = self.ws.reference.users.get(username)
        return user.display_name if user else username

    def _department(self, row: Any, payload: dict[str, Any]) -> str:
        user = self.ws.reference.users.get(row["actor"])
        code = user.department_code if user else None
        dept = self.ws.reference.departments.get(code or "")
        return (dept.short or dept.name) if dept else ""

    def _result(self, action: Action, text: str, payload: dict[str, Any]) -> str:
        if action in (Action.REASSIGN, Action.DISPATCH):
            dept = self.ws.reference.departments.get(str(payload.get("department_code") or ""))
            if dept is not None:
                return f"{text}至{dept.short or dept.name}"
        return text


def _cells(line: LedgerLine) -> list[str]:
    return [
        line.number,
        line.unit,
        line.asked_by,
        _when(line.asked_at),
        line.reason,
        _when(line.asked_until),
        line.decided_by,
        _when(line.decided_at),
        line.result or "待审批",
        line.decision_note,
    ]
