"""The closed loop end to end through the Workspace, on a real SQLite store.

A patrol report from 上报 to 结案; hotline reports that need 核实 first; the intake's
other outcomes (合并, 作废).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState, Source, Tier
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.workspace import CaseQuery
from tests.core.helpers import (
    GARBAGE,
    NUMBER,
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
    state,
    town_case,
)

S = CaseState


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
    town = town_case(ws)
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
