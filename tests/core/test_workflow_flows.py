"""The closed loop end to end through the Workspace, on a real SQLite store."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from gridapp.casework.changes import Changes
from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState, Source, Tier
from gridapp.domain.worktime import OverdueLevel
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.workspace import CaseQuery
from tests.core.helpers import (
    BEIJIAO,
    GARBAGE,
    MANHOLE,
    NANJIAO,
    URBAN,
    URBAN2,
    act,
    drive,
    grid_in,
    officer_of,
    other_officer,
    png,
    report,
    snapshot,
)

S = CaseState
NUMBER = re.compile(r"^370306-\d{8}-\d{4}$")


def state(ws, case_id):
    return ws.service.load(case_id).state


def test_patrol_closed_loop_in_an_urban_street(ws, clock):
    grid = grid_in(ws, URBAN)
    officer = officer_of(ws, grid.code)
    cid = report(ws, URBAN, description="丝绸路北口暴露垃圾", photos=[png()])
    rec = ws.record(cid)
    assert rec.state is S.REPORTED and rec.source is Source.PATROL
    assert rec.tier is Tier.DISTRICT and rec.grid_code == grid.code
    assert rec.reported_by == officer and rec.number_provisional
    assert rec.number.startswith("临-20261116-")
    assert len(rec.photos) == 1

    ch = act(ws, "shouli", cid, "accept")
    assert ch.case_ids == {cid} and len(ch.event_ids) == 1
    assert ws.record(cid).accepted and state(ws, cid) is S.REPORTED

    clock.advance(minutes=10)
    act(ws, "zhiban", cid, "file", {"note": "符合立案条件"})
    rec = ws.record(cid)
    assert rec.state is S.FILED and rec.number == "370306-20261116-0001"
    assert not rec.number_provisional and rec.filed_at == datetime(2026, 11, 16, 9, 10)

    clock.now = datetime(2026, 11, 16, 9, 0)  # dispatch at Monday 09:00 sharp
    ws.act_as("paiqian")
    suggested, options = ws.dispatch_options(cid)
    assert suggested is not None and suggested.code == ws.catalog.get(GARBAGE).default_department
    assert suggested.code == "D02" and suggested in options
    act(ws, "paiqian", cid, "dispatch")
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.department_code == "D02"
    assert rec.deadline == datetime(2026, 11, 16, 11, 0)  # 2 工作时
    assert rec.deadline_original == rec.deadline
    assert rec.warn_at == datetime(2026, 11, 16, 10, 36)  # 80 %
    assert rec.deadline_unit == "work_hour" and rec.dispatch_count == 1

    clock.advance(minutes=50)
    act(ws, "bm-d02", cid, "handle", {"note": "已清理"}, photos=[png((10, 200, 10))])
    rec = ws.record(cid)
    assert rec.state is S.HANDLED and len(rec.handle_photos) == 1

    # 核查 fails: 返工, back to the department with a fresh limit from now (09:50)
    act(ws, officer, cid, "check", {"result": False, "note": "仍有残留"}, photos=[png((1, 2, 3))])
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.rework_count == 1
    assert rec.department_code == "D02" and rec.handled_at is None
    assert rec.deadline == datetime(2026, 11, 16, 11, 50)
    assert rec.clock_start == datetime(2026, 11, 16, 9, 50)
    assert rec.deadline_original == datetime(2026, 11, 16, 11, 0)
    assert len(rec.check_photos) == 1

    clock.advance(minutes=30)
    act(ws, "bm-d02", cid, "handle", {"note": "再次清理"}, photos=[png((9, 9, 9))])
    act(ws, officer, cid, "check", {"result": True})
    assert state(ws, cid) is S.VERIFIED
    act(ws, "zhiban", cid, "close")
    rec = ws.record(cid)
    assert rec.state is S.CLOSED and rec.closed_at == clock.now
    assert rec.rework_count == 1 and rec.dispatch_count == 1

    ws.act_as("zhiban")
    detail = ws.case(cid)
    assert [t.action for t in detail.timeline] == [
        Action.REPORT,
        Action.ACCEPT,
        Action.FILE,
        Action.DISPATCH,
        Action.HANDLE,
        Action.CHECK,
        Action.HANDLE,
        Action.CHECK,
        Action.CLOSE,
    ]
    users = ws.reference.users
    for entry in detail.timeline:
        assert entry.actor_name == users[entry.actor].display_name
        assert entry.actor_name and entry.actor_name != entry.actor
        assert entry.status == "accepted"
    assert detail.timeline[2].text == "符合立案条件"
    assert detail.actions == ()
    assert detail.case.version == 9


def test_hotline_needs_verification_then_files(ws):
    grid = grid_in(ws, URBAN, 3)
    cid = report(ws, URBAN, index=3, source="hotline", reporter_phone="13812341234")
    assert ws.record(cid).reported_by == "shouli"
    act(ws, "shouli", cid, "accept")
    with pytest.raises(DomainError) as err:
        act(ws, "zhiban", cid, "file")
    assert err.value.code == "verification_required"

    act(ws, "shouli", cid, "request_verify")
    rec = ws.record(cid)
    assert rec.verify_assignee == officer_of(ws, grid.code)
    with pytest.raises(DomainError) as err:
        act(ws, "zhiban", cid, "file")
    assert err.value.code == "verify_pending"

    ws.act_as(rec.verify_assignee)
    assert [c.id for c in ws.list_cases(CaseQuery(verify_assignee=rec.verify_assignee))] == [cid]
    assert Action.VERIFY_REPORT in ws.case(cid).actions
    act(ws, rec.verify_assignee, cid, "verify_report", {"result": True, "note": "属实"})
    assert ws.record(cid).verify_result is True
    act(ws, "zhiban", cid, "file")
    assert state(ws, cid) is S.FILED


def test_hotline_verified_false_is_rejected(ws):
    cid = report(ws, URBAN2, source="public", reporter_phone="13812341234")
    act(ws, "shouli", cid, "accept")
    act(ws, "shouli", cid, "request_verify")
    assignee = ws.record(cid).verify_assignee
    act(ws, assignee, cid, "verify_report", {"result": False, "note": "现场无垃圾"})
    with pytest.raises(DomainError) as err:
        act(ws, "zhiban", cid, "file")
    assert err.value.code == "verification_required"
    act(ws, "shouli", cid, "reject", {"reason": "核实不属实"})
    rec = ws.record(cid)
    assert rec.state is S.REJECTED and rec.disposition == "not_filed"
    assert rec.closed_at is not None and rec.number_provisional


def test_verify_result_must_be_a_boolean(ws):
    cid = report(ws, URBAN, source="hotline")
    act(ws, "shouli", cid, "request_verify")
    assignee = ws.record(cid).verify_assignee
    before = snapshot(ws)
    with pytest.raises(ValidationError) as err:
        act(ws, assignee, cid, "verify_report", {"result": "yes"})
    assert err.value.code == "bad_field"
    assert snapshot(ws) == before


def test_verify_task_for_an_officer_of_another_grid_is_doable(ws):
    grid = grid_in(ws, URBAN)
    cid = report(ws, URBAN, source="hotline")
    stranger = other_officer(ws, grid.code)
    try:
        act(ws, "shouli", cid, "request_verify", {"assignee": stranger})
    except (DomainError, ValidationError):
        return  # refusing such an assignee up front is a fix too
    act(ws, stranger, cid, "verify_report", {"result": True})
    assert ws.record(cid).verify_result is True


# -- 分层分级: the town tier ------------------------------------------------------------------


def _town_case(ws, street=BEIJIAO, **kw):
    return report(ws, street, source="camera", category=GARBAGE, **kw)


def test_town_case_is_handled_by_its_town_centre(ws):
    cid = _town_case(ws)
    rec = ws.record(cid)
    assert rec.tier is Tier.TOWN and rec.street_code == BEIJIAO
    with pytest.raises(DomainError) as err:
        act(ws, "shouli", cid, "accept")
    assert err.value.code == "out_of_scope"
    with pytest.raises(NotFoundError) as nf:
        act(ws, "nj-shouli", cid, "accept")
    assert nf.value.code == "unknown_case"  # another town does not even see it
    act(ws, "bj-shouli", cid, "accept")
    act(ws, "bj-zhiban", cid, "file")
    assert NUMBER.match(ws.record(cid).number)

    ws.act_as("bj-paiqian")
    suggested, options = ws.dispatch_options(cid)
    assert suggested.code == "T101HW"  # the town's 环卫 for a district default of D02
    assert {d.code for d in options} == {"T101ZF", "T101HW", "T101CJ", "T101LH"}

    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "dispatch")
    assert err.value.code == "out_of_scope"
    before = snapshot(ws)
    for dept in ("D02", "T102HW"):
        with pytest.raises(DomainError) as err:
            act(ws, "bj-paiqian", cid, "dispatch", {"department_code": dept})
        assert err.value.code == "department_not_allowed"
    assert snapshot(ws) == before
    act(ws, "bj-paiqian", cid, "dispatch", {"department_code": "T101ZF"})
    assert ws.record(cid).department_code == "T101ZF"
    act(ws, "bm-t101zf", cid, "handle", {"note": "ok"})
    act(ws, officer_of(ws, rec.grid_code), cid, "check", {"result": True})
    with pytest.raises(DomainError) as err:
        act(ws, "zhiban", cid, "close")
    assert err.value.code == "out_of_scope"
    act(ws, "bj-zhiban", cid, "close")
    assert state(ws, cid) is S.CLOSED


def test_district_dispatch_of_town_case_is_out_of_scope_whatever_the_department(ws):
    cid = _town_case(ws)
    drive(ws, cid, S.FILED)
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "dispatch", {"department_code": "D02"})
    assert err.value.code == "out_of_scope"


def test_escalate_and_hand_down(ws):
    cid = _town_case(ws, index=2)
    act(ws, "bj-shouli", cid, "accept")
    with pytest.raises(ValidationError) as err:
        act(ws, "bj-shouli", cid, "escalate")
    assert err.value.code == "missing_field"  # escalate needs a reason
    act(ws, "bj-zhiban", cid, "escalate", {"reason": "跨镇街，需区级协调"})
    rec = ws.record(cid)
    assert rec.tier is Tier.DISTRICT and rec.street_code == BEIJIAO
    with pytest.raises(DomainError) as err:
        act(ws, "bj-zhiban", cid, "file")
    assert err.value.code == "out_of_scope"
    act(ws, "zhiban", cid, "file")
    ws.act_as("paiqian")
    suggested, _options = ws.dispatch_options(cid)
    assert suggested.code == "D02"

    # a district case in a town goes back down
    act(ws, "shouli", cid, "hand_down", {"note": "属镇街职责"})
    assert ws.record(cid).tier is Tier.TOWN
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "dispatch")
    assert err.value.code == "out_of_scope"
    act(ws, "bj-paiqian", cid, "dispatch")
    assert ws.record(cid).department_code == "T101HW"
    with pytest.raises(DomainError) as err:
        act(ws, "bj-zhiban", cid, "escalate", {"reason": "x"})
    assert err.value.code == "wrong_state"


def test_hand_down_refused_where_there_is_no_town_centre(ws):
    cid = report(ws, URBAN)
    with pytest.raises(DomainError):
        act(ws, "shouli", cid, "hand_down")


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


# -- merge / void ----------------------------------------------------------------------------------


def test_merge_into_an_open_case(ws):
    first = report(ws, URBAN)
    dup = report(ws, URBAN)
    ws.act_as("shouli")
    lon, lat = ws.record(first).lon, ws.record(first).lat
    assert {c.id for c in ws.nearby_open_cases(GARBAGE, lon, lat)} == {first, dup}
    drive(ws, first, S.DISPATCHED)
    act(ws, "shouli", dup, "merge", {"into": first, "note": "重复上报"})
    rec = ws.record(dup)
    assert rec.state is S.MERGED and rec.merged_into == first and rec.closed_at is not None
    assert {c.id for c in ws.nearby_open_cases(GARBAGE, lon, lat)} == {first}


def test_merge_refusals(ws):
    closed = report(ws, URBAN)
    drive(ws, closed, S.CLOSED)
    dup = report(ws, URBAN)
    town = _town_case(ws)
    before = snapshot(ws)
    with pytest.raises(DomainError) as err:
        act(ws, "shouli", dup, "merge", {"into": closed})
    assert err.value.code == "bad_merge_target"
    with pytest.raises(DomainError) as err:
        act(ws, "shouli", dup, "merge", {"into": dup})
    assert err.value.code == "bad_merge_target"
    with pytest.raises(NotFoundError) as nf:
        act(ws, "shouli", dup, "merge", {"into": "no-such-case"})
    assert nf.value.code == "unknown_case"
    with pytest.raises(NotFoundError) as nf:  # a town centre cannot merge into what it can't see
        act(ws, "bj-shouli", town, "merge", {"into": dup})
    assert nf.value.code == "unknown_case"
    assert snapshot(ws) == before
    assert state(ws, dup) is S.REPORTED


def test_void_after_filing(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.FILED)
    with pytest.raises(DomainError) as err:
        act(ws, "shouli", cid, "void", {"reason": "x"})
    assert err.value.code == "role_not_allowed"
    act(ws, "zhiban", cid, "void", {"reason": "重复立案"})
    rec = ws.record(cid)
    assert rec.state is S.REJECTED and rec.disposition == "voided"
    assert NUMBER.match(rec.number)


# -- deadlines and overdue levels -------------------------------------------------------------


def test_yellow_and_red_levels(ws, clock):
    cid = report(ws, URBAN)
    slow = report(ws, URBAN2, category=MANHOLE)  # 3 工作日
    drive(ws, cid, S.DISPATCHED)
    drive(ws, slow, S.DISPATCHED)
    assert ws.record(slow).department_code == "D12"
    assert ws.record(slow).deadline == datetime(2026, 11, 19, 9, 0)
    ws.act_as("paiqian")

    def levels():
        return (
            ws.case(cid).deadline.level,
            {c.id for c in ws.list_cases(CaseQuery(overdue=OverdueLevel.YELLOW))},
            {c.id for c in ws.list_cases(CaseQuery(overdue=OverdueLevel.RED))},
        )

    assert levels() == (OverdueLevel.NONE, set(), set())
    clock.now = datetime(2026, 11, 16, 10, 35)
    assert levels() == (OverdueLevel.NONE, set(), set())
    clock.now = datetime(2026, 11, 16, 10, 36)
    assert levels() == (OverdueLevel.YELLOW, {cid}, set())
    clock.now = datetime(2026, 11, 16, 11, 0)
    assert levels() == (OverdueLevel.YELLOW, {cid}, set())
    clock.now = datetime(2026, 11, 16, 11, 1)
    assert levels() == (OverdueLevel.RED, set(), {cid})
    detail = ws.case(cid)
    assert detail.deadline.overdue and detail.deadline.remaining < timedelta(0)
    assert ws.count_cases(CaseQuery(overdue=OverdueLevel.RED)) == 1
    clock.now = datetime(2026, 11, 18, 12, 0)  # 80 % of 3 working days
    assert ws.case(slow).deadline.level is OverdueLevel.YELLOW
    assert levels()[1:] == ({slow}, {cid})
    clock.now = datetime(2026, 11, 19, 9, 1)
    assert ws.case(slow).deadline.level is OverdueLevel.RED
    assert levels()[2] == {cid, slow}
    # a handled case no longer runs, even when late
    act(ws, "bm-d02", cid, "handle", {"note": "ok"})
    ws.act_as("paiqian")
    assert ws.case(cid).deadline.level is OverdueLevel.NONE
    assert levels()[2] == {slow}


def test_deadline_over_the_weekend(ws, clock):
    clock.now = datetime(2026, 11, 20, 16, 30)  # Friday
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    rec = ws.record(cid)
    assert rec.deadline == datetime(2026, 11, 23, 9, 30)  # 1 h Fri + 1 h Mon
    clock.now = datetime(2026, 11, 22, 12, 0)  # Sunday: nothing used
    ws.act_as("paiqian")
    assert ws.case(cid).deadline.level is OverdueLevel.NONE  # 60 of 120 working minutes
    assert ws.list_cases(CaseQuery(overdue=OverdueLevel.YELLOW)) == []
    clock.now = datetime(2026, 11, 23, 9, 6)  # Monday: 96 of 120 working minutes
    assert ws.case(cid).deadline.level is OverdueLevel.YELLOW
    assert [c.id for c in ws.list_cases(CaseQuery(overdue=OverdueLevel.YELLOW))] == [cid]


def test_urgent_limit_runs_on_the_clock(ws, clock):
    clock.now = datetime(2026, 11, 20, 17, 0)  # Friday, half an hour before closing
    cid = report(ws, URBAN, urgency="urgent")
    drive(ws, cid, S.DISPATCHED)
    rec = ws.record(cid)
    assert rec.deadline_unit == "urgent_hour"
    assert rec.deadline == datetime(2026, 11, 20, 18, 0)  # 1 紧急工作时: evening counts
    assert rec.warn_at == datetime(2026, 11, 20, 17, 48)
    clock.now = datetime(2026, 11, 20, 18, 1)
    ws.act_as("paiqian")
    assert ws.case(cid).deadline.level is OverdueLevel.RED


# -- numbers and Changes -----------------------------------------------------------------------


def test_numbers_unique_and_sequential_per_day(ws, clock):
    ids = [report(ws, URBAN, index=i) for i in range(3)]
    ids += [report(ws, BEIJIAO, index=i, source="camera") for i in range(2)]
    numbers = []
    for cid in ids:
        drive(ws, cid, S.FILED)
        numbers.append(ws.record(cid).number)
    assert numbers == [f"370306-20261116-{n:04d}" for n in range(1, 6)]
    clock.advance(days=1)
    nxt = report(ws, NANJIAO, source="camera")
    drive(ws, nxt, S.FILED)
    assert ws.record(nxt).number == "370306-20261117-0001"
    # a refused 立案 uses no number
    late = report(ws, URBAN)
    with pytest.raises(DomainError):
        act(ws, "zhiban", late, "file")
    drive(ws, late, S.FILED)
    assert ws.record(late).number == "370306-20261117-0002"


def test_refused_file_inside_a_batch_uses_no_number(ws):
    refused, ok = report(ws, URBAN), report(ws, URBAN, index=1)
    act(ws, "shouli", ok, "accept")
    ws.act_as("zhiban")
    with ws.service.batch():
        with pytest.raises(DomainError):
            ws.act(refused, "file")  # not accepted
        ws.act(ok, "file")
    assert ws.record(ok).number == "370306-20261116-0001"


def test_every_mutation_returns_changes_with_the_case(ws):
    ws.act_as(officer_of(ws, grid_in(ws, URBAN).code))
    lon, lat = grid_in(ws, URBAN).polygon.representative_point().coords[0]
    ch = ws.report(source="patrol", category_code=GARBAGE, lon=lon, lat=lat, description="d")
    assert isinstance(ch, Changes) and bool(ch) and not ch.reference
    cid = next(iter(ch.case_ids))
    steps = [
        ("shouli", "accept", None),
        ("zhiban", "file", None),
        ("paiqian", "dispatch", None),
        ("paiqian", "urge", None),
        ("bm-d02", "request_extension", {"deadline": "2026-11-18T09:00:00", "reason": "r"}),
        ("paiqian", "approve_extension", None),
        ("bm-d02", "handle", {"note": "ok"}),
    ]
    event_ids = list(ch.event_ids)
    for who, action, payload in steps:
        ch = act(ws, who, cid, action, payload)
        assert ch.case_ids == {cid} and len(ch.event_ids) == 1
        assert ch.event_ids[0] not in event_ids
        event_ids += ch.event_ids
    ws.act_as("zhiban")
    timeline = ws.case(cid).timeline
    assert [t.event_id for t in timeline] == event_ids
    assert [t.actor for t in timeline][1:] == [who for who, _a, _p in steps]
    assert [t.action.value for t in timeline][1:] == [a for _w, a, _p in steps]
    names = ws.reference.users
    assert [t.actor_name for t in timeline] == [names[t.actor].display_name for t in timeline]
