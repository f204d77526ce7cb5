"""The demo's 签收 and 协办: departments acknowledge their dispatches, co-departments feed back.

Draws come from the demo's own ``receipts`` stream, so adding them left the older fates
(filed, late, returned…) exactly as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gridapp.domain.case import CaseRecord, CaseState

if TYPE_CHECKING:
    from gridapp.demo.cases import DemoCases


def co_payload(demo: DemoCases, case: CaseRecord) -> dict:
    """About one dispatch in eight names one or two 协办 departments (联动处置)."""
    if demo.receipts.random() >= 0.125:
        return {}
    suggested, options = demo.ws.dispatch_options(case)
    others = [d.code for d in options if suggested is None or d.code != suggested.code]
    if suggested is None or not others:
        return {}
    co = demo.receipts.sample(others, min(len(others), demo.receipts.choice((1, 1, 2))))
    payload: dict = {"department_code": suggested.code, "co_department_codes": co}
    if demo.receipts.random() < 0.3:
        payload["co_limit_days"] = demo.receipts.choice((1, 2))
    return payload


def schedule_receipts(demo: DemoCases, case: CaseRecord) -> None:
    """Each party 签收 its dispatch, mostly within the limit (one in eight late, some
    never before they act on it); each 协办 department feeds back on its own."""
    hours = demo.ws.reference.ack_limit_hours
    parties = [case.department_code, *(c.code for c in case.co_departments)]
    for code in parties:
        if code is None:
            continue
        draw = demo.receipts.random()
        if draw < 0.04:
            continue  # acknowledged only by acting on the case
        share = demo.receipts.uniform(1.2, 4.0) if draw < 0.16 else demo.receipts.uniform(0.05, 0.9)
        demo.later(hours * 60 * share, lambda code=code: _acknowledge(demo, case.id, code))
    for co in case.co_departments:
        if co.deadline is None:
            continue
        late = demo.receipts.random() < 0.12
        cal = demo.ws.reference.calendar
        minutes = max(cal.working_minutes_between(demo.now, co.deadline), 1.0)
        share = demo.receipts.uniform(1.1, 2.0) if late else demo.receipts.uniform(0.2, 0.9)
        demo.later(minutes * share, lambda code=co.code: _co_feedback(demo, case.id, code))


def _acknowledge(demo: DemoCases, case_id: str, code: str) -> None:
    case = demo.ws.service.load(case_id)
    if case.state is not CaseState.DISPATCHED:
        return
    if code == case.department_code:
        done = case.acknowledged_at is not None
    else:
        entry = next((c for c in case.co_departments if c.code == code), None)
        done = entry is None or entry.acknowledged_at is not None
    if not done:
        demo.act(f"bm-{code.lower()}", case_id, "acknowledge", {"note": "已签收"})


def _co_feedback(demo: DemoCases, case_id: str, code: str) -> None:
    case = demo.ws.service.load(case_id)
    entry = next((c for c in case.co_departments if c.code == code), None)
    if case.state is not CaseState.DISPATCHED or entry is None or entry.fed_back_at:
        return
    note = demo.receipts.choice(
        ("已配合现场处置", "已派员协助清理", "已提供执法协助", "已完成本部门职责范围内的处置")
    )
    demo.act(f"bm-{code.lower()}", case_id, "co_feedback", {"note": note})
