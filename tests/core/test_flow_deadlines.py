"""Deadlines and case numbers through the Workspace, on a real SQLite store.

Overdue levels (yellow, red) in working and urgent time, 案件编号 per day, and the
Changes every mutation returns.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from gridapp.casework.changes import Changes
from gridapp.domain.case import CaseState
from gridapp.domain.worktime import OverdueLevel
from gridapp.errors import DomainError
from gridapp.workspace import CaseQuery
from tests.core.helpers import (
    BEIJIAO,
    GARBAGE,
    HYDRANT,
    NANJIAO,
    URBAN,
    URBAN2,
    act,
    drive,
    grid_in,
    officer_of,
    report,
)

S = CaseState


# -- deadlines and overdue levels -------------------------------------------------------------


def test_yellow_and_red_levels(ws, clock):
    cid = report(ws, URBAN)
    slow = report(ws, URBAN2, category=HYDRANT)  # 3 工作日
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
