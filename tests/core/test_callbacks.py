"""回访 / 重办 (issue 14 item 5) and 智能派单 (item 6) through the real Workspace on a real
SQLite store with the test clock (Monday 2026-11-16 09:00): rules, payload checks,
the new deadline from the working calendar, queues, automatic dispatch and its 改派.
"""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from gridapp.domain.actions import Action, allowed_actions
from gridapp.domain.case import CaseState
from gridapp.domain.workflow import replay
from gridapp.errors import DomainError, ValidationError
from gridapp.queues import queues_for
from gridapp.store import case_log
from gridapp.store.schema import routing_rules
from tests.core.helpers import GARBAGE, URBAN, act, drive, grid_in, report

S = CaseState


def _closed(ws, source: str = "hotline") -> str:
    cid = report(ws, URBAN, source=source, reporter_name="王女士", reporter_phone="13800001234")
    drive(ws, cid, S.CLOSED)
    return cid


def _queue(ws, user: str, queue_id: str) -> list[str]:
    ws.act_as(user)
    q = next(q for q in queues_for(ws.user) if q.id == queue_id)
    return [r.id for r in ws.list_cases(q.query)]


def _replayed(ws, cid: str):
    with ws.db.read() as conn:
        return replay(case_log.events_of(conn, cid))


def test_callback_not_reached_then_satisfied(ws):
    cid = _closed(ws)
    assert cid in _queue(ws, "shouli", "to_call_back")
    act(ws, "shouli", cid, "callback", {"reached": False, "note": "无人接听"})
    rec = ws.record(cid)
    assert rec.callback_count == 1 and rec.satisfaction is None
    assert cid in _queue(ws, "shouli", "to_call_back")  # still owed: nobody answered
    act(ws, "shouli", cid, "callback", {"reached": True, "satisfaction": "basic"})
    rec = ws.record(cid)
    assert rec.callback_count == 2 and rec.satisfaction == "basic"
    assert cid not in _queue(ws, "shouli", "to_call_back")
    assert Action.CALLBACK not in allowed_actions(rec, ws.user)
    with pytest.raises(DomainError) as err:
        act(ws, "shouli", cid, "callback", {"reached": True, "satisfaction": "satisfied"})
    assert err.value.code == "already_called_back"
    assert _replayed(ws, cid) == ws.service.load(cid)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "reached"),
        ({"reached": "yes"}, "reached"),
        ({"reached": True}, "satisfaction"),
        ({"reached": True, "satisfaction": "great"}, "satisfaction"),
        ({"reached": False, "satisfaction": "satisfied"}, "satisfaction"),
    ],
)
def test_callback_payload_is_checked(ws, payload, field):
    cid = _closed(ws)
    with pytest.raises(ValidationError) as err:
        act(ws, "shouli", cid, "callback", payload)
    assert err.value.details.get("field") == field
    assert ws.record(cid).callback_count == 0


def test_patrol_cases_and_open_cases_are_not_called_back(ws):
    patrol = _closed(ws, "patrol")
    with pytest.raises(DomainError) as err:
        act(ws, "shouli", patrol, "callback", {"reached": False})
    assert err.value.code == "no_callback_needed"
    assert patrol not in _queue(ws, "shouli", "to_call_back")
    open_case = report(ws, URBAN, source="public")
    with pytest.raises(DomainError) as err:
        act(ws, "shouli", open_case, "callback", {"reached": False})
    assert err.value.code == "wrong_state"
    for who in ("paiqian", "bm-d02"):
        with pytest.raises(DomainError):
            act(ws, who, _closed(ws), "callback", {"reached": False})


def test_unsatisfied_reopens_with_a_new_deadline_back_to_the_department(ws, clock):
    cid = _closed(ws)
    dept = ws.record(cid).department_code
    act(ws, "shouli", cid, "callback", {"reached": True, "satisfaction": "unsatisfied"})
    with pytest.raises(DomainError) as err:  # 重办 only after 不满意
        act(ws, "shouli", _closed(ws), "reopen", {"reason": "x"})
    assert err.value.code == "not_unsatisfied"
    clock.advance(hours=2)
    act(ws, "shouli", cid, "reopen", {"reason": "群众不满意，重办"})
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.department_code == dept
    assert rec.reopen_count == 1 and rec.satisfaction is None and rec.closed_at is None
    category = ws.catalog.get(rec.category_code)
    from gridapp.casework.deadlines import handling_deadline

    want = handling_deadline(ws.reference.calendar, category, rec.urgency, clock.now, rec.subclass)
    assert rec.deadline == want.deadline and rec.clock_start == clock.now
    # the department handles it again, it is checked and closed: called back again
    drive(ws, cid, S.CLOSED)
    assert cid in _queue(ws, "shouli", "to_call_back")
    act(ws, "zhiban", cid, "callback", {"reached": True, "satisfaction": "satisfied"})
    assert _replayed(ws, cid) == ws.service.load(cid)
    with ws.db.read() as conn:
        kinds = [e.action for e in case_log.events_of(conn, cid)]
    assert kinds.count(Action.CLOSE) == 2 and Action.REOPEN in kinds


