"""An approved 延期 or 挂账 carries a deadline within a configurable bound.

An extension to 2200-01-01 was approved when the approver gave no deadline: the
request's far deadline was taken as it was, and the case left every overdue list.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select

from gridapp.casework.request_bounds import (
    DEFAULT_MAX_DAYS,
    DEFAULT_MAX_EXTENSION_DAYS,
    MAX_EXTENSION_KEY,
)
from gridapp.domain.case import CaseState
from gridapp.errors import ValidationError
from gridapp.store.schema import case_events, meta
from tests.core.helpers import URBAN, act, drive, report, snapshot

S = CaseState
FAR = "2200-01-01T00:00:00"


def _dispatched(ws) -> str:
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    return cid


def test_a_request_beyond_the_bound_is_refused_with_the_latest_allowed(ws, clock) -> None:
    cid = _dispatched(ws)
    before = snapshot(ws)
    with pytest.raises(ValidationError) as err:
        act(ws, "bm-d02", cid, "request_extension", {"deadline": FAR, "reason": "r"})
    assert err.value.code == "deadline_too_far"
    latest = clock.now + timedelta(days=DEFAULT_MAX_EXTENSION_DAYS)
    assert err.value.details["latest"] == latest.isoformat(timespec="seconds")
    assert snapshot(ws) == before


def test_an_approval_beyond_the_bound_is_refused(ws, clock) -> None:
    cid = _dispatched(ws)
    act(ws, "bm-d02", cid, "request_extension", {"deadline": "2026-11-18T17:30:00", "reason": "r"})
    before = snapshot(ws)
    with pytest.raises(ValidationError) as err:
        act(ws, "paiqian", cid, "approve_extension", {"deadline": FAR})
    assert err.value.code == "deadline_too_far"
    assert snapshot(ws) == before
    within = clock.now + timedelta(days=DEFAULT_MAX_EXTENSION_DAYS - 1)
    act(ws, "paiqian", cid, "approve_extension", {"deadline": within.isoformat()})
    assert ws.record(cid).deadline == within


def test_the_bound_is_a_setting_of_the_store(ws, clock) -> None:
    with ws.db.write() as conn:
        conn.execute(insert(meta).values(key=MAX_EXTENSION_KEY, value="3"))
    cid = _dispatched(ws)
    too_far = (clock.now + timedelta(days=5)).isoformat()
    with pytest.raises(ValidationError) as err:
        act(ws, "bm-d02", cid, "request_extension", {"deadline": too_far, "reason": "r"})
    assert err.value.code == "deadline_too_far" and err.value.details["max_days"] == 3
    ok = (clock.now + timedelta(days=2)).replace(microsecond=0)
    act(ws, "bm-d02", cid, "request_extension", {"deadline": ok.isoformat(), "reason": "r"})
    act(ws, "paiqian", cid, "approve_extension")
    assert ws.record(cid).deadline == ok
    assert ws.extension_limit() == (3, clock.now + timedelta(days=3))


def test_the_workspace_tells_the_dialog_the_bound(ws, clock) -> None:
    days, latest = ws.extension_limit()
    assert days == DEFAULT_MAX_EXTENSION_DAYS
    assert latest == clock.now + timedelta(days=days)
    assert isinstance(latest, datetime)


def _last_payload(ws, cid: str) -> dict:
    with ws.db.read() as conn:
        row = conn.execute(
            select(case_events.c.payload)
            .where(case_events.c.case_id == cid)
            .order_by(case_events.c.n.desc())
        ).first()
    return json.loads(row.payload)


def test_an_approved_suspension_carries_a_review_date_within_its_bound(ws, clock) -> None:
    cid = _dispatched(ws)
    act(ws, "bm-d02", cid, "request_suspension", {"reason": "待拆迁"})
    before = snapshot(ws)
    for deadline, code in ((FAR, "deadline_too_far"), ("2020-01-01T00:00:00", "bad_deadline")):
        with pytest.raises(ValidationError) as err:
            act(ws, "paiqian", cid, "approve_suspension", {"deadline": deadline})
        assert err.value.code == code
        assert snapshot(ws) == before
    # None given: the latest the rules allow (a year by default), never "for ever".
    act(ws, "paiqian", cid, "approve_suspension")
    latest = clock.now + timedelta(days=DEFAULT_MAX_DAYS["suspension"])
    assert _last_payload(ws, cid)["deadline"] == latest.isoformat(timespec="seconds")
    assert ws.record(cid).state is S.SUSPENDED


def test_the_suspension_bound_is_a_setting_too(ws, clock) -> None:
    with ws.db.write() as conn:
        conn.execute(insert(meta).values(key="max_suspension_days", value="30"))
    cid = _dispatched(ws)
    act(ws, "bm-d02", cid, "request_suspension", {"reason": "待拆迁"})
    too_far = (clock.now + timedelta(days=31)).isoformat()
    with pytest.raises(ValidationError) as err:
        act(ws, "paiqian", cid, "approve_suspension", {"deadline": too_far})
    assert err.value.code == "deadline_too_far" and err.value.details["max_days"] == 30
    ok = (clock.now + timedelta(days=20)).replace(microsecond=0)
    act(ws, "paiqian", cid, "approve_suspension", {"deadline": ok.isoformat()})
    assert _last_payload(ws, cid)["deadline"] == ok.isoformat(timespec="seconds")
