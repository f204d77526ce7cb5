"""Batch 受理/立案/派遣: each case its own event and its own checks; refusals reported."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gridapp.domain.case import CaseState
from gridapp.errors import DomainError, ValidationError
from gridapp.store.schema import case_events
from tests.core.helpers import BEIJIAO, URBAN, URBAN2, act, drive, report, state, town_case


def _events(ws, case_id: str, action: str) -> list[str]:
    with ws.db.read() as conn:
        q = select(case_events.c.id).where(
            case_events.c.case_id == case_id, case_events.c.action == action
        )
        return [r[0] for r in conn.execute(q)]


def _event_count(ws) -> int:
    with ws.db.read() as conn:
        return conn.execute(select(func.count()).select_from(case_events)).scalar_one()


def test_batch_file_mixes_allowed_and_refused_cases(ws):
    ready = [report(ws, URBAN, index=i) for i in range(3)]  # patrol reports: no 核实 needed
    not_accepted = report(ws, URBAN2)
    hotline = report(ws, URBAN, index=4, source="hotline")  # needs a true 核实 first
    filed = report(ws, URBAN, index=5)
    town = town_case(ws, BEIJIAO)  # the town centre's case, not the district's
    for case_id in (*ready, hotline, filed):
        act(ws, "shouli", case_id, "accept")
    act(ws, "zhiban", filed, "file")
    before = _event_count(ws)
    ws.act_as("zhiban")
    seen: list[tuple[int, int]] = []
    ids = [*ready, not_accepted, hotline, filed, town]
    result = ws.batch.run(
        ids, "file", {"note": "批量立案"}, progress=lambda d, t: seen.append((d, t))
    )

    assert [o.case_id for o in result.done] == ready
    for case_id in ready:
        assert state(ws, case_id) is CaseState.FILED
        assert len(_events(ws, case_id, "file")) == 1  # its own event, one each
    assert _event_count(ws) == before + len(ready)
    assert len(set(result.changes.event_ids)) == len(ready)
    assert result.changes.case_ids == frozenset(ready)
    refused = {o.case_id: o for o in result.refused}
    assert refused[not_accepted].code == "not_accepted"
    assert refused[hotline].code == "verification_required"
    assert refused[filed].code == "wrong_state"
    assert refused[town].code == "out_of_scope"
    assert all(o.message for o in refused.values())  # a reason for each refusal
    assert refused[filed].number == ws.record(filed).number  # named as the user knows it
    assert state(ws, not_accepted) is CaseState.REPORTED and state(ws, town) is CaseState.REPORTED
    assert seen == [(i, len(ids)) for i in range(1, len(ids) + 1)]


def test_batch_accept_then_dispatch_to_one_department(ws):
    cases = [report(ws, URBAN, index=i) for i in range(4)]
    ws.act_as("shouli")
    accepted = ws.batch.run(cases, "accept")
    assert len(accepted.done) == 4 and not accepted.refused
    again = ws.batch.run(cases[:2], "accept")  # the guard still holds inside a batch
    assert {o.code for o in again.refused} == {"already_accepted"} and not again.done
    ws.act_as("zhiban")
    assert len(ws.batch.run(cases[:3], "file").done) == 3
    ws.act_as("paiqian")
    _suggested, departments = ws.dispatch_options(cases[0])
    dept = departments[-1].code
    result = ws.batch.run(cases, "dispatch", {"department_code": dept})
    assert [o.case_id for o in result.done] == cases[:3]
    assert [(o.case_id, o.code) for o in result.refused] == [(cases[3], "wrong_state")]
    for case_id in cases[:3]:
        rec = ws.service.load(case_id)
        assert rec.state is CaseState.DISPATCHED and rec.department_code == dept
        assert rec.deadline is not None  # each dispatch computed its own limit
        assert len(_events(ws, case_id, "dispatch")) == 1


def test_batch_refuses_staff_outside_command_centres_and_other_actions(ws):
    case_id = report(ws, URBAN)
    drive(ws, case_id, CaseState.DISPATCHED)
    before = _event_count(ws)
    dept_user = next(u for u in ws.reference.users.values() if u.role.value == "department")
    ws.act_as(dept_user.username)
    with pytest.raises(DomainError) as err:
        ws.batch.run([case_id], "accept")
    assert err.value.code == "role_not_allowed"
    ws.act_as("zhiban")
    with pytest.raises(ValidationError) as err:
        ws.batch.run([case_id], "close")
    assert err.value.code == "not_batchable"
    with pytest.raises(ValidationError):
        ws.batch.run([], "file")
    assert _event_count(ws) == before  # nothing written by a refused batch


def test_batch_case_out_of_sight_is_refused_without_its_number(ws):
    """A town dispatcher cannot see a district case: refused, and not named."""
    district = report(ws, URBAN)
    drive(ws, district, CaseState.FILED)
    town = town_case(ws, BEIJIAO)
    drive(ws, town, CaseState.FILED)
    ws.act_as("bj-paiqian")
    _s, departments = ws.dispatch_options(town)
    result = ws.batch.run([town, district], "dispatch", {"department_code": departments[0].code})
    assert [o.case_id for o in result.done] == [town]
    (refused,) = result.refused
    assert refused.case_id == district and refused.code == "unknown_case"
    assert refused.number == ""
    assert state(ws, district) is CaseState.FILED


def test_a_full_disk_stops_the_batch_and_names_the_cases_not_tried(ws, monkeypatch):
    """Every later write would fail the same way: the rest are reported, not attempted."""
    from gridapp.errors import DiskFullError

    ids = [report(ws, URBAN, index=i) for i in range(4)]
    ws.act_as("shouli")
    real_act, calls = ws.act, []

    def act_until_full(case_id, action, payload=None, photos=()):
        calls.append(case_id)
        if len(calls) == 2:
            raise DiskFullError("/data")
        return real_act(case_id, action, payload, photos)

    monkeypatch.setattr(ws, "act", act_until_full)
    result = ws.batch.run(ids, "accept")
    assert calls == ids[:2]  # nothing tried after the disk filled up
    assert [o.case_id for o in result.done] == ids[:1]
    assert [o.code for o in result.refused] == ["disk_full", "not_tried", "not_tried"]
    assert ws.service.load(ids[2]).accepted is False


def test_each_command_role_gets_its_own_batch_actions(ws):
    case_id = report(ws, URBAN)
    staff = (("shouli", {"accept"}), ("zhiban", {"accept", "file"}), ("paiqian", {"dispatch"}))
    for user, allowed in staff:
        ws.act_as(user)
        assert {a.value for a in ws.batch.offered()} == allowed
        for action in {"accept", "file", "dispatch"} - allowed:
            payload = {"department_code": "D02"} if action == "dispatch" else None
            result = ws.batch.run([case_id], action, payload)
            # the shift lead's 派遣 is only the automatic one (智能派单): refused by state
            expected = "wrong_state" if (user, action) == ("zhiban", "dispatch") else None
            assert result.refused[0].code == (expected or "role_not_allowed")
    ws.act_as("bm-d02")
    assert ws.batch.offered() == []


def test_batch_dispatch_offers_the_departments_of_a_case_the_user_may_dispatch(ws):
    """A selection that starts with another centre's case or one not yet 立案 still offers
    the district's departments (the list's order of equal rows is arbitrary)."""
    town = town_case(ws, BEIJIAO)
    drive(ws, town, CaseState.FILED)
    waiting = report(ws, URBAN, index=1)
    filed = report(ws, URBAN, index=2)
    drive(ws, filed, CaseState.FILED)
    ws.act_as("paiqian")
    suggested, departments = ws.batch.dispatch_options([town, waiting, filed])
    assert [d.code for d in departments] == [d.code for d in ws.dispatch_options(filed)[1]]
    assert suggested is not None and suggested.code == ws.dispatch_options(filed)[0].code
    assert all(d.level == "district" or d.street_code == URBAN for d in departments)
    assert ws.batch.dispatch_options([town, waiting]) == (None, [])