# -- 智能派单 ----------------------------------------------------------------------------------


def _rule(ws, *, automatic: bool, department: str = "D02", **where) -> int:
    with ws.db.write() as conn:
        rule_id = conn.execute(
            insert(routing_rules)
            .values(category_code=GARBAGE, department_code=department, automatic=automatic, **where)
            .returning(routing_rules.c.id)
        ).scalar_one()
    ws.reload_reference()
    return rule_id


def _filed(ws) -> str:
    cid = report(ws, URBAN)
    drive(ws, cid, S.FILED)
    return cid


def test_automatic_rule_dispatches_at_filing(ws):
    rule = _rule(ws, automatic=True, department="D03", street_code=URBAN)
    cid = _filed(ws)  # drive stops at FILED but the filing dispatched already
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.department_code == "D03"
    assert rec.auto_rule == rule and rec.auto_dispatched
    assert rec.deadline is not None and rec.dispatch_count == 1
    with ws.db.read() as conn:
        events = case_log.events_of(conn, cid)
    dispatch = events[-1]
    assert dispatch.action is Action.DISPATCH and dispatch.actor == "zhiban"
    assert dispatch.payload["auto_rule"] == rule
    assert cid in _queue(ws, "zhiban", "auto_dispatched")
    assert _replayed(ws, cid) == ws.service.load(cid)


def test_manual_rule_only_suggests_and_the_most_specific_rule_decides(ws):
    _rule(ws, automatic=True, department="D03", street_code=URBAN)
    grid = grid_in(ws, URBAN, 0).code
    _rule(ws, automatic=False, department="D02", grid_code=grid)  # the grid's own: manual
    cid = _filed(ws)
    rec = ws.record(cid)
    assert rec.state is S.FILED and rec.auto_rule is None
    ws.act_as("zhiban")
    assert Action.DISPATCH not in allowed_actions(rec, ws.user)
    with pytest.raises(DomainError) as err:
        act(ws, "zhiban", cid, "dispatch")
    assert err.value.code == "not_auto_routed"


def test_shift_lead_reassigns_an_automatic_dispatch_and_the_marker_goes(ws):
    _rule(ws, automatic=True, department="D03", street_code=URBAN)
    cid = _filed(ws)
    act(ws, "zhiban", cid, "reassign", {"department_code": "D02", "reason": "规则不对"})
    rec = ws.record(cid)
    assert rec.department_code == "D02" and not rec.auto_dispatched
    assert cid not in _queue(ws, "zhiban", "auto_dispatched")
    with pytest.raises(DomainError) as err:  # no longer automatic: the dispatcher's
        act(ws, "zhiban", cid, "reassign", {"department_code": "D03", "reason": "再改"})
    assert err.value.code == "not_auto_dispatched"
    act(ws, "paiqian", cid, "reassign", {"department_code": "D03", "reason": "再改"})


def test_rule_changed_before_the_dispatch_refuses_it(ws):
    rule = _rule(ws, automatic=True, department="D03", street_code=URBAN)
    cid = report(ws, URBAN)
    drive(ws, cid, S.REPORTED)
    act(ws, "shouli", cid, "accept")
    # file without the follow-up (as a push brings it), then the rule turns manual
    ws.act_as("zhiban")
    ws.service._commit(ws.user, cid, Action.FILE, {}, (), ws.service.clock())
    assert ws.record(cid).auto_rule == rule
    with ws.db.write() as conn:
        conn.execute(routing_rules.update().values(automatic=False))
    ws.reload_reference()
    with pytest.raises(DomainError) as err:
        act(ws, "zhiban", cid, "dispatch")
    assert err.value.code == "auto_rule_changed"
    act(ws, "paiqian", cid, "dispatch")  # the dispatcher still can
    assert not ws.record(cid).auto_dispatched


def test_migration_0010_adds_the_columns_with_replay_defaults(ws):
    """A store at 0007 with a closed hotline case opens at the head: nothing called back,
    nothing automatic, which is what a replay gives; downgrading removes the columns."""
    import sqlite3
    from pathlib import Path

    from gridapp.store.database import Database, head_revision
    from tests.core.store_revisions import revision_before, store_at_revision

    cid = _closed(ws)
    path = Path(ws.db.path)
    ws.close()
    added = ("callback_count", "callback_at", "satisfaction", "reopen_count", "auto_rule")
    store_at_revision(path, revision_before("0010_callbacks"))
    db = Database(path)  # opening upgrades to the head revision
    try:
        with sqlite3.connect(path) as conn:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            row = conn.execute(f"SELECT {', '.join(added)}, auto_dispatched FROM cases").fetchone()
        assert version == head_revision() and row == (0, None, None, 0, None, 0)
        with db.read() as conn:
            assert replay(case_log.events_of(conn, cid)) == case_log.load_case(conn, cid)
    finally:
        db.close()
    store_at_revision(path, revision_before("0010_callbacks"))
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(cases)")]
    assert "satisfaction" not in columns and "supervise_reply_due" in columns
