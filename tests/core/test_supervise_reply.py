"""督办单 with a reply (issue 13 item 5): 督办意见 + reply deadline on the working calendar,
the department's 督办回复, the late flag, the 待回复督办 queue and replay.

Through the real Workspace on a real SQLite store, with the test clock (Monday
2026-11-16 09:00, default working hours 08:30–12:00 / 13:30–17:30 or so: the
deadline is read off the calendar, never written here by hand).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from gridapp.casework.supervise_orders import reply_due, reply_late
from gridapp.domain.actions import Action, allowed_actions
from gridapp.domain.case import CaseState
from gridapp.domain.units import TimeUnit
from gridapp.domain.workflow import replay
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.queues import queues_for
from gridapp.store import case_log
from gridapp.store.database import Database, alembic_config, head_revision
from tests.core.helpers import URBAN, act, drive, report
from tests.core.store_revisions import store_at_revision

S = CaseState


def _dispatched(ws, *, acknowledge: bool = True) -> str:
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED, acknowledge=acknowledge)
    assert ws.record(cid).department_code == "D02"
    return cid


def _queue(ws, user: str, queue_id: str) -> list[str]:
    ws.act_as(user)
    q = next(q for q in queues_for(ws.user) if q.id == queue_id)
    return [r.id for r in ws.list_cases(q.query)]


def test_reply_deadline_is_one_working_day_on_the_calendar_by_default(ws, clock):
    cid = _dispatched(ws)
    act(ws, "zhiban", cid, "supervise", {"note": "请今日内说明进展", "reply_days": 1})
    rec = ws.record(cid)
    want = ws.reference.calendar.deadline_for(clock.now, 1, TimeUnit.WORK_DAY)
    assert rec.supervise_reply_due == want == reply_due(ws.reference.calendar, clock.now, 1)
    assert rec.supervise_count == 1
    # on a Friday afternoon the working day runs into Monday, not Saturday
    friday = datetime(2026, 11, 20, 16, 0)
    due = reply_due(ws.reference.calendar, friday, 1)
    assert due.weekday() == 0 and due > friday


def test_instruction_required_with_a_reply_deadline(ws):
    cid = _dispatched(ws)
    with pytest.raises(ValidationError) as err:
        act(ws, "zhiban", cid, "supervise", {"note": "  ", "reply_days": 2})
    assert err.value.details.get("field") == "note"
    for bad in (0, 11, "2", True):
        with pytest.raises(ValidationError) as err:
            act(ws, "zhiban", cid, "supervise", {"note": "说明", "reply_days": bad})
        assert err.value.details.get("field") == "reply_days"
    assert ws.record(cid).supervise_count == 0


def test_old_supervise_without_deadline_expects_no_reply(ws):
    cid = _dispatched(ws)
    act(ws, "zhiban", cid, "supervise", {"note": "督办"})
    act(ws, "ducha", cid, "supervise")
    rec = ws.record(cid)
    assert rec.supervise_count == 2 and rec.supervise_reply_due is None
    ws.act_as("bm-d02")
    assert Action.SUPERVISE_REPLY not in allowed_actions(rec, ws.user)
    with pytest.raises(DomainError) as err:
        act(ws, "bm-d02", cid, "supervise_reply", {"note": "已处置"})
    assert err.value.code == "no_supervise_pending"


def test_department_replies_and_the_reply_is_owed_no_more(ws, clock):
    cid = _dispatched(ws)
    act(ws, "paiqian", cid, "supervise", {"note": "督办意见", "reply_days": 2})
    assert _queue(ws, "bm-d02", "supervise_replies") == [cid]
    assert _queue(ws, "bm-d03", "supervise_replies") == []
    # only the department holding the case answers; the centre cannot answer for it
    for who, code in (("paiqian", "role_not_allowed"), ("bm-d03", "unknown_case")):
        with pytest.raises((DomainError, NotFoundError, ValidationError)) as err:
            act(ws, who, cid, "supervise_reply", {"note": "x"})
        assert err.value.code == code
    with pytest.raises(ValidationError):
        act(ws, "bm-d02", cid, "supervise_reply", {"note": ""})
    clock.advance(hours=2)
    act(ws, "bm-d02", cid, "supervise_reply", {"note": "已安排人员今日清运"})
    rec = ws.record(cid)
    assert rec.supervise_reply_due is None
    assert _queue(ws, "bm-d02", "supervise_replies") == []
    entries = [e for e in ws.case(cid).timeline if e.action is Action.SUPERVISE_REPLY]
    assert [e.text for e in entries] == ["已安排人员今日清运"]


def test_second_supervise_keeps_the_earlier_deadline(ws, clock):
    cid = _dispatched(ws)
    act(ws, "zhiban", cid, "supervise", {"note": "一", "reply_days": 1})
    first = ws.record(cid).supervise_reply_due
    clock.advance(hours=1)
    act(ws, "ducha", cid, "supervise", {"note": "二", "reply_days": 3})
    assert ws.record(cid).supervise_reply_due == first


def test_reply_after_handling_and_late_flag(ws, clock):
    cid = _dispatched(ws)
    act(ws, "zhiban", cid, "supervise", {"note": "督办", "reply_days": 1})
    due = ws.record(cid).supervise_reply_due
    act(ws, "bm-d02", cid, "handle", {"note": "已清运"})
    assert ws.record(cid).state is S.HANDLED
    clock.now = datetime(2026, 11, 18, 10, 0)  # past the one working day
    assert reply_late(due, None, clock.now)
    act(ws, "bm-d02", cid, "supervise_reply", {"note": "迟复"})
    assert reply_late(due, clock.now, clock.now)
    assert not reply_late(due, due, clock.now)
    assert not reply_late(None, None, clock.now)


def test_projection_equals_replay(ws, clock):
    cid = _dispatched(ws)
    act(ws, "zhiban", cid, "supervise", {"note": "一", "reply_days": 1})
    clock.advance(hours=1)
    act(ws, "bm-d02", cid, "supervise_reply", {"note": "回复"})
    act(ws, "ducha", cid, "supervise", {"note": "二", "reply_days": 2})
    with ws.db.read() as conn:
        events = case_log.events_of(conn, cid)
        stored = case_log.load_case(conn, cid)
    assert [e.action for e in events][-3:] == [
        Action.SUPERVISE,
        Action.SUPERVISE_REPLY,
        Action.SUPERVISE,
    ]
    assert replay(events) == stored
    assert ws.record(cid).supervise_reply_due is not None
    assert events[-1].payload["reply_days"] == 2 and events[-1].payload["note"] == "二"


def test_migration_0007_adds_the_column_and_old_cases_owe_nothing(ws, clock):
    """A store at 0006 with an old 督办 opens at the head: NULL reply deadline, which is
    what a replay of its events gives; downgrading removes the column again."""
    cid = _dispatched(ws, acknowledge=False)  # 签收 came after 0006
    act(ws, "zhiban", cid, "supervise", {"note": "旧式督办"})
    path = Path(ws.db.path)
    ws.close()
    store_at_revision(path, "0006")  # later revisions undone by their own downgrades
    with sqlite3.connect(path) as conn:  # and 0006 software wrote no 签收 time (0009)
        conn.execute("UPDATE case_events SET payload = json_remove(payload, '$.ack_due')")
    db = Database(path)  # opening upgrades to the head revision
    try:
        with sqlite3.connect(path) as conn:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            due = conn.execute("SELECT supervise_reply_due FROM cases").fetchall()
        assert version == head_revision() and due == [(None,)]
        with db.read() as conn:
            assert replay(case_log.events_of(conn, cid)) == case_log.load_case(conn, cid)
    finally:
        db.close()
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        assert "supervise_reply_due" not in [r[1] for r in conn.execute("PRAGMA table_info(cases)")]


def test_facade_open_order_and_timeline_flags(ws, clock):
    cid = _dispatched(ws)
    assert ws.supervision.open_order(ws.record(cid)) is None
    act(ws, "ducha", cid, "supervise", {"note": "旧式督办"})  # no reply asked: never flagged
    act(ws, "zhiban", cid, "supervise", {"note": "一", "reply_days": 1})
    due = ws.record(cid).supervise_reply_due
    assert due == ws.supervision.reply_due_preview(1)
    order = ws.supervision.open_order(ws.record(cid))
    assert order is not None and order.due == due and not order.late
    timeline = ws.case(cid).timeline
    assert [e.text for e in ws.supervision.open_instructions(timeline)] == ["一"]
    assert ws.supervision.late_event_ids(timeline) == frozenset()
    clock.now = due.replace(hour=due.hour + 1)  # an hour past the deadline, no reply
    assert ws.supervision.open_order(ws.record(cid)).late
    supervise_id = ws.case(cid).timeline[-1].event_id
    assert ws.supervision.late_event_ids(ws.case(cid).timeline) == {supervise_id}
    act(ws, "bm-d02", cid, "supervise_reply", {"note": "迟复"})
    timeline = ws.case(cid).timeline
    assert ws.supervision.late_event_ids(timeline) == {timeline[-1].event_id}
    assert ws.supervision.open_instructions(timeline) == []
    assert ws.supervision.open_order(ws.record(cid)) is None
