"""A dispatched case's requests through the Workspace, on a real SQLite store.

回退 and 改派, 延期 and 挂账, 催办 and 督办.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from gridapp.domain.case import CaseState
from gridapp.domain.worktime import OverdueLevel
from gridapp.errors import DomainError, ValidationError
from tests.core.helpers import (
    URBAN,
    act,
    drive,
    report,
    snapshot,
    state,
)

S = CaseState


# -- 回退 / 改派 ---------------------------------------------------------------------------------


def test_return_then_reassign(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    assert ws.record(cid).department_code == "D02"
    with pytest.raises(ValidationError) as err:
        act(ws, "bm-d02", cid, "return")
    assert err.value.code == "missing_field"
    act(ws, "bm-d02", cid, "return", {"reason": "不属本部门职责"})
    rec = ws.record(cid)
    assert rec.state is S.FILED and rec.department_code is None and rec.return_count == 1
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "dispatch")
    assert err.value.code == "already_dispatched"
    act(ws, "paiqian", cid, "reassign", {"department_code": "D03", "reason": "改派执法"})
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.department_code == "D03"
    assert rec.dispatch_count == 2 and rec.departments == ("D02", "D03")
    # reassigning to the department that has it now is refused
    before = snapshot(ws)
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "reassign", {"department_code": "D03", "reason": "x"})
    assert err.value.code == "same_department"
    assert snapshot(ws) == before
    # D02 no longer acts on it, D03 does
    with pytest.raises(DomainError) as err:
        act(ws, "bm-d02", cid, "handle", {"note": "x"})
    assert err.value.code == "out_of_scope"
    act(ws, "bm-d03", cid, "handle", {"note": "已处置"})
    assert state(ws, cid) is S.HANDLED


def test_reassign_after_return_refuses_the_returning_department(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    act(ws, "bm-d02", cid, "return", {"reason": "不属本部门职责"})
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "reassign", {"department_code": "D02", "reason": "x"})
    assert err.value.code == "same_department"


def test_reassign_while_dispatched(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    act(ws, "bm-d02", cid, "request_extension", {"deadline": "2026-11-17T17:30:00", "reason": "r"})
    act(ws, "paiqian", cid, "reassign", {"department_code": "D05", "reason": "改派"})
    rec = ws.record(cid)
    assert rec.department_code == "D05" and rec.pending_request is None
    assert rec.requested_deadline is None and rec.dispatch_count == 2


# -- 延期 / 挂账 ----------------------------------------------------------------------------------


def test_extension_approved_moves_the_deadline(ws, clock):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    original = ws.record(cid).deadline
    assert original == datetime(2026, 11, 16, 11, 0)
    with pytest.raises(ValidationError) as err:
        act(
            ws,
            "bm-d02",
            cid,
            "request_extension",
            {"deadline": "2026-11-16T10:00:00", "reason": "r"},
        )
    assert err.value.code == "bad_deadline"
    act(
        ws,
        "bm-d02",
        cid,
        "request_extension",
        {"deadline": "2026-11-17T12:00:00", "reason": "需机械"},
    )
    rec = ws.record(cid)
    assert rec.pending_request == "extension"
    assert rec.requested_deadline == datetime(2026, 11, 17, 12, 0)
    with pytest.raises(DomainError) as err:
        act(ws, "bm-d02", cid, "request_suspension", {"reason": "x"})
    assert err.value.code == "request_pending"
    clock.advance(minutes=20)
    act(ws, "paiqian", cid, "approve_extension")
    rec = ws.record(cid)
    assert rec.deadline == datetime(2026, 11, 17, 12, 0)
    assert rec.deadline_original == original
    assert rec.clock_start == datetime(2026, 11, 16, 9, 0)
    assert rec.pending_request is None and rec.requested_deadline is None
    # 80 % of the working time from Mon 09:00 to Tue 12:00 (7 h + 3.5 h) is 8.4 h
    assert rec.warn_at == datetime(2026, 11, 17, 9, 54)
    ws.act_as("paiqian")
    assert ws.case(cid).deadline.original == original


def test_extension_approved_with_other_deadline(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    act(ws, "bm-d02", cid, "request_extension", {"deadline": "2026-11-19T17:30:00", "reason": "r"})
    act(ws, "zhiban", cid, "approve_extension", {"deadline": "2026-11-18T17:30:00"})
    assert ws.record(cid).deadline == datetime(2026, 11, 18, 17, 30)


def test_extension_denied_keeps_the_deadline(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    before = ws.record(cid)
    act(ws, "bm-d02", cid, "request_extension", {"deadline": "2026-11-18T17:30:00", "reason": "r"})
    with pytest.raises(ValidationError) as err:
        act(ws, "paiqian", cid, "deny_extension")
    assert err.value.code == "missing_field"
    act(ws, "paiqian", cid, "deny_extension", {"reason": "时限内可完成"})
    rec = ws.record(cid)
    assert rec.deadline == before.deadline and rec.warn_at == before.warn_at
    assert rec.pending_request is None and rec.requested_deadline is None
    before = snapshot(ws)
    with pytest.raises((DomainError, ValidationError)):  # exact code: see the xfail below
        act(ws, "paiqian", cid, "approve_extension")
    assert snapshot(ws) == before


def test_approve_extension_without_request_says_no_pending_request(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "approve_extension")
    assert err.value.code == "no_pending_request"


def test_suspension_then_resume_gives_a_new_deadline(ws, clock):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    act(ws, "bm-d02", cid, "request_suspension", {"reason": "待拆迁"})
    assert ws.record(cid).pending_request == "suspension"
    act(ws, "paiqian", cid, "approve_suspension")
    rec = ws.record(cid)
    assert rec.state is S.SUSPENDED and rec.suspended_at == clock.now
    with pytest.raises(DomainError) as err:
        act(ws, "bm-d02", cid, "handle", {"note": "x"})
    assert err.value.code == "wrong_state"
    act(ws, "ducha", cid, "supervise", {"note": "挂账督办"})
    assert ws.record(cid).supervise_count == 1
    ws.act_as("paiqian")
    assert ws.case(cid).deadline.level is OverdueLevel.NONE  # the clock is stopped

    clock.now = datetime(2026, 11, 18, 14, 0)  # Wednesday afternoon
    act(ws, "zhiban", cid, "resume", {"note": "条件具备"})
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.suspended_at is None
    assert rec.clock_start == datetime(2026, 11, 18, 14, 0)
    assert rec.deadline == datetime(2026, 11, 18, 16, 0)
    assert rec.deadline_original == datetime(2026, 11, 16, 11, 0)


def test_suspension_denied(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    act(ws, "bm-d02", cid, "request_suspension", {"reason": "r"})
    act(ws, "zhiban", cid, "deny_suspension", {"reason": "应当处置"})
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.pending_request is None


def test_urge_and_supervise_counters(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    act(ws, "paiqian", cid, "urge", {"note": "请尽快"})
    act(ws, "ducha", cid, "urge")
    act(ws, "zhiban", cid, "supervise", {"note": "督办"})
    rec = ws.record(cid)
    assert (rec.urge_count, rec.supervise_count) == (2, 1)
    with pytest.raises(DomainError) as err:
        act(ws, "bm-d02", cid, "urge")
    assert err.value.code == "role_not_allowed"
    act(ws, "bm-d02", cid, "handle", {"note": "ok"})
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "urge")
    assert err.value.code == "wrong_state"
