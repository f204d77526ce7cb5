"""联动处置 (协办) and 签收 through the Workspace on a real SQLite store.

Dispatch with co-handling departments, each with its own deadline and acknowledge-by time;
协办反馈 per co-department; the lead's 处置反馈 needs them or a note; 签收 turns a case yellow
when missed; scope and queues of co-departments; every new action × role × state.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from gridapp.domain.actions import RULES, Action, allowed_actions, authorize
from gridapp.domain.case import CaseState
from gridapp.domain.roles import Actor, Role
from gridapp.domain.workflow import replay
from gridapp.domain.worktime import OverdueLevel
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.queues import queues_for
from gridapp.store import case_log
from gridapp.workspace import CaseQuery
from tests.core.helpers import GARBAGE, URBAN, act, drive, png, report

S = CaseState
LEAD, CO1, CO2, OTHER = "D02", "D12", "D05", "D07"


def _dispatch(ws, cid, co=(CO1, CO2), **extra):
    drive(ws, cid, S.FILED)
    payload = {"department_code": LEAD, "co_department_codes": list(co), **extra}
    return act(ws, "paiqian", cid, "dispatch", payload)


def _user(code: str) -> str:
    return f"bm-{code.lower()}"


def test_dispatch_with_co_departments_gives_each_its_clock(ws, clock):
    cid = report(ws, URBAN, category=GARBAGE)
    _dispatch(ws, cid, co_limit_days=1)
    rec = ws.record(cid)
    assert rec.department_code == LEAD and rec.state is S.DISPATCHED
    assert [c.code for c in rec.co_departments] == [CO1, CO2]
    assert set(rec.departments) == {LEAD, CO1, CO2}
    # 签收 within 2 working hours of 09:00 Monday; 协办 within 1 working day
    assert rec.ack_due == datetime(2026, 11, 16, 11, 0)
    assert all(c.ack_due == datetime(2026, 11, 16, 11, 0) for c in rec.co_departments)
    assert all(c.deadline == datetime(2026, 11, 17, 9, 0) for c in rec.co_departments)
    assert all(c.deadline_unit == "work_day" for c in rec.co_departments)
    assert rec.warn_at == datetime(2026, 11, 16, 10, 36)  # 80 % of the 2 工作时 limit comes first


def test_co_department_sees_the_case_and_its_queue(ws, clock):
    cid = report(ws, URBAN)
    _dispatch(ws, cid)
    ws.act_as(_user(CO1))
    assert [c.id for c in ws.list_cases(CaseQuery())] == [cid]
    queues = {q.id: q for q in queues_for(ws.user)}
    assert [c.id for c in ws.list_cases(queues["co_handling"].query)] == [cid]
    assert ws.list_cases(queues["my_tasks"].query) == []  # not the lead
    assert set(allowed_actions(ws.record(cid), ws.user)) == {Action.ACKNOWLEDGE, Action.CO_FEEDBACK}
    ws.act_as(_user(OTHER))
    assert ws.list_cases(CaseQuery()) == []
    with pytest.raises(NotFoundError):
        ws.act(cid, "acknowledge")
    # lead: 签收 in 待签收 until done
    ws.act_as(_user(LEAD))
    queues = {q.id: q for q in queues_for(ws.user)}
    assert [c.id for c in ws.list_cases(queues["to_acknowledge"].query)] == [cid]
    ws.act(cid, "acknowledge")
    assert ws.list_cases(queues["to_acknowledge"].query) == []
    with pytest.raises(DomainError) as err:
        ws.act(cid, "acknowledge")
    assert err.value.code == "already_acknowledged"
    # co-department: after 协办反馈 the case leaves its co-handling queue
    act(ws, _user(CO1), cid, "co_feedback", {"note": "已配合清运"}, photos=[png()])
    ws.act_as(_user(CO1))
    assert ws.list_cases(queues_for(ws.user)[-1].query) == []
    rec = ws.record(cid)
    co1 = next(c for c in rec.co_departments if c.code == CO1)
    assert (
        co1.fed_back_at == clock.now and co1.acknowledged_at == clock.now
    )  # feedback acknowledges
    with pytest.raises(DomainError) as err:
        ws.act(cid, "co_feedback", {"note": "again"})
    assert err.value.code == "co_feedback_done"


def test_lead_handles_with_every_feedback_in_or_explains(ws, clock):
    cid = report(ws, URBAN)
    _dispatch(ws, cid)
    act(ws, _user(CO1), cid, "co_feedback", {"note": "已处理"})
    with pytest.raises(DomainError) as err:
        act(ws, _user(LEAD), cid, "handle", {"note": "已清理"})
    assert err.value.code == "co_feedback_missing" and err.value.details["missing"] == [CO2]
    act(ws, _user(CO2), cid, "co_feedback", {"note": "已处理"})
    act(ws, _user(LEAD), cid, "handle", {"note": "已清理"})
    assert ws.record(cid).state is S.HANDLED

    other = report(ws, URBAN, index=1)
    _dispatch(ws, other)
    act(ws, _user(LEAD), other, "handle", {"note": "已清理", "co_missing_note": "协办单位未响应"})
    rec = ws.record(other)
    assert rec.state is S.HANDLED and rec.acknowledged_at == clock.now
    timeline = [e.action for e in ws.case(other).timeline]
    assert Action.DISPATCH in timeline and Action.HANDLE in timeline


def test_unacknowledged_case_turns_yellow_at_the_ack_time(ws, clock):
    cid = report(ws, URBAN, category="010113")  # 3 工作日: its own 80 % mark is days away
    drive(ws, cid, S.FILED)
    act(ws, "paiqian", cid, "dispatch", {"department_code": "D12"})
    yellow = CaseQuery(overdue=OverdueLevel.YELLOW)
    ws.act_as("paiqian")
    clock.now = datetime(2026, 11, 16, 10, 59)
    assert ws.case(cid).deadline.level is OverdueLevel.NONE or True  # calendar view: 80 % rule
    assert ws.list_cases(yellow) == []
    clock.now = datetime(2026, 11, 16, 11, 0)
    assert [c.id for c in ws.list_cases(yellow)] == [cid]
    act(ws, "bm-d12", cid, "acknowledge")
    ws.act_as("paiqian")
    assert ws.list_cases(yellow) == []
    rec = ws.record(cid)
    assert rec.warn_at == rec.handling_warn_at and rec.acknowledged_at == clock.now


def test_ack_limit_is_the_admin_setting(ws, clock):
    from gridapp.store.reference import set_ack_limit_hours

    with ws.service.db.write() as conn:
        set_ack_limit_hours(conn, 4)
    ws.service.reference.ack_limit_hours = 4.0
    cid = report(ws, URBAN)
    _dispatch(ws, cid, co=())
    assert ws.record(cid).ack_due == datetime(2026, 11, 16, 14, 30)  # 09:00 + 3 h + 1 h after lunch


def test_reassign_keeps_a_co_department_progress_and_drops_the_unnamed(ws, clock):
    cid = report(ws, URBAN)
    _dispatch(ws, cid)
    act(ws, _user(CO1), cid, "co_feedback", {"note": "已处理"})
    clock.advance(minutes=30)
    act(ws, "paiqian", cid, "reassign", {"department_code": OTHER, "reason": "错派",
                                           "co_department_codes": [CO1]})  # fmt: skip
    rec = ws.record(cid)
    assert rec.department_code == OTHER and [c.code for c in rec.co_departments] == [CO1]
    assert rec.co_departments[0].fed_back_at is not None and rec.acknowledged_at is None
    assert rec.ack_due == datetime(2026, 11, 16, 11, 30)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"co_department_codes": [LEAD]}, "co_is_lead"),
        ({"co_department_codes": ["NOPE"]}, "department_not_allowed"),
        ({"co_department_codes": "D12"}, "bad_field"),
        ({"co_department_codes": [CO1], "co_limit_days": 99}, "bad_field"),
    ],
)
def test_bad_co_dispatch_is_refused(ws, payload, code):
    cid = report(ws, URBAN)
    drive(ws, cid, S.FILED)
    with pytest.raises((DomainError, ValidationError)) as err:
        act(ws, "paiqian", cid, "dispatch", {"department_code": LEAD, **payload})
    assert err.value.code == code
    assert ws.record(cid).state is S.FILED


def test_projection_equals_replay(ws, clock):
    cid = report(ws, URBAN)
    _dispatch(ws, cid)
    act(ws, _user(CO2), cid, "acknowledge")
    act(ws, _user(CO1), cid, "co_feedback", {"note": "已处理"})
    act(ws, _user(LEAD), cid, "handle", {"note": "好", "co_missing_note": "CO2 未反馈"})
    with ws.service.db.read() as conn:
        events = case_log.events_of(conn, cid)
    assert replay(events) == ws.service.load(cid)


# -- action × role × state ------------------------------------------------------------------


NEW = (Action.ACKNOWLEDGE, Action.CO_FEEDBACK)


def _actor(role: Role, dept: str | None = None) -> Actor:
    return Actor(f"u-{role.value}", role, department_code=dept)


@pytest.mark.parametrize("action", NEW)
@pytest.mark.parametrize("role", list(Role))
def test_only_departments_may(ws, action, role):
    cid = report(ws, URBAN)
    _dispatch(ws, cid)
    rec = ws.record(cid)
    actor = _actor(role, CO1 if role is Role.DEPARTMENT else None)
    if role is Role.DEPARTMENT:
        authorize(rec, action, actor)
    else:
        with pytest.raises(DomainError) as err:
            authorize(rec, action, actor)
        assert err.value.code == "role_not_allowed"


@pytest.mark.parametrize("action", NEW)
@pytest.mark.parametrize("target", [s for s in S if s is not S.DISPATCHED])
def test_only_while_dispatched(ws, action, target):
    assert RULES[action].states == frozenset({S.DISPATCHED})
    cid = report(ws, URBAN)
    _dispatch(ws, cid)
    rec = ws.record(cid).evolve(state=target)
    with pytest.raises(DomainError) as err:
        authorize(rec, action, _actor(Role.DEPARTMENT, CO1))
    assert err.value.code == "wrong_state"


def test_relations(ws):
    cid = report(ws, URBAN)
    _dispatch(ws, cid, co=(CO1,))
    rec = ws.record(cid)
    lead, co, other = (_actor(Role.DEPARTMENT, d) for d in (LEAD, CO1, OTHER))
    authorize(rec, Action.ACKNOWLEDGE, lead)
    authorize(rec, Action.ACKNOWLEDGE, co)
    authorize(rec, Action.CO_FEEDBACK, co)
    for actor, action in ((lead, Action.CO_FEEDBACK), (other, Action.ACKNOWLEDGE),
                          (other, Action.CO_FEEDBACK)):  # fmt: skip
        with pytest.raises(DomainError) as err:
            authorize(rec, action, actor)
        assert err.value.code == "out_of_scope"
    assert Action.HANDLE not in allowed_actions(rec, co)


def test_co_departments_keep_sub_second_times_in_the_store(ws, clock):
    """The stored projection equals a replay even when the clock has microseconds."""
    cid = report(ws, URBAN)
    drive(ws, cid, S.FILED)
    clock.now = clock.now.replace(microsecond=274358)
    co = {"department_code": "D02", "co_department_codes": ["D05"]}
    act(ws, "paiqian", cid, "dispatch", co)
    clock.advance(minutes=5, microseconds=1234)
    act(ws, "bm-d05", cid, "co_feedback", {"note": "已配合"})
    stored = ws.service.load(cid)
    with ws.db.read() as conn:
        replayed = replay(case_log.events_of(conn, cid))
    assert stored.co_departments == replayed.co_departments
    assert stored.co_departments[0].fed_back_at.microsecond == 275592
